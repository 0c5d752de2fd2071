import java.util.List;

/* block
   comment */
class Crlf {
    // line comment
    int first(int a) {
        if (a > 0 && a < 9) {
            return a;
        }
        return 0;
    }

    void second() {
    }
}

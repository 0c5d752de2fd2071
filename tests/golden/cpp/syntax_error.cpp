// Syntax errors: recovered definitions still appear; parse_error is set.
class Before {
public:
    int ok() const { return 1; }
};

int broken(int a)
{
    if (a)
        return a + ;
    return 0;
}

int stray = ;

class After {
    void m() {}
};

int after(int b) { return b ? 1 : 0; }

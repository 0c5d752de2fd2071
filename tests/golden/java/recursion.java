// cognitive complexity: +1 once for a method that calls itself, plainly or through this
class Rec {
    int fact(int n) {
        if (n <= 1) { // +1
            return 1;
        }
        return n * fact(n - 1); // +1
    }

    int size(int n) {
        return this.size(n - 1); // +1
    }
}

class Broken {
    void before(int a) {
        if (a > 0) {
            a++;
        }
    }

    void bad( {
        int x = ;
    }

    void after(String s) {
        System.out.println(s);
    }
}

class StillHere {
    int ok() {
        return 1;
    }
}

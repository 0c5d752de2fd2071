// Nested definitions: classes in classes, local classes in functions.
class Outer {
public:
    struct Inner {
        int value() const { return 1; }
        enum Kind { K1, K2 };
    };
    class Deep {
        class Deeper {
            void f() {}
        };
    };
    int use() const { return Inner().value(); }
};

int Outer::Inner::twice() { return 2; }

int with_local(int n)
{
    struct Local {
        int get() { return 3; }
    };
    return Local().get() + n;
}

// Methods defined in class bodies, constructors, destructors, operators, bases.
class Base {
public:
    virtual ~Base() {}
    virtual int area() const { return 0; }
};

class Shape : public Base, private virtual Counted<Shape> {
public:
    Shape(int w, int h) : w_(w), h_(h) {}
    ~Shape() override {}
    int area() const override { return w_ * h_; }
    Shape &operator=(const Shape &other) { return *this; }
    bool operator==(const Shape &) const;   // a declaration, not a definition
    Shape(const Shape &) = default;          // neither
    static Shape *make(int side, Shape **out) { return nullptr; }
    template <typename T> T as(T &&value, Args &&...rest) { return value; }

private:
    int w_, h_;
};

struct Point final : Base {
    int x, y;
    int area() const override { return 0; }
};

union Bits {
    int i;
    float f;
};

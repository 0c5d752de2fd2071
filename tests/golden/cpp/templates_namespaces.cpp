// Templates span `template <...>`; namespaces with a body are definitions.
namespace outer {
namespace inner {

template <typename T>
T max_of(T a, T b)
{
    return a > b ? a : b;
}

template <typename T, int N>
struct Array {
    T data[N];
    int size() const { return N; }
};

template <>
struct Array<bool, 0> {
    int size() const { return 0; }
};

}  // namespace inner

enum class Color : unsigned char { Red, Green };
enum Plain { A, B };

}  // namespace outer

namespace a::b {
class Nested {};
}

namespace {
int hidden() { return 1; }
}

namespace alias = outer::inner;

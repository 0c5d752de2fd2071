// Decisions count in the function's body and member initializers, not in its declarator:
// a noexcept specification, a trailing return type and a requires clause are compile-time
// expressions (pmccabe reads the body only). Issue 10: nlohmann/json's swap() was 4, pmccabe 1.
#include <type_traits>

struct S {
    int m;

    void swap(S &other) noexcept(std::is_nothrow_move_constructible<int>::value &&
                                 std::is_nothrow_move_assignable<int>::value)  // +0
    {
        int t = m;
        m = other.m;
        other.m = t;
    }                           // = 1

    auto both(int a) -> decltype(a && m)  // +0
    {
        return a && m;          // +1
    }                           // = 2

    template <typename T>
    T pick(T a, T b) const
        requires(sizeof(T) == 4 || sizeof(T) == 8)  // +0
    {
        return a < b ? a : b;   // +1
    }                           // = 2

    S(int a) : m(a ? 1 : 2) {}  // +1: an initializer runs at run time (pmccabe: 1), = 2
};

// Preprocessor and macro recovery in C++ headers (schema/lang/cpp.md "Macros"), each a rule:
#if HAS_INCLUDE(<string_view>) && HAS_INCLUDE("config.h")
#include <string_view>
#endif

namespace lib {

// an upper-case macro before the class's own name: a constructor
struct rgb {
  LIB_CONSTEXPR rgb() : r(0) {}
  constexpr LIB_INLINE rgb(int v) : r(v) {}
  LIB_WARNING(suppress : 26495)
  rgb(int a, int b) : r(a + b) {}
  LIB_CONSTEXPR rgb operator+(const rgb &o) const { return rgb(r + o.r); }
  LIB_INLINE operator int() const { return r; }
  virtual LIB_CONSTEXPR20 void grow(int n) = 0;
  int r;
};

// a macro call that is a whole template parameter: an unnamed non-type parameter
template <typename T, LIB_ENABLE_IF(is_integral<T>::value)>
auto to_unsigned(T v) -> unsigned {
  LIB_ASSERT(v >= 0, "negative");
  LIB_MSC_WARNING(suppress : 6102)
  return static_cast<unsigned>(v);
}

// an #if in a class head, and one in a member initializer list
template <typename Context>
class arg_store
#if LIB_GCC_VERSION < 409
    : public basic_args<Context>
#endif
{
 public:
  arg_store(int n)
      :
#if LIB_GCC_VERSION < 409
        basic_args<Context>(*this),
#endif
        n_(n) {
  }
  int n_;
};

extern template LIB_API auto sep_impl<char>(int) -> char;

inline namespace literals {
constexpr auto operator"" _a(const char *s, unsigned long) -> int { return 0; }
}  // namespace literals

}  // namespace lib

int local() {
  LIB_CONSTEXPR bool ok = true;
  struct guard {
    guard(int v) : v(v) {}
    int v;
  };
  return ok ? guard(1).v : 0;
}

// A header-only C++ library's header (fmt-style): read as C it was a syntax error with no classes;
// its C++-only syntax (namespace, template <, class ... {) makes the .h C++ (schema/lang/cpp.md).
#pragma once
#include <cstddef>

namespace fmt {
inline namespace v10 {

template <typename Char> class basic_string_view {
 public:
  constexpr basic_string_view(const Char *s, std::size_t n) : data_(s), size_(n) {}
  std::size_t size() const { return size_; }
  bool starts_with(Char c) const { return size_ > 0 && data_[0] == c; }

 private:
  const Char *data_;
  std::size_t size_;
};

template <typename T> struct formatter;

inline int parse_nonnegative_int(const char *&begin, const char *end, int error_value) {
  unsigned value = 0;
  while (begin != end && *begin >= '0' && *begin <= '9') {
    value = value * 10 + unsigned(*begin - '0');
    ++begin;
  }
  return value > 1000 ? error_value : static_cast<int>(value);
}

}  // namespace v10
}  // namespace fmt

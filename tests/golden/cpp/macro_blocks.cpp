// Macro calls heading a block outside a class body are functions named by the macro (as ctags
// names them), not constructors: gtest's TEST/TEST_F, fmt's FMT_CATCH. Constructors stay
// constructors: in a class body (also inside #if) and out of line (A::A).
#include "gtest/gtest.h"

TEST(FormatTest, Escapes) {
  EXPECT_EQ(format("{{"), "{");
}

TEST_F(BufferTest, Grows) {
  for (int i = 0; i < 3; ++i)
    if (buf.size() > 2) break;
}

namespace fmt {
FMT_CATCH(...) {}
}  // namespace fmt

#if GTEST_HAS_DEATH_TEST
TEST(DeathTest, Dies) { abort(); }
#else
TEST(DeathTest, Skipped) {}
#endif

class Counter {
 public:
  Counter() : n(0) {}
#ifdef COUNTER_FROM_INT
  Counter(int v) : n(v) {}
#endif
  int n;
};

Counter::Counter(const Counter &other) : n(other.n) {}

#include "a.h"
static int helper(int x) { return MAX(x, 1); }
int main(void) { struct s *p = 0; p->cb(2); return helper(foo(3)); }

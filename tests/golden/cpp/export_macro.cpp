// A class whose name follows an export macro that the file does not define (GTEST_API_,
// LIBFOO_EXPORT): the real name is kept, the macro is not taken for the name.
#include "lib/export.h"

class LIBFOO_EXPORT Widget {
 public:
  int size() const;
};

struct LIBFOO_EXPORT Options {
  int depth;
};

class Plain {
 public:
  int size() const { return 0; }
};

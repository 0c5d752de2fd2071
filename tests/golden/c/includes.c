#include "local.h"
#include "sub/dir/other.h"
#include <stdio.h>
#include <sys/types.h>
#  include   <stdlib.h>
#ifdef FEATURE
#include "feature.h"
#endif
#define HEADER "computed.h"
#include HEADER

int main(void) { return 0; }

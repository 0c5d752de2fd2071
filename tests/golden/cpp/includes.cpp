#include "project/widget.hpp"
#include "local.h"
#include <vector>
#include <bits/stl_algo.h>
#ifdef USE_BOOST
#include <boost/optional.hpp>
#endif

int main() { return 0; }

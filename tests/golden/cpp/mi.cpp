// LLOC: C's statements plus range-for, try, throw and using declarations
#include <vector>

using Ints = std::vector<int>;

int total(const Ints &v)
{
	int s = 0;
	for (int x : v) {
		if (x < 0)
			throw x;
		s += x;
	}
	try {
		s *= 2;
	} catch (...) {
		s = 0;
	}
	return s;
}

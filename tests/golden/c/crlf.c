/* CRLF line endings */
#include "crlf.h"

struct s {
	int a;
};

int crlf(int a)
{
	if (a)
		return 1;
	return 0;
}

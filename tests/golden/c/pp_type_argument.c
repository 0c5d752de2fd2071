/* A type as a macro argument (va_arg, container_of): the argument is read as `0`, the call stays,
   and the function after it is found (issue 10). */
#include <stdarg.h>

static int sum(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	void *p = va_arg(ap, void *);
	const char *s = va_arg(ap, const char *);
	struct node *q = va_arg(ap, struct node *);
	unsigned long u = va_arg(ap, unsigned long);
	va_end(ap);
	return p != 0 && s != 0 && q != 0 && u > 0;
}

int after(int x)
{
	if (x > 1)
		return sum(0);
	return x;
}

/* Declarator shapes: the name is the identifier of the innermost function_declarator. */
#include <stddef.h>

int plain(int a, char *b, const char **argv, int v[], void (*cb)(int))
{
	return a;
}

static char *
pointer_return(size_t n)
{
	return NULL;
}

char **double_pointer(void) { return NULL; }

int (*returns_fn_pointer(int key))(int)
{
	return NULL;
}

int (parenthesized)(int x)
{
	return x;
}

/* a prototype and a function-like macro are not definitions */
int prototype_only(int a);
#define MACRO_FN(x) ((x) + 1)

int kr_style(a, b)
int a;
char *b;
{
	return a;
}

int variadic(const char *fmt, ...)
{
	return 0;
}

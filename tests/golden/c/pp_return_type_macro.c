/* A return-type macro alone on its line before a definition, or after `static` (jemalloc):
   blanked with its arguments; every function is found (issue 10). */
JEMALLOC_ALLOC_SIZE(2)
void *
grow(void *p, size_t n)
{
	return p;
}

static JEMALLOC_INLINE(x) int g(int a)
{
	return a;
}

JEMALLOC_ALLOC_SIZE(2) JEMALLOC_ATTR(malloc)
static void *
h(size_t n)
{
	return 0;
}

int after(int x)
{
	return x + 1;
}

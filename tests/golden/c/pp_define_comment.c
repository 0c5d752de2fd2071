/* Comments inside a continued #define, one spanning two lines: the definition stays one
   directive, and the functions after it are found (issue 10). */
#define SWAP(a, b) do { /* swap two values */ \
	int t_ = (a); /* keep a */ \
	(a) = (b);    \
	(b) = t_;     /* done
	              spanning */ \
} while (0)

int swap_first(int *v)
{
	SWAP(v[0], v[1]);
	return v[0];
}

int after(int x)
{
	return x;
}

/* A definition ends at its closing brace: a comment before it is inside the body. */
int braced(int x)
{
	return x + 1;
	/* trailing comment inside the body */
}
/* after the function */

struct holder {
	int n;
	/* trailing comment of the struct */
}; /* after the struct */

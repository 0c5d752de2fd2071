/* An #if/#else that splits an if condition: the first branch is read as plain code, the #else
   branch and the directives are blanked; lines do not move and `after` is found (issue 10). */
int ready(int a, int b)
{
#if defined(FAST)
	if (a > 0 && b > 0) {
#else
	if (a > 0) {
#endif
		return 1;
	}
	return 0;
}

int after(int x)
{
	if (x)
		return 2;
	return x;
}

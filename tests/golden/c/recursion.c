/* cognitive complexity: +1 once for a function that calls itself; mutual recursion is not seen */
int fact(int n)
{
	if (n <= 1) /* +1 */
		return 1;
	return n * fact(n - 1); /* +1 */
}

int odd(int n);
int even(int n) { return n == 0 || odd(n - 1); }
int odd(int n) { return n != 0 && even(n - 1); }

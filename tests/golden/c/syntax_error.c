/* Syntax errors: the definitions tree-sitter recovers still appear; parse_error is set. */
int before(int a)
{
	return a + 1;
}

int broken(int a)
{
	if (a)
		return a + ;
	return 0;
}

int x = ;

struct after_error {
	int x;
};

int after(int b)
{
	if (b)
		return 2;
	return 0;
}

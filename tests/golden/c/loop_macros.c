/* Iterator macros heading a block are plain blocks (a call never heads one); a statement macro
   without ';' alone on its line is blanked; a conditional inside a list keeps its first branch.
   See schema/lang/c.md "Preprocessor recovery". */
struct item {
	int v;
	struct item *next;
};

static const int table[] = {
	1,
#if BIG_TABLE
	2, 3,
#else
	4,
#endif
	5,
};

int sum(struct item *head)
{
	struct item *pos;
	int total = 0;

	list_for_each_entry(pos, head, next) {
		if (pos->v < 0)
			continue;
		total += pos->v;
	}
	TRACE_POINT(sum_done)
	return total;
}

int after(void)
{
	return 1;
}

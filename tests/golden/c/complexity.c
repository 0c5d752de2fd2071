/* pmccabe's traditional McCabe count: 1 + if, for, while, do, each `case`
   (not `default`), &&, ||, ?: ; nothing from directives, #else branches or #if 0. */
int branches(int a, int b)
{
	if (a && b)		/* +2 */
		return 1;
	else if (a || b)	/* +2 */
		return 2;
	for (;;)		/* +1 */
		break;
	while (a)		/* +1 */
		a--;
	do {			/* +1 */
		b--;
	} while (b > 0);
	return a ? 1 : 2;	/* +1 */
}				/* = 9 */

int cases(int k)
{
	switch (k) {
	case 1:			/* +1 */
	case 2:			/* +1 */
		return 1;
	case 3 ... 5:		/* +1 */
		return 2;
	default:		/* +0 */
		return 0;
	}
}				/* = 4 */

int preprocessor(int x)
{
#if defined(A) && defined(B)	/* +0: directives do not count */
	if (x)			/* +1: the first branch counts */
		return 1;
#elif defined(C)
	if (x > 1)		/* +0: pmccabe skips #elif/#else branches */
		return 2;
#else
	while (x)		/* +0 */
		x--;
#endif
#if 0
	if (x > 2)		/* +0: #if 0 is skipped */
		return 3;
#endif
	return x ?: 4;		/* +1: GNU ?: */
}				/* = 3 */

int nested(int x)
{
	if (x) {
		for (int i = 0; i < x; i++) {
			while (i) {
				i--;
			}
		}
	}
	return 0;
}

/* Cognitive complexity (schema/README.md "cognitive"): expected figure per function. */
int flat(int a, int b) { return a + b; }              /* 0 */

int branches(int x, int *v, int n)                    /* 9 */
{
	if (x) {                                      /* +1 */
		return 1;
	} else if (x < 0) {                           /* +1 */
		return 2;
	} else {                                      /* +1 */
		for (int i = 0; i < n; i++)           /* +2 */
			if (v[i] && x)                /* +3, && +1 */
				return v[i];
	}
	return 0;
}

int logic(int a, int b, int c, int d)                 /* 4: && || && 3, ?: 1 */
{
	return (a && b || c && d) ? 1 : 0;
}

int jumps(int n)                                      /* 5 */
{
	while (n) {                                   /* +1 */
		switch (n) {                          /* +2 */
		case 1: goto done;                    /* +1 */
		default: n--;
		}
	}
	do { n++; } while (n < 3);                    /* +1 */
done:
	return n;
}

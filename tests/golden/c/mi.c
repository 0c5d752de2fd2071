/* LLOC: one per statement, declaration and definition; a block is none */
#include <stdio.h>

static int table[3];

int sum(int n)
{
	int s = 0; /* comment lines count towards the comment share */
	for (int i = 0; i < n; i++) {
		if (i % 2 && table[i % 3])
			s += i;
		else
			s -= 1;
	}
	switch (n) {
	case 1:
		s++;
		break;
	default:
		break;
	}
	return s;
}

int one(void) { return 1; }

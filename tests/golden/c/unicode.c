/* unicode identifiers (C99 allows them) */
struct café {
	int été;
};

int résumé(int α, int β)
{
	return α > β ? α : β;
}

/* 日本語 in a comment */
int 関数(void) { return 0; }

// cognitive complexity: +1 once for a function that calls itself, through this or plainly
int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); } // +1 (?:) +1

struct Tree {
	int size(Tree *t) { return t ? 1 + size(t) : 0; } // +1 (?:) +1: a plain call is this->size
	int depth(Tree *t) { return this->depth(t); } // +1
};

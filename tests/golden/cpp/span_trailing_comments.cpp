// A definition ends at its closing brace: a comment before it is inside the body.
class Holder {
  public:
	int method() {
		return 1;
		// trailing comment of the method
	}
	// trailing comment of the class body
}; // after the class

int braced(int x) {
	return x + 1;
	// trailing comment inside the body
}
// after the function

// A definition ends at its closing brace: a comment before it is inside the body.
package spans

func Braced(x int) int {
	return x + 1
	// trailing comment inside the body
}

// after the function

type Holder struct {
	n int
	// trailing comment of the struct
}

func (h Holder) Method() int {
	return h.n
	// trailing comment of the method
}

// cognitive complexity: +1 once for a function that calls itself; a method's receiver name is
// not known at extraction, so methods calling themselves are not seen
package rec

func Fact(n int) int {
	if n <= 1 { // +1
		return 1
	}
	return n * Fact(n-1) // +1
}

type T struct{}

func (t T) Size(n int) int { return t.Size(n - 1) } // not seen

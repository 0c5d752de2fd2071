package broken

import "fmt"

type Good struct {
	A int
}

func Before(x int) int {
	return x + 1
}

func Broken(a int {
	fmt.Println(a
}

func (g Good) After() int {
	if g.A > 0 {
		return g.A
	}
	return 0
}

// LLOC: statements, declarations and each case
package mi

import "fmt"

var counter int

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		if x > 0 && x < 10 {
			s += x
		}
	}
	switch s {
	case 0:
		fmt.Println("zero")
	default:
		counter++
	}
	return s
}

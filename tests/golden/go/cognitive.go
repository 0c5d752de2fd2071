// Cognitive complexity (schema/README.md "cognitive"): expected figure per function.
package p

func flat(a, b int) int { return a + b } // 0

func branches(x int, v []int) int { // 9
	if x > 0 { // +1
		return 1
	} else if x < 0 { // +1
		return 2
	} else { // +1
		for _, i := range v { // +2
			if i > 0 && x == 0 { // +3, && +1
				return i
			}
		}
	}
	return 0
}

func jumps(rows [][]int) int { // 8
outer:
	for _, r := range rows { // +1
		for _, c := range r { // +2
			switch { // +3
			case c > 0:
				continue outer // +1
			}
		}
	}
	f := func(x int) bool { return x > 0 || x < -1 } // the literal's own: || 1
	_ = f
	return 0 || 1 // not Go, but parses: || 1
}

package complexity

func Straight() int { return 1 }

func Branches(x int, xs []int, ch chan int, v any) int {
	if x > 0 && x < 10 || x == 42 {
		x++
	} else if x < 0 {
		x--
	} else {
		x = 0
	}
	for i := 0; i < x; i++ {
		for _, y := range xs {
			if y == i {
				break
			}
		}
	}
	for {
		break
	}
	switch x {
	case 1, 2:
		x = 3
	case 4:
		x = 5
	default:
		x = 6
	}
	switch t := v.(type) {
	case int:
		x += t
	case string, []byte:
		x--
	default:
	}
	select {
	case y := <-ch:
		x += y
	case ch <- x:
	default:
	}
	return x
}

func OnlyBool(a, b, c bool) bool {
	return a && b || c
}

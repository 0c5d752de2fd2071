package nested

import "sort"

type byLen []string

func Outer(items []string) func() int {
	// a literal bound with := is a definition, nested in Outer
	count := func(s string) int {
		if s == "" {
			return 0
		}
		return len(s)
	}
	var total = func() int {
		n := 0
		for _, it := range items {
			n += count(it)
		}
		return n
	}
	var typed func(int) bool = func(v int) bool { return v > 0 }
	// an anonymous literal is not a definition: its decisions count for Outer
	sort.Slice(items, func(i, j int) bool {
		if len(items[i]) < len(items[j]) {
			return true
		}
		return false
	})
	// two names, two values: not paired
	a, b := func() {}, func() {}
	a()
	b()
	type local struct{ n int }
	_ = typed
	_ = local{}
	return total
}

var Handler = func(w string, r ...int) {}

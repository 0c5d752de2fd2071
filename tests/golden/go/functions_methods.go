// Package shapes: functions and methods with every receiver shape.
package shapes

type Point struct {
	X, Y int
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Plain function with grouped parameters.
func Add(a, b int) int {
	return a + b
}

// Unnamed parameters leave no names.
func Ignore(int, string) {}

func Variadic(format string, args ...any) {}

func Blank(_ int, x int) int { return x }

func (p Point) Norm() int { return p.X*p.X + p.Y*p.Y }

func (p *Point) Move(dx, dy int) {
	p.X += dx
	p.Y += dy
}

func (Point) Zero() Point { return Point{} }

func (q *Pair[K, V]) Swap() {}

func (q Pair[K, V]) First() K { return q.Key }

func Generic[T any](v T) T {
	return v
}

// A body-less declaration (implemented in assembly).
func asmSqrt(x float64) float64

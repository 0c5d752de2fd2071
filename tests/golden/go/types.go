package types

import "io"

type Empty struct{}

type Node struct {
	Next *Node
	Val  int
}

type Reader interface {
	Read(p []byte) (n int, err error)
}

type ReadCloser interface {
	Reader
	io.Closer
	Close() error
}

type Number interface {
	~int | ~float64
}

// Other named types and aliases are not definitions here.
type Celsius float64

type Handler func(string) error

type Alias = Node

type AnyAlias = interface{ M() }

type (
	Grouped  struct{ A int }
	GroupedI interface{ B() }
)

func (c Celsius) String() string { return "" }

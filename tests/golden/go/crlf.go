package crlf

import (
	"fmt"
	os2 "os"
)

// Greeter says hello.
type Greeter struct {
	Name string
}

/* a block
   comment */
func (g *Greeter) Hello(to string) {
	if to == "" {
		to = "world"
	}
	fmt.Println(g.Name, to, os2.Args)
}

func main() {
	g := &Greeter{Name: "x"}
	g.Hello("")
}

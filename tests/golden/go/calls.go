package m
import "fmt"
func (s *S) M() { fmt.Println(s.N()); f[int](1) }

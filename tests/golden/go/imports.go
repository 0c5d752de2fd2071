package imports

import "fmt"

import (
	"os"
	str "strings"
	. "math"
	_ "embed"
	"example.com/mod/pkg"
	`path/filepath`
)

import f "fmt"

func Use() {
	fmt.Println(os.Args, str.ToUpper("x"), Pi, pkg.X, filepath.Base("/"), f.Sprint())
}

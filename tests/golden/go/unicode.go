package ünïcode

type Größe struct {
	wert int
}

type 形状 interface {
	面積() float64
}

func (g *Größe) Ändern(δ int) {
	g.wert += δ
}

func 计算(数字 int, ñ int) int {
	return 数字 + ñ
}

var λ = func(α, β int) int { return α * β }

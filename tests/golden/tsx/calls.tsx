function f() { return g(<A x={h()} />, new B()); }

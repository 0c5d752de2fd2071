function f(): void { g<number>(1); new A<B>(); }

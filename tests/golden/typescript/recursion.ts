// cognitive complexity: +1 once for a function that calls itself
function depth(n: number): number {
  return n > 0 ? depth(n - 1) + 1 : 0; // +1 (?:) +1 (recursion)
}

class Walker {
  visit(x: number): number {
    return this.visit(x - 1); // +1
  }
}

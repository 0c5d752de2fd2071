// cognitive complexity: +1 once for a function that calls itself; sonarjs 4 counts none
function fact(n) {
  if (n <= 1) return 1; // +1
  return n * fact(n - 1); // +1
}

class Tree {
  size(node) {
    return node ? 1 + this.size(node.left) : 0; // +1 (?:) +1 (this.size)
  }
}

function even(n) { return n === 0 || odd(n - 1); }
function odd(n) { return n !== 0 && even(n - 1); } // +1 for && only

// A definition ends with its closing brace: a comment before it is inside the body.
function braced(x) {
  return x + 1;
  // trailing comment inside the body
}
// after the function

class Holder {
  method() {
    return 1;
    // trailing comment of the method
  }
  // trailing comment of the class body
}

const arrow = (x) => x * 2; // same line, after the statement

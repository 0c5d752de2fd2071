function outer(a) {
  function inner(b) {
    const deepest = () => b;
    return deepest;
  }
  class Local {
    method() {
      return function named() {};
    }
  }
  return inner(a);
}

const api = {
  group: {
    leaf() {},
  },
};

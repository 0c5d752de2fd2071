function simple(a, b) {}
function defaults(a = 1, b = a + 1) {}
function rest(first, ...others) {}
function destructured({ x, y }, [p, q], { z } = {}) {}
const arrowDefaults = (m = 2, ...n) => m;
function none() {}

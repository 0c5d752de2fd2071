// LLOC: statements, declarations and definitions; an export is its declaration's line
import { x } from "./x.js";

export function sum(xs) {
  let s = 0;
  for (const v of xs) {
    if (v > 0 && v < 10) {
      s += v;
    }
  }
  return s;
}

class Counter {
  count = 0;
  bump() {
    this.count++;
  }
}

// Cognitive complexity as eslint-plugin-sonarjs 4 counts it (schema/README.md "cognitive").
function flat(a, b) { return a + b; }                 // 0

function branches(x, items) {                         // 10
  if (x) {                                            // +1
    return 1;
  } else if (x === null) {                            // +1
    return 2;
  } else {                                            // +1
    for (const i of items) {                          // +2 (nesting 1)
      if (i && x) { return i; }                       // +3, && +1
    }
  }
  return x ? 1 : 0;                                   // +1
}

function logic(a, b, c, d) {                          // 2: && starts a run twice; || and ?? add 0
  return (a && b) || (c && d) || (a ?? b);
}

function jumps(rows) {                                // 7
  outer: for (const r of rows) {                      // +1
    for (const c of r) {                              // +2
      if (c) continue outer;                          // +3, labelled continue +1
    }
  }
  return rows;
}

function tries(f) {                                   // 3
  try { f(); } catch (e) {                            // +1
    switch (e.code) {                                 // +2
      case 1: return 1;
      default: return 0;
    }
  }
  return null;
}

function owner(xs) {                                  // 1: the callback's increments are its own
  const pick = (x) => { if (x) { return x ? 1 : 2; } return 0; };   // 3
  if (xs) { return xs.map(pick); }                    // +1
  return [];
}

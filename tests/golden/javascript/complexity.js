function none() { // = 1; 1 + decisions, by schema/lang/javascript.md (Complexity)
  return 1;
}

function everything(a, b, list) { // = 15
  if (a) { // +1
    a = 1;
  } else if (b) { // +1: else if is an if
    a = 2;
  }
  for (let i = 0; i < 3; i++) {} // +1
  for (const x of list) {} // +1
  for (const k in list) {} // +1
  while (a) { // +1
    a--;
  }
  do { // +1
    b--;
  } while (b);
  switch (a) {
    case 1: // +1
    case 2: // +1
      break;
    default: // +0
      break;
  }
  try { // +0
    a();
  } catch (e) { // +1
    b = a ? 1 : 2; // +1 ?:
  } finally { // +0
    b = 0;
  }
  return a && b || list ?? null; // +1 &&, +1 ||, +1 ??
}

function assignments(a) { // = 1
  a ||= 1; // +0: logical assignments add nothing
  a &&= 2;
  a ??= 3;
  return a?.b; // +0: ?. adds nothing
}

function nesting(a) { // = 4
  if (a) { // +1
    for (;;) { // +1
      while (a) { // +1
        try {
          a = () => { if (a) {} }; // the arrow nesting.a: 1 + its if = 2; nothing here
        } finally {}
      }
    }
  }
}

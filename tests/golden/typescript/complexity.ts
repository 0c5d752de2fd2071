function everything(a: number, b?: number, list: number[] = []): number { // = 16; 1 + decisions, by schema/lang/javascript.md (Complexity)
  if (a) { // +1
    a = 1;
  } else if (b) { // +1
    a = 2;
  }
  for (let i = 0; i < 3; i++) {} // +1
  for (const x of list) {} // +1
  for (const k in list) {} // +1
  while (a) { // +1
    a--;
  }
  do { // +1
    a++;
  } while (a < 0);
  switch (a) {
    case 1: // +1
    case 2: // +1
      break;
    default: // +0
      break;
  }
  try { // +0
    a = 3;
  } catch { // +1
    a = b ? 1 : 2; // +1 ?:
  }
  return (a && b) || (list ?? 0) ? 1 : 0; // +1 &&, +1 ||, +1 ??, +1 ?:
}

function typesAddNothing(x?: number): x is number { // = 2; +0: x? and the type predicate
  const y: string | undefined = undefined; // +0: a union type
  return x !== undefined && y?.length === 0; // +1 &&; ?. adds nothing
}

function none() {
  return 1;
}

function everything(a, b, list) {
  if (a) {
    a = 1;
  } else if (b) {
    a = 2;
  }
  for (let i = 0; i < 3; i++) {}
  for (const x of list) {}
  for (const k in list) {}
  while (a) {
    a--;
  }
  do {
    b--;
  } while (b);
  switch (a) {
    case 1:
    case 2:
      break;
    default:
      break;
  }
  try {
    a();
  } catch (e) {
    b = a ? 1 : 2;
  } finally {
    b = 0;
  }
  return a && b || list ?? null;
}

function assignments(a) {
  a ||= 1;
  a &&= 2;
  a ??= 3;
  return a?.b;
}

function nesting(a) {
  if (a) {
    for (;;) {
      while (a) {
        try {
          a = () => { if (a) {} };
        } finally {}
      }
    }
  }
}

function everything(a: number, b?: number, list: number[] = []): number {
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
    a++;
  } while (a < 0);
  switch (a) {
    case 1:
    case 2:
      break;
    default:
      break;
  }
  try {
    a = 3;
  } catch {
    a = b ? 1 : 2;
  }
  return (a && b) || (list ?? 0) ? 1 : 0;
}

function typesAddNothing(x?: number): x is number {
  const y: string | undefined = undefined;
  return x !== undefined && y?.length === 0;
}

function first(a: number): number {
  if (a > 0) {
    return 1;
  }
  return a ?? 0;
}

// comment
interface K {
  m(): void;
}

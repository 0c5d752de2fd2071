function good(a: number): number {
  return a;
}

function broken(a: number {
  return a;
}

class StillHere {
  ok(): void {}
}

interface AfterError {
  m(): void;
}

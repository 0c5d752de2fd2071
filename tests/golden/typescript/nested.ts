export function outer(a: number): () => number {
  function inner(): number {
    return a;
  }
  const arrow = (): number => inner();
  class Local {
    method(): void {
      const deep = function (): void {};
    }
  }
  return arrow;
}

namespace Space {
  export class InSpace {
    run(): void {}
  }
}

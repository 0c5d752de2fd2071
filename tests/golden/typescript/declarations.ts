interface Shape extends Named, Sized<number> {
  area(): number;
  readonly name: string;
  new (size: number): Shape;
}

enum Color {
  Red,
  Green = 2,
}

const enum Flags { A = 1 }

type Alias = { x: number };

abstract class Base<T> implements Shape, Other {
  abstract area(): number;
  protected abstract resize(factor: number): void;
  describe(): string {
    return "base";
  }
}

export class Square extends Base<number> {
  area(): number {
    return 1;
  }
}

namespace Outer.Inner {
  export function helper(): void {}
}

declare module "external-lib" {
  export function api(x: string): number;
}

declare function ambient(a: number, b?: string): void;

function overloaded(a: string): string;
function overloaded(a: number): number;
function overloaded(a: any): any {
  return a;
}

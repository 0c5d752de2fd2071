function typed(a: number, b: string): void {}
function optional(a?: number, b: string = "x"): void {}
function rest(first: number, ...others: number[]): void {}
function destructured({ x, y }: Point, [p, q]: number[]): void {}
function withThis(this: Window, event: Event): void {}
class Holder {
  constructor(private a: number, public readonly b?: string) {}
  method<T>(value: T, ...more: T[]): T {
    return value;
  }
}
const arrow = <T,>(item: T, index = 0): T => item;

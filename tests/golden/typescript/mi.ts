// LLOC: JavaScript's statements plus type aliases, interfaces, enums and fields
type Pair = [number, number];

interface Shape {
  area(): number;
}

enum Color {
  Red,
  Green,
}

export class Square implements Shape {
  side = 1;
  area(): number {
    if (this.side > 0 && this.side < 10) {
      return this.side * this.side;
    }
    return 0;
  }
}

class Shape {
  constructor(name) {
    this.name = name;
  }
  get area() {
    return 0;
  }
  set area(value) {}
  static create(kind) {
    return new Shape(kind);
  }
  *points() {}
  async save() {}
  #secret() {}
  onClick = (event) => {};
  count = 0;
}

class Circle extends Shape {
  area() {
    return 3;
  }
}

const Anon = class extends mixin(Shape, Circle) {
  run() {}
};
const Kept = class Inner {};

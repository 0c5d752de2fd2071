interface Größe {
  maß(): number;
}
class Ω implements Größe {
  maß(): number {
    return 1;
  }
}
const 变量 = (参数: string): string => 参数;

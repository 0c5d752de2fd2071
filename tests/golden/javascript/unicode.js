function größe(ä) {
  return ä;
}
class Ω {
  λ() {}
}
const 变量 = (参数) => 参数;
// 日本語のコメント

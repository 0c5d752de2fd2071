// functions declared and bound to a name
function plain(a, b) {
  return a + b;
}
function* counter() {
  yield 1;
}
async function load(url) {
  return url;
}
const arrow = (x) => x * 2;
let single = y => y;
var expr = function () {};
var named = function ownName() {};
obj.handlers.click = function () {};
exports.run = async () => {};
Widget.prototype.draw = function draw() {};
const table = {
  add: (p, q) => p + q,
  "quoted key": function () {},
  async fetch() {},
};
register(function callback(err) {});
(function iife() {})();
[1, 2].map((v) => v + 1);

// A definition ends with its closing brace: a comment before it is inside the body.
fn braced(x: i32) -> i32 {
    x + 1
    // trailing comment inside the body
}
// after the function

struct Holder; // a unit struct ends at its semicolon

impl Holder {
    fn method(&self) -> i32 {
        1
        // trailing comment of the method
    }
    // trailing comment of the impl
}

//! CRLF line endings.
use std::io;

/* block
   comment */
pub struct Greeter {
    name: String,
}

impl Greeter {
    pub fn hello(&self, to: &str) {
        if to.is_empty() {
            println!("hi {}", self.name);
        }
    }
}

fn main() {
    let _ = io::stdin();
}

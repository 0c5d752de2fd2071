use std::fmt;

struct Good {
    a: i32,
}

fn before(x: i32) -> i32 {
    x + 1
}

fn broken(a: i32 {
    println!("{}", a;
}

impl Good {
    fn after(&self) -> i32 {
        if self.a > 0 {
            self.a
        } else {
            0
        }
    }
}

// LLOC: statements, items and match arms; a tail expression is none
use std::fmt;

const LIMIT: i32 = 10;

fn sum(xs: &[i32]) -> i32 {
    let mut s = 0;
    for x in xs {
        if *x > 0 && *x < LIMIT {
            s += x;
        }
    }
    match s {
        0 => println!("zero"),
        _ => {}
    }
    s
}

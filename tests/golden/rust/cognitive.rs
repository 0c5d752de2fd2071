// Cognitive complexity (schema/README.md "cognitive"): expected figure per function.
fn flat(a: i32, b: i32) -> i32 { a + b } // 0

fn branches(x: i32, v: &[i32]) -> i32 { // 9
    if x > 0 { // +1
        1
    } else if x < 0 { // +1
        2
    } else { // +1
        for i in v { // +2
            if *i > 0 && x == 0 { // +3, && +1
                return *i;
            }
        }
        0
    }
}

fn jumps(rows: &[Vec<i32>]) -> i32 { // 7 (break without a label adds nothing)
    'outer: for r in rows { // +1
        loop { // +2
            match r.len() { // +3
                0 => continue 'outer, // +1
                _ => break,
            }
        }
    }
    let f = |x: i32| if x > 0 || x < -1 { 1 } else { 0 }; // the closure's own
    f(1)
}

fn straight() -> i32 { // 1 + decisions, by schema/lang/rust.md (Complexity)
    1
} // = 1

fn branches(x: i32, v: Option<i32>, xs: &[i32]) -> i32 {
    let mut n = 0;
    if x > 0 && x < 10 || x == 42 { // +1 if, +1 &&, +1 ||
        n += 1;
    } else if let Some(y) = v { // +1
        n += y;
    } else { // +0
        n -= 1;
    }
    while n < 100 { // +1
        n *= 2;
    }
    while let Some(z) = v { // +1
        n += z;
        break;
    }
    for item in xs { // +1
        n += item;
    }
    loop { // +0
        if n > 1000 { // +1
            break;
        }
        n += 1;
    }
    match x { // +0
        0 => n += 1, // +1
        1 | 2 => n += 2, // +1: one arm
        k if k > 100 => n += 3, // +1
        _ => { // +0: a lone _
            if n == 0 { // +1
                n = 1;
            }
        }
    }
    n
} // = 13

fn try_only(s: &str) -> Result<i32, std::num::ParseIntError> {
    let v: i32 = s.parse()?; // +0: ?
    let f = |a: i32| a > 0 && v > 0; // +1: a closure's && counts here
    Ok(if f(v) { v } else { 0 }) // +1
} // = 3

fn all_arms(b: bool) -> u8 {
    match b {
        true => 1, // +1
        false => 0, // +1
    }
} // = 3

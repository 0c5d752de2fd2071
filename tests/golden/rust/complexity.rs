fn straight() -> i32 {
    1
}

fn branches(x: i32, v: Option<i32>, xs: &[i32]) -> i32 {
    let mut n = 0;
    if x > 0 && x < 10 || x == 42 {
        n += 1;
    } else if let Some(y) = v {
        n += y;
    } else {
        n -= 1;
    }
    while n < 100 {
        n *= 2;
    }
    while let Some(z) = v {
        n += z;
        break;
    }
    for item in xs {
        n += item;
    }
    loop {
        if n > 1000 {
            break;
        }
        n += 1;
    }
    match x {
        0 => n += 1,
        1 | 2 => n += 2,
        k if k > 100 => n += 3,
        _ => {
            if n == 0 {
                n = 1;
            }
        }
    }
    n
}

fn try_only(s: &str) -> Result<i32, std::num::ParseIntError> {
    let v: i32 = s.parse()?;
    let f = |a: i32| a > 0 && v > 0;
    Ok(if f(v) { v } else { 0 })
}

fn all_arms(b: bool) -> u8 {
    match b {
        true => 1,
        false => 0,
    }
}

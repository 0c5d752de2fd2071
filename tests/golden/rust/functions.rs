//! Free functions, parameters and nested items.

/// Adds two numbers.
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn patterns((x, y): (i32, i32), mut acc: Vec<i32>, _: u8, ref_ok: &str) -> usize {
    acc.push(x + y);
    acc.len() + ref_ok.len()
}

pub async fn fetch(url: &str) -> Option<String> {
    None
}

pub(crate) const unsafe fn raw(p: *const u8) -> u8 {
    *p
}

fn generic<T: Clone, const N: usize>(items: [T; N]) -> Vec<T>
where
    T: Default,
{
    items.to_vec()
}

fn outer(n: u32) -> u32 {
    // a nested fn is a definition inside outer; a closure is not
    fn inner(m: u32) -> u32 {
        m * 2
    }
    let double = |k: u32| if k > 10 { k } else { k * 2 };
    inner(double(n))
}

extern "C" {
    fn abs(input: i32) -> i32;
    fn puts(s: *const u8, ...) -> i32;
}

fn main() {
    println!("{}", add(1, 2));
}

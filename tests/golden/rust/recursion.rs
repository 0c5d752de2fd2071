// cognitive complexity: +1 once for a function that calls itself, plainly or through self/Self
fn fact(n: u64) -> u64 {
    if n <= 1 { // +1
        return 1;
    }
    n * fact(n - 1) // +1
}

struct T;

impl T {
    fn size(&self, n: u64) -> u64 {
        self.size(n - 1) // +1
    }
    fn make(n: u64) -> T {
        Self::make(n - 1) // +1
    }
}

pub struct Unit;

struct Tuple(i32, String);

#[derive(Debug)]
pub struct Named<'a> {
    pub name: &'a str,
}

#[repr(C)]
union Bits {
    i: u32,
    f: f32,
}

enum Message {
    Quit,
    Move { x: i32, y: i32 },
    Write(String),
}

pub trait Marker {}

trait Greeter: Marker + std::fmt::Debug {
    fn greet(&self, to: &str);
}

type Alias = Tuple;

const LIMIT: usize = 8;

macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}

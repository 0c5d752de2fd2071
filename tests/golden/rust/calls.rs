use a::b;
fn f() { b::g(); self.h(); println!("x"); x.y::<u8>(); S::new(); }

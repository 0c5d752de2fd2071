pub struct Größe {
    wert: u32,
}

impl Größe {
    pub fn ändern(&mut self, δ: u32) {
        self.wert += δ;
    }
}

enum Farbe {
    Rot,
    Grün,
}

trait 形状 {
    fn 面積(&self) -> f64;
}

fn 计算(数字: i32, ñ: i32) -> i32 {
    数字 + ñ
}

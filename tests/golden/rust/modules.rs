mod declared;

pub mod geometry {
    pub struct Point {
        pub x: f64,
    }

    pub fn origin() -> Point {
        Point { x: 0.0 }
    }

    impl Point {
        pub fn norm(&self) -> f64 {
            self.x.abs()
        }
    }

    pub mod deep {
        pub fn helper() {}
    }
}

#[cfg(test)]
mod tests {
    use super::geometry::*;

    #[test]
    fn origin_is_zero() {
        assert_eq!(origin().norm(), 0.0);
    }
}

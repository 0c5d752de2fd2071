use std::fmt;

pub struct Stack<T> {
    items: Vec<T>,
}

impl<T> Stack<T> {
    pub fn new() -> Self {
        Stack { items: Vec::new() }
    }

    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    fn peek(&self) -> Option<&T> {
        self.items.last()
    }

    fn into_inner(self) -> Vec<T> {
        self.items
    }
}

impl<T: fmt::Debug> fmt::Display for Stack<T>
where
    T: Clone,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.items)
    }
}

pub trait Shape: fmt::Debug + Clone {
    fn area(&self) -> f64;
    fn name(&self) -> String {
        String::from("shape")
    }
}

impl<'a, T> IntoIterator for &'a Stack<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> Default for crate::Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl Shape for [u8] {}

impl fmt::Debug for dyn Shape {}

extern crate alloc;
extern crate serde_json as json;

mod parser;
pub mod lexer;

use std::collections::HashMap;
use std::io::{self, Read, Write as IoWrite};
use std::fmt::*;
use crate::parser::Parser as P;
use super::sibling;
use self::lexer::{Token, token::Kind, op::*};
use a::{b::{c, d}, e};
use ::rooted::Thing;
use {first, second::Third};
pub use lexer::Lexer;

fn local() {
    use std::mem::swap;
}

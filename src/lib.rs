//! Aio: a small, Python-shaped language for asynchronous scripts.
//!
//! Source text flows one way through the pipeline:
//!
//! ```text
//! lexer ──▶ parser (grammar/aio.lalrpop) ──▶ ast ──▶ resolve ──▶ interp ──▶ output
//!  tokens      syntax tree                   names to slots   tree-walker over
//!                                             + suspension     values, builtins,
//!                                                              modules, runtime
//! ```

pub mod ast;
pub mod lexer;
pub mod parser;
mod strings;

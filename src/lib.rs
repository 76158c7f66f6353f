//! Aio: a small, Python-shaped language for asynchronous scripts.
//!
//! Source text flows one way through the pipeline:
//!
//! ```text
//! lexer ──▶ parser (grammar/aio.lalrpop) ──▶ ast ──▶ resolve ──▶ interp
//! tokens    syntax tree                            names to     tree-walker over values,
//!                                                  slots, marks builtins, modules and the
//!                                                  suspension   runtime (loop, tasks, clock)
//! ```
//!
//! `main.rs` is only the command line and `repl.rs` only the interactive prompt.

pub mod ast;
pub mod builtins;
pub mod dictmap;
pub mod exceptions;
pub mod format;
pub mod instance_dict;
pub mod interp;
pub mod lexer;
pub mod modules;
pub mod native_rc;
pub mod nesting;
pub mod object;
pub mod parser;
pub mod repl;
pub mod resolve;
pub mod run;
pub mod runtime;
pub mod setmap;
pub mod small_alloc;
pub mod source;
mod strings;
pub mod suggestions;
pub mod types;
pub mod value;
mod with_items;

pub use interp::Interp;

#[global_allocator]
static ALLOCATOR: small_alloc::SmallAlloc = small_alloc::SmallAlloc;
pub use runtime::clock::ClockKind;

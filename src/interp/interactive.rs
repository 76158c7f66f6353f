//! One REPL input, run in the session's lasting namespace (`src/repl/` drives it).
//!
//! The input is resolved against the globals earlier inputs made, and its top-level frame
//! echoes the value of every expression statement with `repr`, keeping it in `_`, as
//! CPython's interactive mode does. An input that awaits at its top level is handed back as
//! a future, for the REPL to run as a task on its event loop.

use std::cell::RefCell;
use std::rc::Rc;

use crate::ast::{Module, Name, Stmt};
use crate::object::{Exc, PyResult};
use crate::source::Source;
use crate::value::Value;

use super::suspend::BodyFuture;
use super::{Flow, Frame, Interp};

/// What became of an input.
pub enum Input {
    /// It ran to its end.
    Done,
    /// It awaits at its top level: its body, to run as a task.
    Awaits(BodyFuture),
}

impl Interp {
    /// The echo of an expression statement at the prompt (CPython's `sys.displayhook`).
    pub fn display(&self, v: Value) -> PyResult<()> {
        if v.is_none() {
            return Ok(());
        }
        let text = self.repr(&v)?;
        self.set_global_by_name("_", v);
        self.write_out(&text)?;
        self.write_out("\n")
    }

    /// Resolves a parsed input in the main namespace and runs it, unless it awaits at its
    /// top level; then it returns the body to run as a task.
    pub fn run_interactive(&self, source: Rc<Source>, body: Vec<Stmt>) -> Result<Input, Exc> {
        let module = Module {
            body,
            scope: Default::default(),
        };
        let resolved = {
            let mut names = self.global_names.borrow_mut();
            crate::resolve::resolve_module(&module, &mut names)
        };
        if let Err(e) = resolved {
            return Err(self.exception_from_syntax(&e, &source));
        }
        self.sync_globals();
        let scope = module.scope.borrow().clone();
        let mut frame = Frame::new(
            source,
            Name::from("<module>"),
            super::Locals::new(),
            scope.n_locals as usize,
        );
        frame.cells = (0..scope.n_cells)
            .map(|_| Rc::new(RefCell::new(None)))
            .collect();
        frame.set_echo();
        if module.body.iter().any(|s| s.suspends.get()) {
            let rc = super::current_rc();
            let module = Rc::new(module);
            return Ok(Input::Awaits(Box::pin(async move {
                match rc.exec_block_async(&mut frame, &module.body).await {
                    Ok(Flow::Return(v)) => Ok(v),
                    Ok(_) => Ok(Value::None),
                    Err(mut e) => {
                        frame.record(&mut e);
                        Err(e)
                    }
                }
            })));
        }
        match self.exec_block(&mut frame, &module.body) {
            Ok(_) => Ok(Input::Done),
            Err(mut e) => {
                frame.record(&mut e);
                Err(e)
            }
        }
    }
}

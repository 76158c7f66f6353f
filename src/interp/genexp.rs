//! A fast path for the common generator expression, `(elt for x in it if cond)`: with one
//! `for` clause and no `await`, it runs as a plain iterator, evaluating `elt` in its own
//! frame with code compiled to closures (`compile.rs`), instead of as a suspendable
//! generator body.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::ast::{Expr, ExprKind, FunctionDef, Stmt, StmtKind};
use crate::object::{Function, PyResult};
use crate::value::{Native, Value};

use super::suspend::object_repr;
use super::{Frame, Interp, IterState};

/// The parts of a desugared `for target in .0: [if c:]* yield elt` body.
struct Shape<'a> {
    target: &'a Expr,
    conditions: smallvec::SmallVec<[&'a Expr; 2]>,
    element: &'a Expr,
}

fn shape(def: &FunctionDef) -> Option<Shape<'_>> {
    let [Stmt {
        kind:
            StmtKind::For {
                target,
                body,
                orelse,
                is_async: false,
                ..
            },
        ..
    }] = def.body.as_slice()
    else {
        return None;
    };
    if !orelse.is_empty() {
        return None;
    }
    let mut conditions: smallvec::SmallVec<[&Expr; 2]> = smallvec::SmallVec::new();
    let mut stmts = body.as_slice();
    loop {
        match stmts {
            [Stmt {
                kind: StmtKind::If(cond, inner, els),
                ..
            }] if els.is_empty() => {
                conditions.push(cond);
                stmts = inner;
            }
            [Stmt {
                kind: StmtKind::Expr(e),
                ..
            }] => {
                let ExprKind::Yield(Some(element)) = &e.kind else {
                    return None;
                };
                if element.suspends.get() || conditions.iter().any(|c| c.suspends.get()) {
                    return None;
                }
                return Some(Shape {
                    target,
                    conditions,
                    element,
                });
            }
            _ => return None,
        }
    }
}

/// A running generator expression of the simple shape.
pub struct GenExp {
    func: Rc<Function>,
    /// The parts of `func`'s body, found once.
    shape: Shape<'static>,
    state: RefCell<Option<(Frame<'static>, IterState)>>,
}

/// Makes the iterator for a generator expression, or `None` if it needs the general path.
pub fn start(interp: &Interp, func: &Rc<Function>, iterable: &Value) -> Option<PyResult<Value>> {
    let shape = shape(&func.def)?;
    // SAFETY: the shape borrows from `func.def`, a `FunctionDef` no one mutates, behind
    // an `Rc` the `GenExp` holds (`func`) for as long as it holds the shape.
    let shape = unsafe { std::mem::transmute::<Shape<'_>, Shape<'static>>(shape) };
    let it = match interp.get_iter(iterable) {
        Ok(it) => it,
        Err(e) => return Some(Err(e)),
    };
    let frame = interp.function_frame(func, super::Locals::new());
    Some(Ok(Value::native(GenExp {
        func: func.clone(),
        shape,
        state: RefCell::new(Some((frame, it))),
    })))
}

impl GenExp {
    fn advance(&self, interp: &Interp) -> PyResult<Option<Value>> {
        let shape = &self.shape;
        let mut state = self.state.borrow_mut();
        let Some((frame, it)) = state.as_mut() else {
            return Ok(None);
        };
        let code = self.func.def.genexp_code(
            frame.library,
            shape.target,
            &shape.conditions,
            shape.element,
        );
        let r = (|| {
            'items: while let Some(v) = interp.next(it)? {
                (code.store)(interp, frame, v)?;
                for cond in code.conditions.iter() {
                    if !cond(interp, frame)? {
                        continue 'items;
                    }
                }
                return (code.element)(interp, frame).map(Some);
            }
            Ok(None)
        })();
        match r {
            Ok(Some(v)) => Ok(Some(v)),
            Ok(None) => {
                *state = None;
                Ok(None)
            }
            Err(mut e) => {
                frame.record(&mut e);
                *state = None;
                Err(e)
            }
        }
    }
}

impl Native for GenExp {
    fn type_name(&self) -> &str {
        "generator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, this: &Value) -> Option<PyResult<String>> {
        Some(Ok(object_repr(
            interp,
            this,
            "generator",
            &self.func.qualname.borrow(),
        )))
    }
    fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(this.clone()))
    }
    fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
        Some(self.advance(interp))
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: crate::object::BuiltinFn = match name {
            "__name__" => return Some(Ok(Value::str("<genexpr>"))),
            "__qualname__" => return Some(Ok(Value::str(&self.func.qualname.borrow()))),
            "close" => |_, a| {
                if let Some(g) = a.args[0].downcast::<GenExp>() {
                    *g.state.borrow_mut() = None;
                }
                Ok(Value::None)
            },
            "throw" => |interp, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                let e = interp.make_raise(v, None)?;
                // Raised where the generator is (it cannot catch it), which ends it.
                let Some(g) = a.args[0].downcast::<GenExp>() else {
                    return Err(e);
                };
                let Some((frame, _)) = g.state.borrow_mut().take() else {
                    return Err(e);
                };
                let mut e = e.at(g.func.def.span);
                frame.record(&mut e);
                Err(e)
            },
            "send" | "__next__" => |interp, a| {
                let Some(g) = a.args[0].downcast::<GenExp>() else {
                    return Ok(Value::None);
                };
                match g.advance(interp)? {
                    Some(v) => Ok(v),
                    None => Err(interp.stop_iteration(Value::None)),
                }
            },
            _ => return None,
        };
        Some(Ok(super::suspend::method(this, name, f)))
    }
}

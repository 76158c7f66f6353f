//! The parts of statements and expressions that the async evaluator (`suspend.rs`) hands
//! here when they suspend, which the plain evaluator would otherwise meet: assignment and
//! deletion targets (`x[await f():] = v`, `(await g()).a = v`, `del x[(yield)]`),
//! augmented assignments, slice bounds (`x[await f():]`), the defaults, decorators and
//! bases of definitions (`def h(a=await f())`), and `except*` clauses whose bodies await.
//! Everything is evaluated in CPython's order; what does not suspend still goes to the
//! plain evaluator.

use std::rc::Rc;

use crate::ast::*;
use crate::object::{Exc, Function, PyResult};
use crate::value::Value;

use super::suspend::BoxFut;
use super::{Flow, Frame, Interp};

impl Interp {
    /// Binds `v` to `target`, awaiting what the target's expressions await; without a
    /// suspension in the target, this is [`Interp::assign`] with no future of its own.
    pub(super) async fn assign_target(
        &self,
        f: &mut Frame<'_>,
        target: &Expr,
        v: Value,
    ) -> PyResult<()> {
        if target.suspends.get() {
            self.assign_async(f, target, v).await
        } else {
            self.assign(f, target, v)
        }
    }

    /// [`Interp::assign`] for a target that suspends.
    fn assign_async<'a>(
        &'a self,
        f: &'a mut Frame,
        target: &'a Expr,
        v: Value,
    ) -> BoxFut<'a, PyResult<()>> {
        super::suspend::boxed_in_place(|| async move {
            if !target.suspends.get() {
                return self.assign(f, target, v);
            }
            match &target.kind {
                ExprKind::Attribute(obj, name) => {
                    let o = self.eval_async(f, obj).await?;
                    self.set_attr(&o, name, v).map_err(|e| e.at(target.span))
                }
                ExprKind::Subscript(obj, index) => {
                    let o = self.eval_async(f, obj).await?;
                    if let ExprKind::Slice(a, b, c) = &index.kind {
                        let (a, b, c) = self.slice_parts_async(f, a, b, c).await?;
                        return self
                            .set_slice(&o, &a, &b, &c, v)
                            .map_err(|e| e.at(target.span));
                    }
                    let i = self.eval_async(f, index).await?;
                    self.set_item(&o, i, v).map_err(|e| e.at(target.span))
                }
                ExprKind::Tuple(items) | ExprKind::List(items) => {
                    let values = self.unpack(&v, items).map_err(|e| e.at(target.span))?;
                    for (t, v) in items.iter().zip(values) {
                        self.assign_async(f, t, v).await?;
                    }
                    Ok(())
                }
                ExprKind::Starred(inner) => self.assign_async(f, inner, v).await,
                _ => self.assign(f, target, v),
            }
        })
    }

    /// `del target`, awaiting what the target's expressions await.
    pub(super) fn delete_async<'a>(
        &'a self,
        f: &'a mut Frame,
        target: &'a Expr,
    ) -> BoxFut<'a, PyResult<()>> {
        super::suspend::boxed_in_place(|| async move {
            match &target.kind {
                ExprKind::Attribute(obj, name) if target.suspends.get() => {
                    let o = self.eval_async(f, obj).await?;
                    self.del_attr(&o, name).map_err(|e| e.at(target.span))
                }
                ExprKind::Subscript(obj, index) if target.suspends.get() => {
                    let o = self.eval_async(f, obj).await?;
                    let i = self.eval_async(f, index).await?;
                    self.del_item(&o, &i).map_err(|e| e.at(target.span))
                }
                ExprKind::Tuple(items) | ExprKind::List(items) if target.suspends.get() => {
                    for t in items {
                        self.delete_async(f, t).await?;
                    }
                    Ok(())
                }
                _ => self.delete(f, target),
            }
        })
    }

    /// `target op= value` in a body that suspends: the target's object and index are
    /// evaluated once, before the value, as in CPython.
    pub(super) async fn aug_assign_async(
        &self,
        f: &mut Frame<'_>,
        target: &Expr,
        op: BinOp,
        value: &Expr,
    ) -> PyResult<()> {
        let whole = Span {
            start: target.span.start,
            end: value.span.end,
        };
        match &target.kind {
            ExprKind::Name(n) => {
                let old = self.load_name(f, n).map_err(|e| e.at(target.span))?;
                let rhs = self.eval_async(f, value).await?;
                let new = self.inplace_op(op, &old, &rhs).map_err(|e| e.at(whole))?;
                self.store_name(f, n, new)
            }
            ExprKind::Attribute(obj, name) => {
                let o = self.eval_async(f, obj).await?;
                let old = self.get_attr(&o, name).map_err(|e| e.at(target.span))?;
                let rhs = self.eval_async(f, value).await?;
                let new = self.inplace_op(op, &old, &rhs).map_err(|e| e.at(whole))?;
                self.set_attr(&o, name, new).map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval_async(f, obj).await?;
                let i = self.eval_async(f, index).await?;
                let old = self.get_item(&o, &i).map_err(|e| e.at(target.span))?;
                let rhs = self.eval_async(f, value).await?;
                let new = self.inplace_op(op, &old, &rhs).map_err(|e| e.at(whole))?;
                self.set_item(&o, i, new).map_err(|e| e.at(target.span))
            }
            _ => Err(self.error(
                &self.exc.syntax_error,
                "illegal expression for augmented assignment",
            )),
        }
    }

    /// The bounds of a slice (`None` for those left out), left to right.
    pub(super) async fn slice_parts_async(
        &self,
        f: &mut Frame<'_>,
        a: &Option<Box<Expr>>,
        b: &Option<Box<Expr>>,
        c: &Option<Box<Expr>>,
    ) -> PyResult<(Value, Value, Value)> {
        let mut parts = [Value::None, Value::None, Value::None];
        for (part, e) in parts.iter_mut().zip([a, b, c]) {
            if let Some(e) = e {
                *part = self.eval_async(f, e).await?;
            }
        }
        let [a, b, c] = parts;
        Ok((a, b, c))
    }

    /// A function (of a `def` or a `lambda`) whose defaults suspend.
    pub(super) async fn make_function_async(
        &self,
        f: &mut Frame<'_>,
        def: &Rc<FunctionDef>,
    ) -> PyResult<Rc<Function>> {
        let mut defaults = Vec::new();
        for p in &def.params.positional {
            if let Some(d) = &p.default {
                defaults.push(self.eval_async(f, d).await?);
            }
        }
        let mut kwdefaults = Vec::with_capacity(def.params.kwonly.len());
        for p in &def.params.kwonly {
            kwdefaults.push(match &p.default {
                Some(d) => Some(self.eval_async(f, d).await?),
                None => None,
            });
        }
        Ok(self.function_with_defaults(def, f, defaults, kwdefaults))
    }

    /// A `def` or `class` statement whose decorators, defaults or bases suspend.
    pub(super) async fn define_async(&self, f: &mut Frame<'_>, s: &Stmt) -> PyResult<()> {
        match &s.kind {
            StmtKind::FunctionDef(def, name) => {
                // Decorators are evaluated top to bottom before the function exists,
                // then applied bottom to top.
                let mut decorators = Vec::with_capacity(def.decorators.len());
                for d in &def.decorators {
                    decorators.push(self.eval_async(f, d).await?);
                }
                let mut value = Value::Function(self.make_function_async(f, def).await?);
                for (d, dec) in def.decorators.iter().zip(decorators).rev() {
                    value = self
                        .call_value(&dec, vec![value])
                        .map_err(|e| e.at(d.span))?;
                }
                self.store_name(f, name, value)
            }
            StmtKind::ClassDef(def, name) => {
                let mut decorators = Vec::with_capacity(def.decorators.len());
                for d in &def.decorators {
                    decorators.push(self.eval_async(f, d).await?);
                }
                let mut bases = Vec::new();
                let mut keywords = Vec::new();
                for arg in &def.bases {
                    match arg {
                        Arg::Positional(e) => bases.push(self.eval_async(f, e).await?),
                        Arg::Keyword(k, e) => {
                            keywords.push((k.clone(), self.eval_async(f, e).await?))
                        }
                        _ => {
                            return Err(
                                self.type_error("Aio does not support * or ** in class bases")
                            )
                        }
                    }
                }
                let class = self.class_with(def, f, decorators, bases, keywords)?;
                self.store_name(f, name, class)
            }
            _ => self.exec(f, s).map(|_| ()),
        }
    }

    /// Whether an `except` clause catches `exc`, awaiting what its type expression awaits.
    pub(super) async fn handler_matches_async(
        &self,
        f: &mut Frame<'_>,
        h: &Handler,
        exc: &Rc<crate::object::Instance>,
    ) -> PyResult<bool> {
        match &h.typ {
            Some(typ) if typ.suspends.get() => {
                let t = self.eval_async(f, typ).await?;
                self.exception_matches(exc, &t).map_err(|e| e.at(typ.span))
            }
            _ => self.handler_matches(f, h, exc),
        }
    }

    /// The `except*` clauses of a `try` for `e`, when some clause's body suspends: the
    /// plain evaluator's `handle_star`, with the clause bodies awaited.
    pub(super) async fn handle_star_async(
        &self,
        f: &mut Frame<'_>,
        e: Exc,
        handlers: &[Handler],
    ) -> PyResult<Flow> {
        // A lone exception stays unwrapped until a clause matches it (CPython's
        // `exception_group_match` wraps it then, in a one-tuple group).
        let mut rest = Some(e.value.clone());
        let mut raised: Vec<Value> = Vec::new();
        for h in handlers {
            let Some(group) = rest.clone() else {
                break;
            };
            let Some(typ) = &h.typ else {
                continue;
            };
            let t = self.eval_async(f, typ).await?;
            let (matched, remaining) = self.star_split(&group, &t)?;
            rest = remaining;
            let Some(matched) = matched else {
                continue;
            };
            if let Some(name) = &h.name {
                self.store_name(f, name, Value::Instance(matched.clone()))?;
            }
            self.handling.borrow_mut().push(matched.clone());
            let r = self.exec_block_async(f, &h.body).await;
            self.handling.borrow_mut().pop();
            match r.map_err(|err| self.chain_context(err, &matched)) {
                Ok(Flow::Normal) => {}
                Ok(flow) => return Ok(flow),
                Err(err) => raised.push(Value::Instance(err.value)),
            }
        }
        self.star_outcome(e, rest, raised)
    }
}

//! Statements that cannot suspend, executed by plain recursion.

use std::rc::Rc;

use crate::ast::*;
use crate::object::{Exc, Instance, PyResult};
use crate::value::Value;

use super::{Flow, Frame, Interp};

/// What one `except*` clause matched of a group, and what is left.
type StarSplit = (Option<Rc<Instance>>, Option<Rc<Instance>>);

/// `s + t` done in place in the local slot `i`, when it holds a string nobody else holds
/// and `t` is a string (`s += t`, `s = s + t`); false, with nothing done, otherwise.
fn append_to_local(f: &mut Frame, i: usize, t: &Value) -> bool {
    match (&mut f.locals.as_mut_slice()[i], t) {
        (Some(Value::Str(s)), Value::Str(t)) => crate::value::PyStr::append(s, t),
        _ => false,
    }
}

impl Interp {
    pub fn exec_block(&self, f: &mut Frame, stmts: &[Stmt]) -> PyResult<Flow> {
        for s in stmts {
            match self.exec(f, s)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    pub fn exec(&self, f: &mut Frame, s: &Stmt) -> PyResult<Flow> {
        if self.deferred_pending() {
            self.run_deferred();
        }
        if !f.library {
            self.set_line(s.span);
            if crate::runtime::interrupt::pending() {
                crate::runtime::interrupt::raise_if_pending(self).map_err(|e| e.at(s.span))?;
            }
        }
        self.exec_inner(f, s).map_err(|e| e.at(s.span))
    }

    /// Runs the `except` clauses of a `try` for an exception from its body.
    pub fn dispatch_handlers(
        &self,
        f: &mut Frame,
        e: Exc,
        handlers: &[Handler],
        star: bool,
    ) -> PyResult<Flow> {
        if star {
            self.handle_star(f, e, handlers)
        } else {
            self.handle(f, e, handlers)
        }
    }

    /// The common statements, dispatched from a small function; the rest in `exec_other`.
    #[inline]
    fn exec_inner(&self, f: &mut Frame, s: &Stmt) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                let v = self.eval(f, e)?;
                if f.echo() {
                    self.display(v)?;
                }
                Ok(Flow::Normal)
            }
            StmtKind::Return(Some(e)) => Ok(Flow::Return(self.eval_operand(f, e)?)),
            StmtKind::If(test, body, orelse) => {
                let branch = self.eval_bool(f, test)?;
                self.exec_block(f, if branch { body } else { orelse })
            }
            StmtKind::Assign(targets, value) if targets.len() == 1 => {
                if let (ExprKind::BinOp(a, BinOp::Add, b), ExprKind::Name(_)) =
                    (&value.kind, &targets[0].kind)
                {
                    if self.concat_in_place(f, &targets[0], value, a, b)? {
                        return Ok(Flow::Normal);
                    }
                }
                let v = self.eval_operand(f, value)?;
                if let ExprKind::Name(n) = &targets[0].kind {
                    if let Slot::Local(i) = n.slot.get() {
                        f.locals.as_mut_slice()[i as usize] = Some(v);
                        return Ok(Flow::Normal);
                    }
                }
                self.assign(f, &targets[0], v)?;
                Ok(Flow::Normal)
            }
            StmtKind::AugAssign(target, op, value) => {
                self.aug_assign(f, target, *op, value)?;
                Ok(Flow::Normal)
            }
            _ => self.exec_other(f, s),
        }
    }

    /// `s = s + t` where `s` is a local string only it holds: `t` is added in place, as
    /// CPython does (and as for `s += t`). False, with nothing evaluated, if the statement
    /// is not that.
    #[inline(never)]
    fn concat_in_place(
        &self,
        f: &mut Frame,
        target: &Expr,
        e: &Expr,
        a: &Expr,
        b: &Expr,
    ) -> PyResult<bool> {
        let (ExprKind::Name(n), ExprKind::Name(m)) = (&target.kind, &a.kind) else {
            return Ok(false);
        };
        let (Slot::Local(i), Slot::Local(j)) = (n.slot.get(), m.slot.get()) else {
            return Ok(false);
        };
        if i != j || !matches!(f.locals.as_slice()[i as usize], Some(Value::Str(_))) {
            return Ok(false);
        }
        // Nothing `b` runs can rebind a plain local: `s` is read after it as before it.
        let rhs = self.eval_operand(f, b)?;
        if append_to_local(f, i as usize, &rhs) {
            return Ok(true);
        }
        let old = f.locals.as_slice()[i as usize]
            .clone()
            .unwrap_or(Value::None);
        let new = self
            .binary_op(BinOp::Add, &old, &rhs)
            .map_err(|x| x.at(e.span))?;
        f.locals.as_mut_slice()[i as usize] = Some(new);
        Ok(true)
    }

    #[inline(never)]
    fn exec_other(&self, f: &mut Frame, s: &Stmt) -> PyResult<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                let v = self.eval(f, e)?;
                if f.echo() {
                    self.display(v)?;
                }
            }
            StmtKind::Assign(targets, value) => {
                let v = self.eval(f, value)?;
                if let [target] = targets.as_slice() {
                    self.assign(f, target, v)?;
                } else {
                    for t in targets {
                        self.assign(f, t, v.clone())?;
                    }
                }
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(f, target, *op, value)?,
            StmtKind::AnnAssign(target, value) => {
                if let Some(v) = value {
                    let v = self.eval(f, v)?;
                    self.assign(f, target, v)?;
                }
            }
            StmtKind::If(test, body, orelse) => {
                let t = self.eval(f, test)?;
                let branch = if self.truthy(&t).map_err(|e| e.at(test.span))? {
                    body
                } else {
                    orelse
                };
                return self.exec_block(f, branch);
            }
            // Loops the tree-walker meets (module level, class bodies, coroutines) run
            // compiled, as a function's body does.
            StmtKind::While(..) | StmtKind::For { .. } => {
                return s.run_compiled(self, f);
            }
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Return(value) => {
                let v = match value {
                    Some(e) => self.eval(f, e)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::FunctionDef(def, name) => {
                // Decorators are evaluated top to bottom before the function exists,
                // then applied bottom to top.
                let decorators = self.eval_all(f, &def.decorators)?;
                let func = self.make_function(def, f)?;
                let mut value = Value::Function(func);
                for (d, dec) in def.decorators.iter().zip(decorators).rev() {
                    value = self
                        .call_value(&dec, vec![value])
                        .map_err(|e| e.at(d.span))?;
                }
                self.store_name(f, name, value)?;
            }
            StmtKind::ClassDef(def, name) => {
                let class = self.make_class(def, f)?;
                self.store_name(f, name, class)?;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
                star,
            } => return self.exec_try(f, body, handlers, orelse, finally, *star),
            StmtKind::Raise(exc, cause) => return Err(self.raise(f, exc, cause)?),
            StmtKind::With { items, body, .. } => return self.exec_with(f, items, body, s.span),
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(f, t)?;
                }
            }
            StmtKind::Assert(test, msg) => {
                if !self.eval_bool(f, test)? {
                    let args = match msg {
                        Some(m) => vec![self.eval(f, m)?],
                        None => vec![],
                    };
                    let e = self.new_exception(&self.exc.assertion_error, args);
                    return Err(super::eval::at_span(e, assert_site(test)));
                }
            }
            StmtKind::Import(items) => {
                for (path, binding) in items {
                    let module = self.import(path)?;
                    let bound = if binding.id == path[0] && path.len() > 1 {
                        self.import(&path[..1])?
                    } else {
                        module
                    };
                    self.store_name(f, binding, bound)?;
                }
            }
            StmtKind::ImportFrom(path, names) => {
                let module = self.import(path)?;
                if names.is_empty() {
                    for (name, value) in crate::modules::public_names(self, &module)? {
                        self.set_global_by_name(&name, value);
                    }
                }
                for (name, binding) in names {
                    let v = match self.get_attr(&module, name) {
                        Ok(v) => v,
                        Err(_) => {
                            let mname = path.join(".");
                            return Err(self.error(
                                &self.exc.import_error,
                                format!(
                                    "cannot import name '{name}' from '{mname}' (unknown location)"
                                ),
                            ));
                        }
                    };
                    self.store_name(f, binding, v)?;
                }
            }
        }
        Ok(Flow::Normal)
    }

    pub fn eval_all(&self, f: &mut Frame, exprs: &[Expr]) -> PyResult<Vec<Value>> {
        exprs.iter().map(|e| self.eval(f, e)).collect()
    }

    /// `old op= rhs`'s new value; ints that add or subtract without overflow on a fast path.
    pub(super) fn aug_value(
        &self,
        op: BinOp,
        old: &Value,
        rhs: &Value,
        target: &Expr,
        value: &Expr,
    ) -> PyResult<Value> {
        if let (Value::Int(a), Value::Int(b)) = (old, rhs) {
            let r = match op {
                BinOp::Add => a.checked_add(*b),
                BinOp::Sub => a.checked_sub(*b),
                _ => None,
            };
            if let Some(r) = r {
                return Ok(Value::Int(r));
            }
        }
        self.inplace_op(op, old, rhs)
            .map_err(|e| e.at(stmt_span(target, value)))
    }

    pub(super) fn aug_assign(
        &self,
        f: &mut Frame,
        target: &Expr,
        op: BinOp,
        value: &Expr,
    ) -> PyResult<()> {
        if let ExprKind::Name(n) = &target.kind {
            if let Slot::Local(i) = n.slot.get() {
                if let Some(Value::Int(a)) = f.locals.as_slice()[i as usize] {
                    let rhs = self.eval_operand(f, value)?;
                    let new = self.aug_value(op, &Value::Int(a), &rhs, target, value)?;
                    f.locals.as_mut_slice()[i as usize] = Some(new);
                    return Ok(());
                }
                if op == BinOp::Add
                    && matches!(f.locals.as_slice()[i as usize], Some(Value::Str(_)))
                {
                    // `s += t` on a string only this variable holds grows it in place.
                    // (The value is read after `t` is evaluated: nothing `t` runs can rebind
                    // a plain local.)
                    let rhs = self.eval(f, value)?;
                    if append_to_local(f, i as usize, &rhs) {
                        return Ok(());
                    }
                    let old = f.locals.as_slice()[i as usize]
                        .clone()
                        .unwrap_or(Value::None);
                    let new = self.aug_value(op, &old, &rhs, target, value)?;
                    f.locals.as_mut_slice()[i as usize] = Some(new);
                    return Ok(());
                }
            }
        }
        match &target.kind {
            ExprKind::Name(n) => {
                let old = self.load_name(f, n).map_err(|e| e.at(target.span))?;
                let rhs = self.eval_operand(f, value)?;
                let new = self.aug_value(op, &old, &rhs, target, value)?;
                self.store_name(f, n, new)
            }
            ExprKind::Attribute(obj, name) => {
                let o = self.eval_operand(f, obj)?;
                let old = self
                    .get_attr_at(&o, name, &target.hint)
                    .map_err(|e| e.at(target.span))?;
                let rhs = self.eval_operand(f, value)?;
                let new = self.aug_value(op, &old, &rhs, target, value)?;
                self.set_attr_at(&o, name, new, &target.hint)
                    .map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval_operand(f, obj)?;
                let i = self.eval_operand(f, index)?;
                let old = self.get_item(&o, &i).map_err(|e| e.at(target.span))?;
                let rhs = self.eval_operand(f, value)?;
                let new = self.aug_value(op, &old, &rhs, target, value)?;
                self.set_item(&o, i, new).map_err(|e| e.at(target.span))
            }
            _ => Err(self.error(
                &self.exc.syntax_error,
                "illegal expression for augmented assignment",
            )),
        }
    }

    /// Binds a value to an assignment target (names, attributes, items, unpacking). A
    /// plain local, the commonest target (loop variables too), is stored inline.
    #[inline]
    pub fn assign(&self, f: &mut Frame, target: &Expr, v: Value) -> PyResult<()> {
        if let ExprKind::Name(n) = &target.kind {
            if let Slot::Local(i) = n.slot.get() {
                f.locals.as_mut_slice()[i as usize] = Some(v);
                return Ok(());
            }
        }
        self.assign_other(f, target, v)
    }

    fn assign_other(&self, f: &mut Frame, target: &Expr, v: Value) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(n) => self.store_name(f, n, v),
            ExprKind::Attribute(obj, name) => {
                let o = self.eval_operand(f, obj)?;
                self.set_attr_at(&o, name, v, &target.hint)
                    .map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval_operand(f, obj)?;
                if let ExprKind::Slice(a, b, c) = &index.kind {
                    let part = |e: &Option<Box<Expr>>, f: &mut Frame| match e {
                        Some(e) => self.eval(f, e),
                        None => Ok(Value::None),
                    };
                    let (a, b, c) = (part(a, f)?, part(b, f)?, part(c, f)?);
                    return self
                        .set_slice(&o, &a, &b, &c, v)
                        .map_err(|e| e.at(target.span));
                }
                let i = self.eval_operand(f, index)?;
                self.set_item(&o, i, v).map_err(|e| e.at(target.span))
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let values = self.unpack(&v, items).map_err(|e| e.at(target.span))?;
                for (t, v) in items.iter().zip(values) {
                    self.assign(f, t, v)?;
                }
                Ok(())
            }
            ExprKind::Starred(inner) => self.assign(f, inner, v),
            _ => Err(self.error(&self.exc.syntax_error, "cannot assign to expression")),
        }
    }

    /// Splits a value for `a, *b, c = value`, with Python's messages on a count mismatch.
    pub fn unpack(&self, v: &Value, targets: &[Expr]) -> PyResult<Vec<Value>> {
        let star = targets
            .iter()
            .position(|t| matches!(t.kind, ExprKind::Starred(_)));
        let items = match v {
            Value::Tuple(t) => (**t).clone(),
            Value::List(l) => l.borrow().clone(),
            _ => {
                if self.get_iter(v).is_err() {
                    return Err(self.type_error(format!(
                        "cannot unpack non-iterable {} object",
                        v.type_name()
                    )));
                }
                self.collect(v)?
            }
        };
        let n = targets.len();
        match star {
            None => {
                if items.len() > n {
                    return Err(
                        self.value_error(format!("too many values to unpack (expected {n})"))
                    );
                }
                if items.len() < n {
                    return Err(self.value_error(format!(
                        "not enough values to unpack (expected {n}, got {})",
                        items.len()
                    )));
                }
                Ok(items)
            }
            Some(k) => {
                let after = n - k - 1;
                if items.len() < n - 1 {
                    return Err(self.value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        n - 1,
                        items.len()
                    )));
                }
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let middle = items.split_off(k);
                items.push(Value::list(middle));
                items.extend(tail);
                Ok(items)
            }
        }
    }

    pub(super) fn delete(&self, f: &mut Frame, target: &Expr) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(n) => self.delete_name(f, n).map_err(|e| e.at(target.span)),
            ExprKind::Attribute(obj, name) => {
                let o = self.eval(f, obj)?;
                self.del_attr(&o, name).map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval_operand(f, obj)?;
                let i = self.eval_operand(f, index)?;
                self.del_item(&o, &i).map_err(|e| e.at(target.span))
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for t in items {
                    self.delete(f, t)?;
                }
                Ok(())
            }
            _ => Err(self.error(&self.exc.syntax_error, "cannot delete expression")),
        }
    }

    // ------------------------------------------------------------ raise and try

    /// Builds the exception a `raise` statement raises.
    pub fn raise(&self, f: &mut Frame, exc: &Option<Expr>, cause: &Option<Expr>) -> PyResult<Exc> {
        let Some(exc) = exc else {
            return Ok(self.reraise());
        };
        let v = self.eval(f, exc)?;
        let cause = match cause {
            Some(c) => Some(self.eval(f, c)?),
            None => None,
        };
        self.make_raise(v, cause)
    }

    pub fn reraise(&self) -> Exc {
        match self.handling.borrow().last() {
            Some(e) => {
                let exc = Exc::new(e.clone());
                exc.set_reraised(true);
                exc
            }
            None => self.runtime_error("No active exception to reraise"),
        }
    }

    /// Turns the operand of `raise` (a class or an instance) into the exception to raise.
    pub fn make_raise(&self, v: Value, cause: Option<Value>) -> PyResult<Exc> {
        let inst = match &v {
            Value::Instance(i) if i.exc.is_some() => i.clone(),
            Value::Class(c) if c.is_exception() => match self.call_value(&v, vec![])? {
                Value::Instance(i) if i.exc.is_some() => i,
                _ => return Err(self.type_error("exceptions must derive from BaseException")),
            },
            _ => return Err(self.type_error("exceptions must derive from BaseException")),
        };
        // `raise e` of a caught exception is a new raise: this place joins its traceback
        // (a bare `raise` is not, and does not come here).
        inst.exc_data_mut().reraised = false;
        if let Some(c) = cause {
            let cause = match &c {
                Value::None => None,
                Value::Instance(i) if i.exc.is_some() => Some(c.clone()),
                Value::Class(k) if k.is_exception() => Some(self.call_value(&c, vec![])?),
                _ => return Err(self.type_error("exception causes must derive from BaseException")),
            };
            let mut d = inst.exc_data_mut();
            d.cause = cause;
            d.suppress_context = true;
        }
        Ok(Exc::new(inst))
    }

    /// Runs `f` as the body of a handler for `exc`: `exc` is the exception being handled, so
    /// a new exception raised meanwhile gets it as `__context__`.
    pub fn while_handling<T>(
        &self,
        exc: &Rc<crate::object::Instance>,
        f: impl FnOnce() -> PyResult<T>,
    ) -> PyResult<T> {
        self.handling.borrow_mut().push(exc.clone());
        let r = f();
        self.handling.borrow_mut().pop();
        r.map_err(|e| self.chain_context(e, exc))
    }

    /// Sets `__context__` of a new exception raised while `handled` was being handled.
    pub fn chain_context(&self, e: Exc, handled: &Rc<crate::object::Instance>) -> Exc {
        if !Rc::ptr_eq(&e.value, handled) {
            let mut d = e.value.exc_data_mut();
            if d.context.is_none() && !creates_cycle(handled, &e.value) {
                d.context = Some(Value::Instance(handled.clone()));
            }
        }
        e
    }

    fn exec_try(
        &self,
        f: &mut Frame,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finally: &[Stmt],
        star: bool,
    ) -> PyResult<Flow> {
        let result = match self.exec_block(f, body) {
            Ok(Flow::Normal) => self.exec_block(f, orelse),
            Ok(flow) => Ok(flow),
            Err(mut e) => {
                f.record_here(&mut e);
                // Raised while another exception was being handled: CPython sets the context
                // at the raise, so it is there even when this `try` catches it.
                let outer = self.handling.borrow().last().cloned();
                if let Some(outer) = outer {
                    e = self.chain_context(e, &outer);
                }
                if star {
                    self.handle_star(f, e, handlers)
                } else {
                    self.handle(f, e, handlers)
                }
            }
        };
        if finally.is_empty() {
            return result;
        }
        self.run_finally(f, result, finally)
    }

    pub fn run_finally(
        &self,
        f: &mut Frame,
        result: PyResult<Flow>,
        finally: &[Stmt],
    ) -> PyResult<Flow> {
        match result {
            Err(e) => {
                let handled = e.value.clone();
                match self.while_handling(&handled, || self.exec_block(f, finally)) {
                    Ok(Flow::Normal) => Err(e),
                    Ok(flow) => Ok(flow),
                    Err(e2) => Err(e2),
                }
            }
            Ok(flow) => match self.exec_block(f, finally)? {
                Flow::Normal => Ok(flow),
                other => Ok(other),
            },
        }
    }

    /// Finds the handler for `e`; runs it, or re-raises `e` if none matches.
    fn handle(&self, f: &mut Frame, e: Exc, handlers: &[Handler]) -> PyResult<Flow> {
        for h in handlers {
            if !self.handler_matches(f, h, &e.value)? {
                continue;
            }
            let value = e.value.clone();
            if let Some(name) = &h.name {
                self.store_name(f, name, Value::Instance(value.clone()))?;
            }
            let r = self.while_handling(&value, || self.exec_block(f, &h.body));
            if let Some(name) = &h.name {
                let _ = self.delete_name(f, name);
            }
            return r;
        }
        Err(e)
    }

    pub fn handler_matches(
        &self,
        f: &mut Frame,
        h: &Handler,
        exc: &Rc<crate::object::Instance>,
    ) -> PyResult<bool> {
        let Some(typ) = &h.typ else {
            return Ok(true);
        };
        let t = self.eval(f, typ)?;
        self.exception_matches(exc, &t).map_err(|e| e.at(typ.span))
    }

    pub fn exception_matches(
        &self,
        exc: &Rc<crate::object::Instance>,
        t: &Value,
    ) -> PyResult<bool> {
        match t {
            Value::Class(c) if c.is_exception() => Ok(exc.class.is_subclass_of(c)),
            Value::Tuple(items) => {
                for item in items.iter() {
                    if self.exception_matches(exc, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// `except*`: splits an exception group among the handlers.
    fn handle_star(&self, f: &mut Frame, e: Exc, handlers: &[Handler]) -> PyResult<Flow> {
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
            let t = self.eval(f, typ)?;
            let (matched, remaining) = self.star_split(&group, &t)?;
            rest = remaining;
            let Some(matched) = matched else {
                continue;
            };
            if let Some(name) = &h.name {
                self.store_name(f, name, Value::Instance(matched.clone()))?;
            }
            match self.while_handling(&matched, || self.exec_block(f, &h.body)) {
                Ok(Flow::Normal) => {}
                Ok(flow) => return Ok(flow),
                Err(err) => raised.push(Value::Instance(err.value)),
            }
        }
        self.star_outcome(e, rest, raised)
    }

    /// One `except*` clause's split of `group` by the type `t`: what it matched (always a
    /// group, a lone exception wrapped in one) and what is left for the next clauses.
    pub(super) fn star_split(&self, group: &Rc<Instance>, t: &Value) -> PyResult<StarSplit> {
        use crate::builtins::exception_group::{as_group, is_group, split};
        let (matched, remaining) = split(self, group, t)?;
        let matched = matched.map(|m| {
            if is_group(self, &m) {
                m
            } else {
                as_group(self, &m)
            }
        });
        Ok((matched, remaining))
    }

    /// How a `try` with `except*` clauses ends: what no clause matched (`rest`) and what
    /// the clauses raised, re-raised together; `e` itself when nothing matched at all.
    pub(super) fn star_outcome(
        &self,
        e: Exc,
        rest: Option<Rc<Instance>>,
        raised: Vec<Value>,
    ) -> PyResult<Flow> {
        let mut leftover: Vec<Value> = raised;
        if let Some(r) = rest {
            if Rc::ptr_eq(&r, &e.value) && leftover.is_empty() {
                return Err(e);
            }
            leftover.insert(0, Value::Instance(r));
        }
        match leftover.len() {
            0 => Ok(Flow::Normal),
            1 => match leftover.pop() {
                Some(Value::Instance(i)) => Err(Exc::new(i)),
                _ => Ok(Flow::Normal),
            },
            _ => Err(crate::builtins::exception_group::new_group(
                self, "", leftover,
            )),
        }
    }

    // ------------------------------------------------------------ with

    /// `with` over `items`: the managers' calls (`__enter__`, `__exit__`) are where the
    /// statement (`span`) is, as in CPython's tracebacks, not where their item is.
    fn exec_with(
        &self,
        f: &mut Frame,
        items: &[WithItem],
        body: &[Stmt],
        span: Span,
    ) -> PyResult<Flow> {
        let Some((item, rest)) = items.split_first() else {
            return self.exec_block(f, body);
        };
        let manager = self.eval(f, &item.context)?;
        let enter = self
            .special_method(&manager, "__enter__")
            .map_err(|e| e.at(span))?;
        let exit = self
            .special_method(&manager, "__exit__")
            .map_err(|e| e.at(span))?;
        let value = self.call_value(&enter, vec![]).map_err(|e| e.at(span))?;
        let result = match &item.target {
            Some(t) => self
                .assign(f, t, value)
                .and_then(|_| self.exec_with(f, rest, body, span)),
            None => self.exec_with(f, rest, body, span),
        };
        match result {
            Ok(flow) => {
                self.call_value(&exit, vec![Value::None, Value::None, Value::None])
                    .map_err(|e| e.at(span))?;
                Ok(flow)
            }
            Err(mut e) => {
                f.record_here(&mut e);
                let exc = Value::Instance(e.value.clone());
                let class = Value::Class(e.value.class.clone());
                let handled = e.value.clone();
                let suppress = self.while_handling(&handled, || {
                    let tb =
                        crate::builtins::traceback::traceback_value(&handled.exc_data().traceback);
                    let r = self.call_value(&exit, vec![class, exc, tb])?;
                    self.truthy(&r)
                });
                match suppress {
                    Ok(true) => Ok(Flow::Normal),
                    Ok(false) => Err(e),
                    Err(e2) => Err(e2.at(span)),
                }
            }
        }
    }

    /// A special method looked up on the type, with Python's error when it is missing.
    /// The special method `name` of `obj` (looked up as [`Interp::special_method`] does),
    /// or `None` when it has none.
    pub fn special_method_opt(&self, obj: &Value, name: &str) -> Option<Value> {
        if let Some(m) = self.lookup_special(obj, name) {
            return Some(m);
        }
        match obj {
            Value::Instance(_) => None,
            _ => self.get_attr(obj, name).ok(),
        }
    }

    pub fn special_method(&self, obj: &Value, name: &str) -> PyResult<Value> {
        if let Some(m) = self.lookup_special(obj, name) {
            return Ok(m);
        }
        match self.get_attr(obj, name) {
            Ok(m) if !matches!(obj, Value::Instance(_)) => Ok(m),
            _ => {
                let what = match name {
                    "__enter__" | "__exit__" => "the context manager protocol",
                    _ => "the asynchronous context manager protocol",
                };
                let missing = if name == "__exit__" || name == "__aexit__" {
                    format!(" (missed {name} method)")
                } else {
                    String::new()
                };
                Err(self.type_error(format!(
                    "'{}' object does not support {what}{missing}",
                    obj.type_name()
                )))
            }
        }
    }
}

fn stmt_span(target: &Expr, value: &Expr) -> Span {
    Span {
        start: target.span.start,
        end: value.span.end,
    }
}

/// Would making `handled` the context of `new` close a loop of contexts?
fn creates_cycle(handled: &Rc<crate::object::Instance>, new: &Rc<crate::object::Instance>) -> bool {
    let mut cur = Some(handled.clone());
    let mut steps = 0;
    while let Some(c) = cur {
        if Rc::ptr_eq(&c, new) {
            return true;
        }
        steps += 1;
        if steps > 1000 {
            return true;
        }
        cur = match &c.exc_data().context {
            Some(Value::Instance(i)) => Some(i.clone()),
            _ => None,
        };
    }
    false
}

/// Where CPython's traceback puts a failed `assert`: under the last comparison its test
/// tests (its compiler leaves the location there, even when that comparison did not run),
/// else on the statement.
pub fn assert_site(test: &Expr) -> Option<crate::ast::Span> {
    match &test.kind {
        ExprKind::Compare(..) => Some(test.span),
        ExprKind::UnaryOp(crate::ast::UnaryOp::Not, x) => assert_site(x),
        ExprKind::BoolOp(_, items) => items.iter().rev().find_map(assert_site),
        ExprKind::IfExp { test, body, orelse } => assert_site(orelse)
            .or_else(|| assert_site(body))
            .or_else(|| assert_site(test)),
        _ => None,
    }
}

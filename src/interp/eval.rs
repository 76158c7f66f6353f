//! Expressions that cannot suspend, evaluated by plain recursion.
//!
//! Errors are stamped with the span of the operation that raised them (`Exc::at`), which is
//! where CPython 3.11's traceback carets point.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::ast::*;
use crate::object::{attr_index, CallArgs, Exc, Function, PyResult};
use crate::value::{DictMap, SetMap, Value};

use super::{Frame, Interp};

/// What an attribute lookup for a call found, so a method call needs no bound-method object.
pub enum Callee {
    /// A function from the receiver's class: call it with the receiver first.
    Method(Rc<Function>, Value),
    /// A built-in method of a built-in value.
    BuiltinMethod(crate::object::BuiltinFn, Value),
    Value(Value),
}

/// Where a call's keyword arguments stand as they are evaluated: the run of keywords
/// after a `**` is checked against the ones before it when it ends (`merged_keywords`).
#[derive(Default)]
pub struct KeywordMerge {
    after_double_star: bool,
    /// Where the current run of keywords after a `**` starts.
    run: Option<usize>,
}

impl KeywordMerge {
    /// Before a keyword argument is added to `out`.
    pub fn keyword(&mut self, out: &CallArgs) {
        if self.after_double_star && self.run.is_none() {
            self.run = Some(out.kwargs.len());
        }
    }
}

impl Callee {
    /// How argument errors name it, `name` being the method's; a method's receiver is
    /// the first argument.
    pub fn site<'a>(&'a self, name: &'a str) -> CallSite<'a> {
        match self {
            Callee::Method(m, _) => CallSite::Function(m),
            Callee::BuiltinMethod(_, recv) => CallSite::BuiltinMethod(name, Some(recv)),
            Callee::Value(v) => CallSite::Value(v),
        }
    }
}

/// The callee of a call whose arguments are being evaluated, for the errors found before
/// the call: a keyword given twice through `**`.
#[derive(Clone, Copy)]
pub enum CallSite<'a> {
    Value(&'a Value),
    Function(&'a Function),
    /// A built-in method of this name, of this receiver or (`None`) of the one in front of
    /// the arguments.
    BuiltinMethod(&'a str, Option<&'a Value>),
}

impl Interp {
    /// Evaluates an expression. The common node kinds are dispatched from this small
    /// function; the rest live in `eval_other`, which keeps recursion cheap.
    #[inline]
    pub fn eval(&self, f: &mut Frame, e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Name(n) => {
                match n.slot.get() {
                    Slot::Local(i) => {
                        if let Some(v) = &f.locals.as_slice()[i as usize] {
                            return Ok(v.clone());
                        }
                    }
                    Slot::Global(g) => {
                        if let Some(Some(v)) = self.globals.borrow().get(g as usize) {
                            return Ok(v.clone());
                        }
                    }
                    _ => {}
                }
                self.load_name(f, n).map_err(|x| x.at(e.span))
            }
            ExprKind::Const(c) => Ok(self.constant(c)),
            ExprKind::BinOp(a, op, b) => self.eval_binop(f, e, a, *op, b),
            ExprKind::Compare(first, rest) => self.eval_compare(f, e, first, rest),
            ExprKind::Call { func, args } => self.eval_call(f, e, func, args),
            _ => self.eval_other(f, e),
        }
    }

    /// Evaluates an operand: the two commonest leaves (a bound local, an int literal) inline
    /// in the caller, everything else through [`Interp::eval`]. Leaves are most of the nodes
    /// evaluated, and a call per leaf is most of their cost.
    #[inline(always)]
    pub fn eval_operand(&self, f: &mut Frame, e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Name(n) => {
                if let Slot::Local(i) = n.slot.get() {
                    if let Some(v) = &f.locals.as_slice()[i as usize] {
                        return Ok(v.clone());
                    }
                }
            }
            ExprKind::Const(Const::Int(i)) => return Ok(Value::Int(*i)),
            _ => {}
        }
        self.eval(f, e)
    }

    /// Evaluates a condition (`if`, `while`, `assert`) straight to its truth value.
    #[inline]
    pub fn eval_bool(&self, f: &mut Frame, e: &Expr) -> PyResult<bool> {
        self.test_bool(f, e, None)
    }

    /// The truth of `e` where it is tested, not kept, as CPython's jumps test it: `not`,
    /// `and`, `or` and `a if c else b` test their operands in turn (each operand's
    /// `__bool__` once: `if x and y` with a false `x` does not test `x` again), and the
    /// error of a test is where CPython's traceback puts the jump's: a comparison's under
    /// the comparison, any other's at `at` (the expression the test is a part of), or on
    /// the statement (`None`: no caret).
    pub fn test_bool(&self, f: &mut Frame, e: &Expr, at: Option<Span>) -> PyResult<bool> {
        match &e.kind {
            ExprKind::Compare(first, rest) => {
                if let [(op, right_e)] = rest.as_slice() {
                    let left = self.eval_operand(f, first)?;
                    let right = self.eval_operand(f, right_e)?;
                    if let (Value::Int(x), Value::Int(y)) = (&left, &right) {
                        if let Some(r) = int_compare(*op, *x, *y) {
                            // Ints own nothing: skip the generic drop.
                            std::mem::forget((left, right));
                            return Ok(r);
                        }
                    }
                    let r = self.compare(*op, &left, &right).map_err(|x| x.at(e.span))?;
                    return self.truthy(&r).map_err(|x| x.at(e.span));
                }
                let r = self.eval_compare(f, e, first, rest)?;
                self.truthy(&r).map_err(|x| x.at(e.span))
            }
            ExprKind::UnaryOp(UnaryOp::Not, x) => Ok(!self.test_bool(f, x, at)?),
            ExprKind::BoolOp(op, items) => {
                let and = *op == BoolOp::And;
                for item in items {
                    if self.test_bool(f, item, at)? != and {
                        return Ok(!and);
                    }
                }
                Ok(and)
            }
            ExprKind::IfExp { test, body, orelse } => {
                if self.test_bool(f, test, at)? {
                    self.test_bool(f, body, at)
                } else {
                    self.test_bool(f, orelse, at)
                }
            }
            _ => match self.eval(f, e)? {
                Value::Bool(b) => Ok(b),
                v => self.truthy(&v).map_err(|x| at_span(x, at)),
            },
        }
    }

    fn eval_binop(
        &self,
        f: &mut Frame,
        e: &Expr,
        a: &Expr,
        op: BinOp,
        b: &Expr,
    ) -> PyResult<Value> {
        let x = self.eval_operand(f, a)?;
        let y = self.eval_operand(f, b)?;
        if let (Value::Int(i), Value::Int(j)) = (&x, &y) {
            if let Some(r) = int_binop(op, *i, *j) {
                // Ints own nothing: skip the generic (out-of-line) drop of two values.
                std::mem::forget((x, y));
                return Ok(Value::Int(r));
            }
        }
        self.binary_op(op, &x, &y).map_err(|x| x.at(e.span))
    }

    fn eval_compare(
        &self,
        f: &mut Frame,
        e: &Expr,
        first: &Expr,
        rest: &[(CmpOp, Expr)],
    ) -> PyResult<Value> {
        if let [(op, right_e)] = rest {
            let left = self.eval_operand(f, first)?;
            let right = self.eval_operand(f, right_e)?;
            if let (Value::Int(x), Value::Int(y)) = (&left, &right) {
                if let Some(b) = int_compare(*op, *x, *y) {
                    std::mem::forget((left, right));
                    return Ok(Value::Bool(b));
                }
            }
            return self.compare(*op, &left, &right).map_err(|x| x.at(e.span));
        }
        let mut left = self.eval(f, first)?;
        let n = rest.len();
        for (i, (op, right_e)) in rest.iter().enumerate() {
            let right = self.eval(f, right_e)?;
            let r = self
                .compare_fast(*op, &left, &right)
                .map_err(|x| x.at(e.span))?;
            if i + 1 == n {
                return Ok(r);
            }
            if !self.truthy(&r).map_err(|x| x.at(e.span))? {
                return Ok(r);
            }
            left = right;
        }
        Ok(Value::Bool(true))
    }

    #[inline(never)]
    fn eval_other(&self, f: &mut Frame, e: &Expr) -> PyResult<Value> {
        match &e.kind {
            ExprKind::Name(_)
            | ExprKind::Const(_)
            | ExprKind::BinOp(..)
            | ExprKind::Compare(..)
            | ExprKind::Call { .. } => self.eval(f, e),
            ExprKind::UnaryOp(op, a) => {
                let v = self.eval(f, a)?;
                self.unary(*op, &v).map_err(|x| x.at(e.span))
            }
            ExprKind::BoolOp(op, items) => {
                // The last operand is the value whatever its truth, which is not tested.
                let Some((last, items)) = items.split_last() else {
                    return Ok(Value::None);
                };
                for item in items {
                    let v = self.eval(f, item)?;
                    let t = self.truthy(&v).map_err(|x| x.at(e.span))?;
                    if (*op == BoolOp::And) != t {
                        return Ok(v);
                    }
                }
                self.eval(f, last)
            }
            ExprKind::IfExp { test, body, orelse } => {
                if self.test_bool(f, test, Some(e.span))? {
                    self.eval(f, body)
                } else {
                    self.eval(f, orelse)
                }
            }
            ExprKind::Lambda(def) => Ok(Value::Function(self.make_function(def, f)?)),
            ExprKind::Attribute(obj, name) => {
                let o = self.eval_operand(f, obj)?;
                self.get_attr_at(&o, name, &e.hint)
                    .map_err(|x| x.at(e.span))
            }
            ExprKind::Subscript(obj, index) => {
                let o = self.eval_operand(f, obj)?;
                if let ExprKind::Slice(a, b, c) = &index.kind {
                    let (a, b, c) = self.eval_slice_parts(f, a, b, c)?;
                    return self.get_slice(&o, &a, &b, &c).map_err(|x| x.at(e.span));
                }
                let i = self.eval_operand(f, index)?;
                self.get_item(&o, &i).map_err(|x| x.at(e.span))
            }
            ExprKind::Slice(a, b, c) => {
                let (a, b, c) = self.eval_slice_parts(f, a, b, c)?;
                Ok(crate::builtins::slice_value(a, b, c))
            }
            ExprKind::Starred(_) => {
                Err(self.error(&self.exc.syntax_error, "can't use starred expression here"))
            }
            ExprKind::Tuple(items) => Ok(Value::tuple(self.eval_items(f, items, false, e.span)?)),
            ExprKind::List(items) => Ok(Value::list(self.eval_items(f, items, false, e.span)?)),
            ExprKind::Set(items) => {
                let values = self.eval_items(f, items, true, e.span)?;
                let mut set = SetMap::default();
                for v in values {
                    let key = self.to_key(&v).map_err(|x| x.at(e.span))?;
                    set.insert(key).map_err(|x| x.at(e.span))?;
                }
                // CPython folds a literal of more than two constants into a frozenset
                // constant (which its constant merging rebuilds in iteration order) and
                // merges that into a new set: the table can differ from one built by adds.
                if items.len() > 2 && items.iter().all(is_constant) {
                    // Constants compare without running user code: this cannot fail.
                    let mut constant = SetMap::default();
                    for k in set.iter() {
                        constant.insert(k.clone())?;
                    }
                    let mut merged = SetMap::default();
                    merged.merge(&constant)?;
                    set = merged;
                }
                Ok(Value::set(set, false))
            }
            ExprKind::Dict(entries) => {
                let map = RefCell::new(DictMap::default());
                for (k, v) in entries {
                    match k {
                        Some(k) => {
                            let key = self.eval_operand(f, k)?;
                            let val = self.eval_operand(f, v)?;
                            let key = self.to_key(&key).map_err(|x| x.at(e.span))?;
                            crate::dictmap::insert(&map, key, val).map_err(|x| x.at(e.span))?;
                        }
                        None => {
                            let m = self.eval(f, v)?;
                            self.merge_mapping(&map, &m).map_err(|x| x.at(e.span))?;
                        }
                    }
                }
                Ok(Value::dict(map.into_inner()))
            }
            ExprKind::ListComp(c) => self.comprehension(f, c, CompKind::List, e.span),
            ExprKind::SetComp(c) => self.comprehension(f, c, CompKind::Set, e.span),
            ExprKind::DictComp(c) => self.comprehension(f, c, CompKind::Dict, e.span),
            ExprKind::GeneratorExp(def, first) => {
                let iterable = self.eval(f, first)?;
                let func = self.make_function(def, f)?;
                // The iterable's error is placed at the whole expression, as CPython's is.
                if let Some(r) = super::genexp::start(self, &func, &iterable) {
                    return r.map_err(|x| x.at(e.span));
                }
                let it = self.iter_object(&iterable).map_err(|x| x.at(e.span))?;
                self.call_function(&func, CallArgs::positional(vec![it]))
            }
            ExprKind::FString(parts) => {
                // The length this f-string had last time is the capacity tried first: the
                // text is then built without growing and boxed without shrinking.
                let mut out = String::with_capacity(e.hint.get() as usize);
                self.fstring_into(f, parts, &mut out)
                    .map_err(|x| x.at(e.span))?;
                e.hint.set(u32::try_from(out.len()).unwrap_or(0));
                Ok(Value::string(out))
            }
            ExprKind::NamedExpr(name, value) => {
                let v = self.eval(f, value)?;
                self.store_name(f, name, v.clone())?;
                Ok(v)
            }
            ExprKind::Await(..) | ExprKind::Yield(_) | ExprKind::YieldFrom(_) => Err(self
                .runtime_error(
                    "internal error: a suspending expression reached the plain evaluator",
                )
                .at(e.span)),
        }
    }

    pub fn constant(&self, c: &Const) -> Value {
        match c {
            Const::None => Value::None,
            Const::True => Value::Bool(true),
            Const::False => Value::Bool(false),
            Const::Ellipsis => self.singletons.ellipsis.clone(),
            Const::Int(i) => Value::Int(*i),
            Const::BigInt(b) => Value::BigInt(b.clone()),
            Const::Float(x) => Value::Float(*x),
            Const::Str(s) => Value::Str(s.clone()),
        }
    }

    pub fn unary(&self, op: UnaryOp, v: &Value) -> PyResult<Value> {
        match op {
            UnaryOp::Not => Ok(Value::Bool(!self.truthy(v)?)),
            UnaryOp::Neg => self.unary_neg(v),
            UnaryOp::Pos => self.unary_pos(v),
            UnaryOp::Invert => self.unary_invert(v),
        }
    }

    pub fn compare_fast(&self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(Value::Bool(match op {
                CmpOp::Lt => x < y,
                CmpOp::LtE => x <= y,
                CmpOp::Gt => x > y,
                CmpOp::GtE => x >= y,
                CmpOp::Eq | CmpOp::Is => x == y,
                CmpOp::NotEq | CmpOp::IsNot => x != y,
                _ => return self.compare(op, a, b),
            }));
        }
        self.compare(op, a, b)
    }

    pub fn load_name(&self, f: &Frame, n: &NameRef) -> PyResult<Value> {
        self.load_name_inner(f, n)
            .map_err(|e| self.name_error_context(f, &n.id, e))
    }

    /// Gives a `NameError` for a missing name what its "Did you mean" needs: the name and
    /// the raising frame's local variables (CPython's `co_varnames`: parameters first).
    pub fn name_error_context(&self, f: &Frame, name: &Name, e: Exc) -> Exc {
        if !Rc::ptr_eq(&e.value.class, &self.exc.name_error) {
            return e;
        }
        let locals = match &f.func {
            Some(func) => {
                let scope = &func.scope;
                let mut names: Vec<Name> = scope
                    .param_slots
                    .iter()
                    .filter_map(|slot| match slot {
                        Slot::Local(i) => scope.local_names.get(*i as usize).cloned(),
                        Slot::Cell(i) => scope.cell_names.get(*i as usize).cloned(),
                        _ => None,
                    })
                    .collect();
                for n in &scope.local_names {
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
                names
            }
            None => Vec::new(),
        };
        e.value.exc_data_mut().suggest = Some(crate::object::Suggest::Name {
            name: name.clone(),
            locals,
        });
        e
    }

    fn load_name_inner(&self, f: &Frame, n: &NameRef) -> PyResult<Value> {
        match n.slot.get() {
            Slot::Local(i) => match &f.locals.as_slice()[i as usize] {
                Some(v) => Ok(v.clone()),
                None => Err(self.unbound_local(&n.id)),
            },
            Slot::Cell(i) => match &*f.cells[i as usize].borrow() {
                Some(v) => Ok(v.clone()),
                None => Err(self.unbound_local(&n.id)),
            },
            Slot::Free(i) => match &*f.free_cell(i).borrow() {
                Some(v) => Ok(v.clone()),
                None => Err(self.error(
                    &self.exc.name_error,
                    format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", n.id),
                )),
            },
            Slot::Global(g) => self.load_global(g),
            Slot::ClassBody => {
                if let Some(ns) = f.class_ns() {
                    if let Some(v) = ns.borrow().get(&*n.id) {
                        return Ok(v.clone());
                    }
                }
                let slot = self.global_names.borrow_mut().slot(&n.id);
                self.sync_globals();
                self.load_global(slot)
            }
            Slot::Unresolved => Err(self.name_error(&n.id)),
        }
    }

    fn unbound_local(&self, name: &str) -> crate::object::Exc {
        self.error(
            &self.exc.unbound_local_error,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    pub fn store_name(&self, f: &mut Frame, n: &NameRef, v: Value) -> PyResult<()> {
        match n.slot.get() {
            Slot::Local(i) => f.locals.as_mut_slice()[i as usize] = Some(v),
            Slot::Cell(i) => *f.cells[i as usize].borrow_mut() = Some(v),
            Slot::Free(i) => *f.free_cell(i).borrow_mut() = Some(v),
            Slot::Global(g) => self.store_global(g, v),
            Slot::ClassBody => {
                if let Some(ns) = f.class_ns() {
                    ns.borrow_mut().insert(n.id.clone(), v);
                }
            }
            Slot::Unresolved => return Err(self.name_error(&n.id)),
        }
        Ok(())
    }

    pub fn delete_name(&self, f: &mut Frame, n: &NameRef) -> PyResult<()> {
        let was = match n.slot.get() {
            Slot::Local(i) => f.locals.as_mut_slice()[i as usize].take(),
            Slot::Cell(i) => f.cells[i as usize].borrow_mut().take(),
            Slot::Free(i) => f.free_cell(i).borrow_mut().take(),
            Slot::Global(g) => self
                .globals
                .borrow_mut()
                .get_mut(g as usize)
                .and_then(Option::take),
            Slot::ClassBody => f
                .class_ns()
                .and_then(|ns| ns.borrow_mut().shift_remove(&*n.id)),
            Slot::Unresolved => None,
        };
        match (was, n.slot.get()) {
            (Some(_), _) => Ok(()),
            (None, Slot::Local(_) | Slot::Cell(_)) => Err(self.unbound_local(&n.id)),
            (None, _) => Err(self.name_error(&n.id)),
        }
    }

    /// The items of a tuple, list or (`set`) set display. A `*x` that is not iterable is
    /// "Value after * must be an iterable" in a tuple or a list, as in CPython, whose sets
    /// report the iteration's own error; either is placed at the whole display (`span`), as
    /// CPython places it.
    fn eval_items(
        &self,
        f: &mut Frame,
        items: &[Expr],
        set: bool,
        span: Span,
    ) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let ExprKind::Starred(inner) = &item.kind {
                let v = self.eval(f, inner)?;
                self.star_items(&v, &mut out, set).map_err(|x| x.at(span))?;
            } else {
                out.push(self.eval_operand(f, item)?);
            }
        }
        Ok(out)
    }

    fn eval_slice_parts(
        &self,
        f: &mut Frame,
        a: &Option<Box<Expr>>,
        b: &Option<Box<Expr>>,
        c: &Option<Box<Expr>>,
    ) -> PyResult<(Value, Value, Value)> {
        let mut part = |e: &Option<Box<Expr>>| match e {
            Some(e) => self.eval(f, e),
            None => Ok(Value::None),
        };
        Ok((part(a)?, part(b)?, part(c)?))
    }

    /// Adds a `**mapping` to a dict being built.
    pub fn merge_mapping(&self, map: &RefCell<DictMap>, m: &Value) -> PyResult<()> {
        match m {
            Value::Dict(d) => {
                if std::ptr::eq(&d.map, map) {
                    return Ok(());
                }
                if map.borrow().is_empty() {
                    // CPython's `dict_merge` clones into an empty dict, comparing nothing.
                    let copy = d.map.borrow().clone();
                    *map.borrow_mut() = copy;
                    return Ok(());
                }
                // `dict_merge`: by position, the source's size checked after each insertion
                // (a key's `__eq__` may change either dict).
                let size = d.map.borrow().len();
                let mut at = 0;
                while let Some((k, v)) = crate::dictmap::next_entry(&d.map, &mut at) {
                    crate::dictmap::insert(map, k, v)?;
                    if d.map.borrow().len() != size {
                        return Err(self.runtime_error("dict mutated during update"));
                    }
                }
                Ok(())
            }
            _ => {
                let keys = self.get_attr(m, "keys").map_err(|_| {
                    self.type_error(format!("'{}' object is not a mapping", m.type_name()))
                })?;
                let keys = self.call_value(&keys, vec![])?;
                for k in self.collect(&keys)? {
                    let v = self.get_item(m, &k)?;
                    crate::dictmap::insert(map, self.to_key(&k)?, v)?;
                }
                Ok(())
            }
        }
    }

    // ------------------------------------------------------------ calls

    fn eval_call(&self, f: &mut Frame, e: &Expr, func: &Expr, args: &[Arg]) -> PyResult<Value> {
        let callee = match &func.kind {
            ExprKind::Attribute(obj, name) => {
                return self.eval_method_call(f, e, func, obj, name, args);
            }
            ExprKind::Name(n) => match n.slot.get() {
                // A module-level function called by name, the commonest call: its value
                // without a recursive `eval`.
                Slot::Global(g) => {
                    let globals = self.globals.borrow();
                    match globals.get(g as usize) {
                        Some(Some(v)) => v.clone(),
                        // A builtin (`len`), or missing.
                        _ => {
                            drop(globals);
                            // `len(x)`: the builtin's body runs without the builtin's value.
                            if let [Arg::Positional(a)] = args {
                                if let Some(unary) = self.unary_builtin_at(g) {
                                    let v = self.eval_operand(f, a)?;
                                    return unary(self, &v).map_err(|x| x.at(e.span));
                                }
                            }
                            return self.call_unbound_global(f, e, func, n, g, args);
                        }
                    }
                }
                _ => self.eval(f, func)?,
            },
            _ => self.eval(f, func)?,
        };
        self.call_evaluated(f, e, callee, args)
    }

    /// A call by a global name the module has not bound (other than a one-argument
    /// builtin with one argument, done inline): a builtin, or a missing name, raised again
    /// with the context `eval` gives.
    #[inline(never)]
    fn call_unbound_global(
        &self,
        f: &mut Frame,
        e: &Expr,
        func: &Expr,
        n: &NameRef,
        g: u32,
        args: &[Arg],
    ) -> PyResult<Value> {
        if args.is_empty() && &*n.id == "super" {
            return self.zero_arg_super(f).map_err(|x| x.at(e.span));
        }
        let callee = match self.load_global(g) {
            Ok(v) => v,
            Err(_) => self.eval(f, func)?,
        };
        self.call_evaluated(f, e, callee, args)
    }

    /// The call of an evaluated callee: a plain function's arguments straight into its
    /// frame, anything else with an argument list.
    #[inline(always)]
    fn call_evaluated(
        &self,
        f: &mut Frame,
        e: &Expr,
        callee: Value,
        args: &[Arg],
    ) -> PyResult<Value> {
        if let Value::Function(func_obj) = &callee {
            if func_obj.simple
                && !func_obj.def.is_async
                && !func_obj.scope.is_generator
                && args.len() == func_obj.def.params.positional.len()
                && args.iter().all(|a| matches!(a, Arg::Positional(_)))
            {
                return self
                    .call_simple(f, func_obj, None, args)
                    .map_err(|x| x.at(e.span));
            }
        }
        if let Value::Builtin(b) = &callee {
            if let (Some(unary), [Arg::Positional(a)]) = (b.unary, args) {
                let v = self.eval_operand(f, a)?;
                return unary(self, &v).map_err(|x| x.at(e.span));
            }
        }
        // Unpacking `*v` or `**v` fails at the call (the arguments' own errors are placed).
        let call_args = self
            .eval_args(f, args, CallSite::Value(&callee))
            .map_err(|x| x.at(e.span))?;
        self.call(&callee, call_args).map_err(|x| x.at(e.span))
    }

    /// `obj.name(args)`: a method found on the receiver's class is called with the
    /// receiver first, without a bound-method object.
    #[inline(always)]
    fn eval_method_call(
        &self,
        f: &mut Frame,
        e: &Expr,
        func: &Expr,
        obj: &Expr,
        name: &Name,
        args: &[Arg],
    ) -> PyResult<Value> {
        let o = self.eval_operand(f, obj)?;
        let callee = self
            .method_callee_at(o, name, &func.hint)
            .map_err(|x| x.at(func.span))?;
        match callee {
            // The receiver moves into the new frame (no count taken and given back).
            Callee::Method(m, recv)
                if m.simple
                    && !m.def.is_async
                    && !m.scope.is_generator
                    && args.len() + 1 == m.def.params.positional.len()
                    && args.iter().all(|a| matches!(a, Arg::Positional(_))) =>
            {
                self.call_simple(f, &m, Some(recv), args)
                    .map_err(|x| x.at(e.span))
            }
            callee => self
                .call_callee_at(f, callee, name, args)
                .map_err(|x| x.at(e.span)),
        }
    }

    /// The common case: positional arguments (after a method's receiver) straight into the
    /// new frame's slots.
    #[inline(always)]
    fn call_simple(
        &self,
        f: &mut Frame,
        func: &Rc<Function>,
        receiver: Option<Value>,
        args: &[Arg],
    ) -> PyResult<Value> {
        let mut slots = super::Slots::new();
        let mut frame = self.empty_function_frame(func, slots.locals());
        self.fill_simple(f, &mut frame, func, receiver, args)?;
        self.run_function_frame(&mut frame, func)
    }

    /// Binds a simple call's arguments (all positional, as many as the parameters; the
    /// caller checked) into the new frame, which has no local slots yet, a method's
    /// receiver first; then adds the function's other locals, unbound.
    pub(super) fn fill_simple(
        &self,
        f: &mut Frame,
        frame: &mut Frame,
        func: &Rc<Function>,
        receiver: Option<Value>,
        args: &[Arg],
    ) -> PyResult<()> {
        fill_params(frame, func, receiver, args, |arg| {
            let Arg::Positional(a) = arg else {
                unreachable!("checked by the caller")
            };
            self.eval_operand(f, a)
        })
    }

    pub fn method_callee(&self, obj: Value, name: &str) -> PyResult<Callee> {
        self.method_callee_at(obj, name, &Cell::new(0))
    }

    /// [`Interp::method_callee`] at a call site with a `hint`: a method of the instance's
    /// own class is found by the index it had last time.
    #[inline]
    pub fn method_callee_at(&self, obj: Value, name: &str, hint: &Cell<u32>) -> PyResult<Callee> {
        let Value::Instance(inst) = &obj else {
            return self.value_callee(obj, name, hint);
        };
        if inst.dict.borrow().get(name).is_none() {
            let method = {
                let own = inst.class.dict.borrow();
                match attr_index(&*own, name, hint).map(|at| &own[at]) {
                    Some(Value::Function(func)) => Some(func.clone()),
                    Some(_) => None,
                    None => match inst.class.base.as_ref().and_then(|b| b.lookup(name)) {
                        Some(Value::Function(func)) => Some(func),
                        _ => None,
                    },
                }
            };
            if let Some(func) = method {
                return Ok(Callee::Method(func, obj));
            }
        }
        self.get_attr(&obj, name).map(Callee::Value)
    }

    /// [`Interp::method_callee`] for a receiver that is not an instance of a user class.
    fn value_callee(&self, obj: Value, name: &str, hint: &Cell<u32>) -> PyResult<Callee> {
        match &obj {
            Value::Str(_)
            | Value::List(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::Tuple(_)
            | Value::Int(_)
            | Value::Float(_) => match crate::builtins::methods::lookup_value(&obj, name) {
                Some(func) => Ok(Callee::BuiltinMethod(func, obj)),
                None => self.get_attr(&obj, name).map(Callee::Value),
            },
            Value::Native(n) => match n.method(name) {
                Some(func) => Ok(Callee::BuiltinMethod(func, obj)),
                // A module's attribute is found through the site's hint.
                None => self.get_attr_at(&obj, name, hint).map(Callee::Value),
            },
            _ => self.get_attr(&obj, name).map(Callee::Value),
        }
    }

    pub fn call_callee(&self, callee: Callee, mut args: CallArgs) -> PyResult<Value> {
        match callee {
            Callee::Method(func, recv) => {
                args.args.insert(0, recv);
                self.call_function(&func, args)
            }
            Callee::BuiltinMethod(func, recv) => {
                args.args.insert(0, recv);
                func(self, args)
            }
            Callee::Value(v) => self.call(&v, args),
        }
    }

    /// Calls what a method lookup for `name` found with the arguments of the call site,
    /// the receiver put in front of them as they are evaluated (not inserted after).
    pub(super) fn call_callee_at(
        &self,
        f: &mut Frame,
        callee: Callee,
        name: &str,
        args: &[Arg],
    ) -> PyResult<Value> {
        match callee {
            Callee::Method(func, recv) => {
                let site = CallSite::Function(&func);
                let call_args = self.eval_args_after(f, Some(recv), args, site)?;
                self.call_function(&func, call_args)
            }
            Callee::BuiltinMethod(func, recv) => {
                let site = CallSite::BuiltinMethod(name, None);
                let call_args = self.eval_args_after(f, Some(recv), args, site)?;
                func(self, call_args)
            }
            Callee::Value(v) => {
                let call_args = self.eval_args(f, args, CallSite::Value(&v))?;
                self.call(&v, call_args)
            }
        }
    }

    pub fn eval_args(&self, f: &mut Frame, args: &[Arg], site: CallSite) -> PyResult<CallArgs> {
        self.eval_args_after(f, None, args, site)
    }

    /// The arguments of a call, `first` (a method's receiver) in front of them.
    pub fn eval_args_after(
        &self,
        f: &mut Frame,
        first: Option<Value>,
        args: &[Arg],
        site: CallSite,
    ) -> PyResult<CallArgs> {
        let mut out = CallArgs {
            // Room for a receiver put in front (a method call).
            args: Vec::with_capacity(args.len() + 1),
            ..CallArgs::default()
        };
        out.args.extend(first);
        let mut keywords = KeywordMerge::default();
        for arg in args {
            match arg {
                Arg::Positional(e) => out.args.push(self.eval_operand(f, e)?),
                // An error unpacking `*v` or `**v` is at the call, as CPython's is.
                Arg::Star(e) => {
                    let v = self.eval(f, e)?;
                    self.star_arg(&v, &mut out, site, sole_star(args))?;
                }
                Arg::Keyword(name, e) => {
                    keywords.keyword(&out);
                    out.kwargs.push((name.clone(), self.eval(f, e)?));
                }
                Arg::DoubleStar(e) => {
                    self.merged_keywords(&mut keywords, &out, site)?;
                    let v = self.eval(f, e)?;
                    self.double_star_arg(&mut out, &v, site)?;
                }
            }
        }
        self.merged_keywords(&mut keywords, &out, site)?;
        Ok(out)
    }

    /// Appends the items of a call's `*v` to its arguments `out`. A `*v` that is not
    /// iterable is "f() argument after *" when it is the `sole` positional argument (CPython
    /// passes it to the call as it is), else "Value after *" (CPython builds a list first).
    pub fn star_arg(
        &self,
        v: &Value,
        out: &mut CallArgs,
        site: CallSite,
        sole: bool,
    ) -> PyResult<()> {
        let r = self.collect_into(v, &mut out.args);
        r.map_err(|err| {
            self.not_iterable_after_star(err, v, || match sole {
                true => format!("{} argument", self.callee_str(site, out)),
                false => "Value".to_string(),
            })
        })
    }

    /// Appends the items of `*v` in a list, tuple or (`set`) set display to `out`.
    pub fn star_items(&self, v: &Value, out: &mut Vec<Value>, set: bool) -> PyResult<()> {
        let r = self.collect_into(v, out);
        if set {
            return r;
        }
        r.map_err(|err| self.not_iterable_after_star(err, v, || "Value".to_string()))
    }

    /// CPython's error for a `*v` that is not iterable, "`what` after * must be an
    /// iterable" (any other error from iterating it is left as it is).
    fn not_iterable_after_star(&self, err: Exc, v: &Value, what: impl FnOnce() -> String) -> Exc {
        if err.is(&self.exc.type_error) && self.get_iter(v).is_err() {
            self.type_error(format!(
                "{} after * must be an iterable, not {}",
                what(),
                v.type_name()
            ))
        } else {
            err
        }
    }

    /// Adds the entries of `**v` to a call's keyword arguments.
    pub fn double_star_arg(&self, out: &mut CallArgs, v: &Value, site: CallSite) -> PyResult<()> {
        let map = RefCell::new(DictMap::default());
        if let Err(e) = self.merge_mapping(&map, v) {
            // What has no `keys` is named as CPython names it in a call.
            let no_keys = e.is(&self.exc.type_error)
                && !matches!(v, Value::Dict(_))
                && self.get_attr(v, "keys").is_err();
            if no_keys {
                return Err(self.type_error(format!(
                    "{} argument after ** must be a mapping, not {}",
                    self.callee_str(site, out),
                    v.type_name()
                )));
            }
            return Err(e);
        }
        let from = out.kwargs.len();
        for (k, val) in map.into_inner() {
            let Value::Str(name) = &k.value else {
                return Err(self.type_error("keywords must be strings"));
            };
            out.kwargs.push((Rc::from(name.as_str()), val));
        }
        self.unique_keywords(out, from, site)
    }

    /// Ends a run of keyword arguments written after a `**`: CPython merges the run into
    /// the keywords before it as one mapping, and a name given twice is an error then,
    /// before the arguments after the run are evaluated.
    pub fn merged_keywords(
        &self,
        keywords: &mut KeywordMerge,
        out: &CallArgs,
        site: CallSite,
    ) -> PyResult<()> {
        keywords.after_double_star = true;
        match keywords.run.take() {
            Some(from) => self.unique_keywords(out, from, site),
            None => Ok(()),
        }
    }

    /// The keywords from index `from` on, merged into those before it: none may repeat one.
    fn unique_keywords(&self, out: &CallArgs, from: usize, site: CallSite) -> PyResult<()> {
        let (before, merged) = out.kwargs.split_at(from);
        match merged
            .iter()
            .find(|(name, _)| before.iter().any(|(n, _)| n == name))
        {
            Some((name, _)) => Err(self.type_error(format!(
                "{} got multiple values for keyword argument '{name}'",
                self.callee_str(site, out)
            ))),
            None => Ok(()),
        }
    }

    /// How CPython names a callee in its argument errors (`_PyObject_FunctionStr`):
    /// `module.qualname()`, without the module for what is built in.
    pub fn callee_str(&self, site: CallSite, args: &CallArgs) -> String {
        match site {
            CallSite::Value(v) => self.function_str(v),
            CallSite::Function(func) => format!("__main__.{}()", func.qualname.borrow()),
            CallSite::BuiltinMethod(name, recv) => match recv.or(args.args.first()) {
                Some(recv) => format!("{}()", self.builtin_method_name(recv, name)),
                None => format!("{name}()"),
            },
        }
    }

    /// `callee_str` of a callable value (its `str` when it has no `__qualname__`).
    pub fn function_str(&self, v: &Value) -> String {
        match self.qualified_name(v) {
            Some(name) => format!("{name}()"),
            None => self.str(v).unwrap_or_default(),
        }
    }

    /// `module.qualname` of a callable, without the module for what is built in.
    fn qualified_name(&self, v: &Value) -> Option<String> {
        if let Value::Builtin(b) = v {
            return Some(match &b.bound {
                Some(recv) => self.builtin_method_name(recv, &b.name),
                None => b.name.to_string(),
            });
        }
        let qualname = self.get_attr(v, "__qualname__").ok()?;
        let qualname = self.str(&qualname).unwrap_or_default();
        Some(match self.get_attr(v, "__module__") {
            Ok(Value::Str(m)) if m.as_str() != "builtins" => format!("{}.{qualname}", m.as_str()),
            _ => qualname,
        })
    }

    /// The `qualified_name` of a built-in method: `list.sort`; the module is named when the
    /// receiver's class is not a builtin (`asyncio.queues.Queue.put_nowait`).
    fn builtin_method_name(&self, recv: &Value, name: &str) -> String {
        let class = Value::Class(self.types.class_of(recv));
        let owner = self.qualified_name(&class).unwrap_or_default();
        format!("{owner}.{name}")
    }

    fn zero_arg_super(&self, f: &Frame) -> PyResult<Value> {
        let Some(func) = &f.func else {
            return Err(self.runtime_error("super(): no arguments"));
        };
        let Some(class) = func.owner.borrow().upgrade() else {
            return Err(self.runtime_error("super(): __class__ cell not found"));
        };
        let first = func.scope.param_slots.first().and_then(|slot| match slot {
            Slot::Local(i) => f.locals.as_slice()[*i as usize].clone(),
            Slot::Cell(i) => f.cells[*i as usize].borrow().clone(),
            _ => None,
        });
        let Some(obj) = first else {
            return Err(self.runtime_error("super(): no arguments"));
        };
        crate::builtins::descriptors::make_super(self, class, obj)
    }

    // ------------------------------------------------------------ comprehensions

    fn comprehension(
        &self,
        f: &mut Frame,
        c: &Comprehension,
        kind: CompKind,
        span: Span,
    ) -> PyResult<Value> {
        let first = self.eval(f, &c.generators[0].iter)?;
        // The first iterable is iterated in this frame, as CPython does (GET_ITER before the
        // comprehension's own frame is made).
        // Its error is placed at the whole comprehension, as CPython's is.
        let first = self.get_iter(&first).map_err(|x| x.at(span))?;
        let mut slots = super::Slots::new();
        let mut cf = self.comprehension_frame(f, c, kind, slots.locals());
        let mut sink = Sink::new(kind);
        let depth = self.depth.get() + 1;
        if depth > self.recursion_limit.get() {
            return Err(self.error(
                &self.exc.recursion_error,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth.set(depth);
        let r = self.comp_loop(&mut cf, c, 0, first, &mut sink, span);
        self.depth.set(depth - 1);
        if let Err(mut err) = r {
            cf.record(&mut err);
            return Err(err.at(span));
        }
        Ok(sink.finish())
    }

    pub fn comprehension_frame<'s>(
        &self,
        f: &Frame,
        c: &Comprehension,
        kind: CompKind,
        locals: super::Locals<'s>,
    ) -> Frame<'s> {
        let scope = c.scope.borrow().clone();
        let mut cf = Frame::new(
            f.source().clone(),
            Name::from(kind.name()),
            locals,
            scope.n_locals as usize,
        );
        cf.cells = (0..scope.n_cells)
            .map(|_| Rc::new(std::cell::RefCell::new(None)))
            .collect();
        if !scope.free_sources.is_empty() {
            cf.set_free(
                scope
                    .free_sources
                    .iter()
                    .map(|slot| match slot {
                        Slot::Cell(i) => f.cells[*i as usize].clone(),
                        Slot::Free(i) => f.free_cell(*i).clone(),
                        _ => Rc::new(std::cell::RefCell::new(None)),
                    })
                    .collect(),
            );
        }
        cf
    }

    fn comp_loop(
        &self,
        cf: &mut Frame,
        c: &Comprehension,
        level: usize,
        mut it: super::IterState,
        sink: &mut Sink,
        span: Span,
    ) -> PyResult<()> {
        let g = &c.generators[level];
        'items: while let Some(v) = self.next(&mut it).map_err(|x| x.at(span))? {
            self.assign(cf, &g.target, v)?;
            for cond in &g.ifs {
                if !self.test_bool(cf, cond, Some(span))? {
                    continue 'items;
                }
            }
            if let Some(next) = c.generators.get(level + 1) {
                let inner = self.eval(cf, &next.iter)?;
                let inner = self.get_iter(&inner).map_err(|x| x.at(span))?;
                self.comp_loop(cf, c, level + 1, inner, sink, span)?;
            } else {
                let elt = self.eval(cf, &c.element)?;
                let value = match &c.value {
                    Some(v) => Some(self.eval(cf, v)?),
                    None => None,
                };
                sink.push(self, elt, value)
                    .map_err(|x| x.at(c.element.span))?;
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------ f-strings

    fn fstring_into(&self, f: &mut Frame, parts: &[FPart], out: &mut String) -> PyResult<()> {
        for part in parts {
            match part {
                FPart::Literal(s) => out.push_str(s),
                FPart::Value {
                    expr,
                    conversion,
                    spec,
                } => {
                    let v = self.eval(f, expr)?;
                    let built;
                    let spec = match spec.as_deref() {
                        None => "",
                        // A spec without fields (`:.2f`) is used as written.
                        Some([FPart::Literal(s)]) => s,
                        Some(p) => {
                            built = self.fstring(f, p)?;
                            &built
                        }
                    };
                    // Placed at the whole f-string by the caller, as CPython places it.
                    out.push_str(&self.format_field(&v, *conversion, spec)?);
                }
            }
        }
        Ok(())
    }

    pub fn fstring(&self, f: &mut Frame, parts: &[FPart]) -> PyResult<String> {
        let mut out = String::new();
        self.fstring_into(f, parts, &mut out)?;
        Ok(out)
    }

    pub fn format_field(
        &self,
        v: &Value,
        conversion: Option<char>,
        spec: &str,
    ) -> PyResult<String> {
        let v = match conversion {
            Some('r') => Value::string(self.repr(v)?),
            Some('s') => Value::string(self.str(v)?),
            Some('a') => Value::string(crate::builtins::ascii(&self.repr(v)?)),
            _ => v.clone(),
        };
        // An instance's own `__format__` is called even with no spec, as CPython does.
        if spec.is_empty() && !matches!(v, Value::Instance(_)) {
            return self.str(&v);
        }
        self.format_value(&v, spec)
    }
}

#[derive(Clone, Copy)]
pub enum CompKind {
    List,
    Set,
    Dict,
}

impl CompKind {
    fn name(self) -> &'static str {
        match self {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
        }
    }
}

/// Where a comprehension's elements go.
pub enum Sink {
    List(Vec<Value>),
    Set(SetMap),
    Dict(DictMap),
}

impl Sink {
    pub fn new(kind: CompKind) -> Sink {
        match kind {
            CompKind::List => Sink::List(Vec::new()),
            CompKind::Set => Sink::Set(SetMap::default()),
            CompKind::Dict => Sink::Dict(DictMap::default()),
        }
    }

    pub fn push(&mut self, interp: &Interp, elt: Value, value: Option<Value>) -> PyResult<()> {
        match self {
            Sink::List(v) => crate::value::push_value(v, elt),
            Sink::Set(s) => {
                s.insert(interp.to_key(&elt)?)?;
            }
            Sink::Dict(d) => {
                let key = interp.to_key(&elt)?;
                crate::dictmap::insert_local(d, key, value.unwrap_or(Value::None))?;
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Value {
        match self {
            Sink::List(v) => Value::list(v),
            Sink::Set(s) => Value::set(s, false),
            Sink::Dict(d) => Value::dict(d),
        }
    }
}

/// A literal CPython's compiler folds to a constant (numbers, strings, tuples of them).
fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) => true,
        ExprKind::Tuple(items) => items.iter().all(is_constant),
        _ => false,
    }
}

/// An operator on two small ints, when the result is a small int (else the slow path).
#[inline(always)]
pub(super) fn int_binop(op: BinOp, i: i64, j: i64) -> Option<i64> {
    match op {
        BinOp::Add => i.checked_add(j),
        BinOp::Sub => i.checked_sub(j),
        BinOp::Mul => i.checked_mul(j),
        BinOp::BitAnd => Some(i & j),
        BinOp::BitOr => Some(i | j),
        BinOp::BitXor => Some(i ^ j),
        // Python's floor division and modulo; zero and overflow take the slow path.
        BinOp::Mod if j != 0 => {
            i.checked_rem_euclid(j)
                .map(|r| if r != 0 && j < 0 { r + j } else { r })
        }
        BinOp::FloorDiv if j != 0 => i.checked_div(j).map(|q| {
            if (i % j != 0) && ((i < 0) != (j < 0)) {
                q - 1
            } else {
                q
            }
        }),
        _ => None,
    }
}

/// A comparison of two small ints, for the operators that compare values.
#[inline(always)]
pub(super) fn int_compare(op: CmpOp, x: i64, y: i64) -> Option<bool> {
    match op {
        CmpOp::Lt => Some(x < y),
        CmpOp::LtE => Some(x <= y),
        CmpOp::Gt => Some(x > y),
        CmpOp::GtE => Some(x >= y),
        CmpOp::Eq => Some(x == y),
        CmpOp::NotEq => Some(x != y),
        _ => None,
    }
}

/// Stores an argument in a parameter's slot of a new frame.
#[inline]
pub(super) fn store_slot(frame: &mut Frame, slot: Slot, v: Value) {
    match slot {
        Slot::Local(i) => frame.locals[i as usize] = Some(v),
        Slot::Cell(i) => *frame.cells[i as usize].borrow_mut() = Some(v),
        _ => {}
    }
}

/// Fills the new `frame` of a call of the `simple` function `func` with `receiver` (a
/// method's) and then `args`, as `eval` evaluates them in order: straight into the locals'
/// buffer when the parameters are its first locals, else each into its parameter's slot.
#[inline(always)]
pub(super) fn fill_params<'a, A>(
    frame: &mut Frame,
    func: &Function,
    receiver: Option<Value>,
    args: &'a [A],
    mut eval: impl FnMut(&'a A) -> PyResult<Value>,
) -> PyResult<()> {
    let n_locals = func.scope.n_locals as usize;
    let given = args.len() + usize::from(receiver.is_some());
    if func.scope.params_first && frame.locals.is_empty() && given <= n_locals {
        // Most calls: the arguments straight into the locals' buffer.
        return super::fill_locals(&mut frame.locals, receiver, args, n_locals, eval);
    }
    frame.unbind_locals(n_locals);
    let mut slots = func.scope.param_slots.iter();
    if let Some(recv) = receiver {
        if let Some(slot) = slots.next() {
            store_slot(frame, *slot, recv);
        }
    }
    for (arg, slot) in args.iter().zip(slots) {
        let v = eval(arg)?;
        store_slot(frame, *slot, v);
    }
    Ok(())
}

/// `e` placed at `span`, if there is one (else where the statement is).
pub fn at_span(e: crate::object::Exc, span: Option<Span>) -> crate::object::Exc {
    match span {
        Some(span) => e.at(span),
        None => e,
    }
}

/// Whether a call's only positional argument is one `*v`.
pub fn sole_star(args: &[Arg]) -> bool {
    let mut positional = args
        .iter()
        .filter(|a| matches!(a, Arg::Positional(_) | Arg::Star(_)));
    matches!(
        (positional.next(), positional.next()),
        (Some(Arg::Star(_)), None)
    )
}

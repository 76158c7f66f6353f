//! Code compiled to closures: the second way plain (non-suspending) code runs.
//!
//! The tree-walker (`eval.rs`, `exec.rs`) decides at every node what kind it is, which
//! slot a name is in, which operator a `BinOp` applies and whether a call's arguments are
//! all positional. Code that runs many times asks the same questions each time, so it is
//! compiled, the first time it runs, into closures that have the answers built in: `n - 1`
//! becomes "local 0 minus the int 1", `fib(n - 1)` "call the global 3 with one argument".
//! Each closure does what the tree-walker does for its node, in the same order and with
//! the same errors; a node it has no closure for is run by the tree-walker itself, so
//! anything can be compiled whole. What is compiled:
//!
//! - the body of a plain function, at its first call (`FunctionDef::code`);
//! - the top-level statements of a coroutine that cannot suspend (`FunctionDef::steps`);
//! - every `while` and `for` the tree-walker meets: at module level, in a class body,
//!   inside a coroutine or a generator (`Stmt::run_compiled`);
//! - every statement that cannot suspend in a block of a coroutine that can (a loop's
//!   body, a `try`'s), the first time it runs (`Stmt::run_compiled`);
//! - the target, conditions and element of a generator expression that runs as a plain
//!   iterator (`FunctionDef::genexp_code`, for `genexp.rs`).
//!
//! The closures refer to the nodes of the tree they were made from (`node`). The compiled
//! code is kept in the node that owns that tree (the `FunctionDef`, the `Stmt`), so the
//! tree outlives it.

use std::cell::OnceCell;

use crate::ast::*;
use crate::object::{attr_index, CallArgs, PyResult};
use crate::value::Value;

use super::eval::{Callee, CompKind, Sink};
use super::{Flow, Frame, Interp, IterState};

pub type ExprFn = Box<dyn Fn(&Interp, &mut Frame) -> PyResult<Value>>;
pub type BoolFn = Box<dyn Fn(&Interp, &mut Frame) -> PyResult<bool>>;
type StmtFn = Box<dyn Fn(&Interp, &mut Frame) -> PyResult<Flow>>;
pub type StoreFn = Box<dyn Fn(&Interp, &mut Frame, Value) -> PyResult<()>>;

/// Where a `FunctionDef` keeps its compiled code.
#[derive(Default)]
pub struct CodeCell {
    body: OnceCell<Code>,
    steps: OnceCell<Steps>,
    genexp: OnceCell<GenExpCode>,
    can_suspend: OnceCell<bool>,
}

impl std::fmt::Debug for CodeCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeCell")
    }
}

/// Where a statement run on its own keeps its compiled form (`Stmt::code`).
#[derive(Default)]
pub struct StmtCode(OnceCell<StmtFn>);

impl std::fmt::Debug for StmtCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StmtCode")
    }
}

impl FunctionDef {
    /// The body compiled, at the first call (`library`: the function is Aio's own).
    pub fn code(&self, library: bool) -> &Code {
        // The code is kept in this `FunctionDef`, whose tree its closures refer to.
        self.code.body.get_or_init(|| Code {
            body: Compiler { library }.block(&self.body),
        })
    }

    /// Whether any statement of the body can suspend (has an `await`, an `async for` or an
    /// `async with`). A coroutine whose body cannot runs as a plain function's does.
    pub fn can_suspend(&self) -> bool {
        *self
            .code
            .can_suspend
            .get_or_init(|| self.body.iter().any(|s| s.suspends.get()))
    }

    /// For a coroutine's body, which `suspend.rs` steps through statement by statement:
    /// its top-level statements that cannot suspend, compiled.
    pub fn steps(&self, library: bool) -> &Steps {
        self.code.steps.get_or_init(|| {
            let compiler = Compiler { library };
            Steps(
                self.body
                    .iter()
                    .map(|s| (!s.suspends.get()).then(|| compiler.stmt(s)))
                    .collect(),
            )
        })
    }

    /// For the body of a generator expression of the simple shape (`genexp.rs`), `for
    /// target in .0: [if c:]* yield element`: its parts, compiled at its first item.
    pub fn genexp_code(
        &self,
        library: bool,
        target: &Expr,
        conditions: &[&Expr],
        element: &Expr,
    ) -> &GenExpCode {
        // Kept in this `FunctionDef`, which owns the parts (they are of its body).
        self.code.genexp.get_or_init(|| {
            let compiler = Compiler { library };
            GenExpCode {
                store: compiler.store(target),
                // A test's error is placed at the whole expression, as the hidden
                // function's `if` statements are (and CPython's jumps).
                conditions: conditions
                    .iter()
                    .map(|c| compiler.test(c, Some(self.span)))
                    .collect(),
                element: compiler.expr(element),
            }
        })
    }
}

/// Where an `await` of a call keeps the parts of the call it evaluates itself (see
/// `Interp::awaited`), compiled the first time: the callee (or, for a method, its object)
/// and the arguments, if they are all positional.
#[derive(Default)]
pub struct AwaitCode(OnceCell<Option<AwaitCall>>);

pub struct AwaitCall {
    /// The callee; for a method `obj.name(...)`, `obj`.
    pub target: ExprFn,
    pub args: Box<[ExprFn]>,
}

impl std::fmt::Debug for AwaitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AwaitCode")
    }
}

impl AwaitCode {
    /// The compiled call of `await inner` (whose node keeps this), if `inner` is a call
    /// with positional arguments only and cannot suspend.
    pub fn call(&self, library: bool, inner: &Expr) -> Option<&AwaitCall> {
        self.0
            .get_or_init(|| {
                let ExprKind::Call { func, args } = &inner.kind else {
                    return None;
                };
                if inner.suspends.get() {
                    return None;
                }
                let compiler = Compiler { library };
                let target = match &func.kind {
                    ExprKind::Attribute(obj, _) => compiler.expr(obj),
                    _ => compiler.expr(func),
                };
                let args = args
                    .iter()
                    .map(|a| match a {
                        Arg::Positional(a) => Some(compiler.expr(a)),
                        _ => None,
                    })
                    .collect::<Option<_>>()?;
                Some(AwaitCall { target, args })
            })
            .as_ref()
    }
}

/// A generator expression's `for` target, its conditions and its element, compiled.
pub struct GenExpCode {
    pub store: StoreFn,
    pub conditions: Box<[BoolFn]>,
    pub element: ExprFn,
}

impl Stmt {
    /// Runs this statement (which cannot suspend) compiled, compiling it the first time.
    pub fn run_compiled(&self, interp: &Interp, f: &mut Frame) -> PyResult<Flow> {
        // The code is kept in this statement, whose tree its closures refer to.
        let code = self
            .code
            .0
            .get_or_init(|| Compiler { library: f.library }.stmt(self));
        code(interp, f)
    }
}

/// A compiled function body.
pub struct Code {
    body: Block,
}

impl Code {
    #[inline]
    pub fn run(&self, interp: &Interp, f: &mut Frame) -> PyResult<Flow> {
        self.body.run(interp, f)
    }
}

/// The top-level statements of a coroutine's body, compiled where they cannot suspend.
pub struct Steps(Box<[Option<StmtFn>]>);

impl Steps {
    /// Runs statement `at` of the body if it is compiled; `None` if it is not.
    #[inline]
    pub fn run(&self, at: usize, interp: &Interp, f: &mut Frame) -> Option<PyResult<Flow>> {
        let step = self.0.get(at)?.as_ref()?;
        Some(step(interp, f))
    }
}

/// A statement list.
struct Block(Box<[StmtFn]>);

impl Block {
    #[inline]
    fn run(&self, interp: &Interp, f: &mut Frame) -> PyResult<Flow> {
        for s in self.0.iter() {
            match s(interp, f)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }
}

/// A reference to a node of the tree the compiled code was made from.
fn node<T: ?Sized>(x: &T) -> &'static T {
    // SAFETY: compiled code is kept in the node (a `FunctionDef`, a loop's `Stmt`) whose
    // tree holds every node it refers to, and is dropped with it; the tree is not changed
    // after it is resolved. The code runs only while that node is alive: a function's
    // `FunctionDef` is kept by the function being called, a loop by the tree running it.
    unsafe { &*(x as *const T) }
}

struct Compiler {
    /// The function is Aio's own library code: its statements do not set the line.
    library: bool,
}

impl Compiler {
    fn block(&self, stmts: &[Stmt]) -> Block {
        Block(stmts.iter().map(|s| self.stmt(s)).collect())
    }

    /// A statement's closure: `body` with what `Interp::exec` does around every statement
    /// (deferred work, the line, Ctrl-C; errors placed at the statement when nothing
    /// inside placed them).
    fn statement(
        &self,
        span: Span,
        body: impl Fn(&Interp, &mut Frame) -> PyResult<Flow> + 'static,
    ) -> StmtFn {
        let library = self.library;
        Box::new(move |interp, f| {
            if interp.deferred_pending() {
                interp.run_deferred();
            }
            if !library {
                interp.set_line(span);
                if crate::runtime::interrupt::pending() {
                    crate::runtime::interrupt::raise_if_pending(interp).map_err(|e| e.at(span))?;
                }
            }
            body(interp, f).map_err(|e| e.at(span))
        })
    }

    fn stmt(&self, s: &Stmt) -> StmtFn {
        let s = node(s);
        let span = s.span;
        match &s.kind {
            StmtKind::Expr(e) => {
                let e = self.expr(e);
                self.statement(span, move |interp, f| {
                    let v = e(interp, f)?;
                    if f.echo() {
                        interp.display(v)?;
                    }
                    Ok(Flow::Normal)
                })
            }
            StmtKind::Return(Some(e)) => {
                let e = self.expr(e);
                self.statement(span, move |interp, f| Ok(Flow::Return(e(interp, f)?)))
            }
            StmtKind::Return(None) => self.statement(span, |_, _| Ok(Flow::Return(Value::None))),
            StmtKind::Pass => self.statement(span, |_, _| Ok(Flow::Normal)),
            StmtKind::Break => self.statement(span, |_, _| Ok(Flow::Break)),
            StmtKind::Continue => self.statement(span, |_, _| Ok(Flow::Continue)),
            StmtKind::If(test, body, orelse) => {
                let test = self.cond(test);
                let (body, orelse) = (self.block(body), self.block(orelse));
                self.statement(span, move |interp, f| {
                    if test(interp, f)? {
                        body.run(interp, f)
                    } else {
                        orelse.run(interp, f)
                    }
                })
            }
            // `s = s + t` may append in place: the tree-walker's statement does that.
            StmtKind::Assign(targets, value)
                if targets.len() == 1
                    && !(matches!(value.kind, ExprKind::BinOp(_, BinOp::Add, _))
                        && matches!(targets[0].kind, ExprKind::Name(_))) =>
            {
                let value = self.expr(value);
                let store = self.store(&targets[0]);
                self.statement(span, move |interp, f| {
                    let v = value(interp, f)?;
                    store(interp, f, v)?;
                    Ok(Flow::Normal)
                })
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(span, target, *op, value),
            StmtKind::While(test, body, orelse) => {
                let test = self.cond(test);
                let (body, orelse) = (self.block(body), self.block(orelse));
                self.statement(span, move |interp, f| loop {
                    interp.tick()?;
                    if !test(interp, f)? {
                        return orelse.run(interp, f);
                    }
                    match body.run(interp, f)? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        Flow::Normal | Flow::Continue => {}
                    }
                })
            }
            // (An `async for` suspends, so it is never here.)
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                let iter = self.expr(iter);
                let store = self.store(target);
                // The commonest target, a local, is stored inline.
                let slot = local(target);
                let (body, orelse) = (self.block(body), self.block(orelse));
                self.statement(span, move |interp, f| {
                    let iterable = iter(interp, f)?;
                    // CPython places GET_ITER and FOR_ITER on the whole statement.
                    let mut it = interp.get_iter(&iterable)?;
                    while let Some(v) = interp.next(&mut it)? {
                        match slot {
                            Some(i) => f.locals.as_mut_slice()[i] = Some(v),
                            None => store(interp, f, v)?,
                        }
                        match body.run(interp, f)? {
                            Flow::Break => return Ok(Flow::Normal),
                            Flow::Return(v) => return Ok(Flow::Return(v)),
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                    orelse.run(interp, f)
                })
            }
            _ => Box::new(move |interp: &Interp, f: &mut Frame| interp.exec(f, s)),
        }
    }

    /// `target op= value`, as `Interp::aug_assign`: a local int or an attribute with their
    /// parts compiled, anything else by the tree-walker.
    fn aug_assign(&self, span: Span, target: &Expr, op: BinOp, value: &Expr) -> StmtFn {
        let (target, value) = (node(target), node(value));
        let tree = move |interp: &Interp, f: &mut Frame| {
            interp.aug_assign(f, target, op, value)?;
            Ok(Flow::Normal)
        };
        match &target.kind {
            ExprKind::Name(n) => {
                let Slot::Local(i) = n.slot.get() else {
                    return self.statement(span, tree);
                };
                let i = i as usize;
                let rhs = self.expr(value);
                let k = match value.kind {
                    ExprKind::Const(Const::Int(k)) => Some(k),
                    _ => None,
                };
                self.statement(span, move |interp, f| {
                    // Only a local int here; a string grows in place in the tree-walker.
                    let Some(Value::Int(a)) = f.locals.as_slice()[i] else {
                        return tree(interp, f);
                    };
                    let b = match k {
                        Some(k) => Value::Int(k),
                        None => rhs(interp, f)?,
                    };
                    // The slot still holds the int `a` (nothing `value` runs can rebind a
                    // plain local): the new int is written over it.
                    if let (Some(new), Some(Value::Int(slot))) = (
                        int_aug(op, &Value::Int(a), &b),
                        &mut f.locals.as_mut_slice()[i],
                    ) {
                        *slot = new;
                        // An int owns nothing: skip the generic drop.
                        std::mem::forget(b);
                        return Ok(Flow::Normal);
                    }
                    let new = interp.aug_value(op, &Value::Int(a), &b, target, value)?;
                    f.locals.as_mut_slice()[i] = Some(new);
                    Ok(Flow::Normal)
                })
            }
            ExprKind::Attribute(obj, name) => {
                let obj = self.expr(obj);
                let rhs = self.expr(value);
                // A local or an int literal on the right: reading it first is unobservable
                // once the local is known to be bound.
                let pure = match &value.kind {
                    ExprKind::Const(Const::Int(k)) => Some(Err(*k)),
                    _ => local(value).map(Ok),
                };
                self.statement(span, move |interp, f| {
                    let o = obj(interp, f)?;
                    if let (Some(pure), Value::Instance(inst)) = (pure, &o) {
                        let b = match pure {
                            Ok(slot) => match &f.locals.as_slice()[slot] {
                                Some(Value::Int(b)) => Some(*b),
                                _ => None,
                            },
                            Err(k) => Some(k),
                        };
                        // `self.count += 1` on a plain instance whose attribute is an int:
                        // the new int is written over the old one in the instance's dict.
                        if let Some(b) = b {
                            if inst.class.is_plain() && inst.exc.is_none() {
                                let mut d = inst.dict.borrow_mut();
                                if let Some(at) = attr_index(&*d, name, &target.hint) {
                                    if let Value::Int(a) = &mut d[at] {
                                        if let Some(new) =
                                            int_aug(op, &Value::Int(*a), &Value::Int(b))
                                        {
                                            *a = new;
                                            return Ok(Flow::Normal);
                                        }
                                    }
                                }
                            }
                        }
                    }
                    let old = interp
                        .get_attr_at(&o, name, &target.hint)
                        .map_err(|e| e.at(target.span))?;
                    let b = rhs(interp, f)?;
                    let new = match int_aug(op, &old, &b) {
                        Some(new) => Value::Int(new),
                        None => interp.aug_value(op, &old, &b, target, value)?,
                    };
                    interp
                        .set_attr_at(&o, name, new, &target.hint)
                        .map_err(|e| e.at(target.span))?;
                    Ok(Flow::Normal)
                })
            }
            _ => self.statement(span, tree),
        }
    }

    /// Where an assignment puts its value, as `Interp::assign`.
    fn store(&self, target: &Expr) -> StoreFn {
        let target = node(target);
        match &target.kind {
            ExprKind::Name(n) => match n.slot.get() {
                Slot::Local(i) => {
                    let i = i as usize;
                    Box::new(move |_, f, v| {
                        f.locals.as_mut_slice()[i] = Some(v);
                        Ok(())
                    })
                }
                _ => Box::new(move |interp, f, v| interp.assign(f, target, v)),
            },
            ExprKind::Attribute(obj, name) => {
                let obj = self.expr(obj);
                Box::new(move |interp, f, v| {
                    let o = obj(interp, f)?;
                    interp
                        .set_attr_at(&o, name, v, &target.hint)
                        .map_err(|e| e.at(target.span))
                })
            }
            ExprKind::Subscript(obj, index) if !matches!(index.kind, ExprKind::Slice(..)) => {
                let (obj, index) = (self.expr(obj), self.expr(index));
                Box::new(move |interp, f, v| {
                    let o = obj(interp, f)?;
                    let i = index(interp, f)?;
                    interp.set_item(&o, i, v).map_err(|e| e.at(target.span))
                })
            }
            _ => Box::new(move |interp, f, v| interp.assign(f, target, v)),
        }
    }

    /// A condition, straight to its truth value, as `Interp::eval_bool`.
    fn cond(&self, e: &Expr) -> BoolFn {
        self.test(e, None)
    }

    /// The truth of `e` where it is tested, as `Interp::test_bool`: its errors at `at`
    /// (or on the statement), a comparison's under the comparison.
    fn test(&self, e: &Expr, at: Option<Span>) -> BoolFn {
        let e = node(e);
        let span = e.span;
        match &e.kind {
            ExprKind::Compare(first, rest) => {
                if let [(op, right)] = rest.as_slice() {
                    let op = *op;
                    if let (Some(slot), ExprKind::Const(Const::Int(k))) =
                        (local(first), &right.kind)
                    {
                        let k = *k;
                        return Box::new(move |interp, f| {
                            if let Some(Value::Int(x)) = &f.locals.as_slice()[slot] {
                                if let Some(r) = super::eval::int_compare(op, *x, k) {
                                    return Ok(r);
                                }
                            }
                            interp.test_bool(f, e, at)
                        });
                    }
                    let (a, b) = (self.expr(first), self.expr(right));
                    return Box::new(move |interp, f| {
                        let left = a(interp, f)?;
                        let right = b(interp, f)?;
                        if let (Value::Int(x), Value::Int(y)) = (&left, &right) {
                            if let Some(r) = super::eval::int_compare(op, *x, *y) {
                                std::mem::forget((left, right));
                                return Ok(r);
                            }
                        }
                        let r = interp.compare(op, &left, &right).map_err(|x| x.at(span))?;
                        interp.truthy(&r).map_err(|x| x.at(span))
                    });
                }
                let v = self.expr(e);
                Box::new(move |interp, f| {
                    let r = v(interp, f)?;
                    interp.truthy(&r).map_err(|x| x.at(span))
                })
            }
            ExprKind::UnaryOp(UnaryOp::Not, x) => {
                let x = self.test(x, at);
                Box::new(move |interp, f| Ok(!x(interp, f)?))
            }
            ExprKind::BoolOp(op, items) => {
                let and = *op == BoolOp::And;
                let items: Box<[BoolFn]> = items.iter().map(|x| self.test(x, at)).collect();
                Box::new(move |interp, f| {
                    for item in items.iter() {
                        if item(interp, f)? != and {
                            return Ok(!and);
                        }
                    }
                    Ok(and)
                })
            }
            ExprKind::IfExp { test, body, orelse } => {
                let (test, body, orelse) = (
                    self.test(test, at),
                    self.test(body, at),
                    self.test(orelse, at),
                );
                Box::new(move |interp, f| {
                    if test(interp, f)? {
                        body(interp, f)
                    } else {
                        orelse(interp, f)
                    }
                })
            }
            _ => {
                let v = self.expr(e);
                Box::new(move |interp, f| match v(interp, f)? {
                    Value::Bool(b) => Ok(b),
                    v => interp.truthy(&v).map_err(|x| super::eval::at_span(x, at)),
                })
            }
        }
    }

    fn expr(&self, e: &Expr) -> ExprFn {
        let e = node(e);
        let span = e.span;
        let tree = move |interp: &Interp, f: &mut Frame| interp.eval(f, e);
        match &e.kind {
            ExprKind::Name(n) => match n.slot.get() {
                Slot::Local(i) => {
                    let i = i as usize;
                    Box::new(move |interp, f| match &f.locals.as_slice()[i] {
                        Some(v) => Ok(v.clone()),
                        None => tree(interp, f),
                    })
                }
                Slot::Global(g) => {
                    let g = g as usize;
                    Box::new(move |interp, f| {
                        let v = interp.globals.borrow().get(g).cloned().flatten();
                        match v {
                            Some(v) => Ok(v),
                            None => tree(interp, f),
                        }
                    })
                }
                _ => Box::new(tree),
            },
            ExprKind::Const(Const::Int(k)) => {
                let k = *k;
                Box::new(move |_, _| Ok(Value::Int(k)))
            }
            ExprKind::Const(c) => Box::new(move |interp, _| Ok(interp.constant(c))),
            ExprKind::BinOp(a, op, b) => self.binop(e, a, *op, b),
            ExprKind::Compare(first, rest) if rest.len() == 1 => {
                let (op, right) = &rest[0];
                let op = *op;
                let (a, b) = (self.expr(first), self.expr(right));
                Box::new(move |interp, f| {
                    let left = a(interp, f)?;
                    let right = b(interp, f)?;
                    if let (Value::Int(x), Value::Int(y)) = (&left, &right) {
                        if let Some(r) = super::eval::int_compare(op, *x, *y) {
                            std::mem::forget((left, right));
                            return Ok(Value::Bool(r));
                        }
                    }
                    interp.compare(op, &left, &right).map_err(|x| x.at(span))
                })
            }
            ExprKind::UnaryOp(op, a) => {
                let (op, a) = (*op, self.expr(a));
                Box::new(move |interp, f| {
                    let v = a(interp, f)?;
                    interp.unary(op, &v).map_err(|x| x.at(span))
                })
            }
            ExprKind::IfExp { test, body, orelse } => {
                let test = self.test(test, Some(span));
                let (body, orelse) = (self.expr(body), self.expr(orelse));
                Box::new(move |interp, f| {
                    if test(interp, f)? {
                        body(interp, f)
                    } else {
                        orelse(interp, f)
                    }
                })
            }
            ExprKind::Attribute(obj, name) => {
                let obj = self.expr(obj);
                Box::new(move |interp, f| {
                    let o = obj(interp, f)?;
                    interp
                        .get_attr_at(&o, name, &e.hint)
                        .map_err(|x| x.at(span))
                })
            }
            ExprKind::Subscript(obj, index) if !matches!(index.kind, ExprKind::Slice(..)) => {
                let (obj, index) = (self.expr(obj), self.expr(index));
                Box::new(move |interp, f| {
                    let o = obj(interp, f)?;
                    let i = index(interp, f)?;
                    interp.get_item(&o, &i).map_err(|x| x.at(span))
                })
            }
            ExprKind::Tuple(items) if !items.iter().any(starred) => {
                let items = self.exprs(items);
                Box::new(move |interp, f| Ok(Value::tuple(eval_all(&items, interp, f)?)))
            }
            ExprKind::List(items) if !items.iter().any(starred) => {
                let items = self.exprs(items);
                Box::new(move |interp, f| Ok(Value::list(eval_all(&items, interp, f)?)))
            }
            ExprKind::ListComp(c) => self.comprehension(e, c, CompKind::List),
            ExprKind::SetComp(c) => self.comprehension(e, c, CompKind::Set),
            ExprKind::DictComp(c) => self.comprehension(e, c, CompKind::Dict),
            ExprKind::FString(parts) => self.fstring(e, parts),
            ExprKind::Call { func, args } => match (&func.kind, self.positional(args)) {
                (ExprKind::Name(n), Some(args)) => match n.slot.get() {
                    Slot::Global(g) => self.call_global(e, &n.id, g as usize, args),
                    _ => self.call_value(e, self.expr(func), args),
                },
                (ExprKind::Attribute(obj, name), Some(args)) => {
                    self.call_method(e, func, self.expr(obj), name, args)
                }
                (_, Some(args)) => self.call_value(e, self.expr(func), args),
                (_, None) => Box::new(tree),
            },
            _ => Box::new(tree),
        }
    }

    /// A list, set or dict comprehension, as `Interp::comprehension`: the first iterable
    /// in this frame, the rest in a frame of the comprehension's own.
    fn comprehension(&self, e: &'static Expr, c: &'static Comprehension, kind: CompKind) -> ExprFn {
        let span = e.span;
        let comp = Comp {
            levels: c
                .generators
                .iter()
                .map(|g| Level {
                    iter: self.expr(&g.iter),
                    store: self.store(&g.target),
                    slot: local(&g.target),
                    ifs: g.ifs.iter().map(|c| self.test(c, Some(span))).collect(),
                })
                .collect(),
            element: self.expr(&c.element),
            element_span: c.element.span,
            value: c.value.as_ref().map(|v| self.expr(v)),
            span,
        };
        Box::new(move |interp, f| {
            let first = (comp.levels[0].iter)(interp, f)?;
            // Iterated in this frame, as `Interp::comprehension` does.
            // An iterable's error is placed at the whole comprehension, as CPython's is.
            let first = interp.get_iter(&first).map_err(|x| x.at(span))?;
            let mut slots = super::Slots::new();
            let mut cf = interp.comprehension_frame(f, c, kind, slots.locals());
            let mut sink = Sink::new(kind);
            let depth = interp.depth.get() + 1;
            if depth > interp.recursion_limit.get() {
                return Err(interp.error(
                    &interp.exc.recursion_error,
                    "maximum recursion depth exceeded",
                ));
            }
            interp.depth.set(depth);
            let r = comp.run(interp, &mut cf, 0, first, &mut sink);
            interp.depth.set(depth - 1);
            if let Err(mut err) = r {
                cf.record(&mut err);
                return Err(err.at(span));
            }
            Ok(sink.finish())
        })
    }

    /// An f-string, as the tree-walker builds it.
    fn fstring(&self, e: &'static Expr, parts: &[FPart]) -> ExprFn {
        let parts = self.fparts(parts);
        Box::new(move |interp, f| {
            // The length this f-string had last time is the capacity tried first: the text
            // is then built without growing and boxed without shrinking.
            let mut out = String::with_capacity(e.hint.get() as usize);
            // A field's formatting fails at the whole f-string, as CPython's does.
            parts.build(interp, f, &mut out).map_err(|x| x.at(e.span))?;
            e.hint.set(u32::try_from(out.len()).unwrap_or(0));
            Ok(Value::string(out))
        })
    }

    fn fparts(&self, parts: &[FPart]) -> FParts {
        FParts(
            parts
                .iter()
                .map(|p| match p {
                    FPart::Literal(s) => Part::Literal(node(&**s)),
                    FPart::Value {
                        expr,
                        conversion,
                        spec,
                    } => Part::Value {
                        value: self.expr(expr),
                        conversion: *conversion,
                        spec: match spec.as_deref() {
                            None => Spec::Empty,
                            // A spec without fields (`:.2f`) is used as written.
                            Some([FPart::Literal(s)]) => Spec::Literal(node(&**s)),
                            Some(p) => Spec::Built(self.fparts(p)),
                        },
                    },
                })
                .collect(),
        )
    }

    fn exprs(&self, items: &[Expr]) -> Box<[ExprFn]> {
        items.iter().map(|e| self.expr(e)).collect()
    }

    /// The arguments of a call if all are positional.
    fn positional(&self, args: &[Arg]) -> Option<Box<[ExprFn]>> {
        args.iter()
            .map(|a| match a {
                Arg::Positional(e) if !matches!(e.kind, ExprKind::Starred(_)) => Some(self.expr(e)),
                _ => None,
            })
            .collect()
    }

    fn binop(&self, e: &'static Expr, a: &Expr, op: BinOp, b: &Expr) -> ExprFn {
        let span = e.span;
        if let (Some(slot), ExprKind::Const(Const::Int(k))) = (local(a), &b.kind) {
            let k = *k;
            macro_rules! local_const {
                ($method:ident) => {
                    Box::new(move |interp, f| {
                        if let Some(Value::Int(x)) = &f.locals.as_slice()[slot] {
                            if let Some(r) = x.$method(k) {
                                return Ok(Value::Int(r));
                            }
                        }
                        interp.eval(f, e)
                    })
                };
            }
            return match op {
                BinOp::Add => local_const!(checked_add),
                BinOp::Sub => local_const!(checked_sub),
                BinOp::Mul => local_const!(checked_mul),
                _ => Box::new(move |interp, f| {
                    if let Some(Value::Int(x)) = &f.locals.as_slice()[slot] {
                        if let Some(r) = super::eval::int_binop(op, *x, k) {
                            return Ok(Value::Int(r));
                        }
                    }
                    interp.eval(f, e)
                }),
            };
        }
        let (a, b) = (self.expr(a), self.expr(b));
        Box::new(move |interp, f| {
            let x = a(interp, f)?;
            let y = b(interp, f)?;
            if let (Value::Int(i), Value::Int(j)) = (&x, &y) {
                if let Some(r) = super::eval::int_binop(op, *i, *j) {
                    // Ints own nothing: skip the generic drop of two values.
                    std::mem::forget((x, y));
                    return Ok(Value::Int(r));
                }
            }
            interp.binary_op(op, &x, &y).map_err(|x| x.at(span))
        })
    }

    /// `g(args)` of a module-level name with positional arguments.
    fn call_global(&self, e: &'static Expr, name: &Name, g: usize, args: Box<[ExprFn]>) -> ExprFn {
        let span = e.span;
        // `super()` finds its class and receiver in the frame: the tree-walker's.
        let is_super = &**name == "super";
        Box::new(move |interp, f| {
            let callee = interp.globals.borrow().get(g).cloned().flatten();
            let Some(callee) = callee else {
                // A builtin: `len(x)` runs the builtin's body without the builtin's value.
                if let [arg] = &*args {
                    if let Some(unary) = interp.unary_builtin_at(g as u32) {
                        let v = arg(interp, f)?;
                        return unary(interp, &v).map_err(|x| x.at(span));
                    }
                }
                return match interp.load_global(g as u32) {
                    Ok(builtin) if !is_super => {
                        call(interp, f, builtin, None, &args).map_err(|x| x.at(span))
                    }
                    // `super()`, or a missing name: as the tree-walker does it.
                    _ => interp.eval(f, e),
                };
            };
            call(interp, f, callee, None, &args).map_err(|x| x.at(span))
        })
    }

    /// `func(args)` of any callee with positional arguments.
    fn call_value(&self, e: &'static Expr, func: ExprFn, args: Box<[ExprFn]>) -> ExprFn {
        let span = e.span;
        Box::new(move |interp, f| {
            let callee = func(interp, f)?;
            call(interp, f, callee, None, &args).map_err(|x| x.at(span))
        })
    }

    /// `obj.name(args)` with positional arguments: a method found on the receiver's class is
    /// called with the receiver first, without a bound-method object.
    fn call_method(
        &self,
        e: &'static Expr,
        func: &Expr,
        obj: ExprFn,
        name: &'static Name,
        args: Box<[ExprFn]>,
    ) -> ExprFn {
        let span = e.span;
        let func = node(func);
        Box::new(move |interp, f| {
            let o = obj(interp, f)?;
            let callee = interp
                .method_callee_at(o, name, &func.hint)
                .map_err(|x| x.at(func.span))?;
            match callee {
                Callee::Method(m, recv) => {
                    call(interp, f, Value::Function(m), Some(recv), &args).map_err(|x| x.at(span))
                }
                Callee::BuiltinMethod(method, recv) => {
                    let mut values = Vec::with_capacity(args.len() + 1);
                    values.push(recv);
                    for a in args.iter() {
                        values.push(a(interp, f)?);
                    }
                    method(interp, CallArgs::positional(values)).map_err(|x| x.at(span))
                }
                Callee::Value(v) => call(interp, f, v, None, &args).map_err(|x| x.at(span)),
            }
        })
    }
}

/// A compiled comprehension: its `for` levels (each with its `if`s) and what it adds.
struct Comp {
    levels: Box<[Level]>,
    element: ExprFn,
    element_span: Span,
    value: Option<ExprFn>,
    span: Span,
}

struct Level {
    /// The iterable (the first level's is evaluated and iterated in the enclosing frame).
    iter: ExprFn,
    store: StoreFn,
    /// The target's slot when it is a local, stored inline.
    slot: Option<usize>,
    ifs: Box<[BoolFn]>,
}

impl Comp {
    /// `Interp::comp_loop`: the items of `iterable` through `level` and the levels inside.
    fn run(
        &self,
        interp: &Interp,
        cf: &mut Frame,
        level: usize,
        mut it: IterState,
        sink: &mut Sink,
    ) -> PyResult<()> {
        let g = &self.levels[level];
        'items: while let Some(v) = interp.next(&mut it).map_err(|x| x.at(self.span))? {
            match g.slot {
                Some(i) => cf.locals.as_mut_slice()[i] = Some(v),
                None => (g.store)(interp, cf, v)?,
            }
            for cond in g.ifs.iter() {
                if !cond(interp, cf)? {
                    continue 'items;
                }
            }
            if let Some(next) = self.levels.get(level + 1) {
                let inner = (next.iter)(interp, cf)?;
                let inner = interp.get_iter(&inner).map_err(|x| x.at(self.span))?;
                self.run(interp, cf, level + 1, inner, sink)?;
            } else {
                let elt = (self.element)(interp, cf)?;
                let value = match &self.value {
                    Some(v) => Some(v(interp, cf)?),
                    None => None,
                };
                sink.push(interp, elt, value)
                    .map_err(|x| x.at(self.element_span))?;
            }
        }
        Ok(())
    }
}

/// A compiled f-string.
struct FParts(Box<[Part]>);

impl FParts {
    /// `Interp::fstring_into`.
    fn build(&self, interp: &Interp, f: &mut Frame, out: &mut String) -> PyResult<()> {
        for part in self.0.iter() {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Value {
                    value,
                    conversion,
                    spec,
                } => {
                    let v = value(interp, f)?;
                    let mut built = String::new();
                    let spec = match spec {
                        Spec::Empty => "",
                        Spec::Literal(s) => s,
                        Spec::Built(parts) => {
                            parts.build(interp, f, &mut built)?;
                            &built
                        }
                    };
                    out.push_str(&interp.format_field(&v, *conversion, spec)?);
                }
            }
        }
        Ok(())
    }
}

/// A compiled piece of an f-string.
enum Part {
    Literal(&'static str),
    Value {
        value: ExprFn,
        conversion: Option<char>,
        spec: Spec,
    },
}

/// A compiled format spec of an f-string's field.
enum Spec {
    Empty,
    Literal(&'static str),
    /// A spec with fields of its own (`{x:{width}}`), an f-string itself.
    Built(FParts),
}

/// Calls `callee` with `receiver` (a method's) and then `args` evaluated in order: a plain
/// function's arguments go straight into its frame, as `Interp::fill_simple` puts them.
#[inline(always)]
fn call(
    interp: &Interp,
    f: &mut Frame,
    callee: Value,
    receiver: Option<Value>,
    args: &[ExprFn],
) -> PyResult<Value> {
    if let Value::Function(func) = &callee {
        let given = args.len() + usize::from(receiver.is_some());
        if func.direct_arity == Some(given as u32) {
            let mut slots = super::Slots::new();
            let mut frame = interp.empty_function_frame(func, slots.locals());
            let n_locals = func.scope.n_locals as usize;
            super::fill_locals(&mut frame.locals, receiver, args, n_locals, |a| {
                a(interp, f)
            })?;
            return interp.run_function_frame(&mut frame, func);
        }
    }
    let mut values = Vec::with_capacity(args.len() + 1);
    values.extend(receiver);
    for a in args {
        values.push(a(interp, f)?);
    }
    interp.call(&callee, CallArgs::positional(values))
}

/// `old op= rhs` of two ints on `Interp::aug_value`'s fast path.
#[inline(always)]
fn int_aug(op: BinOp, old: &Value, rhs: &Value) -> Option<i64> {
    match (op, old, rhs) {
        (BinOp::Add, Value::Int(a), Value::Int(b)) => a.checked_add(*b),
        (BinOp::Sub, Value::Int(a), Value::Int(b)) => a.checked_sub(*b),
        _ => None,
    }
}

fn eval_all(items: &[ExprFn], interp: &Interp, f: &mut Frame) -> PyResult<Vec<Value>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(item(interp, f)?);
    }
    Ok(out)
}

fn starred(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Starred(_))
}

/// The slot of a plain local variable.
fn local(e: &Expr) -> Option<usize> {
    match &e.kind {
        ExprKind::Name(n) => match n.slot.get() {
            Slot::Local(i) => Some(i as usize),
            _ => None,
        },
        _ => None,
    }
}

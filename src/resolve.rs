//! Names to slots: the stage between parsing and running.
//!
//! Two walks over the tree. The first collects, for every scope (module, function, class,
//! comprehension), the names it binds, uses and declares `global`/`nonlocal`, and reports
//! Python's scope-related syntax errors. Between the walks, Python's rules decide each name's
//! home: a local slot, a cell shared with inner functions, a captured (free) variable, a
//! class-body name or a global. The second walk writes those homes into every [`NameRef`],
//! fills each scope's [`ScopeInfo`], and marks which nodes can suspend (`await`/`yield`), so
//! the interpreter only builds futures where a suspension can happen.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use indexmap::{IndexMap, IndexSet};

/// Names are short and chosen by the program, not by an adversary: FNV hashes them in a
/// fraction of SipHash's time (hashing was an eighth of resolving asyncio's library).
type Fnv = std::hash::BuildHasherDefault<fnv::FnvHasher>;
type NameSet = IndexSet<Name, Fnv>;

use crate::ast::*;
use crate::parser::SyntaxError;

/// The module's global variables by name; slots are stable for the life of the interpreter,
/// so the REPL can resolve input after input against the same table.
#[derive(Debug, Default)]
pub struct GlobalNames {
    slots: HashMap<Name, u32, Fnv>,
    names: Vec<Name>,
}

impl GlobalNames {
    pub fn slot(&mut self, name: &Name) -> u32 {
        if let Some(&s) = self.slots.get(name) {
            return s;
        }
        let s = self.names.len() as u32;
        self.names.push(name.clone());
        self.slots.insert(name.clone(), s);
        s
    }

    pub fn lookup(&self, name: &str) -> Option<u32> {
        self.slots.get(name).copied()
    }

    pub fn name(&self, slot: u32) -> &Name {
        &self.names[slot as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Function { is_async: bool },
    Class,
    Comprehension,
}

#[derive(Debug)]
struct ScopeData {
    kind: ScopeKind,
    params: Vec<Name>,
    bound: NameSet,
    used: NameSet,
    /// Every name assigned so far, declared `global` or `nonlocal` or not: a second
    /// declaration after an assignment is an error too.
    assigned: HashSet<Name, Fnv>,
    globals: HashSet<Name, Fnv>,
    nonlocals: IndexMap<Name, Span, Fnv>,
    children: Vec<usize>,
    // Decided between the walks.
    cells: NameSet,
    frees: NameSet,
    has_yield: bool,
    /// A generator expression: a function, but `:=` in it binds in the scope around it.
    is_genexpr: bool,
}

impl ScopeData {
    fn new(kind: ScopeKind) -> ScopeData {
        ScopeData {
            kind,
            params: Vec::new(),
            bound: NameSet::default(),
            used: NameSet::default(),
            assigned: HashSet::default(),
            globals: HashSet::default(),
            nonlocals: IndexMap::default(),
            children: Vec::new(),
            cells: NameSet::default(),
            frees: NameSet::default(),
            has_yield: false,
            is_genexpr: false,
        }
    }

    /// CPython's error for a `global` or `nonlocal` (`kind`) declaration of `n` that comes
    /// after the scope used or assigned `n`, or of a parameter; its checks in its order.
    fn declared_late(&self, n: &Name, kind: &str) -> Option<String> {
        if self.params.contains(n) {
            Some(format!("name '{n}' is parameter and {kind}"))
        } else if self.used.contains(n) {
            Some(format!("name '{n}' is used prior to {kind} declaration"))
        } else if self.assigned.contains(n) || self.bound.contains(n) {
            Some(format!(
                "name '{n}' is assigned to before {kind} declaration"
            ))
        } else {
            None
        }
    }

    fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function { .. } | ScopeKind::Comprehension
        )
    }
}

/// The slot layout of one scope, used by the second walk.
#[derive(Debug, Default)]
struct Layout {
    homes: HashMap<Name, Slot, Fnv>,
    /// Where functions defined here capture a name from, where that is not its home: a
    /// class's own name that a method borrows from the enclosing function is read and
    /// written in the class namespace, while the method gets the function's cell (the
    /// class's free variable), as in CPython.
    captures: HashMap<Name, Slot, Fnv>,
    locals: Vec<Name>,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Pass {
    Collect,
    Assign,
}

/// CPython's `check_compare`: `is`/`is not` with an operand its optimizer folds to a
/// constant (other than None, True, False and `...`) is almost always a mistake for `==`.
fn warn_is_literal(offset: usize, first: &Expr, rest: &[(CmpOp, Expr)]) {
    let mut left = first;
    for (op, right) in rest {
        if matches!(op, CmpOp::Is | CmpOp::IsNot) && (is_literal(left) || is_literal(right)) {
            let msg = if *op == CmpOp::Is {
                "\"is\" with a literal. Did you mean \"==\"?"
            } else {
                "\"is not\" with a literal. Did you mean \"!=\"?"
            };
            crate::parser::warn(offset, msg.to_string());
            return;
        }
        left = right;
    }
}

/// What CPython's AST optimizer makes of a constant expression, as far as `is` cares.
#[derive(Clone, Copy)]
enum Folded {
    /// None, `...`: constants `is` is meant for.
    Singleton,
    Bool,
    /// An int of this many bits.
    Int(u64),
    Float,
    /// A string of this many characters.
    Str(usize),
    /// A tuple of this many items.
    Tuple(usize),
}

fn is_literal(e: &Expr) -> bool {
    !matches!(folded(e), None | Some(Folded::Singleton | Folded::Bool))
}

/// CPython's folding of constant operands (`-1`, `2**10`, `'a' * 3`, `(1, 2)`), with its
/// size limits (128-bit ints, 4096-character strings, 256-item tuples); `None` where
/// the expression is not folded to a constant.
fn folded(e: &Expr) -> Option<Folded> {
    use Folded::*;
    const MAX_BITS: u64 = 128;
    let bits = |i: &num_bigint::BigInt| i.bits();
    Some(match &e.kind {
        ExprKind::Const(c) => match c {
            Const::None | Const::Ellipsis => Singleton,
            Const::True | Const::False => Bool,
            Const::Int(i) => Int(64 - i.unsigned_abs().leading_zeros() as u64),
            Const::BigInt(i) => Int(bits(i)),
            Const::Float(_) => Float,
            Const::Str(s) => Str(s.char_len()),
        },
        ExprKind::Tuple(items) => {
            for item in items {
                folded(item)?;
            }
            Tuple(items.len())
        }
        ExprKind::UnaryOp(op, x) => match (op, folded(x)?) {
            (UnaryOp::Not, _) => Bool,
            (UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert, Bool) => Int(1),
            (UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert, Int(n)) => Int(n + 1),
            (UnaryOp::Neg | UnaryOp::Pos, Float) => Float,
            _ => return None,
        },
        ExprKind::BinOp(a, op, b) => {
            let (x, y) = (folded(a)?, folded(b)?);
            let int = |f: Folded| match f {
                Bool => Some(1),
                Int(n) => Some(n),
                _ => None,
            };
            let zero = matches!(&b.kind, ExprKind::Const(Const::Int(0) | Const::False))
                || matches!(&b.kind, ExprKind::Const(Const::Float(f)) if *f == 0.0);
            match (x, y) {
                (Str(m), Str(n)) if *op == BinOp::Add => Str(m + n),
                (Tuple(m), Tuple(n)) if *op == BinOp::Add => Tuple(m + n),
                (Str(m), k) | (k, Str(m)) if *op == BinOp::Mul => {
                    let n = literal_int(if matches!(x, Str(_)) { b } else { a })?;
                    if int(k).is_none() || (m as i128) * (n.max(0) as i128) > 4096 {
                        return None;
                    }
                    Str(m * n.max(0) as usize)
                }
                (Tuple(m), k) | (k, Tuple(m)) if *op == BinOp::Mul => {
                    let n = literal_int(if matches!(x, Tuple(_)) { b } else { a })?;
                    if int(k).is_none() || (m as i128) * (n.max(0) as i128) > 256 {
                        return None;
                    }
                    Tuple(m * n.max(0) as usize)
                }
                _ => {
                    let (ix, iy) = (int(x), int(y));
                    let numeric = |f: Folded| matches!(f, Bool | Int(_) | Float);
                    if !numeric(x) || !numeric(y) {
                        return None;
                    }
                    match op {
                        BinOp::Div if zero => return None,
                        BinOp::Div => Float,
                        BinOp::FloorDiv | BinOp::Mod if zero => return None,
                        BinOp::MatMul => return None,
                        BinOp::Add | BinOp::Sub | BinOp::FloorDiv | BinOp::Mod => match (ix, iy) {
                            (Some(m), Some(n)) => Int(m.max(n) + 1),
                            _ => Float,
                        },
                        BinOp::Mul => match (ix, iy) {
                            (Some(m), Some(n)) if m + n > MAX_BITS => return None,
                            (Some(m), Some(n)) => Int(m + n),
                            _ => Float,
                        },
                        BinOp::Pow => match (ix, literal_int(b)) {
                            (Some(m), Some(n))
                                if n > 0 && m.saturating_mul(n as u64) > MAX_BITS =>
                            {
                                return None
                            }
                            (Some(m), Some(n)) if n >= 0 => Int(m.saturating_mul(n as u64)),
                            _ => Float,
                        },
                        BinOp::LShift => match (ix, literal_int(b)) {
                            (Some(m), Some(n))
                                if (0..=MAX_BITS as i64).contains(&n)
                                    && m + n as u64 <= MAX_BITS =>
                            {
                                Int(m + n as u64)
                            }
                            _ => return None,
                        },
                        BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
                            match (ix, iy) {
                                (Some(m), Some(n))
                                    if !(*op == BinOp::RShift
                                        && literal_int(b).is_none_or(|n| n < 0)) =>
                                {
                                    Int(m.max(n))
                                }
                                _ => return None,
                            }
                        }
                    }
                }
            }
        }
        _ => return None,
    })
}

/// The value of an int literal (possibly negated), when it fits in an i64.
fn literal_int(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Const(Const::Int(i)) => Some(*i),
        ExprKind::Const(Const::True) => Some(1),
        ExprKind::Const(Const::False) => Some(0),
        ExprKind::UnaryOp(UnaryOp::Neg, x) => literal_int(x)?.checked_neg(),
        ExprKind::UnaryOp(UnaryOp::Pos, x) => literal_int(x),
        _ => None,
    }
}

struct Walker<'g> {
    pass: Pass,
    globals: &'g mut GlobalNames,
    scopes: Vec<ScopeData>,
    layouts: Vec<Layout>,
    /// Scope index by node address, so the second walk finds what the first one built.
    by_node: HashMap<usize, usize, Fnv>,
    stack: Vec<usize>,
    /// For each scope on the stack, the `__qualname__` prefix of what is defined in it.
    prefixes: Vec<String>,
    /// Loops enclosing the current statement within the current scope.
    loops: Vec<usize>,
    /// For each scope on the stack: when the current statement is in an `except*` handler
    /// of that scope, how many loops enclosed the innermost such handler.
    star_handlers: Vec<Option<usize>>,
    /// For each scope on the stack, what `:=` must not do there.
    walrus: Vec<WalrusLimits>,
    /// The `from __future__ import` statements at the start of the module (after its
    /// docstring), by address: the only place CPython allows them.
    future_imports: HashSet<usize, Fnv>,
    next_scope: usize,
}

/// What an assignment expression may not do in a scope (CPython's symtable checks).
#[derive(Default)]
struct WalrusLimits {
    /// Inside this many comprehension iterables (where `:=` is refused).
    in_iterable: usize,
    /// A comprehension's iteration variables (which `:=` may not rebind).
    iteration_names: Vec<Name>,
}

/// Resolves a module (or one REPL input) in place.
pub fn resolve_module(module: &Module, globals: &mut GlobalNames) -> Result<(), SyntaxError> {
    let mut w = Walker {
        pass: Pass::Collect,
        globals,
        scopes: Vec::new(),
        layouts: Vec::new(),
        by_node: HashMap::default(),
        stack: Vec::new(),
        prefixes: Vec::new(),
        loops: vec![0],
        star_handlers: vec![None],
        walrus: Vec::new(),
        future_imports: leading_future_imports(&module.body),
        next_scope: 0,
    };
    let key = module as *const Module as usize;
    w.enter(key, ScopeKind::Module);
    w.prefixes.push(String::new());
    w.block(&module.body)?;
    w.leave();
    w.decide(0, &[])?;
    w.build_layouts();
    w.pass = Pass::Assign;
    w.next_scope = 0;
    w.enter(key, ScopeKind::Module);
    w.prefixes.push(String::new());
    w.block(&module.body)?;
    w.leave();
    *module.scope.borrow_mut() = Rc::new(w.scope_info(0, "<module>".into()));
    Ok(())
}

impl Walker<'_> {
    fn current(&self) -> usize {
        *self.stack.last().expect("inside a scope")
    }

    fn scope(&mut self) -> &mut ScopeData {
        let i = self.current();
        &mut self.scopes[i]
    }

    fn enter(&mut self, key: usize, kind: ScopeKind) -> usize {
        let index = match self.pass {
            Pass::Collect => {
                let i = self.scopes.len();
                self.scopes.push(ScopeData::new(kind));
                if let Some(&parent) = self.stack.last() {
                    self.scopes[parent].children.push(i);
                }
                self.by_node.insert(key, i);
                i
            }
            Pass::Assign => self.by_node[&key],
        };
        self.stack.push(index);
        self.loops.push(0);
        self.star_handlers.push(None);
        // A scope inside a comprehension's iterable (a lambda) is still inside it.
        let in_iterable = self.walrus.last().map_or(0, |w| w.in_iterable);
        self.walrus.push(WalrusLimits {
            in_iterable,
            iteration_names: Vec::new(),
        });
        index
    }

    fn leave(&mut self) {
        self.stack.pop();
        self.loops.pop();
        self.star_handlers.pop();
        self.walrus.pop();
        self.prefixes.truncate(self.stack.len());
    }

    /// The `__qualname__` of something named `name` defined in the current scope.
    fn qualname(&self, name: &str) -> String {
        format!("{}{name}", self.prefixes.last().map_or("", |p| p.as_str()))
    }

    // ------------------------------------------------------------ names

    fn bind(&mut self, name: &NameRef) {
        match self.pass {
            Pass::Collect => {
                let s = self.scope();
                s.assigned.insert(name.id.clone());
                if !s.globals.contains(&name.id) && !s.nonlocals.contains_key(&name.id) {
                    s.bound.insert(name.id.clone());
                }
            }
            Pass::Assign => name.slot.set(self.home(&name.id)),
        }
    }

    fn use_name(&mut self, name: &NameRef) {
        match self.pass {
            Pass::Collect => {
                self.scope().used.insert(name.id.clone());
            }
            Pass::Assign => name.slot.set(self.home(&name.id)),
        }
    }

    fn home(&mut self, name: &Name) -> Slot {
        let i = self.current();
        if let Some(&slot) = self.layouts[i].homes.get(name) {
            return slot;
        }
        Slot::Global(self.globals.slot(name))
    }

    /// The slot of the current scope a function defined in it captures `name` from.
    fn capture_source(&mut self, name: &Name) -> Slot {
        let i = self.current();
        match self.layouts[i].captures.get(name) {
            Some(&slot) => slot,
            None => self.home(name),
        }
    }

    // ------------------------------------------------------------ deciding homes

    /// Decides cells and free variables bottom-up; `env` is the enclosing function scopes
    /// whose names this one can borrow (a chain, not a set of their names: a method of a
    /// class nested in a function would copy every name of that function).
    fn decide(&mut self, i: usize, env: &[usize]) -> Result<NameSet, SyntaxError> {
        let kind = self.scopes[i].kind;
        let child_env: Vec<usize> = match kind {
            ScopeKind::Module => Vec::new(),
            ScopeKind::Class => env.to_vec(),
            _ => env.iter().copied().chain([i]).collect(),
        };
        // The nearest enclosing function that binds the name lends it, unless one nearer
        // declares it `global` (then it is global here too, as in CPython).
        let lends = |scopes: &[ScopeData], n: &Name| {
            for &e in env.iter().rev() {
                if scopes[e].globals.contains(n) {
                    return false;
                }
                if scopes[e].bound.contains(n) {
                    return true;
                }
            }
            false
        };
        // A scope's own `nonlocal`s are checked before those of the scopes inside it, so
        // the first error in the source is the one reported, as in CPython.
        for (n, span) in &self.scopes[i].nonlocals {
            if self.scopes[i].globals.contains(n) {
                return error(format!("name '{n}' is nonlocal and global"), *span);
            }
            if !lends(&self.scopes, n) {
                return error(format!("no binding for nonlocal '{n}' found"), *span);
            }
        }
        let mut needs = NameSet::default();
        let children = self.scopes[i].children.clone();
        for c in children {
            for n in self.decide(c, &child_env)? {
                if self.scopes[i].is_function_like() && self.scopes[i].bound.contains(&n) {
                    self.scopes[i].cells.insert(n);
                } else if lends(&self.scopes, &n) && !self.scopes[i].globals.contains(&n) {
                    needs.insert(n);
                }
            }
        }
        let s = &self.scopes[i];
        for n in &s.used {
            if !s.bound.contains(n) && !s.globals.contains(n) && lends(&self.scopes, n) {
                needs.insert(n.clone());
            }
        }
        for n in s.nonlocals.keys() {
            needs.insert(n.clone());
        }
        if kind == ScopeKind::Module {
            needs.clear();
        }
        self.scopes[i].frees = needs.clone();
        Ok(needs)
    }

    fn build_layouts(&mut self) {
        for s in &self.scopes {
            let mut layout = Layout::default();
            match s.kind {
                ScopeKind::Module => {}
                ScopeKind::Class => {
                    for n in &s.bound {
                        layout.homes.insert(n.clone(), Slot::ClassBody);
                    }
                }
                _ => {
                    let ordered = s.params.iter().chain(s.bound.iter());
                    for n in ordered {
                        if layout.homes.contains_key(n) {
                            continue;
                        }
                        let slot = if let Some(c) = s.cells.get_index_of(n) {
                            Slot::Cell(c as u32)
                        } else {
                            layout.locals.push(n.clone());
                            Slot::Local(layout.locals.len() as u32 - 1)
                        };
                        layout.homes.insert(n.clone(), slot);
                    }
                }
            }
            for (k, n) in s.frees.iter().enumerate() {
                let slot = Slot::Free(k as u32);
                if s.kind == ScopeKind::Class && s.bound.contains(n) {
                    layout.captures.insert(n.clone(), slot);
                } else {
                    layout.homes.insert(n.clone(), slot);
                }
            }
            self.layouts.push(layout);
        }
    }

    /// What the interpreter needs to know about scope `i`, whose parent is on the stack.
    fn scope_info(&mut self, i: usize, qualname: String) -> ScopeInfo {
        let s = &self.scopes[i];
        let layout = &self.layouts[i];
        let param_slots: Vec<Slot> = s.params.iter().map(|p| layout.homes[p]).collect();
        let params_first = param_slots
            .iter()
            .enumerate()
            .all(|(i, slot)| *slot == Slot::Local(i as u32));
        let frees: Vec<Name> = s.frees.iter().cloned().collect();
        let free_sources = match self.stack.last() {
            Some(_) => frees.iter().map(|n| self.capture_source(n)).collect(),
            None => Vec::new(),
        };
        let s = &self.scopes[i];
        ScopeInfo {
            qualname: Rc::from(qualname),
            n_locals: self.layouts[i].locals.len() as u32,
            n_cells: s.cells.len() as u32,
            param_slots,
            params_first,
            free_sources,
            is_generator: s.has_yield,
            local_names: self.layouts[i].locals.clone(),
            cell_names: s.cells.iter().cloned().collect(),
            free_names: frees,
            uses_class_cell: false,
        }
    }
}

const EXCEPT_STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

/// Whether CPython's AST optimizer folds `e` to a constant (near enough: it also declines
/// to fold operations that fail or make huge values).
fn folds_to_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(_) => true,
        ExprKind::UnaryOp(_, x) => folds_to_constant(x),
        ExprKind::BinOp(x, _, y) => folds_to_constant(x) && folds_to_constant(y),
        ExprKind::Tuple(items) => items.iter().all(folds_to_constant),
        _ => false,
    }
}

/// The `from __future__ import` statements that open `body`, after a docstring if any.
fn leading_future_imports(body: &[Stmt]) -> HashSet<usize, Fnv> {
    let docstring = matches!(
        body.first().map(|s| &s.kind),
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Const(Const::Str(_)),
            ..
        }))
    );
    body.iter()
        .skip(docstring as usize)
        .take_while(|s| {
            matches!(&s.kind, StmtKind::ImportFrom(path, _)
                if matches!(&path[..], [m] if &**m == "__future__"))
        })
        .map(|s| s as *const Stmt as usize)
        .collect()
}

/// `__debug__` is a constant: CPython refuses to bind it, pointing at `span`.
fn refuse_debug(name: &str, span: Span) -> Result<(), SyntaxError> {
    if name == "__debug__" {
        return error("cannot assign to __debug__", span);
    }
    Ok(())
}

/// The names a target binds.
fn target_names(e: &Expr, out: &mut Vec<Name>) {
    match &e.kind {
        ExprKind::Name(n) => out.push(n.id.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().for_each(|item| target_names(item, out))
        }
        ExprKind::Starred(inner) => target_names(inner, out),
        _ => {}
    }
}

fn error<T>(msg: impl Into<String>, span: Span) -> Result<T, SyntaxError> {
    Err(SyntaxError::ranged(msg, span))
}

impl Walker<'_> {
    /// The nearest scope that is not a comprehension: where `await`, `yield` and `return`
    /// are judged.
    fn code_scope(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|&i| self.scopes[i].kind != ScopeKind::Comprehension)
            .unwrap_or(0)
    }

    fn code_kind(&self) -> ScopeKind {
        self.scopes[self.code_scope()].kind
    }

    fn may_await(&self, what: &str, span: Span) -> Result<(), SyntaxError> {
        match self.code_kind() {
            ScopeKind::Function { is_async: false } => {
                error(format!("{what} outside async function"), span)
            }
            ScopeKind::Class => error(format!("{what} outside function"), span),
            _ => Ok(()),
        }
    }

    fn block(&mut self, stmts: &[Stmt]) -> Result<bool, SyntaxError> {
        let mut suspends = false;
        for s in stmts {
            suspends |= self.stmt(s)?;
        }
        Ok(suspends)
    }

    fn loop_body(&mut self, body: &[Stmt]) -> Result<bool, SyntaxError> {
        *self.loops.last_mut().expect("a loop counter per scope") += 1;
        // After an error the walk is over: a scope it was in is never left, so the last
        // counter may not be this loop's (it underflowed when a function in the loop said
        // `continue`).
        let r = self.block(body)?;
        *self.loops.last_mut().expect("a loop counter per scope") -= 1;
        Ok(r)
    }

    /// The body of an `except*` handler, from which `break`, `continue` and `return` may
    /// not leave.
    fn star_handler_body(&mut self, body: &[Stmt]) -> Result<bool, SyntaxError> {
        let loops = *self.loops.last().unwrap_or(&0);
        let outer = self.star_handlers.last_mut().map(|h| h.replace(loops));
        let r = self.block(body)?;
        if let (Some(h), Some(outer)) = (self.star_handlers.last_mut(), outer) {
            *h = outer;
        }
        Ok(r)
    }

    fn stmt(&mut self, s: &Stmt) -> Result<bool, SyntaxError> {
        let suspends = self.stmt_kind(s)?;
        if self.pass == Pass::Assign {
            s.suspends.set(suspends);
        }
        Ok(suspends)
    }

    fn stmt_kind(&mut self, s: &Stmt) -> Result<bool, SyntaxError> {
        Ok(match &s.kind {
            StmtKind::Expr(e) => self.expr(e)?,
            StmtKind::Assign(targets, value) => {
                let mut r = self.expr(value)?;
                for t in targets {
                    r |= self.target(t)?;
                }
                r
            }
            StmtKind::AugAssign(target, _, value) => {
                let r = self.expr(value)?;
                self.expr(target)? | self.target(target)? | r
            }
            StmtKind::AnnAssign(target, value) => {
                let r = match value {
                    Some(v) => self.expr(v)?,
                    None => false,
                };
                if let (ExprKind::Name(n), true) = (&target.kind, value.is_none()) {
                    self.bind(n);
                    false
                } else {
                    r | self.target(target)?
                }
            }
            StmtKind::If(test, body, orelse) => {
                self.expr(test)? | self.block(body)? | self.block(orelse)?
            }
            StmtKind::While(test, body, orelse) => {
                self.expr(test)? | self.loop_body(body)? | self.block(orelse)?
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    self.may_await("'async for'", s.span)?;
                }
                let r = self.expr(iter)? | self.target(target)?;
                r | self.loop_body(body)? | self.block(orelse)? | *is_async
            }
            StmtKind::Break | StmtKind::Continue => {
                let loops = *self.loops.last().unwrap_or(&0);
                // Leaving an `except*` handler, not only a loop inside it.
                if self.star_handlers.last() == Some(&Some(loops)) {
                    return error(EXCEPT_STAR_EXIT, s.span);
                }
                if loops == 0 {
                    let msg = if matches!(s.kind, StmtKind::Break) {
                        "'break' outside loop"
                    } else {
                        "'continue' not properly in loop"
                    };
                    return error(msg, s.span);
                }
                false
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_)
                if self.pass == Pass::Assign =>
            {
                false
            }
            StmtKind::Pass => false,
            StmtKind::Global(names) => {
                for n in names {
                    if let Some(msg) = self.scope().declared_late(n, "global") {
                        return error(msg, s.span);
                    }
                    self.scope().globals.insert(n.clone());
                }
                false
            }
            StmtKind::Nonlocal(names) => {
                if self.scope().kind == ScopeKind::Module {
                    return error("nonlocal declaration not allowed at module level", s.span);
                }
                for n in names {
                    if let Some(msg) = self.scope().declared_late(n, "nonlocal") {
                        return error(msg, s.span);
                    }
                    self.scope().nonlocals.insert(n.clone(), s.span);
                }
                false
            }
            StmtKind::Return(value) => {
                if matches!(self.code_kind(), ScopeKind::Module | ScopeKind::Class) {
                    return error("'return' outside function", s.span);
                }
                if matches!(self.star_handlers.last(), Some(Some(_))) {
                    // CPython's compiler places a return of a constant at the constant.
                    let span = match value {
                        Some(v) if folds_to_constant(v) => v.span,
                        _ => s.span,
                    };
                    return error(EXCEPT_STAR_EXIT, span);
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => false,
                }
            }
            StmtKind::FunctionDef(def, name) => {
                refuse_debug(&name.id, def.span)?;
                let mut r = false;
                for d in &def.decorators {
                    r |= self.expr(d)?;
                }
                r |= self.function(def)?;
                self.bind(name);
                r
            }
            StmtKind::ClassDef(def, name) => {
                refuse_debug(&name.id, s.span)?;
                let r = self.class(def)?;
                self.bind(name);
                r
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
                star,
            } => {
                let mut r = self.block(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        r |= self.expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        let end = h.body.last().map_or(h.span.end, |b| b.span.end);
                        refuse_debug(&n.id, Span::new(h.span.start as usize, end as usize))?;
                        self.bind(n);
                    }
                    if *star {
                        r |= self.star_handler_body(&h.body)?;
                    } else {
                        r |= self.block(&h.body)?;
                    }
                }
                r | self.block(orelse)? | self.block(finally)?
            }
            StmtKind::Raise(exc, cause) => {
                let mut r = false;
                if let Some(e) = exc {
                    r |= self.expr(e)?;
                }
                if let Some(c) = cause {
                    r |= self.expr(c)?;
                }
                r
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    self.may_await("'async with'", s.span)?;
                }
                let mut r = *is_async;
                for item in items {
                    r |= self.expr(&item.context)?;
                    if let Some(t) = &item.target {
                        r |= self.target(t)?;
                    }
                }
                r | self.block(body)?
            }
            StmtKind::Delete(targets) => {
                let mut r = false;
                for t in targets {
                    r |= self.target(t)?;
                }
                r
            }
            StmtKind::Assert(test, msg) => {
                let mut r = self.expr(test)?;
                if let Some(m) = msg {
                    r |= self.expr(m)?;
                }
                r
            }
            StmtKind::Import(items) => {
                for (_, binding) in items {
                    refuse_debug(&binding.id, s.span)?;
                    self.bind(binding);
                }
                false
            }
            StmtKind::ImportFrom(path, names) => {
                if matches!(&path[..], [m] if &**m == "__future__") {
                    self.check_future_import(s, names)?;
                }
                for (_, binding) in names {
                    refuse_debug(&binding.id, s.span)?;
                    self.bind(binding);
                }
                false
            }
        })
    }

    /// An assignment (or deletion) target: binds names, evaluates the rest.
    fn target(&mut self, e: &Expr) -> Result<bool, SyntaxError> {
        let r = match &e.kind {
            ExprKind::Name(n) => {
                self.bind(n);
                false
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let mut r = false;
                for item in items {
                    r |= self.target(item)?;
                }
                r
            }
            ExprKind::Starred(inner) => self.target(inner)?,
            ExprKind::Attribute(obj, _) => self.expr(obj)?,
            ExprKind::Subscript(obj, index) => self.expr(obj)? | self.expr(index)?,
            _ => self.expr(e)?,
        };
        if self.pass == Pass::Assign {
            e.suspends.set(r);
        }
        Ok(r)
    }

    fn exprs(&mut self, items: &[Expr]) -> Result<bool, SyntaxError> {
        let mut r = false;
        for e in items {
            r |= self.expr(e)?;
        }
        Ok(r)
    }

    fn opt(&mut self, e: &Option<Box<Expr>>) -> Result<bool, SyntaxError> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(false),
        }
    }

    fn expr(&mut self, e: &Expr) -> Result<bool, SyntaxError> {
        let r = self.expr_kind(e)?;
        if self.pass == Pass::Assign {
            e.suspends.set(r);
        }
        Ok(r)
    }

    fn expr_kind(&mut self, e: &Expr) -> Result<bool, SyntaxError> {
        let call_span = e.span;
        Ok(match &e.kind {
            ExprKind::Name(n) => {
                self.use_name(n);
                false
            }
            ExprKind::Const(_) => false,
            ExprKind::FString(parts) => self.fparts(parts)?,
            ExprKind::BinOp(a, _, b) => self.expr(a)? | self.expr(b)?,
            ExprKind::UnaryOp(_, a) => self.expr(a)?,
            ExprKind::BoolOp(_, items) => self.exprs(items)?,
            ExprKind::Compare(first, rest) => {
                if self.pass == Pass::Assign {
                    warn_is_literal(e.span.start as usize, first, rest);
                }
                let mut r = self.expr(first)?;
                for (_, e) in rest {
                    r |= self.expr(e)?;
                }
                r
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)? | self.expr(body)? | self.expr(orelse)?
            }
            ExprKind::Lambda(def) => self.function(def)?,
            ExprKind::Call { func, args } => {
                let mut r = self.expr(func)?;
                for a in args {
                    r |= match a {
                        Arg::Positional(e) | Arg::Star(e) | Arg::DoubleStar(e) => self.expr(e)?,
                        Arg::Keyword(name, e) => {
                            refuse_debug(name, call_span)?;
                            self.expr(e)?
                        }
                    };
                }
                r
            }
            ExprKind::Attribute(obj, _) => self.expr(obj)?,
            ExprKind::Subscript(obj, index) => self.expr(obj)? | self.expr(index)?,
            ExprKind::Slice(a, b, c) => self.opt(a)? | self.opt(b)? | self.opt(c)?,
            ExprKind::Starred(inner) => self.expr(inner)?,
            ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Set(items) => {
                self.exprs(items)?
            }
            ExprKind::Dict(entries) => {
                let mut r = false;
                for (k, v) in entries {
                    if let Some(k) = k {
                        r |= self.expr(k)?;
                    }
                    r |= self.expr(v)?;
                }
                r
            }
            ExprKind::ListComp(c) | ExprKind::SetComp(c) | ExprKind::DictComp(c) => {
                self.comprehension(c, e.span)?
            }
            ExprKind::GeneratorExp(def, first) => {
                let r = self.comprehension_iterable(first)?;
                self.function(def)?;
                r
            }
            ExprKind::Await(inner, _) => {
                self.may_await("'await'", e.span)?;
                self.expr(inner)?;
                true
            }
            ExprKind::Yield(value) => {
                self.yield_here(e.span)?;
                self.opt(value)?;
                true
            }
            ExprKind::YieldFrom(value) => {
                self.yield_here(e.span)?;
                if matches!(self.code_kind(), ScopeKind::Function { is_async: true }) {
                    return error("'yield from' inside async function", e.span);
                }
                self.expr(value)?;
                true
            }
            ExprKind::NamedExpr(name, value) => {
                self.check_walrus(name, e.span)?;
                let r = self.expr(value)?;
                self.bind_walrus(name, e.span)?;
                r
            }
        })
    }

    fn fparts(&mut self, parts: &[FPart]) -> Result<bool, SyntaxError> {
        let mut r = false;
        for p in parts {
            if let FPart::Value { expr, spec, .. } = p {
                r |= self.expr(expr)?;
                if let Some(spec) = spec {
                    r |= self.fparts(spec)?;
                }
            }
        }
        Ok(r)
    }

    fn yield_here(&mut self, span: Span) -> Result<(), SyntaxError> {
        let current = self.current();
        if self.scopes[current].kind == ScopeKind::Comprehension {
            return error("'yield' inside list comprehension", span);
        }
        match self.code_kind() {
            ScopeKind::Function { .. } => {
                let i = self.code_scope();
                self.scopes[i].has_yield = true;
                Ok(())
            }
            _ => error("'yield' outside function", span),
        }
    }

    /// `from __future__ import ...`: only at the start of the module, and only of the
    /// features CPython knows.
    fn check_future_import(&self, s: &Stmt, names: &[(Name, NameRef)]) -> Result<(), SyntaxError> {
        if !self.future_imports.contains(&(s as *const Stmt as usize)) {
            return error(
                "from __future__ imports must occur at the beginning of the file",
                s.span,
            );
        }
        if names.is_empty() {
            return Err(SyntaxError::new(
                "future feature * is not defined",
                s.span.start as usize,
            ));
        }
        for (name, _) in names {
            if &**name == "braces" {
                return Err(SyntaxError::new("not a chance", s.span.start as usize));
            }
            if !crate::modules::future::FEATURES
                .iter()
                .any(|f| f.0 == &**name)
            {
                return Err(SyntaxError::new(
                    format!("future feature {name} is not defined"),
                    s.span.start as usize,
                ));
            }
        }
        Ok(())
    }

    /// A comprehension's `in` expression, where `:=` is refused.
    fn comprehension_iterable(&mut self, e: &Expr) -> Result<bool, SyntaxError> {
        self.walrus_limits().in_iterable += 1;
        let r = self.expr(e);
        self.walrus_limits().in_iterable -= 1;
        r
    }

    fn walrus_limits(&mut self) -> &mut WalrusLimits {
        self.walrus.last_mut().expect("inside a scope")
    }

    /// `name := ...` in a comprehension (or generator expression) binds `name` in the
    /// nearest scope around it that is not one: the comprehensions between see it as
    /// nonlocal (global when that scope is the module), as in CPython.
    fn bind_walrus(&mut self, name: &NameRef, span: Span) -> Result<(), SyntaxError> {
        let in_comprehension = |s: &ScopeData| s.kind == ScopeKind::Comprehension || s.is_genexpr;
        let depth = self
            .stack
            .iter()
            .rev()
            .take_while(|&&i| in_comprehension(&self.scopes[i]))
            .count();
        if depth == 0 || self.pass == Pass::Assign {
            self.bind(name);
            return Ok(());
        }
        let target = self.stack[self.stack.len() - depth - 1];
        let t = &mut self.scopes[target];
        let global = match t.kind {
            ScopeKind::Class => {
                let end = span.start as usize + name.id.len();
                return error(
                    "assignment expression within a comprehension cannot be used in a class body",
                    Span::new(span.start as usize, end),
                );
            }
            ScopeKind::Module => true,
            _ => t.globals.contains(&name.id),
        };
        if !global && !t.nonlocals.contains_key(&name.id) {
            t.bound.insert(name.id.clone());
        }
        let inner: Vec<usize> = self.stack[self.stack.len() - depth..].to_vec();
        for i in inner {
            let s = &mut self.scopes[i];
            if global {
                s.globals.insert(name.id.clone());
            } else {
                s.nonlocals.insert(name.id.clone(), span);
            }
        }
        Ok(())
    }

    /// `name := ...` is refused in a comprehension's iterable and, in a comprehension,
    /// for the name of one of its iteration variables (or an enclosing comprehension's).
    fn check_walrus(&mut self, name: &NameRef, span: Span) -> Result<(), SyntaxError> {
        let end = span.start as usize + name.id.len();
        refuse_debug(&name.id, Span::new(span.start as usize, end))?;
        if self.walrus_limits().in_iterable > 0 {
            return error(
                "assignment expression cannot be used in a comprehension iterable expression",
                span,
            );
        }
        for (k, &scope) in self.stack.iter().enumerate().rev() {
            if self.scopes[scope].kind != ScopeKind::Comprehension {
                break;
            }
            if self.walrus[k].iteration_names.contains(&name.id) {
                let end = span.start as usize + name.id.len();
                return error(
                    format!(
                        "assignment expression cannot rebind comprehension iteration variable '{}'",
                        name.id
                    ),
                    Span::new(span.start as usize, end),
                );
            }
        }
        Ok(())
    }

    fn comprehension(&mut self, c: &Comprehension, span: Span) -> Result<bool, SyntaxError> {
        let mut r = self.comprehension_iterable(&c.generators[0].iter)?;
        let key = c as *const Comprehension as usize;
        let index = self.enter(key, ScopeKind::Comprehension);
        let prefix = self.prefixes.last().cloned().unwrap_or_default();
        self.prefixes.push(prefix);
        for (k, g) in c.generators.iter().enumerate() {
            if g.is_async {
                self.may_await("asynchronous comprehension", span)?;
                r = true;
            }
            if k > 0 {
                r |= self.comprehension_iterable(&g.iter)?;
            }
            r |= self.target(&g.target)?;
            let mut names = Vec::new();
            target_names(&g.target, &mut names);
            self.walrus_limits().iteration_names.extend(names);
            r |= self.exprs(&g.ifs)?;
        }
        r |= self.expr(&c.element)?;
        if let Some(v) = &c.value {
            r |= self.expr(v)?;
        }
        self.leave();
        if self.pass == Pass::Assign {
            let info = self.scope_info(index, "<listcomp>".into());
            *c.scope.borrow_mut() = Rc::new(info);
        }
        Ok(r)
    }

    fn function(&mut self, def: &Rc<FunctionDef>) -> Result<bool, SyntaxError> {
        let p = &def.params;
        let params = p.positional.iter().chain(&p.kwonly).map(|p| &p.name);
        for name in params.chain(&p.varargs).chain(&p.kwargs) {
            refuse_debug(&name.id, def.span)?;
        }
        let mut r = false;
        for p in def.params.positional.iter().chain(&def.params.kwonly) {
            if let Some(d) = &p.default {
                r |= self.expr(d)?;
            }
        }
        let qualname = self.qualname(&def.name);
        let key = Rc::as_ptr(def) as usize;
        let index = self.enter(
            key,
            ScopeKind::Function {
                is_async: def.is_async,
            },
        );
        // The builder of Aio's own library modules leaves no trace in qualified names.
        if &*def.name == "_aio_library" {
            self.prefixes.push(String::new());
        } else {
            self.prefixes.push(format!("{qualname}.<locals>."));
        }
        if self.pass == Pass::Collect {
            let p = &def.params;
            let names: Vec<Name> = p
                .positional
                .iter()
                .map(|p| p.name.id.clone())
                .chain(p.varargs.iter().map(|n| n.id.clone()))
                .chain(p.kwonly.iter().map(|p| p.name.id.clone()))
                .chain(p.kwargs.iter().map(|n| n.id.clone()))
                .collect();
            let s = self.scope();
            for n in &names {
                s.bound.insert(n.clone());
            }
            s.params = names;
            s.is_genexpr = &*def.name == "<genexpr>";
        }
        self.block(&def.body)?;
        if self.pass == Pass::Collect && def.is_async && self.scopes[index].has_yield {
            if let Some(span) = first_return_with_value(&def.body) {
                return error("'return' with value in async generator", span);
            }
        }
        self.leave();
        if self.pass == Pass::Assign {
            let info = self.scope_info(index, qualname);
            *def.scope.borrow_mut() = Rc::new(info);
        }
        Ok(r)
    }

    fn class(&mut self, def: &Rc<ClassDef>) -> Result<bool, SyntaxError> {
        let mut r = false;
        for d in &def.decorators {
            r |= self.expr(d)?;
        }
        for a in &def.bases {
            r |= match a {
                Arg::Positional(e) | Arg::Star(e) | Arg::DoubleStar(e) => self.expr(e)?,
                Arg::Keyword(_, e) => self.expr(e)?,
            };
        }
        let qualname = self.qualname(&def.name);
        let key = Rc::as_ptr(def) as usize;
        let index = self.enter(key, ScopeKind::Class);
        self.prefixes.push(format!("{qualname}."));
        self.block(&def.body)?;
        self.leave();
        if self.pass == Pass::Assign {
            let info = self.scope_info(index, qualname);
            *def.scope.borrow_mut() = Rc::new(info);
        }
        Ok(r)
    }
}

fn first_return_with_value(body: &[Stmt]) -> Option<Span> {
    for s in body {
        let found = match &s.kind {
            StmtKind::Return(Some(_)) => Some(s.span),
            StmtKind::If(_, a, b) | StmtKind::While(_, a, b) => {
                first_return_with_value(a).or_else(|| first_return_with_value(b))
            }
            StmtKind::For { body, orelse, .. } => {
                first_return_with_value(body).or_else(|| first_return_with_value(orelse))
            }
            StmtKind::With { body, .. } => first_return_with_value(body),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => first_return_with_value(body)
                .or_else(|| {
                    handlers
                        .iter()
                        .find_map(|h| first_return_with_value(&h.body))
                })
                .or_else(|| first_return_with_value(orelse))
                .or_else(|| first_return_with_value(finally)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

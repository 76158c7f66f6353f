//! How deeply a syntax tree nests: CPython's limits on nesting, checked between the parser
//! and the resolver, so that no later stage (the resolver, the evaluator, dropping the tree)
//! recurses deeper than a few thousand native frames whatever the source.
//!
//! CPython has two limits past the tokenizer's (200 brackets, 100 indentation levels):
//! its PEG parser gives up with a bare `MemoryError` when its rule functions nest 6000
//! deep (a run of unary operators, `**`, `lambda` or conditional expressions, each of
//! which costs one or two rule levels, and brackets, which cost about 25), and its AST
//! optimizer raises `RecursionError: maximum recursion depth exceeded during compilation`
//! when statements and expressions nest more than 3000 deep (e.g. `1+1+...+1` with 3000
//! terms, or `a.b.b...b`). Our LALRPOP parser has no such stack, so this walk estimates
//! the PEG levels from the tree and counts the nodes; either error is reported as a
//! [`SyntaxError`] of kind `Memory` or `Recursion`. A tree that fails the check is leaked
//! rather than dropped (see [`forget_deep`]): dropping it could overflow the stack.

use crate::ast::*;
use crate::parser::{SyntaxError, SyntaxKind};

/// Statements and expressions may nest this deep (CPython: the recursion limit times 3).
pub const COMPILER_DEPTH: usize = 3000;
/// CPython's `MAXSTACK`: how deep the parser's rule functions may nest.
const PARSER_LEVELS: usize = 6000;
/// The rule levels between a statement and the first operand of its expression.
const PARSER_BASE: usize = 33;
/// The rule levels of one bracket (a parenthesized operand, a call, a subscript, a display).
const BRACKET_LEVELS: usize = 26;
/// The walk never descends further than this (a tree this deep has failed already).
const WALK_DEPTH: usize = 4 * COMPILER_DEPTH;

/// Checks a parsed module; on failure the caller must not drop the tree normally.
pub fn check(body: &[Stmt]) -> Result<(), SyntaxError> {
    let mut walk = Walk {
        too_deep: false,
        too_many_levels: false,
    };
    walk.stmts(body, 0, 0);
    if walk.too_many_levels {
        Err(SyntaxError::new("", 0).of_kind(SyntaxKind::Memory))
    } else if walk.too_deep {
        Err(
            SyntaxError::new("maximum recursion depth exceeded during compilation", 0)
                .of_kind(SyntaxKind::Recursion),
        )
    } else {
        Ok(())
    }
}

/// Gets rid of a tree that failed [`check`] without recursing through it.
pub fn forget_deep<T>(tree: T) {
    std::mem::forget(tree);
}

struct Walk {
    too_deep: bool,
    too_many_levels: bool,
}

impl Walk {
    /// Notes a node at `depth` (1 for a top-level statement) and `level` parser rule levels;
    /// false when the walk should not go below it.
    fn enter(&mut self, depth: usize, level: usize) -> bool {
        if depth > COMPILER_DEPTH {
            self.too_deep = true;
        }
        if level + PARSER_BASE >= PARSER_LEVELS {
            self.too_many_levels = true;
        }
        !self.too_many_levels && depth < WALK_DEPTH
    }

    fn stmts(&mut self, body: &[Stmt], depth: usize, level: usize) {
        for s in body {
            self.stmt(s, depth + 1, level);
        }
    }

    fn stmt(&mut self, s: &Stmt, d: usize, l: usize) {
        if !self.enter(d, l) {
            return;
        }
        match &s.kind {
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) => self.expr(e, d + 1, l),
            StmtKind::Assign(targets, value) => {
                self.exprs(targets, d, l);
                self.expr(value, d + 1, l);
            }
            StmtKind::AugAssign(a, _, b) => {
                self.expr(a, d + 1, l);
                self.expr(b, d + 1, l);
            }
            StmtKind::AnnAssign(a, b) | StmtKind::Assert(a, b) => {
                self.expr(a, d + 1, l);
                self.opt(b.as_ref(), d, l);
            }
            StmtKind::Raise(a, b) => {
                self.opt(a.as_ref(), d, l);
                self.opt(b.as_ref(), d, l);
            }
            StmtKind::If(test, body, orelse) | StmtKind::While(test, body, orelse) => {
                self.expr(test, d + 1, l);
                self.stmts(body, d, l);
                self.stmts(orelse, d, l);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target, d + 1, l);
                self.expr(iter, d + 1, l);
                self.stmts(body, d, l);
                self.stmts(orelse, d, l);
            }
            StmtKind::FunctionDef(def, _) => self.function(def, d, l),
            StmtKind::ClassDef(def, _) => {
                self.exprs(&def.decorators, d, l);
                self.args(&def.bases, d, l);
                self.stmts(&def.body, d, l);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                self.stmts(body, d, l);
                for h in handlers {
                    self.opt(h.typ.as_ref(), d, l);
                    self.stmts(&h.body, d, l);
                }
                self.stmts(orelse, d, l);
                self.stmts(finally, d, l);
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expr(&item.context, d + 1, l);
                    self.opt(item.target.as_ref(), d, l);
                }
                self.stmts(body, d, l);
            }
            StmtKind::Delete(targets) => self.exprs(targets, d, l),
            StmtKind::Return(None)
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Pass
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Import(_)
            | StmtKind::ImportFrom(..) => {}
        }
    }

    fn function(&mut self, def: &FunctionDef, d: usize, l: usize) {
        self.exprs(&def.decorators, d, l);
        let params = def.params.positional.iter().chain(&def.params.kwonly);
        for p in params {
            self.opt(p.default.as_ref(), d, l);
            self.opt(p.annotation.as_ref(), d, l);
        }
        self.opt(def.returns.as_ref(), d, l);
        if def.is_lambda {
            // The body is one `return` statement the source does not show.
            for s in &def.body {
                if let StmtKind::Return(Some(e)) = &s.kind {
                    self.expr(e, d + 1, l + 2);
                }
            }
        } else {
            self.stmts(&def.body, d, l);
        }
    }

    fn exprs(&mut self, items: &[Expr], d: usize, l: usize) {
        for e in items {
            self.expr(e, d + 1, l);
        }
    }

    fn opt(&mut self, e: Option<&Expr>, d: usize, l: usize) {
        if let Some(e) = e {
            self.expr(e, d + 1, l);
        }
    }

    fn args(&mut self, args: &[Arg], d: usize, l: usize) {
        for arg in args {
            let (Arg::Positional(e) | Arg::Star(e) | Arg::Keyword(_, e) | Arg::DoubleStar(e)) = arg;
            self.expr(e, d + 1, l + BRACKET_LEVELS);
        }
    }

    /// An expression one below its parent at depth `d`.
    fn expr(&mut self, e: &Expr, d: usize, l: usize) {
        if !self.enter(d, l) {
            return;
        }
        let b = l + BRACKET_LEVELS;
        match &e.kind {
            ExprKind::Name(_) | ExprKind::Const(_) => {}
            ExprKind::FString(parts) => self.fparts(parts, d, b),
            ExprKind::BinOp(left, BinOp::Pow, right) => {
                self.expr(left, d + 1, l);
                self.expr(right, d + 1, l + 2);
            }
            ExprKind::BinOp(left, _, right) => {
                self.expr(left, d + 1, l);
                self.expr(right, d + 1, l);
            }
            ExprKind::UnaryOp(_, x) => self.expr(x, d + 1, l + 1),
            ExprKind::BoolOp(_, items) => self.exprs(items, d, l),
            ExprKind::Compare(first, rest) => {
                self.expr(first, d + 1, l);
                for (_, e) in rest {
                    self.expr(e, d + 1, l);
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(body, d + 1, l + 1);
                self.expr(test, d + 1, l + 1);
                self.expr(orelse, d + 1, l + 1);
            }
            ExprKind::Lambda(def) => self.function(def, d, l),
            ExprKind::Call { func, args } => {
                self.expr(func, d + 1, l);
                self.args(args, d, l);
            }
            ExprKind::Attribute(x, _)
            | ExprKind::Await(x, _)
            | ExprKind::YieldFrom(x)
            | ExprKind::NamedExpr(_, x) => self.expr(x, d + 1, l),
            ExprKind::Starred(x) => self.expr(x, d + 1, l),
            ExprKind::Yield(x) => self.opt(x.as_deref(), d, l),
            ExprKind::Subscript(x, index) => {
                self.expr(x, d + 1, l);
                self.expr(index, d + 1, b);
            }
            ExprKind::Slice(a, b2, c) => {
                self.opt(a.as_deref(), d, l);
                self.opt(b2.as_deref(), d, l);
                self.opt(c.as_deref(), d, l);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Set(items) => {
                self.exprs(items, d, b)
            }
            ExprKind::Dict(entries) => {
                for (k, v) in entries {
                    self.opt(k.as_ref(), d, b);
                    self.expr(v, d + 1, b);
                }
            }
            ExprKind::ListComp(c) | ExprKind::SetComp(c) | ExprKind::DictComp(c) => {
                self.expr(&c.element, d + 1, b);
                self.opt(c.value.as_ref(), d, b);
                for g in &c.generators {
                    self.expr(&g.target, d + 1, b);
                    self.expr(&g.iter, d + 1, b);
                    self.exprs(&g.ifs, d, b);
                }
            }
            ExprKind::GeneratorExp(def, first) => {
                self.expr(first, d + 1, b);
                self.function(def, d, b);
            }
        }
    }

    fn fparts(&mut self, parts: &[FPart], d: usize, l: usize) {
        for part in parts {
            if let FPart::Value { expr, spec, .. } = part {
                self.expr(expr, d + 1, l);
                if let Some(spec) = spec {
                    self.fparts(spec, d, l);
                }
            }
        }
    }
}

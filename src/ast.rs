//! The syntax tree: what the parser builds and the resolver annotates.
//!
//! Every expression and statement carries its byte span. Name references carry a [`Slot`]
//! that starts `Unresolved` and is filled in by `resolve.rs`, so the interpreter never looks
//! a name up by string. Nodes that contain `await` or `yield` are marked by the resolver
//! (`suspends`), so that the interpreter evaluates everything else without futures.

use std::cell::Cell;
use std::rc::Rc;

use num_bigint::BigInt;

/// A byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
}

pub type Name = Rc<str>;

/// Where a name lives at run time, decided by the resolver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Slot {
    #[default]
    Unresolved,
    /// A plain local of the current frame.
    Local(u32),
    /// A local of the current frame that inner functions capture (a shared cell).
    Cell(u32),
    /// A captured variable of an enclosing function (index into the closure).
    Free(u32),
    /// A module-level variable, falling back to the builtin of the same name.
    Global(u32),
    /// A name in a class body's namespace (looked up by string, as Python does there).
    ClassBody,
}

#[derive(Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Set by the resolver: evaluating this may suspend (it contains `await`/`yield`).
    pub suspends: Cell<bool>,
    /// For an attribute (`obj.name`): where in a dict `name` was found last time, tried
    /// first next time (see [`crate::object::AttrMap`]).
    pub hint: Cell<u32>,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr {
            kind,
            span,
            suspends: Cell::new(false),
            hint: Cell::new(0),
        }
    }
}

#[derive(Debug)]
pub struct NameRef {
    pub id: Name,
    pub slot: Cell<Slot>,
}

impl NameRef {
    pub fn new(id: Name) -> NameRef {
        NameRef {
            id,
            slot: Cell::new(Slot::Unresolved),
        }
    }
}

#[derive(Debug)]
pub enum ExprKind {
    Name(NameRef),
    Const(Const),
    /// An f-string: literal pieces and formatted values, concatenated.
    FString(Vec<FPart>),
    BinOp(Box<Expr>, BinOp, Box<Expr>),
    UnaryOp(UnaryOp, Box<Expr>),
    /// `a and b and c` / `a or b`.
    BoolOp(BoolOp, Vec<Expr>),
    /// `a < b <= c`: the first operand, then each operator with its right operand.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Lambda(Rc<FunctionDef>),
    Call {
        func: Box<Expr>,
        args: Vec<Arg>,
    },
    Attribute(Box<Expr>, Name),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Starred(Box<Expr>),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    /// Entries are `Some((key, value))`, or `None` with the value a `**mapping`.
    Dict(Vec<(Option<Expr>, Expr)>),
    ListComp(Box<Comprehension>),
    SetComp(Box<Comprehension>),
    DictComp(Box<Comprehension>),
    /// A generator expression: a hidden generator function called on the first iterable.
    GeneratorExp(Rc<FunctionDef>, Box<Expr>),
    /// The awaited expression, and the compiled form of the call it is, if it is one.
    Await(Box<Expr>, crate::interp::compile::AwaitCode),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    NamedExpr(NameRef, Box<Expr>),
}

/// A literal, in the form the interpreter copies out without allocating.
#[derive(Debug, Clone)]
pub enum Const {
    None,
    True,
    False,
    Ellipsis,
    Int(i64),
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<crate::value::PyStr>),
}

impl Const {
    pub fn int(i: BigInt) -> Const {
        use num_traits::ToPrimitive;
        match i.to_i64() {
            Some(i) => Const::Int(i),
            None => Const::BigInt(Rc::new(i)),
        }
    }
}

#[derive(Debug)]
pub enum FPart {
    Literal(Rc<str>),
    Value {
        expr: Box<Expr>,
        /// `!r`, `!s` or `!a`.
        conversion: Option<char>,
        /// The format spec, itself an f-string (`{x:{width}}`).
        spec: Option<Vec<FPart>>,
    },
}

#[derive(Debug)]
pub struct Comprehension {
    /// For a dict comprehension, the key; otherwise the element.
    pub element: Expr,
    pub value: Option<Expr>,
    pub generators: Vec<CompFor>,
    /// A comprehension is its own scope (run inline in a frame of its own).
    pub scope: std::cell::RefCell<Rc<ScopeInfo>>,
}

#[derive(Debug)]
pub struct CompFor {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

#[derive(Debug)]
pub enum Arg {
    Positional(Expr),
    Star(Expr),
    Keyword(Name, Expr),
    DoubleStar(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            MatMul => "@",
            Div => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "**",
            LShift => "<<",
            RShift => ">>",
            BitAnd => "&",
            BitOr => "|",
            BitXor => "^",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        use CmpOp::*;
        match self {
            Eq => "==",
            NotEq => "!=",
            Lt => "<",
            LtE => "<=",
            Gt => ">",
            GtE => ">=",
            Is => "is",
            IsNot => "is not",
            In => "in",
            NotIn => "not in",
        }
    }
}

#[derive(Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
    pub suspends: Cell<bool>,
    /// The statement compiled to closures, the first time the tree-walker runs it on its
    /// own: a loop (at module level, in a class body, inside a coroutine), or a statement
    /// that cannot suspend in a coroutine's block that can.
    pub code: crate::interp::compile::StmtCode,
}

impl Stmt {
    pub fn new(kind: StmtKind, span: Span) -> Stmt {
        Stmt {
            kind,
            span,
            suspends: Cell::new(false),
            code: Default::default(),
        }
    }
}

#[derive(Debug)]
pub enum StmtKind {
    Expr(Expr),
    /// `a = b = value`: every target gets the value.
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    /// `x: int = 1` (the annotation is evaluated for nothing but its errors; Aio ignores it).
    AnnAssign(Expr, Option<Expr>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        is_async: bool,
    },
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    FunctionDef(Rc<FunctionDef>, NameRef),
    ClassDef(Rc<ClassDef>, NameRef),
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Vec<Stmt>,
        finally: Vec<Stmt>,
        star: bool,
    },
    Raise(Option<Expr>, Option<Expr>),
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
        is_async: bool,
    },
    Global(Vec<Name>),
    Nonlocal(Vec<Name>),
    Delete(Vec<Expr>),
    Assert(Expr, Option<Expr>),
    /// `import a.b as c`: the dotted module name and where to bind it.
    Import(Vec<(Vec<Name>, NameRef)>),
    /// `from m import a as b, c`; `names` empty means `*`.
    ImportFrom(Vec<Name>, Vec<(Name, NameRef)>),
}

#[derive(Debug)]
pub struct Handler {
    pub typ: Option<Expr>,
    pub name: Option<NameRef>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

#[derive(Debug)]
pub struct Param {
    pub name: NameRef,
    pub default: Option<Expr>,
    pub annotation: Option<Expr>,
}

#[derive(Debug, Default)]
pub struct Params {
    pub positional: Vec<Param>,
    /// How many of `positional` come before a `/`.
    pub posonly: usize,
    pub varargs: Option<NameRef>,
    pub kwonly: Vec<Param>,
    pub kwargs: Option<NameRef>,
}

/// A `def`, `async def`, `lambda` or a generator expression's hidden function.
#[derive(Debug)]
pub struct FunctionDef {
    pub name: Name,
    pub params: Params,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
    pub returns: Option<Expr>,
    pub is_async: bool,
    pub is_lambda: bool,
    pub span: Span,
    /// Filled by the resolver.
    pub scope: std::cell::RefCell<Rc<ScopeInfo>>,
    /// The body compiled to closures, at the first call of a plain function.
    pub code: crate::interp::compile::CodeCell,
}

/// What the resolver learned about a function's scope.
#[derive(Debug, Default, Clone)]
pub struct ScopeInfo {
    pub qualname: Name,
    pub n_locals: u32,
    pub n_cells: u32,
    /// For each parameter, in order (positional, *args, keyword-only, **kwargs): where it lives.
    pub param_slots: Vec<Slot>,
    /// Every parameter is the local of its position (none is a cell): a call's arguments
    /// can be pushed as they are evaluated.
    pub params_first: bool,
    /// For each free variable: where it lives in the enclosing scope at definition time.
    pub free_sources: Vec<Slot>,
    pub is_generator: bool,
    /// Local variable names by slot, for error messages (`UnboundLocalError`).
    pub local_names: Vec<Name>,
    pub cell_names: Vec<Name>,
    pub free_names: Vec<Name>,
    /// Does the body use a bare `super()`? Then it captures `__class__`.
    pub uses_class_cell: bool,
}

#[derive(Debug)]
pub struct ClassDef {
    pub name: Name,
    pub bases: Vec<Arg>,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
    pub span: Span,
    pub scope: std::cell::RefCell<Rc<ScopeInfo>>,
}

/// A parsed program: a module, an interactive input, or an expression to evaluate.
#[derive(Debug)]
pub struct Module {
    pub body: Vec<Stmt>,
    pub scope: std::cell::RefCell<Rc<ScopeInfo>>,
}

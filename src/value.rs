//! Runtime values: what the interpreter computes with.
//!
//! A [`Value`] is 16 bytes: small scalars inline, everything else behind an `Rc`. Integers
//! are `Int(i64)` until they overflow, then `BigInt`; the invariant is that a `BigInt`
//! never fits in an `i64`, so equal numbers have one representation. Objects the language
//! core does not know by shape (iterators, generators, coroutines, tasks, modules, files)
//! are [`Native`] trait objects, so the runtime can add kinds without touching this enum.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::interp::Interp;
use crate::native_rc::NativeRc;
use crate::object::{BoundMethod, Builtin, CallArgs, Class, Function, Instance, PyResult};

// A word-sized tag and every payload one word at offset 8 (natives too: `NativeRc` is a
// thin pointer): a value, and a `PyResult` or `Flow` of one, whose tags share the word, is
// two words. With a byte-sized tag, moves copy the padding after it in odd-sized pieces,
// and reading those back as words stalls the CPU on store forwarding. (It still comes back
// from a call through memory, not in two registers: the Rust ABI returns an enum that
// mixes a float, a bool and pointers through a hidden pointer; see `Clone` below.)
#[repr(C, u64)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    BigInt(Rc<BigInt>),
    Float(f64),
    Str(Rc<PyStr>),
    List(Rc<List>),
    Tuple(Rc<Tuple>),
    Dict(Rc<Dict>),
    Set(Rc<Set>),
    Function(Rc<Function>),
    Builtin(Rc<Builtin>),
    Method(Rc<BoundMethod>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Native(NativeRc),
}

// Two words (above).
const _: () = assert!(std::mem::size_of::<Value>() == 16);
const _: () = assert!(std::mem::size_of::<PyResult<Value>>() == 16);
const _: () = assert!(std::mem::size_of::<PyResult<crate::interp::Flow>>() == 16);

impl Clone for Value {
    /// Small ints, the commonest values of hot loops, are copied inline; the other kinds
    /// take one more reference out of line (`retain`) and are then copied as they are.
    /// Built and returned by the out-of-line function, a value came back through memory in
    /// two 8-byte stores that the caller read as one 16-byte load, which the processor
    /// cannot forward from them (word_count took 0.138 s with that, 0.087 s without).
    #[inline(always)]
    fn clone(&self) -> Value {
        if !matches!(self, Value::Int(_)) {
            self.retain();
        }
        // SAFETY: every payload is a scalar or a reference count that `retain` just
        // raised for the copy, which owns that reference.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// Takes one more reference to what the value points to (nothing for a scalar).
    #[inline(never)]
    fn retain(&self) {
        fn keep<T: Clone>(x: &T) {
            std::mem::forget(x.clone());
        }
        match self {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
            Value::BigInt(x) => keep(x),
            Value::Str(x) => keep(x),
            Value::List(x) => keep(x),
            Value::Tuple(x) => keep(x),
            Value::Dict(x) => keep(x),
            Value::Set(x) => keep(x),
            Value::Function(x) => keep(x),
            Value::Builtin(x) => keep(x),
            Value::Method(x) => keep(x),
            Value::Class(x) => keep(x),
            Value::Instance(x) => keep(x),
            Value::Native(x) => keep(x),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::BigInt(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => write!(f, "{:?}", s.as_str()),
            _ => write!(f, "<{}>", self.type_name()),
        }
    }
}

/// An immutable Unicode string, with its ASCII-ness known so indexing can be O(1).
/// Immutable as Python sees it: [`PyStr::append`] grows one nobody else holds, as
/// CPython's `s += t` does.
#[derive(Debug)]
pub struct PyStr {
    text: String,
    ascii: bool,
    /// Its hash once asked for (strings are dict keys over and over), -1 before: a string's
    /// hash is never negative.
    hash: Cell<i64>,
    /// Where the code points of a long string that is not ASCII are, once indexing,
    /// slicing or `len()` asked: `s[i]` in a loop over Korean text was quadratic.
    chars: std::cell::OnceCell<Box<CharIndex>>,
}

/// A long non-ASCII string's length in code points, and the byte offset of every
/// [`STRIDE`]-th one: code point `i` is at most `STRIDE - 1` code points past a mark.
#[derive(Debug)]
struct CharIndex {
    len: usize,
    marks: Box<[usize]>,
}

/// How far apart [`CharIndex`] marks are, and the byte length up to which a string is
/// walked instead.
const STRIDE: usize = 64;

impl PyStr {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h >= 0 {
            return h;
        }
        let h = hash_str(&self.text);
        self.hash.set(h);
        h
    }

    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// `s += t` where `s` is held only here: `t` is added in place (with room to grow, so
    /// that a loop building a string is linear, as in CPython, not quadratic). False,
    /// and nothing done, when the string is shared.
    pub fn append(this: &mut Rc<PyStr>, t: &PyStr) -> bool {
        let Some(s) = Rc::get_mut(this) else {
            return false;
        };
        s.text.push_str(&t.text);
        s.ascii &= t.ascii;
        s.hash.set(-1);
        s.chars.take();
        true
    }

    /// Length in code points, as Python counts.
    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.text.len()
        } else if self.text.len() <= STRIDE {
            self.text.chars().count()
        } else {
            self.char_index().len
        }
    }

    fn char_index(&self) -> &CharIndex {
        self.chars.get_or_init(|| {
            let mut marks = Vec::with_capacity(self.text.len() / STRIDE + 1);
            let mut len = 0;
            for (at, _) in self.text.char_indices() {
                if len % STRIDE == 0 {
                    marks.push(at);
                }
                len += 1;
            }
            Box::new(CharIndex {
                len,
                marks: marks.into(),
            })
        })
    }

    /// The byte offset of code point `i`; the byte length for `i` at or past the end.
    pub fn byte_offset(&self, i: usize) -> usize {
        let text = self.text.as_str();
        if self.ascii {
            return i.min(text.len());
        }
        let (start, skip) = if text.len() <= STRIDE {
            (0, i)
        } else {
            let index = self.char_index();
            if i >= index.len {
                return text.len();
            }
            (index.marks[i / STRIDE], i % STRIDE)
        };
        text[start..]
            .char_indices()
            .nth(skip)
            .map_or(text.len(), |(at, _)| start + at)
    }

    /// The code-point index of the byte offset `at` (a character boundary).
    pub fn char_index_of(&self, at: usize) -> usize {
        let text = self.text.as_str();
        if self.ascii {
            return at;
        }
        if text.len() <= STRIDE {
            return text[..at].chars().count();
        }
        let marks = &self.char_index().marks;
        let k = marks.partition_point(|&m| m <= at).saturating_sub(1);
        k * STRIDE + text[marks[k]..at].chars().count()
    }

    /// The code point at index `i` (which is in range).
    pub fn char_at(&self, i: usize) -> char {
        self.text[self.byte_offset(i)..]
            .chars()
            .next()
            .unwrap_or(' ')
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr {
            ascii: s.is_ascii(),
            text: s.into(),
            hash: Cell::new(-1),
            chars: std::cell::OnceCell::new(),
        }
    }
}

impl From<String> for PyStr {
    fn from(mut s: String) -> PyStr {
        // A string built with room to spare does not keep much of it.
        if s.capacity() - s.len() > s.len() / 8 + 16 {
            s.shrink_to_fit();
        }
        PyStr {
            ascii: s.is_ascii(),
            text: s,
            hash: Cell::new(-1),
            chars: std::cell::OnceCell::new(),
        }
    }
}

pub type List = RefCell<Items>;
pub type Tuple = Items;

/// The items of a list or tuple: a `Vec` that drops them last to first, as CPython frees a
/// list's or tuple's items (visible when dropping an item runs code: a suspended
/// generator's `finally`, a "never retrieved" report).
#[derive(Default)]
pub struct Items(pub Vec<Value>);

impl Drop for Items {
    fn drop(&mut self) {
        while let Some(item) = self.0.pop() {
            drop(item);
        }
    }
}

impl Items {
    /// Appends `v` (see [`push_value`]).
    #[inline(always)]
    pub fn push(&mut self, v: Value) {
        push_value(&mut self.0, v);
    }
}

/// Appends `v` to the items of a list. Past 64K items a list grows by an eighth, as
/// CPython's lists do, not by doubling: a list of 200,000 tasks held a 4 MiB buffer for
/// its 3.2 MB.
#[inline(always)]
pub fn push_value(items: &mut Vec<Value>, v: Value) {
    if items.len() == items.capacity() && items.len() >= 1 << 16 {
        items.reserve_exact(items.len() / 8);
    }
    items.push(v);
}

impl std::ops::Deref for Items {
    type Target = Vec<Value>;
    #[inline(always)]
    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl std::ops::DerefMut for Items {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.0
    }
}

impl From<Vec<Value>> for Items {
    #[inline(always)]
    fn from(items: Vec<Value>) -> Items {
        Items(items)
    }
}

impl FromIterator<Value> for Items {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Items {
        Items(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Items {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Items {
    /// Removes every item, last to first (`list.clear()` as CPython's).
    pub fn clear(&mut self) {
        while let Some(item) = self.0.pop() {
            drop(item);
        }
    }
}

/// A dict: insertion-ordered, keyed by Python hash and equality.
pub use crate::dictmap::DictMap;
pub use crate::setmap::SetMap;

#[derive(Default)]
pub struct Dict {
    pub map: RefCell<DictMap>,
}

pub struct Set {
    pub set: RefCell<SetMap>,
    pub frozen: bool,
}

/// A dict key or set element: the value with its Python hash computed once.
#[derive(Clone)]
pub struct Key {
    pub hash: i64,
    pub value: Value,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl Key {
    /// Whether `self` (the key stored in a table) and `other` are the same key: an equal
    /// hash and `==`. An exception from a user `__eq__` propagates, as in CPython.
    #[inline]
    pub fn matches(&self, other: &Key) -> PyResult<bool> {
        if self.hash != other.hash {
            return Ok(false);
        }
        keys_equal(&self.value, &other.value)
    }
}

/// Spreads a Python hash over the bits the hash table looks at.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_i64(&mut self, i: i64) {
        self.0 = (i as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }

    /// Addresses, for tables keyed by object identity ([`IdentityMap`]).
    fn write_usize(&mut self, i: usize) {
        self.write_i64(i as i64);
    }
}

/// A table keyed by object identity (an address), hashed cheaply.
pub type IdentityMap<V> = std::collections::HashMap<usize, V, BuildHasherDefault<KeyHasher>>;

/// Equality of hashable values, as `==` on them (numbers across types, strings, tuples);
/// instances compare by identity, or by their `__eq__` when the interpreter is running,
/// whose exception is the result then. Callers must hold no borrow of a container the
/// user code could touch.
pub fn keys_equal(a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(r) = keys_equal_pure(a, b) {
        return Ok(r);
    }
    Ok(match (a, b) {
        (Value::Tuple(x), Value::Tuple(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !keys_equal(p, q)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::Instance(_), _) | (_, Value::Instance(_)) => {
            return crate::interp::with_current(|i| i.eq(a, b)).unwrap_or(Ok(false));
        }
        (Value::Set(x), Value::Set(y)) => {
            x.set.borrow().len() == y.set.borrow().len()
                && crate::setmap::shared_is_subset(&x.set, &y.set)?
        }
        _ => false,
    })
}

/// [`keys_equal`] when it runs no user code: `None` when a user `__eq__` would decide.
/// Strs and ints, the commonest keys, are compared inline at every dict and set probe.
#[inline]
pub fn keys_equal_pure(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(Rc::ptr_eq(x, y) || x.as_str() == y.as_str()),
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        _ => keys_equal_pure_other(a, b),
    }
}

#[inline(never)]
fn keys_equal_pure_other(a: &Value, b: &Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Tuple(x), Value::Tuple(y)) => {
            if Rc::ptr_eq(x, y) {
                return Some(true);
            }
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !keys_equal_pure(p, q)? {
                    return Some(false);
                }
            }
            true
        }
        (Value::None, Value::None) => true,
        (Value::Instance(x), Value::Instance(y)) if Rc::ptr_eq(x, y) => true,
        (Value::Instance(_), _) | (_, Value::Instance(_)) => return None,
        (Value::Set(x), Value::Set(y)) => {
            if Rc::ptr_eq(x, y) {
                return Some(true);
            }
            let (x, y) = (x.set.try_borrow().ok()?, y.set.try_borrow().ok()?);
            if x.len() != y.len() {
                return Some(false);
            }
            if x.may_run_code() || y.may_run_code() {
                return None;
            }
            y.is_superset(&x).ok()?
        }
        (Value::Native(_), Value::Native(_)) if !identity(a, b) => {
            use crate::builtins::iterators::range_identity;
            match (range_identity(a), range_identity(b)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            }
        }
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => identity(a, b),
        },
    })
}

/// A number viewed for comparison across int, bool, float.
#[derive(PartialEq)]
enum Num {
    Int(i64),
    Big(Rc<BigInt>),
    Float(f64),
}

impl PartialEq<Num> for &Num {
    fn eq(&self, other: &Num) -> bool {
        *self == other
    }
}

fn number(v: &Value) -> Option<Num> {
    match v {
        Value::Bool(b) => Some(Num::Int(*b as i64)),
        Value::Int(i) => Some(Num::Int(*i)),
        Value::BigInt(b) => Some(Num::Big(b.clone())),
        Value::Float(f) => Some(match float_as_int(*f) {
            Some(i) => Num::Int(i),
            None => Num::Float(*f),
        }),
        _ => None,
    }
}

fn float_as_int(f: f64) -> Option<i64> {
    if f.fract() == 0.0 && f.abs() < 9.0e18 {
        Some(f as i64)
    } else {
        None
    }
}

/// `is`: the same object (or the same immutable scalar).
pub fn identity(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::BigInt(x), Value::BigInt(y)) => Rc::ptr_eq(x, y),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Tuple(x), Value::Tuple(y)) => Rc::ptr_eq(x, y) || (x.is_empty() && y.is_empty()),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Set(x), Value::Set(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => Rc::ptr_eq(x, y),
        (Value::Method(x), Value::Method(y)) => Rc::ptr_eq(x, y),
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        (Value::Native(x), Value::Native(y)) => NativeRc::ptr_eq(x, y),
        _ => false,
    }
}

/// Python's hash of an int: the value modulo the Mersenne prime 2**61 - 1, keeping the sign.
pub fn hash_int(i: i64) -> i64 {
    const P: i64 = (1 << 61) - 1;
    let h = if i >= 0 {
        i % P
    } else {
        -((-(i as i128) % P as i128) as i64)
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    let p = BigInt::from((1i64 << 61) - 1);
    let m: BigInt = b.magnitude().clone().into();
    let r = (m % &p).to_i64().unwrap_or(0);
    let h = if b.sign() == num_bigint::Sign::Minus {
        -r
    } else {
        r
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn hash_str(s: &str) -> i64 {
    // Deterministic (Python randomizes string hashes per process; scripts cannot rely on them).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    // Never negative (so never -1, which Python reserves for errors).
    (h >> 1) as i64
}

/// Python's tuple hash (the xxHash-based one of CPython 3.8+).
pub fn hash_tuple(items: &[i64]) -> i64 {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for &h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as i64
}

/// Objects implemented in Rust that the language core does not know by shape.
///
/// Each protocol method returns `None` when the object does not support it, so the
/// interpreter can fall back to Python's generic behaviour and messages.
pub trait Native: Any {
    /// The Python type name, e.g. `list_iterator`, `coroutine`, `module`.
    fn type_name(&self) -> &str;
    fn as_any(&self) -> &dyn Any;

    fn repr(&self, _interp: &Interp, _this: &Value) -> Option<PyResult<String>> {
        None
    }
    /// A method of this object by name, when it is a built-in function taking the object
    /// first: `obj.name(...)` then calls it without making a bound method.
    fn method(&self, _name: &str) -> Option<crate::object::BuiltinFn> {
        None
    }
    /// A method of this object that is a built-in coroutine function (`Queue.get`): its
    /// body, which `await obj.name(...)` runs directly, without a coroutine object.
    fn awaitable_method(&self, _name: &str) -> Option<crate::object::AwaitableMethod> {
        None
    }
    fn get_attr(&self, _interp: &Interp, _this: &Value, _name: &str) -> Option<PyResult<Value>> {
        None
    }
    fn set_attr(&self, _interp: &Interp, _name: &str, _value: Value) -> Option<PyResult<()>> {
        None
    }
    fn call(&self, _interp: &Interp, _this: &Value, _args: CallArgs) -> Option<PyResult<Value>> {
        None
    }
    fn len(&self, _interp: &Interp) -> Option<PyResult<usize>> {
        None
    }
    /// `iter(x)`: the iterator; iterators return themselves.
    fn iter(&self, _interp: &Interp, _this: &Value) -> Option<PyResult<Value>> {
        None
    }
    /// `next(x)`: `Ok(None)` when exhausted.
    fn next(&self, _interp: &Interp, _this: &Value) -> Option<PyResult<Option<Value>>> {
        None
    }
    fn contains(&self, _interp: &Interp, _item: &Value) -> Option<PyResult<bool>> {
        None
    }
    fn get_item(&self, _interp: &Interp, _index: &Value) -> Option<PyResult<Value>> {
        None
    }
    /// A `range` is walked without an iterator object.
    fn as_range(&self) -> Option<(i64, i64, i64)> {
        None
    }
    /// Names for `dir()` and tab completion.
    fn attr_names(&self) -> Vec<String> {
        Vec::new()
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(PyStr::from(s)))
    }

    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(PyStr::from(s)))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(Items(items))))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(Items(items)))
    }

    pub fn dict(map: DictMap) -> Value {
        Value::Dict(Rc::new(Dict {
            map: RefCell::new(map),
        }))
    }

    pub fn set(set: SetMap, frozen: bool) -> Value {
        Value::Set(Rc::new(Set {
            set: RefCell::new(set),
            frozen,
        }))
    }

    pub fn native<T: Native>(n: T) -> Value {
        Value::Native(NativeRc::new(n))
    }

    /// An int from a BigInt, normalised to `Int` when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Rc::new(b)),
        }
    }

    pub fn downcast<T: Native>(&self) -> Option<&T> {
        match self {
            Value::Native(n) => n.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The name `type(x).__name__` gives, for messages.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) | Value::BigInt(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(s) => if s.frozen { "frozenset" } else { "set" }.into(),
            Value::Function(_) => "function".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::Method(_) => "method".into(),
            Value::Class(_) => "type".into(),
            Value::Instance(i) => i.class.name.to_string(),
            Value::Native(n) => n.type_name().to_string(),
        }
    }

    pub fn as_bigint(&self) -> Option<BigInt> {
        match self {
            Value::Bool(b) => Some(BigInt::from(*b as i64)),
            Value::Int(i) => Some(BigInt::from(*i)),
            Value::BigInt(b) => Some((**b).clone()),
            _ => None,
        }
    }

    pub fn is_int(&self) -> bool {
        matches!(self, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
    }
}

/// A counter handing out `id()` values and task numbers.
pub struct Counter(Cell<u64>);

impl Counter {
    pub const fn new(start: u64) -> Counter {
        Counter(Cell::new(start))
    }

    pub fn next(&self) -> u64 {
        let n = self.0.get();
        self.0.set(n + 1);
        n
    }
}

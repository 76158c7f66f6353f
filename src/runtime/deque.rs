//! A double-ended queue for the asyncio library code (`asyncio.aio`), which needs
//! `collections.deque`'s O(1) operations at both ends: waiter lists and queues.
//!
//! A task waiting on an `asyncio.Event` is in the event's `_waiters` as a [`Slot::Waiter`]:
//! the waiter future CPython makes is made only when the program reads that element (see
//! `events.rs`). Nothing else can tell: every read of an element goes through
//! [`Deque::value_at`] or takes the slot out through [`Slot::into_value`].

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::builtins::positional;
use crate::interp::suspend::method;
use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::value::{identity, Native, Value};

use super::future::FutCore;

pub struct Deque {
    items: RefCell<VecDeque<Slot>>,
    /// Counts changes, for iterators to tell they are iterating something that changed.
    state: Cell<u64>,
}

/// An element of a deque.
#[derive(Clone)]
pub enum Slot {
    Item(Value),
    /// The waiter future of this task, waiting in `Event.wait()`, not made yet.
    Waiter(NRc<FutCore>),
}

// As small as a value: 200,000 tasks waiting on one event hold one each.
const _: () = assert!(std::mem::size_of::<Slot>() == 16);

impl Slot {
    /// The element as the program sees it: a waiter's future is made now.
    fn into_value(self) -> Value {
        match self {
            Slot::Item(v) => v,
            Slot::Waiter(task) => super::events::waiter_future(&task).value(),
        }
    }
}

/// Iterates a deque in place (a waiter list is walked to its first live waiter, which
/// is at the front: copying the whole list each time made a semaphore with many waiters
/// quadratic). A deque changed since the iterator was made stops it, as CPython's does.
struct DequeIter {
    deque: Value,
    at: Cell<usize>,
    state: u64,
}

impl Native for DequeIter {
    fn type_name(&self) -> &str {
        "_collections._deque_iterator"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(this.clone()))
    }
    fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
        let d = self.deque.downcast::<Deque>()?;
        if d.state.get() != self.state {
            return Some(Err(interp.runtime_error("deque mutated during iteration")));
        }
        let at = self.at.get();
        let item = d.value_at(at);
        if item.is_some() {
            self.at.set(at + 1);
        }
        Some(Ok(item))
    }
}

impl Deque {
    /// The element at `k`, as the program sees it: a waiter's future is made now, and
    /// kept in the waiter's place.
    fn value_at(&self, k: usize) -> Option<Value> {
        let slot = self.items.borrow().get(k).cloned()?;
        let v = slot.into_value();
        if let Some(at) = self.items.borrow_mut().get_mut(k) {
            if matches!(at, Slot::Waiter(_)) {
                *at = Slot::Item(v.clone());
            }
        }
        Some(v)
    }

    /// The element at `k`, as it is (a waiter's future is not made).
    pub fn slot(&self, k: usize) -> Option<Slot> {
        self.items.borrow().get(k).cloned()
    }

    /// Counts changes: an iteration that finds it moved stops with an error.
    pub fn state(&self) -> u64 {
        self.state.get()
    }

    fn changed(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    /// `append(fut)` of the waiter future of `task`, which is not made (see [`Slot`]).
    pub fn push_waiter(&self, task: NRc<FutCore>) {
        self.changed();
        let mut items = self.items.borrow_mut();
        reserve_one(&mut items);
        items.push_back(Slot::Waiter(task));
    }

    /// Removes the first waiter of `task`; false if there is none (the program took it
    /// out, or made its future by reading it).
    pub fn remove_waiter(&self, task: &NRc<FutCore>) -> bool {
        let mut items = self.items.borrow_mut();
        let mine = |s: &Slot| matches!(s, Slot::Waiter(t) if NRc::ptr_eq(t, task));
        let Some(k) = items.iter().position(mine) else {
            return false;
        };
        items.remove(k);
        fit(&mut items);
        drop(items);
        self.changed();
        true
    }

    /// Makes the future of the first waiter of `task` with `make`, in its place.
    pub fn make_waiter_future(
        &self,
        task: &NRc<FutCore>,
        make: impl FnOnce() -> NRc<FutCore>,
    ) -> Option<NRc<FutCore>> {
        let mut items = self.items.borrow_mut();
        let mine = |s: &&mut Slot| matches!(s, Slot::Waiter(t) if NRc::ptr_eq(t, task));
        let slot = items.iter_mut().find(mine)?;
        let fut = make();
        *slot = Slot::Item(fut.value());
        Some(fut)
    }

    /// The index of the first item that is `v` or equal to it. The deque is read one item
    /// at a time, unborrowed: an `__eq__` may change it.
    fn index_of(&self, interp: &Interp, v: &Value) -> PyResult<Option<usize>> {
        let mut k = 0;
        while let Some(x) = self.value_at(k) {
            if crate::builtins::functions::same_or_equal(interp, &x, v)? {
                return Ok(Some(k));
            }
            k += 1;
        }
        Ok(None)
    }
}

pub fn new_deque(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = positional(interp, "deque", args, 0, 1)?;
    let items = match a.first() {
        Some(v) => interp.collect(v)?.into_iter().map(Slot::Item).collect(),
        None => VecDeque::new(),
    };
    Ok(Value::native(Deque {
        items: RefCell::new(items),
        state: Cell::new(0),
    }))
}

/// Makes room for one more element. Past 64K elements a deque grows by an eighth, as
/// CPython's lists do, not by doubling: 200,000 tasks waiting on an event held a 4 MiB
/// buffer for their 3.2 MB.
fn reserve_one(items: &mut VecDeque<Slot>) {
    if items.len() == items.capacity() && items.len() >= 1 << 16 {
        items.reserve_exact(items.len() / 8);
    }
}

/// Gives back most of a large buffer a quarter of which is in use (CPython's deque frees
/// its blocks as it empties; this one would keep the most it ever held).
fn fit(items: &mut VecDeque<Slot>) {
    let capacity = items.capacity();
    if capacity > 1 << 12 && items.len() < capacity / 4 {
        items.shrink_to(items.len() * 2);
    }
}

/// `popleft()` or `pop()`, as `pop` takes an element from its end.
fn pop_end(
    interp: &Interp,
    a: &CallArgs,
    pop: fn(&mut VecDeque<Slot>) -> Option<Slot>,
) -> PyResult<Value> {
    let slot = with(interp, a, |d| {
        let slot = pop(d);
        fit(d);
        slot.ok_or_else(|| interp.index_error("pop from an empty deque"))
    })?;
    Ok(slot.into_value())
}

fn this(interp: &Interp, a: &CallArgs) -> PyResult<&'static str> {
    let _ = (interp, a);
    Ok("deque")
}

fn with<R>(
    interp: &Interp,
    a: &CallArgs,
    f: impl FnOnce(&mut VecDeque<Slot>) -> PyResult<R>,
) -> PyResult<R> {
    this(interp, a)?;
    match a.args.first().and_then(|v| v.downcast::<Deque>()) {
        Some(d) => {
            d.changed();
            f(&mut d.items.borrow_mut())
        }
        None => Err(interp.type_error("descriptor requires a 'collections.deque' object")),
    }
}

impl Native for Deque {
    fn type_name(&self) -> &str {
        "collections.deque"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        let n = self.items.borrow().len();
        let items: Vec<Value> = (0..n).filter_map(|k| self.value_at(k)).collect();
        Some(
            interp
                .repr(&Value::list(items))
                .map(|r| format!("deque({r})")),
        )
    }
    fn len(&self, _: &Interp) -> Option<PyResult<usize>> {
        Some(Ok(self.items.borrow().len()))
    }
    fn iter(&self, _: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(Ok(Value::native(DequeIter {
            deque: this.clone(),
            at: Cell::new(0),
            state: self.state.get(),
        })))
    }
    fn contains(&self, interp: &Interp, item: &Value) -> Option<PyResult<bool>> {
        Some(self.index_of(interp, item).map(|k| k.is_some()))
    }
    fn get_item(&self, interp: &Interp, index: &Value) -> Option<PyResult<Value>> {
        // The index is converted first (its `__index__` may change the deque), then
        // checked against the length the deque has then, as CPython's is.
        let i = match interp.index_value(index) {
            Ok(Some(i)) => i,
            Ok(None) => {
                return Some(Err(interp.type_error(format!(
                    "sequence index must be integer, not '{}'",
                    index.type_name()
                ))))
            }
            Err(e) => return Some(Err(e)),
        };
        let len = self.items.borrow().len();
        let item = crate::interp::index_in(i, len).and_then(|at| self.value_at(at));
        Some(item.ok_or_else(|| interp.index_error("deque index out of range")))
    }
    fn method(&self, name: &str) -> Option<BuiltinFn> {
        // Called as `obj.name(...)`, these make no bound method (see `Native::method`).
        let f: BuiltinFn = match name {
            "append" => |i, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                with(i, &a, |d| {
                    reserve_one(d);
                    d.push_back(Slot::Item(v));
                    Ok(Value::None)
                })
            },
            "appendleft" => |i, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                with(i, &a, |d| {
                    reserve_one(d);
                    d.push_front(Slot::Item(v));
                    Ok(Value::None)
                })
            },
            "popleft" => |i, a| pop_end(i, &a, VecDeque::pop_front),
            "pop" => |i, a| pop_end(i, &a, VecDeque::pop_back),
            "clear" => |i, a| {
                with(i, &a, |d| {
                    d.clear();
                    Ok(Value::None)
                })
            },
            "remove" => |i, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                // The same object is found without calling `__eq__` (and without copying).
                // (A waiter's future, not made yet, is nothing the program holds.)
                let same = with(i, &a, |d| {
                    Ok(d.iter()
                        .position(|x| matches!(x, Slot::Item(x) if identity(x, &v))))
                })?;
                if let Some(k) = same {
                    with(i, &a, |d| {
                        d.remove(k);
                        fit(d);
                        Ok(())
                    })?;
                    return Ok(Value::None);
                }
                let deque = a.args.first().and_then(|d| d.downcast::<Deque>());
                if let Some(k) = deque.map(|d| d.index_of(i, &v)).transpose()?.flatten() {
                    with(i, &a, |d| {
                        d.remove(k);
                        fit(d);
                        Ok(())
                    })?;
                    return Ok(Value::None);
                }
                Err(i.value_error(format!("{} is not in deque", i.repr(&v)?)))
            },
            _ => return None,
        };
        Some(f)
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        self.method(name).map(|f| Ok(method(this, name, f)))
    }
}

//! A double-ended queue for the asyncio library code (`asyncio.aio`), which needs
//! `collections.deque`'s O(1) operations at both ends: waiter lists and queues.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::builtins::positional;
use crate::interp::suspend::method;
use crate::interp::Interp;
use crate::object::{BuiltinFn, CallArgs, PyResult};
use crate::value::{identity, Native, Value};

pub struct Deque {
    items: RefCell<VecDeque<Value>>,
    /// Counts changes, for iterators to tell they are iterating something that changed.
    state: Cell<u64>,
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
        let item = d.items.borrow().get(at).cloned();
        if item.is_some() {
            self.at.set(at + 1);
        }
        Some(Ok(item))
    }
}

impl Deque {
    /// The index of the first item that is `v` or equal to it. The deque is read one item
    /// at a time, unborrowed: an `__eq__` may change it.
    fn index_of(&self, interp: &Interp, v: &Value) -> PyResult<Option<usize>> {
        let mut k = 0;
        while let Some(x) = self.items.borrow().get(k).cloned() {
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
        Some(v) => interp.collect(v)?.into(),
        None => VecDeque::new(),
    };
    Ok(Value::native(Deque {
        items: RefCell::new(items),
        state: Cell::new(0),
    }))
}

fn this(interp: &Interp, a: &CallArgs) -> PyResult<&'static str> {
    let _ = (interp, a);
    Ok("deque")
}

fn with<R>(
    interp: &Interp,
    a: &CallArgs,
    f: impl FnOnce(&mut VecDeque<Value>) -> PyResult<R>,
) -> PyResult<R> {
    this(interp, a)?;
    match a.args.first().and_then(|v| v.downcast::<Deque>()) {
        Some(d) => {
            d.state.set(d.state.get().wrapping_add(1));
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
        let items: Vec<Value> = self.items.borrow().iter().cloned().collect();
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
        let items = self.items.borrow();
        Some(
            interp
                .seq_index(index, items.len(), "deque")
                .map(|i| items[i].clone()),
        )
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let f: BuiltinFn = match name {
            "append" => |i, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                with(i, &a, |d| {
                    d.push_back(v);
                    Ok(Value::None)
                })
            },
            "appendleft" => |i, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                with(i, &a, |d| {
                    d.push_front(v);
                    Ok(Value::None)
                })
            },
            "popleft" => |i, a| {
                with(i, &a, |d| {
                    d.pop_front()
                        .ok_or_else(|| i.index_error("pop from an empty deque"))
                })
            },
            "pop" => |i, a| {
                with(i, &a, |d| {
                    d.pop_back()
                        .ok_or_else(|| i.index_error("pop from an empty deque"))
                })
            },
            "clear" => |i, a| {
                with(i, &a, |d| {
                    d.clear();
                    Ok(Value::None)
                })
            },
            "remove" => |i, a| {
                let v = a.args.get(1).cloned().unwrap_or(Value::None);
                // The same object is found without calling `__eq__` (and without copying).
                let same = with(i, &a, |d| Ok(d.iter().position(|x| identity(x, &v))))?;
                if let Some(k) = same {
                    with(i, &a, |d| {
                        d.remove(k);
                        Ok(())
                    })?;
                    return Ok(Value::None);
                }
                let deque = a.args.first().and_then(|d| d.downcast::<Deque>());
                if let Some(k) = deque.map(|d| d.index_of(i, &v)).transpose()?.flatten() {
                    with(i, &a, |d| {
                        d.remove(k);
                        Ok(())
                    })?;
                    return Ok(Value::None);
                }
                Err(i.value_error(format!("{} is not in deque", i.repr(&v)?)))
            },
            _ => return None,
        };
        Some(Ok(method(this, name, f)))
    }
}

//! `asyncio.Queue`, `PriorityQueue` and `LifoQueue` in Rust, following CPython 3.11's
//! algorithm step for step (waiting getters and putters are futures woken in FIFO order), so
//! that programs interleave exactly as on CPython, without interpreting a Python-level queue.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::builtins::Args;
use crate::interp::suspend::{method, BodyFuture};
use crate::interp::Interp;
use crate::native_rc::NRc;
use crate::object::{Awaited, BuiltinFn, CallArgs, Exc, PyResult};
use crate::value::{Native, Value};

use super::future::FutCore;
use super::task::AwaitFut;

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Fifo,
    Priority,
    Lifo,
}

pub struct Queue {
    kind: Kind,
    maxsize: i64,
    items: RefCell<VecDeque<Value>>,
    getters: RefCell<VecDeque<NRc<FutCore>>>,
    putters: RefCell<VecDeque<NRc<FutCore>>>,
    unfinished: Cell<u64>,
    /// Futures of `join()` callers, woken when `unfinished` drops to zero.
    joiners: RefCell<Vec<NRc<FutCore>>>,
}

pub fn new_queue(interp: &Interp, args: CallArgs, kind: Kind) -> PyResult<Value> {
    let name = match kind {
        Kind::Fifo => "Queue",
        Kind::Priority => "PriorityQueue",
        Kind::Lifo => "LifoQueue",
    };
    let a = Args::parse(interp, name, args, &["maxsize"], 0)?;
    let maxsize = match a.get(0) {
        Some(v) => interp.index_value(v)?.ok_or_else(|| {
            interp.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))
        })?,
        None => 0,
    };
    Ok(Value::native(Queue {
        kind,
        maxsize,
        items: RefCell::new(VecDeque::new()),
        getters: RefCell::new(VecDeque::new()),
        putters: RefCell::new(VecDeque::new()),
        unfinished: Cell::new(0),
        joiners: RefCell::new(Vec::new()),
    }))
}

fn queue_of(interp: &Interp, v: &Value) -> PyResult<NRc<Queue>> {
    match v {
        Value::Native(n) => n.downcast::<Queue>(),
        _ => None,
    }
    .ok_or_else(|| not_a_queue(interp))
}

fn not_a_queue(interp: &Interp) -> Exc {
    interp.type_error("a Queue is required")
}

fn with_queue<R>(interp: &Interp, v: &Value, f: impl FnOnce(&Queue) -> PyResult<R>) -> PyResult<R> {
    f(v.downcast::<Queue>().ok_or_else(|| not_a_queue(interp))?)
}

/// Wakes the first waiter that is not done yet (CPython's `_wakeup_next`).
fn wakeup_next(waiters: &RefCell<VecDeque<NRc<FutCore>>>) {
    loop {
        let w = waiters.borrow_mut().pop_front();
        let Some(w) = w else {
            return;
        };
        if !w.done() {
            w.set_result(Value::None);
            return;
        }
    }
}

impl Queue {
    fn full(&self) -> bool {
        self.maxsize > 0 && self.items.borrow().len() as i64 >= self.maxsize
    }

    fn empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    fn push(&self, interp: &Interp, item: Value) -> PyResult<()> {
        match self.kind {
            Kind::Fifo | Kind::Lifo => self.items.borrow_mut().push_back(item),
            Kind::Priority => {
                // heapq.heappush: sift the new item up.
                let mut heap: Vec<Value> = self.items.borrow_mut().drain(..).collect();
                heap.push(item);
                let mut pos = heap.len() - 1;
                while pos > 0 {
                    let parent = (pos - 1) / 2;
                    if interp.less_than(&heap[pos], &heap[parent])? {
                        heap.swap(pos, parent);
                        pos = parent;
                    } else {
                        break;
                    }
                }
                *self.items.borrow_mut() = heap.into();
            }
        }
        Ok(())
    }

    fn pop(&self, interp: &Interp) -> PyResult<Value> {
        match self.kind {
            Kind::Fifo => Ok(self.items.borrow_mut().pop_front().unwrap_or(Value::None)),
            Kind::Lifo => Ok(self.items.borrow_mut().pop_back().unwrap_or(Value::None)),
            Kind::Priority => {
                // heapq.heappop: move the last item to the top and sift it down.
                let mut heap: Vec<Value> = self.items.borrow_mut().drain(..).collect();
                let last = heap.pop().unwrap_or(Value::None);
                if heap.is_empty() {
                    return Ok(last);
                }
                let top = std::mem::replace(&mut heap[0], last);
                let n = heap.len();
                let mut pos = 0;
                loop {
                    let mut child = 2 * pos + 1;
                    if child >= n {
                        break;
                    }
                    if child + 1 < n && !interp.less_than(&heap[child], &heap[child + 1])? {
                        child += 1;
                    }
                    if interp.less_than(&heap[child], &heap[pos])? {
                        heap.swap(pos, child);
                        pos = child;
                    } else {
                        break;
                    }
                }
                *self.items.borrow_mut() = heap.into();
                Ok(top)
            }
        }
    }

    fn put_nowait(&self, interp: &Interp, item: Value) -> PyResult<()> {
        if self.full() {
            return Err(interp.new_exception(&interp.exc.queue_full, vec![]));
        }
        self.push(interp, item)?;
        self.unfinished.set(self.unfinished.get() + 1);
        wakeup_next(&self.getters);
        Ok(())
    }

    fn get_nowait(&self, interp: &Interp) -> PyResult<Value> {
        if self.empty() {
            return Err(interp.new_exception(&interp.exc.queue_empty, vec![]));
        }
        let item = self.pop(interp)?;
        wakeup_next(&self.putters);
        Ok(item)
    }

    fn format(&self, interp: &Interp) -> PyResult<String> {
        let mut out = format!("maxsize={}", self.maxsize);
        let items: Vec<Value> = self.items.borrow().iter().cloned().collect();
        if !items.is_empty() {
            out.push_str(&format!(" _queue={}", interp.repr(&Value::list(items))?));
        }
        let g = self.getters.borrow().len();
        if g > 0 {
            out.push_str(&format!(" _getters[{g}]"));
        }
        let p = self.putters.borrow().len();
        if p > 0 {
            out.push_str(&format!(" _putters[{p}]"));
        }
        if self.unfinished.get() > 0 {
            out.push_str(&format!(" tasks={}", self.unfinished.get()));
        }
        Ok(out)
    }

    fn type_label(&self) -> &'static str {
        match self.kind {
            Kind::Fifo => "Queue",
            Kind::Priority => "PriorityQueue",
            Kind::Lifo => "LifoQueue",
        }
    }

    /// The type's full name (module and class), for `type(q)`.
    fn full_type_name(&self) -> &'static str {
        match self.kind {
            Kind::Fifo => "asyncio.queues.Queue",
            Kind::Priority => "asyncio.queues.PriorityQueue",
            Kind::Lifo => "asyncio.queues.LifoQueue",
        }
    }
}

/// Waits on a new future registered in `waiters`; on any error, gives the wake-up to the
/// next waiter if the queue still allows it (CPython's `put`/`get` `except:` block).
async fn wait_in(
    waiters_of: impl Fn(&Queue) -> &RefCell<VecDeque<NRc<FutCore>>>,
    queue: NRc<Queue>,
    retry: fn(&Queue) -> bool,
) -> PyResult<()> {
    let fut = FutCore::new_future(super::event_loop());
    waiters_of(&queue).borrow_mut().push_back(fut.clone());
    match AwaitFut::new(fut.clone()).await {
        Ok(_) => Ok(()),
        Err(e) => {
            let interp = crate::interp::current_rc();
            super::task::cancel(&interp, &fut, None);
            let waiters = waiters_of(&queue);
            let pos = waiters.borrow().iter().position(|w| NRc::ptr_eq(w, &fut));
            if let Some(i) = pos {
                waiters.borrow_mut().remove(i);
            }
            if retry(&queue) && !fut.cancelled() {
                wakeup_next(waiters);
            }
            Err(e)
        }
    }
}

/// The arguments of a queue method, checked as CPython checks its (Python) methods.
fn queue_args(
    interp: &Interp,
    qualname: &str,
    args: CallArgs,
    names: &[&str],
) -> PyResult<Vec<Value>> {
    // The common call, `q.put(item)`, is already in order.
    if args.kwargs.is_empty() && args.args.len() == names.len() {
        return Ok(args.args);
    }
    let a = Args::parse_python(interp, qualname, args, names, names.len())?;
    Ok((0..names.len())
        .map(|i| a.get(i).cloned().unwrap_or(Value::None))
        .collect())
}

fn put(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let body = put_body(interp, args)?;
    Ok(super::builtin_coroutine(interp, "Queue.put", body))
}

fn put_body(interp: &Interp, args: CallArgs) -> PyResult<BodyFuture> {
    let a = queue_args(interp, "Queue.put", args, &["self", "item"])?;
    let q = queue_of(interp, &a[0])?;
    Ok(put_future(q, a[1].clone()))
}

/// `await q.put(item)`: with room in the queue, the put is done at once (as the body's
/// first step would do it, with nothing in between).
fn put_awaited(interp: &Interp, this: &Value, args: &[Value]) -> PyResult<Awaited> {
    let [item] = args else {
        return put_body(interp, method_call_args(this, args)).map(Awaited::Body);
    };
    let queue = queue_of(interp, this)?;
    if queue.full() {
        return Ok(Awaited::Body(put_future(queue, item.clone())));
    }
    queue.put_nowait(interp, item.clone())?;
    Ok(Awaited::Done(Value::None))
}

/// The arguments of `this.method(*args)` as a call of the function, for the error a
/// wrong number of them makes.
fn method_call_args(this: &Value, args: &[Value]) -> CallArgs {
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(this.clone());
    all.extend_from_slice(args);
    CallArgs::positional(all)
}

fn put_future(queue: NRc<Queue>, item: Value) -> BodyFuture {
    Box::pin(async move {
        let interp = crate::interp::current_rc();
        while queue.full() {
            wait_in(|x| &x.putters, queue.clone(), |x| !x.full()).await?;
        }
        queue.put_nowait(&interp, item)?;
        Ok(Value::None)
    })
}

fn get(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let body = get_body(interp, args)?;
    Ok(super::builtin_coroutine(interp, "Queue.get", body))
}

fn get_body(interp: &Interp, args: CallArgs) -> PyResult<BodyFuture> {
    let a = queue_args(interp, "Queue.get", args, &["self"])?;
    Ok(get_future(queue_of(interp, &a[0])?))
}

/// `await q.get()`: with an item waiting, it is taken at once.
fn get_awaited(interp: &Interp, this: &Value, args: &[Value]) -> PyResult<Awaited> {
    if !args.is_empty() {
        return get_body(interp, method_call_args(this, args)).map(Awaited::Body);
    }
    let queue = queue_of(interp, this)?;
    if queue.empty() {
        return Ok(Awaited::Body(get_future(queue)));
    }
    queue.get_nowait(interp).map(Awaited::Done)
}

fn get_future(queue: NRc<Queue>) -> BodyFuture {
    Box::pin(async move {
        let interp = crate::interp::current_rc();
        while queue.empty() {
            wait_in(|x| &x.getters, queue.clone(), |x| !x.empty()).await?;
        }
        queue.get_nowait(&interp)
    })
}

fn join(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = queue_args(interp, "Queue.join", args, &["self"])?;
    let queue = queue_of(interp, &a[0])?;
    let body = Box::pin(async move {
        if queue.unfinished.get() > 0 {
            let fut = FutCore::new_future(super::event_loop());
            queue.joiners.borrow_mut().push(fut.clone());
            AwaitFut::new(fut).await?;
        }
        Ok(Value::None)
    });
    Ok(super::builtin_coroutine(interp, "Queue.join", body))
}

impl Native for Queue {
    fn type_name(&self) -> &str {
        self.full_type_name()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, this: &Value) -> Option<PyResult<String>> {
        let Value::Native(n) = this else {
            return None;
        };
        let id = interp.id_of(n.as_ptr() as usize);
        Some(
            self.format(interp)
                .map(|f| format!("<{} at {id:#x} {f}>", self.type_label())),
        )
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        if name == "maxsize" {
            return Some(Ok(Value::Int(self.maxsize)));
        }
        self.method(name).map(|f| Ok(method(this, name, f)))
    }
    fn awaitable_method(&self, name: &str) -> Option<crate::object::AwaitableMethod> {
        match name {
            "put" => Some(put_awaited),
            "get" => Some(get_awaited),
            _ => None,
        }
    }
    fn method(&self, name: &str) -> Option<BuiltinFn> {
        Some(match name {
            "put" => put,
            "get" => get,
            "join" => join,
            "put_nowait" => |i, a| {
                let a = queue_args(i, "Queue.put_nowait", a, &["self", "item"])?;
                with_queue(i, &a[0], |q| q.put_nowait(i, a[1].clone())).map(|_| Value::None)
            },
            "get_nowait" => |i, a| {
                let a = queue_args(i, "Queue.get_nowait", a, &["self"])?;
                with_queue(i, &a[0], |q| q.get_nowait(i))
            },
            "qsize" => |i, a| {
                with_queue(i, &a.args[0], |q| {
                    Ok(Value::Int(q.items.borrow().len() as i64))
                })
            },
            "empty" => |i, a| with_queue(i, &a.args[0], |q| Ok(Value::Bool(q.empty()))),
            "full" => |i, a| with_queue(i, &a.args[0], |q| Ok(Value::Bool(q.full()))),
            "task_done" => |i, a| {
                with_queue(i, &a.args[0], |q| {
                    if q.unfinished.get() == 0 {
                        return Err(i.value_error("task_done() called too many times"));
                    }
                    q.unfinished.set(q.unfinished.get() - 1);
                    if q.unfinished.get() == 0 {
                        for j in q.joiners.borrow_mut().drain(..) {
                            if !j.done() {
                                j.set_result(Value::None);
                            }
                        }
                    }
                    Ok(Value::None)
                })
            },
            "__str__" => |i, a| {
                with_queue(i, &a.args[0], |q| {
                    Ok(Value::string(format!(
                        "<{} {}>",
                        q.type_label(),
                        q.format(i)?
                    )))
                })
            },
            _ => return None,
        })
    }
}

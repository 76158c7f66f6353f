//! The loop's exception handler: `loop.set_exception_handler`, `get_exception_handler`,
//! `call_exception_handler` and `default_exception_handler`.
//!
//! Every error the loop reports instead of raising (a callback that failed, a future's
//! exception nobody retrieved, a task destroyed while pending, a failure while `asyncio.run`
//! shuts down or closes async generators) goes through [`report`]: it builds the context
//! dict CPython's asyncio builds for that error, with its keys in CPython's order, and gives
//! it to the program's handler, or prints what CPython's default handler logs. Reports made
//! while a value is dropped call [`report`] from work left to `Interp::defer`, never inside
//! the drop: the handler is user code.

use std::rc::Rc;

use crate::interp::Interp;
use crate::object::{Instance, PyResult};
use crate::value::{DictMap, Value};

use super::event_loop::LoopState;

/// One error for the loop's exception handler.
pub struct ErrorReport {
    pub message: String,
    pub exception: Option<Rc<Instance>>,
    /// The context's other keys (`handle`, `future`, `task`, `asyncgen`), in the order
    /// CPython sets them.
    pub extra: Vec<(&'static str, Value)>,
    /// The exception was raised by code the loop called (a callback) and caught there:
    /// CPython's traceback then has the loop's own frame, so the default handler prints a
    /// traceback header even when no frame of the program is under it; and the handler
    /// runs while it is being handled, so what the handler raises has it as `__context__`.
    pub raised_in_loop: bool,
}

impl ErrorReport {
    pub fn new(message: impl Into<String>, exception: Option<Rc<Instance>>) -> ErrorReport {
        ErrorReport {
            message: message.into(),
            exception,
            extra: Vec::new(),
            raised_in_loop: false,
        }
    }

    pub fn with(mut self, key: &'static str, value: Value) -> ErrorReport {
        self.extra.push((key, value));
        self
    }

    pub fn raised_in_loop(mut self) -> ErrorReport {
        self.raised_in_loop = true;
        self
    }

    /// CPython's context dict: `message`, `exception` (when there is one), then the rest.
    fn context(&self, interp: &Interp) -> PyResult<Value> {
        let mut entries = vec![("message", Value::string(self.message.clone()))];
        if let Some(e) = &self.exception {
            entries.push(("exception", Value::Instance(e.clone())));
        }
        entries.extend(self.extra.iter().cloned());
        context_dict(interp, entries)
    }
}

fn context_dict(interp: &Interp, entries: Vec<(&str, Value)>) -> PyResult<Value> {
    let mut map = DictMap::default();
    for (k, v) in entries {
        map.insert(interp.to_key(&Value::str(k))?, v);
    }
    Ok(Value::dict(map))
}

/// Reports `r` to `loop_`'s exception handler. An error only for what must not be caught
/// (`SystemExit`, `KeyboardInterrupt` raised by the program's handler).
pub fn report(interp: &Interp, loop_: &Rc<LoopState>, r: ErrorReport) -> PyResult<()> {
    let context = r.context(interp)?;
    match (&r.exception, r.raised_in_loop) {
        (Some(e), true) => interp.while_handling(e, || call_handler(interp, loop_, &context, true)),
        _ => call_handler(interp, loop_, &context, r.raised_in_loop),
    }
}

/// `loop.call_exception_handler(context)`: the program's handler, or the default one;
/// what either raises is logged, except `SystemExit` and `KeyboardInterrupt`.
pub fn call_handler(
    interp: &Interp,
    loop_: &Rc<LoopState>,
    context: &Value,
    raised_in_loop: bool,
) -> PyResult<()> {
    let handler = loop_.exception_handler.borrow().clone();
    let Some(handler) = handler else {
        return match default_handler(interp, context, raised_in_loop) {
            Err(e) if !must_propagate(interp, &e.value) => {
                log_handler_failure(interp, "Exception in default exception handler", &e.value);
                Ok(())
            }
            r => r,
        };
    };
    let r = interp.call_value(
        &handler,
        vec![super::loop_value(loop_.clone()), context.clone()],
    );
    let Err(e) = r else {
        return Ok(());
    };
    // Raised while an exception is being handled (the callback's): that is its context.
    let handled = interp.handling.borrow().last().cloned();
    let e = match handled {
        Some(h) => interp.chain_context(e, &h),
        None => e,
    };
    if must_propagate(interp, &e.value) {
        return Err(e);
    }
    let failure = context_dict(
        interp,
        vec![
            (
                "message",
                Value::str("Unhandled error in exception handler"),
            ),
            ("exception", Value::Instance(e.value.clone())),
            ("context", context.clone()),
        ],
    )?;
    match default_handler(interp, &failure, true) {
        Err(e) if !must_propagate(interp, &e.value) => {
            log_handler_failure(
                interp,
                "Exception in default exception handler while handling an unexpected error in custom exception handler",
                &e.value,
            );
            Ok(())
        }
        r => r,
    }
}

fn must_propagate(interp: &Interp, e: &Rc<Instance>) -> bool {
    e.class.is_subclass_of(&interp.exc.system_exit)
        || e.class.is_subclass_of(&interp.exc.keyboard_interrupt)
}

fn log_handler_failure(interp: &Interp, message: &str, e: &Rc<Instance>) {
    let text = format!("{message}\n{}", interp.format_callback_exception(e));
    interp.write_err(&text);
}

/// `loop.default_exception_handler(context)`: logs the message (or "Unhandled exception
/// in event loop"), then `key: repr(value)` for the other keys in sorted order, then the
/// exception's traceback. Reads `context` as CPython does (`context.get(...)`, `sorted`,
/// `context[key]`), so its errors are CPython's.
pub fn default_handler(interp: &Interp, context: &Value, raised_in_loop: bool) -> PyResult<()> {
    let get = interp.get_attr(context, "get")?;
    let message = interp.call_value(&get, vec![Value::str("message")])?;
    let message = if interp.truthy(&message)? {
        interp.str(&message)?
    } else {
        "Unhandled exception in event loop".to_string()
    };
    let exception = interp.call_value(&get, vec![Value::str("exception")])?;
    let exception = match exception {
        Value::None => None,
        Value::Instance(e) if e.exc.is_some() => Some(e),
        other => {
            return Err(interp.attribute_error(format!(
                "'{}' object has no attribute '__traceback__'",
                other.type_name()
            )))
        }
    };
    let keys = crate::builtins::functions::sorted_list(interp, context)?;
    let mut lines = vec![message];
    for key in interp.collect(&keys)? {
        if matches!(&key, Value::Str(s) if matches!(s.as_str(), "message" | "exception")) {
            continue;
        }
        let value = interp.get_item(context, &key)?;
        lines.push(format!("{}: {}", interp.str(&key)?, interp.repr(&value)?));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    if let Some(e) = exception {
        text.push_str(&if raised_in_loop {
            interp.format_callback_exception(&e)
        } else {
            interp.format_exception_logged(&e)
        });
    }
    interp.write_err(&text);
    Ok(())
}

/// `loop.set_exception_handler(handler)`: a callable, or None for the default handler.
pub fn set_handler(interp: &Interp, loop_: &LoopState, handler: Value) -> PyResult<()> {
    if !handler.is_none() && !crate::builtins::functions::is_callable(interp, &handler) {
        return Err(interp.type_error(format!(
            "A callable object or None is expected, got {}",
            interp.repr(&handler)?
        )));
    }
    *loop_.exception_handler.borrow_mut() = (!handler.is_none()).then_some(handler);
    Ok(())
}

//! `ExceptionGroup` and the splitting `except*` does.

use std::rc::Rc;

use crate::interp::Interp;
use crate::object::{Exc, Instance, PyResult};
use crate::value::Value;

/// The part of a group that matched and the rest, either possibly absent.
type Split = (Option<Rc<Instance>>, Option<Rc<Instance>>);

pub fn is_group(interp: &Interp, inst: &Instance) -> bool {
    inst.class.is_subclass_of(&interp.exc.exception_group)
        || inst.class.is_subclass_of(&interp.exc.base_exception_group)
}

pub fn members(interp: &Interp, group: &Instance) -> Vec<Rc<Instance>> {
    let list = group.exc_data().args.get(1).cloned().unwrap_or(Value::None);
    interp
        .collect(&list)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| match v {
            Value::Instance(i) => Some(i),
            _ => None,
        })
        .collect()
}

/// The exception as a group for `except*`: a lone exception is wrapped in a new group.
pub fn as_group(interp: &Interp, exc: &Rc<Instance>) -> Rc<Instance> {
    if is_group(interp, exc) {
        return exc.clone();
    }
    let class = if exc.class.is_subclass_of(&interp.exc.exception) {
        &interp.exc.exception_group
    } else {
        &interp.exc.base_exception_group
    };
    let group = interp
        .new_exception(
            class,
            vec![
                Value::str(""),
                Value::tuple(vec![Value::Instance(exc.clone())]),
            ],
        )
        .value;
    group.exc_data_mut().traceback = exc.exc_data().traceback.clone();
    group
}

pub fn new_group(interp: &Interp, msg: &str, excs: Vec<Value>) -> Exc {
    let all_exceptions = excs.iter().all(|e| match e {
        Value::Instance(i) => i.class.is_subclass_of(&interp.exc.exception),
        _ => false,
    });
    let class = if all_exceptions {
        &interp.exc.exception_group
    } else {
        &interp.exc.base_exception_group
    };
    interp.new_exception(class, vec![Value::str(msg), Value::list(excs)])
}

/// A group like `group` (same class, message and chaining) holding `excs`.
fn derive(_interp: &Interp, group: &Rc<Instance>, excs: Vec<Rc<Instance>>) -> Rc<Instance> {
    let msg = group
        .exc_data()
        .args
        .first()
        .cloned()
        .unwrap_or(Value::str(""));
    let inst = Instance::new(group.class.clone());
    {
        let src = group.exc_data();
        let mut d = inst.exc_data_mut();
        d.args = vec![
            msg,
            Value::list(excs.into_iter().map(Value::Instance).collect()),
        ];
        d.traceback = src.traceback.clone();
        d.cause = src.cause.clone();
        d.context = src.context.clone();
        d.notes = src.notes.clone();
    }
    Rc::new(inst)
}

/// Splits `group` into the part matching `typ` and the rest, keeping the nesting.
pub fn split(interp: &Interp, group: &Rc<Instance>, typ: &Value) -> PyResult<Split> {
    if let Value::Class(c) = typ {
        if c.is_subclass_of(&interp.exc.base_exception_group)
            || c.is_subclass_of(&interp.exc.exception_group)
        {
            return Err(interp.type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
    }
    if interp.exception_matches(group, typ)? {
        return Ok((Some(group.clone()), None));
    }
    if !is_group(interp, group) {
        return Ok((None, Some(group.clone())));
    }
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for e in members(interp, group) {
        let (m, r) = split(interp, &e, typ)?;
        matched.extend(m);
        rest.extend(r);
    }
    let m = (!matched.is_empty()).then(|| derive(interp, group, matched));
    let r = (!rest.is_empty()).then(|| derive(interp, group, rest));
    Ok((m, r))
}

/// `BaseExceptionGroup.__new__`'s checks; the class the group really gets (a
/// `BaseExceptionGroup` of plain exceptions becomes an `ExceptionGroup`).
pub fn checked_class(
    interp: &Interp,
    class: &Rc<crate::object::Class>,
    args: &[Value],
) -> PyResult<Rc<crate::object::Class>> {
    if args.len() != 2 {
        return Err(interp.type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.len()
        )));
    }
    if !matches!(args[0], Value::Str(_)) {
        return Err(interp.type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            args[0].type_name()
        )));
    }
    let items = match &args[1] {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => t.to_vec(),
        Value::Instance(_) => interp.collect(&args[1])?,
        _ => {
            return Err(interp.type_error("second argument (exceptions) must be a sequence"));
        }
    };
    if items.is_empty() {
        return Err(interp.error(
            &interp.exc.value_error,
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut all_exceptions = true;
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Instance(inst) if inst.exc.is_some() => {
                all_exceptions &= inst.class.is_subclass_of(&interp.exc.exception);
            }
            _ => {
                return Err(interp.error(
                    &interp.exc.value_error,
                    format!("Item {i} of second argument (exceptions) is not an exception"),
                ));
            }
        }
    }
    if Rc::ptr_eq(class, &interp.exc.base_exception_group) {
        if all_exceptions {
            return Ok(interp.exc.exception_group.clone());
        }
    } else if class.is_subclass_of(&interp.exc.exception) && !all_exceptions {
        return Err(interp.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
    }
    Ok(class.clone())
}

/// The methods of a group: `split`, `subgroup` and `derive`.
pub fn group_method(group: &Rc<Instance>, name: &str) -> Option<Value> {
    let func: crate::object::BuiltinFn = match name {
        "split" => |interp, args| {
            let (group, typ) = group_and_arg(interp, args, "split")?;
            let (m, r) = split_by(interp, &group, &typ)?;
            let part = |p: Option<Rc<Instance>>| p.map_or(Value::None, Value::Instance);
            Ok(Value::tuple(vec![part(m), part(r)]))
        },
        "subgroup" => |interp, args| {
            let (group, typ) = group_and_arg(interp, args, "subgroup")?;
            let (m, _) = split_by(interp, &group, &typ)?;
            Ok(m.map_or(Value::None, Value::Instance))
        },
        "derive" => |interp, args| {
            let (group, excs) = group_and_arg(interp, args, "derive")?;
            let msg = group
                .exc_data()
                .args
                .first()
                .cloned()
                .unwrap_or(Value::None);
            let class = interp.exc.base_exception_group.clone();
            let argv = vec![msg, excs];
            let class = checked_class(interp, &class, &argv)?;
            Ok(Value::Instance(interp.new_exception(&class, argv).value))
        },
        _ => return None,
    };
    Some(Value::Builtin(Rc::new(crate::object::Builtin {
        name: name.into(),
        func,
        bound: Some(Value::Instance(group.clone())),
        awaitable: None,
        unary: None,
        owner: None,
    })))
}

fn group_and_arg(
    interp: &Interp,
    args: crate::object::CallArgs,
    name: &str,
) -> PyResult<(Rc<Instance>, Value)> {
    let mut a = args.args.into_iter();
    let group = match a.next() {
        Some(Value::Instance(g)) => g,
        _ => return Err(interp.type_error(format!("{name}() needs a group"))),
    };
    let rest: Vec<Value> = a.collect();
    if rest.len() != 1 {
        return Err(interp.type_error(format!(
            "BaseExceptionGroup.{name}() takes exactly one argument ({} given)",
            rest.len()
        )));
    }
    Ok((group, rest.into_iter().next().unwrap_or(Value::None)))
}

/// `split`/`subgroup` by an exception type, a tuple of types, or a predicate.
fn split_by(interp: &Interp, group: &Rc<Instance>, cond: &Value) -> PyResult<Split> {
    let is_type = match cond {
        Value::Class(c) => c.is_exception(),
        Value::Tuple(items) => items
            .iter()
            .all(|t| matches!(t, Value::Class(c) if c.is_exception())),
        _ => false,
    };
    if is_type {
        return split(interp, group, cond);
    }
    if !crate::builtins::functions::is_callable(interp, cond) {
        return Err(
            interp.type_error("expected a function, exception type or tuple of exception types")
        );
    }
    split_pred(interp, group, cond)
}

fn split_pred(interp: &Interp, group: &Rc<Instance>, pred: &Value) -> PyResult<Split> {
    let r = interp.call_value(pred, vec![Value::Instance(group.clone())])?;
    if interp.truthy(&r)? {
        return Ok((Some(group.clone()), None));
    }
    if !is_group(interp, group) {
        return Ok((None, Some(group.clone())));
    }
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for e in members(interp, group) {
        let (m, r) = split_pred(interp, &e, pred)?;
        matched.extend(m);
        rest.extend(r);
    }
    let m = (!matched.is_empty()).then(|| derive(interp, group, matched));
    let r = (!rest.is_empty()).then(|| derive(interp, group, rest));
    Ok((m, r))
}

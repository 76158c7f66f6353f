//! `ExceptionGroup` and the splitting `except*` does.

use std::rc::Rc;

use crate::interp::Interp;
use crate::object::{Exc, Instance, PyResult};
use crate::value::Value;

pub fn is_group(interp: &Interp, inst: &Instance) -> bool {
    inst.class.is_subclass_of(&interp.exc.exception_group)
        || inst.class.is_subclass_of(&interp.exc.base_exception_group)
}

fn members(interp: &Interp, group: &Instance) -> Vec<Rc<Instance>> {
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
    let group = new_group(interp, "", vec![Value::Instance(exc.clone())]).value;
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
fn derive(interp: &Interp, group: &Rc<Instance>, excs: Vec<Rc<Instance>>) -> Rc<Instance> {
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
pub fn split(
    interp: &Interp,
    group: &Rc<Instance>,
    typ: &Value,
) -> PyResult<(Option<Rc<Instance>>, Option<Rc<Instance>>)> {
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

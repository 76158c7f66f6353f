//! The `random` module and `random.Random`: Python-facing argument handling over the
//! CPython-compatible generator in `mt.rs`.
//!
//! Each operation is written once against a `&RefCell<Mt>`: the module functions use the
//! interpreter's generator (`interp.random`), methods of a `Random(seed)` instance their
//! own. The generator is only borrowed around its own calls, never while Python code
//! (a `__getitem__`, a weight's `__add__`) runs, so such code may use `random` too.
//! The real-valued distributions `mt.rs` lacks are in `random_dist.rs`.

use std::any::Any;
use std::cell::RefCell;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};

use super::mt::{self, Mt};
use super::random_dist;
use crate::ast::BinOp;
use crate::builtins::builtin;
use crate::interp::Interp;
use crate::object::{BuiltinFn, BuiltinType, CallArgs, Exc, PyResult};
use crate::value::{Native, Value};

/// An operation on a generator: `(interp, generator, arguments)`.
pub type Op = fn(&Interp, &RefCell<Mt>, CallArgs) -> PyResult<Value>;

/// The Python exception for an error message from `mt.rs`.
pub fn mt_error(interp: &Interp, msg: String) -> Exc {
    let class = match mt::exception_type(&msg) {
        "TypeError" => &interp.exc.type_error,
        "IndexError" => &interp.exc.index_error,
        "ZeroDivisionError" => &interp.exc.zero_division_error,
        "OverflowError" => &interp.exc.overflow_error,
        _ => &interp.exc.value_error,
    };
    interp.error(class, msg)
}

// ------------------------------------------------------------ arguments

/// Arguments bound to a Python-level method's parameters, with CPython's messages for
/// `Random.NAME()`; `names` are the positional-or-keyword parameters (after `self`),
/// the first `required` of them without a default, then keyword-only ones.
pub fn params(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    names: &[&str],
    required: usize,
    kwonly: &[&str],
) -> PyResult<Vec<Option<Value>>> {
    let fname = format!("Random.{name}()");
    let given = args.args.len();
    if given > names.len() {
        let takes = if required == names.len() {
            format!("{}", names.len() + 1)
        } else {
            format!("from {} to {}", required + 1, names.len() + 1)
        };
        let plural = if names.len() + 1 == 1 && required == names.len() {
            ""
        } else {
            "s"
        };
        return Err(interp.type_error(format!(
            "{fname} takes {takes} positional argument{plural} but {} were given",
            given + 1
        )));
    }
    let mut values: Vec<Option<Value>> = vec![None; names.len() + kwonly.len()];
    for (i, v) in args.args.into_iter().enumerate() {
        values[i] = Some(v);
    }
    for (k, v) in args.kwargs {
        let Some(i) = names.iter().chain(kwonly.iter()).position(|n| *n == &*k) else {
            return Err(
                interp.type_error(format!("{fname} got an unexpected keyword argument '{k}'"))
            );
        };
        if values[i].is_some() {
            return Err(
                interp.type_error(format!("{fname} got multiple values for argument '{k}'"))
            );
        }
        values[i] = Some(v);
    }
    let missing: Vec<String> = names[..required]
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| format!("'{n}'"))
        .collect();
    if !missing.is_empty() {
        let list = match missing.len() {
            1 => missing[0].clone(),
            2 => format!("{} and {}", missing[0], missing[1]),
            n => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(interp.type_error(format!(
            "{fname} missing {} required positional argument{s}: {list}",
            missing.len()
        )));
    }
    Ok(values)
}

/// A float argument, as Python's arithmetic on it would accept.
pub fn float_arg(interp: &Interp, v: &Value) -> PyResult<f64> {
    super::math::to_f64(interp, v)
}

/// A `DeprecationWarning` shown at the calling line of the script, as Python's default
/// filters show warnings attributed to `__main__`.
fn deprecation(interp: &Interp, msg: &str) {
    let source = interp.main_source.borrow().clone();
    if let Some(src) = source {
        let line = interp.current_line();
        let shown = src.shown_line(line).map(str::trim);
        let text = shown.map(|t| format!("  {t}\n")).unwrap_or_default();
        interp.warn_once(&format!(
            "{}:{line}: DeprecationWarning: {msg}\n{text}",
            src.name
        ));
    }
}

/// `randrange`'s conversion of an argument: `__index__`, or (deprecated) an
/// integral value `int()` gives.
fn range_arg(interp: &Interp, v: &Value, which: &str) -> PyResult<BigInt> {
    if let Some(b) = v.as_bigint() {
        return Ok(b);
    }
    if let Some(i) = interp.index_value(v)? {
        return Ok(BigInt::from(i));
    }
    let int = crate::builtins::construct(
        interp,
        &interp.types.int,
        CallArgs::positional(vec![v.clone()]),
    )?;
    if !interp.eq(&int, v)? {
        deprecation(interp, "randrange() will raise TypeError in the future");
        return Err(interp.value_error(format!("non-integer {which} for randrange()")));
    }
    deprecation(
        interp,
        "non-integer arguments to randrange() have been deprecated since Python 3.10 and will be removed in a subsequent version",
    );
    Ok(int.as_bigint().unwrap_or_default())
}

// ------------------------------------------------------------ seeding and state

fn seed_with(interp: &Interp, rng: &RefCell<Mt>, a: Option<&Value>) -> PyResult<()> {
    let mut mt = rng.borrow_mut();
    match a {
        None | Some(Value::None) => mt.seed_os(),
        Some(Value::Float(x)) => mt.seed_f64(*x),
        Some(Value::Str(s)) => mt.seed_str(s.as_str()),
        Some(v) => match v.as_bigint() {
            Some(n) => mt.seed_int(&n),
            None => return Err(interp.type_error(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
            )),
        },
    }
    Ok(())
}

fn seed(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "seed", args, &["a", "version"], 0, &[])?;
    seed_with(interp, rng, a[0].as_ref())?;
    Ok(Value::None)
}

fn getstate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    params(interp, "getstate", args, &[], 0, &[])?;
    let (words, gauss) = rng.borrow().getstate();
    let words = words.into_iter().map(|w| Value::Int(w as i64)).collect();
    Ok(Value::tuple(vec![
        Value::Int(3),
        Value::tuple(words),
        gauss.map_or(Value::None, Value::Float),
    ]))
}

fn setstate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "setstate", args, &["state"], 1, &[])?;
    let state = a[0].clone().unwrap_or(Value::None);
    let version = interp.get_item(&state, &Value::Int(0))?;
    if !matches!(version, Value::Int(3)) {
        return Err(interp.value_error(format!(
            "state with version {} passed to Random.setstate() of version 3",
            interp.str(&version)?
        )));
    }
    let parts = super::collect(interp, &state)?;
    if parts.len() != 3 {
        return Err(interp.value_error(if parts.len() > 3 {
            "too many values to unpack (expected 3)".to_string()
        } else {
            format!(
                "not enough values to unpack (expected 3, got {})",
                parts.len()
            )
        }));
    }
    let gauss = match &parts[2] {
        Value::None => None,
        v => Some(float_arg(interp, v)?),
    };
    let Value::Tuple(words) = &parts[1] else {
        rng.borrow_mut().setstate(&[], gauss).ok();
        return Err(interp.type_error("state vector must be a tuple"));
    };
    let mut internal = Vec::with_capacity(words.len());
    for w in words.iter() {
        let n = super::math::to_int(interp, w)?;
        if n.is_negative() {
            return Err(interp.overflow_error("can't convert negative value to unsigned int"));
        }
        match n.to_u64() {
            Some(n) => internal.push(n),
            None => {
                return Err(
                    interp.overflow_error("Python int too large to convert to C unsigned long")
                )
            }
        }
    }
    let r = rng.borrow_mut().setstate(&internal, gauss);
    r.map_err(|m| mt_error(interp, m))?;
    Ok(Value::None)
}

// ------------------------------------------------------------ integers

fn random(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    if !args.args.is_empty() || !args.kwargs.is_empty() {
        return Err(interp.type_error(format!(
            "Random.random() takes no arguments ({} given)",
            args.args.len() + args.kwargs.len()
        )));
    }
    Ok(Value::Float(rng.borrow_mut().random()))
}

fn getrandbits(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    if args.args.len() != 1 || !args.kwargs.is_empty() {
        return Err(interp.type_error(format!(
            "Random.getrandbits() takes exactly one argument ({} given)",
            args.args.len() + args.kwargs.len()
        )));
    }
    let k = super::math::to_int(interp, &args.args[0])?;
    if k.is_negative() {
        return Err(interp.value_error("number of bits must be non-negative"));
    }
    let Some(k) = k.to_u32() else {
        return Err(interp.overflow_error("Python int too large to convert to C int"));
    };
    let r = rng.borrow_mut().getrandbits(k);
    Ok(Value::from_bigint(r))
}

fn randrange_of(
    interp: &Interp,
    rng: &RefCell<Mt>,
    start: &Value,
    stop: Option<&Value>,
    step: Option<&Value>,
) -> PyResult<Value> {
    let istart = range_arg(interp, start, "arg 1")?;
    let Some(stop) = stop.filter(|v| !v.is_none()) else {
        if step.is_some_and(|s| !matches!(s, Value::Int(1))) {
            return Err(interp.type_error(mt::MISSING_STOP));
        }
        let r = rng.borrow_mut().randrange(&istart, None, &BigInt::one());
        return r.map(Value::from_bigint).map_err(|m| mt_error(interp, m));
    };
    let istop = range_arg(interp, stop, "stop")?;
    let istep = match step {
        Some(s) => range_arg(interp, s, "step")?,
        None => BigInt::one(),
    };
    let r = rng.borrow_mut().randrange(&istart, Some(&istop), &istep);
    r.map(Value::from_bigint).map_err(|m| mt_error(interp, m))
}

fn randrange(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(
        interp,
        "randrange",
        args,
        &["start", "stop", "step"],
        1,
        &[],
    )?;
    let start = a[0].clone().unwrap_or(Value::None);
    randrange_of(interp, rng, &start, a[1].as_ref(), a[2].as_ref())
}

fn randint(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "randint", args, &["a", "b"], 2, &[])?;
    let (lo, hi) = (
        a[0].clone().unwrap_or(Value::None),
        a[1].clone().unwrap_or(Value::None),
    );
    let stop = interp.binary_op(BinOp::Add, &hi, &Value::Int(1))?;
    randrange_of(interp, rng, &lo, Some(&stop), None)
}

// ------------------------------------------------------------ sequences

/// `seq[i]`, fast for lists and tuples.
fn item(interp: &Interp, seq: &Value, i: usize) -> PyResult<Value> {
    match seq {
        Value::List(l) => {
            if let Some(v) = l.borrow().get(i) {
                return Ok(v.clone());
            }
        }
        Value::Tuple(t) => {
            if let Some(v) = t.get(i) {
                return Ok(v.clone());
            }
        }
        _ => {}
    }
    interp.get_item(seq, &Value::Int(i as i64))
}

fn choice(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "choice", args, &["seq"], 1, &[])?;
    let seq = a[0].clone().unwrap_or(Value::None);
    let n = interp.len(&seq)?;
    let i = rng.borrow_mut().choice_index(n);
    match i {
        Some(i) => item(interp, &seq, i),
        None => Err(interp.index_error(mt::EMPTY_CHOICE)),
    }
}

fn shuffle(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "shuffle", args, &["x"], 1, &[])?;
    let x = a[0].clone().unwrap_or(Value::None);
    if let Value::List(l) = &x {
        let n = l.borrow().len();
        let order = rng.borrow_mut().shuffle_indices(n);
        let mut items = l.borrow_mut();
        if items.len() == n {
            let old = items.clone();
            for (slot, &from) in items.iter_mut().zip(&order) {
                *slot = old[from].clone();
            }
        }
        return Ok(Value::None);
    }
    let n = interp.len(&x)?;
    for i in (1..n).rev() {
        let j = rng.borrow_mut().randbelow_u64(i as u64 + 1) as usize;
        let (vi, vj) = (item(interp, &x, i)?, item(interp, &x, j)?);
        interp.set_item(&x, Value::Int(i as i64), vj)?;
        interp.set_item(&x, Value::Int(j as i64), vi)?;
    }
    Ok(Value::None)
}

fn is_sequence(v: &Value) -> bool {
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) => true,
        Value::Native(n) => n.as_range().is_some(),
        _ => false,
    }
}

fn sample(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "sample", args, &["population", "k"], 2, &["counts"])?;
    let population = a[0].clone().unwrap_or(Value::None);
    let k_value = a[1].clone().unwrap_or(Value::None);
    if !is_sequence(&population) {
        return Err(
            interp.type_error("Population must be a sequence.  For dicts or sets, use sorted(d).")
        );
    }
    let n = interp.len(&population)?;
    if let Some(counts) = a[2].as_ref().filter(|c| !c.is_none()) {
        return sample_counts(interp, rng, &population, n, counts, &k_value);
    }
    let Some(k) = k_value.as_bigint() else {
        // CPython's `[None] * k` fails first.
        return Err(interp.type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            k_value.type_name()
        )));
    };
    let k = k
        .to_usize()
        .filter(|&k| k <= n)
        .ok_or_else(|| interp.value_error(mt::SAMPLE_TOO_LARGE))?;
    let picked = rng.borrow_mut().sample_indices(n, k);
    let picked = picked.map_err(|m| mt_error(interp, m))?;
    let items = picked
        .into_iter()
        .map(|i| item(interp, &population, i))
        .collect::<PyResult<_>>()?;
    Ok(Value::list(items))
}

/// `sample(population, k, counts=...)`: a sample of `range(total)` mapped back through the
/// running totals of the counts.
fn sample_counts(
    interp: &Interp,
    rng: &RefCell<Mt>,
    population: &Value,
    n: usize,
    counts: &Value,
    k: &Value,
) -> PyResult<Value> {
    let mut cum = Vec::new();
    let mut total = Value::Int(0);
    for (i, c) in super::collect(interp, counts)?.into_iter().enumerate() {
        total = if i == 0 {
            c
        } else {
            interp.binary_op(BinOp::Add, &total, &c)?
        };
        cum.push(total.clone());
    }
    if cum.len() != n {
        return Err(interp.value_error("The number of counts does not match the population"));
    }
    cum.pop();
    let Some(total) = total.as_bigint() else {
        return Err(interp.type_error("Counts must be integers"));
    };
    if !total.is_positive() {
        return Err(interp.value_error("Total of counts must be greater than zero"));
    }
    let cum: Vec<BigInt> = cum
        .iter()
        .map(|c| c.as_bigint().unwrap_or_default())
        .collect();
    let total = total
        .to_usize()
        .ok_or_else(|| interp.overflow_error("Python int too large to convert to C ssize_t"))?;
    let k = super::math::to_int(interp, k)?;
    let k = k
        .to_usize()
        .filter(|&k| k <= total)
        .ok_or_else(|| interp.value_error(mt::SAMPLE_TOO_LARGE))?;
    let picked = rng
        .borrow_mut()
        .sample_indices(total, k)
        .map_err(|m| mt_error(interp, m))?;
    let mut out = Vec::with_capacity(k);
    for s in picked {
        let s = BigInt::from(s);
        let i = cum.partition_point(|c| *c <= s);
        out.push(item(interp, population, i)?);
    }
    Ok(Value::list(out))
}

fn choices(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(
        interp,
        "choices",
        args,
        &["population", "weights"],
        1,
        &["cum_weights", "k"],
    )?;
    let population = a[0].clone().unwrap_or(Value::None);
    let k = match &a[3] {
        Some(v) => super::math::to_int(interp, v)?.to_usize().unwrap_or(0),
        None => 1,
    };
    let n = interp.len(&population)?;
    // Room for the result, or a MemoryError now rather than an abort while filling it.
    interp.check_alloc(
        k,
        std::mem::size_of::<Value>() + std::mem::size_of::<usize>(),
    )?;
    let mut out: Vec<Value> = Vec::new();
    out.try_reserve_exact(k)
        .map_err(|_| interp.memory_error())?;
    let weights = a[1].as_ref().filter(|w| !w.is_none());
    let cum_weights = a[2].as_ref().filter(|w| !w.is_none());
    let cum: Vec<Value> = match (weights, cum_weights) {
        (None, None) => {
            let picked = rng.borrow_mut().choices_indices(n, k);
            if n == 0 && k > 0 {
                item(interp, &population, 0)?;
            }
            for i in picked {
                out.push(item(interp, &population, i)?);
            }
            return Ok(Value::list(out));
        }
        (Some(w), None) => {
            if matches!(w, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) {
                return Err(interp.type_error(format!(
                    "The number of choices must be a keyword argument: k={}",
                    interp.repr(w)?
                )));
            }
            let mut sums = Vec::new();
            let mut total = Value::None;
            for (i, x) in super::collect(interp, w)?.into_iter().enumerate() {
                total = if i == 0 {
                    x
                } else {
                    interp.binary_op(BinOp::Add, &total, &x)?
                };
                sums.push(total.clone());
            }
            sums
        }
        (None, Some(c)) => super::collect(interp, c)?,
        (Some(_), Some(_)) => {
            return Err(interp.type_error("Cannot specify both weights and cumulative weights"))
        }
    };
    if cum.len() != n {
        return Err(interp.value_error(mt::WEIGHTS_MISMATCH));
    }
    let cum = cum
        .iter()
        .map(|v| float_arg(interp, v))
        .collect::<PyResult<Vec<f64>>>()?;
    let picked = rng.borrow_mut().choices_cum_weights_indices(n, &cum, k);
    for i in picked.map_err(|m| mt_error(interp, m))? {
        out.push(item(interp, &population, i)?);
    }
    Ok(Value::list(out))
}

// ------------------------------------------------------------ the module and the class

/// Every operation, by name.
const OPS: [(&str, Op); 22] = [
    ("seed", seed),
    ("random", random),
    ("getrandbits", getrandbits),
    ("getstate", getstate),
    ("setstate", setstate),
    ("randrange", randrange),
    ("randint", randint),
    ("choice", choice),
    ("choices", choices),
    ("shuffle", shuffle),
    ("sample", sample),
    ("uniform", random_dist::uniform),
    ("triangular", random_dist::triangular),
    ("gauss", random_dist::gauss),
    ("normalvariate", random_dist::normalvariate),
    ("lognormvariate", random_dist::lognormvariate),
    ("expovariate", random_dist::expovariate),
    ("vonmisesvariate", random_dist::vonmisesvariate),
    ("gammavariate", random_dist::gammavariate),
    ("betavariate", random_dist::betavariate),
    ("paretovariate", random_dist::paretovariate),
    ("weibullvariate", random_dist::weibullvariate),
];

fn op(name: &str) -> Option<Op> {
    OPS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// The module function `random.NAME`, on the interpreter's generator.
macro_rules! module_fns {
    ($($name:literal),*) => {
        fn module_fn(name: &str) -> Option<BuiltinFn> {
            match name {
                $($name => Some(|interp, args| match op($name) {
                    Some(f) => f(interp, &interp.random, args),
                    None => Ok(Value::None),
                }),)*
                _ => None,
            }
        }

        /// The method `Random.NAME`, on the instance's own generator.
        fn method_fn(name: &str) -> Option<BuiltinFn> {
            match name {
                $($name => Some(|interp, mut args| {
                    if args.args.is_empty() {
                        return Err(interp.type_error(concat!("descriptor '", $name, "' needs an argument")));
                    }
                    let this = args.args.remove(0);
                    match (this.downcast::<RandomObj>(), op($name)) {
                        (Some(r), Some(f)) => f(interp, &r.mt, args),
                        _ => Err(interp.type_error(concat!("descriptor '", $name, "' requires a 'random.Random' object"))),
                    }
                }),)*
                _ => None,
            }
        }
    };
}

module_fns!(
    "seed",
    "random",
    "getrandbits",
    "getstate",
    "setstate",
    "randrange",
    "randint",
    "choice",
    "choices",
    "shuffle",
    "sample",
    "uniform",
    "triangular",
    "gauss",
    "normalvariate",
    "lognormvariate",
    "expovariate",
    "vonmisesvariate",
    "gammavariate",
    "betavariate",
    "paretovariate",
    "weibullvariate"
);

/// A `random.Random` instance: a generator of its own.
pub struct RandomObj {
    mt: RefCell<Mt>,
}

impl Native for RandomObj {
    fn type_name(&self) -> &str {
        "Random"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        if name == "VERSION" {
            return Some(Ok(Value::Int(3)));
        }
        method_fn(name).map(|f| Ok(crate::interp::suspend::method(this, name, f)))
    }
    fn attr_names(&self) -> Vec<String> {
        OPS.iter()
            .filter(|(n, _)| !n.starts_with('_'))
            .map(|(n, _)| n.to_string())
            .collect()
    }
}

/// `Random(x=None)`: a new generator seeded with `x`.
fn new_random(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut args = args;
    if !args.args.is_empty() {
        args.args.remove(0); // the class
    }
    let a = params(interp, "__init__", args, &["x"], 0, &[])?;
    let obj = RandomObj {
        mt: RefCell::new(Mt::new_seeded(&BigInt::default())),
    };
    seed_with(interp, &obj.mt, a[0].as_ref())?;
    Ok(Value::native(obj))
}

pub fn make(interp: &Interp) -> Value {
    let class = crate::types::new_class(
        "Random",
        Some(&interp.types.object),
        BuiltinType::Object,
        "random",
    );
    class
        .dict
        .borrow_mut()
        .insert("__new__".into(), builtin("__new__", new_random));
    interp.types.register_native("Random", class.clone());
    let mut attrs = vec![("Random", Value::Class(class))];
    for (name, _) in OPS.iter().filter(|(n, _)| !n.starts_with('_')) {
        if let Some(f) = module_fn(name) {
            attrs.push((name, builtin(name, f)));
        }
    }
    super::module("random", attrs)
}

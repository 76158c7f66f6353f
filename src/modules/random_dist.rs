//! The real-valued distributions of `random`: the ones `mt.rs` provides, with Python's
//! argument handling, and ports of `Lib/random.py`'s `vonmisesvariate`, `gammavariate`,
//! `betavariate`, `paretovariate` and `weibullvariate` drawing from the same generator in
//! the same order, so seeded scripts get CPython's numbers.

use std::cell::RefCell;

use super::math::libm;
use super::mt::Mt;
use super::random::{float_arg, mt_error, params};
use crate::ast::BinOp;
use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

/// The float arguments of `Random.NAME(names...)`, with defaults for the optional ones.
fn floats(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    names: &[&str],
    defaults: &[f64],
) -> PyResult<Vec<f64>> {
    let required = names.len() - defaults.len();
    let a = params(interp, name, args, names, required, &[])?;
    let mut out = Vec::with_capacity(names.len());
    for (i, v) in a.iter().enumerate() {
        out.push(match v {
            Some(v) => float_arg(interp, v)?,
            None => defaults[i - required],
        });
    }
    Ok(out)
}

fn div(interp: &Interp, x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(interp.zero_division("float division by zero"));
    }
    Ok(x / y)
}

/// `uniform(a, b)`: `a + (b - a) * random()`, with Python's arithmetic.
pub fn uniform(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "uniform", args, &["a", "b"], 2, &[])?;
    let (lo, hi) = (
        a[0].clone().unwrap_or(Value::None),
        a[1].clone().unwrap_or(Value::None),
    );
    let width = interp.binary_op(BinOp::Sub, &hi, &lo)?;
    let u = Value::Float(rng.borrow_mut().random());
    let step = interp.binary_op(BinOp::Mul, &width, &u)?;
    interp.binary_op(BinOp::Add, &lo, &step)
}

pub fn triangular(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = params(interp, "triangular", args, &["low", "high", "mode"], 0, &[])?;
    let low_value = a[0].clone().unwrap_or(Value::Float(0.0));
    let low = float_arg(interp, &low_value)?;
    let high = match &a[1] {
        Some(v) => float_arg(interp, v)?,
        None => 1.0,
    };
    let mode = match a[2].as_ref().filter(|m| !m.is_none()) {
        Some(m) => Some(float_arg(interp, m)?),
        None => None,
    };
    let r = rng.borrow_mut().triangular(low, high, mode);
    if mode.is_some() && high - low == 0.0 {
        // CPython catches the ZeroDivisionError and returns `low` as given.
        return Ok(low_value);
    }
    Ok(Value::Float(r))
}

pub fn gauss(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "gauss", args, &["mu", "sigma"], &[0.0, 1.0])?;
    Ok(Value::Float(rng.borrow_mut().gauss(a[0], a[1])))
}

pub fn normalvariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "normalvariate", args, &["mu", "sigma"], &[0.0, 1.0])?;
    Ok(Value::Float(rng.borrow_mut().normalvariate(a[0], a[1])))
}

pub fn lognormvariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "lognormvariate", args, &["mu", "sigma"], &[])?;
    let r = rng.borrow_mut().lognormvariate(a[0], a[1]);
    r.map(Value::Float).map_err(|m| mt_error(interp, m))
}

pub fn expovariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "expovariate", args, &["lambd"], &[])?;
    let r = rng.borrow_mut().expovariate(a[0]);
    r.map(Value::Float).map_err(|m| mt_error(interp, m))
}

pub fn vonmisesvariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    use std::f64::consts::{PI, TAU};
    let a = floats(interp, "vonmisesvariate", args, &["mu", "kappa"], &[])?;
    let (mu, kappa) = (a[0], a[1]);
    let mut mt = rng.borrow_mut();
    if kappa <= 1e-6 {
        return Ok(Value::Float(TAU * mt.random()));
    }
    let s = 0.5 / kappa;
    let r = s + (1.0 + s * s).sqrt();
    // Each rejection round is a step, as a loop iteration of `random.py` is: with a NaN
    // parameter no draw is ever accepted, and Ctrl-C or a limit must still stop the loop.
    let z = loop {
        interp.tick()?;
        let u1 = mt.random();
        let z = libm::cos(PI * u1);
        let d = z / (r + z);
        let u2 = mt.random();
        if u2 < 1.0 - d * d || u2 <= (1.0 - d) * libm::exp(d) {
            break z;
        }
    };
    let q = 1.0 / r;
    let f = (q + z) / (1.0 + q * z);
    let u3 = mt.random();
    let theta = if u3 > 0.5 {
        mu + libm::acos(f)
    } else {
        mu - libm::acos(f)
    };
    Ok(Value::Float(crate::interp::float_divmod(theta, TAU).1))
}

/// The gamma distribution (not the gamma function), as `random.py` draws it.
fn gamma_draw(interp: &Interp, mt: &mut Mt, alpha: f64, beta: f64) -> PyResult<f64> {
    if alpha <= 0.0 || beta <= 0.0 {
        return Err(interp.value_error("gammavariate: alpha and beta must be > 0.0"));
    }
    if alpha > 1.0 {
        let log4 = libm::log(4.0);
        let sg_magicconst = 1.0 + libm::log(4.5);
        let ainv = (2.0 * alpha - 1.0).sqrt();
        let bbb = alpha - log4;
        let ccc = alpha + ainv;
        loop {
            interp.tick()?; // a step per round, as in `vonmisesvariate`
            let u1 = mt.random();
            if !(1e-7 < u1 && u1 < 0.9999999) {
                continue;
            }
            let u2 = 1.0 - mt.random();
            let v = libm::log(u1 / (1.0 - u1)) / ainv;
            let x = alpha * libm::exp(v);
            let z = u1 * u1 * u2;
            let r = bbb + ccc * v - x;
            if r + sg_magicconst - 4.5 * z >= 0.0 || r >= libm::log(z) {
                return Ok(x * beta);
            }
        }
    } else if alpha == 1.0 {
        Ok(-libm::log(1.0 - mt.random()) * beta)
    } else {
        let e = std::f64::consts::E;
        loop {
            interp.tick()?;
            let u = mt.random();
            let b = (e + alpha) / e;
            let p = b * u;
            let x = if p <= 1.0 {
                libm::pow(p, 1.0 / alpha)
            } else {
                -libm::log((b - p) / alpha)
            };
            let u1 = mt.random();
            let accept = if p > 1.0 {
                u1 <= libm::pow(x, alpha - 1.0)
            } else {
                u1 <= libm::exp(-x)
            };
            if accept {
                return Ok(x * beta);
            }
        }
    }
}

pub fn gammavariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "gammavariate", args, &["alpha", "beta"], &[])?;
    let r = gamma_draw(interp, &mut rng.borrow_mut(), a[0], a[1])?;
    Ok(Value::Float(r))
}

pub fn betavariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "betavariate", args, &["alpha", "beta"], &[])?;
    let mut mt = rng.borrow_mut();
    let y = gamma_draw(interp, &mut mt, a[0], 1.0)?;
    if y != 0.0 {
        let other = gamma_draw(interp, &mut mt, a[1], 1.0)?;
        return Ok(Value::Float(y / (y + other)));
    }
    Ok(Value::Float(0.0))
}

pub fn paretovariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "paretovariate", args, &["alpha"], &[])?;
    let u = 1.0 - rng.borrow_mut().random();
    let exponent = div(interp, -1.0, a[0])?;
    Ok(Value::Float(libm::pow(u, exponent)))
}

pub fn weibullvariate(interp: &Interp, rng: &RefCell<Mt>, args: CallArgs) -> PyResult<Value> {
    let a = floats(interp, "weibullvariate", args, &["alpha", "beta"], &[])?;
    let u = 1.0 - rng.borrow_mut().random();
    let exponent = div(interp, 1.0, a[1])?;
    Ok(Value::Float(a[0] * libm::pow(-libm::log(u), exponent)))
}

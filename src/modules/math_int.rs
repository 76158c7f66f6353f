//! The integer functions of `math`: `factorial`, `gcd`, `lcm`, `isqrt`, `comb`, `perm`,
//! and `prod`. Results are exact for ints of any size, as in CPython.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::math::{one_arg, to_int};
use crate::ast::BinOp;
use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::Value;

/// `start * (start+1) * ... * (start+count-1)`, by binary splitting so the big
/// multiplications are balanced.
fn rising_product(start: &BigInt, count: u64) -> BigInt {
    match count {
        0 => BigInt::one(),
        1 => start.clone(),
        2 => start * (start + 1u32),
        _ => {
            let half = count / 2;
            rising_product(start, half) * rising_product(&(start + half), count - half)
        }
    }
}

/// Past this many bits (1 GiB) a result is a `MemoryError` at once, as for `<<` (see
/// `interp/ops.rs`), rather than hours of multiplying toward it.
const MAX_RESULT_BITS: u64 = 1 << 33;

/// Before `rising_product(start, count)`: a `MemoryError` when its result (at most `count`
/// factors of `top_bits` bits each) cannot be had.
fn check_product(interp: &Interp, count: u64, top_bits: u64) -> PyResult<()> {
    let bits = count.saturating_mul(top_bits);
    if bits > MAX_RESULT_BITS {
        return Err(interp.memory_error());
    }
    interp.check_alloc((bits / 8) as usize, 1)
}

/// The bits of `n`.
fn bits_of(n: u64) -> u64 {
    u64::from(64 - n.leading_zeros())
}

fn factorial_of(n: u64) -> BigInt {
    if n < 2 {
        return BigInt::one();
    }
    rising_product(&BigInt::from(2u32), n - 1)
}

pub fn factorial(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let v = one_arg(interp, "factorial", args)?;
    let n = to_int(interp, &v)?;
    if n.is_negative() {
        return Err(interp.value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_i64() else {
        return Err(
            interp.overflow_error("factorial() argument should not exceed 9223372036854775807")
        );
    };
    check_product(interp, n as u64, bits_of(n as u64))?;
    Ok(Value::from_bigint(factorial_of(n as u64)))
}

fn int_args(interp: &Interp, name: &str, args: CallArgs) -> PyResult<Vec<BigInt>> {
    if !args.kwargs.is_empty() {
        return Err(interp.type_error(format!("{name}() takes no keyword arguments")));
    }
    args.args.iter().map(|v| to_int(interp, v)).collect()
}

pub fn gcd(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut g = BigInt::zero();
    for n in int_args(interp, "gcd", args)? {
        g = g.gcd(&n);
    }
    Ok(Value::from_bigint(g))
}

pub fn lcm(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let mut l = BigInt::one();
    for n in int_args(interp, "lcm", args)? {
        l = if l.is_zero() || n.is_zero() {
            BigInt::zero()
        } else {
            l.lcm(&n)
        };
    }
    Ok(Value::from_bigint(l.abs()))
}

pub fn isqrt(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let v = one_arg(interp, "isqrt", args)?;
    let n = to_int(interp, &v)?;
    if n.is_negative() {
        return Err(interp.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}

/// `n` and `k` of `comb`/`perm`, checked non-negative; `k = None` means `n`.
fn n_and_k(
    interp: &Interp,
    name: &str,
    args: CallArgs,
    k_optional: bool,
) -> PyResult<(BigInt, BigInt)> {
    let a = if k_optional {
        crate::builtins::positional(interp, name, args, 1, 2)?
    } else {
        super::math::n_args(interp, name, args, 2)?
    };
    let n = to_int(interp, &a[0])?;
    let k = match a.get(1) {
        Some(v) if !v.is_none() => to_int(interp, v)?,
        _ => n.clone(),
    };
    if n.is_negative() {
        return Err(interp.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(interp.value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn count(interp: &Interp, k: &BigInt, what: &str) -> PyResult<u64> {
    k.to_i64().map(|k| k as u64).ok_or_else(|| {
        interp.overflow_error(&format!("{what} must not exceed 9223372036854775807"))
    })
}

pub fn comb(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (n, k) = n_and_k(interp, "comb", args, false)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = count(interp, &k.clone().min(&n - &k), "min(n - k, k)")?;
    check_product(interp, k, n.bits())?;
    let top = rising_product(&(&n - k + 1u32), k);
    Ok(Value::from_bigint(top / factorial_of(k)))
}

pub fn perm(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let (n, k) = n_and_k(interp, "perm", args, true)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = count(interp, &k, "k")?;
    check_product(interp, k, n.bits())?;
    Ok(Value::from_bigint(rising_product(&(&n - k + 1u32), k)))
}

/// `math.prod(iterable, *, start=1)`: `start * x1 * x2 * ...` with Python's `*`.
pub fn prod(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let n = args.args.len();
    if n != 1 {
        return Err(interp.type_error(format!(
            "prod() takes exactly 1 positional argument ({n} given)"
        )));
    }
    super::math::check_keywords(interp, "prod", &args, &["start"])?;
    let a = crate::builtins::Args::parse(interp, "prod", args, &["iterable", "start"], 1)?;
    let mut acc = a.get(1).cloned().unwrap_or(Value::Int(1));
    let mut it = super::get_iter(interp, a.get(0).unwrap_or(&Value::None))?;
    while let Some(x) = interp.next(&mut it)? {
        acc = interp.binary_op(BinOp::Mul, &acc, &x)?;
    }
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products() {
        assert_eq!(factorial_of(10), BigInt::from(3628800));
        assert_eq!(factorial_of(0), BigInt::one());
        assert_eq!(
            rising_product(&BigInt::from(8), 3),
            BigInt::from(8 * 9 * 10)
        );
    }
}

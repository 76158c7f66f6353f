//! The `time` module (its synchronous part): clocks read from the interpreter's
//! [`Clock`](crate::runtime::clock::Clock), so they follow virtual time, `sleep`, and the
//! calendar functions (`localtime`, `gmtime`, `strftime`, `mktime`, `ctime`, ...) done by
//! the C library as CPython does them.

use std::any::Any;
use std::ffi::CString;

use num_traits::ToPrimitive;

use crate::builtins::builtin;
use crate::interp::Interp;
use crate::object::{CallArgs, PyResult};
use crate::value::{Native, Value};

extern "C" {
    /// POSIX `tzset`: reads `TZ` into `timezone`, `daylight` and `tzname`.
    fn tzset();
}

/// `time.sleep(secs)`: blocks for real under the real clock, jumps under the virtual one.
/// Kept as one function so a green thread can make it suspend only itself.
pub fn sleep(interp: &Interp, secs: f64) -> PyResult<()> {
    // In a green thread (to_thread, executors) only that thread waits.
    if crate::runtime::threads::sleep_in_thread(interp, secs).is_some() {
        return Ok(());
    }
    // Sleeps on after a Ctrl-C that only cancelled the main task (CPython retries too).
    let end = interp.clock.monotonic() + secs;
    loop {
        crate::interp::limits::sleep(interp, end - interp.clock.monotonic());
        interp.poll_limits()?;
        if interp.clock.monotonic() >= end {
            return Ok(());
        }
    }
}

fn no_args(interp: &Interp, name: &str, args: &CallArgs) -> PyResult<()> {
    let n = args.args.len() + args.kwargs.len();
    if n > 0 {
        return Err(interp.type_error(format!("time.{name}() takes no arguments ({n} given)")));
    }
    Ok(())
}

/// The optional argument of `localtime`/`gmtime`/`ctime`/`strftime`/...
fn optional(interp: &Interp, name: &str, args: CallArgs, max: usize) -> PyResult<Vec<Value>> {
    if let Some((k, _)) = args.kwargs.first() {
        let _ = k;
        return Err(interp.type_error(format!("{name}() takes no keyword arguments")));
    }
    let n = args.args.len();
    if n > max {
        return Err(interp.type_error(format!(
            "{name}() takes at most {max} argument{} ({n} given)",
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(args.args)
}

fn out_of_range(interp: &Interp) -> crate::object::Exc {
    interp.overflow_error("timestamp out of range for platform time_t")
}

/// Seconds as `sleep` takes them: a float, or an int (via `__index__`).
fn seconds(interp: &Interp, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(x) if x.is_nan() => {
            Err(interp.value_error("Invalid value NaN (not a number)"))
        }
        Value::Float(x) if x.abs() > 9.2e9 => Err(out_of_range(interp)),
        Value::Float(x) => Ok(*x),
        _ => match interp.index_value(v) {
            Ok(Some(i)) if i.unsigned_abs() > 9_200_000_000 => Err(out_of_range(interp)),
            Ok(Some(i)) => Ok(i as f64),
            Ok(None) => Err(interp.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
            Err(_) => Err(out_of_range(interp)),
        },
    }
}

fn time_sleep(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    if !args.kwargs.is_empty() {
        return Err(interp.type_error("time.sleep() takes no keyword arguments"));
    }
    if args.args.len() != 1 {
        return Err(interp.type_error(format!(
            "time.sleep() takes exactly one argument ({} given)",
            args.args.len()
        )));
    }
    let secs = seconds(interp, &args.args[0])?;
    if secs < 0.0 {
        return Err(interp.value_error("sleep length must be non-negative"));
    }
    sleep(interp, secs)?;
    Ok(Value::None)
}

/// CPU time of the process (or thread), in seconds.
fn cpu_time(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let ok = unsafe { libc::clock_gettime(clock, &mut ts) } == 0;
    if ok {
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    } else {
        0.0
    }
}

fn nanos(x: f64) -> Value {
    Value::from_bigint(num_bigint::BigInt::from((x * 1e9) as i128))
}

// ------------------------------------------------------------ struct_time

const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// `time.struct_time`: nine ints, plus the zone name and UTC offset when known.
pub struct StructTime {
    fields: [i64; 9],
    zone: Option<String>,
    gmtoff: Option<i64>,
}

impl StructTime {
    fn from_tm(tm: &libc::tm) -> StructTime {
        let zone = if tm.tm_zone.is_null() {
            None
        } else {
            // SAFETY: the C library set `tm_zone` to a NUL-terminated static string.
            Some(
                unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                    .to_string_lossy()
                    .into_owned(),
            )
        };
        StructTime {
            fields: [
                tm.tm_year as i64 + 1900,
                tm.tm_mon as i64 + 1,
                tm.tm_mday as i64,
                tm.tm_hour as i64,
                tm.tm_min as i64,
                tm.tm_sec as i64,
                (tm.tm_wday as i64 + 6) % 7,
                tm.tm_yday as i64 + 1,
                tm.tm_isdst as i64,
            ],
            zone,
            // `c_long` is 32 bits on some platforms.
            #[allow(clippy::unnecessary_cast)]
            gmtoff: Some(tm.tm_gmtoff as i64),
        }
    }

    fn values(&self) -> Vec<Value> {
        self.fields.iter().map(|&f| Value::Int(f)).collect()
    }
}

impl Native for StructTime {
    fn type_name(&self) -> &str {
        "time.struct_time"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _: &Interp, _: &Value) -> Option<PyResult<String>> {
        let parts: Vec<String> = FIELDS
            .iter()
            .zip(self.fields)
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        Some(Ok(format!("time.struct_time({})", parts.join(", "))))
    }
    fn get_attr(&self, _: &Interp, _: &Value, name: &str) -> Option<PyResult<Value>> {
        if let Some(i) = FIELDS.iter().position(|f| *f == name) {
            return Some(Ok(Value::Int(self.fields[i])));
        }
        Some(Ok(match name {
            "tm_zone" => self.zone.as_deref().map_or(Value::None, Value::str),
            "tm_gmtoff" => self.gmtoff.map_or(Value::None, Value::Int),
            "n_fields" => Value::Int(11),
            "n_sequence_fields" => Value::Int(9),
            _ => return None,
        }))
    }
    fn len(&self, _: &Interp) -> Option<PyResult<usize>> {
        Some(Ok(9))
    }
    fn get_item(&self, interp: &Interp, index: &Value) -> Option<PyResult<Value>> {
        Some(
            interp
                .get_item(&Value::tuple(self.values()), index)
                .map_err(|e| {
                    if e.is(&interp.exc.index_error) {
                        interp.index_error("tuple index out of range")
                    } else {
                        e
                    }
                }),
        )
    }
    fn iter(&self, interp: &Interp, _: &Value) -> Option<PyResult<Value>> {
        Some(interp.iter_object(&Value::tuple(self.values())))
    }
    fn contains(&self, interp: &Interp, item: &Value) -> Option<PyResult<bool>> {
        Some(interp.contains(&Value::tuple(self.values()), item))
    }
    fn attr_names(&self) -> Vec<String> {
        FIELDS
            .iter()
            .map(|s| s.to_string())
            .chain(["tm_zone".into(), "tm_gmtoff".into()])
            .collect()
    }
}

/// Whole seconds for `localtime(secs)`: `None` is now; floats round down.
fn timestamp(interp: &Interp, v: Option<&Value>) -> PyResult<libc::time_t> {
    let secs = match v {
        None | Some(Value::None) => interp.clock.wall(),
        Some(Value::Float(x)) if x.is_nan() => {
            return Err(interp.value_error("Invalid value NaN (not a number)"))
        }
        Some(Value::Float(x)) => x.floor(),
        Some(v) => match v.as_bigint() {
            Some(b) => b.to_i64().ok_or_else(|| out_of_range(interp))? as f64,
            None => match interp.index_value(v)? {
                Some(i) => i as f64,
                None => {
                    return Err(interp.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    )))
                }
            },
        },
    };
    if secs.abs() > 6.7e16 {
        return Err(out_of_range(interp));
    }
    Ok(secs.floor() as libc::time_t)
}

fn broken_down(interp: &Interp, t: libc::time_t, local: bool) -> PyResult<libc::tm> {
    // SAFETY: an all-zero `tm` is valid (null `tm_zone`), and both are valid pointers.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let r = unsafe {
        if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        }
    };
    if r.is_null() {
        return Err(interp.overflow_error("timestamp out of range for platform time_t"));
    }
    Ok(tm)
}

fn localtime(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = optional(interp, "localtime", args, 1)?;
    let tm = broken_down(interp, timestamp(interp, a.first())?, true)?;
    Ok(Value::native(StructTime::from_tm(&tm)))
}

fn gmtime(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = optional(interp, "gmtime", args, 1)?;
    let tm = broken_down(interp, timestamp(interp, a.first())?, false)?;
    Ok(Value::native(StructTime::from_tm(&tm)))
}

/// A C `tm` from a 9-tuple or `struct_time` (CPython's `gettmarg`), with the zone name
/// kept alive beside it.
fn tm_of(interp: &Interp, v: &Value, fname: &str) -> PyResult<(libc::tm, Option<CString>)> {
    let (items, zone, gmtoff) = if let Some(st) = v.downcast::<StructTime>() {
        (st.values(), st.zone.clone(), st.gmtoff)
    } else if let Value::Tuple(t) = v {
        ((**t).clone(), None, None)
    } else {
        return Err(interp.type_error("Tuple or struct_time argument required"));
    };
    if items.len() != 9 {
        return Err(interp.type_error(format!("{fname}(): illegal time tuple argument")));
    }
    let mut f = [0i64; 9];
    for (slot, item) in f.iter_mut().zip(&items) {
        *slot = match interp.index_value(item)? {
            Some(i) => i,
            None => {
                return Err(interp.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    item.type_name()
                )))
            }
        };
    }
    let int = |x: i64| -> PyResult<i32> {
        i32::try_from(x)
            .map_err(|_| interp.overflow_error("Python int too large to convert to C int"))
    };
    let zone = zone.and_then(|z| CString::new(z).ok());
    // SAFETY: an all-zero `tm` is valid.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = int(f[0] - 1900)?;
    tm.tm_mon = int(f[1] - 1)?;
    tm.tm_mday = int(f[2])?;
    tm.tm_hour = int(f[3])?;
    tm.tm_min = int(f[4])?;
    tm.tm_sec = int(f[5])?;
    tm.tm_wday = int((f[6] + 1) % 7)?;
    tm.tm_yday = int(f[7] - 1)?;
    tm.tm_isdst = int(f[8])?;
    tm.tm_gmtoff = gmtoff.unwrap_or(0) as libc::c_long;
    tm.tm_zone = zone.as_ref().map_or(std::ptr::null(), |z| z.as_ptr());
    Ok((tm, zone))
}

/// CPython's `checktm`: out-of-range fields are `ValueError`s; zero month, day and
/// day of year mean the first.
fn check_tm(interp: &Interp, tm: &mut libc::tm) -> PyResult<()> {
    let err = |m: &str| Err(interp.value_error(m));
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return err("month out of range");
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return err("day of month out of range");
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return err("hour out of range");
    }
    if !(0..=59).contains(&tm.tm_min) {
        return err("minute out of range");
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return err("seconds out of range");
    }
    if tm.tm_wday < 0 {
        return err("day of week out of range");
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return err("day of year out of range");
    }
    Ok(())
}

/// The broken-down time an optional tuple argument names (now, in local time, if absent).
fn tm_arg(
    interp: &Interp,
    v: Option<&Value>,
    fname: &str,
) -> PyResult<(libc::tm, Option<CString>)> {
    match v {
        None => {
            let tm = broken_down(interp, timestamp(interp, None)?, true)?;
            Ok((tm, None))
        }
        Some(v) => {
            let (mut tm, zone) = tm_of(interp, v, fname)?;
            check_tm(interp, &mut tm)?;
            Ok((tm, zone))
        }
    }
}

fn c_strftime(format: &str, tm: &libc::tm) -> String {
    if format.is_empty() {
        return String::new();
    }
    let Ok(fmt) = CString::new(format) else {
        return String::new();
    };
    let mut size = 1024usize.max(format.len() * 4);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` has `size` writable bytes, `fmt` is NUL-terminated, `tm` valid.
        let n = unsafe {
            libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
                fmt.as_ptr(),
                tm,
            )
        };
        if n > 0 || size >= 256 * format.len().max(4) {
            buf.truncate(n);
            return String::from_utf8_lossy(&buf).into_owned();
        }
        size *= 2;
    }
}

fn strftime(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = optional(interp, "strftime", args, 2)?;
    let Some(format) = a.first() else {
        return Err(interp.type_error("strftime() takes at least 1 argument (0 given)"));
    };
    let Value::Str(format) = format else {
        return Err(interp.type_error(format!(
            "strftime() argument 1 must be str, not {}",
            format.type_name()
        )));
    };
    let (mut tm, _zone) = tm_arg(interp, a.get(1), "strftime")?;
    tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
    Ok(Value::string(c_strftime(format.as_str(), &tm)))
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn asctime_of(tm: &libc::tm) -> String {
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn asctime(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = optional(interp, "asctime", args, 1)?;
    let (tm, _zone) = tm_arg(interp, a.first(), "asctime")?;
    Ok(Value::string(asctime_of(&tm)))
}

fn ctime(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = optional(interp, "ctime", args, 1)?;
    let tm = broken_down(interp, timestamp(interp, a.first())?, true)?;
    Ok(Value::string(asctime_of(&tm)))
}

fn mktime(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    if args.args.len() != 1 || !args.kwargs.is_empty() {
        return Err(interp.type_error(format!(
            "time.mktime() takes exactly one argument ({} given)",
            args.args.len()
        )));
    }
    let (mut tm, _zone) = tm_of(interp, &args.args[0], "mktime")?;
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid, writable struct.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(interp.overflow_error("mktime argument out of range"));
    }
    Ok(Value::Float(t as f64))
}

/// `timezone`, `altzone`, `daylight` and `tzname`, from January and July of this year
/// as CPython computes them.
fn zone_info(interp: &Interp) -> Vec<(&'static str, Value)> {
    // SAFETY: `tzset` only reads the environment.
    unsafe { tzset() };
    let now = interp.clock.wall() as libc::time_t;
    let year_start = now - now.rem_euclid(365 * 24 * 3600);
    let jan = broken_down(interp, year_start, true).ok();
    let jul = broken_down(interp, year_start + 182 * 24 * 3600, true).ok();
    let (jan_off, jan_name) = jan.map_or((0, "UTC".to_string()), |tm| {
        let st = StructTime::from_tm(&tm);
        (-st.gmtoff.unwrap_or(0), st.zone.unwrap_or_default())
    });
    let (jul_off, jul_name) = jul.map_or((0, "UTC".to_string()), |tm| {
        let st = StructTime::from_tm(&tm);
        (-st.gmtoff.unwrap_or(0), st.zone.unwrap_or_default())
    });
    // The standard offset is the larger one west of Greenwich (January up north).
    let (std_off, std_name, dst_off, dst_name) = if jan_off < jul_off {
        (jul_off, jul_name, jan_off, jan_name)
    } else {
        (jan_off, jan_name, jul_off, jul_name)
    };
    vec![
        ("timezone", Value::Int(std_off)),
        ("altzone", Value::Int(dst_off)),
        ("daylight", Value::Int((std_off != dst_off) as i64)),
        (
            "tzname",
            Value::tuple(vec![Value::string(std_name), Value::string(dst_name)]),
        ),
    ]
}

pub fn make(interp: &Interp) -> Value {
    let mut attrs = vec![
        (
            "time",
            builtin("time", |i, a| {
                no_args(i, "time", &a).map(|_| Value::Float(i.clock.wall()))
            }),
        ),
        (
            "time_ns",
            builtin("time_ns", |i, a| {
                no_args(i, "time_ns", &a).map(|_| nanos(i.clock.wall()))
            }),
        ),
        (
            "monotonic",
            builtin("monotonic", |i, a| {
                no_args(i, "monotonic", &a).map(|_| Value::Float(i.clock.monotonic()))
            }),
        ),
        (
            "monotonic_ns",
            builtin("monotonic_ns", |i, a| {
                no_args(i, "monotonic_ns", &a).map(|_| nanos(i.clock.monotonic()))
            }),
        ),
        (
            "perf_counter",
            builtin("perf_counter", |i, a| {
                no_args(i, "perf_counter", &a).map(|_| Value::Float(i.clock.monotonic()))
            }),
        ),
        (
            "perf_counter_ns",
            builtin("perf_counter_ns", |i, a| {
                no_args(i, "perf_counter_ns", &a).map(|_| nanos(i.clock.monotonic()))
            }),
        ),
        (
            "process_time",
            builtin("process_time", |i, a| {
                no_args(i, "process_time", &a)
                    .map(|_| Value::Float(cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID)))
            }),
        ),
        (
            "process_time_ns",
            builtin("process_time_ns", |i, a| {
                no_args(i, "process_time_ns", &a)
                    .map(|_| nanos(cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID)))
            }),
        ),
        (
            "thread_time",
            builtin("thread_time", |i, a| {
                no_args(i, "thread_time", &a)
                    .map(|_| Value::Float(cpu_time(libc::CLOCK_THREAD_CPUTIME_ID)))
            }),
        ),
        ("sleep", builtin("sleep", time_sleep)),
        ("localtime", builtin("localtime", localtime)),
        ("gmtime", builtin("gmtime", gmtime)),
        ("strftime", builtin("strftime", strftime)),
        ("asctime", builtin("asctime", asctime)),
        ("ctime", builtin("ctime", ctime)),
        ("mktime", builtin("mktime", mktime)),
    ];
    attrs.extend(zone_info(interp));
    let struct_time = crate::types::new_class(
        "struct_time",
        Some(&interp.types.tuple),
        crate::object::BuiltinType::Other,
        "time",
    );
    interp
        .types
        .register_native("time.struct_time", struct_time.clone());
    attrs.push(("struct_time", Value::Class(struct_time)));
    super::module("time", attrs)
}

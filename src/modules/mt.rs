//! CPython-compatible Mersenne Twister behind Aio's `random` module.
//!
//! [`Mt`] reproduces, bit for bit, the generator of CPython 3.11: the MT19937
//! core and seeding of `Modules/_randommodule.c` (`seed`, `random`,
//! `getrandbits`, `getstate`/`setstate`) and the integer, sequence and
//! real-valued methods of `Lib/random.py` that are built on it (`randrange`,
//! `randint`, `choice`, `shuffle`, `sample`, `choices`, `uniform`, `gauss`,
//! ...).  Seeded with the same value, a script gets the same numbers as under
//! `python3`.  Sequence methods work on indices; the caller maps them back to
//! its values.  Failures are `Err(String)` holding CPython's exception message;
//! [`exception_type`] names the Python exception each message belongs to.

use std::collections::HashSet;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use sha2::{Digest, Sha512};

/// Number of 32-bit words in the MT19937 state.
const N: usize = 624;
/// MT19937's middle word offset.
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// `TypeError` from `randrange(start, None, step)` with a step other than 1.
pub const MISSING_STOP: &str = "Missing a non-None stop argument";
/// `ValueError` from `randrange` when the range holds no integer.
pub const EMPTY_RANGE: &str = "empty range for randrange()";
/// `ValueError` from `randrange` with `step == 0`.
pub const ZERO_STEP: &str = "zero step for randrange()";
/// `IndexError` from `choice` on an empty sequence.
pub const EMPTY_CHOICE: &str = "Cannot choose from an empty sequence";
/// `ValueError` from `sample` when `k` exceeds the population.
pub const SAMPLE_TOO_LARGE: &str = "Sample larger than population or is negative";
/// `IndexError` CPython raises when indexing an empty list (e.g. empty `cum_weights`).
pub const LIST_INDEX: &str = "list index out of range";
/// `ValueError` from `choices` when weights and population differ in length.
pub const WEIGHTS_MISMATCH: &str = "The number of weights does not match the population";
/// `ValueError` from `choices` when the weights total zero or less.
pub const WEIGHTS_NOT_POSITIVE: &str = "Total of weights must be greater than zero";
/// `ValueError` from `choices` when the weights total is infinite or NaN.
pub const WEIGHTS_NOT_FINITE: &str = "Total of weights must be finite";
/// `ZeroDivisionError` from `expovariate(0)`.
pub const FLOAT_DIVISION_BY_ZERO: &str = "float division by zero";
/// `OverflowError` from `math.exp` overflowing (e.g. in `lognormvariate`).
pub const MATH_RANGE: &str = "math range error";
/// `ValueError` from `setstate` when the state tuple is not 625 long.
pub const STATE_WRONG_SIZE: &str = "state vector is the wrong size";
/// `ValueError` from `setstate` when the stored index is outside `0..=624`.
pub const STATE_INVALID: &str = "invalid state";

/// The Python exception class for an error message returned by this module.
pub fn exception_type(message: &str) -> &'static str {
    match message {
        MISSING_STOP => "TypeError",
        EMPTY_CHOICE | LIST_INDEX => "IndexError",
        FLOAT_DIVISION_BY_ZERO => "ZeroDivisionError",
        MATH_RANGE => "OverflowError",
        _ => "ValueError",
    }
}

/// Python's `hash(x)` for a float (`_Py_HashDouble`): `x` reduced modulo
/// `2**61 - 1`, signed, with `-1` replaced by `-2`.  NaN hashes by object
/// identity in CPython 3.10+, which cannot be reproduced; it gives 0 here.
pub fn python_float_hash(x: f64) -> i64 {
    const MODULUS: u64 = (1 << 61) - 1;
    const HASH_INF: i64 = 314_159;
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { HASH_INF } else { -HASH_INF };
    }
    let (mantissa, exponent) = decompose_finite(x.abs());
    // 2**61 == 1 (mod 2**61 - 1), so 2**e == 2**(e mod 61) for any integer e.
    let shift = exponent.rem_euclid(61) as u32;
    let reduced = ((u128::from(mantissa % MODULUS) << shift) % u128::from(MODULUS)) as i64;
    let signed = if x < 0.0 { -reduced } else { reduced };
    if signed == -1 {
        -2
    } else {
        signed
    }
}

/// Splits a finite, non-negative `x` into `(mantissa, exponent)` with
/// `x == mantissa * 2**exponent` exactly.
fn decompose_finite(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// The size `random.sample` compares the population against to choose its
/// algorithm: `21 + 4 ** ceil(log(k * 3, 4))` when `k > 5`, else 21.  The
/// logarithm is computed in floating point exactly as CPython does.
fn sample_set_size(k: usize) -> u128 {
    let mut size: u128 = 21;
    if k > 5 {
        let three_k = (k as u128 * 3) as f64;
        let exponent = (three_k.ln() / 4f64.ln()).ceil();
        size = size.saturating_add(4u128.saturating_pow(exponent as u32));
    }
    size
}

/// `bisect.bisect_right(a, x, lo, hi)`.
fn bisect_right(a: &[f64], x: f64, mut lo: usize, mut hi: usize) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if x < a[mid] {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// `math.exp`, failing where CPython raises `OverflowError`.
fn checked_exp(x: f64) -> Result<f64, String> {
    let result = x.exp();
    if result.is_infinite() && x.is_finite() {
        Err(MATH_RANGE.to_string())
    } else {
        Ok(result)
    }
}

/// Seed words from the operating system (`/dev/urandom`), or from the time,
/// the process id and std's per-process hash keys when that is unavailable.
fn os_entropy_key() -> Vec<u32> {
    use std::io::Read;
    let mut bytes = [0u8; N * 4];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_ok() {
        return bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
    }
    time_pid_key()
}

/// Fallback seed, like CPython's `random_seed_time_pid`.
fn time_pid_key() -> Vec<u32> {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(now);
    let mixed = hasher.finish();
    vec![
        now as u32,
        (now >> 32) as u32,
        std::process::id(),
        mixed as u32,
        (mixed >> 32) as u32,
    ]
}

/// The Mersenne Twister state of one `random.Random` instance, plus the
/// second normal deviate `gauss` keeps between calls.
#[derive(Clone, Debug)]
pub struct Mt {
    state: [u32; N],
    index: usize,
    gauss_next: Option<f64>,
}

impl Mt {
    /// A generator seeded from the OS, like `random.Random()`.
    pub fn new_from_os() -> Mt {
        let mut mt = Mt::unseeded();
        mt.seed_os();
        mt
    }

    /// A generator seeded like `random.Random(n)`.
    pub fn new_seeded(n: &BigInt) -> Mt {
        let mut mt = Mt::unseeded();
        mt.seed_int(n);
        mt
    }

    fn unseeded() -> Mt {
        Mt {
            state: [0; N],
            index: N,
            gauss_next: None,
        }
    }

    // ----- seeding -------------------------------------------------------

    /// `random.seed()` / `random.seed(None)`: fresh OS entropy.
    pub fn seed_os(&mut self) {
        self.init_by_array(&os_entropy_key());
        self.gauss_next = None;
    }

    /// `random.seed(n)` for an int: the absolute value, split into 32-bit
    /// words least significant first (`0` gives the key `[0]`).
    pub fn seed_int(&mut self, n: &BigInt) {
        self.seed_unsigned(n.magnitude());
    }

    /// `random.seed(s)` for a str (version 2): its UTF-8 bytes.
    pub fn seed_str(&mut self, s: &str) {
        self.seed_bytes(s.as_bytes());
    }

    /// `random.seed(b)` for bytes or bytearray (version 2): the big-endian
    /// integer of `b + sha512(b).digest()`.
    pub fn seed_bytes(&mut self, b: &[u8]) {
        let mut material = b.to_vec();
        material.extend_from_slice(&Sha512::digest(b));
        self.seed_unsigned(&BigUint::from_bytes_be(&material));
    }

    /// `random.seed(x)` for a float: CPython seeds with `hash(x)` cast to an
    /// unsigned 64-bit word (so `seed(-2.0)` differs from `seed(-2)`).
    pub fn seed_f64(&mut self, x: f64) {
        let hash = python_float_hash(x) as u64;
        self.seed_unsigned(&BigUint::from(hash));
    }

    fn seed_unsigned(&mut self, n: &BigUint) {
        let mut key = n.to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
        self.gauss_next = None;
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    // ----- state ---------------------------------------------------------

    /// The middle item of `random.getstate()`: 625 ints, the 624 state words
    /// followed by the position; plus `gauss_next` (the tuple's last item).
    pub fn getstate(&self) -> (Vec<u32>, Option<f64>) {
        let mut words = self.state.to_vec();
        words.push(self.index as u32);
        (words, self.gauss_next)
    }

    /// `random.setstate((3, internal, gauss_next))`.  Words are truncated to
    /// 32 bits as CPython's C code does (values that do not fit an unsigned
    /// long are the caller's `OverflowError`; a negative index should be
    /// passed as any value above 624).  Errors are `ValueError`s.  As in
    /// CPython, `gauss_next` is stored even when the state is rejected.
    pub fn setstate(&mut self, internal: &[u64], gauss_next: Option<f64>) -> Result<(), String> {
        self.gauss_next = gauss_next;
        if internal.len() != N + 1 {
            return Err(STATE_WRONG_SIZE.to_string());
        }
        let index = internal[N];
        if index > N as u64 {
            return Err(STATE_INVALID.to_string());
        }
        for (word, &value) in self.state.iter_mut().zip(internal) {
            *word = value as u32;
        }
        self.index = index as usize;
        Ok(())
    }

    // ----- raw output ----------------------------------------------------

    fn twist(&mut self) {
        let mt = &mut self.state;
        let mix = |upper: u32, lower: u32, far: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            far ^ (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 }
        };
        for k in 0..N - M {
            mt[k] = mix(mt[k], mt[k + 1], mt[k + M]);
        }
        for k in N - M..N - 1 {
            mt[k] = mix(mt[k], mt[k + 1], mt[k + M - N]);
        }
        mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
        self.index = 0;
    }

    /// The next tempered 32-bit output of MT19937.
    pub fn genrand_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: a float in `[0, 1)` with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.genrand_u32() >> 5);
        let b = f64::from(self.genrand_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// The words of `getrandbits(k)`, least significant first, each taken
    /// from one output; the last keeps only its top `k % 32` bits.
    fn random_words(&mut self, k: u64) -> Vec<u32> {
        let count = k.div_ceil(32);
        let mut words = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let mut remaining = k;
        for _ in 0..count {
            let word = self.genrand_u32();
            words.push(if remaining < 32 {
                word >> (32 - remaining)
            } else {
                word
            });
            remaining = remaining.saturating_sub(32);
        }
        words
    }

    /// `random.getrandbits(k)` (a negative `k` is the caller's `ValueError`:
    /// "number of bits must be non-negative").
    pub fn getrandbits(&mut self, k: u32) -> BigInt {
        self.random_bits(u64::from(k))
    }

    fn random_bits(&mut self, k: u64) -> BigInt {
        if k <= 64 {
            return BigInt::from(self.getrandbits_u64(k as u32));
        }
        BigInt::from_biguint(Sign::Plus, BigUint::new(self.random_words(k)))
    }

    /// `getrandbits(k)` for `k <= 64`, without allocating; same outputs.
    /// For `k > 64` it consumes what `getrandbits(k)` would and returns the
    /// low 64 bits of that result.
    pub fn getrandbits_u64(&mut self, k: u32) -> u64 {
        match k {
            0 => 0,
            1..=32 => u64::from(self.genrand_u32() >> (32 - k)),
            _ => {
                let low = u64::from(self.genrand_u32());
                let high_bits = k.min(64) - 32;
                let high = u64::from(self.genrand_u32() >> (32 - high_bits));
                for _ in 2..k.div_ceil(32) {
                    self.genrand_u32();
                }
                low | (high << 32)
            }
        }
    }

    /// `random.randbytes(n)`: `getrandbits(n * 8).to_bytes(n, 'little')`.
    pub fn randbytes(&mut self, n: usize) -> Vec<u8> {
        let bits = (n as u64).saturating_mul(8);
        let mut bytes: Vec<u8> = self
            .random_words(bits)
            .into_iter()
            .flat_map(u32::to_le_bytes)
            .collect();
        bytes.truncate(n);
        bytes
    }

    // ----- integers ------------------------------------------------------

    /// `Random._randbelow(n)`: `getrandbits(n.bit_length())` until below
    /// `n`.  Defined for `n > 0`; CPython loops forever on 0, this returns 0
    /// for any `n <= 0`.
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        if !n.is_positive() {
            return BigInt::zero();
        }
        if let Some(small) = n.to_u64() {
            return BigInt::from(self.randbelow_u64(small));
        }
        let k = n.bits();
        loop {
            let r = self.random_bits(k);
            if &r < n {
                return r;
            }
        }
    }

    /// [`Mt::randbelow`] for a `u64` bound: identical results, no allocation.
    pub fn randbelow_u64(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    /// `random.randrange(start, stop, step)`; `stop == None` is
    /// `randrange(start)` (then a `step` other than 1 is [`MISSING_STOP`], a
    /// `TypeError`).  Other errors are `ValueError`s with CPython's text, e.g.
    /// "empty range for randrange() (5, 5, 0)".
    pub fn randrange(
        &mut self,
        start: &BigInt,
        stop: Option<&BigInt>,
        step: &BigInt,
    ) -> Result<BigInt, String> {
        let Some(stop) = stop else {
            if !step.is_one() {
                return Err(MISSING_STOP.to_string());
            }
            if start.is_positive() {
                return Ok(self.randbelow(start));
            }
            return Err(EMPTY_RANGE.to_string());
        };
        let width = stop - start;
        if step.is_one() {
            if width.is_positive() {
                return Ok(start + self.randbelow(&width));
            }
            return Err(format!("{EMPTY_RANGE} ({start}, {stop}, {width})"));
        }
        let count = if step.is_positive() {
            (width + step - 1u32).div_floor(step)
        } else if step.is_negative() {
            (width + step + 1u32).div_floor(step)
        } else {
            return Err(ZERO_STEP.to_string());
        };
        if !count.is_positive() {
            return Err(EMPTY_RANGE.to_string());
        }
        Ok(start + step * self.randbelow(&count))
    }

    /// `random.randint(a, b)`: `randrange(a, b + 1)`, so an empty range
    /// reports `b + 1` (`ValueError`).
    pub fn randint(&mut self, a: &BigInt, b: &BigInt) -> Result<BigInt, String> {
        self.randrange(a, Some(&(b + 1u32)), &BigInt::one())
    }

    // ----- sequences -----------------------------------------------------

    /// `random.shuffle(v)`: for `i` in `len-1 ..= 1`, swap `v[i]` with
    /// `v[randbelow(i + 1)]`.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.randbelow_u64(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }

    /// The permutation `shuffle` applies to `0..n`: position `i` of the
    /// shuffled sequence holds the original item `result[i]`.
    pub fn shuffle_indices(&mut self, n: usize) -> Vec<usize> {
        let mut indices: Vec<usize> = (0..n).collect();
        self.shuffle(&mut indices);
        indices
    }

    /// `random.choice(seq)` for `len(seq) == len`; `None` for an empty
    /// sequence, where Python raises `IndexError` [`EMPTY_CHOICE`].
    pub fn choice_index(&mut self, len: usize) -> Option<usize> {
        if len == 0 {
            return None;
        }
        Some(self.randbelow_u64(len as u64) as usize)
    }

    /// `random.sample(population, k)` as indices into the population, with
    /// CPython's choice between its pool and set algorithms.
    /// `k > population` is the `ValueError` [`SAMPLE_TOO_LARGE`].
    pub fn sample_indices(&mut self, population: usize, k: usize) -> Result<Vec<usize>, String> {
        if k > population {
            return Err(SAMPLE_TOO_LARGE.to_string());
        }
        if population as u128 <= sample_set_size(k) {
            Ok(self.sample_from_pool(population, k))
        } else {
            Ok(self.sample_by_rejection(population, k))
        }
    }

    /// Partial Fisher-Yates over a pool of all indices (small populations).
    fn sample_from_pool(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut pool: Vec<usize> = (0..n).collect();
        let mut result = Vec::with_capacity(k);
        for i in 0..k {
            let last = n - i - 1;
            let j = self.randbelow_u64((n - i) as u64) as usize;
            result.push(pool[j]);
            pool[j] = pool[last];
        }
        result
    }

    /// Draws indices, redrawing ones already selected (large populations).
    fn sample_by_rejection(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut selected = HashSet::with_capacity(k);
        let mut result = Vec::with_capacity(k);
        for _ in 0..k {
            let mut j = self.randbelow_u64(n as u64) as usize;
            while selected.contains(&j) {
                j = self.randbelow_u64(n as u64) as usize;
            }
            selected.insert(j);
            result.push(j);
        }
        result
    }

    /// `random.choices(population, k=k)` without weights, for
    /// `len(population) == n`: `floor(random() * n)` each.  With `n == 0`
    /// and `k > 0` Python draws one `random()` and then raises `IndexError`
    /// ("list index out of range" for a list); this draws that one value
    /// and returns an empty vector, so the caller should raise for that
    /// case.  (For `n > 2**53` rounding can yield `n` itself, as in Python.)
    pub fn choices_indices(&mut self, n: usize, k: usize) -> Vec<usize> {
        let scale = n as f64;
        if n == 0 {
            if k > 0 {
                self.random();
            }
            return Vec::new();
        }
        (0..k)
            .map(|_| (self.random() * scale).floor() as usize)
            .collect()
    }

    /// `random.choices(population, cum_weights=cum_weights, k=k)` for
    /// `len(population) == n` (pass the running sums of `weights=` as
    /// `itertools.accumulate` would).  Errors: [`WEIGHTS_MISMATCH`],
    /// [`WEIGHTS_NOT_POSITIVE`], [`WEIGHTS_NOT_FINITE`] (`ValueError`s) and,
    /// for no weights at all, [`LIST_INDEX`] (`IndexError`).  Weights are
    /// compared as floats, whereas Python compares int weights exactly.
    pub fn choices_cum_weights_indices(
        &mut self,
        n: usize,
        cum_weights: &[f64],
        k: usize,
    ) -> Result<Vec<usize>, String> {
        if cum_weights.len() != n {
            return Err(WEIGHTS_MISMATCH.to_string());
        }
        let Some(&total) = cum_weights.last() else {
            return Err(LIST_INDEX.to_string());
        };
        if total <= 0.0 {
            return Err(WEIGHTS_NOT_POSITIVE.to_string());
        }
        if !total.is_finite() {
            return Err(WEIGHTS_NOT_FINITE.to_string());
        }
        let hi = n - 1;
        Ok((0..k)
            .map(|_| bisect_right(cum_weights, self.random() * total, 0, hi))
            .collect())
    }

    // ----- real-valued distributions ------------------------------------

    /// `random.uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `random.triangular(low, high, mode)`; `mode == None` means the
    /// midpoint.  `low == high` with a mode returns `low` (CPython catches
    /// the `ZeroDivisionError`).
    pub fn triangular(&mut self, low: f64, high: f64, mode: Option<f64>) -> f64 {
        let mut u = self.random();
        let mut c = match mode {
            None => 0.5,
            Some(_) if high - low == 0.0 => return low,
            Some(mode) => (mode - low) / (high - low),
        };
        let (mut low, mut high) = (low, high);
        if u > c {
            u = 1.0 - u;
            c = 1.0 - c;
            std::mem::swap(&mut low, &mut high);
        }
        low + (high - low) * (u * c).sqrt()
    }

    /// `random.normalvariate(mu, sigma)` (Kinderman and Monahan).
    pub fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = magic * (u1 - 0.5) / u2;
            if z * z / 4.0 <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }

    /// `random.lognormvariate(mu, sigma)`; [`MATH_RANGE`] (`OverflowError`)
    /// when the result overflows, as `math.exp` raises.
    pub fn lognormvariate(&mut self, mu: f64, sigma: f64) -> Result<f64, String> {
        checked_exp(self.normalvariate(mu, sigma))
    }

    /// `random.expovariate(lambd)`; `lambd == 0` is the `ZeroDivisionError`
    /// [`FLOAT_DIVISION_BY_ZERO`] (after one `random()`, as in CPython).
    pub fn expovariate(&mut self, lambd: f64) -> Result<f64, String> {
        let u = self.random();
        if lambd == 0.0 {
            return Err(FLOAT_DIVISION_BY_ZERO.to_string());
        }
        Ok(-(1.0 - u).ln() / lambd)
    }

    /// `random.gauss(mu, sigma)`: Box-Muller, keeping the second deviate
    /// for the next call until the generator is reseeded.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }
}

#[cfg(test)]
mod tests {
    //! Every expected value below was printed by CPython 3.11.7 (a generator
    //! script seeding `random.Random(seed)` afresh for each row and running
    //! the named operation); floats are compared by their exact bits.

    use super::*;

    #[derive(Debug)]
    enum Seed {
        Int(&'static str),
        Str(&'static str),
        Bytes(&'static [u8]),
        Float(u64),
    }

    fn big(text: &str) -> BigInt {
        text.parse().expect("test integer")
    }

    fn seeded(seed: &Seed) -> Mt {
        let mut mt = Mt::new_seeded(&BigInt::zero());
        match seed {
            Seed::Int(n) => mt.seed_int(&big(n)),
            Seed::Str(s) => mt.seed_str(s),
            Seed::Bytes(b) => mt.seed_bytes(b),
            Seed::Float(bits) => mt.seed_f64(f64::from_bits(*bits)),
        }
        mt
    }

    fn bits(x: f64) -> String {
        format!("{:016x}", x.to_bits())
    }

    fn texts<T: ToString>(items: impl IntoIterator<Item = T>) -> Vec<String> {
        items.into_iter().map(|x| x.to_string()).collect()
    }

    fn floats(mt: &mut Mt, count: usize, mut f: impl FnMut(&mut Mt) -> f64) -> Vec<String> {
        (0..count).map(|_| bits(f(mt))).collect()
    }

    fn ints(mt: &mut Mt, count: usize, mut f: impl FnMut(&mut Mt) -> BigInt) -> Vec<String> {
        (0..count).map(|_| f(mt).to_string()).collect()
    }

    /// `getrandbits(k)`, checking the `u64` fast path gives the same value.
    fn bits_both_ways(mt: &mut Mt, k: u32) -> BigInt {
        let mut copy = mt.clone();
        let value = mt.getrandbits(k);
        let low = copy.getrandbits_u64(k);
        assert_eq!(BigInt::from(low), value.clone() & BigInt::from(u64::MAX));
        assert_eq!(copy.genrand_u32(), mt.clone().genrand_u32());
        value
    }

    fn randrange(mt: &mut Mt, start: &str, stop: &str, step: &str) -> BigInt {
        mt.randrange(&big(start), Some(&big(stop)), &big(step))
            .expect("non-empty range")
    }

    fn randint(mt: &mut Mt, a: &str, b: &str) -> BigInt {
        mt.randint(&big(a), &big(b)).expect("non-empty range")
    }

    fn shuffled_then_random(mt: &mut Mt, n: usize) -> Vec<String> {
        let mut out = texts(mt.shuffle_indices(n));
        out.push(bits(mt.random()));
        out
    }

    fn sample(mt: &mut Mt, population: usize, k: usize) -> Vec<String> {
        texts(mt.sample_indices(population, k).expect("k <= population"))
    }

    fn choices_of_range(mt: &mut Mt, n: usize, count: usize) -> Vec<String> {
        ints(mt, count, |mt| {
            BigInt::from(mt.choice_index(n).expect("non-empty"))
        })
    }

    fn mixed(mt: &mut Mt) -> Vec<String> {
        let mut out = vec![
            bits(mt.random()),
            randint(mt, "1", "100").to_string(),
            mt.choice_index(7).expect("non-empty").to_string(),
            bits(mt.gauss(0.0, 1.0)),
            mt.getrandbits(40).to_string(),
            bits(mt.gauss(0.0, 1.0)),
            bits(mt.gauss(0.0, 1.0)),
        ];
        out.extend(sample(mt, 50, 3));
        out
    }

    fn state_summary(mt: &Mt) -> Vec<String> {
        let (words, _) = mt.getstate();
        texts([words[0], words[1], words[2], words[623], words[624]])
    }

    fn run_op(mt: &mut Mt, op: &str) -> Vec<String> {
        match op {
            "state" => state_summary(mt),
            "random" => floats(mt, 5, Mt::random),
            "bits0" => vec![mt.getrandbits(0).to_string(), bits(mt.random())],
            "bits1" => ints(mt, 8, |mt| bits_both_ways(mt, 1)),
            "bits31" => ints(mt, 3, |mt| bits_both_ways(mt, 31)),
            "bits32" => ints(mt, 3, |mt| bits_both_ways(mt, 32)),
            "bits33" => ints(mt, 3, |mt| bits_both_ways(mt, 33)),
            "bits64" => ints(mt, 3, |mt| bits_both_ways(mt, 64)),
            "bits100" => ints(mt, 3, |mt| bits_both_ways(mt, 100)),
            "randint_1_6" => ints(mt, 10, |mt| randint(mt, "1", "6")),
            "randint_big" => ints(mt, 3, |mt| {
                randint(mt, "-100000000000000000000", "100000000000000000000")
            }),
            "randrange_0_100_7" => ints(mt, 5, |mt| randrange(mt, "0", "100", "7")),
            "randrange_10" => ints(mt, 5, |mt| {
                mt.randrange(&big("10"), None, &BigInt::one())
                    .expect("10 > 0")
            }),
            "randrange_100_0_m3" => ints(mt, 5, |mt| randrange(mt, "100", "0", "-3")),
            "randrange_huge" => ints(mt, 3, |mt| {
                let bound = BigInt::from(10).pow(30u32);
                let step = BigInt::from(10).pow(10u32);
                mt.randrange(&-&bound, Some(&bound), &step)
                    .expect("non-empty")
            }),
            "randrange_2p100" => ints(mt, 3, |mt| {
                let stop = BigInt::one() << 100u32;
                mt.randrange(&stop, None, &BigInt::one()).expect("positive")
            }),
            "choice_1" => {
                let mut out = choices_of_range(mt, 1, 3);
                out.push(bits(mt.random()));
                out
            }
            "choice_3" => choices_of_range(mt, 3, 5),
            "choice_100" => choices_of_range(mt, 100, 5),
            "shuffle_10" => shuffled_then_random(mt, 10),
            "shuffle_1" => shuffled_then_random(mt, 1),
            "sample_100_5" => sample(mt, 100, 5),
            "sample_30_20" => sample(mt, 30, 20),
            "sample_1000_10" => sample(mt, 1000, 10),
            "sample_10_10" => sample(mt, 10, 10),
            "sample_10p12_6" => sample(mt, 1_000_000_000_000, 6),
            "sample_5_0" => {
                let mut out = sample(mt, 5, 0);
                out.push(bits(mt.random()));
                out
            }
            "choices_10_5" => texts(mt.choices_indices(10, 5)),
            "choices_cum" => texts(
                mt.choices_cum_weights_indices(4, &[1.0, 3.0, 6.0, 10.0], 6)
                    .expect("valid weights"),
            ),
            "uniform_1_3" => floats(mt, 3, |mt| mt.uniform(1.0, 3.0)),
            "gauss" => floats(mt, 5, |mt| mt.gauss(0.0, 1.0)),
            "gauss_10_2.5" => floats(mt, 3, |mt| mt.gauss(10.0, 2.5)),
            "triangular" => vec![
                bits(mt.triangular(0.0, 1.0, None)),
                bits(mt.triangular(0.0, 10.0, Some(3.0))),
                bits(mt.triangular(5.0, 5.0, Some(5.0))),
                bits(mt.triangular(2.0, -4.0, Some(1.0))),
            ],
            "normalvariate" => floats(mt, 3, |mt| mt.normalvariate(0.0, 1.0)),
            "lognormvariate" => floats(mt, 2, |mt| {
                mt.lognormvariate(0.0, 0.5).expect("no overflow")
            }),
            "expovariate" => floats(mt, 3, |mt| mt.expovariate(1.5).expect("lambd != 0")),
            "randbytes" => [7, 1, 0, 13]
                .iter()
                .map(|&n| mt.randbytes(n).iter().map(|b| format!("{b:02x}")).collect())
                .collect(),
            "mixed" => mixed(mt),
            other => panic!("no such test operation: {other}"),
        }
    }

    #[test]
    fn matches_cpython_outputs() {
        for (seed, op, expected) in CASES {
            let mut mt = seeded(seed);
            assert_eq!(run_op(&mut mt, op), *expected, "{op} after seed {seed:?}");
        }
    }

    #[test]
    fn float_hash_matches_cpython() {
        for &(x, hash) in FLOAT_HASHES {
            assert_eq!(
                python_float_hash(f64::from_bits(x)),
                hash,
                "{}",
                f64::from_bits(x)
            );
        }
        assert_eq!(python_float_hash(f64::NAN), 0);
    }

    #[test]
    fn sample_algorithm_threshold_matches_cpython() {
        for &(k, size) in SAMPLE_SET_SIZES {
            assert_eq!(sample_set_size(k), size, "k = {k}");
        }
    }

    #[test]
    fn seeds_that_python_treats_alike() {
        let first = |mut mt: Mt| mt.genrand_u32();
        let by_int = |n: i64| Mt::new_seeded(&BigInt::from(n));
        assert_eq!(first(by_int(5)), first(by_int(-5)));
        let mut by_float = Mt::new_from_os();
        by_float.seed_f64(2.0);
        assert_eq!(first(by_float.clone()), first(by_int(2)));
        by_float.seed_f64(-0.0);
        assert_eq!(first(by_float), first(by_int(0)));
    }

    #[test]
    fn reseeding_clears_gauss_next() {
        let mut mt = Mt::new_seeded(&BigInt::from(7));
        let first = mt.gauss(0.0, 1.0);
        mt.seed_int(&BigInt::from(7));
        assert_eq!(mt.gauss(0.0, 1.0).to_bits(), first.to_bits());
    }

    #[test]
    fn state_round_trips() {
        let mut mt = Mt::new_from_os();
        mt.gauss(0.0, 1.0);
        let (words, gauss_next) = mt.getstate();
        let expected: Vec<u32> = (0..700).map(|_| mt.genrand_u32()).collect();
        let wide: Vec<u64> = words.iter().map(|&w| u64::from(w)).collect();
        let mut other = Mt::new_from_os();
        other.setstate(&wide, gauss_next).expect("valid state");
        let got: Vec<u32> = (0..700).map(|_| other.genrand_u32()).collect();
        assert_eq!(got, expected);
        assert_eq!(other.getstate().1, gauss_next);
    }

    #[test]
    fn setstate_rejects_bad_states() {
        let mut mt = Mt::new_from_os();
        let mut wide: Vec<u64> = mt.getstate().0.iter().map(|&w| u64::from(w)).collect();
        wide[N] = 625;
        assert_eq!(mt.setstate(&wide, None), Err(STATE_INVALID.to_string()));
        assert_eq!(
            mt.setstate(&wide[..N], None),
            Err(STATE_WRONG_SIZE.to_string())
        );
    }

    #[test]
    fn randrange_errors_match_cpython() {
        let mut mt = Mt::new_from_os();
        let one = BigInt::one();
        let mut range = |start: i64, stop: Option<i64>, step: i64| {
            let stop = stop.map(BigInt::from);
            mt.randrange(&BigInt::from(start), stop.as_ref(), &BigInt::from(step))
                .expect_err("empty range")
        };
        assert_eq!(
            range(5, Some(5), 1),
            "empty range for randrange() (5, 5, 0)"
        );
        assert_eq!(
            range(10, Some(0), 1),
            "empty range for randrange() (10, 0, -10)"
        );
        assert_eq!(range(0, None, 1), "empty range for randrange()");
        assert_eq!(range(-3, None, 1), "empty range for randrange()");
        assert_eq!(range(10, Some(1), 2), "empty range for randrange()");
        assert_eq!(range(1, Some(10), -1), "empty range for randrange()");
        assert_eq!(range(0, Some(10), 0), "zero step for randrange()");
        assert_eq!(range(10, None, 2), "Missing a non-None stop argument");
        assert_eq!(exception_type(&range(10, None, 2)), "TypeError");
        let randint = |a: i64, b: i64| {
            Mt::new_from_os()
                .randint(&BigInt::from(a), &BigInt::from(b))
                .expect_err("empty range")
        };
        assert_eq!(randint(5, 4), "empty range for randrange() (5, 5, 0)");
        assert_eq!(
            randint(10, -10),
            "empty range for randrange() (10, -9, -19)"
        );
        assert_eq!(exception_type(&randint(5, 4)), "ValueError");
        assert!(mt.randint(&one, &one).is_ok_and(|x| x.is_one()));
    }

    #[test]
    fn sequence_errors_match_cpython() {
        let mut mt = Mt::new_from_os();
        assert_eq!(mt.choice_index(0), None);
        assert_eq!(exception_type(EMPTY_CHOICE), "IndexError");
        let too_large = mt.sample_indices(3, 4).expect_err("k > n");
        assert_eq!(too_large, "Sample larger than population or is negative");
        assert_eq!(mt.choices_indices(0, 0), Vec::<usize>::new());
        assert_eq!(mt.choices_indices(0, 2), Vec::<usize>::new());
        let mut weighted = |n: usize, w: &[f64]| mt.choices_cum_weights_indices(n, w, 2);
        let err = |r: Result<Vec<usize>, String>| r.expect_err("bad weights");
        assert_eq!(
            err(weighted(2, &[0.0, 0.0])),
            "Total of weights must be greater than zero"
        );
        assert_eq!(
            err(weighted(2, &[0.0, f64::INFINITY])),
            "Total of weights must be finite"
        );
        assert_eq!(
            err(weighted(2, &[0.0, f64::NAN])),
            "Total of weights must be finite"
        );
        assert_eq!(err(weighted(0, &[])), "list index out of range");
        assert_eq!(
            err(weighted(3, &[1.0])),
            "The number of weights does not match the population"
        );
        assert_eq!(exception_type(LIST_INDEX), "IndexError");
    }

    #[test]
    fn distribution_errors_match_cpython() {
        let mut mt = Mt::new_from_os();
        assert_eq!(
            mt.expovariate(0.0),
            Err("float division by zero".to_string())
        );
        assert_eq!(exception_type(FLOAT_DIVISION_BY_ZERO), "ZeroDivisionError");
        assert_eq!(
            mt.lognormvariate(1000.0, 0.0),
            Err("math range error".to_string())
        );
        assert_eq!(exception_type(MATH_RANGE), "OverflowError");
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let mut mt = Mt::new_from_os();
        assert!(mt.randbelow(&BigInt::zero()).is_zero());
        assert!(mt.randbelow(&BigInt::from(-4)).is_zero());
        assert_eq!(mt.randbelow_u64(0), 0);
        assert_eq!(mt.randbelow_u64(1), 0);
        assert!(mt.randbelow_u64(u64::MAX) < u64::MAX);
        assert!(mt.getrandbits(0).is_zero());
        assert!(mt.getrandbits(1000).bits() <= 1000);
        let mut fast = mt.clone();
        let low = fast.getrandbits_u64(200);
        assert_eq!(
            BigInt::from(low),
            mt.getrandbits(200) & BigInt::from(u64::MAX)
        );
        assert_eq!(fast.genrand_u32(), mt.genrand_u32());
        assert_eq!(mt.randbytes(0), Vec::<u8>::new());
        assert_eq!(mt.shuffle_indices(0), Vec::<usize>::new());
        assert_eq!(mt.sample_indices(0, 0), Ok(Vec::new()));
        let huge = BigInt::one() << 300u32;
        let r = mt
            .randrange(&-&huge, Some(&huge), &BigInt::from(-7))
            .expect_err("empty");
        assert_eq!(r, EMPTY_RANGE);
        let r = mt
            .randrange(&huge, Some(&-&huge), &BigInt::from(-7))
            .expect("non-empty");
        assert!(r <= huge && r > -huge);
        assert!(mt.triangular(1.0, 1.0, Some(1.0)) == 1.0);
        assert!(mt.triangular(0.0, 1.0, Some(f64::NAN)).is_nan());
    }

    #[rustfmt::skip]
    const CASES: &[(Seed, &str, &[&str])] = &[
        (Seed::Int("0"), "state", &["2147483648", "766982754", "497961170", "2902720905", "624"]),
        (Seed::Int("0"), "random", &["3feb0580f98a7dbe", "3fe84129978f9c1a", "3fdaeaa51052e978", "3fd092178fb945a6", "3fe05c5ccdf19707"]),
        (Seed::Int("0"), "bits1", &["1", "0", "1", "1", "0", "0", "0", "1"]),
        (Seed::Int("0"), "bits31", &["1813382118", "827307999", "1627694678"]),
        (Seed::Int("0"), "bits32", &["3626764237", "1654615998", "3255389356"]),
        (Seed::Int("0"), "bits33", &["3626764237", "7550356652", "1806341205"]),
        (Seed::Int("0"), "bits64", &["7106521602475165645", "16422101724900707500", "746805015404516437"]),
        (Seed::Int("0"), "bits100", &["1169245609517217401678349469645", "1208935935994293442776782246997", "1141276462758851372969594381922"]),
        (Seed::Int("0"), "randint_1_6", &["4", "4", "1", "3", "5", "4", "4", "3", "4", "3"]),
        (Seed::Int("0"), "randint_big", &["-92241823595284199806", "65383636303059902010", "-10904939610860222919"]),
        (Seed::Int("0"), "randrange_0_100_7", &["91", "42", "84", "98", "42"]),
        (Seed::Int("0"), "randrange_10", &["6", "6", "0", "4", "8"]),
        (Seed::Int("0"), "choice_1", &["0", "0", "0", "3fd092178fb945a6"]),
        (Seed::Int("0"), "choice_3", &["1", "1", "0", "1", "2"]),
        (Seed::Int("0"), "choice_100", &["49", "97", "53", "5", "33"]),
        (Seed::Int("0"), "shuffle_10", &["7", "8", "1", "5", "3", "4", "2", "0", "9", "6", "3fd6ea47ecaac432"]),
        (Seed::Int("0"), "sample_100_5", &["49", "97", "53", "5", "33"]),
        (Seed::Int("0"), "sample_30_20", &["27", "12", "24", "13", "1", "8", "16", "15", "28", "9", "22", "11", "6", "23", "4", "19", "2", "21", "25", "20"]),
        (Seed::Int("0"), "choices_10_5", &["8", "7", "4", "2", "5"]),
        (Seed::Int("0"), "uniform_1_3", &["400582c07cc53edf", "40042094cbc7ce0d", "3ffd7552882974bc"]),
        (Seed::Int("0"), "gauss", &["3fee22885827c580", "bff6586248600484", "bfe5c03883a3b23f", "3fd7b6549852df0c", "bff042f70eddd104"]),
        (Seed::Int("0"), "mixed", &["3feb0580f98a7dbe", "98", "3", "4004169ac43b2b97", "444468675045", "3fe4e45ebb4b6089", "3ffa39cae4fff01a", "30", "22", "37"]),
        (Seed::Int("1"), "state", &["2147483648", "163610392", "3414454684", "1781494222", "624"]),
        (Seed::Int("1"), "random", &["3fc132d8f91b7584", "3feb1e2d5b3584f8", "3fe870d778409f13", "3fd0530d08f17f5c", "3fdfb5355e16737a"]),
        (Seed::Int("1"), "bits1", &["0", "1", "1", "1", "1", "0", "0", "0"]),
        (Seed::Int("1"), "bits31", &["288545018", "1222356005", "1819850095"]),
        (Seed::Int("1"), "bits32", &["577090037", "2444712010", "3639700191"]),
        (Seed::Int("1"), "bits33", &["4872057333", "7934667487", "3280387012"]),
        (Seed::Int("1"), "bits64", &["10499958131665514997", "14799178230035213023", "1164115433906158532"]),
        (Seed::Int("1"), "bits100", &["1017878568110080782349472477685", "99436813185968347955962756036", "590209488520255358040687302011"]),
        (Seed::Int("1"), "randint_1_6", &["2", "5", "1", "3", "1", "4", "4", "4", "6", "4"]),
        (Seed::Int("1"), "randint_big", &["-67464100988081586640", "31302424635748660284", "37418855102792232772"]),
        (Seed::Int("1"), "randrange_0_100_7", &["14", "63", "91", "84", "84"]),
        (Seed::Int("1"), "randrange_10", &["2", "9", "1", "4", "1"]),
        (Seed::Int("1"), "choice_1", &["0", "0", "0", "3fbe2feb8fda9aa8"]),
        (Seed::Int("1"), "choice_3", &["0", "2", "0", "1", "0"]),
        (Seed::Int("1"), "choice_100", &["17", "72", "97", "8", "32"]),
        (Seed::Int("1"), "shuffle_10", &["6", "8", "9", "7", "5", "3", "0", "4", "1", "2", "3fe93d38c0d6fe64"]),
        (Seed::Int("1"), "sample_100_5", &["17", "72", "97", "8", "32"]),
        (Seed::Int("1"), "sample_30_20", &["4", "18", "27", "25", "24", "2", "8", "3", "15", "14", "21", "12", "6", "22", "19", "0", "13", "17", "28", "9"]),
        (Seed::Int("1"), "choices_10_5", &["1", "8", "7", "2", "4"]),
        (Seed::Int("1"), "uniform_1_3", &["3ff44cb63e46dd61", "40058f16ad9ac27c", "4004386bbc204f8a"]),
        (Seed::Int("1"), "gauss", &["3ff49c679da02301", "3ff730ede0eb242a", "3fb0fb6231f18bcc", "bfe877243f2933ff", "bff1798a9f070808"]),
        (Seed::Int("1"), "mixed", &["3fc132d8f91b7584", "98", "0", "bfa3120dce4a9bfb", "517326624931", "3ff2b4853b5bc6fc", "bff05a88da855aa2", "6", "31", "1"]),
        (Seed::Int("42"), "state", &["2147483648", "3564348608", "1266698288", "3831079317", "624"]),
        (Seed::Int("42"), "random", &["3fe4762f307200c5", "3f999c6b5eeb2060", "3fd19a1491f589dc", "3fcc922b623b8c1c", "3fe7912c1468f47e"]),
        (Seed::Int("42"), "bits1", &["1", "0", "0", "1", "0", "0", "0", "0"]),
        (Seed::Int("42"), "bits31", &["1373158606", "239081663", "53710184"]),
        (Seed::Int("42"), "bits32", &["2746317213", "478163327", "107420369"]),
        (Seed::Int("42"), "bits33", &["2746317213", "4402387665", "1181241943"]),
        (Seed::Int("42"), "bits64", &["2053695854357871005", "13679192365072849617", "4517457392071889495"]),
        (Seed::Int("42"), "bits100", &["873491343714207852616756591005", "176140902141063639299770569303", "925123444424254823561077285033"]),
        (Seed::Int("42"), "randint_1_6", &["6", "1", "1", "6", "3", "2", "2", "2", "6", "1"]),
        (Seed::Int("42"), "randint_big", &["-97946304145642128995", "-39586372261837913861", "-71493018974086110896"]),
        (Seed::Int("42"), "randrange_0_100_7", &["70", "7", "0", "77", "28"]),
        (Seed::Int("42"), "randrange_10", &["1", "0", "4", "3", "3"]),
        (Seed::Int("42"), "choice_1", &["0", "0", "0", "3fcf589dc392456c"]),
        (Seed::Int("42"), "choice_3", &["2", "0", "0", "2", "1"]),
        (Seed::Int("42"), "choice_100", &["81", "14", "3", "94", "35"]),
        (Seed::Int("42"), "shuffle_10", &["7", "3", "2", "8", "5", "6", "9", "4", "0", "1", "3fe2e5508db00c46"]),
        (Seed::Int("42"), "sample_100_5", &["81", "14", "3", "94", "35"]),
        (Seed::Int("42"), "sample_30_20", &["20", "3", "0", "23", "8", "7", "24", "4", "28", "17", "2", "18", "13", "1", "27", "16", "21", "29", "25", "9"]),
        (Seed::Int("42"), "choices_10_5", &["6", "0", "2", "2", "7"]),
        (Seed::Int("42"), "uniform_1_3", &["40023b1798390062", "3ff0cce35af75903", "3ff8cd0a48fac4ee"]),
        (Seed::Int("42"), "gauss", &["bfc2718d4a9a8111", "bfc621b486646b7c", "bfbc7f3240f58c66", "3fe676a692b3f6c1", "bfc054d01919a25b"]),
        (Seed::Int("42"), "mixed", &["3fe4762f307200c5", "4", "5", "bfbc7f3240f58c66", "114832269481", "3fe676a692b3f6c1", "bfee0483fec0ea3f", "5", "37", "27"]),
        (Seed::Int("1099511627783"), "state", &["2147483648", "704317392", "723153410", "3977384188", "624"]),
        (Seed::Int("1099511627783"), "random", &["3fe3a3761afd4291", "3fea13cb57c0715a", "3fee3d88c68edf49", "3fe240a3fed28776", "3fde758a5a01babc"]),
        (Seed::Int("1099511627783"), "bits1", &["1", "1", "1", "1", "1", "1", "1", "1"]),
        (Seed::Int("1099511627783"), "bits31", &["1317918829", "1604866609", "1750019418"]),
        (Seed::Int("1099511627783"), "bits32", &["2635837658", "3209733218", "3500038837"]),
        (Seed::Int("1099511627783"), "bits33", &["6930804954", "7795006133", "8353760805"]),
        (Seed::Int("1099511627783"), "bits64", &["13785699202830676186", "17301799233109514933", "11797128929593804325"]),
        (Seed::Int("1099511627783"), "bits100", &["1252986758401933784419846041818", "916700794626085818582401041957", "788172320653085476909777037674"]),
        (Seed::Int("1099511627783"), "randint_1_6", &["5", "6", "6", "5", "6", "4", "3", "5", "2", "5"]),
        (Seed::Int("1099511627783"), "randint_big", &["42143136471204569076", "83510668727822014342", "20214010762846452951"]),
        (Seed::Int("1099511627783"), "randrange_0_100_7", &["63", "77", "91", "70", "63"]),
        (Seed::Int("1099511627783"), "randrange_10", &["9", "9", "7", "4", "9"]),
        (Seed::Int("1099511627783"), "choice_1", &["0", "0", "0", "3fe089beb98046c2"]),
        (Seed::Int("1099511627783"), "choice_3", &["2", "2", "2", "2", "2"]),
        (Seed::Int("1099511627783"), "choice_100", &["78", "95", "81", "73", "90"]),
        (Seed::Int("1099511627783"), "shuffle_10", &["0", "5", "2", "3", "6", "1", "8", "4", "7", "9", "3fd929dabb8b38da"]),
        (Seed::Int("1099511627783"), "sample_100_5", &["78", "95", "81", "73", "90"]),
        (Seed::Int("1099511627783"), "sample_30_20", &["19", "23", "26", "20", "18", "22", "15", "8", "29", "4", "16", "12", "21", "11", "25", "7", "14", "5", "3", "13"]),
        (Seed::Int("1099511627783"), "choices_10_5", &["6", "8", "9", "5", "4"]),
        (Seed::Int("1099511627783"), "uniform_1_3", &["4001d1bb0d7ea148", "400509e5abe038ad", "40071ec463476fa4"]),
        (Seed::Int("1099511627783"), "gauss", &["bff633deac4e340c", "bff3415168a7308e", "3ff391c61be29963", "bfdc2ce1a6cf8203", "c0033d53716cfdb0"]),
        (Seed::Int("1099511627783"), "mixed", &["3fe3a3761afd4291", "82", "4", "bfcaca92cc55215e", "140082890609", "bfe7614073ca0061", "bff35057a4f2e749", "23", "25", "28"]),
        (Seed::Int("-5"), "state", &["2147483648", "2796186638", "190942503", "957143377", "624"]),
        (Seed::Int("-5"), "random", &["3fe3eecf89059360", "3fe7bcb8116f23ee", "3fe97239c6c3047f", "3fee288d7f5db50c", "3fe7ad3fc69bae32"]),
        (Seed::Int("-5"), "bits1", &["1", "0", "1", "0", "1", "1", "1", "1"]),
        (Seed::Int("-5"), "bits31", &["1337671202", "548563996", "1592975436"]),
        (Seed::Int("-5"), "bits32", &["2675342405", "1097127993", "3185950873"]),
        (Seed::Int("-5"), "bits33", &["2675342405", "3185950873", "7710297655"]),
        (Seed::Int("-5"), "bits64", &["4712128852136459333", "6613812840851947673", "12736496262939004471"]),
        (Seed::Int("-5"), "bits100", &["454911232961676339139289971781", "1104634716630602621625635556919", "706899414540038233555879984681"]),
        (Seed::Int("-5"), "randint_1_6", &["5", "3", "6", "3", "6", "6", "6", "5", "1", "4"]),
        (Seed::Int("-5"), "randint_big", &["64587845685900709022", "44628895297345217263", "-27257907795186075529"]),
        (Seed::Int("-5"), "randrange_0_100_7", &["63", "28", "77", "35", "84"]),
        (Seed::Int("-5"), "randrange_10", &["9", "4", "5", "8", "0"]),
        (Seed::Int("-5"), "choice_1", &["0", "0", "0", "3feae421bddccc2f"]),
        (Seed::Int("-5"), "choice_3", &["2", "1", "2", "1", "2"]),
        (Seed::Int("-5"), "choice_100", &["79", "32", "94", "45", "88"]),
        (Seed::Int("-5"), "shuffle_10", &["2", "3", "1", "0", "8", "7", "6", "5", "4", "9", "3fe4c46648351904"]),
        (Seed::Int("-5"), "sample_100_5", &["79", "32", "94", "45", "88"]),
        (Seed::Int("-5"), "sample_30_20", &["19", "8", "23", "11", "25", "22", "27", "20", "16", "0", "14", "7", "1", "5", "3", "21", "18", "15", "6", "28"]),
        (Seed::Int("-5"), "choices_10_5", &["6", "7", "7", "9", "7"]),
        (Seed::Int("-5"), "uniform_1_3", &["4001f767c482c9b0", "4003de5c08b791f7", "4004b91ce3618240"]),
        (Seed::Int("-5"), "gauss", &["bff2dc892b0b1f24", "bff25eddbbe8cb1d", "3fe56c4a129f3e5e", "c00259ed8923443f", "bfc25a66d023427a"]),
        (Seed::Int("-5"), "mixed", &["3fe3eecf89059360", "95", "2", "3fe56c4a129f3e5e", "716142411305", "c00259ed8923443f", "3fcb6e3a6eb6fe1b", "29", "49", "15"]),
        (Seed::Int("12345678901234567890"), "state", &["2147483648", "655559829", "918757934", "1801629105", "624"]),
        (Seed::Int("12345678901234567890"), "random", &["3fe06273c7710f4d", "3fedd1f72a2feb81", "3fe48dd221ca4920", "3feb4594614e7efb", "3fd6a86bec34d808"]),
        (Seed::Int("12345678901234567890"), "bits1", &["1", "1", "1", "1", "1", "0", "1", "0"]),
        (Seed::Int("12345678901234567890"), "bits31", &["1099550485", "1847716259", "2001198254"]),
        (Seed::Int("12345678901234567890"), "bits32", &["2199100970", "3695432519", "4002396509"]),
        (Seed::Int("12345678901234567890"), "bits33", &["6494068266", "8297363805", "2758709522"]),
        (Seed::Int("12345678901234567890"), "bits64", &["15871761815878999594", "10086620983718820189", "8255740500807422226"]),
        (Seed::Int("12345678901234567890"), "bits100", &["707656484213018010632064310826", "463662507737385983023963345170", "731236008643134990092261765052"]),
        (Seed::Int("12345678901234567890"), "randint_1_6", &["5", "5", "6", "4", "3", "3", "5", "2", "5", "4"]),
        (Seed::Int("12345678901234567890"), "randint_big", &["40975775694469128279", "-1740535039439101155", "70254150555267694893"]),
        (Seed::Int("12345678901234567890"), "randrange_0_100_7", &["56", "91", "98", "56", "70"]),
        (Seed::Int("12345678901234567890"), "randrange_10", &["8", "8", "7", "5", "5"]),
        (Seed::Int("12345678901234567890"), "choice_1", &["0", "0", "0", "3fe0d36024eb00ff"]),
        (Seed::Int("12345678901234567890"), "choice_3", &["2", "2", "2", "1", "1"]),
        (Seed::Int("12345678901234567890"), "choice_100", &["65", "69", "82", "57", "41"]),
        (Seed::Int("12345678901234567890"), "shuffle_10", &["0", "3", "4", "1", "5", "2", "6", "7", "9", "8", "3fd746d2b10a1590"]),
        (Seed::Int("12345678901234567890"), "sample_100_5", &["65", "69", "82", "57", "41"]),
        (Seed::Int("12345678901234567890"), "sample_30_20", &["16", "27", "17", "20", "14", "10", "11", "29", "7", "18", "15", "23", "4", "2", "5", "8", "0", "26", "21", "12"]),
        (Seed::Int("12345678901234567890"), "choices_10_5", &["5", "9", "6", "8", "3"]),
        (Seed::Int("12345678901234567890"), "uniform_1_3", &["40003139e3b887a6", "4006e8fb9517f5c0", "400246e910e52490"]),
        (Seed::Int("12345678901234567890"), "gauss", &["c0027dacb64c3772", "bfc6621415e33058", "bff397a988af09b6", "bff865721e942faf", "bfdc1a0d24384803"]),
        (Seed::Int("12345678901234567890"), "mixed", &["3fe06273c7710f4d", "70", "5", "bfeaeda8a38bceb0", "251366408493", "3fd26c238c93e943", "bfeb6aa25d645b08", "4", "11", "34"]),
        (Seed::Str("hello"), "state", &["2147483648", "3019239927", "3047174760", "980615799", "624"]),
        (Seed::Str("hello"), "random", &["3fd6a441bebd6e04", "3fe538ec3b087282", "3fe185fbb071334c", "3fc0bfe275acc7c4", "3faa2808ee827440"]),
        (Seed::Str("hello"), "bits1", &["0", "1", "1", "1", "1", "0", "0", "0"]),
        (Seed::Str("hello"), "bits31", &["759726966", "1809244237", "1424208103"]),
        (Seed::Str("hello"), "bits32", &["1519453933", "3618488475", "2848416207"]),
        (Seed::Str("hello"), "bits33", &["5814421229", "7143383503", "2351947165"]),
        (Seed::Str("hello"), "bits64", &["15541289662597367533", "13987231184674316751", "2039236941050797469"]),
        (Seed::Str("hello"), "bits100", &["1003281954972648830218842212077", "406508281469158846148920728989", "821717603841497105634323334247"]),
        (Seed::Str("hello"), "randint_1_6", &["3", "6", "5", "1", "2", "3", "1", "6", "3", "6"]),
        (Seed::Str("hello"), "randint_big", &["-71451719767438876505", "-93457258755872799505", "91321038604131225877"]),
        (Seed::Str("hello"), "randrange_0_100_7", &["35", "91", "70", "84", "56"]),
        (Seed::Str("hello"), "randrange_10", &["5", "8", "1", "2", "5"]),
        (Seed::Str("hello"), "choice_1", &["0", "0", "0", "3fd6b31f1868a022"]),
        (Seed::Str("hello"), "choice_3", &["1", "2", "2", "0", "0"]),
        (Seed::Str("hello"), "choice_100", &["45", "84", "97", "70", "14"]),
        (Seed::Str("hello"), "shuffle_10", &["6", "4", "3", "9", "0", "2", "7", "1", "8", "5", "3fc5349490ca37c0"]),
        (Seed::Str("hello"), "sample_100_5", &["45", "84", "97", "70", "14"]),
        (Seed::Str("hello"), "sample_30_20", &["11", "26", "21", "24", "17", "3", "4", "29", "1", "22", "5", "19", "27", "8", "6", "16", "15", "20", "2", "12"]),
        (Seed::Str("hello"), "choices_10_5", &["3", "6", "5", "1", "0"]),
        (Seed::Str("hello"), "uniform_1_3", &["3ffb5220df5eb702", "40029c761d843941", "4000c2fdd83899a6"]),
        (Seed::Str("hello"), "gauss", &["bfeca5b6a7cad35b", "3ff2c32434c13830", "bfe031f7c4e44408", "bfc3f9e2bb8587f7", "3fed4455bc18dfe5"]),
        (Seed::Str("hello"), "mixed", &["3fd6a441bebd6e04", "85", "6", "bfe031f7c4e44408", "799083332711", "bfc3f9e2bb8587f7", "bff7e309fb6bbf60", "10", "3", "16"]),
        (Seed::Str(""), "state", &["2147483648", "3998504632", "1077928791", "1946200131", "624"]),
        (Seed::Str(""), "random", &["3feeba2b25d163e4", "3fe30d9d60d3da22", "3fd8d52f16ea3076", "3fe7797eef02ec3e", "3fcc44402db32d80"]),
        (Seed::Str(""), "bits1", &["1", "0", "1", "0", "0", "1", "1", "1"]),
        (Seed::Str(""), "bits31", &["2062068880", "975994014", "1278637440"]),
        (Seed::Str(""), "bits32", &["4124137760", "1951988028", "2557274880"]),
        (Seed::Str(""), "bits33", &["4124137760", "2557274880", "5961464912"]),
        (Seed::Str(""), "bits64", &["8383724746567670048", "3816387820137540352", "15944447793164500048"]),
        (Seed::Str(""), "bits100", &["284857882788663042290859727136", "1008858227640113842284624395344", "977948358216650600155852603471"]),
        (Seed::Str(""), "randint_1_6", &["4", "5", "2", "4", "6", "2", "3", "5", "1", "5"]),
        (Seed::Str(""), "randint_big", &["74404421409953634592", "-30772056831593547910", "3868769875298438208"]),
        (Seed::Str(""), "randrange_0_100_7", &["49", "63", "21", "42", "91"]),
        (Seed::Str(""), "randrange_10", &["7", "9", "3", "6", "3"]),
        (Seed::Str(""), "choice_1", &["0", "0", "0", "3feba8c1daef2fdd"]),
        (Seed::Str(""), "choice_3", &["1", "2", "0", "1", "2"]),
        (Seed::Str(""), "choice_100", &["58", "76", "26", "49", "93"]),
        (Seed::Str(""), "shuffle_10", &["4", "0", "8", "2", "1", "5", "9", "6", "3", "7", "3feefa4b3667d531"]),
        (Seed::Str(""), "sample_100_5", &["58", "76", "26", "49", "93"]),
        (Seed::Str(""), "sample_30_20", &["14", "19", "6", "12", "23", "24", "7", "10", "28", "0", "21", "22", "11", "1", "29", "27", "4", "3", "2", "8"]),
        (Seed::Str(""), "choices_10_5", &["9", "5", "3", "7", "2"]),
        (Seed::Str(""), "uniform_1_3", &["40075d1592e8b1f2", "400186ceb069ed11", "3ffc6a978b75183b"]),
        (Seed::Str(""), "gauss", &["3ff4db1468a9bc8e", "bfd54b1b6136182f", "bff3d7b1423f55a7", "3ff0d64c7028591d", "3fc565eb041d1292"]),
        (Seed::Str(""), "mixed", &["3feeba2b25d163e4", "77", "1", "bff3d7b1423f55a7", "941546307663", "3ff0d64c7028591d", "bfe8c56b22285e8d", "38", "40", "20"]),
        (Seed::Float(0x3ff8000000000000), "state", &["2147483648", "1142779666", "2961227018", "198917128", "624"]),
        (Seed::Float(0x3ff8000000000000), "random", &["3fe1a80c674aba1a", "3fd063d44129e0e2", "3fe2aab9f9cbbe85", "3fe1a9f208ca00ac", "3feab7e75883e029"]),
        (Seed::Float(0x3ff8000000000000), "bits1", &["1", "1", "0", "0", "1", "0", "1", "0"]),
        (Seed::Float(0x3ff8000000000000), "bits31", &["1184903574", "1767326550", "549955724"]),
        (Seed::Float(0x3ff8000000000000), "bits32", &["2369807148", "3534653101", "1099911448"]),
        (Seed::Float(0x3ff8000000000000), "bits33", &["6664774444", "1099911448", "2505428956"]),
        (Seed::Float(0x3ff8000000000000), "bits64", &["15181219473869792044", "2683050553194271000", "8282015774736240604"]),
        (Seed::Float(0x3ff8000000000000), "bits100", &["178746110028709186310342992684", "281418060516807065854910255068", "979968917777446069570992290498"]),
        (Seed::Float(0x3ff8000000000000), "randint_1_6", &["5", "3", "2", "5", "4", "5", "2", "2", "3", "4"]),
        (Seed::Float(0x3ff8000000000000), "randint_big", &["-11031804231292001492", "39887943945062980675", "59745008125793490711"]),
        (Seed::Float(0x3ff8000000000000), "randrange_0_100_7", &["56", "91", "28", "14", "63"]),
        (Seed::Float(0x3ff8000000000000), "randrange_10", &["8", "4", "2", "9", "7"]),
        (Seed::Float(0x3ff8000000000000), "choice_1", &["0", "0", "0", "3fe1a9f208ca00ac"]),
        (Seed::Float(0x3ff8000000000000), "choice_3", &["2", "1", "0", "2", "1"]),
        (Seed::Float(0x3ff8000000000000), "choice_100", &["70", "32", "18", "74", "57"]),
        (Seed::Float(0x3ff8000000000000), "shuffle_10", &["7", "5", "0", "1", "6", "3", "9", "2", "4", "8", "3fe98362f9af3d5c"]),
        (Seed::Float(0x3ff8000000000000), "sample_100_5", &["70", "32", "18", "74", "57"]),
        (Seed::Float(0x3ff8000000000000), "sample_30_20", &["17", "26", "8", "4", "18", "14", "29", "6", "28", "11", "13", "23", "2", "10", "21", "20", "27", "15", "25", "12"]),
        (Seed::Float(0x3ff8000000000000), "choices_10_5", &["5", "2", "5", "5", "8"]),
        (Seed::Float(0x3ff8000000000000), "uniform_1_3", &["4000d40633a55d0d", "3ff831ea2094f071", "4001555cfce5df42"]),
        (Seed::Float(0x3ff8000000000000), "gauss", &["bfe752fbfbfe9e83", "bfcf760d2d757044", "bff18f17f9908631", "bfe4470970ca5a17", "3fdf3e6d66667579"]),
        (Seed::Float(0x3ff8000000000000), "mixed", &["3fe1a80c674aba1a", "33", "1", "bff18f17f9908631", "141025032898", "bfe4470970ca5a17", "bfe6be4c2f215d3b", "34", "5", "20"]),
        (Seed::Int("0"), "bits0", &["0", "3feb0580f98a7dbe"]),
        (Seed::Int("0"), "randrange_100_0_m3", &["28", "22", "94", "52", "4"]),
        (Seed::Int("0"), "randrange_huge", &["-922418235952841998060000000000", "653836363030599020100000000000", "-109049396108602229190000000000"]),
        (Seed::Int("0"), "randrange_2p100", &["356898062616215882931197580819", "297565466266494033898682877555", "388389600720586979337566840222"]),
        (Seed::Int("0"), "shuffle_1", &["0", "3feb0580f98a7dbe"]),
        (Seed::Int("0"), "sample_1000_10", &["864", "394", "776", "911", "430", "41", "265", "988", "523", "497"]),
        (Seed::Int("0"), "sample_10_10", &["6", "9", "0", "2", "4", "3", "5", "1", "8", "7"]),
        (Seed::Int("0"), "sample_10p12_6", &["424533559245", "978212965548", "44756014165", "534771852898", "913899456057", "392888992260"]),
        (Seed::Int("0"), "sample_5_0", &["3feb0580f98a7dbe"]),
        (Seed::Int("0"), "choices_cum", &["3", "3", "2", "1", "2", "2"]),
        (Seed::Int("0"), "gauss_10_2.5", &["4028b5654dc636dc", "401a08c292c3fd2e", "402099f72b6e6c26"]),
        (Seed::Int("0"), "triangular", &["3fe71331c770ebc0", "40178900059b5f2a", "4014000000000000", "3fe6e262aacda9e0"]),
        (Seed::Int("0"), "normalvariate", &["bfc788fe6e2f434f", "3fa0a46196bf10fd", "3fe65ccbe5021434"]),
        (Seed::Int("0"), "lognormvariate", &["3fed30752d775413", "3ff0431cc21032bf"]),
        (Seed::Int("0"), "expovariate", &["3ff3d8b2a4327487", "3fee439b4f6e34b1", "3fd748a48d84331c"]),
        (Seed::Int("0"), "randbytes", &["cd072cd86f9f62", "c2", "", "8206e7e35594aa6b342f5d0a42"]),
        (Seed::Int("42"), "bits0", &["0", "3fe4762f307200c5"]),
        (Seed::Int("42"), "randrange_100_0_m3", &["79", "97", "49", "55", "58"]),
        (Seed::Int("42"), "randrange_huge", &["-979463041456421289950000000000", "-395863722618379138610000000000", "-714930189740861108960000000000"]),
        (Seed::Int("42"), "randrange_2p100", &["334597227169592314486858469975", "160817104176174106146196623769", "1073140825042556611459112948617"]),
        (Seed::Int("42"), "shuffle_1", &["0", "3fe4762f307200c5"]),
        (Seed::Int("42"), "sample_1000_10", &["654", "114", "25", "759", "281", "250", "228", "142", "754", "104"]),
        (Seed::Int("42"), "sample_10_10", &["1", "0", "4", "9", "6", "5", "8", "2", "3", "7"]),
        (Seed::Int("42"), "sample_10p12_6", &["123005401501", "811856239313", "267469214295", "151282538206", "114832269481", "814655221101"]),
        (Seed::Int("42"), "sample_5_0", &["3fe4762f307200c5"]),
        (Seed::Int("42"), "choices_cum", &["3", "0", "1", "1", "3", "3"]),
        (Seed::Int("42"), "gauss_10_2.5", &["402347907b15f6f5", "402322aef2c013cd", "4023718404bb3442"]),
        (Seed::Int("42"), "triangular", &["3fe269a9b3e65bb8", "3febb8018915466a", "4014000000000000", "3fea79f70a581af0"]),
        (Seed::Int("42"), "normalvariate", &["3fcf66da833dc5a5", "bfdfcc4cc31ff71e", "3ff4139a6995f6a2"]),
        (Seed::Int("42"), "lognormvariate", &["3ff2168ae96450c6", "3fe8f6028ea16ad9"]),
        (Seed::Int("42"), "expovariate", &["3fe5c2e3a5d0ee4f", "3f914a89138ed25b", "3fcb71fc219a5528"]),
        (Seed::Int("42"), "randbytes", &["9d79b1a331801c", "06", "", "fb40d6bd57526846903bb13e39"]),
        (Seed::Str("hello"), "bits0", &["0", "3fd6a441bebd6e04"]),
        (Seed::Str("hello"), "randrange_100_0_m3", &["34", "79", "76", "34", "91"]),
        (Seed::Str("hello"), "randrange_huge", &["-714517197674388765050000000000", "-934572587558727995050000000000", "913210386041312258770000000000"]),
        (Seed::Str("hello"), "randrange_2p100", &["881877256554744871710184431005", "408841709749285458670234730469", "159859995157724649012432352009"]),
        (Seed::Str("hello"), "shuffle_1", &["0", "3fd6a441bebd6e04"]),
        (Seed::Str("hello"), "sample_1000_10", &["362", "862", "679", "776", "560", "113", "133", "363", "52", "744"]),
        (Seed::Str("hello"), "sample_10_10", &["5", "8", "1", "7", "2", "0", "9", "3", "4", "6"]),
        (Seed::Str("hello"), "sample_10p12_6", &["924937422573", "836072071631", "122611031453", "387109078255", "799083332711", "731740167922"]),
        (Seed::Str("hello"), "sample_5_0", &["3fd6a441bebd6e04"]),
        (Seed::Str("hello"), "choices_cum", &["2", "3", "2", "1", "0", "2"]),
        (Seed::Str("hello"), "gauss_10_2.5", &["401f0c36eb909df4", "4029dcfb507c618f", "40217831493c555f"]),
        (Seed::Str("hello"), "triangular", &["3fdaeac94b016424", "401493f1e4e3bfca", "4014000000000000", "3ff1d29f57d6fc67"]),
        (Seed::Str("hello"), "normalvariate", &["bfe7d576f8d0b7d4", "3fb80e079febcae5", "bff39b3f4c808558"]),
        (Seed::Str("hello"), "lognormvariate", &["3fe60ce8e73be065", "3ff0c507d80b73d9"]),
        (Seed::Str("hello"), "expovariate", &["3fd2a0ed11d8dc4f", "3fe7375c402458af", "3fe0ebee8843fc17"]),
        (Seed::Str("hello"), "randbytes", &["ed06915ac0add7", "a9", "", "a7a01cc29ddd2f8c31d34c1c21"]),
        (Seed::Int("-1267650600228229401496703205379"), "state", &["2147483648", "3128031083", "4015154532", "4037337897", "624"]),
        (Seed::Int("-1267650600228229401496703205379"), "random", &["3fd6d52ec264375a", "3fef164df7deb449", "3fec69168da45063", "3fde21754c04be72", "3fe7f4c3f8e4f169"]),
        (Seed::Int("-1267650600228229401496703205379"), "mixed", &["3fd6d52ec264375a", "53", "3", "bfe6c3525d7acaa6", "858698323731", "bf85345c0448f252", "3fbb046df12b0d0d", "20", "8", "44"]),
        (Seed::Int("4294967296"), "state", &["2147483648", "3247729875", "1917745790", "2855728268", "624"]),
        (Seed::Int("4294967296"), "random", &["3fbced31cb3df170", "3fdabdb5477a4f26", "3f91139c02ebd380", "3fe39338e3811e8e", "3fe9c7dc430ca10d"]),
        (Seed::Int("4294967296"), "mixed", &["3fbced31cb3df170", "54", "0", "40002e696ba43b02", "364051448673", "3fd2b0d0035e4e4f", "3ffb2bd7c6c4d297", "0", "8", "4"]),
        (Seed::Int("4294967295"), "state", &["2147483648", "2159790430", "4274725319", "2300076184", "624"]),
        (Seed::Int("4294967295"), "random", &["3fe454d9227a7013", "3fca0274a3720bf8", "3fe36f8c1616ef77", "3fd2a53dc4d30c46", "3fd5c30407b15d96"]),
        (Seed::Int("4294967295"), "mixed", &["3fe454d9227a7013", "27", "1", "bfe4bd655ab9d61e", "1058022363142", "bfe09653a5166545", "bff1eebdb4a4dd47", "17", "22", "31"]),
        (Seed::Str("héllo ✓"), "state", &["2147483648", "530185390", "1459011310", "4282515025", "624"]),
        (Seed::Str("héllo ✓"), "random", &["3fe1e5958d6caa3f", "3fc5b66826d45048", "3fe29e6ebcb827da", "3fdeb77942511ab4", "3fb2d656964d1e28"]),
        (Seed::Str("héllo ✓"), "mixed", &["3fe1e5958d6caa3f", "22", "3", "bfefdc52d3bccc46", "764820215433", "bfe1ff8e835ff947", "3ff11c73f59bf112", "9", "38", "44"]),
        (Seed::Bytes(&[0, 255]), "state", &["2147483648", "942486862", "2570885047", "1682484574", "624"]),
        (Seed::Bytes(&[0, 255]), "random", &["3fb885d0d7b74ca0", "3fd6f02572224b36", "3fd1bc758c7bd450", "3fee73f1e322e3b1", "3fc7cc2a6da2cf94"]),
        (Seed::Bytes(&[0, 255]), "mixed", &["3fb885d0d7b74ca0", "46", "2", "bfdab8a5e9b3cd25", "937101382848", "400367fe1433f0d4", "3fced6044b1c9a25", "3", "1", "12"]),
        (Seed::Float(0x4000000000000000), "state", &["2147483648", "279925189", "2893088925", "1117176787", "624"]),
        (Seed::Float(0x4000000000000000), "random", &["3fee97d52f73d2ee", "3fee549a4f656ebf", "3facf44d05dc8670", "3fb5ba2bcb8dc860", "3feabc6824ad2441"]),
        (Seed::Float(0x4000000000000000), "mixed", &["3fee97d52f73d2ee", "8", "0", "3ffa2d85963d13b7", "892219197304", "3feee7feabbf5c78", "bfda8bb8a06dfbc1", "38", "13", "2"]),
        (Seed::Float(0xc00a000000000000), "state", &["2147483648", "4156032318", "2552054476", "1042756534", "624"]),
        (Seed::Float(0xc00a000000000000), "random", &["3fd929eca7317d64", "3fb77fee7315d1e0", "3fef120478c836a0", "3fe1fca926139de7", "3fcdddb658cfed08"]),
        (Seed::Float(0xc00a000000000000), "mixed", &["3fd929eca7317d64", "12", "4", "3ff438585c5c2d3f", "602297560241", "bfcddbcc7cfddb92", "bfdd5179b36ea50c", "29", "11", "46"]),
        (Seed::Float(0xc000000000000000), "state", &["2147483648", "452284798", "3465805737", "268753561", "624"]),
        (Seed::Float(0xc000000000000000), "random", &["3fc0cb013be2b120", "3fd37613fdd521b8", "3fbaa6c8ba75b690", "3fe6c5c1e86c6d2b", "3fdd1be46fa9709e"]),
        (Seed::Float(0xc000000000000000), "mixed", &["3fc0cb013be2b120", "39", "5", "3ff4063683ba22da", "1054220456355", "3feeb4e6c62a56d3", "3fd432c3df1c9e02", "33", "49", "42"]),
        (Seed::Float(0x7ff0000000000000), "state", &["2147483648", "3404406268", "2192960797", "7822310", "624"]),
        (Seed::Float(0x7ff0000000000000), "random", &["3fc89f60746564c8", "3fd25ba070ca1b2e", "3fbe3f6cb2424848", "3fd39a496cdaa74c", "3fd3cc498417bd3e"]),
        (Seed::Float(0x7ff0000000000000), "mixed", &["3fc89f60746564c8", "37", "0", "3fe42a64fc27b889", "559674369551", "3fe2806ad3f51e18", "3fe09f1c751c087e", "47", "2", "13"]),
        (Seed::Float(0x3fb999999999999a), "state", &["2147483648", "4121776984", "2192857587", "913286308", "624"]),
        (Seed::Float(0x3fb999999999999a), "random", &["3fe9ccdd8cf794a7", "3fc1b3e85f69ad30", "3fdb9d8055188f80", "3fdb390d71d9fa20", "3fdc44431d27b01a"]),
        (Seed::Float(0x3fb999999999999a), "mixed", &["3fe9ccdd8cf794a7", "18", "3", "bfde454d39475b6a", "453739152217", "bfe19b726bea7461", "bfec90d96691d5a2", "26", "31", "46"]),
        (Seed::Float(0x7e37e43c8800759c), "state", &["2147483648", "1390537138", "3538960621", "4077334713", "624"]),
        (Seed::Float(0x7e37e43c8800759c), "random", &["3fd0bb03504c5e90", "3fb158f45670f798", "3fdaab20593be774", "3fe365277e6cce63", "3fe8820f73b79184"]),
        (Seed::Float(0x7e37e43c8800759c), "mixed", &["3fd0bb03504c5e90", "9", "5", "bff2ea94a132427f", "1021196663698", "3fe5d5743fe89526", "bfe9a8ee9632abb8", "37", "17", "31"]),
    ];

    #[rustfmt::skip]
    const FLOAT_HASHES: &[(u64, i64)] = &[
        (0x0000000000000000, 0),
        (0x8000000000000000, 0),
        (0x3ff8000000000000, 1152921504606846977),
        (0x4000000000000000, 2),
        (0xc00a000000000000, -576460752303423491),
        (0xbff0000000000000, -2),
        (0x3fb999999999999a, 230584300921369408),
        (0x7e37e43c8800759c, 1224995262755759164),
        (0xfe37e43c8800759c, -1224995262755759164),
        (0x0000000000000001, 16777216),
        (0x7ff0000000000000, 314159),
        (0xfff0000000000000, -314159),
        (0x43c0000000000000, 1),
        (0x43d0000000000000, 2),
        (0x419d6f3454800000, 288230376275168533),
        (0xbdf12e0be826d695, -699647011998930896),
        (0x01a56e1fc2f8f359, 482449582752280463),
    ];

    #[rustfmt::skip]
    const SAMPLE_SET_SIZES: &[(usize, u128)] = &[
        (0, 21),
        (5, 21),
        (6, 85),
        (7, 85),
        (21, 85),
        (22, 277),
        (100, 1045),
        (1000, 4117),
        (93824992236885, 281474976710677),
        (93824992236886, 1125899906842645),
        (375299968947541, 1125899906842645),
        (375299968947542, 1125899906842645),
        (24019198012642645, 72057594037927957),
        (24019198012642646, 72057594037927957),
        (96076792050570581, 1152921504606846997),
        (96076792050570582, 1152921504606846997),
        (1537228672809129301, 18446744073709551637),
        (1537228672809129302, 18446744073709551637),
    ];
}

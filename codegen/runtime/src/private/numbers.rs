//! Numbers as JSON Schema compares them: exactly, whether integer or float, however large.

use std::fmt;

use serde_json::Number;

/// A number from a schema, kept in the form serde_json parsed it.
#[derive(Clone, Copy, Debug)]
pub enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::U(u) => write!(f, "{u}"),
            Num::I(i) => write!(f, "{i}"),
            Num::F(x) => write!(f, "{x}"),
        }
    }
}

pub(crate) fn num_of(n: &Number) -> Num {
    if let Some(u) = n.as_u64() {
        Num::U(u)
    } else if let Some(i) = n.as_i64() {
        Num::I(i)
    } else {
        Num::F(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// Exact comparison of an integer with a float (no rounding of large integers).
fn cmp_int_float(i: i128, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if f.is_nan() {
        return None;
    }
    if f >= 1.7e38 {
        return Some(Ordering::Less);
    }
    if f <= -1.7e38 {
        return Some(Ordering::Greater);
    }
    let floor = f.floor();
    let fi = floor as i128;
    Some(match i.cmp(&fi) {
        Ordering::Equal if f > floor => Ordering::Less,
        other => other,
    })
}

pub(crate) fn cmp_nums(a: Num, b: Num) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Num::F(x), Num::F(y)) => x.partial_cmp(&y),
        (Num::F(x), Num::U(u)) => cmp_int_float(u as i128, x).map(|o| o.reverse()),
        (Num::F(x), Num::I(i)) => cmp_int_float(i as i128, x).map(|o| o.reverse()),
        (Num::U(u), Num::F(y)) => cmp_int_float(u as i128, y),
        (Num::I(i), Num::F(y)) => cmp_int_float(i as i128, y),
        (Num::U(u), Num::U(v)) => Some(u.cmp(&v)),
        (Num::U(u), Num::I(j)) => Some((u as i128).cmp(&(j as i128))),
        (Num::I(i), Num::U(v)) => Some((i as i128).cmp(&(v as i128))),
        (Num::I(i), Num::I(j)) => Some(i.cmp(&j)),
    }
}

/// `n` compared with a schema number.
pub fn cmp_num(n: &Number, limit: Num) -> Option<std::cmp::Ordering> {
    cmp_nums(num_of(n), limit)
}

/// A finite decimal as `mantissa * 10^exponent`, read from Rust's shortest round-trip form.
fn decimal(n: Num) -> Option<(u128, i32)> {
    let text = match n {
        Num::U(u) => return Some((u as u128, 0)),
        Num::I(i) => return Some((i.unsigned_abs() as u128, 0)),
        Num::F(x) if x.is_finite() => format!("{:e}", x.abs()),
        Num::F(_) => return None,
    };
    let (digits, exponent) = text.split_once('e')?;
    let mut exponent: i32 = exponent.parse().ok()?;
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    exponent -= frac.len() as i32;
    let mantissa: u128 = format!("{int}{frac}").parse().ok()?;
    Some((mantissa, exponent))
}

fn pow10_mod(mut exponent: u32, modulus: u128) -> u128 {
    let mut result = 1 % modulus;
    let mut base = 10 % modulus;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % modulus;
        }
        base = base * base % modulus;
        exponent >>= 1;
    }
    result
}

/// Whether `n` is an integer multiple of `divisor`, computed exactly on the decimal values.
pub fn is_multiple_of(n: &Number, divisor: Num) -> bool {
    let value = num_of(n);
    if let (Some(x), Some(d)) = (n.as_i64(), as_i64(divisor)) {
        return d != 0 && x.checked_rem(d).is_none_or(|r| r == 0);
    }
    let (Some((mx, ex)), Some((md, ed))) = (decimal(value), decimal(divisor)) else {
        return false;
    };
    if md == 0 {
        return false;
    }
    if mx == 0 {
        return true;
    }
    let shift = ex - ed;
    if shift >= 0 {
        // md < 10^18, so every product below stays within u128.
        (mx % md) * pow10_mod(shift as u32, md) % md == 0
    } else {
        match 10u128
            .checked_pow((-shift) as u32)
            .and_then(|p| p.checked_mul(md))
        {
            Some(big) => mx % big == 0,
            None => false,
        }
    }
}

fn as_i64(n: Num) -> Option<i64> {
    match n {
        Num::I(i) => Some(i),
        Num::U(u) => i64::try_from(u).ok(),
        Num::F(_) => None,
    }
}

/// An integer field as a JSON number, for the checks generated for numbers.
pub fn number<T: Copy + Into<Number>>(x: &T) -> Number {
    (*x).into()
}

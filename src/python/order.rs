//! The ordering ruff's isort uses (default settings), so that inserted names and
//! statements land where `ruff check --select I` expects them.

use std::cmp::Ordering;

/// ruff's `order-by-type`: CONSTANTS, then Classes, then everything else.
fn member_type(name: &str) -> u8 {
    let cased = name.chars().any(|c| c.is_lowercase() || c.is_uppercase());
    if name.chars().count() > 1 && cased && !name.chars().any(char::is_lowercase) {
        0
    } else if name.chars().next().is_some_and(char::is_uppercase) {
        1
    } else {
        2
    }
}

/// Natural order as the `natord` crate ruff uses: digit runs compare as numbers.
pub(crate) fn natural(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let si = i;
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let na = trim_zeros(&a[si..i]);
            let nb = trim_zeros(&b[sj..j]);
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            let ord = a[i].cmp(&b[j]);
            if ord != Ordering::Equal {
                return ord;
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let first = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    &digits[first..]
}

/// Order of two imported members (`name` or `name as alias`) within one statement.
pub(crate) fn member_cmp(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> Ordering {
    member_type(a.0)
        .cmp(&member_type(b.0))
        .then_with(|| natural(&a.0.to_lowercase(), &b.0.to_lowercase()))
        .then_with(|| natural(a.0, b.0))
        .then_with(|| a.1.cmp(&b.1))
}

/// Order of two `from module import first_member` statements within one section.
pub(crate) fn from_statement_cmp(a: (&str, &str), b: (&str, &str)) -> Ordering {
    natural(&a.0.to_lowercase(), &b.0.to_lowercase())
        .then_with(|| natural(a.0, b.0))
        .then_with(|| member_cmp((a.1, None), (b.1, None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruff_member_order() {
        // The order ruff 0.17 produced for this very list.
        let want = ["AB", "B_C", "A", "Ab", "X", "a", "aB", "ab", "x9", "x10"];
        let mut got = ["A", "B_C", "Ab", "a", "ab", "AB", "aB", "x10", "x9", "X"];
        got.sort_by(|a, b| member_cmp((a, None), (b, None)));
        assert_eq!(got, want);
    }

    #[test]
    fn modules() {
        assert_eq!(
            from_statement_cmp(("petsage.api", "x"), ("petsage.api.v1", "a")),
            Ordering::Less
        );
        assert_eq!(natural("v10", "v9"), Ordering::Greater);
    }
}

//! Version ranges, as PEP 440 specifiers (`>=1.9,<2`, `~=3.11`, `==1.*`) and poetry
//! constraints (`^1.9`, `~1.10`, `>=1.9 <2`, `^1 || ^2`) write them: the one reader of
//! both, for the Pydantic pin (`pydantic_pin`) and the Python a project requires
//! (`python::Target::from_requires_python`). Releases only: pre-, post- and local parts
//! end a release's reading, and `!=` never narrows a range.

/// Does a poetry constraint (`^1.9`, `~1.10`, `>=1.9,<2`, `>=1.9 <2`, `1.*`, `1.10.2`,
/// `^1.9 || ^2.0`, `*`) allow a version from `floor` on?
pub fn poetry_allows(constraint: &str, floor: &[u64]) -> bool {
    constraint.split("||").any(|alternative| {
        let mut clauses = Vec::new();
        let mut tokens = alternative
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .peekable();
        while let Some(t) = tokens.next() {
            // `>= 1.9`: an operator alone, then its version.
            if t.chars().all(|c| "<>=!~^".contains(c))
                && let Some(v) = tokens.next()
            {
                clauses.push(poetry_clause(&format!("{t}{v}")));
            } else {
                clauses.push(poetry_clause(t));
            }
        }
        allows_from(clauses, floor)
    })
}

/// Does a PEP 440 specifier (`>=1.9,<2`, `~=1.10`, `==1.*`) allow a version from `floor`
/// on?
pub fn allows(spec: &str, floor: &[u64]) -> bool {
    allows_from(spec.split(',').map(specifier_clause), floor)
}

/// The lowest release a PEP 440 specifier allows (`>=3.10,<4` → 3.10, `~=3.11` → 3.11,
/// `==3.12.*` → 3.12, `>3.10` → 3.10: only 3.10.0 itself is left out); `None` when it
/// names no lower bound.
pub fn lower_bound(spec: &str) -> Option<Vec<u64>> {
    spec.split(',')
        .filter_map(|c| specifier_clause(c).lo)
        .map(|b| b.release)
        .max_by(|a, b| cmp(a, b))
}

/// One clause as the versions it allows: from `lo` up to `hi`.
#[derive(Debug, Clone, PartialEq)]
struct Clause {
    lo: Option<Bound>,
    hi: Option<Bound>,
}

#[derive(Debug, Clone, PartialEq)]
struct Bound {
    release: Vec<u64>,
    inclusive: bool,
}

const ANY: Clause = Clause { lo: None, hi: None };

fn at_least(release: Vec<u64>, inclusive: bool) -> Clause {
    Clause {
        lo: Some(Bound { release, inclusive }),
        hi: None,
    }
}

fn below(release: Vec<u64>, inclusive: bool) -> Clause {
    Clause {
        lo: None,
        hi: Some(Bound { release, inclusive }),
    }
}

fn between(lo: Vec<u64>, hi: Vec<u64>) -> Clause {
    Clause {
        lo: Some(Bound {
            release: lo,
            inclusive: true,
        }),
        hi: Some(Bound {
            release: hi,
            inclusive: false,
        }),
    }
}

/// `release` with component `at` incremented and everything after it dropped.
fn bump(release: &[u64], at: usize) -> Vec<u64> {
    let mut out = release[..=at.min(release.len().saturating_sub(1))].to_vec();
    if let Some(last) = out.last_mut() {
        *last = last.saturating_add(1);
    }
    out
}

/// An exact version, or a prefix match when it ends in `.*`.
fn exact(version: &str) -> Clause {
    let (release, wildcard) = release(version);
    if release.is_empty() {
        return ANY;
    }
    if wildcard {
        let hi = bump(&release, release.len() - 1);
        between(release, hi)
    } else {
        Clause {
            lo: Some(Bound {
                release: release.clone(),
                inclusive: true,
            }),
            hi: Some(Bound {
                release,
                inclusive: true,
            }),
        }
    }
}

/// One PEP 440 clause (`>=1.9`, `~=1.10`, `==1.*`, `!=1.5`) as a range.
fn specifier_clause(clause: &str) -> Clause {
    let c = clause.trim();
    let ops = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];
    let Some(op) = ops.iter().find(|op| c.starts_with(**op)) else {
        return ANY;
    };
    let version = c[op.len()..].trim();
    let (release, _) = release(version);
    if release.is_empty() {
        return ANY;
    }
    match *op {
        "===" | "==" => exact(version),
        "~=" => {
            let at = release.len().saturating_sub(2);
            let hi = bump(&release, at);
            between(release, hi)
        }
        "<=" => below(release, true),
        "<" => below(release, false),
        ">=" => at_least(release, true),
        ">" => at_least(release, false),
        _ => ANY, // `!=` removes versions, never the upper range as a whole
    }
}

fn poetry_clause(clause: &str) -> Clause {
    let c = clause.trim();
    if c.is_empty() || c == "*" {
        return ANY;
    }
    if let Some(v) = c.strip_prefix('^') {
        let release = release(v.trim()).0;
        if release.is_empty() {
            return ANY;
        }
        // The first non-zero component is bumped (`^0.2` < 0.3), else the last given.
        let at = release
            .iter()
            .position(|&n| n != 0)
            .unwrap_or(release.len() - 1);
        let hi = bump(&release, at);
        return between(release, hi);
    }
    if let Some(v) = c.strip_prefix('~')
        && !v.starts_with('=')
    {
        let release = release(v.trim()).0;
        if release.is_empty() {
            return ANY;
        }
        let hi = bump(&release, if release.len() == 1 { 0 } else { 1 });
        return between(release, hi);
    }
    if c.starts_with(['<', '>', '!', '~']) || c.starts_with("==") {
        return specifier_clause(c);
    }
    exact(c.trim_start_matches('='))
}

/// Does every clause (all must hold) leave some version from `floor` on?
fn allows_from(clauses: impl IntoIterator<Item = Clause>, floor: &[u64]) -> bool {
    let mut lo = Bound {
        release: floor.to_vec(),
        inclusive: true,
    };
    let mut hi: Option<Bound> = None;
    for c in clauses {
        if let Some(b) = c.lo
            && match cmp(&b.release, &lo.release) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => !b.inclusive,
                std::cmp::Ordering::Less => false,
            }
        {
            lo = b;
        }
        if let Some(b) = c.hi {
            let tighter = match &hi {
                None => true,
                Some(h) => match cmp(&b.release, &h.release) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Equal => !b.inclusive,
                    std::cmp::Ordering::Greater => false,
                },
            };
            if tighter {
                hi = Some(b);
            }
        }
    }
    match hi {
        None => true,
        Some(h) => match cmp(&lo.release, &h.release) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Equal => lo.inclusive && h.inclusive,
            std::cmp::Ordering::Greater => false,
        },
    }
}

/// Release numbers compared with missing components as 0 (`2` == `2.0.0`).
fn cmp(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            x.cmp(&y)
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// The release numbers of a version (`v1!2.10.0b1+local` → [2, 10, 0]) and whether it
/// ends in `.*`. Reading stops at the first component that is not a plain number.
pub fn release(version: &str) -> (Vec<u64>, bool) {
    let v = version.trim().trim_start_matches(['v', 'V']);
    let v = v.split_once('!').map_or(v, |(_, r)| r);
    let mut out = Vec::new();
    for part in v.split('.') {
        if part == "*" {
            return (out, true);
        }
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse() {
            Ok(n) => out.push(n),
            Err(_) => break,
        }
        if digits.len() != part.len() {
            break;
        }
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds() {
        for (spec, lo) in [
            (">=3.10", Some(vec![3, 10])),
            (">=3.9,<4", Some(vec![3, 9])),
            ("~=3.11", Some(vec![3, 11])),
            ("==3.12.*", Some(vec![3, 12])),
            (">3.10", Some(vec![3, 10])),
            (">=3.8, >=3.10.2", Some(vec![3, 10, 2])),
            ("<4", None),
            ("!=3.10", None),
            ("", None),
        ] {
            assert_eq!(lower_bound(spec), lo, "{spec:?}");
        }
    }

    #[test]
    fn ranges_from_a_floor() {
        assert!(allows(">=1.9", &[2]));
        assert!(!allows(">=1.9,<2", &[2]));
        assert!(!allows("~=1.10", &[2]));
        assert!(allows("~=1.10", &[1, 11]));
        assert!(!poetry_allows("^1.9", &[2]));
        assert!(poetry_allows("^1.9 || ^2.0", &[2]));
    }
}

//! Golden tests for the wiring engine: one directory per case under `tests/patch/`.
//!
//! A case has `before.py` and either `after.py` (the exact expected bytes) or `error.txt`
//! (a substring of the expected error), plus an optional `wiring.txt` of `key: value`
//! lines overriding the default aggregator wiring. `UPDATE_GOLDEN=1` rewrites the
//! `after.py` files instead of comparing; review every rewritten file by eye.

use std::fs;
use std::path::{Path, PathBuf};

use petsage_build::error::Error;
use petsage_build::python::{
    UnwireChange, WireChange, Wiring, check_syntax, imported_names, is_wired, unwire, wire,
};

/// Owned form of `Wiring`, read from `wiring.txt`.
#[derive(Debug, Clone)]
struct OwnedWiring {
    module: String,
    name: String,
    router: String,
    include_args: String,
    within: String,
    alias: Option<String>,
}

impl OwnedWiring {
    fn aggregator() -> Self {
        OwnedWiring {
            module: "petsage.api.v1.endpoints".into(),
            name: "smoke_test".into(),
            router: "api_v1_router".into(),
            include_args: "smoke_test.router".into(),
            within: "petsage.api.v1".into(),
            alias: None,
        }
    }

    fn as_wiring(&self) -> Wiring<'_> {
        Wiring {
            module: &self.module,
            name: &self.name,
            router: &self.router,
            include_args: &self.include_args,
            within: &self.within,
            alias: self.alias.as_deref(),
            ..Wiring::default()
        }
    }
}

struct Case {
    name: String,
    dir: PathBuf,
    before: String,
    wiring: OwnedWiring,
    after: Option<String>,
    error: Option<String>,
}

fn read(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    Some(String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patch");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Tools like ruff leave hidden cache directories next to the cases.
        .filter(|p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 20,
        "expected the case directories in {root:?}"
    );
    dirs.into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let before = read(&dir.join("before.py"))
                .unwrap_or_else(|| panic!("{name}: before.py is missing"));
            let mut wiring = OwnedWiring::aggregator();
            for line in read(&dir.join("wiring.txt")).unwrap_or_default().lines() {
                let Some((key, value)) = line.split_once(':') else {
                    continue;
                };
                let value = value.trim().to_string();
                match key.trim() {
                    "module" => wiring.module = value,
                    "name" => wiring.name = value,
                    "router" => wiring.router = value,
                    "include_args" => wiring.include_args = value,
                    "within" => wiring.within = value,
                    "alias" => wiring.alias = Some(value),
                    other => panic!("{name}: unknown wiring key {other}"),
                }
            }
            let after = read(&dir.join("after.py"));
            let error = read(&dir.join("error.txt")).map(|e| e.trim().to_string());
            assert!(
                after.is_some() != error.is_some() || std::env::var_os("UPDATE_GOLDEN").is_some(),
                "{name}: needs exactly one of after.py and error.txt"
            );
            Case {
                name,
                dir,
                before,
                wiring,
                after,
                error,
            }
        })
        .collect()
}

fn wired(source: &str, w: &Wiring) -> anyhow::Result<String> {
    Ok(match wire(source, w)? {
        WireChange::Unchanged => source.to_string(),
        WireChange::Patched { source, .. } => source,
    })
}

#[test]
fn golden() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let w = case.wiring.as_wiring();
        let result = wired(&case.before, &w);
        if let Some(expected) = &case.error {
            match result {
                Ok(_) => failures.push(format!("{}: expected an error", case.name)),
                Err(e) => {
                    if !e.to_string().contains(expected.as_str()) {
                        failures.push(format!("{}: error `{e}` lacks `{expected}`", case.name));
                    }
                    if !matches!(
                        e.downcast_ref::<Error>(),
                        Some(Error::Invalid(_) | Error::Refused(_))
                    ) {
                        failures.push(format!(
                            "{}: error is not Error::Invalid/Refused",
                            case.name
                        ));
                    }
                    if e.to_string().contains('\n') {
                        failures.push(format!("{}: error spans lines", case.name));
                    }
                }
            }
            continue;
        }
        let got = match result {
            Ok(got) => got,
            Err(e) => {
                failures.push(format!("{}: unexpected error: {e}", case.name));
                continue;
            }
        };
        if update {
            fs::write(case.dir.join("after.py"), &got).unwrap_or_else(|e| panic!("{e}"));
        } else if case.after.as_deref() != Some(got.as_str()) {
            failures.push(format!(
                "{}: result differs\n--- expected\n{:?}\n--- got\n{:?}",
                case.name,
                case.after.as_deref().unwrap_or(""),
                got
            ));
        }
        if let Err(e) = check_syntax(&got) {
            failures.push(format!("{}: result does not parse: {e}", case.name));
        }
        match wire(&got, &w) {
            Ok(WireChange::Unchanged) => {}
            other => failures.push(format!("{}: second wire changed: {other:?}", case.name)),
        }
        match is_wired(&got, &w) {
            Ok((true, true)) => {}
            other => failures.push(format!("{}: is_wired after wire: {other:?}", case.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// wire(wire(x)) == wire(x) for every case that wires at all.
#[test]
fn wiring_is_idempotent() {
    for case in cases().into_iter().filter(|c| c.error.is_none()) {
        let w = case.wiring.as_wiring();
        let once = wired(&case.before, &w).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let twice = wired(&once, &w).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(once, twice, "{}", case.name);
    }
}

/// Unwiring what was wired into a file that had neither half gives the original back.
#[test]
fn unwire_restores_the_original() {
    let mut checked = 0;
    for case in cases().into_iter().filter(|c| c.error.is_none()) {
        let w = case.wiring.as_wiring();
        // Wrapping a too-long import is a reformat; unwire keeps the wrapped form (with
        // its magic trailing comma ruff's isort keeps it too) rather than guess a style.
        let reformatted = case.name == "one_line_import_too_long";
        if reformatted || is_wired(&case.before, &w).ok() != Some((false, false)) {
            continue;
        }
        let after = wired(&case.before, &w).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        match unwire(&after, &w) {
            Ok(UnwireChange::Patched {
                source,
                removed_import: true,
                removed_include: true,
            }) => assert!(
                source == case.before,
                "{}: unwire did not restore\n--- before\n{:?}\n--- got\n{source:?}",
                case.name,
                case.before
            ),
            other => panic!("{}: unwire gave {other:?}", case.name),
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} cases checked");
}

fn aggregator() -> Wiring<'static> {
    Wiring {
        module: "petsage.api.v1.endpoints",
        name: "smoke_test",
        router: "api_v1_router",
        include_args: "smoke_test.router",
        within: "petsage.api.v1",
        ..Wiring::default()
    }
}

fn case_before(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/patch")
        .join(name)
        .join("before.py");
    read(&path).unwrap_or_else(|| panic!("{} is missing", path.display()))
}

#[test]
fn is_wired_reports_each_half() {
    let w = aggregator();
    assert_eq!(
        is_wired(&case_before("minimal_aggregator"), &w).ok(),
        Some((false, false))
    );
    assert_eq!(
        is_wired(&case_before("imported_only"), &w).ok(),
        Some((true, false))
    );
    assert_eq!(
        is_wired(&case_before("included_only"), &w).ok(),
        Some((false, true))
    );
    assert_eq!(
        is_wired(&case_before("conditional_include_wired"), &w).ok(),
        Some((true, true))
    );
    // Under another name it is still this module: imported, and included through it.
    let aliased = "from petsage.api.v1.endpoints import smoke_test as st\n";
    assert_eq!(is_wired(aliased, &w).ok(), Some((true, false)));
    let relative = "from .endpoints import smoke_test\nr.include_router(smoke_test.router)\n";
    let w_r = Wiring { router: "r", ..w };
    assert_eq!(is_wired(relative, &w_r).ok(), Some((true, true)));
    // Another module of the same name is not it.
    let other = "from petsage.other import smoke_test\n";
    assert_eq!(is_wired(other, &w).ok(), Some((false, false)));
    // Imported inside a top-level try counts.
    let guarded = "try:\n    from petsage.api.v1.endpoints import smoke_test\nexcept ImportError:\n    smoke_test = None\n";
    assert_eq!(is_wired(guarded, &w).ok(), Some((true, false)));
    let broken = is_wired("x = (\n", &w).err().map(|e| e.to_string());
    assert!(broken.is_some_and(|e| e.contains("line 1")));
}

#[test]
fn imported_names_lists_modules_with_lines() {
    let source = case_before("parenthesised_trailing_comma");
    let names = imported_names(&source, "petsage.api.v1.endpoints").ok();
    let want = vec![
        ("health".to_string(), 4),
        ("items".to_string(), 5),
        ("users".to_string(), 7),
    ];
    assert_eq!(names, Some(want));
    let aliased = imported_names(&case_before("aliased_imports"), "petsage.api.v1.endpoints").ok();
    assert_eq!(
        aliased,
        Some(vec![("items".to_string(), 3), ("users".to_string(), 3)])
    );
    let none = imported_names(&source, "petsage.api.v2.endpoints").ok();
    assert_eq!(none, Some(vec![]));
    assert!(imported_names(&source, "not a module").is_err());
    assert!(imported_names("<<<<<<< HEAD\n", "petsage").is_err());
}

fn unwired(source: &str, w: &Wiring) -> String {
    match unwire(source, w) {
        Ok(UnwireChange::Patched { source, .. }) => source,
        Ok(UnwireChange::Unchanged) => source.to_string(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn unwire_removes_one_name_and_its_includes() {
    let w = aggregator();
    let source = "from fastapi import APIRouter\n\nfrom petsage.api.v1.endpoints import items, smoke_test, users\n\napi_v1_router = APIRouter()\napi_v1_router.include_router(items.router)\napi_v1_router.include_router(\n    smoke_test.router,\n    prefix=\"/smoke\",\n)\napi_v1_router.include_router(users.router)\n";
    let want = "from fastapi import APIRouter\n\nfrom petsage.api.v1.endpoints import items, users\n\napi_v1_router = APIRouter()\napi_v1_router.include_router(items.router)\napi_v1_router.include_router(users.router)\n";
    assert_eq!(unwired(source, &w), want);

    let parenthesised = "from petsage.api.v1.endpoints import (\n    items,\n    smoke_test,  # new\n    users,\n)\n";
    let want = "from petsage.api.v1.endpoints import (\n    items,\n    users,\n)\n";
    assert_eq!(unwired(parenthesised, &w), want);

    let last = "from petsage.api.v1.endpoints import items, smoke_test\n";
    assert_eq!(
        unwired(last, &w),
        "from petsage.api.v1.endpoints import items\n"
    );
}

#[test]
fn unwire_takes_out_nested_includes_and_leaves_unrelated_files() {
    let w = aggregator();
    let source = case_before("conditional_include_wired");
    let out = unwired(&source, &w);
    assert!(!out.contains("include_router(smoke_test.router)"), "{out}");
    assert!(!out.contains("items, smoke_test"));
    assert_eq!(is_wired(&out, &w).ok(), Some((false, false)));
    assert!(check_syntax(&out).is_ok());
    // Alone in its block, the include leaves a `pass` behind.
    let sole = "from petsage.api.v1.endpoints import smoke_test\n\napi_v1_router = X()\nif DEBUG:\n    api_v1_router.include_router(smoke_test.router)\n";
    assert_eq!(
        unwired(sole, &w),
        "api_v1_router = X()\nif DEBUG:\n    pass\n"
    );
    // Every spelling goes: a relative and an aliased import of the module.
    let spelled = "from .endpoints import items, smoke_test as st\n\napi_v1_router = X()\napi_v1_router.include_router(st.router)\n";
    assert_eq!(
        unwired(spelled, &w),
        "from .endpoints import items\n\napi_v1_router = X()\n"
    );
    // A form it cannot take out is refused, not left dangling.
    let plain = "import petsage.api.v1.endpoints.smoke_test\n";
    let err = unwire(plain, &w).err().map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("line 1")));
    let untouched = case_before("minimal_aggregator");
    assert_eq!(unwire(&untouched, &w).ok(), Some(UnwireChange::Unchanged));
}

#[test]
fn bad_wiring_is_invalid_input() {
    let source = case_before("minimal_aggregator");
    let bad = [
        Wiring {
            module: "petsage..api",
            ..aggregator()
        },
        Wiring {
            name: "smoke-test",
            ..aggregator()
        },
        Wiring {
            router: "",
            ..aggregator()
        },
        Wiring {
            include_args: "x), evil(",
            ..aggregator()
        },
        Wiring {
            include_args: "",
            ..aggregator()
        },
    ];
    for w in bad {
        let err = wire(&source, &w).err();
        assert!(
            err.as_ref()
                .is_some_and(|e| matches!(e.downcast_ref::<Error>(), Some(Error::Invalid(_)))),
            "{w:?}: {err:?}"
        );
    }
}

/// Arbitrary bytes around the anchors must never panic, only succeed or refuse.
#[test]
fn odd_inputs_do_not_panic() {
    let w = aggregator();
    // (input, None when it wires, else a part of the one-line refusal)
    let no_router = Some("the router variable `api_v1_router` is never assigned");
    let inputs: [(&str, Option<&str>); 15] = [
        ("\u{feff}", no_router),
        ("\r\n", no_router),
        ("api_v1_router = APIRouter()", None),
        ("api_v1_router = APIRouter()\r", None),
        (
            "api_v1_router = x = APIRouter(); api_v1_router.include_router(a.router)",
            None,
        ),
        (
            "from petsage.api.v1.endpoints import *\napi_v1_router = 1\n",
            None,
        ),
        (
            "from petsage.api.v1.endpoints import (a)\napi_v1_router = 1\n",
            None,
        ),
        (
            "from petsage.api.v1.endpoints import \\\n    a\napi_v1_router = 1\n",
            None,
        ),
        (
            "if x:\n    from petsage.api.v1.endpoints import a\napi_v1_router = 1\n",
            None,
        ),
        ("\"\"\"doc\n# x\"\"\"\napi_v1_router = 1\n", None),
        ("# only a comment", no_router),
        (
            "api_v1_router: APIRouter = APIRouter()\n\n\nclass A:\n    pass\n",
            None,
        ),
        ("é = 1\napi_v1_router = 1\n", None),
        ("x = '\0'\n", Some("cannot contain null bytes")),
        (
            "((((((((((((((((((((((((((((((((((((((((((((((((((((((",
            Some("was never closed"),
        ),
    ];
    for (input, refusal) in inputs {
        match (wired(input, &w), refusal) {
            (Ok(out), None) => {
                assert!(check_syntax(&out).is_ok(), "{input:?} -> {out:?}");
                assert!(
                    out.contains("import smoke_test") || out.contains(", smoke_test"),
                    "{input:?} -> {out:?}"
                );
                assert_eq!(wired(&out, &w).ok(), Some(out.clone()), "{input:?}");
                match unwire(&out, &w) {
                    Ok(UnwireChange::Patched { source, .. }) => {
                        assert!(check_syntax(&source).is_ok(), "{input:?} -> {source:?}");
                        assert!(!source.contains("smoke_test"), "{input:?} -> {source:?}");
                    }
                    other => panic!("{input:?}: unwire of {out:?} gave {other:?}"),
                }
            }
            (Err(e), Some(needle)) => {
                // Not Python: invalid input; a shape the tool does not know: a refusal.
                assert!(
                    matches!(
                        e.downcast_ref::<Error>(),
                        Some(Error::Invalid(_) | Error::Refused(_))
                    ),
                    "{input:?}: {e:#}"
                );
                assert!(format!("{e:#}").contains(needle), "{input:?}: {e:#}");
            }
            (got, _) => panic!("{input:?}: expected {refusal:?}, got {got:?}"),
        }
    }
}

//! Properties of the patcher over generated aggregators: patch(patch(x)) == patch(x),
//! patch(x) parses whenever x parses, and unwire(patch(x)) == x when x had neither half.

use petsage_build::python::{self, Target, UnwireChange, WireChange, Wiring};
use proptest::prelude::*;

const W: Wiring<'static> = Wiring {
    module: "petsage.api.v1.endpoints",
    name: "smoke_test",
    alias: None,
    router: "api_v1_router",
    include_args: "smoke_test.router",
    target: Target::LATEST,
    within: "petsage.api.v1",
};

fn names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(
        prop_oneof![
            Just("adopt".to_string()),
            Just("pets".to_string()),
            Just("zoo".to_string()),
            Just("a_very_long_feature_module_name".to_string()),
            Just("smoke_test".to_string()),
            "[a-z]{1,12}",
        ],
        0..6,
    )
    .prop_map(|s| s.into_iter().filter(|n| !python_keyword(n)).collect())
}

fn python_keyword(n: &str) -> bool {
    matches!(
        n,
        "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
            | "match"
            | "case"
            | "type"
    )
}

/// An aggregator assembled from the shapes real ones have.
fn aggregator() -> impl Strategy<Value = String> {
    (
        any::<bool>(), // docstring
        any::<bool>(), // __future__
        names(),
        0..3u8, // import style: one line, parenthesised, one per line
        names(),
        0..3u8, // router creation style
        any::<bool>(), // conditional include
        any::<bool>(), // decorated route after includes
        any::<bool>(), // comments
        any::<bool>(), // CRLF
        any::<bool>(), // final newline
    )
        .prop_map(|(doc, future, imported, style, included, router, cond, route, comments, crlf, final_nl)| {
            let mut s = String::new();
            if doc {
                s += "\"\"\"The v1 API router.\"\"\"\n\n";
            }
            if future {
                s += "from __future__ import annotations\n\n";
            }
            s += "from fastapi import APIRouter\n";
            if comments {
                s += "# endpoint modules\n";
            }
            if !imported.is_empty() {
                match style {
                    0 => s += &format!("\nfrom petsage.api.v1.endpoints import {}\n", imported.join(", ")),
                    1 => {
                        s += "\nfrom petsage.api.v1.endpoints import (\n";
                        for n in &imported {
                            s += &format!("    {n},\n");
                        }
                        s += ")\n";
                    }
                    _ => {
                        s += "\n";
                        for n in &imported {
                            s += &format!("from petsage.api.v1.endpoints import {n}\n");
                        }
                    }
                }
            }
            s += "\n";
            s += match router {
                0 => "api_v1_router = APIRouter()\n",
                1 => "api_v1_router = APIRouter(prefix=\"/v1\")\n",
                _ => "api_v1_router = APIRouter(\n    prefix=\"/v1\",\n    tags=[\"v1\"],\n)\n",
            };
            for n in included.iter().filter(|n| imported.contains(n)) {
                s += &format!("api_v1_router.include_router({n}.router)\n");
                if comments {
                    s += "# keep this order\n";
                }
            }
            if cond {
                s += "\nif True:\n    api_v1_router.include_router(APIRouter())\n";
            }
            if route {
                s += "\n\n@api_v1_router.get(\"/ping\")\ndef ping() -> str:\n    return \"pong\"\n";
            }
            if !final_nl {
                while s.ends_with('\n') {
                    s.pop();
                }
            }
            if crlf {
                s = s.replace('\n', "\r\n");
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn patching_is_idempotent_and_keeps_python_valid(src in aggregator()) {
        prop_assert!(python::check_syntax(&src).is_ok(), "generator made invalid Python:\n{src}");
        let (imported, included) = python::is_wired(&src, &W).unwrap();
        match python::wire(&src, &W).unwrap() {
            WireChange::Unchanged => prop_assert!(imported && included),
            WireChange::Patched { source, .. } => {
                prop_assert!(python::check_syntax(&source).is_ok(), "broke:\n{source}");
                prop_assert!(matches!(python::wire(&source, &W).unwrap(), WireChange::Unchanged));
                prop_assert_eq!(python::is_wired(&source, &W).unwrap(), (true, true));
                // Line endings are kept: no mixed endings appear.
                if src.contains("\r\n") {
                    prop_assert_eq!(source.matches('\n').count(), source.matches("\r\n").count());
                }
                // Undoing a one-line import that wiring had to wrap is out of scope.
                let rewrapped = source.contains("import (") && !src.contains("import (");
                if !imported && !included && !rewrapped {
                    match python::unwire(&source, &W).unwrap() {
                        UnwireChange::Patched { source: back, .. } => prop_assert_eq!(back, src),
                        UnwireChange::Unchanged => prop_assert!(false, "unwire found nothing"),
                    }
                }
            }
        }
    }
}

/// Found by the `wire` fuzz target: the router created on a line ending in a bare `\r`
/// (Python accepts old Mac line endings) in a file whose first line break is `\n`. The
/// blank line set before the new include was a lone `\n` written right after that `\r`:
/// the two made one CRLF line break, the blank line was lost and unwire left a `\n`.
/// Likewise a `\r` written right before a `\n`.
#[test]
fn include_after_a_bare_cr_line_round_trips() {
    round_trip("from fastapi import APIRouter\n\napi_v1_router = APIRouter()\rx = 1\n");
    round_trip("from fastapi import APIRouter\n\napi_v1_router = APIRouter()\rx = 1");
    // And the other way round: the file's first break `\r`, a `\n` blank line after the
    // insertion point (the include's `\r` and that `\n` made one break).
    round_trip("from fastapi import APIRouter\rapi_v1_router = APIRouter()\n\nx = 1\n");
}

/// wire then unwire on an aggregator whose first import comes after code (`x = 1` above
/// `from fastapi import APIRouter`): wire puts the import after the docstring as a
/// section of its own (a blank line before it unless there is one, one after it, two
/// before a `def`), and unwire takes the blank line *before* it. The original comes
/// back only when that blank line was `\n` and the code is not a definition.
fn round_trip(src: &str) {
    assert!(python::check_syntax(src).is_ok());
    assert_eq!(python::is_wired(src, &W).unwrap(), (false, false));
    let WireChange::Patched { source, .. } = python::wire(src, &W).unwrap() else {
        panic!("not patched");
    };
    let UnwireChange::Patched { source: back, .. } = python::unwire(&source, &W).unwrap() else {
        panic!("unwire found nothing");
    };
    assert_eq!(back, src, "wired:\n{source}");
}

/// Found by the `wire` fuzz target (minimised by hand): a bare `\r` line ending, which
/// Python accepts, after the docstring comes back as `\r\n` (unwire deletes the
/// original blank line and keeps the one wire added).
#[test]
#[ignore = "open defect: unwire deletes the blank line before a lone import section"]
fn bare_cr_blank_line_before_code_round_trips() {
    round_trip(
        "\"\"\"Aggregator.\"\"\"\r\n\rx = 1\nfrom fastapi import APIRouter\r\n\r\napi_v1_router = APIRouter()\r\n",
    );
}

/// The same with a blank line holding spaces: it comes back empty.
#[test]
#[ignore = "open defect: unwire deletes the blank line before a lone import section"]
fn blank_line_with_spaces_before_code_round_trips() {
    round_trip(
        "\"\"\"Aggregator.\"\"\"\n   \nx = 1\nfrom fastapi import APIRouter\n\napi_v1_router = APIRouter()\n",
    );
}

/// Before a definition wire adds two blank lines; one is left behind.
#[test]
#[ignore = "open defect: unwire deletes the blank line before a lone import section"]
fn definition_first_round_trips() {
    round_trip(
        "\"\"\"A.\"\"\"\n\ndef f(): pass\nfrom fastapi import APIRouter\n\napi_v1_router = APIRouter()\n",
    );
}

// Not fixable by unwire alone: `"""A."""\nx = 1\n…` and `"""A."""\n\nx = 1\n…` wire to
// the same text (wire adds the missing blank line), so one of them cannot come back.

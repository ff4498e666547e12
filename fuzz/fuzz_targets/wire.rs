//! The patcher never panics, never turns valid Python into invalid Python, and is
//! idempotent; unwire after wire gives back the original when it had neither half
//! (the property of tests/it/wire_props.rs, over arbitrary text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use petsage_build::python::{self, Target, UnwireChange, WireChange, Wiring};

const AGGREGATOR: Wiring<'static> = Wiring {
    module: "petsage.api.v1.endpoints",
    name: "smoke_test",
    alias: None,
    router: "api_v1_router",
    include_args: "smoke_test.router",
    target: Target::LATEST,
    within: "petsage.api.v1",
};

const MAIN: Wiring<'static> = Wiring {
    module: "petsage.api.v1.api",
    name: "api_v1_router",
    alias: None,
    router: "app",
    include_args: "api_v1_router, prefix=\"/api/v1\"",
    target: Target::LATEST,
    within: "petsage",
};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let valid = python::check_syntax(source).is_ok();
    for w in [&AGGREGATOR, &MAIN] {
        let wired = python::is_wired(source, w).ok();
        match python::wire(source, w) {
            Ok(WireChange::Unchanged) => {
                assert!(valid, "accepted a file that does not parse");
                assert_eq!(wired, Some((true, true)), "unchanged but not wired");
            }
            Ok(WireChange::Patched { source: patched, .. }) => {
                assert!(valid, "patched a file that does not parse");
                assert!(python::check_syntax(&patched).is_ok(), "patch broke the file:\n{patched}");
                assert!(
                    matches!(python::wire(&patched, w), Ok(WireChange::Unchanged)),
                    "not idempotent:\n{patched}"
                );
                assert_eq!(python::is_wired(&patched, w).ok(), Some((true, true)));
                // Undoing a one-line import that wiring had to wrap is out of scope.
                let rewrapped = patched.contains("import (") && !source.contains("import (");
                // As in tests/it/wire_props.rs, where every aggregator imports before its
                // code: an import wire had to put before the code as a section of its
                // own (no import statement above it) does not always come back (open;
                // the ignored tests `*_round_trips` there; one such case cannot, as two
                // texts wire the same).
                let import = format!("from {} import {}", w.module, w.name);
                let lone = !source.contains(&import)
                    && patched.find(&import).is_some_and(|at| {
                        !patched[..at]
                            .split(['\n', '\r'])
                            .any(|l| l.starts_with("import ") || l.starts_with("from "))
                    });
                if wired == Some((false, false)) && !rewrapped && !lone {
                    match python::unwire(&patched, w) {
                        Ok(UnwireChange::Patched { source: back, .. }) => {
                            assert_eq!(back, source, "unwire(wire(x)) != x; wired:\n{patched}")
                        }
                        Ok(UnwireChange::Unchanged) => panic!("unwire found nothing:\n{patched}"),
                        Err(e) => panic!("unwire failed ({e:#}):\n{patched}"),
                    }
                }
            }
            Err(_) => {}
        }
        if let Ok(UnwireChange::Patched { source: back, .. }) = python::unwire(source, w) {
            assert!(python::check_syntax(&back).is_ok(), "unwire broke the file:\n{back}");
        }
    }
});

//! The patcher never panics, never turns valid Python into invalid Python, and is
//! idempotent; unwire after a wire that added both halves leaves valid Python too.
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
    within: "petsage.api.v1",
};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let valid = python::check_syntax(source).is_ok();
    for w in [&AGGREGATOR, &MAIN] {
        match python::wire(source, w) {
            Ok(WireChange::Unchanged) => {}
            Ok(WireChange::Patched { source: patched, added_import, added_include }) => {
                assert!(valid, "patched a file that does not parse");
                assert!(python::check_syntax(&patched).is_ok(), "patch broke the file");
                assert!(
                    matches!(python::wire(&patched, w), Ok(WireChange::Unchanged)),
                    "not idempotent"
                );
                if added_import && added_include {
                    if let Ok(UnwireChange::Patched { source: back, .. }) = python::unwire(&patched, w) {
                        assert!(python::check_syntax(&back).is_ok(), "unwire broke the file");
                    }
                }
            }
            Err(_) => {}
        }
        let _ = python::unwire(source, w);
        let _ = python::is_wired(source, w);
    }
});

//! Records are untrusted: arbitrary bytes as `.petsage-build/<name>.yaml` never panic,
//! and the fast reader `check` uses (`record::parse_plain`) answers only where it agrees
//! with the YAML parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petsage_build::record::{self, Record};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let by_yaml = Record::parse(text, ".petsage-build/x.yaml");
    if let Some(fast) = record::parse_plain(text) {
        let Ok(slow) = &by_yaml else {
            panic!("fast reader read a text the YAML parser refuses:\n{text}");
        };
        assert_eq!(
            (fast.version, &fast.feature, &fast.files),
            (slow.version, &slow.feature, &slow.files),
            "fast reader and YAML parser disagree:\n{text}"
        );
        assert_eq!(fast.request, serde_yaml::Value::Null);
    }
    if let Ok(rec) = by_yaml {
        let _ = rec.request();
        let _ = rec.to_text();
        let _ = rec.kept("a.py");
        let _ = rec.matches("a.py", b"");
    }
});

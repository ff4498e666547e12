//! Records are untrusted: arbitrary bytes as `.petsage-build/<name>.yaml` never panic,
//! and a record that reads (as JSON or as YAML) is written back to a text that reads as
//! the same record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petsage_build::record::Record;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rec) = Record::parse(text, ".petsage-build/x.yaml") {
        let _ = rec.request();
        let _ = rec.kept("a.py");
        let _ = rec.matches("a.py", b"");
        if let Ok(again) = rec.to_text() {
            let back = Record::parse(&again, ".petsage-build/x.yaml")
                .unwrap_or_else(|e| panic!("a written record does not read back: {e}\n{again}"));
            assert_eq!(back, rec, "{again}");
        }
    }
});

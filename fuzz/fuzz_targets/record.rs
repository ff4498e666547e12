//! Records and the journal are untrusted (`.petsage-build/` is committed): arbitrary
//! bytes as `.petsage-build/<name>.yaml` or as `.petsage-build/journal` never panic, and
//! a journal that reads, or a record that reads and holds a valid request, is written back
//! to a text that reads as the same one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petsage_build::journal::Journal;
use petsage_build::record::Record;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(journal) = Journal::parse(text) {
        let again = journal.to_text();
        let back = Journal::parse(&again)
            .unwrap_or_else(|e| panic!("a written journal does not read back: {e}\n{again}"));
        assert_eq!(back, journal, "{again}");
    }
    if let Ok(rec) = Record::parse(text, ".petsage-build/x.yaml") {
        let valid = rec.request().is_ok();
        let _ = rec.kept("a.py");
        let _ = rec.matches("a.py", b"");
        // Only a record whose request is valid is ever written (from a request that was
        // read and checked): one holding a YAML `.inf` is not, and JSON has no infinity
        // (found by this target: `-.inf` in an invalid request was written as `null`).
        if let Ok(again) = rec.to_text()
            && valid
        {
            let back = Record::parse(&again, ".petsage-build/x.yaml")
                .unwrap_or_else(|e| panic!("a written record does not read back: {e}\n{again}"));
            assert_eq!(back, rec, "{again}");
        }
    }
});

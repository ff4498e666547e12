//! The journal is untrusted (`.petsage-build/` is committed, and a killed run leaves it):
//! arbitrary bytes as a journal never panic, and a journal that reads prints back as the
//! same text, so recovery acts only on what the text says.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petsage_build::journal::Journal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(journal) = Journal::parse(text) {
        let again = journal.to_text();
        assert_eq!(again, text, "a journal that reads prints back as itself");
        let back = Journal::parse(&again)
            .unwrap_or_else(|e| panic!("a printed journal does not read back: {e}\n{again}"));
        assert_eq!(back.to_text(), again);
    }
});

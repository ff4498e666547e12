//! Decoding never panics: arbitrary bytes as a payload, and as request text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use petsage_build::request;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(req) = request::from_payload(text) {
            // Whatever decodes must encode and decode back to itself.
            let payload = request::to_payload(&req).expect("encode");
            assert_eq!(request::from_payload(&payload).expect("decode"), req);
        }
        if let Ok(req) = request::parse_yaml(text) {
            let payload = request::to_payload(&req).expect("encode");
            assert_eq!(request::from_payload(&payload).expect("decode"), req);
            let _ = req.resolve();
        }
    }
});

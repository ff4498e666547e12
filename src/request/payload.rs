//! Payloads: base64 of a request (SPEC §2), in either alphabet, padded or not, with white
//! space ignored, at most 1 MiB decoded.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// The largest decoded request accepted.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// The largest payload text read: 1 MiB of base64 plus room for line breaks.
pub const MAX_PAYLOAD_TEXT: usize = MAX_REQUEST_BYTES / 3 * 4 + 64 * 1024 + 4096;

fn engine(alpha: &alphabet::Alphabet) -> GeneralPurpose {
    GeneralPurpose::new(
        alpha,
        GeneralPurposeConfig::new()
            .with_encode_padding(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(false),
    )
}

/// Decodes a payload into the request's bytes. Errors are one line, positions 1-based in
/// the text as given.
pub fn decode(text: &str) -> Result<Vec<u8>, crate::error::Error> {
    if text.len() > MAX_PAYLOAD_TEXT {
        return Err(too_large(decoded_len(text), false).into());
    }
    // Keep each kept character's position in the text as given, for error messages.
    let mut clean = Vec::with_capacity(text.len());
    let mut positions = Vec::with_capacity(text.len());
    for (position, c) in (1..).zip(text.chars()) {
        if c.is_ascii_whitespace() {
            continue;
        }
        if !c.is_ascii() {
            return Err(format!("invalid base64: character {c:?} at position {position}").into());
        }
        clean.push(c as u8);
        positions.push(position);
    }
    if clean.is_empty() {
        return Err("payload is empty".into());
    }
    let url_safe = clean.iter().any(|b| matches!(b, b'-' | b'_'));
    let standard = clean.iter().any(|b| matches!(b, b'+' | b'/'));
    if url_safe && standard {
        return Err("invalid base64: mixes the standard (+ /) and URL-safe (- _) alphabets".into());
    }
    let alpha = if url_safe {
        &alphabet::URL_SAFE
    } else {
        &alphabet::STANDARD
    };
    let bytes = engine(alpha).decode(&clean).map_err(|e| {
        let at = |offset: usize| positions.get(offset).copied().unwrap_or(text.len());
        match e {
            base64::DecodeError::InvalidByte(offset, byte) => format!(
                "invalid base64: character {:?} at position {}",
                byte as char,
                at(offset)
            ),
            base64::DecodeError::InvalidLength(_) => {
                "invalid base64: the payload is truncated (its length is not valid)".to_string()
            }
            base64::DecodeError::InvalidLastSymbol(offset, _) => format!(
                "invalid base64: the payload is truncated or corrupt at position {}",
                at(offset)
            ),
            base64::DecodeError::InvalidPadding => "invalid base64: bad padding".to_string(),
        }
    })?;
    if bytes.len() > MAX_REQUEST_BYTES {
        return Err(too_large(bytes.len() as u64, false).into());
    }
    Ok(bytes)
}

/// Encodes request bytes as a standard, padded payload.
pub fn encode(bytes: &[u8]) -> String {
    engine(&alphabet::STANDARD).encode(bytes)
}

/// How many bytes base64 `text` decodes to (white space and padding ignored).
pub fn decoded_len(text: &str) -> u64 {
    let symbols = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .count() as u64;
    symbols * 3 / 4
}

/// `request is too large: 10.0 MiB exceeds the 1 MiB limit` (`more than 10.0 MiB` when
/// only a lower bound is known).
pub fn too_large(bytes: u64, at_least: bool) -> String {
    let limit = MAX_REQUEST_BYTES as u64;
    let mut shown = size(bytes);
    // Never "1.0 MiB exceeds the 1 MiB limit": near the limit, count bytes.
    if bytes < limit + limit / 10 {
        shown = format!("{bytes} bytes");
    }
    let more = if at_least { "more than " } else { "" };
    format!(
        "request is too large: {more}{shown} exceeds the {} limit",
        size(limit)
    )
}

/// A size for people: `512 bytes`, `3.5 KiB`, `10.0 MiB`, `1 MiB` for a whole number.
pub fn size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if bytes >= scale {
            return if bytes.is_multiple_of(scale) {
                format!("{} {unit}", bytes / scale)
            } else {
                format!("{:.1} {unit}", bytes as f64 / scale as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// The request bytes as UTF-8 text, without a byte-order mark.
pub fn utf8(bytes: &[u8]) -> Result<&str, crate::error::Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "request is not valid UTF-8: invalid byte 0x{:02x} at offset {}",
            bytes.get(e.valid_up_to()).copied().unwrap_or(0),
            e.valid_up_to()
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_alphabets_padding_and_whitespace() {
        let bytes = b"feature: x\xff\xfe?>";
        let std_padded = base64::engine::general_purpose::STANDARD.encode(bytes);
        let url_bare = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        assert!(std_padded.contains(['+', '/']) || url_bare.contains(['-', '_']));
        let wrapped: String = std_padded
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                if i % 4 == 3 {
                    vec![c, '\n', ' ']
                } else {
                    vec![c]
                }
            })
            .collect();
        for text in [std_padded.as_str(), url_bare.as_str(), wrapped.as_str()] {
            assert_eq!(decode(text).unwrap(), bytes, "{text}");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(decode("  \n").unwrap_err().to_string().contains("empty"));
        assert!(
            decode("ab$d")
                .unwrap_err()
                .to_string()
                .contains("'$' at position 3")
        );
        assert!(
            decode("a\nb $d")
                .unwrap_err()
                .to_string()
                .contains("position 5")
        );
        assert!(
            decode("abcde")
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
        assert!(decode("ab+_").unwrap_err().to_string().contains("mixes"));
        assert!(
            utf8(b"ok\xffno")
                .unwrap_err()
                .to_string()
                .contains("offset 2")
        );
    }

    #[test]
    fn sizes_are_reported_as_they_are() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(1024 * 1024), "1 MiB");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(
            too_large(10 * 1024 * 1024 + 7, false),
            "request is too large: 10.0 MiB exceeds the 1 MiB limit"
        );
        assert_eq!(
            too_large(1024 * 1024 + 1, false),
            "request is too large: 1048577 bytes exceeds the 1 MiB limit"
        );
        let text = encode(&vec![b'x'; 3000]);
        assert_eq!(decoded_len(&text), 3000);
        assert_eq!(decoded_len(&encode(b"ab")), 2);
    }
}

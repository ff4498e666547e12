//! What a record, the journal and the templates' identity keep of some bytes: their
//! SHA-256, written `sha256:<hex>` (the prefix says which hash, should it ever change).

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// `sha256:<hex>` of some bytes. One read from a record is kept as written: an edited
/// record's may be anything, and then matches no bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Digest(String);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(format!("sha256:{:x}", Sha256::digest(bytes)))
    }

    /// The digest of a hasher fed by the caller (the templates' identity).
    pub fn of_hasher(h: Sha256) -> Digest {
        Digest(format!("sha256:{:x}", h.finalize()))
    }

    /// `text` where it is a digest as this tool writes one (`sha256:` and 64 lower-case
    /// hex digits).
    pub fn parse(text: &str) -> Option<Digest> {
        let hex = text.strip_prefix("sha256:")?;
        (hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Digest(text.to_string()))
    }

    /// Whether `bytes` have this digest.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        *self == Digest::of(bytes)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// As read from a record: kept as written (see [`Digest`]).
impl From<String> for Digest {
    fn from(text: String) -> Digest {
        Digest(text)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_written_and_read_back_as_sha256_hex() {
        let empty = Digest::of(b"");
        assert_eq!(
            empty.as_str(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(Digest::parse(empty.as_str()), Some(empty.clone()));
        assert!(empty.matches(b"") && !empty.matches(b"x"));
        for bad in [
            "sha256:00",
            "md5:e3b0",
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        ] {
            assert_eq!(Digest::parse(bad), None, "{bad}");
        }
    }
}

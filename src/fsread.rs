//! The one way the tool reads a file of the project: only a regular file, at most
//! [`MAX_FILE`] bytes. A FIFO, a device, a socket or a directory is refused without
//! blocking (the open is non-blocking and the opened handle's metadata decides), and so
//! is a file larger than the cap, also one that grows while it is read (`/dev/zero`
//! behind a symbolic link never gets past the metadata check).
//!
//! Errors are `io::Error`s so that callers keep matching on `NotFound`; a refusal carries
//! an [`Error::Invalid`] inside (kind `InvalidData`), which `exit::status_of` maps to 2.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::path::Path;

use crate::error::Error;

/// The largest file read: generous for source, records and configuration.
pub const MAX_FILE: u64 = 8 << 20;

/// The bytes of the regular file at `path` (symbolic links followed), at most
/// [`MAX_FILE`] of them.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let (file, len) = open_with(path, false)?;
    read_known(file, len)
}

/// As [`read`], but a symbolic link at `path` itself is refused (exit 1), not followed:
/// for the files that are petsage-build's own (records, the configuration).
pub fn read_nofollow(path: &Path) -> io::Result<Vec<u8>> {
    let (file, len) = open_with(path, true)?;
    read_known(file, len)
}

/// The bytes of a file [`checked_len`] opened with the length its handle's metadata
/// gave: that many, read without a further read to see the end (one read for most
/// files; a file that grows meanwhile is read as it was when opened, one that shrinks
/// to its end). A length of 0 (an empty file, or one whose size the file system does
/// not report) is read to its end, at most [`MAX_FILE`] bytes.
pub fn read_known(mut file: File, len: u64) -> io::Result<Vec<u8>> {
    if len == 0 {
        let mut buf = Vec::new();
        (&mut file).take(MAX_FILE + 1).read_to_end(&mut buf)?;
        if buf.len() as u64 > MAX_FILE {
            return Err(too_large());
        }
        return Ok(buf);
    }
    let want = usize::try_from(len.min(MAX_FILE)).map_err(|_| too_large())?;
    let mut buf = vec![0; want];
    let mut filled = 0;
    while filled < want {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// As [`read`], with a missing file (or a file where a directory was expected) as `None`.
pub fn read_opt(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if is_absent(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// As [`read`], as UTF-8 text (invalid UTF-8 is `InvalidData`, as `fs::read_to_string`).
pub fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|e| {
        refusal(format!(
            "not UTF-8 (byte offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Opens `path` for reading if it is a regular file of at most [`MAX_FILE`] bytes, and
/// gives its length.
pub fn open(path: &Path) -> io::Result<(File, u64)> {
    open_with(path, false)
}

#[cfg(unix)]
fn open_with(path: &Path, nofollow: bool) -> io::Result<(File, u64)> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let flags = if nofollow { libc::O_NOFOLLOW } else { 0 };
    let opened = OpenOptions::new()
        .read(true)
        // A FIFO opens at once instead of waiting for a writer; a regular file ignores it.
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | flags)
        .open(path);
    match opened {
        Err(e) if flags & libc::O_NOFOLLOW != 0 && e.raw_os_error() == Some(libc::ELOOP) => {
            Err(own_file_link(path))
        }
        opened => checked_len(opened?),
    }
}

#[cfg(windows)]
fn open_with(path: &Path, nofollow: bool) -> io::Result<(File, u64)> {
    use std::os::windows::fs::OpenOptionsExt as _;
    if nofollow {
        return checked_len(open_unless_link(path)?.ok_or_else(|| own_file_link(path))?);
    }
    checked_len(
        OpenOptions::new()
            .read(true)
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
            .open(path)?,
    )
}

/// Opens a directory too (so that [`checked`] refuses it as one, as on unix).
#[cfg(windows)]
const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;

/// Windows: `path` opened for reading, or `None` when a link (a symbolic link, a
/// junction) stands there, which is never followed. A reparse point that is not a link
/// (a deduplicated or cloud file) is opened again through its file system's filter,
/// and must still be the same file.
#[cfg(windows)]
pub fn open_unless_link(path: &Path) -> io::Result<Option<File>> {
    use std::os::windows::fs::{MetadataExt as _, OpenOptionsExt as _};
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    const FILE_ATTRIBUTE_REPARSE_POINT: u32 = 0x0400;
    let open = |flags| {
        OpenOptions::new()
            .read(true)
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS | flags)
            .open(path)
    };
    let itself = open(FILE_FLAG_OPEN_REPARSE_POINT)?;
    let meta = itself.metadata()?;
    if meta.file_type().is_symlink() {
        return Ok(None);
    }
    if meta.file_attributes() & FILE_ATTRIBUTE_REPARSE_POINT == 0 {
        return Ok(Some(itself));
    }
    let through = open(0)?;
    // The same file: the same volume serial number and file index (as
    // `containment::ident_of` compares them, which uses this module: no cycle).
    let ident = |f: &File| {
        winapi_util::file::information(f).map(|i| (i.volume_serial_number(), i.file_index()))
    };
    if ident(&through)? != ident(&itself)? {
        return Err(io::Error::other(format!(
            "{} changed while it was opened",
            path.display()
        )));
    }
    Ok(Some(through))
}

fn own_file_link(path: &Path) -> io::Error {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    io::Error::other(Error::Refused(format!(
        "{} is a symbolic link, and petsage-build never reads its own files through one; \
         replace it with the file itself",
        name.escape_debug()
    )))
}

/// `file` and its length if it is a regular file of at most [`MAX_FILE`] bytes (by the
/// opened handle's metadata: one `fstat`, which [`read_known`] then trusts), else a
/// refusal.
pub fn checked_len(file: File) -> io::Result<(File, u64)> {
    let meta = file.metadata()?;
    let ft = meta.file_type();
    if !ft.is_file() {
        let what = kind(&ft);
        return Err(refusal(format!(
            "{what}, not a regular file (petsage-build reads only regular files)"
        )));
    }
    if meta.len() > MAX_FILE {
        return Err(too_large());
    }
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if ft.is_dir() {
        "a directory"
    } else if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(windows)]
fn kind(ft: &std::fs::FileType) -> &'static str {
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// True for a refusal (exit 1) carried in an `io::Error`: a symbolic link where
/// [`read_nofollow`] reads.
pub fn is_refusal(e: &io::Error) -> bool {
    e.get_ref()
        .and_then(|i| i.downcast_ref::<Error>())
        .is_some_and(|i| matches!(i, Error::Refused(_)))
}

/// True for the errors that mean "nothing there".
pub fn is_absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

fn too_large() -> io::Error {
    refusal(format!(
        "larger than {} MiB, the most petsage-build reads from one file",
        MAX_FILE >> 20
    ))
}

fn refusal(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, Error::Invalid(msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    #[allow(clippy::redundant_closure_for_method_calls)] // `dyn Error::is` spelled out is worse
    fn refuses_devices_fifos_directories_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        for path in [Path::new("/dev/zero"), Path::new("/dev/null"), dir.path()] {
            let e = read(path).unwrap_err();
            assert!(e.get_ref().is_some_and(|i| i.is::<Error>()), "{e}");
        }
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let e = read(&fifo).unwrap_err();
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; (MAX_FILE + 1) as usize]).unwrap();
        assert!(read(&big).unwrap_err().to_string().contains("8 MiB"));
        std::fs::write(&big, vec![b'x'; MAX_FILE as usize]).unwrap();
        assert_eq!(read(&big).unwrap().len() as u64, MAX_FILE);
        assert_eq!(read_opt(&dir.path().join("none")).unwrap(), None);
    }

    #[test]
    fn refuses_a_directory_and_reads_a_regular_file_on_every_platform() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
        let f = dir.path().join("f");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(read_nofollow(&f).unwrap(), b"x");
        assert_eq!(read_opt(&dir.path().join("none")).unwrap(), None);
    }
}

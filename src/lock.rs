//! Serialises runs on one project: an advisory lock on the root directory itself, so no
//! lock file is ever left behind. Writing commands hold it exclusively from planning
//! through applying; `check` takes it shared, only to look at an interrupted run's journal
//! without racing a live run.
//!
//! Windows cannot lock a directory, so there the lock is taken on a file in the temp
//! directory named by a hash of the root's canonical path: still nothing in the project.

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::error::refused;

/// How long a second run waits for the first before refusing.
pub const WAIT: Duration = Duration::from_secs(60);

/// Held while it lives; dropping it releases the lock.
pub struct ProjectLock {
    _dir: File,
}

/// Takes the exclusive project lock, waiting up to `wait`.
pub fn acquire(root: &Path, wait: Duration) -> anyhow::Result<ProjectLock> {
    take(root, wait, false)
}

/// Takes the project lock shared (other readers may hold it too), waiting up to `wait`.
pub fn acquire_shared(root: &Path, wait: Duration) -> anyhow::Result<ProjectLock> {
    take(root, wait, true)
}

fn take(root: &Path, wait: Duration, shared: bool) -> anyhow::Result<ProjectLock> {
    let dir = lock_file(root).with_context(|| format!("cannot open {}", root.display()))?;
    let start = Instant::now();
    loop {
        let tried = if shared {
            dir.try_lock_shared()
        } else {
            dir.try_lock()
        };
        match tried {
            Ok(()) => return Ok(ProjectLock { _dir: dir }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(refused(format!(
                    "another petsage-build run is working on {} (waited {}s)",
                    root.display(),
                    wait.as_secs()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", root.display()));
            }
        }
    }
}

#[cfg(unix)]
fn lock_file(root: &Path) -> std::io::Result<File> {
    File::open(root)
}

#[cfg(windows)]
fn lock_file(root: &Path) -> std::io::Result<File> {
    use sha2::{Digest as _, Sha256};
    let canonical = std::fs::canonicalize(root)?;
    let digest = Sha256::digest(canonical.to_string_lossy().to_lowercase().as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(std::env::temp_dir().join(format!("petsage-build-{hex}.lock")))
}

//! circle's own folders in the system's temporary folder: the demo's
//! throwaway database, and the agreement's text while the facilitator's
//! `$EDITOR` has it. Each is readable only by its owner and removed when
//! circle is done with it, on a signal too (the console's signal handler
//! calls [`remove_on_signal`], since exiting skips destructors).
//!
//! A circle that is killed outright leaves its folder behind, so at start
//! circle clears the ones whose maker is gone ([`sweep`]). Which those are
//! is known from a lock, not from a process id: each folder holds a
//! `.lock` file that the circle that made it keeps locked (`flock`) for as
//! long as it runs, and the system lets go of the lock when that process
//! ends, however it ends. That works the same on Linux and macOS, where
//! there is no `/proc` to ask. A folder without a lock file (made by an
//! older circle, or being made this moment) is cleared only where the
//! system can say its maker is gone (Linux's `/proc`), and left elsewhere.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The kinds of folder: each is named `circle-KIND-PID-RANDOM`.
pub const KINDS: [&str; 2] = ["demo", "edit"];

/// The lock file in each folder.
const LOCK: &str = ".lock";

/// The folders in use now, to remove if a signal ends circle.
static IN_USE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// One of circle's folders in the temporary folder, removed when dropped.
pub struct Scratch {
    dir: tempfile::TempDir,
    /// Held for as long as the folder is in use: see the module's notes.
    _lock: File,
}

impl Scratch {
    /// Makes a folder of `kind` (one of [`KINDS`]) in the temporary
    /// folder, readable only by its owner.
    pub fn new(kind: &str) -> std::io::Result<Scratch> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("circle-{kind}-{}-", std::process::id()))
            .permissions(fs::Permissions::from_mode(0o700))
            .tempdir()?;
        let lock = OpenOptions::new().write(true).create_new(true).mode(0o600).open(dir.path().join(LOCK))?;
        // Where the file system has no locks, a sweep cannot take it
        // either, and so leaves the folder alone.
        let _ = lock.lock();
        if let Ok(mut in_use) = IN_USE.lock() {
            in_use.push(dir.path().to_path_buf());
        }
        Ok(Scratch { dir, _lock: lock })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut in_use) = IN_USE.lock() {
            in_use.retain(|d| d != self.dir.path());
        }
    }
}

/// Removes every folder in use, for a signal handler about to exit.
pub fn remove_on_signal() {
    if let Ok(in_use) = IN_USE.lock() {
        for dir in in_use.iter() {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// Removes the folders in `base` (the temporary folder) that a circle
/// which is gone left behind: only this user's, only circle's names.
pub fn sweep(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else { return };
    let me = current_uid();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = KINDS.iter().find_map(|kind| name.strip_prefix(&format!("circle-{kind}-"))) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let path = entry.path();
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir() && m.uid() == me);
        if ours && maker_gone(&path, pid) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether the circle that made `dir` has ended: its lock can be taken.
fn maker_gone(dir: &Path, pid: u32) -> bool {
    match File::open(dir.join(LOCK)) {
        Ok(lock) => lock.try_lock().is_ok(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
        }
        Err(_) => false,
    }
}

/// This process's user id, from a file it just made (no unsafe call).
fn current_uid() -> u32 {
    let probe = tempfile::tempfile().ok().and_then(|f| f.metadata().ok());
    probe.map_or(u32::MAX, |m| m.uid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_in_use_is_kept_and_one_whose_maker_is_gone_is_cleared() {
        let base = tempfile::tempdir().unwrap();
        // A folder whose lock is held, with a process id no system gives
        // out: what a running demo looks like on macOS, where there is no
        // /proc to ask.
        let running = base.path().join("circle-demo-4194999-running");
        fs::create_dir(&running).unwrap();
        let held = OpenOptions::new().write(true).create(true).truncate(false).open(running.join(LOCK)).unwrap();
        held.lock().unwrap();
        // One whose maker is gone: its lock is free.
        let left = base.path().join("circle-edit-4194998-left");
        fs::create_dir(&left).unwrap();
        fs::write(left.join(LOCK), b"").unwrap();
        fs::write(left.join("agreement.md"), b"What is said here stays here.").unwrap();
        // Not circle's.
        let other = base.path().join("circle-notes");
        fs::create_dir(&other).unwrap();

        sweep(base.path());
        assert!(running.exists(), "a running demo's folder was removed");
        assert!(!left.exists(), "a folder left behind was kept");
        assert!(other.exists());
        drop(held);
        sweep(base.path());
        assert!(!running.exists(), "once its maker is gone, it goes");
    }
}

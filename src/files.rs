//! Files circle writes for people: exports, keepsakes, room lists. Each is
//! readable only by its owner (mode 0600) and replaced whole, never left
//! half written.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes a file readable only by its owner, through a temporary file beside
/// it that is renamed over the target; never over `database` (the open
/// database), its journal files or a file in its backups folder
/// ([`refusal`]).
pub fn write_private(path: &Path, bytes: &[u8], database: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(refused) = refusal(path, database) {
        anyhow::bail!("{refused}");
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().with_context(|| format!("{} is not a file name", path.display()))?;
    if !dir.is_dir() {
        anyhow::bail!("the folder {} does not exist", dir.display());
    }
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("could not write {}", path.display()))
}

/// Why `target` may not be written while `database` is in use, if it may
/// not: it is the database itself (by another name or through a link too),
/// its write-ahead log or shared memory, or it is in circle's backups folder
/// beside it. Files are compared by what they are (device and inode), not by
/// how they are spelt, and only with `stat`: opening the database file here
/// would drop SQLite's locks on it (see `store::Reopener`).
pub fn refusal(target: &Path, database: &Path) -> Option<String> {
    if let Some(refused) = database_refusal(target, database) {
        return Some(refused);
    }
    let shown = crate::domain::text::display(&target.display().to_string()).into_owned();
    let backups = database.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("backups");
    if identity(&backups).is_some() && folder_of(target) == identity(&backups) {
        return Some(format!(
            "{shown} is in circle's backups folder, which only circle writes to; choose another folder"
        ));
    }
    None
}

fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn folder_of(path: &Path) -> Option<(u64, u64)> {
    identity(path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")))
}

/// Why `target` may not be written, if it is the database itself or one
/// of SQLite's files beside it (the part of [`refusal`] that holds for
/// circle's own backups too).
pub fn database_refusal(target: &Path, database: &Path) -> Option<String> {
    let shown = crate::domain::text::display(&target.display().to_string()).into_owned();
    let with = |suffix: &str| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let guarded = [
        (database.to_path_buf(), "circle's database itself"),
        (with("-wal"), "the database's write-ahead log"),
        (with("-shm"), "the database's shared memory file"),
        (with("-journal"), "the database's journal"),
    ];
    // What the target is now, and what it would be once made: the same
    // folder (by identity) and the same name as one of the guarded files.
    let target_now = identity(target);
    let same_place =
        |a: &Path, b: &Path| a.file_name() == b.file_name() && folder_of(a).is_some() && folder_of(a) == folder_of(b);
    for (file, what) in &guarded {
        let same_file = target_now.is_some() && target_now == identity(file);
        if same_file || same_place(target, file) {
            return Some(format!("{shown} is {what}; choose another name for the file"));
        }
    }
    None
}

/// Where exports go unless the facilitator says otherwise: their documents
/// folder, else their home folder, else the current folder.
pub fn export_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| d.document_dir().map(Path::to_path_buf).or_else(|| Some(d.home_dir().to_path_buf())))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Expands a leading `~/` the way a shell would, for paths typed in forms.
pub fn expand_home(typed: &str) -> PathBuf {
    match typed.trim().strip_prefix("~/") {
        Some(rest) => {
            directories::UserDirs::new().map_or_else(|| PathBuf::from(typed.trim()), |d| d.home_dir().join(rest))
        }
        None => PathBuf::from(typed.trim()),
    }
}

//! Files circle writes for people: exports, keepsakes, room lists. Each is
//! readable only by its owner (mode 0600) and replaced whole, never left
//! half written.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes a file readable only by its owner, through a temporary file beside
/// it that is renamed over the target.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
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

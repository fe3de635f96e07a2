//! circle's log: a small file beside the database (`circle.log`) where work
//! done in the background, out of the facilitator's sight (the daily backup,
//! reading ahead), notes what went wrong, for `circle check` to show and for
//! whoever helps the facilitator find out why.
//!
//! The people in a group are not in it. A line is a time, where in circle
//! it happened, and an error's kind or a place in the source, never an
//! error's text (which can quote a file's contents), a name or a path. It
//! is readable only by its owner and never grows past twice [`LIMIT`].
//!
//! Records come through the `log` facade, which circle's dependencies use
//! already; only circle's own (targets under `circle`) are kept, so a
//! dependency's message can never carry data into the file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The log's file name, beside the database.
pub const NAME: &str = "circle.log";

/// Past this size the log starts again, keeping the one before as
/// `circle.log.1`.
pub const LIMIT: u64 = 64 * 1024;

/// The thread that takes the daily backup.
pub const BACKUP_THREAD: &str = "backup";

/// The thread that reads the tabs ahead (see `tui::app::read_ahead`).
pub const READ_AHEAD_THREAD: &str = "read-ahead";

/// Where the log of the database at `db` is kept: beside it, so the default
/// database's is in the platform's data folder and a test's in its own
/// temporary folder. `None` when the database itself has the log's name.
pub fn beside(db: &Path) -> Option<PathBuf> {
    let name = db.file_name()?.to_string_lossy();
    if name.starts_with(NAME) {
        return None;
    }
    let folder = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(folder.join(NAME))
}

struct FileLog {
    path: PathBuf,
    /// One line at a time, from any thread.
    writing: Mutex<()>,
}

impl log::Log for FileLog {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn && metadata.target().starts_with("circle")
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = format!(
            "{} {} {}: {}\n",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
            record.level(),
            record.target(),
            crate::domain::text::display(&record.args().to_string())
        );
        let _one_at_a_time = self.writing.lock();
        // Nowhere to tell of a log that cannot be written: the notice on
        // screen has already said what matters.
        let _ = append(&self.path, &line);
    }

    fn flush(&self) {}
}

/// Sends circle's warnings and errors to the log at `path` from now on.
/// Once per process: a second call changes nothing.
pub fn install(path: PathBuf) {
    static LOG: OnceLock<FileLog> = OnceLock::new();
    if LOG.set(FileLog { path, writing: Mutex::new(()) }).is_ok()
        && let Some(file_log) = LOG.get()
        && log::set_logger(file_log).is_ok()
    {
        log::set_max_level(log::LevelFilter::Warn);
    }
}

/// Adds a line to the log at `path`, made readable only by its owner,
/// starting it again (the old one kept as `.1`) when it would pass
/// [`LIMIT`].
pub fn append(path: &Path, line: &str) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        // A pipe would block, a link could point anywhere: only a plain
        // file of circle's own making is written.
        Ok(meta) if !meta.file_type().is_file() => {
            return Err(std::io::Error::other("the log is not an ordinary file"));
        }
        Ok(meta) if meta.len() + line.len() as u64 > LIMIT => fs::rename(path, older(path))?,
        _ => {}
    }
    let mut file = OpenOptions::new().append(true).create(true).mode(0o600).open(path)?;
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(line.as_bytes())
}

/// The log before the current one.
fn older(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".1");
    PathBuf::from(name)
}

/// The last `count` lines of the log at `path` (none if there is no log).
pub fn last_lines(path: &Path, count: usize) -> Vec<String> {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return Vec::new();
    }
    let text = fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(count)..].iter().map(|l| l.to_string()).collect()
}

/// The name of the background thread this code runs on, if it is one.
pub fn background_thread() -> Option<&'static str> {
    let current = std::thread::current();
    [BACKUP_THREAD, READ_AHEAD_THREAD].into_iter().find(|name| current.name() == Some(*name))
}

/// Notes a panic on a background thread in the log: the thread and the
/// place in circle's source, not the message (which may quote data). The
/// front end says that the work stopped.
pub fn note_panic(thread: &str, info: &std::panic::PanicHookInfo) {
    let place =
        info.location().map_or_else(|| "an unknown place".to_string(), |l| format!("{}:{}", l.file(), l.line()));
    log::error!(target: "circle::panic", "the {thread} thread stopped: a panic at {place}");
}

/// A panic hook that notes background threads' panics in the log instead
/// of printing them over the screen, and leaves every other panic to the
/// hook before it.
pub fn quiet_background_panics() {
    let before = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| match background_thread() {
        Some(thread) => note_panic(thread, info),
        None => before(info),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_private_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(NAME);
        let line = format!("{}\n", "x".repeat(99));
        for _ in 0..2000 {
            append(&path, &line).unwrap();
        }
        for file in [path.clone(), older(&path)] {
            let meta = fs::metadata(&file).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{}", file.display());
            assert!(meta.len() <= LIMIT, "{} has {} bytes", file.display(), meta.len());
        }
        assert_eq!(last_lines(&path, 2), vec!["x".repeat(99); 2]);
    }

    #[test]
    fn a_log_made_open_to_others_is_made_private_and_a_pipe_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(NAME);
        fs::write(&path, "before\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        append(&path, "after\n").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let pipe = dir.path().join("pipe.log");
        assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
        assert!(append(&pipe, "x\n").is_err());
        assert!(last_lines(&pipe, 3).is_empty());
    }

    #[test]
    fn the_log_sits_beside_the_database_and_never_is_it() {
        assert_eq!(beside(Path::new("/d/circle.db")), Some(PathBuf::from("/d/circle.log")));
        assert_eq!(beside(Path::new("records")), Some(PathBuf::from("./circle.log")));
        assert_eq!(beside(Path::new("/d/circle.log")), None);
    }
}

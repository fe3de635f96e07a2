//! Opening a database circle cannot write to: the disk is full (SQLite then
//! cannot make or grow the files it keeps beside a database in WAL mode,
//! so even reading fails on a normal connection), or the file is read-only
//! for this user. The records are read into memory once, without changing
//! a byte of the file or its mode, and every write is refused with one
//! sentence that says why ([`StoreError::ReadOnly`]).

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, ffi};

use super::connect::connect;
use super::{MIGRATIONS, Result, SCHEMA_VERSION, Store, StoreError};
use crate::secret::Passphrase;

/// Why a database was opened read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnlyCause {
    /// The disk had no room for the files SQLite keeps beside the database.
    DiskFull,
    /// The file may not be written by this user.
    ReadOnlyFile,
    /// The file may be written, but not the folder it is in, where SQLite
    /// keeps its log beside it.
    ReadOnlyFolder,
}

impl ReadOnlyCause {
    /// The sentence a refused write answers with.
    pub fn refusal(self) -> &'static str {
        match self {
            ReadOnlyCause::DiskFull => {
                "the disk is full, so circle opened your records read-only and saved nothing; make some room, then start circle again"
            }
            ReadOnlyCause::ReadOnlyFile => {
                "this database file is read-only for you, so circle opened it read-only and saved nothing"
            }
            ReadOnlyCause::ReadOnlyFolder => {
                "the folder this database is in is read-only for you, so circle opened the database read-only and saved nothing"
            }
        }
    }
}

/// Whether an error met while opening a database for writing means it can
/// still be read: no room on the disk, or no right to write there.
pub(super) fn cause_of(error: &StoreError) -> Option<ReadOnlyCause> {
    match error {
        StoreError::Full => Some(ReadOnlyCause::DiskFull),
        StoreError::Sqlite(e) => cause_of_sqlite(e),
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => cause_of_sqlite(err),
        _ => None,
    }
}

fn cause_of_sqlite(error: &rusqlite::Error) -> Option<ReadOnlyCause> {
    let failure = error.sqlite_error()?;
    match failure.code {
        rusqlite::ErrorCode::DiskFull => Some(ReadOnlyCause::DiskFull),
        // SQLite could not make its log beside a file it could write.
        rusqlite::ErrorCode::ReadOnly if failure.extended_code == ffi::SQLITE_READONLY_DIRECTORY => {
            Some(ReadOnlyCause::ReadOnlyFolder)
        }
        rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen => Some(ReadOnlyCause::ReadOnlyFile),
        // Only the input/output errors of writing and growing files: a
        // failed read or lock is not a full disk.
        rusqlite::ErrorCode::SystemIoFailure => matches!(
            failure.extended_code,
            ffi::SQLITE_IOERR_WRITE
                | ffi::SQLITE_IOERR_FSYNC
                | ffi::SQLITE_IOERR_TRUNCATE
                | ffi::SQLITE_IOERR_SHMOPEN
                | ffi::SQLITE_IOERR_SHMSIZE
                | ffi::SQLITE_IOERR_SHMMAP
        )
        .then_some(ReadOnlyCause::DiskFull),
        _ => None,
    }
}

impl Store {
    /// Reads the database at `path` into memory and opens that copy
    /// read-only. The file is read through a connection that writes nothing
    /// and leaves no file behind where it can; an older schema is brought
    /// up to date in memory only. A database that is new (empty) has
    /// nothing to show and is refused.
    pub(super) fn open_read_only(path: &Path, cause: ReadOnlyCause, key: Option<&Passphrase>) -> Result<Store> {
        let source = source(path, cause, key)?;
        let found = super::check_ours(&source, path)?;
        if found.empty {
            return Err(StoreError::CannotStart { path: path.to_path_buf(), cause });
        }
        let mut memory = in_memory(&source, key.is_some())?;
        drop(source);
        super::prepare(&memory)?;
        MIGRATIONS.to_latest(&mut memory)?;
        // A second lock: a write that slipped past the store's own check
        // fails here, and could only ever have reached the copy in memory.
        memory.pragma_update(None, "query_only", true)?;
        Ok(Store {
            conn: memory,
            path: path.to_path_buf(),
            writes: 0,
            read_only: Some(cause),
            upgrade_waiting: found.version < SCHEMA_VERSION,
            settings_only: false,
            key: key.cloned(),
        })
    }

    /// Why this database is open read-only, if it is.
    pub fn read_only(&self) -> Option<ReadOnlyCause> {
        self.read_only
    }

    /// Whether the file is from an older circle and waits to be upgraded
    /// until it can be written (it is read through an upgraded copy).
    pub fn upgrade_waiting(&self) -> bool {
        self.upgrade_waiting
    }

    /// Refuses a write on a database opened read-only.
    pub(super) fn ensure_writable(&self) -> Result<()> {
        match self.read_only {
            Some(cause) => Err(StoreError::ReadOnly(cause)),
            None => Ok(()),
        }
    }
}

/// A whole copy in memory of the database `source` holds open. SQLite's
/// backup interface copies pages, which SQLCipher allows only between two
/// encrypted databases; an encrypted one is copied table by table instead
/// (`sqlcipher_export`), into a copy in memory that is not encrypted and
/// never touches a disk.
pub(super) fn in_memory(source: &Connection, encrypted: bool) -> Result<Connection> {
    let mut memory = Connection::open_in_memory()?;
    if encrypted {
        super::connect::export_into(source, &mut memory)?;
        return Ok(memory);
    }
    // An in-memory copy must have the page size of its source.
    let page_size: i64 = source.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    memory.pragma_update(None, "page_size", page_size)?;
    rusqlite::backup::Backup::new(source, &mut memory)?.run_to_completion(1024, std::time::Duration::ZERO, None)?;
    Ok(memory)
}

/// A connection for reading a database without writing it, for checks: an
/// ordinary read-only connection where circle may write (it sees another
/// console's edits as they are made), else the same as a read-only open.
pub(super) fn reader(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let read_only = fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) || !super::writable(path);
    if read_only {
        return source(path, ReadOnlyCause::ReadOnlyFile, key);
    }
    let conn = connect(path, flags, key)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Err(e) => match cause_of_sqlite(&e) {
            Some(cause) => source(path, cause, key),
            // Damage and the like: the check itself says what it is.
            None => Ok(conn),
        },
        Ok(_) => Ok(conn),
    }
}

/// A connection that reads the file as it stands and changes nothing.
///
/// - With nothing in the write-ahead log (the usual case, as the last
///   connection to close empties it), the file is read as immutable: no
///   lock, no shared-memory file, nothing made beside it.
/// - With edits still in the log on a full disk, a read-write handle in
///   exclusive locking mode keeps the log's index in memory instead of the
///   shared-memory file, `query_only` refuses writes, and the log is not
///   folded into the file on close.
/// - With edits in the log of a read-only file, a read-only connection
///   (SQLite makes the shared-memory file if the folder allows); if even
///   that fails, the file alone, as immutable.
fn source(path: &Path, cause: ReadOnlyCause, key: Option<&Passphrase>) -> Result<Connection> {
    let logged = fs::metadata(sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0);
    if !logged {
        return immutable(path, key);
    }
    let conn = match cause {
        ReadOnlyCause::DiskFull => {
            let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?;
            conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
            conn.pragma_update(None, "query_only", true)?;
            conn
        }
        ReadOnlyCause::ReadOnlyFile | ReadOnlyCause::ReadOnlyFolder => {
            connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?
        }
    };
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(_) => immutable(path, key),
    }
}

/// The file opened with SQLite's `immutable=1`: read as it is on disk.
fn immutable(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let absolute = std::path::absolute(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    let uri = format!("file://{}?mode=ro&immutable=1", uri_path(&absolute));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    connect(uri, flags, key)
}

/// A path written for a `file:` URI: every byte but letters, digits and
/// `/-._~` percent-encoded, so `?`, `#`, `%` and any other byte in a folder
/// name stay part of the path.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file SQLite keeps beside the database: `circle.db-wal`.
pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_keep_every_byte_of_the_name() {
        assert_eq!(uri_path(Path::new("/a b/c?d#e%f.db")), "/a%20b/c%3Fd%23e%25f.db");
        assert_eq!(uri_path(Path::new("/home/zoë/circle.db")), "/home/zo%C3%AB/circle.db");
    }
}

//! The one way circle opens a connection to a database file: the console's,
//! reading ahead, the daily backup, the read-only fallback, checks,
//! backups, restores and erasure's rewriting of backups all come here, so
//! none can open an encrypted file without its key, and SQLCipher is told
//! once, before anything else, to keep its own messages off the terminal.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Result, SCHEMA_VERSION, StoreError};
use crate::secret::Passphrase;

/// Opens `path` (a file name, or a `file:` URI with `SQLITE_OPEN_URI`)
/// and applies `key` when given. With a key, the first page is read at
/// once, so a wrong passphrase is found here and nothing else has run.
pub(super) fn connect(path: impl AsRef<Path>, flags: OpenFlags, key: Option<&Passphrase>) -> Result<Connection> {
    let path = path.as_ref();
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher writes warnings to stderr, which is the console's screen.
    // The level is the whole process's; setting it on each connection is
    // cheap and leaves no way round it.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    if let Some(key) = key {
        apply(&conn, key)?;
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            return Err(match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => StoreError::WrongPassphrase { path: path.to_path_buf() },
                _ => e.into(),
            });
        }
    }
    Ok(conn)
}

/// Gives SQLCipher the passphrase through its C interface rather than a
/// `PRAGMA key` statement, so the passphrase is never part of SQL text that
/// a trace, an error message or the statement cache could hold.
fn apply(conn: &Connection, key: &Passphrase) -> Result<()> {
    let bytes = key.expose().as_bytes();
    let len = i32::try_from(bytes.len()).map_err(|_| StoreError::Invalid("that passphrase is far too long".into()))?;
    // SAFETY: the handle is this open connection's, used on this thread
    // only while `conn` is borrowed; SQLCipher copies the key bytes before
    // returning and does not keep the pointer.
    let rc = unsafe { rusqlite::ffi::sqlite3_key(conn.handle(), bytes.as_ptr().cast(), len) };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(StoreError::Invalid("SQLCipher could not take the passphrase".into()));
    }
    Ok(())
}

/// Copies the whole database `source` holds open into `memory`, an empty
/// connection to a database in memory. SQLite's backup interface copies
/// pages, which SQLCipher allows only between two encrypted databases; the
/// pages are read here through SQLCipher, so they arrive decrypted, and
/// the copy in memory never touches a disk.
pub(super) fn export_into(source: &Connection, memory: &mut Connection) -> Result<()> {
    let image = source.serialize(rusqlite::MAIN_DB)?;
    memory.deserialize_read_exact(rusqlite::MAIN_DB, &image[..], image.len(), false)?;
    Ok(())
}

/// Writes the whole of `conn`'s main database into `target`, a new empty
/// file made by the caller, encrypted with `key` or, without one, not:
/// SQLCipher's `sqlcipher_export` into the file attached for it (the key
/// given as a bound value, never in SQL text). The schema version and
/// application id, which it does not copy, are set after it.
pub(super) fn export_to_file(conn: &Connection, target: &Path, key: Option<&Passphrase>) -> Result<()> {
    conn.execute(
        "ATTACH DATABASE ?1 AS fresh KEY ?2",
        rusqlite::params![target.to_string_lossy(), key.map_or("", |k| k.expose())],
    )?;
    let copied = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('fresh')", [], |_| Ok(()))?;
        let (version, id): (i64, i64) = conn.query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        conn.execute_batch(&format!("PRAGMA fresh.user_version = {version}; PRAGMA fresh.application_id = {id};"))?;
        Ok(())
    })();
    let detached = conn.execute_batch("DETACH DATABASE fresh");
    copied?;
    Ok(detached?)
}

/// The first 16 bytes of every unencrypted SQLite file.
pub(super) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether a file's first bytes and size look like an encrypted database:
/// not SQLite's header, and whole pages of SQLCipher's smallest size. A
/// file that is neither (a text file, a picture) is simply not a database.
pub(super) fn looks_encrypted(header: &[u8], len: u64) -> bool {
    header.len() == SQLITE_MAGIC.len() && header != SQLITE_MAGIC && len >= 1024 && len.is_multiple_of(512)
}

/// [`looks_encrypted`] for the file at `path`: only an ordinary file is
/// read (opening a pipe would wait for a writer for ever), and only before
/// any connection to it is open.
pub(super) fn file_is_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if !meta.is_file() {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let mut header = [0u8; 16];
    file.read_exact(&mut header).is_ok() && looks_encrypted(&header, meta.len())
}

/// The tables every circle database has had since its first schema, by
/// which a database from before the application id is recognised.
const FIRST_TABLES: [&str; 6] = ["groups", "members", "meetings", "attendance", "agreement_versions", "cards"];
/// What [`check_ours`] found in a database it accepts.
pub(super) struct Ours {
    pub(super) version: i64,
    /// No tables and no version yet: a new database.
    pub(super) empty: bool,
}

/// Refuses a file that is not a SQLite database, another program's
/// database and one from a newer circle, reading only.
pub(super) fn check_ours(conn: &Connection, path: &Path) -> Result<Ours> {
    let not_a_database = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            StoreError::NotADatabase { path: path.to_path_buf() }
        }
        other => StoreError::Sqlite(other),
    };
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_a_database)?;
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let mut empty = false;
    if application_id != APPLICATION_ID {
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        empty = tables.is_empty() && found == 0;
        // Before the application id, a circle database had its tables
        // and a version this build knows.
        let older_circle = application_id == 0
            && (1..=SCHEMA_VERSION).contains(&found)
            && FIRST_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
        if !(empty || older_circle) {
            return Err(StoreError::NotOurs { path: path.to_path_buf() });
        }
    }
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
    }
    Ok(Ours { version: found, empty })
}

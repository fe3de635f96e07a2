//! The repository layer: the only code that touches SQLite.
//!
//! [`Store`] owns one connection. Every write is one short transaction, so an
//! edit is on disk the moment it is made (`synchronous=FULL`, WAL journal).

mod agreements;
mod endings;
mod groups;
mod health;
mod meetings;
mod members;
mod promotion;
mod roster;
mod rounds;
mod sql;

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

const MIGRATION_STEPS: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_schema.sql")),
    M::up(include_str!("migrations/0002_deal_reader_optional.sql")),
    M::up(include_str!("migrations/0003_agreement_drafts.sql")),
    M::up(include_str!("migrations/0004_rounds.sql")),
];
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| Migrations::from_slice(MIGRATION_STEPS));

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATION_STEPS.len() as i64;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer version of circle (schema {found}, this build knows up to {known}); update circle to open it — the file was left untouched"
    )]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is not a circle database (it is not a SQLite file); it was left untouched")]
    NotADatabase { path: PathBuf },
    #[error("{path} is a folder, not a database file")]
    IsFolder { path: PathBuf },
    #[error("there is no circle database at {path}; check the path, or start the console once to create one there")]
    Missing { path: PathBuf },
    #[error("the folder {folder} does not exist; check the path of the database")]
    NoFolder { folder: PathBuf },
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("could not upgrade the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{0}")]
    Invalid(String),
    #[error("there is no {0} with that id (it may have been removed)")]
    NotFound(&'static str),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the database at `path`, refusing files that are not
    /// SQLite and databases from a newer circle without changing a byte.
    pub fn open(path: &Path) -> Result<Store> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        if path.is_dir() {
            return Err(StoreError::IsFolder { path: path.to_path_buf() });
        }
        // A mistyped path must not leave folders behind: only the default
        // data folder is made, by [`Store::make_data_folder`].
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.is_dir()
        {
            return Err(StoreError::NoFolder { folder: parent.to_path_buf() });
        }
        match OpenOptions::new().read(true).open(path) {
            Ok(mut file) => {
                let mut header = [0u8; 16];
                let mut filled = 0;
                while filled < header.len() {
                    match file.read(&mut header[filled..]).map_err(io)? {
                        0 => break,
                        n => filled += n,
                    }
                }
                if filled > 0 && (filled < header.len() || &header != SQLITE_MAGIC) {
                    return Err(StoreError::NotADatabase { path: path.to_path_buf() });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(io)?;
            }
            Err(e) => return Err(io(e)),
        }

        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        // Read the version before any pragma that writes (journal_mode does).
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                StoreError::NotADatabase { path: path.to_path_buf() }
            }
            other => StoreError::Sqlite(other),
        })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
        }
        // Owner only, also for a file made by an older build or by hand.
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io)?;
        conn.busy_timeout(std::time::Duration::from_millis(5000))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        // SQLite's lower() folds ASCII only; searches use this so "zoe" finds
        // "ZOË" and other scripts fold as people expect.
        conn.create_scalar_function(
            "circle_fold",
            1,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8 | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| Ok(crate::domain::text::fold(&ctx.get::<String>(0)?)),
        )?;
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens a database that must already exist: the commands that read
    /// refuse a mistyped path rather than create an empty database there.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        Store::open(path)
    }

    /// Makes the folder of the default database, readable only by its owner.
    pub fn make_data_folder(folder: &Path) -> Result<()> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
            .map_err(|source| StoreError::Io { path: folder.to_path_buf(), source })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `Ok(())` or the problems SQLite reports.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }

    /// Folds the WAL into the main file and empties free pages, so erased
    /// data leaves no trace in the file's bytes.
    pub fn compact(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                [key, value],
            )?;
            Ok(())
        })
    }

    /// For filling a throwaway database (the demo, benchmarks): skips the
    /// fsync after each write. Never used on a facilitator's own data.
    pub fn relax_durability_for_bulk_load(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    pub fn restore_durability(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    }

    /// Runs `f` in one transaction: all of it lands, or none. Nested in
    /// [`Store::atomic`] it becomes part of that larger transaction.
    fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Connection) -> Result<T>) -> Result<T> {
        let sp = self.conn.savepoint()?;
        let out = f(&sp)?;
        sp.commit()?;
        Ok(out)
    }

    /// Runs several store calls as one transaction, for a use case that
    /// changes more than one thing: all of it lands, or none of it.
    pub fn atomic<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn.execute_batch("SAVEPOINT use_case").map_err(StoreError::from)?;
        match f(self) {
            Ok(out) => {
                self.conn.execute_batch("RELEASE use_case").map_err(StoreError::from)?;
                Ok(out)
            }
            Err(e) => {
                // The error that made us roll back is the one worth telling.
                let _ = self.conn.execute_batch("ROLLBACK TO use_case; RELEASE use_case");
                Err(e)
            }
        }
    }
}

/// Today's date in local time; the console and CLI pass it down so tests can
/// fix it.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

//! The repository layer: the only code that touches SQLite.
//!
//! [`Store`] owns one connection. Every write is one short transaction, so an
//! edit is on disk the moment it is made (`synchronous=FULL`, WAL journal).

mod agreements;
mod backup;
mod cipher;
mod connect;
mod endings;
mod erasure;
mod groups;
mod health;
mod meetings;
mod members;
mod merge;
mod promotion;
mod read_only;
mod reopen;
mod roster;
mod rounds;
mod scale;
mod sql;
pub mod transfer;

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
    M::up(include_str!("migrations/0005_application_id.sql")),
    M::up(include_str!("migrations/0006_member_stats.sql")),
    M::up(include_str!("migrations/0007_folded_names.sql")),
    M::up(include_str!("migrations/0008_member_merges.sql")),
    M::up(include_str!("migrations/0009_member_stats_kept.sql")),
];

/// circle's `PRAGMA application_id`: the bytes "circ".
pub const APPLICATION_ID: i64 = 0x6369_7263;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| Migrations::from_slice(MIGRATION_STEPS));

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATION_STEPS.len() as i64;

pub use backup::{BackupSummary, Health};
pub use cipher::Rekeyed;
pub use erasure::hold_backups;
pub use read_only::ReadOnlyCause;
pub use reopen::Reopener;
// What only the tests and benchmarks look at.
#[cfg(feature = "testing")]
pub use backup::{DAILY_KEPT, MONTHLY_KEPT};
#[cfg(feature = "testing")]
pub use scale::{SCALE_END, Scale};

use crate::secret::Passphrase;
use connect::{SQLITE_MAGIC, check_ours, connect};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer version of circle (schema {found}, this build knows up to {known}); update circle to open it — the file was left untouched"
    )]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("{path} is not a circle database (it is not a SQLite file); it was left untouched")]
    NotADatabase { path: PathBuf },
    /// An encrypted file opened without its passphrase.
    #[error("{path} is encrypted: circle needs its passphrase to open it")]
    Encrypted { path: PathBuf },
    #[error("that passphrase does not open {path}; nothing was changed")]
    WrongPassphrase { path: PathBuf },
    #[error("{path} is a folder, not a database file")]
    IsFolder { path: PathBuf },
    #[error("{path} is not an ordinary file (a device or a pipe), so circle will not use it as a database")]
    NotAFile { path: PathBuf },
    #[error("{path} is another program's SQLite database, not circle's; it was left untouched")]
    NotOurs { path: PathBuf },
    /// A write to a database that could only be opened read-only.
    #[error("{}", .0.refusal())]
    ReadOnly(ReadOnlyCause),
    /// A new database could not be made where circle may not write.
    #[error("{}", match .cause {
        ReadOnlyCause::DiskFull => format!("the disk is full, so circle could not start a new database at {}; make some room and try again", .path.display()),
        ReadOnlyCause::ReadOnlyFile => format!("{} is read-only for you, so circle cannot start a new database in it", .path.display()),
        ReadOnlyCause::ReadOnlyFolder => format!("the folder of {} is read-only for you, so circle cannot start a new database there", .path.display()),
    })]
    CannotStart { path: PathBuf, cause: ReadOnlyCause },
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
    #[error("another program is writing to the database just now; nothing was lost, so try again in a moment")]
    Busy,
    #[error("the disk is full, so this could not be saved; make some room and try again")]
    Full,
    /// The system refused to write (an input/output error, or a file size
    /// limit): like a full disk, nothing was saved and the next save may work.
    #[error(
        "the disk refused to write, so this could not be saved; try again, and if it keeps happening, `circle check` says whether the file is sound"
    )]
    WriteFailed,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// A busy database and a full disk are told in words, since the
    /// facilitator can do something about them; the rest as SQLite says.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::Full,
            Some(rusqlite::ErrorCode::SystemIoFailure) => StoreError::WriteFailed,
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What [`Store::note_statements`] noted.
#[cfg(feature = "testing")]
static NOTED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Writes made through this store, so a screen can tell whether what it
    /// shows may have changed (`data_version` only counts other connections).
    writes: u64,
    /// Set when the file could only be read: every write is refused.
    read_only: Option<ReadOnlyCause>,
    /// The file is from an older circle and is read through an upgraded
    /// copy in memory.
    upgrade_waiting: bool,
    /// The write under way changes only circle's own settings.
    settings_only: bool,
    /// The passphrase of an encrypted database, for the connections this
    /// store opens later (its backups, another thread's): never the file's.
    key: Option<Passphrase>,
}

/// What every connection to a circle database needs: foreign keys, and
/// the folding function searches use.
fn prepare(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The roster alone has a statement for each sort and filter it is
    // asked for; the default of 16 would compile some of them again.
    conn.set_prepared_statement_cache_capacity(64);
    // SQLite's lower() folds ASCII only; searches use this so "zoe" finds
    // "ZOË" and other scripts fold as people expect.
    conn.create_scalar_function(
        "circle_fold",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8 | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(crate::domain::text::fold(&ctx.get::<String>(0)?)),
    )?;
    Ok(())
}

impl Store {
    /// Opens (or creates) the database at `path`, refusing files that are not
    /// SQLite and databases from a newer circle without changing a byte.
    /// When the file cannot be written (a full disk, a read-only file), it
    /// opens read-only: see [`Store::read_only`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    /// Whether the file at `path` is an encrypted database (or looks like
    /// one: it cannot be told from random bytes without the passphrase).
    /// Read with plain file calls, so only before any connection is open.
    pub fn is_encrypted(path: &Path) -> bool {
        connect::file_is_encrypted(path)
    }

    /// [`Store::open`], with the passphrase of an encrypted database. A
    /// key given for a database that is not encrypted is not used.
    pub fn open_with(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
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
        let existing = match fs::metadata(path) {
            Ok(meta) if !meta.file_type().is_file() => return Err(StoreError::NotAFile { path: path.to_path_buf() }),
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(e)),
        };
        match &existing {
            Some(meta) => {
                let mut file = OpenOptions::new().read(true).open(path).map_err(io)?;
                let mut header = [0u8; 16];
                let mut filled = 0;
                while filled < header.len() {
                    match file.read(&mut header[filled..]).map_err(io)? {
                        0 => break,
                        n => filled += n,
                    }
                }
                let encrypted = filled == header.len() && connect::looks_encrypted(&header, meta.len());
                if encrypted && key.is_none() {
                    return Err(StoreError::Encrypted { path: path.to_path_buf() });
                }
                if filled > 0 && !encrypted && (filled < header.len() || &header != SQLITE_MAGIC) {
                    return Err(StoreError::NotADatabase { path: path.to_path_buf() });
                }
                // A file circle may not write to is read, never made
                // writable behind the facilitator's back.
                if meta.permissions().readonly() || !writable(path) {
                    let key = key.filter(|_| encrypted);
                    return Store::open_read_only(path, ReadOnlyCause::ReadOnlyFile, key);
                }
            }
            None => {
                OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(io)?;
            }
        }
        let key = key.filter(|_| existing.as_ref().is_some_and(|m| m.len() > 0) && Store::is_encrypted(path));
        let sidecars = [read_only::sidecar(path, "-wal"), read_only::sidecar(path, "-shm")];
        let were_there = sidecars.each_ref().map(|f| f.exists());
        let error = match Store::open_writable(path, existing.as_ref(), key) {
            Ok(store) => return Ok(store),
            Err(error) => error,
        };
        let Some(cause) = read_only::cause_of(&error) else { return Err(error) };
        // What SQLite began beside the file before it found it could not
        // write is taken away again: files that were not there and hold
        // nothing (an empty log, a few bytes of shared memory).
        for (file, was_there) in sidecars.iter().zip(were_there) {
            if !was_there && fs::metadata(file).is_ok_and(|m| m.len() <= 32) {
                let _ = fs::remove_file(file);
            }
        }
        match Store::open_read_only(path, cause, key) {
            Ok(store) => Ok(store),
            Err(refused @ StoreError::CannotStart { .. }) => {
                // Nor is the empty file made above kept.
                if existing.is_none() && fs::metadata(path).is_ok_and(|m| m.len() == 0) {
                    let _ = fs::remove_file(path);
                }
                Err(refused)
            }
            Err(
                refused @ (StoreError::NotOurs { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::NotADatabase { .. }),
            ) => Err(refused),
            // The first error says best what went wrong.
            Err(_) => Err(error),
        }
    }

    /// Opens the database for reading and writing: checks it is circle's,
    /// switches it to WAL and brings its schema up to date.
    fn open_writable(path: &Path, existing: Option<&fs::Metadata>, key: Option<&Passphrase>) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = connect(path, flags, key)?;
        // Everything is checked before the first statement that writes
        // (journal_mode does), so a refused file keeps every byte.
        check_ours(&conn, path)?;
        // Long enough for another console's short write, short enough that a
        // busy database does not freeze the screen: the form stays open.
        conn.busy_timeout(std::time::Duration::from_millis(1500))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        prepare(&conn)?;
        MIGRATIONS.to_latest(&mut conn)?;
        // Owner only, also for a file made by an older build or by hand.
        if existing.is_some_and(|m| m.permissions().mode() & 0o077 != 0) {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))
                .map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            writes: 0,
            read_only: None,
            upgrade_waiting: false,
            settings_only: false,
            key: key.cloned(),
        })
    }

    /// A way for another thread to open its own connection to this
    /// database: see [`Reopener`].
    pub fn reopener(&self) -> Reopener {
        Reopener { path: self.path.clone(), read_only: self.read_only.is_some(), key: self.key.clone() }
    }

    /// Opens a database that must already exist: the commands that read
    /// refuse a mistyped path rather than create an empty database there.
    pub fn open_existing(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        Store::open_with(path, key)
    }

    /// Whether this database is encrypted (opened with a passphrase).
    pub fn encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The passphrase this database was opened with, for the files that
    /// go with it (its backups).
    pub fn key(&self) -> Option<&Passphrase> {
        self.key.as_ref()
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

    /// Where the data stands: changes with every write, here or by another
    /// connection, so a screen read at one revision needs no second read.
    pub fn revision(&self) -> Result<(i64, u64)> {
        Ok((self.data_version()?, self.writes))
    }

    /// A number that changes when another connection commits, so a console
    /// can see that someone else changed the data (`PRAGMA data_version`).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let mut stmt = self.conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?;
        Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write_setting(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                [key, value],
            )?;
            Ok(())
        })
    }

    /// Caps the file at `pages` pages (`PRAGMA max_page_count`): how the
    /// tests make "the disk is full" happen on any machine.
    pub fn limit_pages(&self, pages: u32) -> Result<()> {
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// Starts noting every statement this connection runs, with its values,
    /// for a test to check each one's query plan: the statements the
    /// screens really run, not copies of them.
    #[cfg(feature = "testing")]
    pub fn note_statements(&mut self) {
        fn note(event: rusqlite::trace::TraceEvent<'_>) {
            if let rusqlite::trace::TraceEvent::Stmt(stmt, _) = event
                && let Some(sql) = stmt.expanded_sql()
            {
                NOTED.lock().unwrap_or_else(|e| e.into_inner()).push(sql);
            }
        }
        self.conn.trace_v2(rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT, Some(note));
    }

    /// The statements noted since the last call, in order.
    #[cfg(feature = "testing")]
    pub fn noted_statements() -> Vec<String> {
        std::mem::take(&mut *NOTED.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Runs `EXPLAIN QUERY PLAN` on a statement as it was run (values in
    /// place), for [`Store::note_statements`].
    #[cfg(feature = "testing")]
    pub fn plan_of(&self, sql: &str) -> Result<String> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.join("\n"))
    }

    /// How long a write waits for another program's write to finish before
    /// it is refused as busy; the tests shorten it.
    pub fn wait_when_busy(&self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        Ok(())
    }

    /// The file's size in pages, for [`Store::limit_pages`].
    pub fn page_count(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?)
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
        self.ensure_writable()?;
        self.atomic(|store| f(&store.conn))
    }

    /// A write to circle's own settings alone (the open tab, an erasure's
    /// note): not a change to the records, so it does not make a backup due.
    fn write_setting<T>(&mut self, f: impl FnOnce(&rusqlite::Connection) -> Result<T>) -> Result<T> {
        let was = std::mem::replace(&mut self.settings_only, true);
        let out = self.write(f);
        self.settings_only = was;
        out
    }

    /// Runs several store calls as one transaction, for a use case that
    /// changes more than one thing: all of it lands, or none of it.
    ///
    /// When the commit itself fails (the disk fills as the log is written,
    /// the system refuses the write), SQLite may keep the transaction open;
    /// it is rolled back here, so the error is the whole truth and the next
    /// save starts a transaction of its own instead of nesting, unseen and
    /// never committed, inside this one.
    pub fn atomic<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.writes += 1;
        let outermost = self.conn.is_autocommit();
        self.conn.execute_batch("SAVEPOINT use_case").map_err(StoreError::from)?;
        let changes = self.conn.total_changes();
        let failed = match f(self).and_then(|out| {
            // The records changed: noted in the same transaction, for the
            // daily backup to know (see `Store::backup_due`). A use case
            // that only asked a question changed nothing, and notes nothing.
            if outermost && !self.settings_only && self.conn.total_changes() != changes {
                self.conn.execute(CHANGED_SQL, [changed_now()]).map_err(|e| E::from(StoreError::from(e)))?;
            }
            Ok(out)
        }) {
            Ok(out) => match self.conn.execute_batch("RELEASE use_case") {
                Ok(()) => return Ok(out),
                Err(e) => E::from(StoreError::from(e)),
            },
            Err(e) => e,
        };
        // The error that made us roll back is the one worth telling.
        let _ = self.conn.execute_batch("ROLLBACK TO use_case; RELEASE use_case");
        if outermost && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        Err(failed)
    }
}

/// The setting that says when the records last changed.
pub(crate) const DATA_CHANGED: &str = "data_changed_at";

const CHANGED_SQL: &str = "INSERT INTO settings (key, value) VALUES ('data_changed_at', ?1)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/// Now, to the microsecond: two changes a second apart must differ.
pub(crate) fn changed_now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Whether this process may write to the file (its mode and owner, as the
/// system sees them).
fn writable(path: &Path) -> bool {
    OpenOptions::new().append(true).open(path).is_ok()
}

/// Today's date in local time; the console and CLI pass it down so tests can
/// fix it.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

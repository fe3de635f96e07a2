//! Encrypting a database, decrypting it, and changing its passphrase: one
//! way for all three. The whole database is written into a new file under
//! the new key (or none), checked (integrity, the same rows in every
//! table, the same schema version), and only then put in the old one's
//! place; every backup circle made is rewritten the same way. What held
//! the old form is overwritten with zeros before it is removed.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::connect::{connect, export_to_file};
use super::read_only::sidecar;
use super::{Result, Store, StoreError};
use crate::secret::Passphrase;

/// What changing a database's encryption did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rekeyed {
    /// Backups circle made, rewritten under the new key (or none).
    pub backups: usize,
    /// Backups that could not be read with the old key (made under an
    /// earlier passphrase, or damaged): left as they were.
    pub left: Vec<PathBuf>,
}

impl Store {
    /// Rewrites the database at `db`, now under `from` (none: not
    /// encrypted), under `to` (none: not encrypted), with its backups.
    ///
    /// No other connection may have the file open: the journal is switched
    /// from the write-ahead log to a rollback journal first, which SQLite
    /// allows only to the file's one connection, and an exclusive lock is
    /// then held until the new file is in place.
    pub fn rekey_database(db: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> Result<Rekeyed> {
        if Store::is_encrypted(db) != from.is_some() {
            return Err(StoreError::Invalid(match from {
                Some(_) => format!("{} is not encrypted", db.display()),
                None => format!("{} is already encrypted", db.display()),
            }));
        }
        let store = Store::open_existing(db, from)?;
        if let Some(cause) = store.read_only {
            return Err(StoreError::ReadOnly(cause));
        }
        let mode = store.conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0));
        if !mode.is_ok_and(|mode| mode.eq_ignore_ascii_case("delete")) {
            return Err(StoreError::Invalid(
                "another circle (or another program) has this database open; close it, then try again".into(),
            ));
        }
        store.conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")?;

        let fresh = sidecar(db, ".rekeying");
        shred(&fresh);
        write_verified(&store.conn, &fresh, to)?;

        let mut done = Rekeyed::default();
        for backup in store.own_backups() {
            match rewrite_backup(&backup, from, to) {
                Ok(()) => done.backups += 1,
                Err(_) => done.left.push(backup),
            }
        }

        // The old file stays reachable under a name only this code knows,
        // so it can be overwritten once its connection lets go of it.
        let old = sidecar(db, ".old");
        shred(&old);
        fs::hard_link(db, &old).map_err(|source| StoreError::Io { path: old.clone(), source })?;
        let swapped = fs::rename(&fresh, db).map_err(|source| StoreError::Io { path: db.to_path_buf(), source });
        if swapped.is_err() {
            let _ = fs::remove_file(&old);
            shred(&fresh);
        }
        swapped?;
        sync_folder(db);
        drop(store);
        shred(&old);
        // A log or index of the old file must not be taken for the new
        // one's (the old file's connection removed them, when it could).
        for suffix in ["-wal", "-shm", "-journal"] {
            shred(&sidecar(db, suffix));
        }
        Ok(done)
    }
}

impl Store {
    /// Writes the database, not encrypted, to `target` (which must not
    /// exist): for the tests, which read it with a plain connection.
    #[cfg(feature = "testing")]
    pub fn decrypted_copy(&self, target: &Path) -> Result<()> {
        write_verified(&self.conn, target, None)
    }
}

/// Writes the main database of `conn` into `target` under `key` and checks
/// the copy before anyone relies on it.
fn write_verified(conn: &Connection, target: &Path, key: Option<&Passphrase>) -> Result<()> {
    let io = |source| StoreError::Io { path: target.to_path_buf(), source };
    OpenOptions::new().write(true).create_new(true).mode(0o600).open(target).map_err(io)?;
    let checked = export_to_file(conn, target, key).and_then(|()| {
        let copy = connect(target, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?;
        let problems: Vec<String> = copy
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if problems != ["ok"] || fingerprint(conn)? != fingerprint(&copy)? {
            return Err(StoreError::Invalid("the new copy did not match the database, so nothing was changed".into()));
        }
        OpenOptions::new().read(true).open(target).and_then(|f| f.sync_all()).map_err(io)
    });
    if checked.is_err() {
        shred(target);
    }
    checked
}

/// The schema version, application id, and each table with its row count.
type Fingerprint = (i64, i64, Vec<(String, i64)>);

fn fingerprint(conn: &Connection) -> Result<Fingerprint> {
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let id = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = Vec::new();
    for table in tables {
        let n =
            conn.query_row(&format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\"")), [], |r| r.get(0))?;
        counts.push((table, n));
    }
    Ok((version, id, counts))
}

/// Rewrites one backup under the new key, checked, then in its place.
fn rewrite_backup(file: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> Result<()> {
    // A backup from before the database was encrypted is read as it is.
    let encrypted = Store::is_encrypted(file);
    if encrypted && from.is_none() {
        return Err(StoreError::Encrypted { path: file.to_path_buf() });
    }
    // Read-write only so that the new file can be attached to it (what a
    // connection attaches, it opens as it was opened itself); the backup
    // itself is not written.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let source = connect(file, flags, from.filter(|_| encrypted))?;
    super::check_ours(&source, file)?;
    let part = sidecar(file, ".rekeying.part");
    shred(&part);
    write_verified(&source, &part, to)?;
    drop(source);
    let old = sidecar(file, ".old.part");
    shred(&old);
    fs::hard_link(file, &old).map_err(|source| StoreError::Io { path: old.clone(), source })?;
    let swapped = fs::rename(&part, file).map_err(|source| StoreError::Io { path: file.to_path_buf(), source });
    if swapped.is_err() {
        let _ = fs::remove_file(&old);
        shred(&part);
    }
    swapped?;
    sync_folder(file);
    shred(&old);
    Ok(())
}

/// Overwrites a file with zeros, flushes it to the disk, then removes it.
/// On a disk that writes elsewhere than it read (most SSDs, copy-on-write
/// file systems, snapshots) the old bytes may outlive this; circle says so
/// where it matters.
pub(super) fn shred(file: &Path) {
    let Ok(meta) = fs::symlink_metadata(file) else { return };
    if meta.is_file()
        && let Ok(mut f) = OpenOptions::new().write(true).open(file)
    {
        let zeros = [0u8; 64 * 1024];
        let mut left = meta.len();
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            if f.write_all(&zeros[..n]).is_err() {
                break;
            }
            left -= n as u64;
        }
        let _ = f.sync_all();
    }
    let _ = fs::remove_file(file);
}

fn sync_folder(file: &Path) {
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

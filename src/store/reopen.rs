//! Another connection to a database this process already has open.

use std::path::PathBuf;

use rusqlite::OpenFlags;

use super::{ReadOnlyCause, Result, Store, check_ours, connect::connect, prepare};
use crate::secret::Passphrase;

/// Opens another connection to a database this process already holds
/// open, for a thread of its own (reading ahead, the daily backup).
///
/// Only SQLite touches the file: [`Store::open`] reads the header and
/// tries the file for writing with plain file calls, and on Linux and
/// macOS closing any descriptor of a file drops every POSIX lock the
/// process holds on it, the write-ahead log's among them. Another program
/// closing the file could then delete a log still holding confirmed
/// edits. The checks were made when the first connection opened; this one
/// only asks SQLite whether the file is still circle's.
///
/// An encrypted database's passphrase goes with it, to the threads that
/// open the file and to no others.
#[derive(Debug, Clone)]
pub struct Reopener {
    pub(super) path: PathBuf,
    pub(super) read_only: bool,
    pub(super) key: Option<Passphrase>,
}

impl Reopener {
    pub fn open(&self) -> Result<Store> {
        let path = &self.path;
        // Never SQLITE_OPEN_CREATE: a file gone meanwhile is an error, not
        // a new empty database.
        let flags = match self.read_only {
            true => OpenFlags::SQLITE_OPEN_READ_ONLY,
            false => OpenFlags::SQLITE_OPEN_READ_WRITE,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(path, flags, self.key.as_ref())?;
        check_ours(&conn, path)?;
        conn.busy_timeout(std::time::Duration::from_millis(1500))?;
        if !self.read_only {
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "secure_delete", "ON")?;
        }
        prepare(&conn)?;
        let read_only = self.read_only.then_some(ReadOnlyCause::ReadOnlyFile);
        Ok(Store {
            conn,
            path: path.clone(),
            writes: 0,
            read_only,
            upgrade_waiting: false,
            settings_only: false,
            key: self.key.clone(),
        })
    }
}

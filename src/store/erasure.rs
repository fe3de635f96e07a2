//! What forgetting someone leaves to finish once they are deleted: the
//! file's free pages and write-ahead log, and every backup circle made.
//!
//! The delete and a note of who is still to be erased elsewhere are
//! written in one transaction ([`Store::note_erasure`] inside the use
//! case's), so a crash at any moment leaves either the person or the note;
//! the note goes only once the file and every backup are clean, and the
//! next start finishes what a crash or another program cut short.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags};

use super::connect::{connect, export_to_file};
use super::{Result, Store, StoreError, check_ours, prepare};
use crate::domain::{GroupId, MemberId};
use crate::secret::Passphrase;

/// The setting that remembers an erasure still to finish: the people (by
/// id, with their group) still to be taken out of the backups. An older
/// circle wrote `1`, meaning only the file's free pages.
const ERASURE_PENDING: &str = "erasure_pending";

/// Backups made elsewhere with `circle backup --out`, so forgetting someone
/// reaches them too.
const BACKUPS_ELSEWHERE: &str = "backups_elsewhere";

/// How many backups made elsewhere are remembered.
const ELSEWHERE_KEPT: usize = 50;

/// Held while a backup is written and while backups are rewritten after an
/// erasure, so a daily backup that read the data just before someone was
/// forgotten is finished, and then rewritten, before the erasure says it
/// is done.
static BACKUPS: Mutex<()> = Mutex::new(());

/// Waits for any backup being written in this process, and keeps others
/// from starting, while the guard lives.
pub fn hold_backups() -> MutexGuard<'static, ()> {
    BACKUPS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Someone still to be erased from the backups.
pub type Erasure = (MemberId, GroupId);

impl Store {
    /// Notes, in the caller's transaction, that `member` of `group` is
    /// being erased and that the file and backups are still to be cleaned.
    pub fn note_erasure(&mut self, member: MemberId, group: GroupId) -> Result<()> {
        let mut pending = self.pending_erasures()?.unwrap_or_default();
        if !pending.contains(&(member, group)) {
            pending.push((member, group));
        }
        self.set_pending(&pending)
    }

    fn set_pending(&mut self, pending: &[Erasure]) -> Result<()> {
        let ids: Vec<(i64, i64)> = pending.iter().map(|(m, g)| (m.0, g.0)).collect();
        let value = serde_json::to_string(&ids).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.set_setting(ERASURE_PENDING, &value)
    }

    /// The erasure still to finish, if there is one: who is still to be
    /// taken out of the backups (none when only the file is left).
    pub fn pending_erasures(&self) -> Result<Option<Vec<Erasure>>> {
        Ok(self.setting(ERASURE_PENDING)?.map(|value| {
            serde_json::from_str::<Vec<(i64, i64)>>(&value)
                .unwrap_or_default()
                .into_iter()
                .map(|(m, g)| (MemberId(m), GroupId(g)))
                .collect()
        }))
    }

    /// Whether an erasure is still waiting to be finished.
    pub fn erasure_pending(&self) -> Result<bool> {
        Ok(self.setting(ERASURE_PENDING)?.is_some())
    }

    /// The erasure is finished everywhere circle can reach.
    pub fn erasure_done(&mut self) -> Result<()> {
        self.write_setting(|tx| {
            tx.execute("DELETE FROM settings WHERE key = ?1", [ERASURE_PENDING])?;
            Ok(())
        })
    }

    /// Folds the write-ahead log into the file and empties its free pages
    /// (VACUUM, then a checkpoint that truncates the log), so nothing
    /// deleted stays in the file's bytes. False when it could not get all
    /// the way: while another program holds the file open old pages may
    /// stay in the log.
    pub fn empty_free_pages(&self) -> bool {
        if self.read_only.is_some() {
            return false;
        }
        let checkpoint = |conn: &Connection| -> rusqlite::Result<bool> {
            let (busy, log, done): (i64, i64, i64) =
                conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(busy == 0 && log <= 0 && done <= 0)
        };
        checkpoint(&self.conn).is_ok()
            && self.conn.execute_batch("VACUUM").is_ok()
            && checkpoint(&self.conn).unwrap_or(false)
    }

    /// Empties free pages after a delete; when it cannot get all the way,
    /// notes an erasure to finish and says the file is busy.
    pub fn compact(&mut self) -> Result<()> {
        self.ensure_writable()?;
        if self.empty_free_pages() {
            return Ok(());
        }
        if !self.erasure_pending()? {
            self.set_pending(&[])?;
        }
        Err(StoreError::Busy)
    }

    /// Remembers a backup written outside the backups folder.
    pub fn remember_backup(&mut self, path: &Path) -> Result<()> {
        let path = fs::canonicalize(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
        let mut known = self.backups_elsewhere();
        known.retain(|p| *p != path);
        known.push(path);
        let start = known.len().saturating_sub(ELSEWHERE_KEPT);
        let value = serde_json::to_string(&known[start..]).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.set_setting(BACKUPS_ELSEWHERE, &value)
    }

    fn backups_elsewhere(&self) -> Vec<PathBuf> {
        self.setting(BACKUPS_ELSEWHERE).ok().flatten().and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default()
    }

    /// Every file that may be a backup circle made: the databases in the
    /// backups folder (daily, monthly, made by `circle backup`, kept before
    /// a restore) and those written elsewhere with `--out`. Files being
    /// written (`.part`) and SQLite's own journals are not backups.
    pub fn own_backups(&self) -> Vec<PathBuf> {
        let in_folder = fs::read_dir(self.backup_folder())
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut all: Vec<PathBuf> = in_folder
            .into_iter()
            .chain(self.backups_elsewhere())
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let journal = ["-journal", "-wal", "-shm", ".part"].iter().any(|s| name.ends_with(s));
                !name.starts_with('.') && !journal && fs::metadata(p).is_ok_and(|m| m.is_file())
            })
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// A backup read whole into memory when it holds any of `people`, so
    /// the erasure can run on it as on the database; `None` when it holds
    /// none of them or is not circle's. An older backup is brought up to
    /// this schema first, as restoring it would.
    ///
    /// Someone is matched by id and group: ids are never given to two
    /// people in one lineage of backups, and only a database restored from
    /// an older backup could give an id again.
    ///
    /// A backup of an encrypted database is read with its key (`key`), and
    /// written back encrypted with it.
    pub fn backup_holding(file: &Path, people: &[Erasure], key: Option<&Passphrase>) -> Result<Option<Store>> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let encrypted = Store::is_encrypted(file);
        if encrypted && key.is_none() {
            return Err(StoreError::Encrypted { path: file.to_path_buf() });
        }
        let key = key.filter(|_| encrypted);
        let source = connect(file, flags, key)?;
        match check_ours(&source, file) {
            Ok(ours) if ours.empty => return Ok(None),
            Ok(_) => {}
            Err(StoreError::NotOurs { .. } | StoreError::NotADatabase { .. }) => return Ok(None),
            Err(other) => return Err(other),
        }
        let mut holds = source.prepare("SELECT 1 FROM members WHERE id = ?1 AND group_id = ?2")?;
        let mut any = false;
        for (member, group) in people {
            any |= holds.exists([member.0, group.0])?;
        }
        drop(holds);
        if !any {
            return Ok(None);
        }
        let mut memory = super::read_only::in_memory(&source, key.is_some())?;
        drop(source);
        prepare(&memory)?;
        super::MIGRATIONS.to_latest(&mut memory)?;
        Ok(Some(Store {
            conn: memory,
            path: file.to_path_buf(),
            writes: 0,
            read_only: None,
            upgrade_waiting: false,
            settings_only: false,
            key: key.cloned(),
        }))
    }

    /// Writes a backup read by [`Store::backup_holding`] back over its
    /// file: a fresh, compact copy (no free page keeps what was erased)
    /// made beside it, readable only by its owner, flushed, then renamed
    /// over the old one, so the backup is whole at every moment.
    pub fn write_back(&self, file: &Path) -> Result<()> {
        let io = |source| StoreError::Io { path: file.to_path_buf(), source };
        let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Named as a backup being written, so one cut short is cleared with
        // theirs; in the backups folder, under the same lock as they are.
        let fresh = folder.join(format!("{name}.erasing.part"));
        let _writing = folder.join(super::backup::LOCK).exists().then(|| super::backup::Writing::start(folder));
        let _ = fs::remove_file(&fresh);
        let result = (|| {
            OpenOptions::new().write(true).create_new(true).mode(0o600).open(&fresh).map_err(io)?;
            match &self.key {
                Some(key) => export_to_file(&self.conn, &fresh, Some(key))?,
                None => drop(self.conn.execute("VACUUM INTO ?1", [fresh.to_string_lossy()])?),
            }
            OpenOptions::new().read(true).open(&fresh).and_then(|f| f.sync_all()).map_err(io)?;
            fs::rename(&fresh, file).map_err(io)?;
            if let Ok(dir) = fs::File::open(folder) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&fresh);
        }
        result
    }
}

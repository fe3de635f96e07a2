//! Backups, restore and checks. A backup is a whole, consistent copy made by
//! SQLite itself (`VACUUM INTO`), never a copy of the file, which for a
//! database in WAL mode can miss what is still in the log.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use super::connect::{connect, export_to_file};
use super::{Result, Store, StoreError};
use crate::secret::Passphrase;

/// Daily backups kept, and monthly ones (the first of each month) beyond.
pub const DAILY_KEPT: usize = 14;
pub const MONTHLY_KEPT: usize = 6;

/// What `circle check` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Health {
    /// Problems `PRAGMA integrity_check` reports; empty when sound.
    pub integrity: Vec<String>,
    /// Rows whose references point nowhere (`PRAGMA foreign_key_check`).
    pub dangling: usize,
}

impl Health {
    pub fn sound(&self) -> bool {
        self.integrity.is_empty() && self.dangling == 0
    }
}

/// What a backup file holds, to show before restoring it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// Each group by name, with its number of members.
    pub groups: Vec<(String, u32)>,
}

impl Store {
    /// The folder backups go in: `backups/` beside the database.
    pub fn backup_folder(&self) -> PathBuf {
        Store::backup_folder_of(&self.path)
    }

    /// The backups folder of the database at `db`, open or not.
    pub fn backup_folder_of(db: &Path) -> PathBuf {
        db.parent().unwrap_or(Path::new(".")).join("backups")
    }

    /// Writes a whole copy of the database to `target` (which must not
    /// exist), readable only by its owner.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let io = |source| StoreError::Io { path: target.to_path_buf(), source };
        if let Some(refused) = crate::files::database_refusal(target, &self.path) {
            return Err(StoreError::Invalid(refused));
        }
        if target.exists() {
            return Err(StoreError::Invalid(format!("{} is already there; choose another name", target.display())));
        }
        // VACUUM INTO takes an empty file: made first, so it starts 0600.
        OpenOptions::new().write(true).create_new(true).mode(0o600).open(target).map_err(io)?;
        // Records open read-only are a copy in memory that refuses writes;
        // VACUUM INTO writes only the new file, so it is let through.
        let copy = self.read_only.is_some();
        if copy {
            self.conn.pragma_update(None, "query_only", false)?;
        }
        // An encrypted database's copy is encrypted with the same key.
        let result = match &self.key {
            Some(key) => export_to_file(&self.conn, target, Some(key)),
            None => self.conn.execute("VACUUM INTO ?1", [target.to_string_lossy()]).map(drop).map_err(Into::into),
        };
        if copy {
            self.conn.pragma_update(None, "query_only", true)?;
        }
        if let Err(e) = result {
            let _ = fs::remove_file(target);
            return Err(e);
        }
        Ok(())
    }

    /// Takes the daily backup when the newest one is older than a day and
    /// the data changed since; then keeps 14 daily and 6 monthly backups.
    /// Returns the new backup's path, if one was made.
    pub fn automatic_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        // An erasure waits for this backup to be whole, then rewrites it.
        let _writing = super::hold_backups();
        let folder = self.backup_folder();
        let made = if self.backup_due(today) {
            let name = format!("circle-{today}.db");
            match self.backup_in_folder(&name) {
                Ok(path) => Some(path),
                // Another console made today's, or is making it now.
                Err(_) if folder.join(&name).exists() || part_of(&folder.join(&name)).exists() => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        prune(&folder)?;
        Ok(made)
    }

    /// Writes a whole copy into the backups folder as `name`. It is written
    /// as `name.part` and renamed when whole, so a copy cut short (the
    /// console closed, `circle backup` killed) is never taken for a
    /// backup; what such copies left behind is cleared first, when no
    /// other circle is writing a backup there.
    pub fn backup_in_folder(&self, name: &str) -> Result<PathBuf> {
        let folder = self.backup_folder();
        Store::make_data_folder(&folder)?;
        let _writing = Writing::start(&folder);
        let target = folder.join(name);
        let part = part_of(&target);
        self.backup_to(&part)?;
        if target.exists() {
            let _ = fs::remove_file(&part);
            return Err(StoreError::Invalid(format!("{} is already there", target.display())));
        }
        fs::rename(&part, &target).map_err(|source| StoreError::Io { path: target.clone(), source })?;
        Ok(target)
    }

    /// Whether the daily backup is due: the newest up to today is from
    /// before today and the data changed since (or there is none yet). A
    /// backup named for a later day (a clock that was wrong, a file copied
    /// in) says nothing about today, so it cannot stop today's.
    pub fn backup_due(&self, today: NaiveDate) -> bool {
        let mut newest: Vec<(NaiveDate, PathBuf)> = backups_in(&self.backup_folder())
            .into_iter()
            .filter_map(|p| Some((backup_date(&p)?, p)))
            .filter(|(d, _)| *d <= today)
            .collect();
        newest.sort();
        let Some((day, newest)) = newest.pop() else { return true };
        if day == today {
            return false;
        }
        // The records carry the moment they last changed, and so does every
        // backup, copied with them: the same moment means nothing changed
        // since. (Settings alone, such as the open tab, do not count.)
        let changed_in = |conn: &Connection| -> Option<String> {
            conn.query_row("SELECT value FROM settings WHERE key = ?1", [super::DATA_CHANGED], |r| r.get(0)).ok()
        };
        let Some(now) = changed_in(&self.conn) else { return true };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let then = connect(&newest, flags, self.key.as_ref()).ok().and_then(|c| changed_in(&c));
        then.as_deref() != Some(now.as_str())
    }

    /// The newest sound backup, for messages that say where to turn (see
    /// [`Store::newest_sound_backup`]).
    pub fn newest_backup(&self) -> Option<PathBuf> {
        Store::newest_sound_backup(&self.path, super::today(), self.key.as_ref())
    }

    /// The newest backup of the database at `db` that could be restored:
    /// daily and manual backups alike, newest first by the day in their
    /// name (none after `today`, which a wrong clock could have written)
    /// and then by when they were written, the first that is a sound
    /// circle database. A stray file, a copy cut short or a damaged one
    /// is passed over. The one way every message finds it.
    pub fn newest_sound_backup(db: &Path, today: NaiveDate, key: Option<&Passphrase>) -> Option<PathBuf> {
        let folder = Store::backup_folder_of(db);
        let mut found: Vec<(NaiveDate, Option<std::time::SystemTime>, PathBuf)> = fs::read_dir(&folder)
            .ok()?
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                let day = backup_day(&path).filter(|day| *day <= today)?;
                let written = fs::metadata(&path).and_then(|m| m.modified()).ok();
                Some((day, written, path))
            })
            .collect();
        found.sort();
        found.into_iter().rev().map(|(_, _, path)| path).find(|path| Store::inspect_backup(path, key).is_ok())
    }

    /// The names of the groups in the database at `path`, read without
    /// writing anything (for a shell completing `--group`); none when the
    /// file is missing or not circle's.
    pub fn group_names_at(path: &Path) -> Vec<String> {
        if !fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return Vec::new();
        }
        let Ok(conn) = super::read_only::reader(path, None) else { return Vec::new() };
        if super::check_ours(&conn, path).is_err() {
            return Vec::new();
        }
        conn.prepare("SELECT name FROM groups ORDER BY name COLLATE NOCASE")
            .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
            .unwrap_or_default()
    }

    /// Checks a database file without opening it for writing, so even a
    /// file too damaged to open normally gets a plain answer. What reading
    /// it made beside it (a write-ahead log and its index, which a
    /// read-only connection cannot take away) is taken away again.
    pub fn check_file(path: &Path, key: Option<&Passphrase>) -> Result<Health> {
        match fs::metadata(path) {
            Err(_) => return Err(StoreError::Missing { path: path.to_path_buf() }),
            Ok(meta) if meta.is_dir() => return Err(StoreError::IsFolder { path: path.to_path_buf() }),
            Ok(meta) if !meta.is_file() => return Err(StoreError::NotAFile { path: path.to_path_buf() }),
            Ok(_) => {}
        }
        let sidecars = [super::read_only::sidecar(path, "-wal"), super::read_only::sidecar(path, "-shm")];
        let were_there = sidecars.each_ref().map(|f| fs::symlink_metadata(f).is_ok());
        if key.is_none() && Store::is_encrypted(path) {
            return Err(StoreError::Encrypted { path: path.to_path_buf() });
        }
        let health = Store::check_reading(path, key);
        if sidecars.iter().zip(were_there).any(|(file, was_there)| !was_there && fs::symlink_metadata(file).is_ok()) {
            tidy_after_reading(path, key);
        }
        health
    }

    fn check_reading(path: &Path, key: Option<&Passphrase>) -> Result<Health> {
        let conn = super::read_only::reader(path, key).map_err(|e| match e {
            wrong @ StoreError::WrongPassphrase { .. } => wrong,
            _ => StoreError::NotADatabase { path: path.to_path_buf() },
        })?;
        let damaged = |e: rusqlite::Error| Health { integrity: vec![e.to_string()], dangling: 0 };
        let integrity = match conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
        {
            Ok(rows) => rows.into_iter().filter(|r| r != "ok").collect(),
            Err(e) => return Ok(damaged(e)),
        };
        let dangling =
            match conn.prepare("PRAGMA foreign_key_check").and_then(|mut s| Ok(s.query_map([], |_| Ok(()))?.count())) {
                Ok(n) => n,
                Err(e) => return Ok(damaged(e)),
            };
        Ok(Health { integrity, dangling })
    }

    /// A quick look at the file's soundness, for opening the console.
    pub fn quick_check(&self) -> Result<bool> {
        let first: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        Ok(first == "ok")
    }

    /// Reads a backup without changing it: it must be an ordinary file
    /// holding a circle database (the same check as opening one) that
    /// passes its integrity check.
    pub fn inspect_backup(file: &Path, key: Option<&Passphrase>) -> Result<BackupSummary> {
        // Looked at before SQLite opens it: opening a pipe would wait for a
        // writer for ever. The file is not open anywhere in circle yet.
        match fs::metadata(file) {
            Ok(meta) if meta.is_dir() => return Err(StoreError::IsFolder { path: file.to_path_buf() }),
            Ok(meta) if !meta.is_file() => return Err(StoreError::NotAFile { path: file.to_path_buf() }),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Invalid(format!("there is no file at {}; check the path", file.display())));
            }
            Err(source) => return Err(StoreError::Io { path: file.to_path_buf(), source }),
        }
        // A backup is a file of its own, never the open database, so it
        // may be looked at before SQLite opens it.
        let encrypted = Store::is_encrypted(file);
        if encrypted && key.is_none() {
            return Err(StoreError::Encrypted { path: file.to_path_buf() });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(file, flags, key.filter(|_| encrypted)).map_err(|e| match e {
            wrong @ StoreError::WrongPassphrase { .. } => wrong,
            _ => StoreError::NotADatabase { path: file.to_path_buf() },
        })?;
        // Exactly what opening a database asks, so nothing is restored
        // that the console would then refuse.
        if super::check_ours(&conn, file)?.empty {
            return Err(StoreError::Invalid(format!(
                "{} is an empty database, not a circle backup; nothing was changed",
                file.display()
            )));
        }
        let problems: Vec<String> = conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|r| r != "ok")
            .collect();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{} is damaged ({}); it cannot be restored",
                file.display(),
                problems.first().cloned().unwrap_or_default()
            )));
        }
        let groups = conn
            .prepare(
                "SELECT g.name, (SELECT count(*) FROM members m WHERE m.group_id = g.id AND m.status <> 'left')
                   FROM groups g ORDER BY g.name COLLATE NOCASE",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(BackupSummary { groups })
    }

    /// Replaces the whole database with a backup, through SQLite's backup
    /// API, so the file stays consistent; then upgrades it if it is older.
    pub fn restore_from(&mut self, file: &Path, key: Option<&Passphrase>) -> Result<()> {
        self.ensure_writable()?;
        Store::inspect_backup(file, key)?;
        // SQLite copies pages, and SQLCipher copies them only between two
        // encrypted databases or two that are not.
        let encrypted = Store::is_encrypted(file);
        if encrypted != self.key.is_some() {
            return Err(StoreError::Invalid(match encrypted {
                true => "that backup is encrypted and this database is not; encrypt the database first \
                         (circle encrypt), then restore it"
                    .into(),
                false => "that backup is not encrypted and this database is; decrypt the database first \
                          (circle decrypt), then restore it"
                    .into(),
            }));
        }
        let source = connect(file, OpenFlags::SQLITE_OPEN_READ_ONLY, key.filter(|_| encrypted))?;
        {
            let backup = rusqlite::backup::Backup::new(&source, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
        }
        super::MIGRATIONS.to_latest(&mut self.conn)?;
        Ok(())
    }
}

/// Takes away the write-ahead log and index a read-only check left beside
/// the database, the way SQLite itself does: a connection that may write
/// folds the (empty) log in and removes both files as it closes, but only
/// when it is the last connection to the file. A console that has the
/// file open keeps its own, so nothing of anyone's is ever removed here.
fn tidy_after_reading(path: &Path, key: Option<&Passphrase>) {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if let Ok(conn) = connect(path, flags, key) {
        // Reading opens the log, so closing can remove it.
        let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0));
    }
}

/// The name a backup is written under until it is whole.
fn part_of(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// The lock file in the backups folder: each circle writing a backup holds
/// it shared, and one that can take it alone knows that every copy still
/// being written there (`.part`, and SQLite's `.part-journal` beside it)
/// was left by a run that is gone. A lock, not the age of a file or a
/// process id, so it is right on Linux and macOS alike, and the system
/// lets go of it when a process dies, however it died.
pub(super) const LOCK: &str = ".lock";

/// A backup being written in the folder, from the lock taken to its end.
pub(super) struct Writing {
    _lock: Option<fs::File>,
}

impl Writing {
    pub(super) fn start(folder: &Path) -> Writing {
        let lock =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(folder.join(LOCK));
        // Without a lock (a file system that has none) nothing is cleared,
        // and the backup is still made.
        let Ok(lock) = lock else { return Writing { _lock: None } };
        if lock.try_lock().is_ok() {
            clear_leftovers(folder);
        }
        // Shared from here: other backups may be written beside this one,
        // and no one clears this one's copy while it is written.
        let _ = lock.lock_shared();
        Writing { _lock: Some(lock) }
    }
}

/// Removes the copies, and their journals, that backups cut short left in
/// the folder. Only circle's own names are touched.
fn clear_leftovers(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let left = name.starts_with("circle-") && (name.ends_with(".part") || name.ends_with(".part-journal"));
        if left && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn backups_in(folder: &Path) -> Vec<PathBuf> {
    fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| backup_date(p).is_some()).collect())
        .unwrap_or_default()
}

/// The day in a daily backup's name: `circle-2026-12-01.db`.
fn backup_date(path: &Path) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let day = name.strip_prefix("circle-")?.strip_suffix(".db")?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The day in any backup's name, daily or made by hand (`circle backup`,
/// before a restore): `circle-2026-12-01-093012.db`.
fn backup_day(path: &Path) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix("circle-")?.strip_suffix(".db")?;
    let (day, time) = rest.split_at_checked(10)?;
    let time_ok =
        time.is_empty() || time.strip_prefix('-').is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit() || b == b'-'));
    time_ok.then(|| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()).flatten()
}

/// Keeps the newest daily backups and, beyond them, the first backup of
/// each of the latest months.
fn prune(folder: &Path) -> Result<()> {
    let mut all: Vec<(NaiveDate, PathBuf)> =
        backups_in(folder).into_iter().filter_map(|p| Some((backup_date(&p)?, p))).collect();
    all.sort();
    all.reverse();
    let mut months_kept: Vec<(i32, u32)> = Vec::new();
    for (i, (day, path)) in all.iter().enumerate() {
        if i < DAILY_KEPT {
            continue;
        }
        use chrono::Datelike;
        let month = (day.year(), day.month());
        let first_of_month = all.iter().filter(|(d, _)| (d.year(), d.month()) == month).map(|(d, _)| *d).min();
        if first_of_month == Some(*day) && months_kept.len() < MONTHLY_KEPT && !months_kept.contains(&month) {
            months_kept.push(month);
            continue;
        }
        fs::remove_file(path).map_err(|source| StoreError::Io { path: path.clone(), source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_carry_their_day() {
        assert_eq!(backup_date(Path::new("/x/circle-2026-12-01.db")), NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(backup_date(Path::new("/x/circle.db")), None);
        assert_eq!(backup_date(Path::new("/x/circle-2026-13-01.db")), None);
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        assert_eq!(backup_day(Path::new("/x/circle-2026-12-01.db")), day);
        assert_eq!(backup_day(Path::new("/x/circle-2026-12-01-093012.db")), day);
        assert_eq!(backup_day(Path::new("/x/circle-2026-12-01-093012-2.db")), day);
        assert_eq!(backup_day(Path::new("/x/circle-2026-12-01.db.part")), None);
        assert_eq!(backup_day(Path::new("/x/circle-2026-12-01-copy.db")), None);
    }

    #[test]
    fn pruning_keeps_fourteen_days_and_six_months() {
        let dir = tempfile::tempdir().unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for n in 0..300 {
            let day = start + chrono::Duration::days(n);
            std::fs::write(dir.path().join(format!("circle-{day}.db")), b"").unwrap();
        }
        prune(dir.path()).unwrap();
        let mut kept = backups_in(dir.path());
        kept.sort();
        assert_eq!(kept.len(), DAILY_KEPT + MONTHLY_KEPT, "{kept:?}");
        let monthly: Vec<_> = kept[..MONTHLY_KEPT].iter().filter_map(|p| backup_date(p)).collect();
        use chrono::Datelike;
        assert!(monthly.iter().all(|d| d.day() == 1), "{monthly:?}");
    }
}

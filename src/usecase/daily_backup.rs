//! The daily backup, taken beside the console on a thread and a connection
//! of its own, and what the facilitator is told when it could not be made:
//! both front ends show the same sentence, and circle's log (see
//! `crate::logfile`) notes the error's kind.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::NaiveDate;

use crate::usecase::store::{Store, StoreError};

/// What the daily backup came to.
#[derive(Debug)]
pub enum DailyBackup {
    Made(PathBuf),
    /// Today's is there already, or nothing changed since the last one.
    NotDue,
    /// The file failed its quick check: a damaged file is never copied
    /// over the good backups.
    Damaged,
    Failed(StoreError),
    /// The thread ended without an answer (a panic; the log says where).
    Stopped,
}

impl DailyBackup {
    /// The one line a front end shows, when there is something to say.
    pub fn notice(&self) -> Option<String> {
        let reason = match self {
            DailyBackup::Made(_) | DailyBackup::NotDue => return None,
            DailyBackup::Damaged => "the database did not pass a quick check of its pages".to_string(),
            DailyBackup::Failed(StoreError::Full) => "the disk is full".to_string(),
            DailyBackup::Failed(StoreError::Busy) => "another program was writing to the database".to_string(),
            DailyBackup::Failed(e) => e.to_string(),
            DailyBackup::Stopped => "it stopped unexpectedly".to_string(),
        };
        Some(format!("Today's backup could not be made: {reason}; circle check says more."))
    }
}

/// Takes the daily backup of the open database if it is due, after a quick
/// check of the whole file, and notes a failure in the log.
pub fn take(store: &Store, today: NaiveDate) -> DailyBackup {
    if !store.backup_due(today) {
        return DailyBackup::NotDue;
    }
    let outcome = match store.quick_check() {
        Ok(true) => match store.automatic_backup(today) {
            Ok(Some(path)) => DailyBackup::Made(path),
            Ok(None) => DailyBackup::NotDue,
            Err(e) => DailyBackup::Failed(e),
        },
        Ok(false) => DailyBackup::Damaged,
        Err(e) => DailyBackup::Failed(e),
    };
    note(&outcome);
    outcome
}

/// A line in circle's log for a backup that was not made.
pub fn note(outcome: &DailyBackup) {
    match outcome {
        DailyBackup::Damaged => log::warn!(target: "circle::backup", "today's backup was not made: quick check failed"),
        DailyBackup::Failed(e) => {
            log::warn!(target: "circle::backup", "today's backup was not made: {}", super::error_kind(e))
        }
        _ => {}
    }
}

/// A daily backup under way on its own thread.
pub struct Running(Receiver<DailyBackup>);

impl Running {
    /// Starts the daily backup on a thread named
    /// [`crate::logfile::BACKUP_THREAD`], on a connection of its own to the
    /// database `reopener` was made for.
    pub fn start(reopener: super::Reopener, today: NaiveDate) -> std::io::Result<Running> {
        Running::spawn(move || reopener.0.open(), today)
    }

    /// The daily backup on its own thread, with the store `open` gives it.
    fn spawn(
        open: impl FnOnce() -> crate::usecase::store::Result<Store> + Send + 'static,
        today: NaiveDate,
    ) -> std::io::Result<Running> {
        let (send, receive) = channel();
        std::thread::Builder::new().name(crate::logfile::BACKUP_THREAD.into()).spawn(move || {
            let outcome = match open() {
                Ok(store) => take(&store, today),
                Err(e) => {
                    let failed = DailyBackup::Failed(e);
                    note(&failed);
                    failed
                }
            };
            let _ = send.send(outcome);
        })?;
        Ok(Running(receive))
    }

    /// The daily backup of the database at `path`, opened as any other.
    pub fn start_at(path: &Path, today: NaiveDate) -> std::io::Result<Running> {
        let path = path.to_path_buf();
        Running::spawn(move || Store::open(&path), today)
    }

    /// What it came to, once it has ended; `None` while it is under way.
    pub fn poll(&self) -> Option<DailyBackup> {
        match self.0.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(DailyBackup::Stopped),
        }
    }

    /// Waits for it to end: on the way out, so a backup is not cut short.
    pub fn wait(&self) -> DailyBackup {
        self.0.recv().unwrap_or(DailyBackup::Stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn a_backup_thread_that_stops_on_a_panic_is_said_too() {
        let running = Running::spawn(|| panic!("the backup stops here, as the test asked"), day()).unwrap();
        let outcome = running.wait();
        assert!(matches!(outcome, DailyBackup::Stopped), "{outcome:?}");
        assert_eq!(
            outcome.notice().as_deref(),
            Some("Today's backup could not be made: it stopped unexpectedly; circle check says more.")
        );
    }

    #[test]
    fn a_backup_made_or_not_due_says_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("circle.db");
        drop(Store::open(&path).unwrap());
        let made = Running::start_at(&path, day()).unwrap().wait();
        assert!(matches!(made, DailyBackup::Made(_)), "{made:?}");
        let again = Running::start_at(&path, day()).unwrap().wait();
        assert!(matches!(again, DailyBackup::NotDue), "{again:?}");
        assert_eq!((made.notice(), again.notice()), (None, None));
    }
}

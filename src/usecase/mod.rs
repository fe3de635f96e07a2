//! The use cases: one function for each thing a facilitator does, between
//! the front ends (the console, the command line) and the store.
//!
//! [`Circle`] owns the [`Store`], as taskchampion's `Replica` owns its
//! storage: every front end goes through it, so a rule (a closed group's
//! intake, one meeting a day, how a deal is repaired after an erasure) lives
//! here once. Each use case that writes is one transaction and answers with
//! a typed outcome that the console turns into a dialog and the command line
//! into a sentence. Randomness (the deal seed) and "today" come in as
//! arguments, so the console, the demo and the tests share one path.

// The store is the use cases' own: declared here, a front end cannot name
// it (a private module is visible only to its parent and the parent's
// children), so the only way to the data is a use case. Its files stay in
// src/store, a layer of their own. The demo fills the store directly, so
// it is private too. With the `testing` feature (tests and benchmarks
// only, see Cargo.toml) both are public, for setting up and inspecting
// what no use case shows.
#[cfg(not(feature = "testing"))]
mod demo;
#[cfg(feature = "testing")]
pub mod demo;
#[cfg(not(feature = "testing"))]
#[path = "../store/mod.rs"]
mod store;
#[cfg(feature = "testing")]
#[path = "../store/mod.rs"]
pub mod store;

pub mod agreement;
pub mod daily_backup;
pub mod encryption;
pub mod endings;
pub mod erasure;
pub mod exports;
pub mod groups;
pub mod meetings;
pub mod membership;
pub mod people;
pub mod register;
pub mod rounds;
pub mod size;
pub mod transfer;

use std::path::Path;

use crate::domain::{AgreementVersion, GroupId, MemberId, MemberStatus, RosterQuery, RosterRow};
use store::Store;

// What the front ends show of the store, named through the use cases.
pub use store::{BackupSummary, Health, ReadOnlyCause, Rekeyed, StoreError, today};

use crate::secret::Passphrase;

/// Why a use case did not do its job. `Field` names the piece of input at
/// fault, so a form can show the message beside it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{1}")]
    Field(&'static str, String),
    #[error("{0}")]
    Refused(String),
    /// A file is already there; the facilitator decides whether to replace it.
    #[error("{} is already there", .0.display())]
    Exists(std::path::PathBuf),
    /// Someone else changed what is being edited since the form opened.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Error {
    pub fn field(field: &'static str, message: impl Into<String>) -> Error {
        Error::Field(field, message.into())
    }

    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused(message.into())
    }
}

impl Error {
    /// The error's kind, in words that never carry a member's data or a
    /// path: what circle's log keeps (see `crate::logfile`).
    pub fn kind(&self) -> String {
        match self {
            Error::Field(field, _) => format!("refused ({field})"),
            Error::Refused(_) => "refused".into(),
            Error::Exists(_) => "file exists".into(),
            Error::Conflict(_) => "changed elsewhere".into(),
            Error::Store(e) => error_kind(e),
        }
    }
}

/// An error's kind, in words that can never carry a member's data or a
/// path: what circle's log keeps.
pub fn error_kind(error: &StoreError) -> String {
    match error {
        StoreError::Full => "disk full".into(),
        StoreError::WriteFailed => "write refused by the system".into(),
        StoreError::Busy => "database busy".into(),
        StoreError::ReadOnly(cause) => format!("read-only ({cause:?})"),
        StoreError::CannotStart { cause, .. } => format!("cannot start ({cause:?})"),
        StoreError::Io { source, .. } => format!("file error: {}", source.kind()),
        StoreError::Sqlite(e) => match e.sqlite_error() {
            Some(failure) => format!("SQLite error {} ({:?})", failure.extended_code, failure.code),
            None => "SQLite error".into(),
        },
        StoreError::Migration(_) => "upgrade failed".into(),
        StoreError::NotADatabase { .. } => "not a database".into(),
        StoreError::Encrypted { .. } => "encrypted, no passphrase".into(),
        StoreError::WrongPassphrase { .. } => "wrong passphrase".into(),
        StoreError::NotOurs { .. } => "another program's database".into(),
        StoreError::NewerSchema { found, .. } => format!("newer schema {found}"),
        StoreError::IsFolder { .. } | StoreError::NotAFile { .. } => "not an ordinary file".into(),
        StoreError::Missing { .. } | StoreError::NoFolder { .. } => "missing".into(),
        StoreError::NotFound(what) => format!("no such {what}"),
        StoreError::Invalid(_) => "refused".into(),
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The one rule for a name given now (a member, a visitor, a group, a
/// successor group, a promotion channel), by any front end (a form, the
/// command line, linear mode, a CSV or `import-all`): trimmed, not empty,
/// not too long, and free of control, invisible and layout characters
/// ([`crate::domain::text::new_name`]). Every use case that takes a new
/// name applies it; a front end may also call it to refuse a name before
/// asking anything else. Names already stored keep loading, and an edit
/// that keeps one saves, even if an older circle let such a character in.
pub fn given_name(raw: &str) -> Result<String> {
    crate::domain::text::new_name(raw).map_err(|e| Error::field("name", e.to_string()))
}

/// Opens another [`Circle`] on the same file for a thread of its own,
/// through SQLite alone ([`store::Reopener`] says why that matters).
#[derive(Debug, Clone)]
pub struct Reopener(store::Reopener);

impl Reopener {
    pub fn open(&self) -> Result<Circle> {
        Ok(Circle::new(self.0.open()?))
    }
}

/// The names of the groups in the database at `path`, read without writing
/// (a shell completing `--group` asks for them); none when the file is
/// missing or not circle's.
pub fn group_names_at(path: &Path) -> Vec<String> {
    Store::group_names_at(path)
}

/// The one API over the store that every front end uses.
pub struct Circle {
    store: Store,
    /// The store's data version when last looked at, to notice edits made
    /// by another console on the same file.
    seen_version: Option<i64>,
    /// What a new group starts with (from the settings file).
    new_group: crate::domain::GroupSettings,
}

const CURRENT_GROUP: &str = "current_group";
/// The day circle last wrote a file with people's data in it (an export,
/// a keepsake, room lists), so forgetting someone can say since when
/// copies may be out of its reach.
const LAST_EXPORT: &str = "last_export";
const CURRENT_TAB: &str = "current_tab";

/// Expands a leading `~/` in a path typed into a form, the way a shell would.
pub fn expand_home(typed: &str) -> std::path::PathBuf {
    crate::files::expand_home(typed)
}

impl Circle {
    pub fn new(store: Store) -> Circle {
        let seen_version = store.data_version().ok();
        Circle { store, seen_version, new_group: crate::domain::GroupSettings::default() }
    }

    /// Where the data stands, for screens that skip reading what has not
    /// changed since they last did.
    pub fn revision(&self) -> Option<(i64, u64)> {
        self.store.revision().ok()
    }

    /// Whether another console (or program) changed the data since the
    /// last look. Cheap: one pragma, and only when a key is pressed.
    pub fn changed_elsewhere(&mut self) -> bool {
        let now = self.store.data_version().ok();
        let changed = self.seen_version.is_some() && now != self.seen_version;
        self.seen_version = now;
        changed
    }

    pub fn open(path: &Path) -> Result<Circle> {
        Ok(Circle::new(Store::open(path)?))
    }

    /// Opens (or creates) a database, with the passphrase of an encrypted
    /// one; a passphrase given for a database that is not encrypted is not
    /// used.
    pub fn open_with(path: &Path, key: Option<&Passphrase>) -> Result<Circle> {
        Ok(Circle::new(Store::open_with(path, key)?))
    }

    /// Whether the file at `path` is encrypted, so its passphrase must be
    /// asked for before it is opened. Read only before it is open.
    pub fn is_encrypted(path: &Path) -> bool {
        Store::is_encrypted(path)
    }

    /// Whether the open database is encrypted.
    pub fn encrypted(&self) -> bool {
        self.store.encrypted()
    }

    /// Makes the folder of the default database, readable only by you.
    pub fn make_data_folder(folder: &Path) -> Result<()> {
        Ok(Store::make_data_folder(folder)?)
    }

    /// Opens a database that must exist already (the commands that read).
    pub fn open_existing(path: &Path) -> Result<Circle> {
        Circle::open_existing_with(path, None)
    }

    /// [`Circle::open_existing`], with the passphrase of an encrypted one.
    pub fn open_existing_with(path: &Path, key: Option<&Passphrase>) -> Result<Circle> {
        Ok(Circle::new(Store::open_existing(path, key)?))
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// For a thread that reads on a connection of its own.
    pub fn reopener(&self) -> Reopener {
        Reopener(self.store.reopener())
    }

    /// Why the records are open read-only, if they are: every use case that
    /// saves then refuses with one sentence that says why.
    pub fn read_only(&self) -> Option<ReadOnlyCause> {
        self.store.read_only()
    }

    /// Whether the file is from an older circle and will be upgraded once
    /// circle can write to it (it opened read-only).
    pub fn upgrade_waiting(&self) -> bool {
        self.store.upgrade_waiting()
    }

    /// The store underneath, for tests to set up and inspect what no use
    /// case shows; the front ends, built without the `testing` feature,
    /// cannot reach it.
    #[cfg(feature = "testing")]
    pub fn store(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The group the console had open last time if it still exists, or
    /// else the first by name.
    pub fn remembered_group(&self) -> Result<Option<GroupId>> {
        let id = self.store.setting(CURRENT_GROUP)?.and_then(|v| v.parse::<i64>().ok()).map(GroupId);
        // One row read rather than every group: a database may hold hundreds.
        if let Some(id) = id
            && self.store.group_exists(id)?
        {
            return Ok(Some(id));
        }
        Ok(self.store.first_group()?)
    }

    /// Remembers the open group for next time; with the records open
    /// read-only there is nothing to remember it in, and no need to say so.
    pub fn remember_group(&mut self, id: GroupId) -> Result<()> {
        if self.read_only().is_some() {
            return Ok(());
        }
        Ok(self.store.set_setting(CURRENT_GROUP, &id.0.to_string())?)
    }

    /// The console's tab when it was last closed, by name.
    pub fn remembered_tab(&self) -> Result<Option<String>> {
        Ok(self.store.setting(CURRENT_TAB)?)
    }

    pub fn remember_tab(&mut self, name: &str) -> Result<()> {
        if self.read_only().is_some() {
            return Ok(());
        }
        Ok(self.store.set_setting(CURRENT_TAB, name)?)
    }

    /// Writes a file with people's data in it for the facilitator (never
    /// over the database or its backups: [`crate::files::refusal`]) and
    /// notes the day, for [`Circle::last_export`].
    pub(crate) fn write_export(&mut self, path: &Path, text: &str) -> Result<()> {
        crate::files::write_private(path, text.as_bytes(), self.store.path())
            .map_err(|e| Error::field("path", format!("{e:#}")))?;
        self.note_export(today());
        Ok(())
    }

    /// Notes that circle wrote people's data to a file today. Nothing to
    /// note in records open read-only, and a failure to note is no reason
    /// to fail the export that was written.
    pub fn note_export(&mut self, today: chrono::NaiveDate) {
        if self.read_only().is_none() {
            let _ = self.store.set_setting(LAST_EXPORT, &today.to_string());
        }
    }

    /// The last day circle wrote people's data to a file, if it ever did.
    pub fn last_export(&self) -> Option<chrono::NaiveDate> {
        self.store.setting(LAST_EXPORT).ok().flatten().and_then(|d| d.parse().ok())
    }

    // Backups and checks.

    /// A backup written where the facilitator says (not among circle's
    /// own, nor over the database), remembered so that forgetting someone
    /// reaches it too.
    pub fn backup_to(&mut self, path: &Path) -> Result<()> {
        if let Some(refused) = crate::files::refusal(path, self.store.path()) {
            return Err(Error::field("path", refused));
        }
        self.store.backup_to(path)?;
        if self.read_only().is_none() {
            self.store.remember_backup(path)?;
        }
        Ok(())
    }

    /// A backup now, in the backups folder beside the database.
    pub fn backup_now(&self, today: chrono::NaiveDate) -> Result<std::path::PathBuf> {
        let stamp = chrono::Local::now().format("%H%M%S").to_string();
        // A second backup in the same second takes the next free name.
        let folder = self.store.backup_folder();
        let name = (1..)
            .map(|n| match n {
                1 => format!("circle-{today}-{stamp}.db"),
                n => format!("circle-{today}-{stamp}-{n}.db"),
            })
            .find(|name| !folder.join(name).exists())
            .unwrap_or_default();
        Ok(self.store.backup_in_folder(&name)?)
    }

    /// Puts a backup in place of the database, after checking it is a
    /// sound circle backup and keeping the current data as a backup of its
    /// own: returns where that copy is.
    ///
    /// An encrypted backup is read with `key`, its own passphrase.
    pub fn restore(
        &mut self,
        file: &Path,
        today: chrono::NaiveDate,
        key: Option<&Passphrase>,
    ) -> Result<std::path::PathBuf> {
        Store::inspect_backup(file, key)?;
        let kept = self.backup_now(today)?;
        self.store.restore_from(file, key)?;
        Ok(kept)
    }

    /// What a backup holds, read without changing it, after checking it
    /// is a sound circle database: shown before a restore asks. An
    /// encrypted backup needs its passphrase.
    pub fn inspect_backup(file: &Path, key: Option<&Passphrase>) -> Result<BackupSummary> {
        Ok(Store::inspect_backup(file, key)?)
    }

    /// The integrity and foreign-key checks of the database at `db`, read
    /// without opening it for writing, so even a file too damaged to open
    /// gets a plain answer (`circle check`).
    pub fn check_file(db: &Path, key: Option<&Passphrase>) -> Result<Health> {
        Ok(Store::check_file(db, key)?)
    }

    /// The newest backup of the database at `db` that could be restored:
    /// the one way every message finds it.
    pub fn newest_sound_backup(
        db: &Path,
        today: chrono::NaiveDate,
        key: Option<&Passphrase>,
    ) -> Option<std::path::PathBuf> {
        Store::newest_sound_backup(db, today, key)
    }

    // Reads the roster shows.

    pub fn roster_count(&self, group: GroupId, query: &RosterQuery) -> Result<usize> {
        Ok(self.store.roster_count(group, query)?)
    }

    pub fn roster_page(
        &self,
        group: GroupId,
        query: &RosterQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<RosterRow>> {
        Ok(self.store.roster_page(group, query, offset, limit)?)
    }

    pub fn member(&self, id: MemberId) -> Result<crate::domain::Member> {
        Ok(self.store.member(id)?)
    }

    pub fn status_history(&self, id: MemberId) -> Result<Vec<crate::domain::StatusChange>> {
        Ok(self.store.status_history(id)?)
    }

    pub fn active_count(&self, group: GroupId) -> Result<u32> {
        Ok(self.count_in(group, MemberStatus::Active)?)
    }

    fn count_in(&self, group: GroupId, status: MemberStatus) -> std::result::Result<u32, StoreError> {
        Ok(self.store.status_counts(group)?.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n))
    }

    // The agreement, as the pane shows it today.

    pub fn current_agreement(&self, group: GroupId) -> Result<Option<AgreementVersion>> {
        Ok(self.store.current_agreement(group)?)
    }
}

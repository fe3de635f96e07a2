//! `circle restore` and `circle check`: putting a backup back, and saying
//! whether the database is sound; `circle encrypt`, `decrypt` and
//! `passphrase`, which rewrite the database and its backups.

use std::path::Path;

use anyhow::{Result, bail};

use super::secret::{Source, key_of};
use crate::secret::Passphrase;
use crate::usecase::{Circle, Error, StoreError, today};

/// `circle restore`: shows what the backup holds, asks, backs up the
/// current database, then restores.
pub(super) fn restore(db: &Path, file: &Path, yes: bool, keys: &mut Source) -> Result<()> {
    use std::io::Write;
    let db_key = key_of(keys, db)?;
    // An encrypted backup is tried with the database's passphrase first
    // (backups are encrypted with it), then its own is asked for.
    let backup_key: Option<Passphrase> = if !Circle::is_encrypted(file) {
        None
    } else {
        match db_key.as_ref().map(|key| Circle::inspect_backup(file, Some(key))) {
            Some(Ok(_)) => db_key.clone(),
            _ => Some(
                keys.unlock(file, "the backup", |key| Circle::inspect_backup(file, Some(key)).map(|_| key.clone()))?,
            ),
        }
    };
    let summary = Circle::inspect_backup(file, backup_key.as_ref())?;
    let shown = |p: &Path| crate::domain::text::display(&p.display().to_string()).into_owned();
    println!("{} is a sound circle backup with:", shown(file));
    for (name, members) in &summary.groups {
        println!("  {}: {members} member{}", crate::domain::text::display(name), if *members == 1 { "" } else { "s" });
    }
    if summary.groups.is_empty() {
        println!("  no groups");
    }
    let mut circle = Circle::open_existing_with(db, db_key.as_ref())?;
    if let Some(cause) = circle.read_only() {
        bail!("{}", cause.refusal());
    }
    if !yes {
        print!("Replace everything in {} with it? The current data is backed up first. [y/N] ", shown(db));
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if crate::present::yes_no(&answer) != Some(true) {
            println!("Nothing was changed.");
            return Ok(());
        }
    }
    let saved = circle.restore(file, today(), backup_key.as_ref())?;
    println!("Restored. The data from before is kept in {}.", shown(&saved));
    Ok(())
}

/// `circle check`: the integrity and foreign-key checks in plain words;
/// fails when anything is wrong.
pub(super) fn check(db: &Path, keys: &mut Source) -> Result<()> {
    let key = match Circle::is_encrypted(db) {
        false => None,
        true => Some(keys.unlock(db, "the database", |key| match Circle::check_file(db, Some(key)) {
            Err(wrong @ Error::Store(StoreError::WrongPassphrase { .. })) => Err(wrong),
            _ => Ok(key.clone()),
        })?),
    };
    let health = Circle::check_file(db, key.as_ref())?;
    if health.sound() {
        println!("The database is sound: every page and every link between records checks out.");
        say_what_the_log_noted(db);
        return Ok(());
    }
    say_what_the_log_noted(db);
    for problem in health.integrity.iter().take(10) {
        println!("Damage: {}", crate::domain::text::display(problem));
    }
    if health.dangling > 0 {
        println!("{} records point to something that is no longer there.", health.dangling);
    }
    let backup = Circle::newest_sound_backup(db, today(), key.as_ref()).map_or_else(
        || "there is no sound backup beside it yet".to_string(),
        |b| format!("the newest sound backup is {}", crate::domain::text::display(&b.display().to_string())),
    );
    bail!("the database is damaged; keep a copy of it, and consider circle restore ({backup})")
}

/// The last lines of circle's log, where failures out of sight (a daily
/// backup, reading ahead) were noted: the console's notice points here.
fn say_what_the_log_noted(db: &Path) {
    let Some(log) = crate::logfile::beside(db) else { return };
    let lines = crate::logfile::last_lines(&log, 5);
    if lines.is_empty() {
        return;
    }
    println!("Lately noted in {}:", crate::domain::text::display(&log.display().to_string()));
    for line in lines {
        println!("  {}", crate::domain::text::display(&line));
    }
}

/// What is said after the database and its backups were rewritten.
fn say_rewritten(done: &crate::usecase::Rekeyed, how: &str) {
    let plural = |n: usize| if n == 1 { "backup" } else { "backups" };
    if done.backups > 0 {
        println!(
            "{} {} circle made {} {how} as well.",
            done.backups,
            plural(done.backups),
            if done.backups == 1 { "was" } else { "were" }
        );
    }
    for left in &done.left {
        println!(
            "Left as it was: {} (it could not be read with the passphrase; it may be from an earlier one).",
            crate::domain::text::display(&left.display().to_string())
        );
    }
}

/// `circle encrypt`: warns, asks for a new passphrase twice, then encrypts
/// the database and every backup circle made of it.
pub(super) fn encrypt(db: &Path, keys: &mut Source) -> Result<()> {
    if !db.exists() {
        bail!("there is no circle database at {}; check the path", db.display());
    }
    if Circle::is_encrypted(db) {
        bail!("{} is already encrypted; circle passphrase changes its passphrase", db.display());
    }
    println!(
        "circle will encrypt {} and its backups with a passphrase. Without the passphrase, nothing in them can be \
         read or recovered, by you or by anyone: keep it somewhere safe, such as a password manager.",
        crate::domain::text::display(&db.display().to_string())
    );
    let new = keys.new_passphrase()?;
    let done = crate::usecase::encryption::encrypt(db, &new)?;
    println!("Encrypted. From now on circle asks for the passphrase each time it opens this database.");
    say_rewritten(&done, "encrypted");
    println!(
        "The unencrypted file, its log and circle's own unencrypted backups were overwritten and removed. Copies \
         made by other means are out of circle's reach: exports, files copied by hand or by backup software, and \
         what the disk itself keeps (some disks and file systems keep old blocks after a file is overwritten)."
    );
    Ok(())
}

/// `circle decrypt`: asks first, then turns the database and its backups
/// back into ordinary files.
pub(super) fn decrypt(db: &Path, yes: bool, keys: &mut Source) -> Result<()> {
    use std::io::Write;
    if !Circle::is_encrypted(db) {
        bail!("{} is not encrypted", db.display());
    }
    if !yes {
        print!(
            "Decrypt {} and its backups? Anyone who can read the files will then be able to read everything in them. [y/N] ",
            crate::domain::text::display(&db.display().to_string())
        );
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if crate::present::yes_no(&answer) != Some(true) {
            println!("Nothing was changed.");
            return Ok(());
        }
    }
    let done = keys.unlock(db, "the database", |key| crate::usecase::encryption::decrypt(db, key))?;
    println!("Decrypted: circle no longer asks for a passphrase to open this database.");
    say_rewritten(&done, "decrypted");
    Ok(())
}

/// `circle passphrase`: the current passphrase, then a new one twice.
pub(super) fn change_passphrase(db: &Path, keys: &mut Source) -> Result<()> {
    if !Circle::is_encrypted(db) {
        bail!("{} is not encrypted; circle encrypt gives it a passphrase", db.display());
    }
    let current = key_of(keys, db)?.expect("an encrypted database has a passphrase");
    let new = keys.new_passphrase()?;
    let done = crate::usecase::encryption::change_passphrase(db, &current, &new)?;
    println!("The passphrase is changed; the old one no longer opens the database.");
    say_rewritten(&done, "given the new passphrase");
    println!(
        "Copies made by other means (files copied by hand or by backup software) still open with the old passphrase."
    );
    Ok(())
}

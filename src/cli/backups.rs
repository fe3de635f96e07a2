//! `circle restore` and `circle check`: putting a backup back, and saying
//! whether the database is sound.

use std::path::Path;

use anyhow::{Result, bail};

use crate::usecase::{Circle, today};

/// `circle restore`: shows what the backup holds, asks, backs up the
/// current database, then restores.
pub(super) fn restore(db: &Path, file: &Path, yes: bool) -> Result<()> {
    use std::io::Write;
    let summary = Circle::inspect_backup(file)?;
    let shown = |p: &Path| crate::domain::text::display(&p.display().to_string()).into_owned();
    println!("{} is a sound circle backup with:", shown(file));
    for (name, members) in &summary.groups {
        println!("  {}: {members} member{}", crate::domain::text::display(name), if *members == 1 { "" } else { "s" });
    }
    if summary.groups.is_empty() {
        println!("  no groups");
    }
    let mut circle = Circle::open_existing(db)?;
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
    let saved = circle.restore(file, today())?;
    println!("Restored. The data from before is kept in {}.", shown(&saved));
    Ok(())
}

/// `circle check`: the integrity and foreign-key checks in plain words;
/// fails when anything is wrong.
pub(super) fn check(db: &Path) -> Result<()> {
    let health = Circle::check_file(db)?;
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
    let backup = Circle::newest_sound_backup(db, today()).map_or_else(
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

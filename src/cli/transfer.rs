//! `circle export` and `circle import-all`: everything out as one JSON
//! file, and back into an empty database (how a facilitator moves to a new
//! laptop).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use crate::domain::text::display;
use crate::usecase::transfer::Transfer;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// json (every group with its members, meetings, rounds, agreement, promotion and endings).
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Only this group, by name (every group if left out).
    #[arg(long, add = clap_complete::ArgValueCompleter::new(super::shell::group_names))]
    pub group: Option<String>,
    /// Write to this file (created readable only by you) instead of the screen.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Include what people wrote on their endings cards, which is private to them (left out unless asked for).
    #[arg(long)]
    pub include_cards: bool,
    /// From an encrypted database, write the plain-text file without asking (for scripts).
    #[arg(long)]
    pub yes: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON document with a format number, for circle import-all and for scripts.
    Json,
}

#[derive(Args, Debug)]
pub struct ImportAllArgs {
    /// A file written by circle export.
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
}

pub fn export(db: &Path, args: &ExportArgs, keys: &mut super::secret::Source) -> Result<()> {
    let mut circle = super::secret::open_existing(keys, db)?;
    // What the passphrase protects leaves its protection here: said, and
    // asked, before a byte is written.
    if circle.encrypted() && !args.yes {
        use std::io::{IsTerminal, Write};
        eprintln!(
            "This database is encrypted, but the file circle export writes is plain text: anyone who can read it \
             can read everything in it."
        );
        if !std::io::stdin().is_terminal() {
            anyhow::bail!("nothing was written; give --yes to write the plain-text file from a script");
        }
        eprint!("Write it anyway? [y/N] ");
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if crate::present::yes_no(&answer) != Some(true) {
            eprintln!("Nothing was written.");
            return Ok(());
        }
    }
    let group = args.group.as_deref().map(|name| circle.group_named(name)).transpose()?;
    let transfer = circle.export_all(group.map(|g| g.id), args.include_cards)?;
    super::members::write_out(args.out.as_deref(), &transfer.to_json(), db)?;
    if args.out.is_some() {
        circle.note_export(crate::usecase::today());
    }
    Ok(())
}

/// Reads and checks the whole file before the database is opened, so a bad
/// file touches nothing; a database made for this import is removed again
/// when the import is refused.
pub fn import_all(db: &Path, args: &ImportAllArgs, keys: &mut super::secret::Source) -> Result<()> {
    let file = &args.file;
    let nothing = || format!("nothing was imported from {}", file.display());
    let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let transfer = Transfer::from_json(&bytes).with_context(nothing)?;
    let existed = std::fs::symlink_metadata(db).is_ok();
    let result = match super::secret::open(keys, db) {
        Ok(mut circle) => circle.import_all(&transfer).map_err(anyhow::Error::from),
        Err(e) => Err(e),
    };
    let imported = match result {
        Ok(imported) => imported,
        Err(error) => {
            if !existed {
                remove_new_database(db);
            }
            return Err(error).with_context(nothing);
        }
    };
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "Imported {}, {} and {} into {}.",
        plural(imported.groups, "group", "groups"),
        plural(imported.members, "member", "members"),
        plural(imported.meetings, "meeting", "meetings"),
        display(&db.display().to_string())
    );
    if imported.blank_cards > 0 {
        eprintln!(
            "{} came without their text (the file was exported without --include-cards), so they are blank.",
            plural(imported.blank_cards, "endings card", "endings cards")
        );
    }
    Ok(())
}

/// Removes a database file made by a refused import, with the files SQLite
/// keeps beside it.
fn remove_new_database(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
}

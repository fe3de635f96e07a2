//! The command line: the console by default, and subcommands for what people
//! script. Each subcommand says one clear sentence on failure.

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

mod backups;
mod config;
mod console;
mod groups;
mod meetings;
mod members;
mod secret;
pub mod shell;
mod transfer;

pub use groups::{GroupsCommand, ListFormat};
pub use transfer::{ExportArgs, ExportFormat, ImportAllArgs};

use crate::usecase::{Circle, today};

#[derive(Parser, Debug)]
#[command(name = "circle", version, about = "A calm, keyboard-driven console for facilitators of peer support groups.")]
pub struct Cli {
    /// The database file to use (default: circle.db in your data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Try circle on a throwaway database with a sample group; your own data is not touched.
    #[arg(long, conflicts_with = "db")]
    pub demo: bool,

    /// Plain appended lines for screen readers instead of the full-screen console (also CIRCLE_LINEAR=1, ACCESSIBLE=1 or TERM=dumb).
    #[arg(long, global = true)]
    pub linear: bool,

    /// Leave the mouse to the terminal, so you can select text with it; the console then takes no clicks or wheel.
    #[arg(long)]
    pub no_mouse: bool,

    /// For scripts: read the passphrase of an encrypted database from this open file descriptor, one line for each one asked for (never give a passphrase as an argument).
    #[arg(long, global = true, value_name = "N")]
    pub passphrase_fd: Option<u32>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Bring members in from CSV, or take them out.
    Members {
        #[command(subcommand)]
        command: MembersCommand,
    },
    /// The group agreement as Markdown.
    Agreement {
        #[command(subcommand)]
        command: AgreementCommand,
    },
    /// Make a whole copy of the database (into the backups folder beside it, or FILE).
    Backup {
        /// Where to write the copy (created readable only by you; must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Put a backup back in place of the database, after showing what it holds and asking.
    Restore {
        /// The backup to restore.
        file: PathBuf,
        /// Do not ask (for scripts); the current database is still backed up first.
        #[arg(long)]
        yes: bool,
    },
    /// Check the database for damage and say what was found.
    Check,
    /// Encrypt the database and its backups with a passphrase; without the passphrase nothing in them can be read, by anyone.
    Encrypt,
    /// Turn an encrypted database and its backups back into ordinary files, after asking.
    Decrypt {
        /// Do not ask (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Change the passphrase of an encrypted database and its backups.
    Passphrase,
    /// Write a large, made-up database for trying circle at scale and for benchmarks.
    Demo {
        /// How large: `large` is 200 groups, one of 5,000 members with 1,000 meetings.
        #[arg(long, value_enum, default_value_t = DemoScale::Large)]
        scale: DemoScale,
    },
    /// A group's size health as plain text (for email, printing or a screen reader) or JSON.
    Report {
        /// The group to report on, by name.
        #[arg(long, add = clap_complete::ArgValueCompleter::new(shell::group_names))]
        group: String,
        /// text (plain sentences, no box drawing) or json (every figure, for scripts).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write to this file (created readable only by you) instead of the screen.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Add the time each person had in the latest rounds, by name. Left out unless asked for: it is
        /// about people, not the group.
        #[arg(long)]
        speaking_times: bool,
        /// A report to send to a co-facilitator: the figures and advice, with counts in place of every name.
        #[arg(long, conflicts_with = "speaking_times")]
        share: bool,
    },
    /// A group's meetings: list them, or take away one recorded by mistake.
    Meetings {
        #[command(subcommand)]
        command: meetings::MeetingsCommand,
    },
    /// List the groups, or add one.
    Groups {
        #[command(subcommand)]
        command: GroupsCommand,
    },
    /// Everything (or one group) as one JSON file: to move to a new laptop, or for scripts.
    Export(ExportArgs),
    /// Fill an empty database from a file written by circle export: all of it, or nothing.
    ImportAll(ImportAllArgs),
    /// Print a completion script for a shell (man circle says where it goes).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print circle's manual page (roff), for man to show.
    Man,
    /// The settings file: where it is, a commented one to start from, and a check.
    Config {
        #[command(subcommand)]
        command: config::ConfigCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum AgreementCommand {
    /// Write a version of a group's agreement (the current one unless given) as Markdown.
    Export {
        /// The group whose agreement to write, by name.
        #[arg(long, add = clap_complete::ArgValueCompleter::new(shell::group_names))]
        group: String,
        /// Which version (the current one if left out).
        #[arg(long)]
        version: Option<u32>,
        /// Write to this file (created readable only by you) instead of the screen.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoScale {
    /// 200 groups; a stress group of 5,000 members, 1,000 meetings and 250,000 attendance rows.
    Large,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Plain sentences and labelled lines.
    Text,
    /// Every figure, for scripts.
    Json,
}

#[derive(Subcommand, Debug)]
pub enum MembersCommand {
    /// Add members from a CSV file: all rows, or none if any row is wrong.
    Import {
        /// The CSV file (comma, semicolon or tab between fields); a header row names the columns: circle's own (name, pronouns, contact, status, joined, notes, role, access needs, invite to speak) or other tools' (Full name, First Name and Last Name, Email, Phone, ...). Only a name is required; other columns are left out and named.
        file: PathBuf,
        /// The group to add them to.
        #[arg(long, add = clap_complete::ArgValueCompleter::new(shell::group_names))]
        group: String,
        /// Say what a column holds when circle's guess is wrong, as "HEADER=FIELD" (FIELD: name, first-name, last-name, pronouns, contact, status, joined, role, access-needs, invite-to-speak, notes, or skip to leave it out). Give it once for each column.
        #[arg(long, value_name = "HEADER=FIELD", value_parser = members::mapping)]
        map: Vec<(String, crate::domain::members_csv::Field)>,
        /// Which way the file writes dates such as 03/04/2026 (only needed when no date in the file settles it).
        #[arg(long, value_enum)]
        dates: Option<DateOrderArg>,
        /// Show what would be imported (who, with which status, the columns used and left out, repeats) and import nothing.
        #[arg(long)]
        dry_run: bool,
        /// What to do with a row that repeats someone (the same name and contact) already in the group or earlier in the file: skip it, or import it anyway. Without this, such rows stop the import.
        #[arg(long, value_enum)]
        repeats: Option<RepeatsArg>,
        /// Make the file's active people active even though the group is closed and past forming (the console asks first; without this, such rows stop the import).
        #[arg(long)]
        closed_anyway: bool,
        /// Make the file's active people active even past the most who can all be heard in a meeting (the console offers the waitlist; without this, such rows stop the import).
        #[arg(long)]
        full_anyway: bool,
    },
    /// Write a group's members as CSV or JSON.
    Export {
        /// The group whose members to write, by name.
        #[arg(long, add = clap_complete::ArgValueCompleter::new(shell::group_names))]
        group: String,
        /// csv (one row a person, the columns import reads) or json (everything kept about them).
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Write to this file (created readable only by you) instead of the screen.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Begin the CSV with a byte-order mark, so Excel on Windows reads accented names rightly (other programs do not need it).
        #[arg(long)]
        bom: bool,
    },
}

/// Which number comes first in dates written with slashes or dots.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrderArg {
    /// 14/03/2026: the day first, as in most of the world.
    DayFirst,
    /// 03/14/2026: the month first, as in the United States.
    MonthFirst,
}

/// What to do with rows that repeat someone.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepeatsArg {
    /// Leave them out.
    Skip,
    /// Import them as well.
    Import,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON, one object a person.
    Json,
}

/// Where the facilitator's own database lives.
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "circle", "circle")
        .context("could not find a data folder for this user (is HOME set?)")?;
    Ok(dirs.data_dir().join("circle.db"))
}

/// The database to use: the one given with `--db`, or the default one,
/// whose folder is made (readable only by you) on first use.
fn db_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(path) => Ok(path.clone()),
        None => {
            let path = default_db_path()?;
            if let Some(folder) = path.parent() {
                Circle::make_data_folder(folder)?;
            }
            Ok(path)
        }
    }
}

/// An error as one sentence: each step's context once, without a cause
/// that only repeats what was already said (SQLite's messages often come
/// twice, once from rusqlite and once from the library underneath).
pub fn sentence(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        // "Error code 11: Database disk image is malformed" repeats the
        // message before it, with a number nobody needs.
        let core = match text.strip_prefix("Error code ") {
            Some(rest) => rest.split_once(": ").map_or(rest, |(_, msg)| msg).to_string(),
            None => text.clone(),
        };
        if out.to_lowercase().contains(&core.to_lowercase()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

pub fn run(cli: Cli) -> Result<()> {
    let mut keys = secret::Source::new(cli.passphrase_fd)?;
    let keys = &mut keys;
    match &cli.command {
        None => console::console(&cli, keys),
        Some(Command::Members { command }) => {
            let mut circle = secret::open_existing(keys, &db_path(&cli)?)?;
            members::run(&mut circle, command)
        }
        Some(Command::Agreement { command: AgreementCommand::Export { group, version, out } }) => {
            let circle = secret::open_existing(keys, &db_path(&cli)?)?;
            let group = circle.group_named(group)?;
            // The Markdown carries no control character, so a file, a pipe
            // and the screen all get the same words.
            let md = circle.agreement_markdown(group.id, *version)?;
            members::write_out(out.as_deref(), md.as_bytes(), circle.path())
        }
        Some(Command::Backup { out }) => {
            let mut circle = secret::open_existing(keys, &db_path(&cli)?)?;
            let path = match out {
                Some(path) => {
                    circle.backup_to(path)?;
                    path.clone()
                }
                None => circle.backup_now(today())?,
            };
            println!("Backed up to {}.", crate::domain::text::display(&path.display().to_string()));
            Ok(())
        }
        Some(Command::Restore { file, yes }) => backups::restore(&db_path(&cli)?, file, *yes, keys),
        Some(Command::Check) => backups::check(&db_path(&cli)?, keys),
        Some(Command::Encrypt) => backups::encrypt(&db_path(&cli)?, keys),
        Some(Command::Decrypt { yes }) => backups::decrypt(&db_path(&cli)?, *yes, keys),
        Some(Command::Passphrase) => backups::change_passphrase(&db_path(&cli)?, keys),
        Some(Command::Demo { scale: DemoScale::Large }) => {
            let Some(path) = &cli.db else { bail!("give the file to write with --db PATH") };
            if path.exists() {
                bail!("{} is already there; the large demo is only written to a new file", path.display());
            }
            let started = std::time::Instant::now();
            let mut circle = Circle::open(path)?;
            circle.fill_large_demo(7).context("could not write the large demo")?;
            drop(circle);
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            println!(
                "Wrote {} ({:.1} MB) in {:.1} s.",
                path.display(),
                size as f64 / 1_000_000.0,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(Command::Report { group, format, out, speaking_times, share }) => {
            let circle = secret::open_existing(keys, &db_path(&cli)?)?;
            let group = circle.group_named(group)?;
            use crate::domain::health::Sharing;
            let sharing = match (speaking_times, share) {
                (_, true) => Sharing::TO_SHARE,
                (true, false) => Sharing::SPEAKING_TIMES,
                (false, false) => Sharing::FACILITATOR,
            };
            let report = circle.size_report_for(group.id, today(), sharing)?;
            let bytes = match format {
                ReportFormat::Text => crate::domain::health::report_text(&report).into_bytes(),
                ReportFormat::Json => crate::domain::text::json(&report)?,
            };
            match format {
                ReportFormat::Text => members::write_out_human(out.as_deref(), &bytes, circle.path()),
                ReportFormat::Json => members::write_out(out.as_deref(), &bytes, circle.path()),
            }
        }
        Some(Command::Meetings { command }) => {
            let mut circle = secret::open_existing(keys, &db_path(&cli)?)?;
            meetings::run(&mut circle, command)
        }
        Some(Command::Groups { command }) => {
            // Adding the first group makes the default database; a path
            // given with --db must be there already (a typo makes nothing).
            let mut circle = match command {
                GroupsCommand::Add { .. } if cli.db.is_none() => secret::open(keys, &db_path(&cli)?)?,
                _ => secret::open_existing(keys, &db_path(&cli)?)?,
            };
            let (settings, problems) = crate::settings::load(crate::settings::path().as_deref());
            for problem in &problems {
                eprintln!("circle: {}", config::capitalised(&problem.0));
            }
            circle.set_new_group_defaults(settings.new_group);
            groups::run(&mut circle, command, today())
        }
        Some(Command::Export(args)) => transfer::export(&db_path(&cli)?, args, keys),
        Some(Command::ImportAll(args)) => transfer::import_all(&db_path(&cli)?, args, keys),
        Some(Command::Completions { shell }) => shell::completions(*shell),
        Some(Command::Man) => shell::man(),
        Some(Command::Config { command }) => config::run(command),
    }
}

//! The command line: the console by default, and subcommands for what people
//! script. Each subcommand says one clear sentence on failure.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

mod backups;
mod config;
mod groups;
mod meetings;
mod members;
pub mod shell;
mod transfer;

pub use groups::{GroupsCommand, ListFormat};
pub use transfer::{ExportArgs, ExportFormat, ImportAllArgs};

use crate::tui::theme::Theme;
use crate::usecase::daily_backup::Running;
use crate::usecase::{Circle, Reopener, today};

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
    match &cli.command {
        None => console(&cli),
        Some(Command::Members { command }) => {
            let mut circle = Circle::open_existing(&db_path(&cli)?)?;
            members::run(&mut circle, command)
        }
        Some(Command::Agreement { command: AgreementCommand::Export { group, version, out } }) => {
            let circle = Circle::open_existing(&db_path(&cli)?)?;
            let group = circle.group_named(group)?;
            // The Markdown carries no control character, so a file, a pipe
            // and the screen all get the same words.
            let md = circle.agreement_markdown(group.id, *version)?;
            members::write_out(out.as_deref(), md.as_bytes(), circle.path())
        }
        Some(Command::Backup { out }) => {
            let mut circle = Circle::open_existing(&db_path(&cli)?)?;
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
        Some(Command::Restore { file, yes }) => backups::restore(&db_path(&cli)?, file, *yes),
        Some(Command::Check) => backups::check(&db_path(&cli)?),
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
            let circle = Circle::open_existing(&db_path(&cli)?)?;
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
            let mut circle = Circle::open_existing(&db_path(&cli)?)?;
            meetings::run(&mut circle, command)
        }
        Some(Command::Groups { command }) => {
            // Adding the first group makes the default database; a path
            // given with --db must be there already (a typo makes nothing).
            let mut circle = match command {
                GroupsCommand::Add { .. } if cli.db.is_none() => Circle::open(&db_path(&cli)?)?,
                _ => Circle::open_existing(&db_path(&cli)?)?,
            };
            let (settings, problems) = crate::settings::load(crate::settings::path().as_deref());
            for problem in &problems {
                eprintln!("circle: {}", config::capitalised(&problem.0));
            }
            circle.set_new_group_defaults(settings.new_group);
            groups::run(&mut circle, command, today())
        }
        Some(Command::Export(args)) => transfer::export(&db_path(&cli)?, args),
        Some(Command::ImportAll(args)) => transfer::import_all(&db_path(&cli)?, args),
        Some(Command::Completions { shell }) => shell::completions(*shell),
        Some(Command::Man) => shell::man(),
        Some(Command::Config { command }) => config::run(command),
    }
}

fn console(cli: &Cli) -> Result<()> {
    // Linear mode only reads and appends lines, so it needs no terminal.
    let linear = crate::linear::activation(cli.linear, &|name| std::env::var(name).ok());
    if linear.is_none() && (!std::io::stdin().is_terminal() || !std::io::stdout().is_terminal()) {
        bail!("the console needs a terminal to draw in; for scripts, use a subcommand (see circle --help)");
    }
    // What a circle killed outright left in the temporary folder (a demo,
    // a text given to $EDITOR) goes first.
    crate::scratch::sweep(&std::env::temp_dir());
    // The demo lives in a temporary folder that is removed on exit, with
    // its WAL and shared-memory files.
    let demo_dir;
    let path = if cli.demo {
        demo_dir = crate::scratch::Scratch::new("demo").context("could not make a temporary folder for the demo")?;
        demo_dir.path().join("demo.db")
    } else {
        db_path(cli)?
    };
    if cli.db.is_some() && !path.exists() && !agree_to_create(&path)? {
        println!("Nothing was created.");
        return Ok(());
    }
    // Failures out of sight (the daily backup, reading ahead) are noted in
    // a small log beside the database, never in a test's or another
    // database's folder.
    if let Some(log) = crate::logfile::beside(&path) {
        crate::logfile::install(log);
    }
    crate::logfile::quiet_background_panics();
    let mut circle = Circle::open(&path)?;
    if cli.demo {
        circle.fill_demo(today()).context("could not build the demo data")?;
    }
    // The daily backup is taken beside the console, on a connection of its
    // own after a quick check of the whole file. The full-screen console
    // starts it once the first frame is drawn, so nobody waits for it. A
    // damaged file shows at the first read that fails (the panes say so and
    // name circle check), and is never backed up. Records open read-only (a
    // full disk, a read-only file) have nothing new to back up.
    let backup = (!cli.demo && circle.read_only().is_none()).then(|| circle.reopener());
    open_console(circle, linear, !cli.no_mouse, backup)
}

/// Asks once before making a new database at a path given with `--db`,
/// so a mistyped path does not silently start an empty one.
fn agree_to_create(path: &Path) -> Result<bool> {
    use std::io::Write;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder.is_dir()
    {
        bail!("the folder {} does not exist; check the path given with --db", folder.display());
    }
    let shown = crate::domain::text::display(&path.display().to_string()).into_owned();
    print!("There is no circle database at {shown} yet. Create a new one there? [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(crate::present::yes_no(&answer) == Some(true))
}

/// Starts the daily backup on a thread of its own. A damaged file is never
/// copied over the good backups; what went wrong is said by the front end
/// that watches it, and noted in circle's log.
fn start_daily_backup(reopener: Reopener) -> Result<Running> {
    Running::start(reopener, today()).context("could not start the daily backup")
}

fn open_console(mut circle: Circle, linear: Option<String>, mouse: bool, backup: Option<Reopener>) -> Result<()> {
    let (settings, problems) = crate::settings::load(crate::settings::path().as_deref());
    circle.set_new_group_defaults(settings.new_group.clone());
    // An erasure left waiting by another program is finished now.
    let notice = match circle.finish_pending_erasure() {
        Ok(true) if circle.read_only().is_some() => Some(
            "An earlier erasure is still waiting: it is finished once circle can write to the file again.".to_string(),
        ),
        Ok(true) => Some("An earlier erasure is still waiting: another program has the file open.".to_string()),
        _ if circle.upgrade_waiting() => Some(
            "This file is from an earlier circle: you see it upgraded, and the file itself is upgraded once circle can write to it."
                .to_string(),
        ),
        _ => None,
    };
    let limits = crate::tui::theme::terminal_limits();
    let locale_notice = limits.not_utf8.as_ref().map(|locale| {
        format!(
            "The terminal's locale ({}) is not UTF-8, so names in other scripts may not show rightly; a UTF-8 \
             locale, such as C.UTF-8, shows everything.",
            crate::domain::text::display(locale)
        )
    });
    if let Some(reason) = linear {
        let notice = match (notice, locale_notice) {
            (Some(n), Some(l)) => Some(format!("{n} {l}")),
            (n, l) => n.or(l),
        };
        let backup = backup.map(start_daily_backup).transpose()?;
        let options =
            crate::linear::Options { notice, backup, dates: settings.date_style, ..crate::linear::Options::default() };
        let (mut input, mut output) = (std::io::stdin().lock(), std::io::stdout().lock());
        return crate::linear::run_with(circle, today(), &reason, options, &mut input, &mut output);
    }
    let mut app = crate::tui::App::new(circle, today(), Theme::named(settings.theme));
    app.ctx.dates = settings.date_style;
    crate::tui::widgets::big::set_plain_terminal(limits.plain_glyphs);
    if let Some(locale) = locale_notice {
        app.ctx.error(locale);
    }
    // A problem in the settings file is said once, in the footer; the
    // console runs on with what could be read.
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" ({} more: circle config check lists them)", n - 1),
        };
        app.ctx.error(format!("{}{more}", config::capitalised(&first.0)));
    }
    if let Some(notice) = notice {
        app.ctx.error(notice);
    }
    let motion_off = std::env::var_os("CIRCLE_REDUCED_MOTION").is_some_and(|v| !v.is_empty() && v != "0");
    app.ctx.reduced_motion = settings.reduced_motion || motion_off;
    // The mouse is on unless the settings or --no-mouse say otherwise.
    app.mouse = mouse && settings.mouse;
    crate::tui::restore_on_signals().context("could not set up signal handling")?;
    let mut terminal = match crate::tui::terminal::init(app.mouse) {
        Ok(terminal) => terminal,
        Err(e) => {
            crate::tui::terminal::restore();
            return Err(e).context("could not start the terminal");
        }
    };
    let result = crate::tui::run(&mut terminal, &mut app, |app| {
        app.read_ahead();
        match backup.map(start_daily_backup) {
            Some(Err(e)) => {
                app.ctx.error(sentence(&e));
                true
            }
            Some(Ok(running)) => {
                app.watch_backup(running);
                false
            }
            None => false,
        }
    });
    crate::tui::terminal::restore();
    // A reading ahead still under way finishes before the file can go
    // (the demo's is removed on the way out).
    app.wait_for_read_ahead();
    if let Some(notice) = app.finish_background() {
        eprintln!("circle: {notice}");
    }
    result.context("the terminal stopped working")
}

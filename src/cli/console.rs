//! The console itself, full-screen or linear: the settings, the question
//! before a new database is made, the daily backup beside it, and the
//! terminal taken over and given back.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::{Cli, config, db_path, secret, sentence};
use crate::tui::theme::Theme;
use crate::usecase::daily_backup::Running;
use crate::usecase::{Circle, Reopener, today};

pub fn console(cli: &Cli, keys: &mut secret::Source) -> Result<()> {
    // Linear mode only reads and appends lines, so it needs no terminal.
    let linear = crate::linear::activation(cli.linear, &|name| std::env::var(name).ok()).or_else(|| {
        let (settings, _) = crate::settings::load(crate::settings::path().as_deref());
        settings.linear.then(|| "the settings file says linear = true".to_string())
    });
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
    // In linear mode the first line says so, also before this question.
    let asked = cli.db.is_some() && !path.exists();
    if asked && !agree_to_create(&path, linear.as_deref())? {
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
    // An encrypted database is unlocked before anything else opens it
    // (the demo never is encrypted).
    let mut circle = if !cli.demo && Circle::is_encrypted(&path) {
        match &linear {
            _ if !keys.interactive() => {
                keys.unlock(&path, "the database", |key| Circle::open_with(&path, Some(key)))?
            }
            Some(_) => {
                crate::linear::unlock::unlock(&path, &mut std::io::stdin().lock(), &mut std::io::stdout().lock())?
            }
            None => crate::tui::unlock::run(&path)?,
        }
    } else {
        Circle::open(&path)?
    };
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
    open_console(circle, linear.map(|reason| (reason, asked)), !cli.no_mouse, backup)
}

/// Asks once before making a new database at a path given with `--db`,
/// so a mistyped path does not silently start an empty one.
fn agree_to_create(path: &Path, linear: Option<&str>) -> Result<bool> {
    use std::io::Write;
    if let Some(reason) = linear {
        println!("Linear mode is on because {reason}.");
    }
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

/// `linear`: why linear mode is on, and whether that was said already.
fn open_console(
    mut circle: Circle,
    linear: Option<(String, bool)>,
    mouse: bool,
    backup: Option<Reopener>,
) -> Result<()> {
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
    if let Some((reason, announced)) = linear {
        // Problems in the settings file are said at the start, as the
        // console says them in its footer.
        let problems = problems.iter().map(|p| config::capitalised(&p.0));
        let notices: Vec<String> = notice.into_iter().chain(locale_notice).chain(problems).collect();
        let notice = (!notices.is_empty()).then(|| notices.join(" "));
        let backup = backup.map(start_daily_backup).transpose()?;
        let options = crate::linear::Options {
            notice,
            backup,
            dates: settings.date_style,
            bell: settings.bell,
            announced,
            ..crate::linear::Options::default()
        };
        // A card is read with the terminal's echo off: a signal then must
        // not leave the terminal silent.
        crate::linear::restore_on_signals().context("could not set up signal handling")?;
        let (mut input, mut output) = (crate::linear::Terminal::stdin(), std::io::stdout().lock());
        return crate::linear::run_lines(circle, today(), &reason, options, &mut input, &mut output);
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

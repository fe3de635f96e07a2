//! The databases the benchmark opens, made once in `target/bench/` and kept
//! between runs. No two that circle backs up share a folder, because its
//! daily backup goes to `backups/` beside the database under a name made
//! from the date alone (`large.db` shares `target/bench/` only with the
//! in-process benchmark's databases, which are never backed up).
//!
//! - `large.db`: `circle demo --scale large`, circle's own generator.
//! - `demo/demo.db`: what `circle --demo` builds, copied out of a running
//!   demo (no command writes it to a file).
//! - `roster/large.db`: a copy of `large.db` whose endings activity is
//!   over, so circle opens the stress group on the roster.
//! - `others/others.db`: the same shape as the large one's stress group,
//!   written the way other programs would write it (`others.rs`).

use std::error::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rusqlite::{Connection, OpenFlags, params};

use crate::measure::Target;

pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The environment every program runs in: a home, settings and temporary
/// folder of the benchmark's own, so no one's settings file or data is
/// read, and no setting of the shell turns on linear mode.
pub fn environment(bench: &Path) -> Vec<(&'static str, Option<OsString>)> {
    let home = bench.join("home");
    let dir = |name: &str| Some(home.join(name).into_os_string());
    let mut env = vec![
        ("HOME", Some(home.clone().into_os_string())),
        ("XDG_CONFIG_HOME", dir("config")),
        ("XDG_DATA_HOME", dir("data")),
        ("XDG_STATE_HOME", dir("state")),
        ("TMPDIR", dir("tmp")),
        ("TERM", Some("xterm-256color".into())),
        ("LINES", None),
        ("COLUMNS", None),
        ("CIRCLE_LINEAR", None),
        ("ACCESSIBLE", None),
        ("CIRCLE_REDUCED_MOTION", None),
        ("NO_COLOR", None),
    ];
    if std::env::var_os("LANG").is_none() && std::env::var_os("LC_ALL").is_none() {
        env.push(("LANG", Some("C.UTF-8".into())));
    }
    env
}

pub fn command(program: &Path, env: &[(&'static str, Option<OsString>)]) -> Command {
    let mut cmd = Command::new(program);
    for (key, value) in env {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

pub fn succeed(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd.output()?;
    if !out.status.success() {
        return Err(format!("{what} failed: {}", String::from_utf8_lossy(&out.stderr).trim()).into());
    }
    Ok(())
}

/// `circle demo --scale large`: 200 groups, a stress group of 5,000
/// members, 1,000 meetings, 50 agreement versions and an endings activity
/// in progress.
pub fn large(circle: &Path, env: &[(&'static str, Option<OsString>)], path: &Path) -> Result<()> {
    let started = Instant::now();
    succeed(command(circle, env).arg("--db").arg(path).args(["demo", "--scale", "large"]), "circle demo")?;
    eprintln!("tui: wrote {} in {:.1} s", path.display(), started.elapsed().as_secs_f64());
    Ok(())
}

/// A copy of the large database whose endings activity is over, so
/// circle opens the stress group on the roster rather than on the reading.
pub fn roster(large: &Path, path: &Path) -> Result<()> {
    let source = Connection::open_with_flags(large, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    source.backup(rusqlite::MAIN_DB, path, None)?;
    drop(source);
    Connection::open(path)?.execute("UPDATE endings_activities SET stage = 'finished'", [])?;
    Ok(())
}

/// The database `circle --demo` builds: a demo is started in a
/// pseudo-terminal, its throwaway file copied with SQLite's backup API
/// once the roster shows, and the demo quit.
pub fn demo(circle: &Path, env: &[(&'static str, Option<OsString>)], bench: &Path, path: &Path) -> Result<()> {
    let tmp = bench.join("home").join("tmp");
    let target = Target {
        name: "make-demo",
        cmd: vec![circle.into(), "--demo".into()],
        cwd: bench.to_path_buf(),
        env: env.to_vec(),
        expect: "",
        keys: Vec::new(),
        quit: "q",
        floor: "",
    };
    let copied = crate::measure::while_running(&target, "showing current members", || {
        let found = std::fs::read_dir(&tmp)?
            .flatten()
            .map(|e| e.path().join("demo.db"))
            .find(|p| {
                p.parent().and_then(|d| d.file_name()).is_some_and(|n| n.to_string_lossy().starts_with("circle-demo-"))
                    && p.exists()
            })
            .ok_or("the demo's database was not found")?;
        let source = Connection::open_with_flags(&found, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        source.backup(rusqlite::MAIN_DB, path, None)?;
        Ok(())
    });
    copied?;
    eprintln!("tui: copied the --demo database to {}", path.display());
    Ok(())
}

/// Records in a database the group and tab circle opens on, as a
/// facilitator who works in that group would have them remembered:
/// without it circle opens the first group by name ("Circle 001", 30
/// people), and on the tab it was last closed on.
pub fn remember(path: &Path, group: &str) -> Result<()> {
    let db = Connection::open(path)?;
    let id: i64 = db.query_row("SELECT id FROM groups WHERE name = ?1", [group], |r| r.get(0))?;
    for (key, value) in [("current_group", id.to_string()), ("current_tab", "Roster".to_string())] {
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    Ok(())
}

/// The group of 5,000 in the large databases.
pub const STRESS: &str = "Stress Circle";

/// Where each database lives, and the group circle is to open on.
pub const DATABASES: [(&str, &str); 4] = [
    ("large.db", STRESS),
    ("roster/large.db", STRESS),
    ("demo/demo.db", "Riverside Wellbeing Circle"),
    ("others/others.db", STRESS),
];

/// Makes whichever database is missing.
pub fn make_missing(circle: &Path, bench: &Path, env: &[(&'static str, Option<OsString>)]) -> Result<()> {
    for (file, _) in DATABASES {
        let path: PathBuf = bench.join(file);
        if path.exists() {
            continue;
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        match file {
            "large.db" => large(circle, env, &path)?,
            "roster/large.db" => roster(&bench.join("large.db"), &path)?,
            "demo/demo.db" => demo(circle, env, bench, &path)?,
            _ => crate::others::write(circle, env, bench, &path)?,
        }
    }
    Ok(())
}

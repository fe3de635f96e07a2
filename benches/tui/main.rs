//! The whole-process benchmark: circle as a person meets it, beside a bare
//! ratatui app and a SQLite "floor", each started again and again in a
//! fresh 120x40 pseudo-terminal. For every run it measures the time to the
//! first useful frame, the time from a key to the screen it asks for,
//! peak memory, and CPU and wake-ups while idle, and checks that the
//! program quits cleanly and gives the terminal back (see
//! `benches/README.md`).
//!
//! ```sh
//! cargo bench --bench tui                              # 8 reps + 1 warm-up, 5 s idle
//! cargo bench --bench tui -- --reps 3 --idle 2         # quicker
//! cargo bench --bench tui -- --only circle-others --only floor-others
//! ```
//!
//! Linux only: memory, CPU and wake-ups are read from `/proc`.

mod data;
mod measure;
mod others;
mod report;

use std::error::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use measure::{Step, Target};

struct Options {
    reps: usize,
    warmup: usize,
    idle: Duration,
    key_reps: usize,
    only: Vec<String>,
    seed: u64,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
        let mut options =
            Options { reps: 8, warmup: 1, idle: Duration::from_secs(5), key_reps: 6, only: Vec::new(), seed: 1 };
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                "--reps" => options.reps = value()?.parse().map_err(|e| format!("--reps: {e}"))?,
                "--warmup" => options.warmup = value()?.parse().map_err(|e| format!("--warmup: {e}"))?,
                "--idle" => {
                    let seconds: f64 = value()?.parse().map_err(|e| format!("--idle: {e}"))?;
                    options.idle = Duration::from_secs_f64(seconds);
                }
                // Even, so that every run of a target with two steps ends
                // on the step it started from.
                "--key-reps" => options.key_reps = value()?.parse().map_err(|e| format!("--key-reps: {e}"))?,
                "--only" => options.only.push(value()?),
                "--seed" => options.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
                // cargo bench passes this to every bench target.
                "--bench" => {}
                other => return Err(format!("unknown option {other}; see benches/README.md")),
            }
        }
        Ok(options)
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let options = Options::parse(std::env::args().skip(1))?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = root.join("target").join("bench");
    for folder in ["bin", "home/tmp", "home/config", "home/data", "home/state"] {
        std::fs::create_dir_all(bench.join(folder))?;
    }
    let bin = binaries(root, &bench)?;
    let env = data::environment(&bench);
    data::make_missing(&bin.join("circle"), &bench, &env)?;
    // circle opens on the group and tab it had open when last closed (an
    // endings activity in progress takes precedence): each run starts from
    // the stress group's (or the demo group's) roster.
    for (file, group) in data::DATABASES {
        data::remember(&bench.join(file), group)?;
    }
    let targets: Vec<_> = suite(&bin, &bench, &env)
        .into_iter()
        .filter(|t| options.only.is_empty() || options.only.iter().any(|o| o == t.name))
        .collect();

    let load_before = loadavg();
    let started = Instant::now();
    let mut results: Vec<Vec<measure::Run>> = vec![Vec::new(); targets.len()];
    let mut order: Vec<usize> = (0..targets.len()).collect();
    let mut rng = options.seed.max(1);
    let total = (options.reps + options.warmup) * targets.len();
    let mut done = 0;
    for rep in 0..options.warmup + options.reps {
        shuffle(&mut order, &mut rng);
        for &i in &order {
            let run = measure::run_once(&targets[i], options.idle, options.key_reps);
            done += 1;
            let keys: Vec<String> = run.keys.iter().map(|k| format!("{:.2}", k.1)).collect();
            eprintln!(
                "[{done}/{total}] {} {:<14} frame {} ms, keys [{}] ms, {} MB, idle {} ms{}",
                if rep < options.warmup { "warm-up" } else { "rep" },
                targets[i].name,
                run.first_frame.map_or("-".into(), |v| format!("{v:.1}")),
                keys.join(" "),
                run.peak_rss.map_or("-".into(), |v| format!("{v:.1}")),
                run.idle_cpu.map_or("-".into(), |v| format!("{v:.2}")),
                if run.ok() { String::new() } else { format!("; {}", run.errors.join("; ")) },
            );
            if rep >= options.warmup {
                results[i].push(run);
            }
        }
    }
    let context = report::Context {
        revision: revision(root),
        reps: options.reps,
        warmup: options.warmup,
        idle_s: options.idle.as_secs_f64(),
        cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_before,
        load_after: loadavg(),
        wall_s: started.elapsed().as_secs_f64(),
    };
    let md = report::markdown(&targets, &results, &context);
    println!("{md}");
    std::fs::write(bench.join("summary.md"), &md)?;
    std::fs::write(
        bench.join("results.json"),
        serde_json::to_string_pretty(&report::json(&targets, &results, &context))?,
    )?;
    eprintln!("tui: the summary is in {}, every run in results.json beside it", bench.join("summary.md").display());
    let all_ok = results.iter().flatten().all(measure::Run::ok);
    if all_ok { Ok(()) } else { Err("some runs failed; see the errors above".into()) }
}

/// The targets, all at 120x40. Each expected text is one only its own
/// pane shows: every tab's title is always on screen in the tab row, so a
/// title alone cannot mark a pane.
fn suite(bin: &Path, bench: &Path, env: &[(&'static str, Option<OsString>)]) -> Vec<Target> {
    let path = |p: &str| -> OsString { bench.join(p).into_os_string() };
    let exe = |name: &str| -> OsString { bin.join(name).into_os_string() };
    let plain = vec![
        Step { send: "2", expect: "Size health pane", tag: "size" },
        Step { send: "1", expect: "Roster:", tag: "roster" },
    ];
    let (roster, size) = ("showing current members", "people at each meeting");
    let target = |name, cmd: Vec<OsString>, expect, keys, floor| Target {
        name,
        cmd,
        cwd: bench.to_path_buf(),
        env: env.to_vec(),
        expect,
        keys,
        quit: "q",
        floor,
    };
    let circle = |db: &str| vec![exe("circle"), "--db".into(), path(db)];
    vec![
        target("bare", vec![exe("bare")], "Roster:", plain.clone(), "floor"),
        target("floor", vec![exe("floor"), path("large.db")], "Roster:", plain.clone(), "floor"),
        // The demo group has no endings activity in progress: it opens on
        // the roster, as remembered.
        target(
            "circle-demo",
            circle("demo/demo.db"),
            roster,
            vec![Step { send: "2", expect: size, tag: "size" }, Step { send: "1", expect: roster, tag: "roster" }],
            "floor",
        ),
        // The stress group has one, so circle opens on the Endings tab.
        target(
            "circle-stress",
            circle("large.db"),
            "read so far",
            vec![Step { send: "1", expect: roster, tag: "roster" }, Step { send: "2", expect: size, tag: "size" }],
            "floor",
        ),
        // The same database with its endings activity finished, so circle
        // opens on the roster, as it does on the next one.
        target(
            "circle-stress-roster",
            circle("roster/large.db"),
            roster,
            vec![Step { send: "2", expect: size, tag: "size" }, Step { send: "1", expect: roster, tag: "roster" }],
            "floor",
        ),
        target(
            "circle-others",
            circle("others/others.db"),
            roster,
            vec![Step { send: "2", expect: size, tag: "size" }, Step { send: "1", expect: roster, tag: "roster" }],
            "floor",
        ),
    ]
}

/// circle (built by cargo for this bench, with the release settings) and
/// the two baselines (built here), copied to `target/bench/bin/`, so that
/// a `cargo build` elsewhere cannot swap a binary in the middle of a run.
fn binaries(root: &Path, bench: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--example", "bare", "--example", "floor"])
        .status()?;
    if !status.success() {
        return Err("could not build the bare and floor examples".into());
    }
    let circle = PathBuf::from(env!("CARGO_BIN_EXE_circle"));
    let release = circle.parent().ok_or("no folder for the circle binary")?;
    let bin = bench.join("bin");
    std::fs::copy(&circle, bin.join("circle"))?;
    for example in ["bare", "floor"] {
        std::fs::copy(release.join("examples").join(example), bin.join(example))?;
    }
    Ok(bin)
}

/// The commit measured, and whether the code differs from it.
fn revision(root: &Path) -> String {
    let git = |args: &[&str]| Command::new("git").current_dir(root).args(args).output().ok();
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]).filter(|o| o.status.success()) else {
        return "(not a git checkout)".into();
    };
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let clean = git(&["diff", "--quiet", "HEAD", "--", "src", "benches", "Cargo.toml", "Cargo.lock"])
        .is_some_and(|o| o.status.success());
    if clean { format!("`{head}`") } else { format!("`{head}` + uncommitted changes") }
}

fn loadavg() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().next().unwrap_or("?").to_string()
}

/// Fisher–Yates with xorshift64: each rep runs the targets in a new order,
/// the same for a given seed.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        order.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

//! Medians and ratios of one run of the suite, as Markdown, and every
//! measurement as JSON.

use std::fmt::Write as _;

use crate::measure::{Run, Target};

/// What the report says about the run besides the figures.
pub struct Context {
    pub revision: String,
    pub reps: usize,
    pub warmup: usize,
    pub idle_s: f64,
    pub cpus: usize,
    pub load_before: String,
    pub load_after: String,
    pub wall_s: f64,
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// The medians of one target over its good runs; key latency is pooled
/// over every press of every run.
#[derive(Default)]
struct Summary {
    frame: Option<f64>,
    frame_min: Option<f64>,
    frame_max: Option<f64>,
    key: Option<f64>,
    key_done: Option<f64>,
    rss: Option<f64>,
    idle_cpu: Option<f64>,
    idle_wakeups: Option<f64>,
    cpu_at_frame: Option<f64>,
    host_busy: Option<f64>,
    ok: usize,
    runs: usize,
    clean: usize,
    restored: usize,
}

fn summarise(runs: &[Run]) -> Summary {
    let good: Vec<&Run> = runs.iter().filter(|r| r.ok()).collect();
    let each = |f: fn(&Run) -> Option<f64>| good.iter().filter_map(|r| f(r)).collect::<Vec<f64>>();
    let frames = each(|r| r.first_frame);
    Summary {
        frame: median(frames.clone()),
        frame_min: frames.iter().copied().reduce(f64::min),
        frame_max: frames.iter().copied().reduce(f64::max),
        key: median(good.iter().flat_map(|r| r.keys.iter().map(|k| k.1)).collect()),
        key_done: median(good.iter().flat_map(|r| r.keys.iter().filter_map(|k| k.2)).collect()),
        rss: median(each(|r| r.peak_rss)),
        idle_cpu: median(each(|r| r.idle_cpu)),
        idle_wakeups: median(each(|r| r.idle_wakeups)),
        cpu_at_frame: median(each(|r| r.cpu_at_first_frame)),
        host_busy: median(each(|r| r.host_busy)),
        ok: good.len(),
        runs: runs.len(),
        clean: runs.iter().filter(|r| r.clean_exit).count(),
        restored: runs.iter().filter(|r| r.restored).count(),
    }
}

fn key_for(runs: &[Run], tag: &str) -> Option<f64> {
    median(runs.iter().filter(|r| r.ok()).flat_map(|r| r.keys.iter().filter(|k| k.0 == tag).map(|k| k.1)).collect())
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".into(), |v| format!("{v:.digits$}"))
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".into(),
    }
}

pub fn markdown(targets: &[Target], results: &[Vec<Run>], context: &Context) -> String {
    let sums: Vec<Summary> = results.iter().map(|r| summarise(r)).collect();
    let find = |name: &str| targets.iter().position(|t| t.name == name).map(|i| &sums[i]);
    let bare = find("bare");
    let busy = median(sums.iter().filter_map(|s| s.host_busy).collect());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "circle {}; {} reps (+{} warm-up), targets interleaved in shuffled order, 120x40, {} s idle window; \
         {} CPUs; load average {} before, {} after; the whole machine {}% busy during idle windows (median); \
         {:.0} s in all.",
        context.revision,
        context.reps,
        context.warmup,
        context.idle_s,
        context.cpus,
        context.load_before,
        context.load_after,
        num(busy, 0),
        context.wall_s,
    );
    out.push_str("\nMedians (key latency pooled over every press of every run):\n\n");
    out.push_str(
        "| target | first frame ms | key ms | peak RSS MB | idle CPU ms | idle wake-ups | frame × bare | frame × floor \
         | key × bare | key × floor | RSS × bare | RSS × floor | ok runs |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (target, s) in targets.iter().zip(&sums) {
        let floor = find(target.floor);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}/{} |",
            target.name,
            num(s.frame, 1),
            num(s.key, 2),
            num(s.rss, 1),
            num(s.idle_cpu, 2),
            num(s.idle_wakeups, 0),
            ratio(s.frame, bare.and_then(|b| b.frame)),
            ratio(s.frame, floor.and_then(|f| f.frame)),
            ratio(s.key, bare.and_then(|b| b.key)),
            ratio(s.key, floor.and_then(|f| f.key)),
            ratio(s.rss, bare.and_then(|b| b.rss)),
            ratio(s.rss, floor.and_then(|f| f.rss)),
            s.ok,
            s.runs,
        );
    }
    out.push_str("\nBy step and beside the medians:\n\n");
    out.push_str(
        "| target | key to Roster ms | key to Size health ms | key to last byte ms | first frame min–max ms \
         | CPU before first frame ms | clean exit | terminal restored |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for ((target, s), runs) in targets.iter().zip(&sums).zip(results) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}–{} | {} | {}/{} | {}/{} |",
            target.name,
            num(key_for(runs, "roster"), 2),
            num(key_for(runs, "size"), 2),
            num(s.key_done, 2),
            num(s.frame_min, 1),
            num(s.frame_max, 1),
            num(s.cpu_at_frame, 1),
            s.clean,
            s.runs,
            s.restored,
            s.runs,
        );
    }
    let errors: Vec<String> = targets
        .iter()
        .zip(results)
        .flat_map(|(t, runs)| runs.iter().flat_map(move |r| r.errors.iter().map(move |e| format!("- {}: {e}", t.name))))
        .collect();
    if !errors.is_empty() {
        out.push_str("\nErrors:\n\n");
        out.push_str(&errors.join("\n"));
        out.push('\n');
    }
    out
}

/// Every measurement of every run, for a closer look.
pub fn json(targets: &[Target], results: &[Vec<Run>], context: &Context) -> serde_json::Value {
    let runs = |runs: &[Run]| -> Vec<serde_json::Value> {
        runs.iter()
            .map(|r| {
                serde_json::json!({
                    "errors": r.errors,
                    "first_frame_ms": r.first_frame,
                    "cpu_at_first_frame_ms": r.cpu_at_first_frame,
                    "idle_cpu_ms": r.idle_cpu,
                    "idle_wakeups": r.idle_wakeups,
                    "host_busy_pct": r.host_busy,
                    "keys": r.keys.iter().map(|(tag, ms, done)| serde_json::json!({"step": tag, "ms": ms, "last_byte_ms": done})).collect::<Vec<_>>(),
                    "peak_rss_mb": r.peak_rss,
                    "clean_exit": r.clean_exit,
                    "terminal_restored": r.restored,
                })
            })
            .collect()
    };
    serde_json::json!({
        "revision": context.revision,
        "reps": context.reps,
        "warmup": context.warmup,
        "idle_s": context.idle_s,
        "cpus": context.cpus,
        "load_before": context.load_before,
        "load_after": context.load_after,
        "targets": targets.iter().zip(results).map(|(t, r)| serde_json::json!({
            "name": t.name,
            "command": t.cmd.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>(),
            "runs": runs(r),
        })).collect::<Vec<_>>(),
    })
}

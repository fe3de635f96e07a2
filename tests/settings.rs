//! The settings file through the real binary: `circle config`, and the
//! settings reaching what circle does (new groups, the console's dates and
//! theme, a broken file named on screen).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::{NewGroup, Openness};
use circle::settings::DateStyle;
use circle::store::Store;
use circle::tui::App;
use circle::tui::theme::Theme;
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn circle(config: &Path, home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("circle").unwrap();
    cmd.env("CIRCLE_CONFIG", config).env("XDG_DATA_HOME", home.join("data")).env("HOME", home);
    cmd
}

fn out(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn config_init_writes_a_commented_file_once_and_check_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("conf").join("config.toml");
    let path = circle(&config, dir.path()).args(["config", "path"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&path.stdout).trim(), config.display().to_string());

    let first = circle(&config, dir.path()).args(["config", "init"]).output().unwrap();
    assert!(first.status.success(), "{}", out(&first));
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.contains("theme = \"auto\"") && written.contains("# "), "{written}");
    assert_eq!(std::fs::metadata(&config).unwrap().permissions().mode() & 0o777, 0o600);

    // A second init keeps the facilitator's file as it is.
    std::fs::write(&config, "[console]\ntheme = \"dark\"\n").unwrap();
    let again = circle(&config, dir.path()).args(["config", "init"]).output().unwrap();
    assert!(!again.status.success());
    assert!(out(&again).contains("already there"), "{}", out(&again));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "[console]\ntheme = \"dark\"\n");

    let check = circle(&config, dir.path()).args(["config", "check"]).output().unwrap();
    assert!(check.status.success(), "{}", out(&check));
}

#[test]
fn config_check_names_the_broken_line_and_the_unknown_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[console]\n\ntheme = dark\n").unwrap();
    let broken = circle(&config, dir.path()).args(["config", "check"]).output().unwrap();
    assert!(!broken.status.success());
    assert!(out(&broken).contains("line 3"), "{}", out(&broken));

    std::fs::write(&config, "[console]\ncolour = \"blue\"\n").unwrap();
    let unknown = circle(&config, dir.path()).args(["config", "check"]).output().unwrap();
    assert!(!unknown.status.success());
    assert!(out(&unknown).contains("“colour”"), "{}", out(&unknown));
}

#[test]
fn new_groups_start_with_the_settings_files_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[new_group]\nopenness = \"closed\"\nmin_size = 3\nmeeting_minutes = 120\n").unwrap();
    let added = circle(&config, dir.path()).args(["groups", "add", "Tuesday"]).output().unwrap();
    assert!(added.status.success(), "{}", out(&added));
    assert!(out(&added).contains("(closed)"), "{}", out(&added));
    let open = circle(&config, dir.path()).args(["groups", "add", "Thursday", "--open"]).output().unwrap();
    assert!(out(&open).contains("(open)"), "{}", out(&open));

    let store = Store::open(&dir.path().join("data").join("circle").join("circle.db")).unwrap();
    let groups = store.groups().unwrap();
    assert_eq!(groups.len(), 2);
    for g in &groups {
        assert_eq!((g.settings.min_size, g.settings.meeting_minutes), (3, 120), "{}", g.name);
    }
}

#[test]
fn the_console_writes_days_as_the_settings_say() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    store
        .create_group(&NewGroup { name: "Tuesday".into(), focus: String::new(), openness: Openness::Open }, day)
        .unwrap();
    let mut app = App::new(Circle::new(store), day, Theme { color: false, ..Theme::default() });
    let screen = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| app.render(frame)).unwrap();
        terminal.backend().to_string()
    };
    assert!(screen(&app).contains("Thu 26 Nov 2026"));
    app.ctx.dates = DateStyle::MonthDay;
    assert!(screen(&app).contains("Thu Nov 26 2026"));
    app.ctx.dates = DateStyle::Iso;
    assert!(screen(&app).contains("2026-11-26"));
}

#[test]
fn new_group_defaults_apply_to_groups_made_in_the_console_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("c.db")).unwrap();
    let mut circle = Circle::new(store);
    let (settings, problems) = circle::settings::parse("[new_group]\nmin_size = 6\nreview_interval_days = 30\n");
    assert!(problems.is_empty());
    circle.set_new_group_defaults(settings.new_group);
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let g = circle
        .create_group(&NewGroup { name: "Evening".into(), focus: "carers".into(), openness: Openness::Closed }, day)
        .unwrap();
    assert_eq!((g.settings.min_size, g.settings.review_interval_days), (6, 30));
    assert_eq!((g.settings.focus.as_str(), g.settings.openness), ("carers", Openness::Closed));
}

/// A successor made when a group closes is a new group like any other: it
/// starts with the settings file's numbers, and the focus and openness of
/// the group it follows.
#[test]
fn a_successor_group_starts_with_the_settings_files_defaults_too() {
    use circle::domain::{CardStyle, EndingMode, GroupStatus, MemberFields, MemberStatus};
    use circle::usecase::endings::{Participants, StartActivity, WhatNext};
    use circle::usecase::membership::Answers;
    let dir = tempfile::tempdir().unwrap();
    let mut circle = Circle::open(&dir.path().join("c.db")).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let new = NewGroup { name: "Evening".into(), focus: "carers".into(), openness: Openness::Closed };
    let group = circle.create_group(&new, day).unwrap().id;
    for name in ["Ann", "Bo", "Cy"] {
        circle.add_member(group, MemberFields::named(name), MemberStatus::Active, day, Answers::ALL).unwrap();
    }
    let (settings, problems) = circle::settings::parse("[new_group]\nmin_size = 6\nreview_interval_days = 30\n");
    assert!(problems.is_empty());
    circle.set_new_group_defaults(settings.new_group);
    let start = StartActivity {
        held_on: day,
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Paper,
        chain: false,
        participants: Participants::Active,
    };
    let activity = circle.start_activity(group, &start, day).unwrap().id;
    let next = WhatNext { status: Some(GroupStatus::Closed), successor: "Evening Two".into(), carry: String::new() };
    circle.finish_activity(activity, &next, day).unwrap();
    let successor = circle.group_named("Evening Two").unwrap();
    assert_eq!((successor.settings.min_size, successor.settings.review_interval_days), (6, 30));
    assert_eq!((successor.settings.focus.as_str(), successor.settings.openness), ("carers", Openness::Closed));
}

/// Tab completion as bash does it: the script sourced, the completion
/// function asked for the words after `circle con` and `circle config `.
#[test]
fn bash_completes_commands_and_their_subcommands() {
    if std::process::Command::new("bash").arg("--version").output().is_err() {
        eprintln!("no bash here; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("circle.bash");
    let out = Command::cargo_bin("circle").unwrap().args(["completions", "bash"]).output().unwrap();
    std::fs::write(&script, out.stdout).unwrap();
    let ask = |line: &str| {
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            "source {script}; COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}; \
             COMP_TYPE=9; _clap_complete_circle circle '{current}' '{previous}'; IFS=' '; echo \"${{COMPREPLY[*]}}\"",
            script = script.display(),
            words = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
            cword = words.len() - 1,
            point = line.len(),
            current = words[words.len() - 1],
            previous = words[words.len() - 2],
        );
        let out = std::process::Command::new("bash").arg("-c").arg(program).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(ask("circle con"), "config");
    let config = ask("circle config ");
    assert!(["path", "init", "check"].iter().all(|w| config.split(' ').any(|c| c == *w)), "{config}");
    assert!(ask("circle gr").contains("groups"));
    // Group names, from the database the line names.
    let db = dir.path().join("c.db");
    std::fs::File::create(&db).unwrap();
    let add = Command::cargo_bin("circle").unwrap().arg("--db").arg(&db).args(["groups", "add", "Tuesday"]).output();
    assert!(add.unwrap().status.success());
    assert_eq!(ask(&format!("circle --db {} report --group Tu", db.display())), "Tuesday");
}

#[test]
fn a_pipe_as_the_settings_file_is_named_at_once_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    assert!(std::process::Command::new("mkfifo").arg(&config).status().unwrap().success());
    let started = std::time::Instant::now();
    let check = circle(&config, dir.path())
        .args(["config", "check"])
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(9), "circle waited on the pipe");
    assert!(!check.status.success());
    assert!(out(&check).contains("not an ordinary file"), "{}", out(&check));
}

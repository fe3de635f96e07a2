//! The non-interactive subcommands, run as the real binary on real files.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::NewGroup;
use circle::domain::Openness;
use circle::store::Store;

fn circle(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("circle").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn db_with_group(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join("circle.db");
    let mut store = Store::open(&path).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    store.create_group(&NewGroup { name: name.into(), focus: String::new(), openness: Openness::Open }, day).unwrap();
    path
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const ROWS: &str = "name,pronouns,contact,status,joined,notes\n\
Zoë,she/her,zoe@example.org,active,2026-01-05,\"likes tea, not coffee\"\n\
سارا,,,waitlist,,\n\
\"Ann \"\"Nan\"\" Lee\",they/them,,on_break,2025-12-01,\"two\nlines\"\n\
👩🏽‍🦱 Ife,,,enquiry,,e\u{301}\n";

#[test]
fn import_then_export_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, ROWS).unwrap();
    circle(&db).args(["members", "import"]).arg(&csv).args(["--group", "Tuesday"]).assert().success();
    let out = circle(&db).args(["members", "export", "--group", "Tuesday"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), ROWS);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "\u{feff}name,status\r\nAnn,active\r\nBo,waitlist\r\n").unwrap();
    circle(&db).args(["members", "import"]).arg(&csv).args(["--group", "Tuesday"]).assert().success();
    let out = circle(&db).args(["members", "export", "--group", "Tuesday"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\nAnn,,,active,,\nBo,,,waitlist,,\n"), "{text}");
}

#[test]
fn a_malformed_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let before = std::fs::read(&db).unwrap();
    let cases = [
        ("name,status\nAnn,active\nBo,retired\n", "line 3"),
        ("name,notes\nAnn,\"never closed\nBo,x\n", "line 2"),
        ("name,notes\nAnn,a,b\n", "line 2"),
        ("name,joined\nAnn,2026-02-30\n", "line 2"),
        ("pronouns,favourite colour\nshe/her,blue\n", "no column holds the names"),
    ];
    for (content, expected) in cases {
        let csv = dir.path().join("bad.csv");
        std::fs::write(&csv, content).unwrap();
        let out = circle(&db).args(["members", "import"]).arg(&csv).args(["--group", "Tuesday"]).output().unwrap();
        assert!(!out.status.success());
        let message = stderr(&out);
        assert!(message.contains(expected), "{content:?}: {message}");
        assert!(!message.contains("panicked"), "{message}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{content:?} changed the database");
    }
    let store = Store::open(&db).unwrap();
    let group = store.group_by_name("Tuesday").unwrap().unwrap();
    assert!(store.all_members(group.id).unwrap().is_empty());
}

#[test]
fn unknown_group_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let out = circle(&db).args(["members", "export", "--group", "Wednesday"]).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("“Wednesday”"), "{}", stderr(&out));
    assert!(stderr(&out).contains("“Tuesday”"), "{}", stderr(&out));
}

#[test]
fn exports_to_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name\nAnn\n").unwrap();
    circle(&db).args(["members", "import"]).arg(&csv).args(["--group", "Tuesday"]).assert().success();
    for format in ["csv", "json"] {
        let out = dir.path().join(format!("members.{format}"));
        circle(&db)
            .args(["members", "export", "--group", "Tuesday", "--format", format, "--out"])
            .arg(&out)
            .assert()
            .success();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{format}");
        assert!(std::fs::read_to_string(&out).unwrap().contains("Ann"));
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("members.json")).unwrap()).unwrap();
    assert_eq!(json[0]["name"], "Ann");
    assert_eq!(json[0]["status"], "active");
}

/// No phrase of three words or more comes twice in one error message.
fn has_repeated_phrase(message: &str) -> Option<String> {
    let words: Vec<&str> = message.split_whitespace().collect();
    for n in (3..=words.len() / 2).rev() {
        for (i, window) in words.windows(n).enumerate() {
            if words[i + n..].windows(n).any(|w| w == window) {
                return Some(window.join(" "));
            }
        }
    }
    None
}

#[test]
fn commands_that_read_refuse_a_missing_database_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nodir").join("x.db");
    let out = circle(&missing).args(["members", "export", "--group", "x"]).output().unwrap();
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("there is no circle database"), "{message}");
    assert!(!dir.path().join("nodir").exists(), "a folder was made for a mistyped path");

    let missing_file = dir.path().join("typo.db");
    let out = circle(&missing_file).args(["members", "import", "whatever.csv", "--group", "x"]).output().unwrap();
    assert!(!out.status.success());
    assert!(!missing_file.exists(), "a refused import left a database behind");
}

#[test]
fn every_refusal_is_one_sentence_without_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Circle");
    let corrupt = dir.path().join("broken.db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(4096) {
        *b = 0x5a;
    }
    std::fs::write(&corrupt, bytes).unwrap();
    let folder = dir.path().to_path_buf();
    let cases: Vec<(PathBuf, Vec<&str>)> = vec![
        (folder.clone(), vec!["members", "export", "--group", "Circle"]),
        (dir.path().join("none.db"), vec!["members", "export", "--group", "Circle"]),
        (db.clone(), vec!["members", "export", "--group", "Nope"]),
        (db.clone(), vec!["members", "import", "missing.csv", "--group", "Circle"]),
        (corrupt.clone(), vec!["members", "export", "--group", "Circle"]),
    ];
    for (path, args) in cases {
        let out = circle(&path).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        assert!(message.starts_with("circle: "), "{message}");
        assert_eq!(has_repeated_phrase(&message), None, "a cause repeats itself: {message}");
    }
}

#[test]
fn every_option_has_help() {
    for args in [
        vec!["--help"],
        vec!["members", "export", "--help"],
        vec!["members", "import", "--help"],
        vec!["groups", "--help"],
        vec!["groups", "list", "--help"],
        vec!["groups", "add", "--help"],
        vec!["export", "--help"],
        vec!["import-all", "--help"],
        vec!["completions", "--help"],
        vec!["man", "--help"],
    ] {
        let out = Command::cargo_bin("circle").unwrap().args(&args).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = help.lines().collect();
        for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.trim_start().starts_with("--")) {
            // Short help has the words beside the option, long help below it.
            let beside = line.trim_start().split_once("  ").is_some_and(|(_, d)| !d.trim().is_empty());
            let below = lines.get(i + 1).is_some_and(|next| {
                let next = next.trim();
                !next.is_empty() && !next.starts_with('-')
            });
            assert!(beside || below, "{args:?}: an option without help: {line}\n{help}");
        }
    }
}

fn import(db: &Path, csv: &Path) -> std::process::Output {
    circle(db).args(["members", "import"]).arg(csv).args(["--group", "Tuesday"]).output().unwrap()
}

fn member_names(db: &Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let group = store.group_by_name("Tuesday").unwrap().unwrap();
    store.all_members(group.id).unwrap().into_iter().map(|m| m.fields.name).collect()
}

#[test]
fn a_utf16_file_is_refused_in_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let before = std::fs::read(&db).unwrap();
    let text = "name,status\r\nZoë,active\r\n";
    let little: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let big: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [little, big, bare] {
        let csv = dir.path().join("utf16.csv");
        std::fs::write(&csv, bytes).unwrap();
        let out = import(&db, &csv);
        assert!(!out.status.success());
        let message = stderr(&out);
        assert!(message.contains("this file is UTF-16 text; save it as UTF-8"), "{message}");
        assert!(message.contains("nothing was imported"), "{message}");
        assert!(!message.contains("column"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
        assert_eq!(std::fs::read(&db).unwrap(), before);
    }
}

#[test]
fn a_quote_inside_an_unquoted_field_is_imported_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,notes\nBo,5'11\" and proud\nCy,x\n").unwrap();
    let out = import(&db, &csv);
    assert!(out.status.success(), "{}", stderr(&out));
    let export = circle(&db).args(["members", "export", "--group", "Tuesday", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(json[0]["notes"], "5'11\" and proud");
    assert_eq!(json[1]["name"], "Cy");
}

#[test]
fn a_join_date_in_the_future_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let before = std::fs::read(&db).unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,joined\nAnn,2026-01-05\nBo,2099-01-01\n").unwrap();
    let out = import(&db, &csv);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("line 3") && message.contains("2099-01-01 is in the future"), "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn importing_the_same_people_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,contact\nZoë,zoe@example.org\nBo,\nCy,\n").unwrap();
    assert!(import(&db, &csv).status.success());
    let before = std::fs::read(&db).unwrap();

    // The same file again: all three are already there.
    let out = import(&db, &csv);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("3 rows of this file would add someone to Tuesday twice"), "{message}");
    assert!(message.contains("line 2: Zoë is already in the group; line 3: Bo"), "{message}");
    assert!(message.contains("--repeats skip"), "{message}");
    assert!(message.contains("nothing was imported"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // Folded names match ("zoe" is Zoë) when the contact is the same too.
    let again = dir.path().join("again.csv");
    std::fs::write(&again, "name,contact\nDi,\nZOE,ZOE@example.org\n").unwrap();
    let message = stderr(&import(&db, &again));
    assert!(message.contains("line 3: ZOE is already in the group, as Zoë"), "{message}");
    assert!(message.contains("1 row of this file"), "{message}");

    // A namesake with another contact is someone else.
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "name,contact\nZoë,07700 900123\n").unwrap();
    assert!(import(&db, &other).status.success());
    assert_eq!(member_names(&db), ["Zoë", "Bo", "Cy", "Zoë"]);
}

/// A group "Tuesday" with its settings changed by `change`.
fn db_with_settings(dir: &Path, change: impl FnOnce(&mut circle::domain::GroupSettings)) -> PathBuf {
    let db = db_with_group(dir, "Tuesday");
    let mut store = Store::open(&db).unwrap();
    let group = store.group_by_name("Tuesday").unwrap().unwrap();
    let mut settings = group.settings;
    change(&mut settings);
    store.update_group_settings(group.id, &settings).unwrap();
    db
}

/// The closed-group rule the console and linear mode apply holds for an
/// import too: in a closed group past forming, a row that would make
/// someone active stops the import, naming its line, until the
/// facilitator says so with --closed-anyway.
#[test]
fn an_import_into_a_closed_group_past_forming_asks_for_a_flag() {
    use circle::domain::{GroupStatus, Openness};
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_settings(dir.path(), |s| {
        s.openness = Openness::Closed;
        s.status = GroupStatus::Active;
    });
    let before = std::fs::read(&db).unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,status\nAnn,waitlist\nBo,active\nCy,enquiry\nDi,\n").unwrap();
    let out = import(&db, &csv);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("nothing was imported"), "{message}");
    assert!(message.contains("Tuesday is closed"), "{message}");
    assert!(message.contains("lines 3 and 5 would make people active"), "{message}");
    assert!(message.contains("--closed-anyway"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "a refused import changed the database");

    // Without anyone made active there is nothing to ask.
    let waiting = dir.path().join("waiting.csv");
    std::fs::write(&waiting, "name,status\nEd,waitlist\n").unwrap();
    assert!(import(&db, &waiting).status.success(), "{}", stderr(&import(&db, &waiting)));
    let out = circle(&db)
        .args(["members", "import"])
        .arg(&csv)
        .args(["--group", "Tuesday", "--closed-anyway"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(member_names(&db), ["Ed", "Ann", "Bo", "Cy", "Di"]);
}

/// A closed group still forming takes its members as the console does:
/// without asking.
#[test]
fn an_import_into_a_closed_group_still_forming_asks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_settings(dir.path(), |s| s.openness = circle::domain::Openness::Closed);
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,status\nAnn,active\nBo,active\n").unwrap();
    let out = import(&db, &csv);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The full-group rule holds for an import too: the rows that would make
/// people active past the most who can all be heard stop it, named by
/// line, until the facilitator says so with --full-anyway.
#[test]
fn an_import_past_the_workable_range_names_the_rows_over_it() {
    // 60 minutes less 20 to open and close, 10 each: at most 4 heard.
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_settings(dir.path(), |s| {
        s.meeting_minutes = 60;
        s.min_speaking_minutes = 10;
    });
    let first = dir.path().join("first.csv");
    std::fs::write(&first, "name\nAnn\nBo\n").unwrap();
    assert!(import(&db, &first).status.success());
    let before = std::fs::read(&db).unwrap();
    // Two more fit (lines 2 and 4); lines 5 and 6 would be the fifth and sixth.
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,status\nCy,active\nDi,waitlist\nEd,active\nFay,active\nGus,active\n").unwrap();
    let out = import(&db, &csv);
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("nothing was imported"), "{message}");
    assert!(message.contains("2 people are active in Tuesday and 4 is the most who can all be heard"), "{message}");
    assert!(message.contains("lines 5 and 6 would make people active past that"), "{message}");
    assert!(message.contains("--full-anyway"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "a refused import changed the database");

    let out = circle(&db)
        .args(["members", "import"])
        .arg(&csv)
        .args(["--group", "Tuesday", "--full-anyway"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(member_names(&db), ["Ann", "Bo", "Cy", "Di", "Ed", "Fay", "Gus"]);
}

/// Each flag answers its own question: saying yes to a closed group does
/// not say yes to going past its size.
#[test]
fn one_flag_does_not_answer_the_other_question() {
    use circle::domain::{GroupStatus, Openness};
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_settings(dir.path(), |s| {
        s.openness = Openness::Closed;
        s.status = GroupStatus::Active;
        s.meeting_minutes = 40;
        s.min_speaking_minutes = 10;
    });
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name\nAnn\nBo\nCy\n").unwrap();
    let with = |flags: &[&str]| {
        circle(&db).args(["members", "import"]).arg(&csv).args(["--group", "Tuesday"]).args(flags).output().unwrap()
    };
    let message = stderr(&with(&["--closed-anyway"]));
    assert!(message.contains("line 4 would make someone active past that"), "{message}");
    let message = stderr(&with(&["--full-anyway"]));
    assert!(message.contains("lines 2, 3 and 4 would make people active"), "{message}");
    let out = with(&["--closed-anyway", "--full-anyway"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(member_names(&db), ["Ann", "Bo", "Cy"]);
}

#[test]
fn names_with_control_characters_and_fields_with_nul_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let before = std::fs::read(&db).unwrap();
    for (content, expected) in [
        ("name\nAnn\0Lee\n", "line 2: a name cannot contain control characters such as tabs or escape codes"),
        ("name\nAnn\u{1b}[2J\n", "line 2: a name cannot contain control characters"),
        ("name\nAnn\u{7f}\n", "line 2: a name cannot contain control characters"),
        ("name,notes\nAnn,ok\nBo,a\0b\n", "line 3: notes cannot contain a NUL"),
    ] {
        let csv = dir.path().join("bad.csv");
        std::fs::write(&csv, content).unwrap();
        let out = import(&db, &csv);
        assert!(!out.status.success(), "{content:?}");
        assert!(stderr(&out).contains(expected), "{content:?}: {}", stderr(&out));
        assert_eq!(std::fs::read(&db).unwrap(), before, "{content:?} changed the database");
    }
    // Notes keep line breaks and tabs.
    let csv = dir.path().join("ok.csv");
    std::fs::write(&csv, "name,notes\nAnn,\"one\n\ttwo\"\n").unwrap();
    assert!(import(&db, &csv).status.success());
}

/// Characters that act on a terminal or hide in text, found raw in `bytes`:
/// controls other than a line break or a tab, and the separators,
/// bidirectional controls and invisible characters names may not hold.
fn raw_controls(bytes: &[u8]) -> Vec<char> {
    let text = String::from_utf8_lossy(bytes);
    let mut found: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        })
        .collect();
    found.dedup();
    found
}

/// Issue 22: no export carries a control character, piped or to a file.
/// CSV and text lose the codes and keep the words (and a CSV's tabs); JSON
/// writes them as `\u` escapes, so a script reads the text exactly.
#[test]
fn exports_carry_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute("UPDATE groups SET name = 'Tuesday' || char(27) || ']52;c;aGk=' || char(7) || char(155) || '1m'", [])
        .unwrap();
    drop(raw);
    let group = "Tuesday\u{1b}]52;c;aGk=\u{7}\u{9b}1m";
    let csv = dir.path().join("in.csv");
    let notes = "red \u{1b}[31mtext\u{1b}[0m\tand \u{9b}2Jmore\u{202e} \u{85}end";
    std::fs::write(&csv, format!("name,pronouns,contact,status,joined,notes\nAnn,,,active,,\"{notes}\"\n")).unwrap();
    let out = circle(&db).args(["members", "import"]).arg(&csv).args(["--group", group]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let run = |args: &[&str]| {
        let out = circle(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(raw_controls(&out.stdout), Vec::<char>::new(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        out.stdout
    };
    let exported = run(&["members", "export", "--group", group]);
    assert_eq!(
        String::from_utf8(exported).unwrap(),
        "name,pronouns,contact,status,joined,notes\nAnn,,,active,,red text\tand more end\n"
    );
    let exported = run(&["members", "export", "--group", group, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(json[0]["notes"], notes, "the text itself, through its escapes");
    let exported = run(&["export"]);
    let json: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(json["groups"][0]["name"], group);
    run(&["report", "--group", group]);
    run(&["report", "--group", group, "--format", "json"]);
    run(&["groups", "list", "--format", "json"]);
    let file = dir.path().join("report.txt");
    run(&["report", "--group", group, "--out", file.to_str().unwrap()]);
    assert_eq!(raw_controls(&std::fs::read(&file).unwrap()), Vec::<char>::new());
}

#[test]
fn groups_are_listed_and_added_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    circle(&db).args(["groups", "add", "Ευρώπη 🌍", "--closed", "--focus", "carers"]).assert().success();
    let out = circle(&db).args(["groups", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "NAME       STATUS    ACTIVE  NEXT REVIEW", "{text}");
    assert!(lines[1].starts_with("Tuesday    forming        0  2027-02-24"), "{text}");
    assert!(lines[2].starts_with("Ευρώπη 🌍  forming        0  "), "{text}");
    assert!(!text.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)), "no box drawing: {text}");

    let out = circle(&db).args(["groups", "list", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[1]["name"], "Ευρώπη 🌍");
    assert_eq!(json[1]["openness"], "closed");
    assert_eq!(json[0]["active_members"], 0);
    assert_eq!(json[0]["next_review"], "2027-02-24");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.group_by_name("Ευρώπη 🌍").unwrap().unwrap().settings.focus, "carers");
    drop(store);

    // The same name, or one differing only in case or accents, is refused.
    let before = std::fs::read(&db).unwrap();
    for name in ["Tuesday", "TUESDAY", "ευρωπη 🌍"] {
        let out = circle(&db).args(["groups", "add", name]).output().unwrap();
        assert!(!out.status.success(), "{name}");
        let message = stderr(&out);
        assert!(message.contains("there is already a group called"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    for name in ["  ", "Bad\u{1b}[2JName"] {
        let out = circle(&db).args(["groups", "add", name]).output().unwrap();
        assert!(!out.status.success(), "{name:?}");
        assert!(stderr(&out).contains("the group was not added"), "{}", stderr(&out));
    }
    assert!(std::fs::read(&db).unwrap() == before, "a refused group changed the database");
}

#[test]
fn groups_list_on_an_empty_or_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    drop(Store::open(&db).unwrap());
    let out = circle(&db).args(["groups", "list"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("There are no groups yet"));
    let out = circle(&db).args(["groups", "list", "--format", "json"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");

    let missing = dir.path().join("typo.db");
    for args in [vec!["groups", "list"], vec!["groups", "add", "New"], vec!["export"]] {
        let out = circle(&missing).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains("there is no circle database"), "{args:?}: {}", stderr(&out));
        assert!(!missing.exists(), "{args:?} made a database at a mistyped path");
    }
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = Command::cargo_bin("circle").unwrap().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("COMPLETE") && script.contains("circle"), "{shell}: {script}");
    }
    // The script asks circle, which answers from its own definitions.
    let out =
        Command::cargo_bin("circle").unwrap().env("COMPLETE", "fish").args(["--", "circle", ""]).output().unwrap();
    let offered = String::from_utf8_lossy(&out.stdout);
    for command in ["import-all", "members", "agreement", "restore"] {
        assert!(offered.lines().any(|l| l.starts_with(command)), "{command} is not offered: {offered}");
    }
    let out = Command::cargo_bin("circle").unwrap().args(["completions", "tcsh"]).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("bash"), "the refusal names the shells: {}", stderr(&out));

    let out = Command::cargo_bin("circle").unwrap().arg("man").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie") || page.contains(".TH circle"), "{page}");
    // One page: every command described in place, none pointing elsewhere.
    for command in ["circle members import", "circle groups add", "circle import\\-all", "circle man"] {
        assert!(page.contains(&format!(".SS \"{command}\"")), "{command} is not in the page:\n{page}");
    }
    assert!(page.contains("\\-\\-include\\-cards"), "{page}");
    assert!(!page.contains("circle\\-members(1)"), "{page}");
    // It stands alone: the keys (from the console's own table), the
    // environment, the files and the completions are in it, and no
    // Markdown or pointer to the README is.
    for section in [".SH KEYS", ".SH ENVIRONMENT", ".SH FILES", ".SH SHELL COMPLETION"] {
        assert!(page.contains(section), "{section} is missing");
    }
    assert!(page.contains("\\fBx\\fR\nforget"), "the roster's keys are listed");
    assert!(!page.contains('`'), "a backtick leaked into the page");
    assert!(!page.contains("README"), "the page sends the reader elsewhere");
}

#[test]
fn new_commands_refuse_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Circle");
    let json = dir.path().join("bad.json");
    std::fs::write(&json, "{\"format\": 1, \"card_text\": \"withheld\"}").unwrap();
    let cases: Vec<(PathBuf, Vec<&str>)> = vec![
        (dir.path().to_path_buf(), vec!["groups", "list"]),
        (db.clone(), vec!["export", "--group", "Nope"]),
        (db.clone(), vec!["import-all", "missing.json"]),
        (dir.path().join("new.db"), vec!["import-all", json.to_str().unwrap()]),
        (db.clone(), vec!["export", "--out", "/nonexistent/folder/x.json"]),
    ];
    for (path, args) in cases {
        let out = circle(&path).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?} should fail");
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        assert!(message.starts_with("circle: "), "{message}");
        assert_eq!(has_repeated_phrase(&message), None, "a cause repeats itself: {message}");
    }
    assert!(!dir.path().join("new.db").exists());
}

/// No export may be written over the database it was read from, whatever
/// the path is called: by its own name, through a link, over its log, or
/// into circle's backups folder. Each is refused, naming what the file is,
/// and the database keeps every byte.
#[test]
fn no_export_is_written_over_the_database_or_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    circle(&db).arg("backup").assert().success();
    let backups = dir.path().join("backups");
    let backup = std::fs::read_dir(&backups).unwrap().next().unwrap().unwrap().path();
    let link = dir.path().join("link-to-db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let sneaky = dir.path().join("sub").join("..").join("circle.db");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let before = std::fs::read(&db).unwrap();
    let backup_before = std::fs::read(&backup).unwrap();
    let wal = dir.path().join("circle.db-wal");
    let cases: [(&Path, &str); 5] = [
        (&db, "circle's database itself"),
        (&link, "circle's database itself"),
        (&sneaky, "circle's database itself"),
        (&wal, "write-ahead log"),
        (&backup, "backups folder"),
    ];
    for (target, said) in cases {
        let commands: [&[&str]; 4] = [
            &["members", "export", "--group", "Tuesday", "--out"],
            &["export", "--format", "json", "--out"],
            &["report", "--group", "Tuesday", "--out"],
            &["agreement", "export", "--group", "Tuesday", "--out"],
        ];
        for args in commands {
            let out = circle(&db).args(args).arg(target).output().unwrap();
            assert!(!out.status.success(), "{args:?} {target:?} was written");
            // The agreement has no version yet: that refusal may come first,
            // but never a write.
            let err = stderr(&out);
            assert!(err.contains(said) || args[0] == "agreement", "{args:?} {target:?}: {err}");
        }
        let out = circle(&db).args(["backup", "--out"]).arg(target).output().unwrap();
        assert!(!out.status.success(), "backup --out {target:?} was written");
        assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed after {target:?}");
        assert_eq!(std::fs::read(&backup).unwrap(), backup_before, "the backup changed after {target:?}");
        assert!(!wal.exists(), "a file was written as the database's log");
    }
    circle(&db).args(["groups", "list"]).assert().success();
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rosters").join(name)
}

fn members_of(db: &Path) -> Vec<circle::domain::Member> {
    let store = Store::open(db).unwrap();
    let group = store.group_by_name("Tuesday").unwrap().unwrap();
    store.all_members(group.id).unwrap()
}

/// Rosters as other tools write them (hand-made from each tool's
/// documented headers, with made-up people) import, saying which columns
/// were left out.
#[test]
fn rosters_other_tools_write_import() {
    type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str]);
    let cases: [Case; 5] = [
        ("eventbrite.csv", &["Cleo Dunn", "Dev Patel"], &["Order #", "Attendee Status"]),
        ("meetup.csv", &["Eli Hart", "Fay Lin"], &["User ID", "URL of Member Profile"]),
        ("excel-semicolon.csv", &["Gus Meyer", "Hana Novák"], &[]),
        ("excel-trailing-columns.csv", &["Ivo Silva", "Jo"], &[]),
        ("tab-separated.tsv", &["Kai"], &[]),
    ];
    for (file, names, left_out) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_group(dir.path(), "Tuesday");
        let out =
            circle(&db).args(["members", "import"]).arg(fixture(file)).args(["--group", "Tuesday"]).output().unwrap();
        let said = stderr(&out);
        assert!(out.status.success(), "{file}: {said}");
        for header in left_out {
            assert!(said.contains(&format!("“{header}”")), "{file}: {header} should be said to be left out: {said}");
        }
        let members = members_of(&db);
        let got: Vec<&str> = members.iter().map(|m| m.fields.name.as_str()).collect();
        assert_eq!(got, names, "{file}");
        if file == "eventbrite.csv" {
            assert_eq!(members[0].fields.contact, "cleo@example.org");
        }
        if file == "meetup.csv" {
            assert_eq!(members[0].fields.joined, NaiveDate::from_ymd_opt(2025, 3, 14));
        }
        if file == "excel-semicolon.csv" {
            // 14/03 shows the file writes the day first, so 03/04 is 3 April.
            assert_eq!(members[1].fields.joined, NaiveDate::from_ymd_opt(2026, 4, 3));
            assert_eq!(members[0].fields.contact, "gus@example.org");
        }
        if file == "tab-separated.tsv" {
            assert_eq!(members[0].status, circle::domain::MemberStatus::Waitlist);
        }
    }
}

/// A form sent twice, a column to map by hand, and a look before anything
/// is written.
#[test]
fn a_preview_shows_what_would_happen_and_repeats_are_the_facilitators_choice() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let before = std::fs::read(&db).unwrap();
    let accessible = "Anything we should know to make the meeting accessible for you?=access-needs";
    let preview = circle(&db)
        .args(["members", "import"])
        .arg(fixture("google-forms.csv"))
        .args(["--group", "Tuesday", "--dry-run", "--map", accessible])
        .output()
        .unwrap();
    assert!(preview.status.success(), "{}", stderr(&preview));
    let shown = String::from_utf8_lossy(&preview.stdout);
    for words in [
        "3 people for Tuesday, fields separated by commas",
        "“Full name” as name",
        "“Email Address” as contact",
        "as access-needs",
        "Left out: “Timestamp”, “How did you hear about us?”",
        "line 2: Ana Reyes, active",
        "line 4: Ben Okafor, active (a repeat: repeats line 3)",
        "nothing was imported",
    ] {
        assert!(shown.contains(words), "{words:?} is not in the preview:\n{shown}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "a dry run writes nothing");

    let import = |extra: &[&str]| {
        circle(&db)
            .args(["members", "import"])
            .arg(fixture("google-forms.csv"))
            .args(["--group", "Tuesday", "--map", accessible])
            .args(extra)
            .output()
            .unwrap()
    };
    let refused = import(&[]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("line 4: repeats line 3"), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    assert!(import(&["--repeats", "skip"]).status.success());
    let members = members_of(&db);
    assert_eq!(members.iter().map(|m| m.fields.name.as_str()).collect::<Vec<_>>(), ["Ana Reyes", "Ben Okafor"]);
    assert_eq!(members[1].fields.access_needs, "Step-free access please");

    // A wrong mapping is named.
    let out = circle(&db)
        .args(["members", "import"])
        .arg(fixture("google-forms.csv"))
        .args(["--group", "Tuesday", "--map", "Shoe size=name"])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("there is no column “Shoe size”"), "{}", stderr(&out));
}

/// Dates written day first that nothing in the file settles: refused with
/// how to say which, then read as said.
#[test]
fn an_unsettled_date_order_is_asked_for_and_then_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name,joined\r\nAnn,03/04/2026\r\n\r\nBo,\r\n").unwrap();
    let out = import(&db, &csv);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 2: “03/04/2026” could be 3 April 2026 or 4 March 2026"), "{}", stderr(&out));
    let out = circle(&db)
        .args(["members", "import"])
        .arg(&csv)
        .args(["--group", "Tuesday", "--dates", "month-first"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(members_of(&db)[0].fields.joined, NaiveDate::from_ymd_opt(2026, 3, 4));
}

/// Excel on Windows reads a CSV without a byte-order mark as its own code
/// page: with --bom, accented names survive, and the file still imports.
#[test]
fn an_export_for_excel_keeps_accented_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name\nZoë\n").unwrap();
    assert!(import(&db, &csv).status.success());
    let out = circle(&db).args(["members", "export", "--group", "Tuesday", "--bom"]).output().unwrap();
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFname,"), "{:?}", String::from_utf8_lossy(&out.stdout));
    let plain = circle(&db).args(["members", "export", "--group", "Tuesday"]).output().unwrap();
    assert!(plain.stdout.starts_with(b"name,"));
}

/// Tab after `--group` offers the groups in the database the command line
/// names (as the shell's script asks circle: `COMPLETE=SHELL circle -- …`),
/// case and accents aside, and changes nothing in it.
#[test]
fn completion_offers_the_groups_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday Circle");
    circle(&db).args(["groups", "add", "Thursday Walk"]).assert().success();
    circle(&db).args(["groups", "add", "Évening"]).assert().success();
    let before = std::fs::read(&db).unwrap();
    let offered = |words: &[&str]| -> Vec<String> {
        let out = Command::cargo_bin("circle")
            .unwrap()
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("circle")
            .args(words)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).lines().map(|l| l.split('\t').next().unwrap().to_string()).collect()
    };
    let db_arg = db.to_str().unwrap();
    assert_eq!(offered(&["--db", db_arg, "members", "export", "--group", "T"]), ["Thursday Walk", "Tuesday Circle"]);
    assert_eq!(offered(&["--db", db_arg, "report", "--group", "eve"]), ["Évening"]);
    assert_eq!(offered(&["--db", db_arg, "export", "--group", "x"]), Vec::<String>::new());
    let missing = dir.path().join("nowhere.db");
    assert_eq!(offered(&["--db", missing.to_str().unwrap(), "report", "--group", ""]), Vec::<String>::new());
    assert!(!missing.exists(), "completing made no database");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // And each shell's script calls circle back.
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::cargo_bin("circle").unwrap().args(["completions", shell]).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("COMPLETE"), "{shell}");
    }
}

/// A meeting recorded by mistake can be seen in the list and taken away,
/// saying what goes with it; the figures then read as if it had never been.
/// A day that already has a meeting is refused when another is moved there.
#[test]
fn a_stray_meeting_is_listed_and_taken_away() {
    use circle::domain::{MeetingMode, MemberFields, MemberStatus, NewMeeting};
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_group(dir.path(), "Tuesday");
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let (kept, stray) = {
        let mut store = Store::open(&db).unwrap();
        let group = store.group_by_name("Tuesday").unwrap().unwrap().id;
        let ann = store.add_member(group, &MemberFields::named("Ann"), MemberStatus::Active, day(1)).unwrap();
        let new = |d| NewMeeting { held_on: day(d), mode: MeetingMode::InPerson, minutes: 90 };
        let kept = store.create_meeting(group, &new(10)).unwrap();
        store.set_present(kept.id, ann.id, true).unwrap();
        let stray = store.create_meeting(group, &new(12)).unwrap();
        (kept, stray)
    };
    let list = circle(&db).args(["meetings", "list", "--group", "Tuesday"]).output().unwrap();
    let shown = String::from_utf8_lossy(&list.stdout);
    assert!(shown.contains("2026-11-12") && shown.contains("2026-11-10"), "{shown}");
    let json = circle(&db).args(["meetings", "list", "--group", "Tuesday", "--format", "json"]).output().unwrap();
    let meetings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(meetings[1]["came"], 1);

    // Moving the stray meeting onto a day that has one is refused, naming it.
    let mut c = circle::usecase::Circle::open(&db).unwrap();
    let details = circle::usecase::register::MeetingDetails {
        held_on: day(10),
        mode: MeetingMode::InPerson,
        minutes: 90,
        visitors: 0,
        notes: String::new(),
    };
    let refused = c.edit_meeting(stray.id, details, day(26)).unwrap_err().to_string();
    assert!(refused.contains("2026-11-10 already has a meeting") && refused.contains("1 person came"), "{refused}");
    drop(c);

    let before = std::fs::read(&db).unwrap();
    let out = circle(&db)
        .args(["meetings", "remove", "--group", "Tuesday", "2026-11-12"])
        .write_stdin("n\n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nothing was changed"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let out = circle(&db).args(["meetings", "remove", "--group", "Tuesday", "2026-11-12", "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("with nobody marked present"));
    let store = Store::open(&db).unwrap();
    let group = store.group_by_name("Tuesday").unwrap().unwrap().id;
    assert!(store.meeting_on(group, day(12)).unwrap().is_none());
    assert!(store.meeting_on(group, day(10)).unwrap().is_some_and(|m| m.id == kept.id));
    let out = circle(&db).args(["meetings", "remove", "--group", "Tuesday", "2026-11-12", "--yes"]).output().unwrap();
    assert!(stderr(&out).contains("there is no meeting on 2026-11-12"), "{}", stderr(&out));
}

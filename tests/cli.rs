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
        ("name,favourite colour\nAnn,blue\n", "favourite colour"),
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

//! Records circle cannot write to: a file that is read-only for the user,
//! or a disk already full when circle starts. Either opens read-only: the
//! roster, the register history, the agreement and size health stay
//! readable, a banner says why, every save is refused in one sentence with
//! the typing kept, and the file keeps every byte and its mode.
//!
//! The tests run as root, which may write any file whatever its mode, so a
//! read-only file here is one whose mode has no write bit (as circle
//! decides, `Permissions::readonly`). A full disk is made real for one
//! process with `ulimit -f 1`: no file may grow past 512 bytes, so SQLite
//! cannot grow the shared-memory file of a database in WAL mode (the same
//! `SQLITE_IOERR_SHMSIZE` a full disk gives).

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::{MeetingMode, MemberFields, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::{ReadOnlyCause, Store, StoreError};
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use common::{mode, set_mode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// A database with a group, three active members, and today's meeting with
/// two of them present; closed, as a console leaves it.
fn database(dir: &Path) -> PathBuf {
    let path = dir.join("circle.db");
    let mut store = Store::open(&path).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for name in ["Ann", "Bo", "Cy"] {
        ids.push(store.add_member(group, &MemberFields::named(name), MemberStatus::Active, day()).unwrap().id);
    }
    let meeting =
        store.create_meeting(group, &NewMeeting { held_on: day(), mode: MeetingMode::InPerson, minutes: 90 }).unwrap();
    for id in &ids[..2] {
        store.set_present(meeting.id, *id, true).unwrap();
    }
    path
}

/// A file's bytes, its mode and the names in its folder: everything a
/// read-only open must leave as it was.
fn state(path: &Path) -> (Vec<u8>, u32, Vec<String>) {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (std::fs::read(path).unwrap(), mode(path), names)
}

fn read_only_file(dir: &Path) -> PathBuf {
    let db = database(dir);
    set_mode(&db, 0o400);
    db
}

#[test]
fn a_read_only_file_opens_read_only_and_keeps_every_byte_and_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_file(dir.path());
    let before = state(&db);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.read_only(), Some(ReadOnlyCause::ReadOnlyFile));
    assert!(!store.upgrade_waiting());
    let group = store.group_by_name("Circle").unwrap().unwrap();
    assert_eq!(store.all_members(group.id).unwrap().len(), 3);
    let refused = store.add_member(group.id, &MemberFields::named("Dee"), MemberStatus::Active, day());
    assert!(matches!(refused, Err(StoreError::ReadOnly(ReadOnlyCause::ReadOnlyFile))), "{refused:?}");
    assert_eq!(
        refused.unwrap_err().to_string(),
        "this database file is read-only for you, so circle opened it read-only and saved nothing"
    );
    assert!(store.set_setting("current_tab", "Agreement").is_err());
    assert!(store.compact().is_err());
    drop(store);
    assert!(state(&db) == before, "the file, its mode or its folder changed");
}

#[test]
fn the_console_shows_why_and_refuses_every_save_keeping_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_file(dir.path());
    let before = state(&db);
    let mut app = App::new(Circle::open(&db).unwrap(), day(), Theme { color: false, ..Theme::default() });
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Ann") && screen.contains("Cy"), "{screen}");
    insta::assert_snapshot!("read_only_file_80x24", screen);

    // Adding someone: the form stays with the typing and one sentence.
    app.update(Action::AddMember);
    typing(&mut app, "Dee");
    key(&mut app, KeyCode::Enter);
    let Some(circle::tui::app::Modal::Form(form, _)) = &app.modal else { panic!("the form closed") };
    assert_eq!(form.value("name"), "Dee");
    assert_eq!(
        form.message.as_deref(),
        Some("this database file is read-only for you, so circle opened it read-only and saved nothing")
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());

    // A new group from the switcher, the same.
    app.update(Action::Groups);
    key(&mut app, KeyCode::Char('n'));
    typing(&mut app, "Second Circle");
    key(&mut app, KeyCode::Enter);
    let Some(circle::tui::app::Modal::Form(form, _)) = &app.modal else { panic!("the group form closed") };
    assert_eq!(form.value("name"), "Second Circle");
    assert!(form.message.as_deref().is_some_and(|m| m.contains("saved nothing")), "{:?}", form.message);
    for _ in 0..3 {
        key(&mut app, KeyCode::Esc);
    }
    assert!(app.modal.is_none(), "{}", render(&mut app, 80, 24));

    // The register opens (today's meeting is there); a mark is refused.
    app.update(Action::Register);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("2 present of 3 expected"), "{screen}");
    app.update(Action::TogglePresent);
    let flash = app.ctx.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(flash.contains("saved nothing"), "{flash}");
    assert!(render(&mut app, 80, 24).contains("2 present of 3 expected"));

    // A speaking round cannot start.
    app.update(Action::StartRound);
    let flash = app.ctx.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(flash.contains("saved nothing"), "{flash}");
    app.update(Action::Back);

    // Size health reads; marking a review is refused.
    app.update(Action::GoTab(Tab::Size));
    assert!(render(&mut app, 80, 24).contains("workable"), "{}", render(&mut app, 80, 24));
    app.update(Action::Reviewed);
    let flash = app.ctx.flash.as_ref().map(|f| f.text.clone());
    assert!(flash.as_ref().is_some_and(|f| f.contains("saved nothing")), "{flash:?} {}", render(&mut app, 80, 24));

    // The agreement reads; starting a draft (which saves one) is refused.
    app.update(Action::GoTab(Tab::Agreement));
    app.update(Action::EditDraft);
    assert!(app.modal.is_none());
    let flash = app.ctx.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(flash.contains("saved nothing"), "{flash}");

    // Endings: a new activity is refused in its form.
    app.update(Action::GoTab(Tab::Endings));
    app.update(Action::NewActivity);
    if let Some(circle::tui::app::Modal::Form(..)) = &app.modal {
        key(&mut app, KeyCode::Enter);
        let Some(circle::tui::app::Modal::Form(form, _)) = &app.modal else { panic!("the endings form closed") };
        assert!(form.message.as_deref().is_some_and(|m| m.contains("saved nothing")), "{:?}", form.message);
    } else {
        let flash = app.ctx.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
        assert!(flash.contains("saved nothing"), "{flash}");
    }

    app.update(Action::Quit);
    drop(app);
    assert!(state(&db) == before, "the file, its mode or its folder changed");
}

#[test]
fn the_banner_fits_small_windows() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_file(dir.path());
    let mut app = App::new(Circle::open(&db).unwrap(), day(), Theme { color: false, ..Theme::default() });
    insta::assert_snapshot!("read_only_file_60x20", render(&mut app, 60, 20));
    let narrow = render(&mut app, 40, 12);
    assert!(narrow.contains("Read-only file: nothing is saved."), "{narrow}");
}

#[test]
fn an_older_file_that_cannot_be_written_is_read_through_an_upgraded_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.db"), &path).unwrap();
    set_mode(&path, 0o444);
    let before = state(&path);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.read_only(), Some(ReadOnlyCause::ReadOnlyFile));
    assert!(store.upgrade_waiting());
    assert_eq!(store.schema_version().unwrap(), circle::store::SCHEMA_VERSION);
    let group = store.group_by_name("Thursday Circle").unwrap().expect("the group is readable");
    let names: Vec<String> = store.all_members(group.id).unwrap().into_iter().map(|m| m.fields.name).collect();
    assert_eq!(names, ["Ann", "Bo", "Cy", "Dee"]);
    drop(store);
    assert!(state(&path) == before, "the old file changed");
}

#[test]
fn read_only_files_that_are_not_circles_are_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("photos.db");
    let conn = rusqlite::Connection::open(&photos).unwrap();
    conn.execute_batch("CREATE TABLE members (id INTEGER PRIMARY KEY, x TEXT);").unwrap();
    drop(conn);
    let newer = dir.path().join("newer.db");
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 999; PRAGMA application_id = 1667854947;").unwrap();
    drop(conn);
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    for path in [&photos, &newer, &empty] {
        set_mode(path, 0o400);
    }
    assert!(matches!(Store::open(&photos), Err(StoreError::NotOurs { .. })));
    assert!(matches!(Store::open(&newer), Err(StoreError::NewerSchema { .. })));
    let refused = Store::open(&empty).err().expect("an empty read-only file has nothing to show");
    assert!(matches!(refused, StoreError::CannotStart { .. }), "{refused:?}");
    assert!(refused.to_string().contains("read-only for you"), "{refused}");
    assert!(empty.exists(), "a file circle did not make is never removed");
}

fn circle_cmd(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("circle").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_command_line_reads_a_read_only_file_and_refuses_to_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_file(dir.path());
    let before = state(&db);
    let out = circle_cmd(&db).args(["members", "export", "--group", "Circle"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ann"));
    let out = circle_cmd(&db).args(["report", "--group", "Circle"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = circle_cmd(&db).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = tempfile::tempdir().unwrap();
    let backup = copy.path().join("copy.db");
    let out = circle_cmd(&db).args(["backup", "--out"]).arg(&backup).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(Store::inspect_backup(&backup, None).is_ok());

    let elsewhere = tempfile::tempdir().unwrap();
    let csv = elsewhere.path().join("new.csv");
    std::fs::write(&csv, "name\nDee\n").unwrap();
    let refusals = [
        circle_cmd(&db).args(["members", "import"]).arg(&csv).args(["--group", "Circle"]).output().unwrap(),
        circle_cmd(&db).args(["groups", "add", "Second"]).output().unwrap(),
        circle_cmd(&db).args(["restore", "--yes"]).arg(&backup).output().unwrap(),
    ];
    for out in refusals {
        assert!(!out.status.success());
        let message = stderr(&out);
        assert!(message.contains("read-only for you"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    assert!(state(&db) == before, "the file, its mode or its folder changed");
}

/// A database whose last edit (the member "Wal Only") is still in the
/// write-ahead log, as a console killed mid-session leaves it: the files
/// are copied while the writer holds the edit there.
fn crashed(dir: &Path) -> PathBuf {
    let db = database(dir);
    let folder = dir.join("crashed");
    std::fs::create_dir(&folder).unwrap();
    let mut store = Store::open(&db).unwrap();
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    raw.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let group = store.group_by_name("Circle").unwrap().unwrap().id;
    store.add_member(group, &MemberFields::named("Wal Only"), MemberStatus::Active, day()).unwrap();
    let copy = folder.join("circle.db");
    std::fs::copy(&db, &copy).unwrap();
    std::fs::copy(common::sidecar(&db, "-wal"), common::sidecar(&copy, "-wal")).unwrap();
    copy
}

#[test]
fn a_read_only_file_with_edits_still_in_its_log_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = crashed(dir.path());
    set_mode(&db, 0o400);
    let wal = common::sidecar(&db, "-wal");
    let before = (std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap(), mode(&db));
    let store = Store::open(&db).unwrap();
    assert_eq!(store.read_only(), Some(ReadOnlyCause::ReadOnlyFile));
    let group = store.group_by_name("Circle").unwrap().unwrap();
    let names: Vec<String> = store.all_members(group.id).unwrap().into_iter().map(|m| m.fields.name).collect();
    assert!(names.iter().any(|n| n == "Wal Only"), "{names:?}");
    drop(store);
    assert!((std::fs::read(&db).unwrap(), std::fs::read(&wal).unwrap(), mode(&db)) == before);
}

/// Runs circle with no room to grow any file, as on a full disk.
fn on_a_full_disk(args: &[&std::ffi::OsStr], home: &Path) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_circle"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn on_a_full_disk_the_command_line_reads_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = crashed(dir.path());
    let files = |path: &Path| (std::fs::read(path).unwrap(), std::fs::read(common::sidecar(path, "-wal")).unwrap());
    let before = files(&db);
    assert!(!before.1.is_empty(), "the log holds the last edit");

    let export = [db.as_os_str(), "members".as_ref(), "export".as_ref(), "--group".as_ref(), "Circle".as_ref()];
    let mut args = vec!["--db".as_ref()];
    args.extend(export);
    let out = on_a_full_disk(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Ann") && shown.contains("Wal Only"), "the edit in the log is read too: {shown}");

    let csv = dir.path().join("new.csv");
    std::fs::write(&csv, "name\nDee\n").unwrap();
    let import = [
        "--db".as_ref(),
        db.as_os_str(),
        "members".as_ref(),
        "import".as_ref(),
        csv.as_os_str(),
        "--group".as_ref(),
        "Circle".as_ref(),
    ];
    let out = on_a_full_disk(&import, dir.path());
    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(message.contains("the disk is full"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(files(&db) == before, "the database or its log changed");

    // A new database cannot be started, and nothing of it is left behind.
    let out = on_a_full_disk(&["groups".as_ref(), "add".as_ref(), "First".as_ref()], dir.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("could not start a new database"), "{}", stderr(&out));
    let folder = dir.path().join("data/circle");
    let left: Vec<_> =
        std::fs::read_dir(&folder).map(|d| d.map(|e| e.unwrap().file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn linear_mode_says_so_once_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_file(dir.path());
    let before = state(&db);
    let circle = Circle::open(&db).unwrap();
    let mut input: &[u8] = b"groups\nnew Second Circle\nq\n";
    let mut output = Vec::new();
    circle::linear::run(circle, day(), "you started circle with --linear", &mut input, &mut output).unwrap();
    let text = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("This database file is read-only for you"), "{text}");
    assert_eq!(text.matches("opened it read-only: you can read everything").count(), 1, "{text}");
    assert!(text.contains("read-only and saved nothing"), "{text}");
    assert!(state(&db) == before, "the file, its mode or its folder changed");
}

#[test]
fn without_a_meeting_today_the_register_opens_the_latest_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_file(dir.path());
    let next_week = day() + chrono::Days::new(7);
    let mut app = App::new(Circle::open(&db).unwrap(), next_week, Theme { color: false, ..Theme::default() });
    app.update(Action::Register);
    assert!(app.modal.is_none(), "no form for a meeting that cannot be saved");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Register · Thu 26 Nov 2026"), "{screen}");
    assert!(screen.contains("Nothing new can be recorded while circle is read-only"), "{screen}");
    app.update(Action::Meetings);
    assert!(render(&mut app, 80, 24).contains("Meetings of"));
}

/// An erasure left waiting by another program cannot be finished while the
/// file is read-only: circle says it is still waiting, and finishes it once
/// it can write again.
#[test]
fn a_waiting_erasure_is_named_while_read_only_and_finished_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    {
        let mut c = Circle::open(&db).unwrap();
        let group = c.groups().unwrap()[0].id;
        let bo = c.all_members(group).unwrap().into_iter().find(|m| m.fields.name == "Bo").unwrap().id;
        let reader = rusqlite::Connection::open(&db).unwrap();
        reader.execute_batch("BEGIN; SELECT count(*) FROM members;").unwrap();
        assert!(!c.forget_member(bo, 1).unwrap().erased_from_file);
        reader.execute_batch("COMMIT").unwrap();
    }
    set_mode(&db, 0o400);
    let before = state(&db);
    let mut c = Circle::open(&db).unwrap();
    assert!(c.read_only().is_some());
    assert!(c.finish_pending_erasure().unwrap(), "still waiting: the file cannot be written");
    drop(c);
    assert_eq!(state(&db), before, "nothing was written");
    set_mode(&db, 0o600);
    let mut c = Circle::open(&db).unwrap();
    assert!(!c.finish_pending_erasure().unwrap(), "finished once the file can be written");
}

/// Runs circle as a user who may write the file but not its folder. The
/// tests run as root, for whom no folder is read-only, so there the file
/// is given to `nobody` and circle runs as them.
fn in_a_read_only_folder(db: &Path, args: &[&str], input: &str) -> std::process::Output {
    use std::os::unix::fs::MetadataExt;
    let root = tempfile::tempfile().unwrap().metadata().unwrap().uid() == 0;
    let mut cmd = if root {
        std::os::unix::fs::chown(db, Some(65534), Some(65534)).unwrap();
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_circle")]);
        cmd
    } else {
        Command::cargo_bin("circle").unwrap()
    };
    let folder = db.parent().unwrap();
    set_mode(folder.parent().unwrap(), 0o755);
    set_mode(folder, 0o555);
    let out = cmd
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CIRCLE_CONFIG", folder.join("none.toml"))
        .env("HOME", folder)
        .write_stdin(input)
        .output()
        .unwrap();
    set_mode(folder, 0o755);
    out
}

#[test]
fn a_read_only_folder_is_named_as_the_folder_not_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("records");
    std::fs::create_dir(&folder).unwrap();
    let db = database(&folder);
    let out = in_a_read_only_folder(&db, &["groups", "add", "Evening"], "");
    let refusal = stderr(&out);
    assert!(!out.status.success());
    assert!(refusal.contains("the folder this database is in is read-only for you"), "{refusal}");
    assert!(!refusal.contains("file is read-only"), "{refusal}");
    let out = in_a_read_only_folder(&db, &["--linear"], "q\n");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.lines().nth(1).unwrap_or("").starts_with("The folder this database is in is read-only for you"),
        "{said}"
    );
}

//! Reliability and privacy: backups, restore and check; files that are not
//! circle's keep every byte and their mode; two consoles lose nothing; a
//! busy database or a full disk keeps the typing; erasure is finished when
//! it says so.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::{Store, StoreError};
use circle::tui::App;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn render(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
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

fn database(dir: &Path, groups: &[&str]) -> PathBuf {
    let path = dir.join("circle.db");
    let mut store = Store::open(&path).unwrap();
    for name in groups {
        let g = store
            .create_group(&NewGroup { name: (*name).into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap();
        store.add_member(g.id, &MemberFields::named("Rowan"), MemberStatus::Active, day()).unwrap();
    }
    path
}

fn circle(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("circle").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn backup_check_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Tuesday Circle"]);
    let copy = dir.path().join("copy.db");
    let out = circle(&db).args(["backup", "--out"]).arg(&copy).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&copy), 0o600);
    let out = circle(&db).arg("check").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("sound"));

    // A second group after the backup; restoring brings back the first alone.
    let mut store = Store::open(&db).unwrap();
    store
        .create_group(&NewGroup { name: "Later".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    drop(store);
    let out = circle(&db).args(["restore", "--yes"]).arg(&copy).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(shown.contains("Tuesday Circle: 1 member"), "{shown}");
    let names: Vec<String> = Store::open(&db).unwrap().groups().unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(names, ["Tuesday Circle"]);
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "db"))
        .collect();
    assert_eq!(kept.len(), 1, "the data from before the restore is kept");

    // A damaged database fails the check, in plain words.
    let broken = dir.path().join("broken.db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(8192).take(4096) {
        *b = 0x33;
    }
    std::fs::write(&broken, bytes).unwrap();
    let out = circle(&broken).arg("check").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
    // And a damaged backup is not restored.
    let out = circle(&db).args(["restore", "--yes"]).arg(&broken).output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn a_daily_backup_is_taken_once_a_day_when_the_data_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let mut store = Store::open(&db).unwrap();
    let first = store.automatic_backup(day()).unwrap().expect("a first backup");
    assert_eq!(mode(&first), 0o600);
    assert_eq!(store.automatic_backup(day()).unwrap(), None, "one a day");
    let next = day().succ_opt().unwrap();
    store.set_setting("current_tab", "size").unwrap();
    assert_eq!(store.automatic_backup(next).unwrap(), None, "nothing but the open tab changed");
    let group = store.groups().unwrap()[0].id;
    store.add_member(group, &MemberFields::named("Ivo"), MemberStatus::Active, day()).unwrap();
    assert!(store.automatic_backup(next).unwrap().is_some(), "the data changed since the last one");
    assert!(Store::inspect_backup(&first, None).is_ok());
}

#[test]
fn a_backup_cut_short_is_never_taken_for_a_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let store = Store::open(&db).unwrap();
    // What a console closed in the middle of its daily backup leaves.
    let folder = store.backup_folder();
    std::fs::create_dir_all(&folder).unwrap();
    let part = folder.join(format!("circle-{}.db.part", day()));
    std::fs::write(&part, b"half a copy").unwrap();
    assert_eq!(store.newest_backup(), None, "the unfinished copy is not a backup");
    let made = store.automatic_backup(day()).unwrap().expect("the day's backup is still made");
    assert!(Store::inspect_backup(&made, None).is_ok());
    assert!(!part.exists(), "the unfinished copy is cleared away");
}

#[test]
fn files_that_are_not_circles_keep_every_byte_and_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    // Another program's database, with a members table of its own.
    let photos = dir.path().join("photos.db");
    let conn = rusqlite::Connection::open(&photos).unwrap();
    conn.execute_batch("CREATE TABLE members (id INTEGER PRIMARY KEY, x TEXT); INSERT INTO members (x) VALUES ('p');")
        .unwrap();
    drop(conn);
    std::fs::set_permissions(&photos, std::fs::Permissions::from_mode(0o644)).unwrap();
    // One of circle's own, made read-only: read, never written or chmod-ed
    // (tests/read_only.rs has the rest).
    let ours = database(dir.path(), &["Circle"]);
    std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o400)).unwrap();
    for (path, refusal) in [(&photos, Some("another program's")), (&ours, None)] {
        let before = std::fs::read(path).unwrap();
        let was = mode(path);
        let out = circle(path).args(["members", "export", "--group", "Circle"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match refusal {
            Some(wanted) => assert!(!out.status.success() && stderr.contains(wanted), "{stderr}"),
            None => assert!(out.status.success(), "{stderr}"),
        }
        assert_eq!(std::fs::read(path).unwrap(), before, "{} changed", path.display());
        assert_eq!(mode(path), was, "{} changed mode", path.display());
    }
    assert!(matches!(Store::open(Path::new("/dev/null")), Err(StoreError::NotAFile { .. })));
}

fn app(db: &Path) -> App {
    App::new(Circle::open(db).unwrap(), day(), Theme { color: false, ..Theme::default() })
}

#[test]
fn two_consoles_editing_one_member_lose_neither_edit() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let mut one = app(&db);
    let mut two = app(&db);
    one.update(Action::EditMember);
    two.update(Action::EditMember);
    // The second console saves new notes...
    for _ in 0..7 {
        key(&mut two, KeyCode::Tab);
    }
    typing(&mut two, "prefers the window seat");
    key(&mut two, KeyCode::Enter);
    assert!(two.modal.is_none());
    // ...then the first saves new pronouns from its older form.
    key(&mut one, KeyCode::Tab);
    typing(&mut one, "she/her");
    key(&mut one, KeyCode::Enter);
    assert!(one.modal.is_none(), "{}", render(&mut one));
    let store = Store::open(&db).unwrap();
    let m = store.all_members(store.groups().unwrap()[0].id).unwrap().remove(0);
    assert_eq!(m.fields.pronouns, "she/her");
    assert_eq!(m.fields.notes, "prefers the window seat", "the other console's notes were undone");

    // The same field changed in both: the second save is refused, then
    // saved over on a second Enter.
    one.update(Action::EditMember);
    two.update(Action::EditMember);
    key(&mut two, KeyCode::Tab);
    typing(&mut two, "/x");
    key(&mut two, KeyCode::Enter);
    key(&mut one, KeyCode::Tab);
    typing(&mut one, "/y");
    key(&mut one, KeyCode::Enter);
    assert!(render(&mut one).contains("Someone else changed pronouns"), "{}", render(&mut one));
    key(&mut one, KeyCode::Enter);
    assert!(one.modal.is_none());
    let m = Store::open(&db).unwrap().member(m.id).unwrap();
    assert_eq!(m.fields.pronouns, "she/her/y");

    // The other console shows the change at its next key.
    let mut three = app(&db);
    let mut store = Store::open(&db).unwrap();
    store.add_member(m.group, &MemberFields::named("Newcomer"), MemberStatus::Active, day()).unwrap();
    key(&mut three, KeyCode::Down);
    assert!(render(&mut three).contains("Newcomer"));
}

#[test]
fn a_busy_database_or_a_full_disk_keeps_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let mut app = app(&db);
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    app.update(Action::AddMember);
    typing(&mut app, "Ivo");
    key(&mut app, KeyCode::Enter);
    let screen = render(&mut app);
    assert!(app.modal.is_some(), "the form stays open");
    assert!(screen.contains("another program is writing"), "{screen}");
    other.execute_batch("COMMIT").unwrap();
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none(), "the retry saves: {}", render(&mut app));
    assert!(render(&mut app).contains("Ivo"));

    // Full: the file may not grow by a single page.
    app.ctx.circle.store().compact().unwrap();
    let pages = app.ctx.circle.store().page_count().unwrap();
    app.ctx.circle.store().limit_pages(pages).unwrap();
    // Add people with long notes until the file would have to grow.
    for n in 0..40 {
        app.update(Action::AddMember);
        typing(&mut app, &format!("Nadia {n}"));
        for _ in 0..8 {
            key(&mut app, KeyCode::Tab);
        }
        typing(&mut app, &"Kind words about how Nadia likes to join in. ".repeat(80));
        key(&mut app, KeyCode::Enter);
        if app.modal.is_some() {
            break;
        }
    }
    let screen = render(&mut app);
    assert!(app.modal.is_some(), "the form and its typing stay: {screen}");
    assert!(screen.contains("disk is full"), "{screen}");
    app.ctx.circle.store().limit_pages(1_000_000).unwrap();
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none(), "with room again, the retry saves: {}", render(&mut app));
}

#[test]
fn erasure_waits_for_another_reader_and_finishes_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let mut c = Circle::open(&db).unwrap();
    let group = c.groups().unwrap()[0].id;
    let fields = MemberFields { notes: "zebra-crossing-secret".into(), ..MemberFields::named("Quillon") };
    let id = match c.add_member(group, fields, MemberStatus::Active, day(), Default::default()).unwrap() {
        circle::usecase::membership::StatusOutcome::Done(d) => d.member,
        other => panic!("{other:?}"),
    };
    let reader = rusqlite::Connection::open(&db).unwrap();
    reader.execute_batch("BEGIN; SELECT count(*) FROM members;").unwrap();
    let done = c.forget_member(id, 1).unwrap();
    assert!(!done.erased_from_file, "a reader holds the file: the erasure cannot be complete yet");
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert!(!c.finish_pending_erasure().unwrap(), "nothing waits once the reader has gone");
    drop(c);
    for suffix in ["", "-wal"] {
        let file = PathBuf::from(format!("{}{suffix}", db.display()));
        if let Ok(bytes) = std::fs::read(&file) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("zebra-crossing-secret"), "{} still holds the notes", file.display());
            assert!(!text.contains("Quillon"), "{} still holds the name", file.display());
        }
    }
}

/// A database whose name does not end in `.db` keeps its log as
/// `NAME-wal`: edits that are still only in the log count as changes, so
/// the daily backup is taken.
#[test]
fn edits_still_in_the_log_make_a_backup_due_whatever_the_file_is_called() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records");
    let real_today = chrono::Local::now().date_naive();
    let yesterday = real_today.pred_opt().unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        let new = NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open };
        store.create_group(&new, day()).unwrap();
        assert!(store.automatic_backup(yesterday).unwrap().is_some());
    }
    let mut store = Store::open(&path).unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(long_ago).unwrap();
    let new = NewGroup { name: "Evening".into(), focus: String::new(), openness: Openness::Open };
    store.create_group(&new, day()).unwrap();
    let main_modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(main_modified, long_ago, "the edit is only in the log");
    assert!(store.backup_due(real_today), "an edit in records-wal is a change");
}

/// The other half: a file nobody changed since yesterday's backup needs no
/// backup today, so the folder does not fill with copies of the same data.
#[test]
fn a_file_unchanged_since_the_last_backup_needs_no_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circle.db");
    let real_today = chrono::Local::now().date_naive();
    let yesterday = real_today.pred_opt().unwrap();
    {
        let mut store = Store::open(&path).unwrap();
        let new = NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open };
        store.create_group(&new, day()).unwrap();
    }
    // Everything written before yesterday began, then backed up yesterday.
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 24 * 3600);
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(long_ago).unwrap();
    let store = Store::open(&path).unwrap();
    assert!(store.automatic_backup(yesterday).unwrap().is_some());
    assert!(!store.backup_due(real_today), "nothing changed since yesterday's backup");
    assert_eq!(store.automatic_backup(real_today).unwrap(), None, "so none is taken");
    let backups = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".db"));
    assert_eq!(backups.count(), 1);
}

/// Another program's database with tables of the same names and a version
/// circle has used: what `circle restore` took for "a sound circle backup"
/// and then the console refused to open.
fn foreign_lookalike(dir: &Path) -> PathBuf {
    let path = dir.join("lookalike.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE groups (id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE members (id INTEGER PRIMARY KEY, group_id INTEGER, status TEXT);
         INSERT INTO groups (name) VALUES ('Chess club');
         INSERT INTO members (group_id, status) VALUES (1, 'active');
         PRAGMA user_version = 3;",
    )
    .unwrap();
    path
}

#[test]
fn restore_refuses_another_programs_database_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Tuesday Circle"]);
    let foreign = foreign_lookalike(dir.path());
    assert!(matches!(Store::inspect_backup(&foreign, None), Err(StoreError::NotOurs { .. })));
    let before = std::fs::read(&db).unwrap();
    let out = circle(&db).args(["restore", "--yes"]).arg(&foreign).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "restored another program's database");
    assert!(stderr.contains("another program's SQLite database"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    assert!(!dir.path().join("backups").exists(), "nothing to keep when nothing was replaced");
    // What opening refuses, restoring refuses: an empty database too.
    let empty = dir.path().join("empty.db");
    rusqlite::Connection::open(&empty).unwrap().execute_batch("VACUUM").unwrap();
    assert!(Store::inspect_backup(&empty, None).is_err(), "an empty database is no backup");
}

#[test]
fn restore_refuses_a_pipe_or_a_folder_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Tuesday Circle"]);
    let pipe = dir.path().join("pipe.db");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    for (file, wanted) in [(&pipe, "not an ordinary file"), (&dir.path().to_path_buf(), "is a folder")] {
        let started = std::time::Instant::now();
        let out = circle(&db)
            .args(["restore", "--yes"])
            .arg(file)
            .timeout(std::time::Duration::from_secs(10))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(started.elapsed() < std::time::Duration::from_secs(9), "restore waited on {}", file.display());
        assert!(!out.status.success());
        assert!(stderr.contains(wanted), "{stderr}");
    }
}

#[test]
fn restore_keeps_the_current_database_first_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Tuesday Circle"]);
    let copy = dir.path().join("copy.db");
    let mut c = Circle::open(&db).unwrap();
    c.backup_to(&copy).unwrap();
    c.create_group(&NewGroup { name: "Later".into(), focus: String::new(), openness: Openness::Open }, day()).unwrap();
    let kept = c.restore(&copy, day(), None).unwrap();
    let names: Vec<String> = c.groups().unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(names, ["Tuesday Circle"]);
    let before: Vec<String> = Store::open(&kept).unwrap().groups().unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(before, ["Later", "Tuesday Circle"], "the data from before is kept in {}", kept.display());
    assert_eq!(mode(&kept), 0o600);
}

#[test]
fn a_backup_dated_in_the_future_does_not_stop_todays() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let store = Store::open(&db).unwrap();
    let folder = store.backup_folder();
    std::fs::create_dir_all(&folder).unwrap();
    store.backup_to(&folder.join("circle-2027-06-01.db")).unwrap();
    assert!(store.backup_due(day()), "a backup from next summer is not today's");
    let made = store.automatic_backup(day()).unwrap().expect("today's backup is made");
    assert_eq!(made.file_name().unwrap(), format!("circle-{}.db", day()).as_str());
    assert!(!store.backup_due(day()), "and only once");
}

/// A database whose backups folder cannot be made: a file is in its place.
fn backups_blocked(dir: &Path) -> PathBuf {
    let db = database(dir, &["Tuesday Circle"]);
    std::fs::write(dir.join("backups"), b"not a folder").unwrap();
    db
}

#[test]
fn a_failed_daily_backup_is_said_in_linear_mode_and_noted_in_a_private_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = backups_blocked(dir.path());
    let out =
        circle(&db).arg("--linear").write_stdin("q\n").timeout(std::time::Duration::from_secs(30)).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("Today's backup could not be made: "), "{said}");
    assert!(said.contains("; circle check says more."), "{said}");
    let log = dir.path().join("circle.log");
    assert_eq!(mode(&log), 0o600);
    let noted = std::fs::read_to_string(&log).unwrap();
    assert!(noted.contains("circle::backup") && noted.contains("file error"), "{noted}");
    for private in ["Rowan", "Tuesday", &dir.path().display().to_string()] {
        assert!(!noted.contains(private), "the log holds {private}: {noted}");
    }
    // circle check, which the notice names, says what was noted.
    let check = circle(&db).arg("check").output().unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("today's backup was not made: file error"), "{said}");
}

#[test]
fn a_failed_daily_backup_is_said_in_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let db = backups_blocked(dir.path());
    let mut app = app(&db);
    app.watch_backup(circle::usecase::daily_backup::Running::start_at(&db, day()).unwrap());
    let started = std::time::Instant::now();
    while app.background_wait().is_some() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(10));
        app.poll_background();
    }
    let flash = app.ctx.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(flash.starts_with("Today's backup could not be made: "), "{flash}");
    assert!(render(&mut app).contains("Today's backup could not be"), "{}", render(&mut app));
}

fn sidecars(db: &Path) -> [bool; 2] {
    ["-wal", "-shm"].map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())).exists())
}

#[test]
fn circle_check_leaves_no_log_beside_the_database_that_was_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    assert_eq!(sidecars(&db), [false, false], "the test starts with the database alone");
    let out = circle(&db).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sidecars(&db), [false, false], "circle check left files beside the database");

    // With a console writing, its log and index stay, and so does its edit.
    let mut console = Store::open(&db).unwrap();
    console
        .add_member(console.groups().unwrap()[0].id, &MemberFields::named("Ines"), MemberStatus::Active, day())
        .unwrap();
    assert_eq!(sidecars(&db), [true, true]);
    let out = circle(&db).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sidecars(&db), [true, true], "the console's log was taken away");
    console
        .add_member(console.groups().unwrap()[0].id, &MemberFields::named("Jo"), MemberStatus::Active, day())
        .unwrap();
    drop(console);
    let names: Vec<String> = Store::open(&db)
        .unwrap()
        .all_members(Store::open(&db).unwrap().groups().unwrap()[0].id)
        .unwrap()
        .into_iter()
        .map(|m| m.fields.name)
        .collect();
    assert!(names.contains(&"Ines".to_string()) && names.contains(&"Jo".to_string()), "{names:?}");
}

#[test]
fn what_backups_cut_short_left_is_cleared_but_never_a_backup_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    // What killed runs of circle backup and of the daily backup leave.
    let left =
        ["circle-2026-11-20-101010.db.part", "circle-2026-11-20-101010.db.part-journal", "circle-2026-11-21.db.part"];
    for name in left {
        std::fs::write(folder.join(name), b"half a copy").unwrap();
    }
    // Not circle's: never touched.
    std::fs::write(folder.join("notes.part"), b"mine").unwrap();

    // While another circle writes a backup there, nothing is cleared: the
    // copy it is writing looks the same as one left behind.
    let other = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(folder.join(".lock"))
        .unwrap();
    other.lock_shared().unwrap();
    let out = circle(&db).arg("backup").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(left.iter().all(|name| folder.join(name).exists()), "a copy being written was removed");
    other.unlock().unwrap();

    let out = circle(&db).arg("backup").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in left {
        assert!(!folder.join(name).exists(), "{name} is still there");
    }
    assert!(folder.join("notes.part").exists());
    let made: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "db"))
        .collect();
    assert_eq!(made.len(), 2, "{made:?}");
    assert!(made.iter().all(|p| Store::inspect_backup(p, None).is_ok()));
}

#[test]
fn circle_check_names_the_newest_sound_backup_not_the_newest_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), &["Circle"]);
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let sound = folder.join("circle-2026-11-20.db");
    Store::open(&db).unwrap().backup_to(&sound).unwrap();
    // Newer names that are no backup to restore.
    std::fs::write(folder.join("circle-2026-11-25.db"), b"not a database at all").unwrap();
    std::fs::copy(foreign_lookalike(dir.path()), folder.join("circle-2026-11-24-101010.db")).unwrap();
    std::fs::write(folder.join("circle-2026-11-26.db.part"), b"half a copy").unwrap();
    std::fs::write(folder.join("zz-notes.txt"), b"mine").unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(8192).take(4096) {
        *b = 0x33;
    }
    std::fs::write(&db, bytes).unwrap();

    let out = circle(&db).arg("check").output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains(&format!("the newest sound backup is {}", sound.display())), "{said}");
}

#[test]
fn only_folders_whose_circle_is_gone_are_cleared_from_the_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let folder = |name: &str, lock: bool| {
        let path = tmp.join(name);
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("agreement.md"), b"What is said in the circle stays in the circle.").unwrap();
        lock.then(|| {
            let file = std::fs::File::create(path.join(".lock")).unwrap();
            file.lock().unwrap();
            file
        })
    };
    // A demo running in another circle: its lock is held, and its process
    // id is one no system gives out, as a running demo looks on macOS,
    // where there is no /proc to ask.
    let running = folder("circle-demo-4194999-abcdef", true);
    // What a console killed while $EDITOR had the agreement leaves: a lock
    // nobody holds.
    folder("circle-edit-4194998-ghijkl", false);
    std::fs::File::create(tmp.join("circle-edit-4194998-ghijkl/.lock")).unwrap();
    // Not circle's.
    std::fs::create_dir(tmp.join("circle-notes")).unwrap();

    let out = Command::cargo_bin("circle")
        .unwrap()
        .env("TMPDIR", &tmp)
        .env("CIRCLE_CONFIG", dir.path().join("none.toml"))
        .args(["--demo", "--linear"])
        .write_stdin("q\n")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let left: Vec<String> =
        std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.contains(&"circle-demo-4194999-abcdef".to_string()), "a running demo's folder was removed: {left:?}");
    assert!(!left.iter().any(|n| n.starts_with("circle-edit-")), "the agreement's text was left: {left:?}");
    assert!(left.contains(&"circle-notes".to_string()));
    assert_eq!(left.len(), 2, "the demo's own folder goes when it ends: {left:?}");
    drop(running);
}

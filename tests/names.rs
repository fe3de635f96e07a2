//! One rule for names given now, wherever they come from: the member and
//! group forms, a visitor in the register, the command line, linear mode
//! and CSV imports. A name with a control character (NUL, tab, an escape
//! code), a line or paragraph separator, a bidirectional control or an
//! invisible character is refused with one sentence and nothing changes;
//! and a group's name must differ from every other's by more than case or
//! accents, whether created or renamed.

mod common;

use std::path::Path;

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::{MeetingMode, MemberFields, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::Store;
use circle::tui::App;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::usecase::membership::Answers;
use circle::usecase::{Circle, Error};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Names no one means to give: each must be refused on every path.
const HOSTILE: [&str; 8] = [
    "Ann\0Lee",
    "Ann\tLee",
    "Ann\u{1b}[2J",
    "Ann\u{9b}31m",
    "Ann\u{202E}eeL",
    "Ann\u{2028}Lee",
    "Ann\u{061C}Lee",
    "Ann\u{200B}Lee",
];

fn group(name: &str) -> NewGroup {
    NewGroup { name: name.into(), focus: String::new(), openness: Openness::Open }
}

/// A circle on a new file with one group ("Tuesday Circle") and one member.
fn world(dir: &Path) -> (Circle, circle::domain::GroupId, circle::domain::MemberId) {
    let mut c = Circle::open(&dir.join("circle.db")).unwrap();
    let g = c.create_group(&group("Tuesday Circle"), day()).unwrap().id;
    let outcome = c.add_member(g, MemberFields::named("Rowan"), MemberStatus::Active, day(), Answers::ALL).unwrap();
    let circle::usecase::membership::StatusOutcome::Done(done) = outcome else { panic!("{outcome:?}") };
    (c, g, done.member)
}

fn is_name_refusal(result: &Result<impl std::fmt::Debug, Error>) -> bool {
    matches!(result, Err(Error::Field("name", message)) if message.starts_with("a name cannot contain"))
}

#[test]
fn every_use_case_that_names_someone_or_a_group_refuses_hostile_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, g, rowan) = world(dir.path());
    let meeting = c.open_meeting(g, &NewMeeting { held_on: day(), mode: MeetingMode::InPerson, minutes: 90 }).unwrap();
    let meeting = match meeting {
        circle::usecase::register::MeetingOpened::Created(m)
        | circle::usecase::register::MeetingOpened::AlreadyThere(m) => m,
    };
    let db = dir.path().join("circle.db");
    let before = Store::open(&db).unwrap().revision().unwrap();
    for name in HOSTILE {
        let added = c.add_member(g, MemberFields::named(name), MemberStatus::Active, day(), Answers::ALL);
        assert!(is_name_refusal(&added), "add {name:?}: {added:?}");
        let renamed = c.edit_member(rowan, None, MemberFields::named(name), day());
        assert!(is_name_refusal(&renamed), "rename {name:?}: {renamed:?}");
        let visitor = c.add_visitor(meeting.id, name, day());
        assert!(is_name_refusal(&visitor), "visitor {name:?}: {visitor:?}");
        let created = c.create_group(&group(name), day());
        assert!(is_name_refusal(&created), "group {name:?}: {created:?}");
        let regrouped = c.rename_group(g, name);
        assert!(is_name_refusal(&regrouped), "group rename {name:?}: {regrouped:?}");
    }
    assert_eq!(Store::open(&db).unwrap().revision().unwrap(), before, "a refused name changed the database");
    assert_eq!(c.member(rowan).unwrap().fields.name, "Rowan");
    assert_eq!(c.groups().unwrap().len(), 1);

    // Emoji and scripts that need a joiner are names like any other.
    let family = "Ife 👩🏽\u{200D}🦱";
    assert!(c.add_member(g, MemberFields::named(family), MemberStatus::Active, day(), Answers::ALL).is_ok());
    assert!(c.create_group(&group("می\u{200C}خواهم"), day()).is_ok());
}

#[test]
fn a_name_stored_by_an_older_circle_does_not_block_other_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _, rowan) = world(dir.path());
    drop(c);
    let db = dir.path().join("circle.db");
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute("UPDATE members SET name = 'Row\tan' WHERE id = ?1", [rowan.0]).unwrap();
    drop(raw);
    let mut c = Circle::open(&db).unwrap();
    let original = c.member(rowan).unwrap().fields;
    let typed = MemberFields { pronouns: "they/them".into(), ..original.clone() };
    c.edit_member(rowan, Some(&original), typed, day()).unwrap();
    assert_eq!(c.member(rowan).unwrap().fields.pronouns, "they/them");
}

#[test]
fn a_group_name_must_differ_by_more_than_case_or_accents() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, g, _) = world(dir.path());
    let other = c.create_group(&group("Zoë's Group"), day()).unwrap().id;
    for name in ["Tuesday Circle", "tuesday circle", "TUESDAY CIRCLE", "Tuésday Círcle"] {
        let created = c.create_group(&group(name), day());
        let Err(Error::Field("name", message)) = &created else { panic!("{name}: {created:?}") };
        assert!(message.starts_with("there is already a group called “Tuesday Circle”"), "{message}");
        let renamed = c.rename_group(other, name);
        assert!(matches!(renamed, Err(Error::Field("name", _))), "{name}: {renamed:?}");
    }
    let Err(Error::Field(_, message)) = c.create_group(&group("zoe's group"), day()) else { panic!() };
    assert_eq!(
        message,
        "there is already a group called “Zoë's Group”; choose a name that differs by more than case or accents"
    );
    // A group may change the case or accents of its own name.
    c.rename_group(g, "TUESDAY circle").unwrap();
    assert_eq!(c.group(g).unwrap().name, "TUESDAY circle");
    let names: Vec<String> = c.groups().unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

fn circle_cmd(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("circle").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

#[test]
fn the_command_line_refuses_the_same_names() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _, _) = world(dir.path());
    drop(c);
    let db = dir.path().join("circle.db");
    let before = std::fs::read(&db).unwrap();
    for name in ["Bad\u{202E}Name", "Two\u{2029}Lines", "tuesday círcle"] {
        let out = circle_cmd(&db).args(["groups", "add", name]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name:?}");
        assert!(stderr.starts_with("circle: the group was not added: "), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, "name\nAnn\u{202E}eeL\n").unwrap();
    let out =
        circle_cmd(&db).args(["members", "import"]).arg(&csv).args(["--group", "Tuesday Circle"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("line 2: a name cannot contain invisible characters"), "{stderr}");
    assert!(std::fs::read(&db).unwrap() == before, "a refused name changed the database");
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn the_member_form_says_why_and_keeps_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _, _) = world(dir.path());
    let mut app = App::new(c, day(), Theme { color: false, ..Theme::default() });
    for (name, sentence) in [
        ("Ann\u{202E}eeL", "a name cannot contain invisible characters that reorder or break text"),
        ("Ann\u{1b}[2J", "a name cannot contain control characters such as tabs or escape codes"),
    ] {
        app.update(Action::AddMember);
        for ch in name.chars() {
            key(&mut app, KeyCode::Char(ch));
        }
        key(&mut app, KeyCode::Enter);
        let Some(circle::tui::app::Modal::Form(form, _)) = &app.modal else { panic!("the form closed") };
        assert_eq!(form.value("name"), name);
        let error = form.fields.iter().find(|f| f.key == "name").and_then(|f| f.error.clone());
        assert!(error.as_deref().is_some_and(|e| e.starts_with(sentence)), "{error:?}");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
        assert!(app.modal.is_none());
    }
    let store = Store::open(&dir.path().join("circle.db")).unwrap();
    let g = store.group_by_name("Tuesday Circle").unwrap().unwrap();
    assert_eq!(store.all_members(g.id).unwrap().len(), 1, "nothing was added");
}

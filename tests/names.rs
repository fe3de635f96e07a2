//! One rule for names given now, wherever they come from: the member and
//! group forms, a visitor in the register, a successor group, a promotion
//! channel, the command line, linear mode, CSV imports and `import-all`
//! (in tests/transfer.rs). A name with a control character (NUL, tab, an
//! escape code), a line or paragraph separator, a bidirectional control or
//! an invisible character is refused with one sentence and nothing
//! changes; a name stored by an older circle stays, and an edit that keeps
//! it saves. A group's name must differ from every other's by more than
//! case or accents, whether created, renamed or made as a successor.

mod common;

use std::path::Path;

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::{
    CardStyle, Channel, ChannelKind, ChannelStatus, EndingMode, MeetingMode, MemberFields, MemberStatus, NewChannel,
    NewGroup, NewMeeting, Openness,
};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::endings::{Participants, StartActivity, WhatNext};
use circle::usecase::membership::Answers;
use circle::usecase::{Circle, Error};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Names no one means to give: each must be refused on every path. The
/// first six are those issue 22 found accepted: a clipboard-setting OSC 52
/// sequence, a screen-clearing CSI, a C1 CSI, a right-to-left override, a
/// zero width space and a line separator.
const HOSTILE: [&str; 14] = [
    "\u{1b}]52;c;aGk=\u{7}",
    "a\u{1b}[2Jb",
    "\u{9b}31m",
    "\u{202e}evil",
    "zero\u{200b}width",
    "line\u{2028}sep",
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
    let before = common::contents(&db);
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
    assert!(common::contents(&db) == before, "a refused name changed the database");
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

/// The console's "new group" and `circle groups add` are two doors to one
/// rule: a name that differs from another group's only by case or accents
/// is refused by both, in the same words.
#[test]
fn the_console_and_the_command_line_agree_on_look_alike_groups() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _, _) = world(dir.path());
    let db = dir.path().join("circle.db");
    let mut app = App::new(c, day(), Theme { color: false, ..Theme::default() });
    for name in ["Tuesday Circle", "tuesday circle", "TUESDAY CÍRCLE", "  Tuésday Circle "] {
        app.update(Action::Groups);
        key(&mut app, KeyCode::Char('n'));
        for ch in name.chars() {
            key(&mut app, KeyCode::Char(ch));
        }
        key(&mut app, KeyCode::Enter);
        let Some(circle::tui::app::Modal::Form(form, _)) = &app.modal else { panic!("{name:?}: the form closed") };
        let console = form.fields.iter().find(|f| f.key == "name").and_then(|f| f.error.clone());
        let console = console.unwrap_or_else(|| panic!("{name:?}: the console took it"));
        for _ in 0..3 {
            key(&mut app, KeyCode::Esc);
        }
        let out = circle_cmd(&db).args(["groups", "add", name]).output().unwrap();
        assert!(!out.status.success(), "{name:?}: the command line took it");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, format!("circle: the group was not added: {console}\n"), "{name:?}");
        assert!(console.starts_with("there is already a group called “Tuesday Circle”"), "{console}");
    }
    assert_eq!(app.ctx.circle.groups().unwrap().len(), 1);
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

fn channel(name: &str) -> NewChannel {
    NewChannel {
        kind: ChannelKind::Radio,
        name: name.into(),
        status: ChannelStatus::Planned,
        planned_on: Some(day()),
        tried_on: None,
        notes: String::new(),
    }
}

fn activity(c: &mut Circle, g: circle::domain::GroupId) -> circle::domain::ActivityId {
    let start = StartActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Paper,
        chain: false,
        participants: Participants::Active,
    };
    c.start_activity(g, &start, day()).unwrap().id
}

fn successor(name: &str) -> WhatNext {
    WhatNext { status: None, successor: name.into(), carry: String::new() }
}

#[test]
fn a_successor_group_and_a_promotion_channel_follow_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, g, _) = world(dir.path());
    let ending = activity(&mut c, g);
    let radio = c.add_channel(g, channel("Radio Riverside")).unwrap();
    let db = dir.path().join("circle.db");
    let before = common::contents(&db);
    for name in HOSTILE {
        let finished = c.finish_activity(ending, &successor(name), day());
        assert!(
            matches!(&finished, Err(Error::Field("successor", m)) if m.starts_with("a name cannot contain")),
            "successor {name:?}: {finished:?}"
        );
        let added = c.add_channel(g, channel(name));
        assert!(is_name_refusal(&added), "channel {name:?}: {added:?}");
        let stored = c.channels(g).unwrap().remove(0);
        let renamed = c.update_channel(Channel { name: name.into(), ..stored });
        assert!(is_name_refusal(&renamed), "channel rename {name:?}: {renamed:?}");
    }
    assert!(common::contents(&db) == before, "a refused name changed the database");
    assert_eq!(c.groups().unwrap().len(), 1);
    let channels = c.channels(g).unwrap();
    assert_eq!((channels.len(), channels[0].id, channels[0].name.as_str()), (1, radio, "Radio Riverside"));
}

#[test]
fn a_successor_is_found_without_case_or_accents_and_never_a_look_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, g, _) = world(dir.path());
    let zoe = c.create_group(&group("Zoë's Group"), day()).unwrap().id;
    let ending = activity(&mut c, g);
    let own = c.finish_activity(ending, &successor("tuesday círcle"), day());
    assert!(matches!(&own, Err(Error::Field("successor", m)) if m == "a group cannot be its own successor"), "{own:?}");
    let said = c.finish_activity(ending, &successor("zoe's group"), day()).unwrap();
    assert_eq!(c.group(g).unwrap().settings.successor, Some(zoe), "{said:?}");
    assert_eq!(c.groups().unwrap().len(), 2, "no look-alike group was made");
}

#[test]
fn names_stored_by_an_older_circle_stay_on_channels_and_successors() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, g, _) = world(dir.path());
    let old = "Radio\tOne \u{1b}[7m";
    let id = c.store().add_channel(g, &channel(old)).unwrap();
    let stored = c.channels(g).unwrap().into_iter().find(|ch| ch.id == id).unwrap();
    assert_eq!(stored.name, old);
    c.update_channel(Channel { notes: "Thursday mornings".into(), ..stored }).unwrap();
    let kept = c.channels(g).unwrap().into_iter().find(|ch| ch.id == id).unwrap();
    assert_eq!((kept.name.as_str(), kept.notes.as_str()), (old, "Thursday mornings"));

    // A successor named exactly as an old group is that group, whatever
    // an older circle let into its name.
    let older = c.store().create_group(&group("Old\u{1b}[2JCircle"), day()).unwrap().id;
    let ending = activity(&mut c, g);
    c.finish_activity(ending, &successor("Old\u{1b}[2JCircle"), day()).unwrap();
    assert_eq!(c.group(g).unwrap().settings.successor, Some(older));
}

#[test]
fn the_channel_form_says_why_and_keeps_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (c, g, _) = world(dir.path());
    let mut app = App::new(c, day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Size));
    app.update(Action::Promotion);
    for name in ["\u{202e}evil", "a\u{1b}[2Jb"] {
        app.update(Action::AddChannel);
        key(&mut app, KeyCode::Tab);
        for ch in name.chars() {
            key(&mut app, KeyCode::Char(ch));
        }
        key(&mut app, KeyCode::Enter);
        let Some(circle::tui::app::Modal::Form(form, _)) = &app.modal else { panic!("the form closed") };
        assert_eq!(form.value("name"), name);
        let error = form.fields.iter().find(|f| f.key == "name").and_then(|f| f.error.clone());
        assert!(error.as_deref().is_some_and(|e| e.starts_with("a name cannot contain")), "{error:?}");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
        assert!(app.modal.is_none());
    }
    let store = Store::open(&dir.path().join("circle.db")).unwrap();
    assert!(store.channels(g).unwrap().is_empty(), "nothing was added");
}

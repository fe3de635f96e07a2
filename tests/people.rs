//! Putting the record of people right: sign-ups recorded by mistake, a
//! visitor who was already known, two records of one person. The use cases
//! on real SQLite files, the console by keys into a `TestBackend`, and
//! linear mode by typed lines.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use circle::domain::agreement::TEMPLATE;
use circle::domain::Openness;
use circle::domain::{GroupId, MeetingId, MeetingMode, MemberFields, MemberId, MemberStatus, NewGroup, NewMeeting};
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use circle::usecase::agreement::{SignupOutcome, SignupRecord};
use circle::usecase::membership::{Answers, StatusOutcome};
use circle::usecase::register::MeetingOpened;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn ago(days: i64) -> NaiveDate {
    day() - chrono::Duration::days(days)
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// A group of five with two versions of its agreement, a meeting two
/// weeks ago and one today, each with Ann, Bo and Cy present.
struct World {
    dir: tempfile::TempDir,
    group: GroupId,
    people: Vec<(String, MemberId)>,
    earlier: MeetingId,
    today: MeetingId,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Circle::open(&dir.path().join("circle.db")).unwrap();
        let group = c
            .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, ago(60))
            .unwrap()
            .id;
        let mut people = Vec::new();
        for name in ["Ann", "Bo", "Cy", "Dev", "Eli"] {
            let fields = MemberFields { joined: Some(ago(60)), ..MemberFields::named(name) };
            match c.add_member(group, fields, MemberStatus::Active, ago(60), Answers::ALL).unwrap() {
                StatusOutcome::Done(done) => people.push((name.to_string(), done.member)),
                other => panic!("{other:?}"),
            }
        }
        c.start_from_template(group).unwrap();
        c.adopt_draft(group, "first", ago(50)).unwrap();
        let seen = c.agreement_draft(group).unwrap();
        c.save_draft(group, seen.as_deref(), &format!("{TEMPLATE}\n## Phones\nOn silent.\n")).unwrap();
        c.adopt_draft(group, "phones", ago(20)).unwrap();
        let mut meeting = |on| match c
            .open_meeting(group, &NewMeeting { held_on: on, mode: MeetingMode::InPerson, minutes: 90 })
            .unwrap()
        {
            MeetingOpened::Created(m) => m.id,
            other => panic!("{other:?}"),
        };
        let (earlier, today) = (meeting(ago(14)), meeting(day()));
        for m in [earlier, today] {
            for (_, id) in &people[..3] {
                c.set_present(m, *id, true).unwrap();
            }
        }
        World { dir, group, people, earlier, today }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("circle.db")
    }

    fn circle(&self) -> Circle {
        Circle::open(&self.path()).unwrap()
    }

    fn id(&self, name: &str) -> MemberId {
        self.people.iter().find(|(n, _)| n == name).map(|(_, id)| *id).unwrap()
    }

    fn app(&self) -> App {
        App::new(self.circle(), day(), Theme { color: false, ..Theme::default() })
    }

    fn signups(&self, name: &str) -> i64 {
        count(&self.path(), "signups", &format!("member_id = {}", self.id(name).0))
    }
}

/// `SELECT count(*) FROM {table} WHERE {condition}`, as another program reads it.
fn count(path: &std::path::Path, table: &str, condition: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table} WHERE {condition}"), [], |r| r.get(0))
        .unwrap()
}

// Sign-ups.

#[test]
fn a_sign_up_for_someone_not_present_asks_first_and_records_nothing_until_yes() {
    let w = World::new();
    let mut c = w.circle();
    let (ann, dev) = (w.id("Ann"), w.id("Dev"));
    assert_eq!(c.sign_up(w.group, &[ann], day(), day(), false).unwrap(), SignupOutcome::Recorded(2));
    assert_eq!(
        c.sign_up(w.group, &[ann, dev], day(), day(), false).unwrap(),
        SignupOutcome::NotPresent(vec![(dev, "Dev".into())])
    );
    assert_eq!(w.signups("Dev"), 0, "nothing recorded before the answer");
    // On a day with no meeting nobody is marked present.
    assert!(matches!(c.sign_up(w.group, &[ann], ago(3), day(), false).unwrap(), SignupOutcome::NotPresent(_)));
    assert_eq!(c.sign_up(w.group, &[dev], day(), day(), true).unwrap(), SignupOutcome::Recorded(2));
    assert_eq!(w.signups("Dev"), 1);
}

#[test]
fn a_sign_up_can_be_withdrawn_and_each_persons_history_read() {
    let w = World::new();
    let mut c = w.circle();
    let ann = w.id("Ann");
    // Ann agreed to version 1 when it was current, then to version 2.
    let v1 = c.store().agreement_version(w.group, 1).unwrap().unwrap().id;
    c.store().sign_agreement(ann, v1, ago(45)).unwrap();
    c.record_signups(w.group, &[ann], ago(14), day()).unwrap();
    let both = vec![SignupRecord { version: 1, signed_on: ago(45) }, SignupRecord { version: 2, signed_on: ago(14) }];
    assert_eq!(c.signup_history(ann).unwrap(), both);
    assert_eq!(c.signers(w.group).unwrap()[0].history, both);
    c.withdraw_signup(ann, 2).unwrap();
    assert_eq!(c.signup_history(ann).unwrap(), both[..1], "the earlier sign-up stays");
    assert_eq!(c.signers(w.group).unwrap()[0].agreed, Some(1));
    let refused = c.withdraw_signup(ann, 2).unwrap_err().to_string();
    assert!(refused.contains("no sign-up to version 2"), "{refused}");
    assert!(c.withdraw_signup(ann, 7).is_err(), "no such version");
}

/// The reproduction: `r`, move to someone absent, `s` recorded
/// "… agreed to version 2 of the agreement today" with no question, and
/// nothing could take it back.
#[test]
fn in_the_register_s_on_someone_absent_asks_and_w_withdraws() {
    let w = World::new();
    let mut app = w.app();
    app.update(Action::Register);
    // Ann, Bo, Cy, Dev, Eli: Dev is fourth, absent.
    for _ in 0..3 {
        app.update(Action::Down);
    }
    keys(&mut app, "s");
    let asked = render(&mut app, 80, 24);
    assert!(asked.contains("Dev is not marked present today"), "{asked}");
    assert_eq!(w.signups("Dev"), 0, "asked, not recorded");
    key(&mut app, KeyCode::Esc);
    assert_eq!(w.signups("Dev"), 0, "Esc records nothing");
    keys(&mut app, "s");
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.signups("Dev"), 1, "yes records it");
    assert!(render(&mut app, 80, 24).contains("Dev agreed to version 2"));

    // Withdrawn after a question that names the version and the day.
    keys(&mut app, "w");
    let question = render(&mut app, 80, 24);
    assert!(question.contains("Take back the record that Dev agreed to version 2"), "{question}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.signups("Dev"), 0);
    let done = render(&mut app, 80, 24);
    assert!(done.contains("withdrawn"), "{done}");
    // Nothing left to withdraw: said, nothing asked.
    keys(&mut app, "w");
    assert!(render(&mut app, 80, 24).contains("Dev has no sign-up to withdraw"));

    // Someone present is recorded at once, as before.
    app.update(Action::Top);
    keys(&mut app, "s");
    assert_eq!(w.signups("Ann"), 1);
}

#[test]
fn the_agreements_sign_ups_list_asks_withdraws_and_shows_the_history() {
    let w = World::new();
    w.circle().record_signups(w.group, &[w.id("Bo")], ago(14), day()).unwrap();
    let mut app = w.app();
    app.update(Action::GoTab(Tab::Agreement));
    keys(&mut app, "s");
    // Ann, Bo, …: Bo's history shows when Bo is selected.
    app.update(Action::Down);
    let list = render(&mut app, 80, 24);
    assert!(list.contains("Bo: agreed to version 2 on 12 Nov"), "{list}");
    keys(&mut app, "w");
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.signups("Bo"), 0);
    // Marking Dev (absent today) and recording asks first.
    for _ in 0..2 {
        app.update(Action::Down);
    }
    keys(&mut app, " ");
    key(&mut app, KeyCode::Enter); // the form with the day
    key(&mut app, KeyCode::Enter); // record
    let asked = render(&mut app, 80, 24);
    assert!(asked.contains("Dev is not marked present"), "{asked}");
    assert_eq!(w.signups("Dev"), 0);
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.signups("Dev"), 1);
}


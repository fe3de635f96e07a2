//! Putting the record of people right: sign-ups recorded by mistake, a
//! visitor who was already known, two records of one person. The use cases
//! on real SQLite files, the console by keys into a `TestBackend`, and
//! linear mode by typed lines.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use circle::domain::Openness;
use circle::domain::agreement::TEMPLATE;
use circle::domain::{
    Attendance, GroupId, MeetingId, MeetingMode, MemberFields, MemberId, MemberStatus, NewGroup, NewMeeting,
};
use circle::linear::{Options, run_with};
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use circle::usecase::agreement::{SignupOutcome, SignupRecord};
use circle::usecase::membership::{Answers, StatusOutcome};
use circle::usecase::register::{Mark, Marked, MeetingOpened, RegisterOf, VisitorAdded};
use circle::usecase::rounds::RoundEnded;
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

/// A named visitor added as someone new, as the register's "no, someone
/// new" does.
fn new_visitor(c: &mut Circle, meeting: MeetingId, name: &str) -> VisitorAdded {
    let of = RegisterOf::Recorded(c.meeting(meeting).unwrap());
    match c.mark(&of, Mark::NewVisitor(name.into()), day()).unwrap().marked {
        Marked::Visitor(added) => added,
        other => panic!("{other:?}"),
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
    assert!(matches!(c.sign_up(w.group, &[dev], ago(3), day(), false).unwrap(), SignupOutcome::NotPresent(_)));
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

// Visitors who were known already.

impl World {
    /// Priya came as a visitor to the earlier meeting.
    fn with_priya(self) -> World {
        let mut c = self.circle();
        assert_eq!(c.add_visitor(self.earlier, "Priya", ago(14)).unwrap(), VisitorAdded::Named("Priya".into()));
        drop(c);
        self
    }

    fn named(&self, name: &str) -> Vec<MemberId> {
        let conn = rusqlite::Connection::open(self.path()).unwrap();
        let mut stmt = conn.prepare("SELECT id FROM members WHERE name = ?1 COLLATE NOCASE ORDER BY id").unwrap();
        stmt.query_map([name], |r| Ok(MemberId(r.get(0)?))).unwrap().map(Result::unwrap).collect()
    }

    fn present(&self, meeting: MeetingId, member: MemberId) -> bool {
        count(&self.path(), "attendance", &format!("meeting_id = {} AND member_id = {}", meeting.0, member.0)) == 1
    }
}

#[test]
fn a_visitor_whose_name_is_known_is_offered_as_that_person() {
    let w = World::new().with_priya();
    let priya = w.named("Priya")[0];
    let mut c = w.circle();
    for typed in ["Priya", " priya ", "PRÍYA"] {
        match c.add_visitor(w.today, typed, day()).unwrap() {
            VisitorAdded::Known(known) => {
                assert_eq!(known.len(), 1);
                assert_eq!((known[0].member, known[0].first_came), (priya, Some(ago(14))));
            }
            other => panic!("{typed}: {other:?}"),
        }
    }
    assert_eq!(w.named("Priya").len(), 1, "nothing added before the answer");
    // Someone new after all: added as asked.
    assert_eq!(new_visitor(&mut c, w.today, "Priya"), VisitorAdded::Named("Priya".into()));
    assert_eq!(w.named("Priya").len(), 2);
    // A name refused as a new name is refused before anyone is looked up.
    assert!(c.add_visitor(w.today, "Pri\u{1b}[2Jya", day()).is_err());
}

/// The reproduction: at a second meeting, `r`, `v`, "Priya",
/// `Enter` added a second enquiry called Priya with no warning.
#[test]
fn in_the_register_a_known_visitor_is_asked_about_and_marked_present() {
    let w = World::new().with_priya();
    let priya = w.named("Priya")[0];
    let mut app = w.app();
    app.update(Action::Register);
    keys(&mut app, "v");
    keys(&mut app, "Priya");
    key(&mut app, KeyCode::Enter);
    let asked = render(&mut app, 80, 24);
    assert!(asked.contains("Priya came as a visitor on Thu 12 Nov 2026: is this the same person?"), "{asked}");
    assert_eq!(w.named("Priya").len(), 1, "asked, nothing added");
    key(&mut app, KeyCode::Enter);
    assert!(w.present(w.today, priya), "the visitor is the Priya known");
    assert_eq!(w.named("Priya").len(), 1);
    assert!(render(&mut app, 80, 24).contains("Priya is marked present"));

    // Someone new after all: the second choice.
    keys(&mut app, "v");
    keys(&mut app, "priya");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.named("Priya").len(), 2);
}

// Two records of one person.

/// The mistake the issue describes: at the second meeting Priya was added
/// again, as someone new, and took part in a round; Dev was recorded as
/// agreeing to the agreement while absent.
fn the_mistakes(w: &World) -> MemberId {
    let mut c = w.circle();
    let again = match new_visitor(&mut c, w.today, "Priya") {
        VisitorAdded::Named(_) => w.named("Priya")[1],
        other => panic!("{other:?}"),
    };
    c.record_signups(w.group, &[w.id("Dev")], day(), day()).unwrap();
    again
}

fn turn(meeting: MeetingId, member: MemberId, seconds: u32, order: u32) -> Attendance {
    Attendance {
        meeting,
        member,
        speaking_seconds: Some(seconds),
        spoke: Some(seconds > 0),
        passed: Some(seconds == 0),
        turn_order: Some(order),
    }
}

#[test]
fn merging_keeps_every_meeting_turn_sign_up_and_status_change_of_both() {
    let w = World::new().with_priya();
    let first = w.named("Priya")[0];
    let again = the_mistakes(&w);
    let mut c = w.circle();
    c.store().record_turn(&turn(w.today, again, 240, 2)).unwrap();
    c.store().record_signups_for_test(again);
    let preview = c.merge_preview(again, first).unwrap();
    assert_eq!(preview.result.someone.meetings, 2);
    assert_eq!((preview.result.someone.status_since, preview.both_came), (ago(14), 0));
    let merged = c.merge_members(again, first, day()).unwrap();
    // Kept under the later id, as the earlier record (the older visit leads).
    assert_eq!((merged.member, merged.meetings), (again, 2));
    assert_eq!(w.named("Priya"), [again]);
    assert!(w.present(w.earlier, again) && w.present(w.today, again));
    assert_eq!(c.someone(again).unwrap().status_since, ago(14));
    assert_eq!(c.status_history(again).unwrap().len(), 2, "both records' status changes");
    assert_eq!(c.signup_history(again).unwrap().len(), 1);
    assert_eq!(count(&w.path(), "member_merges", &format!("merged_id = {} AND member_id = {}", first.0, again.0)), 1);
    let stats = count(&w.path(), "member_stats", &format!("member_id = {} AND attended = 2", again.0));
    assert_eq!(stats, 1, "the kept figures follow");
    assert_eq!(c.store().stale_member_stats().unwrap(), 0, "every kept figure equals a fresh computation");
}

trait SignupsForTest {
    fn record_signups_for_test(&mut self, member: MemberId);
}

impl SignupsForTest for circle::store::Store {
    /// A sign-up by the duplicate, as the register's `s` would record it.
    fn record_signups_for_test(&mut self, member: MemberId) {
        let group = self.member(member).unwrap().group;
        let v2 = self.agreement_version(group, 2).unwrap().unwrap().id;
        self.sign_agreement(member, v2, day()).unwrap();
    }
}

#[test]
fn at_a_meeting_both_records_came_to_the_person_is_present_once_with_both_turns() {
    let w = World::new();
    let (ann, bo) = (w.id("Ann"), w.id("Bo"));
    let mut c = w.circle();
    c.store().record_turn(&turn(w.today, ann, 120, 3)).unwrap();
    c.store().record_turn(&turn(w.today, bo, 60, 1)).unwrap();
    let preview = c.merge_preview(ann, bo).unwrap();
    assert_eq!((preview.both_came, preview.result.someone.meetings), (2, 2));
    let merged = c.merge_members(ann, bo, day()).unwrap();
    assert_eq!(merged.member, bo, "the later id");
    let row: (i64, Option<i64>, Option<i64>, Option<i64>) = rusqlite::Connection::open(w.path())
        .unwrap()
        .query_row(
            &format!(
                "SELECT count(*), sum(speaking_seconds), max(spoke), min(turn_order) FROM attendance
                  WHERE meeting_id = {} AND member_id IN ({}, {})",
                w.today.0, ann.0, bo.0
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(row, (1, Some(180), Some(1), Some(1)));
}

#[test]
fn a_merge_is_refused_where_it_cannot_make_one_person_and_changes_nothing() {
    let w = World::new();
    let mut c = w.circle();
    let (ann, bo) = (w.id("Ann"), w.id("Bo"));
    let before = common::contents(&w.path());
    assert!(c.merge_members(ann, ann, day()).is_err(), "the same record twice");
    // Both in one endings activity.
    let start = circle::usecase::endings::StartActivity {
        held_on: day(),
        mode: circle::domain::EndingMode::FaceToFace,
        card_style: circle::domain::CardStyle::Typed,
        chain: false,
        participants: circle::usecase::endings::Participants::Active,
    };
    assert_eq!(common::contents(&w.path()), before, "the same record twice changes nothing");
    c.start_activity(w.group, &start, day()).unwrap();
    let with_activity = common::contents(&w.path());
    let refused = c.merge_members(ann, bo, day()).unwrap_err().to_string();
    assert!(refused.contains("endings activity"), "{refused}");
    assert_eq!(common::contents(&w.path()), with_activity, "nothing changed");
    // Two groups.
    let other = c
        .create_group(&NewGroup { name: "Other".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap()
        .id;
    let zed = match c.add_member(other, MemberFields::named("Zed"), MemberStatus::Active, day(), Answers::ALL).unwrap()
    {
        StatusOutcome::Done(done) => done.member,
        other => panic!("{other:?}"),
    };
    assert!(c.merge_preview(ann, zed).unwrap_err().to_string().contains("different groups"));
}

#[test]
fn forgetting_a_merged_person_also_erases_the_record_merged_in_from_older_backups() {
    let w = World::new().with_priya();
    let first = w.named("Priya")[0];
    let again = the_mistakes(&w);
    let mut c = w.circle();
    let backup = w.dir.path().join("before-the-merge.db");
    c.backup_to(&backup).unwrap();
    assert_eq!(count(&backup, "members", "name = 'Priya'"), 2);
    c.merge_members(first, again, day()).unwrap();
    let done = c.forget_member(again, 3).unwrap();
    assert!(done.erased_from_file && done.backups_left.is_empty(), "{done:?}");
    assert_eq!(count(&backup, "members", "name = 'Priya'"), 0, "both records are gone from the backup");
    assert_eq!(count(&w.path(), "members", "name = 'Priya'"), 0);
    assert!(!c.finish_pending_erasure().unwrap(), "nothing is left waiting");
    assert_eq!(count(&w.path(), "member_merges", "1"), 0);
}

#[test]
fn in_the_roster_m_then_m_shows_both_side_by_side_and_merges() {
    let w = World::new().with_priya();
    let again = the_mistakes(&w);
    let mut app = w.app();
    // Ann, Bo, Cy, Dev, Eli, Priya, Priya.
    for _ in 0..5 {
        app.update(Action::Down);
    }
    keys(&mut app, "m");
    let waiting = render(&mut app, 80, 24);
    assert!(waiting.contains("Merging Priya: move to the other record"), "{waiting}");
    app.update(Action::Down);
    assert!(render(&mut app, 80, 24).contains("Merging Priya"), "still said after moving");
    keys(&mut app, "m");
    let side_by_side = render(&mut app, 80, 24);
    for expected in ["First", "Second", "After merging", "12 Nov", "26 Nov", "Meetings", "Sign-ups"] {
        assert!(side_by_side.contains(expected), "{expected}: {side_by_side}");
    }
    assert!(render(&mut app, 60, 20).contains("After merging"));
    assert_eq!(w.named("Priya").len(), 2, "asked, not merged");
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.named("Priya"), [again]);
    assert!(render(&mut app, 80, 24).contains("Merged: Priya is one person now, with 2 meetings"));
}

#[test]
fn forgetting_names_exactly_who_and_takes_the_name_as_search_compares_it() {
    let w = World::new().with_priya();
    the_mistakes(&w);
    let mut app = w.app();
    for _ in 0..5 {
        app.update(Action::Down);
    }
    keys(&mut app, "x");
    let asked = render(&mut app, 80, 24);
    assert!(asked.contains("This erases Priya (enquiry since Thu 12 Nov 2026"), "{asked}");
    keys(&mut app, "Pr");
    key(&mut app, KeyCode::Enter);
    let refused = render(&mut app, 80, 24);
    assert!(refused.contains("You typed “Pr”, which is not “Priya”"), "{refused}");
    assert_eq!(w.named("Priya").len(), 2);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "príya");
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.named("Priya").len(), 1, "“príya” confirms Priya");
}

// Linear mode.

fn linear(w: &World, lines: &[&str]) -> String {
    let mut input = std::io::Cursor::new(format!("{}\n", lines.join("\n")));
    let mut output = Vec::new();
    let options = Options { seed: Box::new(|| 7), ..Options::default() };
    run_with(w.circle(), day(), "a test asked for it", options, &mut input, &mut output).unwrap();
    let text = String::from_utf8(output).unwrap();
    assert!(!text.contains('\u{1b}'), "no escape sequence");
    text
}

#[test]
fn linear_mode_asks_before_a_sign_up_for_someone_absent_and_withdraws_one() {
    let w = World::new();
    // Signers by name: Ann, Bo, Cy, Dev, Eli.
    let said = linear(&w, &["agreement", "s", "4", "no", "s", "4", "yes", "withdraw", "1", "yes", "q"]);
    assert!(said.contains("Dev is not marked present today. Record that Dev agreed anyway? yes or no."), "{said}");
    assert!(said.contains("Nothing was recorded."));
    assert!(said.contains("Recorded: 1 agreed to version 2 (Dev)."));
    assert!(said.contains("1. Dev, agreed to version 2 on 26 November"), "{said}");
    assert!(said.contains("The sign-up is withdrawn: Dev has not agreed to version 2."));
    assert_eq!(w.signups("Dev"), 0);
}

#[test]
fn linear_mode_offers_a_known_visitor_merges_and_forgets_by_folded_name() {
    let w = World::new().with_priya();
    let said = linear(&w, &["register", "v priya", "1", "q"]);
    assert!(said.contains("Priya came as a visitor on 12 November: is this the same person?"), "{said}");
    assert!(said.contains("1. yes, mark Priya present"));
    assert!(said.contains("2. no, add someone new called priya"));
    assert!(said.contains("Priya is marked present."));
    assert_eq!(w.named("Priya").len(), 1);

    let again = the_mistakes(&w);
    // The roster tells the two apart; merge shows both, then merges.
    let said = linear(&w, &["roster", "merge 6", "merge 6 7", "yes", "q"]);
    assert!(said.contains("6. Priya, enquiry since 12 November, not joined, came to 2 meetings"), "{said}");
    assert!(said.contains("7. Priya, enquiry since 26 November, not joined, came once (26 November)"), "{said}");
    assert!(said.contains("Type merge 6 and the number of the other record of this person: merge 6 7."));
    assert!(said.contains("Meetings: first 2; second 1; after merging 2."), "{said}");
    assert!(said.contains("Merged: Priya is one person now, with 2 meetings."), "{said}");
    assert_eq!(w.named("Priya"), [again]);

    let said = linear(&w, &["roster", "forget 6", "Pri", "forget 6", "PRÍYA", "q"]);
    assert!(said.contains("Forgetting Priya (enquiry since 12 November"), "{said}");
    assert!(said.contains("You typed “Pri”, which is not “Priya”"), "{said}");
    assert!(said.contains("Forgotten"), "{said}");
    assert!(w.named("Priya").is_empty());
}

// The figures after the corrections.

/// The report `circle report` prints and its JSON (without member ids,
/// which differ between two files), today and four weeks on, and every
/// roster row's figures (all but the id) by name.
fn figures(w: &World) -> (String, serde_json::Value, Vec<String>) {
    let c = w.circle();
    let mut text = String::new();
    let mut json = Vec::new();
    for on in [day(), day() + chrono::Duration::days(28)] {
        let report = c.size_report(w.group, on).unwrap();
        text.push_str(&circle::domain::health::report_text(&report));
        json.push(serde_json::to_value(&report).unwrap());
    }
    let mut json = serde_json::Value::Array(json);
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("member");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut json);
    let query = circle::domain::RosterQuery::default();
    let n = c.roster_count(w.group, &query).unwrap();
    let roster = c
        .roster_page(w.group, &query, 0, n)
        .unwrap()
        .into_iter()
        .map(|r| format!("{:?}", circle::domain::RosterRow { id: MemberId(0), ..r }))
        .collect();
    (text, json, roster)
}

#[test]
fn after_the_corrections_the_figures_are_those_of_a_history_without_the_mistakes() {
    // Without the mistakes: the second time, Priya is marked as the Priya
    // known, takes her turn, and Dev is not recorded as agreeing.
    let right = World::new().with_priya();
    {
        let mut c = right.circle();
        let priya = right.named("Priya")[0];
        match c.add_visitor(right.today, "Priya", day()).unwrap() {
            VisitorAdded::Known(known) => c.set_present(right.today, known[0].member, true).unwrap(),
            other => panic!("{other:?}"),
        }
        c.store().record_turn(&turn(right.today, priya, 240, 2)).unwrap();
        c.store().record_turn(&turn(right.today, right.id("Ann"), 300, 1)).unwrap();
    }
    // With them, then put right: the sign-up withdrawn, the records merged.
    let wrong = World::new().with_priya();
    let again = the_mistakes(&wrong);
    {
        let mut c = wrong.circle();
        c.store().record_turn(&turn(wrong.today, again, 240, 2)).unwrap();
        c.store().record_turn(&turn(wrong.today, wrong.id("Ann"), 300, 1)).unwrap();
        assert_ne!(figures(&wrong), figures(&right), "the mistakes show in the figures");
        c.withdraw_signup(wrong.id("Dev"), 2).unwrap();
        c.merge_members(again, wrong.named("Priya")[0], day()).unwrap();
    }
    let (wrong_text, wrong_json, wrong_roster) = figures(&wrong);
    let (right_text, right_json, right_roster) = figures(&right);
    assert_eq!(wrong_text, right_text);
    assert_eq!(wrong_json, right_json);
    assert_eq!(wrong_roster, right_roster);
}

/// A sign-up for someone who agreed to this version already records
/// nothing and says so: it neither asks whether they were there nor
/// confirms a sign-up "today" that the file does not hold.
#[test]
fn a_sign_up_for_someone_who_agreed_already_says_so_and_records_nothing() {
    let w = World::new();
    let mut c = w.circle();
    let ann = w.named("Ann")[0];
    assert_eq!(c.sign_up(w.group, &[ann], ago(3), day(), true).unwrap(), SignupOutcome::Recorded(2));
    let before = c.signup_history(ann).unwrap();
    match c.sign_up(w.group, &[ann], day(), day(), false).unwrap() {
        SignupOutcome::AlreadyAgreed(2, people) => assert_eq!(people, vec![("Ann".to_string(), ago(3))]),
        other => panic!("{other:?}"),
    }
    assert_eq!(c.signup_history(ann).unwrap(), before, "the earlier day stands");
    let said = circle::present::agreement::already_agreed(2, &[("Ann".into(), ago(3))], &|d| d.to_string());
    assert!(said.contains("Ann on") && said.contains("nothing new was recorded"), "{said}");
}

// All three mistakes of the issue in one history, each put right.

/// A round at `meeting` through the use cases, in the order the shuffle
/// deals: each person speaks the seconds `seconds` gives for their name (0:
/// they pass), so two histories give each person the same time.
fn round(c: &mut Circle, meeting: MeetingId, seconds: impl Fn(&str) -> u32) {
    use chrono::TimeZone;
    let view = c.start_round(meeting, 7).unwrap();
    let mut round = view.round.clone();
    let mut now = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap();
    while let Some(at) = round.current() {
        match seconds(&view.name(round.seats()[at].speaker.member)) {
            0 => {
                round.pass().unwrap();
            }
            s => {
                round.start(now).unwrap();
                now += chrono::Duration::seconds(i64::from(s));
                assert_eq!(round.stop(now).unwrap(), s);
            }
        }
        c.save_round(meeting, &round).unwrap();
    }
    assert_eq!(c.finish_round(meeting, &round, now).unwrap(), RoundEnded::Added);
}

/// Today's meeting as it really went, in either history: Ann agrees to
/// the agreement, and a round where Ann, Priya and Bo speak and Cy passes.
fn today_s_round(w: &World, c: &mut Circle) {
    assert_eq!(c.sign_up(w.group, &[w.id("Ann")], day(), day(), false).unwrap(), SignupOutcome::Recorded(2));
    round(c, w.today, |name| match name {
        "Ann" => 300,
        "Priya" => 240,
        "Bo" => 90,
        _ => 0,
    });
}

/// Issue #24's whole promise in one test: a stray meeting, a wrong
/// sign-up and a duplicate visitor, made as a facilitator makes them and
/// put right with the corrections, leave the report, size health and the
/// roster as a history without them would have.
#[test]
fn after_correcting_all_three_mistakes_the_figures_are_those_of_a_history_without_them() {
    let register = |c: &Circle, meeting: MeetingId| RegisterOf::Recorded(c.meeting(meeting).unwrap());

    // Without the mistakes: the second time, Priya is marked as the Priya
    // known (the register's first answer to "is this the same person?").
    let right = World::new().with_priya();
    {
        let mut c = right.circle();
        let of = register(&c, right.today);
        let saved = c.mark(&of, Mark::Visitor("Priya".into()), day()).unwrap();
        let Marked::Visitor(VisitorAdded::Known(known)) = saved.marked else { panic!("{saved:?}") };
        c.mark(&of, Mark::Present(known[0].member, true), day()).unwrap();
        today_s_round(&right, &mut c);
    }

    let wrong = World::new().with_priya();
    let stray_day = ago(3);
    let again = {
        let mut c = wrong.circle();
        // A register opened on a day with no meeting, Eli marked and a
        // visitor counted by mistake: the first mark records the meeting.
        let new = NewMeeting { held_on: stray_day, mode: MeetingMode::InPerson, minutes: 90 };
        let of = c.register_for_day(wrong.group, &new, day()).unwrap();
        let saved = c.mark(&of, Mark::Present(wrong.id("Eli"), true), day()).unwrap();
        assert!(saved.recorded_now, "{saved:?}");
        c.mark(&RegisterOf::Recorded(saved.meeting.unwrap()), Mark::Visitor(String::new()), day()).unwrap();
        // Priya offered as the Priya known, and "someone new" chosen.
        let of = register(&c, wrong.today);
        let saved = c.mark(&of, Mark::Visitor("Priya".into()), day()).unwrap();
        assert!(matches!(saved.marked, Marked::Visitor(VisitorAdded::Known(_))), "{saved:?}");
        c.mark(&of, Mark::NewVisitor("Priya".into()), day()).unwrap();
        // Dev, absent, recorded as agreeing: asked, and "yes, anyway".
        let dev = wrong.id("Dev");
        let asked = c.sign_up(wrong.group, &[dev], day(), day(), false).unwrap();
        assert_eq!(asked, SignupOutcome::NotPresent(vec![(dev, "Dev".into())]));
        assert_eq!(c.sign_up(wrong.group, &[dev], day(), day(), true).unwrap(), SignupOutcome::Recorded(2));
        today_s_round(&wrong, &mut c);
        wrong.named("Priya")[1]
    };
    let (mistaken, fair) = (figures(&wrong), figures(&right));
    assert_ne!(mistaken.0, fair.0, "the mistakes show in the report");
    assert_ne!(mistaken.1, fair.1, "the mistakes show in size health");
    assert_ne!(mistaken.2, fair.2, "the mistakes show in the roster");

    // Put right, in another order than they were made.
    {
        let mut c = wrong.circle();
        c.merge_members(again, wrong.named("Priya")[0], day()).unwrap();
        let stray = c.meeting_on(wrong.group, stray_day).unwrap().expect("the stray meeting");
        c.remove_meeting(stray.id).unwrap();
        c.withdraw_signup(wrong.id("Dev"), 2).unwrap();
    }
    let (wrong_text, wrong_json, wrong_roster) = figures(&wrong);
    let (right_text, right_json, right_roster) = figures(&right);
    assert_eq!(wrong_text, right_text);
    assert_eq!(wrong_json, right_json);
    assert_eq!(wrong_roster, right_roster);
    for w in [&wrong, &right] {
        assert_eq!(w.circle().store().stale_member_stats().unwrap(), 0, "kept figures equal a fresh computation");
    }
}

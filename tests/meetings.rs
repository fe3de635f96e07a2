//! A group's meetings put right, driven by keys through `App` on a real
//! database: the reproductions of a stray meeting, a second meeting on one
//! day and a mark that landed on the wrong person, the list of meetings
//! from any tab, and a register taken for a day that has passed. Each test
//! reads the file back, not only the screen.

use chrono::NaiveDate;
use circle::domain::{GroupId, GroupSettings, GroupStatus};
use circle::domain::{MeetingMode, MemberFields, MemberId, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::Store;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn days_ago(n: u64) -> NaiveDate {
    day() - chrono::Days::new(n)
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

/// The screen's words on one line, without the frames and the line ends
/// that wrapping puts between them.
fn flat(screen: &str) -> String {
    screen.replace(['│', '"', '\n'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Empties the field under the cursor of a form and types `text` into it.
fn retype(app: &mut App, text: &str) {
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
    keys(app, text);
}

struct World {
    dir: tempfile::TempDir,
    group: GroupId,
    /// Ana, Bo, Cy, Dee and Eve, active; Fay, on a break.
    people: Vec<MemberId>,
}

impl World {
    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("m.db")
    }

    fn app(&self) -> App {
        App::new(Circle::open(&self.path()).unwrap(), day(), Theme { color: false, ..Theme::default() })
    }

    fn store(&self) -> Store {
        Store::open(&self.path()).unwrap()
    }

    /// The days that have a meeting, each with who was marked present.
    fn meetings(&self) -> Vec<(NaiveDate, Vec<String>)> {
        let store = self.store();
        let all = store.all_members(self.group).unwrap();
        let name = |id: MemberId| all.iter().find(|m| m.id == id).unwrap().fields.name.clone();
        let mut out: Vec<(NaiveDate, Vec<String>)> = store
            .meetings(self.group, 0, 1000)
            .unwrap()
            .into_iter()
            .map(|m| {
                let mut present: Vec<String> =
                    store.attendance(m.id).unwrap().into_iter().map(|a| name(a.member)).collect();
                present.sort();
                (m.held_on, present)
            })
            .collect();
        out.sort();
        out
    }
}

/// A group of five active members and one on a break, with a meeting a
/// week ago that Ana and Bo came to.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    let since = days_ago(90);
    let group = store
        .create_group(
            &NewGroup { name: "Harbour Circle".into(), focus: String::new(), openness: Openness::Open },
            since,
        )
        .unwrap()
        .id;
    let settings = GroupSettings { status: GroupStatus::Active, ..store.group(group).unwrap().settings };
    store.update_group_settings(group, &settings).unwrap();
    let mut people = Vec::new();
    for name in ["Ana", "Bo", "Cy", "Dee", "Eve", "Fay"] {
        let fields = MemberFields { joined: Some(since), ..MemberFields::named(name) };
        people.push(store.add_member(group, &fields, MemberStatus::Active, since).unwrap().id);
    }
    store.change_status(people[5], MemberStatus::OnBreak, days_ago(30), "").unwrap();
    let week_ago = store
        .create_meeting(group, &NewMeeting { held_on: days_ago(7), mode: MeetingMode::InPerson, minutes: 90 })
        .unwrap();
    for id in &people[..2] {
        store.set_present(week_ago.id, *id, true).unwrap();
    }
    World { dir, group, people }
}

fn week_ago_only() -> Vec<(NaiveDate, Vec<String>)> {
    vec![(days_ago(7), vec!["Ana".to_string(), "Bo".to_string()])]
}

/// The issue's first reproduction: `r`, `Enter` on a day with no meeting,
/// and nothing else. Nothing was marked, so nothing is kept.
#[test]
fn opening_the_register_and_leaving_it_keeps_no_meeting() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Register"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(w.meetings(), week_ago_only(), "no empty meeting was recorded");
    // Again, from another tab, and quitting from inside the register.
    app.update(circle::tui::keys::Action::GoTab(Tab::Size));
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "q");
    assert!(app.should_quit());
    assert_eq!(w.meetings(), week_ago_only());
}

/// The first mark records the meeting, and says so.
#[test]
fn the_first_mark_records_the_meeting() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("[x] Ana"), "{screen}");
    assert!(screen.contains("1 present of 5 expected"), "{screen}");
    assert_eq!(w.meetings(), vec![(days_ago(7), vec!["Ana".into(), "Bo".into()]), (day(), vec!["Ana".into()])]);
}

/// The issue's second reproduction: `e` in today's register and the date
/// changed to a day that has a meeting. It is refused, naming that
/// meeting, and the file keeps one meeting a day.
#[test]
fn a_day_that_has_a_meeting_is_refused_naming_it() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    keys(&mut app, "e");
    retype(&mut app, &days_ago(7).to_string());
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(app.modal.is_some(), "the form stays open: {screen}");
    assert!(screen.contains("already has a meeting"), "{screen}");
    assert!(screen.contains("2 people came"), "the other meeting is named: {screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(w.meetings(), vec![(days_ago(7), vec!["Ana".into(), "Bo".into()]), (day(), vec!["Ana".into()])]);
}

/// The same before anything is marked: the day the register is for cannot
/// become one that has a meeting, and no second meeting appears once
/// someone is marked.
#[test]
fn a_register_not_yet_kept_cannot_move_onto_a_day_with_a_meeting() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "e");
    retype(&mut app, &days_ago(7).to_string());
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("already has a meeting"), "{screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc); // the typing is let go on the second
    assert!(app.modal.is_none());
    press(&mut app, KeyCode::Char(' '));
    let screen = render(&mut app, 80, 24);
    assert_eq!(
        w.meetings(),
        vec![(days_ago(7), vec!["Ana".into(), "Bo".into()]), (day(), vec!["Ana".into()])],
        "{screen}"
    );
}

/// The issue's register reproduction, with the moves a facilitator makes
/// to reach the second and the fourth person: `a`, `j`, `Space`, `j`, `j`,
/// `Space`. A mark that moved the cursor on by itself unmarked the second
/// and the fifth; the mark lands where the cursor is.
#[test]
fn space_unmarks_the_person_the_cursor_is_on() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "aj j");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Bo"), "{screen}");
    keys(&mut app, "j");
    press(&mut app, KeyCode::Char(' '));
    let screen = render(&mut app, 80, 24);
    assert_eq!(w.meetings()[1], (day(), vec!["Ana".into(), "Cy".into(), "Eve".into()]), "{screen}");
    assert!(screen.contains("[ ] Bo") && screen.contains("[ ] Dee") && screen.contains("[x] Eve"), "{screen}");
}

/// The literal keys of the issue, `a`, `j`, `Space`, `j`, `Space`: each
/// mark is on the highlighted person and says whose it was.
#[test]
fn each_mark_says_whose_it_was() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "aj ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Bo is not marked present"), "{screen}");
    keys(&mut app, "j ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Cy is not marked present"), "{screen}");
    assert_eq!(w.meetings()[1], (day(), vec!["Ana".into(), "Dee".into(), "Eve".into()]));
    // And again: the same person is marked back, where the cursor still is.
    keys(&mut app, " ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Cy is marked present"), "{screen}");
    assert_eq!(w.meetings()[1], (day(), vec!["Ana".into(), "Cy".into(), "Dee".into(), "Eve".into()]));
}

/// "+ 1 more" says who the one more is.
#[test]
fn the_one_more_is_named() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "a");
    // Fay, on a break, is last on the list; she dropped in.
    press(&mut app, KeyCode::End);
    keys(&mut app, " ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("5 present of 5 expected + 1 more (Fay)"), "{screen}");
}

/// `M` lists the group's meetings from any tab, and creates none.
#[test]
fn the_meetings_are_listed_from_any_tab() {
    let w = world();
    {
        let mut store = w.store();
        let m = store
            .create_meeting(w.group, &NewMeeting { held_on: days_ago(14), mode: MeetingMode::Online, minutes: 60 })
            .unwrap();
        store.set_present(m.id, w.people[2], true).unwrap();
        let mut m = store.meeting(m.id).unwrap();
        m.visitors = 2;
        store.update_meeting(&m).unwrap();
    }
    for tab in Tab::ALL {
        let mut app = w.app();
        app.update(circle::tui::keys::Action::GoTab(tab));
        keys(&mut app, "M");
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("Meetings of Harbour Circle"), "{tab:?}: {screen}");
        let week = screen.lines().find(|l| l.contains("Thu 19 Nov 2026")).unwrap_or_else(|| panic!("{screen}"));
        assert!(week.contains("in person") && week.contains("90 min") && week.contains("2 came"), "{week}");
        let fortnight = screen.lines().find(|l| l.contains("Thu 12 Nov 2026")).unwrap_or_else(|| panic!("{screen}"));
        assert!(fortnight.contains("online") && fortnight.contains("60 min"), "{fortnight}");
        assert!(fortnight.contains("1 came + 2 visitors"), "{fortnight}");
        assert!(screen.contains("? help"), "{screen}");
    }
    assert_eq!(w.meetings().len(), 2);
}

/// From the list: a past meeting's register opens and is corrected, and
/// `Esc` goes back to the list.
#[test]
fn a_past_meeting_is_opened_from_the_list_and_corrected() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "M");
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Register · Thu 19 Nov 2026, 7 days ago"), "{screen}");
    assert!(screen.contains("[x] Ana") && screen.contains("[x] Bo") && screen.contains("[ ] Cy"), "{screen}");
    // Cy came too; Bo did not.
    keys(&mut app, "jj ");
    keys(&mut app, "k ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Bo is not marked present"), "{screen}");
    assert_eq!(w.meetings(), vec![(days_ago(7), vec!["Ana".into(), "Cy".into()])]);
    press(&mut app, KeyCode::Esc);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Meetings of Harbour Circle"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert!(render(&mut app, 80, 24).contains("showing current members"));
}

/// From the list: a meeting's day, mode and length change; a day still to
/// come and a day that has a meeting are refused, and change nothing.
#[test]
fn a_meetings_day_mode_and_length_are_corrected_from_the_list() {
    let w = world();
    {
        let mut store = w.store();
        let m = store
            .create_meeting(w.group, &NewMeeting { held_on: days_ago(14), mode: MeetingMode::InPerson, minutes: 90 })
            .unwrap();
        store.set_present(m.id, w.people[3], true).unwrap();
    }
    let mut app = w.app();
    keys(&mut app, "M");
    press(&mut app, KeyCode::End);
    keys(&mut app, "e");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Meeting of 2026-11-12"), "{screen}");
    retype(&mut app, &days_ago(7).to_string());
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(flat(&screen).contains("2026-11-19 already has a meeting (in person, 90 min, 2 people came)"), "{screen}");
    retype(&mut app, &(day() + chrono::Days::new(1)).to_string());
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("is still to come"), "{screen}");
    retype(&mut app, &days_ago(13).to_string());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // online
    press(&mut app, KeyCode::Tab);
    retype(&mut app, "60");
    press(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Meeting details saved."), "{screen}");
    let row = screen.lines().find(|l| l.contains("Fri 13 Nov 2026")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("online") && row.contains("60 min") && row.contains("1 came"), "{row}");
    let moved = w.store().meeting_on(w.group, days_ago(13)).unwrap().unwrap();
    assert_eq!((moved.mode, moved.minutes), (MeetingMode::Online, 60));
    assert_eq!(w.meetings(), vec![(days_ago(13), vec!["Dee".into()]), (days_ago(7), vec!["Ana".into(), "Bo".into()])]);
}

/// From the list: a meeting goes after a question that says what goes
/// with it, sign-ups recorded that day included; `Esc` on the question
/// changes nothing.
#[test]
fn a_meeting_is_removed_after_saying_what_goes_with_it() {
    let w = world();
    {
        let mut c = Circle::open(&w.path()).unwrap();
        let seen = c.agreement_draft(w.group).unwrap();
        c.save_draft(w.group, seen.as_deref(), "# Our agreement\n\n## Our purpose\nWe listen.\n").unwrap();
        c.adopt_draft(w.group, "First", days_ago(30)).unwrap();
        c.record_signups(w.group, &[w.people[1]], days_ago(7), day()).unwrap();
        c.record_signups(w.group, &[w.people[0]], days_ago(20), day()).unwrap();
    }
    let before = circle_rows(&w);
    let mut app = w.app();
    keys(&mut app, "M");
    keys(&mut app, "x");
    let screen = render(&mut app, 80, 24);
    let question = flat(&screen);
    assert!(question.contains("Take away the meeting of Thu 19 Nov 2026, with"), "{screen}");
    assert!(question.contains("2 people marked present"), "{screen}");
    assert!(question.contains("sign-up to the agreement recorded that day (Bo)"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(circle_rows(&w), before, "Esc changed nothing");
    keys(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("The meeting of Thu 19 Nov 2026 is taken away"), "{screen}");
    assert!(screen.contains("No meetings are recorded yet"), "{screen}");
    assert!(w.meetings().is_empty());
    let store = w.store();
    let current = store.current_agreement(w.group).unwrap().unwrap();
    let signed: Vec<MemberId> = store.signups(current.id).unwrap().into_iter().map(|s| s.member).collect();
    assert_eq!(signed, [w.people[0]], "Bo's sign-up of that day went with it; Ana's stays");
}

/// Every row of the records, as another program reads them (not the
/// console's own settings).
fn circle_rows(w: &World) -> Vec<String> {
    let rows = |path: &std::path::Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut out = Vec::new();
        for table in ["meetings", "attendance", "signups", "members"] {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            out.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
        }
        out
    };
    rows(&w.path())
}

/// "I forgot to take the register last week": `n` in the list and the
/// day. The register says which day it is for, and the first mark records
/// the meeting on that day.
#[test]
fn a_register_is_taken_for_a_day_that_has_passed() {
    let w = world();
    let mut app = w.app();
    app.update(circle::tui::keys::Action::GoTab(Tab::Agreement));
    keys(&mut app, "Mn");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("A register for another day"), "{screen}");
    // A day still to come, then the day of last week's meeting: refused.
    retype(&mut app, &(day() + chrono::Days::new(7)).to_string());
    press(&mut app, KeyCode::Enter);
    assert!(render(&mut app, 80, 24).contains("is still to come"));
    retype(&mut app, &days_ago(7).to_string());
    press(&mut app, KeyCode::Enter);
    assert!(flat(&render(&mut app, 80, 24)).contains("already has a meeting (in person, 90 min, 2 people came)"));
    assert_eq!(w.meetings(), week_ago_only(), "nothing was written");
    retype(&mut app, &days_ago(3).to_string());
    press(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Register · Mon 23 Nov 2026, 3 days ago"), "{screen}");
    assert!(screen.contains("The register for Mon 23 Nov 2026"), "{screen}");
    assert_eq!(w.meetings(), week_ago_only(), "nothing is kept before a mark");
    keys(&mut app, "j ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("The meeting of Mon 23 Nov 2026 is recorded. Bo is marked present."), "{screen}");
    assert_eq!(w.meetings(), vec![(days_ago(7), vec!["Ana".into(), "Bo".into()]), (days_ago(3), vec!["Bo".into()])]);
    // Esc goes back to the list, which shows it.
    press(&mut app, KeyCode::Esc);
    let screen = render(&mut app, 80, 24);
    assert!(screen.lines().any(|l| l.contains("Mon 23 Nov 2026") && l.contains("1 came")), "{screen}");
}

/// Leaving a register whose meeting is in the file with nobody marked says
/// how to take it away.
#[test]
fn leaving_an_empty_meeting_says_how_to_take_it_away() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "r");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "  ");
    press(&mut app, KeyCode::Esc);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Nobody is marked present at the meeting of Thu 26 Nov 2026"), "{screen}");
    assert!(screen.contains("M lists the meetings and x there takes it away"), "{screen}");
}

/// The list at the smallest size the layout promises keeps its rows.
#[test]
fn the_list_of_meetings_fits_a_small_window() {
    let w = world();
    let mut app = w.app();
    keys(&mut app, "M");
    let screen = render(&mut app, 60, 20);
    let row = screen.lines().find(|l| l.contains("Thu 19 Nov 2026")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("2 came"), "{row}");
    assert!(screen.contains("Enter open"), "{screen}");
}

mod figures {
    //! After a stray meeting is taken away, size health and the report
    //! read exactly as in a history where it was never made.

    use super::*;

    /// Four weeks of meetings; with `stray`, an extra meeting made by
    /// mistake two days ago (Ana and Cy marked, Cy's sign-up recorded).
    fn history(stray: bool) -> World {
        let w = world();
        let mut c = Circle::open(&w.path()).unwrap();
        let seen = c.agreement_draft(w.group).unwrap();
        c.save_draft(w.group, seen.as_deref(), "# Our agreement\n\n## Our purpose\nWe listen.\n").unwrap();
        c.adopt_draft(w.group, "First", days_ago(60)).unwrap();
        c.record_signups(w.group, &w.people[..2], days_ago(50), day()).unwrap();
        for (weeks, came) in [(2, &[0, 1, 2][..]), (3, &[0, 3][..]), (4, &[1, 2, 3, 4][..])] {
            let new = NewMeeting { held_on: days_ago(7 * weeks), mode: MeetingMode::InPerson, minutes: 90 };
            let of = c.register_for_day(w.group, &new, day()).unwrap();
            let mut of = c.mark(&of, circle::usecase::register::Mark::Present(w.people[came[0]], true), day()).unwrap();
            for i in &came[1..] {
                let recorded = circle::usecase::register::RegisterOf::Recorded(of.meeting.clone().unwrap());
                of = c.mark(&recorded, circle::usecase::register::Mark::Present(w.people[*i], true), day()).unwrap();
            }
        }
        if stray {
            // As an older circle made it: `r`, `Enter`, a couple of marks.
            let m = c
                .open_meeting(w.group, &NewMeeting { held_on: days_ago(2), mode: MeetingMode::InPerson, minutes: 90 })
                .unwrap();
            let circle::usecase::register::MeetingOpened::Created(m) = m else { panic!("{m:?}") };
            c.set_present(m.id, w.people[0], true).unwrap();
            c.set_present(m.id, w.people[2], true).unwrap();
            c.record_signups(w.group, &[w.people[2]], days_ago(2), day()).unwrap();
        }
        w
    }

    fn figures(w: &World) -> (String, serde_json::Value, Vec<String>) {
        let c = Circle::open(&w.path()).unwrap();
        let report = c.size_report(w.group, day()).unwrap();
        let text = circle::domain::health::report_text(&report);
        let json = serde_json::to_value(&report).unwrap();
        let query = circle::domain::RosterQuery::default();
        let n = c.roster_count(w.group, &query).unwrap();
        let roster = c
            .roster_page(w.group, &query, 0, n)
            .unwrap()
            .into_iter()
            .map(|r| {
                format!("{} {:?} {:?} {:?}", r.name, r.last_attended, r.signed_version, Attendance::of(&r).words())
            })
            .collect();
        (text, json, roster)
    }

    use circle::present::roster::Attendance;

    #[test]
    fn taking_a_stray_meeting_away_leaves_the_figures_of_a_history_without_it() {
        let clean = history(false);
        let strayed = history(true);
        assert_ne!(figures(&clean), figures(&strayed), "the stray meeting shows in the figures");
        let mut app = strayed.app();
        keys(&mut app, "M");
        let screen = render(&mut app, 80, 24);
        assert!(screen.lines().nth(4).is_some_and(|l| l.contains("Tue 24 Nov 2026")), "{screen}");
        keys(&mut app, "x");
        press(&mut app, KeyCode::Enter);
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("is taken away"), "{screen}");
        drop(app);
        let (clean_text, clean_json, clean_roster) = figures(&clean);
        let (text, json, roster) = figures(&strayed);
        assert_eq!(text, clean_text);
        assert_eq!(json, clean_json);
        assert_eq!(roster, clean_roster);
    }
}

mod use_cases {
    //! The rules behind the console's and linear mode's corrections, on a
    //! real file: nothing is written before the first mark, a refusal
    //! changes nothing, and one meeting a day holds across two consoles.

    use super::*;
    use circle::usecase::Error;
    use circle::usecase::register::{Mark, MeetingDetails, RegisterOf};

    fn rows(w: &World) -> Vec<String> {
        super::circle_rows(w)
    }

    fn new(held_on: NaiveDate) -> NewMeeting {
        NewMeeting { held_on, mode: MeetingMode::Hybrid, minutes: 75 }
    }

    #[test]
    fn a_register_for_a_day_writes_nothing_and_refuses_days_to_come_and_days_taken() {
        let w = world();
        let c = Circle::open(&w.path()).unwrap();
        let before = rows(&w);
        let of = c.register_for_day(w.group, &new(days_ago(3)), day()).unwrap();
        assert_eq!(of, RegisterOf::NotYetKept { group: w.group, new: new(days_ago(3)) });
        let sheet = c.register_sheet(&of).unwrap();
        assert_eq!(sheet.people.len(), 6);
        assert!(sheet.people.iter().all(|p| !p.present));
        let ahead = c.register_for_day(w.group, &new(day() + chrono::Days::new(1)), day()).unwrap_err();
        assert!(matches!(&ahead, Error::Field("date", m) if m.contains("is still to come")), "{ahead}");
        let taken = c.register_for_day(w.group, &new(days_ago(7)), day()).unwrap_err().to_string();
        assert!(taken.contains("2026-11-19 already has a meeting (in person, 90 min, 2 people came)"), "{taken}");
        assert_eq!(rows(&w), before);
    }

    #[test]
    fn the_first_mark_records_the_meeting_with_it_and_an_empty_one_is_never_kept() {
        let w = world();
        let mut c = Circle::open(&w.path()).unwrap();
        let of = c.register_for_day(w.group, &new(days_ago(3)), day()).unwrap();
        // Nothing to mark: refused, and no meeting is left behind.
        let before = rows(&w);
        let nobody = c.mark(&of, Mark::Present(w.people[0], false), day()).unwrap_err();
        assert!(nobody.to_string().contains("no meeting was recorded"), "{nobody}");
        let refused = c.mark(&of, Mark::Visitor("Eve\u{1b}[31m".into()), day()).unwrap_err();
        assert!(matches!(refused, Error::Field("name", _)), "{refused}");
        assert_eq!(rows(&w), before);
        let saved = c.mark(&of, Mark::Expected, day()).unwrap();
        assert!(saved.recorded_now);
        let meeting = saved.meeting.unwrap();
        assert_eq!((meeting.held_on, meeting.mode, meeting.minutes), (days_ago(3), MeetingMode::Hybrid, 75));
        assert_eq!(
            w.meetings(),
            vec![
                (days_ago(7), vec!["Ana".into(), "Bo".into()]),
                (days_ago(3), ["Ana", "Bo", "Cy", "Dee", "Eve"].map(String::from).to_vec()),
            ]
        );
    }

    /// Two consoles open registers for the same day before either marks
    /// anyone: the second mark joins the meeting the first recorded.
    #[test]
    fn two_consoles_marking_the_same_day_keep_one_meeting() {
        let w = world();
        let mut one = Circle::open(&w.path()).unwrap();
        let mut two = Circle::open(&w.path()).unwrap();
        let of_one = one.register_for_day(w.group, &new(day()), day()).unwrap();
        let of_two = two.register_for_day(w.group, &new(day()), day()).unwrap();
        assert!(one.mark(&of_one, Mark::Present(w.people[0], true), day()).unwrap().recorded_now);
        let joined = two.mark(&of_two, Mark::Present(w.people[1], true), day()).unwrap();
        assert!(!joined.recorded_now);
        assert_eq!(w.meetings()[1], (day(), vec!["Ana".into(), "Bo".into()]));
        // And the sheet of a day recorded meanwhile is that meeting's.
        assert!(matches!(two.register_sheet(&of_two).unwrap().of, RegisterOf::Recorded(_)));
    }

    #[test]
    fn details_of_a_day_not_yet_kept_change_without_a_write_until_a_note_or_visitor() {
        let w = world();
        let mut c = Circle::open(&w.path()).unwrap();
        let of = c.register_for_day(w.group, &new(day()), day()).unwrap();
        let before = rows(&w);
        let details = |held_on, visitors, notes: &str| MeetingDetails {
            held_on,
            mode: MeetingMode::Online,
            minutes: 60,
            visitors,
            notes: notes.into(),
        };
        let moved = c.change_meeting(&of, details(days_ago(1), 0, "  "), day()).unwrap();
        assert_eq!(
            moved,
            RegisterOf::NotYetKept {
                group: w.group,
                new: NewMeeting { held_on: days_ago(1), mode: MeetingMode::Online, minutes: 60 }
            }
        );
        let taken = c.change_meeting(&moved, details(days_ago(7), 2, "x"), day()).unwrap_err().to_string();
        assert!(taken.contains("already has a meeting"), "{taken}");
        assert!(c.change_meeting(&moved, details(day(), 0, &"n".repeat(100_000)), day()).is_err());
        assert_eq!(rows(&w), before, "nothing written yet");
        let kept = c.change_meeting(&moved, details(days_ago(1), 0, "We met in the park."), day()).unwrap();
        let RegisterOf::Recorded(m) = kept else { panic!("{kept:?}") };
        assert_eq!((m.held_on, m.notes.as_str()), (days_ago(1), "We met in the park."));
    }
}

//! Speaking rounds through the console state, with the clock fixed by the
//! test (no sleeping, no timing assertions): a fair order, the one-key
//! timer, a pass, a late arrival, two rounds adding up, a restart
//! mid-speech, and what size health then knows.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

struct Meeting {
    dir: tempfile::TempDir,
}

impl Meeting {
    /// Five members; four are marked present at today's meeting.
    fn new() -> Meeting {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        let group = store
            .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap();
        for name in ["Ann", "Bo", "Cy", "Dee", "Eli"] {
            let fields = MemberFields { invite_to_speak: name == "Cy", ..MemberFields::named(name) };
            store.add_member(group.id, &fields, MemberStatus::Active, day()).unwrap();
        }
        let m = Meeting { dir };
        let mut app = m.app(0);
        app.update(Action::Register);
        key(&mut app, KeyCode::Enter); // today's meeting, recorded with the first mark
        for _ in 0..4 {
            app.update(Action::TogglePresent);
            app.update(Action::Down);
        }
        m
    }

    fn app(&self, minute: i64) -> App {
        let store = Store::open(&self.dir.path().join("r.db")).unwrap();
        let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
        app.ctx.clock = Some(at(minute));
        app.ctx.fixed_seed = Some(7);
        app
    }

    fn store(&self) -> Store {
        Store::open(&self.dir.path().join("r.db")).unwrap()
    }
}

#[test]
fn a_round_with_a_pass_and_a_late_arrival_is_saved_to_the_meeting() {
    let m = Meeting::new();
    let mut app = m.app(0);
    assert_eq!(app.tick_interval(), None, "an idle console never wakes");
    app.update(Action::GoTab(Tab::Agreement));
    app.update(Action::StartRound); // from any tab
    assert_eq!(app.tab, Tab::Roster);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Round · 4 here"), "{screen}");
    assert!(screen.contains("likes to be invited"), "{screen}");

    app.update(Action::Timer); // the first speaker starts
    assert!(app.tick_interval().is_some(), "the screen ticks while a timer runs");
    app.ctx.clock = Some(at(6));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("speaking · 6:00") && screen.contains("minimum reached"), "{screen}");
    app.update(Action::Timer); // stop; the next is up
    assert_eq!(app.tick_interval(), None);
    app.update(Action::Pass);
    app.update(Action::LateArrival);
    key(&mut app, KeyCode::Enter); // Eli arrives
    assert!(render(&mut app, 80, 24).contains("Round · 5 here"));
    for minute in [7, 9, 10, 13, 14, 15] {
        app.ctx.clock = Some(at(minute));
        app.update(Action::Timer);
    }
    app.update(Action::FinishRound);
    key(&mut app, KeyCode::Enter);

    let store = m.store();
    let group = store.groups().unwrap().remove(0);
    let meeting = store.meeting_on(group.id, day()).unwrap().unwrap();
    assert!(meeting.round_run);
    let rows = store.attendance(meeting.id).unwrap();
    assert_eq!(rows.len(), 5, "the late arrival is marked present");
    let total: u32 = rows.iter().filter_map(|a| a.speaking_seconds).sum();
    assert_eq!(total, 6 * 60 + 2 * 60 + 3 * 60 + 60, "{rows:?}");
    assert_eq!(rows.iter().filter(|a| a.passed == Some(true)).count(), 1);
    assert_eq!(rows.iter().filter(|a| a.spoke == Some(true)).count(), 4);
    let mut orders: Vec<u32> = rows.iter().filter_map(|a| a.turn_order).collect();
    orders.sort();
    assert_eq!(orders, [1, 2, 3, 4, 5]);

    // A second round adds up.
    let mut app = m.app(20);
    app.update(Action::StartRound);
    for minute in [20, 21, 21, 22, 22, 23, 23, 24, 24, 25] {
        app.ctx.clock = Some(at(minute));
        app.update(Action::Timer);
    }
    app.update(Action::FinishRound);
    key(&mut app, KeyCode::Enter);
    let rows = m.store().attendance(meeting.id).unwrap();
    let total2: u32 = rows.iter().filter_map(|a| a.speaking_seconds).sum();
    assert_eq!(total2, total + 5 * 60);
    assert_eq!(rows.iter().filter(|a| a.passed == Some(true)).count(), 0, "spoke in the second round");

    // Size health now knows the time each person had, given when asked
    // for; the pane's report leaves it out.
    let asked = circle::domain::health::Sharing::SPEAKING_TIMES;
    let report = Circle::new(m.store()).size_report_for(group.id, day(), asked).unwrap();
    assert_eq!(report.speaking.len(), 5);
    assert!(Circle::new(m.store()).size_report(group.id, day()).unwrap().speaking.is_empty());
}

#[test]
fn a_restart_mid_speech_resumes_the_timer() {
    let m = Meeting::new();
    let mut app = m.app(0);
    app.update(Action::StartRound);
    app.update(Action::Timer);
    drop(app); // the laptop closes while someone speaks
    let mut app = m.app(3);
    app.update(Action::StartRound);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("speaking · 3:00"), "{screen}");
    assert!(app.tick_interval().is_some());
}

#[test]
fn both_views_as_snapshots() {
    let m = Meeting::new();
    let mut app = m.app(0);
    app.update(Action::StartRound);
    app.update(Action::Timer);
    app.ctx.clock = Some(at(4));
    app.update(Action::Timer);
    app.update(Action::Timer);
    app.ctx.clock = Some(at(12));
    let facilitator = render(&mut app, 80, 24);
    assert!(facilitator.contains("spoke 4:00"), "{facilitator}");
    insta::assert_snapshot!("round_facilitator_80x24", facilitator);
    insta::assert_snapshot!("round_facilitator_60x20", render(&mut app, 60, 20));
    app.update(Action::Share);
    let shared = render(&mut app, 80, 24);
    assert!(!shared.contains("4:00") && !shared.contains("8:00"), "no minutes on the shared view: {shared}");
    assert!(shared.contains("Still to speak"), "{shared}");
    insta::assert_snapshot!("round_shared_80x24", shared);
    insta::assert_snapshot!("round_shared_60x20", render(&mut app, 60, 20));
    // On a projector: large and centred, with no keys and no header.
    let big = render(&mut app, 120, 40);
    assert!(!big.contains("Esc") && !big.contains("timer") && !big.contains("circle ·"), "{big}");
    let rows: Vec<&str> = big.lines().collect();
    let first = rows.iter().position(|r| r.contains("Our round")).unwrap();
    assert!(first > 5, "centred, not in the top corner:\n{big}");
    let drawn = rows.iter().filter(|r| r.contains('█') || r.contains('▀') || r.contains('▄')).count();
    assert!(drawn >= 4, "the speaker's name in big letters:\n{big}");
    insta::assert_snapshot!("round_shared_120x40", big);
}

#[test]
fn without_a_meeting_today_the_round_asks_for_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("n.db")).unwrap();
    store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::StartRound);
    assert!(render(&mut app, 80, 24).contains("Take today's register first"));
}

/// A round left with Esc, or open when circle closed, is said in the
/// header on every tab until it is ended.
#[test]
fn the_header_says_a_round_is_still_running_until_it_ends() {
    let m = Meeting::new();
    let mut app = m.app(0);
    assert!(!render(&mut app, 80, 24).contains("round running"));
    app.update(Action::StartRound);
    app.update(Action::Timer);
    key(&mut app, KeyCode::Esc);
    app.update(Action::GoTab(Tab::Size));
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = render(&mut app, w, h);
        assert!(screen.lines().next().unwrap().contains("round running"), "{screen}");
    }
    drop(app);
    let mut app = m.app(5); // a restart
    assert!(render(&mut app, 80, 24).lines().next().unwrap().contains("round running"));
    app.update(Action::StartRound);
    app.update(Action::FinishRound);
    key(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("round running"), "{screen}");
}

/// Someone unmarked while a round runs (they left, or were marked by
/// mistake) is not marked present again when the round ends: their turn
/// is left out, and the facilitator is told whose.
#[test]
fn a_round_ended_after_someone_was_unmarked_leaves_them_absent_and_says_so() {
    let m = Meeting::new();
    let mut circle = Circle::new(m.store());
    let group = circle.groups().unwrap().remove(0);
    let meeting = circle.meeting_on(group.id, day()).unwrap().unwrap();
    let mut view = circle.start_round(meeting.id, 7).unwrap();
    assert_eq!(view.round.len(), 4);
    // The first speaker speaks a minute; then someone still to speak, and
    // the one who spoke, are both unmarked in the register.
    view.round.start(at(0)).unwrap();
    view.round.stop(at(1)).unwrap();
    circle.save_round(meeting.id, &view.round).unwrap();
    let seats: Vec<_> = view.round.seats().iter().map(|s| s.speaker.member).collect();
    let (spoke, waiting) = (seats[0], seats[3]);
    circle.set_present(meeting.id, spoke, false).unwrap();
    circle.set_present(meeting.id, waiting, false).unwrap();
    let ended = circle.finish_round(meeting.id, &view.round, at(2)).unwrap();
    let names = [spoke, waiting].map(|id| circle.member(id).unwrap().fields.name);
    let said = ended.said("");
    assert!(said.contains(&names[0]) && said.contains(&names[1]), "{said}");
    let present: Vec<_> = m.store().attendance(meeting.id).unwrap().into_iter().map(|a| a.member).collect();
    assert_eq!(present.len(), 2, "{present:?}");
    assert!(!present.contains(&spoke) && !present.contains(&waiting), "{present:?}");
    assert!(m.store().meeting(meeting.id).unwrap().round_run);
}

/// Taking away a meeting whose round still runs says so first: the
/// running round goes with it.
#[test]
fn taking_away_a_meeting_names_the_round_still_running() {
    let m = Meeting::new();
    let mut circle = Circle::new(m.store());
    let group = circle.groups().unwrap().remove(0);
    let meeting = circle.meeting_on(group.id, day()).unwrap().unwrap();
    let (_, before) = circle.meeting_contents(group.id, day()).unwrap();
    assert!(!before.said().contains("still running"), "{}", before.said());
    circle.start_round(meeting.id, 7).unwrap();
    let (_, contents) = circle.meeting_contents(group.id, day()).unwrap();
    assert!(contents.said().contains("the speaking round still running"), "{}", contents.said());
}

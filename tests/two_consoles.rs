//! Two consoles on one database never silently undo each other: the
//! agreement draft saved in both, and one round ended in both.

mod common;

use chrono::{Duration, TimeZone, Utc};
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use circle::usecase::rounds::RoundEnded;
use common::writes::{Pristine, day};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn render(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
}

fn save(app: &mut App) {
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
}

fn console(path: &std::path::Path) -> App {
    let mut app = App::new(Circle::open(path).unwrap(), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Agreement));
    app
}

#[test]
fn a_draft_saved_in_another_console_is_not_silently_overwritten() {
    let pristine = Pristine::new();
    let (path, check) = pristine.copy(0);
    let group = pristine.ids.group;
    let mut one = console(&path);
    let mut two = console(&path);
    one.update(Action::EditDraft);
    two.update(Action::EditDraft);
    typing(&mut two, "TWO WROTE THIS. ");
    save(&mut two);
    assert!(render(&mut two).contains("The draft is saved"), "{}", render(&mut two));

    // One types on: nothing of it is saved over two's draft.
    typing(&mut one, "ONE WROTE THIS. ");
    let screen = render(&mut one);
    assert!(screen.contains("changed in another console"), "{screen}");
    let saved = check.agreement_draft(group).unwrap().unwrap();
    assert!(saved.contains("TWO WROTE THIS") && !saved.contains("ONE WROTE THIS"), "{saved}");
    typing(&mut one, "MORE. ");
    assert!(!check.agreement_draft(group).unwrap().unwrap().contains("ONE WROTE"), "no save as you type after a clash");

    // Saving on purpose keeps one's text, knowingly.
    save(&mut one);
    let saved = check.agreement_draft(group).unwrap().unwrap();
    assert!(saved.contains("ONE WROTE THIS. MORE.") && !saved.contains("TWO WROTE"), "{saved}");
    assert!(render(&mut one).contains("The draft is saved"), "{}", render(&mut one));
}

#[test]
fn a_draft_edited_in_linear_mode_keeps_the_other_consoles_lines() {
    let pristine = Pristine::new();
    let (_, mut a) = pristine.copy(1);
    let group = pristine.ids.group;
    let seen = a.agreement_draft(group).unwrap();
    let mut b = Circle::open(a.path()).unwrap();
    b.save_draft(group, seen.as_deref(), "B's draft\n").unwrap();
    match a.save_draft(group, seen.as_deref(), "A's draft\n") {
        Err(circle::usecase::Error::Conflict(said)) => assert!(said.contains("another console"), "{said}"),
        other => panic!("the clash went unsaid: {other:?}"),
    }
    assert_eq!(a.agreement_draft(group).unwrap().as_deref(), Some("B's draft\n"));
    b.adopt_draft(group, "B's", day()).unwrap();
    match a.save_draft(group, Some("B's draft\n"), "A's draft\n") {
        Err(circle::usecase::Error::Conflict(said)) => assert!(said.contains("adopted or put away"), "{said}"),
        other => panic!("the clash went unsaid: {other:?}"),
    }
    a.save_draft(group, None, "A's draft\n").unwrap();
}

#[test]
fn a_round_ended_in_two_consoles_is_added_once() {
    let pristine = Pristine::new();
    let (_, mut one) = pristine.copy(2);
    let meeting = pristine.ids.meeting;
    let mut two = Circle::open(one.path()).unwrap();
    let start = Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap();
    let mut view = one.start_round(meeting, 7).unwrap();
    view.round.start(start).unwrap();
    view.round.stop(start + Duration::seconds(2)).unwrap();
    one.save_round(meeting, &view.round).unwrap();
    let shown_in_two = two.round(meeting).unwrap().unwrap();
    let end = start + Duration::seconds(10);
    assert_eq!(one.finish_round(meeting, &view.round, end).unwrap(), RoundEnded::Added);
    assert_eq!(two.finish_round(meeting, &shown_in_two.round, end).unwrap(), RoundEnded::AlreadyEnded);
    let seconds: u32 = one.store().attendance(meeting).unwrap().iter().filter_map(|a| a.speaking_seconds).sum();
    assert_eq!(seconds, 2, "a 2 s turn is stored as 2 s, not 4");

    // A round changed in one console since the other showed it is not
    // ended from the stale screen.
    let mut fresh = one.start_round(meeting, 8).unwrap();
    let stale = two.round(meeting).unwrap().unwrap();
    fresh.round.start(end).unwrap();
    one.save_round(meeting, &fresh.round).unwrap();
    assert!(matches!(two.finish_round(meeting, &stale.round, end), Err(circle::usecase::Error::Conflict(_))));
}

/// What the runner asks every few seconds while the console is idle: a
/// change another program made shows on the roster without a key, and
/// when nothing changed nothing is read again.
#[test]
fn a_change_made_elsewhere_shows_when_the_console_looks() {
    let pristine = Pristine::new();
    let (path, _check) = pristine.copy(0);
    let mut app = App::new(Circle::open(&path).unwrap(), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Roster));
    assert!(!app.look_elsewhere(), "nothing changed yet");
    assert!(!render(&mut app).contains("Zadie"));

    let mut other = circle::store::Store::open(&path).unwrap();
    let fields = circle::domain::MemberFields::named("Zadie");
    other.add_member(pristine.ids.group, &fields, circle::domain::MemberStatus::Active, day()).unwrap();
    drop(other);

    assert!(app.look_elsewhere(), "another connection's write is seen");
    assert!(render(&mut app).contains("Zadie"), "{}", render(&mut app));
    assert!(!app.look_elsewhere(), "seen once, not again");
}

//! The roster pane driven through its actions on a real database.

use chrono::NaiveDate;
use circle::domain::{MemberStatus, Openness};
use circle::store::{MemberFields, NewGroup, Store};
use circle::tui::App;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn render(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn big_roster(n: usize) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db")).unwrap();
    store.relax_durability_for_bulk_load().unwrap();
    let group = store
        .create_group(&NewGroup { name: "Large".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    for i in 0..n {
        let status = if i % 10 == 0 { MemberStatus::Waitlist } else { MemberStatus::Active };
        store.add_member(group.id, &MemberFields::named(&format!("Person {i:05}")), status, day()).unwrap();
    }
    (dir, App::new(store, day(), Theme { color: false }))
}

#[test]
fn thousands_of_rows_scroll_to_the_end_and_back() {
    let (_dir, mut app) = big_roster(3000);
    assert!(render(&mut app).contains("3000 people"));
    app.update(Action::Bottom);
    let end = render(&mut app);
    assert!(end.contains("Person 02999"), "{end}");
    assert!(!end.contains("Person 00000"));
    for _ in 0..30 {
        app.update(Action::PageUp);
    }
    let middle = render(&mut app);
    assert!(middle.contains("Person 02699"), "{middle}");
    app.update(Action::Top);
    assert!(render(&mut app).contains("Person 00000"));
}

#[test]
fn filtering_and_searching_narrow_the_list() {
    let (_dir, mut app) = big_roster(300);
    app.update(Action::NextFilter);
    let active = render(&mut app);
    assert!(active.contains("showing active"), "{active}");
    assert!(active.contains("270 people"), "{active}");
    app.update(Action::NextFilter);
    assert!(render(&mut app).contains("30 people"));
    app.update(Action::PrevFilter);
    app.update(Action::PrevFilter);
    app.update(Action::Search);
    for c in "00029".chars() {
        let key = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        );
        app.handle_event(&ratatui::crossterm::event::Event::Key(key));
    }
    let found = render(&mut app);
    assert!(found.contains("Person 00029"), "{found}");
    assert!(found.contains("1 person"), "{found}");
}

#[test]
fn the_selection_stays_on_the_same_person_after_a_change() {
    let (_dir, mut app) = big_roster(50);
    for _ in 0..20 {
        app.update(Action::Down);
    }
    app.update(Action::GoTab(circle::tui::Tab::Size));
    app.update(Action::GoTab(circle::tui::Tab::Roster));
    let screen = render(&mut app);
    // The selected row is the 21st person, still in view.
    assert!(screen.contains("Person 00020"), "{screen}");
}

#[test]
fn search_folds_case_beyond_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fold.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Fold".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    for name in ["ZOË", "Ölga", "Bo"] {
        store.add_member(group.id, &MemberFields::named(name), MemberStatus::Active, day()).unwrap();
    }
    let query = |text: &str| circle::store::RosterQuery { search: text.into(), ..Default::default() };
    assert_eq!(store.roster_count(group.id, &query("zoë")).unwrap(), 1);
    assert_eq!(store.roster_count(group.id, &query("öl")).unwrap(), 1);
    // Case folds; accents stay distinct, so "o" does not find "Ölga".
    assert_eq!(store.roster_count(group.id, &query("o")).unwrap(), 2);
}

//! The roster pane driven through its actions on a real database.

use chrono::NaiveDate;
use circle::domain::{MemberFields, NewGroup};
use circle::domain::{MemberStatus, Openness};
use circle::store::Store;
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
    (dir, App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() }))
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

/// Scrolling reads another window without counting again, unless the
/// data changed: then the count follows, also when another console wrote.
#[test]
fn the_count_follows_another_consoles_additions_while_scrolling() {
    let (dir, mut app) = big_roster(300);
    assert!(render(&mut app).contains("300 people"));
    app.update(Action::Bottom);
    assert!(render(&mut app).contains("300 people"));
    let mut other = Store::open(&dir.path().join("big.db")).unwrap();
    let group = other.group_by_name("Large").unwrap().unwrap().id;
    other.add_member(group, &MemberFields::named("Zed Last"), MemberStatus::Active, day()).unwrap();
    app.update(Action::Top);
    app.update(Action::Bottom);
    let end = render(&mut app);
    assert!(end.contains("301 people") && end.contains("Zed Last"), "{end}");
}

#[test]
fn filtering_and_searching_narrow_the_list() {
    let (_dir, mut app) = big_roster(300);
    assert!(render(&mut app).contains("showing current members"));
    app.update(Action::NextFilter);
    assert!(render(&mut app).contains("showing everyone, also those who left"));
    app.update(Action::NextFilter);
    let active = render(&mut app);
    assert!(active.contains("showing active"), "{active}");
    assert!(active.contains("270 people"), "{active}");
    app.update(Action::NextFilter);
    assert!(render(&mut app).contains("30 people"));
    for _ in 0..3 {
        app.update(Action::PrevFilter);
    }
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
fn search_folds_case_and_accents_beyond_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fold.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Fold".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    for name in ["ZOË", "Ölga", "Bo"] {
        store.add_member(group.id, &MemberFields::named(name), MemberStatus::Active, day()).unwrap();
    }
    let query = |text: &str| circle::domain::RosterQuery { search: text.into(), ..Default::default() };
    assert_eq!(store.roster_count(group.id, &query("zoë")).unwrap(), 1);
    assert_eq!(store.roster_count(group.id, &query("öl")).unwrap(), 1);
    // Case and accents fold: "o" finds ZOË, Ölga and Bo; "ol" finds Ölga.
    assert_eq!(store.roster_count(group.id, &query("o")).unwrap(), 3);
    assert_eq!(store.roster_count(group.id, &query("ol")).unwrap(), 1);
    assert_eq!(store.roster_count(group.id, &query("zoe")).unwrap(), 1);
    assert_eq!(store.roster_count(group.id, &query("xyz")).unwrap(), 0);
}

mod by_keys {
    use super::*;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    fn press(app: &mut App, code: KeyCode) {
        app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn ctrl(app: &mut App, c: char) {
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    }

    fn typing(app: &mut App, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
    }

    fn one_member(status: MemberStatus) -> (tempfile::TempDir, App, circle::domain::MemberId) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let group = store
            .create_group(&NewGroup { name: "Keys".into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap();
        let earlier = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let id = store.add_member(group.id, &MemberFields::named("Rowan"), status, earlier).unwrap().id;
        (dir, App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() }), id)
    }

    #[test]
    fn a_status_change_cannot_go_back_before_the_last_one_or_into_the_future() {
        let (_dir, mut app, id) = one_member(MemberStatus::Active);
        for (date, words) in [("2026-09-01", "cannot be earlier"), ("2026-12-25", "in the future")] {
            press(&mut app, KeyCode::Char('s'));
            press(&mut app, KeyCode::Tab);
            ctrl(&mut app, 'u');
            typing(&mut app, date);
            press(&mut app, KeyCode::Enter);
            let screen = render(&mut app);
            assert!(screen.contains(words), "{date}: {screen}");
            assert_eq!(app.ctx.circle.store().status_history(id).unwrap().len(), 1, "nothing saved for {date}");
            press(&mut app, KeyCode::Esc);
            press(&mut app, KeyCode::Esc);
            assert!(app.modal.is_none());
        }
    }

    #[test]
    fn one_stray_esc_does_not_lose_what_was_typed() {
        let (_dir, mut app, _) = one_member(MemberStatus::Active);
        press(&mut app, KeyCode::Char('a'));
        typing(&mut app, "Juniper");
        press(&mut app, KeyCode::Esc);
        assert!(app.modal.is_some(), "the first Esc only asks");
        assert!(render(&mut app).contains("Press Esc again"));
        press(&mut app, KeyCode::Enter);
        assert!(app.modal.is_none());
        assert!(render(&mut app).contains("Juniper"));
        // An untouched form closes at once.
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Esc);
        assert!(app.modal.is_none());
    }

    #[test]
    fn settings_must_leave_a_workable_range() {
        let (_dir, mut app, _) = one_member(MemberStatus::Active);
        press(&mut app, KeyCode::Char('g'));
        press(&mut app, KeyCode::Char('e'));
        // Focus, entry, openness, status, successor, meeting, opening, speaking, smallest.
        for _ in 0..8 {
            press(&mut app, KeyCode::Tab);
        }
        ctrl(&mut app, 'u');
        typing(&mut app, "99");
        press(&mut app, KeyCode::Enter);
        assert!(render(&mut app).contains("must not be larger"), "{}", render(&mut app));
        let group = app.ctx.circle.store().groups().unwrap().remove(0);
        assert_eq!(group.settings.min_size, 4, "nothing saved");
    }

    #[test]
    fn a_name_with_control_characters_can_still_be_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let group = store
            .create_group(&NewGroup { name: "C".into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap();
        store.add_member(group.id, &MemberFields::named("\u{1b}[31mRED"), MemberStatus::Active, day()).unwrap();
        let mut app = App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() });
        press(&mut app, KeyCode::Char('x'));
        typing(&mut app, "[31mRED");
        press(&mut app, KeyCode::Enter);
        assert!(app.modal.is_none(), "{}", render(&mut app));
        assert_eq!(app.ctx.circle.store().roster_count(group.id, &Default::default()).unwrap(), 0);
    }
}

#[test]
fn people_who_left_are_out_of_the_usual_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("left.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "L".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    store.add_member(group.id, &MemberFields::named("Stayed"), MemberStatus::Active, day()).unwrap();
    store.add_member(group.id, &MemberFields::named("Went"), MemberStatus::Left, day()).unwrap();
    let mut app = App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let usual = render(&mut app);
    assert!(usual.contains("Stayed") && !usual.contains("Went"), "{usual}");
    app.update(Action::NextFilter);
    let all = render(&mut app);
    assert!(all.contains("Stayed") && all.contains("Went"), "{all}");
}

/// A damaged index page: the console says the roster could not be read,
/// never "No members yet".
#[test]
fn a_damaged_database_is_named_on_screen_not_shown_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.relax_durability_for_bulk_load().unwrap();
        let group = store
            .create_group(&NewGroup { name: "Damaged".into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap();
        for i in 0..400 {
            store
                .add_member(group.id, &MemberFields::named(&format!("Person {i:04}")), MemberStatus::Active, day())
                .unwrap();
        }
        store.compact().unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = 'members_by_name'", [], |r| r.get(0)).unwrap();
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&path).unwrap();
    let start = ((root - 1) * page_size) as usize;
    for b in &mut bytes[start..start + page_size as usize] {
        *b = 0xA5;
    }
    std::fs::write(&path, bytes).unwrap();

    let store = Store::open(&path).unwrap();
    let mut app = App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let screen = render(&mut app);
    assert!(screen.contains("could not be read"), "{screen}");
    assert!(!screen.contains("No members yet"), "{screen}");
}

/// In a narrow window the count gives way: it is never drawn over what the
/// list shows and how it is sorted.
#[test]
fn the_count_never_runs_into_the_sort_in_a_narrow_window() {
    let (_dir, app) = big_roster(4734);
    let line = |width: u16| {
        let mut terminal = Terminal::new(TestBackend::new(width, 16)).unwrap();
        terminal.draw(|frame| app.render(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..width).map(|x| buffer[(x, 2)].symbol().to_string()).collect::<String>()
    };
    let narrow = line(50);
    assert!(narrow.contains("sorted by name"), "{narrow}");
    assert!(!narrow.contains("people"), "the count gives way: {narrow}");
    let wide = line(80);
    assert!(wide.contains("sorted by name") && wide.contains("4734 people"), "{wide}");
}

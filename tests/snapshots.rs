//! The console rendered into ratatui's `TestBackend` and kept as insta
//! snapshots, with the date fixed so they do not change from day to day.

use chrono::NaiveDate;
use circle::domain::{MemberFields, NewGroup};
use circle::domain::{MemberStatus, Openness};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

fn demo_app() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    let app = App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    Fixture { _dir: dir, app }
}

fn empty_app() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("empty.db")).unwrap();
    Fixture {
        app: App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() }),
        _dir: dir,
    }
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn roster_tab() {
    let mut f = demo_app();
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn size_tab() {
    let mut f = demo_app();
    f.app.update(Action::GoTab(Tab::Size));
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn agreement_tab() {
    let mut f = demo_app();
    f.app.update(Action::GoTab(Tab::Agreement));
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn endings_tab() {
    let mut f = demo_app();
    f.app.update(Action::GoTab(Tab::Endings));
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn help_overlay() {
    let mut f = demo_app();
    f.app.update(Action::Help);
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn group_switcher() {
    let mut f = demo_app();
    f.app.update(Action::Groups);
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn first_group_form_on_an_empty_database() {
    let mut f = empty_app();
    // The tour comes first; Esc skips it.
    f.app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    insta::assert_snapshot!(render(&mut f.app, 80, 24));
}

#[test]
fn the_tour_on_an_empty_database() {
    let mut f = empty_app();
    let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    for (page, size) in [(1, (80, 24)), (2, (80, 24)), (3, (60, 20))] {
        insta::assert_snapshot!(format!("tour_page_{page}"), render(&mut f.app, size.0, size.1));
        f.app.handle_event(&enter);
    }
    assert!(render(&mut f.app, 80, 24).contains("Create your first group"));
}

#[test]
fn too_small_down_to_one_cell() {
    let mut f = demo_app();
    insta::assert_snapshot!(render(&mut f.app, 30, 8));
    for (w, h) in [(1, 1), (2, 1), (1, 5), (39, 11), (40, 12)] {
        render(&mut f.app, w, h);
    }
}

#[test]
fn the_smallest_window_keeps_the_group_name_and_every_tab() {
    let mut f = demo_app();
    let screen = render(&mut f.app, 40, 12);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].contains("circle · Riverside"), "the name gives way last:\n{screen}");
    assert!(lines[1].contains("4 Endings"), "every tab fits:\n{screen}");
    let wide = render(&mut f.app, 80, 24);
    assert!(wide.lines().next().unwrap().contains("2026"), "a wider window shows the date too:\n{wide}");
}

#[test]
fn a_narrow_roster_keeps_what_is_typed_into_the_search_in_view() {
    let mut f = demo_app();
    let bar = |app: &mut App, width| render(app, width, 20).lines().nth(2).unwrap().to_string();
    assert!(bar(&mut f.app, 120).contains("showing current members · sorted by name"));
    let narrow = bar(&mut f.app, 40);
    assert!(narrow.contains("\" current members · sorted by name"), "the words around give way: {narrow:?}");
    for c in "/Priya".chars() {
        f.app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    assert!(bar(&mut f.app, 120).contains("showing current members · sorted by name · search Priya"));
    let narrow = bar(&mut f.app, 40);
    assert!(narrow.contains("search Priya▏"), "the search stays in view: {narrow:?}");
    assert!(narrow.contains("current members"), "{narrow:?}");
}

#[test]
fn in_the_smallest_window_names_can_still_be_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("similar.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Large".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    for name in ["Yara 000-0123", "Yara 000-0456"] {
        store.add_member(group.id, &MemberFields::named(name), MemberStatus::Active, day()).unwrap();
    }
    let mut app = App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let narrow = render(&mut app, 40, 12);
    assert!(narrow.contains("Yara 000-0123") && narrow.contains("Yara 000-0456"), "{narrow}");
    assert!(!narrow.contains("Last here"), "the last visit gives way to the names: {narrow}");
    assert!(render(&mut app, 60, 20).contains("Last here"), "and comes back where there is room");
}

#[test]
fn roster_with_hostile_names_stays_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("odd.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Names".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let names = [
        "Maximiliana Theodora Wilhelmina Fitzgerald-Montgomery of the Northern Shore",
        "مريم عبد الرحمن",
        "Ann\u{1b}[2J\u{1b}]0;owned\u{7}",
        "Zoë 🌱",
        "Ze\u{301}phyr",
    ];
    for name in names {
        let fields = MemberFields { joined: Some(day()), pronouns: "they/them".into(), ..MemberFields::named(name) };
        store.add_member(group.id, &fields, MemberStatus::Active, day()).unwrap();
    }
    let mut app = App::new(circle::usecase::Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let wide = render(&mut app, 80, 24);
    assert!(!wide.contains('\u{1b}'), "an escape sequence reached the screen");
    insta::assert_snapshot!("roster_hostile_80x24", wide);
    insta::assert_snapshot!("roster_hostile_60x20", render(&mut app, 60, 20));
}

#[test]
fn help_scrolls_in_a_small_window() {
    let mut f = demo_app();
    f.app.update(Action::Help);
    let before = render(&mut f.app, 60, 16);
    assert!(before.contains("↑/↓ for more"), "{before}");
    assert!(!before.contains("Everywhere"));
    for _ in 0..30 {
        let down = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Down,
            ratatui::crossterm::event::KeyModifiers::NONE,
        );
        f.app.handle_event(&ratatui::crossterm::event::Event::Key(down));
    }
    let after = render(&mut f.app, 60, 16);
    assert_ne!(before, after);
    assert!(after.contains("back"), "the last key is reachable: {after}");
}

fn press(app: &mut App, code: ratatui::crossterm::event::KeyCode) {
    let key = ratatui::crossterm::event::KeyEvent::new(code, ratatui::crossterm::event::KeyModifiers::NONE);
    app.handle_event(&ratatui::crossterm::event::Event::Key(key));
}

#[test]
fn the_register() {
    let mut f = demo_app();
    f.app.update(Action::Register);
    if f.app.modal.is_some() {
        // No meeting today yet: the form offers one; the first mark records it.
        insta::assert_snapshot!("register_new_meeting_form", render(&mut f.app, 80, 24));
        press(&mut f.app, ratatui::crossterm::event::KeyCode::Enter);
    }
    assert!(f.app.modal.is_none());
    f.app.update(Action::TogglePresent);
    f.app.update(Action::Down);
    f.app.update(Action::TogglePresent);
    insta::assert_snapshot!("register_80x24", render(&mut f.app, 80, 24));
    insta::assert_snapshot!("register_60x20", render(&mut f.app, 60, 20));
}

#[test]
fn the_meetings_list() {
    let mut f = demo_app();
    f.app.update(Action::GoTab(circle::tui::Tab::Agreement));
    f.app.update(Action::Meetings);
    insta::assert_snapshot!("meetings_80x24", render(&mut f.app, 80, 24));
    insta::assert_snapshot!("meetings_60x20", render(&mut f.app, 60, 20));
    f.app.update(Action::RemoveMeeting);
    insta::assert_snapshot!("meetings_remove_80x24", render(&mut f.app, 80, 24));
}

#[test]
fn the_member_form() {
    let mut f = demo_app();
    f.app.update(Action::AddMember);
    insta::assert_snapshot!("member_form_80x24", render(&mut f.app, 80, 24));
    insta::assert_snapshot!("member_form_60x20", render(&mut f.app, 60, 20));
    // A choice field shows its own keys.
    press(&mut f.app, ratatui::crossterm::event::KeyCode::Tab);
    press(&mut f.app, ratatui::crossterm::event::KeyCode::Tab);
    let screen = render(&mut f.app, 80, 24);
    assert!(screen.contains("←/→ choose"), "{screen}");
}

#[test]
fn the_confirm_dialog() {
    let mut f = demo_app();
    f.app.update(Action::Forget);
    insta::assert_snapshot!("confirm_80x24", render(&mut f.app, 80, 24));
    insta::assert_snapshot!("confirm_60x20", render(&mut f.app, 60, 20));
}

#[test]
fn group_switcher_narrow() {
    let mut f = demo_app();
    f.app.update(Action::Groups);
    insta::assert_snapshot!("group_switcher_60x20", render(&mut f.app, 60, 20));
}

/// Short columns are never cut while the name has room to give.
#[test]
fn roster_columns_share_the_width_by_content() {
    let mut f = demo_app();
    insta::assert_snapshot!("roster_60x20", render(&mut f.app, 60, 20));
    let wide = render(&mut f.app, 120, 30);
    assert!(wide.contains("they/them"), "{wide}");
    insta::assert_snapshot!("roster_120x30", wide);
}

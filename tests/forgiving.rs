//! A forgiving console for live meetings, driven by keys through `App`: no
//! typing lost to Esc or Ctrl-C, a faster register that says what it
//! counts, attendance "new" for newcomers, and footers that keep their
//! main keys at 80 columns.

use chrono::NaiveDate;
use circle::domain::{
    GroupSettings, GroupStatus, MeetingMode, MemberFields, MemberStatus, NewGroup, NewMeeting, Openness,
};
use circle::store::Store;
use circle::tui::keys::{Action, Context, footer_hints};
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl_c(app: &mut App) {
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// A group of `active` members (plus one on a break), full at `largest`.
fn group(active: usize, largest: u32) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("f.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let settings = GroupSettings {
        status: GroupStatus::Active,
        meeting_minutes: 10 * largest + 10,
        opening_closing_minutes: 10,
        min_speaking_minutes: 10,
        min_size: 1,
        ..GroupSettings::default()
    };
    store.update_group_settings(group.id, &settings).unwrap();
    let joined = NaiveDate::from_ymd_opt(2026, 1, 8).unwrap();
    for i in 0..active {
        let fields = MemberFields { joined: Some(joined), ..MemberFields::named(&format!("Member {i}")) };
        store.add_member(group.id, &fields, MemberStatus::Active, joined).unwrap();
    }
    store.add_member(group.id, &MemberFields::named("Resting"), MemberStatus::OnBreak, joined).unwrap();
    (dir, App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() }))
}

#[test]
fn esc_on_the_group_is_full_goes_back_to_the_form_with_the_typing() {
    let (_dir, mut app) = group(3, 3);
    app.update(Action::AddMember);
    typing(&mut app, "Ivo");
    press(&mut app, KeyCode::Tab);
    typing(&mut app, "he/him");
    press(&mut app, KeyCode::Enter);
    assert!(render(&mut app, 80, 24).contains("The group is full"));
    press(&mut app, KeyCode::Esc);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Add a member") && screen.contains("Ivo") && screen.contains("he/him"), "{screen}");
    // And from there the form saves as usual.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // "on the waitlist"
    assert!(app.modal.is_none());
    assert!(render(&mut app, 80, 24).contains("Added Ivo (waitlist)."));
}

#[test]
fn ctrl_c_with_typing_asks_once_and_a_second_quits() {
    let (_dir, mut app) = group(2, 5);
    app.update(Action::AddMember);
    typing(&mut app, "Ivo");
    ctrl_c(&mut app);
    assert!(!app.should_quit(), "the first Ctrl-C with typing only asks");
    assert!(render(&mut app, 80, 24).contains("again to quit"));
    typing(&mut app, "n");
    ctrl_c(&mut app);
    assert!(!app.should_quit(), "typing in between asks again");
    ctrl_c(&mut app);
    assert!(app.should_quit());

    // Without typing, Ctrl-C quits at once.
    let (_dir, mut app) = group(2, 5);
    app.update(Action::AddMember);
    ctrl_c(&mut app);
    assert!(app.should_quit());
}

#[test]
fn the_register_marks_everyone_expected_in_one_key_and_says_what_it_counts() {
    let (_dir, mut app) = group(10, 12);
    app.update(Action::GoTab(Tab::Size));
    // The register opens from any tab.
    app.update(Action::Register);
    assert_eq!(app.tab, Tab::Roster);
    press(&mut app, KeyCode::Enter); // record today's meeting
    app.update(Action::AllPresent);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("10 present of 10 expected · 1 on a break"), "{screen}");
    assert!(screen.contains("[ ] Resting"), "someone on a break stays unmarked: {screen}");
    app.update(Action::Top);
    app.update(Action::TogglePresent);
    assert!(render(&mut app, 80, 24).contains("9 present of 10 expected · 1 on a break"));
}

#[test]
fn attendance_is_new_until_there_was_a_meeting_to_come_to() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("n.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let fields = MemberFields { joined: Some(day()), pronouns: "she/her".into(), ..MemberFields::named("Newcomer") };
    store.add_member(group.id, &fields, MemberStatus::Active, day()).unwrap();
    store.create_meeting(group.id, &NewMeeting { held_on: day(), mode: MeetingMode::InPerson, minutes: 90 }).unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let screen = render(&mut app, 80, 24);
    let row = screen.lines().find(|l| l.contains("Newcomer")).unwrap();
    assert!(row.contains(" new "), "{row}");
    assert!(!row.contains("0%"), "{row}");
}

/// At 80 columns every pane's footer keeps its first keys and help.
#[test]
fn footers_keep_their_main_keys_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let check = |app: &mut App, context: Context| {
        let screen = render(app, 80, 24);
        let footer = screen.lines().last().unwrap().to_string();
        for (key, hint) in footer_hints(context).iter().filter(|(_, h)| *h != "quit" && *h != "groups").take(4) {
            assert!(footer.contains(&format!("{key} {hint}")), "{context:?}: {key} {hint} missing in {footer}");
        }
        assert!(footer.contains("? help"), "{context:?}: no help in {footer}");
    };
    for tab in Tab::ALL {
        app.update(Action::GoTab(tab));
        let context = app.pane_context();
        check(&mut app, context);
    }
    app.update(Action::GoTab(Tab::Roster));
    app.update(Action::Register);
    if app.modal.is_some() {
        press(&mut app, KeyCode::Enter);
    }
    check(&mut app, Context::Register);
}

/// The terminal cursor sits on the selection in every pane, so screen
/// readers and braille displays that follow it land where the focus is.
#[test]
fn the_cursor_follows_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut at = |app: &mut App| {
        terminal.draw(|frame| app.render(frame)).unwrap();
        terminal.get_cursor_position().unwrap()
    };
    app.update(Action::GoTab(Tab::Roster));
    let first = at(&mut app);
    app.update(Action::Down);
    app.update(Action::Down);
    let third = at(&mut app);
    assert_eq!(third.y, first.y + 2, "the cursor moves with the selection");
    app.update(Action::Register);
    if app.modal.is_some() {
        press(&mut app, KeyCode::Enter);
    }
    let before = at(&mut app);
    app.update(Action::Down);
    assert_eq!(at(&mut app).y, before.y + 1);
    app.update(Action::Back);
    app.update(Action::Groups);
    let groups = at(&mut app);
    assert!(groups.y > 3, "{groups:?}");
}

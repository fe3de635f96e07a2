//! The mouse through the console's state, as the terminal reports it:
//! clicks on tabs and rows, double clicks, the wheel; and what one key
//! puts on the clipboard. The screen is drawn into a `TestBackend` first,
//! as the runner does, since a list answers clicks where it was drawn.

use chrono::{NaiveDate, TimeZone, Utc};
use circle::domain::{CardStyle, EndingMode, MemberFields, MemberStatus, NewActivity, NewGroup, Openness};
use circle::store::Store;
use circle::tui::app::Modal;
use circle::tui::keys::{Action, Context};
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Modifier;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

/// The demo group, with the clock stopped: two clicks on one cell are then
/// always a double click, and never depend on how fast the test runs.
fn demo() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    app.ctx.clock = Some(Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap());
    Fixture { _dir: dir, app }
}

fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` starts on the screen (the first place, top to bottom).
fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    let area = buffer.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let rest: String = (x..area.width).map(|x| buffer[(x, y)].symbol()).collect();
            if rest.starts_with(needle) {
                return (x, y);
            }
        }
    }
    panic!("{needle:?} is not on the screen:\n{}", text(buffer));
}

/// The rows drawn in reverse video: the selection.
fn selected(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .filter(|y| (0..area.width).any(|x| buffer[(x, *y)].modifier.contains(Modifier::REVERSED)))
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim().to_string())
        .collect()
}

fn mouse(app: &mut App, kind: MouseEventKind, (column, row): (u16, u16)) {
    app.handle_event(&Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

/// A press and its release, as a terminal reports a click.
fn click(app: &mut App, at: (u16, u16)) {
    mouse(app, MouseEventKind::Down(MouseButton::Left), at);
    mouse(app, MouseEventKind::Up(MouseButton::Left), at);
}

/// Draws at 80x24, then clicks where `needle` is.
fn click_on(app: &mut App, needle: &str) {
    let at = find(&draw(app, 80, 24), needle);
    click(app, at);
}

fn wheel(app: &mut App, down: bool) {
    draw(app, 80, 24);
    let kind = if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp };
    mouse(app, kind, (10, 10));
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn selection(app: &App) -> Vec<String> {
    selected(&draw(app, 80, 24))
}

#[test]
fn a_click_on_a_tab_opens_it() {
    let mut f = demo();
    click_on(&mut f.app, "3 Agreement");
    assert_eq!(f.app.tab, Tab::Agreement);
    // A column beside the label counts; the empty end of the row does not.
    let (x, y) = find(&draw(&f.app, 80, 24), "4 Endings");
    click(&mut f.app, (x - 1, y));
    assert_eq!(f.app.tab, Tab::Endings);
    click(&mut f.app, (79, y));
    assert_eq!(f.app.tab, Tab::Endings);
    // Narrow windows have shorter titles in other places.
    let (x, y) = find(&draw(&f.app, 50, 20), "2 Size");
    click(&mut f.app, (x + 2, y));
    assert_eq!(f.app.tab, Tab::Size);
}

#[test]
fn a_click_on_a_row_selects_it_and_a_double_click_opens_it() {
    let mut f = demo();
    assert_eq!(selection(&f.app)[0].split_whitespace().next(), Some("Alex"));
    click_on(&mut f.app, "Mei ");
    assert!(selection(&f.app)[0].starts_with("Mei "), "{:?}", selection(&f.app));
    assert!(f.app.modal.is_none(), "one click only selects");
    // The same cell again: what Enter does on the roster (edit the person).
    click_on(&mut f.app, "Mei ");
    assert!(matches!(f.app.modal, Some(Modal::Form(..))), "a double click opens the person");
    // In a form the mouse does nothing, and Esc still cancels it.
    click(&mut f.app, (2, 15));
    mouse(&mut f.app, MouseEventKind::ScrollDown, (2, 15));
    assert!(matches!(f.app.modal, Some(Modal::Form(..))));
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.modal.is_none());
    assert!(selection(&f.app)[0].starts_with("Mei "));
}

#[test]
fn clicks_off_the_rows_and_other_buttons_change_nothing() {
    let mut f = demo();
    let (x, y) = find(&draw(&f.app, 80, 24), "Name");
    click(&mut f.app, (x, y)); // the header
    click(&mut f.app, (x, 20)); // below the last row
    let ruth = find(&draw(&f.app, 80, 24), "Ruth");
    mouse(&mut f.app, MouseEventKind::Down(MouseButton::Right), ruth);
    assert!(selection(&f.app)[0].starts_with("Alex"));
    assert_eq!(f.app.tab, Tab::Roster);
}

#[test]
fn a_list_answers_only_where_it_was_last_drawn() {
    let mut f = demo();
    let at = find(&draw(&f.app, 80, 24), "Ruth");
    // The screen changed (a dialog, another tab) but was not drawn again:
    // the click must not land on a row that is no longer there.
    f.app.update(Action::Help);
    click(&mut f.app, at);
    key(&mut f.app, KeyCode::Esc);
    assert!(selection(&f.app)[0].starts_with("Alex"));
    // Today's meeting, so the register opens without a question.
    f.app.update(Action::Register);
    if f.app.modal.is_some() {
        key(&mut f.app, KeyCode::Enter);
    }
    f.app.update(Action::Back);
    let at = find(&draw(&f.app, 80, 24), "Ruth");
    f.app.update(Action::Register);
    assert!(f.app.modal.is_none());
    click(&mut f.app, at);
    f.app.update(Action::Back);
    assert!(selection(&f.app)[0].starts_with("Alex"), "{:?}", selection(&f.app));
}

#[test]
fn the_wheel_moves_through_lists() {
    let mut f = demo();
    wheel(&mut f.app, true);
    wheel(&mut f.app, true);
    assert!(selection(&f.app)[0].starts_with("Dev"), "{:?}", selection(&f.app));
    wheel(&mut f.app, false);
    assert!(selection(&f.app)[0].starts_with("Aroha"));
}

#[test]
fn the_mouse_can_be_left_to_the_terminal() {
    let mut f = demo();
    f.app.mouse = false;
    click_on(&mut f.app, "3 Agreement");
    click_on(&mut f.app, "Mei ");
    wheel(&mut f.app, true);
    assert_eq!(f.app.tab, Tab::Roster);
    assert!(selection(&f.app)[0].starts_with("Alex"));
}

#[test]
fn a_window_too_small_to_draw_in_takes_no_clicks() {
    let mut f = demo();
    draw(&f.app, 30, 10);
    click(&mut f.app, (5, 1));
    mouse(&mut f.app, MouseEventKind::ScrollDown, (3, 5));
    assert_eq!(f.app.tab, Tab::Roster);
    assert!(selection(&f.app)[0].starts_with("Alex"));
}

#[test]
fn the_group_switcher_takes_clicks() {
    let mut f = demo();
    f.app.update(Action::Groups);
    click_on(&mut f.app, "Thursday Evening");
    assert!(selection(&f.app).iter().any(|r| r.contains("Thursday Evening")), "{:?}", selection(&f.app));
    click_on(&mut f.app, "Thursday Evening");
    assert!(f.app.modal.is_none());
    assert!(f.app.ctx.group.as_ref().unwrap().name.starts_with("Thursday Evening"));
    // Its finished activity opens with a double click on the endings list.
    click_on(&mut f.app, "4 Endings");
    click_on(&mut f.app, "finished");
    click_on(&mut f.app, "finished");
    assert_eq!(f.app.pane_context(), Context::Celebrate);
}

#[test]
fn rows_of_the_register_promotion_and_agreement_lists_take_clicks() {
    let mut f = demo();
    f.app.update(Action::Register);
    if f.app.modal.is_some() {
        key(&mut f.app, KeyCode::Enter); // today's meeting, as the form offers it
    }
    click_on(&mut f.app, "Kwame");
    assert!(selection(&f.app)[0].contains("Kwame"), "{:?}", selection(&f.app));
    // The speaking round of those present.
    f.app.update(Action::AllPresent);
    f.app.update(Action::StartRound);
    assert_eq!(f.app.pane_context(), Context::Round);
    click_on(&mut f.app, "Ruth");
    assert!(selection(&f.app)[0].contains("Ruth"), "{:?}", selection(&f.app));
    f.app.update(Action::Back);
    f.app.update(Action::Register);
    f.app.update(Action::Back);

    f.app.update(Action::GoTab(Tab::Size));
    f.app.update(Action::Promotion);
    let rows = text(&draw(&f.app, 80, 24));
    let second = rows.lines().filter(|l| l.contains("[x]") || l.contains("[ ]")).nth(1).unwrap().trim().to_string();
    click_on(&mut f.app, &second[..12]);
    assert_eq!(selection(&f.app), [second]);

    f.app.update(Action::GoTab(Tab::Agreement));
    f.app.update(Action::Versions);
    click_on(&mut f.app, "v1 ·");
    assert!(selection(&f.app)[0].starts_with("v1"), "{:?}", selection(&f.app));
    click_on(&mut f.app, "v1 ·");
    assert!(text(&draw(&f.app, 80, 24)).contains("An earlier version"), "a double click opens the version");
    f.app.update(Action::Back);

    f.app.update(Action::SignUps);
    click_on(&mut f.app, "Tomás");
    assert!(selection(&f.app)[0].contains("Tomás"), "{:?}", selection(&f.app));
    // A double click does not record sign-ups (Enter confirms there).
    click_on(&mut f.app, "Tomás");
    assert!(f.app.modal.is_none());
}

/// A group of four with an online activity whose cards are sealed.
fn online(dealt: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("circle.db")).unwrap();
    let new = NewGroup { name: "Thursday".into(), focus: String::new(), openness: Openness::Open };
    let group = store.create_group(&new, day()).unwrap();
    let names = ["Ann", "Bo", "Cy", "Dee"];
    let members: Vec<_> = names
        .iter()
        .map(|n| store.add_member(group.id, &MemberFields::named(n), MemberStatus::Active, day()).unwrap().id)
        .collect();
    let new = NewActivity {
        held_on: day(),
        mode: EndingMode::Online,
        card_style: CardStyle::Typed,
        chain: false,
        participants: members.clone(),
    };
    let activity = store.create_activity(group.id, &new).unwrap().id;
    for (id, name) in members.iter().zip(names) {
        store.save_card(activity, *id, &format!("{name}: the walk \x1b]52;c;ZXZpbA==\x07by the river"), true).unwrap();
    }
    let mut circle = Circle::new(store);
    if dealt {
        circle.deal(activity, 7).unwrap();
    }
    let mut app = App::new(circle, day(), Theme { color: false, ..Theme::default() });
    app.ctx.clock = Some(Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap());
    app.update(Action::GoTab(Tab::Endings));
    Fixture { _dir: dir, app }
}

#[test]
fn people_collecting_cards_take_clicks_and_the_reading_steps_with_the_wheel() {
    let mut f = online(false);
    click_on(&mut f.app, "Cy ");
    assert!(selection(&f.app)[0].contains("Cy"), "{:?}", selection(&f.app));
    f.app.update(Action::Deal);
    f.app.update(Action::LockDeal);
    assert_eq!(f.app.pane_context(), Context::Reading);
    assert!(text(&draw(&f.app, 80, 24)).contains("1 of 4"));
    wheel(&mut f.app, true);
    wheel(&mut f.app, true);
    assert!(text(&draw(&f.app, 80, 24)).contains("3 of 4"));
    wheel(&mut f.app, false);
    assert!(text(&draw(&f.app, 80, 24)).contains("2 of 4"));
}

#[test]
fn the_help_and_the_partner_cards_scroll_with_the_wheel() {
    let mut f = online(true);
    f.app.update(Action::PartnerCards);
    let before = text(&draw(&f.app, 60, 14));
    mouse(&mut f.app, MouseEventKind::ScrollDown, (30, 8));
    let after = text(&draw(&f.app, 60, 14));
    assert_ne!(before, after, "the partner cards did not scroll");

    let mut f = demo();
    f.app.update(Action::Help);
    let top = text(&draw(&f.app, 60, 16));
    mouse(&mut f.app, MouseEventKind::ScrollDown, (30, 8));
    assert_ne!(top, text(&draw(&f.app, 60, 16)), "the help did not scroll");
    assert!(f.app.modal.is_some(), "the wheel does not close the help");
}

#[test]
fn y_copies_the_rooms_and_the_partner_cards_for_the_runner() {
    let mut f = online(true);
    assert_eq!(f.app.pane_context(), Context::Rooms);
    key(&mut f.app, KeyCode::Char('y'));
    let rooms = f.app.take_clipboard().expect("the rooms are waiting for the runner");
    assert!(rooms.starts_with("Breakout rooms") && rooms.contains("Room 1:") && rooms.contains("Room 2:"), "{rooms}");
    assert!(text(&draw(&f.app, 80, 24)).contains("Sent the breakout rooms to the clipboard. Nothing to paste?"));
    assert_eq!(f.app.take_clipboard(), None, "asked once, written once");

    f.app.update(Action::PartnerCards);
    key(&mut f.app, KeyCode::Char('y'));
    let cards = f.app.take_clipboard().unwrap();
    assert_eq!(cards.matches("you read this card aloud").count(), 4, "{cards}");
    // What goes to the terminal is one OSC 52 sequence, whatever a card holds.
    let bytes = circle::tui::clipboard::osc52(&cards);
    assert_eq!(bytes.iter().filter(|b| **b == 0x1b).count(), 1);
    assert!(!circle::tui::clipboard::sanitised(&cards).contains('\x1b'));
}

#[test]
fn y_copies_the_promotion_text_and_the_agreement() {
    let mut f = demo();
    f.app.update(Action::GoTab(Tab::Size));
    f.app.update(Action::Promotion);
    key(&mut f.app, KeyCode::Char('y'));
    let group = f.app.ctx.group.clone().unwrap();
    let expected = circle::domain::promotion::promotion_text(&group).unwrap();
    assert_eq!(f.app.take_clipboard().as_deref(), Some(expected.as_str()));
    assert!(expected.contains(group.settings.purpose.trim()));

    f.app.update(Action::GoTab(Tab::Agreement));
    key(&mut f.app, KeyCode::Char('y'));
    let current = f.app.ctx.circle.agreement_overview(group.id).unwrap();
    let body = current.current().unwrap().body.clone();
    assert_eq!(f.app.take_clipboard(), Some(body));
}

#[test]
fn the_diff_copies_the_draft_it_compares_with() {
    let mut f = demo();
    let group = f.app.ctx.group_id().unwrap();
    let seen = f.app.ctx.circle.agreement_draft(group).unwrap();
    f.app.ctx.circle.save_draft(group, seen.as_deref(), "# Purpose\n\nWe listen, and we are kind.\n").unwrap();
    f.app.update(Action::GoTab(Tab::Agreement));
    f.app.reload();
    f.app.update(Action::ShowDiff);
    assert_eq!(f.app.pane_context(), Context::Diff);
    key(&mut f.app, KeyCode::Char('y'));
    assert_eq!(f.app.take_clipboard().as_deref(), Some("# Purpose\n\nWe listen, and we are kind.\n"));
}

#[test]
fn without_a_purpose_there_is_no_promotion_text_to_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("circle.db")).unwrap();
    store
        .create_group(&NewGroup { name: "New".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Size));
    app.update(Action::Promotion);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.take_clipboard(), None);
    assert!(text(&draw(&app, 80, 24)).contains("no purpose and values statement to copy"));
}

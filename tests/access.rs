//! The console for screen readers, braille displays and magnifiers (issue
//! 26): the terminal cursor sits where the focus is in every view; a
//! running timer stays still with reduced motion; whatever is drawn only
//! in big glyphs is also there as text; the keys that needed a chord
//! have a plain alternative; and NO_COLOR draws nothing faint.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use circle::domain::{CardStyle, EndingMode, MemberFields, MemberStatus, NewActivity, NewGroup, Openness};
use circle::store::Store;
use circle::tui::keys::{Action, Context, lookup};
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;
use ratatui::style::Modifier;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn demo() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    let app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    (dir, app)
}

/// Draws the app; the screen and where the terminal's cursor is.
fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) -> (Buffer, Option<Position>) {
    let buffer = terminal.draw(|frame| app.render(frame)).unwrap().buffer.clone();
    (buffer, terminal.get_cursor_position().ok())
}

fn row(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect()
}

/// The text on the cursor's row from the cursor on.
fn at_cursor(buffer: &Buffer, cursor: Position) -> String {
    row(buffer, cursor.y).chars().skip(usize::from(cursor.x)).collect()
}

#[test]
fn the_cursor_is_in_the_forget_dialog_at_the_typed_name() {
    let (_dir, mut app) = demo();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.update(Action::GoTab(Tab::Roster));
    press(&mut app, KeyCode::End);
    let (_, on_list) = draw(&mut terminal, &mut app);
    press(&mut app, KeyCode::Char('x'));
    let (screen, cursor) = draw(&mut terminal, &mut app);
    let cursor = cursor.expect("the cursor is shown");
    assert_ne!(Some(cursor), on_list, "the cursor stayed behind the dialog");
    let line = row(&screen, cursor.y);
    assert!(line.contains("> "), "the cursor is not on the answer's row: {line:?}");
    typing(&mut app, "Ab");
    let (screen, moved) = draw(&mut terminal, &mut app);
    let moved = moved.unwrap();
    assert_eq!((moved.x, moved.y), (cursor.x + 2, cursor.y), "the cursor follows the typing");
    assert!(row(&screen, moved.y).contains("> Ab"));
}

#[test]
fn the_cursor_is_at_the_caret_in_the_agreement_editor() {
    let (_dir, mut app) = demo();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('e'));
    let (_, top) = draw(&mut terminal, &mut app);
    typing(&mut app, "Zqx");
    let (screen, cursor) = draw(&mut terminal, &mut app);
    let cursor = cursor.expect("the cursor is shown");
    assert_ne!(Some(cursor), top, "the cursor did not move with the typing");
    let before: String = row(&screen, cursor.y).chars().take(usize::from(cursor.x)).collect();
    assert!(before.ends_with("Zqx"), "the cursor is not just after what was typed: {before:?}");
}

#[test]
fn the_cursor_is_on_the_option_chosen() {
    let (_dir, mut app) = demo();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.update(Action::GoTab(Tab::Roster));
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let (_, first) = draw(&mut terminal, &mut app);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    let (screen, cursor) = draw(&mut terminal, &mut app);
    let (first, cursor) = (first.unwrap(), cursor.unwrap());
    assert_eq!(cursor.y, first.y);
    assert!(cursor.x > first.x, "the cursor stayed on the first option");
    let here = &screen[(cursor.x, cursor.y)];
    assert!(here.modifier.contains(Modifier::REVERSED), "the cursor is not on the chosen option");
    assert_ne!(here.symbol(), " ");
}

#[test]
fn the_cursor_is_in_the_help() {
    let (_dir, mut app) = demo();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.update(Action::GoTab(Tab::Roster));
    press(&mut app, KeyCode::Char('?'));
    let (screen, cursor) = draw(&mut terminal, &mut app);
    let cursor = cursor.expect("the cursor is shown");
    assert!(row(&screen, cursor.y - 1).contains("Keys — Esc to close"), "{}", row(&screen, cursor.y));
}

fn reading(names: &[&str], card: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Thursday".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let members: Vec<_> = names
        .iter()
        .map(|n| store.add_member(group.id, &MemberFields::named(n), MemberStatus::Active, day()).unwrap().id)
        .collect();
    let new = NewActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Typed,
        chain: false,
        participants: members.clone(),
    };
    let activity = store.create_activity(group.id, &new).unwrap().id;
    for id in &members {
        store.save_card(activity, *id, card, true).unwrap();
    }
    let mut circle = Circle::new(store);
    circle.deal(activity, 42).unwrap();
    circle.lock_deal(activity).unwrap();
    let mut app = App::new(circle, day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Endings));
    (dir, app)
}

#[test]
fn the_cursor_is_on_the_card_being_read() {
    let (_dir, mut app) = reading(&["Ann", "Bo", "Cy"], "the lantern walk along the quay in the rain, all of us");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let (screen, cursor) = draw(&mut terminal, &mut app);
    let cursor = cursor.expect("the cursor is shown");
    assert!(at_cursor(&screen, cursor).starts_with("the lantern walk"), "{:?}", at_cursor(&screen, cursor));
}

/// The reader's name, the read-aloud title and "Thank you" drawn in big
/// glyphs are each also there once in plain text.
#[test]
fn what_is_drawn_big_is_also_plain_text() {
    let (_dir, mut app) = reading(&["Ann", "Bo", "Cy"], "the lantern walk along the quay in the rain, all of us");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let (screen, _) = draw(&mut terminal, &mut app);
    let text: String = (0..screen.area.height).map(|y| row(&screen, y)).collect::<Vec<_>>().join("\n");
    let reader = ["Ann", "Bo", "Cy"].into_iter().find(|n| text.contains(&format!("{n} · 1 of 3")));
    assert!(reader.is_some(), "the reader's name is only in big glyphs:\n{text}");
    for _ in 0..3 {
        app.update(Action::MarkRead);
    }
    let (screen, _) = draw(&mut terminal, &mut app);
    let text: String = (0..screen.area.height).map(|y| row(&screen, y)).collect::<Vec<_>>().join("\n");
    assert!(text.contains("Thank you."), "“Thank you” is only in big glyphs:\n{text}");

    let (_dir, mut app) = demo();
    app.update(Action::GoTab(Tab::Agreement));
    app.update(Action::ReadAloud);
    let (screen, _) = draw(&mut terminal, &mut app);
    let text: String = (0..screen.area.height).map(|y| row(&screen, y)).collect::<Vec<_>>().join("\n");
    assert!(text.contains("  ·  1 of "), "the section's title is only in big glyphs:\n{text}");
}

/// With NO_COLOR nothing is drawn faint.
#[test]
fn without_colour_nothing_is_faint() {
    let (_dir, mut app) = demo();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    for tab in [Tab::Roster, Tab::Size, Tab::Agreement, Tab::Endings] {
        app.update(Action::GoTab(tab));
        for help in [false, true] {
            if help {
                press(&mut app, KeyCode::Char('?'));
            }
            let (screen, _) = draw(&mut terminal, &mut app);
            let faint = screen.content.iter().filter(|c| c.modifier.contains(Modifier::DIM)).count();
            assert_eq!(faint, 0, "{faint} faint cells on {tab:?}");
            if help {
                press(&mut app, KeyCode::Esc);
            }
        }
    }
}

/// Saving in the editor and starting a round each have a key that needs
/// neither Ctrl nor Shift.
#[test]
fn no_chord_is_needed_to_save_or_start_a_round() {
    let plain = |context: Context, action: Action| {
        circle::tui::keys::BINDINGS.iter().any(|b| {
            b.context == context && b.action == action && b.key.mods.is_empty() && {
                let event = KeyEvent::new(b.key.code, KeyModifiers::NONE);
                lookup(context, &event) == Some(action) && !matches!(b.key.code, KeyCode::Char(c) if c.is_uppercase())
            }
        })
    };
    assert!(plain(Context::Editor, Action::Submit), "the editor saves only with Ctrl-S");
    assert!(plain(Context::Register, Action::StartRound), "a round starts only with Shift-R");
}

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap() + Duration::seconds(seconds)
}

/// Runs the console's loop for two minutes of a running timer, the clock
/// moved to each moment it would wake; the cells it rewrites, per second,
/// and how often it drew.
fn two_minutes_of_a_timer(reduced_motion: bool) -> (f64, usize) {
    let (_dir, mut app) = demo();
    app.ctx.reduced_motion = reduced_motion;
    app.ctx.clock = Some(at(0));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.update(Action::GoTab(Tab::Roster));
    app.update(Action::Register);
    if app.modal.is_some() {
        press(&mut app, KeyCode::Enter);
    }
    app.update(Action::AllPresent);
    app.update(Action::StartRound);
    app.update(Action::Timer);
    let (mut before, _) = draw(&mut terminal, &mut app);
    let (mut cells, mut frames) = (0, 0);
    let mut now = at(0);
    while now < at(120) {
        let wait = app.tick_interval().expect("a timer runs");
        now += Duration::from_std(wait).unwrap();
        app.ctx.clock = Some(now);
        app.tick();
        let (after, _) = draw(&mut terminal, &mut app);
        cells += before.diff(&after).len();
        frames += 1;
        before = after;
    }
    (cells as f64 / 120.0, frames)
}

#[test]
fn with_reduced_motion_the_timer_changes_every_ten_seconds_at_most() {
    let (moving, every_second) = two_minutes_of_a_timer(false);
    assert!(every_second >= 120, "{every_second}");
    assert!(moving >= 1.0, "{moving} cells a second");
    let (calm, frames) = two_minutes_of_a_timer(true);
    assert!(frames <= 13, "{frames} frames in two minutes");
    assert!(calm * 5.0 <= moving, "{calm} cells a second against {moving}");
}

/// Reading the agreement aloud, the cursor is at the start of the
/// section's text, inside its frame, on every page.
#[test]
fn the_cursor_is_at_the_text_read_aloud() {
    let (_dir, mut app) = demo();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.update(Action::GoTab(Tab::Agreement));
    press(&mut app, KeyCode::Char('p'));
    for page in 0..4 {
        let (screen, cursor) = draw(&mut terminal, &mut app);
        let cursor = cursor.expect("the cursor is shown");
        let left: String = row(&screen, cursor.y).chars().take(usize::from(cursor.x)).collect();
        assert!(left.contains('║'), "page {page}: the cursor is outside the frame: {cursor:?}\n{left:?}");
        assert!(!at_cursor(&screen, cursor).trim().is_empty(), "page {page}: no text at the cursor");
        press(&mut app, KeyCode::Right);
    }
}

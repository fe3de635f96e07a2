//! The layout holds at 80x24 and 60x20: a dialog's frame over names in
//! wide characters, the footer's most used keys, and long fields in a form.

use chrono::NaiveDate;
use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// A group with these members, the console open on its roster.
fn roster(names: &[&str], fields: impl Fn(&str) -> MemberFields) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("l.db")).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    for name in names {
        store.add_member(group.id, &fields(name), MemberStatus::Active, day()).unwrap();
    }
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Roster));
    (dir, app)
}

/// The display columns of `mark` in a row of the screen.
fn columns_of(row: &str, mark: char) -> Vec<usize> {
    row.char_indices().filter(|(_, c)| *c == mark).map(|(i, _)| row[..i].width()).collect()
}

/// Names whose wide characters fall across every column near the help's
/// left edge: each row of the frame keeps both its borders.
#[test]
fn a_dialog_frame_holds_over_names_in_wide_characters() {
    let names: Vec<String> = (0..10).map(|n| format!("{}李娜", "x".repeat(n))).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (_dir, mut app) = roster(&names, MemberFields::named);
    key(&mut app, KeyCode::Char('?'));
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = render(&mut app, w, h);
        let rows: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
        let top = rows.iter().position(|r| r.contains("Keys — Esc to close")).unwrap();
        let left = columns_of(rows[top], '╭')[0];
        let bottom = rows.iter().rposition(|r| r.contains('╰')).unwrap();
        for row in &rows[top + 1..bottom] {
            let borders = columns_of(row, '│');
            assert!(borders.first() == Some(&left) && borders.len() >= 2, "a broken frame at {w}x{h}:\n{screen}");
        }
    }
}

/// At 60x20 the footer keeps the keys used most: adding someone on the
/// roster, the shared view in a round.
#[test]
fn a_small_window_keeps_the_keys_used_most() {
    let (_dir, mut app) = roster(&["Ann", "Bo"], MemberFields::named);
    let footer = |app: &mut App| render(app, 60, 20).lines().last().unwrap().to_string();
    assert!(footer(&mut app).contains("a add"), "{}", footer(&mut app));
    app.update(Action::Register);
    key(&mut app, KeyCode::Enter);
    app.update(Action::AllPresent);
    key(&mut app, KeyCode::Esc);
    app.update(Action::StartRound);
    let line = footer(&mut app);
    assert!(line.contains("b shared view") && line.contains("timer"), "{line}");
}

/// A long note opens at its start, not scrolled to its end.
#[test]
fn long_fields_open_at_their_start() {
    let note = format!("Prefers to sit near the door. {}", "More words about what helps. ".repeat(10));
    let (_dir, mut app) = roster(&["Ann"], |name| MemberFields {
        notes: note.clone(),
        access_needs: format!("Step-free access, please. {}", "And a quiet corner. ".repeat(10)),
        ..MemberFields::named(name)
    });
    app.update(Action::EditMember);
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = render(&mut app, w, h);
        assert!(screen.contains("Prefers to sit"), "{screen}");
        assert!(screen.contains("Step-free"), "{screen}");
    }
}

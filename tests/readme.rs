//! The README shows the real console: its key reference is the binding
//! table, and its screen captures are the panes drawn on the demo group.
//! When they differ, these tests fail; run them with `UPDATE_README=1` to
//! write the README's copies afresh, then read the change before committing.

use std::path::PathBuf;

use chrono::NaiveDate;
use circle::store::Store;
use circle::tui::keys::{Action, markdown_reference};
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn readme_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// The text between `<!-- NAME -->` and `<!-- /NAME -->` replaced by
/// `body`, or the README unchanged when it already holds that.
fn with_block(readme: &str, name: &str, body: &str) -> String {
    let (start, end) = (format!("<!-- {name} -->\n"), format!("<!-- /{name} -->"));
    let from = readme.find(&start).unwrap_or_else(|| panic!("the README has no {start:?} marker")) + start.len();
    let to = from + readme[from..].find(&end).unwrap_or_else(|| panic!("the README has no {end:?} marker"));
    format!("{}{body}\n{}", &readme[..from], &readme[to..])
}

/// Checks each block, or writes them all when `UPDATE_README` is set.
fn check(blocks: &[(String, String)]) {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let wanted = blocks.iter().fold(readme.clone(), |text, (name, body)| with_block(&text, name, body));
    if wanted == readme {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(readme_path(), wanted).unwrap();
        return;
    }
    let differs: Vec<&str> = blocks
        .iter()
        .filter(|(name, body)| with_block(&readme, name, body) != readme)
        .map(|(n, _)| n.as_str())
        .collect();
    panic!("the README's {differs:?} differ from the console; run `UPDATE_README=1 cargo test --test readme`");
}

#[test]
fn the_key_reference_is_the_binding_table() {
    check(&[("keys".into(), markdown_reference())]);
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        .collect();
    format!("```text\n{}\n```", rows.join("\n"))
}

#[test]
fn the_screen_captures_are_the_panes_on_the_demo_group() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    circle::demo::fill(&mut store, day).unwrap();
    let mut app = App::new(circle::usecase::Circle::new(store), day, Theme { color: false, ..Theme::default() });
    let mut blocks = Vec::new();
    for tab in Tab::ALL {
        app.update(Action::GoTab(tab));
        let name = format!("screen-{}", tab.short_title().to_lowercase());
        blocks.push((name, screen(&app, 80, 24)));
    }
    app.update(Action::GoTab(Tab::Roster));
    app.update(Action::Register);
    // Today's meeting as offered: everyone expected marked, then the first
    // unmarked, and a move on (which lets the message go, so the keys show).
    for code in [KeyCode::Enter, KeyCode::Char('a'), KeyCode::Char(' '), KeyCode::Down] {
        app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    blocks.push(("screen-register".into(), screen(&app, 80, 24)));
    check(&blocks);
}

//! The themes: every pane drawn in each, kept as snapshots of its colours
//! and emphasis, and every character of the painted themes checked for a
//! readable contrast against the colour behind it.

use chrono::NaiveDate;
use circle::settings::ThemeName;
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::{Theme, contrast, indexed_rgb};
use circle::tui::{App, Tab};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn demo(theme: Theme) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    (dir, App::new(circle::usecase::Circle::new(store), day(), theme))
}

fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().buffer().clone()
}

fn colour(c: Color) -> String {
    match c {
        Color::Reset => "-".into(),
        Color::Indexed(i) => i.to_string(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Each row's text, then its runs of one look: where they start and end,
/// the colours (text/background) and the emphasis.
fn styled(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let cells: Vec<_> = (0..area.width).map(|x| &buffer[(x, y)]).collect();
        out.push_str(&format!("{:>2} |{}|\n", y, cells.iter().map(|c| c.symbol()).collect::<String>()));
        let mut start = 0;
        let look = |i: usize| (cells[i].fg, cells[i].bg, cells[i].modifier);
        let mut runs = Vec::new();
        for x in 1..=cells.len() {
            if x == cells.len() || look(x) != look(start) {
                let (fg, bg, mods) = look(start);
                let mods = if mods.is_empty() { String::new() } else { format!(" {mods:?}") };
                runs.push(format!("{start}-{} {}/{}{mods}", x - 1, colour(fg), colour(bg)));
                start = x;
            }
        }
        out.push_str(&format!("   {}\n", runs.join(", ")));
    }
    out
}

fn themes() -> [(&'static str, Theme); 4] {
    [
        ("dark", Theme { color: true, name: ThemeName::Dark, plain: false }),
        ("light", Theme { color: true, name: ThemeName::Light, plain: false }),
        ("high_contrast", Theme { color: true, name: ThemeName::HighContrast, plain: false }),
        ("no_color", Theme { color: false, name: ThemeName::Light, plain: false }),
    ]
}

#[test]
fn every_pane_in_every_theme() {
    for (name, theme) in themes() {
        let (_dir, mut app) = demo(theme);
        for tab in Tab::ALL {
            app.update(Action::GoTab(tab));
            let snapshot = format!("{name}_{}", tab.short_title().to_lowercase().replace(' ', "_"));
            insta::assert_snapshot!(snapshot, styled(&draw(&app, 80, 24)));
        }
    }
}

/// The colours a cell shows, with reverse video applied.
fn shown(cell: &ratatui::buffer::Cell) -> (Color, Color) {
    if cell.modifier.contains(Modifier::REVERSED) { (cell.bg, cell.fg) } else { (cell.fg, cell.bg) }
}

#[test]
fn painted_themes_keep_every_character_readable() {
    for (name, theme) in themes().into_iter().take(3) {
        let least = if theme.name == ThemeName::HighContrast { 7.0 } else { 4.5 };
        let (_dir, mut app) = demo(theme);
        let mut screens = Vec::new();
        for tab in Tab::ALL {
            app.update(Action::GoTab(tab));
            screens.push((tab.title().to_string(), draw(&app, 80, 24)));
        }
        // A dialog clears its area: the theme must paint it too.
        app.update(Action::GoTab(Tab::Roster));
        app.update(Action::AddMember);
        screens.push(("add form".into(), draw(&app, 80, 24)));
        app.update(Action::Back);
        app.update(Action::Help);
        screens.push(("help".into(), draw(&app, 60, 20)));
        for (screen, buffer) in screens {
            for (i, cell) in buffer.content.iter().enumerate() {
                let (fg, bg) = shown(cell);
                let at = format!("{name} theme, {screen}, cell {i} ({:?})", cell.symbol());
                let (Color::Indexed(f), Color::Indexed(b)) = (fg, bg) else {
                    panic!("{at} is drawn in the terminal's own colours: {fg:?} on {bg:?}");
                };
                // Block elements are the bars of a chart or gauge: graphics,
                // not text to read.
                // A limit line's dots crossing a bar are graphics as well.
                let graphic = cell.symbol().chars().all(|c| ('\u{2580}'..='\u{259f}').contains(&c))
                    || (cell.symbol() == "•" && b != theme.palette().unwrap().background);
                if cell.symbol().trim().is_empty() || graphic {
                    continue;
                }
                let ratio = contrast(indexed_rgb(f).unwrap(), indexed_rgb(b).unwrap());
                assert!(ratio >= least, "{at}: colour {f} on {b} is only {ratio:.2}:1");
            }
        }
    }
}

#[test]
fn auto_follows_the_terminal_and_draws_no_grey_text() {
    let (_dir, mut app) = demo(Theme { color: true, name: ThemeName::Auto, plain: false });
    for tab in Tab::ALL {
        app.update(Action::GoTab(tab));
        let buffer = draw(&app, 80, 24);
        for cell in &buffer.content {
            assert!(!matches!(cell.bg, Color::Indexed(_) | Color::Rgb(..)), "auto paints no background of its own");
            let letter = cell.symbol().chars().any(char::is_alphanumeric);
            assert!(
                !(letter && cell.fg == Color::DarkGray),
                "grey text {:?} on the {} tab",
                cell.symbol(),
                tab.title()
            );
        }
    }
}

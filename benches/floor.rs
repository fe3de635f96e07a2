//! The floor for `benches/tui.sh`: the bare app (`benches/bare.rs`) that
//! also opens a SQLite file read-only and reads only the rows it shows,
//! before its first frame and on each redraw of the first tab. No console
//! that shows stored data can do less than this.
//!
//! Run: `cargo run --release --example floor -- target/bench/large.db`

use ratatui::DefaultTerminal;
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, Tabs, Wrap};
use rusqlite::{Connection, OpenFlags};

const TITLES: [&str; 4] = ["Roster", "Size health", "Agreement", "Endings"];

/// The first group's members in name order, one page; the `members_by_name`
/// index (group_id, name COLLATE NOCASE, id) answers it without a sort.
const PAGE: &str = "SELECT name, status FROM members
                    WHERE group_id = (SELECT id FROM groups ORDER BY id LIMIT 1)
                    ORDER BY name COLLATE NOCASE, id LIMIT ?1";

struct App {
    tab: usize,
    db: Connection,
    rows: Vec<(String, String)>,
}

impl App {
    fn read_page(&mut self, limit: usize) -> rusqlite::Result<()> {
        let mut stmt = self.db.prepare_cached(PAGE)?;
        self.rows = stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("usage: floor DATABASE")?;
    let db = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut app = App { tab: 0, db, rows: Vec::new() };
    ratatui::run(|terminal| run(terminal, &mut app))?;
    Ok(())
}

fn run(terminal: &mut DefaultTerminal, app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    loop {
        if app.tab == 0 {
            // Only the rows that fit: borders (2) and the header (1) take three lines.
            let visible = terminal.size()?.height.saturating_sub(4) as usize;
            app.read_page(visible)?;
        }
        terminal.draw(|frame| draw(frame, app))?;
        // Blocks until something happens: no tick, no polling.
        loop {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => match key.code {
                    KeyCode::Char('q') => return Ok(()),
                    KeyCode::Char(c @ '1'..='4') => {
                        app.tab = c as usize - '1' as usize;
                        break;
                    }
                    _ => {}
                },
                Event::Resize(..) => break,
                _ => {}
            }
        }
    }
}

fn draw(frame: &mut Frame, app: &App) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(frame.area());
    frame.render_widget(
        Tabs::new(TITLES).select(app.tab).highlight_style(Style::new().add_modifier(Modifier::REVERSED)),
        tabs,
    );
    if app.tab == 0 {
        draw_table(frame, body, &app.rows);
    } else {
        let text = format!(
            "{} pane\n\nA paragraph stands in for this pane. Press 1-4 to switch tabs, q to quit.",
            TITLES[app.tab]
        );
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(format!("{}:", TITLES[app.tab]))),
            body,
        );
    }
}

fn draw_table(frame: &mut Frame, area: Rect, rows: &[(String, String)]) {
    let shown = rows.iter().map(|(name, status)| Row::new([name.as_str(), status.as_str()]));
    let table = Table::new(shown, [Constraint::Length(30), Constraint::Length(12)])
        .header(Row::new(["Name", "Status"]).style(Style::new().add_modifier(Modifier::BOLD)))
        .block(Block::bordered().title(Line::from("Roster: first group")));
    frame.render_widget(table, area);
}

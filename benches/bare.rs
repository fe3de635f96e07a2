//! The baseline for `benches/tui.sh`: a bare ratatui 0.30 app with circle's
//! four tabs, nothing else. Keys 1–4 switch tabs, `q` quits; it blocks on
//! input (no tick), so it draws only after a key or a resize. The first tab
//! is a 5,000-row table held in memory; only the rows that fit are handed to
//! ratatui's `Table`, as any list of that size should be drawn.
//!
//! Run: `cargo run --release --example bare`

use std::io;

use ratatui::DefaultTerminal;
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, Tabs, Wrap};

const TITLES: [&str; 4] = ["Roster", "Size health", "Agreement", "Endings"];
const ROWS: usize = 5_000;
const STATUSES: [&str; 4] = ["active", "on break", "waitlist", "enquiry"];

struct App {
    tab: usize,
    /// (name, status), built once.
    rows: Vec<(String, &'static str)>,
}

fn main() -> io::Result<()> {
    let rows = (0..ROWS).map(|i| (format!("Member {i:05}"), STATUSES[i % STATUSES.len()])).collect();
    let mut app = App { tab: 0, rows };
    ratatui::run(|terminal| run(terminal, &mut app))
}

fn run(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    loop {
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

fn draw_table(frame: &mut Frame, area: Rect, rows: &[(String, &'static str)]) {
    // Borders (2) and the header (1) take three lines.
    let visible = area.height.saturating_sub(3) as usize;
    let shown = rows.iter().take(visible).map(|(name, status)| Row::new([name.as_str(), *status]));
    let table = Table::new(shown, [Constraint::Length(30), Constraint::Length(12)])
        .header(Row::new(["Name", "Status"]).style(Style::new().add_modifier(Modifier::BOLD)))
        .block(Block::bordered().title(Line::from(format!("Roster: {} members", rows.len()))));
    frame.render_widget(table, area);
}

//! A short tour on a new database: three pages on what circle keeps, its
//! tabs and how to find one's way, before the first group is made.
//! Esc skips it at any page.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::centered;
use crate::tui::Tab;
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::theme::Theme;

pub const PAGES: u8 = 3;

/// The second page's title: the number of tabs in words, worked out as the
/// crate compiles.
const TABS: &str = match Tab::COUNT {
    2 => "Two tabs",
    3 => "Three tabs",
    4 => "Four tabs",
    5 => "Five tabs",
    6 => "Six tabs",
    7 => "Seven tabs",
    8 => "Eight tabs",
    9 => "Nine tabs",
    _ => panic!("the tour names between two and nine tabs"),
};

/// What the tour says a tab is for; every tab has its line.
fn what_it_is(tab: Tab) -> String {
    match tab {
        Tab::Roster => {
            let (register, meetings) =
                (key_for(Context::Global, Action::Register), key_for(Context::Global, Action::Meetings));
            format!("who is in the group, the register ({register}) and past meetings ({meetings})")
        }
        Tab::Size => "whether the group is a good size".into(),
        Tab::Agreement => "the group's agreement, and who agreed to it".into(),
        Tab::Endings => "the \"moving on with positivity\" cards".into(),
    }
}

/// A page's title and its paragraphs (a paragraph's lines are kept
/// together).
pub fn page(n: u8) -> (&'static str, Vec<String>) {
    let global = |action| key_for(Context::Global, action);
    match n {
        0 => (
            "Welcome to circle",
            vec![
                "circle keeps what you need to facilitate a peer support group in one place: who is in the \
                 group and who came, whether the group is a good size, its agreement, fair speaking rounds \
                 and the closing card activity."
                    .into(),
                "Everything stays in one file on this laptop, readable only by you. Nothing is sent \
                 anywhere, and each change is saved the moment you make it."
                    .into(),
            ],
        ),
        1 => (
            TABS,
            vec![
                Tab::ALL.map(|tab| format!("{} {}: {}.", tab.key(), tab.title(), what_it_is(tab))).join("\n"),
                format!("During a meeting, {} starts a fair speaking round from any tab.", global(Action::StartRound)),
            ],
        ),
        _ => (
            "Finding your way",
            vec![
                format!(
                    "The bottom line always shows the main keys of where you are, and {} shows them all. {} \
                     takes you back a step, and never throws away typing without asking.",
                    global(Action::Help),
                    global(Action::Back)
                ),
                format!("{} switches between groups, and {} quits.", global(Action::Groups), global(Action::Quit)),
                "Next, tell circle about the group you facilitate.".into(),
            ],
        ),
    }
}

pub fn render(frame: &mut Frame, area: Rect, n: u8, theme: &Theme) {
    let (title, paragraphs) = page(n);
    let width = area.width.min(64);
    let inner_width = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    // Paragraphs apart, the lines of one paragraph together; the keys are
    // in the footer.
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        for row in paragraph.lines() {
            lines.extend(super::wrap(row, inner_width).into_iter().map(Line::raw));
        }
    }
    let height = lines.len() as u16 + 2;
    let popup = centered(area, width, height);
    crate::tui::widgets::clear_for_dialog(frame, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent())
        .title(Span::styled(format!(" {title} · {} of {PAGES} ", n + 1), theme.title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let padded = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), padded);
}

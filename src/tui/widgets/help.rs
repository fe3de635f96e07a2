//! The `?` overlay: the keys of the current pane, read from the binding table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::centered;
use crate::tui::keys::{Context, help_lines};
use crate::tui::theme::Theme;

/// What the overlay is about: the pane's keys, its name and its guidance.
pub struct Help<'a> {
    pub context: Context,
    pub pane_name: &'a str,
    pub guidance: &'a str,
}

/// What the mouse does, for the help, when the console takes it.
pub const MOUSE: &str = "Mouse: click a tab or a row to choose it, double-click a row to open it, and turn the \
wheel to scroll (or to step through cards). Most terminals still select text while you hold Shift (Option in \
iTerm2); or start circle with --no-mouse.";

pub fn render(frame: &mut Frame, area: Rect, help: &Help<'_>, scroll: u16, mouse: bool, theme: &Theme) {
    let Help { context, pane_name, guidance } = *help;
    let mut lines: Vec<Line> = Vec::new();
    if !guidance.is_empty() {
        lines.push(Line::raw(guidance.to_string()));
        lines.push(Line::raw(""));
    }
    // Two columns of keys, so a pane's whole list fits in 80x24.
    let section = |lines: &mut Vec<Line>, title: &str, ctx: Context| {
        let entries = help_lines(ctx);
        if entries.is_empty() {
            return;
        }
        lines.push(Line::styled(title.to_string(), theme.title()));
        // Two columns when they fit side by side, else one.
        let columns = if area.width >= 66 { 2 } else { 1 };
        let half = entries.len().div_ceil(columns);
        for i in 0..half {
            let mut spans = Vec::new();
            let second = if columns == 2 { entries.get(i + half) } else { None };
            for (keys, hint) in [entries.get(i), second].into_iter().flatten() {
                spans.push(Span::styled(format!(" {keys:<10}"), theme.key()));
                spans.push(Span::raw(format!("{hint:<20}")));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
    };
    section(&mut lines, pane_name, context);
    if !context.takes_text() {
        section(&mut lines, "Everywhere", Context::Global);
    }
    if mouse {
        lines.push(Line::styled(MOUSE, theme.dim()));
    }
    // Wrapped lines take more than one row: count rows, not lines.
    let inner_width = 62usize.min(area.width.saturating_sub(2) as usize).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner_width)).sum();
    let height = (rows as u16 + 2).min(area.height);
    let popup = centered(area, 64, height);
    crate::tui::widgets::clear_for_dialog(frame, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent())
        .title(Span::styled(" Keys — Esc to close ", theme.title()));
    // In a small window the list scrolls with ↑/↓.
    let overflow = (rows as u16 + 2).saturating_sub(popup.height);
    let scroll = scroll.min(overflow);
    let block = if overflow > 0 { block.title_bottom(Span::styled(" ↑/↓ for more ", theme.dim())) } else { block };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)).block(block), popup);
    // The cursor goes to the top of the text, so a screen reader or a
    // magnifier that follows it starts reading the help.
    if popup.width > 2 && popup.height > 2 {
        frame.set_cursor_position((popup.x + 1, popup.y + 1));
    }
}

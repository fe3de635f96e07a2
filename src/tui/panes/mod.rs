//! One file per pane (DESIGN.md section 3).

pub mod agreement;
pub mod endings;
pub mod register;
pub mod roster;
pub mod size;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;

/// A calm sentence in the middle of an empty pane.
pub fn empty_state(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let rect = super::widgets::centered(area, area.width.saturating_sub(4).min(70), 4);
    frame.render_widget(Paragraph::new(text.to_string()).style(theme.dim()).centered().wrap(Wrap { trim: true }), rect);
}

//! A confirmation dialog; for erasure it asks the facilitator to type a word.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::centered;
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::theme::Theme;

pub struct Confirm {
    pub title: String,
    pub message: String,
    /// When set, Enter only confirms once this exact text was typed.
    pub typed: Option<String>,
    pub input: Input,
    pub error: Option<String>,
}

/// What must match when a name is typed to confirm: the name as shown,
/// without the marks that stand in for characters nobody can type (control
/// characters), and without spaces at the ends.
fn comparable(text: &str) -> String {
    let shown = crate::domain::text::display(text);
    let kept: String = shown.chars().filter(|c| *c != '\u{FFFD}').collect();
    kept.trim().to_string()
}

impl Confirm {
    pub fn new(title: impl Into<String>, message: impl Into<String>) -> Confirm {
        Confirm { title: title.into(), message: message.into(), typed: None, input: Input::default(), error: None }
    }

    pub fn typed(mut self, word: impl Into<String>) -> Confirm {
        self.typed = Some(word.into());
        self
    }

    pub fn handle_text(&mut self, event: &ratatui::crossterm::event::Event) {
        if self.typed.is_some() {
            self.input.handle_event(event);
            self.error = None;
        }
    }

    /// Whether Enter may go ahead; sets a message when it may not.
    pub fn ready(&mut self) -> bool {
        match &self.typed {
            Some(word) if comparable(self.input.value()) != comparable(word) => {
                self.error = Some("That does not match yet; nothing has been changed.".into());
                false
            }
            _ => true,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.min(60);
        let message_rows = super::wrap(&self.message, width.saturating_sub(2) as usize).len() as u16;
        let typed_rows = if self.typed.is_some() { 2 } else { 0 };
        let height = message_rows + 1 + typed_rows + u16::from(self.error.is_some()) + 1 + 2;
        let popup = centered(area, width, height);
        crate::tui::widgets::clear_for_dialog(frame, popup);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.warn())
            .title(Span::styled(format!(" {} ", self.title), theme.warn()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let mut lines = vec![Line::from(self.message.clone()), Line::raw("")];
        if let Some(word) = &self.typed {
            lines.push(Line::from(vec![Span::raw("Type "), super::safe(word), Span::raw(" to confirm:")]));
            let shown = super::fit(self.input.value(), inner.width.saturating_sub(3) as usize);
            lines.push(Line::from(vec![Span::styled("> ", theme.accent()), Span::raw(shown)]));
        }
        if let Some(err) = &self.error {
            lines.push(Line::styled(err.clone(), theme.error()));
        }
        lines.push(Line::from(vec![
            Span::styled(key_for(Context::Confirm, Action::Submit), theme.key()),
            Span::styled(" confirm  ", theme.dim()),
            Span::styled(key_for(Context::Confirm, Action::Back), theme.key()),
            Span::styled(" cancel", theme.dim()),
        ]));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

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
    /// When set, Enter only confirms once this name was typed (compared
    /// as search compares names: `present::people::typed_name_matches`).
    pub typed: Option<String>,
    pub input: Input,
    pub error: Option<String>,
    /// The widest the dialog may be: 60 columns, more for a table.
    pub width: u16,
    /// Columns shown above the message, laid out at the width drawn.
    pub table: Option<Table>,
}

/// A small table in a confirmation: labelled rows of three cells, each
/// cell cut to the room there is, so things compared stay side by side.
pub struct Table {
    pub header: [String; 3],
    pub rows: Vec<(String, [String; 3])>,
}

impl Table {
    const LABEL: usize = 9;

    /// The table's lines at `width` columns.
    fn lines(&self, width: usize) -> Vec<String> {
        let cell = width.saturating_sub(Table::LABEL) / 3;
        let row = |label: &str, cells: &[String; 3]| {
            let mut line = super::pad(label, Table::LABEL);
            for c in cells {
                // One column short of the cell keeps a space between cells.
                line.push_str(&super::pad(&super::fit(c, cell.saturating_sub(1)), cell));
            }
            line.trim_end().to_string()
        };
        std::iter::once(row("", &self.header)).chain(self.rows.iter().map(|(label, cells)| row(label, cells))).collect()
    }
}

impl Confirm {
    pub fn new(title: impl Into<String>, message: impl Into<String>) -> Confirm {
        Confirm {
            title: title.into(),
            message: message.into(),
            typed: None,
            input: Input::default(),
            error: None,
            width: 60,
            table: None,
        }
    }

    /// A table above the message, and room to grow to `width` columns.
    pub fn table(mut self, table: Table, width: u16) -> Confirm {
        self.table = Some(table);
        self.width = width;
        self
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
            Some(word) if !crate::present::people::typed_name_matches(self.input.value(), word) => {
                self.error = Some(crate::present::people::typed_name_differs(self.input.value(), word));
                false
            }
            _ => true,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.min(self.width);
        let table = self.table.as_ref().map(|t| t.lines(width.saturating_sub(2) as usize)).unwrap_or_default();
        let table_rows = if table.is_empty() { 0 } else { table.len() as u16 + 1 };
        let message_rows = super::wrap(&self.message, width.saturating_sub(2) as usize).len() as u16 + table_rows;
        let typed_rows = if self.typed.is_some() { 2 } else { 0 };
        let error_rows =
            self.error.as_ref().map_or(0, |e| super::wrap(e, width.saturating_sub(2) as usize).len() as u16);
        let height = message_rows + 1 + typed_rows + error_rows + 1 + 2;
        let popup = centered(area, width, height);
        crate::tui::widgets::clear_for_dialog(frame, popup);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.warn())
            .title(Span::styled(format!(" {} ", self.title), theme.warn()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let mut lines: Vec<Line> = Vec::new();
        if !table.is_empty() {
            lines.push(Line::styled(table[0].clone(), theme.title()));
            lines.extend(table[1..].iter().map(|l| Line::from(l.clone())));
            lines.push(Line::raw(""));
        }
        // The message is wrapped here, as its height was counted, so the
        // row of the typed answer is known.
        lines.extend(super::wrap(&self.message, inner.width as usize).into_iter().map(Line::from));
        lines.push(Line::raw(""));
        // The terminal cursor goes where the focus is, for screen readers
        // and magnifiers: the typed answer, or the question.
        let mut cursor = (inner.x, inner.y);
        if let Some(word) = &self.typed {
            lines.push(Line::from(vec![Span::raw("Type "), super::safe(word), Span::raw(" to confirm:")]));
            let room = inner.width.saturating_sub(3) as usize;
            let shown = super::fit(self.input.value(), room);
            let x = (self.input.visual_cursor().min(room) as u16).saturating_add(2);
            cursor = (inner.x + x.min(inner.width.saturating_sub(1)), inner.y + lines.len() as u16);
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
        if cursor.1 < inner.bottom() {
            frame.set_cursor_position(cursor);
        }
    }
}

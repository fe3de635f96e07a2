//! A multi-line editor in a dialog (ratatui-textarea), for longer texts: a
//! group's purpose and values, an agreement. Text wraps at words; the keys
//! that save and leave come from the binding table, and leaving with
//! changes asks once, as forms do.

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui_textarea::{TextArea, WrapMode};

use super::{centered, wrap};
use crate::tui::keys::{Action, Context, key_for, keys_for, lookup};
use crate::tui::theme::Theme;

/// The most text an editor takes: larger pastes are refused with a message
/// rather than slowing the console down.
pub const MAX_EDITOR_CHARS: usize = 200_000;

pub struct Editor {
    pub title: String,
    pub intro: String,
    area: TextArea<'static>,
    original: String,
    /// A message over the text (an error, or the question before leaving).
    pub message: Option<String>,
    warned: bool,
    /// The text changed since the owner last looked (for saving drafts as
    /// they are typed).
    changed: bool,
    /// An agreement: the relationship question of the section being
    /// written shows above the text.
    questions: bool,
}

pub enum EditorOutcome {
    Editing,
    Save,
    Cancel,
    ForceQuit,
}

impl Editor {
    pub fn new(title: impl Into<String>, intro: impl Into<String>, text: &str) -> Editor {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut area = TextArea::new(if lines.is_empty() { vec![String::new()] } else { lines });
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(ratatui::style::Style::new());
        Editor {
            title: title.into(),
            intro: intro.into(),
            area,
            original: text.to_string(),
            message: None,
            warned: false,
            changed: false,
            questions: false,
        }
    }

    /// Shows the relationship question of the section the cursor is in.
    pub fn with_questions(mut self) -> Editor {
        self.questions = true;
        self
    }

    /// The question beside the line being written, if its section has one.
    pub fn question(&self) -> Option<&'static str> {
        if !self.questions {
            return None;
        }
        crate::domain::agreement::prompt_at(self.area.lines(), self.area.cursor().0)
    }

    /// The text, ending with a line break when the text it started from
    /// did (a Markdown file usually does).
    pub fn text(&self) -> String {
        let mut text = self.area.lines().join("\n");
        if self.original.ends_with('\n') && !text.is_empty() {
            text.push('\n');
        }
        text
    }

    /// Whether the text changed since the last call.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The text now counts as saved (a draft saved as it is typed).
    pub fn mark_saved(&mut self) {
        self.original = self.text();
    }

    pub fn dirty(&self) -> bool {
        self.text().trim_end() != self.original.trim_end()
    }

    pub fn handle(&mut self, event: &Event) -> EditorOutcome {
        let Event::Key(key) = event else { return EditorOutcome::Editing };
        match lookup(Context::Editor, key) {
            Some(Action::Submit) => return EditorOutcome::Save,
            Some(Action::Back) if self.dirty() && !self.warned => {
                self.warned = true;
                // Only when saving as you type failed (a clash, a full
                // disk): otherwise everything typed is already kept.
                self.message = Some(format!(
                    "The last changes are not saved. Press {} again to leave without them, or {} to save them.",
                    key_for(Context::Editor, Action::Back),
                    keys_for(Context::Editor, Action::Submit).replace('/', " or ")
                ));
            }
            Some(Action::Back) => return EditorOutcome::Cancel,
            Some(Action::ForceQuit) => return EditorOutcome::ForceQuit,
            _ => {
                let before = self.area.lines().iter().map(|l| l.chars().count() + 1).sum::<usize>();
                if before > MAX_EDITOR_CHARS {
                    self.message = Some("This text is as long as it can be; shorten it to add more.".into());
                    return EditorOutcome::Editing;
                }
                if self.area.input(key.to_owned()) {
                    self.warned = false;
                    self.message = None;
                    self.changed = true;
                }
            }
        }
        EditorOutcome::Editing
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.min(76);
        let popup = centered(area, width, area.height);
        crate::tui::widgets::clear_for_dialog(frame, popup);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.accent())
            .title(Span::styled(format!(" {} ", self.title), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let intro_rows = if self.intro.is_empty() { 0 } else { wrap(&self.intro, inner.width as usize).len() as u16 };
        let message_rows = self.message.as_ref().map_or(0, |m| wrap(m, inner.width as usize).len() as u16);
        let question = self.question().map(|q| format!("? {q}"));
        let question_rows = question.as_ref().map_or(0, |q| wrap(q, inner.width as usize).len() as u16);
        let [intro, asked, text, message, hints] = Layout::vertical([
            Constraint::Length(intro_rows.min(inner.height / 3)),
            Constraint::Length(question_rows.min(inner.height / 4)),
            Constraint::Fill(1),
            Constraint::Length(message_rows),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(self.intro.clone()).style(theme.dim()).wrap(Wrap { trim: true }), intro);
        if let Some(q) = question {
            frame.render_widget(Paragraph::new(q).style(theme.accent()).wrap(Wrap { trim: true }), asked);
        }
        frame.render_widget(&self.area, text);
        // The terminal cursor sits at the caret, which the editor draws
        // itself: screen readers and magnifiers follow the terminal's.
        let caret = self.area.screen_cursor();
        let (top, left) = self.area.scroll_offset();
        let (row, col) = (caret.row.saturating_sub(top.into()), caret.col.saturating_sub(left.into()));
        if let (Ok(row), Ok(col)) = (u16::try_from(row), u16::try_from(col))
            && row < text.height
            && col < text.width
        {
            frame.set_cursor_position((text.x + col, text.y + row));
        }
        if let Some(m) = &self.message {
            frame.render_widget(Paragraph::new(m.clone()).style(theme.error()).wrap(Wrap { trim: true }), message);
        }
        let hint = Line::from(vec![
            Span::styled(keys_for(Context::Editor, Action::Submit), theme.key()),
            Span::styled(" done  ", theme.dim()),
            Span::styled(key_for(Context::Editor, Action::Back), theme.key()),
            Span::styled(" close  ", theme.dim()),
            Span::styled("saved as you type", theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(hint), hints);
    }
}

//! A form of labelled fields: text (edited with `tui-input`), a choice among
//! a few options, or a yes/no toggle. The owner checks the values on submit
//! and puts any error beside the field at fault; nothing is saved until then.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{centered, fit, wrap};
use crate::tui::keys::{Action, Context, key_for, lookup};
use crate::tui::theme::Theme;

pub enum FieldKind {
    Text(Input),
    Choice { options: Vec<String>, selected: usize },
    Toggle(bool),
}

pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub error: Option<String>,
    /// What the field is for, shown when the facilitator asks (F1, or ?
    /// where it would not be typed).
    pub about: Option<&'static str>,
}

pub enum FormOutcome {
    Editing,
    Submit,
    Cancel,
    ForceQuit,
}

pub struct Form {
    pub title: String,
    pub intro: Option<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message for the whole form (for example a store error).
    pub message: Option<String>,
    pub cancel_hint: &'static str,
    /// A value the facilitator was asked about and confirmed by submitting
    /// again unchanged (for example a file to replace).
    pub armed: Option<String>,
    /// Something was changed since the form opened.
    dirty: bool,
    /// Esc was pressed once with changes: the next Esc discards them.
    warned: bool,
    /// The fields' explanations are shown in place of the fields.
    explaining: bool,
}

const LABEL_WIDTH: u16 = 20;

impl Form {
    pub fn new(title: impl Into<String>) -> Form {
        Form {
            title: title.into(),
            intro: None,
            fields: Vec::new(),
            focus: 0,
            message: None,
            cancel_hint: "cancel",
            armed: None,
            dirty: false,
            warned: false,
            explaining: false,
        }
    }

    /// What each field is for, by key, for F1 (or ?) to show.
    pub fn explained(mut self, about: &[(&str, &'static str)]) -> Form {
        for field in &mut self.fields {
            if let Some((_, text)) = about.iter().find(|(key, _)| *key == field.key) {
                field.about = Some(text);
            }
        }
        self
    }

    /// Whether the fields' explanations are on screen.
    pub fn explaining(&self) -> bool {
        self.explaining
    }

    /// What Esc does, in the form's own hint line.
    pub fn cancel_hint(mut self, hint: &'static str) -> Form {
        self.cancel_hint = hint;
        self
    }

    pub fn intro(mut self, text: impl Into<String>) -> Form {
        self.intro = Some(text.into());
        self
    }

    pub fn text(mut self, key: &'static str, label: &'static str, value: &str) -> Form {
        let input = Input::new(value.to_string());
        self.fields.push(Field { key, label, kind: FieldKind::Text(input), error: None, about: None });
        self
    }

    pub fn choice<S: ToString>(
        mut self,
        key: &'static str,
        label: &'static str,
        options: &[S],
        selected: usize,
    ) -> Form {
        let options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        let selected = selected.min(options.len().saturating_sub(1));
        self.fields.push(Field { key, label, kind: FieldKind::Choice { options, selected }, error: None, about: None });
        self
    }

    pub fn toggle(mut self, key: &'static str, label: &'static str, on: bool) -> Form {
        self.fields.push(Field { key, label, kind: FieldKind::Toggle(on), error: None, about: None });
        self
    }

    /// The field named `key`. A form asked for a field it does not have
    /// is a slip in the code (a misspelt key would read as empty): the
    /// tests, built with debug assertions, stop on it.
    fn field(&self, key: &str) -> Option<&Field> {
        let found = self.fields.iter().find(|f| f.key == key);
        debug_assert!(found.is_some(), "the form “{}” has no field {key:?}", self.title);
        found
    }

    /// Whether the form has a field named `key` (one form read for two
    /// purposes, such as adding and editing someone, may lack one).
    pub fn has(&self, key: &str) -> bool {
        self.fields.iter().any(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> &str {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Text(input)) => input.value(),
            Some(FieldKind::Choice { options, selected }) => options.get(*selected).map_or("", |s| s.as_str()),
            _ => "",
        }
    }

    pub fn selected(&self, key: &str) -> usize {
        match self.field(key).map(|f| &f.kind) {
            Some(FieldKind::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    pub fn on(&self, key: &str) -> bool {
        matches!(self.field(key).map(|f| &f.kind), Some(FieldKind::Toggle(true)))
    }

    pub fn set_error(&mut self, key: &str, message: impl Into<String>) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.fields[i].error = Some(message.into());
            self.focus = i;
        } else {
            self.message = Some(message.into());
        }
    }

    pub fn clear_errors(&mut self) {
        self.message = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Whether something was typed or chosen since the form opened.
    pub fn dirty(&self) -> bool {
        self.dirty
    }

    pub fn has_errors(&self) -> bool {
        self.message.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn handle(&mut self, event: &Event) -> FormOutcome {
        let Event::Key(key) = event else { return FormOutcome::Editing };
        // The explanations close on any key, and change nothing.
        if self.explaining {
            self.explaining = false;
            return FormOutcome::Editing;
        }
        let typing = matches!(self.fields.get(self.focus).map(|f| &f.kind), Some(FieldKind::Text(_)));
        let asked = lookup(Context::Form, key) == Some(Action::Help)
            || (!typing && lookup(Context::Global, key) == Some(Action::Help));
        if asked && self.fields.iter().any(|f| f.about.is_some()) {
            self.explaining = true;
            return FormOutcome::Editing;
        }
        match lookup(Context::Form, key) {
            Some(Action::NextField) => self.focus = (self.focus + 1) % self.fields.len().max(1),
            Some(Action::PrevField) => {
                self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1)
            }
            Some(Action::Submit) => return FormOutcome::Submit,
            // Typing is not lost to one stray Esc: the first one asks.
            Some(Action::Back) if self.dirty && !self.warned => {
                self.warned = true;
                self.message = Some("Press Esc again to discard your changes, or Enter to save them.".into());
            }
            Some(Action::Back) => return FormOutcome::Cancel,
            Some(Action::ForceQuit) => return FormOutcome::ForceQuit,
            _ => self.edit(key, event),
        }
        FormOutcome::Editing
    }

    /// The keys of the focused field: a choice and a toggle have their own
    /// bindings; anything else is typed into a text field.
    fn edit(&mut self, key: &KeyEvent, event: &Event) {
        let Some(field) = self.fields.get_mut(self.focus) else { return };
        match &mut field.kind {
            FieldKind::Text(input) => {
                if input.handle_event(event).is_some() {
                    field.error = None;
                    self.dirty = true;
                    self.warned = false;
                }
            }
            FieldKind::Choice { options, selected } => {
                let n = options.len().max(1);
                match lookup(Context::Choice, key) {
                    Some(Action::NextOption) => *selected = (*selected + 1) % n,
                    Some(Action::PrevOption) => *selected = (*selected + n - 1) % n,
                    _ => return,
                }
                self.dirty = true;
            }
            FieldKind::Toggle(on) => {
                if lookup(Context::Toggle, key) == Some(Action::Flip) {
                    *on = !*on;
                    self.dirty = true;
                }
            }
        }
    }

    /// The height the form would like, borders included.
    pub fn wanted_height(&self, width: u16) -> u16 {
        let intro = self.intro.as_ref().map_or(0, |t| wrap(t, width.saturating_sub(2) as usize).len() as u16 + 1);
        let inner = width.saturating_sub(2);
        let value_w = inner.saturating_sub(LABEL_WIDTH.min(inner / 3) + 1) as usize;
        let errors: usize = self.fields.iter().filter_map(|f| f.error.as_ref()).map(|e| wrap(e, value_w).len()).sum();
        let message = self.message.as_ref().map_or(0, |m| wrap(m, inner as usize).len());
        intro + self.fields.len() as u16 + errors as u16 + 2 + 2 + message as u16
    }

    /// The fields' explanations, in the form's frame.
    fn render_about(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.min(72);
        let inner_width = width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = Vec::new();
        // The field in focus first: a small window may not hold them all.
        let focused = self.fields.get(self.focus).into_iter();
        let others = self.fields.iter().enumerate().filter(|(i, _)| *i != self.focus).map(|(_, f)| f);
        for field in focused.chain(others) {
            let Some(about) = field.about else { continue };
            lines.push(Line::styled(field.label, theme.title()));
            lines.extend(
                wrap(about, inner_width.saturating_sub(2)).into_iter().map(|row| Line::raw(format!("  {row}"))),
            );
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("Any key goes back to the form.", theme.dim()));
        let popup = centered(area, width, (lines.len() as u16 + 2).min(area.height));
        crate::tui::widgets::clear_for_dialog(frame, popup);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.accent())
            .title(Span::styled(format!(" {}: about these fields ", self.title), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        // The closing line stays in view when the list is longer than the window.
        let skip = lines.len().saturating_sub(inner.height as usize);
        let shown: Vec<Line> = if skip > 0 {
            let last = lines.split_off(lines.len() - 1);
            lines.truncate(lines.len().saturating_sub(skip));
            lines.into_iter().chain(last).collect()
        } else {
            lines
        };
        frame.render_widget(Paragraph::new(shown), inner);
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if self.explaining {
            return self.render_about(frame, area, theme);
        }
        let width = area.width.min(72);
        let popup = centered(area, width, self.wanted_height(width));
        crate::tui::widgets::clear_for_dialog(frame, popup);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.accent())
            .title(Span::styled(format!(" {} ", self.title), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.width < 10 || inner.height == 0 {
            return;
        }
        let label_w = LABEL_WIDTH.min(inner.width / 3);
        let value_w = inner.width.saturating_sub(label_w + 1) as usize;
        let mut lines: Vec<Line> = Vec::new();
        let mut intro_rows = 0;
        if let Some(intro) = &self.intro {
            for row in wrap(intro, inner.width as usize) {
                lines.push(Line::raw(row));
            }
            lines.push(Line::raw(""));
            intro_rows = lines.len() as u16;
        }
        let mut cursor = None;
        for (i, field) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let label = format!("{:>w$} ", fit(field.label, label_w as usize), w = label_w as usize);
            let label_style = if focused { theme.key() } else { theme.dim() };
            let mut spans = vec![Span::styled(label, label_style)];
            match &field.kind {
                FieldKind::Text(input) => {
                    // Only the field being typed in follows its cursor; the
                    // others show their start (a long note opened to edit
                    // was shown scrolled to its end).
                    let scroll = if focused { input.visual_scroll(value_w.saturating_sub(1)) } else { 0 };
                    let shown: String = crate::domain::text::display(input.value()).chars().skip(scroll).collect();
                    spans.push(Span::raw(fit(&shown, value_w)));
                    if focused {
                        let x = (input.visual_cursor().saturating_sub(scroll)) as u16;
                        cursor = Some((lines.len() as u16, label_w + 1 + x.min(value_w as u16)));
                    }
                    if !focused && input.value().is_empty() {
                        spans.push(Span::styled("—", theme.dim()));
                    }
                }
                FieldKind::Choice { options, selected }
                    if options.iter().map(|o| o.chars().count() + 3).sum::<usize>() > value_w =>
                {
                    // Too narrow for every option: show the chosen one alone.
                    let chosen = options.get(*selected).map_or("", |s| s.as_str());
                    let style = if focused { theme.selected() } else { theme.accent() };
                    spans.push(Span::styled(fit(&format!("‹ {chosen} ›"), value_w), style));
                }
                FieldKind::Choice { options, selected } => {
                    let mut x = label_w + 1;
                    for (j, option) in options.iter().enumerate() {
                        if j > 0 {
                            spans.push(Span::raw(" "));
                            x += 1;
                        }
                        // The cursor goes on the option chosen, not the first.
                        if focused && j == *selected {
                            cursor = Some((lines.len() as u16, x + 1));
                        }
                        x += unicode_width::UnicodeWidthStr::width(option.as_str()) as u16 + 2;
                        let style = if j == *selected {
                            if focused { theme.selected() } else { theme.chosen() }
                        } else {
                            theme.dim()
                        };
                        spans.push(Span::styled(format!(" {option} "), style));
                    }
                }
                FieldKind::Toggle(on) => {
                    let text = if *on { "[x] yes" } else { "[ ] no" };
                    spans.push(Span::styled(text, if focused { theme.selected() } else { theme.normal() }));
                }
            }
            if focused && !matches!(field.kind, FieldKind::Text(_)) && cursor.is_none() {
                // A choice or a toggle in focus holds the cursor too, so a
                // screen reader that follows it lands on the field.
                cursor = Some((lines.len() as u16, label_w + 1));
            }
            lines.push(Line::from(spans));
            if let Some(err) = &field.error {
                // Wrapped, not cut: the end of a message is often the useful part.
                for row in wrap(err, value_w) {
                    lines.push(Line::from(vec![
                        Span::raw(" ".repeat(label_w as usize + 1)),
                        Span::styled(row, theme.error()),
                    ]));
                }
            }
        }
        // The message and the keys close the form; when the form is taller
        // than the window they stay pinned at its foot, so a warning such
        // as "Esc again to discard" is always seen.
        let mut tail: Vec<Line> = Vec::new();
        if let Some(message) = &self.message {
            for row in wrap(message, inner.width as usize) {
                tail.push(Line::styled(row, theme.error()));
            }
        }
        tail.push(Line::raw(""));
        let field_hint = match self.fields.get(self.focus).map(|f| &f.kind) {
            Some(FieldKind::Choice { .. }) => format!(
                "{}/{} choose  ",
                key_for(Context::Choice, Action::PrevOption),
                key_for(Context::Choice, Action::NextOption)
            ),
            Some(FieldKind::Toggle(_)) => format!("{} toggle  ", key_for(Context::Toggle, Action::Flip)),
            _ => String::new(),
        };
        tail.push(Line::from(vec![
            Span::styled(field_hint, theme.dim()),
            Span::styled(key_for(Context::Form, Action::NextField), theme.key()),
            Span::styled(" next  ", theme.dim()),
            Span::styled(key_for(Context::Form, Action::Submit), theme.key()),
            Span::styled(" save  ", theme.dim()),
            Span::styled(key_for(Context::Form, Action::Back), theme.key()),
            Span::styled(format!(" {}", self.cancel_hint), theme.dim()),
        ]));
        if self.fields.iter().any(|f| f.about.is_some())
            && let Some(hints) = tail.last_mut()
        {
            hints.spans.push(Span::styled("  ", theme.dim()));
            hints.spans.push(Span::styled(key_for(Context::Form, Action::Help), theme.key()));
            hints.spans.push(Span::styled(" about the fields", theme.dim()));
        }
        let (body, foot) = if lines.len() + tail.len() <= inner.height as usize {
            lines.extend(tail);
            (inner, None)
        } else {
            // Too tall: the intro gives way first, then the fields scroll.
            if intro_rows > 0 {
                lines.drain(..intro_rows as usize);
                cursor = cursor.map(|(row, col)| (row.saturating_sub(intro_rows), col));
            }
            let tail_rows = (tail.len() as u16).min(inner.height.saturating_sub(1));
            let body = Rect { height: inner.height - tail_rows, ..inner };
            let foot = Rect { y: inner.y + body.height, height: tail_rows, ..inner };
            (body, Some((foot, tail)))
        };
        let scroll = cursor.map_or(0, |(row, _)| row.saturating_sub(body.height.saturating_sub(3)));
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
        if let Some((foot, tail)) = foot {
            let skip = tail.len().saturating_sub(foot.height as usize) as u16;
            frame.render_widget(Paragraph::new(tail).scroll((skip, 0)), foot);
        }
        let inner = body;
        if let Some((row, col)) = cursor {
            let y = inner.y + row - scroll;
            if y < inner.bottom() {
                frame.set_cursor_position(Position { x: inner.x + col.min(inner.width - 1), y });
            }
        }
    }
}

//! One file per pane, each implementing [`Pane`].
//!
//! Adding a pane as a tab is a change the compiler walks through: a [`Tab`]
//! variant, counted in `Tab::COUNT` and matched exhaustively, a field in
//! `App` returned by `App::pane`, and this trait (ARCHITECTURE.md, "Adding
//! a tab", lists the steps and what the compiler does not catch). Panes
//! hold view state only: they call the use cases through [`Ctx::circle`]
//! and never import the store.

pub mod agreement;
pub mod endings;
pub mod meetings;
pub mod register;
pub mod roster;
pub mod round;
pub mod size;

use std::cell::Cell;
use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{Ctx, Modal, Purpose};
use super::keys::{Action, Context};
use super::theme::Theme;
use super::widgets::form::Form;
use crate::domain::GroupId;

/// What a pane (or a dialog) asks the app to do after a key or an answer.
/// Short lived, so the size of a dialog inside it does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Next {
    /// Nothing more; a dialog that was answered stays open.
    Stay,
    /// Close the dialog that was answered.
    Close,
    /// Open (or replace the answered dialog with) this one.
    Open(Modal),
    /// Ask a question about the answered dialog before anything is saved:
    /// the dialog stays underneath, and Esc on the question goes back to it
    /// with everything typed.
    Ask(Modal),
    /// Switch to another group.
    Group(GroupId),
    /// Edit this text in the facilitator's own editor (`$EDITOR`); the
    /// answer comes back as [`Answer::External`].
    External(String, Purpose),
    /// Put this text on the clipboard (through the terminal, by the
    /// runner); `what` names it in the message, "the agreement".
    Copy { text: String, what: String },
}

/// An answer to a dialog a pane opened.
pub enum Answer<'a> {
    /// A form was submitted; errors go back into it.
    Form(&'a mut Form, &'a Purpose),
    /// A confirmation was confirmed.
    Confirmed(&'a Purpose),
    /// A longer text was saved from the editor; errors go back into it.
    Text(&'a mut super::widgets::editor::Editor, &'a Purpose),
    /// The text in the editor changed (panes that keep drafts save it).
    Edited(&'a mut super::widgets::editor::Editor, &'a Purpose),
    /// What came back from the facilitator's own editor (`$EDITOR`): the
    /// new text, `None` when nothing changed, or why it did not work.
    External(Result<crate::tui::external::Edited, String>, &'a Purpose),
}

/// What every pane implements.
pub trait Pane {
    /// Where its keys are looked up right now (a pane can have stages).
    fn context(&self) -> Context;
    /// The pane's name and a few sentences about it, for the `?` help.
    fn help(&self) -> (&'static str, String);
    /// Reads again what the pane shows.
    fn reload(&mut self, ctx: &mut Ctx);
    /// Applies an action from the binding table.
    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next;
    /// Takes the answer to a dialog the pane opened.
    fn answer(&mut self, _answer: Answer<'_>, _ctx: &mut Ctx) -> Next {
        Next::Close
    }
    /// Typed text, in contexts that take it (search, a card being written).
    fn text(&mut self, _event: &Event, _ctx: &mut Ctx) {}
    /// Draws from the state; never touches the store.
    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);
    /// How soon [`Pane::tick`] is due; `None` while nothing moves, so an
    /// idle console waits for input alone.
    fn tick_interval(&self, _ctx: &Ctx) -> Option<Duration> {
        None
    }
    fn tick(&mut self, _ctx: &mut Ctx) {}
    /// Whether the pane holds typing that quitting would lose.
    fn unsaved(&self) -> bool {
        false
    }
    /// Whether a key should only stop something moving (an animation).
    fn swallow_key(&mut self) -> bool {
        false
    }
    /// A click: selects the row under it in the list on screen, through
    /// that list's [`ListCursor::click`]; whether it landed on a row.
    fn click(&mut self, _at: Point, _ctx: &mut Ctx) -> bool {
        false
    }
}

/// Where the mouse was clicked, and on which frame: a list answers only
/// for where it was drawn in that frame, so a list no longer on screen
/// never takes a click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub at: Position,
    pub frame: usize,
}

/// Where a list's rows were last drawn: the frame, the rows' area, and the
/// index of the first row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Drawn {
    frame: usize,
    rows: Rect,
    first: usize,
}

/// The selection in a list, moved by the usual actions. The scroll offset
/// is the only thing drawing may change, so it sits in a `Cell`.
#[derive(Debug, Default, Clone)]
pub struct ListCursor {
    pub selected: usize,
    offset: Cell<usize>,
    /// Set by drawing, read by the mouse.
    drawn: Cell<Option<Drawn>>,
}

/// How far `PgUp`/`PgDn` move in a list.
pub const PAGE: usize = 10;

impl ListCursor {
    /// A cursor on a given row.
    pub fn at(selected: usize) -> ListCursor {
        ListCursor { selected, ..Default::default() }
    }

    /// The index a movement action leads to in a list of `len`, or `None`
    /// when the action is not a movement.
    pub fn target(&self, action: Action, len: usize) -> Option<usize> {
        let last = len.saturating_sub(1);
        Some(match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(PAGE),
            Action::PageDown => (self.selected + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return None,
        })
    }

    /// Moves for a movement action; returns whether the action was one.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        match self.target(action, len) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    /// Keeps the selection inside a list that changed length.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// The first row to draw so the selection stays in a view of `height`
    /// rows, scrolling as little as possible.
    pub fn offset(&self, height: usize) -> usize {
        let height = height.max(1);
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }

    pub fn set_offset(&self, offset: usize) {
        self.offset.set(offset);
    }

    /// How many rows the list showed when it was last drawn.
    pub fn drawn_rows(&self) -> Option<usize> {
        self.drawn.get().map(|d| d.rows.height as usize)
    }

    /// Called once the list is drawn in `area`, its rows below `header`
    /// rows, row `first` at the top: remembers where, so a click can find
    /// its row, and puts the terminal cursor on the selection for screen
    /// readers ([`super::widgets::cursor_on_row`]).
    pub fn drawn(&self, frame: &mut Frame, area: Rect, first: usize, header: u16) {
        let rows = Rect { y: area.y.saturating_add(header), height: area.height.saturating_sub(header), ..area };
        self.drawn.set(Some(Drawn { frame: frame.count(), rows, first }));
        let selected = self.selected.checked_sub(first);
        super::widgets::cursor_on_row(frame, area, selected, 0, header);
    }

    /// The row of a list of `len` under a click, if the list was drawn
    /// there in the click's frame (one row a line).
    pub fn row_at(&self, point: Point, len: usize) -> Option<usize> {
        let drawn = self.drawn.get().filter(|d| d.frame == point.frame)?;
        if !drawn.rows.contains(point.at) {
            return None;
        }
        Some(drawn.first + usize::from(point.at.y - drawn.rows.y)).filter(|i| *i < len)
    }

    /// Selects the row under a click; whether there was one.
    pub fn click(&mut self, point: Point, len: usize) -> bool {
        match self.row_at(point, len) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }
}

/// What a pane says instead of its content when the database could not be
/// read: never an empty list that looks like "no data".
pub fn read_failure(what: &str, error: &impl std::fmt::Display) -> String {
    format!(
        "The {what} could not be read from the database ({error}). Nothing was changed. The file may be damaged: \
         keep a copy of it, then run circle check in a terminal; circle restore puts a backup back."
    )
}

/// Draws a read failure in the middle of a pane.
pub fn failure_state(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(70);
    let rows = super::widgets::wrap(text, width as usize).len() as u16;
    let rect = super::widgets::centered(area, width, rows.max(4));
    frame.render_widget(
        Paragraph::new(text.to_string()).style(theme.error()).centered().wrap(Wrap { trim: true }),
        rect,
    );
}

/// A calm sentence in the middle of an empty pane.
pub fn empty_state(frame: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(70);
    let rows = super::widgets::wrap(text, width as usize).len() as u16;
    let rect = super::widgets::centered(area, width, rows.max(4));
    frame.render_widget(Paragraph::new(text.to_string()).style(theme.dim()).centered().wrap(Wrap { trim: true }), rect);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_moves_within_the_list() {
        let mut c = ListCursor::default();
        assert!(c.apply(Action::Down, 3));
        assert!(c.apply(Action::PageDown, 3));
        assert_eq!(c.selected, 2);
        assert!(c.apply(Action::Top, 3));
        assert_eq!(c.selected, 0);
        assert!(!c.apply(Action::Help, 3));
        c.selected = 9;
        c.clamp(3);
        assert_eq!(c.selected, 2);
        assert!(c.apply(Action::Bottom, 0));
        assert_eq!(c.selected, 0);
    }

    #[test]
    fn the_offset_scrolls_only_as_far_as_needed() {
        let mut c = ListCursor::default();
        assert_eq!(c.offset(5), 0);
        c.selected = 7;
        assert_eq!(c.offset(5), 3);
        c.selected = 5;
        assert_eq!(c.offset(5), 3);
        c.selected = 1;
        assert_eq!(c.offset(5), 1);
    }

    #[test]
    fn a_click_finds_the_row_only_where_the_list_was_last_drawn() {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(20, 10)).unwrap();
        let mut c = ListCursor::at(4);
        let area = Rect::new(2, 3, 10, 5);
        let mut frame = 0;
        terminal
            .draw(|f| {
                frame = f.count();
                c.drawn(f, area, 3, 1);
            })
            .unwrap();
        let at = |x, y, frame| Point { at: Position::new(x, y), frame };
        // Rows start under the header, at index 3.
        assert_eq!(c.row_at(at(2, 4, frame), 20), Some(3));
        assert_eq!(c.row_at(at(11, 7, frame), 20), Some(6));
        assert_eq!(c.row_at(at(2, 3, frame), 20), None, "the header");
        assert_eq!(c.row_at(at(12, 5, frame), 20), None, "beside the list");
        assert_eq!(c.row_at(at(2, 8, frame), 20), None, "below the list");
        assert_eq!(c.row_at(at(2, 7, frame), 6), None, "past the end of a shorter list");
        assert_eq!(c.row_at(at(2, 4, frame + 1), 20), None, "drawn in an earlier frame");
        assert!(c.click(at(2, 5, frame), 20));
        assert_eq!(c.selected, 4);
        assert!(!ListCursor::default().click(at(2, 5, frame), 20), "never drawn");
    }
}

//! Endings: the "moving on with positivity" activity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::{Block, List, ListItem, ListState};

use crate::store::Activity;
use crate::tui::app::{Ctx, Modal, Next};
use crate::tui::keys::{Action, Context};
use crate::tui::widgets::form::Form;

pub const GUIDANCE: &str = "When a group ends, each member writes their most positive experience of it on a card. \
Nobody reads their own: the cards are dealt so every experience is heard in someone else's voice, and then \
the group celebrates what it achieved together.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndingsPurpose {
    NewActivity,
}

#[derive(Default)]
pub struct EndingsPane {
    activities: Vec<Activity>,
    selected: usize,
}

impl EndingsPane {
    pub fn context(&self) -> Context {
        Context::Endings
    }

    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        None
    }

    pub fn tick(&mut self, _ctx: &mut Ctx) {}

    pub fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.store.activities(group) {
            Ok(list) => {
                self.selected = self.selected.min(list.len().saturating_sub(1));
                self.activities = list;
            }
            Err(e) => ctx.error(e),
        }
    }

    pub fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Option<Modal> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.activities.len().saturating_sub(1)),
            _ => {}
        }
        None
    }

    pub fn submit(&mut self, _form: &mut Form, _purpose: &EndingsPurpose, _ctx: &mut Ctx) -> Next {
        Next::Close
    }

    pub fn confirmed(&mut self, _purpose: &EndingsPurpose, _ctx: &mut Ctx) -> Next {
        Next::Close
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if self.activities.is_empty() {
            super::empty_state(
                frame,
                area,
                "No endings activity yet. When the group closes, press n to start one.",
                theme,
            );
            return;
        }
        let items: Vec<ListItem> = self
            .activities
            .iter()
            .map(|a| {
                ListItem::new(Line::raw(format!(
                    " {}  {:<13} {:<6} cards  {}",
                    a.held_on.format("%a %-d %b %Y"),
                    a.mode.label(),
                    a.card_style.label(),
                    a.stage.label()
                )))
            })
            .collect();
        let block = Block::new().title(Span::styled(" Past and current activities", theme.title()));
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()).block(block), area, &mut state);
    }
}

//! The keys of the tour on a new database: forward, back, or skip to the
//! first group.

use ratatui::crossterm::event::KeyEvent;

use super::{App, Modal};
use crate::tui::keys::{self, Action, Context};
use crate::tui::panes::Next;
use crate::tui::{switcher, widgets};

impl App {
    pub(super) fn on_tour_key(&mut self, page: u8, key: &KeyEvent) -> Next {
        let first_group = |app: &App| switcher::first_group_form(app.ctx.circle.new_group_defaults());
        match keys::lookup(Context::Tour, key) {
            Some(Action::NextCard) if page + 1 < widgets::tour::PAGES => Next::Open(Modal::Tour(page + 1)),
            Some(Action::NextCard | Action::Back) => Next::Open(first_group(self)),
            Some(Action::PrevCard) => Next::Open(Modal::Tour(page.saturating_sub(1))),
            Some(Action::Quit) => {
                self.leave();
                Next::Close
            }
            Some(Action::ForceQuit) => {
                self.force_quit();
                Next::Open(Modal::Tour(page))
            }
            _ => Next::Open(Modal::Tour(page)),
        }
    }
}

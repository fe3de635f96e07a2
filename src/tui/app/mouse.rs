//! The mouse, in one place: a click on a tab goes to it, a click on a row
//! selects it, a double click opens what `Enter` opens, and the wheel does
//! what the arrow keys do. The panes only say which row is under a click
//! (each list remembers where it was drawn, in its
//! [`ListCursor`](crate::tui::panes::ListCursor)); everything else goes
//! through the same actions as the keys, so the keyboard stays complete.

use chrono::TimeDelta;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::{App, Modal};
use crate::tui::chrome;
use crate::tui::keys::{self, Action};
use crate::tui::panes::{Next, Point};

/// Two clicks on one cell within this long are a double click.
const DOUBLE_CLICK: TimeDelta = TimeDelta::milliseconds(500);

impl App {
    pub(super) fn on_mouse(&mut self, event: &MouseEvent) {
        // Releases, drags and other buttons do nothing, and clear nothing.
        let wheel = match event.kind {
            MouseEventKind::Down(MouseButton::Left) => None,
            MouseEventKind::ScrollDown => Some(true),
            MouseEventKind::ScrollUp => Some(false),
            _ => return,
        };
        let (frame, area) = self.last_frame.get();
        // A window too small to draw in shows no tabs or rows to click.
        if area.width < chrome::MIN_WIDTH || area.height < chrome::MIN_HEIGHT {
            return;
        }
        self.fresh_input();
        self.quit_armed = false;
        match wheel {
            Some(down) => self.on_wheel(down),
            None => self.on_click(Point { at: Position::new(event.column, event.row), frame }),
        }
    }

    fn on_wheel(&mut self, down: bool) {
        let Some(action) = keys::wheel(self.context(), down) else { return };
        match self.modal.take() {
            Some(Modal::Help(scroll)) => {
                let scroll = if down { scroll.saturating_add(1) } else { scroll.saturating_sub(1) };
                self.modal = Some(Modal::Help(scroll));
            }
            Some(Modal::Switcher(mut switcher)) => {
                let next = switcher.update(action, &mut self.ctx);
                self.modal = Some(Modal::Switcher(switcher));
                self.follow(next);
            }
            // Forms and questions keep the wheel out of what is typed.
            Some(other) => self.modal = Some(other),
            None if self.ctx.group.is_none() || self.pane_mut(self.tab).swallow_key() => {}
            None => self.update(action),
        }
    }

    fn on_click(&mut self, point: Point) {
        let now = self.ctx.now();
        let double = self.last_click.is_some_and(|(at, when)| at == point.at && now - when <= DOUBLE_CLICK);
        // A third click starts a new pair rather than opening again.
        self.last_click = if double { None } else { Some((point.at, now)) };
        match self.modal.take() {
            Some(Modal::Switcher(mut switcher)) => {
                let next = if switcher.click(point) && double {
                    switcher.update(Action::Open, &mut self.ctx)
                } else {
                    Next::Stay
                };
                self.modal = Some(Modal::Switcher(switcher));
                self.follow(next);
            }
            Some(other) => self.modal = Some(other),
            None => {
                if let Some(tab) = chrome::tab_at(self.last_frame.get().1, point.at) {
                    return self.update(Action::GoTab(tab));
                }
                if self.ctx.group.is_none() || self.pane_mut(self.tab).swallow_key() {
                    return;
                }
                let (pane, ctx) = self.visible();
                if pane.click(point, ctx)
                    && double
                    && let Some(open) = keys::double_click(self.context())
                {
                    self.update(open);
                }
            }
        }
    }
}

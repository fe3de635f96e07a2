//! The group agreement: the current version, section by section.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::AgreementVersion;
use crate::domain::text::display;
use crate::tui::app::{Ctx, Modal};
use crate::tui::keys::Action;

pub const GUIDANCE: &str = "The group agreement: its values, purpose and boundaries, and the group's own answers \
on how members relate to each other, work together, and resolve difficulties. Every member signs up to it \
when they join.";

#[derive(Default)]
pub struct AgreementPane {
    current: Option<AgreementVersion>,
    unsigned: usize,
    scroll: u16,
}

impl AgreementPane {
    pub fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.store.current_agreement(group) {
            Ok(current) => {
                self.unsigned =
                    current.as_ref().and_then(|v| ctx.store.not_yet_signed(v.id).ok()).map_or(0, |m| m.len());
                self.current = current;
            }
            Err(e) => ctx.error(e),
        }
    }

    pub fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Option<Modal> {
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Top => self.scroll = 0,
            _ => {}
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let Some(version) = &self.current else {
            super::empty_state(
                frame,
                area,
                "No agreement yet. The group can write one together at an early meeting.",
                theme,
            );
            return;
        };
        let title = format!(" Agreement v{} · adopted {} ", version.version, version.adopted_on);
        let block = Block::bordered()
            .border_style(theme.border())
            .title(Span::styled(title, theme.title()))
            .title_bottom(Span::styled(format!(" {} not yet agreed to this version ", self.unsigned), theme.dim()));
        let mut lines = Vec::new();
        for raw in version.body.lines() {
            let line = display(raw);
            if let Some(heading) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
                lines.push(Line::styled(heading.to_string(), theme.title()));
            } else if let Some(item) = line.strip_prefix("- ") {
                lines.push(Line::from(vec![Span::styled("  • ", theme.accent()), Span::raw(item.to_string())]));
            } else {
                lines.push(Line::raw(line.into_owned()));
            }
        }
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)).block(block),
            area,
        );
    }
}

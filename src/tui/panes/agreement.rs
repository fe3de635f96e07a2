//! The group agreement: the current version, section by section.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Next, Pane};
use crate::domain::AgreementVersion;
use crate::domain::text::display;
use crate::tui::app::Ctx;
use crate::tui::keys::{Action, Context};

pub const GUIDANCE: &str = "The group agreement: its values, purpose and boundaries, and the group's own answers \
on how members relate to each other, work together, and resolve difficulties. Every member signs up to it \
when they join.";

#[derive(Default)]
pub struct AgreementPane {
    current: Option<AgreementVersion>,
    unsigned: usize,
    scroll: u16,
    failed: Option<String>,
}

impl Pane for AgreementPane {
    fn context(&self) -> Context {
        Context::Agreement
    }

    fn help(&self) -> (&'static str, String) {
        ("Agreement", GUIDANCE.to_string())
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        let read = ctx.circle.current_agreement(group).and_then(|current| {
            let unsigned = match &current {
                Some(v) => ctx.circle.not_yet_agreed(v.id)?,
                None => 0,
            };
            Ok((current, unsigned))
        });
        match read {
            Ok((current, unsigned)) => {
                self.current = current;
                self.unsigned = unsigned;
                self.failed = None;
            }
            Err(e) => self.failed = Some(super::read_failure("agreement", &e)),
        }
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Next {
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Top => self.scroll = 0,
            _ => {}
        }
        Next::Stay
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
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

//! Size health: the group's active size against its workable range.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use super::{Next, Pane};
use crate::domain::MemberStatus;
use crate::domain::size::SizeState;
use crate::tui::app::Ctx;
use crate::tui::keys::{Action, Context, key_for};
use crate::usecase::size::SizeFigures;

pub const GUIDANCE: &str = "How the group's size compares with the range in which everyone can still be heard. \
The largest workable size comes from the meeting length, the time kept for opening and closing, and the \
minimum speaking time; the smallest is the group's own setting";

pub struct SizePane {
    figures: Result<SizeFigures, String>,
}

impl Default for SizePane {
    fn default() -> Self {
        SizePane { figures: Err(String::new()) }
    }
}

impl Pane for SizePane {
    fn context(&self) -> Context {
        Context::Size
    }

    fn help(&self) -> (&'static str, String) {
        let settings = format!(
            " ({}, then {}).",
            key_for(Context::Global, Action::Groups),
            key_for(Context::Switcher, Action::GroupSettings)
        );
        ("Size health", format!("{GUIDANCE}{settings}"))
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        self.figures = ctx.circle.size_figures(group).map_err(|e| super::read_failure("group's figures", &e));
    }

    fn update(&mut self, _action: Action, _ctx: &mut Ctx) -> Next {
        Next::Stay
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let figures = match &self.figures {
            Ok(figures) => figures,
            Err(failed) => return super::failure_state(frame, area, failed, theme),
        };
        let range = figures.range;
        let active = figures.active();
        let block = Block::bordered().border_style(theme.border()).title(Span::styled(" Size health ", theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let largest = range.largest.unwrap_or(0);
        let state = figures.state();
        let verdict = state.verdict();
        let style = match state {
            SizeState::Below | SizeState::AtTop => theme.warn(),
            SizeState::Within => theme.good(),
            SizeState::Above => theme.error(),
        };
        let range_text = range.describe();
        let lines = vec![
            Line::from(vec![Span::styled("Active members  ", theme.dim()), Span::raw(active.to_string())]),
            Line::from(vec![Span::styled("Workable range  ", theme.dim()), Span::raw(range_text)]),
            Line::styled(verdict, style),
            Line::raw(""),
            Line::from(vec![
                Span::styled("Waitlist ", theme.dim()),
                Span::raw(figures.count(MemberStatus::Waitlist).to_string()),
                Span::styled("   Enquiries ", theme.dim()),
                Span::raw(figures.count(MemberStatus::Enquiry).to_string()),
                Span::styled("   On break ", theme.dim()),
                Span::raw(figures.count(MemberStatus::OnBreak).to_string()),
            ]),
            Line::from(vec![Span::styled("Meetings held   ", theme.dim()), Span::raw(figures.meetings.to_string())]),
        ];
        let text_area = Rect { height: inner.height.saturating_sub(2), ..inner };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        if inner.height >= 9 && largest > 0 {
            let gauge_area = Rect { y: inner.y + 7, height: 1, ..inner };
            let ratio = (f64::from(active) / f64::from(largest)).clamp(0.0, 1.0);
            let gauge =
                Gauge::default().gauge_style(style).ratio(ratio).label(format!("{active} of at most {largest}"));
            frame.render_widget(gauge, gauge_area);
        }
    }
}

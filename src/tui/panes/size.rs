//! Size health: the group's active size against its workable range.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};

use crate::domain::MemberStatus;
use crate::domain::size::SizeState;
use crate::tui::app::{Ctx, Modal};
use crate::tui::keys::Action;

pub const GUIDANCE: &str = "How the group's size compares with the range in which everyone can still be heard. \
The largest workable size comes from the meeting length, the time kept for opening and closing, and the \
minimum speaking time; the smallest is the group's own setting (g, then e).";

#[derive(Default)]
pub struct SizePane {
    counts: Vec<(MemberStatus, u32)>,
    meetings: usize,
}

impl SizePane {
    pub fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match (ctx.store.status_counts(group), ctx.store.meeting_count(group)) {
            (Ok(counts), Ok(meetings)) => {
                self.counts = counts;
                self.meetings = meetings;
            }
            (Err(e), _) | (_, Err(e)) => ctx.error(e),
        }
    }

    pub fn update(&mut self, _action: Action, _ctx: &mut Ctx) -> Option<Modal> {
        None
    }

    fn count(&self, status: MemberStatus) -> u32 {
        self.counts.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let Some(group) = &ctx.group else { return };
        let range = group.settings.workable_range();
        let active = self.count(MemberStatus::Active);
        let block = Block::bordered().border_style(theme.border()).title(Span::styled(" Size health ", theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let largest = range.largest.unwrap_or(0);
        let (verdict, style) = match range.state(active) {
            SizeState::Below => ("below the workable range: time to welcome new members", theme.warn()),
            SizeState::Within => ("within the workable range", theme.good()),
            SizeState::AtTop => ("at the top of the workable range: new people can join the waitlist", theme.warn()),
            SizeState::Above => ("above the workable range: not everyone can be heard", theme.error()),
        };
        let range_text = match range.largest {
            Some(l) => format!("{} to {l}", range.smallest),
            None => "none: the meeting leaves no speaking time".into(),
        };
        let lines = vec![
            Line::from(vec![Span::styled("Active members  ", theme.dim()), Span::raw(active.to_string())]),
            Line::from(vec![Span::styled("Workable range  ", theme.dim()), Span::raw(range_text)]),
            Line::styled(verdict, style),
            Line::raw(""),
            Line::from(vec![
                Span::styled("Waitlist ", theme.dim()),
                Span::raw(self.count(MemberStatus::Waitlist).to_string()),
                Span::styled("   Enquiries ", theme.dim()),
                Span::raw(self.count(MemberStatus::Enquiry).to_string()),
                Span::styled("   On break ", theme.dim()),
                Span::raw(self.count(MemberStatus::OnBreak).to_string()),
            ]),
            Line::from(vec![Span::styled("Meetings held   ", theme.dim()), Span::raw(self.meetings.to_string())]),
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

//! Size health: attendance against the workable range, how it has moved,
//! who is waiting and who has not been heard lately, and advice that fits.
//! The figures and words come from [`crate::domain::health`] through the
//! use cases, the same as `circle report` prints.

mod details;
mod promotion;

use std::cell::{Cell, RefCell};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, Gauge, GraphType, Paragraph};

use super::{Answer, Next, Pane, Point};
use crate::domain::health::{HealthState, Report};
use crate::domain::{Channel, ChannelId};
use crate::present::DateStyle;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::theme::Theme;
use crate::tui::widgets::editor::Editor;

pub use promotion::Checklist;

pub const GUIDANCE: &str = "How the group's size compares with the range in which everyone can still be heard, \
how attendance has moved, who is waiting and who has not been heard lately, and what might help. The largest \
workable size comes from the meeting length, the time kept for opening and closing, and the minimum speaking \
time; the smallest is the group's own setting";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizePurpose {
    AddChannel,
    EditChannel(ChannelId),
    DeleteChannel(ChannelId),
    Purpose,
}

#[derive(Default)]
pub struct SizePane {
    report: Option<Report>,
    failed: Option<String>,
    /// Rows the details below the chart are scrolled by.
    scroll: u16,
    /// How far they can scroll, found when they were last drawn (`None`
    /// before then), so keys past the end do not pile up.
    max_scroll: Cell<Option<u16>>,
    /// The promotion checklist, while it is open.
    checklist: Option<Checklist>,
    /// The details as last laid out: on a large group they wrap a line for
    /// each of hundreds of people waiting, too much to redo at every frame.
    details: RefCell<Option<LaidOut>>,
}

/// The details below the chart, with what they were laid out for.
struct LaidOut {
    width: usize,
    theme: Theme,
    dates: DateStyle,
    lines: Vec<Line<'static>>,
}

/// A report read ahead, with its details laid out as the pane would lay
/// them out in a window `window_width` columns wide (laying out hundreds of
/// people waiting or speaking takes a millisecond or more).
pub struct SizeAhead {
    report: Report,
    details: LaidOut,
}

impl SizeAhead {
    pub fn new(report: Report, theme: Theme, dates: DateStyle, window_width: u16) -> SizeAhead {
        let details = LaidOut::new(&report, theme, dates, window_width);
        SizeAhead { report, details }
    }
}

impl LaidOut {
    /// The details for an area `area_width` columns wide; they are drawn
    /// two columns narrower (the pane's area is the window's width).
    fn new(report: &Report, theme: Theme, dates: DateStyle, area_width: u16) -> LaidOut {
        let width = usize::from(area_width.saturating_sub(2));
        LaidOut { width, theme, dates, lines: details::lines(report, &theme, dates, width) }
    }

    fn fits(&self, area_width: u16, theme: Theme, dates: DateStyle) -> bool {
        (self.width, self.theme, self.dates) == (usize::from(area_width.saturating_sub(2)), theme, dates)
    }
}

impl SizePane {
    /// The width the details are laid out for, if they are.
    #[cfg(test)]
    pub(crate) fn details_width(&self) -> Option<usize> {
        self.details.borrow().as_ref().map(|laid| laid.width)
    }

    fn state_style(&self, theme: &Theme) -> Style {
        match self.report.as_ref().map(|r| r.state) {
            Some(HealthState::Healthy) => theme.good(),
            Some(HealthState::TooBig) => theme.error(),
            _ => theme.warn(),
        }
    }
}

impl SizePane {
    /// Scrolls the details, no further than their end as last drawn: after
    /// End, one Up moves one line.
    fn scroll_to(&mut self, scroll: u16) {
        self.scroll = scroll.min(self.scroll_limit());
    }

    /// Where the details are scrolled to, as drawn.
    fn scrolled(&self) -> u16 {
        self.scroll.min(self.scroll_limit())
    }

    fn scroll_limit(&self) -> u16 {
        self.max_scroll.get().unwrap_or(u16::MAX)
    }

    /// Whether a report read ahead can stand in for reading: not while the
    /// promotion checklist is open, which reads its own.
    pub fn can_take_read_ahead(&self) -> bool {
        self.checklist.is_none()
    }

    /// Takes a report worked out ahead on another connection, with its
    /// details laid out, in place of reading. The caller has checked that
    /// it is still current. Returns whether it was taken.
    pub fn take_read_ahead(&mut self, ahead: SizeAhead) -> bool {
        let fresh = self.can_take_read_ahead();
        if fresh {
            self.report = Some(ahead.report);
            *self.details.get_mut() = Some(ahead.details);
            self.failed = None;
        }
        fresh
    }
}

impl Pane for SizePane {
    fn context(&self) -> Context {
        if self.checklist.is_some() { Context::Promotion } else { Context::Size }
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
        match ctx.circle.size_report(group, ctx.today) {
            Ok(report) => {
                self.report = Some(report);
                *self.details.get_mut() = None;
                self.failed = None;
            }
            Err(e) => self.failed = Some(super::read_failure("group's figures", &e)),
        }
        if let Some(list) = &mut self.checklist {
            list.reload(ctx);
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        if let Some(list) = &mut self.checklist {
            if action == Action::Back {
                self.checklist = None;
                return Next::Stay;
            }
            let next = list.update(action, ctx);
            self.reload(ctx);
            return next;
        }
        let Some(group) = ctx.group_id() else { return Next::Stay };
        match action {
            Action::Down => self.scroll_to(self.scrolled().saturating_add(1)),
            Action::Up => self.scroll_to(self.scrolled().saturating_sub(1)),
            Action::PageDown => self.scroll_to(self.scrolled().saturating_add(super::PAGE as u16)),
            Action::PageUp => self.scroll_to(self.scrolled().saturating_sub(super::PAGE as u16)),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll_to(u16::MAX),
            Action::Promotion => {
                let mut list = Checklist::default();
                list.reload(ctx);
                self.checklist = Some(list);
            }
            Action::Reviewed => match ctx.circle.mark_reviewed(group, ctx.today) {
                Ok(()) => {
                    ctx.refresh_group();
                    ctx.info("Noted: the group reviewed how it describes itself today.");
                    self.reload(ctx);
                }
                Err(e) => ctx.error(e),
            },
            Action::EditPurpose => {
                let purpose = ctx.group.as_ref().map_or(String::new(), |g| g.settings.purpose.clone());
                let editor = Editor::new(
                    "Purpose and values",
                    "How the group describes itself: who it is for, what it offers, what it values. \
                     Promotion starts from these words, so they reach the people the group is for.",
                    &purpose,
                );
                return Next::Open(Modal::Editor(Box::new(editor), Purpose::Size(SizePurpose::Purpose)));
            }
            _ => {}
        }
        Next::Stay
    }

    fn click(&mut self, point: Point, _ctx: &mut Ctx) -> bool {
        self.checklist.as_mut().is_some_and(|list| list.click(point))
    }

    fn answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
        if let Answer::Edited(..) = answer {
            return Next::Stay;
        }
        let next = match answer {
            Answer::Text(editor, Purpose::Size(SizePurpose::Purpose)) => {
                let Some(group) = ctx.group_id() else { return Next::Close };
                match ctx.circle.set_purpose(group, &editor.text()) {
                    Ok(()) => {
                        ctx.refresh_group();
                        ctx.info("The purpose and values are saved.");
                        Next::Close
                    }
                    Err(e) => {
                        editor.message = Some(e.to_string());
                        Next::Stay
                    }
                }
            }
            other => match &mut self.checklist {
                Some(list) => list.answer(other, ctx),
                None => Next::Close,
            },
        };
        self.reload(ctx);
        next
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
        if let Some(list) = &self.checklist {
            return list.render(frame, area, ctx);
        }
        let Some(report) = &self.report else { return };
        let chart_rows = if area.height >= 18 { 8 } else { 0 };
        let text_width = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = crate::tui::widgets::wrap(&report.verdict, text_width)
            .into_iter()
            .map(|row| Line::styled(format!(" {row}"), self.state_style(theme)))
            .collect();
        for row in crate::tui::widgets::wrap(&details::figures(report), text_width) {
            lines.push(Line::styled(format!(" {row}"), theme.dim()));
        }
        let [summary, gauge, chart, rest] = Layout::vertical([
            Constraint::Length(lines.len() as u16),
            Constraint::Length(1),
            Constraint::Length(chart_rows),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(lines), summary);
        frame.set_cursor_position((summary.x, summary.y));
        render_gauge(frame, gauge, report, self.state_style(theme), theme);
        if chart_rows > 0 {
            render_chart(frame, chart, report, theme, ctx.dates);
        }
        let mut laid_out = self.details.borrow_mut();
        let lines = match &mut *laid_out {
            Some(l) if l.fits(rest.width, *theme, ctx.dates) => &l.lines,
            other => &other.insert(LaidOut::new(report, *theme, ctx.dates, rest.width)).lines,
        };
        // Scrolling stops at the end: the last line stays in view.
        let last = (lines.len() as u16).saturating_sub(rest.height.max(1));
        self.max_scroll.set(Some(last));
        let scroll = self.scrolled();
        let shown: Vec<Line> = lines.iter().skip(scroll.into()).take(rest.height.into()).cloned().collect();
        frame.render_widget(Paragraph::new(shown), rest);
    }
}

/// Expected attendance inside the workable range, as a bar.
fn render_gauge(frame: &mut Frame, area: Rect, report: &Report, style: Style, theme: &Theme) {
    let Some(largest) = report.largest.filter(|l| *l > 0) else {
        frame.render_widget(
            Paragraph::new(Span::styled(" No workable range: see the group settings.", theme.warn())),
            area,
        );
        return;
    };
    let expected = report.expected.people;
    let ratio = (f64::from(expected) / f64::from(largest)).clamp(0.0, 1.0);
    // Spaced, so the label never runs into the bar.
    let label = format!(" expected {expected} · workable {} to {largest} ", report.smallest);
    let area = Rect { x: area.x + 1, width: area.width.saturating_sub(2), ..area };
    if theme.plain {
        // No block characters: a bar of # in brackets, then the words.
        let room = usize::from(area.width).saturating_sub(label.chars().count() + 2).min(40);
        let filled = ((ratio * room as f64).round() as usize).min(room);
        let bar = format!("[{}{}]", "#".repeat(filled), "-".repeat(room - filled));
        let line = Line::from(vec![Span::styled(bar, style), Span::raw(label)]);
        return frame.render_widget(Paragraph::new(line), area);
    }
    let gauge = Gauge::default().gauge_style(style).ratio(ratio).label(label).use_unicode(true);
    frame.render_widget(gauge, area);
}

/// Attendance per meeting, with the range's two limits as dotted lines. The
/// bars and the limits differ in shape, so it reads without colour too.
fn render_chart(frame: &mut Frame, area: Rect, report: &Report, theme: &Theme, dates: crate::present::DateStyle) {
    if report.attendance.is_empty() {
        let text = " Attendance will show here once the register has been taken at a meeting.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), area);
        return;
    }
    if theme.plain {
        return render_plain_chart(frame, area, report, theme, dates);
    }
    let points: Vec<(f64, f64)> =
        report.attendance.iter().enumerate().map(|(i, p)| (i as f64 + 1.0, f64::from(p.total))).collect();
    let n = points.len() as f64 + 1.0;
    let largest = report.largest.unwrap_or(0);
    let top = report.attendance.iter().map(|p| p.total).max().unwrap_or(0).max(largest).max(report.smallest) + 1;
    let smallest_line = [(0.0, f64::from(report.smallest)), (n, f64::from(report.smallest))];
    let largest_line = [(0.0, f64::from(largest)), (n, f64::from(largest))];
    let mut datasets = vec![
        Dataset::default().graph_type(GraphType::Bar).marker(Marker::HalfBlock).style(theme.accent()).data(&points),
        Dataset::default()
            .name(format!("fewest {}", report.smallest))
            .graph_type(GraphType::Line)
            .marker(Marker::Dot)
            .style(theme.warn())
            .data(&smallest_line),
    ];
    if largest > 0 {
        datasets.push(
            Dataset::default()
                .name(format!("most {largest}"))
                .graph_type(GraphType::Line)
                .marker(Marker::Dot)
                .style(theme.warn())
                .data(&largest_line),
        );
    }
    let first = report.attendance.first().map(|p| dates.short_day(p.held_on)).unwrap_or_default();
    let last = report.attendance.last().map(|p| dates.short_day(p.held_on)).unwrap_or_default();
    let [area, caption] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let limits = match largest {
        0 => format!("••• fewest {}", report.smallest),
        l => format!("••• fewest {} and most {l} who can all be heard", report.smallest),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" ▄", theme.accent()),
            Span::styled(" people at each meeting   ", theme.dim()),
            Span::styled(limits, theme.dim()),
        ])),
        caption,
    );
    let chart = Chart::new(datasets)
        .x_axis(Axis::default().bounds([0.0, n]).labels([Span::raw(first), Span::raw(last)]).style(theme.dim()))
        .y_axis(
            Axis::default().bounds([0.0, f64::from(top)]).labels(["0".to_string(), top.to_string()]).style(theme.dim()),
        )
        .legend_position(None);
    frame.render_widget(chart, Rect { x: area.x + 1, width: area.width.saturating_sub(2), ..area });
}

/// The same figures as the chart in words, the latest meeting first, for a
/// terminal without the block characters a chart is drawn with.
fn render_plain_chart(frame: &mut Frame, area: Rect, report: &Report, theme: &Theme, dates: crate::present::DateStyle) {
    let largest = report.largest.unwrap_or(0);
    let range = match largest {
        0 => format!(" People at each meeting (fewest to be workable: {}), latest first:", report.smallest),
        l => format!(" People at each meeting (workable: {} to {l}), latest first:", report.smallest),
    };
    let meetings: Vec<String> =
        report.attendance.iter().rev().map(|p| format!("{} {}", dates.short_day(p.held_on), p.total)).collect();
    let text = vec![Line::styled(range, theme.dim()), Line::raw(format!(" {}", meetings.join(", ")))];
    frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }), area);
}

/// Channels by id, for the dialogs.
pub fn channel(channels: &[Channel], id: ChannelId) -> Option<&Channel> {
    channels.iter().find(|c| c.id == id)
}

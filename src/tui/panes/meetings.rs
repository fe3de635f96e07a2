//! The group's meetings, the latest first, reached from any tab without
//! recording one. From here a meeting's register opens to be corrected,
//! its day, mode or length change, a meeting recorded by mistake is taken
//! away, and a register is taken for a day that has passed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::register::RegisterPurpose;
use super::roster::RosterPurpose;
use super::{ListCursor, Next, Point};
use crate::domain::MeetingId;
use crate::domain::text::display;
use crate::present::register::came;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::widgets::confirm::Confirm;
use crate::usecase::meetings::MeetingSummary;
use crate::usecase::register::RegisterOf;

pub const GUIDANCE: &str = "Every meeting of the group, the latest first, with how many came and whether a \
speaking round was run. Open one to correct its register, change its day, mode or length, or take away a meeting \
that was recorded by mistake. Forgot the register on the day? Take it now for the day it was.";

pub struct Meetings {
    list: Vec<MeetingSummary>,
    cursor: ListCursor,
    failed: Option<String>,
}

/// What a key on the list leads to, for the roster pane that holds it.
pub enum Step {
    Stay,
    /// Open a dialog over the list (boxed: a dialog is much larger than
    /// the other steps).
    Next(Box<Next>),
    /// Open this register; `Esc` there comes back to the list.
    Register(RegisterOf),
    /// Close the list.
    Leave,
}

impl Meetings {
    /// The list, on the meeting `on` when it is there.
    pub fn open(ctx: &mut Ctx, on: Option<MeetingId>) -> Meetings {
        let mut meetings = Meetings { list: Vec::new(), cursor: ListCursor::default(), failed: None };
        meetings.reload(ctx);
        if let Some(at) = on.and_then(|id| meetings.list.iter().position(|m| m.id == id)) {
            meetings.cursor.selected = at;
        }
        meetings
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.circle.meeting_summaries(group) {
            Ok(list) => {
                self.list = list;
                self.cursor.clamp(self.list.len());
                self.failed = None;
            }
            Err(e) => self.failed = Some(super::read_failure("list of meetings", &e)),
        }
    }

    pub fn click(&mut self, point: Point) -> bool {
        self.cursor.click(point, self.list.len())
    }

    fn selected(&self) -> Option<&MeetingSummary> {
        self.list.get(self.cursor.selected)
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Step {
        if self.cursor.apply(action, self.list.len()) {
            return Step::Stay;
        }
        match action {
            Action::Back => Step::Leave,
            Action::RegisterForDay => Step::Next(Box::new(Next::Open(super::register::new_meeting_form(ctx, false)))),
            Action::Open | Action::MeetingDetails | Action::RemoveMeeting => {
                let Some(id) = self.selected().map(|m| m.id) else {
                    let new = key_for(Context::Meetings, Action::RegisterForDay);
                    ctx.info(format!("There is no meeting to choose yet; {new} takes a register for a day."));
                    return Step::Stay;
                };
                let meeting = match ctx.circle.meeting(id) {
                    Ok(m) => m,
                    Err(e) => {
                        ctx.error(e);
                        self.reload(ctx);
                        return Step::Stay;
                    }
                };
                match action {
                    Action::Open => Step::Register(RegisterOf::Recorded(meeting)),
                    Action::MeetingDetails => Step::Next(Box::new(Next::Open(super::register::details_form(
                        &RegisterOf::Recorded(meeting),
                        RegisterPurpose::EditMeeting(id),
                    )))),
                    _ => match ctx.circle.meeting_contents(meeting.group, meeting.held_on) {
                        Ok((id, contents)) => {
                            let day = ctx.dates.day(meeting.held_on);
                            let confirm = Confirm::new(
                                "Remove a meeting",
                                format!(
                                    "Take away the meeting of {day}, with {}? It cannot be undone. To put a wrong \
                                     day, mode or length right instead, press {} on it.",
                                    contents.said(),
                                    key_for(Context::Meetings, Action::MeetingDetails)
                                ),
                            );
                            let purpose = RegisterPurpose::Remove(id, meeting.held_on);
                            Step::Next(Box::new(Next::Open(Modal::Confirm(
                                confirm,
                                Purpose::Roster(RosterPurpose::Register(purpose)),
                            ))))
                        }
                        Err(e) => {
                            ctx.error(e);
                            Step::Stay
                        }
                    },
                }
            }
            _ => Step::Stay,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
        let [bar, list_area] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        let name = ctx.group.as_ref().map(|g| display(&g.name).into_owned()).unwrap_or_default();
        let count = crate::domain::text::count(self.list.len() as u64, "meeting", "meetings");
        let width = area.width as usize;
        let title = fitting(&[format!(" Meetings of {name} · {count}"), ", the latest first".into()], width);
        let keys = fitting(
            &[
                format!(" {} opens the register", key_for(Context::Meetings, Action::Open)),
                format!(" · {} takes one for another day", key_for(Context::Meetings, Action::RegisterForDay)),
                format!(" · {} back", key_for(Context::Meetings, Action::Back)),
            ],
            width,
        );
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(crate::tui::widgets::fit(&title, width), theme.title()),
                Line::styled(keys, theme.dim()),
            ]),
            bar,
        );
        if self.list.is_empty() {
            let text = format!(
                "No meetings are recorded yet. Press {} to take the register for a day that has passed, or {} for \
                 today's.",
                key_for(Context::Meetings, Action::RegisterForDay),
                key_for(Context::Global, Action::Register)
            );
            return super::empty_state(frame, list_area, &text, theme);
        }
        // Days differ in length ("Sat 5 Dec", "Mon 30 Nov"): the columns
        // after them line up on the longest.
        let days: Vec<String> = self.list.iter().map(|m| ctx.dates.day(m.held_on)).collect();
        let wide = days.iter().map(|d| d.chars().count()).max().unwrap_or(0);
        let cames: Vec<String> = self.list.iter().map(|m| came(m.came, m.visitors, " + ")).collect();
        let came_wide = cames.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        let items: Vec<ListItem> = self
            .list
            .iter()
            .zip(days.iter().zip(&cames))
            .map(|(m, (day, came))| {
                let round = if m.round { "  round" } else { "" };
                ListItem::new(format!(" {day:<wide$}  {:<9}  {:>4} min  {came:<came_wide$}{round}", m.mode, m.minutes))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
        self.cursor.drawn(frame, list_area, state.offset(), 0);
    }
}

/// The first of `parts`, then as many of the others as fit in `width`.
fn fitting(parts: &[String], width: usize) -> String {
    let mut line = String::new();
    for part in parts {
        if !line.is_empty() && line.chars().count() + part.chars().count() > width {
            break;
        }
        line.push_str(part);
    }
    line
}

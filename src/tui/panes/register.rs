//! The register: who is here today. Each toggle is saved the moment it is
//! made; past meetings can be opened and corrected the same way.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::roster::{RosterPane, RosterPurpose};
use crate::domain::text::{self, display};
use crate::domain::{Meeting, MemberFields, NewMeeting};
use crate::domain::{MeetingId, MeetingMode, MemberId, MemberStatus};
use crate::tui::app::{Ctx, Modal, Next, Purpose};
use crate::tui::keys::Action;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;

pub const GUIDANCE: &str = "Who is here today. Each mark is saved the moment you make it. Members on a break are \
listed too, in case they drop in. A visitor can be counted without any details, or added by name as an enquiry.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterPurpose {
    NewMeeting,
    EditMeeting(MeetingId),
    Visitor(MeetingId),
}

struct Person {
    id: MemberId,
    name: String,
    status: MemberStatus,
    present: bool,
}

pub struct Register {
    meeting: Meeting,
    people: Vec<Person>,
    selected: usize,
    past: Option<(Vec<Meeting>, usize)>,
}

const PAST_PAGE: usize = 500;

pub fn new_meeting_form(ctx: &Ctx) -> Modal {
    let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
    let form = Form::new("Today's meeting")
        .intro("No meeting is recorded for today yet.")
        .text("date", "Date", &ctx.today.to_string())
        .choice("mode", "Mode", MeetingMode::ALL, 0)
        .text("minutes", "Length (minutes)", &minutes.to_string());
    Modal::Form(form, Purpose::Roster(RosterPurpose::Register(RegisterPurpose::NewMeeting)))
}

fn meeting_form(meeting: &Meeting) -> Modal {
    let form = Form::new(format!("Meeting of {}", meeting.held_on))
        .text("date", "Date", &meeting.held_on.to_string())
        .choice("mode", "Mode", MeetingMode::ALL, MeetingMode::ALL.iter().position(|m| *m == meeting.mode).unwrap_or(0))
        .text("minutes", "Length (minutes)", &meeting.minutes.to_string())
        .text("visitors", "Visitors", &meeting.visitors.to_string())
        .text("notes", "Notes", &meeting.notes);
    Modal::Form(form, Purpose::Roster(RosterPurpose::Register(RegisterPurpose::EditMeeting(meeting.id))))
}

fn read_details(form: &mut Form) -> Option<(NaiveDate, MeetingMode, u32)> {
    let date = match text::date(form.value("date")) {
        Ok(d) => d,
        Err(e) => {
            form.set_error("date", e.to_string());
            return None;
        }
    };
    let minutes = match form.value("minutes").trim().parse::<u32>() {
        Ok(n) if (1..=1440).contains(&n) => n,
        _ => {
            form.set_error("minutes", "the length is a whole number of minutes, from 1 to 1440");
            return None;
        }
    };
    Some((date, MeetingMode::ALL[form.selected("mode")], minutes))
}

pub fn submit(pane: &mut RosterPane, form: &mut Form, purpose: &RegisterPurpose, ctx: &mut Ctx) -> Next {
    let Some(group) = ctx.group_id() else { return Next::Close };
    match purpose {
        RegisterPurpose::NewMeeting => {
            let Some((held_on, mode, minutes)) = read_details(form) else { return Next::Stay };
            // One meeting a day: if that day has one, open it instead.
            if let Ok(Some(existing)) = ctx.store.meeting_on(group, held_on) {
                ctx.info(format!("{held_on} already has a meeting: here it is."));
                pane.register = Some(Register::open(existing, ctx));
                return Next::Close;
            }
            match ctx.store.create_meeting(group, &NewMeeting { held_on, mode, minutes }) {
                Ok(meeting) => {
                    pane.register = Some(Register::open(meeting, ctx));
                    Next::Close
                }
                Err(e) => {
                    form.message = Some(e.to_string());
                    Next::Stay
                }
            }
        }
        RegisterPurpose::EditMeeting(id) => {
            let Some((held_on, mode, minutes)) = read_details(form) else { return Next::Stay };
            let visitors = match form.value("visitors").trim().parse::<u32>() {
                Ok(n) if n <= 1000 => n,
                _ => {
                    form.set_error("visitors", "visitors is a whole number from 0 to 1000");
                    return Next::Stay;
                }
            };
            let notes = match text::limited("notes", form.value("notes"), text::MAX_NOTE_CHARS) {
                Ok(n) => n,
                Err(e) => {
                    form.set_error("notes", e.to_string());
                    return Next::Stay;
                }
            };
            let meeting = Meeting { id: *id, group, held_on, mode, minutes, visitors, round_run: false, notes };
            let result = ctx
                .store
                .meeting(*id)
                .and_then(|old| ctx.store.update_meeting(&Meeting { round_run: old.round_run, ..meeting }));
            match result {
                Ok(()) => {
                    ctx.info("Meeting details saved.");
                    Next::Close
                }
                Err(e) => {
                    form.message = Some(e.to_string());
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Visitor(meeting) => {
            let name = form.value("name").trim().to_string();
            let result = if name.is_empty() {
                ctx.store.meeting(*meeting).and_then(|mut m| {
                    m.visitors += 1;
                    ctx.store.update_meeting(&m)
                })
            } else {
                let fields = MemberFields::named(&name);
                if let Err((_, message)) = fields.validated() {
                    form.set_error("name", message);
                    return Next::Stay;
                }
                ctx.store
                    .add_member(group, &fields, MemberStatus::Enquiry, ctx.today)
                    .and_then(|m| ctx.store.set_present(*meeting, m.id, true))
            };
            match result {
                Ok(()) => {
                    ctx.info(if name.is_empty() {
                        "Visitor counted.".to_string()
                    } else {
                        format!("{} added as an enquiry and marked present.", display(&name))
                    });
                    Next::Close
                }
                Err(e) => {
                    form.message = Some(e.to_string());
                    Next::Stay
                }
            }
        }
    }
}

impl Register {
    /// Today's meeting of the open group, if one was recorded.
    pub fn open_today(ctx: &mut Ctx) -> crate::store::Result<Option<Register>> {
        let Some(group) = ctx.group_id() else { return Ok(None) };
        Ok(ctx.store.meeting_on(group, ctx.today)?.map(|m| Register::open(m, ctx)))
    }

    pub fn open(meeting: Meeting, ctx: &mut Ctx) -> Register {
        let mut register = Register { meeting, people: Vec::new(), selected: 0, past: None };
        register.reload(ctx);
        register
    }

    pub fn at_top_level(&self) -> bool {
        self.past.is_none()
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        let result = (|| {
            let meeting = ctx.store.meeting(self.meeting.id)?;
            let present: Vec<MemberId> = ctx.store.attendance(meeting.id)?.into_iter().map(|a| a.member).collect();
            let mut members =
                ctx.store.members_with_status(meeting.group, &[MemberStatus::Active, MemberStatus::OnBreak])?;
            for id in &present {
                if !members.iter().any(|m| m.id == *id) {
                    members.push(ctx.store.member(*id)?);
                }
            }
            let people = members
                .into_iter()
                .map(|m| Person { id: m.id, present: present.contains(&m.id), name: m.fields.name, status: m.status })
                .collect();
            Ok::<_, crate::store::StoreError>((meeting, people))
        })();
        match result {
            Ok((meeting, people)) => {
                self.meeting = meeting;
                self.people = people;
                self.selected = self.selected.min(self.people.len().saturating_sub(1));
            }
            Err(e) => ctx.error(e),
        }
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Modal> {
        if let Some((meetings, selected)) = &mut self.past {
            match action {
                Action::Up => *selected = selected.saturating_sub(1),
                Action::Down => *selected = (*selected + 1).min(meetings.len().saturating_sub(1)),
                Action::Back => self.past = None,
                Action::Open | Action::TogglePresent => {
                    if let Some(m) = meetings.get(*selected).cloned() {
                        self.past = None;
                        self.meeting = m;
                        self.selected = 0;
                        self.reload(ctx);
                    }
                }
                _ => {}
            }
            return None;
        }
        let n = self.people.len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::TogglePresent => {
                let person = self.people.get_mut(self.selected)?;
                let present = !person.present;
                match ctx.store.set_present(self.meeting.id, person.id, present) {
                    Ok(()) => {
                        person.present = present;
                        self.selected = (self.selected + 1).min(n.saturating_sub(1));
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::AddVisitor => {
                let form = Form::new("A visitor")
                    .intro("Leave the name empty to count a visitor without keeping any details.\nWith a name, they are added to the roster as an enquiry.")
                    .text("name", "Name (optional)", "");
                let purpose = RegisterPurpose::Visitor(self.meeting.id);
                return Some(Modal::Form(form, Purpose::Roster(RosterPurpose::Register(purpose))));
            }
            Action::EditMember => return Some(meeting_form(&self.meeting)),
            Action::PastMeetings => match ctx.store.meetings(self.meeting.group, 0, PAST_PAGE) {
                Ok(list) => {
                    let at = list.iter().position(|m| m.id == self.meeting.id).unwrap_or(0);
                    self.past = Some((list, at));
                }
                Err(e) => ctx.error(e),
            },
            _ => {}
        }
        None
    }

    pub fn confirmed(&mut self, _purpose: &RegisterPurpose, _ctx: &mut Ctx) -> Next {
        Next::Close
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let [bar, list_area] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        if let Some((meetings, selected)) = &self.past {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(" Past meetings: Enter opens one to correct it, Esc goes back", theme.title()),
                    Line::raw(""),
                ]),
                bar,
            );
            let items: Vec<ListItem> = meetings
                .iter()
                .map(|m| {
                    ListItem::new(format!(
                        " {}  {:<9} {:>4} min{}",
                        m.held_on.format("%a %-d %b %Y"),
                        m.mode.label(),
                        m.minutes,
                        if m.round_run { "  · round" } else { "" }
                    ))
                })
                .collect();
            let mut state = ListState::default().with_selected(Some(*selected));
            frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
            return;
        }
        let present = self.people.iter().filter(|p| p.present).count();
        let visitors = match self.meeting.visitors {
            0 => String::new(),
            1 => " + 1 visitor".to_string(),
            n => format!(" + {n} visitors"),
        };
        let title = format!(
            " Register · {} · {} · {} min",
            self.meeting.held_on.format("%a %-d %b %Y"),
            self.meeting.mode.label(),
            self.meeting.minutes
        );
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(title, theme.title()),
                Line::styled(
                    format!(" {present} of {} present{visitors} · saved as you go · Esc to finish", self.people.len()),
                    theme.dim(),
                ),
            ]),
            bar,
        );
        if self.people.is_empty() {
            super::empty_state(
                frame,
                list_area,
                "Nobody is active yet. Add members on the roster first, or press v for a visitor.",
                theme,
            );
            return;
        }
        let width = list_area.width.saturating_sub(8) as usize;
        let items: Vec<ListItem> = self
            .people
            .iter()
            .map(|p| {
                let mark =
                    if p.present { Span::styled(" [x] ", theme.good()) } else { Span::styled(" [ ] ", theme.dim()) };
                let note = match p.status {
                    MemberStatus::Active => String::new(),
                    other => format!("  ({})", other.label()),
                };
                ListItem::new(Line::from(vec![
                    mark,
                    Span::raw(fit(&p.name, width.saturating_sub(note.len()))),
                    Span::styled(note, theme.dim()),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
    }
}

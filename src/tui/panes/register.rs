//! The register: who is here today. Each toggle is saved the moment it is
//! made; past meetings can be opened and corrected the same way.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::roster::{RosterPane, RosterPurpose};
use super::{Answer, ListCursor, Next, Point};
use crate::domain::meeting::{parse_minutes, parse_visitors};
use crate::domain::text::{self, display};
use crate::domain::{Meeting, MeetingId, MeetingMode, MemberStatus, NewMeeting};
use crate::present::register::Counts;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::switcher::show_error;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;
use crate::usecase::register::{MeetingDetails, MeetingOpened, RegisterLine, VisitorAdded};

pub const GUIDANCE: &str = "Who is here today. Each mark is saved the moment you make it. Members on a break are \
listed too, in case they drop in. A visitor can be counted without any details, or added by name as an enquiry.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterPurpose {
    NewMeeting,
    EditMeeting(MeetingId),
    Visitor(MeetingId),
}

pub struct Register {
    meeting: Meeting,
    people: Vec<RegisterLine>,
    agreement: Option<u32>,
    cursor: ListCursor,
    past: Option<(Vec<Meeting>, ListCursor)>,
    failed: Option<String>,
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
    let minutes = match parse_minutes(form.value("minutes")) {
        Ok(n) => n,
        Err(e) => {
            form.set_error("minutes", e);
            return None;
        }
    };
    Some((date, MeetingMode::ALL[form.selected("mode")], minutes))
}

/// The answers to the register's dialogs.
pub fn answer(pane: &mut RosterPane, answer: Answer<'_>, purpose: &RegisterPurpose, ctx: &mut Ctx) -> Next {
    let Answer::Form(form, _) = answer else { return Next::Close };
    let Some(group) = ctx.group_id() else { return Next::Close };
    match purpose {
        RegisterPurpose::NewMeeting => {
            let Some((held_on, mode, minutes)) = read_details(form) else { return Next::Stay };
            match ctx.circle.open_meeting(group, &NewMeeting { held_on, mode, minutes }) {
                Ok(opened) => {
                    let meeting = match opened {
                        MeetingOpened::Created(m) => m,
                        MeetingOpened::AlreadyThere(m) => {
                            ctx.info(format!("{held_on} already has a meeting: here it is."));
                            m
                        }
                    };
                    pane.register = Some(Register::open(meeting, ctx));
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::EditMeeting(id) => {
            let Some((held_on, mode, minutes)) = read_details(form) else { return Next::Stay };
            let visitors = match parse_visitors(form.value("visitors")) {
                Ok(n) => n,
                Err(e) => {
                    form.set_error("visitors", e);
                    return Next::Stay;
                }
            };
            let details = MeetingDetails { held_on, mode, minutes, visitors, notes: form.value("notes").to_string() };
            match ctx.circle.edit_meeting(*id, details) {
                Ok(()) => {
                    ctx.info("Meeting details saved.");
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Visitor(meeting) => match ctx.circle.add_visitor(*meeting, form.value("name"), ctx.today) {
            Ok(VisitorAdded::Counted) => {
                ctx.info("Visitor counted.");
                Next::Close
            }
            Ok(VisitorAdded::Named(name)) => {
                ctx.info(format!("{} added as an enquiry and marked present.", display(&name)));
                Next::Close
            }
            Err(e) => {
                show_error(form, e);
                Next::Stay
            }
        },
    }
}

/// What the register counts, as the status line lays it out: "9 present
/// of 10 expected · 1 on a break + 2 visitors" (the words and the counting
/// are [`Counts`]'s).
fn counts_line(people: &[RegisterLine], visitors: u32) -> String {
    format!(" {}", Counts::of(people, visitors).joined(" + ", " · "))
}

/// Up to this many people yet to agree to the agreement are named in the
/// register; more are counted.
const FEW_TO_AGREE: usize = 3;

impl Register {
    /// Today's meeting of the open group, if one was recorded.
    pub fn open_today(ctx: &mut Ctx) -> crate::usecase::Result<Option<Register>> {
        let Some(group) = ctx.group_id() else { return Ok(None) };
        Ok(ctx.circle.meeting_on(group, ctx.today)?.map(|m| Register::open(m, ctx)))
    }

    /// The latest meeting, for when circle can only read: nothing new can
    /// be recorded, and the others are a key away.
    pub fn open_latest(ctx: &mut Ctx) -> crate::usecase::Result<Option<Register>> {
        let Some(group) = ctx.group_id() else { return Ok(None) };
        let Some(latest) = ctx.circle.past_meetings(group, 1)?.pop() else { return Ok(None) };
        let past = key_for(Context::Register, Action::PastMeetings);
        ctx.info(format!(
            "Nothing new can be recorded while circle is read-only; this is the latest meeting, and {past} lists the others."
        ));
        Ok(Some(Register::open(latest, ctx)))
    }

    pub fn open(meeting: Meeting, ctx: &mut Ctx) -> Register {
        let mut register = Register {
            meeting,
            people: Vec::new(),
            agreement: None,
            cursor: ListCursor::default(),
            past: None,
            failed: None,
        };
        register.reload(ctx);
        register
    }

    pub fn at_top_level(&self) -> bool {
        self.past.is_none()
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        match ctx.circle.register(self.meeting.id) {
            Ok(view) => {
                self.meeting = view.meeting;
                self.people = view.people;
                self.agreement = view.agreement;
                self.cursor.clamp(self.people.len());
                self.failed = None;
            }
            Err(e) => self.failed = Some(super::read_failure("register", &e)),
        }
    }

    /// A click on a person, or on a past meeting while they are listed.
    pub fn click(&mut self, point: Point) -> bool {
        match &mut self.past {
            Some((meetings, cursor)) => cursor.click(point, meetings.len()),
            None => self.cursor.click(point, self.people.len()),
        }
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        if let Some((meetings, cursor)) = &mut self.past {
            if cursor.apply(action, meetings.len()) {
                return Next::Stay;
            }
            match action {
                Action::Back => self.past = None,
                Action::Open => {
                    if let Some(m) = meetings.get(cursor.selected).cloned() {
                        self.past = None;
                        self.meeting = m;
                        self.cursor = ListCursor::default();
                        self.reload(ctx);
                    }
                }
                _ => {}
            }
            return Next::Stay;
        }
        let n = self.people.len();
        if self.cursor.apply(action, n) {
            return Next::Stay;
        }
        match action {
            Action::TogglePresent => {
                let Some(person) = self.people.get_mut(self.cursor.selected) else { return Next::Stay };
                let present = !person.present;
                match ctx.circle.set_present(self.meeting.id, person.member, present) {
                    Ok(()) => {
                        person.present = present;
                        self.cursor.apply(Action::Down, n);
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::AgreeToday => {
                let Some(person) = self.people.get(self.cursor.selected) else { return Next::Stay };
                let (member, name) = (person.member, display(&person.name).into_owned());
                match ctx.circle.record_signups(self.meeting.group, &[member], ctx.today, ctx.today) {
                    Ok(v) => {
                        ctx.info(format!("{name} agreed to version {v} of the agreement today."));
                        self.reload(ctx);
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::AllPresent => match ctx.circle.mark_expected_present(self.meeting.id) {
                Ok(0) => ctx.info("Everyone expected is already marked present."),
                Ok(n) => {
                    let unmark = key_for(Context::Register, Action::TogglePresent);
                    ctx.info(format!("Marked {n} present. Press {unmark} on anyone who is not here."));
                    self.reload(ctx);
                }
                Err(e) => ctx.error(e),
            },
            Action::AddVisitor => {
                let form = Form::new("A visitor")
                    .intro("Leave the name empty to count a visitor without keeping any details.\nWith a name, they are added to the roster as an enquiry.")
                    .text("name", "Name (optional)", "");
                let purpose = RegisterPurpose::Visitor(self.meeting.id);
                return Next::Open(Modal::Form(form, Purpose::Roster(RosterPurpose::Register(purpose))));
            }
            Action::MeetingDetails => return Next::Open(meeting_form(&self.meeting)),
            Action::PastMeetings => match ctx.circle.past_meetings(self.meeting.group, PAST_PAGE) {
                Ok(list) => {
                    let at = list.iter().position(|m| m.id == self.meeting.id).unwrap_or(0);
                    self.past = Some((list, ListCursor::at(at)));
                }
                Err(e) => ctx.error(e),
            },
            _ => {}
        }
        Next::Stay
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
        let [bar, list_area] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        if let Some((meetings, cursor)) = &self.past {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::styled(
                        format!(
                            " Past meetings: {} opens one to correct it, {} goes back",
                            key_for(Context::Register, Action::Open),
                            key_for(Context::Register, Action::Back)
                        ),
                        theme.title(),
                    ),
                    Line::raw(""),
                ]),
                bar,
            );
            let items: Vec<ListItem> = meetings
                .iter()
                .map(|m| {
                    ListItem::new(format!(
                        " {}  {:<9} {:>4} min{}",
                        ctx.dates.day(m.held_on),
                        m.mode.label(),
                        m.minutes,
                        if m.round_run { "  · round" } else { "" }
                    ))
                })
                .collect();
            let mut state = ListState::default().with_selected(Some(cursor.selected));
            frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
            cursor.drawn(frame, list_area, state.offset(), 0);
            return;
        }
        let title = format!(
            " Register · {} · {} · {} min · saved as you go",
            ctx.dates.day(self.meeting.held_on),
            self.meeting.mode.label(),
            self.meeting.minutes
        );
        // Who still has to agree to the current agreement, so it can be
        // recorded at the meeting (s): by name when only a few have not,
        // else counted once above, not repeated after every name.
        let to_agree = self.agreement.map_or(0, |c| self.people.iter().filter(|p| p.agreed != Some(c)).count());
        let by_name = to_agree <= FEW_TO_AGREE;
        let mut counts = counts_line(&self.people, self.meeting.visitors);
        if let Some(current) = self.agreement.filter(|_| !by_name) {
            counts.push_str(&format!(" · {to_agree} yet to agree to v{current}"));
        }
        let finish = format!(" · {} to finish", key_for(Context::Register, Action::Back));
        if counts.chars().count() + finish.chars().count() <= area.width as usize {
            counts.push_str(&finish);
        }
        frame.render_widget(
            Paragraph::new(vec![Line::styled(title, theme.title()), Line::styled(counts, theme.dim())]),
            bar,
        );
        if self.people.is_empty() {
            super::empty_state(
                frame,
                list_area,
                &format!(
                    "Nobody is active yet. Add members on the roster first, or press {} for a visitor.",
                    key_for(Context::Register, Action::AddVisitor)
                ),
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
                let mut note = match p.status {
                    MemberStatus::Active => String::new(),
                    other => format!("  ({})", other.label()),
                };
                if let Some(current) = self.agreement.filter(|c| by_name && p.agreed != Some(*c)) {
                    note.push_str(&format!("  not yet agreed to v{current}"));
                }
                ListItem::new(Line::from(vec![
                    mark,
                    Span::raw(fit(&p.name, width.saturating_sub(note.chars().count()))),
                    Span::styled(note, theme.dim()),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
        self.cursor.drawn(frame, list_area, state.offset(), 0);
    }
}

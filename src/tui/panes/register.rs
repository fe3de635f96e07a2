//! The register: who is here. Each mark is saved the moment it is made and
//! lands on the person the cursor is on. A day's meeting is recorded with
//! its first mark, so opening the register and leaving it keeps nothing.
//! Past meetings open here from the list of meetings, to be corrected the
//! same way.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::roster::{RosterPane, RosterPurpose};
use super::{Answer, ListCursor, Next, Point};
use crate::domain::meeting::{parse_minutes, parse_visitors};
use crate::domain::text::{self, display};
use crate::domain::{MeetingId, MeetingMode, MemberStatus, NewMeeting};
use crate::present::register::{self as words, Counts};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::switcher::show_error;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;
use crate::usecase::register::{Mark, MarkSaved, Marked, MeetingDetails, RegisterLine, RegisterOf, VisitorAdded};

pub const GUIDANCE: &str = "Who is here. Each mark is saved the moment you make it, on the person the cursor is \
on. Members on a break are listed too, in case they drop in. A visitor can be counted without any details, or \
added by name as an enquiry. The meeting is recorded with its first mark, so opening the register by mistake \
leaves nothing behind.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterPurpose {
    /// The day, mode and length of a register to take (today's, or a day
    /// that has passed).
    NewMeeting,
    /// The details of the open register's meeting.
    Details,
    /// The details of a meeting chosen in the list of meetings.
    EditMeeting(MeetingId),
    Visitor,
    /// Taking away a meeting, after saying what goes with it.
    Remove(MeetingId, NaiveDate),
}

/// Where `Esc` in a register goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    Roster,
    /// The list of meetings it was opened from.
    Meetings,
}

pub struct Register {
    of: RegisterOf,
    people: Vec<RegisterLine>,
    agreement: Option<u32>,
    cursor: ListCursor,
    failed: Option<String>,
    pub back: Back,
}

/// The form for a register to take: today's (`today`), or the day of a
/// meeting that was not recorded on the day.
pub fn new_meeting_form(ctx: &Ctx, for_today: bool) -> Modal {
    let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
    let form = if for_today {
        Form::new("Today's meeting").intro(format!("No meeting is recorded for today yet. {}", words::NOT_YET_KEPT))
    } else {
        Form::new("A register for another day").intro(
            "Forgot the register on the day? Type the day of the meeting, as 2026-03-14: a day that has passed \
             and has no meeting yet. It is recorded with the first mark.",
        )
    };
    let (today, minutes) = (ctx.today.to_string(), minutes.to_string());
    let form = form.text("date", "Date", &today).choice("mode", "Mode", MeetingMode::ALL, 0).text(
        "minutes",
        "Length (minutes)",
        &minutes,
    );
    Modal::Form(form, Purpose::Roster(RosterPurpose::Register(RegisterPurpose::NewMeeting)))
}

/// The details of a meeting, to correct: its day, mode, length, visitors
/// and notes.
pub fn details_form(of: &RegisterOf, purpose: RegisterPurpose) -> Modal {
    let mode = MeetingMode::ALL.iter().position(|m| *m == of.mode()).unwrap_or(0);
    let mut form = Form::new(format!("Meeting of {}", of.held_on()));
    if of.recorded().is_none() {
        form = form.intro(format!("{} A note or a visitor count records it.", words::NOT_YET_KEPT));
    }
    let form = form
        .text("date", "Date", &of.held_on().to_string())
        .choice("mode", "Mode", MeetingMode::ALL, mode)
        .text("minutes", "Length (minutes)", &of.minutes().to_string())
        .text("visitors", "Visitors", &of.visitors().to_string())
        .text("notes", "Notes", of.notes());
    Modal::Form(form, Purpose::Roster(RosterPurpose::Register(purpose)))
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

fn read_all_details(form: &mut Form) -> Option<MeetingDetails> {
    let (held_on, mode, minutes) = read_details(form)?;
    let visitors = match parse_visitors(form.value("visitors")) {
        Ok(n) => n,
        Err(e) => {
            form.set_error("visitors", e);
            return None;
        }
    };
    Some(MeetingDetails { held_on, mode, minutes, visitors, notes: form.value("notes").to_string() })
}

/// The answers to the register's dialogs (and those of the list of
/// meetings, which open registers).
pub fn answer(pane: &mut RosterPane, answer: Answer<'_>, purpose: &RegisterPurpose, ctx: &mut Ctx) -> Next {
    let Some(group) = ctx.group_id() else { return Next::Close };
    if let (Answer::Confirmed(_), RegisterPurpose::Remove(id, day)) = (&answer, purpose) {
        match ctx.circle.meeting_contents(group, *day) {
            Ok((found, contents)) if found == *id => match ctx.circle.remove_meeting(*id) {
                Ok(()) => {
                    ctx.info(format!(
                        "The meeting of {} is taken away, with {}.",
                        ctx.dates.day(*day),
                        contents.said()
                    ));
                    if pane.register.as_ref().is_some_and(|r| r.of.recorded().is_some_and(|m| m.id == *id)) {
                        pane.register = None;
                    }
                }
                Err(e) => ctx.error(e),
            },
            Ok(_) => ctx.error("That meeting was changed meanwhile; nothing was taken away. Look at the list again."),
            Err(e) => ctx.error(e),
        }
        return Next::Close;
    }
    let Answer::Form(form, _) = answer else { return Next::Close };
    match purpose {
        RegisterPurpose::NewMeeting => {
            let Some((held_on, mode, minutes)) = read_details(form) else { return Next::Stay };
            match ctx.circle.register_for_day(group, &NewMeeting { held_on, mode, minutes }, ctx.today) {
                Ok(of) => {
                    let back = if pane.meetings.is_some() { Back::Meetings } else { Back::Roster };
                    pane.meetings = None;
                    pane.register = Some(Register::open(of, back, ctx));
                    if held_on != ctx.today {
                        ctx.info(format!("The register for {}. {}", ctx.dates.day(held_on), words::NOT_YET_KEPT));
                    }
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Details => {
            let Some(details) = read_all_details(form) else { return Next::Stay };
            let Some(register) = pane.register.as_mut() else { return Next::Close };
            match ctx.circle.change_meeting(&register.of, details, ctx.today) {
                Ok(of) => {
                    let day = ctx.dates.day(of.held_on());
                    match (&register.of, &of) {
                        (_, RegisterOf::NotYetKept { .. }) => {
                            ctx.info(format!("The register is for {day} now. {}", words::NOT_YET_KEPT));
                        }
                        (RegisterOf::NotYetKept { .. }, RegisterOf::Recorded(_)) => ctx.info(words::recorded(&day)),
                        _ => ctx.info("Meeting details saved."),
                    }
                    register.of = of;
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::EditMeeting(id) => {
            let Some(details) = read_all_details(form) else { return Next::Stay };
            match ctx.circle.edit_meeting(*id, details, ctx.today) {
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
        RegisterPurpose::Visitor => {
            let Some(register) = pane.register.as_mut() else { return Next::Close };
            match register.mark(Mark::Visitor(form.value("name").to_string()), ctx) {
                Ok(()) => Next::Close,
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Remove(..) => Next::Close,
    }
}

/// What the register counts, as the status line lays it out: "9 present
/// of 10 expected · 1 on a break + 2 visitors" (the words and the counting
/// are [`Counts`]'s).
fn counts_line(people: &[RegisterLine], visitors: u32) -> String {
    format!(" {}", Counts::of(people, visitors).joined(" + ", " · "))
}

impl Register {
    /// Today's meeting of the open group, if one was recorded.
    pub fn open_today(ctx: &mut Ctx) -> crate::usecase::Result<Option<Register>> {
        let Some(group) = ctx.group_id() else { return Ok(None) };
        Ok(ctx.circle.meeting_on(group, ctx.today)?.map(|m| Register::open(RegisterOf::Recorded(m), Back::Roster, ctx)))
    }

    /// The latest meeting, for when circle can only read: nothing new can
    /// be recorded, and the others are a key away.
    pub fn open_latest(ctx: &mut Ctx) -> crate::usecase::Result<Option<Register>> {
        let Some(group) = ctx.group_id() else { return Ok(None) };
        let Some(latest) = ctx.circle.past_meetings(group, 1)?.pop() else { return Ok(None) };
        let list = key_for(Context::Register, Action::Meetings);
        ctx.info(format!(
            "Nothing new can be recorded while circle is read-only; this is the latest meeting, and {list} lists the others."
        ));
        Ok(Some(Register::open(RegisterOf::Recorded(latest), Back::Roster, ctx)))
    }

    pub fn open(of: RegisterOf, back: Back, ctx: &mut Ctx) -> Register {
        let mut register =
            Register { of, people: Vec::new(), agreement: None, cursor: ListCursor::default(), failed: None, back };
        register.reload(ctx);
        register
    }

    /// The meeting, once it is in the file.
    pub fn meeting(&self) -> Option<MeetingId> {
        self.of.recorded().map(|m| m.id)
    }

    /// Said on leaving a register: a meeting in the file with nobody in it
    /// is easy to take away.
    pub fn leaving(&self, ctx: &mut Ctx) {
        if let Some(m) = self.of.recorded()
            && m.visitors == 0
            && !m.round_run
            && m.notes.trim().is_empty()
            && !self.people.iter().any(|p| p.present)
        {
            ctx.info(format!(
                "Nobody is marked present at the meeting of {}. If it was recorded by mistake, {} lists the \
                 meetings and {} there takes it away.",
                ctx.dates.day(m.held_on),
                key_for(Context::Global, Action::Meetings),
                key_for(Context::Meetings, Action::RemoveMeeting)
            ));
        }
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        match ctx.circle.register_sheet(&self.of) {
            Ok(sheet) => {
                self.of = sheet.of;
                self.people = sheet.people;
                self.agreement = sheet.agreement;
                self.cursor.clamp(self.people.len());
                self.failed = None;
            }
            Err(e) => self.failed = Some(super::read_failure("register", &e)),
        }
    }

    /// A click on a person.
    pub fn click(&mut self, point: Point) -> bool {
        self.cursor.click(point, self.people.len())
    }

    /// Saves a mark; the first one records the meeting, and says so.
    fn mark(&mut self, mark: Mark, ctx: &mut Ctx) -> crate::usecase::Result<()> {
        let was_kept = self.of.recorded().is_some();
        let MarkSaved { meeting, marked, recorded_now } = ctx.circle.mark(&self.of, mark.clone(), ctx.today)?;
        let day = ctx.dates.day(meeting.held_on);
        self.of = RegisterOf::Recorded(meeting);
        self.reload(ctx);
        let said = match (marked, &mark) {
            (Marked::Present, Mark::Present(id, present)) => {
                let name = self.people.iter().find(|p| p.member == *id).map(|p| p.name.clone()).unwrap_or_default();
                words::marked(&name, *present)
            }
            (Marked::Expected(0), _) => "Everyone expected is already marked present.".to_string(),
            (Marked::Expected(n), _) => {
                let unmark = key_for(Context::Register, Action::TogglePresent);
                format!("Marked {n} present. Press {unmark} on anyone who is not here.")
            }
            (Marked::Visitor(VisitorAdded::Counted), _) => "Visitor counted.".to_string(),
            (Marked::Visitor(VisitorAdded::Named(name)), _) => {
                format!("{} added as an enquiry and marked present.", display(&name))
            }
            (Marked::Present, _) => String::new(),
        };
        let first = if recorded_now {
            format!("{} ", words::recorded(&day))
        } else if !was_kept {
            format!("{day} was recorded meanwhile, elsewhere; this is added to it. ")
        } else {
            String::new()
        };
        ctx.info(format!("{first}{said}"));
        Ok(())
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        let n = self.people.len();
        if self.cursor.apply(action, n) {
            return Next::Stay;
        }
        match action {
            Action::TogglePresent => {
                let Some(person) = self.people.get(self.cursor.selected) else { return Next::Stay };
                let mark = Mark::Present(person.member, !person.present);
                if let Err(e) = self.mark(mark, ctx) {
                    ctx.error(e);
                }
            }
            Action::AgreeToday => {
                let Some(person) = self.people.get(self.cursor.selected) else { return Next::Stay };
                let (member, name) = (person.member, display(&person.name).into_owned());
                match ctx.circle.record_signups(self.of.group(), &[member], ctx.today, ctx.today) {
                    Ok(v) => {
                        ctx.info(format!("{name} agreed to version {v} of the agreement today."));
                        self.reload(ctx);
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::AllPresent => {
                if let Err(e) = self.mark(Mark::Expected, ctx) {
                    ctx.error(e);
                }
            }
            Action::AddVisitor => {
                let form = Form::new("A visitor")
                    .intro("Leave the name empty to count a visitor without keeping any details.\nWith a name, they are added to the roster as an enquiry.")
                    .text("name", "Name (optional)", "");
                return Next::Open(Modal::Form(
                    form,
                    Purpose::Roster(RosterPurpose::Register(RegisterPurpose::Visitor)),
                ));
            }
            Action::MeetingDetails => return Next::Open(details_form(&self.of, RegisterPurpose::Details)),
            _ => {}
        }
        Next::Stay
    }

    /// The title's parts, from the most to the least needed; as many as
    /// fit are shown.
    fn title(&self, ctx: &Ctx) -> Vec<String> {
        let day = ctx.dates.day(self.of.held_on());
        let day = match words::days_ago(self.of.held_on(), ctx.today) {
            Some(ago) => format!("{day}, {ago}"),
            None => day,
        };
        let mut parts = vec![
            format!(" Register · {day}"),
            format!(" · {}", self.of.mode().label()),
            format!(" · {} min", self.of.minutes()),
        ];
        if self.of.recorded().is_some() {
            parts.push(" · saved as you go".into());
        }
        parts
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
        let [bar, list_area] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        let mut title = String::new();
        for part in self.title(ctx) {
            if title.chars().count() + part.chars().count() > area.width as usize && !title.is_empty() {
                break;
            }
            title.push_str(&part);
        }
        let mut counts = counts_line(&self.people, self.of.visitors());
        let not_kept = (self.of.recorded().is_none()).then_some(" · kept from the first mark".to_string());
        let finish = format!(" · {} to finish", key_for(Context::Register, Action::Back));
        for more in not_kept.into_iter().chain([finish]) {
            if counts.chars().count() + more.chars().count() <= area.width as usize {
                counts.push_str(&more);
            }
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
                // Who still has to agree to the current agreement, so it
                // can be recorded at the meeting (s).
                if let Some(current) = self.agreement.filter(|c| p.agreed != Some(*c)) {
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

//! The register: who is here. Each mark is saved the moment it is made and
//! lands on the person the cursor is on. A day's meeting is recorded with
//! its first mark, so opening the register and leaving it keeps nothing.
//! Past meetings open here from the list of meetings, to be corrected the
//! same way.

mod dialogs;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::roster::RosterPurpose;
use super::{ListCursor, Next, Point};
use crate::domain::text::display;
use crate::domain::{MeetingId, MemberId, MemberStatus};
use crate::present::agreement as signups;
use crate::present::register::{self as words, Counts};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;
use crate::usecase::agreement::SignupOutcome;
use crate::usecase::register::{Mark, MarkSaved, Marked, RegisterLine, RegisterOf, VisitorAdded};

use dialogs::agreed;
pub use dialogs::{answer, details_form, new_meeting_form};

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
    /// Someone not marked present agreed to the agreement: yes records it.
    SignAnyway(MemberId, NaiveDate),
    /// Take back the sign-up to this version.
    Withdraw(MemberId, u32),
    /// A named visitor is known already: one of these people, or someone
    /// new called by the typed name.
    KnownVisitor(String, Vec<(MemberId, String)>),
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

    /// Saves a mark; the first one records the meeting, and says so. A
    /// visitor whose name is known is not added: the people it may be come
    /// back, to be asked about.
    fn mark(
        &mut self,
        mark: Mark,
        ctx: &mut Ctx,
    ) -> crate::usecase::Result<Option<Vec<crate::usecase::people::Someone>>> {
        let was_kept = self.of.recorded().is_some();
        let MarkSaved { meeting, marked, recorded_now } = ctx.circle.mark(&self.of, mark.clone(), ctx.today)?;
        if let Marked::Visitor(VisitorAdded::Known(known)) = marked {
            return Ok(Some(known));
        }
        let Some(meeting) = meeting else { return Ok(None) };
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
            (Marked::Visitor(VisitorAdded::Known(_)), _) => String::new(),
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
        Ok(None)
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
                let member = person.member;
                // Agreed at this meeting: on its day.
                let on = self.of.held_on();
                match ctx.circle.sign_up(self.of.group(), &[member], on, ctx.today, false) {
                    Ok(SignupOutcome::Recorded(v)) => {
                        ctx.info(agreed(&person.name, v, on, ctx));
                        self.reload(ctx);
                    }
                    Ok(SignupOutcome::AlreadyAgreed(v, people)) => {
                        ctx.info(signups::already_agreed(v, &people, &|d| ctx.dates.day(d)))
                    }
                    Ok(SignupOutcome::NotPresent(absent)) => {
                        let names: Vec<String> = absent.into_iter().map(|(_, name)| name).collect();
                        let when = signups::when(on, ctx.today, &|d| ctx.dates.day(d));
                        let confirm = Confirm::new("Not marked present", signups::not_present(&names, &when));
                        let purpose = RegisterPurpose::SignAnyway(member, on);
                        return Next::Open(Modal::Confirm(confirm, Purpose::Roster(RosterPurpose::Register(purpose))));
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::WithdrawSignup => {
                let Some(person) = self.people.get(self.cursor.selected) else { return Next::Stay };
                match ctx.circle.signup_history(person.member) {
                    Ok(history) => match history.last() {
                        Some(latest) => {
                            let question =
                                signups::withdraw_question(&person.name, *latest, &ctx.dates.day(latest.signed_on));
                            let confirm = Confirm::new("Withdraw a sign-up", question);
                            let purpose = RegisterPurpose::Withdraw(person.member, latest.version);
                            return Next::Open(Modal::Confirm(
                                confirm,
                                Purpose::Roster(RosterPurpose::Register(purpose)),
                            ));
                        }
                        None => ctx.info(signups::nothing_to_withdraw(&person.name)),
                    },
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
        // Who still has to agree to the current agreement, so it can be
        // recorded at the meeting (s): by name when only a few have not,
        // else counted once above, not repeated after every name.
        let to_agree = self.agreement.map_or(0, |c| self.people.iter().filter(|p| p.agreed != Some(c)).count());
        let by_name = to_agree <= FEW_TO_AGREE;
        let mut counts = counts_line(&self.people, self.of.visitors());
        if let Some(current) = self.agreement.filter(|_| !by_name) {
            counts.push_str(&format!(" · {to_agree} yet to agree to v{current}"));
        }
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

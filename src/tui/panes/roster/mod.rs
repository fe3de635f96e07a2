//! The roster: members of the open group, their journey, and the way into
//! the register. Only a window of rows around the selection is loaded, so a
//! group of thousands stays quick.

mod membership;
mod merge;
mod read;
pub use read::RosterRead;
mod table;

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::meetings::{self, Meetings};
use super::register::{Back, Register};
use super::{Answer, ListCursor, Next, Pane, Point};
use crate::domain::text::display;
use crate::domain::{GroupId, MemberFields, MemberId, MemberStatus, RosterQuery, RosterRow, RosterSort};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::widgets::confirm::Confirm;
use crate::usecase::membership::{Answers, StatusRequest, Who};

pub const GUIDANCE: &str = "Everyone in the group and where they are on their journey: enquiry, waitlist, active, \
on a break, or left. Flags: I means they like to be invited to speak, A means access needs are noted. \
An agreement version marked ! is behind the current one. Two records of one person can be merged: press m on \
one, then m on the other. Forgetting someone erases everything about them.";

/// Rows kept in memory around the selection, in screens: the selection
/// may move a screen either way before the window is read again, so a
/// screen's worth of rows is always there to draw.
const WINDOW_SCREENS: usize = 4;

/// The screen height assumed before the roster is first drawn.
const FIRST_SCREEN: usize = 40;

/// The roster's views: everyone still in the group (the usual one), then
/// everyone including those who left, then one status at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    Current,
    Everyone,
    Only(MemberStatus),
}

const FILTERS: [Filter; 7] = [
    Filter::Current,
    Filter::Everyone,
    Filter::Only(MemberStatus::Active),
    Filter::Only(MemberStatus::Waitlist),
    Filter::Only(MemberStatus::Enquiry),
    Filter::Only(MemberStatus::OnBreak),
    Filter::Only(MemberStatus::Left),
];

impl Filter {
    fn label(self) -> &'static str {
        match self {
            Filter::Current => "current members",
            Filter::Everyone => "everyone, also those who left",
            Filter::Only(status) => status.label(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterPurpose {
    Add,
    /// Editing someone, with the details as the form first showed them.
    Edit(MemberId, Box<MemberFields>),
    Status(MemberId),
    /// A closed group's membership is changing outside its intake.
    ClosedIntake(StatusRequest, Answers),
    /// The group is full: the form suggests the waitlist.
    AtCapacity(StatusRequest, Answers),
    OfferPlace(MemberId),
    Forget(MemberId),
    /// Merge these two records of one person.
    Merge(MemberId, MemberId),
    EndRound,
    Register(super::register::RegisterPurpose),
}

#[derive(Default)]
pub struct RosterPane {
    query: RosterQuery,
    filter: usize,
    total: usize,
    /// The group, query and data revision `total` was counted for: moving
    /// through the list loads another window, and counts again only when
    /// one of them changed.
    counted: Option<(GroupId, RosterQuery, (i64, u64))>,
    window_start: usize,
    rows: Vec<RosterRow>,
    /// The selection counts from the first row of the whole list, not of
    /// the loaded window.
    cursor: ListCursor,
    searching: bool,
    search: Input,
    current_version: Option<u32>,
    /// Why the roster could not be read, shown instead of an empty table.
    failed: Option<String>,
    pub register: Option<Register>,
    /// The list of the group's meetings, over the register or the roster.
    pub meetings: Option<Meetings>,
    /// A speaking round on screen (it carries on, stored, when it is not).
    pub round: Option<super::round::RoundScreen>,
    /// The first record chosen to merge, waiting for the second.
    merging: Option<(MemberId, String)>,
}

impl RosterPane {
    fn selected_row(&self) -> Option<&RosterRow> {
        self.rows.get(self.cursor.selected.checked_sub(self.window_start)?)
    }

    /// How many rows to keep in memory: four screens of the height last
    /// drawn (reading them costs what they are, so not hundreds more).
    fn window(&self) -> usize {
        WINDOW_SCREENS * self.cursor.drawn_rows().unwrap_or(FIRST_SCREEN).max(12)
    }

    /// Keeps the loaded window around the selection.
    fn select(&mut self, index: usize, ctx: &mut Ctx) {
        self.cursor.selected = index.min(self.total.saturating_sub(1));
        let margin = self.window() / 4;
        let end = self.window_start + self.rows.len();
        let selected = self.cursor.selected;
        let near_start = selected < self.window_start + margin && self.window_start > 0;
        let near_end = selected + margin >= end && end < self.total;
        if near_start || near_end {
            self.reload(ctx);
        }
    }

    /// Keeps the selection on the same person after a change, if still shown.
    fn reselect(&mut self, id: MemberId, ctx: &mut Ctx) {
        self.reload(ctx);
        if let Some(i) = self.rows.iter().position(|r| r.id == id) {
            self.cursor.selected = self.window_start + i;
        }
    }

    fn forget(&self, ctx: &mut Ctx) -> Option<Modal> {
        let row = self.selected_row()?;
        let someone = match ctx.circle.someone(row.id) {
            Ok(someone) => someone,
            Err(e) => {
                ctx.error(e);
                return None;
            }
        };
        let question = crate::present::people::forget_question(&someone, &|d| ctx.dates.day(d));
        let confirm = Confirm::new("Forget a member", question).typed(someone.name);
        Some(Modal::Confirm(confirm, Purpose::Roster(RosterPurpose::Forget(row.id))))
    }

    /// After a status change: a message, a question, or a dialog, and the
    /// highlight on the person changed.
    fn after(&mut self, (next, member): (Next, Option<MemberId>), ctx: &mut Ctx) -> Next {
        if let Some(id) = member {
            self.reselect(id, ctx);
        }
        next
    }
}

impl Pane for RosterPane {
    fn context(&self) -> Context {
        if let Some(round) = &self.round {
            round.context()
        } else if self.meetings.is_some() {
            Context::Meetings
        } else if self.register.is_some() {
            Context::Register
        } else if self.searching {
            Context::Search
        } else {
            Context::Roster
        }
    }

    fn tick_interval(&self, ctx: &Ctx) -> Option<std::time::Duration> {
        self.round.as_ref().and_then(|r| r.tick_interval(ctx))
    }

    fn help(&self) -> (&'static str, String) {
        if self.round.is_some() {
            ("Speaking round", super::round::GUIDANCE.to_string())
        } else if self.meetings.is_some() {
            ("Meetings", meetings::GUIDANCE.to_string())
        } else if self.register.is_some() {
            ("Register", super::register::GUIDANCE.to_string())
        } else {
            ("Roster", GUIDANCE.to_string())
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        if let Some(round) = &mut self.round {
            round.reload(ctx);
        }
        if let Some(register) = &mut self.register {
            register.reload(ctx);
        }
        if let Some(list) = &mut self.meetings {
            list.reload(ctx);
        }
        let Some(group) = ctx.group_id() else { return };
        // Keep the highlight on the same person when the rows move.
        let keep = self.selected_row().map(|r| r.id);
        self.query = self.wanted_query();
        let revision = ctx.circle.revision();
        let counted = revision.map(|r| (group, self.query.clone(), r));
        let cached = match &counted {
            Some(now) if self.counted.as_ref() == Some(now) => Some(self.total),
            _ => None,
        };
        match read::read(&ctx.circle, group, &self.query, self.cursor.selected, self.window(), cached) {
            Ok(read) => {
                self.counted = counted;
                self.show(read, keep);
            }
            Err(e) => self.failed = Some(super::read_failure("roster", &e)),
        }
    }

    fn click(&mut self, point: Point, ctx: &mut Ctx) -> bool {
        if let Some(round) = &mut self.round {
            return round.click(point);
        }
        if let Some(list) = &mut self.meetings {
            return list.click(point);
        }
        if let Some(register) = &mut self.register {
            return register.click(point);
        }
        match self.cursor.row_at(point, self.total) {
            Some(index) => {
                self.select(index, ctx);
                true
            }
            None => false,
        }
    }

    fn text(&mut self, event: &Event, ctx: &mut Ctx) {
        if self.search.handle_event(event).is_some() {
            self.cursor.selected = 0;
            self.reload(ctx);
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        if let Some(round) = &mut self.round {
            let (next, leave) = round.update(action, ctx);
            ctx.round_running = ctx.circle.round_running_in(ctx.group_id());
            if leave {
                self.round = None;
                let key = key_for(Context::Global, Action::StartRound);
                ctx.info(format!("The round carries on; {key} comes back to it."));
                self.reload(ctx);
            }
            return next;
        }
        if action == Action::StartRound {
            match ctx.group_id().map(|g| ctx.circle.meeting_on(g, ctx.today)) {
                Some(Ok(Some(meeting))) => self.round = super::round::RoundScreen::open(meeting.id, ctx),
                Some(Ok(None)) => {
                    let r = key_for(Context::Global, Action::Register);
                    ctx.info(format!("Take today's register first ({r}): a round is for those present."));
                }
                Some(Err(e)) => ctx.error(e),
                None => {}
            }
            return Next::Stay;
        }
        match action {
            Action::Meetings => {
                let on = self.register.as_ref().and_then(Register::meeting);
                self.meetings = Some(Meetings::open(ctx, on));
                return Next::Stay;
            }
            // Today's register, also from a past meeting or the list.
            Action::Register if self.meetings.is_some() || self.register.is_some() => {
                if let Some(register) = self.register.take() {
                    register.leaving(ctx);
                }
                self.meetings = None;
            }
            _ => {}
        }
        if let Some(list) = &mut self.meetings {
            match list.update(action, ctx) {
                meetings::Step::Stay => {}
                meetings::Step::Next(next) => return *next,
                meetings::Step::Register(of) => {
                    self.meetings = None;
                    self.register = Some(Register::open(of, Back::Meetings, ctx));
                }
                meetings::Step::Leave => {
                    self.meetings = None;
                    self.reload(ctx);
                }
            }
            return Next::Stay;
        }
        if let Some(register) = &mut self.register {
            if action == Action::Back {
                register.leaving(ctx);
                let back = (register.back == Back::Meetings).then(|| register.meeting());
                self.register = None;
                if let Some(on) = back {
                    self.meetings = Some(Meetings::open(ctx, on));
                }
                self.reload(ctx);
                return Next::Stay;
            }
            return register.update(action, ctx);
        }
        if let Some(index) = self.cursor.target(action, self.total) {
            self.select(index, ctx);
            self.merging_hint(ctx);
            return Next::Stay;
        }
        if action == Action::Back && self.merging.take().is_some() {
            ctx.info("Nothing was merged.");
            return Next::Stay;
        }
        let next = self.roster_action(action, ctx);
        self.merging_hint(ctx);
        next
    }

    fn answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
        self.roster_answer(answer, ctx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        self.draw(frame, area, ctx);
    }
}

impl RosterPane {
    /// While a merge waits for its second record, the footer keeps saying so.
    fn merging_hint(&self, ctx: &mut Ctx) {
        if let (Some((_, name)), None) = (&self.merging, &ctx.flash) {
            let (m, esc) = (key_for(Context::Roster, Action::Merge), key_for(Context::Roster, Action::Back));
            ctx.info(format!(
                "Merging {}: move to the other record of this person and press {m}; {esc} stops.",
                display(name)
            ));
        }
    }

    /// `m`: the first record, then the second and the confirmation.
    fn merge(&mut self, ctx: &mut Ctx) -> Next {
        let Some(row) = self.selected_row() else { return Next::Stay };
        let (id, name) = (row.id, row.name.clone());
        match self.merging.take() {
            None => self.merging = Some((id, name)),
            Some(first) if first.0 == id => {
                self.merging = Some(first);
                ctx.info("That is the record already chosen: move to the other one first.");
            }
            Some((first, _)) => match ctx.circle.merge_preview(first, id) {
                Ok(preview) => {
                    let confirm = merge::confirm(&preview, ctx);
                    return Next::Open(Modal::Confirm(confirm, Purpose::Roster(RosterPurpose::Merge(first, id))));
                }
                Err(e) => ctx.error(e),
            },
        }
        Next::Stay
    }

    fn roster_action(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        match action {
            Action::Search => self.searching = true,
            Action::Submit => self.searching = false,
            Action::Back if self.searching || !self.search.value().is_empty() => {
                self.searching = false;
                self.search = Input::default();
                self.reload(ctx);
            }
            Action::NextFilter | Action::PrevFilter => {
                let n = FILTERS.len();
                self.filter =
                    if action == Action::NextFilter { (self.filter + 1) % n } else { (self.filter + n - 1) % n };
                self.cursor.selected = 0;
                self.reload(ctx);
            }
            Action::NextSort => {
                let i = RosterSort::ALL.iter().position(|s| *s == self.query.sort).unwrap_or(0);
                self.query.sort = RosterSort::ALL[(i + 1) % RosterSort::ALL.len()];
                ctx.info(format!("Sorted by {}.", self.query.sort.label()));
                self.reload(ctx);
            }
            Action::AddMember => return Next::Open(membership::member_form(None, ctx.today)),
            Action::EditMember => {
                let Some(id) = self.selected_row().map(|r| r.id) else { return Next::Stay };
                match ctx.circle.member(id) {
                    Ok(m) => {
                        let mut modal = membership::member_form(Some((id, &m.fields)), ctx.today);
                        // Their sign-ups to the agreement, version by version.
                        if let (Modal::Form(form, _), Ok(history)) = (&mut modal, ctx.circle.signup_history(id)) {
                            let said = crate::present::agreement::history(&history, &|d| ctx.dates.day(d));
                            form.intro = Some(format!("Agreement: {said}."));
                        }
                        return Next::Open(modal);
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::ChangeStatus => {
                let Some(row) = self.selected_row() else { return Next::Stay };
                match ctx.circle.status_history(row.id) {
                    Ok(history) => {
                        let mut modal = membership::status_form(row.id, &row.name, row.status, &history, ctx.today);
                        // Someone who shares their name is told apart first.
                        if let (Modal::Form(form, _), Ok(true)) = (&mut modal, ctx.circle.has_namesake(row.id))
                            && let Ok(someone) = ctx.circle.someone(row.id)
                        {
                            let who = crate::present::people::named(&someone, &|d| ctx.dates.day(d));
                            form.intro = Some(format!("{who}\n{}", form.intro.take().unwrap_or_default()));
                        }
                        return Next::Open(modal);
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::Forget => {
                if let Some(modal) = self.forget(ctx) {
                    return Next::Open(modal);
                }
            }
            Action::Merge => return self.merge(ctx),
            Action::Register => match Register::open_today(ctx) {
                Ok(Some(register)) => self.register = Some(register),
                // Read-only, no meeting can be started: the latest one
                // opens, so the register's history stays in reach.
                Ok(None) if ctx.circle.read_only().is_some() => match Register::open_latest(ctx) {
                    Ok(Some(register)) => self.register = Some(register),
                    Ok(None) => return Next::Open(super::register::new_meeting_form(ctx, true)),
                    Err(e) => ctx.error(e),
                },
                Ok(None) => return Next::Open(super::register::new_meeting_form(ctx, true)),
                Err(e) => ctx.error(e),
            },
            _ => {}
        }
        Next::Stay
    }

    fn roster_answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
        let (Answer::Form(_, Purpose::Roster(purpose)) | Answer::Confirmed(Purpose::Roster(purpose))) = &answer else {
            return Next::Close;
        };
        let purpose = purpose.clone();
        match (answer, purpose) {
            (Answer::Form(form, _), RosterPurpose::Add) => match membership::add_from(form, ctx) {
                Some((request, outcome)) => {
                    let step = membership::follow(request, outcome, Answers::default(), ctx);
                    self.after(step, ctx)
                }
                None => Next::Stay,
            },
            (Answer::Form(form, _), RosterPurpose::Edit(id, original)) => {
                match membership::edit_from(form, id, &original, ctx) {
                    Some(id) => {
                        self.reselect(id, ctx);
                        Next::Close
                    }
                    None => Next::Stay,
                }
            }
            (Answer::Form(form, _), RosterPurpose::Status(id)) => {
                let Some(request) = membership::read_status_form(form, id) else { return Next::Stay };
                match ctx.circle.change_status(request.clone(), ctx.today, Answers::default()) {
                    Ok(outcome) => {
                        let step = membership::follow(request, outcome, Answers::default(), ctx);
                        self.after(step, ctx)
                    }
                    Err(e) => {
                        crate::tui::switcher::show_error(form, e);
                        Next::Stay
                    }
                }
            }
            (Answer::Form(form, _), RosterPurpose::AtCapacity(mut request, answers)) => {
                let answers = if form.selected("choice") == 0 {
                    request.status = MemberStatus::Waitlist;
                    answers
                } else {
                    Answers { over_capacity: true, ..answers }
                };
                let step = membership::retry(request, answers, ctx);
                self.after(step, ctx)
            }
            (Answer::Confirmed(_), RosterPurpose::ClosedIntake(request, answers)) => {
                let step = membership::retry(request, Answers { closed_intake: true, ..answers }, ctx);
                self.after(step, ctx)
            }
            (Answer::Confirmed(_), RosterPurpose::OfferPlace(id)) => {
                let request = StatusRequest {
                    who: Who::Existing(id),
                    status: MemberStatus::Active,
                    on: ctx.today,
                    reason: String::new(),
                };
                let step = membership::retry(request, Answers::ALL, ctx);
                self.after(step, ctx)
            }
            (Answer::Confirmed(_), RosterPurpose::Forget(id)) => {
                match ctx.circle.forget_member(id, ctx.seed()) {
                    Ok(done) => ctx.info(done.said()),
                    Err(e) => ctx.error(e),
                }
                self.reload(ctx);
                Next::Close
            }
            (Answer::Confirmed(_), RosterPurpose::Merge(a, b)) => {
                match ctx.circle.merge_members(a, b, ctx.today) {
                    Ok(merged) => {
                        ctx.info(crate::present::people::merged(&merged.name, merged.meetings));
                        self.reselect(merged.member, ctx);
                    }
                    Err(e) => ctx.error(e),
                }
                Next::Close
            }
            (answer, RosterPurpose::Register(p)) => super::register::answer(self, answer, &p, ctx),
            (Answer::Confirmed(_), RosterPurpose::EndRound) => {
                if self.round.as_mut().is_some_and(|r| r.finish(ctx)) {
                    self.round = None;
                }
                self.reload(ctx);
                Next::Close
            }
            _ => Next::Close,
        }
    }
}

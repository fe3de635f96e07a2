//! The roster: members of the open group, their journey, and the way into
//! the register. Only a window of rows around the selection is loaded, so a
//! group of thousands stays quick.

mod membership;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::register::Register;
use super::{Answer, ListCursor, Next, Pane};
use crate::domain::text::display;
use crate::domain::{MemberId, MemberStatus, Role, RosterQuery, RosterRow, RosterSort};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::fit;
use crate::usecase::membership::{Answers, StatusRequest, Who};

pub const GUIDANCE: &str = "Everyone in the group and where they are on their journey: enquiry, waitlist, active, \
on a break, or left. Flags: I means they like to be invited to speak, A means access needs are noted. \
An agreement version marked ! is behind the current one. Forgetting someone erases everything about them.";

/// The name column keeps at least this many columns before a short column
/// gives way.
const NAME_MIN: usize = 14;

/// The pronouns column: as wide as the longest shown (at least its header,
/// at most 20). The name gives way first, down to what its longest shown
/// name needs (at most NAME_MIN); `None` when there is no room at all.
fn pronouns_width(rows: &[&RosterRow], table_width: usize, fixed: usize) -> Option<usize> {
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let longest = rows.iter().map(|r| width(&r.pronouns)).max().unwrap_or(0);
    let name_needs = rows.iter().map(|r| width(&r.name)).max().unwrap_or(0).clamp(4, NAME_MIN);
    let room = table_width.saturating_sub(fixed + 1 + name_needs);
    (room >= 8).then(|| longest.clamp(8, 20).min(room))
}

/// Rows kept in memory around the selection.
const WINDOW: usize = 200;

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
    Edit(MemberId),
    Status(MemberId),
    /// A closed group's membership is changing outside its intake.
    ClosedIntake(StatusRequest, Answers),
    /// The group is full: the form suggests the waitlist.
    AtCapacity(StatusRequest, Answers),
    OfferPlace(MemberId),
    Forget(MemberId),
    EndRound,
    Register(super::register::RegisterPurpose),
}

#[derive(Default)]
pub struct RosterPane {
    query: RosterQuery,
    filter: usize,
    total: usize,
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
    /// A speaking round on screen (it carries on, stored, when it is not).
    pub round: Option<super::round::RoundScreen>,
}

impl RosterPane {
    fn selected_row(&self) -> Option<&RosterRow> {
        self.rows.get(self.cursor.selected.checked_sub(self.window_start)?)
    }

    /// Keeps the loaded window around the selection.
    fn select(&mut self, index: usize, ctx: &mut Ctx) {
        self.cursor.selected = index.min(self.total.saturating_sub(1));
        let margin = WINDOW / 4;
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

    fn forget(&self) -> Option<Modal> {
        let row = self.selected_row()?;
        let name = display(&row.name).into_owned();
        let confirm = Confirm::new(
            "Forget a member",
            format!(
                "This erases {name} and everything about them: attendance, sign-ups, cards and pairings. \
                 It cannot be undone."
            ),
        )
        .typed(name);
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
        } else if self.register.is_some() {
            Context::Register
        } else if self.searching {
            Context::Search
        } else {
            Context::Roster
        }
    }

    fn tick_interval(&self) -> Option<std::time::Duration> {
        self.round.as_ref().and_then(|r| r.tick_interval())
    }

    fn help(&self) -> (&'static str, String) {
        if self.round.is_some() {
            ("Speaking round", super::round::GUIDANCE.to_string())
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
        let Some(group) = ctx.group_id() else { return };
        // Keep the highlight on the same person when the rows move.
        let keep = self.selected_row().map(|r| r.id);
        (self.query.status, self.query.hide_left) = match FILTERS[self.filter] {
            Filter::Current => (None, true),
            Filter::Everyone => (None, false),
            Filter::Only(status) => (Some(status), false),
        };
        self.query.search = self.search.value().to_string();
        let result = ctx.circle.roster_count(group, &self.query).and_then(|total| {
            self.total = total;
            self.cursor.clamp(total);
            self.window_start = self.cursor.selected.saturating_sub(WINDOW / 2);
            ctx.circle.roster_page(group, &self.query, self.window_start, WINDOW)
        });
        match result.and_then(|rows| Ok((rows, ctx.circle.current_agreement(group)?))) {
            Ok((rows, agreement)) => {
                self.rows = rows;
                self.failed = None;
                self.current_version = agreement.map(|v| v.version);
                if let Some(i) = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
                    self.cursor.selected = self.window_start + i;
                }
            }
            Err(e) => self.failed = Some(super::read_failure("roster", &e)),
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
        if let Some(register) = &mut self.register {
            if action == Action::Back && register.at_top_level() {
                self.register = None;
                self.reload(ctx);
                return Next::Stay;
            }
            return register.update(action, ctx);
        }
        if let Some(index) = self.cursor.target(action, self.total) {
            self.select(index, ctx);
            return Next::Stay;
        }
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
                    Ok(m) => return Next::Open(membership::member_form(Some((id, &m.fields)), ctx.today)),
                    Err(e) => ctx.error(e),
                }
            }
            Action::ChangeStatus => {
                let Some(row) = self.selected_row() else { return Next::Stay };
                match ctx.circle.status_history(row.id) {
                    Ok(history) => {
                        return Next::Open(membership::status_form(row.id, &row.name, row.status, &history, ctx.today));
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::Forget => {
                if let Some(modal) = self.forget() {
                    return Next::Open(modal);
                }
            }
            Action::Register => match Register::open_today(ctx) {
                Ok(Some(register)) => self.register = Some(register),
                Ok(None) => return Next::Open(super::register::new_meeting_form(ctx)),
                Err(e) => ctx.error(e),
            },
            _ => {}
        }
        Next::Stay
    }

    fn answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
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
            (Answer::Form(form, _), RosterPurpose::Edit(id)) => match membership::edit_from(form, id, ctx) {
                Some(id) => {
                    self.reselect(id, ctx);
                    Next::Close
                }
                None => Next::Stay,
            },
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
                    Ok(done) if done.activities_mended > 0 => {
                        ctx.info("Forgotten and erased from this laptop; the endings activity was updated.")
                    }
                    Ok(_) => ctx.info("Forgotten. Their data has been erased from this laptop."),
                    Err(e) => ctx.error(e),
                }
                self.reload(ctx);
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

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        self.draw(frame, area, ctx);
    }
}

impl RosterPane {
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if let Some(round) = &self.round {
            round.render(frame, area, ctx);
            return;
        }
        if let Some(register) = &self.register {
            register.render(frame, area, ctx);
            return;
        }
        let theme = &ctx.theme;
        let [bar, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let filter = FILTERS[self.filter].label();
        let mut spans = vec![
            Span::styled(" showing ", theme.dim()),
            Span::raw(filter),
            Span::styled(" · sorted by ", theme.dim()),
            Span::raw(self.query.sort.label()),
        ];
        if self.searching || !self.search.value().is_empty() {
            spans.push(Span::styled(" · search ", theme.dim()));
            spans.push(Span::styled(fit(self.search.value(), 20), theme.accent()));
            if self.searching {
                spans.push(Span::styled("▏", theme.accent()));
            }
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), bar);
        if let Some(failed) = &self.failed {
            super::failure_state(frame, table_area, failed, theme);
            return;
        }
        let count = format!("{} {} ", self.total, if self.total == 1 { "person" } else { "people" });
        frame.render_widget(Paragraph::new(Span::styled(count, theme.dim())).right_aligned(), bar);

        if self.total == 0 {
            let text = if self.query.search.is_empty() && self.filter == 0 {
                format!(
                    "No members yet. Press {} to add the first person.",
                    key_for(Context::Roster, Action::AddMember)
                )
            } else {
                format!(
                    "Nobody matches. Press {} to change the filter or {} to clear the search.",
                    key_for(Context::Roster, Action::NextFilter),
                    key_for(Context::Search, Action::Back)
                )
            };
            super::empty_state(frame, table_area, &text, theme);
            return;
        }
        let wide = table_area.width >= 76;
        let height = table_area.height.saturating_sub(1).max(1) as usize;
        let scroll =
            self.cursor.offset(height).clamp(self.window_start, self.window_start + self.rows.len().saturating_sub(1));
        self.cursor.set_offset(scroll);
        let first = scroll - self.window_start;
        let visible: Vec<&RosterRow> = self.rows.iter().skip(first).take(height).collect();
        // Short columns are as wide as what they hold; the name takes the
        // rest, and gives way first (down to NAME_MIN) before a short
        // column is cut.
        // The columns after the name, and the gaps between all columns.
        let fixed = if wide { 44 + 7 } else { 28 + 5 };
        let pronouns = pronouns_width(&visible, table_area.width as usize, fixed)
            .filter(|_| wide || visible.iter().any(|r| !r.pronouns.is_empty()));
        let used = fixed + pronouns.map_or(0, |w| w + 1);
        let name_width = (table_area.width as usize).saturating_sub(used).max(4);
        let rows: Vec<Row> = visible.iter().map(|r| self.row(r, wide, name_width, pronouns, ctx)).collect();
        let mut widths: Vec<Constraint> = if wide {
            vec![
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(6),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Length(4),
                Constraint::Length(4),
                Constraint::Length(2),
            ]
        } else {
            vec![
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(10),
                Constraint::Length(4),
                Constraint::Length(4),
                Constraint::Length(2),
            ]
        };
        let mut headers: Vec<&str> = if wide {
            vec!["Name", "Status", "Role", "Joined", "Last here", "Att", "Agr", ""]
        } else {
            vec!["Name", "Status", "Last here", "Att", "Agr", ""]
        };
        if let Some(w) = pronouns {
            widths.insert(1, Constraint::Length(w as u16));
            headers.insert(1, "Pronouns");
        }
        let header = Row::new(headers.iter().map(|h| Cell::from(*h))).style(theme.dim());
        let table = Table::new(rows, widths).header(header).row_highlight_style(theme.selected()).block(Block::new());
        let mut state = TableState::default().with_selected(Some(self.cursor.selected - scroll));
        frame.render_stateful_widget(table, table_area, &mut state);
    }

    fn row(&self, r: &RosterRow, wide: bool, name_width: usize, pronouns: Option<usize>, ctx: &Ctx) -> Row<'static> {
        let theme = &ctx.theme;
        let date = |d: Option<NaiveDate>| d.map_or("—".to_string(), |d| d.to_string());
        let rate = match r.attendance_rate() {
            Some(x) if x >= 1.0 => "all".to_string(),
            Some(x) => format!("{:.0}%", x * 100.0),
            // Joined, but no meeting yet that they could have come to.
            None if r.joined.is_some() => "new".to_string(),
            None => "—".to_string(),
        };
        let agreed = match (r.signed_version, self.current_version) {
            (Some(v), Some(c)) if v < c => Cell::from(Span::styled(format!("v{v}!"), theme.warn())),
            (Some(v), _) => Cell::from(format!("v{v}")),
            (None, Some(_)) => Cell::from(Span::styled("—", theme.warn())),
            (None, None) => Cell::from("—"),
        };
        let flags = format!("{}{}", if r.invite_to_speak { "I" } else { "" }, if r.access_needs { "A" } else { "" });
        let status_style = match r.status {
            MemberStatus::Active => theme.normal(),
            MemberStatus::Left => theme.dim(),
            _ => theme.accent(),
        };
        // Cut by display width, so names in any script keep the columns
        // aligned, with a mark where a name was cut.
        let name = Cell::from(fit(&r.name, name_width));
        let status = Cell::from(Span::styled(r.status.label(), status_style));
        let role = match r.role {
            Role::Member => "",
            Role::Facilitator => "fac",
            Role::CoFacilitator => "co-fac",
        };
        let mut cells = if wide {
            vec![
                name,
                status,
                Cell::from(role),
                Cell::from(date(r.joined)),
                Cell::from(date(r.last_attended)),
                Cell::from(rate),
                agreed,
                Cell::from(flags),
            ]
        } else {
            vec![name, status, Cell::from(date(r.last_attended)), Cell::from(rate), agreed, Cell::from(flags)]
        };
        if let Some(w) = pronouns {
            cells.insert(1, Cell::from(fit(&r.pronouns, w)));
        }
        Row::new(cells)
    }
}

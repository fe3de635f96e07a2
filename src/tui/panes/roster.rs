//! The roster: members of the open group, their journey, and the way into
//! the register. Only a window of rows around the selection is loaded, so a
//! group of thousands stays quick.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::register::Register;
use crate::domain::size::SizeState;
use crate::domain::text::{self, display};
use crate::domain::{GroupStatus, MemberId, MemberStatus, Openness, Role};
use crate::domain::{MemberFields, RosterQuery, RosterRow, RosterSort, StatusChange};
use crate::tui::app::{Ctx, Modal, Next, Purpose};
use crate::tui::keys::{Action, Context};
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;

pub const GUIDANCE: &str = "Everyone in the group and where they are on their journey: enquiry, waitlist, active, \
on a break, or left. Flags: I means they like to be invited to speak, A means access needs are noted. \
An agreement version marked ! is behind the current one. Forgetting someone erases everything about them.";

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

/// Someone being added or changed, carried through a confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Existing(MemberId),
    New(Box<MemberFields>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterPurpose {
    Add,
    Edit(MemberId),
    Status(MemberId, MemberStatus),
    /// A closed group's membership is changing outside its intake.
    ClosedIntake {
        target: Target,
        on: NaiveDate,
        reason: String,
    },
    /// The group is full: the form suggests the waitlist.
    AtCapacity {
        target: Target,
        on: NaiveDate,
        reason: String,
    },
    OfferPlace(MemberId),
    Forget(MemberId),
    Register(super::register::RegisterPurpose),
}

#[derive(Default)]
pub struct RosterPane {
    query: RosterQuery,
    filter: usize,
    total: usize,
    window_start: usize,
    rows: Vec<RosterRow>,
    selected: usize,
    scroll: usize,
    searching: bool,
    search: Input,
    current_version: Option<u32>,
    pub register: Option<Register>,
}

impl RosterPane {
    pub fn context(&self) -> Context {
        if self.register.is_some() {
            Context::Register
        } else if self.searching {
            Context::Search
        } else {
            Context::Roster
        }
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
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
        let result = ctx.store.roster_count(group, &self.query).and_then(|total| {
            self.total = total;
            self.selected = self.selected.min(total.saturating_sub(1));
            self.window_start = self.selected.saturating_sub(WINDOW / 2);
            ctx.store.roster_page(group, &self.query, self.window_start, WINDOW)
        });
        match result {
            Ok(rows) => {
                self.rows = rows;
                if let Some(i) = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
                    self.selected = self.window_start + i;
                }
            }
            Err(e) => ctx.error(e),
        }
        self.current_version = ctx.store.current_agreement(group).ok().flatten().map(|v| v.version);
    }

    fn selected_row(&self) -> Option<&RosterRow> {
        self.rows.get(self.selected.checked_sub(self.window_start)?)
    }

    /// Keeps the loaded window around the selection.
    fn select(&mut self, index: usize, ctx: &mut Ctx) {
        self.selected = index.min(self.total.saturating_sub(1));
        let margin = WINDOW / 4;
        let end = self.window_start + self.rows.len();
        let near_start = self.selected < self.window_start + margin && self.window_start > 0;
        let near_end = self.selected + margin >= end && end < self.total;
        if near_start || near_end {
            self.reload(ctx);
        }
    }

    /// Keeps the selection on the same person after a change, if still shown.
    fn reselect(&mut self, id: MemberId, ctx: &mut Ctx) {
        self.reload(ctx);
        if let Some(i) = self.rows.iter().position(|r| r.id == id) {
            self.selected = self.window_start + i;
        }
    }

    pub fn on_search_text(&mut self, event: &Event, ctx: &mut Ctx) {
        if self.search.handle_event(event).is_some() {
            self.selected = 0;
            self.reload(ctx);
        }
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Modal> {
        if let Some(register) = &mut self.register {
            if action == Action::Back && register.at_top_level() {
                self.register = None;
                self.reload(ctx);
                return None;
            }
            return register.update(action, ctx);
        }
        let page = 10;
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1), ctx),
            Action::Down => self.select(self.selected + 1, ctx),
            Action::PageUp => self.select(self.selected.saturating_sub(page), ctx),
            Action::PageDown => self.select(self.selected + page, ctx),
            Action::Top => self.select(0, ctx),
            Action::Bottom => self.select(self.total.saturating_sub(1), ctx),
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
                self.selected = 0;
                self.reload(ctx);
            }
            Action::NextSort => {
                let i = RosterSort::ALL.iter().position(|s| *s == self.query.sort).unwrap_or(0);
                self.query.sort = RosterSort::ALL[(i + 1) % RosterSort::ALL.len()];
                ctx.info(format!("Sorted by {}.", self.query.sort.label()));
                self.reload(ctx);
            }
            Action::AddMember => return Some(member_form(None, ctx.today)),
            Action::EditMember => {
                let id = self.selected_row()?.id;
                match ctx.store.member(id) {
                    Ok(m) => return Some(member_form(Some((id, &m.fields, m.status)), ctx.today)),
                    Err(e) => ctx.error(e),
                }
            }
            Action::ChangeStatus => {
                let row = self.selected_row()?;
                let history = ctx.store.status_history(row.id).unwrap_or_default();
                return Some(status_form(row.id, &row.name, row.status, &history, ctx.today));
            }
            Action::Forget => {
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
                return Some(Modal::Confirm(confirm, Purpose::Roster(RosterPurpose::Forget(row.id))));
            }
            Action::Register => match Register::open_today(ctx) {
                Ok(Some(register)) => self.register = Some(register),
                Ok(None) => return Some(super::register::new_meeting_form(ctx)),
                Err(e) => ctx.error(e),
            },
            _ => {}
        }
        None
    }

    pub fn submit(&mut self, form: &mut Form, purpose: &RosterPurpose, ctx: &mut Ctx) -> Next {
        match purpose {
            RosterPurpose::Add | RosterPurpose::Edit(_) => {
                let Some((fields, status)) = read_member_form(form, ctx.today) else { return Next::Stay };
                if let RosterPurpose::Edit(id) = purpose {
                    return match ctx.store.update_member(*id, &fields) {
                        Ok(()) => {
                            ctx.info(format!("Saved {}.", display(&fields.name)));
                            self.reselect(*id, ctx);
                            Next::Close
                        }
                        Err(e) => {
                            form.message = Some(e.to_string());
                            Next::Stay
                        }
                    };
                }
                if let Err(e) = fields.validated() {
                    form.set_error(e.0, e.1);
                    return Next::Stay;
                }
                let on = if status == MemberStatus::Active { fields.joined.unwrap_or(ctx.today) } else { ctx.today };
                self.change(Target::New(Box::new(fields)), status, on, String::new(), false, ctx)
            }
            RosterPurpose::Status(id, _) => {
                let status = MemberStatus::ALL[form.selected("status")];
                let on = match text::date(form.value("date")) {
                    Ok(d) => d,
                    Err(e) => {
                        form.set_error("date", e.to_string());
                        return Next::Stay;
                    }
                };
                // A journey runs forward: not before the last change, not
                // in the future.
                let last = ctx.store.status_history(*id).ok().and_then(|h| h.last().map(|c| c.changed_on));
                if on > ctx.today {
                    form.set_error(
                        "date",
                        format!("that is in the future; use today ({}) or an earlier day", ctx.today),
                    );
                    return Next::Stay;
                }
                if let Some(last) = last.filter(|l| on < *l) {
                    form.set_error("date", format!("the last change was on {last}; a new one cannot be earlier"));
                    return Next::Stay;
                }
                let reason = form.value("reason").to_string();
                self.change(Target::Existing(*id), status, on, reason, false, ctx)
            }
            RosterPurpose::AtCapacity { target, on, reason } => {
                let status = if form.selected("choice") == 0 { MemberStatus::Waitlist } else { MemberStatus::Active };
                self.change(target.clone(), status, *on, reason.clone(), true, ctx)
            }
            RosterPurpose::Register(p) => super::register::submit(self, form, p, ctx),
            _ => Next::Close,
        }
    }

    pub fn confirmed(&mut self, purpose: &RosterPurpose, ctx: &mut Ctx) -> Next {
        match purpose {
            RosterPurpose::ClosedIntake { target, on, reason } => {
                self.change_checked_capacity(target.clone(), MemberStatus::Active, *on, reason.clone(), ctx)
            }
            RosterPurpose::OfferPlace(id) => {
                self.change(Target::Existing(*id), MemberStatus::Active, ctx.today, String::new(), true, ctx)
            }
            RosterPurpose::Forget(id) => match ctx.store.forget_member(*id) {
                Ok(()) => {
                    ctx.info("Forgotten. Their data has been erased from this laptop.");
                    self.reload(ctx);
                    Next::Close
                }
                Err(e) => {
                    ctx.error(e);
                    Next::Close
                }
            },
            RosterPurpose::Register(p) => match &mut self.register {
                Some(register) => register.confirmed(p, ctx),
                None => Next::Close,
            },
            _ => Next::Close,
        }
    }

    /// Applies a status change (or an addition), first asking where the
    /// group's rules call for it: a closed group outside its intake, and a
    /// group already at the top of its workable range.
    fn change(
        &mut self,
        target: Target,
        status: MemberStatus,
        on: NaiveDate,
        reason: String,
        checked: bool,
        ctx: &mut Ctx,
    ) -> Next {
        let Some(group) = ctx.group.clone() else { return Next::Close };
        let previous = match &target {
            Target::Existing(id) => ctx.store.member(*id).ok().map(|m| m.status),
            Target::New(_) => None,
        };
        if previous == Some(status) {
            ctx.info(format!("Already {}.", status.label()));
            return Next::Close;
        }
        let returning = previous == Some(MemberStatus::OnBreak);
        if status == MemberStatus::Active && !checked && !returning {
            let s = &group.settings;
            if s.openness == Openness::Closed && s.status != GroupStatus::Forming {
                let confirm = Confirm::new(
                    "A closed group",
                    "This group is closed: its membership was fixed when it formed. \
                     Make this person active anyway?",
                );
                let purpose = RosterPurpose::ClosedIntake { target, on, reason };
                return Next::Open(Modal::Confirm(confirm, Purpose::Roster(purpose)));
            }
            return self.change_checked_capacity(target, status, on, reason, ctx);
        }
        self.apply(target, status, on, &reason, previous, ctx)
    }

    fn change_checked_capacity(
        &mut self,
        target: Target,
        status: MemberStatus,
        on: NaiveDate,
        reason: String,
        ctx: &mut Ctx,
    ) -> Next {
        let Some(group) = ctx.group.clone() else { return Next::Close };
        let active = active_count(ctx);
        let range = group.settings.workable_range();
        if matches!(range.state(active), SizeState::AtTop | SizeState::Above) {
            let largest = range.largest.unwrap_or(0);
            let form = Form::new("The group is full")
                .intro(format!(
                    "{active} people are active and {largest} is the most who can all be heard in a meeting.\n\
                     The waitlist keeps their place until one opens."
                ))
                .choice("choice", "Put them", &["on the waitlist", "active anyway"], 0);
            let purpose = RosterPurpose::AtCapacity { target, on, reason };
            return Next::Open(Modal::Form(form, Purpose::Roster(purpose)));
        }
        let previous = match &target {
            Target::Existing(id) => ctx.store.member(*id).ok().map(|m| m.status),
            Target::New(_) => None,
        };
        self.apply(target, status, on, &reason, previous, ctx)
    }

    fn apply(
        &mut self,
        target: Target,
        status: MemberStatus,
        on: NaiveDate,
        reason: &str,
        previous: Option<MemberStatus>,
        ctx: &mut Ctx,
    ) -> Next {
        let Some(group) = ctx.group_id() else { return Next::Close };
        let result = match target {
            Target::Existing(id) => ctx.store.change_status(id, status, on, reason).map(|()| id),
            Target::New(mut fields) => {
                // Someone waiting or enquiring has not joined yet: the date
                // is set when they become active.
                if status != MemberStatus::Active {
                    fields.joined = None;
                }
                ctx.store.add_member(group, &fields, status, on).map(|m| m.id)
            }
        };
        let id = match result {
            Ok(id) => id,
            Err(e) => {
                ctx.error(e);
                return Next::Close;
            }
        };
        let name = ctx.store.member(id).map(|m| display(&m.fields.name).into_owned()).unwrap_or_default();
        ctx.info(match previous {
            None => format!("Added {name} ({}).", status.label()),
            Some(_) => format!("{name} {}.", now_phrase(status)),
        });
        self.reselect(id, ctx);
        if previous == Some(MemberStatus::Active) {
            return self.offer_place(ctx);
        }
        Next::Close
    }

    /// When a place opens, offers it to the person who has waited longest.
    fn offer_place(&mut self, ctx: &mut Ctx) -> Next {
        let Some(group) = ctx.group.clone() else { return Next::Close };
        let Some(largest) = group.settings.workable_range().largest else { return Next::Close };
        if active_count(ctx) >= largest {
            return Next::Close;
        }
        match ctx.store.longest_waiting(group.id) {
            Ok(Some(waiting)) => {
                let name = display(&waiting.fields.name).into_owned();
                let confirm = Confirm::new(
                    "A place has opened",
                    format!(
                        "{name} has waited longest (on the waitlist since {}). Offer them the place and make them active?",
                        waiting.status_since
                    ),
                );
                Next::Open(Modal::Confirm(confirm, Purpose::Roster(RosterPurpose::OfferPlace(waiting.id))))
            }
            _ => Next::Close,
        }
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if let Some(register) = &mut self.register {
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
        let count = format!("{} {} ", self.total, if self.total == 1 { "person" } else { "people" });
        frame.render_widget(Paragraph::new(Span::styled(count, theme.dim())).right_aligned(), bar);

        if self.total == 0 {
            let text = if self.query.search.is_empty() && self.filter == 0 {
                "No members yet. Press a to add the first person."
            } else {
                "Nobody matches. Press f to change the filter or Esc to clear the search."
            };
            super::empty_state(frame, table_area, text, theme);
            return;
        }
        let wide = table_area.width >= 76;
        let height = table_area.height.saturating_sub(1).max(1) as usize;
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        self.scroll = self.scroll.clamp(self.window_start, self.window_start + self.rows.len().saturating_sub(1));
        let first = self.scroll - self.window_start;
        let visible = self.rows.iter().skip(first).take(height);
        // Fixed columns and the gaps between columns; the name takes the rest.
        let fixed = if wide { 52 + 8 } else { 28 + 5 };
        let name_width = (table_area.width as usize).saturating_sub(fixed).max(4);
        let rows: Vec<Row> = visible.map(|r| self.row(r, wide, name_width, ctx)).collect();
        let widths: Vec<Constraint> = if wide {
            vec![
                Constraint::Fill(1),
                Constraint::Length(8),
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
        let headers: &[&str] = if wide {
            &["Name", "Pronouns", "Status", "Role", "Joined", "Last here", "Att", "Agr", ""]
        } else {
            &["Name", "Status", "Last here", "Att", "Agr", ""]
        };
        let header = Row::new(headers.iter().map(|h| Cell::from(*h))).style(theme.dim());
        let table = Table::new(rows, widths).header(header).row_highlight_style(theme.selected()).block(Block::new());
        let mut state = TableState::default().with_selected(Some(self.selected - self.scroll));
        frame.render_stateful_widget(table, table_area, &mut state);
    }

    fn row(&self, r: &RosterRow, wide: bool, name_width: usize, ctx: &Ctx) -> Row<'static> {
        let theme = &ctx.theme;
        let date = |d: Option<NaiveDate>| d.map_or("—".to_string(), |d| d.to_string());
        let rate = r.attendance_rate().map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0));
        let rate = if rate == "100%" { "all".to_string() } else { rate };
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
        let cells = if wide {
            vec![
                name,
                Cell::from(fit(&r.pronouns, 8)),
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
        Row::new(cells)
    }
}

/// "Sam is now on the waitlist", in words that read well.
fn now_phrase(status: MemberStatus) -> &'static str {
    match status {
        MemberStatus::Enquiry => "is now an enquiry",
        MemberStatus::Waitlist => "is now on the waitlist",
        MemberStatus::Active => "is now active",
        MemberStatus::OnBreak => "is now on a break",
        MemberStatus::Left => "has left the group",
    }
}

fn active_count(ctx: &Ctx) -> u32 {
    let Some(group) = ctx.group_id() else { return 0 };
    ctx.store
        .status_counts(group)
        .map(|c| c.iter().find(|(s, _)| *s == MemberStatus::Active).map_or(0, |(_, n)| *n))
        .unwrap_or(0)
}

const NEW_STATUSES: [MemberStatus; 3] = [MemberStatus::Active, MemberStatus::Waitlist, MemberStatus::Enquiry];

fn member_form(existing: Option<(MemberId, &MemberFields, MemberStatus)>, today: NaiveDate) -> Modal {
    let blank = MemberFields::default();
    let f = existing.map_or(&blank, |(_, f, _)| f);
    let title = match existing {
        Some(_) => format!("Edit {}", fit(&f.name, 40)),
        None => "Add a member".to_string(),
    };
    let joined = match existing {
        Some(_) => f.joined.map(|d| d.to_string()).unwrap_or_default(),
        None => today.to_string(),
    };
    let mut form = Form::new(title).text("name", "Name", &f.name).text("pronouns", "Pronouns", &f.pronouns);
    if existing.is_none() {
        form = form.choice("status", "Starts as", &NEW_STATUSES, 0);
    }
    form = form
        .text("contact", "Contact (optional)", &f.contact)
        .text("joined", "Joined", &joined)
        .choice("role", "Role", Role::ALL, Role::ALL.iter().position(|r| *r == f.role).unwrap_or(0))
        .text("access", "Access needs", &f.access_needs)
        .toggle("invite", "Invite to speak", f.invite_to_speak)
        .text("notes", "Notes", &f.notes);
    let purpose = match existing {
        Some((id, _, _)) => RosterPurpose::Edit(id),
        None => RosterPurpose::Add,
    };
    Modal::Form(form, Purpose::Roster(purpose))
}

fn read_member_form(form: &mut Form, today: NaiveDate) -> Option<(MemberFields, MemberStatus)> {
    let joined = match text::optional_date(form.value("joined")) {
        Ok(Some(d)) if d > today => {
            form.set_error("joined", "that is in the future; use the day they joined");
            return None;
        }
        Ok(d) => d,
        Err(e) => {
            form.set_error("joined", e.to_string());
            return None;
        }
    };
    let fields = MemberFields {
        name: form.value("name").to_string(),
        pronouns: form.value("pronouns").to_string(),
        contact: form.value("contact").to_string(),
        joined,
        role: Role::ALL[form.selected("role")],
        access_needs: form.value("access").to_string(),
        invite_to_speak: form.on("invite"),
        notes: form.value("notes").to_string(),
    };
    if let Err((field, message)) = fields.validated() {
        let key = match field {
            "access needs" => "access",
            other => other,
        };
        form.set_error(key, message);
        return None;
    }
    Some((fields, NEW_STATUSES[form.selected("status")]))
}

/// The person's journey so far, latest last, kept short enough to read.
fn journey(current: MemberStatus, history: &[StatusChange]) -> String {
    let mut steps: Vec<String> = history
        .iter()
        .map(|c| {
            let reason = if c.reason.is_empty() { String::new() } else { format!(" ({})", fit(&c.reason, 30)) };
            format!("{} {}{reason}", c.status.label(), c.changed_on)
        })
        .collect();
    if steps.len() > 4 {
        let dropped = steps.len() - 4;
        steps.drain(..dropped);
        steps.insert(0, "…".into());
    }
    if steps.is_empty() {
        return format!("Now: {}.", current.label());
    }
    format!("Now: {}. So far: {}.", current.label(), steps.join(" → "))
}

fn status_form(id: MemberId, name: &str, current: MemberStatus, history: &[StatusChange], today: NaiveDate) -> Modal {
    // Suggest the usual next step of the journey.
    let next = match current {
        MemberStatus::Enquiry => MemberStatus::Waitlist,
        MemberStatus::Waitlist | MemberStatus::OnBreak => MemberStatus::Active,
        MemberStatus::Active => MemberStatus::OnBreak,
        MemberStatus::Left => MemberStatus::Active,
    };
    let form = Form::new(format!("Status of {}", fit(name, 40)))
        .intro(journey(current, history))
        .choice(
            "status",
            "New status",
            MemberStatus::ALL,
            MemberStatus::ALL.iter().position(|s| *s == next).unwrap_or(0),
        )
        .text("date", "From", &today.to_string())
        .text("reason", "Reason (optional)", "");
    Modal::Form(form, Purpose::Roster(RosterPurpose::Status(id, current)))
}

//! The group switcher (`g`): list, create, rename, open and set up groups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState};

use super::app::{Ctx, Modal, Purpose};
use super::keys::{self, Action, Context};
use super::panes::{ListCursor, Next, Point};
use super::widgets::form::Form;
use super::widgets::{centered, fit, hints_line};
use crate::domain::text;
use crate::domain::{Group, GroupSettings, NewGroup};
use crate::domain::{GroupId, GroupStatus, Openness};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupPurpose {
    FirstGroup,
    NewGroup,
    Rename(GroupId),
    /// The successor choices, in the order the form lists them.
    Settings(GroupId, Vec<Option<GroupId>>),
}

pub struct Switcher {
    groups: Vec<Group>,
    cursor: ListCursor,
}

const OPENNESS: [Openness; 2] = [Openness::Open, Openness::Closed];

pub fn first_group_form(defaults: &GroupSettings) -> Modal {
    let form = group_fields(Form::new("Create your first group"), defaults)
        .intro("Start with the group you facilitate; you can change any of this later.");
    Modal::Form(form, Purpose::Group(GroupPurpose::FirstGroup))
}

fn new_group_form(defaults: &GroupSettings) -> Modal {
    Modal::Form(group_fields(Form::new("New group"), defaults), Purpose::Group(GroupPurpose::NewGroup))
}

/// What a new group is asked: its name, who it is for, whether people can
/// join at any time, and how long its meetings are (the workable size
/// follows from that, so it is not left hidden in the settings).
fn group_fields(form: Form, defaults: &GroupSettings) -> Form {
    let chosen = OPENNESS.iter().position(|o| *o == defaults.openness).unwrap_or(0);
    form.text("name", "Group name", "")
        .text("focus", "Who it is for", "")
        .choice("openness", "Joining", &["open (join any time)", "closed (fixed group)"], chosen)
        .text("meeting_minutes", "Meeting length, min", &defaults.meeting_minutes.to_string())
        .explained(crate::present::group::ABOUT_SETTINGS)
}

/// The form with every group setting
/// ([`GroupSettings`](crate::domain::GroupSettings)).
pub fn settings_form(group: &Group, all: &[Group]) -> Modal {
    let s = &group.settings;
    let mut successors: Vec<Option<GroupId>> = vec![None];
    let mut names: Vec<String> = vec!["none".into()];
    for other in all.iter().filter(|g| g.id != group.id) {
        successors.push(Some(other.id));
        names.push(fit(&other.name, 20));
    }
    let successor_at = successors.iter().position(|g| *g == s.successor).unwrap_or(0);
    let form = Form::new(format!("Settings of {}", fit(&group.name, 40)))
        .intro(crate::present::group::workable_now(s))
        .text("focus", "Who it is for", &s.focus)
        .text("entry_criteria", "Entry criteria", &s.entry_criteria)
        .choice("openness", "Joining", &["open", "closed"], OPENNESS.iter().position(|o| *o == s.openness).unwrap_or(0))
        .choice("status", "Status", GroupStatus::ALL, GroupStatus::ALL.iter().position(|x| *x == s.status).unwrap_or(0))
        .choice("successor", "Carried on by", &names, successor_at)
        .text("meeting_minutes", "Meeting minutes", &s.meeting_minutes.to_string())
        .text("opening_closing_minutes", "Open, breaks, close", &s.opening_closing_minutes.to_string())
        .text("min_speaking_minutes", "Least turn, minutes", &s.min_speaking_minutes.to_string())
        .text("min_size", "Smallest size", &s.min_size.to_string())
        .text("review_interval_days", "Review every (days)", &s.review_interval_days.to_string())
        .text("last_review", "Last review", &s.last_review.map(|d| d.to_string()).unwrap_or_default())
        .text("purpose", "Purpose and values", &s.purpose)
        .explained(crate::present::group::ABOUT_SETTINGS);
    Modal::Form(form, Purpose::Group(GroupPurpose::Settings(group.id, successors)))
}

/// Reads the settings form; the checks of the whole live in the domain.
fn read_settings(form: &mut Form, successors: &[Option<GroupId>]) -> Option<GroupSettings> {
    let mut number = |key: &'static str| match form.value(key).trim().parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            form.set_error(key, "a whole number is needed here");
            None
        }
    };
    let meeting_minutes = number("meeting_minutes")?;
    let opening_closing_minutes = number("opening_closing_minutes")?;
    let min_speaking_minutes = number("min_speaking_minutes")?;
    let min_size = number("min_size")?;
    let review_interval_days = number("review_interval_days")?;
    let last_review = match text::optional_date(form.value("last_review")) {
        Ok(d) => d,
        Err(e) => {
            form.set_error("last_review", e.to_string());
            return None;
        }
    };
    Some(GroupSettings {
        focus: form.value("focus").to_string(),
        entry_criteria: form.value("entry_criteria").to_string(),
        openness: OPENNESS[form.selected("openness")],
        status: GroupStatus::ALL[form.selected("status")],
        successor: successors.get(form.selected("successor")).copied().flatten(),
        meeting_minutes,
        opening_closing_minutes,
        min_speaking_minutes,
        min_size,
        review_interval_days,
        last_review,
        purpose: form.value("purpose").to_string(),
    })
}

/// Puts a use case's refusal beside the field at fault, or over the form.
pub fn show_error(form: &mut Form, error: crate::usecase::Error) {
    match error {
        crate::usecase::Error::Field(field, message) => form.set_error(field, message),
        other => form.message = Some(other.to_string()),
    }
}

pub fn submit(form: &mut Form, purpose: &GroupPurpose, ctx: &mut Ctx) -> Next {
    match purpose {
        GroupPurpose::FirstGroup | GroupPurpose::NewGroup => {
            let new = NewGroup {
                name: form.value("name").to_string(),
                focus: form.value("focus").to_string(),
                openness: OPENNESS[form.selected("openness")],
            };
            let Ok(minutes) = form.value("meeting_minutes").trim().parse::<u32>() else {
                form.set_error("meeting_minutes", "a whole number of minutes is needed here, such as 90");
                return Next::Stay;
            };
            match ctx.circle.create_group_lasting(&new, minutes, ctx.today) {
                Ok(group) => {
                    let add = keys::key_for(Context::Roster, Action::AddMember);
                    ctx.info(format!("Created {}. Press {add} to add its first member.", text::display(&group.name)));
                    Next::Group(group.id)
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        GroupPurpose::Rename(id) => match ctx.circle.rename_group(*id, form.value("name")) {
            Ok(()) => {
                ctx.refresh_group();
                ctx.info("Renamed.");
                Next::Close
            }
            Err(e) => {
                show_error(form, e);
                Next::Stay
            }
        },
        GroupPurpose::Settings(id, successors) => {
            let Some(settings) = read_settings(form, successors) else { return Next::Stay };
            match ctx.circle.update_group_settings(*id, settings, ctx.today) {
                Ok(()) => {
                    ctx.refresh_group();
                    ctx.info("Group settings saved.");
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
    }
}

impl Switcher {
    pub fn load(ctx: &mut Ctx) -> Switcher {
        let groups = ctx.circle.groups().unwrap_or_else(|e| {
            ctx.error(e);
            Vec::new()
        });
        let selected = ctx.group_id().and_then(|id| groups.iter().position(|g| g.id == id)).unwrap_or(0);
        Switcher { groups, cursor: ListCursor::at(selected) }
    }

    /// A click on a group selects it; whether it landed on one.
    pub fn click(&mut self, point: Point) -> bool {
        self.cursor.click(point, self.groups.len())
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        if self.cursor.apply(action, self.groups.len()) {
            return Next::Stay;
        }
        let Some(g) = self.groups.get(self.cursor.selected) else {
            if action == Action::NewGroup {
                return Next::Open(new_group_form(ctx.circle.new_group_defaults()));
            }
            ctx.info("Create a group first.");
            return Next::Stay;
        };
        match action {
            Action::Open => Next::Group(g.id),
            Action::NewGroup => Next::Open(new_group_form(ctx.circle.new_group_defaults())),
            Action::RenameGroup => {
                let form = Form::new("Rename group").text("name", "New name", &g.name);
                Next::Open(Modal::Form(form, Purpose::Group(GroupPurpose::Rename(g.id))))
            }
            Action::GroupSettings => Next::Open(settings_form(g, &self.groups)),
            _ => Next::Stay,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let height = (self.groups.len() as u16 + 4).clamp(6, area.height);
        let popup = centered(area, 60, height);
        crate::tui::widgets::clear_for_dialog(frame, popup);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.accent())
            .title(Span::styled(" Groups ", theme.title()))
            .title_bottom(hints_line(&keys::footer_hints(Context::Switcher)[..4], theme));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = inner.width as usize;
        let items: Vec<ListItem> = self
            .groups
            .iter()
            .map(|g| {
                let open = if Some(g.id) == ctx.group_id() { "● " } else { "  " };
                let status = format!(" {} · {}", g.settings.status, g.settings.openness);
                let name = fit(&g.name, width.saturating_sub(status.len() + 3));
                ListItem::new(Line::from(vec![
                    Span::styled(open, theme.accent()),
                    Span::raw(name),
                    Span::styled(status, theme.dim()),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), inner, &mut state);
        self.cursor.drawn(frame, inner, state.offset(), 0);
    }
}

//! The group switcher (`g`): list, create, rename, open and set up groups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, List, ListItem, ListState};

use super::app::{Ctx, Modal, Purpose};
use super::keys::{self, Action, Context};
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
    selected: usize,
}

#[allow(clippy::large_enum_variant)] // short lived
pub enum Outcome {
    Stay,
    Open(GroupId),
    Dialog(Modal),
}

pub enum Submitted {
    Invalid,
    Saved,
    Opened(GroupId),
}

const OPENNESS: [Openness; 2] = [Openness::Open, Openness::Closed];

pub fn first_group_form() -> Modal {
    let form = Form::new("Create your first group")
        .intro(
            "Welcome to circle. Everything stays in one file on this laptop.\n\
             Start with the group you facilitate; you can change any of this later.",
        )
        .text("name", "Group name", "")
        .text("focus", "Who it is for", "")
        .choice("openness", "Joining", &["open (join any time)", "closed (fixed group)"], 0);
    Modal::Form(form, Purpose::Group(GroupPurpose::FirstGroup))
}

fn new_group_form() -> Modal {
    let form = Form::new("New group").text("name", "Group name", "").text("focus", "Who it is for", "").choice(
        "openness",
        "Joining",
        &["open (join any time)", "closed (fixed group)"],
        0,
    );
    Modal::Form(form, Purpose::Group(GroupPurpose::NewGroup))
}

/// The form with every group setting (DESIGN.md section 2).
pub fn settings_form(group: &Group, all: &[Group]) -> Modal {
    let s = &group.settings;
    let mut successors: Vec<Option<GroupId>> = vec![None];
    let mut names: Vec<String> = vec!["none".into()];
    for other in all.iter().filter(|g| g.id != group.id) {
        successors.push(Some(other.id));
        names.push(fit(&other.name, 20));
    }
    let successor_at = successors.iter().position(|g| *g == s.successor).unwrap_or(0);
    let range = s.workable_range();
    let largest = range.largest.map_or("no speaking time".to_string(), |n| n.to_string());
    let form = Form::new(format!("Settings of {}", fit(&group.name, 40)))
        .intro(format!("Workable size now: {} to {largest} active members.", s.min_size))
        .text("focus", "Who it is for", &s.focus)
        .text("entry", "Entry criteria", &s.entry_criteria)
        .choice("openness", "Joining", &["open", "closed"], OPENNESS.iter().position(|o| *o == s.openness).unwrap_or(0))
        .choice("status", "Status", GroupStatus::ALL, GroupStatus::ALL.iter().position(|x| *x == s.status).unwrap_or(0))
        .choice("successor", "Successor group", &names, successor_at)
        .text("meeting", "Meeting minutes", &s.meeting_minutes.to_string())
        .text("opening", "Opening+closing min", &s.opening_closing_minutes.to_string())
        .text("speaking", "Min speaking min", &s.min_speaking_minutes.to_string())
        .text("min_size", "Smallest size", &s.min_size.to_string())
        .text("review", "Review every (days)", &s.review_interval_days.to_string())
        .text("last_review", "Last review", &s.last_review.map(|d| d.to_string()).unwrap_or_default())
        .text("purpose", "Purpose and values", &s.purpose);
    Modal::Form(form, Purpose::Group(GroupPurpose::Settings(group.id, successors)))
}

fn number(form: &mut Form, key: &'static str, label: &str, min: u32, max: u32) -> Option<u32> {
    match form.value(key).trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            form.set_error(key, format!("{label} is a whole number from {min} to {max}"));
            None
        }
    }
}

fn read_settings(form: &mut Form, today: chrono::NaiveDate, successors: &[Option<GroupId>]) -> Option<GroupSettings> {
    let meeting = number(form, "meeting", "Meeting length", 1, 1440);
    let opening = number(form, "opening", "Opening and closing time", 0, 1440);
    let speaking = number(form, "speaking", "Speaking time", 1, 1440);
    let min_size = number(form, "min_size", "The smallest size", 1, 10000);
    let review = number(form, "review", "The review interval", 1, 3650);
    let last_review = match text::optional_date(form.value("last_review")) {
        Ok(Some(d)) if d > today => {
            form.set_error("last_review", "that is in the future; use the day of the last review");
            return None;
        }
        Ok(d) => d,
        Err(e) => {
            form.set_error("last_review", e.to_string());
            return None;
        }
    };
    let mut fields = Vec::new();
    for (key, label) in [("focus", "who it is for"), ("entry", "entry criteria"), ("purpose", "the purpose")] {
        match text::limited(label, form.value(key), text::MAX_NOTE_CHARS) {
            Ok(v) => fields.push(v),
            Err(e) => {
                form.set_error(key, e.to_string());
                return None;
            }
        }
    }
    if let (Some(m), Some(o)) = (meeting, opening)
        && o >= m
    {
        form.set_error("opening", "opening and closing must leave time for the meeting itself");
        return None;
    }
    // The workable range must exist and hold the smallest size.
    if let (Some(m), Some(o), Some(sp), Some(min)) = (meeting, opening, speaking, min_size) {
        let largest = (m - o) / sp;
        if largest == 0 {
            form.set_error("speaking", format!("{} minutes to talk cannot give anyone {sp} minutes", m - o));
            return None;
        }
        if min > largest {
            form.set_error(
                "min_size",
                format!("at most {largest} people can each have {sp} minutes; the smallest size must not be larger"),
            );
            return None;
        }
    }
    let [focus, entry, purpose]: [String; 3] = fields.try_into().ok()?;
    Some(GroupSettings {
        focus,
        entry_criteria: entry,
        openness: OPENNESS[form.selected("openness")],
        status: GroupStatus::ALL[form.selected("status")],
        successor: successors.get(form.selected("successor")).copied().flatten(),
        meeting_minutes: meeting?,
        opening_closing_minutes: opening?,
        min_speaking_minutes: speaking?,
        min_size: min_size?,
        review_interval_days: review?,
        last_review,
        purpose,
    })
}

pub fn submit(form: &mut Form, purpose: &GroupPurpose, ctx: &mut Ctx) -> Submitted {
    match purpose {
        GroupPurpose::FirstGroup | GroupPurpose::NewGroup => {
            let new = NewGroup {
                name: form.value("name").to_string(),
                focus: form.value("focus").to_string(),
                openness: OPENNESS[form.selected("openness")],
            };
            if let Err(e) = text::name(&new.name) {
                form.set_error("name", e.to_string());
                return Submitted::Invalid;
            }
            match ctx.store.create_group(&new, ctx.today) {
                Ok(group) => {
                    ctx.info(format!("Created {}. Press a to add its first member.", text::display(&group.name)));
                    Submitted::Opened(group.id)
                }
                Err(e) => {
                    form.set_error("name", e.to_string());
                    Submitted::Invalid
                }
            }
        }
        GroupPurpose::Rename(id) => match ctx.store.rename_group(*id, form.value("name")) {
            Ok(()) => {
                ctx.refresh_group();
                ctx.info("Renamed.");
                Submitted::Saved
            }
            Err(e) => {
                form.set_error("name", e.to_string());
                Submitted::Invalid
            }
        },
        GroupPurpose::Settings(id, successors) => {
            let Some(settings) = read_settings(form, ctx.today, successors) else { return Submitted::Invalid };
            match ctx.store.update_group_settings(*id, &settings) {
                Ok(()) => {
                    ctx.refresh_group();
                    ctx.info("Group settings saved.");
                    Submitted::Saved
                }
                Err(e) => {
                    form.message = Some(e.to_string());
                    Submitted::Invalid
                }
            }
        }
    }
}

impl Switcher {
    pub fn load(ctx: &mut Ctx) -> Switcher {
        let groups = ctx.store.groups().unwrap_or_else(|e| {
            ctx.error(e);
            Vec::new()
        });
        let selected = ctx.group_id().and_then(|id| groups.iter().position(|g| g.id == id)).unwrap_or(0);
        Switcher { groups, selected }
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Outcome {
        let n = self.groups.len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::Open => {
                if let Some(g) = self.groups.get(self.selected) {
                    return Outcome::Open(g.id);
                }
            }
            Action::NewGroup => return Outcome::Dialog(new_group_form()),
            Action::RenameGroup => {
                if let Some(g) = self.groups.get(self.selected) {
                    let form = Form::new("Rename group").text("name", "New name", &g.name);
                    return Outcome::Dialog(Modal::Form(form, Purpose::Group(GroupPurpose::Rename(g.id))));
                }
            }
            Action::GroupSettings => {
                if let Some(g) = self.groups.get(self.selected) {
                    return Outcome::Dialog(settings_form(g, &self.groups));
                }
                ctx.info("Create a group first.");
            }
            _ => {}
        }
        Outcome::Stay
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let height = (self.groups.len() as u16 + 4).clamp(6, area.height);
        let popup = centered(area, 60, height);
        frame.render_widget(Clear, popup);
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
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), inner, &mut state);
    }
}

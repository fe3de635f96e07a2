//! The open group's settings in linear mode, one at a time, as the roster's
//! edit goes through a person: Enter keeps a value, a single `-` empties a
//! text, and nothing is saved until the facilitator says yes. The rules are
//! the use case's: a setting it refuses is asked again, the rest kept.

use crate::domain::text::display;
use crate::domain::{GroupSettings, GroupStatus, Openness};
use crate::usecase::Error;

use super::Ctx;
use super::words::sentence;

/// Going through the settings.
pub struct Editing {
    original: GroupSettings,
    settings: GroupSettings,
    field: usize,
    /// Every setting asked; now asking whether to save.
    saving: bool,
}

/// The settings in the order they are asked, named as the use case names
/// them. The successor group is chosen in the full-screen console.
const FIELDS: [(&str, &str); 11] = [
    ("focus", "Who it is for"),
    ("entry_criteria", "Entry criteria"),
    ("openness", "Joining"),
    ("status", "Status"),
    ("meeting_minutes", "Meeting length in minutes"),
    ("opening_closing_minutes", "Minutes kept for opening, closing and any break"),
    ("min_speaking_minutes", "Least speaking time each, in minutes"),
    ("min_size", "Smallest size"),
    ("review_interval_days", "Days between reviews"),
    ("last_review", "Last review"),
    ("purpose", "Purpose and values"),
];

fn value(s: &GroupSettings, field: usize) -> String {
    let text = |t: &str| if t.trim().is_empty() { "empty".to_string() } else { format!("“{}”", display(t.trim())) };
    match FIELDS[field].0 {
        "focus" => text(&s.focus),
        "entry_criteria" => text(&s.entry_criteria),
        "openness" => s.openness.label().to_string(),
        "status" => s.status.label().to_string(),
        "meeting_minutes" => s.meeting_minutes.to_string(),
        "opening_closing_minutes" => s.opening_closing_minutes.to_string(),
        "min_speaking_minutes" => s.min_speaking_minutes.to_string(),
        "min_size" => s.min_size.to_string(),
        "review_interval_days" => s.review_interval_days.to_string(),
        "last_review" => s.last_review.map_or_else(|| "none yet".into(), |d| d.to_string()),
        _ => text(&s.purpose),
    }
}

fn ask(ctx: &mut Ctx, editing: &Editing) {
    let (key, label) = FIELDS[editing.field];
    let how = match key {
        "openness" => " Type open or closed.",
        "status" => " Type forming, active, dormant or closed.",
        "last_review" => " Type a date as 2026-03-14.",
        k if k.ends_with("minutes") || k.ends_with("days") || k == "min_size" => " Type a whole number.",
        _ => "",
    };
    ctx.say(format!("{label}: {}.{how}", value(&editing.settings, editing.field)));
}

/// `settings`: the first setting of the open group.
pub fn start(ctx: &mut Ctx) -> Option<Editing> {
    let group = ctx.group.clone()?;
    ctx.say(format!(
        "The settings of {}, one at a time. Type a new value, press Enter to keep it, or a single - to empty a \
         text. Nothing is saved until you say yes at the end.",
        display(&group.name)
    ));
    ctx.say(crate::present::group::workable_now(&group.settings));
    let editing = Editing { original: group.settings.clone(), settings: group.settings, field: 0, saving: false };
    ask(ctx, &editing);
    Some(editing)
}

pub fn prompt(editing: &Editing) -> String {
    if editing.saving {
        return "Settings, yes or no> ".into();
    }
    format!("Settings, {}> ", FIELDS[editing.field].1.to_lowercase())
}

fn set(s: &mut GroupSettings, field: usize, typed: &str) -> Result<(), String> {
    let clear = typed == "-";
    let text = if clear { String::new() } else { typed.to_string() };
    let number = || typed.parse::<u32>().map_err(|_| "Type a whole number, such as 90.".to_string());
    match FIELDS[field].0 {
        "focus" => s.focus = text,
        "entry_criteria" => s.entry_criteria = text,
        "openness" => s.openness = Openness::parse(typed).map_err(|_| "Type open or closed.".to_string())?,
        "status" => {
            s.status = GroupStatus::parse(typed).map_err(|_| "Type forming, active, dormant or closed.".to_string())?;
        }
        "meeting_minutes" => s.meeting_minutes = number()?,
        "opening_closing_minutes" => s.opening_closing_minutes = number()?,
        "min_speaking_minutes" => s.min_speaking_minutes = number()?,
        "min_size" => s.min_size = number()?,
        "review_interval_days" => s.review_interval_days = number()?,
        "last_review" if clear => s.last_review = None,
        "last_review" => s.last_review = Some(crate::domain::text::date(typed).map_err(sentence)?),
        _ => s.purpose = text,
    }
    Ok(())
}

/// A typed line; the editing still open, if any.
pub fn text(ctx: &mut Ctx, mut editing: Editing, line: &str) -> Option<Editing> {
    let typed = line.trim();
    if editing.saving {
        return match crate::present::yes_no(typed) {
            Some(true) => save(ctx, editing),
            Some(false) => {
                ctx.say("Nothing was saved.");
                None
            }
            None => {
                ctx.say("Type yes or no.");
                Some(editing)
            }
        };
    }
    if !typed.is_empty()
        && let Err(message) = set(&mut editing.settings, editing.field, typed)
    {
        ctx.say(message);
        ask(ctx, &editing);
        return Some(editing);
    }
    editing.field += 1;
    if editing.field < FIELDS.len() {
        ask(ctx, &editing);
        return Some(editing);
    }
    // What will be saved is said back before the question.
    let changed: Vec<String> = (0..FIELDS.len())
        .filter(|i| value(&editing.settings, *i) != value(&editing.original, *i))
        .map(|i| format!("{}: {}, was {}.", FIELDS[i].1, value(&editing.settings, i), value(&editing.original, i)))
        .collect();
    if changed.is_empty() {
        ctx.say("Nothing was changed.");
        return None;
    }
    ctx.say(format!("{} to save:", super::words::count(changed.len(), "change", "changes")));
    ctx.out.say_all(changed);
    ctx.say("Save? yes or no.");
    editing.saving = true;
    Some(editing)
}

fn save(ctx: &mut Ctx, editing: Editing) -> Option<Editing> {
    let id = ctx.group_id();
    match ctx.circle.update_group_settings(id, editing.settings.clone(), ctx.today) {
        Ok(()) => {
            ctx.say("The settings are saved.");
            match ctx.circle.group(id) {
                Ok(group) => ctx.group = Some(group),
                Err(e) => ctx.fail(e),
            }
            None
        }
        Err(Error::Field(field, message)) => {
            ctx.say(sentence(&message));
            let field = FIELDS.iter().position(|(key, _)| *key == field).unwrap_or(0);
            let editing = Editing { field, saving: false, ..editing };
            ask(ctx, &editing);
            Some(editing)
        }
        Err(e) => {
            ctx.fail(e);
            None
        }
    }
}

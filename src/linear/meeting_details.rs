//! A meeting's details in linear mode, one at a time: its day, mode,
//! length, the visitors counted without details, and notes. Enter keeps a
//! value, a single `-` empties the notes, and nothing is saved until the
//! facilitator says yes. The rules are the use case's (one meeting a day,
//! no day still to come): a detail it refuses is asked again.

use crate::domain::meeting::{parse_minutes, parse_visitors};
use crate::domain::text::display;
use crate::domain::{MeetingMode, text};
use crate::present::register::NOT_YET_KEPT;
use crate::usecase::Error;
use crate::usecase::register::{MeetingDetails, RegisterOf};

use super::Ctx;
use super::words::sentence;

pub struct Editing {
    of: RegisterOf,
    original: MeetingDetails,
    details: MeetingDetails,
    field: usize,
    /// Every detail asked; now asking whether to save.
    saving: bool,
}

/// Where the questions got to.
pub enum Walk {
    Going(Editing),
    /// Finished: what the register is for now, when something was saved.
    Done(Option<RegisterOf>),
}

/// The details in the order they are asked, named as the use case names them.
const FIELDS: [(&str, &str); 5] =
    [("date", "Day"), ("mode", "Mode"), ("minutes", "Length"), ("visitors", "Visitors"), ("notes", "Notes")];

fn modes() -> String {
    MeetingMode::ALL.iter().enumerate().map(|(i, m)| format!("{} {}", i + 1, m.label())).collect::<Vec<_>>().join(", ")
}

fn value(ctx: &Ctx, d: &MeetingDetails, field: usize) -> String {
    match FIELDS[field].0 {
        "date" => ctx.day(d.held_on),
        "mode" => d.mode.label().to_string(),
        "minutes" => format!("{} minutes", d.minutes),
        "visitors" => format!("{} counted without details", d.visitors),
        _ if d.notes.trim().is_empty() => "empty".into(),
        _ => format!("“{}”", display(d.notes.trim())),
    }
}

fn ask(ctx: &mut Ctx, editing: &Editing) {
    let (key, label) = FIELDS[editing.field];
    let how = match key {
        "date" => "Type a day as 2026-03-14.".to_string(),
        "mode" => format!("Type {}.", modes()),
        "minutes" => "Type a whole number of minutes.".into(),
        "visitors" => "Type a whole number.".into(),
        _ => "Type new notes, or a single - to empty them.".into(),
    };
    ctx.say(format!("{label}: {}. {how} Enter keeps it.", value(ctx, &editing.details, editing.field)));
}

/// Starts going through the details of a register's meeting.
pub fn start(ctx: &mut Ctx, of: RegisterOf) -> Editing {
    ctx.say(format!(
        "The meeting of {}, one detail at a time. Type a new value or press Enter to keep it; nothing is saved \
         until you say yes at the end.",
        ctx.day(of.held_on())
    ));
    let details = of.details();
    let editing = Editing { of, original: details.clone(), details, field: 0, saving: false };
    ask(ctx, &editing);
    editing
}

pub fn prompt(editing: &Editing) -> String {
    if editing.saving {
        return "Meeting, yes or no> ".into();
    }
    format!("Meeting, {}> ", FIELDS[editing.field].1.to_lowercase())
}

fn set(d: &mut MeetingDetails, field: usize, typed: &str) -> Result<(), String> {
    match FIELDS[field].0 {
        "date" => d.held_on = text::date(typed).map_err(sentence)?,
        "mode" => {
            let by_number = typed.parse::<usize>().ok().and_then(|n| MeetingMode::ALL.get(n.wrapping_sub(1)));
            d.mode = match by_number {
                Some(mode) => *mode,
                None => MeetingMode::parse(typed).map_err(|_| format!("Type {}.", modes()))?,
            };
        }
        "minutes" => d.minutes = parse_minutes(typed).map_err(sentence)?,
        "visitors" => d.visitors = parse_visitors(typed).map_err(sentence)?,
        _ => d.notes = if typed == "-" { String::new() } else { typed.to_string() },
    }
    Ok(())
}

/// A typed line.
pub fn text(ctx: &mut Ctx, mut editing: Editing, line: &str) -> Walk {
    let typed = line.trim();
    if editing.saving {
        return match crate::present::yes_no(typed) {
            Some(true) => save(ctx, editing),
            Some(false) => {
                ctx.say("Nothing was saved.");
                Walk::Done(None)
            }
            None => {
                ctx.say("Type yes or no.");
                Walk::Going(editing)
            }
        };
    }
    if !typed.is_empty()
        && let Err(message) = set(&mut editing.details, editing.field, typed)
    {
        ctx.say(message);
        ask(ctx, &editing);
        return Walk::Going(editing);
    }
    // A day that cannot be the meeting's is said at once, not after every
    // other detail, and the day it had is kept.
    if FIELDS[editing.field].0 == "date"
        && editing.details.held_on != editing.original.held_on
        && let Err(e) = ctx.circle.meeting_day_free(&editing.of, editing.details.held_on, ctx.today)
    {
        ctx.say(sentence(e.to_string()));
        editing.details.held_on = editing.original.held_on;
        ask(ctx, &editing);
        return Walk::Going(editing);
    }
    editing.field += 1;
    if editing.field < FIELDS.len() {
        ask(ctx, &editing);
        return Walk::Going(editing);
    }
    let changed: Vec<&str> = (0..FIELDS.len())
        .filter(|i| value(ctx, &editing.details, *i) != value(ctx, &editing.original, *i))
        .map(|i| FIELDS[i].1)
        .collect();
    if changed.is_empty() {
        ctx.say("Nothing was changed.");
        return Walk::Done(None);
    }
    ctx.say(format!("Changed: {}. Save? yes or no.", changed.join(", ")));
    editing.saving = true;
    Walk::Going(editing)
}

fn save(ctx: &mut Ctx, editing: Editing) -> Walk {
    match ctx.circle.change_meeting(&editing.of, editing.details.clone(), ctx.today) {
        Ok(of) => {
            let day = ctx.day(of.held_on());
            match (&editing.of, &of) {
                (_, RegisterOf::NotYetKept { .. }) => ctx.say(format!("The register is for {day} now. {NOT_YET_KEPT}")),
                (RegisterOf::NotYetKept { .. }, RegisterOf::Recorded(_)) => {
                    ctx.say(crate::present::register::recorded(&day));
                }
                _ => ctx.say(format!("The meeting of {day} is saved.")),
            }
            Walk::Done(Some(of))
        }
        Err(Error::Field(field, message)) => {
            ctx.say(sentence(&message));
            let field = FIELDS.iter().position(|(key, _)| *key == field).unwrap_or(0);
            // The refused value is not offered again as the one to keep.
            let mut details = editing.details.clone();
            if FIELDS[field].0 == "date" {
                details.held_on = editing.original.held_on;
            }
            let editing = Editing { field, saving: false, details, ..editing };
            ask(ctx, &editing);
            Walk::Going(editing)
        }
        Err(e) => {
            ctx.fail(e);
            Walk::Done(None)
        }
    }
}

//! Looking after the roster in linear mode: adding someone, editing what is
//! kept about them a field at a time, moving them along their journey, and
//! forgetting them after their name is typed. Each step is a short question
//! with its own prompt; the rules and their questions (a closed group, a full
//! group, a place that opened) come from the use cases, as in the console.

use crate::domain::text::display;
use crate::domain::{MemberFields, MemberId, MemberStatus, Role};
use crate::usecase::membership::{Answers, StatusRequest};

use super::Ctx;
pub use super::answers::answer;

/// A question the roster is waiting for an answer to.
pub enum Step {
    /// How someone new starts: a number from
    /// [`crate::present::status::NEW_MEMBER_STATUSES`].
    NewStatus(Box<MemberFields>),
    /// Someone's new status: a number from [`MemberStatus::ALL`].
    Status(MemberId, String),
    /// A closed group: make them active anyway? yes or no.
    ClosedGroup(StatusRequest, Answers),
    /// A full group: 1 the waitlist, 2 active anyway.
    Full(StatusRequest, Answers),
    /// A place opened: offer it to the one who waited longest? yes or no.
    Offer(MemberId, String),
    /// Typing each field in turn (free text).
    Edit(Box<Editing>),
    /// Save the edit? yes or no.
    SaveEdit(Box<Editing>),
    /// Typing the name to confirm forgetting (free text).
    Forget(MemberId, String),
    /// Merge these two records of one person? yes or no.
    Merge(MemberId, MemberId),
}

pub struct Editing {
    pub id: MemberId,
    pub original: MemberFields,
    pub fields: MemberFields,
    pub field: usize,
}

/// The fields in the order they are asked, named as the use cases name them.
pub const FIELDS: [(&str, &str); 8] = [
    ("name", "Name"),
    ("pronouns", "Pronouns"),
    ("contact", "Contact"),
    ("joined", "Joined"),
    ("role", "Role"),
    ("access_needs", "Access needs"),
    ("invite_to_speak", "Invite to speak"),
    ("notes", "Notes"),
];

fn numbered<T: Copy>(all: &[T], label: impl Fn(T) -> String) -> String {
    all.iter().enumerate().map(|(i, v)| format!("{} {}", i + 1, label(*v))).collect::<Vec<_>>().join(", ")
}

/// `add NAME`: asks how they start.
pub fn add(ctx: &mut Ctx, name: &str) -> Option<Step> {
    if name.trim().is_empty() {
        ctx.say("Type add and the person's name: add Sam.");
        return None;
    }
    // A name the use case would refuse is refused now, before asking how
    // they start.
    let name = match crate::usecase::given_name(name) {
        Ok(name) => name,
        Err(e) => {
            ctx.fail(e);
            return None;
        }
    };
    let fields = MemberFields { name, ..MemberFields::default() };
    ctx.say(format!(
        "How does {} start? {}.",
        display(&fields.name),
        numbered(&crate::present::status::NEW_MEMBER_STATUSES, |s| s.label().to_string())
    ));
    Some(Step::NewStatus(Box::new(fields)))
}

/// `status N`: asks for the new status.
pub fn status(ctx: &mut Ctx, id: MemberId, name: &str, current: MemberStatus) -> Step {
    // Someone who shares their name is named with what tells them apart.
    let who = match ctx.circle.has_namesake(id) {
        Ok(true) => match ctx.circle.someone(id) {
            Ok(someone) => crate::present::people::named(&someone, &|d| ctx.near(d)),
            Err(_) => display(name).into_owned(),
        },
        _ => display(name).into_owned(),
    };
    ctx.say(format!(
        "{who} is {}. New status: {}.",
        current.label(),
        numbered(MemberStatus::ALL, |s| s.label().to_string())
    ));
    Step::Status(id, name.to_string())
}

/// `edit N`: asks the first field.
pub fn edit(ctx: &mut Ctx, id: MemberId) -> Option<Step> {
    let member = match ctx.circle.member(id) {
        Ok(m) => m,
        Err(e) => {
            ctx.fail(e);
            return None;
        }
    };
    ctx.say(format!(
        "Editing {}, one thing at a time. For each, type the new text, press Enter to keep it, \
         or type a single - to empty it. Nothing is saved until you say yes at the end.",
        display(&member.fields.name)
    ));
    let editing = Editing { id, original: member.fields.clone(), fields: member.fields, field: 0 };
    ask_field(ctx, &editing);
    Some(Step::Edit(Box::new(editing)))
}

/// `merge N M`: both records and the person after, then the question.
pub fn merge(ctx: &mut Ctx, a: MemberId, b: MemberId) -> Option<Step> {
    let preview = match ctx.circle.merge_preview(a, b) {
        Ok(preview) => preview,
        Err(e) => {
            ctx.fail(e);
            return None;
        }
    };
    ctx.say("Two records of one person, and the person after merging:");
    let rows = crate::present::people::merge_rows(&preview, &|d| ctx.near(d));
    for (label, [first, second, after]) in rows {
        ctx.say(format!("{label}: first {first}; second {second}; after merging {after}."));
    }
    ctx.say(crate::present::people::merge_summary(&preview));
    ctx.say("Merge them? yes or no.");
    Some(Step::Merge(a, b))
}

/// `forget N`: asks for the name, typed, after naming exactly who it is.
pub fn forget(ctx: &mut Ctx, id: MemberId, name: &str) -> Step {
    let who = match ctx.circle.someone(id) {
        Ok(someone) => crate::present::people::named(&someone, &|d| ctx.near(d)),
        Err(_) => display(name).into_owned(),
    };
    ctx.say(format!(
        "Forgetting {who} erases everything kept about them, for good: their details, attendance, \
         sign-ups and cards. Type their name to go ahead, or press Enter to keep them."
    ));
    Step::Forget(id, name.to_string())
}

fn shown_value(fields: &MemberFields, field: usize) -> String {
    let text = |t: &str| if t.trim().is_empty() { "empty".to_string() } else { format!("“{}”", display(t.trim())) };
    match FIELDS[field].0 {
        "name" => text(&fields.name),
        "pronouns" => text(&fields.pronouns),
        "contact" => text(&fields.contact),
        "joined" => fields.joined.map_or_else(|| "not set".into(), |d| d.to_string()),
        "role" => fields.role.label().to_string(),
        "access_needs" => text(&fields.access_needs),
        "invite_to_speak" => if fields.invite_to_speak { "yes" } else { "no" }.to_string(),
        _ => text(&fields.notes),
    }
}

pub fn ask_field(ctx: &mut Ctx, editing: &Editing) {
    let (key, label) = FIELDS[editing.field];
    let how = match key {
        "joined" => " Type a date as 2026-03-14.",
        "role" => " Type member, facilitator or co-facilitator.",
        "invite_to_speak" => " Type yes or no.",
        _ => "",
    };
    ctx.say(format!("{label}: {}.{how}", shown_value(&editing.fields, editing.field)));
}

/// The prompt while a step waits.
pub fn prompt(step: &Step) -> String {
    match step {
        Step::NewStatus(..) => "Roster, how they start> ".into(),
        Step::Status(..) => "Roster, new status> ".into(),
        Step::ClosedGroup(..) | Step::Offer(..) | Step::SaveEdit(..) => "Roster, yes or no> ".into(),
        Step::Merge(..) => "Roster, merge them? yes or no> ".into(),
        Step::Full(..) => "Roster, waitlist or active> ".into(),
        Step::Edit(editing) => format!("Roster, {}> ", FIELDS[editing.field].1.to_lowercase()),
        Step::Forget(..) => "Roster, type the name to forget> ".into(),
    }
}

/// Whether the step takes the line exactly as typed.
pub fn wants_text(step: &Step) -> bool {
    matches!(step, Step::Edit(..) | Step::Forget(..))
}

/// A typed line for a free-text step; the next step, if any.
pub fn text(ctx: &mut Ctx, step: Step, line: &str) -> Option<Step> {
    match step {
        Step::Edit(mut editing) => {
            let typed = line.trim();
            if !typed.is_empty()
                && let Err(message) = set_field(&mut editing.fields, editing.field, typed)
            {
                ctx.say(message);
                ask_field(ctx, &editing);
                return Some(Step::Edit(editing));
            }
            editing.field += 1;
            if editing.field < FIELDS.len() {
                ask_field(ctx, &editing);
                return Some(Step::Edit(editing));
            }
            if editing.fields == editing.original {
                ctx.say("Nothing was changed.");
                return None;
            }
            // What will be saved is said back before the question, so a
            // slip is heard before it is kept.
            let changes: Vec<String> = (0..FIELDS.len())
                .filter(|i| shown_value(&editing.fields, *i) != shown_value(&editing.original, *i))
                .map(|i| {
                    let (was, now) = (shown_value(&editing.original, i), shown_value(&editing.fields, i));
                    format!("{}: {now}, was {was}.", FIELDS[i].1)
                })
                .collect();
            ctx.say(format!("{} to save:", super::words::count(changes.len(), "change", "changes")));
            ctx.out.say_all(changes);
            ctx.say("Save? yes or no.");
            Some(Step::SaveEdit(editing))
        }
        Step::Forget(id, name) => {
            if line.trim().is_empty() {
                ctx.say(format!("{} is kept; nothing was changed.", display(&name)));
                return None;
            }
            if !crate::present::people::typed_name_matches(line, &name) {
                ctx.say(crate::present::people::typed_name_differs(line, &name));
                return None;
            }
            let seed = ctx.seed();
            match ctx.circle.forget_member(id, seed) {
                Ok(done) => ctx.say(done.said()),
                Err(e) => ctx.fail(e),
            }
            None
        }
        other => Some(other),
    }
}

/// Sets one field from typed text; a message when it cannot be read.
fn set_field(fields: &mut MemberFields, field: usize, typed: &str) -> Result<(), String> {
    let clear = typed == "-";
    let value = if clear { String::new() } else { typed.to_string() };
    match FIELDS[field].0 {
        "name" if clear => return Err("Everyone needs a name, so it cannot be emptied.".into()),
        "name" => fields.name = value,
        "pronouns" => fields.pronouns = value,
        "contact" => fields.contact = value,
        "joined" if clear => fields.joined = None,
        "joined" => {
            fields.joined = Some(crate::domain::text::date(&value).map_err(super::words::sentence)?);
        }
        "role" => {
            fields.role =
                Role::parse(&value).map_err(|_| "A role is member, facilitator or co-facilitator.".to_string())?;
        }
        "access_needs" => fields.access_needs = value,
        "invite_to_speak" if clear => fields.invite_to_speak = false,
        "invite_to_speak" => {
            fields.invite_to_speak = crate::present::yes_no(&value).ok_or_else(|| "Type yes or no.".to_string())?;
        }
        _ => fields.notes = value,
    }
    Ok(())
}

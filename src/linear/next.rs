//! What comes next for the group, at the end of an endings activity, in
//! linear mode: whether the group stays as it is, rests or closes, a
//! successor group (made when it does not exist yet) and what it carries
//! on. The same use case as the console's form, asked a question at a time.

use super::Ctx;
use super::words::Input;
use crate::domain::text::display;
use crate::domain::{ActivityId, GroupStatus};
use crate::usecase::endings::WhatNext;

/// Where the questions have got to.
pub enum Asking {
    Status,
    Successor(Option<GroupStatus>),
    Carry(Option<GroupStatus>, String),
}

const CHOICES: [(Option<GroupStatus>, &str); 3] =
    [(None, "stays as it is"), (Some(GroupStatus::Dormant), "goes dormant"), (Some(GroupStatus::Closed), "closes")];

pub fn start(ctx: &mut Ctx) -> Asking {
    let now = ctx.group.as_ref().map_or("", |g| g.settings.status.label());
    ctx.say(format!(
        "Groups end, pause, or make way for a new one. The group is {now} now, and nothing changes until the last \
         question. The group: 1. stays as it is; 2. goes dormant; 3. closes."
    ));
    Asking::Status
}

pub fn prompt(asking: &Asking) -> String {
    match asking {
        Asking::Status => "Endings, what comes next? number> ".into(),
        Asking::Successor(_) => "Endings, successor group> ".into(),
        Asking::Carry(..) => "Endings, what it carries on> ".into(),
    }
}

/// Whether the question takes the line as typed.
pub fn wants_text(asking: &Asking) -> bool {
    !matches!(asking, Asking::Status)
}

/// The answer to the numbered question.
pub fn choose(ctx: &mut Ctx, input: &Input) -> Option<Asking> {
    match input {
        Input::Numbers(n) if n.len() == 1 && (1..=CHOICES.len()).contains(&n[0]) => {
            let (status, _) = CHOICES[n[0] - 1];
            ctx.say(
                "A successor group carries on what this one started: type its name (it is made if it does not exist \
                 yet), or press Enter for none.",
            );
            Some(Asking::Successor(status))
        }
        Input::Back => {
            ctx.say("Nothing was changed.");
            None
        }
        _ => {
            ctx.say("Type 1, 2 or 3, or b to change nothing.");
            Some(Asking::Status)
        }
    }
}

/// A typed line for the successor or what it carries on.
pub fn text(ctx: &mut Ctx, activity: ActivityId, asking: Asking, line: &str) -> Option<Asking> {
    match asking {
        Asking::Successor(status) if line.trim().is_empty() => finish(ctx, activity, status, "", ""),
        Asking::Successor(status) => {
            ctx.say("What does the successor carry on from this group? One line, or Enter for nothing.");
            Some(Asking::Carry(status, line.trim().to_string()))
        }
        Asking::Carry(status, successor) => finish(ctx, activity, status, &successor, line),
        Asking::Status => Some(Asking::Status),
    }
}

fn finish(
    ctx: &mut Ctx,
    activity: ActivityId,
    status: Option<GroupStatus>,
    successor: &str,
    carry: &str,
) -> Option<Asking> {
    let next = WhatNext { status, successor: successor.to_string(), carry: carry.trim().to_string() };
    match ctx.circle.finish_activity(activity, &next, ctx.today) {
        Ok(said) => {
            let said: Vec<String> = said.iter().map(|s| display(s).into_owned()).collect();
            ctx.say(format!("Saved: {}. Thank you for holding this group.", said.join(", ")));
            if let Ok(group) = ctx.circle.group(ctx.group_id()) {
                ctx.group = Some(group);
            }
            None
        }
        Err(e) => {
            ctx.fail(e);
            None
        }
    }
}

//! The answers to the roster's questions in linear mode: how someone
//! starts, their new status, the questions the group's rules raise, and
//! saving an edit. Each runs a use case and says its outcome.

use crate::domain::MemberStatus;
use crate::domain::text::display;
use crate::present::status::{self, NEW_MEMBER_STATUSES};
use crate::usecase::Error;
use crate::usecase::membership::{Answers, Done, StatusOutcome, StatusRequest, Who, new_member};

use super::Ctx;
use super::people::{Editing, FIELDS, Step, ask_field};
use super::words::{Input, not_on_list, yes_no};

/// An answer to a question step; the next step, if any.
pub fn answer(ctx: &mut Ctx, step: Step, input: &Input) -> Option<Step> {
    match step {
        Step::NewStatus(fields) => match pick(ctx, input, &NEW_MEMBER_STATUSES) {
            Some(status) => {
                let request = new_member(ctx.group_id(), *fields, status, ctx.today);
                run(ctx, request, Answers::default())
            }
            None => Some(Step::NewStatus(fields)),
        },
        Step::Status(id, name) => match pick(ctx, input, MemberStatus::ALL) {
            Some(status) => {
                let request = StatusRequest { who: Who::Existing(id), status, on: ctx.today, reason: String::new() };
                run(ctx, request, Answers::default())
            }
            None => Some(Step::Status(id, name)),
        },
        Step::ClosedGroup(request, answers) => match yes_no(input) {
            Some(true) => run(ctx, request, Answers { closed_intake: true, ..answers }),
            Some(false) => {
                ctx.say("Nothing was changed.");
                None
            }
            None => {
                ctx.say("Type yes or no.");
                Some(Step::ClosedGroup(request, answers))
            }
        },
        Step::Full(request, answers) => {
            let choice = match input {
                Input::Numbers(n) if n.as_slice() == [1] => Some(MemberStatus::Waitlist),
                Input::Numbers(n) if n.as_slice() == [2] => Some(MemberStatus::Active),
                Input::Word { word, .. } if word == "waitlist" => Some(MemberStatus::Waitlist),
                Input::Word { word, .. } if word == "active" => Some(MemberStatus::Active),
                Input::Back => {
                    ctx.say("Nothing was changed.");
                    return None;
                }
                _ => None,
            };
            match choice {
                Some(status) => {
                    run(ctx, StatusRequest { status, ..request }, Answers { over_capacity: true, ..answers })
                }
                None => {
                    ctx.say("Type 1 for the waitlist or 2 for active anyway, or b to change nothing.");
                    Some(Step::Full(request, answers))
                }
            }
        }
        Step::Offer(member, name) => match yes_no(input) {
            Some(true) => {
                let request = StatusRequest {
                    who: Who::Existing(member),
                    status: MemberStatus::Active,
                    on: ctx.today,
                    reason: String::new(),
                };
                run(ctx, request, Answers::ALL)
            }
            Some(false) => {
                ctx.say(format!("{} stays on the waitlist.", display(&name)));
                None
            }
            None => {
                ctx.say("Type yes or no.");
                Some(Step::Offer(member, name))
            }
        },
        Step::Merge(a, b) => match yes_no(input) {
            Some(true) => {
                match ctx.circle.merge_members(a, b, ctx.today) {
                    Ok(merged) => {
                        ctx.say(crate::present::people::merged(&merged.name, merged.meetings));
                        ctx.say("The list keeps its numbers until l lists it again.");
                    }
                    Err(e) => ctx.fail(e),
                }
                None
            }
            Some(false) => {
                ctx.say("Nothing was merged.");
                None
            }
            None => {
                ctx.say("Type yes or no.");
                Some(Step::Merge(a, b))
            }
        },
        Step::SaveEdit(editing) => match yes_no(input) {
            Some(true) => save(ctx, editing),
            Some(false) => {
                ctx.say("Nothing was saved.");
                None
            }
            None => {
                ctx.say("Type yes or no.");
                Some(Step::SaveEdit(editing))
            }
        },
        other => Some(other),
    }
}

fn pick<T: Copy>(ctx: &mut Ctx, input: &Input, all: &[T]) -> Option<T> {
    match input {
        Input::Numbers(n) if n.len() == 1 => match all.get(n[0].wrapping_sub(1)) {
            Some(v) => Some(*v),
            None => {
                ctx.say(not_on_list(n[0], all.len()));
                None
            }
        },
        _ => {
            ctx.say(format!("Type a number from 1 to {}.", all.len()));
            None
        }
    }
}

fn save(ctx: &mut Ctx, editing: Box<Editing>) -> Option<Step> {
    let Editing { id, original, fields, .. } = *editing;
    match ctx.circle.edit_member(id, Some(&original), fields.clone(), ctx.today) {
        Ok(name) => {
            ctx.say(format!("Saved the changes to {}.", display(&name)));
            None
        }
        // A field the rules refuse is asked again, the rest kept.
        Err(Error::Field(field, message)) => {
            ctx.say(super::words::sentence(&message));
            let field = FIELDS.iter().position(|(key, _)| *key == field).unwrap_or(0);
            let editing = Editing { id, original, fields, field };
            ask_field(ctx, &editing);
            Some(Step::Edit(Box::new(editing)))
        }
        Err(e) => {
            ctx.fail(e);
            None
        }
    }
}

/// Runs a change of status and turns its outcome into words, or into the
/// question the group's rules raise.
fn run(ctx: &mut Ctx, request: StatusRequest, answers: Answers) -> Option<Step> {
    let outcome = match ctx.circle.change_status(request.clone(), ctx.today, answers) {
        Ok(outcome) => outcome,
        Err(e) => {
            ctx.fail(e);
            return None;
        }
    };
    match outcome {
        StatusOutcome::AlreadyThere(now) => {
            ctx.say(status::already(now));
            None
        }
        StatusOutcome::AskClosedGroup => {
            ctx.say(format!("{} yes or no.", status::CLOSED_GROUP));
            Some(Step::ClosedGroup(request, answers))
        }
        StatusOutcome::Full { active, largest } => {
            let [why, waitlist] = status::full(active, largest);
            ctx.say(format!("{}: {why} {waitlist} 1 the waitlist, 2 active anyway.", status::FULL_TITLE));
            Some(Step::Full(request, answers))
        }
        StatusOutcome::Done(Done { name, previous, status: now, offer, .. }) => {
            ctx.say(status::done(&name, previous, now));
            let offer = offer?;
            let since = ctx.near(offer.waiting_since);
            ctx.say(format!("{}. {} yes or no.", status::PLACE_OPENED, status::offer(&offer.name, &since)));
            Some(Step::Offer(offer.member, offer.name))
        }
    }
}

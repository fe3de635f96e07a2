//! The roster's dialogs: adding and editing someone, changing their status,
//! and the questions the group's rules raise on the way (a closed group, a
//! full group, a place that opened). The rules themselves are use cases;
//! this file turns their outcomes into dialogs and messages.

use chrono::NaiveDate;

use super::RosterPurpose;
use crate::domain::text::{self, display};
use crate::domain::{MemberFields, MemberId, MemberStatus, Role, StatusChange};
use crate::present::status::{self, NEW_MEMBER_STATUSES};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::Next;
use crate::tui::switcher::show_error;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;
use crate::usecase::membership::{Answers, Done, StatusOutcome, StatusRequest, Who, new_member};

pub fn member_form(existing: Option<(MemberId, &MemberFields)>, today: NaiveDate) -> Modal {
    let blank = MemberFields::default();
    let f = existing.map_or(&blank, |(_, f)| f);
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
        form = form.choice("status", "Starts as", &NEW_MEMBER_STATUSES, 0);
    }
    form = form
        .text("contact", "Contact (optional)", &f.contact)
        .text("joined", "Joined", &joined)
        .choice("role", "Role", Role::ALL, Role::ALL.iter().position(|r| *r == f.role).unwrap_or(0))
        .text("access_needs", "Access needs", &f.access_needs)
        .toggle("invite", "Likes an invitation", f.invite_to_speak)
        .text("notes", "Notes", &f.notes)
        .explained(crate::present::roster::ABOUT_MEMBER);
    let purpose = match existing {
        Some((id, fields)) => RosterPurpose::Edit(id, Box::new(fields.clone())),
        None => RosterPurpose::Add,
    };
    Modal::Form(form, Purpose::Roster(purpose))
}

/// The typed details; only the date needs reading here, the use case
/// checks the rest.
fn read_member_form(form: &mut Form) -> Option<(MemberFields, MemberStatus)> {
    let joined = match text::optional_date(form.value("joined")) {
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
        access_needs: form.value("access_needs").to_string(),
        invite_to_speak: form.on("invite"),
        notes: form.value("notes").to_string(),
    };
    // Editing someone has no status to choose: that is its own action.
    let status = if form.has("status") { form.selected("status") } else { 0 };
    Some((fields, NEW_MEMBER_STATUSES[status]))
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

pub fn status_form(
    id: MemberId,
    name: &str,
    current: MemberStatus,
    history: &[StatusChange],
    today: NaiveDate,
) -> Modal {
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
    Modal::Form(form, Purpose::Roster(RosterPurpose::Status(id)))
}

/// The typed request of the status form.
pub fn read_status_form(form: &mut Form, id: MemberId) -> Option<StatusRequest> {
    let on = match text::date(form.value("date")) {
        Ok(d) => d,
        Err(e) => {
            form.set_error("date", e.to_string());
            return None;
        }
    };
    Some(StatusRequest {
        who: Who::Existing(id),
        status: MemberStatus::ALL[form.selected("status")],
        on,
        reason: form.value("reason").to_string(),
    })
}

/// Adds the person typed into the member form.
pub fn add_from(form: &mut Form, ctx: &mut Ctx) -> Option<(StatusRequest, StatusOutcome)> {
    let group = ctx.group_id()?;
    let (fields, status) = read_member_form(form)?;
    let request = new_member(group, fields, status, ctx.today);
    match ctx.circle.change_status(request.clone(), ctx.today, Answers::default()) {
        Ok(outcome) => Some((request, outcome)),
        Err(e) => {
            show_error(form, e);
            None
        }
    }
}

/// Saves the edit form; the id of who was saved. When another console
/// changed the same details meanwhile, the form says so and a second save
/// (the same key again) puts these over theirs.
pub fn edit_from(form: &mut Form, id: MemberId, original: &MemberFields, ctx: &mut Ctx) -> Option<MemberId> {
    let (fields, _) = read_member_form(form)?;
    let overwrite = form.armed.as_deref() == Some("conflict");
    match ctx.circle.edit_member(id, (!overwrite).then_some(original), fields, ctx.today) {
        Ok(name) => {
            ctx.info(format!("Saved {}.", display(&name)));
            Some(id)
        }
        Err(crate::usecase::Error::Conflict(message)) => {
            form.armed = Some("conflict".into());
            let (save, back) = (key_for(Context::Form, Action::Submit), key_for(Context::Form, Action::Back));
            form.message =
                Some(format!("{message} Press {save} again to save yours over theirs, or {back} to see theirs."));
            None
        }
        Err(e) => {
            show_error(form, e);
            None
        }
    }
}

/// Turns a status outcome into what the facilitator sees next: a message,
/// a question, or a dialog. `request` is kept in the question's purpose, so
/// the answer can carry on where the rule stopped.
pub fn follow(
    request: StatusRequest,
    outcome: StatusOutcome,
    answers: Answers,
    ctx: &mut Ctx,
) -> (Next, Option<MemberId>) {
    match outcome {
        StatusOutcome::AlreadyThere(status) => {
            ctx.info(status::already(status));
            (Next::Close, None)
        }
        StatusOutcome::AskClosedGroup => {
            let confirm = Confirm::new(status::CLOSED_GROUP_TITLE, status::CLOSED_GROUP);
            let purpose = RosterPurpose::ClosedIntake(request, answers);
            (Next::Ask(Modal::Confirm(confirm, Purpose::Roster(purpose))), None)
        }
        StatusOutcome::Full { active, largest } => {
            let form = Form::new(status::FULL_TITLE)
                .intro(status::full(active, largest).join("\n"))
                .choice("choice", "Put them", &["on the waitlist", "active anyway"], 0)
                .cancel_hint("back to the form");
            let purpose = RosterPurpose::AtCapacity(request, answers);
            (Next::Ask(Modal::Form(form, Purpose::Roster(purpose))), None)
        }
        StatusOutcome::Done(done) => {
            let Done { member, name, previous, status: now, offer } = done;
            ctx.info(status::done(&name, previous, now));
            let next = match offer {
                Some(offer) => {
                    let since = offer.waiting_since.to_string();
                    let confirm = Confirm::new(status::PLACE_OPENED, status::offer(&offer.name, &since));
                    Next::Open(Modal::Confirm(confirm, Purpose::Roster(RosterPurpose::OfferPlace(offer.member))))
                }
                None => Next::Close,
            };
            (next, Some(member))
        }
    }
}

/// Runs a request again with more answers given.
pub fn retry(request: StatusRequest, answers: Answers, ctx: &mut Ctx) -> (Next, Option<MemberId>) {
    match ctx.circle.change_status(request.clone(), ctx.today, answers) {
        Ok(outcome) => follow(request, outcome, answers, ctx),
        Err(e) => {
            ctx.error(e);
            (Next::Close, None)
        }
    }
}

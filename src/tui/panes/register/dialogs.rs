//! The register's dialogs: the day and details of a meeting, a visitor
//! (and the question when their name is known), a sign-up for someone not
//! marked present, taking a sign-up back, and taking a meeting away.

use chrono::NaiveDate;

use super::super::roster::{RosterPane, RosterPurpose};
use super::super::{Answer, Next};
use super::{Back, Register, RegisterPurpose};
use crate::domain::meeting::{parse_minutes, parse_visitors};
use crate::domain::text::{self, display};
use crate::domain::{MeetingMode, NewMeeting};
use crate::present::agreement as signups;
use crate::present::register::{self as words};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::switcher::show_error;
use crate::tui::widgets::form::Form;
use crate::usecase::agreement::SignupOutcome;
use crate::usecase::register::{Mark, MeetingDetails, RegisterOf};
/// The form for a register to take: today's (`today`), or the day of a
/// meeting that was not recorded on the day.
pub fn new_meeting_form(ctx: &Ctx, for_today: bool) -> Modal {
    let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
    let form = if for_today {
        Form::new("Today's meeting").intro(format!("No meeting is recorded for today yet. {}", words::NOT_YET_KEPT))
    } else {
        Form::new("A register for another day").intro(
            "Forgot the register on the day? Type the day of the meeting, as 2026-03-14: a day that has passed \
             and has no meeting yet. It is recorded with the first mark.",
        )
    };
    let (today, minutes) = (ctx.today.to_string(), minutes.to_string());
    let form = form.text("date", "Date", &today).choice("mode", "Mode", MeetingMode::ALL, 0).text(
        "minutes",
        "Length (minutes)",
        &minutes,
    );
    Modal::Form(form, Purpose::Roster(RosterPurpose::Register(RegisterPurpose::NewMeeting)))
}

/// The details of a meeting, to correct: its day, mode, length, visitors
/// and notes.
pub fn details_form(of: &RegisterOf, purpose: RegisterPurpose) -> Modal {
    let mode = MeetingMode::ALL.iter().position(|m| *m == of.mode()).unwrap_or(0);
    let mut form = Form::new(format!("Meeting of {}", of.held_on()));
    if of.recorded().is_none() {
        form = form.intro(format!("{} A note or a visitor count records it.", words::NOT_YET_KEPT));
    }
    let form = form
        .text("date", "Date", &of.held_on().to_string())
        .choice("mode", "Mode", MeetingMode::ALL, mode)
        .text("minutes", "Length (minutes)", &of.minutes().to_string())
        .text("visitors", "Visitors", &of.visitors().to_string())
        .text("notes", "Notes", of.notes());
    Modal::Form(form, Purpose::Roster(RosterPurpose::Register(purpose)))
}

fn read_details(form: &mut Form) -> Option<(NaiveDate, MeetingMode, u32)> {
    let date = match text::date(form.value("date")) {
        Ok(d) => d,
        Err(e) => {
            form.set_error("date", e.to_string());
            return None;
        }
    };
    let minutes = match parse_minutes(form.value("minutes")) {
        Ok(n) => n,
        Err(e) => {
            form.set_error("minutes", e);
            return None;
        }
    };
    Some((date, MeetingMode::ALL[form.selected("mode")], minutes))
}

fn read_all_details(form: &mut Form) -> Option<MeetingDetails> {
    let (held_on, mode, minutes) = read_details(form)?;
    let visitors = match parse_visitors(form.value("visitors")) {
        Ok(n) => n,
        Err(e) => {
            form.set_error("visitors", e);
            return None;
        }
    };
    Some(MeetingDetails { held_on, mode, minutes, visitors, notes: form.value("notes").to_string() })
}

/// The answers to the register's dialogs (and those of the list of
/// meetings, which open registers).
pub fn answer(pane: &mut RosterPane, answer: Answer<'_>, purpose: &RegisterPurpose, ctx: &mut Ctx) -> Next {
    let Some(group) = ctx.group_id() else { return Next::Close };
    if let (Answer::Confirmed(_), RegisterPurpose::Remove(id, day)) = (&answer, purpose) {
        match ctx.circle.meeting_contents(group, *day) {
            Ok((found, contents)) if found == *id => match ctx.circle.remove_meeting(*id) {
                Ok(()) => {
                    ctx.info(format!(
                        "The meeting of {} is taken away, with {}.",
                        ctx.dates.day(*day),
                        contents.said()
                    ));
                    if pane.register.as_ref().is_some_and(|r| r.of.recorded().is_some_and(|m| m.id == *id)) {
                        pane.register = None;
                    }
                }
                Err(e) => ctx.error(e),
            },
            Ok(_) => ctx.error("That meeting was changed meanwhile; nothing was taken away. Look at the list again."),
            Err(e) => ctx.error(e),
        }
        return Next::Close;
    }
    if let Answer::Confirmed(_) = &answer {
        match purpose {
            RegisterPurpose::SignAnyway(member, on) => {
                match ctx.circle.sign_up(group, &[*member], *on, ctx.today, true) {
                    Ok(SignupOutcome::Recorded(v)) => {
                        let name = ctx.circle.member(*member).map(|m| m.fields.name).unwrap_or_default();
                        ctx.info(agreed(&name, v, *on, ctx));
                    }
                    Ok(SignupOutcome::AlreadyAgreed(v, people)) => {
                        ctx.info(signups::already_agreed(v, &people, &|d| ctx.dates.day(d)))
                    }
                    Ok(SignupOutcome::NotPresent(_)) => {}
                    Err(e) => ctx.error(e),
                }
            }
            RegisterPurpose::Withdraw(member, version) => match ctx.circle.withdraw_signup(*member, *version) {
                Ok(()) => {
                    let name = ctx.circle.member(*member).map(|m| m.fields.name).unwrap_or_default();
                    ctx.info(signups::withdrawn(&name, *version));
                }
                Err(e) => ctx.error(e),
            },
            _ => {}
        }
        if let Some(register) = &mut pane.register {
            register.reload(ctx);
        }
        return Next::Close;
    }
    let Answer::Form(form, _) = answer else { return Next::Close };
    match purpose {
        RegisterPurpose::NewMeeting => {
            let Some((held_on, mode, minutes)) = read_details(form) else { return Next::Stay };
            match ctx.circle.register_for_day(group, &NewMeeting { held_on, mode, minutes }, ctx.today) {
                Ok(of) => {
                    let back = if pane.meetings.is_some() { Back::Meetings } else { Back::Roster };
                    pane.meetings = None;
                    pane.register = Some(Register::open(of, back, ctx));
                    if held_on != ctx.today {
                        ctx.info(format!("The register for {}. {}", ctx.dates.day(held_on), words::NOT_YET_KEPT));
                    }
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Details => {
            let Some(details) = read_all_details(form) else { return Next::Stay };
            let Some(register) = pane.register.as_mut() else { return Next::Close };
            match ctx.circle.change_meeting(&register.of, details, ctx.today) {
                Ok(of) => {
                    let day = ctx.dates.day(of.held_on());
                    match (&register.of, &of) {
                        (_, RegisterOf::NotYetKept { .. }) => {
                            ctx.info(format!("The register is for {day} now. {}", words::NOT_YET_KEPT));
                        }
                        (RegisterOf::NotYetKept { .. }, RegisterOf::Recorded(_)) => ctx.info(words::recorded(&day)),
                        _ => ctx.info("Meeting details saved."),
                    }
                    register.of = of;
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::EditMeeting(id) => {
            let Some(details) = read_all_details(form) else { return Next::Stay };
            match ctx.circle.edit_meeting(*id, details, ctx.today) {
                Ok(()) => {
                    ctx.info("Meeting details saved.");
                    Next::Close
                }
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Visitor => {
            let Some(register) = pane.register.as_mut() else { return Next::Close };
            let typed = form.value("name").to_string();
            match register.mark(Mark::Visitor(typed.clone()), ctx) {
                Ok(Some(known)) => known_visitor(known, &typed, ctx),
                Ok(None) => Next::Close,
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::KnownVisitor(typed, known) => {
            let Some(register) = pane.register.as_mut() else { return Next::Close };
            let mark = match known.get(form.selected("who")) {
                Some((member, _)) => Mark::Present(*member, true),
                None => Mark::NewVisitor(typed.clone()),
            };
            match register.mark(mark, ctx) {
                Ok(_) => Next::Close,
                Err(e) => {
                    show_error(form, e);
                    Next::Stay
                }
            }
        }
        RegisterPurpose::Remove(..) | RegisterPurpose::SignAnyway(..) | RegisterPurpose::Withdraw(..) => Next::Close,
    }
}

/// The question when a visitor's name is known already: one of those
/// people, or someone new by that name.
pub(super) fn known_visitor(known: Vec<crate::usecase::people::Someone>, typed: &str, ctx: &Ctx) -> Next {
    let question = crate::present::people::known_visitor(&known, &|d| ctx.dates.day(d));
    // Short days, so each choice fits on its line.
    let choices = crate::present::people::visitor_choices(&known, typed, &|d| ctx.dates.short_day(d));
    let ask = Form::new("Someone by that name is known")
        .intro(question)
        .choice("who", "The visitor is", &choices, 0)
        .cancel_hint("back to the name");
    let known = known.into_iter().map(|s| (s.member, s.name)).collect();
    let purpose = RegisterPurpose::KnownVisitor(typed.to_string(), known);
    Next::Ask(Modal::Form(ask, Purpose::Roster(RosterPurpose::Register(purpose))))
}

/// What recording a sign-up at a meeting said: "Dev agreed to version 2
/// of the agreement today."
pub(super) fn agreed(name: &str, version: u32, on: NaiveDate, ctx: &Ctx) -> String {
    let when = signups::when(on, ctx.today, &|d| ctx.dates.day(d));
    format!("{} agreed to version {version} of the agreement {when}.", display(name))
}

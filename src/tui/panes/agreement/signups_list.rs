//! The agreement's list of who agreed: marking people, recording that
//! they agreed (asking first about anyone not marked present that day),
//! and taking back a sign-up recorded by mistake.

use super::{AgreementPane, AgreementPurpose, View};
use crate::domain::text;
use crate::domain::{GroupId, MemberId};
use crate::present::agreement as signups;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::{Answer, Next};
use crate::tui::switcher::show_error;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::Form;
use crate::usecase::agreement::SignupOutcome;

impl AgreementPane {
    /// A key in the list of who agreed.
    pub(super) fn signups_update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        let back = action == Action::Back;
        let View::Signups { signers, chosen, cursor } = &mut self.view else { return Next::Stay };
        if cursor.apply(action, signers.len()) {
            return Next::Stay;
        }
        let current = self.overview.current().map_or(0, |v| v.version);
        match action {
            Action::TogglePresent => {
                if let Some(s) = signers.get(cursor.selected) {
                    if !chosen.remove(&s.member) {
                        chosen.insert(s.member);
                    }
                    cursor.apply(Action::Down, signers.len());
                }
            }
            Action::AllPresent => {
                chosen.extend(signers.iter().filter(|s| s.agreed != Some(current)).map(|s| s.member));
            }
            Action::Submit if chosen.is_empty() => {
                let space = key_for(Context::Signups, Action::TogglePresent);
                ctx.info(format!("Mark who agreed with {space} first."));
            }
            Action::Submit => {
                // In the list's order, so whatever names them reads as the list does.
                let members: Vec<MemberId> =
                    signers.iter().filter(|s| chosen.contains(&s.member)).map(|s| s.member).collect();
                let form = Form::new(format!("{} agreed to version {current}", members.len())).text(
                    "date",
                    "On",
                    &ctx.today.to_string(),
                );
                return Next::Open(Modal::Form(form, Purpose::Agreement(AgreementPurpose::Signups(members))));
            }
            Action::WithdrawSignup => {
                let Some(s) = signers.get(cursor.selected) else { return Next::Stay };
                match s.history.last() {
                    Some(latest) => {
                        let question = signups::withdraw_question(&s.name, *latest, &ctx.dates.day(latest.signed_on));
                        let purpose = AgreementPurpose::Withdraw(s.member, latest.version);
                        return Next::Open(Modal::Confirm(
                            Confirm::new("Withdraw a sign-up", question),
                            Purpose::Agreement(purpose),
                        ));
                    }
                    None => ctx.info(signups::nothing_to_withdraw(&s.name)),
                }
            }
            _ if back => self.view = View::Document,
            _ => {}
        }

        Next::Stay
    }

    /// The answers to the list's dialogs; any other answer is given back.
    pub(super) fn signups_answer<'a>(
        &mut self,
        answer: Answer<'a>,
        group: GroupId,
        ctx: &mut Ctx,
    ) -> Result<Next, Answer<'a>> {
        Ok(match answer {
            Answer::Form(form, Purpose::Agreement(AgreementPurpose::Signups(members))) => {
                let on = match text::date(form.value("date")) {
                    Ok(d) => d,
                    Err(e) => {
                        form.set_error("date", e.to_string());
                        return Ok(Next::Stay);
                    }
                };
                match ctx.circle.sign_up(group, members, on, ctx.today, false) {
                    Ok(SignupOutcome::Recorded(v)) => {
                        ctx.info(format!("Recorded: {} agreed to version {v}.", members.len()));
                        self.view = View::Document;
                        Next::Close
                    }
                    Ok(SignupOutcome::AlreadyAgreed(v, people)) => {
                        ctx.info(signups::already_agreed(v, &people, &|d| ctx.dates.day(d)));
                        self.view = View::Document;
                        Next::Close
                    }
                    Ok(SignupOutcome::NotPresent(absent)) => {
                        let names: Vec<String> = absent.into_iter().map(|(_, name)| name).collect();
                        let when = signups::when(on, ctx.today, &|d| ctx.dates.day(d));
                        let confirm = Confirm::new("Not marked present", signups::not_present(&names, &when));
                        let purpose = AgreementPurpose::SignupsAnyway(members.clone(), on);
                        return Ok(Next::Ask(Modal::Confirm(confirm, Purpose::Agreement(purpose))));
                    }
                    Err(e) => {
                        show_error(form, e);
                        Next::Stay
                    }
                }
            }
            Answer::Confirmed(Purpose::Agreement(AgreementPurpose::SignupsAnyway(members, on))) => {
                match ctx.circle.sign_up(group, members, *on, ctx.today, true) {
                    Ok(SignupOutcome::Recorded(v)) => {
                        ctx.info(format!("Recorded: {} agreed to version {v}.", members.len()));
                        self.view = View::Document;
                    }
                    Ok(SignupOutcome::AlreadyAgreed(v, people)) => {
                        ctx.info(signups::already_agreed(v, &people, &|d| ctx.dates.day(d)));
                    }
                    Ok(SignupOutcome::NotPresent(_)) => {}
                    Err(e) => ctx.error(e),
                }
                Next::Close
            }
            Answer::Confirmed(Purpose::Agreement(AgreementPurpose::Withdraw(member, version))) => {
                match ctx.circle.withdraw_signup(*member, *version) {
                    Ok(()) => {
                        let name = ctx.circle.member(*member).map(|m| m.fields.name).unwrap_or_default();
                        ctx.info(signups::withdrawn(&name, *version));
                    }
                    Err(e) => ctx.error(e),
                }
                // The list stays open, read again.
                if let View::Signups { signers, cursor, .. } = &mut self.view {
                    match ctx.circle.signers(group) {
                        Ok(fresh) => {
                            *signers = fresh;
                            cursor.clamp(signers.len());
                        }
                        Err(e) => ctx.error(e),
                    }
                }
                Next::Close
            }
            other => return Err(other),
        })
    }
}

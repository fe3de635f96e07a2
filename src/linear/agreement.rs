//! The agreement, section by section with its questions, and recording who
//! agreed to the current version, by number.

use super::drafting::{self, Writing};
use super::words::{Input, count, not_on_list, yes_no};
use super::{Area, Ctx, Go, Place};
use crate::domain::agreement::{Block, Page, read_aloud_pages};
use crate::domain::text::display;
use crate::domain::text::listed as names;
use crate::domain::{MemberId, MemberStatus};
use crate::present::agreement as signups;
use crate::usecase::agreement::{Signer, SignupOutcome};

pub struct Agreement {
    /// The current version's number, if there is one.
    version: Option<u32>,
    pages: Vec<Page>,
    /// The section read last.
    at: Option<usize>,
    /// Choosing who agreed, from this list.
    signing: Option<Vec<Signer>>,
    /// Writing the draft: a question waiting for a typed line.
    writing: Option<Writing>,
    /// Choosing whose sign-up to take back, from this list.
    withdrawing: Option<Vec<Signer>>,
    /// A yes or no waiting.
    asking: Option<Asking>,
}

/// A yes-or-no question about sign-ups.
enum Asking {
    /// These people are not marked present: record that they agreed anyway?
    SignAnyway(Vec<MemberId>, Vec<String>),
    /// Take back this person's sign-up to this version?
    Withdraw(MemberId, String, u32),
}

impl Agreement {
    pub fn enter(ctx: &mut Ctx) -> Option<Agreement> {
        let mut place = Agreement {
            version: None,
            pages: Vec::new(),
            at: None,
            signing: None,
            writing: None,
            withdrawing: None,
            asking: None,
        };
        place.overview(ctx);
        Some(place)
    }

    fn overview(&mut self, ctx: &mut Ctx) {
        let overview = match ctx.circle.agreement_overview(ctx.group_id()) {
            Ok(o) => o,
            Err(e) => return ctx.fail(e),
        };
        let Some(current) = overview.current() else {
            ctx.say(format!("{} has no agreement yet.", ctx.group_name()));
            let Some(draft) = &overview.draft else {
                ctx.say("template starts a draft from circle's template, to change with the group.");
                return;
            };
            // The first draft can be heard section by section before it is
            // adopted, as a version can.
            self.pages = read_aloud_pages(draft);
            ctx.say(format!(
                "A first agreement is being written: its draft has {}. Type a section's number to hear it; \
                 changes tells what differs from the template, and adopt with a note makes it the first version.",
                count(self.pages.len(), "section", "sections")
            ));
            self.sections(ctx);
            return;
        };
        self.version = Some(current.version);
        self.pages = read_aloud_pages(&current.body);
        ctx.say(format!(
            "Agreement of {}, version {}, adopted {}: {}.",
            ctx.group_name(),
            current.version,
            ctx.day(current.adopted_on),
            count(self.pages.len(), "section", "sections")
        ));
        let mut waiting: Vec<String> = overview.not_agreed.iter().map(|(_, n)| n.clone()).collect();
        let more = overview.not_agreed_count.saturating_sub(waiting.len());
        if more > 0 {
            waiting.push(format!("{more} more"));
        }
        ctx.say(match overview.not_agreed_count {
            0 => "Everyone has agreed to this version.".to_string(),
            1 => format!("1 person has not agreed to it yet: {}.", names(&waiting)),
            n => format!("{n} people have not agreed to it yet: {}.", names(&waiting)),
        });
        self.sections(ctx);
        ctx.hint_once(
            "agreement",
            "Type a section's number to hear it, n for the next section, s to record who agreed.",
        );
    }

    fn sections(&self, ctx: &mut Ctx) {
        for (i, page) in self.pages.iter().enumerate() {
            ctx.say(format!("{}. {}", i + 1, title(page)));
        }
    }

    fn read(&mut self, ctx: &mut Ctx, i: usize) {
        let Some(page) = self.pages.get(i) else { return ctx.say(not_on_list(i + 1, self.pages.len())) };
        self.at = Some(i);
        ctx.say(format!("Section {} of {}: {}.", i + 1, self.pages.len(), title(page)));
        // A paragraph or an item a line, so a list is heard as a list.
        for block in page.blocks() {
            ctx.say(match block {
                Block::Item { mark, text } => format!("{mark} {}", display(&text)),
                other => display(other.text()).into_owned(),
            });
        }
        if let Some(prompt) = page.prompt {
            ctx.say(format!("To talk about: {prompt}"));
        }
    }

    fn start_signing(&mut self, ctx: &mut Ctx) {
        let Some(version) = self.version else {
            return ctx.say("There is no agreement yet to agree to: adopt one first.");
        };
        let signers = match ctx.circle.signers(ctx.group_id()) {
            Ok(s) => s,
            Err(e) => return ctx.fail(e),
        };
        if signers.is_empty() {
            return ctx.say("There is nobody active or on a break to agree to it.");
        }
        ctx.say(format!(
            "Who agreed to version {version}? Type their numbers, several on one line; a for everyone not yet agreed; 0 goes back."
        ));
        for (i, s) in signers.iter().enumerate() {
            let on_break = if s.status == MemberStatus::OnBreak { ", on a break" } else { "" };
            let agreed = match s.agreed {
                Some(v) => format!("agreed to version {v}"),
                None => "not agreed yet".into(),
            };
            ctx.say(format!("{}. {}{on_break}, {agreed}", i + 1, display(&s.name)));
        }
        self.signing = Some(signers);
    }

    fn sign(&mut self, ctx: &mut Ctx, signers: Vec<Signer>, input: Input) {
        let chosen: Vec<&Signer> = match &input {
            Input::Numbers(numbers) => {
                let mut chosen = Vec::new();
                for n in numbers {
                    match signers.get(n.wrapping_sub(1)) {
                        Some(s) => chosen.push(s),
                        None => {
                            ctx.say(format!("{} Nothing was recorded.", not_on_list(*n, signers.len())));
                            self.signing = Some(signers);
                            return;
                        }
                    }
                }
                chosen
            }
            Input::Word { word, rest } if rest.is_empty() && matches!(word.as_str(), "a" | "all") => {
                signers.iter().filter(|s| s.agreed != self.version).collect()
            }
            Input::Back => return ctx.say("Nothing was recorded."),
            _ => {
                ctx.say("Type the numbers of who agreed, a for everyone not yet agreed, or 0 to go back.");
                self.signing = Some(signers);
                return;
            }
        };
        if chosen.is_empty() {
            return ctx.say("Everyone has agreed to this version already.");
        }
        let members: Vec<MemberId> = chosen.iter().map(|s| s.member).collect();
        let who: Vec<String> = chosen.iter().map(|s| s.name.clone()).collect();
        if !self.record(ctx, members, who, false) {
            self.signing = Some(signers);
        }
    }

    /// Records the sign-ups, or asks first about anyone not marked
    /// present; false when the use case refused.
    fn record(&mut self, ctx: &mut Ctx, members: Vec<MemberId>, who: Vec<String>, anyway: bool) -> bool {
        match ctx.circle.sign_up(ctx.group_id(), &members, ctx.today, ctx.today, anyway) {
            Ok(SignupOutcome::Recorded(v)) => {
                ctx.say(format!("Recorded: {} agreed to version {v} ({}).", members.len(), names(&who)))
            }
            Ok(SignupOutcome::AlreadyAgreed(v, people)) => {
                let said = signups::already_agreed(v, &people, &|d| ctx.day(d));
                ctx.say(said)
            }
            Ok(SignupOutcome::NotPresent(absent)) => {
                let absent: Vec<String> = absent.into_iter().map(|(_, name)| name).collect();
                ctx.say(format!("{} yes or no.", signups::not_present(&absent, "today")));
                self.asking = Some(Asking::SignAnyway(members, who));
            }
            Err(e) => {
                ctx.fail(e);
                return false;
            }
        }
        true
    }

    /// `withdraw`: who has a sign-up that could be taken back.
    fn start_withdrawing(&mut self, ctx: &mut Ctx) {
        let signers = match ctx.circle.signers(ctx.group_id()) {
            Ok(s) => s.into_iter().filter(|s| !s.history.is_empty()).collect::<Vec<_>>(),
            Err(e) => return ctx.fail(e),
        };
        if signers.is_empty() {
            return ctx.say("Nobody has a sign-up recorded, so there is none to withdraw.");
        }
        ctx.say("Whose latest sign-up should be taken back? Type their number; 0 goes back.");
        for (i, s) in signers.iter().enumerate() {
            let history = signups::history(&s.history, &|d| ctx.near(d));
            ctx.say(format!("{}. {}, {history}", i + 1, display(&s.name)));
        }
        self.withdrawing = Some(signers);
    }

    fn withdraw(&mut self, ctx: &mut Ctx, signers: Vec<Signer>, input: Input) {
        let chosen = match &input {
            Input::Numbers(n) if n.len() == 1 => match signers.get(n[0].wrapping_sub(1)) {
                Some(s) => s.clone(),
                None => {
                    ctx.say(not_on_list(n[0], signers.len()));
                    self.withdrawing = Some(signers);
                    return;
                }
            },
            Input::Back => return ctx.say("Nothing was changed."),
            _ => {
                ctx.say("Type one number from the list, or 0 to go back.");
                self.withdrawing = Some(signers);
                return;
            }
        };
        let Some(latest) = chosen.history.last().copied() else {
            return ctx.say(signups::nothing_to_withdraw(&chosen.name));
        };
        ctx.say(format!(
            "{} yes or no.",
            signups::withdraw_question(&chosen.name, latest, &ctx.near(latest.signed_on))
        ));
        self.asking = Some(Asking::Withdraw(chosen.member, chosen.name, latest.version));
    }

    fn answer(&mut self, ctx: &mut Ctx, asking: Asking, input: Input) {
        match (yes_no(&input), asking) {
            (Some(true), Asking::SignAnyway(members, who)) => {
                self.record(ctx, members, who, true);
            }
            (Some(true), Asking::Withdraw(member, name, version)) => {
                match ctx.circle.withdraw_signup(member, version) {
                    Ok(()) => ctx.say(signups::withdrawn(&name, version)),
                    Err(e) => ctx.fail(e),
                }
            }
            (Some(false), Asking::SignAnyway(..)) => ctx.say("Nothing was recorded."),
            (Some(false), Asking::Withdraw(..)) => ctx.say("Nothing was changed."),
            (None, asking) => {
                ctx.say("Type yes or no.");
                self.asking = Some(asking);
            }
        }
    }
}

fn title(page: &Page) -> String {
    if page.title.trim().is_empty() { "Opening".into() } else { display(page.title.trim()).into_owned() }
}

impl Place for Agreement {
    fn name(&self) -> String {
        "the agreement".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        if let Some(writing) = &self.writing {
            return drafting::prompt(writing);
        }
        if self.asking.is_some() {
            return "Agreement, yes or no> ".into();
        }
        if self.withdrawing.is_some() {
            return "Agreement, whose sign-up to withdraw? number> ".into();
        }
        match (&self.signing, self.at) {
            (Some(_), _) => "Agreement, who agreed? numbers> ".into(),
            (None, Some(at)) => format!("Agreement, section {} of {}> ", at + 1, self.pages.len()),
            (None, None) => "Agreement> ".into(),
        }
    }

    fn where_(&self, ctx: &Ctx) -> String {
        let what = match (self.version, &self.signing, self.at) {
            (None, _, _) => return format!("You are in the agreement of {}, which has none yet.", ctx.group_name()),
            (Some(v), Some(_), _) => format!("recording who agreed to version {v}"),
            (Some(v), None, Some(at)) => format!("version {v}, at section {} of {}", at + 1, self.pages.len()),
            (Some(v), None, None) => format!("version {v}"),
        };
        format!("You are in the agreement of {}: {what}.", ctx.group_name())
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Type a section's number to hear it; n reads the next section, p the one before, l lists the sections.".into(),
            "s records who agreed to the current version today: type their numbers, several on one line, or a for everyone not yet agreed. Anyone not marked present today is asked about first.".into(),
            "withdraw takes back a sign-up recorded by mistake: it lists who has one, with the versions and days, and asks before it changes anything.".into(),
            "draft reads the draft with its line numbers; template starts one from the template, revise from the current version.".into(),
            "add types lines at the end of the draft (a line with just a full stop ends); change and a number replaces that line, or takes it out with a single -.".into(),
            "changes tells what the draft adds and takes out; adopt and a note makes it the next version; discard throws it away.".into(),
        ]
    }

    fn wants_text(&self) -> bool {
        self.writing.is_some()
    }

    fn text(&mut self, ctx: &mut Ctx, line: &str) -> Go {
        match self.writing.take() {
            Some(Writing::Adopting(note)) => match crate::present::yes_no(line) {
                Some(true) => {
                    if matches!(drafting::adopt(ctx, &note, true), drafting::Adopted::Yes) {
                        self.at = None;
                        self.overview(ctx);
                    }
                }
                _ => ctx.say("Nothing was adopted; the draft is kept to finish."),
            },
            Some(writing) => self.writing = drafting::text(ctx, writing, line),
            None => {}
        }
        Go::Stay
    }

    fn leave_text(&mut self, ctx: &mut Ctx) {
        if let Some(writing) = self.writing.take() {
            drafting::leave(ctx, &writing);
        }
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        if let Some(asking) = self.asking.take() {
            self.answer(ctx, asking, input);
            return Go::Stay;
        }
        if let Some(signers) = self.withdrawing.take() {
            self.withdraw(ctx, signers, input);
            return Go::Stay;
        }
        if let Some(signers) = self.signing.take() {
            self.sign(ctx, signers, input);
            return Go::Stay;
        }
        if self.version.is_none() {
            // A first draft may have been started or changed since the
            // sections were listed: hear it as it is now.
            if let Ok(overview) = ctx.circle.agreement_overview(ctx.group_id()) {
                self.pages = overview.draft.as_deref().map(read_aloud_pages).unwrap_or_default();
            }
        }
        match input {
            Input::Back => return Go::To(Area::Main),
            Input::Numbers(numbers) => {
                for n in numbers {
                    self.read(ctx, n.wrapping_sub(1));
                }
            }
            Input::Word { word, rest } if rest.is_empty() => match word.as_str() {
                "n" | "next" => match self.at.map_or(0, |a| a + 1) {
                    next if next < self.pages.len() => self.read(ctx, next),
                    _ if self.pages.is_empty() => ctx.say(format!("{} has no agreement yet.", ctx.group_name())),
                    _ => ctx.say("That was the last section; l lists them all."),
                },
                "p" | "prev" | "previous" => match self.at {
                    Some(at) if at > 0 => self.read(ctx, at - 1),
                    _ => ctx.say("This is the first section."),
                },
                "l" | "list" => self.overview(ctx),
                "s" | "sign" => self.start_signing(ctx),
                "withdraw" => self.start_withdrawing(ctx),
                "draft" | "d" => drafting::hear(ctx),
                "template" | "t" => drafting::start(ctx, true),
                "revise" => drafting::start(ctx, false),
                "add" | "a" => self.writing = drafting::adding(ctx),
                "changes" => drafting::changes(ctx, self.version),
                "discard" => self.writing = drafting::discarding(ctx),
                "change" | "c" | "adopt" => ctx.say(format!(
                    "Type {word} and {}.",
                    if word == "adopt" {
                        "a short note of what changed: adopt Added a line on phones"
                    } else {
                        "a line number: change 3"
                    }
                )),
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            Input::Word { word, rest } if matches!(word.as_str(), "change" | "c") => {
                self.writing = drafting::changing(ctx, &rest);
            }
            Input::Word { word, rest } if word == "adopt" => match drafting::adopt(ctx, &rest, false) {
                drafting::Adopted::Yes => {
                    self.at = None;
                    self.overview(ctx);
                }
                drafting::Adopted::Asking(question) => self.writing = Some(question),
                drafting::Adopted::No => {}
            },
            other => return ctx.unknown(&other),
        }
        Go::Stay
    }
}

//! The register: who is here. Several people are marked by number on one
//! line ("3 5 9"), each change saved at once and told in one line. A day's
//! meeting is recorded with its first mark, so going in and out keeps
//! nothing; a past meeting opens here from the meetings to be corrected.

use super::meeting_details::{self, Editing, Walk};
use super::words::{Input, not_on_list};
use super::{Area, Ctx, Go, Place};
use crate::domain::text::display;
use crate::domain::{MeetingMode, MemberStatus, NewMeeting};
use crate::present::register::{self as words, Counts, NOT_YET_KEPT};
use crate::usecase::people::Someone;
use crate::usecase::register::{Mark, MarkSaved, Marked, RegisterLine, RegisterOf, VisitorAdded};

pub struct Register {
    of: RegisterOf,
    people: Vec<RegisterLine>,
    /// Where going back leads: the main menu, or the meetings.
    back: Area,
    /// Going through the meeting's details.
    editing: Option<Editing>,
    /// A named visitor whose name is known: the name typed, and who it
    /// may be, waiting for a number.
    visitor: Option<(String, Vec<Someone>)>,
}

impl Register {
    /// Today's register: its meeting, or, with none yet, one that is
    /// recorded with the first mark.
    pub fn enter(ctx: &mut Ctx) -> Option<Register> {
        let of = match ctx.circle.meeting_on(ctx.group_id(), ctx.today) {
            Ok(Some(meeting)) => RegisterOf::Recorded(meeting),
            Ok(None) => {
                let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
                let new = NewMeeting { held_on: ctx.today, mode: MeetingMode::InPerson, minutes };
                match ctx.circle.register_for_day(ctx.group_id(), &new, ctx.today) {
                    Ok(of) => of,
                    Err(e) => {
                        ctx.fail(e);
                        return None;
                    }
                }
            }
            Err(e) => {
                ctx.fail(e);
                return None;
            }
        };
        Some(Register::open(ctx, of, Area::Main))
    }

    /// The register of a meeting, or of a day not yet kept.
    pub fn open(ctx: &mut Ctx, of: RegisterOf, back: Area) -> Register {
        let mut register = Register { of, people: Vec::new(), back, editing: None, visitor: None };
        register.reload(ctx);
        register.list(ctx);
        register
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        match ctx.circle.register_sheet(&self.of) {
            Ok(sheet) => {
                self.of = sheet.of;
                self.people = sheet.people;
            }
            Err(e) => ctx.fail(e),
        }
    }

    /// "Thursday 19 November 2026, 7 days ago".
    fn day(&self, ctx: &Ctx) -> String {
        let day = ctx.day(self.of.held_on());
        match words::days_ago(self.of.held_on(), ctx.today) {
            Some(ago) => format!("{day}, {ago}"),
            None => day,
        }
    }

    fn list(&self, ctx: &mut Ctx) {
        ctx.say(format!(
            "Register for {}, {}, {} minutes: {}.",
            self.day(ctx),
            self.of.mode().label(),
            self.of.minutes(),
            counts(&self.people, self.of.visitors())
        ));
        if self.of.recorded().is_none() {
            ctx.say(NOT_YET_KEPT);
        }
        for (i, p) in self.people.iter().enumerate() {
            let on_break = if p.status == MemberStatus::OnBreak { ", on a break" } else { "" };
            let here = if p.present { "present" } else { "absent" };
            ctx.say(format!("{}. {}{on_break}, {here}", i + 1, display(&p.name)));
        }
        ctx.hint_once(
            "register",
            "Type the numbers of who is here, several on one line: 3 5 9. A number again takes the mark back. \
a marks everyone expected, v counts a visitor, v and a name adds one, e changes the day, mode, length or visitors, \
0 finishes.",
        );
    }

    /// Saves a mark and says what it did; the first one records the meeting.
    fn mark(&mut self, ctx: &mut Ctx, mark: Mark) {
        let was_kept = self.of.recorded().is_some();
        let MarkSaved { meeting, marked, recorded_now } = match ctx.circle.mark(&self.of, mark.clone(), ctx.today) {
            Ok(saved) => saved,
            Err(e) => return ctx.fail(e),
        };
        if let (Marked::Visitor(VisitorAdded::Known(known)), Mark::Visitor(typed)) = (&marked, &mark) {
            return self.ask_who(ctx, typed, known.clone());
        }
        let Some(meeting) = meeting else { return };
        let day = ctx.day(meeting.held_on);
        self.of = RegisterOf::Recorded(meeting);
        self.reload(ctx);
        if recorded_now {
            ctx.say(words::recorded(&day));
        } else if !was_kept {
            ctx.say(format!("{day} was recorded meanwhile, elsewhere; this is added to it."));
        }
        let said = match (marked, mark) {
            (Marked::Present, Mark::Present(id, present)) => {
                let name = self.people.iter().find(|p| p.member == id).map(|p| p.name.clone()).unwrap_or_default();
                words::marked(&name, present)
            }
            (Marked::Expected(0), _) => "Everyone expected is already marked present.".into(),
            (Marked::Expected(n), _) => format!("Marked {n} present. Type the number of anyone who is not here."),
            (Marked::Visitor(VisitorAdded::Counted), _) => "Visitor counted.".into(),
            (Marked::Visitor(VisitorAdded::Named(name)), _) => {
                format!("{} added as an enquiry and marked present.", display(&name))
            }
            (Marked::Present, _) | (Marked::Visitor(VisitorAdded::Known(_)), _) => String::new(),
        };
        ctx.say(format!("{said} {}.", counts(&self.people, self.of.visitors())));
    }

    /// A named visitor whose name is known already: who they may be, by
    /// number, or someone new.
    fn ask_who(&mut self, ctx: &mut Ctx, typed: &str, known: Vec<Someone>) {
        let question = crate::present::people::known_visitor(&known, &|d| ctx.near(d));
        let choices = crate::present::people::visitor_choices(&known, typed, &|d| ctx.near(d));
        ctx.say(question);
        for (i, choice) in choices.iter().enumerate() {
            ctx.say(format!("{}. {choice}", i + 1));
        }
        self.visitor = Some((typed.trim().to_string(), known));
    }

    /// The answer to "is this the same person?": a number from the list.
    fn which_visitor(&mut self, ctx: &mut Ctx, typed: String, known: Vec<Someone>, input: Input) {
        let choice = match &input {
            Input::Numbers(n) if n.len() == 1 && (1..=known.len() + 1).contains(&n[0]) => n[0] - 1,
            Input::Back => return ctx.say("Nothing was added."),
            _ => {
                ctx.say(format!("Type a number from 1 to {}, or 0 to add nobody.", known.len() + 1));
                self.visitor = Some((typed, known));
                return;
            }
        };
        let mark = match known.get(choice) {
            Some(person) => Mark::Present(person.member, true),
            None => Mark::NewVisitor(typed),
        };
        self.mark(ctx, mark);
    }

    fn toggle(&mut self, ctx: &mut Ctx, numbers: Vec<usize>) {
        for n in numbers {
            let Some(person) = self.people.get(n.wrapping_sub(1)) else {
                ctx.say(not_on_list(n, self.people.len()));
                continue;
            };
            let mark = Mark::Present(person.member, !person.present);
            self.mark(ctx, mark);
        }
    }
}

/// What the register counts, in the console's words laid out as a
/// sentence: "3 present of 5 expected, and 1 more (Fay), 1 on a break".
fn counts(people: &[RegisterLine], visitors: u32) -> String {
    Counts::of(people, visitors).joined(", and ", ", ")
}

impl Place for Register {
    fn name(&self) -> String {
        "the register".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        if self.visitor.is_some() {
            return "Register, who is the visitor? number> ".into();
        }
        self.editing.as_ref().map_or_else(|| "Register> ".into(), meeting_details::prompt)
    }

    fn where_(&self, ctx: &Ctx) -> String {
        let kept = if self.of.recorded().is_some() { "" } else { ", not kept until someone is marked" };
        format!(
            "You are in the register of {} for {}{kept}: {}.",
            ctx.group_name(),
            self.day(ctx),
            counts(&self.people, self.of.visitors())
        )
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Type the numbers of who is here, several on one line: 3 5 9. Each change is saved at once and told in one line; a number again takes the mark back.".into(),
            "a marks everyone expected present, then type the numbers of anyone who is not here.".into(),
            "v counts a visitor without keeping any details; v and a name adds them to the roster as an enquiry, marked present. When someone by that name is known already, you are asked whether it is them.".into(),
            "e goes through the meeting's day, mode, length, visitors and notes, one at a time.".into(),
            "The meeting is recorded with the first mark: going in and out keeps nothing.".into(),
            "l lists the register again. 0 finishes.".into(),
        ]
    }

    fn wants_text(&self) -> bool {
        self.editing.is_some()
    }

    fn text(&mut self, ctx: &mut Ctx, line: &str) -> Go {
        if let Some(editing) = self.editing.take() {
            match meeting_details::text(ctx, editing, line) {
                Walk::Going(editing) => self.editing = Some(editing),
                Walk::Done(Some(of)) => {
                    self.of = of;
                    self.reload(ctx);
                }
                Walk::Done(None) => {}
            }
        }
        Go::Stay
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        if let Some((typed, known)) = self.visitor.take() {
            self.which_visitor(ctx, typed, known, input);
            return Go::Stay;
        }
        match input {
            Input::Back => {
                self.reload(ctx);
                match self.of.recorded() {
                    Some(m) if m.visitors == 0 && !m.round_run && !self.people.iter().any(|p| p.present) => {
                        ctx.say(format!(
                            "Nobody is marked present at the meeting of {}. If it was recorded by mistake, x and its \
                             number in meetings takes it away.",
                            self.day(ctx)
                        ));
                    }
                    Some(_) => {
                        ctx.say(format!("The register is saved: {}.", counts(&self.people, self.of.visitors())));
                    }
                    None => ctx.say("Nobody was marked, so nothing was kept."),
                }
                return Go::To(self.back);
            }
            Input::Numbers(numbers) => self.toggle(ctx, numbers),
            Input::Word { word, rest } => match (word.as_str(), rest.is_empty()) {
                ("l" | "list", true) => {
                    self.reload(ctx);
                    self.list(ctx);
                }
                ("a" | "all", true) => self.mark(ctx, Mark::Expected),
                ("v" | "visitor", _) => self.mark(ctx, Mark::Visitor(rest)),
                ("e" | "edit" | "details", true) => self.editing = Some(meeting_details::start(ctx, self.of.clone())),
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            Input::Empty => {}
        }
        Go::Stay
    }
}

//! The register: who is here today. Several people are marked by number on
//! one line ("3 5 9"), each change saved at once and told in one line.

use super::words::{Input, not_on_list, yes_no};
use super::{Area, Ctx, Go, Place};
use crate::domain::text::display;
use crate::domain::{Meeting, MeetingMode, MemberStatus, NewMeeting};
use crate::present::register::Counts;
use crate::usecase::people::Someone;
use crate::usecase::register::{MeetingOpened, RegisterLine, VisitorAdded};

pub struct Register {
    /// `None` while asking whether to record today's meeting.
    meeting: Option<Meeting>,
    people: Vec<RegisterLine>,
    /// A named visitor whose name is known: the name typed, and who it
    /// may be, waiting for a number.
    visitor: Option<(String, Vec<Someone>)>,
}

impl Register {
    pub fn enter(ctx: &mut Ctx) -> Option<Register> {
        match ctx.circle.meeting_on(ctx.group_id(), ctx.today) {
            Ok(Some(meeting)) => {
                let mut register = Register { meeting: Some(meeting), people: Vec::new(), visitor: None };
                register.reload(ctx);
                register.list(ctx);
                Some(register)
            }
            Ok(None) => {
                let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
                ctx.say(format!(
                    "No meeting is recorded for today yet. Record today's meeting, {}, {}, {minutes} minutes? Type y or n.",
                    ctx.day(ctx.today),
                    MeetingMode::InPerson.label()
                ));
                Some(Register { meeting: None, people: Vec::new(), visitor: None })
            }
            Err(e) => {
                ctx.fail(e);
                None
            }
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        let Some(meeting) = &self.meeting else { return };
        match ctx.circle.register(meeting.id) {
            Ok(view) => {
                self.meeting = Some(view.meeting);
                self.people = view.people;
            }
            Err(e) => ctx.fail(e),
        }
    }

    fn list(&self, ctx: &mut Ctx) {
        let Some(meeting) = &self.meeting else { return };
        ctx.say(format!("Register for {}: {}.", ctx.day(meeting.held_on), counts(&self.people, meeting.visitors)));
        let lines = self.people.iter().enumerate().map(|(i, p)| {
            let on_break = if p.status == MemberStatus::OnBreak { ", on a break" } else { "" };
            let here = if p.present { "present" } else { "absent" };
            format!("{}. {}{on_break}, {here}", i + 1, display(&p.name))
        });
        ctx.say_long(lines.collect(), ("person", "people"));
        ctx.hint_once(
            "register",
            "Type the numbers of who is here, several on one line: 3 5 9. A number again takes the mark back. \
a marks everyone expected, v counts a visitor, v and a name adds one, 0 finishes.",
        );
    }

    fn toggle(&mut self, ctx: &mut Ctx, numbers: Vec<usize>) {
        let Some(meeting) = self.meeting.clone() else { return };
        for n in numbers {
            let Some(person) = self.people.get_mut(n.wrapping_sub(1)) else {
                ctx.say(not_on_list(n, self.people.len()));
                continue;
            };
            let present = !person.present;
            match ctx.circle.set_present(meeting.id, person.member, present) {
                Ok(()) => {
                    person.present = present;
                    let name = display(&person.name).into_owned();
                    let here = if present { "present" } else { "absent" };
                    ctx.say(format!("{name}: {here}. {}.", counts(&self.people, meeting.visitors)));
                }
                Err(e) => ctx.fail(e),
            }
        }
    }

    /// Says what adding a visitor came to, or asks who they are when their
    /// name is known already.
    fn visitor_added(&mut self, ctx: &mut Ctx, added: crate::usecase::Result<VisitorAdded>, typed: &str) {
        match added {
            Ok(VisitorAdded::Counted) => ctx.say("Visitor counted."),
            Ok(VisitorAdded::Named(name)) => {
                ctx.say(format!("{} added as an enquiry and marked present.", display(&name)))
            }
            Ok(VisitorAdded::Known(known)) => {
                let question = crate::present::people::known_visitor(&known, &|d| ctx.near(d));
                let choices = crate::present::people::visitor_choices(&known, typed, &|d| ctx.near(d));
                ctx.say(question);
                for (i, choice) in choices.iter().enumerate() {
                    ctx.say(format!("{}. {choice}", i + 1));
                }
                self.visitor = Some((typed.trim().to_string(), known));
                return;
            }
            Err(e) => ctx.fail(e),
        }
        self.reload(ctx);
        let visitors = self.meeting.as_ref().map_or(0, |m| m.visitors);
        ctx.say(format!("{}.", counts(&self.people, visitors)));
    }

    /// The answer to "is this the same person?": a number from the list.
    fn which_visitor(&mut self, ctx: &mut Ctx, meeting: &Meeting, typed: String, known: Vec<Someone>, input: Input) {
        let choice = match &input {
            Input::Numbers(n) if n.len() == 1 && (1..=known.len() + 1).contains(&n[0]) => n[0] - 1,
            Input::Back => return ctx.say("Nothing was added."),
            _ => {
                ctx.say(format!("Type a number from 1 to {}, or 0 to add nobody.", known.len() + 1));
                self.visitor = Some((typed, known));
                return;
            }
        };
        match known.get(choice) {
            Some(person) => match ctx.circle.set_present(meeting.id, person.member, true) {
                Ok(()) => {
                    ctx.say(crate::present::people::known_marked(&person.name));
                    self.reload(ctx);
                    let visitors = self.meeting.as_ref().map_or(0, |m| m.visitors);
                    ctx.say(format!("{}.", counts(&self.people, visitors)));
                }
                Err(e) => ctx.fail(e),
            },
            None => {
                let added = ctx.circle.add_new_visitor(meeting.id, &typed, ctx.today);
                self.visitor_added(ctx, added, &typed);
            }
        }
    }

    fn record_meeting(&mut self, ctx: &mut Ctx) {
        let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
        let new = NewMeeting { held_on: ctx.today, mode: MeetingMode::InPerson, minutes };
        match ctx.circle.open_meeting(ctx.group_id(), &new) {
            Ok(MeetingOpened::Created(m)) => {
                ctx.say(format!("Today's meeting is recorded: {}.", ctx.day(m.held_on)));
                self.meeting = Some(m);
            }
            Ok(MeetingOpened::AlreadyThere(m)) => {
                ctx.say(format!("{} already has a meeting: here it is.", ctx.day(m.held_on)));
                self.meeting = Some(m);
            }
            Err(e) => return ctx.fail(e),
        }
        self.reload(ctx);
        self.list(ctx);
    }
}

/// What the register counts, in the console's words laid out as a
/// sentence: "3 present of 5 expected, and 1 more, 1 on a break".
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
        match self.meeting {
            Some(_) => "Register> ".into(),
            None => "Register, record today's meeting? y or n> ".into(),
        }
    }

    fn where_(&self, ctx: &Ctx) -> String {
        match &self.meeting {
            Some(m) => format!(
                "You are in the register of {} for {}: {}.",
                ctx.group_name(),
                ctx.day(m.held_on),
                counts(&self.people, m.visitors)
            ),
            None => format!("You are in the register of {}; today's meeting is not recorded yet.", ctx.group_name()),
        }
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Type the numbers of who is here, several on one line: 3 5 9. Each change is saved at once and told in one line; a number again takes the mark back.".into(),
            "a marks everyone expected present, then type the numbers of anyone who is not here.".into(),
            "v counts a visitor without keeping any details; v and a name adds them to the roster as an enquiry, marked present. When someone by that name is known already, you are asked whether it is them.".into(),
            "l lists the register again. 0 finishes.".into(),
        ]
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        let Some(meeting) = self.meeting.clone() else {
            if input == Input::Back {
                return Go::To(Area::Main);
            }
            return match yes_no(&input) {
                Some(true) => {
                    self.record_meeting(ctx);
                    Go::Stay
                }
                Some(false) => {
                    ctx.say("Nothing was recorded.");
                    Go::To(Area::Main)
                }
                None => {
                    ctx.say("Type y to record today's meeting, or n to go back.");
                    Go::Stay
                }
            };
        };
        if let Some((typed, known)) = self.visitor.take() {
            self.which_visitor(ctx, &meeting, typed, known, input);
            return Go::Stay;
        }
        match input {
            Input::Back => {
                self.reload(ctx);
                ctx.say(format!("The register is saved: {}.", counts(&self.people, meeting.visitors)));
                return Go::To(Area::Main);
            }
            Input::Numbers(numbers) => self.toggle(ctx, numbers),
            Input::Word { word, rest } => match (word.as_str(), rest.is_empty()) {
                ("l" | "list", true) => {
                    self.reload(ctx);
                    self.list(ctx);
                }
                ("a" | "all", true) => match ctx.circle.mark_expected_present(meeting.id) {
                    Ok(0) => ctx.say("Everyone expected is already marked present."),
                    Ok(n) => {
                        self.reload(ctx);
                        ctx.say(format!("Marked {n} present. Type the number of anyone who is not here."));
                        ctx.say(format!("{}.", counts(&self.people, meeting.visitors)));
                    }
                    Err(e) => ctx.fail(e),
                },
                ("v" | "visitor", _) => {
                    let added = ctx.circle.add_visitor(meeting.id, &rest, ctx.today);
                    self.visitor_added(ctx, added, &rest);
                }
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            Input::Empty => {}
        }
        Go::Stay
    }
}

//! The group's meetings, the latest first, one numbered line each: a
//! number opens that meeting's register to correct it; `e` and a number
//! goes through its day, mode and length; `x` and a number takes it away
//! after saying what goes with it; `n` and a day takes a register for a
//! day that has passed.

use chrono::NaiveDate;

use super::meeting_details::{self, Editing, Walk};
use super::register::Register;
use super::words::{Input, count, not_on_list, numbers_in, yes_no};
use super::{Area, Ctx, Go, Place};
use crate::domain::{MeetingId, MeetingMode, NewMeeting, text};
use crate::present::register::{came, days_ago};
use crate::usecase::meetings::MeetingSummary;
use crate::usecase::register::RegisterOf;

/// The days back for which the list says how long ago a meeting was.
const RECENT_DAYS: i64 = 14;

pub struct Meetings {
    list: Vec<MeetingSummary>,
    step: Option<Step>,
}

/// A question waiting for its answer.
enum Step {
    /// Take it away? yes or no.
    Remove(MeetingId, NaiveDate, String),
    /// Going through its details (free text).
    Details(Editing),
}

impl Meetings {
    pub fn enter(ctx: &mut Ctx) -> Option<Meetings> {
        let mut meetings = Meetings { list: Vec::new(), step: None };
        meetings.list(ctx);
        ctx.hint_once(
            "meetings",
            "Type a number to open that meeting's register and correct it. e and a number changes its day, mode or \
             length; x and a number takes it away; n and a day takes the register for a day that has passed: \
             n 2026-03-14.",
        );
        Some(meetings)
    }

    fn list(&mut self, ctx: &mut Ctx) {
        match ctx.circle.meeting_summaries(ctx.group_id()) {
            Ok(list) => self.list = list,
            Err(e) => return ctx.fail(e),
        }
        if self.list.is_empty() {
            return ctx.say(format!(
                "{} has no meetings recorded yet. n and a day takes the register for a day that has passed; \
                 register takes today's.",
                ctx.group_name()
            ));
        }
        ctx.say(format!(
            "Meetings of {}: {}, the latest first.",
            ctx.group_name(),
            count(self.list.len(), "meeting", "meetings")
        ));
        let mut lines = Vec::new();
        for (i, m) in self.list.iter().enumerate() {
            // How long ago helps for the last weeks; further back it is noise.
            let recent = (ctx.today - m.held_on).num_days() <= RECENT_DAYS;
            let ago = days_ago(m.held_on, ctx.today).filter(|_| recent).map(|a| format!(", {a}")).unwrap_or_default();
            let round = if m.round { ", a round was run" } else { "" };
            lines.push(format!(
                "{}. {}{ago}: {}, {} minutes, {}{round}.",
                i + 1,
                ctx.day(m.held_on),
                m.mode,
                m.minutes,
                came(m.came, m.visitors, ", and ")
            ));
        }
        // A group's whole history is long: heard a page at a time.
        ctx.say_long(lines, ("meeting", "meetings"));
    }

    /// The meeting numbered in `rest`, read afresh.
    fn chosen(&self, ctx: &mut Ctx, word: &str, rest: &str) -> Option<crate::domain::Meeting> {
        let id = match numbers_in(rest).as_deref() {
            Some([n]) => match self.list.get(n.wrapping_sub(1)) {
                Some(m) => m.id,
                None => {
                    ctx.say(not_on_list(*n, self.list.len()));
                    return None;
                }
            },
            _ => {
                ctx.say(format!("Type {word} and the meeting's number on the list: {word} 2."));
                return None;
            }
        };
        match ctx.circle.meeting(id) {
            Ok(m) => Some(m),
            Err(e) => {
                ctx.fail(e);
                None
            }
        }
    }

    fn ask_remove(&mut self, ctx: &mut Ctx, word: &str, rest: &str) {
        let Some(meeting) = self.chosen(ctx, word, rest) else { return };
        match ctx.circle.meeting_contents(meeting.group, meeting.held_on) {
            Ok((id, contents)) => {
                let said = contents.said();
                ctx.say(format!(
                    "Take away the meeting of {}, with {said}? It cannot be undone. Type y or n.",
                    ctx.day(meeting.held_on)
                ));
                self.step = Some(Step::Remove(id, meeting.held_on, said));
            }
            Err(e) => ctx.fail(e),
        }
    }

    /// `n 2026-11-19`: the register of a day that has passed, if it has no
    /// meeting yet.
    fn new_day(&mut self, ctx: &mut Ctx, rest: &str) -> Go {
        if rest.is_empty() {
            ctx.say("Type n and the day of the meeting: n 2026-11-19.");
            return Go::Stay;
        }
        let held_on = match text::date(rest) {
            Ok(day) => day,
            Err(e) => {
                ctx.fail(e);
                return Go::Stay;
            }
        };
        let minutes = ctx.group.as_ref().map_or(90, |g| g.settings.meeting_minutes);
        let new = NewMeeting { held_on, mode: MeetingMode::InPerson, minutes };
        match ctx.circle.register_for_day(ctx.group_id(), &new, ctx.today) {
            Ok(of) => Go::Into(Box::new(Register::open(ctx, of, Area::Meetings))),
            Err(e) => {
                ctx.fail(e);
                Go::Stay
            }
        }
    }

    fn answer(&mut self, ctx: &mut Ctx, step: Step, input: &Input) {
        let Step::Remove(id, day, said) = step else { return };
        match yes_no(input) {
            Some(true) => match ctx.circle.remove_meeting(id) {
                Ok(()) => {
                    ctx.say(format!("The meeting of {} is taken away, with {said}.", ctx.day(day)));
                    self.list(ctx);
                }
                Err(e) => ctx.fail(e),
            },
            Some(false) => ctx.say("Nothing was changed."),
            None => {
                ctx.say("Type y to take it away, or n to keep it.");
                self.step = Some(Step::Remove(id, day, said));
            }
        }
    }
}

impl Place for Meetings {
    fn name(&self) -> String {
        "the meetings".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        match &self.step {
            None => "Meetings> ".into(),
            Some(Step::Remove(..)) => "Meetings, take it away? y or n> ".into(),
            Some(Step::Details(editing)) => meeting_details::prompt(editing),
        }
    }

    fn where_(&self, ctx: &Ctx) -> String {
        format!("You are in the meetings of {}: {}.", ctx.group_name(), count(self.list.len(), "meeting", "meetings"))
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Every meeting of the group, the latest first, with how many came and whether a round was run.".into(),
            "A number opens that meeting's register, to correct who was there.".into(),
            "e and a number goes through its day, mode, length, visitors and notes, one at a time: e 2.".into(),
            "x and a number takes away a meeting recorded by mistake, after saying what goes with it: x 2.".into(),
            "n and a day takes the register for a day that has passed and has no meeting: n 2026-11-19.".into(),
            "l lists the meetings again. 0 goes back.".into(),
        ]
    }

    fn wants_text(&self) -> bool {
        matches!(self.step, Some(Step::Details(_)))
    }

    fn text(&mut self, ctx: &mut Ctx, line: &str) -> Go {
        if let Some(Step::Details(editing)) = self.step.take() {
            match meeting_details::text(ctx, editing, line) {
                Walk::Going(editing) => self.step = Some(Step::Details(editing)),
                Walk::Done(Some(_)) => self.list(ctx),
                Walk::Done(None) => {}
            }
        }
        Go::Stay
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        if let Some(step) = self.step.take() {
            self.answer(ctx, step, &input);
            return Go::Stay;
        }
        match input {
            Input::Back => return Go::To(Area::Main),
            Input::Numbers(numbers) => match numbers.as_slice() {
                [n] => match self.list.get(n.wrapping_sub(1)).map(|m| m.id) {
                    Some(id) => match ctx.circle.meeting(id) {
                        Ok(m) => {
                            return Go::Into(Box::new(Register::open(ctx, RegisterOf::Recorded(m), Area::Meetings)));
                        }
                        Err(e) => ctx.fail(e),
                    },
                    None => ctx.say(not_on_list(*n, self.list.len())),
                },
                _ => ctx.say("Type one meeting's number to open its register."),
            },
            Input::Word { word, rest } => match (word.as_str(), rest.is_empty()) {
                ("l" | "list", true) => self.list(ctx),
                ("e" | "edit", _) => {
                    if let Some(m) = self.chosen(ctx, &word, &rest) {
                        self.step = Some(Step::Details(meeting_details::start(ctx, RegisterOf::Recorded(m))));
                    }
                }
                ("x" | "remove", _) => self.ask_remove(ctx, &word, &rest),
                ("n" | "new", _) => return self.new_day(ctx, &rest),
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            Input::Empty => {}
        }
        Go::Stay
    }
}

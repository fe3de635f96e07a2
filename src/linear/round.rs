//! A speaking round in plain lines: who speaks now and who is next. The
//! timer never ticks on screen: one line when a speaker starts, one with
//! the bell when they reach the group's minimum time, one at the time a
//! person can have today (`timer.rs`); `t` tells the time on demand.

use super::timer::{Running, list, refresh, started, status, stopped, time_left};
use super::words::{Input, count, not_on_list, spoken, yes_no};
use super::{Area, Ctx, Go, Place};
use crate::domain::round::Toggled;
use crate::domain::text::display;
use crate::domain::{MeetingId, MemberId};
use crate::usecase::rounds::RoundView;

enum Asking {
    Nothing,
    /// A round was ended today already: start another?
    Another(MeetingId),
    Late(Vec<(MemberId, String)>),
    End,
}

pub struct RoundPlace {
    asking: Asking,
}

impl RoundPlace {
    pub fn enter(ctx: &mut Ctx) -> Option<RoundPlace> {
        let meeting = match ctx.circle.meeting_on(ctx.group_id(), ctx.today) {
            Ok(Some(m)) => m,
            Ok(None) => {
                ctx.say("Mark who is here in the register first; a round is for those present.");
                return None;
            }
            Err(e) => {
                ctx.fail(e);
                return None;
            }
        };
        let resumed = match ctx.circle.round(meeting.id) {
            Ok(found) => found,
            Err(e) => {
                ctx.fail(e);
                return None;
            }
        };
        // A round already ended today is not followed by another unasked:
        // its times would be added to the first's.
        if resumed.is_none() && meeting.round_run {
            ctx.say(
                "Today's meeting already has a round, ended earlier. Start another? Each person's time in it is \
                 added to what they had in the first. Type y or n.",
            );
            return Some(RoundPlace { asking: Asking::Another(meeting.id) });
        }
        RoundPlace::begin(ctx, meeting.id, resumed)
    }

    /// Starts the round, or carries on the one in progress.
    fn begin(ctx: &mut Ctx, meeting: MeetingId, resumed: Option<RoundView>) -> Option<RoundPlace> {
        let now = ctx.now();
        let fresh = resumed.is_none();
        let seed = ctx.seed();
        let view = match resumed {
            Some(view) => view,
            None => match ctx.circle.start_round(meeting, seed) {
                Ok(view) => view,
                Err(e) => {
                    ctx.fail(e);
                    return None;
                }
            },
        };
        let running = Running::new(meeting, view, now);
        let v = &running.view;
        let each = v.fair_share.map_or(String::new(), |d| format!(", about {} each today", spoken(d)));
        let minimum = format!("the group's minimum is {}", count(v.min_minutes as usize, "minute", "minutes"));
        if fresh {
            ctx.say(format!("A round of {} present, in a shuffled order{each}; {minimum}.", v.round.len()));
            ctx.round = Some(running);
            list(ctx);
        } else {
            let done = v.round.seats().iter().filter(|s| s.turn.is_done()).count();
            ctx.say(format!("The round carries on: {done} of {} have had their turn{each}.", v.round.len()));
            ctx.round = Some(running);
        }
        status(ctx);
        ctx.hint_once(
            "round",
            "s starts and stops the speaker's timer, n ends a turn and starts the next, p records a pass, t tells the time.",
        );
        Some(RoundPlace { asking: Asking::Nothing })
    }
}

impl RoundPlace {
    /// One change to the round, saved at once; a refusal is the round's own
    /// sentence.
    fn act(&mut self, ctx: &mut Ctx, word: &str) -> Go {
        let now = ctx.now();
        let Some(mut r) = ctx.round.take() else { return Go::To(Area::Main) };
        let mut lines = Vec::new();
        let result = match word {
            "s" | "start" | "stop" => r.view.round.toggle(now).map(|t| match t {
                Toggled::Started(at) => lines.push(started(&mut r, at)),
                Toggled::Stopped { seconds } => lines.push(stopped(&r, seconds)),
            }),
            "n" | "next" => {
                let stop = match r.view.round.speaking() {
                    Some(_) => r.view.round.stop(now).map(|s| lines.push(stopped(&r, s))),
                    None => Ok(()),
                };
                stop.and_then(|()| match r.view.round.current() {
                    Some(_) => r.view.round.start(now).map(|at| lines.push(started(&mut r, at))),
                    None => Ok(()),
                })
            }
            "p" | "pass" => r.view.round.pass().map(|at| lines.push(format!("{} passes.", r.name_at(at)))),
            "u" | "undo" => r.view.round.undo_last(now).map(|at| {
                r.told_minimum = false;
                r.told_share = false;
                lines.push(match r.view.round.speaking() {
                    Some(_) => format!("{}'s turn is taken back: their timer runs again.", r.name_at(at)),
                    None => format!("{}'s turn is taken back.", r.name_at(at)),
                });
            }),
            _ => {
                let seed = ctx.seed();
                r.view.round.reshuffle(seed);
                lines.push("Those still to speak are in a new order.".into());
                Ok(())
            }
        };
        let saved = result.is_ok();
        match result {
            Ok(()) => ctx.out.say_all(lines),
            Err(e) => ctx.fail(e),
        }
        if saved && let Err(e) = ctx.circle.save_round(r.meeting, &r.view.round) {
            ctx.fail(e);
        }
        ctx.round = Some(r);
        if saved {
            if word == "shuffle" {
                list(ctx);
            }
            let speaking = ctx.round.as_ref().is_some_and(|r| r.view.round.speaking().is_some());
            if !speaking {
                status(ctx);
            }
        }
        Go::Stay
    }
}

impl Place for RoundPlace {
    fn name(&self) -> String {
        "the speaking round".into()
    }

    fn prompt(&self, ctx: &Ctx) -> String {
        match &self.asking {
            Asking::Late(_) => return "Round, who has arrived? number> ".into(),
            Asking::End => return "Round, end it? y or n> ".into(),
            Asking::Another(_) => return "Round, start another? y or n> ".into(),
            Asking::Nothing => {}
        }
        let Some(r) = ctx.round.as_ref() else { return "Round> ".into() };
        match (r.view.round.speaking(), r.view.round.current()) {
            (Some(at), _) => format!("Round, {} speaking> ", r.name_at(at)),
            (None, Some(at)) => format!("Round, {} next> ", r.name_at(at)),
            (None, None) => "Round, everyone has had their turn> ".into(),
        }
    }

    fn where_(&self, ctx: &Ctx) -> String {
        let Some(r) = ctx.round.as_ref() else { return "You are in the round.".into() };
        let round = &r.view.round;
        let who = match round.speaking() {
            Some(at) => format!("{} speaking", r.name_at(at)),
            None => "nobody speaking".into(),
        };
        format!(
            "You are in the speaking round at today's meeting of {}: {who}, {} still to speak.",
            ctx.group_name(),
            round.still_to_speak().len()
        )
    }

    fn help(&self) -> Vec<String> {
        vec![
            "s starts the next speaker's timer, and stops it. n ends the turn and starts the next speaker at once.".into(),
            "p records that the next person passes; a pass is a turn too. u takes back the last turn.".into(),
            "The timer never ticks on screen. When the speaker reaches the group's minimum time, or the time a person can have today, you hear one line as it happens, with the terminal's bell (bell = false in the settings file leaves the bell out). t tells the time at any moment.".into(),
            "l lists the order with each person's time. late adds someone who arrived late. shuffle draws a new order for those still to speak.".into(),
            "e ends the round and adds it to today's meeting. b goes back to the menu and leaves the round running, its timer too.".into(),
        ]
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match std::mem::replace(&mut self.asking, Asking::Nothing) {
            Asking::Late(people) => return self.late(ctx, people, input),
            Asking::End => return self.end(ctx, input),
            Asking::Another(meeting) => {
                return match yes_no(&input) {
                    Some(true) => match RoundPlace::begin(ctx, meeting, None) {
                        Some(place) => {
                            *self = place;
                            Go::Stay
                        }
                        None => Go::To(Area::Main),
                    },
                    Some(false) => {
                        ctx.say("No new round was started.");
                        Go::To(Area::Main)
                    }
                    None => {
                        ctx.say("Type y to start another round, or n to go back.");
                        self.asking = Asking::Another(meeting);
                        Go::Stay
                    }
                };
            }
            Asking::Nothing => {}
        }
        let (word, rest) = match input {
            Input::Back => {
                ctx.say("The round carries on, its timer too: type round to come back.");
                return Go::To(Area::Main);
            }
            Input::Word { word, rest } => (word, rest),
            other => return ctx.unknown(&other),
        };
        if !rest.is_empty() {
            return ctx.unknown(&Input::Word { word, rest });
        }
        if !refresh(ctx) {
            return Go::To(Area::Main);
        }
        match word.as_str() {
            "s" | "start" | "stop" | "n" | "next" | "p" | "pass" | "u" | "undo" | "shuffle" => self.act(ctx, &word),
            "t" | "time" => {
                time_left(ctx);
                Go::Stay
            }
            "l" | "list" => {
                list(ctx);
                status(ctx);
                Go::Stay
            }
            "late" => {
                let meeting = ctx.round.as_ref().map(|r| r.meeting);
                match meeting.map(|m| ctx.circle.not_here(m)) {
                    Some(Ok(people)) if people.is_empty() => ctx.say("Everyone on the roster is already here."),
                    Some(Ok(people)) => {
                        ctx.say("Who has arrived? Type their number, or 0 for nobody.");
                        for (i, (_, name)) in people.iter().enumerate() {
                            ctx.say(format!("{}. {}", i + 1, display(name)));
                        }
                        self.asking = Asking::Late(people);
                    }
                    Some(Err(e)) => ctx.fail(e),
                    None => {}
                }
                Go::Stay
            }
            "e" | "end" => {
                let left = ctx.round.as_ref().map_or(0, |r| r.view.round.still_to_speak().len());
                ctx.say(match left {
                    0 => "Add this round to today's meeting? Each person's time and turn are kept. Type y or n."
                        .to_string(),
                    n => format!("{n} still to speak. End the round now and add it to today's meeting? Type y or n."),
                });
                self.asking = Asking::End;
                Go::Stay
            }
            _ => ctx.unknown(&Input::Word { word, rest }),
        }
    }
}

impl RoundPlace {
    fn late(&mut self, ctx: &mut Ctx, people: Vec<(MemberId, String)>, input: Input) -> Go {
        let n = match input {
            Input::Numbers(n) if n.len() == 1 => n[0],
            Input::Back => {
                ctx.say("Nobody was added.");
                return Go::Stay;
            }
            _ => {
                ctx.say("Type the number of who has arrived, or 0 for nobody.");
                self.asking = Asking::Late(people);
                return Go::Stay;
            }
        };
        let Some((member, name)) = people.get(n.wrapping_sub(1)).cloned() else {
            ctx.say(not_on_list(n, people.len()));
            self.asking = Asking::Late(people);
            return Go::Stay;
        };
        let Some(mut r) = ctx.round.take() else { return Go::To(Area::Main) };
        match ctx.circle.add_late_arrival(r.meeting, &mut r.view.round, member) {
            Ok(()) => {
                ctx.say(format!("{} is here, and is added to the end of the round.", display(&name)));
                match ctx.circle.round(r.meeting) {
                    Ok(Some(view)) => r.view = view,
                    Ok(None) => {}
                    Err(e) => ctx.fail(e),
                }
            }
            Err(e) => ctx.fail(e),
        }
        ctx.round = Some(r);
        Go::Stay
    }

    fn end(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match yes_no(&input) {
            Some(true) => {
                let Some(r) = ctx.round.take() else { return Go::To(Area::Main) };
                match ctx.circle.finish_round(r.meeting, &r.view.round, ctx.now()) {
                    Ok(ended) => {
                        ctx.say(ended.said("Type round to start another when you are ready."));
                        Go::To(Area::Main)
                    }
                    Err(e) => {
                        ctx.fail(e);
                        let mut r = r;
                        if let Ok(Some(view)) = ctx.circle.round(r.meeting) {
                            r.view = view;
                        }
                        ctx.round = Some(r);
                        Go::Stay
                    }
                }
            }
            // No, or going back.
            Some(false) => {
                ctx.say("The round carries on.");
                Go::Stay
            }
            None => {
                ctx.say("Type y to end the round, or n to carry on.");
                self.asking = Asking::End;
                Go::Stay
            }
        }
    }
}

//! What is said about a round: who speaks now and who is next, the order,
//! and the time. The timer never ticks on screen; the two time marks (the
//! group's minimum, the time a person can have today) are told when the
//! next line is entered, since input is read a line at a time.

use std::time::Duration;

use super::Ctx;
use super::words::{count, spoken};
use crate::domain::MeetingId;
use crate::domain::round::Turn;
use crate::domain::text::display;
use crate::usecase::rounds::RoundView;

/// The round of today's meeting, kept while the facilitator looks
/// elsewhere, with which time marks were already told for the speaker.
pub struct Running {
    pub meeting: MeetingId,
    pub view: RoundView,
    pub told_minimum: bool,
    pub told_share: bool,
}

impl Running {
    pub fn new(meeting: MeetingId, view: RoundView, now: chrono::DateTime<chrono::Utc>) -> Running {
        // Marks a resumed speaker passed before are told in the status.
        let (told_minimum, told_share) = passed(&view, now);
        Running { meeting, view, told_minimum, told_share }
    }

    pub fn name_at(&self, at: usize) -> String {
        let seat = &self.view.round.seats()[at];
        display(&self.view.name(seat.speaker.member)).into_owned()
    }

    fn minimum(&self) -> Option<Duration> {
        Some(Duration::from_secs(u64::from(self.view.min_minutes) * 60)).filter(|d| !d.is_zero())
    }
}

/// Which of the two marks the speaker has reached at `now`.
fn passed(view: &RoundView, now: chrono::DateTime<chrono::Utc>) -> (bool, bool) {
    let Some(elapsed) = view.round.elapsed(now) else { return (false, false) };
    let minimum = Duration::from_secs(u64::from(view.min_minutes) * 60);
    let reached = |t: Duration| !t.is_zero() && elapsed >= t;
    (reached(minimum), view.fair_share.is_some_and(reached))
}

/// Picks up a round left in progress at today's meeting (after a restart,
/// or on switching group), and says so.
pub fn resume(ctx: &mut Ctx) {
    let Ok(Some(meeting)) = ctx.circle.meeting_on(ctx.group_id(), ctx.today) else { return };
    if let Ok(Some(view)) = ctx.circle.round(meeting.id) {
        ctx.round = Some(Running::new(meeting.id, view, ctx.now()));
        ctx.say("A round is in progress at today's meeting: type round to carry on.");
    }
}

/// Reads the round again before a change, so a change made in another
/// console on the same database is not undone; `false` when the round is
/// no longer in progress.
pub fn refresh(ctx: &mut Ctx) -> bool {
    let Some(meeting) = ctx.round.as_ref().map(|r| r.meeting) else { return false };
    match ctx.circle.round(meeting) {
        Ok(Some(view)) => {
            if let Some(r) = ctx.round.as_mut() {
                r.view = view;
            }
            true
        }
        Ok(None) => {
            ctx.round = None;
            ctx.say("This round was ended or left in another console; type round to start another.");
            false
        }
        Err(e) => {
            ctx.fail(e);
            true
        }
    }
}

/// How long until the speaker reaches the next time mark not yet told, if
/// someone is speaking; zero when one is due now.
pub fn next_cue(ctx: &Ctx) -> Option<Duration> {
    let r = ctx.round.as_ref()?;
    r.view.round.speaking()?;
    let elapsed = r.view.round.elapsed(ctx.now())?;
    let minimum = r.minimum().filter(|_| !r.told_minimum);
    let share = r.view.fair_share.filter(|d| !d.is_zero() && !r.told_share);
    [minimum, share].into_iter().flatten().min().map(|mark| mark.saturating_sub(elapsed))
}

/// Whether a time mark is due to be told now.
pub fn cue_due(ctx: &Ctx) -> bool {
    next_cue(ctx).is_some_and(|d| d.is_zero())
}

/// Tells the time marks the speaker reached, in the order they were
/// reached, with the bell unless the settings turned it off. `woke`: the
/// wait for a line was ended for this, at the mark, so the time so far is
/// the mark itself and goes unsaid.
pub fn tell_cues(ctx: &mut Ctx, woke: bool) {
    let now = ctx.now();
    let Some(running) = ctx.round.as_mut() else { return };
    let Some(at) = running.view.round.speaking() else { return };
    let Some(elapsed) = running.view.round.elapsed(now) else { return };
    let (minimum, share) = passed(&running.view, now);
    let name = running.name_at(at);
    let so_far = if woke { String::new() } else { format!("; {} so far", spoken(elapsed)) };
    let mut marks = Vec::new();
    if minimum && !running.told_minimum {
        running.told_minimum = true;
        let t = running.minimum().unwrap_or_default();
        marks.push((t, format!("{name} has had the group's minimum time, {}{so_far}.", spoken(t))));
    }
    if share && !running.told_share {
        running.told_share = true;
        let t = running.view.fair_share.unwrap_or_default();
        marks.push((t, format!("{name} has had the time a person can have today, {}{so_far}.", spoken(t))));
    }
    marks.sort_by_key(|(t, _)| *t);
    if marks.is_empty() {
        return;
    }
    if ctx.bell {
        ctx.out.bell();
    }
    for (_, line) in marks {
        ctx.say(line);
    }
}

/// Who speaks now and who is next, in one line.
pub fn status(ctx: &mut Ctx) {
    let now = ctx.now();
    let Some(r) = ctx.round.as_ref() else { return };
    let round = &r.view.round;
    let line = match (round.speaking(), round.current()) {
        (Some(at), _) => {
            let so_far = spoken(round.elapsed(now).unwrap_or_default());
            format!("{} is speaking, {so_far} so far. {}", r.name_at(at), next_after(r, at))
        }
        (None, Some(at)) => {
            let invite = if round.seats()[at].speaker.invite { ", who likes to be invited to speak" } else { "" };
            format!("Next: {}{invite}. Type s to start their time, or p if they pass.", r.name_at(at))
        }
        (None, None) => "Everyone has had their turn. Type e to end the round and add it to today's meeting.".into(),
    };
    ctx.say(line);
}

/// "Next: Cy." after the speaker at `at`, or that they are the last.
fn next_after(r: &Running, at: usize) -> String {
    match r.view.round.still_to_speak().first() {
        Some(next) => {
            let invite = if next.invite { ", who likes to be invited to speak" } else { "" };
            format!("Next: {}{invite}.", display(&r.view.name(next.member)))
        }
        None => format!("{} is the last to speak.", r.name_at(at)),
    }
}

pub fn list(ctx: &mut Ctx) {
    let now = ctx.now();
    let Some(r) = ctx.round.as_ref() else { return };
    let seats = r.view.round.seats();
    let done = seats.iter().filter(|s| s.turn.is_done()).count();
    let waiting = r.view.round.still_to_speak().len();
    let mut lines = vec![format!("The order: {}, {waiting} still to speak.", count(done, "turn taken", "turns taken"))];
    for (i, seat) in seats.iter().enumerate() {
        let state = match seat.turn {
            Turn::NotYet => "still to speak".to_string(),
            Turn::Speaking { .. } => {
                format!("speaking, {} so far", spoken(r.view.round.elapsed(now).unwrap_or_default()))
            }
            Turn::Spoke { seconds } => format!("spoke {}", spoken(Duration::from_secs(seconds.into()))),
            Turn::Passed => "passed".into(),
        };
        let invite = if seat.speaker.invite { ", likes to be invited to speak" } else { "" };
        lines.push(format!("{}. {}, {state}{invite}", i + 1, r.name_at(i)));
    }
    ctx.out.say_all(lines);
}

/// The time the speaker has had, against the two marks.
pub fn time_left(ctx: &mut Ctx) {
    let now = ctx.now();
    let Some(r) = ctx.round.as_ref() else { return };
    let (Some(at), Some(elapsed)) = (r.view.round.speaking(), r.view.round.elapsed(now)) else {
        return ctx.say("Nobody is speaking right now.");
    };
    // Whole seconds, as said, so the time left adds up with the time spoken.
    let elapsed = Duration::from_secs(elapsed.as_secs());
    let mut parts = Vec::new();
    if let Some(min) = r.minimum() {
        parts.push(match min.checked_sub(elapsed).filter(|d| !d.is_zero()) {
            Some(left) => format!("{} to the group's minimum of {}", spoken(left), spoken(min)),
            None => format!("past the group's minimum of {}", spoken(min)),
        });
    }
    if let Some(share) = r.view.fair_share {
        parts.push(match share.checked_sub(elapsed).filter(|d| !d.is_zero()) {
            Some(left) => format!("{} left of the {} a person can have today", spoken(left), spoken(share)),
            None => format!("past the {} a person can have today", spoken(share)),
        });
    }
    let marks = if parts.is_empty() { String::new() } else { format!(": {}", parts.join(", ")) };
    let line = format!("{} has spoken {}{marks}.", r.name_at(at), spoken(elapsed));
    ctx.say(line);
}

pub fn started(r: &mut Running, at: usize) -> String {
    r.told_minimum = false;
    r.told_share = false;
    format!("{} speaking now. {}", r.name_at(at), next_after(r, at))
}

pub fn stopped(r: &Running, seconds: u32) -> String {
    let at = r.view.round.seats().iter().rposition(|s| s.turn.is_done()).unwrap_or(0);
    format!("{} spoke {}.", r.name_at(at), spoken(Duration::from_secs(seconds.into())))
}

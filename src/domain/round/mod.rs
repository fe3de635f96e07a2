//! A speaking round: the present members speak in turn, in a shuffled order
//! or one the facilitator sets, each with a timer started and stopped by one
//! key; a pass is a valid turn of no time.
//!
//! The module is pure. Time comes in as `now: DateTime<Utc>` on every call
//! that needs it (the console reads the clock, tests inject one and never
//! sleep), and randomness as a seed for [`rng_from_seed`]. Chrono instants
//! rather than bare milliseconds because the store and the rest of the
//! domain already speak chrono, and they serialise readably into the record.
//!
//! The state is what the store keeps: a running timer is its start instant,
//! never a counter that ticks, so [`Round::from_record`] after a crash or a
//! restart resumes the timer as if the console had never closed.
//!
//! One invariant keeps every operation simple: the order is always
//! *turns taken* (spoke or passed), then at most one person *speaking*, then
//! everyone *still to speak*. The next speaker is therefore the first person
//! not yet done, nothing else needs storing, and a person's place in the
//! order is their turn number.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::MemberId;
use super::deal::rng_from_seed;
use super::sample::shuffle;

mod totals;

pub use totals::{Balance, Evenness, MemberTotal, Totals};

/// How often the console redraws while a timer runs. The timer shows whole
/// seconds, so a quarter second keeps it and the cues at most that late
/// while waking only four times a second; when nobody speaks there is no
/// tick at all and the console just waits for a key.
pub const TICK: Duration = Duration::from_millis(250);

/// The version of [`RoundRecord`] this build writes and reads.
pub const RECORD_VERSION: u32 = 1;

/// The most a stored round may take, as JSON: a seat is under a hundred
/// bytes, so this holds a round of over ten thousand people, and refuses a
/// file that hides megabytes in one.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

/// Turns within this many seconds of the typical turn always count as
/// even, so a round of short turns is not called uneven over a few seconds.
const EVEN_FLOOR_SECONDS: u64 = 60;

/// Someone in the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Speaker {
    pub member: MemberId,
    /// They prefer to be invited to speak rather than simply given the turn.
    pub invite: bool,
}

/// Where one person is in the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Turn {
    NotYet,
    Speaking {
        since: DateTime<Utc>,
        /// Seconds already spoken when a stopped turn was taken back up with
        /// [`Round::undo_last`]; `None` for a turn started afresh.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resumed_from: Option<u32>,
    },
    Spoke {
        seconds: u32,
    },
    Passed,
}

impl Turn {
    /// Whether the person has had their turn (a pass is a turn).
    pub fn is_done(self) -> bool {
        matches!(self, Turn::Spoke { .. } | Turn::Passed)
    }
}

/// One place in the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    #[serde(flatten)]
    pub speaker: Speaker,
    pub turn: Turn,
}

/// What the store keeps of a round, as JSON in one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRecord {
    pub version: u32,
    pub seats: Vec<Seat>,
}

/// Why an operation on a round did nothing. The messages are shown to the
/// facilitator as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoundError {
    #[error("Everyone has had their turn in this round.")]
    NobodyLeft,
    #[error("Someone is speaking; stop their timer first.")]
    SomeoneSpeaking,
    #[error("Nobody is speaking right now.")]
    NobodySpeaking,
    #[error("That person is already in this round.")]
    AlreadyInRound,
    #[error("Only people who have not had their turn yet can be moved or taken out.")]
    TurnTaken,
    #[error("They are already at that end of those still to speak.")]
    AtTheEnd,
    #[error("No one is at that place in the order.")]
    NoSuchPlace,
    #[error("There is no turn to take back.")]
    NothingToUndo,
    #[error("The saved round could not be read: {0}.")]
    BadRecord(&'static str),
}

/// What [`Round::toggle`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggled {
    /// The timer of the person at this place started.
    Started(usize),
    /// The speaker's turn ended with this many whole seconds.
    Stopped { seconds: u32 },
}

/// A gentle signal for the facilitator while someone speaks. Ordered, so
/// the later cue wins when both thresholds have passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cue {
    None,
    /// The speaker has had the group's minimum time to be heard.
    ReachedMinimum,
    /// The speaker has had their fair share of today's talk time.
    ReachedFairShare,
}

/// Each person's fair share of today's talk time: `talk_minutes` (the
/// meeting's minutes less those set aside for opening and closing, as in
/// size health) divided equally among the `present` people in the round,
/// floored to whole seconds. `None` when there is no time or nobody to
/// share it with. A fixed share keeps the cue predictable for everyone; it
/// does not shrink when an earlier turn ran long, so nobody later pays for
/// someone else's long turn with a sooner cue.
pub fn fair_share(talk_minutes: u32, present: usize) -> Option<Duration> {
    let seconds = u64::from(talk_minutes) * 60 / u64::try_from(present).ok().filter(|&n| n > 0)?;
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// The speaking time of a running turn at `now`. A clock set back while
/// someone speaks counts as no time rather than a negative one.
fn running(since: DateTime<Utc>, resumed_from: Option<u32>, now: DateTime<Utc>) -> Duration {
    let earlier = Duration::from_secs(resumed_from.unwrap_or(0).into());
    earlier.saturating_add((now - since).to_std().unwrap_or(Duration::ZERO))
}

fn whole_seconds(time: Duration) -> u32 {
    u32::try_from(time.as_secs()).unwrap_or(u32::MAX)
}

/// The members once each, first listing wins, as places still to speak.
fn unique_seats(members: &[Speaker]) -> Vec<Seat> {
    let mut seen = BTreeSet::new();
    members.iter().filter(|s| seen.insert(s.member)).map(|&speaker| Seat { speaker, turn: Turn::NotYet }).collect()
}

/// A round in progress; see the module notes for the invariant on its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    seats: Vec<Seat>,
}

impl Round {
    /// A round of `members` in an order drawn from `seed`. The members are
    /// sorted by id first, so the order depends only on who is present and
    /// the seed, not on how the caller listed them. A member listed twice
    /// takes part once.
    pub fn new(members: &[Speaker], seed: u64) -> Self {
        let mut round = Round { seats: unique_seats(members) };
        round.reshuffle(seed);
        round
    }

    /// A round in exactly the order given, for a facilitator who sets it.
    pub fn in_order(members: &[Speaker]) -> Self {
        Round { seats: unique_seats(members) }
    }

    pub fn seats(&self) -> &[Seat] {
        &self.seats
    }

    pub fn len(&self) -> usize {
        self.seats.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seats.is_empty()
    }

    fn done_count(&self) -> usize {
        self.seats.iter().take_while(|s| s.turn.is_done()).count()
    }

    /// The place of whoever is speaking, or else of who speaks next.
    pub fn current(&self) -> Option<usize> {
        let at = self.done_count();
        (at < self.seats.len()).then_some(at)
    }

    /// The place of whoever is speaking.
    pub fn speaking(&self) -> Option<usize> {
        self.current().filter(|&at| matches!(self.seats[at].turn, Turn::Speaking { .. }))
    }

    /// The first place still to speak; everything from here on may be
    /// reordered.
    fn first_waiting(&self) -> usize {
        self.done_count() + usize::from(self.speaking().is_some())
    }

    /// Draws a new order for those still to speak; whoever has had their
    /// turn or is speaking keeps their place. Before anyone has spoken this
    /// is the whole round. Sorted by id before the draw, like [`Round::new`].
    pub fn reshuffle(&mut self, seed: u64) {
        let from = self.first_waiting();
        let waiting = &mut self.seats[from..];
        waiting.sort_by_key(|s| s.speaker.member);
        shuffle(waiting, &mut rng_from_seed(seed));
    }

    /// Moves the person at `at` one place earlier, among those still to
    /// speak, and returns their new place.
    pub fn move_up(&mut self, at: usize) -> Result<usize, RoundError> {
        self.check_waiting(at)?;
        if at <= self.first_waiting() {
            return Err(RoundError::AtTheEnd);
        }
        self.seats.swap(at, at - 1);
        Ok(at - 1)
    }

    /// Moves the person at `at` one place later and returns their new place.
    pub fn move_down(&mut self, at: usize) -> Result<usize, RoundError> {
        self.check_waiting(at)?;
        if at + 1 >= self.seats.len() {
            return Err(RoundError::AtTheEnd);
        }
        self.seats.swap(at, at + 1);
        Ok(at + 1)
    }

    fn check_waiting(&self, at: usize) -> Result<(), RoundError> {
        match self.seats.get(at) {
            None => Err(RoundError::NoSuchPlace),
            Some(seat) if seat.turn != Turn::NotYet => Err(RoundError::TurnTaken),
            Some(_) => Ok(()),
        }
    }

    /// Starts the timer of the next person and returns their place.
    pub fn start(&mut self, now: DateTime<Utc>) -> Result<usize, RoundError> {
        if self.speaking().is_some() {
            return Err(RoundError::SomeoneSpeaking);
        }
        let at = self.current().ok_or(RoundError::NobodyLeft)?;
        self.seats[at].turn = Turn::Speaking { since: now, resumed_from: None };
        Ok(at)
    }

    /// Ends the speaker's turn with the whole seconds they spoke (rounded
    /// down, like the timer on screen); the next person becomes current.
    pub fn stop(&mut self, now: DateTime<Utc>) -> Result<u32, RoundError> {
        let at = self.speaking().ok_or(RoundError::NobodySpeaking)?;
        let Turn::Speaking { since, resumed_from } = self.seats[at].turn else {
            return Err(RoundError::NobodySpeaking);
        };
        let seconds = whole_seconds(running(since, resumed_from, now));
        self.seats[at].turn = Turn::Spoke { seconds };
        Ok(seconds)
    }

    /// The one timer key: stops a running turn, otherwise starts the next.
    pub fn toggle(&mut self, now: DateTime<Utc>) -> Result<Toggled, RoundError> {
        if self.speaking().is_some() {
            self.stop(now).map(|seconds| Toggled::Stopped { seconds })
        } else {
            self.start(now).map(Toggled::Started)
        }
    }

    /// Records that the next person passes, a turn of no time, and returns
    /// their place. Refused while someone speaks, so a stray key never
    /// throws away a turn in progress.
    pub fn pass(&mut self) -> Result<usize, RoundError> {
        if self.speaking().is_some() {
            return Err(RoundError::SomeoneSpeaking);
        }
        let at = self.current().ok_or(RoundError::NobodyLeft)?;
        self.seats[at].turn = Turn::Passed;
        Ok(at)
    }

    /// Takes back a timer started by mistake: a fresh turn goes back to
    /// "not yet" (its time is dropped), a resumed one back to the seconds it
    /// had when it was stopped.
    pub fn cancel(&mut self) -> Result<usize, RoundError> {
        let at = self.speaking().ok_or(RoundError::NobodySpeaking)?;
        if let Turn::Speaking { resumed_from, .. } = self.seats[at].turn {
            self.seats[at].turn = resumed_from.map_or(Turn::NotYet, |seconds| Turn::Spoke { seconds });
        }
        Ok(at)
    }

    /// Takes back the last turn, for a timer stopped or a pass recorded by
    /// mistake: a pass goes back to "not yet"; a stopped turn runs again
    /// from `now`, keeping the seconds it had, since the speaker most likely
    /// kept talking. Returns the place.
    pub fn undo_last(&mut self, now: DateTime<Utc>) -> Result<usize, RoundError> {
        if self.speaking().is_some() {
            return Err(RoundError::SomeoneSpeaking);
        }
        let at = self.done_count().checked_sub(1).ok_or(RoundError::NothingToUndo)?;
        self.seats[at].turn = match self.seats[at].turn {
            Turn::Spoke { seconds } => Turn::Speaking { since: now, resumed_from: Some(seconds) },
            _ => Turn::NotYet,
        };
        Ok(at)
    }

    /// Adds someone who arrived late at the end of the order and returns
    /// their place.
    pub fn add_late(&mut self, member: MemberId, invite: bool) -> Result<usize, RoundError> {
        if self.seats.iter().any(|s| s.speaker.member == member) {
            return Err(RoundError::AlreadyInRound);
        }
        self.seats.push(Seat { speaker: Speaker { member, invite }, turn: Turn::NotYet });
        Ok(self.seats.len() - 1)
    }

    /// Takes out someone still to speak (added by mistake, or gone early).
    pub fn remove(&mut self, at: usize) -> Result<Speaker, RoundError> {
        self.check_waiting(at)?;
        Ok(self.seats.remove(at).speaker)
    }

    /// How long the current speaker has spoken so far in this turn.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Option<Duration> {
        match self.seats[self.speaking()?].turn {
            Turn::Speaking { since, resumed_from } => Some(running(since, resumed_from, now)),
            _ => None,
        }
    }

    /// The cue for the current speaker, reached at exactly each threshold.
    /// `min_minutes` is the group's minimum per person (0: no such cue);
    /// `fair_share` comes from [`fair_share`]. In an over-full group the
    /// fair share comes before the minimum and then stays the cue.
    pub fn cue(&self, now: DateTime<Utc>, min_minutes: u32, fair_share: Option<Duration>) -> Cue {
        let Some(elapsed) = self.elapsed(now) else { return Cue::None };
        let minimum = Some(Duration::from_secs(u64::from(min_minutes) * 60)).filter(|m| !m.is_zero());
        let reached = |threshold: Option<Duration>| threshold.is_some_and(|t| !t.is_zero() && elapsed >= t);
        if reached(fair_share) {
            Cue::ReachedFairShare
        } else if reached(minimum) {
            Cue::ReachedMinimum
        } else {
            Cue::None
        }
    }

    /// Everyone has had their turn and no timer runs.
    pub fn finished(&self) -> bool {
        self.seats.iter().all(|s| s.turn.is_done())
    }

    /// Those still to speak, in order, not counting whoever is speaking.
    pub fn still_to_speak(&self) -> Vec<Speaker> {
        self.seats.iter().filter(|s| s.turn == Turn::NotYet).map(|s| s.speaker).collect()
    }

    /// How long the console may sleep before redrawing: [`TICK`] while a
    /// timer runs, `None` (wait for a key) otherwise.
    pub fn tick_interval(&self) -> Option<Duration> {
        self.speaking().map(|_| TICK)
    }

    /// What can be shown on a shared screen: who speaks, who is still to
    /// speak, and one calm word on how evenly time has gone, with nobody's
    /// minutes and no flags.
    pub fn balance(&self) -> Balance {
        let spoken = self.seats.iter().filter_map(|s| match s.turn {
            Turn::Spoke { seconds } => Some(seconds),
            _ => None,
        });
        Balance {
            speaking: self.speaking().map(|at| self.seats[at].speaker.member),
            still_to_speak: self.still_to_speak().into_iter().map(|s| s.member).collect(),
            spoke: spoken.clone().count(),
            passed: self.seats.iter().filter(|s| s.turn == Turn::Passed).count(),
            evenness: Evenness::of(spoken),
        }
    }

    /// Each person's figures for the meeting's attendance rows. A timer
    /// still running counts as spoken up to `now`, so ending a round
    /// mid-turn loses nothing; people who had no turn are included with
    /// nothing spoken, nothing passed and no turn number.
    pub fn totals(&self, now: DateTime<Utc>) -> Totals {
        let members = self
            .seats
            .iter()
            .zip(1u32..)
            .map(|(seat, place)| {
                let total = match seat.turn {
                    Turn::NotYet => MemberTotal::default(),
                    Turn::Speaking { since, resumed_from } => MemberTotal {
                        seconds: whole_seconds(running(since, resumed_from, now)),
                        spoke: true,
                        passed: false,
                        turn_order: Some(place),
                    },
                    Turn::Spoke { seconds } => {
                        MemberTotal { seconds, spoke: true, passed: false, turn_order: Some(place) }
                    }
                    Turn::Passed => MemberTotal { seconds: 0, spoke: false, passed: true, turn_order: Some(place) },
                };
                (seat.speaker.member, total)
            })
            .collect();
        Totals { members }
    }

    pub fn to_record(&self) -> RoundRecord {
        RoundRecord { version: RECORD_VERSION, seats: self.seats.clone() }
    }

    /// Rebuilds a round exactly as it was saved, a running timer included.
    /// A record from a newer build, or one that breaks the rules of a round
    /// (a member twice, turns out of order), is refused.
    pub fn from_record(record: &RoundRecord) -> Result<Self, RoundError> {
        if record.version != RECORD_VERSION {
            return Err(RoundError::BadRecord("it was saved by a different version of circle"));
        }
        let mut seen = BTreeSet::new();
        if !record.seats.iter().all(|s| seen.insert(s.speaker.member)) {
            return Err(RoundError::BadRecord("someone is in it twice"));
        }
        let round = Round { seats: record.seats.clone() };
        if round.seats[round.first_waiting()..].iter().any(|s| s.turn != Turn::NotYet) {
            return Err(RoundError::BadRecord("its turns are out of order"));
        }
        Ok(round)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn t(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_750_000_000 + seconds, 0).unwrap()
    }

    fn t_ms(millis: i64) -> DateTime<Utc> {
        t(0) + chrono::TimeDelta::milliseconds(millis)
    }

    fn people(ids: &[i64]) -> Vec<Speaker> {
        ids.iter().map(|&id| Speaker { member: MemberId(id), invite: id % 3 == 0 }).collect()
    }

    fn order(round: &Round) -> Vec<i64> {
        round.seats().iter().map(|s| s.speaker.member.0).collect()
    }

    fn turns(round: &Round) -> Vec<Turn> {
        round.seats().iter().map(|s| s.turn).collect()
    }

    #[test]
    fn start_and_stop_record_whole_seconds_and_move_on() {
        let mut round = Round::in_order(&people(&[1, 2, 3]));
        assert_eq!(round.current(), Some(0));
        assert_eq!(round.start(t(0)), Ok(0));
        assert_eq!(round.start(t(1)), Err(RoundError::SomeoneSpeaking));
        assert_eq!(round.elapsed(t_ms(90_500)), Some(Duration::from_millis(90_500)));
        assert_eq!(round.stop(t_ms(90_999)), Ok(90));
        assert_eq!(round.stop(t(91)), Err(RoundError::NobodySpeaking));
        assert_eq!(round.current(), Some(1));
        assert_eq!(round.elapsed(t(100)), None);
        round.start(t(100)).unwrap();
        assert_eq!(round.stop(t(160)), Ok(60));
        assert_eq!(turns(&round)[..2], [Turn::Spoke { seconds: 90 }, Turn::Spoke { seconds: 60 }]);
        assert_eq!(round.still_to_speak(), people(&[3]));
        assert!(!round.finished());
    }

    #[test]
    fn toggle_starts_then_stops_until_everyone_is_done() {
        let mut round = Round::in_order(&people(&[1, 2]));
        assert_eq!(round.toggle(t(0)), Ok(Toggled::Started(0)));
        assert_eq!(round.toggle(t(30)), Ok(Toggled::Stopped { seconds: 30 }));
        assert_eq!(round.toggle(t(30)), Ok(Toggled::Started(1)));
        assert_eq!(round.toggle(t(75)), Ok(Toggled::Stopped { seconds: 45 }));
        assert!(round.finished());
        assert_eq!(round.toggle(t(80)), Err(RoundError::NobodyLeft));
        assert_eq!(round.current(), None);
    }

    #[test]
    fn a_pass_is_a_turn_of_no_time() {
        let mut round = Round::in_order(&people(&[1, 2]));
        assert_eq!(round.pass(), Ok(0));
        assert_eq!(round.current(), Some(1));
        round.start(t(0)).unwrap();
        assert_eq!(round.pass(), Err(RoundError::SomeoneSpeaking), "a stray p never ends a turn");
        round.stop(t(10)).unwrap();
        assert!(round.finished());
        assert_eq!(round.pass(), Err(RoundError::NobodyLeft));
        let totals = round.totals(t(10));
        let passed = totals.get(MemberId(1)).unwrap();
        assert_eq!((passed.seconds, passed.spoke, passed.passed, passed.turn_order), (0, false, true, Some(1)));
    }

    #[test]
    fn late_arrivals_join_the_end_still_to_speak() {
        let mut round = Round::in_order(&people(&[1, 2]));
        round.start(t(0)).unwrap();
        round.stop(t(5)).unwrap();
        round.start(t(5)).unwrap();
        round.stop(t(9)).unwrap();
        assert!(round.finished());
        assert_eq!(round.add_late(MemberId(7), true), Ok(2));
        assert_eq!(round.add_late(MemberId(1), false), Err(RoundError::AlreadyInRound));
        assert!(!round.finished());
        assert_eq!(round.still_to_speak(), [Speaker { member: MemberId(7), invite: true }]);
        assert_eq!(round.start(t(20)), Ok(2));
    }

    #[test]
    fn moves_and_removals_only_among_those_still_to_speak() {
        let mut round = Round::in_order(&people(&[1, 2, 3, 4]));
        round.pass().unwrap();
        round.start(t(0)).unwrap();
        assert_eq!(round.move_up(0), Err(RoundError::TurnTaken));
        assert_eq!(round.move_down(1), Err(RoundError::TurnTaken));
        assert_eq!(round.move_up(2), Err(RoundError::AtTheEnd), "cannot jump ahead of the speaker");
        assert_eq!(round.move_down(3), Err(RoundError::AtTheEnd));
        assert_eq!(round.move_up(9), Err(RoundError::NoSuchPlace));
        assert_eq!(round.move_up(3), Ok(2));
        assert_eq!(order(&round), [1, 2, 4, 3]);
        assert_eq!(round.move_down(2), Ok(3));
        assert_eq!(order(&round), [1, 2, 3, 4]);
        assert_eq!(round.remove(1), Err(RoundError::TurnTaken));
        assert_eq!(round.remove(2), Ok(people(&[3])[0]));
        assert_eq!(order(&round), [1, 2, 4]);
    }

    #[test]
    fn reshuffles_are_permutations_fixed_by_the_seed() {
        let members = people(&[5, 3, 9, 1, 7, 2]);
        let a = Round::new(&members, 42);
        assert_eq!(a, Round::new(&members, 42));
        let mut listed_otherwise = members.clone();
        listed_otherwise.reverse();
        assert_eq!(a, Round::new(&listed_otherwise, 42), "the order depends on who and the seed only");
        let mut sorted = order(&a);
        sorted.sort_unstable();
        assert_eq!(sorted, [1, 2, 3, 5, 7, 9]);
        assert!(a.seats().iter().all(|s| s.speaker.invite == (s.speaker.member.0 % 3 == 0)));
        let orders: BTreeSet<Vec<i64>> = (0..20).map(|seed| order(&Round::new(&members, seed))).collect();
        assert!(orders.len() > 10, "seeds give different orders");
        assert_eq!(order(&Round::new(&people(&[4, 4, 2]), 1)).len(), 2, "one place each");
    }

    #[test]
    fn a_reshuffle_keeps_those_who_had_their_turn_and_the_speaker() {
        let mut round = Round::in_order(&people(&[1, 2, 3, 4, 5, 6, 7]));
        round.pass().unwrap();
        round.start(t(0)).unwrap();
        for seed in 0..10 {
            round.reshuffle(seed);
            assert_eq!(order(&round)[..2], [1, 2]);
            let mut rest = order(&round)[2..].to_vec();
            rest.sort_unstable();
            assert_eq!(rest, [3, 4, 5, 6, 7]);
        }
        let mut again = Round::in_order(&people(&[1, 2, 7, 6, 5, 4, 3]));
        again.pass().unwrap();
        again.start(t(0)).unwrap();
        round.reshuffle(3);
        again.reshuffle(3);
        assert_eq!(order(&round), order(&again));
    }

    #[test]
    fn fair_share_divides_the_talk_time() {
        assert_eq!(fair_share(70, 10), Some(Duration::from_secs(420)));
        assert_eq!(fair_share(60, 7), Some(Duration::from_secs(514)));
        assert_eq!(fair_share(60, 0), None);
        assert_eq!(fair_share(0, 5), None);
    }

    #[test]
    fn cues_come_at_exact_boundaries() {
        let mut round = Round::in_order(&people(&[1, 2]));
        let share = fair_share(70, 10); // 7 minutes
        assert_eq!(round.cue(t(1000), 5, share), Cue::None, "nobody speaking");
        round.start(t(0)).unwrap();
        assert_eq!(round.cue(t(0), 5, share), Cue::None);
        assert_eq!(round.cue(t_ms(299_999), 5, share), Cue::None);
        assert_eq!(round.cue(t(300), 5, share), Cue::ReachedMinimum);
        assert_eq!(round.cue(t_ms(419_999), 5, share), Cue::ReachedMinimum);
        assert_eq!(round.cue(t(420), 5, share), Cue::ReachedFairShare);
        assert_eq!(round.cue(t(3000), 5, share), Cue::ReachedFairShare);
        // An over-full group: the share comes first and stays the cue.
        assert_eq!(round.cue(t(239), 5, Some(Duration::from_secs(240))), Cue::None);
        assert_eq!(round.cue(t(240), 5, Some(Duration::from_secs(240))), Cue::ReachedFairShare);
        assert_eq!(round.cue(t(300), 5, Some(Duration::from_secs(240))), Cue::ReachedFairShare);
        // No minimum and no share set: never a cue.
        assert_eq!(round.cue(t(0), 0, None), Cue::None);
        assert_eq!(round.cue(t(9999), 0, None), Cue::None);
    }

    #[test]
    fn the_console_ticks_only_while_someone_speaks() {
        let mut round = Round::in_order(&people(&[1, 2]));
        assert_eq!(round.tick_interval(), None);
        round.start(t(0)).unwrap();
        assert_eq!(round.tick_interval(), Some(TICK));
        assert!(TICK <= Duration::from_secs(1));
        round.stop(t(1)).unwrap();
        assert_eq!(round.tick_interval(), None);
        round.pass().unwrap();
        assert_eq!(round.tick_interval(), None);
        assert_eq!(Round::in_order(&[]).tick_interval(), None);
    }

    #[test]
    fn a_saved_round_resumes_a_running_timer() {
        let mut round = Round::new(&people(&[1, 2, 3, 4]), 9);
        round.start(t(0)).unwrap();
        round.stop(t(100)).unwrap();
        round.pass().unwrap();
        round.start(t_ms(200_250)).unwrap();
        let json = serde_json::to_string(&round.to_record()).unwrap();
        assert!(json.contains("\"since\""), "{json}");
        let record: RoundRecord = serde_json::from_str(&json).unwrap();
        let resumed = Round::from_record(&record).unwrap();
        assert_eq!(resumed, round);
        // The console was closed for a while; the timer kept counting.
        assert_eq!(resumed.elapsed(t_ms(500_250)), Some(Duration::from_secs(300)));
        let mut resumed = resumed;
        assert_eq!(resumed.stop(t_ms(500_250)), Ok(300));
    }

    #[test]
    fn records_that_break_the_rules_are_refused() {
        let seat = |id, turn| Seat { speaker: Speaker { member: MemberId(id), invite: false }, turn };
        let speaking = Turn::Speaking { since: t(0), resumed_from: None };
        let bad = |version, seats: Vec<Seat>| Round::from_record(&RoundRecord { version, seats }).is_err();
        assert!(bad(2, vec![]));
        assert!(bad(1, vec![seat(1, Turn::NotYet), seat(1, Turn::NotYet)]));
        assert!(bad(1, vec![seat(1, Turn::NotYet), seat(2, Turn::Passed)]));
        assert!(bad(1, vec![seat(1, speaking), seat(2, speaking)]));
        assert!(bad(1, vec![seat(1, Turn::NotYet), seat(2, speaking)]));
        assert!(!bad(1, vec![seat(1, Turn::Passed), seat(2, speaking), seat(3, Turn::NotYet)]));
        assert!(!bad(1, vec![]));
    }

    #[test]
    fn a_clock_set_back_counts_as_no_time() {
        let mut round = Round::in_order(&people(&[1]));
        round.start(t(100)).unwrap();
        assert_eq!(round.elapsed(t(40)), Some(Duration::ZERO));
        assert_eq!(round.cue(t(40), 1, None), Cue::None);
        assert_eq!(round.stop(t(40)), Ok(0));
    }

    #[test]
    fn mistakes_can_be_taken_back() {
        let mut round = Round::in_order(&people(&[1, 2]));
        assert_eq!(round.undo_last(t(0)), Err(RoundError::NothingToUndo));
        assert_eq!(round.cancel(), Err(RoundError::NobodySpeaking));
        // Started by mistake: back to not yet.
        round.start(t(0)).unwrap();
        assert_eq!(round.cancel(), Ok(0));
        assert_eq!(turns(&round)[0], Turn::NotYet);
        // Stopped by mistake (a double press): the timer runs on.
        round.start(t(0)).unwrap();
        round.stop(t(60)).unwrap();
        assert_eq!(round.undo_last(t(61)), Ok(0));
        assert_eq!(round.elapsed(t(61)), Some(Duration::from_secs(60)));
        assert_eq!(round.undo_last(t(61)), Err(RoundError::SomeoneSpeaking));
        assert_eq!(round.stop(t(91)), Ok(90));
        // A resumed turn cancelled keeps the seconds it had.
        round.undo_last(t(100)).unwrap();
        assert_eq!(round.cancel(), Ok(0));
        assert_eq!(turns(&round)[0], Turn::Spoke { seconds: 90 });
        // A pass by mistake: back to not yet.
        round.pass().unwrap();
        assert_eq!(round.undo_last(t(200)), Ok(1));
        assert_eq!(turns(&round)[1], Turn::NotYet);
    }

    #[test]
    fn totals_of_two_rounds_add_up() {
        let mut first = Round::in_order(&people(&[1, 2, 3]));
        first.toggle(t(0)).unwrap();
        first.toggle(t(120)).unwrap(); // 1 spoke 120
        first.pass().unwrap(); // 2 passed
        // 3 had no turn when the round ended.
        let mut second = Round::in_order(&people(&[3, 2, 1, 4]));
        second.pass().unwrap(); // 3 passed
        second.pass().unwrap(); // 2 passed again
        second.toggle(t(200)).unwrap();
        second.toggle(t(260)).unwrap(); // 1 spoke 60
        second.toggle(t(260)).unwrap(); // 4 still speaking at the end
        let meeting = first.totals(t(120)).add(&second.totals(t(290)));
        let get = |id| *meeting.get(MemberId(id)).unwrap();
        assert_eq!(get(1), MemberTotal { seconds: 180, spoke: true, passed: false, turn_order: Some(1) });
        assert_eq!(get(2), MemberTotal { seconds: 0, spoke: false, passed: true, turn_order: Some(2) });
        assert_eq!(get(3), MemberTotal { seconds: 0, spoke: false, passed: true, turn_order: Some(1) });
        assert_eq!(get(4), MemberTotal { seconds: 30, spoke: true, passed: false, turn_order: Some(4) });
        // A pass in one round and a turn spoken in another is "spoke".
        let mut third = Round::in_order(&people(&[2]));
        third.toggle(t(0)).unwrap();
        third.toggle(t(50)).unwrap();
        let later = meeting.add(&third.totals(t(50)));
        assert_eq!(
            later.get(MemberId(2)).unwrap(),
            &MemberTotal { seconds: 50, spoke: true, passed: false, turn_order: Some(2) }
        );
        assert_eq!(Totals::default().add(&meeting), meeting);
    }

    #[test]
    fn evenness_compares_the_longest_turn_with_the_median() {
        assert_eq!(Evenness::of([]), Evenness::TooEarly);
        assert_eq!(Evenness::of([600]), Evenness::TooEarly);
        assert_eq!(Evenness::of([300, 400, 450]), Evenness::Even);
        assert_eq!(Evenness::of([300, 400, 600]), Evenness::Even, "1.5 times the median is still even");
        assert_eq!(Evenness::of([300, 400, 601]), Evenness::MostlyEven);
        assert_eq!(Evenness::of([300, 400, 1000]), Evenness::MostlyEven);
        assert_eq!(Evenness::of([300, 400, 1001]), Evenness::Uneven);
        assert_eq!(Evenness::of([200, 800]), Evenness::MostlyEven, "median of two is their mean");
        assert_eq!(Evenness::of([5, 10, 90]), Evenness::Even, "seconds apart is not uneven");
        assert_eq!(Evenness::of([10, 20, 900, 950]), Evenness::MostlyEven);
    }

    #[test]
    fn passes_are_not_short_turns_in_the_balance() {
        let mut round = Round::in_order(&people(&[1, 2, 3, 4, 5]));
        for (from, to) in [(0, 300), (300, 620)] {
            round.toggle(t(from)).unwrap();
            round.toggle(t(to)).unwrap();
        }
        round.pass().unwrap();
        round.toggle(t(700)).unwrap();
        let balance = round.balance();
        assert_eq!(balance.speaking, Some(MemberId(4)));
        assert_eq!(balance.still_to_speak, [MemberId(5)]);
        assert_eq!((balance.spoke, balance.passed), (2, 1));
        assert_eq!(balance.evenness, Evenness::Even);
        assert_eq!(Round::in_order(&[]).balance().evenness, Evenness::TooEarly);
    }

    // ---------------------------------------------------------------
    // Random sequences of operations against a model of the clock
    // ---------------------------------------------------------------

    #[derive(Debug, Clone)]
    enum Op {
        Start,
        Stop,
        Toggle,
        Pass,
        Cancel,
        Undo,
        AddLate(i64, bool),
        Remove(usize),
        MoveUp(usize),
        MoveDown(usize),
        Reshuffle(u64),
        /// Milliseconds; now and then backwards, as a clock may be set.
        Advance(i64),
        SaveAndLoad,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => Just(Op::Start),
            3 => Just(Op::Stop),
            4 => Just(Op::Toggle),
            2 => Just(Op::Pass),
            1 => Just(Op::Cancel),
            1 => Just(Op::Undo),
            1 => (1i64..16, any::<bool>()).prop_map(|(m, i)| Op::AddLate(m, i)),
            1 => (0usize..12).prop_map(Op::Remove),
            2 => (0usize..12).prop_map(Op::MoveUp),
            2 => (0usize..12).prop_map(Op::MoveDown),
            1 => any::<u64>().prop_map(Op::Reshuffle),
            6 => prop_oneof![9 => 0i64..900_000, 1 => -5_000i64..0].prop_map(Op::Advance),
            1 => Just(Op::SaveAndLoad),
        ]
    }

    /// What the test itself knows of one person's turn.
    #[derive(Default)]
    struct Model {
        /// Seconds recorded when turns ended: for each stretch of speaking,
        /// whole seconds of `stop - start` (none if the clock went back).
        seconds: HashMap<MemberId, u64>,
        /// A running stretch: its start and the seconds the turn had before.
        running: Option<(MemberId, DateTime<Utc>, Option<u64>)>,
        turns_ended: HashMap<MemberId, i64>,
    }

    fn stretch(start: DateTime<Utc>, stop: DateTime<Utc>) -> u64 {
        u64::try_from((stop - start).num_seconds()).unwrap_or(0)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn random_operations_keep_the_rules(
            initial in proptest::collection::btree_set(1i64..12, 0..8),
            seed in any::<u64>(),
            ops in proptest::collection::vec(op(), 0..80),
        ) {
            let ids: Vec<i64> = initial.into_iter().collect();
            let mut round = Round::new(&people(&ids), seed);
            let mut model = Model::default();
            let mut now = t(0);
            for op in ops {
                let current = round.current().map(|at| round.seats()[at].speaker.member);
                match op {
                    Op::Start => {
                        if round.start(now).is_ok() {
                            model.running = Some((current.unwrap(), now, None));
                        }
                    }
                    Op::Stop | Op::Toggle => {
                        let was_speaking = round.speaking().is_some();
                        let result = if matches!(op, Op::Stop) {
                            round.stop(now).map(|s| Toggled::Stopped { seconds: s })
                        } else {
                            round.toggle(now)
                        };
                        match result {
                            Ok(Toggled::Stopped { seconds }) => {
                                prop_assert!(was_speaking);
                                let (who, start, earlier) = model.running.take().unwrap();
                                prop_assert_eq!(Some(who), current);
                                let total = earlier.unwrap_or(0) + stretch(start, now);
                                prop_assert_eq!(u64::from(seconds), total);
                                model.seconds.insert(who, total);
                                *model.turns_ended.entry(who).or_default() += 1;
                            }
                            Ok(Toggled::Started(_)) => model.running = Some((current.unwrap(), now, None)),
                            Err(_) => {}
                        }
                    }
                    Op::Pass => {
                        if round.pass().is_ok() {
                            *model.turns_ended.entry(current.unwrap()).or_default() += 1;
                        }
                    }
                    Op::Cancel => {
                        if round.cancel().is_ok() {
                            let (who, _, earlier) = model.running.take().unwrap();
                            if let Some(earlier) = earlier {
                                model.seconds.insert(who, earlier);
                                *model.turns_ended.entry(who).or_default() += 1;
                            }
                        }
                    }
                    Op::Undo => {
                        let last = round.current().unwrap_or(round.len()).checked_sub(1);
                        if let Ok(at) = round.undo_last(now) {
                            prop_assert_eq!(Some(at), last);
                            let who = round.seats()[at].speaker.member;
                            *model.turns_ended.entry(who).or_default() -= 1;
                            if round.speaking() == Some(at) {
                                model.running = Some((who, now, model.seconds.remove(&who)));
                            }
                        }
                    }
                    Op::AddLate(member, invite) => {
                        let known = round.seats().iter().any(|s| s.speaker.member.0 == member);
                        prop_assert_eq!(round.add_late(MemberId(member), invite).is_ok(), !known);
                    }
                    Op::Remove(at) => { let _ = round.remove(at); }
                    Op::MoveUp(at) => { let _ = round.move_up(at); }
                    Op::MoveDown(at) => { let _ = round.move_down(at); }
                    Op::Reshuffle(seed) => round.reshuffle(seed),
                    Op::Advance(ms) => now += chrono::TimeDelta::milliseconds(ms),
                    Op::SaveAndLoad => {
                        let json = serde_json::to_string(&round.to_record()).unwrap();
                        let record: RoundRecord = serde_json::from_str(&json).unwrap();
                        round = Round::from_record(&record).unwrap();
                    }
                }

                // The rules of a round hold after every operation.
                prop_assert!(Round::from_record(&round.to_record()).is_ok(), "order invariant");
                for (who, &n) in &model.turns_ended {
                    prop_assert!((0..=1).contains(&n), "member {} ended {} turns", who, n);
                }
                let mut recorded = 0u64;
                for seat in round.seats() {
                    let who = seat.speaker.member;
                    let expected = model.seconds.get(&who).copied().unwrap_or(0);
                    match seat.turn {
                        Turn::Spoke { seconds } => {
                            prop_assert_eq!(u64::from(seconds), expected);
                            recorded += u64::from(seconds);
                        }
                        Turn::Speaking { since, resumed_from } => {
                            prop_assert_eq!(model.running, Some((who, since, resumed_from.map(u64::from))));
                        }
                        Turn::NotYet | Turn::Passed => prop_assert_eq!(expected, 0),
                    }
                }
                let spoke: u64 = round
                    .seats()
                    .iter()
                    .filter(|s| matches!(s.turn, Turn::Spoke { .. }))
                    .map(|s| model.seconds.get(&s.speaker.member).copied().unwrap_or(0))
                    .sum();
                prop_assert_eq!(recorded, spoke);
                prop_assert_eq!(round.speaking().is_some(), model.running.is_some());
                prop_assert_eq!(round.tick_interval().is_some(), model.running.is_some());
                let totals = round.totals(now);
                prop_assert_eq!(totals.members.len(), round.len());
                prop_assert_eq!(round.finished(), round.current().is_none());
            }
        }
    }
}

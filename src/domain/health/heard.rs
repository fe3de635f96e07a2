//! Being heard: who has not been heard lately, the time each person had
//! in the latest rounds, and who may like an invitation to speak.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{MeetingFacts, MemberFacts};
use crate::domain::{MemberId, MemberStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotHeard {
    /// Rounds looked at: the latest ones, at most the window asked for.
    pub rounds: usize,
    /// False when fewer rounds than the window have been run; then nobody is
    /// named, since one quiet evening is not a pattern.
    pub enough_rounds: bool,
    pub members: Vec<MemberId>,
}

/// Members who were present at each of the latest `window` meetings where a
/// round was run and who, in every one of them, neither spoke nor passed.
/// Someone absent from any of those rounds is not named: they were not there
/// to be heard. Ordered by id.
pub fn not_heard_lately(meetings: &[MeetingFacts], window: usize) -> NotHeard {
    let rounds: Vec<&MeetingFacts> = meetings.iter().rev().filter(|m| m.round_run).take(window).collect();
    let enough_rounds = window > 0 && rounds.len() == window;
    if !enough_rounds {
        return NotHeard { rounds: rounds.len(), enough_rounds, members: Vec::new() };
    }
    let silent_in = |m: &MeetingFacts| -> HashSet<MemberId> {
        let heard: HashSet<MemberId> = m.turns.iter().filter(|t| t.heard()).map(|t| t.member).collect();
        m.turns.iter().map(|t| t.member).filter(|id| !heard.contains(id)).collect()
    };
    let mut silent = silent_in(rounds[0]);
    for round in &rounds[1..] {
        let here = silent_in(round);
        silent.retain(|id| here.contains(id));
    }
    let mut members: Vec<MemberId> = silent.into_iter().collect();
    members.sort_unstable();
    NotHeard { rounds: rounds.len(), enough_rounds, members }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpeakingTime {
    pub member: MemberId,
    /// Rounds, among those looked at, in which they had a turn.
    pub rounds: u32,
    pub total_seconds: u64,
    /// Per round they were present at, rounded down.
    pub average_seconds: u64,
}

/// The time each member actually had in the latest `rounds` rounds, by
/// member. Nothing here ranks people by their minutes: see
/// [`may_like_an_invitation`] for what the pane and the report make of it.
pub fn speaking_time(meetings: &[MeetingFacts], rounds: usize) -> Vec<SpeakingTime> {
    let mut by_member: HashMap<MemberId, (u32, u64, usize)> = HashMap::new();
    for (n, meeting) in meetings.iter().rev().filter(|m| m.round_run).take(rounds).enumerate() {
        for turn in &meeting.turns {
            let entry = by_member.entry(turn.member).or_insert((0, 0, usize::MAX));
            if entry.2 != n {
                entry.0 += 1;
                entry.2 = n;
            }
            entry.1 += u64::from(turn.seconds);
        }
    }
    let mut times: Vec<SpeakingTime> = by_member
        .into_iter()
        .map(|(member, (rounds, total, _))| SpeakingTime {
            member,
            rounds,
            total_seconds: total,
            average_seconds: total / u64::from(rounds.max(1)),
        })
        .collect();
    times.sort_by_key(|t| t.member);
    times
}

/// Who may like an invitation to speak next time: members still coming
/// (neither on a break nor gone) who asked to be invited, or who had, on
/// average over the latest `rounds` rounds they were at, less than half
/// the group's minimum time (a pass counts as no time: passing is fine, and
/// an invitation is only an invitation). Half, so the list stays short
/// enough to act on: turns a little under the minimum are usual. By id; the words come in name order,
/// never by minutes, so nobody is ranked by how much they said.
pub fn may_like_an_invitation(
    members: &[MemberFacts],
    meetings: &[MeetingFacts],
    rounds: usize,
    min_speaking_minutes: u32,
) -> Vec<MemberId> {
    let minimum = u64::from(min_speaking_minutes) * 60;
    let short: HashSet<MemberId> = speaking_time(meetings, rounds)
        .into_iter()
        .filter(|t| t.average_seconds * 2 < minimum)
        .map(|t| t.member)
        .collect();
    members
        .iter()
        .filter(|m| m.status == MemberStatus::Active && (m.invite_to_speak || short.contains(&m.id)))
        .map(|m| m.id)
        .collect()
}

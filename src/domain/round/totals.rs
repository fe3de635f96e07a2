//! What a round leaves behind: each member's totals for the meeting, and
//! the balance of time, told without anyone's exact minutes.

use std::collections::BTreeMap;

use super::*;

/// How evenly speaking time has gone, as one word for the whole group.
///
/// One group-level word rather than a label per person: on a shared screen
/// a "long turn" beside someone's name singles them out, while "some turns
/// have been longer" invites everyone to notice together. It compares the
/// longest turn with the median turn, which one long turn cannot drag along
/// (unlike the mean), and counts only turns spoken: a pass is a choice, not
/// a short turn. Short turns do not count against evenness either, since
/// speaking briefly is a choice too; what costs others time is a turn far
/// longer than the typical one. A median under a minute is taken as a
/// minute, so a round of brief turns is not called uneven over seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evenness {
    /// Fewer than two people have spoken.
    TooEarly,
    /// The longest turn is at most 1.5 times the median.
    Even,
    /// The longest turn is at most 2.5 times the median.
    MostlyEven,
    Uneven,
}

impl Evenness {
    /// From the seconds of each turn spoken (or each member's total).
    pub fn of(seconds: impl IntoIterator<Item = u32>) -> Self {
        let mut turns: Vec<u64> = seconds.into_iter().map(u64::from).collect();
        if turns.len() < 2 {
            return Evenness::TooEarly;
        }
        turns.sort_unstable();
        let n = turns.len();
        // Twice the median and twice the longest keep the ratios in integers.
        let twice_median = if n % 2 == 1 { 2 * turns[n / 2] } else { turns[n / 2 - 1] + turns[n / 2] };
        let reference = twice_median.max(2 * EVEN_FLOOR_SECONDS);
        let twice_longest = 2 * turns[n - 1];
        if 2 * twice_longest <= 3 * reference {
            Evenness::Even
        } else if 2 * twice_longest <= 5 * reference {
            Evenness::MostlyEven
        } else {
            Evenness::Uneven
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Evenness::TooEarly => "It is too early to say how time has been shared.",
            Evenness::Even => "Time has been shared evenly.",
            Evenness::MostlyEven => "Time has been shared fairly evenly.",
            Evenness::Uneven => "Some turns have been much longer than others.",
        }
    }
}

/// The round as it may be shown to the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub speaking: Option<MemberId>,
    pub still_to_speak: Vec<MemberId>,
    /// How many have spoken, and how many passed.
    pub spoke: usize,
    pub passed: usize,
    pub evenness: Evenness,
}

/// One member's figures for an attendance row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemberTotal {
    pub seconds: u32,
    pub spoke: bool,
    /// Had a turn and passed, and spoke in no round of the meeting.
    pub passed: bool,
    /// 1-based place in the first round in which they had a turn.
    pub turn_order: Option<u32>,
}

/// The figures of one round, or of a meeting's rounds added up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    pub members: BTreeMap<MemberId, MemberTotal>,
}

impl Totals {
    pub fn get(&self, member: MemberId) -> Option<&MemberTotal> {
        self.members.get(&member)
    }

    /// These totals followed by a later round's: seconds add up; spoke if
    /// they spoke in any round; passed if they passed and never spoke (so a
    /// pass in one round and a turn spoken in another is "spoke"); the turn
    /// number of the first round in which they had a turn.
    pub fn add(&self, later: &Totals) -> Totals {
        let mut members = self.members.clone();
        for (&member, next) in &later.members {
            let total = members.entry(member).or_default();
            let spoke = total.spoke || next.spoke;
            *total = MemberTotal {
                seconds: total.seconds.saturating_add(next.seconds),
                spoke,
                passed: !spoke && (total.passed || next.passed),
                turn_order: total.turn_order.or(next.turn_order),
            };
        }
        Totals { members }
    }

    /// How evenly the meeting's speaking time went, over those who spoke.
    pub fn evenness(&self) -> Evenness {
        Evenness::of(self.members.values().filter(|t| t.spoke).map(|t| t.seconds))
    }
}

//! The rules of the Size health pane and of `circle report`: expected
//! attendance, the size state, time to speak, trends, who has not been heard
//! lately and the review. The `report` submodule gathers them into a
//! [`Report`] and puts them into words.
//!
//! Pure: the store fills the input types below, the caller passes today's
//! date. Meetings come oldest first, as the store lists them; only their tail
//! is read, so years of meetings cost no more than a few weeks of them.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::promotion::Channel;
use super::size::WorkableRange;
use super::{ChannelKind, ChannelStatus, MemberId, MemberStatus};

mod heard;
mod report;

pub use heard::{NotHeard, SpeakingTime, may_like_an_invitation, not_heard_lately, speaking_time};

pub use report::{
    AdviceSection, DayWriter, IsoDays, Person, PersonTime, Report, Sharing, advice, build_report, duration,
    report_text, report_text_in, verdict,
};

/// Expected attendance is the median of this many latest meetings...
pub const MEDIAN_WINDOW: usize = 8;
/// ...once at least this many have been held; before that it is estimated.
pub const MIN_MEETINGS_FOR_MEDIAN: usize = 3;
/// Meetings in the attendance trend.
pub const TREND_MEETINGS: usize = 26;
/// Months in the joiners and leavers trend, ending with today's month.
pub const TREND_MONTHS: u32 = 12;
/// Rounds a member must have been silent in to count as not heard lately.
pub const NOT_HEARD_ROUNDS: usize = 3;
/// An enquiry older than this many days may still be waiting for an answer.
pub const ENQUIRY_DAYS: u32 = 7;
/// Rounds over which the time each person had is summed.
pub const SPEAKING_ROUNDS: usize = 6;

// ---------------------------------------------------------------- inputs

/// The group's settings that size health needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthSettings {
    pub meeting_minutes: u32,
    pub opening_closing_minutes: u32,
    pub min_speaking_minutes: u32,
    /// The smallest workable size, the group's own setting.
    pub smallest: u32,
    pub review_interval_days: u32,
    pub last_review: Option<NaiveDate>,
    pub created_on: NaiveDate,
    /// The purpose and values statement used for promotion.
    pub purpose: String,
    /// Open and meeting (forming or active): new people can be offered a
    /// place. A closed group keeps its membership; a dormant or closed one
    /// is not meeting.
    pub taking_people: bool,
}

impl HealthSettings {
    pub fn range(&self) -> WorkableRange {
        WorkableRange::from_settings(
            self.meeting_minutes,
            self.opening_closing_minutes,
            self.min_speaking_minutes,
            self.smallest,
        )
    }

    /// The minutes left for speaking once opening, closing and any break
    /// are set aside.
    pub fn talk_minutes(&self) -> u32 {
        self.meeting_minutes.saturating_sub(self.opening_closing_minutes)
    }
}

/// A member as size health sees them. `attended` and `possible` count the
/// recent meetings they came to and could have come to (as on the roster).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub id: MemberId,
    pub name: String,
    pub status: MemberStatus,
    pub attended: u32,
    pub possible: u32,
    /// They asked to be invited to speak rather than wait for a gap.
    pub invite_to_speak: bool,
}

/// One present member's turn in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    pub member: MemberId,
    pub seconds: u32,
    pub spoke: bool,
    pub passed: bool,
}

impl Turn {
    /// Passing is a turn too. Recorded time counts as speaking even if the
    /// flag was never set, since the timer only runs while someone talks.
    pub fn heard(&self) -> bool {
        self.spoke || self.passed || self.seconds > 0
    }
}

/// One meeting. When a round was run, `turns` has one entry per member who
/// was present; a turn that neither spoke nor passed means present but silent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFacts {
    pub held_on: NaiveDate,
    /// Members present.
    pub present: u32,
    pub visitors: u32,
    pub round_run: bool,
    pub turns: Vec<Turn>,
    /// Who was marked present, whether or not a round was run. A visitor
    /// named at the register is added as an enquiry and marked present:
    /// [`build_report`] counts them among the visitors, not the members.
    pub attendees: Vec<MemberId>,
}

impl MeetingFacts {
    /// Everyone in the room, visitors included.
    pub fn people(&self) -> u32 {
        self.present.saturating_add(self.visitors)
    }
}

/// One change of a member's status, from the status history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEvent {
    pub member: MemberId,
    pub status: MemberStatus,
    pub on: NaiveDate,
}

/// Someone on the waitlist and the day they joined it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub member: MemberId,
    pub name: String,
    pub since: NaiveDate,
}

/// Everything a report is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthInput {
    pub group: String,
    pub settings: HealthSettings,
    /// Every member of the group, whatever their status.
    pub members: Vec<MemberFacts>,
    /// Oldest first. Meetings after today are ignored.
    pub meetings: Vec<MeetingFacts>,
    /// In any order; changes of one member on one day keep their given order.
    pub history: Vec<StatusEvent>,
    pub waiting: Vec<Waiting>,
    /// Enquiries, with the day each was made.
    pub enquiries: Vec<Waiting>,
    pub channels: Vec<Channel>,
}

/// The meetings with the visitors named at the register counted among the
/// visitors: someone present who, on the day, was an enquiry or on the
/// waitlist, or not yet known at all, was visiting, not a member. Someone
/// with no recorded status (an old file) counts as a member, as before.
pub fn with_named_visitors(meetings: &[MeetingFacts], history: &[StatusEvent]) -> Vec<MeetingFacts> {
    let mut lives: HashMap<MemberId, Vec<(NaiveDate, usize, MemberStatus)>> = HashMap::new();
    for (i, event) in history.iter().enumerate() {
        lives.entry(event.member).or_default().push((event.on, i, event.status));
    }
    for life in lives.values_mut() {
        life.sort_unstable_by_key(|(on, i, _)| (*on, *i));
    }
    let visiting = |member: &MemberId, day: NaiveDate| match lives.get(member) {
        None => false,
        Some(life) => match life.iter().rev().find(|(on, _, _)| *on <= day) {
            None => true,
            Some((_, _, status)) => matches!(status, MemberStatus::Enquiry | MemberStatus::Waitlist),
        },
    };
    meetings
        .iter()
        .map(|m| {
            let named = m.attendees.iter().filter(|a| visiting(a, m.held_on)).count() as u32;
            let named = named.min(m.present);
            MeetingFacts { present: m.present - named, visitors: m.visitors.saturating_add(named), ..m.clone() }
        })
        .collect()
}

/// The meetings held up to and including `today`, from a list oldest first.
pub fn held_by(meetings: &[MeetingFacts], today: NaiveDate) -> &[MeetingFacts] {
    &meetings[..meetings.partition_point(|m| m.held_on <= today)]
}

fn tail<T>(items: &[T], n: usize) -> &[T] {
    &items[items.len().saturating_sub(n)..]
}

// ---------------------------------------------------- 1. expected attendance

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum ExpectedBasis {
    /// The median of the latest `meetings` meetings.
    Median { meetings: usize },
    /// Too few meetings: active members times their attendance rate.
    ActiveTimesRate { rate: f64 },
    /// Too few meetings and no rate yet: everyone active is expected.
    ActiveCount,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Expected {
    /// People expected at a typical meeting, visitors included.
    pub people: u32,
    #[serde(flatten)]
    pub basis: ExpectedBasis,
}

/// The middle value; for an even count the mean of the two middle values,
/// rounded half up so it stays a whole number of people.
pub fn median(values: &mut [u32]) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        return Some(values[mid]);
    }
    let sum = u64::from(values[mid - 1]) + u64::from(values[mid]);
    Some(sum.div_ceil(2) as u32)
}

/// How many people to expect at a meeting. `meetings` are those held so far,
/// oldest first; `rate` is the active members' attendance rate, if known.
pub fn expected_attendance(meetings: &[MeetingFacts], active: u32, rate: Option<f64>) -> Expected {
    if meetings.len() >= MIN_MEETINGS_FOR_MEDIAN {
        let window = tail(meetings, MEDIAN_WINDOW);
        let mut people: Vec<u32> = window.iter().map(MeetingFacts::people).collect();
        let people = median(&mut people).unwrap_or(0);
        return Expected { people, basis: ExpectedBasis::Median { meetings: window.len() } };
    }
    match rate.filter(|r| r.is_finite()).map(|r| r.clamp(0.0, 1.0)) {
        Some(rate) => Expected {
            people: (f64::from(active) * rate).round() as u32,
            basis: ExpectedBasis::ActiveTimesRate { rate },
        },
        None => Expected { people: active, basis: ExpectedBasis::ActiveCount },
    }
}

// ------------------------------------------------------------------ 2. state

/// Where the group stands, from smallest to biggest (the order is used:
/// more people never gives a smaller state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthState {
    TooSmall,
    Healthy,
    NearTop,
    TooBig,
}

/// Combines the active size and the expected attendance:
///
/// 1. **too big** when the larger of the two is above the largest workable
///    size: on a full night, or on a typical one, not everyone can be heard.
///    No largest size (no speaking time at all) means anyone is too many.
/// 2. else **too small** when the smaller of the two is below the smallest
///    size: too few members, or too few who come.
/// 3. else **near the top** when the larger is at the largest size or one
///    below it;
/// 4. else **healthy**.
///
/// Too big is checked first: 14 members of whom 3 come is not helped by
/// promotion, which would make a full night worse still.
pub fn health_state(range: WorkableRange, active: u32, expected: u32) -> HealthState {
    let most = active.max(expected);
    let fewest = active.min(expected);
    let largest = range.largest.unwrap_or(0);
    if most > largest {
        HealthState::TooBig
    } else if fewest < range.smallest {
        HealthState::TooSmall
    } else if most.saturating_add(1) >= largest {
        HealthState::NearTop
    } else {
        HealthState::Healthy
    }
}

// ------------------------------------------------------------ 3. time each

/// Whole seconds each person can speak when `people` share `talk_minutes`,
/// rounded down; `None` when nobody is there to share them.
pub fn seconds_each(talk_minutes: u32, people: u32) -> Option<u64> {
    (people > 0).then(|| u64::from(talk_minutes) * 60 / u64::from(people))
}

// ---------------------------------------------------------------- 4. trends

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttendancePoint {
    pub held_on: NaiveDate,
    pub members: u32,
    pub visitors: u32,
    pub total: u32,
}

/// Attendance at the latest [`TREND_MEETINGS`] meetings, oldest first.
pub fn attendance_trend(meetings: &[MeetingFacts]) -> Vec<AttendancePoint> {
    tail(meetings, TREND_MEETINGS)
        .iter()
        .map(|m| AttendancePoint { held_on: m.held_on, members: m.present, visitors: m.visitors, total: m.people() })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthFlow {
    pub year: i32,
    pub month: u32,
    pub joiners: u32,
    pub leavers: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Joined,
    Left,
}

/// What one status change means for the membership. A joiner becomes active
/// from an enquiry, the waitlist, no status at all, or after having left (a
/// returning member rejoins); coming back from a break is not joining, but
/// someone whose first status is a break (added or imported as on a break,
/// from the day they joined) was a member, so joined then. A leaver changes
/// to left. Repeating the same status changes nothing.
pub fn flow(from: Option<MemberStatus>, to: MemberStatus) -> Option<Flow> {
    use MemberStatus::*;
    match (from, to) {
        (Some(from), to) if from == to => None,
        (None | Some(Enquiry | Waitlist | Left), Active) => Some(Flow::Joined),
        (None, OnBreak) => Some(Flow::Joined),
        (_, Left) => Some(Flow::Left),
        _ => None,
    }
}

fn month_index(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// Joiners and leavers in each of the `months` months ending with today's
/// month, oldest first. Changes after today are ignored.
pub fn joiners_and_leavers(history: &[StatusEvent], today: NaiveDate, months: u32) -> Vec<MonthFlow> {
    let last = month_index(today);
    let first = last - i64::from(months) + 1;
    let mut flows: Vec<MonthFlow> = (first..=last)
        .map(|i| MonthFlow {
            year: i.div_euclid(12) as i32,
            month: i.rem_euclid(12) as u32 + 1,
            joiners: 0,
            leavers: 0,
        })
        .collect();
    // The previous status of each change needs the member's earlier changes,
    // so the whole history is read, grouped by member in date order.
    let mut ordered: Vec<&StatusEvent> = history.iter().collect();
    ordered.sort_by_key(|e| (e.member, e.on));
    let mut previous: Option<(MemberId, MemberStatus)> = None;
    for event in ordered {
        let from = previous.filter(|(m, _)| *m == event.member).map(|(_, s)| s);
        previous = Some((event.member, event.status));
        let index = month_index(event.on) - first;
        if event.on > today || index < 0 {
            continue;
        }
        let Some(slot) = flows.get_mut(index as usize) else { continue };
        match flow(from, event.status) {
            Some(Flow::Joined) => slot.joiners += 1,
            Some(Flow::Left) => slot.leavers += 1,
            None => {}
        }
    }
    flows
}

/// How often today's active members come: meetings attended over meetings
/// they could have attended, summed over them. `None` before any meeting.
pub fn attendance_rate(members: &[MemberFacts]) -> Option<f64> {
    let (attended, possible) = members
        .iter()
        .filter(|m| m.status == MemberStatus::Active)
        .fold((0u64, 0u64), |(a, p), m| (a + u64::from(m.attended.min(m.possible)), p + u64::from(m.possible)));
    (possible > 0).then(|| attended as f64 / possible as f64)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingRow {
    pub member: MemberId,
    pub name: String,
    pub since: NaiveDate,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waitlist {
    /// Longest wait first; left out of a report to share (see
    /// [`Sharing`]), while `count` stays.
    pub people: Vec<WaitingRow>,
    pub count: usize,
    pub longest_days: Option<u32>,
}

fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days()).unwrap_or(0)
}

pub fn waitlist(waiting: &[Waiting], today: NaiveDate) -> Waitlist {
    let mut people: Vec<WaitingRow> = waiting
        .iter()
        .map(|w| WaitingRow {
            member: w.member,
            name: w.name.clone(),
            since: w.since,
            days: days_between(w.since, today),
        })
        .collect();
    people.sort_by_key(|w| (w.since, w.member));
    let longest_days = people.first().map(|w| w.days);
    Waitlist { count: people.len(), people, longest_days }
}

// ---------------------------------------------------------------- 6. review

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Review {
    pub last_review: Option<NaiveDate>,
    /// The last review, or the group's creation when there was none, plus the
    /// interval. `None` only when that date is past the calendar's end.
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub days_overdue: u32,
}

/// Overdue when the last review plus the interval is before today; a group
/// never reviewed is overdue once it is older than the interval.
pub fn review_status(
    last_review: Option<NaiveDate>,
    interval_days: u32,
    created_on: NaiveDate,
    today: NaiveDate,
) -> Review {
    let due_on = last_review.unwrap_or(created_on).checked_add_days(Days::new(u64::from(interval_days)));
    let overdue = due_on.is_some_and(|due| due < today);
    let days_overdue = due_on.filter(|_| overdue).map_or(0, |due| days_between(due, today));
    Review { last_review, due_on, overdue, days_overdue }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(super) fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    pub(super) fn settings() -> HealthSettings {
        // 90 − 20 = 70 minutes to speak, 7 each: largest 10; smallest 4.
        HealthSettings {
            meeting_minutes: 90,
            opening_closing_minutes: 20,
            min_speaking_minutes: 7,
            smallest: 4,
            review_interval_days: 90,
            last_review: None,
            created_on: day("2025-01-01"),
            purpose: "A place for carers to talk and listen.".into(),
            taking_people: true,
        }
    }

    pub(super) fn meeting(on: &str, present: u32, visitors: u32) -> MeetingFacts {
        MeetingFacts { held_on: day(on), present, visitors, round_run: false, turns: Vec::new(), attendees: Vec::new() }
    }

    /// A weekly meeting `n` weeks after 2025-01-06 with `people` members.
    pub(super) fn weekly(n: u64, people: u32) -> MeetingFacts {
        let held_on = day("2025-01-06").checked_add_days(Days::new(7 * n)).unwrap();
        MeetingFacts {
            held_on,
            present: people,
            visitors: 0,
            round_run: false,
            turns: Vec::new(),
            attendees: Vec::new(),
        }
    }

    pub(super) fn member(id: i64, name: &str, status: MemberStatus) -> MemberFacts {
        MemberFacts { id: MemberId(id), name: name.into(), status, attended: 0, possible: 0, invite_to_speak: false }
    }

    /// A turn: 's' spoke (for `secs`), 'p' passed, '-' silent.
    pub(super) fn turn(id: i64, how: char, secs: u32) -> Turn {
        Turn { member: MemberId(id), seconds: secs, spoke: how == 's', passed: how == 'p' }
    }

    pub(super) fn round(on: &str, turns: Vec<Turn>) -> MeetingFacts {
        MeetingFacts {
            held_on: day(on),
            present: turns.len() as u32,
            visitors: 0,
            round_run: true,
            turns,
            attendees: Vec::new(),
        }
    }

    pub(super) fn range() -> WorkableRange {
        settings().range()
    }

    // 1. expected attendance

    #[test]
    fn median_of_odd_and_even_windows() {
        assert_eq!(median(&mut [5, 7, 6]), Some(6));
        assert_eq!(median(&mut [9, 4, 7, 6]), Some(7)); // (6 + 7) / 2 = 6.5, rounded up
        assert_eq!(median(&mut [6, 8]), Some(7));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn expected_is_the_median_of_the_last_eight_meetings_with_visitors() {
        // People 1..=10: the last eight are 3..=10, middle pair 6 and 7.
        let meetings: Vec<_> = (1..=10).map(|n| weekly(n, n as u32)).collect();
        let e = expected_attendance(&meetings, 20, Some(0.1));
        assert_eq!(e, Expected { people: 7, basis: ExpectedBasis::Median { meetings: 8 } });
        let with_visitors = [meeting("2026-01-05", 3, 2), meeting("2026-01-12", 4, 0), meeting("2026-01-19", 6, 1)];
        assert_eq!(expected_attendance(&with_visitors, 9, None).people, 5);
    }

    #[test]
    fn expected_falls_back_to_the_rate_with_fewer_than_three_meetings() {
        let two = [meeting("2026-01-05", 3, 0), meeting("2026-01-12", 4, 0)];
        let e = expected_attendance(&two, 10, Some(0.75));
        assert_eq!(e.people, 8); // 7.5 rounds to 8
        assert_eq!(e.basis, ExpectedBasis::ActiveTimesRate { rate: 0.75 });
        assert_eq!(expected_attendance(&two, 10, None), Expected { people: 10, basis: ExpectedBasis::ActiveCount });
        assert_eq!(expected_attendance(&two, 10, Some(f64::NAN)).people, 10);
        assert_eq!(expected_attendance(&two, 10, Some(1.7)).people, 10);
        assert_eq!(expected_attendance(&[], 0, None).people, 0);
    }

    #[test]
    fn visitors_only_meetings_count_their_visitors() {
        let meetings: Vec<_> = (0..3).map(|n| MeetingFacts { visitors: 4, ..weekly(n, 0) }).collect();
        let e = expected_attendance(&meetings, 0, None);
        assert_eq!(e.people, 4);
        // No members at all is too small, whoever visits.
        assert_eq!(health_state(range(), 0, e.people), HealthState::TooSmall);
    }

    #[test]
    fn rate_is_that_of_active_members() {
        let mut members = vec![
            MemberFacts { attended: 6, possible: 8, ..member(1, "Ann", MemberStatus::Active) },
            MemberFacts { attended: 3, possible: 4, ..member(2, "Bo", MemberStatus::Active) },
            MemberFacts { attended: 0, possible: 9, ..member(3, "Cy", MemberStatus::Left) },
        ];
        assert_eq!(attendance_rate(&members), Some(0.75)); // 9 of 12
        members.truncate(0);
        assert_eq!(attendance_rate(&members), None);
        assert_eq!(attendance_rate(&[member(1, "Ann", MemberStatus::Active)]), None);
    }

    #[test]
    fn a_visitor_named_at_the_register_is_a_visitor_that_day() {
        use MemberStatus::*;
        let ev = |m, status, on| StatusEvent { member: MemberId(m), status, on: day(on) };
        // 1 a member; 2 named as a visitor on the 12th, joined on the 19th;
        // 3 with no history at all (an old file).
        let history = vec![ev(1, Active, "2026-01-01"), ev(2, Enquiry, "2026-01-12"), ev(2, Active, "2026-01-19")];
        let with = |on, ids: &[i64]| MeetingFacts {
            attendees: ids.iter().map(|i| MemberId(*i)).collect(),
            ..meeting(on, ids.len() as u32, 1)
        };
        let meetings = [with("2026-01-12", &[1, 2, 3]), with("2026-01-19", &[1, 2])];
        let got: Vec<(u32, u32)> =
            with_named_visitors(&meetings, &history).iter().map(|m| (m.present, m.visitors)).collect();
        assert_eq!(got, [(2, 2), (2, 1)]);
    }

    // 2. state

    #[test]
    fn state_combines_active_size_and_expected_attendance() {
        use HealthState::*;
        let r = range(); // 4 to 10
        assert_eq!(health_state(r, 8, 6), Healthy);
        assert_eq!(health_state(r, 4, 4), Healthy);
        assert_eq!(health_state(r, 9, 7), NearTop); // 9 is one below 10
        assert_eq!(health_state(r, 10, 10), NearTop);
        assert_eq!(health_state(r, 8, 9), NearTop);
        assert_eq!(health_state(r, 11, 7), TooBig); // a full night is too many
        assert_eq!(health_state(r, 8, 11), TooBig); // visitors push it over
        assert_eq!(health_state(r, 14, 3), TooBig); // too big wins over too few coming
        assert_eq!(health_state(r, 3, 3), TooSmall);
        assert_eq!(health_state(r, 6, 3), TooSmall); // members enough, but few come
        assert_eq!(health_state(r, 3, 5), TooSmall); // visitors are not members
        assert_eq!(health_state(r, 1, 1), TooSmall); // one member
        assert_eq!(health_state(r, 0, 0), TooSmall); // nobody active
    }

    #[test]
    fn no_speaking_time_makes_anyone_too_many() {
        let r = WorkableRange { smallest: 4, largest: None };
        assert_eq!(health_state(r, 1, 0), HealthState::TooBig);
        assert_eq!(health_state(r, 0, 0), HealthState::TooSmall);
        let tiny = WorkableRange { smallest: 1, largest: Some(1) };
        assert_eq!(health_state(tiny, 1, 1), HealthState::NearTop);
    }

    // 3. time each

    #[test]
    fn time_each_divides_the_talk_time() {
        assert_eq!(settings().talk_minutes(), 70);
        assert_eq!(seconds_each(70, 10), Some(420)); // 7 minutes
        assert_eq!(seconds_each(70, 3), Some(1400)); // 23 minutes 20 seconds
        assert_eq!(seconds_each(70, 0), None);
        assert_eq!(seconds_each(0, 5), Some(0));
        assert_eq!(duration(1400), "23 minutes 20 seconds");
        assert_eq!(duration(60), "1 minute");
        assert_eq!(duration(1), "1 second");
        assert_eq!(duration(0), "no time");
    }

    // 4. trends

    #[test]
    fn attendance_trend_is_the_last_26_oldest_first() {
        let meetings: Vec<_> = (0..30).map(|n| weekly(n, n as u32)).collect();
        let trend = attendance_trend(&meetings);
        assert_eq!(trend.len(), 26);
        assert_eq!(trend[0].total, 4);
        assert_eq!(trend[25].total, 29);
        let mixed = attendance_trend(&[meeting("2026-01-05", 3, 2)]);
        assert_eq!(mixed[0], AttendancePoint { held_on: day("2026-01-05"), members: 3, visitors: 2, total: 5 });
        assert!(attendance_trend(&[]).is_empty());
    }

    #[test]
    fn joiners_and_leavers_by_month() {
        use MemberStatus::*;
        let ev = |m, status, on| StatusEvent { member: MemberId(m), status, on: day(on) };
        let history = vec![
            ev(1, Active, "2026-01-10"), // given before its enquiry: order comes from the dates
            ev(1, Enquiry, "2025-12-01"),
            ev(2, Active, "2024-01-01"),
            ev(2, OnBreak, "2025-06-01"),
            ev(2, Active, "2025-07-01"), // back from a break: not a joiner
            ev(2, Left, "2026-03-01"),
            ev(3, Active, "2025-03-31"), // the month before the window
            ev(4, Waitlist, "2025-04-01"),
            ev(4, Active, "2025-04-01"), // same day, given order kept
            ev(5, Active, "2026-03-20"), // after today
            ev(6, Left, "2025-05-05"),
            ev(6, Active, "2025-08-08"), // came back after leaving
            ev(7, Active, "2025-09-01"),
            ev(7, Active, "2025-09-02"),  // a repeat is no change
            ev(8, OnBreak, "2025-10-10"), // imported on a break: joined that day
            ev(8, Active, "2025-11-01"),  // and back: not a second joining
        ];
        let flows = joiners_and_leavers(&history, day("2026-03-15"), 12);
        assert_eq!(flows.len(), 12);
        assert_eq!((flows[0].year, flows[0].month), (2025, 4));
        assert_eq!((flows[11].year, flows[11].month), (2026, 3));
        let by_month: Vec<(u32, u32)> = flows.iter().map(|f| (f.joiners, f.leavers)).collect();
        assert_eq!(
            by_month,
            vec![(1, 0), (0, 1), (0, 0), (0, 0), (1, 0), (1, 0), (1, 0), (0, 0), (0, 0), (1, 0), (0, 0), (0, 1)]
        );
        assert!(joiners_and_leavers(&[], day("2026-03-15"), 12).iter().all(|f| f.joiners + f.leavers == 0));
        assert!(joiners_and_leavers(&history, day("2026-03-15"), 0).is_empty());
    }

    #[test]
    fn waitlist_longest_wait_first() {
        let w = |m, name: &str, since| Waiting { member: MemberId(m), name: name.into(), since: day(since) };
        let list = waitlist(
            &[w(1, "Ann", "2026-03-01"), w(2, "Bo", "2026-01-01"), w(3, "Cy", "2026-04-01")],
            day("2026-03-15"),
        );
        let rows: Vec<(&str, u32)> = list.people.iter().map(|r| (r.name.as_str(), r.days)).collect();
        assert_eq!(rows, vec![("Bo", 73), ("Ann", 14), ("Cy", 0)]); // 31 + 28 + 14; a future date waits 0
        assert_eq!(list.longest_days, Some(73));
        assert_eq!(waitlist(&[], day("2026-03-15")).longest_days, None);
    }

    // 5. being heard

    fn four_rounds() -> Vec<MeetingFacts> {
        vec![
            // The oldest round: only the last three count, so 4 speaking here is ignored.
            round("2026-01-05", vec![turn(1, '-', 0), turn(4, 's', 300)]),
            round("2026-01-12", vec![turn(1, '-', 0), turn(2, '-', 0), turn(3, '-', 0), turn(4, '-', 0)]),
            // Not a round: no turns, and it does not break the run of rounds.
            meeting("2026-01-19", 5, 0),
            round("2026-01-26", vec![turn(1, '-', 0), turn(2, 'p', 0), turn(4, '-', 0), turn(5, 's', 200)]),
            round("2026-02-02", vec![turn(1, '-', 0), turn(2, '-', 0), turn(3, '-', 0), turn(4, '-', 0)]),
        ]
    }

    #[test]
    fn not_heard_means_silent_at_each_of_the_last_three_rounds() {
        // 1 and 4 were silent at all three; 2 passed once (a pass is a turn);
        // 3 missed the middle round, so cannot be said to be unheard.
        let result = not_heard_lately(&four_rounds(), 3);
        assert_eq!(result, NotHeard { rounds: 3, enough_rounds: true, members: vec![MemberId(1), MemberId(4)] });
    }

    #[test]
    fn recorded_time_counts_as_heard_and_too_few_rounds_name_nobody() {
        let mut meetings = four_rounds();
        meetings[4].turns[0].seconds = 30; // member 1 had time, though the flag was not set
        assert_eq!(not_heard_lately(&meetings, 3).members, vec![MemberId(4)]);
        let two = &four_rounds()[3..];
        assert_eq!(not_heard_lately(two, 3), NotHeard { rounds: 2, enough_rounds: false, members: vec![] });
        assert_eq!(not_heard_lately(&[], 3).rounds, 0);
    }

    #[test]
    fn speaking_time_sums_the_last_rounds() {
        let meetings = vec![
            round("2026-01-05", vec![turn(1, 's', 999)]), // outside the last two rounds
            round("2026-01-12", vec![turn(1, 's', 300), turn(2, 'p', 0)]),
            round("2026-01-19", vec![turn(1, 's', 120), turn(3, 's', 100)]),
        ];
        let times = speaking_time(&meetings, 2);
        let rows: Vec<(i64, u32, u64, u64)> =
            times.iter().map(|t| (t.member.0, t.rounds, t.total_seconds, t.average_seconds)).collect();
        assert_eq!(rows, vec![(1, 2, 420, 210), (2, 1, 0, 0), (3, 1, 100, 100)], "by member, not by minutes");
        assert!(speaking_time(&[], 6).is_empty());
    }

    #[test]
    fn an_invitation_for_who_had_less_than_the_minimum_or_asked() {
        use MemberStatus::*;
        let meetings = vec![
            round("2026-01-12", vec![turn(1, 's', 100), turn(2, 'p', 0), turn(4, 's', 100)]),
            round("2026-01-19", vec![turn(1, 's', 150), turn(3, 's', 900), turn(4, '-', 0)]),
        ];
        let members = vec![
            member(1, "Ann", Active), // 125 s a round, under half of 7 minutes
            member(2, "Bo", Active),  // passed: no time
            MemberFacts { invite_to_speak: true, ..member(3, "Cy", Active) }, // asked, though they spoke
            member(4, "Dee", OnBreak), // short, but away for now
            member(5, "Eli", Active), // at no round: nothing to go by
        ];
        let ids = |v: Vec<MemberId>| v.into_iter().map(|m| m.0).collect::<Vec<_>>();
        assert_eq!(ids(may_like_an_invitation(&members, &meetings, 6, 7)), [1, 2, 3]);
        assert_eq!(ids(may_like_an_invitation(&members, &meetings, 6, 4)), [2, 3]);
        assert_eq!(ids(may_like_an_invitation(&members, &meetings, 6, 0)), [3]);
    }

    // 6. review

    #[test]
    fn review_is_overdue_after_the_interval() {
        let r = review_status(Some(day("2026-01-01")), 30, day("2025-01-01"), day("2026-02-05"));
        assert_eq!((r.due_on, r.overdue, r.days_overdue), (Some(day("2026-01-31")), true, 5));
        let on_the_day = review_status(Some(day("2026-01-01")), 30, day("2025-01-01"), day("2026-01-31"));
        assert!(!on_the_day.overdue);
        // Never reviewed: counted from the group's creation.
        let never = review_status(None, 90, day("2025-12-01"), day("2026-03-15"));
        assert_eq!((never.due_on, never.overdue, never.days_overdue), (Some(day("2026-03-01")), true, 14));
        let young = review_status(None, 90, day("2026-01-01"), day("2026-03-15"));
        assert!(!young.overdue);
        assert_eq!(young.days_overdue, 0);
        let far = review_status(Some(NaiveDate::MAX), 10, day("2025-01-01"), day("2026-01-01"));
        assert_eq!((far.due_on, far.overdue), (None, false));
    }

    // properties

    fn status() -> impl Strategy<Value = MemberStatus> {
        proptest::sample::select(MemberStatus::ALL)
    }

    fn people_count() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..30, any::<u32>()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn median_lies_within_the_window(counts in proptest::collection::vec((people_count(), 0u32..10), 3..40)) {
            let meetings: Vec<_> = counts.iter().enumerate()
                .map(|(i, (p, v))| MeetingFacts { visitors: *v, ..weekly(i as u64, *p) })
                .collect();
            let window: Vec<u32> = tail(&meetings, MEDIAN_WINDOW).iter().map(MeetingFacts::people).collect();
            let e = expected_attendance(&meetings, 5, None).people;
            prop_assert!(*window.iter().min().unwrap() <= e && e <= *window.iter().max().unwrap());
        }

        #[test]
        fn more_people_never_make_the_state_smaller(
            smallest in 0u32..20, largest in proptest::option::of(0u32..30),
            active in 0u32..40, expected in 0u32..40, more_active in 0u32..10, more_expected in 0u32..10,
        ) {
            let r = WorkableRange { smallest, largest };
            let before = health_state(r, active, expected);
            prop_assert!(health_state(r, active + more_active, expected) >= before);
            prop_assert!(health_state(r, active, expected + more_expected) >= before);
            prop_assert!(health_state(r, active + more_active, expected + more_expected) >= before);
        }

        #[test]
        fn time_each_never_exceeds_the_talk_time(talk in any::<u32>(), people in 1u32..=u32::MAX) {
            let each = seconds_each(talk, people).unwrap();
            let total = u64::from(talk) * 60;
            prop_assert!(each * u64::from(people) <= total);
            prop_assert!(total - each * u64::from(people) < u64::from(people));
        }

        #[test]
        fn flows_count_each_change_in_range(
            lives in proptest::collection::vec(proptest::collection::vec((status(), 0u64..1200), 0..6), 0..12),
        ) {
            let start = day("2023-06-01");
            let today = day("2026-02-10");
            let mut history = Vec::new();
            let (mut joins, mut leaves) = (0u32, 0u32);
            let first_day = day("2025-03-01");
            for (m, life) in lives.iter().enumerate() {
                let mut steps: Vec<(MemberStatus, NaiveDate)> =
                    life.iter().map(|(s, d)| (*s, start.checked_add_days(Days::new(*d)).unwrap())).collect();
                steps.sort_by_key(|(_, d)| *d);
                // Same-day changes keep their given order, which reversing below would upset.
                steps.dedup_by_key(|(_, d)| *d);
                let mut from = None;
                for (s, on) in &steps {
                    history.push(StatusEvent { member: MemberId(m as i64), status: *s, on: *on });
                    if (first_day..=today).contains(on) {
                        match flow(from, *s) {
                            Some(Flow::Joined) => joins += 1,
                            Some(Flow::Left) => leaves += 1,
                            None => {}
                        }
                    }
                    from = Some(*s);
                }
            }
            history.reverse(); // the input order must not matter across days
            let flows = joiners_and_leavers(&history, today, 12);
            prop_assert_eq!(flows.iter().map(|f| f.joiners).sum::<u32>(), joins);
            prop_assert_eq!(flows.iter().map(|f| f.leavers).sum::<u32>(), leaves);
        }
    }
}

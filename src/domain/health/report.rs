//! The words of size health: the [`Report`] that gathers every figure, the
//! headline verdict and advice for each state, and the plain-text report.
//! The sentences themselves live in `assets/health.md`, so they can be read
//! and reworded together, away from the code.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::*;
use crate::domain::text::count;
use crate::domain::text::display;

mod text;

pub use text::{DayWriter, IsoDays, report_text, report_text_in};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub member: MemberId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonTime {
    pub name: String,
    #[serde(flatten)]
    pub time: SpeakingTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdviceSection {
    pub title: String,
    pub items: Vec<String>,
}

/// Every figure of size health, for the pane, `circle report --format json`
/// and [`report_text`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub group: String,
    pub today: NaiveDate,
    pub state: HealthState,
    pub verdict: String,
    pub active: u32,
    pub expected: Expected,
    pub smallest: u32,
    /// `None` when the settings leave no speaking time.
    pub largest: Option<u32>,
    pub talk_minutes: u32,
    pub min_speaking_minutes: u32,
    pub seconds_each_at_active: Option<u64>,
    pub seconds_each_at_expected: Option<u64>,
    pub attendance: Vec<AttendancePoint>,
    pub attendance_rate: Option<f64>,
    pub flows: Vec<MonthFlow>,
    pub waitlist: Waitlist,
    pub not_heard_rounds: usize,
    pub not_heard_enough_rounds: bool,
    /// By name; left out of a report to share, while the count stays.
    pub not_heard: Vec<Person>,
    pub not_heard_count: usize,
    /// Who may like an invitation to speak next time, by name (see
    /// [`may_like_an_invitation`]); left out of a report to share.
    pub invite: Vec<Person>,
    pub invite_count: usize,
    pub speaking_rounds: usize,
    /// The time each person had, by name: only when the facilitator asks
    /// for it (`circle report --speaking-times`), never on the pane.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub speaking: Vec<PersonTime>,
    /// Names were left out, for a report to send on.
    pub names_left_out: bool,
    pub review: Review,
    pub advice: Vec<AdviceSection>,
}

/// What a report shows of the people in it. Size health is about the
/// group, and what members share in it is about their mental health: a
/// list of who talked for how long, least first, reads as surveillance and
/// is not for sending anywhere. So the pane and the report name who may
/// like an invitation to speak (by name, never ranked by minutes), the time
/// each person had is only given when the facilitator asks for it, and a
/// report to send to a co-facilitator names nobody at all, only counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sharing {
    pub names: bool,
    pub speaking_times: bool,
}

impl Sharing {
    /// The facilitator's own view: names, without anyone's minutes.
    pub const FACILITATOR: Sharing = Sharing { names: true, speaking_times: false };
    /// With the time each person had, asked for on purpose.
    pub const SPEAKING_TIMES: Sharing = Sharing { names: true, speaking_times: true };
    /// To send on: figures, counts and advice, and no one's name.
    pub const TO_SHARE: Sharing = Sharing { names: false, speaking_times: false };
}

impl Report {
    /// The report with what `sharing` leaves out taken out.
    pub fn shared(mut self, sharing: Sharing) -> Report {
        if !sharing.speaking_times {
            self.speaking.clear();
        }
        if !sharing.names {
            self.not_heard.clear();
            self.invite.clear();
            self.waitlist.people.clear();
            self.speaking.clear();
            self.names_left_out = true;
        }
        self
    }
}

/// Every figure as of `today`, from what the store read for one group.
pub fn build_report(input: &HealthInput, today: NaiveDate) -> Report {
    let settings = &input.settings;
    let held = &with_named_visitors(held_by(&input.meetings, today), &input.history)[..];
    let by_id: HashMap<MemberId, &MemberFacts> = input.members.iter().map(|m| (m.id, m)).collect();
    let status = |id: &MemberId| by_id.get(id).map(|m| m.status);
    let name_of = |id: MemberId| by_id.get(&id).map_or_else(|| format!("member {id}"), |m| m.name.clone());
    let active = input.members.iter().filter(|m| m.status == MemberStatus::Active).count() as u32;
    let rate = attendance_rate(&input.members);
    let expected = expected_attendance(held, active, rate);
    let range = settings.range();
    let state = health_state(range, active, expected.people);
    let review = review_status(settings.last_review, settings.review_interval_days, settings.created_on, today);

    // Only people still coming are worth a facilitator's attention here.
    let not_heard = not_heard_lately(held, NOT_HEARD_ROUNDS);
    let not_heard_people = not_heard
        .members
        .iter()
        .filter(|id| !matches!(status(id), Some(MemberStatus::Left | MemberStatus::OnBreak)))
        .map(|&member| Person { member, name: name_of(member) })
        .collect();
    let by_name = |people: &mut Vec<Person>| people.sort_by_key(|p| (p.name.to_lowercase(), p.member));
    let mut not_heard_people: Vec<Person> = not_heard_people;
    by_name(&mut not_heard_people);
    let mut invite: Vec<Person> =
        may_like_an_invitation(&input.members, held, SPEAKING_ROUNDS, settings.min_speaking_minutes)
            .into_iter()
            .map(|member| Person { member, name: name_of(member) })
            .collect();
    by_name(&mut invite);
    let mut speaking: Vec<PersonTime> = speaking_time(held, SPEAKING_ROUNDS)
        .into_iter()
        .filter(|t| status(&t.member) != Some(MemberStatus::Left))
        .map(|time| PersonTime { name: name_of(time.member), time })
        .collect();
    speaking.sort_by_key(|p| (p.name.to_lowercase(), p.time.member));
    let speaking_rounds = held.iter().rev().filter(|m| m.round_run).take(SPEAKING_ROUNDS).count();

    Report {
        group: input.group.clone(),
        today,
        state,
        verdict: verdict(state, settings, active, expected.people),
        active,
        expected,
        smallest: range.smallest,
        largest: range.largest,
        talk_minutes: settings.talk_minutes(),
        min_speaking_minutes: settings.min_speaking_minutes,
        seconds_each_at_active: seconds_each(settings.talk_minutes(), active),
        seconds_each_at_expected: seconds_each(settings.talk_minutes(), expected.people),
        attendance: attendance_trend(held),
        attendance_rate: rate,
        flows: joiners_and_leavers(&input.history, today, TREND_MONTHS),
        waitlist: waitlist(&input.waiting, today),
        not_heard_rounds: not_heard.rounds,
        not_heard_enough_rounds: not_heard.enough_rounds,
        not_heard_count: not_heard_people.len(),
        not_heard: not_heard_people,
        invite_count: invite.len(),
        invite,
        speaking_rounds,
        speaking,
        names_left_out: false,
        review,
        advice: {
            let mut sections = advice(state, settings, &input.channels, &review);
            if let Some(room) = room_advice(settings, active, &input.waiting, &input.enquiries, today) {
                sections.insert(0, room);
            }
            sections
        },
    }
}

// ------------------------------------------------------------------ words

/// The verdicts and advice, written as plain prose in one file so they can be
/// read and reworded together.
const WORDS: &str = include_str!("../../../assets/health.md");

/// The text under `## key`, its lines joined by spaces.
fn words(key: &str) -> String {
    let mut lines = WORDS.lines().skip_while(|l| l.strip_prefix("## ").map(str::trim) != Some(key));
    lines.next();
    lines.take_while(|l| !l.starts_with("## ")).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Fills `{name}` holes in one pass, so braces inside the values (a purpose
/// statement might contain some) are never filled in turn.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after.find('}').map(|close| &after[..close]);
        match hole.and_then(|h| values.iter().find(|(k, _)| *k == h)) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &after[key.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn say(key: &str, values: &[(&str, &str)]) -> String {
    fill(&words(key), values)
}

/// Typed text made safe for any reader: no control characters and, for
/// screen readers, no box-drawing characters.
fn plain(text: &str) -> String {
    display(text.trim()).chars().map(|c| if ('\u{2500}'..='\u{257F}').contains(&c) { '-' } else { c }).collect()
}

fn people(n: u32) -> String {
    if n == 0 { "no one".into() } else { count(n.into(), "person", "people") }
}

fn active_phrase(n: u32) -> String {
    if n == 0 { "no active members".into() } else { count(n.into(), "active member", "active members") }
}

fn expected_phrase(n: u32) -> String {
    if n == 0 { "no one".into() } else { format!("about {}", people(n)) }
}

fn minutes(n: u32) -> String {
    count(n.into(), "minute", "minutes")
}

/// "7 minutes 30 seconds", "1 minute", "45 seconds".
pub fn duration(seconds: u64) -> String {
    match (seconds / 60, seconds % 60) {
        (0, 0) => "no time".into(),
        (0, s) => count(s, "second", "seconds"),
        (m, 0) => count(m, "minute", "minutes"),
        (m, s) => format!("{} {}", count(m, "minute", "minutes"), count(s, "second", "seconds")),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The headline sentence for a state.
pub fn verdict(state: HealthState, settings: &HealthSettings, active: u32, expected: u32) -> String {
    let range = settings.range();
    let largest = range.largest.map(|l| l.to_string()).unwrap_or_default();
    let values = [
        ("active", active_phrase(active)),
        ("expected", expected_phrase(expected)),
        ("smallest", range.smallest.to_string()),
        ("largest", largest),
        ("largest_people", range.largest.map(people).unwrap_or_default()),
        ("min_each", minutes(settings.min_speaking_minutes)),
        ("meeting", minutes(settings.meeting_minutes)),
        ("opening", minutes(settings.opening_closing_minutes)),
    ];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let key = match (range.largest, state) {
        (None, _) => "verdict.no_time",
        (_, HealthState::TooSmall) => "verdict.too_small",
        (_, HealthState::Healthy) => "verdict.healthy",
        (_, HealthState::NearTop) => "verdict.near_top",
        (_, HealthState::TooBig) => "verdict.too_big",
    };
    say(key, &values)
}

fn channel_item(channel: &Channel) -> String {
    let kind = channel.kind.label();
    let name = plain(&channel.name);
    let label = if name.is_empty() { capitalised(kind) } else { format!("{} “{name}”", capitalised(kind)) };
    let notes = plain(&channel.notes);
    let notes = if notes.is_empty() { String::new() } else { format!(" Notes: {notes}") };
    let (key, date) = match channel.status {
        ChannelStatus::Planned => ("promotion.planned", channel.planned_on.map(|d| format!(" for {d}"))),
        ChannelStatus::Tried => ("promotion.tried", channel.tried_on.map(|d| format!(" on {d}"))),
    };
    let date = date.unwrap_or_default();
    say(key, &[("channel", &label), ("date", &date), ("notes", &notes)])
}

/// The promotion checklist: the purpose statement first, then each channel
/// recorded, then the usual channels not yet recorded, then members.
fn promotion(purpose: &str, channels: &[Channel]) -> Vec<String> {
    let purpose = plain(purpose);
    let mut items = vec![if purpose.is_empty() {
        say("promotion.no_purpose", &[])
    } else {
        say("promotion.purpose", &[("purpose", &purpose)])
    }];
    items.extend(channels.iter().map(channel_item));
    for kind in [ChannelKind::SocialMedia, ChannelKind::Website, ChannelKind::Radio, ChannelKind::Partner] {
        if !channels.iter().any(|c| c.kind == kind) {
            items.push(say(&format!("promotion.kind.{}", kind.code()), &[]));
        }
    }
    items.push(say("promotion.members", &[]));
    items
}

/// The advice that fits the state, the settings and the review.
pub fn advice(
    state: HealthState,
    settings: &HealthSettings,
    channels: &[Channel],
    review: &Review,
) -> Vec<AdviceSection> {
    let section = |title: &str, items: Vec<String>| AdviceSection { title: words(title), items };
    let range = settings.range();
    let mut sections = Vec::new();
    match range.largest {
        None => sections.push(section("title.settings", vec![say("settings.no_time", &[])])),
        Some(largest) if range.smallest > largest => {
            let (smallest, largest) = (range.smallest.to_string(), largest.to_string());
            let item = say("settings.empty_range", &[("smallest", &smallest), ("largest", &largest)]);
            sections.push(section("title.settings", vec![item]));
        }
        Some(_) => {}
    }
    match state {
        // With no speaking time the settings, not the size, are the problem.
        _ if range.largest.is_none() => {}
        HealthState::TooSmall => sections.push(section("title.too_small", promotion(&settings.purpose, channels))),
        HealthState::Healthy => {}
        HealthState::NearTop => {
            let talk = minutes(settings.talk_minutes());
            let items = vec![say("near_top.no_slack", &[("talk", &talk)]), say("near_top.waitlist", &[])];
            sections.push(section("title.near_top", items));
        }
        HealthState::TooBig => {
            let items = ["big.close", "big.waitlist", "big.split"].iter().map(|k| say(k, &[])).collect();
            sections.push(section("title.too_big", items));
        }
    }
    if review.overdue {
        let first = match review.last_review {
            Some(_) => say("review.overdue", &[("days", &count(review.days_overdue.into(), "day", "days"))]),
            None => say("review.never", &[]),
        };
        sections.push(section("title.review", vec![first, say("review.after", &[])]));
    }
    sections
}

/// When an open group has room and someone is waiting for a place, or an
/// enquiry may not have been answered, that comes before any other advice:
/// it is a person, not a figure. Counts only, so a report to share names
/// nobody; the waitlist itself says who.
pub fn room_advice(
    settings: &HealthSettings,
    active: u32,
    waiting: &[Waiting],
    enquiries: &[Waiting],
    today: NaiveDate,
) -> Option<AdviceSection> {
    let room = settings.range().largest?.checked_sub(active).filter(|r| *r > 0)?;
    if !settings.taking_people {
        return None;
    }
    let mut items = Vec::new();
    let list = waitlist(waiting, today);
    if let Some(longest) = list.longest_days {
        let waiting = count(list.count as u64, "person is", "people are");
        let (room, longest) = (count(room.into(), "more person", "more people"), count(longest.into(), "day", "days"));
        items.push(say("room.waitlist", &[("waiting", &waiting), ("longest", &longest), ("room", &room)]));
    }
    let unanswered = waitlist(enquiries, today).people.iter().filter(|e| e.days > ENQUIRY_DAYS).count() as u32;
    if unanswered > 0 {
        let (enquiries, days) = (people(unanswered), ENQUIRY_DAYS.to_string());
        items.push(say("room.enquiries", &[("enquiries", &enquiries), ("days", &days)]));
    }
    (!items.is_empty()).then(|| AdviceSection { title: words("title.room"), items })
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::*;
    use proptest::prelude::*;

    fn input() -> HealthInput {
        let names = ["Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida"];
        let members = names
            .iter()
            .enumerate()
            .map(|(i, n)| MemberFacts { attended: 3, possible: 4, ..member(i as i64 + 1, n, MemberStatus::Active) })
            .collect();
        let mut meetings: Vec<MeetingFacts> = (0..10).map(|n| weekly(n, 7)).collect();
        meetings.push(round("2025-03-24", vec![turn(1, '-', 0), turn(2, 's', 400), turn(3, 'p', 0)]));
        meetings.push(round("2025-03-31", vec![turn(1, '-', 0), turn(2, 's', 500), turn(3, 's', 60)]));
        meetings.push(round("2025-04-07", vec![turn(1, '-', 0), turn(2, 's', 450)]));
        HealthInput {
            group: "Carers' circle".into(),
            settings: settings(),
            members,
            meetings,
            history: vec![StatusEvent { member: MemberId(9), status: MemberStatus::Active, on: day("2025-04-01") }],
            waiting: vec![Waiting { member: MemberId(20), name: "Jo".into(), since: day("2025-03-01") }],
            enquiries: Vec::new(),
            channels: Vec::new(),
        }
    }

    #[test]
    fn a_healthy_group_report() {
        let report = build_report(&input(), day("2025-04-10"));
        assert_eq!(report.active, 9);
        assert_eq!(report.expected.people, 7); // the last eight meetings: 7, 7, 7, 7, 7, 3, 3, 2 → 7
        assert_eq!(report.state, HealthState::NearTop); // 9 active, one below the largest of 10
        assert_eq!(report.seconds_each_at_active, Some(466)); // 4200 / 9
        assert_eq!(report.seconds_each_at_expected, Some(600));
        assert_eq!(report.not_heard, vec![Person { member: MemberId(1), name: "Ann".into() }]);
        assert_eq!(report.speaking[0].name, "Ann");
        assert_eq!(report.flows.last().map(|f| f.joiners), Some(1));
        assert!(report.verdict.contains("9 active members"), "{}", report.verdict);
        assert!(report.verdict.contains("about 7 people"), "{}", report.verdict);
        // Room for one more while Jo waits (first), nearly full, and the
        // review (never held, the group over 90 days old).
        assert_eq!(report.advice.len(), 3);
        assert_eq!(report.advice[0].title, words("title.room"));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["state"], "near_top");
        assert_eq!(json["expected"]["basis"], "median");
        let text = report_text(&report);
        for label in [
            "Active members: 9.",
            "Expected attendance: 7 people",
            "Workable range: 4 to 10 people. The largest gives every one of the 70 minutes",
            "Jo:",
        ] {
            assert!(text.contains(label), "{label} missing from:\n{text}");
        }
        assert!(text.contains("did not speak or pass in any of them: Ann."), "{text}");
        for line in [
            "2025-04-07: 2 people.",
            "From 2024-05 to 2025-04: 1 joined and 0 left.",
            "2025-04: 1 joined, 0 left.",
            "Ann: no speaking time in 3 rounds.",
            "Cy: 1 minute over 2 rounds, about 30 seconds a round.",
            "1. At the top of the range, every one of the 70 minutes",
            "2. New people who ask to join can go on the waitlist",
        ] {
            assert!(text.lines().any(|l| l.starts_with(line)), "{line} missing from:\n{text}");
        }
        assert!(!text.contains("2025-03: 0 joined"), "months without change are left out");
    }

    #[test]
    fn the_report_names_who_may_like_an_invitation_and_leaves_minutes_out_unless_asked() {
        let report = build_report(&input(), day("2025-04-10"));
        // Ann never spoke; Cy averaged 30 seconds; Bo had 7 minutes or more each time.
        let names: Vec<&str> = report.invite.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ann", "Cy"]);

        let text = report_text(&report.clone().shared(Sharing::FACILITATOR));
        assert!(text.contains("Ann, Cy: much less than the group's minimum time"), "{text}");
        assert!(!text.contains("a round") && !text.contains("no speaking time"), "no one's minutes: {text}");
        let json = serde_json::to_value(report.clone().shared(Sharing::FACILITATOR)).unwrap();
        assert!(json.get("speaking").is_none(), "{json}");

        let asked = report_text(&report.clone().shared(Sharing::SPEAKING_TIMES));
        assert!(asked.contains("Time each person had in the last 3 rounds, by name"), "{asked}");
        let order: Vec<&str> = asked
            .lines()
            .skip_while(|l| !l.ends_with("by name"))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .filter_map(|l| l.split(':').next())
            .collect();
        assert_eq!(order, ["Ann", "Bo", "Cy"], "by name, not by minutes: {asked}");

        let shared = report.shared(Sharing::TO_SHARE);
        let text = report_text(&shared);
        let json = serde_json::to_string(&shared).unwrap();
        let words = |t: &str| t.split(|c: char| !c.is_alphabetic()).map(str::to_string).collect::<Vec<_>>();
        for name in ["Ann", "Bo", "Cy", "Jo"] {
            assert!(!words(&text).contains(&name.to_string()), "{name} named in a report to share:\n{text}");
            assert!(!words(&json).contains(&name.to_string()), "{name} in the JSON: {json}");
        }
        assert!(text.contains("1 person waiting (names left out)."), "{text}");
        assert!(text.contains("2 people (names left out): much less than"), "{text}");
        assert!(text.contains("did not speak or pass in any of them: 1 person (names left out)."), "{text}");
    }

    #[test]
    fn someone_waiting_in_a_group_with_room_comes_first() {
        // Healthy, open, room for 4 more; Jo has waited 31 days.
        let mut data = input();
        data.members.truncate(6);
        data.waiting = vec![Waiting { member: MemberId(20), name: "Jo".into(), since: day("2025-03-10") }];
        data.enquiries = vec![
            Waiting { member: MemberId(21), name: "Kit".into(), since: day("2025-03-20") },
            Waiting { member: MemberId(22), name: "Lu".into(), since: day("2025-04-08") }, // two days: not yet
        ];
        let report = build_report(&data, day("2025-04-10"));
        assert_eq!(report.state, HealthState::Healthy);
        let first = &report.advice[0];
        assert_eq!(first.title, words("title.room"));
        assert!(first.items[0].contains("1 person is on the waitlist, the longest for 31 days"), "{:?}", first.items);
        assert!(first.items[0].contains("room for 4 more people."), "{:?}", first.items);
        assert!(first.items[1].starts_with("1 person enquired more than 7 days ago"), "{:?}", first.items);
        assert!(!first.items.concat().contains("Jo") && !first.items.concat().contains("Kit"), "counts, not names");

        // A closed group keeps its membership; a full one has no room.
        data.settings.taking_people = false;
        assert!(build_report(&data, day("2025-04-10")).advice.iter().all(|a| a.title != words("title.room")));
        let mut full = input();
        full.members.extend((30..32).map(|i| member(i, "More", MemberStatus::Active)));
        assert!(build_report(&full, day("2025-04-10")).advice.iter().all(|a| a.title != words("title.room")));
    }

    #[test]
    fn verdicts_and_advice_fit_each_state() {
        let s = settings();
        let no_review = Review { last_review: None, due_on: None, overdue: false, days_overdue: 0 };
        for state in [HealthState::TooSmall, HealthState::Healthy, HealthState::NearTop, HealthState::TooBig] {
            let v = verdict(state, &s, 5, 5);
            assert!(!v.is_empty() && !v.contains('{'), "{state:?}: {v}");
        }
        assert!(verdict(HealthState::Healthy, &s, 5, 5).contains("4 to 10 people"));
        assert!(advice(HealthState::Healthy, &s, &[], &no_review).is_empty());

        let big = advice(HealthState::TooBig, &s, &[], &no_review);
        assert_eq!(big.len(), 1);
        assert_eq!(big[0].items.len(), 3);
        assert!(big[0].items[0].starts_with("Close the membership"));
        assert!(big[0].items[1].starts_with("Use the waitlist"));
        assert!(big[0].items[2].starts_with("Split into two groups"));

        let channels = vec![
            Channel {
                id: crate::domain::ChannelId(1),
                group: crate::domain::GroupId(1),
                kind: ChannelKind::Radio,
                name: "Valley FM".into(),
                status: ChannelStatus::Tried,
                planned_on: None,
                tried_on: Some(day("2025-02-01")),
                notes: "Two enquiries\u{1b}[2J".into(),
            },
            Channel {
                id: crate::domain::ChannelId(1),
                group: crate::domain::GroupId(1),
                kind: ChannelKind::Website,
                name: String::new(),
                status: ChannelStatus::Planned,
                planned_on: Some(day("2025-05-01")),
                tried_on: None,
                notes: String::new(),
            },
        ];
        let small = advice(HealthState::TooSmall, &s, &channels, &no_review);
        let items = &small[0].items;
        assert!(items[0].contains("“A place for carers to talk and listen.”"), "{}", items[0]);
        assert!(items[1].starts_with("Local radio “Valley FM” was tried on 2025-02-01."), "{}", items[1]);
        assert!(items[1].contains("Notes: Two enquiries\u{FFFD}[2J"), "{}", items[1]);
        assert!(items[2].starts_with("Website is planned for 2025-05-01."), "{}", items[2]);
        // Social media and partners are suggested as they are not yet recorded; radio and website are.
        assert_eq!(items.len(), 6);
        assert!(items[3].starts_with("Social media:") && items[4].starts_with("Partner networks:"));
        let no_purpose = HealthSettings { purpose: "  ".into(), ..settings() };
        let small = advice(HealthState::TooSmall, &no_purpose, &[], &no_review);
        assert!(small[0].items[0].starts_with("Write a few sentences"));

        let overdue = Review { last_review: Some(day("2025-01-01")), due_on: None, overdue: true, days_overdue: 12 };
        let sections = advice(HealthState::Healthy, &s, &[], &overdue);
        assert_eq!(sections.len(), 1);
        assert!(sections[0].items[0].contains("12 days overdue"));
    }

    #[test]
    fn settings_without_speaking_time_get_their_own_verdict() {
        let s = HealthSettings { meeting_minutes: 20, opening_closing_minutes: 30, ..settings() };
        let mut data = input();
        data.settings = s.clone();
        let report = build_report(&data, day("2025-04-10"));
        assert_eq!(report.largest, None);
        assert_eq!(report.state, HealthState::TooBig);
        assert!(report.verdict.contains("no time for anyone to speak"), "{}", report.verdict);
        assert_eq!(report.advice[0].items, vec![words("settings.no_time")]);
        assert!(!report.advice.iter().any(|a| a.title == words("title.too_big")));
        assert_eq!(report.seconds_each_at_active, Some(0));
        let empty = HealthSettings { smallest: 12, ..settings() };
        let sections =
            advice(HealthState::TooSmall, &empty, &[], &review_status(None, 90, day("2025-01-01"), day("2025-01-02")));
        assert!(sections[0].items[0].contains("(12)") && sections[0].items[0].contains("(10)"));
    }

    #[test]
    fn an_empty_group_gives_sensible_figures() {
        let data = HealthInput {
            group: "New".into(),
            settings: settings(),
            members: Vec::new(),
            meetings: Vec::new(),
            history: Vec::new(),
            waiting: Vec::new(),
            enquiries: Vec::new(),
            channels: Vec::new(),
        };
        let report = build_report(&data, day("2025-01-02"));
        assert_eq!((report.active, report.expected.people), (0, 0));
        assert_eq!(report.state, HealthState::TooSmall);
        assert_eq!((report.seconds_each_at_active, report.attendance_rate), (None, None));
        assert!(report.verdict.contains("no active members"), "{}", report.verdict);
        let text = report_text(&report);
        assert!(text.contains("No meetings recorded yet."));
        assert!(text.contains("this looks at the last 3 rounds, and none has been run yet."), "{text}");
        assert!(text.contains("Time each at today's active size: not applicable"));

        let mut one = data.clone();
        one.members.push(member(1, "Solo", MemberStatus::Active));
        let report = build_report(&one, day("2025-01-02"));
        assert_eq!((report.active, report.expected.people, report.seconds_each_at_active), (1, 1, Some(4200)));
        assert!(report.verdict.contains("1 active member,"), "{}", report.verdict);
    }

    #[test]
    fn thousands_of_meetings_only_the_latest_matter() {
        let mut data = input();
        data.meetings = (0..5000).map(|n| weekly(n, if n < 4990 { 40 } else { 6 })).collect();
        let last = data.meetings.last().unwrap().held_on;
        data.meetings.push(MeetingFacts { held_on: last.succ_opt().unwrap(), ..weekly(0, 99) }); // after "today"
        let report = build_report(&data, last);
        assert_eq!(report.expected.people, 6);
        assert_eq!(report.attendance.len(), 26);
        assert_eq!(report.attendance.last().unwrap().held_on, last);
        assert_eq!(report.not_heard_rounds, 0);
    }

    /// Every key the code looks up in [`WORDS`], checked in both directions.
    const KEYS: &[&str] = &[
        "verdict.too_small",
        "verdict.healthy",
        "verdict.near_top",
        "verdict.too_big",
        "verdict.no_time",
        "title.too_small",
        "promotion.purpose",
        "promotion.no_purpose",
        "promotion.planned",
        "promotion.tried",
        "promotion.kind.social_media",
        "promotion.kind.website",
        "promotion.kind.radio",
        "promotion.kind.partner",
        "promotion.members",
        "title.too_big",
        "big.close",
        "big.waitlist",
        "big.split",
        "title.near_top",
        "near_top.waitlist",
        "near_top.no_slack",
        "title.review",
        "review.overdue",
        "review.never",
        "review.after",
        "title.settings",
        "settings.no_time",
        "settings.empty_range",
        "title.room",
        "room.waitlist",
        "room.enquiries",
    ];

    #[test]
    fn every_text_exists_and_every_text_is_used() {
        for key in KEYS {
            assert!(!words(key).is_empty(), "no text for {key}");
        }
        for heading in WORDS.lines().filter_map(|l| l.strip_prefix("## ")) {
            assert!(KEYS.contains(&heading.trim()), "{heading} is not used");
        }
        assert_eq!(fill("{a} and {b} {c", &[("a", "{b}"), ("b", "2")]), "{b} and 2 {c");
        assert_eq!(plain("a─b\tc"), "a-b c");
    }

    fn hostile() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), r"[\x{2500}-\x{257F}\x00-\x1f\x7f-\x9fa-z {}]{0,12}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn report_text_is_plain(
            group in hostile(), names in proptest::collection::vec(hostile(), 0..6), purpose in hostile(),
            channel in hostile(), sizes in proptest::collection::vec(0u32..15, 0..12),
            meeting_minutes in 0u32..200, min_speaking in 0u32..20, smallest in 0u32..15,
        ) {
            let members: Vec<MemberFacts> = names.iter().enumerate()
                .map(|(i, n)| MemberFacts { attended: 1, possible: 2, ..member(i as i64, n, MemberStatus::Active) })
                .collect();
            let meetings = sizes.iter().enumerate().map(|(i, p)| MeetingFacts {
                round_run: true,
                turns: members.iter().map(|m| turn(m.id.0, '-', 0)).collect(),
                ..weekly(i as u64, *p)
            }).collect();
            let data = HealthInput {
                group,
                settings: HealthSettings {
                    meeting_minutes,
                    min_speaking_minutes: min_speaking,
                    smallest,
                    purpose,
                    ..settings()
                },
                waiting: names.iter().map(|n| Waiting { member: MemberId(99), name: n.clone(), since: day("2025-01-01") }).collect(),
                members,
                meetings,
                enquiries: Vec::new(),
                history: Vec::new(),
                channels: vec![Channel {
                id: crate::domain::ChannelId(1),
                group: crate::domain::GroupId(1),
                    kind: ChannelKind::Other, name: channel.clone(), status: ChannelStatus::Tried,
                    planned_on: None, tried_on: None, notes: channel,
                }],
            };
            let text = report_text(&build_report(&data, day("2025-06-01")));
            for c in text.chars() {
                prop_assert!(!('\u{2500}'..='\u{257F}').contains(&c), "box drawing {:?}", c);
                prop_assert!(c == '\n' || !c.is_control(), "control {:?}", c);
            }
        }
    }
}

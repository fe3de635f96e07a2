//! The references inside a file, checked before anything is written: every
//! id once, and every member, card or group named where it belongs. The
//! database's own constraints would catch most of this too, but in words no
//! facilitator should have to read.

use std::collections::HashSet;
use std::hash::Hash;

use super::format::{FileActivity, FileGroup, Transfer};
use crate::domain::group::SETTING_RANGES;
use crate::domain::meeting::check_minutes;
use crate::domain::round::RoundRecord;
use crate::domain::text::{self, display};
use crate::domain::{CardId, MemberId};

type Checked = Result<(), String>;

/// Adds `item` to `seen`, or says what is there twice.
fn once<T: Eq + Hash>(seen: &mut HashSet<T>, item: T, twice: impl FnOnce() -> String) -> Checked {
    if seen.insert(item) { Ok(()) } else { Err(twice()) }
}

/// Ids are unique in the whole database, so in the whole file.
#[derive(Default)]
struct Ids {
    groups: HashSet<i64>,
    members: HashSet<i64>,
    meetings: HashSet<i64>,
    agreements: HashSet<i64>,
    channels: HashSet<i64>,
    activities: HashSet<i64>,
    cards: HashSet<i64>,
}

fn twice(what: &str, id: i64) -> impl FnOnce() -> String {
    move || format!("{what} id {id} appears more than once in the file")
}

pub(super) fn check(t: &Transfer) -> Checked {
    let mut ids = Ids::default();
    let mut names = HashSet::new();
    for g in &t.groups {
        once(&mut ids.groups, g.id.0, twice("group", g.id.0))?;
        once(&mut names, g.name.trim(), || format!("two groups are called “{}”", display(&g.name)))?;
    }
    for g in &t.groups {
        check_group(g, &mut ids)?;
    }
    Ok(())
}

fn check_group(g: &FileGroup, ids: &mut Ids) -> Checked {
    let at = format!("group “{}”", display(&g.name));
    text::name(&g.name).map_err(|e| format!("group {}: {e}", g.id))?;
    check_numbers(g, &at)?;
    match g.successor {
        Some(s) if s == g.id => return Err(format!("{at} names itself as its successor")),
        Some(s) if !ids.groups.contains(&s.0) => {
            return Err(format!("{at} names group {s} as its successor, which is not in this file"));
        }
        _ => {}
    }
    let mut people = HashSet::new();
    for m in &g.members {
        once(&mut ids.members, m.id.0, twice("member", m.id.0))?;
        text::name(&m.name).map_err(|e| format!("{at}, member {}: {e}", m.id))?;
        people.insert(m.id);
    }
    let person = |id: MemberId, what: &str| -> Checked {
        if people.contains(&id) {
            Ok(())
        } else {
            Err(format!("{at}: {what} names member {id}, who is not among the group's members in this file"))
        }
    };
    for m in &g.meetings {
        once(&mut ids.meetings, m.id.0, twice("meeting", m.id.0))?;
        let mut present = HashSet::new();
        for a in &m.attendance {
            person(a.member, &format!("the attendance of the meeting on {}", m.held_on))?;
            once(&mut present, a.member, || format!("{at}: member {} is present twice on {}", a.member, m.held_on))?;
        }
        if let Some(round) = &m.round_in_progress {
            let what = format!("the round in progress on {}", m.held_on);
            let record: RoundRecord = serde_json::from_value(round.record.clone())
                .map_err(|e| format!("{at}: {what} could not be read ({e})"))?;
            for seat in &record.seats {
                person(seat.speaker.member, &what)?;
            }
        }
    }
    let mut versions = HashSet::new();
    for v in &g.agreement.versions {
        once(&mut ids.agreements, v.id.0, twice("agreement", v.id.0))?;
        once(&mut versions, v.version, || format!("{at} has two agreement versions numbered {}", v.version))?;
        let mut signed = HashSet::new();
        for s in &v.signups {
            person(s.member, &format!("a sign-up to agreement version {}", v.version))?;
            once(&mut signed, s.member, || {
                format!("{at}: member {} signed agreement version {} twice", s.member, v.version)
            })?;
        }
    }
    for c in &g.promotion {
        once(&mut ids.channels, c.id.0, twice("promotion channel", c.id.0))?;
    }
    for a in &g.endings {
        once(&mut ids.activities, a.id.0, twice("endings activity", a.id.0))?;
        check_activity(a, &format!("{at}, the endings activity of {}", a.held_on), &mut ids.cards, &person)?;
    }
    Ok(())
}

fn check_activity(
    a: &FileActivity,
    at: &str,
    card_ids: &mut HashSet<i64>,
    person: &dyn Fn(MemberId, &str) -> Checked,
) -> Checked {
    let mut taking_part = HashSet::new();
    for p in &a.participants {
        person(*p, "the endings activity's participants")?;
        once(&mut taking_part, *p, || format!("{at}: member {p} takes part twice"))?;
    }
    let (mut cards, mut numbers, mut authors) = (HashSet::<CardId>::new(), HashSet::new(), HashSet::new());
    for c in &a.cards {
        once(card_ids, c.id.0, twice("card", c.id.0))?;
        person(c.author, &format!("card {}", c.number))?;
        once(&mut numbers, c.number, || format!("{at}: two cards are numbered {}", c.number))?;
        once(&mut authors, c.author, || format!("{at}: member {} wrote two cards", c.author))?;
        cards.insert(c.id);
    }
    let (mut positions, mut dealt) = (HashSet::new(), HashSet::new());
    for e in &a.deal {
        once(&mut positions, e.position, || format!("{at}: two readings are at position {}", e.position))?;
        if !cards.contains(&e.card) {
            return Err(format!("{at}: the deal names card {}, which is not among this activity's cards", e.card));
        }
        once(&mut dealt, e.card, || format!("{at}: card {} is dealt twice", e.card))?;
        match e.reader {
            Some(reader) => person(reader, "the deal")?,
            None if e.read_at.is_none() => {
                return Err(format!("{at}: the reading at position {} has no reader and was not read", e.position));
            }
            None => {}
        }
    }
    let mut seated = HashSet::new();
    for s in &a.rooms {
        person(s.member, "the breakout rooms")?;
        once(&mut seated, s.member, || format!("{at}: member {} is in two breakout rooms", s.member))?;
    }
    for [x, y] in &a.pairs {
        person(*x, "the earlier pairs")?;
        person(*y, "the earlier pairs")?;
        if x == y {
            return Err(format!("{at}: an earlier pair names member {x} twice"));
        }
    }
    Ok(())
}

/// The numbers the database keeps within limits (its CHECK constraints),
/// checked here so that a file outside them is refused in words rather
/// than in SQLite's.
fn check_numbers(g: &FileGroup, at: &str) -> Checked {
    let numbers =
        [g.meeting_minutes, g.opening_closing_minutes, g.min_speaking_minutes, g.min_size, g.review_interval_days];
    for ((_, label, range), n) in SETTING_RANGES.into_iter().zip(numbers) {
        if !range.contains(&n) {
            let (label, from, to) = (label.to_lowercase(), range.start(), range.end());
            return Err(format!("{at}: {label} is a whole number from {from} to {to}, not {n}"));
        }
    }
    for m in &g.meetings {
        check_minutes(m.minutes).map_err(|e| format!("{at}, the meeting on {}: {e}, not {}", m.held_on, m.minutes))?;
    }
    if g.agreement.versions.iter().any(|v| v.version == 0) {
        return Err(format!("{at}: agreement versions are numbered from 1, and one is numbered 0"));
    }
    for a in &g.endings {
        let at = format!("{at}, the endings activity of {}", a.held_on);
        if a.cards.iter().any(|c| c.number == 0) {
            return Err(format!("{at}: cards are numbered from 1, and one is numbered 0"));
        }
        if a.rooms.iter().any(|s| s.room == 0) {
            return Err(format!("{at}: breakout rooms are numbered from 1, and one is numbered 0"));
        }
        let mut pairs = HashSet::new();
        for [x, y] in &a.pairs {
            once(&mut pairs, ((*x).min(*y), (*x).max(*y)), || {
                format!("{at}: the same earlier pair appears twice (members {x} and {y})")
            })?;
        }
    }
    Ok(())
}

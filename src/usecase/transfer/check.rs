//! A file checked whole before anything is written: every name by the rule
//! for names given now, every text within its limit (the same rules the
//! forms and linear mode meet), and the references inside it: every id
//! once, and every member, card or group named where it belongs. The
//! database's own constraints would catch some of this too, but in words
//! no facilitator should have to read.

use std::collections::HashSet;
use std::hash::Hash;

use super::format::{FileActivity, FileGroup, FileMember, Transfer};
use crate::domain::agreement::{MAX_AGREEMENT_BYTES, MAX_CHANGE_NOTE_CHARS};
use crate::domain::group::SETTING_RANGES;
use crate::domain::meeting::check_minutes;
use crate::domain::round::{MAX_RECORD_BYTES, RoundRecord};
use crate::domain::text::{self, MAX_NOTE_CHARS, MAX_STAMP_CHARS, TextError, display, within};
use crate::domain::{CardId, GroupSettings, MemberFields, MemberId};

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

/// A name in the file, by the rule for every name given now. An older
/// circle may have stored one this one refuses, so the refusal says how to
/// bring the file over.
fn name(raw: &str, whose: &str) -> Checked {
    text::new_name(raw)
        .map(drop)
        .map_err(|e| format!("{e}; rename {whose} in the circle the file came from and export again"))
}

/// A time stamp circle wrote: short, whatever the file says.
fn stamp(raw: &str) -> Result<(), TextError> {
    within("a time", raw, MAX_STAMP_CHARS)
}

/// An agreement's text, within the size any agreement can have.
fn agreement_body(body: &str) -> Checked {
    if body.len() > MAX_AGREEMENT_BYTES {
        return Err(format!(
            "an agreement can be at most {} KB (this one is {} KB)",
            MAX_AGREEMENT_BYTES / 1024,
            text::grouped(body.len().div_ceil(1024))
        ));
    }
    Ok(())
}

pub(super) fn check(t: &Transfer) -> Checked {
    let mut ids = Ids::default();
    // Names first: the messages below name groups by them.
    for g in &t.groups {
        name(&g.name, "it").map_err(|e| format!("group {}: {e}", g.id))?;
    }
    let mut names = std::collections::HashMap::new();
    for g in &t.groups {
        once(&mut ids.groups, g.id.0, twice("group", g.id.0))?;
        // Groups are found by name without case or accents, so no two
        // names may differ by those alone.
        if let Some(other) = names.insert(text::fold(g.name.trim()), g.name.trim()) {
            return Err(if other == g.name.trim() {
                format!("two groups are called “{}”", display(other))
            } else {
                format!(
                    "two groups are called “{}” and “{}”, names that differ only by case or accents",
                    display(other),
                    display(&g.name)
                )
            });
        }
    }
    for g in &t.groups {
        check_group(g, &mut ids)?;
    }
    Ok(())
}

fn check_group(g: &FileGroup, ids: &mut Ids) -> Checked {
    let at = format!("group “{}”", display(&g.name));
    let words = GroupSettings {
        focus: g.focus.clone(),
        entry_criteria: g.entry_criteria.clone(),
        purpose: g.purpose.clone(),
        ..GroupSettings::default()
    };
    words.words_checked().map_err(|(_, e)| format!("{at}: {e}"))?;
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
        check_member(m).map_err(|e| format!("{at}, member {}{e}", m.id))?;
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
        text::limited("notes", &m.notes, MAX_NOTE_CHARS)
            .map_err(|e| format!("{at}, the meeting on {}: {e}", m.held_on))?;
        let mut present = HashSet::new();
        for a in &m.attendance {
            person(a.member, &format!("the attendance of the meeting on {}", m.held_on))?;
            once(&mut present, a.member, || format!("{at}: member {} is present twice on {}", a.member, m.held_on))?;
        }
        if let Some(round) = &m.round_in_progress {
            let what = format!("the round in progress on {}", m.held_on);
            stamp(&round.updated_at).map_err(|e| format!("{at}: {what}: {e}"))?;
            if round.record.to_string().len() > MAX_RECORD_BYTES {
                return Err(format!(
                    "{at}: {what} is larger than a round can be ({} KB at most)",
                    text::grouped(MAX_RECORD_BYTES / 1024)
                ));
            }
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
        let version = format!("{at}, agreement version {}", v.version);
        agreement_body(&v.body).map_err(|e| format!("{version}: {e}"))?;
        within("the change note", &v.change_note, MAX_CHANGE_NOTE_CHARS).map_err(|e| format!("{version}: {e}"))?;
        once(&mut versions, v.version, || format!("{at} has two agreement versions numbered {}", v.version))?;
        let mut signed = HashSet::new();
        for s in &v.signups {
            person(s.member, &format!("a sign-up to agreement version {}", v.version))?;
            once(&mut signed, s.member, || {
                format!("{at}: member {} signed agreement version {} twice", s.member, v.version)
            })?;
        }
    }
    if let Some(draft) = &g.agreement.draft {
        let what = format!("{at}, the agreement's draft");
        agreement_body(&draft.body).map_err(|e| format!("{what}: {e}"))?;
        stamp(&draft.updated_at).map_err(|e| format!("{what}: {e}"))?;
    }
    for c in &g.promotion {
        once(&mut ids.channels, c.id.0, twice("promotion channel", c.id.0))?;
        let channel = format!("{at}, promotion channel {}", c.id);
        name(&c.name, "it").map_err(|e| format!("{channel}: {e}"))?;
        text::limited("notes", &c.notes, MAX_NOTE_CHARS).map_err(|e| format!("{channel}: {e}"))?;
    }
    for a in &g.endings {
        once(&mut ids.activities, a.id.0, twice("endings activity", a.id.0))?;
        check_activity(a, &format!("{at}, the endings activity of {}", a.held_on), &mut ids.cards, &person)?;
    }
    Ok(())
}

/// A member's name and details, by the rules a form keeps; the error
/// starts where it is (", the change on …") or with ": ".
fn check_member(m: &FileMember) -> Checked {
    name(&m.name, "them").map_err(|e| format!(": {e}"))?;
    let fields = MemberFields {
        name: m.name.clone(),
        pronouns: m.pronouns.clone(),
        contact: m.contact.clone(),
        joined: m.joined,
        role: m.role,
        access_needs: m.access_needs.clone(),
        invite_to_speak: m.invite_to_speak,
        notes: m.notes.clone(),
    };
    fields.validated().map_err(|(_, e)| format!(": {e}"))?;
    for h in &m.history {
        crate::usecase::membership::status_reason(&h.reason)
            .map_err(|e| format!(", the change on {}: {e}", h.changed_on))?;
    }
    Ok(())
}

fn check_activity(
    a: &FileActivity,
    at: &str,
    card_ids: &mut HashSet<i64>,
    person: &dyn Fn(MemberId, &str) -> Checked,
) -> Checked {
    stamp(&a.created_at).map_err(|e| format!("{at}: {e}"))?;
    if let Some(notice) = &a.notice {
        within("the notice", notice, MAX_NOTE_CHARS).map_err(|e| format!("{at}: {e}"))?;
    }
    let mut taking_part = HashSet::new();
    for p in &a.participants {
        person(*p, "the endings activity's participants")?;
        once(&mut taking_part, *p, || format!("{at}: member {p} takes part twice"))?;
    }
    let (mut cards, mut numbers, mut authors) = (HashSet::<CardId>::new(), HashSet::new(), HashSet::new());
    for c in &a.cards {
        once(card_ids, c.id.0, twice("card", c.id.0))?;
        person(c.author, &format!("card {}", c.number))?;
        if let Some(text) = &c.text {
            within("a card", text, MAX_NOTE_CHARS).map_err(|e| format!("{at}, card {}: {e}", c.number))?;
        }
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
        if let Some(read_at) = &e.read_at {
            stamp(read_at).map_err(|err| format!("{at}, the reading at position {}: {err}", e.position))?;
        }
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

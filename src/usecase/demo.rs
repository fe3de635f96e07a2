//! The sample group behind `--demo`, built from `assets/demo.json` with dates
//! relative to today so it always looks current. Deterministic: the same day
//! gives the same database.
//!
//! A privileged part of the use cases: it writes the store directly, since
//! its history is made up (members who joined months ago, meetings held
//! every week since, a deal already read) and no use case writes the past.

use chrono::{Duration, NaiveDate};
use serde::Deserialize;

use crate::domain::{
    ActivityStage, Attendance, CardStyle, ChannelKind, ChannelStatus, DealEntry, EndingMode, GroupSettings,
    GroupStatus, MeetingMode, MemberFields, MemberStatus, NewActivity, NewChannel, NewGroup, NewMeeting, Openness,
    Role,
};
use crate::usecase::store::{Result, Store};

const DEMO: &str = include_str!("../../assets/demo.json");
const WEEKS_OF_MEETINGS: i64 = 26;

#[derive(Deserialize)]
struct Demo {
    group: DemoGroup,
    members: Vec<DemoMember>,
    agreements: Vec<DemoAgreement>,
    signed_first: Vec<String>,
    signed_second: Vec<String>,
    channels: Vec<DemoChannel>,
    predecessor: Predecessor,
}

#[derive(Deserialize)]
struct DemoGroup {
    name: String,
    focus: String,
    entry_criteria: String,
    openness: Openness,
    status: GroupStatus,
    meeting_minutes: u32,
    opening_closing_minutes: u32,
    min_speaking_minutes: u32,
    min_size: u32,
    review_interval_days: u32,
    last_review_weeks_ago: i64,
    purpose: String,
}

#[derive(Deserialize)]
struct DemoMember {
    name: String,
    #[serde(default)]
    pronouns: String,
    status: MemberStatus,
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    joined_weeks_ago: Option<i64>,
    #[serde(default)]
    attendance: f64,
    #[serde(default)]
    status_weeks_ago: Option<i64>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    access_needs: String,
    #[serde(default)]
    invite_to_speak: bool,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    notes: String,
}

#[derive(Deserialize)]
struct DemoAgreement {
    weeks_ago: i64,
    change_note: String,
    body: String,
}

#[derive(Deserialize)]
struct DemoChannel {
    kind: ChannelKind,
    name: String,
    status: ChannelStatus,
    weeks_ago: i64,
    #[serde(default)]
    notes: String,
}

#[derive(Deserialize)]
struct Predecessor {
    name: String,
    focus: String,
    ended_weeks_ago: i64,
    members: Vec<String>,
    cards: Vec<String>,
}

/// A small deterministic generator (SplitMix64): the demo needs variety, not
/// statistical quality, and must not change when a crate's generator does.
fn chance(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn weeks_before(day: NaiveDate, weeks: i64) -> NaiveDate {
    day - Duration::weeks(weeks)
}

impl super::Circle {
    /// Fills a new, empty database with the sample group.
    pub fn fill_demo(&mut self, today: NaiveDate) -> super::Result<()> {
        Ok(fill(&mut self.store, today)?)
    }

    /// Writes the large made-up database of `circle demo` (200 groups, one
    /// of 5,000 members) into a new, empty one, the same for the same seed.
    pub fn fill_large_demo(&mut self, seed: u64) -> super::Result<()> {
        Ok(self.store.fill_large(seed)?)
    }
}

/// Fills an empty store with the sample group.
pub fn fill(store: &mut Store, today: NaiveDate) -> Result<()> {
    let demo: Demo = serde_json::from_str(DEMO)
        .map_err(|e| crate::usecase::store::StoreError::Invalid(format!("demo data: {e}")))?;
    store.relax_durability_for_bulk_load()?;

    let predecessor = add_predecessor(store, &demo.predecessor, today)?;

    let g = &demo.group;
    let group = store.create_group(
        &NewGroup { name: g.name.clone(), focus: g.focus.clone(), openness: g.openness },
        weeks_before(today, 31),
    )?;
    store.update_group_settings(
        group.id,
        &GroupSettings {
            focus: g.focus.clone(),
            entry_criteria: g.entry_criteria.clone(),
            openness: g.openness,
            status: g.status,
            successor: None,
            meeting_minutes: g.meeting_minutes,
            opening_closing_minutes: g.opening_closing_minutes,
            min_speaking_minutes: g.min_speaking_minutes,
            min_size: g.min_size,
            review_interval_days: g.review_interval_days,
            last_review: Some(weeks_before(today, g.last_review_weeks_ago)),
            purpose: g.purpose.clone(),
        },
    )?;
    let mut old = store.group(predecessor)?.settings;
    old.successor = Some(group.id);
    store.update_group_settings(predecessor, &old)?;

    let mut members = Vec::new();
    for m in &demo.members {
        let joined = m.joined_weeks_ago.map(|w| weeks_before(today, w));
        let fields = MemberFields {
            name: m.name.clone(),
            pronouns: m.pronouns.clone(),
            contact: m.contact.clone(),
            joined,
            role: m.role.unwrap_or(Role::Member),
            access_needs: m.access_needs.clone(),
            invite_to_speak: m.invite_to_speak,
            notes: m.notes.clone(),
        };
        let changed = m.status_weeks_ago.map(|w| weeks_before(today, w));
        let start = match m.status {
            MemberStatus::Active | MemberStatus::OnBreak | MemberStatus::Left => MemberStatus::Active,
            other => other,
        };
        let member = store.add_member(group.id, &fields, start, joined.or(changed).unwrap_or(today))?;
        if let (Some(on), true) = (changed, m.status != start) {
            store.change_status(member.id, m.status, on, &m.reason)?;
        }
        members.push((member.id, m, joined, changed));
    }

    // Weekly meetings, the last one a week ago, with rounds in the last two months.
    for week in (1..=WEEKS_OF_MEETINGS).rev() {
        let held_on = weeks_before(today, week);
        let mode = if week % 5 == 0 { MeetingMode::Hybrid } else { MeetingMode::InPerson };
        let meeting = store.create_meeting(group.id, &NewMeeting { held_on, mode, minutes: g.meeting_minutes })?;
        let mut order = 0;
        for (i, (id, m, joined, changed)) in members.iter().enumerate() {
            let member_yet = joined.is_some_and(|j| j <= held_on);
            let still_there = match m.status {
                MemberStatus::Left | MemberStatus::OnBreak => changed.is_none_or(|c| held_on < c),
                _ => true,
            };
            let here = member_yet && still_there && chance((week as u64) << 8 | i as u64) < m.attendance;
            if !here {
                continue;
            }
            if week <= 8 {
                order += 1;
                let passed = chance((week as u64) << 16 | i as u64) < 0.1;
                let seconds = if passed { 0 } else { 240 + (chance((week as u64) << 24 | i as u64) * 360.0) as u32 };
                store.record_turn(&Attendance {
                    meeting: meeting.id,
                    member: *id,
                    speaking_seconds: Some(seconds),
                    spoke: Some(!passed),
                    passed: Some(passed),
                    turn_order: Some(order),
                })?;
            } else {
                store.set_present(meeting.id, *id, true)?;
            }
        }
    }

    let mut versions = Vec::new();
    for a in &demo.agreements {
        versions.push(store.adopt_agreement(group.id, &a.body, &a.change_note, weeks_before(today, a.weeks_ago))?);
    }
    for (names, version) in [(&demo.signed_first, versions.first()), (&demo.signed_second, versions.get(1))] {
        let Some(version) = version else { continue };
        for name in names {
            if let Some((id, ..)) = members.iter().find(|(_, m, ..)| &m.name == name) {
                store.sign_agreement(*id, version.id, version.adopted_on)?;
            }
        }
    }
    for c in &demo.channels {
        let day = weeks_before(today, c.weeks_ago);
        let (planned_on, tried_on) = match c.status {
            ChannelStatus::Planned => (Some(day), None),
            ChannelStatus::Tried => (None, Some(day)),
        };
        store.add_channel(
            group.id,
            &NewChannel {
                kind: c.kind,
                name: c.name.clone(),
                status: c.status,
                planned_on,
                tried_on,
                notes: c.notes.clone(),
            },
        )?;
    }
    store.restore_durability()?;
    Ok(())
}

/// The group that came before, closed with a finished endings activity.
fn add_predecessor(store: &mut Store, p: &Predecessor, today: NaiveDate) -> Result<crate::domain::GroupId> {
    let ended = weeks_before(today, p.ended_weeks_ago);
    let group = store.create_group(
        &NewGroup { name: p.name.clone(), focus: p.focus.clone(), openness: Openness::Closed },
        weeks_before(today, 60),
    )?;
    let mut settings = group.settings.clone();
    settings.status = GroupStatus::Closed;
    store.update_group_settings(group.id, &settings)?;
    let mut ids = Vec::new();
    for name in &p.members {
        let m = store.add_member(
            group.id,
            &MemberFields { joined: Some(weeks_before(today, 60)), ..MemberFields::named(name) },
            MemberStatus::Active,
            weeks_before(today, 60),
        )?;
        store.change_status(m.id, MemberStatus::Left, ended, "The group closed")?;
        ids.push(m.id);
    }
    let activity = store.create_activity(
        group.id,
        &NewActivity {
            held_on: ended,
            mode: EndingMode::FaceToFace,
            card_style: CardStyle::Typed,
            chain: true,
            participants: ids.clone(),
        },
    )?;
    let mut cards = Vec::new();
    for (id, text) in ids.iter().zip(&p.cards) {
        cards.push(store.save_card(activity.id, *id, text, true)?);
    }
    // A chain: each person reads the card of the next, so the one whose card
    // was just read reads next.
    let entries: Vec<DealEntry> = (0..ids.len())
        .map(|i| DealEntry {
            position: i as u32,
            reader: Some(ids[i]),
            card: cards[(i + 1) % cards.len()].id,
            room: None,
            read_at: Some(format!("{ended}T19:30:00Z")),
        })
        .collect();
    store.store_deal(activity.id, 2025, &entries, &[])?;
    store.lock_deal(activity.id, &[])?;
    store.set_stage(activity.id, ActivityStage::Finished)?;
    Ok(group.id)
}

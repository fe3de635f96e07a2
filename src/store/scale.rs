//! A large, deterministic database for benchmarks (`circle demo --scale
//! large`): 200 groups, one of them a stress group of 5,000 members with
//! 1,000 meetings and 250,000 attendance rows (a third of the meetings with
//! rounds), 50 agreement versions with sign-ups and a 60-card endings
//! activity; the others of typical size, with two to five years of weekly
//! meetings. The same seed always gives the same data; dates end on a fixed
//! day, not today, so the file does not change from one day to the next.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rusqlite::params;

use super::{Result, Store};
use crate::domain::deal::rng_from_seed;
use crate::domain::sample::below;

/// The size of a generated data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub groups: u32,
    pub stress_members: usize,
    pub stress_meetings: usize,
    /// People at each of the stress group's meetings.
    pub per_meeting: usize,
}

/// The last day of the generated history.
pub const SCALE_END: (i32, u32, u32) = (2026, 11, 26);

const FIRST_NAMES: [&str; 24] = [
    "Ada", "Bo", "Cyrus", "Dara", "Eli", "Fen", "Gita", "Hal", "Ines", "Jun", "Kofi", "Lena", "Mo", "Nia", "Oren",
    "Pia", "Quinn", "Rosa", "Sami", "Tove", "Uma", "Vik", "Wren", "Yara",
];

impl Store {
    /// Fills an empty database with the large data set, in one transaction.
    pub fn fill_large(&mut self, seed: u64) -> Result<()> {
        self.fill_scaled(seed, Scale { groups: 200, stress_members: 5000, stress_meetings: 1000, per_meeting: 250 })
    }

    /// The same shape at any size (the tests use a small one).
    pub fn fill_scaled(&mut self, seed: u64, scale: Scale) -> Result<()> {
        let end = NaiveDate::from_ymd_opt(SCALE_END.0, SCALE_END.1, SCALE_END.2).unwrap_or_default();
        let mut rng = rng_from_seed(seed);
        self.relax_durability_for_bulk_load()?;
        self.pause_member_stats()?;
        let result = self.write(|tx| {
            let mut add_group = tx.prepare(
                "INSERT INTO groups (name, focus, openness, status, created_on, meeting_minutes, opening_closing_minutes,
                                     min_speaking_minutes, min_size, purpose)
                 VALUES (?1, ?2, 'open', 'active', ?3, ?4, 20, ?5, 4, ?6)",
            )?;
            let mut add_member = tx.prepare(
                "INSERT INTO members (group_id, name, pronouns, joined, status, status_since, role, invite_to_speak,
                                      name_folded)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4, 'member', ?6, ?7)",
            )?;
            let mut add_history =
                tx.prepare("INSERT INTO member_status_history (member_id, status, changed_on) VALUES (?1, ?2, ?3)")?;
            let mut add_meeting = tx.prepare(
                "INSERT INTO meetings (group_id, held_on, mode, minutes, round_run) VALUES (?1, ?2, 'in_person', ?3, ?4)",
            )?;
            let mut add_attendance = tx.prepare(
                "INSERT INTO attendance (meeting_id, member_id, speaking_seconds, spoke, passed, turn_order)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for g in 0..scale.groups {
                let stress = g == 0;
                let (members, meetings) = if stress {
                    (scale.stress_members, scale.stress_meetings)
                } else {
                    (10 + below(&mut rng, 31), 104 + below(&mut rng, 157))
                };
                let name = if stress { "Stress Circle".to_string() } else { format!("Circle {g:03}") };
                let start = end - Days::new(7 * meetings as u64);
                add_group.execute(params![
                    name,
                    "People who want to talk things through with others who understand",
                    start,
                    if stress { 600 } else { 90 },
                    if stress { 1 } else { 5 },
                    "A calm, confidential space to share and to listen.",
                ])?;
                let group = tx.last_insert_rowid();
                let mut ids = Vec::with_capacity(members);
                for i in 0..members {
                    let first = FIRST_NAMES[below(&mut rng, FIRST_NAMES.len())];
                    let name = format!("{first} {g:03}-{i:04}");
                    // Everyone in the stress group joined at its start, so
                    // each of its meetings has its full attendance.
                    let joined = if stress { start } else { start + Days::new(below(&mut rng, 7 * meetings / 2 + 1) as u64) };
                    let status = match below(&mut rng, 20) {
                        0 => "left",
                        1 => "on_break",
                        2 => "waitlist",
                        _ => "active",
                    };
                    let pronouns = ["she/her", "he/him", "they/them", ""][below(&mut rng, 4)];
                    let folded = crate::domain::text::fold(&name);
                    add_member.execute(params![group, name, pronouns, joined, status, below(&mut rng, 6) == 0, folded])?;
                    let id = tx.last_insert_rowid();
                    add_history.execute(params![id, status, joined])?;
                    ids.push((id, joined));
                }
                // The stress group's meetings each have 250 people (250,000
                // rows in all); typical groups about two thirds of members.
                for week in 0..meetings {
                    let held_on = start + Days::new(7 * week as u64 + 7);
                    let round = week % 3 == 0;
                    add_meeting.execute(params![group, held_on, if stress { 600 } else { 90 }, round])?;
                    let meeting = tx.last_insert_rowid();
                    let wanted = if stress { scale.per_meeting } else { ids.len() * 2 / 3 };
                    let offset = if stress { (week * 37) % ids.len() } else { 0 };
                    let mut turn = 0u32;
                    for k in 0..ids.len() {
                        if turn as usize >= wanted {
                            break;
                        }
                        let (id, joined) = ids[(offset + k) % ids.len()];
                        if joined > held_on || (!stress && rng.next_u32().is_multiple_of(3)) {
                            continue;
                        }
                        turn += 1;
                        let (seconds, spoke, passed) = if round {
                            let passed = below(&mut rng, 8) == 0;
                            (Some(if passed { 0 } else { 60 + below(&mut rng, 400) as u32 }), Some(!passed), Some(passed))
                        } else {
                            (None, None, None)
                        };
                        add_attendance.execute(params![meeting, id, seconds, spoke, passed, round.then_some(turn)])?;
                    }
                }
                if stress {
                    fill_stress_extras(tx, group, &ids, end, &mut rng)?;
                }
            }
            Ok(())
        });
        result?;
        self.rebuild_member_stats()?;
        self.restore_durability()?;
        Ok(())
    }
}

/// The stress group's 50 agreement versions with sign-ups, and a 60-card
/// endings activity in the middle of its reading.
fn fill_stress_extras(
    tx: &rusqlite::Connection,
    group: i64,
    ids: &[(i64, NaiveDate)],
    end: NaiveDate,
    rng: &mut crate::domain::deal::DealRng,
) -> Result<()> {
    for v in 1..=50u32 {
        let adopted = end - Days::new(u64::from(51 - v) * 60);
        let body = format!(
            "## Why we meet\nTo listen and be heard (version {v}).\n\n## How we relate to each other\nWith patience and care.\n"
        );
        tx.execute(
            "INSERT INTO agreement_versions (group_id, version, adopted_on, body, change_note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![group, v, adopted, body, format!("Review {v}")],
        )?;
        let agreement = tx.last_insert_rowid();
        // Each version is agreed by a slice of the members.
        for (id, _) in ids.iter().skip((v as usize * 97) % 1000).step_by(10).take(200) {
            tx.execute(
                "INSERT OR IGNORE INTO signups (member_id, agreement_id, signed_on) VALUES (?1, ?2, ?3)",
                params![id, agreement, adopted],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO endings_activities (group_id, held_on, mode, card_style, stage, seed, locked, position, created_at)
         VALUES (?1, ?2, 'face_to_face', 'typed', 'reading', 7, 1, 10, '2026-11-26T18:00:00Z')",
        params![group, end],
    )?;
    let activity = tx.last_insert_rowid();
    let people: Vec<i64> = ids.iter().take(60).map(|(id, _)| *id).collect();
    let mut cards = Vec::new();
    for (n, id) in people.iter().enumerate() {
        tx.execute(
            "INSERT INTO activity_participants (activity_id, member_id) VALUES (?1, ?2)",
            params![activity, id],
        )?;
        tx.execute(
            "INSERT INTO cards (activity_id, author_id, number, text, sealed) VALUES (?1, ?2, ?3, ?4, 1)",
            params![activity, id, n as i64 + 1, format!("The evening we all laughed, card {}", n + 1)],
        )?;
        cards.push(tx.last_insert_rowid());
    }
    // A derangement by rotation: nobody reads their own card.
    let shift = 1 + below(rng, people.len() - 1);
    for (position, card) in cards.iter().enumerate() {
        let reader = people[(position + shift) % people.len()];
        let read_at = (position < 10).then_some("2026-11-26T18:10:00Z");
        tx.execute(
            "INSERT INTO deal_entries (activity_id, position, reader_id, card_id, read_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![activity, position as i64, reader, card, read_at],
        )?;
    }
    Ok(())
}

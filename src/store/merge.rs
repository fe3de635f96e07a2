//! Two records of one person made one: every row that names the record
//! that goes is moved to the one that stays, in one transaction, and the
//! id that went is remembered (`member_merges`) so that forgetting the
//! person reaches backups made while the two were apart.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::domain::text::{self, MAX_NOTE_CHARS};
use crate::domain::{GroupId, Member, MemberId};

/// How a merged row of attendance is made from two rows of one meeting:
/// the person was there once; speaking times add up, they spoke if either
/// turn was spoken, passed only if neither was, and their place in the
/// order is the earlier one (the rule rounds already follow when one
/// meeting has two rounds). `k` is the row kept, `d` the other.
const COMBINE_TURNS: &str = "UPDATE attendance AS k SET
        speaking_seconds = CASE WHEN k.speaking_seconds IS NULL AND d.speaking_seconds IS NULL THEN NULL
                                ELSE coalesce(k.speaking_seconds, 0) + coalesce(d.speaking_seconds, 0) END,
        spoke = CASE WHEN k.spoke IS NULL AND d.spoke IS NULL THEN NULL
                     ELSE (coalesce(k.spoke, 0) OR coalesce(d.spoke, 0)) END,
        passed = CASE WHEN k.passed IS NULL AND d.passed IS NULL THEN NULL
                      ELSE ((coalesce(k.passed, 0) OR coalesce(d.passed, 0))
                            AND NOT (coalesce(k.spoke, 0) OR coalesce(d.spoke, 0))) END,
        turn_order = CASE WHEN k.turn_order IS NULL THEN d.turn_order
                          WHEN d.turn_order IS NULL THEN k.turn_order
                          ELSE min(k.turn_order, d.turn_order) END
      FROM attendance AS d
     WHERE k.member_id = ?1 AND d.member_id = ?2 AND d.meeting_id = k.meeting_id";

impl Store {
    /// The day of an endings activity both took part in (as participants,
    /// authors, readers or in a room), if there is one: a person cannot be
    /// two writers of cards in one activity, nor read their own card.
    pub fn shared_activity(&self, a: MemberId, b: MemberId) -> Result<Option<NaiveDate>> {
        let in_activity = "SELECT activity_id FROM activity_participants WHERE member_id = ?{n}
             UNION SELECT activity_id FROM cards WHERE author_id = ?{n}
             UNION SELECT activity_id FROM deal_entries WHERE reader_id = ?{n}
             UNION SELECT activity_id FROM breakout_rooms WHERE member_id = ?{n}";
        let sql = format!(
            "SELECT min(held_on) FROM endings_activities WHERE id IN ({}) AND id IN ({})",
            in_activity.replace("{n}", "1"),
            in_activity.replace("{n}", "2")
        );
        Ok(self.conn.query_row(&sql, params![a.0, b.0], |r| r.get(0))?)
    }

    /// The day of a meeting whose speaking round, still under way, has a
    /// seat for one of these people, if there is one.
    pub fn round_under_way_with(&self, group: GroupId, people: &[MemberId]) -> Result<Option<NaiveDate>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.held_on, r.record FROM rounds_in_progress r JOIN meetings m ON m.id = r.meeting_id
              WHERE m.group_id = ?1 ORDER BY m.held_on",
        )?;
        let rounds = stmt
            .query_map([group.0], |r| Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (held_on, json) in rounds {
            let record: crate::domain::round::RoundRecord = serde_json::from_str(&json)
                .map_err(|e| StoreError::Invalid(format!("the saved round could not be read ({e})")))?;
            if record.seats.iter().any(|s| people.contains(&s.speaker.member)) {
                return Ok(Some(held_on));
            }
        }
        Ok(None)
    }

    /// How many meetings someone came to, and the first and last of them.
    pub fn meetings_attended(&self, member: MemberId) -> Result<(u32, Option<NaiveDate>, Option<NaiveDate>)> {
        Ok(self.conn.prepare_cached(
            "SELECT count(*), min(m.held_on), max(m.held_on) FROM attendance a JOIN meetings m ON m.id = a.meeting_id
              WHERE a.member_id = ?1",
        )?
        .query_row([member.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
    }

    /// How many meetings both came to.
    pub fn meetings_both_attended(&self, a: MemberId, b: MemberId) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM attendance x JOIN attendance y ON y.meeting_id = x.meeting_id
              WHERE x.member_id = ?1 AND y.member_id = ?2",
            params![a.0, b.0],
            |r| r.get(0),
        )?)
    }

    /// The ids of the records merged into this member over time.
    pub fn merged_into(&self, member: MemberId) -> Result<Vec<MemberId>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT merged_id FROM member_merges WHERE member_id = ?1 ORDER BY merged_id")?;
        let rows = stmt.query_map([member.0], |r| Ok(MemberId(r.get(0)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Makes `gone` part of `person.id`: every row naming `gone` is moved
    /// to them (a meeting both came to keeps one row, with both turns; a
    /// version both agreed to keeps the earlier day), `gone` is deleted,
    /// and the kept record takes `person`'s details and status. The caller
    /// checks they are of one group and never in one endings activity.
    pub fn merge_members(&mut self, person: &Member, gone: MemberId, on: NaiveDate) -> Result<()> {
        let f =
            person.fields.validated().map_err(|(field, message)| StoreError::Invalid(format!("{field}: {message}")))?;
        text::limited("notes", &f.notes, MAX_NOTE_CHARS).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let (kept, gone, group) = (person.id.0, gone.0, person.group.0);
        self.write(|tx| {
            tx.execute(COMBINE_TURNS, params![kept, gone])?;
            // Moved as new rows rather than renamed in place, so the figures
            // kept for each member follow the rows as they do any other.
            tx.execute(
                "INSERT INTO attendance (meeting_id, member_id, speaking_seconds, spoke, passed, turn_order)
                 SELECT meeting_id, ?1, speaking_seconds, spoke, passed, turn_order FROM attendance d
                  WHERE d.member_id = ?2
                    AND NOT EXISTS (SELECT 1 FROM attendance k WHERE k.member_id = ?1 AND k.meeting_id = d.meeting_id)",
                params![kept, gone],
            )?;
            tx.execute("DELETE FROM attendance WHERE member_id = ?1", [gone])?;
            tx.execute(
                "INSERT INTO signups (member_id, agreement_id, signed_on)
                 SELECT ?1, agreement_id, signed_on FROM signups WHERE member_id = ?2 AND true
                 ON CONFLICT (member_id, agreement_id) DO UPDATE SET signed_on = min(signed_on, excluded.signed_on)",
                params![kept, gone],
            )?;
            tx.execute("DELETE FROM signups WHERE member_id = ?1", [gone])?;
            for sql in [
                "UPDATE member_status_history SET member_id = ?1 WHERE member_id = ?2",
                "UPDATE activity_participants SET member_id = ?1 WHERE member_id = ?2",
                "UPDATE cards SET author_id = ?1 WHERE author_id = ?2",
                "UPDATE deal_entries SET reader_id = ?1 WHERE reader_id = ?2",
                "UPDATE breakout_rooms SET member_id = ?1 WHERE member_id = ?2",
                // A pair is kept in order, the lower id first.
                "UPDATE pairing_history
                    SET member_a = CASE WHEN member_a = ?2 THEN min(?1, member_b) ELSE min(?1, member_a) END,
                        member_b = CASE WHEN member_a = ?2 THEN max(?1, member_b) ELSE max(?1, member_a) END
                  WHERE ?2 IN (member_a, member_b)",
                "UPDATE member_merges SET member_id = ?1 WHERE member_id = ?2",
            ] {
                tx.execute(sql, params![kept, gone])?;
            }
            tx.execute(
                "INSERT INTO member_merges (merged_id, member_id, group_id, merged_on) VALUES (?1, ?2, ?3, ?4)",
                params![gone, kept, group, on],
            )?;
            if tx.execute("DELETE FROM members WHERE id = ?1 AND group_id = ?2", params![gone, group])? == 0 {
                return Err(StoreError::NotFound("member"));
            }
            let n = tx.execute(
                "UPDATE members SET name = ?2, pronouns = ?3, contact = ?4, joined = ?5, role = ?6, access_needs = ?7,
                        invite_to_speak = ?8, notes = ?9, status = ?10, status_since = ?11
                  WHERE id = ?1 AND group_id = ?12",
                params![
                    kept,
                    f.name,
                    f.pronouns,
                    f.contact,
                    f.joined,
                    f.role,
                    f.access_needs,
                    f.invite_to_speak,
                    f.notes,
                    person.status,
                    person.status_since,
                    group
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("member"));
            }
            tx.execute("UPDATE members SET name_folded = ?2 WHERE id = ?1", params![kept, text::fold(&f.name)])?;
            Ok(())
        })
    }
}

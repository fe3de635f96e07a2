//! Speaking rounds: the round in progress at a meeting, kept as its record
//! (start times, not counters), and finished rounds added to attendance.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};
use chrono::NaiveDate;

use crate::domain::round::{RoundRecord, Totals};
use crate::domain::{GroupId, MeetingId};

impl Store {
    pub fn round_in_progress(&self, meeting: MeetingId) -> Result<Option<RoundRecord>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT record FROM rounds_in_progress WHERE meeting_id = ?1", [meeting.0], |r| r.get(0))
            .optional()?;
        match json {
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| StoreError::Invalid(format!("the saved round could not be read ({e})"))),
            None => Ok(None),
        }
    }

    /// The day of the latest meeting of a group with a round not yet ended.
    pub fn running_round_day(&self, group: GroupId) -> Result<Option<NaiveDate>> {
        Ok(self
            .conn
            .query_row(
                "SELECT m.held_on FROM rounds_in_progress r JOIN meetings m ON m.id = r.meeting_id
                  WHERE m.group_id = ?1 ORDER BY m.held_on DESC LIMIT 1",
                [group.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn save_round(&mut self, meeting: MeetingId, record: &RoundRecord) -> Result<()> {
        let json = serde_json::to_string(record).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO rounds_in_progress (meeting_id, record, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (meeting_id) DO UPDATE SET record = ?2, updated_at = ?3",
                params![meeting.0, json, super::now_utc()],
            )?;
            Ok(())
        })
    }

    pub fn drop_round(&mut self, meeting: MeetingId) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM rounds_in_progress WHERE meeting_id = ?1", [meeting.0])?;
            Ok(())
        })
    }

    /// Adds a finished round to the meeting's attendance: seconds add up
    /// over rounds, "spoke" holds once someone spoke, "passed" only while
    /// they never spoke, and the turn order is the first round's.
    pub fn add_round_to_meeting(&mut self, meeting: MeetingId, totals: &Totals) -> Result<()> {
        self.write(|tx| {
            for (member, t) in &totals.members {
                tx.execute(
                    "INSERT INTO attendance (meeting_id, member_id, speaking_seconds, spoke, passed, turn_order)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (meeting_id, member_id) DO UPDATE SET
                         speaking_seconds = coalesce(speaking_seconds, 0) + ?3,
                         spoke = coalesce(spoke, 0) OR ?4,
                         passed = (coalesce(passed, 0) OR ?5) AND NOT (coalesce(spoke, 0) OR ?4),
                         turn_order = coalesce(turn_order, ?6)",
                    params![meeting.0, member.0, t.seconds, t.spoke, t.passed && !t.spoke, t.turn_order],
                )?;
            }
            tx.execute("UPDATE meetings SET round_run = 1 WHERE id = ?1", [meeting.0])?;
            tx.execute("DELETE FROM rounds_in_progress WHERE meeting_id = ?1", [meeting.0])?;
            Ok(())
        })
    }
}

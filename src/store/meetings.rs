use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::domain::meeting::check_minutes;
use crate::domain::{Attendance, GroupId, Meeting, MeetingId, MemberId, MemberStatus, NewMeeting};

const COLUMNS: &str = "id, group_id, held_on, mode, minutes, visitors, round_run, notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: MeetingId(r.get(0)?),
        group: GroupId(r.get(1)?),
        held_on: r.get(2)?,
        mode: r.get(3)?,
        minutes: r.get(4)?,
        visitors: r.get(5)?,
        round_run: r.get(6)?,
        notes: r.get(7)?,
    })
}

impl Store {
    pub fn create_meeting(&mut self, group: GroupId, new: &NewMeeting) -> Result<Meeting> {
        check_minutes(new.minutes).map_err(StoreError::Invalid)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO meetings (group_id, held_on, mode, minutes) VALUES (?1, ?2, ?3, ?4)",
                params![group.0, new.held_on, new.mode, new.minutes],
            )?;
            Ok(MeetingId(tx.last_insert_rowid()))
        })?;
        self.meeting(id)
    }

    pub fn meeting(&self, id: MeetingId) -> Result<Meeting> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM meetings WHERE id = ?1"), [id.0], from_row)
            .optional()?
            .ok_or(StoreError::NotFound("meeting"))
    }

    /// The group's meeting on a day, if one was recorded (the latest if two).
    pub fn meeting_on(&self, group: GroupId, day: NaiveDate) -> Result<Option<Meeting>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM meetings WHERE group_id = ?1 AND held_on = ?2 ORDER BY id DESC LIMIT 1"
                ),
                params![group.0, day],
                from_row,
            )
            .optional()?)
    }

    /// A page of meetings, newest first.
    pub fn meetings(&self, group: GroupId, offset: usize, limit: usize) -> Result<Vec<Meeting>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM meetings WHERE group_id = ?1 ORDER BY held_on DESC, id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt
            .query_map(params![group.0, limit as i64, offset as i64], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every meeting of a group, newest first, each with how many members
    /// were marked present: one statement, however long the history.
    pub fn meetings_with_counts(&self, group: GroupId) -> Result<Vec<(Meeting, usize)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS}, (SELECT count(*) FROM attendance a WHERE a.meeting_id = meetings.id)
               FROM meetings WHERE group_id = ?1 ORDER BY held_on DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([group.0], |r| Ok((from_row(r)?, r.get::<_, i64>(8)? as usize)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Who has a sign-up to one of the group's agreement versions recorded
    /// on a day, by name.
    pub fn signups_on(&self, group: GroupId, day: NaiveDate) -> Result<Vec<(MemberId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT m.id, m.name FROM signups s
               JOIN agreement_versions v ON v.id = s.agreement_id
               JOIN members m ON m.id = s.member_id
              WHERE v.group_id = ?1 AND s.signed_on = ?2
              ORDER BY m.name COLLATE NOCASE, m.id",
        )?;
        let rows = stmt
            .query_map(params![group.0, day], |r| Ok((MemberId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Takes away the sign-ups to the group's agreement recorded on a day.
    pub fn delete_signups_on(&mut self, group: GroupId, day: NaiveDate) -> Result<usize> {
        self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM signups WHERE signed_on = ?2
                    AND agreement_id IN (SELECT id FROM agreement_versions WHERE group_id = ?1)",
                params![group.0, day],
            )?)
        })
    }

    pub fn meeting_count(&self, group: GroupId) -> Result<usize> {
        let n: i64 =
            self.conn.query_row("SELECT count(*) FROM meetings WHERE group_id = ?1", [group.0], |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn update_meeting(&mut self, meeting: &Meeting) -> Result<()> {
        check_minutes(meeting.minutes).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE meetings SET held_on = ?2, mode = ?3, minutes = ?4, visitors = ?5, round_run = ?6, notes = ?7
                 WHERE id = ?1",
                params![
                    meeting.id.0,
                    meeting.held_on,
                    meeting.mode,
                    meeting.minutes,
                    meeting.visitors,
                    meeting.round_run,
                    meeting.notes
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("meeting"));
            }
            Ok(())
        })
    }

    pub fn delete_meeting(&mut self, id: MeetingId) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM meetings WHERE id = ?1", [id.0])?;
            Ok(())
        })
    }

    /// Marks someone present or absent; saved at once.
    pub fn set_present(&mut self, meeting: MeetingId, member: MemberId, present: bool) -> Result<()> {
        self.write(|tx| {
            if present {
                let n = tx.execute(
                    "INSERT OR IGNORE INTO attendance (meeting_id, member_id)
                     SELECT mt.id, m.id FROM meetings mt JOIN members m ON m.group_id = mt.group_id
                      WHERE mt.id = ?1 AND m.id = ?2",
                    params![meeting.0, member.0],
                )?;
                let known: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM meetings mt JOIN members m ON m.group_id = mt.group_id
                                     WHERE mt.id = ?1 AND m.id = ?2)",
                    params![meeting.0, member.0],
                    |r| r.get(0),
                )?;
                if n == 0 && !known {
                    return Err(StoreError::Invalid("that member and meeting are not of the same group".into()));
                }
            } else {
                tx.execute(
                    "DELETE FROM attendance WHERE meeting_id = ?1 AND member_id = ?2",
                    params![meeting.0, member.0],
                )?;
            }
            Ok(())
        })
    }

    /// Marks present, in one statement, every member of the meeting's group
    /// with one of `statuses` who is not marked yet; returns how many were.
    pub fn mark_present_with_status(&mut self, meeting: MeetingId, statuses: &[MemberStatus]) -> Result<usize> {
        let codes: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
        let statuses = serde_json::to_string(&codes).unwrap_or_default();
        self.write(|tx| {
            Ok(tx.execute(
                "INSERT OR IGNORE INTO attendance (meeting_id, member_id)
                 SELECT mt.id, m.id FROM meetings mt JOIN members m ON m.group_id = mt.group_id
                  WHERE mt.id = ?1 AND m.status IN (SELECT value FROM json_each(?2))",
                params![meeting.0, statuses],
            )?)
        })
    }

    pub fn attendance(&self, meeting: MeetingId) -> Result<Vec<Attendance>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT meeting_id, member_id, speaking_seconds, spoke, passed, turn_order FROM attendance
             WHERE meeting_id = ?1 ORDER BY turn_order IS NULL, turn_order, member_id",
        )?;
        let rows = stmt
            .query_map([meeting.0], |r| {
                Ok(Attendance {
                    meeting: MeetingId(r.get(0)?),
                    member: MemberId(r.get(1)?),
                    speaking_seconds: r.get(2)?,
                    spoke: r.get(3)?,
                    passed: r.get(4)?,
                    turn_order: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records one person's turn in a round (present is implied).
    pub fn record_turn(&mut self, turn: &Attendance) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO attendance (meeting_id, member_id, speaking_seconds, spoke, passed, turn_order)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (meeting_id, member_id) DO UPDATE SET speaking_seconds = ?3, spoke = ?4, passed = ?5,
                     turn_order = ?6",
                params![turn.meeting.0, turn.member.0, turn.speaking_seconds, turn.spoke, turn.passed, turn.turn_order],
            )?;
            tx.execute("UPDATE meetings SET round_run = 1 WHERE id = ?1", [turn.meeting.0])?;
            Ok(())
        })
    }
}

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::domain::text::{self, MAX_NOTE_CHARS};
use crate::domain::{GroupId, MemberId, MemberStatus};
use crate::domain::{Member, MemberFields, StatusChange};

const COLUMNS: &str =
    "id, group_id, status, status_since, name, pronouns, contact, joined, role, access_needs, invite_to_speak, notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        id: MemberId(r.get(0)?),
        group: GroupId(r.get(1)?),
        status: r.get(2)?,
        status_since: r.get(3)?,
        fields: MemberFields {
            name: r.get(4)?,
            pronouns: r.get(5)?,
            contact: r.get(6)?,
            joined: r.get(7)?,
            role: r.get(8)?,
            access_needs: r.get(9)?,
            invite_to_speak: r.get(10)?,
            notes: r.get(11)?,
        },
    })
}

fn invalid((field, message): (&'static str, String)) -> StoreError {
    StoreError::Invalid(if message.contains(field) { message } else { format!("{field}: {message}") })
}

pub(crate) fn insert_member(
    tx: &rusqlite::Connection,
    group: GroupId,
    fields: &MemberFields,
    status: MemberStatus,
    on: NaiveDate,
) -> Result<MemberId> {
    let f = fields.validated().map_err(invalid)?;
    tx.execute(
        "INSERT INTO members (group_id, name, pronouns, contact, joined, status, status_since, role,
                              access_needs, invite_to_speak, notes, name_folded)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            group.0,
            f.name,
            f.pronouns,
            f.contact,
            f.joined,
            status,
            on,
            f.role,
            f.access_needs,
            f.invite_to_speak,
            f.notes,
            text::fold(&f.name)
        ],
    )?;
    let id = MemberId(tx.last_insert_rowid());
    tx.execute(
        "INSERT INTO member_status_history (member_id, status, changed_on) VALUES (?1, ?2, ?3)",
        params![id.0, status, on],
    )?;
    Ok(id)
}

impl Store {
    pub fn add_member(
        &mut self,
        group: GroupId,
        fields: &MemberFields,
        status: MemberStatus,
        on: NaiveDate,
    ) -> Result<Member> {
        let id = self.write(|tx| insert_member(tx, group, fields, status, on))?;
        self.member(id)
    }

    /// Adds many members in one transaction: all of them, or none.
    pub fn import_members(
        &mut self,
        group: GroupId,
        rows: &[crate::domain::members_csv::ImportRow],
        today: NaiveDate,
    ) -> Result<usize> {
        self.write(|tx| {
            for row in rows {
                insert_member(tx, group, &row.fields, row.status, row.fields.joined.unwrap_or(today))
                    .map_err(|e| StoreError::Invalid(format!("line {}: {e}", row.line)))?;
            }
            Ok(rows.len())
        })
    }

    /// Every member of a group, by name then id (for exports).
    pub fn all_members(&self, group: GroupId) -> Result<Vec<Member>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE group_id = ?1 ORDER BY id"))?;
        let rows = stmt.query_map([group.0], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn member(&self, id: MemberId) -> Result<Member> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM members WHERE id = ?1"))?
            .query_row([id.0], from_row)
            .optional()?
            .ok_or(StoreError::NotFound("member"))
    }

    pub fn update_member(&mut self, id: MemberId, fields: &MemberFields) -> Result<()> {
        let f = fields.validated().map_err(invalid)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE members SET name = ?2, pronouns = ?3, contact = ?4, joined = ?5, role = ?6,
                     access_needs = ?7, invite_to_speak = ?8, notes = ?9 WHERE id = ?1",
                params![
                    id.0,
                    f.name,
                    f.pronouns,
                    f.contact,
                    f.joined,
                    f.role,
                    f.access_needs,
                    f.invite_to_speak,
                    f.notes
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("member"));
            }
            // After the name: a trigger clears the folded name of a name
            // that changed (see migration 0007).
            tx.execute("UPDATE members SET name_folded = ?2 WHERE id = ?1", params![id.0, text::fold(&f.name)])?;
            Ok(())
        })
    }

    /// Moves someone along their journey and keeps the change in the history.
    pub fn change_status(&mut self, id: MemberId, status: MemberStatus, on: NaiveDate, reason: &str) -> Result<()> {
        let reason = text::limited("reason", reason, MAX_NOTE_CHARS).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE members SET status = ?2, status_since = ?3,
                     joined = CASE WHEN ?2 = 'active' AND joined IS NULL THEN ?3 ELSE joined END
                 WHERE id = ?1",
                params![id.0, status, on],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("member"));
            }
            tx.execute(
                "INSERT INTO member_status_history (member_id, status, changed_on, reason) VALUES (?1, ?2, ?3, ?4)",
                params![id.0, status, on, reason],
            )?;
            Ok(())
        })
    }

    /// Every status change of one member, oldest first.
    pub fn status_history(&self, id: MemberId) -> Result<Vec<StatusChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, changed_on, reason FROM member_status_history WHERE member_id = ?1 ORDER BY changed_on, id",
        )?;
        let rows = stmt
            .query_map([id.0], |r| Ok(StatusChange { status: r.get(0)?, changed_on: r.get(1)?, reason: r.get(2)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Deletes a member and what cascades from them, without compacting
    /// (which cannot run inside a larger transaction); callers compact after.
    pub fn delete_member(&mut self, id: MemberId) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM members WHERE id = ?1", [id.0])?;
            if n == 0 {
                return Err(StoreError::NotFound("member"));
            }
            Ok(())
        })
    }

    /// Members of a group with one of the given statuses, by name.
    pub fn members_with_status(&self, group: GroupId, statuses: &[MemberStatus]) -> Result<Vec<Member>> {
        let codes: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM members WHERE group_id = ?1 AND status IN (SELECT value FROM json_each(?2))
             ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = stmt
            .query_map(params![group.0, serde_json::to_string(&codes).unwrap_or_default()], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many members the group has in each status.
    pub fn status_counts(&self, group: GroupId) -> Result<Vec<(MemberStatus, u32)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT status, count(*) FROM members WHERE group_id = ?1 GROUP BY status")?;
        let found = stmt
            .query_map([group.0], |r| Ok((r.get::<_, MemberStatus>(0)?, r.get::<_, u32>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(MemberStatus::ALL.iter().map(|s| (*s, found.iter().find(|(f, _)| f == s).map_or(0, |(_, n)| *n))).collect())
    }

    /// The person who has waited longest on the waitlist, if any.
    pub fn longest_waiting(&self, group: GroupId) -> Result<Option<Member>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM members WHERE group_id = ?1 AND status = 'waitlist'
                     ORDER BY status_since, id LIMIT 1"
                ),
                [group.0],
                from_row,
            )
            .optional()?)
    }
}

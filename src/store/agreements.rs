use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::domain::{AgreementId, AgreementVersion, GroupId, MemberId, Signup};

const COLUMNS: &str = "id, group_id, version, adopted_on, body, change_note";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AgreementVersion> {
    Ok(AgreementVersion {
        id: AgreementId(r.get(0)?),
        group: GroupId(r.get(1)?),
        version: r.get(2)?,
        adopted_on: r.get(3)?,
        body: r.get(4)?,
        change_note: r.get(5)?,
    })
}

/// The active and on-break members of the version's group who have not
/// agreed to it (?1 is the version).
pub(super) const NOT_SIGNED: &str = "FROM members m JOIN agreement_versions v ON v.group_id = m.group_id
     WHERE v.id = ?1 AND m.status IN ('active', 'on_break')
       AND NOT EXISTS (SELECT 1 FROM signups s WHERE s.member_id = m.id AND s.agreement_id = v.id)";

impl Store {
    /// Adopts a new version, numbered one after the latest.
    pub fn adopt_agreement(
        &mut self,
        group: GroupId,
        body: &str,
        change_note: &str,
        on: NaiveDate,
    ) -> Result<AgreementVersion> {
        if body.trim().is_empty() {
            return Err(StoreError::Invalid("an agreement needs some text".into()));
        }
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO agreement_versions (group_id, version, adopted_on, body, change_note)
                 VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM agreement_versions WHERE group_id = ?1),
                         ?2, ?3, ?4)",
                params![group.0, on, body, change_note.trim()],
            )?;
            Ok(AgreementId(tx.last_insert_rowid()))
        })?;
        self.agreement(id)
    }

    pub fn agreement(&self, id: AgreementId) -> Result<AgreementVersion> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM agreement_versions WHERE id = ?1"), [id.0], from_row)
            .optional()?
            .ok_or(StoreError::NotFound("agreement version"))
    }

    /// The latest adopted version, if the group has an agreement yet.
    pub fn current_agreement(&self, group: GroupId) -> Result<Option<AgreementVersion>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM agreement_versions WHERE group_id = ?1 ORDER BY version DESC LIMIT 1"
            ))?
            .query_row([group.0], from_row)
            .optional()?)
    }

    pub fn agreement_version(&self, group: GroupId, version: u32) -> Result<Option<AgreementVersion>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM agreement_versions WHERE group_id = ?1 AND version = ?2"),
                params![group.0, version],
                from_row,
            )
            .optional()?)
    }

    /// Every version, newest first.
    pub fn agreement_versions(&self, group: GroupId) -> Result<Vec<AgreementVersion>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM agreement_versions WHERE group_id = ?1 ORDER BY version DESC"
        ))?;
        let rows = stmt.query_map([group.0], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records that a member agreed to a version (again is harmless).
    pub fn sign_agreement(&mut self, member: MemberId, agreement: AgreementId, on: NaiveDate) -> Result<()> {
        self.write(|tx| {
            let same_group: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM members m JOIN agreement_versions v ON v.group_id = m.group_id
                                 WHERE m.id = ?1 AND v.id = ?2)",
                params![member.0, agreement.0],
                |r| r.get(0),
            )?;
            if !same_group {
                return Err(StoreError::Invalid("that member and agreement are not of the same group".into()));
            }
            tx.execute(
                "INSERT OR IGNORE INTO signups (member_id, agreement_id, signed_on) VALUES (?1, ?2, ?3)",
                params![member.0, agreement.0, on],
            )?;
            Ok(())
        })
    }

    /// Takes back the record that a member agreed to a version (one made
    /// by mistake); whether there was one.
    pub fn withdraw_signup(&mut self, member: MemberId, agreement: AgreementId) -> Result<bool> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM signups WHERE member_id = ?1 AND agreement_id = ?2",
                params![member.0, agreement.0],
            )?;
            Ok(n > 0)
        })
    }

    /// Every version of the group's agreement each member agreed to, and
    /// the day: by member, then version.
    pub fn signup_history(&self, group: GroupId) -> Result<Vec<(MemberId, u32, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.member_id, v.version, s.signed_on FROM signups s
               JOIN agreement_versions v ON v.id = s.agreement_id
              WHERE v.group_id = ?1 ORDER BY s.member_id, v.version",
        )?;
        let rows = stmt
            .query_map([group.0], |r| Ok((MemberId(r.get(0)?), r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One member's sign-ups, oldest version first.
    pub fn member_signups(&self, member: MemberId) -> Result<Vec<(u32, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.version, s.signed_on FROM signups s JOIN agreement_versions v ON v.id = s.agreement_id
              WHERE s.member_id = ?1 ORDER BY v.version",
        )?;
        let rows = stmt.query_map([member.0], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn signups(&self, agreement: AgreementId) -> Result<Vec<Signup>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT member_id, agreement_id, signed_on FROM signups WHERE agreement_id = ?1 ORDER BY signed_on, member_id",
        )?;
        let rows = stmt
            .query_map([agreement.0], |r| {
                Ok(Signup { member: MemberId(r.get(0)?), agreement: AgreementId(r.get(1)?), signed_on: r.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Active and on-break members who have not agreed to this version.
    pub fn not_yet_signed(&self, agreement: AgreementId) -> Result<Vec<MemberId>> {
        Ok(self.not_yet_signed_names(agreement, usize::MAX)?.into_iter().map(|(id, _)| id).collect())
    }

    /// The same, with their names, the first `limit` by name: a large
    /// group may have thousands still to agree, and a screen shows a few.
    pub fn not_yet_signed_names(&self, agreement: AgreementId, limit: usize) -> Result<Vec<(MemberId, String)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT m.id, m.name {NOT_SIGNED} ORDER BY m.name COLLATE NOCASE, m.id LIMIT ?2 + 0"
        ))?;
        let limit = limit.min(i64::MAX as usize) as i64;
        let rows = stmt
            .query_map(params![agreement.0, limit], |r| Ok((MemberId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many have not agreed to this version.
    pub fn not_yet_signed_count(&self, agreement: AgreementId) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {NOT_SIGNED}"))?
            .query_row([agreement.0], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The draft of the next version, if one is being written.
    pub fn agreement_draft(&self, group: GroupId) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT body FROM agreement_drafts WHERE group_id = ?1", [group.0], |r| r.get(0))
            .optional()?)
    }

    /// Saves the draft as it is typed (an empty one is kept too: it is
    /// still the facilitator's work in progress).
    pub fn save_agreement_draft(&mut self, group: GroupId, body: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO agreement_drafts (group_id, body, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (group_id) DO UPDATE SET body = ?2, updated_at = ?3",
                params![group.0, body, super::now_utc()],
            )?;
            Ok(())
        })
    }

    pub fn discard_agreement_draft(&mut self, group: GroupId) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM agreement_drafts WHERE group_id = ?1", [group.0])?;
            Ok(())
        })
    }

    /// The latest version each member agreed to, for the register and lists.
    pub fn agreed_versions(&self, group: GroupId) -> Result<Vec<(MemberId, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.member_id, max(v.version) FROM signups s JOIN agreement_versions v ON v.id = s.agreement_id
              WHERE v.group_id = ?1 GROUP BY s.member_id",
        )?;
        let rows = stmt
            .query_map([group.0], |r| Ok((MemberId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

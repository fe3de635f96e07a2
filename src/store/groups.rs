use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::domain::{Group, GroupId, GroupSettings, NewGroup};

const COLUMNS: &str = "id, name, focus, entry_criteria, openness, status, successor_id, meeting_minutes, \
     opening_closing_minutes, min_speaking_minutes, min_size, review_interval_days, last_review, purpose, created_on";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        id: GroupId(r.get(0)?),
        name: r.get(1)?,
        settings: GroupSettings {
            focus: r.get(2)?,
            entry_criteria: r.get(3)?,
            openness: r.get(4)?,
            status: r.get(5)?,
            successor: r.get::<_, Option<i64>>(6)?.map(GroupId),
            meeting_minutes: r.get(7)?,
            opening_closing_minutes: r.get(8)?,
            min_speaking_minutes: r.get(9)?,
            min_size: r.get(10)?,
            review_interval_days: r.get(11)?,
            last_review: r.get(12)?,
            purpose: r.get(13)?,
        },
        created_on: r.get(14)?,
    })
}

fn unique_name(e: rusqlite::Error, name: &str) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            StoreError::Invalid(format!("there is already a group called “{}”", crate::domain::text::display(name)))
        }
        other => other.into(),
    }
}

impl Store {
    pub fn create_group(&mut self, new: &NewGroup, today: NaiveDate) -> Result<Group> {
        let name = crate::domain::text::name(&new.name).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO groups (name, focus, openness, created_on) VALUES (?1, ?2, ?3, ?4)",
                params![name, new.focus.trim(), new.openness, today],
            )
            .map_err(|e| unique_name(e, &name))?;
            Ok(GroupId(tx.last_insert_rowid()))
        })?;
        self.group(id)
    }

    pub fn group(&self, id: GroupId) -> Result<Group> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM groups WHERE id = ?1"))?
            .query_row([id.0], from_row)
            .optional()?
            .ok_or(StoreError::NotFound("group"))
    }

    pub fn group_exists(&self, id: GroupId) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM groups WHERE id = ?1")?.exists([id.0])?)
    }

    /// The group that comes first in the list of groups, by name.
    pub fn first_group(&self) -> Result<Option<GroupId>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM groups ORDER BY name COLLATE NOCASE LIMIT 1", [], |r| Ok(GroupId(r.get(0)?)))
            .optional()?)
    }

    pub fn group_by_name(&self, name: &str) -> Result<Option<Group>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM groups WHERE name = ?1"), [name.trim()], from_row)
            .optional()?)
    }

    /// All groups by name; there are few, so this loads them whole.
    pub fn groups(&self) -> Result<Vec<Group>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM groups ORDER BY name COLLATE NOCASE"))?;
        let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn rename_group(&mut self, id: GroupId, name: &str) -> Result<()> {
        let name = crate::domain::text::name(name).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let n = tx
                .execute("UPDATE groups SET name = ?2 WHERE id = ?1", params![id.0, name])
                .map_err(|e| unique_name(e, &name))?;
            if n == 0 {
                return Err(StoreError::NotFound("group"));
            }
            Ok(())
        })
    }

    pub fn update_group_settings(&mut self, id: GroupId, s: &GroupSettings) -> Result<()> {
        if s.successor == Some(id) {
            return Err(StoreError::Invalid("a group cannot be its own successor".into()));
        }
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE groups SET focus = ?2, entry_criteria = ?3, openness = ?4, status = ?5, successor_id = ?6,
                     meeting_minutes = ?7, opening_closing_minutes = ?8, min_speaking_minutes = ?9, min_size = ?10,
                     review_interval_days = ?11, last_review = ?12, purpose = ?13
                 WHERE id = ?1",
                params![
                    id.0,
                    s.focus,
                    s.entry_criteria,
                    s.openness,
                    s.status,
                    s.successor.map(|g| g.0),
                    s.meeting_minutes,
                    s.opening_closing_minutes,
                    s.min_speaking_minutes,
                    s.min_size,
                    s.review_interval_days,
                    s.last_review,
                    s.purpose
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("group"));
            }
            Ok(())
        })
    }
}

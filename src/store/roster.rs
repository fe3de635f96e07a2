//! The roster as the console shows it: one page of rows at a time, with the
//! figures worked out in SQL so a group of thousands stays quick.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::roster::{RATE_WINDOW, RosterQuery, RosterRow, RosterSort};
use crate::domain::{GroupId, MemberId};

/// The SQL order of each sort; names break ties so the order is stable.
fn order_by(sort: RosterSort) -> &'static str {
    match sort {
        RosterSort::Name => "name COLLATE NOCASE, id",
        RosterSort::Joined => "joined IS NULL, joined, name COLLATE NOCASE, id",
        RosterSort::LastAttended => "last_attended IS NULL, last_attended DESC, name COLLATE NOCASE, id",
        RosterSort::AttendanceRate => "rate IS NULL, rate DESC, name COLLATE NOCASE, id",
    }
}

const ROSTER_SQL: &str = "
WITH recent AS (
    SELECT id, held_on FROM meetings WHERE group_id = ?1 ORDER BY held_on DESC, id DESC LIMIT ?6
),
rows AS (
    SELECT m.id, m.name, m.pronouns, m.status, m.role, m.joined, m.invite_to_speak,
           m.access_needs <> '' AS needs,
           (SELECT max(mt.held_on) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
             WHERE a.member_id = m.id) AS last_attended,
           (SELECT count(*) FROM attendance a JOIN recent r ON r.id = a.meeting_id
             WHERE a.member_id = m.id) AS attended,
           (SELECT count(*) FROM recent r
             WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = r.id AND a.member_id = m.id)
                OR r.held_on > coalesce(m.joined,
                     (SELECT min(mt.held_on) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
                       WHERE a.member_id = m.id), '9999-12-31')
               AND (m.status NOT IN ('left', 'on_break') OR r.held_on < m.status_since)) AS possible,
           (SELECT max(v.version) FROM signups s JOIN agreement_versions v ON v.id = s.agreement_id
             WHERE s.member_id = m.id) AS signed
      FROM members m
     WHERE m.group_id = ?1
       AND (?2 IS NULL OR m.status = ?2) AND (?7 = 0 OR m.status <> 'left')
       AND (?3 = '' OR instr(circle_fold(m.name), circle_fold(?3)) > 0)
)
SELECT id, name, pronouns, status, role, joined, invite_to_speak, needs, last_attended, attended, possible, signed,
       CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END AS rate
  FROM rows";

impl Store {
    /// One page of the roster, in the query's order.
    pub fn roster_page(
        &self,
        group: GroupId,
        query: &RosterQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<RosterRow>> {
        let sql = format!("{ROSTER_SQL} ORDER BY {} LIMIT ?4 OFFSET ?5", order_by(query.sort));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![
                    group.0,
                    query.status,
                    query.search.trim(),
                    limit as i64,
                    offset as i64,
                    RATE_WINDOW,
                    query.hide_left
                ],
                |r| {
                    Ok(RosterRow {
                        id: MemberId(r.get(0)?),
                        name: r.get(1)?,
                        pronouns: r.get(2)?,
                        status: r.get(3)?,
                        role: r.get(4)?,
                        joined: r.get(5)?,
                        invite_to_speak: r.get(6)?,
                        access_needs: r.get(7)?,
                        last_attended: r.get(8)?,
                        attended: r.get(9)?,
                        possible: r.get(10)?,
                        signed_version: r.get(11)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many rows the query matches, for the scroll position.
    pub fn roster_count(&self, group: GroupId, query: &RosterQuery) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM members m WHERE m.group_id = ?1 AND (?2 IS NULL OR m.status = ?2) AND (?7 = 0 OR m.status <> 'left')
               AND (?3 = '' OR instr(circle_fold(m.name), circle_fold(?3)) > 0)",
            )?
            .query_row(params![group.0, query.status, query.search.trim(), 0, 0, 0, query.hide_left], |r| r.get(0))?;
        Ok(n as usize)
    }
}

//! The roster as the console shows it: one page of rows at a time, with the
//! figures worked out in SQL so a group of thousands stays quick.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::roster::{RosterQuery, RosterRow, RosterSort};
use crate::domain::{GroupId, MemberId};

/// The SQL order of each sort; names break ties so the order is stable.
/// Attendance and last attended come from `member_stats`, which triggers
/// keep up to date, with an index for each, so a page of thousands costs
/// what the page shows.
fn order_by(sort: RosterSort) -> &'static str {
    match sort {
        RosterSort::Name => "m.name COLLATE NOCASE, m.id",
        RosterSort::Joined => "m.joined IS NULL, m.joined, m.name COLLATE NOCASE, m.id",
        RosterSort::LastAttended => "s.last_attended DESC, m.name COLLATE NOCASE, m.id",
        RosterSort::AttendanceRate => "s.rate DESC, m.name COLLATE NOCASE, m.id",
    }
}

/// The members a query shows, as the WHERE clause of both queries. ?3 is
/// the search, already folded; names are compared in their stored folded
/// form (folded as read only where another program wrote the name).
const FILTER: &str = "m.group_id = ?1 AND (?2 IS NULL OR m.status = ?2) AND (?4 = 0 OR m.status <> 'left')
     AND (?3 = '' OR instr(coalesce(m.name_folded, circle_fold(m.name)), ?3) > 0)";

/// The ids of one page of the roster, in the order of `sort`. The limit
/// and offset are written `?5 + 0` and `?6 + 0`: bare parameters there let
/// SQLite plan with their values, so it compiled the statement again on
/// every run (a search keystroke paid for parsing and planning it anew).
/// The member figures are joined only for the sorts that order by them:
/// otherwise every row skipped to reach a page far down (End) would look
/// its figures up for nothing.
fn page_ids_sql(sort: RosterSort) -> String {
    let figures = match sort {
        RosterSort::Name | RosterSort::Joined => "",
        RosterSort::LastAttended | RosterSort::AttendanceRate => "JOIN member_stats s ON s.member_id = m.id",
    };
    format!(
        "SELECT m.id FROM members m {figures} WHERE {FILTER}
          ORDER BY {} LIMIT ?5 + 0 OFFSET ?6 + 0",
        order_by(sort)
    )
}

impl Store {
    /// One page of the roster, in the query's order. The page's members
    /// are chosen first (by index), and their details read for them alone.
    pub fn roster_page(
        &self,
        group: GroupId,
        query: &RosterQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<RosterRow>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&page_ids_sql(query.sort))?
            .query_map(
                params![
                    group.0,
                    query.status,
                    crate::domain::text::fold(query.search.trim()),
                    query.hide_left,
                    limit.min(i64::MAX as usize) as i64,
                    offset as i64
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The details of the page's members in one statement, in the
        // page's order.
        let ids = serde_json::to_string(&ids).unwrap_or_default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.name, m.pronouns, m.status, m.role, m.joined, m.invite_to_speak, m.access_needs <> '',
                    s.last_attended, s.attended, s.possible,
                    (SELECT max(v.version) FROM signups sg JOIN agreement_versions v ON v.id = sg.agreement_id
                      WHERE sg.member_id = m.id)
               FROM json_each(?1) page JOIN members m ON m.id = page.value JOIN member_stats s ON s.member_id = m.id
              ORDER BY page.key",
        )?;
        let rows = stmt
            .query_map([ids], |r| {
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
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Pauses the triggers that keep member figures up to date, for a bulk
    /// load; [`Store::rebuild_member_stats`] brings them back in one pass.
    pub fn pause_member_stats(&mut self) -> Result<()> {
        self.set_setting("stats_paused", "1")
    }

    /// Works out every member's figures from scratch and resumes the
    /// triggers.
    pub fn rebuild_member_stats(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM settings WHERE key = 'stats_paused'", [])?;
            tx.execute_batch(
                "DELETE FROM member_stats;
                 INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
                 SELECT member_id, group_id, last_attended, attended, possible,
                        CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
                   FROM member_figures;",
            )?;
            Ok(())
        })
    }

    /// `EXPLAIN QUERY PLAN` of the queries behind the screens, with their
    /// parameters bound to `group`: a test fails on any full scan of the
    /// large tables, so every screen costs what it shows.
    pub fn screen_query_plans(&self, group: GroupId) -> Result<Vec<(String, String)>> {
        let mut plans = Vec::new();
        let mut plan = |name: String, sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<()> {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let rows: Vec<String> =
                stmt.query_map(params, |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<_>>()?;
            plans.push((name, rows.join("\n")));
            Ok(())
        };
        let none: Option<String> = None;
        for sort in RosterSort::ALL {
            let sql = page_ids_sql(sort);
            plan(format!("roster by {}", sort.label()), &sql, &[&group.0, &none, &"", &true, &200, &0])?;
            // A search keystroke: the same query with a folded search.
            plan(format!("roster search by {}", sort.label()), &sql, &[&group.0, &none, &"zoe", &true, &200, &0])?;
        }
        plan(
            "roster count".into(),
            &format!("SELECT count(*) FROM members m WHERE {FILTER}"),
            &[&group.0, &none, &"", &true],
        )?;
        plan(
            "roster search count".into(),
            &format!("SELECT count(*) FROM members m WHERE {FILTER}"),
            &[&group.0, &none, &"zoe", &true],
        )?;
        plan(
            "roster row".into(),
            "SELECT m.id, s.attended, (SELECT max(v.version) FROM signups sg JOIN agreement_versions v ON v.id = sg.agreement_id
               WHERE sg.member_id = m.id) FROM members m JOIN member_stats s ON s.member_id = m.id WHERE m.id = ?1",
            &[&1],
        )?;
        plan(
            "latest meetings".into(),
            "SELECT id FROM meetings WHERE group_id = ?1 ORDER BY held_on DESC, id DESC LIMIT 26",
            &[&group.0],
        )?;
        plan("a meeting's register".into(), "SELECT member_id FROM attendance WHERE meeting_id = ?1", &[&1])?;
        plan(
            "members by status".into(),
            "SELECT id FROM members WHERE group_id = ?1 AND status IN ('active', 'on_break') ORDER BY name COLLATE NOCASE, id",
            &[&group.0],
        )?;
        plan("figures of one member".into(), "SELECT * FROM member_figures WHERE member_id = ?1", &[&1])?;
        plan("an activity's people, collecting".into(), super::endings::PEOPLE_COLLECTING, &[&1, &group.0])?;
        plan("an activity's people, reading".into(), super::endings::PEOPLE_INVOLVED, &[&1, &group.0])?;
        Ok(plans)
    }

    /// Members whose kept figures differ from a fresh computation (for the
    /// tests that check the triggers).
    pub fn stale_member_stats(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM member_figures f LEFT JOIN member_stats s ON s.member_id = f.member_id
              WHERE s.member_id IS NULL OR s.attended IS NOT f.attended OR s.possible IS NOT f.possible
                 OR s.last_attended IS NOT f.last_attended",
            [],
            |r| r.get(0),
        )?)
    }

    /// How many rows the query matches, for the scroll position.
    pub fn roster_count(&self, group: GroupId, query: &RosterQuery) -> Result<usize> {
        let n: i64 = self.conn.prepare_cached(&format!("SELECT count(*) FROM members m WHERE {FILTER}"))?.query_row(
            params![group.0, query.status, crate::domain::text::fold(query.search.trim()), query.hide_left],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}

//! The roster as the console shows it: one page of rows at a time, with the
//! figures worked out in SQL so a group of thousands stays quick.

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

/// The members a query shows: the WHERE clause of both queries, written for
/// the query at hand (a condition that always holds would still be worked
/// out for each of thousands of rows), with its parameters. The search is
/// compared first, as it rules out the most rows; names are compared in
/// their stored folded form (folded as read only where another program
/// wrote the name).
struct Filter {
    sql: String,
    status: Option<crate::domain::MemberStatus>,
    search: String,
}

impl Filter {
    fn of(query: &RosterQuery) -> Filter {
        let search = crate::domain::text::fold(query.search.trim());
        let mut sql = "m.group_id = :group".to_string();
        if !search.is_empty() {
            sql.push_str(" AND instr(coalesce(m.name_folded, circle_fold(m.name)), :search) > 0");
        }
        if query.status.is_some() {
            sql.push_str(" AND m.status = :status");
        }
        if query.hide_left {
            sql.push_str(" AND m.status <> 'left'");
        }
        Filter { sql, status: query.status, search }
    }

    /// The parameters the clause names, with `group` and any `extra`.
    fn params<'a>(
        &'a self,
        group: &'a i64,
        extra: &[(&'a str, &'a dyn rusqlite::ToSql)],
    ) -> Vec<(&'a str, &'a dyn rusqlite::ToSql)> {
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":group", group)];
        if !self.search.is_empty() {
            params.push((":search", &self.search));
        }
        if self.status.is_some() {
            params.push((":status", &self.status));
        }
        params.extend_from_slice(extra);
        params
    }
}

/// The ids of one page of the roster, in the order of `sort`. The limit
/// and offset are written `:limit + 0` and `:offset + 0`: bare parameters
/// there let SQLite plan with their values, so it compiled the statement
/// again on every run (a search keystroke paid for parsing and planning it
/// anew). The member figures are joined only for the sorts that order by
/// them: otherwise every row skipped to reach a page far down (End) would
/// look its figures up for nothing.
fn page_ids_sql(sort: RosterSort, filter: &Filter) -> String {
    let figures = match sort {
        RosterSort::Name | RosterSort::Joined => "",
        RosterSort::LastAttended | RosterSort::AttendanceRate => "JOIN member_stats s ON s.member_id = m.id",
    };
    format!(
        "SELECT m.id FROM members m {figures} WHERE {}
          ORDER BY {} LIMIT :limit + 0 OFFSET :offset + 0",
        filter.sql,
        order_by(sort)
    )
}

fn count_sql(filter: &Filter) -> String {
    format!("SELECT count(*) FROM members m WHERE {}", filter.sql)
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
        let filter = Filter::of(query);
        let (limit, offset) = (limit.min(i64::MAX as usize) as i64, offset as i64);
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&page_ids_sql(query.sort, &filter))?
            .query_map(&*filter.params(&group.0, &[(":limit", &limit), (":offset", &offset)]), |r| r.get(0))?
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
                 INSERT INTO member_stats (member_id, group_id, last_attended, first_attended, attended, possible, rate)
                 SELECT member_id, group_id, last_attended, first_attended, attended, possible,
                        CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
                   FROM member_figures;",
            )?;
            Ok(())
        })
    }

    /// Members whose kept figures differ from a fresh computation (for the
    /// tests that check the triggers).
    pub fn stale_member_stats(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM member_figures f LEFT JOIN member_stats s ON s.member_id = f.member_id
              WHERE s.member_id IS NULL OR s.attended IS NOT f.attended OR s.possible IS NOT f.possible
                 OR s.last_attended IS NOT f.last_attended OR s.first_attended IS NOT f.first_attended
                 OR s.rate IS NOT (CASE WHEN f.possible > 0 THEN CAST(f.attended AS REAL) / f.possible END)",
            [],
            |r| r.get(0),
        )?)
    }

    /// How many rows the query matches, for the scroll position.
    pub fn roster_count(&self, group: GroupId, query: &RosterQuery) -> Result<usize> {
        let filter = Filter::of(query);
        let n: i64 =
            self.conn.prepare_cached(&count_sql(&filter))?.query_row(&*filter.params(&group.0, &[]), |r| r.get(0))?;
        Ok(n as usize)
    }
}

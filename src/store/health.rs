//! The facts size health is worked out from: the members with their
//! attendance, the latest meetings and rounds, the status history, the
//! waitlist and the promotion channels of one group.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::health::{
    HealthInput, HealthSettings, MeetingFacts, MemberFacts, SPEAKING_ROUNDS, StatusEvent, TREND_MEETINGS, Turn, Waiting,
};
use crate::domain::{GroupId, GroupStatus, MemberId, MemberStatus, Openness};

impl Store {
    /// Everything the size-health rules need for one group. Only the
    /// meetings the rules look at are read: the latest for the trend, and
    /// those of the latest rounds.
    pub fn health_input(&self, group: GroupId) -> Result<HealthInput> {
        let g = self.group(group)?;
        let s = &g.settings;
        let settings = HealthSettings {
            meeting_minutes: s.meeting_minutes,
            opening_closing_minutes: s.opening_closing_minutes,
            min_speaking_minutes: s.min_speaking_minutes,
            smallest: s.min_size,
            review_interval_days: s.review_interval_days,
            last_review: s.last_review,
            created_on: g.created_on,
            purpose: s.purpose.clone(),
            taking_people: s.openness == Openness::Open
                && matches!(s.status, GroupStatus::Forming | GroupStatus::Active),
        };
        let members = self.member_facts(group)?;
        Ok(HealthInput {
            group: g.name.clone(),
            settings,
            members,
            meetings: self.meeting_facts(group)?,
            history: self.status_events(group)?,
            waiting: self.waiting(group)?,
            enquiries: self.with_status_since(group, MemberStatus::Enquiry)?,
            channels: self.channels(group)?,
        })
    }

    /// Every member of the group with their attendance, in one read of
    /// the members and their kept figures.
    fn member_facts(&self, group: GroupId) -> Result<Vec<MemberFacts>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.name, m.status, s.attended, s.possible, m.invite_to_speak
               FROM members m JOIN member_stats s ON s.member_id = m.id
              WHERE m.group_id = ?1 ORDER BY m.name COLLATE NOCASE, m.id",
        )?;
        let rows = stmt.query_map(params![group.0], |r| {
            Ok(MemberFacts {
                id: MemberId(r.get(0)?),
                name: r.get(1)?,
                status: r.get::<_, MemberStatus>(2)?,
                attended: r.get(3)?,
                possible: r.get(4)?,
                invite_to_speak: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest meetings, and the meetings of the latest rounds, oldest
    /// first, each with who came and their turns in a round.
    fn meeting_facts(&self, group: GroupId) -> Result<Vec<MeetingFacts>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH wanted AS (
                 SELECT id FROM (SELECT id FROM meetings WHERE group_id = ?1 ORDER BY held_on DESC, id DESC LIMIT ?2)
                 UNION
                 SELECT id FROM (SELECT id FROM meetings WHERE group_id = ?1 AND round_run = 1
                                  ORDER BY held_on DESC, id DESC LIMIT ?3)
             )
             SELECT m.id, m.held_on, m.visitors, m.round_run FROM meetings m JOIN wanted w ON w.id = m.id
              ORDER BY m.held_on, m.id",
        )?;
        let rows = stmt
            .query_map(params![group.0, TREND_MEETINGS as i64, SPEAKING_ROUNDS as i64], |r| {
                Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get::<_, u32>(2)?, r.get::<_, bool>(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut turns = self.conn.prepare_cached(
            "SELECT member_id, speaking_seconds, spoke, passed FROM attendance WHERE meeting_id = ?1",
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, held_on, visitors, round_run) in rows {
            let attended = turns
                .query_map([id], |r| {
                    Ok(Turn {
                        member: MemberId(r.get(0)?),
                        seconds: r.get::<_, Option<u32>>(1)?.unwrap_or(0),
                        spoke: r.get::<_, Option<bool>>(2)?.unwrap_or(false),
                        passed: r.get::<_, Option<bool>>(3)?.unwrap_or(false),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(MeetingFacts {
                held_on,
                present: attended.len() as u32,
                visitors,
                round_run,
                attendees: attended.iter().map(|t| t.member).collect(),
                turns: if round_run { attended } else { Vec::new() },
            });
        }
        Ok(out)
    }

    fn status_events(&self, group: GroupId) -> Result<Vec<StatusEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.member_id, h.status, h.changed_on FROM member_status_history h
               JOIN members m ON m.id = h.member_id WHERE m.group_id = ?1",
        )?;
        let rows = stmt
            .query_map([group.0], |r| {
                Ok(StatusEvent { member: MemberId(r.get(0)?), status: r.get(1)?, on: r.get(2)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn waiting(&self, group: GroupId) -> Result<Vec<Waiting>> {
        self.with_status_since(group, MemberStatus::Waitlist)
    }

    fn with_status_since(&self, group: GroupId, status: MemberStatus) -> Result<Vec<Waiting>> {
        let people = self.members_with_status(group, &[status])?;
        Ok(people.into_iter().map(|m| Waiting { member: m.id, name: m.fields.name, since: m.status_since }).collect())
    }
}

//! Every record of a group read out whole, and written back with the same
//! ids, for `circle export` and `circle import-all`. The file format itself
//! is the use case's (`usecase::transfer`); here are only the rows.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::domain::{
    Activity, AgreementVersion, Attendance, Card, Channel, DealEntry, Group, GroupId, Meeting, MeetingId, Member,
    MemberId, Signup, StatusChange,
};

/// A group and everything recorded in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecords {
    pub group: Group,
    pub members: Vec<MemberRecords>,
    pub meetings: Vec<MeetingRecords>,
    pub agreements: Vec<AgreementRecords>,
    pub draft: Option<Saved>,
    pub channels: Vec<Channel>,
    pub activities: Vec<ActivityRecords>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRecords {
    pub member: Member,
    /// Oldest first.
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecords {
    pub meeting: Meeting,
    pub attendance: Vec<Attendance>,
    /// The round in progress, as its stored JSON record.
    pub round: Option<Saved>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRecords {
    pub version: AgreementVersion,
    pub signups: Vec<Signup>,
}

/// Text saved as it was typed (a draft, a round's record) and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub text: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecords {
    pub activity: Activity,
    pub created_at: String,
    pub participants: Vec<MemberId>,
    pub cards: Vec<Card>,
    pub deal: Vec<DealEntry>,
    pub rooms: Vec<(u32, MemberId)>,
    /// Pairs who shared a breakout room, the smaller id first.
    pub pairs: Vec<(MemberId, MemberId)>,
}

impl Store {
    pub fn group_count(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM groups", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Reads the given groups whole, in one read transaction so an edit
    /// made meanwhile by a console is either all in or all out.
    pub fn group_records(&self, groups: &[GroupId]) -> Result<Vec<GroupRecords>> {
        let tx = self.conn.unchecked_transaction()?;
        let out = groups.iter().map(|id| self.one_group(*id)).collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(out)
    }

    fn one_group(&self, id: GroupId) -> Result<GroupRecords> {
        let group = self.group(id)?;
        let members = self
            .all_members(id)?
            .into_iter()
            .map(|member| Ok(MemberRecords { history: self.status_history(member.id)?, member }))
            .collect::<Result<Vec<_>>>()?;
        let meetings = self
            .meetings(id, 0, self.meeting_count(id)?)?
            .into_iter()
            .rev()
            .map(|meeting| {
                let mut attendance = self.attendance(meeting.id)?;
                attendance.sort_by_key(|a| a.member);
                Ok(MeetingRecords { attendance, round: self.saved_round(meeting.id)?, meeting })
            })
            .collect::<Result<Vec<_>>>()?;
        let agreements = self
            .agreement_versions(id)?
            .into_iter()
            .rev()
            .map(|version| {
                let mut signups = self.signups(version.id)?;
                signups.sort_by_key(|s| s.member);
                Ok(AgreementRecords { signups, version })
            })
            .collect::<Result<Vec<_>>>()?;
        let draft = self
            .conn
            .query_row("SELECT body, updated_at FROM agreement_drafts WHERE group_id = ?1", [id.0], |r| {
                Ok(Saved { text: r.get(0)?, updated_at: r.get(1)? })
            })
            .optional()?;
        let mut channels = self.channels(id)?;
        channels.sort_by_key(|c| c.id);
        let mut activities = self.activities(id)?;
        activities.sort_by_key(|a| a.id);
        let activities = activities.into_iter().map(|a| self.activity_records(a)).collect::<Result<Vec<_>>>()?;
        Ok(GroupRecords { group, members, meetings, agreements, draft, channels, activities })
    }

    fn saved_round(&self, meeting: MeetingId) -> Result<Option<Saved>> {
        Ok(self
            .conn
            .query_row("SELECT record, updated_at FROM rounds_in_progress WHERE meeting_id = ?1", [meeting.0], |r| {
                Ok(Saved { text: r.get(0)?, updated_at: r.get(1)? })
            })
            .optional()?)
    }

    fn activity_records(&self, activity: Activity) -> Result<ActivityRecords> {
        let id = activity.id;
        let created_at: String =
            self.conn.query_row("SELECT created_at FROM endings_activities WHERE id = ?1", [id.0], |r| r.get(0))?;
        let mut participants = self.participants(id)?;
        participants.sort();
        let mut rooms = self.rooms(id)?;
        rooms.sort();
        let mut stmt = self.conn.prepare_cached(
            "SELECT member_a, member_b FROM pairing_history WHERE activity_id = ?1 ORDER BY member_a, member_b",
        )?;
        let pairs = stmt
            .query_map([id.0], |r| Ok((MemberId(r.get(0)?), MemberId(r.get(1)?))))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ActivityRecords {
            created_at,
            participants,
            cards: self.cards(id)?,
            deal: self.deal(id)?,
            rooms,
            pairs,
            activity,
        })
    }

    /// Writes groups read by [`Store::group_records`] (or from a file) with
    /// their own ids into a database that has no groups yet, in one
    /// transaction: all of it, or nothing.
    ///
    /// A real transaction, not a savepoint: a savepoint rolled back and
    /// released still commits, and that commit bumps the file's change
    /// counter, so a refused import would leave the file changed by a few
    /// bytes. With `ROLLBACK` not one byte changes. So this cannot run
    /// inside [`Store::atomic`].
    pub fn fill_empty(&mut self, groups: &[GroupRecords]) -> Result<Filled> {
        self.ensure_writable()?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let outcome = self.fill_in_transaction(groups).and_then(|filled| {
            if filled == Filled::Done {
                self.conn.execute_batch("COMMIT")?;
            }
            Ok(filled)
        });
        if !matches!(outcome, Ok(Filled::Done)) {
            // Nothing was written, or the error that stopped it is the one
            // worth telling.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        outcome
    }

    fn fill_in_transaction(&mut self, groups: &[GroupRecords]) -> Result<Filled> {
        match self.group_count()? {
            0 => {}
            n => return Ok(Filled::NotEmpty(n)),
        }
        // Each meeting written would work out the figures of its whole
        // group again; they are worked out once at the end instead.
        self.pause_member_stats()?;
        for g in groups {
            insert_group(&self.conn, g)?;
        }
        // Successors last: a group may name one that comes after it.
        for g in groups {
            if let Some(successor) = g.group.settings.successor {
                self.conn
                    .execute("UPDATE groups SET successor_id = ?2 WHERE id = ?1", params![g.group.id.0, successor.0])?;
            }
        }
        self.rebuild_member_stats()?;
        self.conn.execute(super::CHANGED_SQL, [super::changed_now()])?;
        Ok(Filled::Done)
    }
}

/// What [`Store::fill_empty`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filled {
    Done,
    /// Nothing: the database already has this many groups.
    NotEmpty(usize),
}

/// Runs one of the import's statements, each prepared once for the
/// whole import: preparing an insert also compiles the triggers on its
/// table, which for thousands of rows costs more than the writing.
fn run(tx: &rusqlite::Connection, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(params)
}

fn insert_group(tx: &rusqlite::Connection, g: &GroupRecords) -> Result<()> {
    let (group, s) = (&g.group, &g.group.settings);
    run(
        tx,
        "INSERT INTO groups (id, name, focus, entry_criteria, openness, status, meeting_minutes,
             opening_closing_minutes, min_speaking_minutes, min_size, review_interval_days, last_review, purpose,
             created_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            group.id.0,
            group.name,
            s.focus,
            s.entry_criteria,
            s.openness,
            s.status,
            s.meeting_minutes,
            s.opening_closing_minutes,
            s.min_speaking_minutes,
            s.min_size,
            s.review_interval_days,
            s.last_review,
            s.purpose,
            group.created_on
        ],
    )?;
    for m in &g.members {
        insert_member(tx, m)?;
    }
    for m in &g.meetings {
        insert_meeting(tx, m)?;
    }
    for a in &g.agreements {
        let v = &a.version;
        run(
            tx,
            "INSERT INTO agreement_versions (id, group_id, version, adopted_on, body, change_note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![v.id.0, group.id.0, v.version, v.adopted_on, v.body, v.change_note],
        )?;
        for s in &a.signups {
            run(
                tx,
                "INSERT INTO signups (member_id, agreement_id, signed_on) VALUES (?1, ?2, ?3)",
                params![s.member.0, v.id.0, s.signed_on],
            )?;
        }
    }
    if let Some(draft) = &g.draft {
        run(
            tx,
            "INSERT INTO agreement_drafts (group_id, body, updated_at) VALUES (?1, ?2, ?3)",
            params![group.id.0, draft.text, draft.updated_at],
        )?;
    }
    for c in &g.channels {
        run(
            tx,
            "INSERT INTO promotion_channels (id, group_id, kind, name, status, planned_on, tried_on, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![c.id.0, group.id.0, c.kind, c.name, c.status, c.planned_on, c.tried_on, c.notes],
        )?;
    }
    for a in &g.activities {
        insert_activity(tx, group.id, a)?;
    }
    Ok(())
}

fn insert_member(tx: &rusqlite::Connection, m: &MemberRecords) -> Result<()> {
    let (member, f) = (&m.member, &m.member.fields);
    run(
        tx,
        "INSERT INTO members (id, group_id, name, pronouns, contact, joined, status, status_since, role,
                              access_needs, invite_to_speak, notes, name_folded)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            member.id.0,
            member.group.0,
            f.name,
            f.pronouns,
            f.contact,
            f.joined,
            member.status,
            member.status_since,
            f.role,
            f.access_needs,
            f.invite_to_speak,
            f.notes,
            crate::domain::text::fold(&f.name)
        ],
    )?;
    for h in &m.history {
        run(
            tx,
            "INSERT INTO member_status_history (member_id, status, changed_on, reason) VALUES (?1, ?2, ?3, ?4)",
            params![member.id.0, h.status, h.changed_on, h.reason],
        )?;
    }
    Ok(())
}

fn insert_meeting(tx: &rusqlite::Connection, m: &MeetingRecords) -> Result<()> {
    let meeting = &m.meeting;
    run(
        tx,
        "INSERT INTO meetings (id, group_id, held_on, mode, minutes, visitors, round_run, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            meeting.id.0,
            meeting.group.0,
            meeting.held_on,
            meeting.mode,
            meeting.minutes,
            meeting.visitors,
            meeting.round_run,
            meeting.notes
        ],
    )?;
    for a in &m.attendance {
        run(
            tx,
            "INSERT INTO attendance (meeting_id, member_id, speaking_seconds, spoke, passed, turn_order)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![meeting.id.0, a.member.0, a.speaking_seconds, a.spoke, a.passed, a.turn_order],
        )?;
    }
    if let Some(round) = &m.round {
        run(
            tx,
            "INSERT INTO rounds_in_progress (meeting_id, record, updated_at) VALUES (?1, ?2, ?3)",
            params![meeting.id.0, round.text, round.updated_at],
        )?;
    }
    Ok(())
}

fn insert_activity(tx: &rusqlite::Connection, group: GroupId, a: &ActivityRecords) -> Result<()> {
    let act = &a.activity;
    run(
        tx,
        "INSERT INTO endings_activities (id, group_id, held_on, mode, card_style, chain, stage, seed, locked,
             position, reveal_author, created_at, notice)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            act.id.0,
            group.0,
            act.held_on,
            act.mode,
            act.card_style,
            act.chain,
            act.stage,
            // SQLite integers are signed: the seed is kept as its bit pattern.
            act.seed.map(|s| s as i64),
            act.locked,
            act.position,
            act.reveal_author,
            a.created_at,
            act.notice
        ],
    )?;
    for member in &a.participants {
        run(
            tx,
            "INSERT INTO activity_participants (activity_id, member_id) VALUES (?1, ?2)",
            params![act.id.0, member.0],
        )?;
    }
    for c in &a.cards {
        run(
            tx,
            "INSERT INTO cards (id, activity_id, author_id, number, text, sealed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![c.id.0, act.id.0, c.author.0, c.number, c.text, c.sealed],
        )?;
    }
    for e in &a.deal {
        run(
            tx,
            "INSERT INTO deal_entries (activity_id, position, reader_id, card_id, room, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![act.id.0, e.position, e.reader.map(|r| r.0), e.card.0, e.room, e.read_at],
        )?;
    }
    for (room, member) in &a.rooms {
        run(
            tx,
            "INSERT INTO breakout_rooms (activity_id, room, member_id) VALUES (?1, ?2, ?3)",
            params![act.id.0, room, member.0],
        )?;
    }
    for (x, y) in &a.pairs {
        run(
            tx,
            "INSERT INTO pairing_history (group_id, activity_id, member_a, member_b) VALUES (?1, ?2, ?3, ?4)",
            params![group.0, act.id.0, x.0, y.0],
        )?;
    }
    Ok(())
}

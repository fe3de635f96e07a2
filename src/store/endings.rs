//! The "moving on with positivity" activity: participants, cards, the deal,
//! the reading position. Everything is saved as it happens so an activity
//! resumes exactly where it was.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError, now_utc};
use crate::domain::{Activity, ActivityId, ActivityStage, Card, CardId, DealEntry, GroupId, MemberId, NewActivity};

const COLUMNS: &str =
    "id, group_id, held_on, mode, card_style, chain, stage, seed, locked, position, reveal_author, notice";

/// An activity's people while cards are collected: everyone who can take
/// part (see [`Store::activity_people`]).
pub(super) const PEOPLE_COLLECTING: &str = "SELECT m.id, m.name, m.contact, p.member_id IS NOT NULL
   FROM members m LEFT JOIN activity_participants p ON p.activity_id = ?1 AND p.member_id = m.id
  WHERE m.group_id = ?2 AND m.status IN ('active', 'on_break')";

/// From the deal on: those taking part and the authors of cards. The `+`
/// before the group keeps SQLite from choosing the group's index (every
/// member) over the handful of ids.
pub(super) const PEOPLE_INVOLVED: &str = "SELECT m.id, m.name, m.contact, p.member_id IS NOT NULL
   FROM members m LEFT JOIN activity_participants p ON p.activity_id = ?1 AND p.member_id = m.id
  WHERE m.id IN (SELECT member_id FROM activity_participants WHERE activity_id = ?1
                 UNION SELECT author_id FROM cards WHERE activity_id = ?1)
    AND +m.group_id = ?2";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: ActivityId(r.get(0)?),
        group: GroupId(r.get(1)?),
        held_on: r.get(2)?,
        mode: r.get(3)?,
        card_style: r.get(4)?,
        chain: r.get(5)?,
        stage: r.get(6)?,
        // SQLite integers are signed: the seed is stored as its bit pattern.
        seed: r.get::<_, Option<i64>>(7)?.map(|s| s as u64),
        locked: r.get(8)?,
        position: r.get(9)?,
        reveal_author: r.get(10)?,
        notice: r.get(11)?,
    })
}

fn card_from_row(r: &Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: CardId(r.get(0)?),
        activity: ActivityId(r.get(1)?),
        author: MemberId(r.get(2)?),
        number: r.get(3)?,
        text: r.get(4)?,
        sealed: r.get(5)?,
    })
}

impl Store {
    pub fn create_activity(&mut self, group: GroupId, new: &NewActivity) -> Result<Activity> {
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO endings_activities (group_id, held_on, mode, card_style, chain, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![group.0, new.held_on, new.mode, new.card_style, new.chain, now_utc()],
            )?;
            let id = ActivityId(tx.last_insert_rowid());
            for member in &new.participants {
                tx.execute(
                    "INSERT OR IGNORE INTO activity_participants (activity_id, member_id)
                     SELECT ?1, id FROM members WHERE id = ?2 AND group_id = ?3",
                    params![id.0, member.0, group.0],
                )?;
            }
            Ok(id)
        })?;
        self.activity(id)
    }

    pub fn activity(&self, id: ActivityId) -> Result<Activity> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM endings_activities WHERE id = ?1"))?
            .query_row([id.0], from_row)
            .optional()?
            .ok_or(StoreError::NotFound("activity"))
    }

    /// The group's activities, newest first.
    pub fn activities(&self, group: GroupId) -> Result<Vec<Activity>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM endings_activities WHERE group_id = ?1 ORDER BY held_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([group.0], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn participants(&self, activity: ActivityId) -> Result<Vec<MemberId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.member_id FROM activity_participants p JOIN members m ON m.id = p.member_id
              WHERE p.activity_id = ?1 ORDER BY m.name COLLATE NOCASE, m.id",
        )?;
        let rows = stmt.query_map([activity.0], |r| Ok(MemberId(r.get(0)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Who an activity's screens can name, as (id, name, contact, taking
    /// part), in no order. While cards are collected that is the group's
    /// active and on-break members, to choose from; from the deal on, only
    /// those taking part and the authors of cards, since a group may have
    /// thousands of members and the reading opens with the console. Only
    /// the columns the screens show are read.
    pub fn activity_people(
        &self,
        activity: ActivityId,
        group: GroupId,
        everyone: bool,
    ) -> Result<Vec<(MemberId, String, String, bool)>> {
        let sql = if everyone { PEOPLE_COLLECTING } else { PEOPLE_INVOLVED };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params![activity.0, group.0], |r| Ok((MemberId(r.get(0)?), r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn set_participant(&mut self, activity: ActivityId, member: MemberId, taking_part: bool) -> Result<()> {
        self.write(|tx| {
            if taking_part {
                tx.execute(
                    "INSERT OR IGNORE INTO activity_participants (activity_id, member_id) VALUES (?1, ?2)",
                    params![activity.0, member.0],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM activity_participants WHERE activity_id = ?1 AND member_id = ?2",
                    params![activity.0, member.0],
                )?;
            }
            Ok(())
        })
    }

    pub fn cards(&self, activity: ActivityId) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, activity_id, author_id, number, text, sealed FROM cards WHERE activity_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map([activity.0], card_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Writes an author's card (creating it with the next number), saved at once.
    pub fn save_card(&mut self, activity: ActivityId, author: MemberId, text: &str, sealed: bool) -> Result<Card> {
        if sealed && text.trim().is_empty() {
            return Err(StoreError::Invalid("an empty card cannot be sealed: write something first".into()));
        }
        let len = text.chars().count();
        if len > crate::domain::text::MAX_NOTE_CHARS {
            return Err(StoreError::Invalid(format!(
                "a card can be at most {} characters (this has {len})",
                crate::domain::text::MAX_NOTE_CHARS
            )));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO cards (activity_id, author_id, number, text, sealed)
                 VALUES (?1, ?2, (SELECT coalesce(max(number), 0) + 1 FROM cards WHERE activity_id = ?1), ?3, ?4)
                 ON CONFLICT (activity_id, author_id) DO UPDATE SET text = ?3, sealed = ?4",
                params![activity.0, author.0, text, sealed],
            )?;
            Ok(tx.query_row(
                "SELECT id, activity_id, author_id, number, text, sealed FROM cards WHERE activity_id = ?1 AND author_id = ?2",
                params![activity.0, author.0],
                card_from_row,
            )?)
        })
    }

    /// Adds cards sent in as text, sealed: all of them, or none.
    pub fn import_cards(&mut self, activity: ActivityId, cards: &[(MemberId, String)]) -> Result<()> {
        self.write(|tx| {
            for (author, text) in cards {
                if text.trim().is_empty() {
                    return Err(StoreError::Invalid("an empty card cannot be sealed".into()));
                }
                tx.execute(
                    "INSERT INTO cards (activity_id, author_id, number, text, sealed)
                     VALUES (?1, ?2, (SELECT coalesce(max(number), 0) + 1 FROM cards WHERE activity_id = ?1), ?3, 1)",
                    params![activity.0, author.0, text],
                )?;
            }
            Ok(())
        })
    }

    pub fn delete_card(&mut self, card: CardId) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM cards WHERE id = ?1", [card.0])?;
            Ok(())
        })
    }

    /// Replaces the activity's deal with a new one (not yet locked).
    pub fn store_deal(
        &mut self,
        activity: ActivityId,
        seed: u64,
        entries: &[DealEntry],
        rooms: &[(u32, MemberId)],
    ) -> Result<()> {
        self.write(|tx| {
            write_deal(tx, activity, entries, rooms)?;
            tx.execute(
                "UPDATE endings_activities SET seed = ?2, stage = 'dealing', locked = 0, position = 0 WHERE id = ?1",
                params![activity.0, seed as i64],
            )?;
            Ok(())
        })
    }

    pub fn deal(&self, activity: ActivityId) -> Result<Vec<DealEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT position, reader_id, card_id, room, read_at FROM deal_entries WHERE activity_id = ?1 ORDER BY position",
        )?;
        let rows = stmt
            .query_map([activity.0], |r| {
                Ok(DealEntry {
                    position: r.get(0)?,
                    reader: r.get::<_, Option<i64>>(1)?.map(MemberId),
                    card: CardId(r.get(2)?),
                    room: r.get(3)?,
                    read_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn rooms(&self, activity: ActivityId) -> Result<Vec<(u32, MemberId)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.room, b.member_id FROM breakout_rooms b JOIN members m ON m.id = b.member_id
              WHERE b.activity_id = ?1 ORDER BY b.room, m.name COLLATE NOCASE",
        )?;
        let rows = stmt
            .query_map([activity.0], |r| Ok((r.get(0)?, MemberId(r.get(1)?))))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Locks the deal and starts the reading; online pairs go into the
    /// group's pairing history so later activities can avoid them.
    pub fn lock_deal(&mut self, activity: ActivityId, pairs: &[(MemberId, MemberId)]) -> Result<()> {
        self.write(|tx| {
let group: i64 = tx
                .query_row("SELECT group_id FROM endings_activities WHERE id = ?1", [activity.0], |r| r.get(0))
                .optional()?
                .ok_or(StoreError::NotFound("activity"))?;
            tx.execute("DELETE FROM pairing_history WHERE activity_id = ?1", [activity.0])?;
            for (a, b) in pairs {
                let (a, b) = if a < b { (a, b) } else { (b, a) };
                if a == b {
                    continue;
                }
                tx.execute(
                    "INSERT OR IGNORE INTO pairing_history (group_id, activity_id, member_a, member_b) VALUES (?1, ?2, ?3, ?4)",
                    params![group, activity.0, a.0, b.0],
                )?;
            }
            tx.execute(
                "UPDATE endings_activities SET locked = 1, stage = 'reading', position = 0 WHERE id = ?1",
                [activity.0],
            )?;
            Ok(())
        })
    }

    /// Pairs that shared a breakout room in this group's earlier activities.
    pub fn previous_pairs(&self, group: GroupId, except: Option<ActivityId>) -> Result<Vec<(MemberId, MemberId)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT member_a, member_b FROM pairing_history WHERE group_id = ?1 AND activity_id IS NOT ?2",
        )?;
        let rows = stmt
            .query_map(params![group.0, except.map(|a| a.0)], |r| Ok((MemberId(r.get(0)?), MemberId(r.get(1)?))))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn set_stage(&mut self, activity: ActivityId, stage: ActivityStage) -> Result<()> {
        self.update_activity_field(activity, "stage", &stage)
    }

    pub fn set_position(&mut self, activity: ActivityId, position: u32) -> Result<()> {
        self.update_activity_field(activity, "position", &position)
    }

    pub fn set_reveal_author(&mut self, activity: ActivityId, reveal: bool) -> Result<()> {
        self.update_activity_field(activity, "reveal_author", &reveal)
    }

    pub fn set_notice(&mut self, activity: ActivityId, notice: Option<&str>) -> Result<()> {
        self.update_activity_field(activity, "notice", &notice)
    }

    /// Replaces the deal's entries and rooms, keeping the stage, the lock
    /// and the seed: for mending a deal in the middle of the reading.
    pub fn replace_deal(
        &mut self,
        activity: ActivityId,
        entries: &[DealEntry],
        rooms: &[(u32, MemberId)],
    ) -> Result<()> {
        self.write(|tx| write_deal(tx, activity, entries, rooms))
    }

    pub fn set_chain(&mut self, activity: ActivityId, chain: bool) -> Result<()> {
        self.update_activity_field(activity, "chain", &chain)
    }

    fn update_activity_field(
        &mut self,
        activity: ActivityId,
        column: &'static str,
        value: &dyn rusqlite::ToSql,
    ) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                &format!("UPDATE endings_activities SET {column} = ?2 WHERE id = ?1"),
                params![activity.0, value],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("activity"));
            }
            Ok(())
        })
    }

    /// Marks the card at a position read (or unread again).
    pub fn mark_read(&mut self, activity: ActivityId, position: u32, read: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE deal_entries SET read_at = CASE WHEN ?3 THEN coalesce(read_at, ?4) END
                  WHERE activity_id = ?1 AND position = ?2",
                params![activity.0, position, read, now_utc()],
            )?;
            Ok(())
        })
    }
}

/// Puts `entries` and `rooms` in place of the activity's deal.
fn write_deal(
    tx: &rusqlite::Connection,
    activity: ActivityId,
    entries: &[DealEntry],
    rooms: &[(u32, MemberId)],
) -> Result<()> {
    tx.execute("DELETE FROM deal_entries WHERE activity_id = ?1", [activity.0])?;
    tx.execute("DELETE FROM breakout_rooms WHERE activity_id = ?1", [activity.0])?;
    for e in entries {
        tx.execute(
            "INSERT INTO deal_entries (activity_id, position, reader_id, card_id, room, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![activity.0, e.position, e.reader.map(|r| r.0), e.card.0, e.room, e.read_at],
        )?;
    }
    for (room, member) in rooms {
        tx.execute(
            "INSERT INTO breakout_rooms (activity_id, room, member_id) VALUES (?1, ?2, ?3)",
            params![activity.0, room, member.0],
        )?;
    }
    Ok(())
}

use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::domain::{Channel, ChannelId, GroupId, NewChannel};

impl Store {
    pub fn add_channel(&mut self, group: GroupId, new: &NewChannel) -> Result<ChannelId> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO promotion_channels (group_id, kind, name, status, planned_on, tried_on, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![group.0, new.kind, new.name.trim(), new.status, new.planned_on, new.tried_on, new.notes.trim()],
            )?;
            Ok(ChannelId(tx.last_insert_rowid()))
        })
    }

    pub fn channels(&self, group: GroupId) -> Result<Vec<Channel>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, group_id, kind, name, status, planned_on, tried_on, notes FROM promotion_channels
             WHERE group_id = ?1 ORDER BY coalesce(tried_on, planned_on) DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([group.0], |r| {
                Ok(Channel {
                    id: ChannelId(r.get(0)?),
                    group: GroupId(r.get(1)?),
                    kind: r.get(2)?,
                    name: r.get(3)?,
                    status: r.get(4)?,
                    planned_on: r.get(5)?,
                    tried_on: r.get(6)?,
                    notes: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn update_channel(&mut self, channel: &Channel) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE promotion_channels SET kind = ?2, name = ?3, status = ?4, planned_on = ?5, tried_on = ?6,
                     notes = ?7 WHERE id = ?1",
                params![
                    channel.id.0,
                    channel.kind,
                    channel.name.trim(),
                    channel.status,
                    channel.planned_on,
                    channel.tried_on,
                    channel.notes.trim()
                ],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound("promotion channel"));
            }
            Ok(())
        })
    }

    pub fn delete_channel(&mut self, id: ChannelId) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM promotion_channels WHERE id = ?1", [id.0])?;
            Ok(())
        })
    }
}

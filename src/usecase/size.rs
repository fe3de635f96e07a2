//! Size health: the report the pane shows and `circle report` prints, the
//! promotion checklist, the review of how the group describes itself.

use chrono::NaiveDate;

use super::{Circle, Error, Result};
use crate::domain::health::{Report, build_report};
use crate::domain::text::{self, MAX_NOTE_CHARS};
use crate::domain::{Channel, ChannelId, ChannelStatus, GroupId, NewChannel};

impl Circle {
    /// The group's size health on a day: figures, state, trends and the
    /// advice that fits, from one place for the pane and the report.
    pub fn size_report(&self, group: GroupId, today: NaiveDate) -> Result<Report> {
        Ok(build_report(&self.store.health_input(group)?, today))
    }

    /// The promotion channels of a group, planned and tried.
    pub fn channels(&self, group: GroupId) -> Result<Vec<Channel>> {
        Ok(self.store.channels(group)?)
    }

    /// Adds a promotion channel after checking its words: its name follows
    /// the rule for every name given now.
    pub fn add_channel(&mut self, group: GroupId, new: NewChannel) -> Result<ChannelId> {
        let new = NewChannel { name: super::given_name(&new.name)?, notes: notes(&new.notes)?, ..new };
        Ok(self.store.add_channel(group, &new)?)
    }

    /// Saves a channel as edited. A new name follows the rule for names
    /// given now; a name kept as it was stays, whatever an older circle
    /// let into it.
    pub fn update_channel(&mut self, channel: Channel) -> Result<()> {
        let notes = notes(&channel.notes)?;
        self.store.atomic(|store| {
            let stored = store.channels(channel.group)?.into_iter().find(|c| c.id == channel.id);
            let name = match stored {
                Some(stored) if stored.name == channel.name => stored.name,
                _ => super::given_name(&channel.name)?,
            };
            Ok(store.update_channel(&Channel { name, notes, ..channel })?)
        })
    }

    /// Marks a channel done (tried) today, or planned again.
    pub fn toggle_channel_done(&mut self, group: GroupId, channel: ChannelId, today: NaiveDate) -> Result<bool> {
        self.store.atomic(|store| {
            let mut c = store
                .channels(group)?
                .into_iter()
                .find(|c| c.id == channel)
                .ok_or(crate::usecase::store::StoreError::NotFound("channel"))?;
            let done = c.status != ChannelStatus::Tried;
            c.status = if done { ChannelStatus::Tried } else { ChannelStatus::Planned };
            c.tried_on = done.then_some(today);
            store.update_channel(&c)?;
            Ok(done)
        })
    }

    pub fn delete_channel(&mut self, channel: ChannelId) -> Result<()> {
        Ok(self.store.delete_channel(channel)?)
    }

    /// Records that the group reviewed how it describes itself today.
    pub fn mark_reviewed(&mut self, group: GroupId, today: NaiveDate) -> Result<()> {
        self.store.atomic(|store| {
            let mut settings = store.group(group)?.settings;
            settings.last_review = Some(today);
            Ok(store.update_group_settings(group, &settings)?)
        })
    }

    /// Saves the group's purpose and values statement, used to promote it.
    pub fn set_purpose(&mut self, group: GroupId, purpose: &str) -> Result<()> {
        let purpose = text::limited("the purpose", purpose, MAX_NOTE_CHARS)
            .map_err(|e| Error::field("purpose", e.to_string()))?;
        self.store.atomic(|store| {
            let mut settings = store.group(group)?.settings;
            settings.purpose = purpose.clone();
            Ok(store.update_group_settings(group, &settings)?)
        })
    }
}

fn notes(notes: &str) -> Result<String> {
    text::limited("notes", notes, MAX_NOTE_CHARS).map_err(|e| Error::field("notes", e.to_string()))
}

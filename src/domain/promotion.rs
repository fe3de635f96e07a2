//! How a group promotes itself: the channels tried or planned.

use chrono::NaiveDate;

use super::{ChannelId, ChannelKind, ChannelStatus, GroupId};

/// A way the group has promoted itself, or plans to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Channel {
    pub id: ChannelId,
    pub group: GroupId,
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    pub planned_on: Option<NaiveDate>,
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    pub planned_on: Option<NaiveDate>,
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

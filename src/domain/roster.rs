//! The roster's view of the members: the query a facilitator builds with
//! the filter, search and sort keys, and the rows with attendance figures.

use chrono::NaiveDate;

use super::{MemberId, MemberStatus, Role};

/// How many of the group's latest meetings the attendance rate looks at.
pub const RATE_WINDOW: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RosterSort {
    #[default]
    Name,
    Joined,
    LastAttended,
    AttendanceRate,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterQuery {
    pub status: Option<MemberStatus>,
    /// Leave out people who have left (the roster's usual view).
    pub hide_left: bool,
    pub search: String,
    pub sort: RosterSort,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub id: MemberId,
    pub name: String,
    pub pronouns: String,
    pub status: MemberStatus,
    pub role: Role,
    pub joined: Option<NaiveDate>,
    pub last_attended: Option<NaiveDate>,
    /// Meetings attended and meetings they could have come to (from joining,
    /// or their first visit, until a break or leaving), among the latest
    /// [`RATE_WINDOW`].
    pub attended: u32,
    pub possible: u32,
    pub signed_version: Option<u32>,
    pub invite_to_speak: bool,
    pub access_needs: bool,
}

impl RosterRow {
    pub fn attendance_rate(&self) -> Option<f64> {
        (self.possible > 0).then(|| f64::from(self.attended) / f64::from(self.possible))
    }
}

impl RosterSort {
    pub const ALL: [RosterSort; 4] =
        [RosterSort::Name, RosterSort::Joined, RosterSort::LastAttended, RosterSort::AttendanceRate];

    pub fn label(self) -> &'static str {
        match self {
            RosterSort::Name => "name",
            RosterSort::Joined => "joined",
            RosterSort::LastAttended => "last attended",
            RosterSort::AttendanceRate => "attendance",
        }
    }
}

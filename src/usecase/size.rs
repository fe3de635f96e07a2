//! Size health: the figures the pane (and later `circle report`) show.

use super::{Circle, Result};
use crate::domain::size::{SizeState, WorkableRange};
use crate::domain::{GroupId, MemberStatus};

/// The group's size against its workable range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeFigures {
    pub range: WorkableRange,
    pub counts: Vec<(MemberStatus, u32)>,
    pub meetings: usize,
}

impl SizeFigures {
    pub fn count(&self, status: MemberStatus) -> u32 {
        self.counts.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }

    pub fn active(&self) -> u32 {
        self.count(MemberStatus::Active)
    }

    pub fn state(&self) -> SizeState {
        self.range.state(self.active())
    }
}

impl Circle {
    pub fn size_figures(&self, group: GroupId) -> Result<SizeFigures> {
        let range = self.store.group(group)?.settings.workable_range();
        Ok(SizeFigures { range, counts: self.store.status_counts(group)?, meetings: self.store.meeting_count(group)? })
    }
}

//! Reading the roster: how many people the view shows, the window of rows
//! around the selection, and the current agreement's version. One function
//! does it for the pane and for reading ahead on another connection, so the
//! two cannot differ.

use super::{FILTERS, Filter, RosterPane};
use crate::domain::{GroupId, MemberId, RosterQuery, RosterRow};
use crate::usecase::{Circle, Result};

/// One read of the roster.
#[derive(Debug)]
pub struct RosterRead {
    total: usize,
    window_start: usize,
    rows: Vec<RosterRow>,
    current_version: Option<u32>,
}

/// Reads the `window` rows around `selected`, counting the matches unless
/// `counted` already knows how many there are.
pub(super) fn read(
    circle: &Circle,
    group: GroupId,
    query: &RosterQuery,
    selected: usize,
    window: usize,
    counted: Option<usize>,
) -> Result<RosterRead> {
    let (total, window_start, rows) = match counted {
        // A new search or filter starts at the top: when its first window
        // is not full, that window is the whole list, and the matches need
        // no separate count (a narrowing search is then one read).
        None if selected == 0 => {
            let rows = circle.roster_page(group, query, 0, window)?;
            let total = if rows.len() < window { rows.len() } else { circle.roster_count(group, query)? };
            (total, 0, rows)
        }
        _ => {
            let total = match counted {
                Some(total) => total,
                None => circle.roster_count(group, query)?,
            };
            let start = selected.min(total.saturating_sub(1)).saturating_sub(window / 2);
            (total, start, circle.roster_page(group, query, start, window)?)
        }
    };
    let current_version = circle.current_agreement(group)?.map(|v| v.version);
    Ok(RosterRead { total, window_start, rows, current_version })
}

impl RosterPane {
    /// The query the filter, search and sort on screen ask for.
    pub(super) fn wanted_query(&self) -> RosterQuery {
        let (status, hide_left) = match FILTERS[self.filter] {
            Filter::Current => (None, true),
            Filter::Everyone => (None, false),
            Filter::Only(status) => (Some(status), false),
        };
        RosterQuery { status, hide_left, search: self.search.value().to_string(), sort: self.query.sort }
    }

    /// Shows what was read, keeping the highlight on `keep` if still there.
    pub(super) fn show(&mut self, read: RosterRead, keep: Option<MemberId>) {
        self.total = read.total;
        self.cursor.clamp(read.total);
        self.window_start = read.window_start;
        self.rows = read.rows;
        self.current_version = read.current_version;
        self.failed = None;
        if let Some(i) = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
            self.cursor.selected = self.window_start + i;
        }
    }

    /// What a roster not yet shown reads first: the usual view, from the
    /// top. Runs on a connection of its own, after the first frame.
    pub fn read_ahead(circle: &Circle, group: GroupId) -> Result<RosterRead> {
        let pane = RosterPane::default();
        read(circle, group, &pane.wanted_query(), 0, pane.window(), None)
    }

    /// Takes a roster read ahead at `revision`, if this pane is still as a
    /// first visit finds it (nothing typed, filtered or selected, no
    /// register or round open). Returns whether it was taken.
    pub fn take_read_ahead(&mut self, read: RosterRead, group: GroupId, revision: (i64, u64)) -> bool {
        let fresh = RosterPane::default();
        let untouched = self.round.is_none()
            && self.register.is_none()
            && self.meetings.is_none()
            && self.counted.is_none()
            && self.cursor.selected == 0
            && self.wanted_query() == fresh.wanted_query()
            && self.window() == fresh.window();
        if untouched {
            self.query = self.wanted_query();
            self.counted = Some((group, self.query.clone(), revision));
            self.show(read, None);
        }
        untouched
    }
}

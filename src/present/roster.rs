//! The words for one person on the roster: their role, their attendance
//! and whether they agreed to the group's agreement, each as the console's
//! short cell and as linear mode's words, from one value.

use crate::domain::{MemberStatus, Role, RosterRow};

/// A role as short as a grid column can hold: the member's own role is
/// left blank, so the roles that stand out are the ones that show.
pub fn role_short(role: Role) -> &'static str {
    match role {
        Role::Member => "",
        Role::Facilitator => "fac",
        Role::CoFacilitator => "co-fac",
    }
}

/// How often someone came among the latest meetings they could have come
/// to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    /// They came to `attended` of the `possible` meetings open to them.
    Share { attended: u32, possible: u32 },
    /// Active, but joined after the latest meeting: nothing to count yet.
    New,
    /// Waiting, enquiring, or away (on a break or gone) for all of the
    /// latest meetings: nothing to count, and nothing new about them.
    None,
}

impl Attendance {
    pub fn of(row: &RosterRow) -> Attendance {
        if row.possible > 0 {
            Attendance::Share { attended: row.attended, possible: row.possible }
        } else if row.joined.is_some() && row.status == MemberStatus::Active {
            Attendance::New
        } else {
            Attendance::None
        }
    }

    /// The roster grid's cell: "all", "58%", "new" or "—".
    pub fn short(self) -> String {
        match self {
            Attendance::Share { attended, possible } => {
                let share = f64::from(attended) / f64::from(possible);
                if share >= 1.0 { "all".to_string() } else { format!("{:.0}%", share * 100.0) }
            }
            Attendance::New => "new".to_string(),
            Attendance::None => "—".to_string(),
        }
    }

    /// In words: "7 of 12 meetings they could have come to", "new", or
    /// "no meetings they could have come to".
    pub fn words(self) -> String {
        match self {
            Attendance::Share { attended, possible } => {
                format!(
                    "{attended} of {} they could have come to",
                    crate::domain::text::count(u64::from(possible), "meeting", "meetings")
                )
            }
            Attendance::New => "new".to_string(),
            Attendance::None => "no meetings they could have come to".to_string(),
        }
    }
}

/// Where someone stands with the group's agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreed {
    /// Agreed to `0`, the current version (or the only one known).
    Current(u32),
    /// Agreed to an older version than the current one.
    Older { signed: u32, current: u32 },
    /// Not agreed to any version; `current` is the one there is to agree to.
    Not { current: Option<u32> },
}

impl Agreed {
    /// From the version someone signed and the group's current version.
    pub fn of(signed: Option<u32>, current: Option<u32>) -> Agreed {
        match (signed, current) {
            (Some(signed), Some(current)) if signed < current => Agreed::Older { signed, current },
            (Some(signed), _) => Agreed::Current(signed),
            (None, current) => Agreed::Not { current },
        }
    }

    /// Whether there is something to ask them to agree to.
    pub fn wanted(self) -> bool {
        matches!(self, Agreed::Older { .. } | Agreed::Not { current: Some(_) })
    }

    /// The roster grid's cell: "v2", "v1!" (an older version) or "—".
    pub fn short(self) -> String {
        match self {
            Agreed::Current(v) => format!("v{v}"),
            Agreed::Older { signed, .. } => format!("v{signed}!"),
            Agreed::Not { .. } => "—".to_string(),
        }
    }

    /// In words: "agreed to version 2", "agreed to version 1, not yet to
    /// version 2" (what the grid's "!" says), or "not agreed yet".
    pub fn words(self) -> String {
        match self {
            Agreed::Current(v) => format!("agreed to version {v}"),
            Agreed::Older { signed, current } => format!("agreed to version {signed}, not yet to version {current}"),
            Agreed::Not { .. } => "not agreed yet".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MemberId;
    use chrono::NaiveDate;

    fn row(status: MemberStatus, attended: u32, possible: u32) -> RosterRow {
        RosterRow {
            id: MemberId(1),
            name: "Ann".into(),
            pronouns: String::new(),
            status,
            role: Role::Member,
            joined: NaiveDate::from_ymd_opt(2024, 1, 8),
            last_attended: NaiveDate::from_ymd_opt(2024, 6, 3),
            attended,
            possible,
            signed_version: None,
            invite_to_speak: false,
            access_needs: false,
        }
    }

    #[test]
    fn only_someone_active_without_a_meeting_yet_is_new() {
        let short = |r: RosterRow| Attendance::of(&r).short();
        assert_eq!(short(row(MemberStatus::Active, 0, 0)), "new");
        assert_eq!(short(row(MemberStatus::OnBreak, 0, 0)), "—", "away for all the latest meetings");
        assert_eq!(short(row(MemberStatus::Left, 0, 0)), "—");
        assert_eq!(short(RosterRow { joined: None, ..row(MemberStatus::Active, 0, 0) }), "—");
        assert_eq!(short(row(MemberStatus::Active, 0, 12)), "0%");
        assert_eq!(short(row(MemberStatus::OnBreak, 6, 6)), "all");
        assert_eq!(short(row(MemberStatus::Active, 7, 12)), "58%");
    }

    #[test]
    fn attendance_in_words_says_the_same() {
        let words = |r: RosterRow| Attendance::of(&r).words();
        assert_eq!(words(row(MemberStatus::Active, 0, 0)), "new");
        assert_eq!(words(row(MemberStatus::OnBreak, 0, 0)), "no meetings they could have come to");
        assert_eq!(words(row(MemberStatus::Active, 7, 12)), "7 of 12 meetings they could have come to");
        assert_eq!(words(row(MemberStatus::Active, 1, 1)), "1 of 1 meeting they could have come to");
    }

    #[test]
    fn an_older_version_is_marked() {
        assert_eq!(Agreed::of(Some(1), Some(2)).short(), "v1!");
        assert_eq!(Agreed::of(Some(2), Some(2)).short(), "v2");
        assert_eq!(Agreed::of(Some(2), None).short(), "v2");
        assert_eq!(Agreed::of(None, Some(2)).short(), "—");
        assert!(Agreed::of(None, Some(2)).wanted() && Agreed::of(Some(1), Some(2)).wanted());
        assert!(!Agreed::of(None, None).wanted() && !Agreed::of(Some(2), Some(2)).wanted());
        assert_eq!(Agreed::of(Some(2), Some(2)).words(), "agreed to version 2");
        assert_eq!(Agreed::of(Some(1), Some(2)).words(), "agreed to version 1, not yet to version 2");
        assert_eq!(Agreed::of(None, None).words(), "not agreed yet");
    }
}

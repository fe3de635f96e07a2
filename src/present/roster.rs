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

/// What each field about a person is for, by the field's key, shown when
/// the facilitator asks. Nothing but the name is needed: a first or
/// chosen name is enough.
pub const ABOUT_MEMBER: &[(&str, &str)] = &[
    ("name", "A first name or a chosen name is enough; it is the only thing circle needs."),
    ("pronouns", "How they would like to be spoken of, if they said: she/her, they/them."),
    ("status", "Where they start: active, on the waitlist, or an enquiry not yet decided."),
    ("contact", "A way to reach them, only if they are happy to give one."),
    ("joined", "The day they joined, written as 2026-03-14."),
    ("role", "Member, facilitator or co-facilitator."),
    (
        "access_needs",
        "Anything that helps them take part: step-free access, large print, captions, a seat near the door.",
    ),
    (
        "invite",
        "They would rather be invited to speak than wait for a gap. The round shows it beside their name, and \
         size health names them among those who may like an invitation.",
    ),
    ("notes", "Anything else worth remembering, kept only in this file."),
];

/// Below this many meetings open to someone, their attendance is a count,
/// not a percentage.
const FEW_MEETINGS: u32 = 4;

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

    /// The roster grid's cell: "all", "58%", "0/1" (a share of a few
    /// meetings, where a percentage would make one missed meeting look like
    /// a pattern: "0%"), "new" or "—".
    pub fn short(self) -> String {
        match self {
            Attendance::Share { attended, possible } => {
                let share = f64::from(attended) / f64::from(possible);
                if share >= 1.0 {
                    "all".to_string()
                } else if possible < FEW_MEETINGS {
                    format!("{attended}/{possible}")
                } else {
                    format!("{:.0}%", share * 100.0)
                }
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

    /// The roster grid's cell: "v2", "v1→2" (agreed to version 1, version 2
    /// still to agree to) or "—".
    pub fn short(self) -> String {
        match self {
            Agreed::Current(v) => format!("v{v}"),
            Agreed::Older { signed, current } => format!("v{signed}→{current}"),
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
        assert_eq!(short(row(MemberStatus::Active, 0, 1)), "0/1", "one missed first meeting is not 0%");
        assert_eq!(short(row(MemberStatus::Active, 2, 3)), "2/3");
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
        assert_eq!(Agreed::of(Some(1), Some(2)).short(), "v1→2");
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

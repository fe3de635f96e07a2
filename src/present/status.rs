//! The words of someone's journey with the group: the statuses a new
//! member can start as, what a change of status did, and the questions the
//! group's rules raise on the way. The use cases decide (a closed group, a
//! full group, a place that opened); these say it, the same way in the
//! console's dialogs and in linear mode's questions.

use crate::domain::MemberStatus;
use crate::domain::text::display;

/// How someone new can start, in the order they are offered: joining at
/// once is the usual case, so it comes first.
pub const NEW_MEMBER_STATUSES: [MemberStatus; 3] =
    [MemberStatus::Active, MemberStatus::Waitlist, MemberStatus::Enquiry];

/// What a change of status did: "Added Sam (waitlist).", "Sam is now on a
/// break."; `previous` is `None` for someone just added.
pub fn done(name: &str, previous: Option<MemberStatus>, status: MemberStatus) -> String {
    let name = display(name);
    if previous.is_none() {
        return format!("Added {name} ({}).", status.label());
    }
    match status {
        MemberStatus::Enquiry => format!("{name} is now an enquiry."),
        MemberStatus::Waitlist => format!("{name} is now on the waitlist."),
        MemberStatus::Active => format!("{name} is now active."),
        MemberStatus::OnBreak => format!("{name} is now on a break."),
        MemberStatus::Left => format!("{name} has left the group."),
    }
}

/// Asked for the status someone already has.
pub fn already(status: MemberStatus) -> String {
    format!("Already {}; nothing was changed.", status.label())
}

/// The title of the question a closed group raises.
pub const CLOSED_GROUP_TITLE: &str = "A closed group";

/// The question itself.
pub const CLOSED_GROUP: &str =
    "This group is closed: its membership was fixed when it formed. Make this person active anyway?";

/// The title of the question a full group raises.
pub const FULL_TITLE: &str = "The group is full";

/// Why a full group suggests the waitlist, in two sentences.
pub fn full(active: u32, largest: u32) -> [String; 2] {
    [
        format!("{active} people are active and {largest} is the most who can all be heard in a meeting."),
        "The waitlist keeps their place until one opens.".to_string(),
    ]
}

/// The title of the offer made when a place opens.
pub const PLACE_OPENED: &str = "A place has opened";

/// The offer to the one who waited longest; `since` is the day they joined
/// the waitlist, written as the front end writes days.
pub fn offer(name: &str, since: &str) -> String {
    format!(
        "{} has waited longest (on the waitlist since {since}). Offer them the place and make them active?",
        display(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_said_as_what_happened() {
        assert_eq!(done("Sam", None, MemberStatus::Waitlist), "Added Sam (waitlist).");
        assert_eq!(done("Sam", Some(MemberStatus::Active), MemberStatus::OnBreak), "Sam is now on a break.");
        assert_eq!(done("Sam", Some(MemberStatus::Active), MemberStatus::Left), "Sam has left the group.");
        assert_eq!(
            done("S\u{1b}[2Jam", Some(MemberStatus::Left), MemberStatus::Active),
            "S\u{FFFD}[2Jam is now active."
        );
        assert_eq!(already(MemberStatus::Active), "Already active; nothing was changed.");
    }
}

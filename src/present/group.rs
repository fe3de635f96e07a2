//! What circle says about a group's settings in both front ends.

use crate::domain::GroupSettings;
use crate::domain::text::count;

/// The workable size the settings give, and what it takes for granted: the
/// largest size fills every minute not kept for opening, breaks and
/// closing with turns of the minimum length.
pub fn workable_now(s: &GroupSettings) -> String {
    let range = s.workable_range();
    match range.largest {
        None => "These settings leave no time to speak: lengthen the meeting or keep less time aside.".to_string(),
        Some(largest) => format!(
            "Workable size now: {} to {largest} active members. The largest fills all {} not kept for opening, \
             breaks and closing with turns of {} each, so near it there is no slack: keep the group's break in \
             the time kept aside.",
            s.min_size,
            count(s.meeting_minutes.saturating_sub(s.opening_closing_minutes).into(), "minute", "minutes"),
            count(s.min_speaking_minutes.into(), "minute", "minutes"),
        ),
    }
}

/// What each of a group's settings is for, by the field's key: shown when
/// the facilitator asks, beside forms that would otherwise say "Status".
pub const ABOUT_SETTINGS: &[(&str, &str)] = &[
    ("name", "The group's name, as its members know it."),
    ("focus", "Who the group is for, in a few words: carers, new parents, people living with long-term pain."),
    (
        "entry_criteria",
        "Anything someone needs to share with the group to join. Leave it empty if everyone is welcome.",
    ),
    (
        "openness",
        "Open: people can join at any time. Closed: a fixed membership, often for a set run of meetings; circle \
         asks before adding anyone to it.",
    ),
    (
        "status",
        "Forming: getting started, not yet meeting regularly. Active: meeting. Dormant: resting for now, expected to \
         start again. Closed: the group has ended.",
    ),
    ("successor", "When this group ends, the group that carries its work on, if there is one."),
    ("meeting_minutes", "How long a meeting lasts, from start to finish."),
    (
        "opening_closing_minutes",
        "The minutes that are not for speaking rounds: the welcome, reading the agreement, any break, and the \
         goodbye.",
    ),
    (
        "min_speaking_minutes",
        "The least time each person needs in a round to feel heard. With the minutes left for rounds, it sets the \
         largest workable size.",
    ),
    (
        "min_size",
        "The fewest active members with whom the group still works; below it, size health suggests reaching more \
         people.",
    ),
    ("review_interval_days", "How often the group looks again at how it describes itself, in days."),
    ("last_review", "The day of the last such review, written as 2026-03-14."),
    ("purpose", "How the group describes itself to the people it is for. Promotion starts from these words."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_says_what_it_assumes() {
        let s = GroupSettings {
            meeting_minutes: 90,
            opening_closing_minutes: 20,
            min_speaking_minutes: 5,
            ..Default::default()
        };
        let text = workable_now(&s);
        assert!(text.starts_with("Workable size now: 4 to 14 active members."), "{text}");
        assert!(text.contains("all 70 minutes") && text.contains("turns of 5 minutes each"), "{text}");
        let none = GroupSettings { meeting_minutes: 10, opening_closing_minutes: 20, ..Default::default() };
        assert!(workable_now(&none).contains("no time to speak"));
    }
}

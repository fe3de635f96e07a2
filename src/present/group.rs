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

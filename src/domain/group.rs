//! A group and its settings, with the checks that keep the settings workable.

use chrono::NaiveDate;

use super::size::WorkableRange;
use super::text::{self, MAX_NOTE_CHARS};
use super::{GroupId, GroupStatus, Openness};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub settings: GroupSettings,
    pub created_on: NaiveDate,
}

/// Everything about a group that the facilitator can change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GroupSettings {
    pub focus: String,
    pub entry_criteria: String,
    pub openness: Openness,
    pub status: GroupStatus,
    pub successor: Option<GroupId>,
    pub meeting_minutes: u32,
    pub opening_closing_minutes: u32,
    pub min_speaking_minutes: u32,
    pub min_size: u32,
    pub review_interval_days: u32,
    pub last_review: Option<NaiveDate>,
    pub purpose: String,
}

impl Default for GroupSettings {
    fn default() -> Self {
        GroupSettings {
            focus: String::new(),
            entry_criteria: String::new(),
            openness: Openness::Open,
            status: GroupStatus::Forming,
            successor: None,
            meeting_minutes: 90,
            opening_closing_minutes: 20,
            min_speaking_minutes: 5,
            min_size: 4,
            review_interval_days: 90,
            last_review: None,
            purpose: String::new(),
        }
    }
}

impl GroupSettings {
    pub fn workable_range(&self) -> WorkableRange {
        WorkableRange::from_settings(
            self.meeting_minutes,
            self.opening_closing_minutes,
            self.min_speaking_minutes,
            self.min_size,
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    pub name: String,
    pub focus: String,
    pub openness: Openness,
}

/// A setting at fault and what to say about it; the field is named as in
/// [`GroupSettings`].
pub type FieldError = (&'static str, String);

/// Each number in a group's settings: its field, its name, and the values
/// it may take (the database keeps the same limits).
pub const SETTING_RANGES: [(&str, &str, std::ops::RangeInclusive<u32>); 5] = [
    ("meeting_minutes", "Meeting length", super::meeting::MEETING_MINUTES),
    ("opening_closing_minutes", "The time for opening, closing and breaks", 0..=1440),
    ("min_speaking_minutes", "Speaking time", 1..=1440),
    ("min_size", "The smallest size", 1..=10000),
    ("review_interval_days", "The review interval", 1..=3650),
];

/// Who a group is for, trimmed and within [`MAX_NOTE_CHARS`].
pub fn checked_focus(focus: &str) -> Result<String, FieldError> {
    text::limited("who it is for", focus, MAX_NOTE_CHARS).map_err(|e| ("focus", e.to_string()))
}

impl GroupSettings {
    /// Checks the settings' words alone (who the group is for, its entry
    /// criteria and its purpose), each trimmed and within
    /// [`MAX_NOTE_CHARS`]: what a group's text must be wherever it comes
    /// from, an import included.
    pub fn words_checked(mut self) -> Result<GroupSettings, FieldError> {
        self.focus = checked_focus(&self.focus)?;
        self.entry_criteria = text::limited("entry criteria", &self.entry_criteria, MAX_NOTE_CHARS)
            .map_err(|e| ("entry_criteria", e.to_string()))?;
        self.purpose =
            text::limited("the purpose", &self.purpose, MAX_NOTE_CHARS).map_err(|e| ("purpose", e.to_string()))?;
        Ok(self)
    }

    /// Checks that each number is in its range ([`SETTING_RANGES`]).
    pub fn check_numbers(&self) -> Result<(), FieldError> {
        let numbers = [
            self.meeting_minutes,
            self.opening_closing_minutes,
            self.min_speaking_minutes,
            self.min_size,
            self.review_interval_days,
        ];
        for ((field, label, range), n) in SETTING_RANGES.into_iter().zip(numbers) {
            if !range.contains(&n) {
                return Err((field, format!("{label} is a whole number from {} to {}", range.start(), range.end())));
            }
        }
        Ok(())
    }

    /// Checks the settings as a whole: each number in its range, text within
    /// its limits, a last review not in the future, and a workable range
    /// that exists and holds the smallest size.
    pub fn checked(mut self, today: NaiveDate) -> Result<GroupSettings, FieldError> {
        self.check_numbers()?;
        if self.last_review.is_some_and(|d| d > today) {
            return Err(("last_review", "that is in the future; use the day of the last review".into()));
        }
        self = self.words_checked()?;
        if self.opening_closing_minutes >= self.meeting_minutes {
            return Err((
                "opening_closing_minutes",
                "opening, closing and breaks must leave time for the meeting itself".into(),
            ));
        }
        let talk = self.meeting_minutes - self.opening_closing_minutes;
        let speaking = self.min_speaking_minutes;
        match self.workable_range().largest {
            None => {
                Err(("min_speaking_minutes", format!("{talk} minutes to talk cannot give anyone {speaking} minutes")))
            }
            Some(largest) if self.min_size > largest => Err((
                "min_size",
                format!(
                    "at most {largest} people can each have {speaking} minutes; the smallest size must not be larger"
                ),
            )),
            Some(_) => Ok(self),
        }
    }
}

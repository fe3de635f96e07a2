//! Meetings and who attended them.

use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::{GroupId, MeetingId, MeetingMode, MemberId};

/// How long a meeting can be, in minutes: up to a whole day.
pub const MEETING_MINUTES: RangeInclusive<u32> = 1..=1440;

/// The most visitors one meeting can count.
pub const MAX_VISITORS: u32 = 1000;

/// Checks a meeting length typed or stored.
pub fn check_minutes(minutes: u32) -> Result<u32, String> {
    if MEETING_MINUTES.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(format!(
            "a meeting lasts a whole number of minutes, from {} to {}",
            MEETING_MINUTES.start(),
            MEETING_MINUTES.end()
        ))
    }
}

/// Reads a typed meeting length.
pub fn parse_minutes(text: &str) -> Result<u32, String> {
    text.trim().parse::<u32>().map_err(|_| check_minutes(0).unwrap_err()).and_then(check_minutes)
}

/// Reads a typed number of visitors.
pub fn parse_visitors(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= MAX_VISITORS => Ok(n),
        _ => Err(format!("visitors is a whole number from 0 to {MAX_VISITORS}")),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub group: GroupId,
    pub held_on: NaiveDate,
    pub mode: MeetingMode,
    pub minutes: u32,
    pub visitors: u32,
    pub round_run: bool,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub held_on: NaiveDate,
    pub mode: MeetingMode,
    pub minutes: u32,
}

/// One present member at one meeting; the speaking figures are set when a
/// round was run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attendance {
    pub meeting: MeetingId,
    pub member: MemberId,
    pub speaking_seconds: Option<u32>,
    pub spoke: Option<bool>,
    pub passed: Option<bool>,
    pub turn_order: Option<u32>,
}

//! The group's meetings as a whole: the list of them, corrections to a
//! meeting's details, and taking away one recorded by mistake. The one
//! rule across them: one meeting a day, on a day that has come.

use chrono::NaiveDate;

use super::register::{MeetingDetails, RegisterOf};
use super::store::Store;
use super::{Circle, Error, Result};
use crate::domain::meeting::{MAX_VISITORS, check_minutes};
use crate::domain::text;
use crate::domain::{GroupId, Meeting, MeetingId, NewMeeting};

/// Why a day cannot take another meeting, naming the one it has.
pub(super) fn day_taken(store: &Store, group: GroupId, day: NaiveDate, besides: Option<MeetingId>) -> Result<()> {
    if let Some(other) = store.meeting_on(group, day)?.filter(|m| Some(m.id) != besides) {
        let came = store.attendance(other.id)?.len();
        return Err(Error::field(
            "date",
            format!(
                "{day} already has a meeting ({}, {} min, {}); open that one from the list of meetings, or choose \
                 another day",
                other.mode.label(),
                other.minutes,
                text::count(came as u64, "person came", "people came")
            ),
        ));
    }
    Ok(())
}

/// A register is for a day that has come.
pub(super) fn not_ahead(day: NaiveDate, today: NaiveDate) -> Result<()> {
    if day > today {
        return Err(Error::field(
            "date",
            format!("{day} is still to come; a register is taken on the day or after it (today is {today})"),
        ));
    }
    Ok(())
}

/// Checks a meeting's details as typed, before any of them is saved.
fn checked(details: MeetingDetails, today: NaiveDate) -> Result<MeetingDetails> {
    check_minutes(details.minutes).map_err(|e| Error::field("minutes", e))?;
    if details.visitors > MAX_VISITORS {
        return Err(Error::field("visitors", format!("visitors is a whole number from 0 to {MAX_VISITORS}")));
    }
    not_ahead(details.held_on, today)?;
    let notes = text::limited("notes", &details.notes, text::MAX_NOTE_CHARS)
        .map_err(|e| Error::field("notes", e.to_string()))?;
    Ok(MeetingDetails { notes, ..details })
}

impl Circle {
    /// Corrects a meeting's day, mode, length, visitors or notes. A day
    /// still to come, or one that has another meeting (named), is refused.
    pub fn edit_meeting(&mut self, meeting: MeetingId, details: MeetingDetails, today: NaiveDate) -> Result<()> {
        let details = checked(details, today)?;
        self.store.atomic(|store| {
            let old = store.meeting(meeting)?;
            day_taken(store, old.group, details.held_on, Some(old.id))?;
            let updated = Meeting {
                held_on: details.held_on,
                mode: details.mode,
                minutes: details.minutes,
                visitors: details.visitors,
                notes: details.notes,
                ..old
            };
            Ok(store.update_meeting(&updated)?)
        })
    }

    /// Changes the details of a register's meeting. A meeting in the file
    /// is corrected as [`Circle::edit_meeting`] does. One not yet kept only
    /// takes the new day, mode and length (nothing is written), unless
    /// visitors or a note are given: those record it, in one transaction.
    /// Returns what the register is for now.
    pub fn change_meeting(&mut self, of: &RegisterOf, details: MeetingDetails, today: NaiveDate) -> Result<RegisterOf> {
        let group = match of {
            RegisterOf::Recorded(m) => {
                self.edit_meeting(m.id, details, today)?;
                return Ok(RegisterOf::Recorded(self.store.meeting(m.id)?));
            }
            RegisterOf::NotYetKept { group, .. } => *group,
        };
        let details = checked(details, today)?;
        let new = NewMeeting { held_on: details.held_on, mode: details.mode, minutes: details.minutes };
        if details.visitors == 0 && details.notes.trim().is_empty() {
            day_taken(&self.store, group, new.held_on, None)?;
            return Ok(RegisterOf::NotYetKept { group, new });
        }
        self.store.atomic(|store| {
            day_taken(store, group, new.held_on, None)?;
            let created = store.create_meeting(group, &new)?;
            let meeting = Meeting { visitors: details.visitors, notes: details.notes, ..created };
            store.update_meeting(&meeting)?;
            Ok(RegisterOf::Recorded(store.meeting(meeting.id)?))
        })
    }
}

/// A meeting as the list of a group's meetings shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MeetingSummary {
    /// For opening it; not part of what `circle meetings list` prints.
    #[serde(skip)]
    pub id: MeetingId,
    pub held_on: NaiveDate,
    pub mode: String,
    pub minutes: u32,
    /// Members marked present.
    pub came: usize,
    pub visitors: u32,
    /// Whether a speaking round was run.
    pub round: bool,
}

/// What goes when a meeting is taken away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingContents {
    /// Members marked present.
    pub present: usize,
    /// Of them, those with a speaking time or a pass from a round.
    pub spoke: usize,
    pub round: bool,
    /// A round is running at it now: it goes too, unfinished.
    pub running: bool,
    /// Visitors counted without details.
    pub visitors: u32,
    /// Who has a sign-up to the group's agreement recorded on the
    /// meeting's day: it goes with the meeting.
    pub signups: Vec<String>,
}

impl MeetingContents {
    /// What goes with the meeting, in words for the question before it goes.
    pub fn said(&self) -> String {
        let mut parts = Vec::new();
        if self.present > 0 {
            parts.push(text::count(self.present as u64, "person marked present", "people marked present"));
        } else if self.visitors == 0 {
            parts.push("nobody marked present".into());
        }
        if self.visitors > 0 {
            parts.push(text::count(u64::from(self.visitors), "visitor counted", "visitors counted"));
        }
        if self.spoke > 0 {
            parts.push(format!("the speaking times of {}", text::count(self.spoke as u64, "person", "people")));
        }
        if self.round {
            parts.push("the record of its speaking rounds".into());
        }
        if self.running {
            parts.push("the speaking round still running, unfinished".into());
        }
        if !self.signups.is_empty() {
            let who = text::listed(&self.signups);
            let what = if self.signups.len() == 1 { "sign-up" } else { "sign-ups" };
            parts.push(format!("the {what} to the agreement recorded that day ({who})"));
        }
        text::listed(&parts)
    }
}

impl Circle {
    /// Whether a register's meeting may be on `day`: not still to come, and
    /// not a day another meeting of the group has. Nothing is written; for
    /// a front end that asks the day before the other details.
    pub fn meeting_day_free(&self, of: &RegisterOf, day: NaiveDate, today: NaiveDate) -> Result<()> {
        not_ahead(day, today)?;
        day_taken(&self.store, of.group(), day, of.recorded().map(|m| m.id))
    }

    /// Every meeting of a group, the latest first, as a list shows them.
    pub fn meeting_summaries(&self, group: GroupId) -> Result<Vec<MeetingSummary>> {
        Ok(self
            .store
            .meetings_with_counts(group)?
            .into_iter()
            .map(|(m, came)| MeetingSummary {
                id: m.id,
                held_on: m.held_on,
                mode: m.mode.label().to_string(),
                minutes: m.minutes,
                came,
                visitors: m.visitors,
                round: m.round_run,
            })
            .collect())
    }

    /// What taking away the group's meeting on `day` would take with it, or
    /// a refusal naming the day when there is none.
    pub fn meeting_contents(&self, group: GroupId, day: NaiveDate) -> Result<(MeetingId, MeetingContents)> {
        let meeting = self
            .store
            .meeting_on(group, day)?
            .ok_or_else(|| Error::refused(format!("there is no meeting on {day}")))?;
        let attendance = self.store.attendance(meeting.id)?;
        let spoke = attendance.iter().filter(|a| a.speaking_seconds.is_some() || a.passed == Some(true)).count();
        let signups = self.store.signups_on(group, day)?.into_iter().map(|(_, name)| name).collect();
        Ok((
            meeting.id,
            MeetingContents {
                present: attendance.len(),
                spoke,
                round: meeting.round_run,
                running: self.store.round_in_progress(meeting.id)?.is_some(),
                visitors: meeting.visitors,
                signups,
            },
        ))
    }

    /// Takes a meeting away with its attendance, speaking times and the
    /// sign-ups recorded on its day, in one transaction: for a meeting
    /// recorded by mistake. The kept figures (attendance rates, last visits,
    /// who agreed) read as if it had never been.
    pub fn remove_meeting(&mut self, meeting: MeetingId) -> Result<()> {
        self.store.atomic(|store| {
            let m = store.meeting(meeting)?;
            store.delete_signups_on(m.group, m.held_on)?;
            Ok(store.delete_meeting(meeting)?)
        })
    }
}

//! The register: today's meeting, who is here, visitors, and corrections to
//! past meetings. Each mark is its own small transaction, saved at once.

use chrono::NaiveDate;

use super::{Circle, Error, Result};
use crate::domain::meeting::{MAX_VISITORS, check_minutes};
use crate::domain::text;
use crate::domain::{GroupId, Meeting, MeetingId, MeetingMode, MemberFields, MemberId, MemberStatus, NewMeeting};

/// Someone listed in a register: the active and on-break members, and
/// anyone else marked present at that meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterLine {
    pub member: MemberId,
    pub name: String,
    pub status: MemberStatus,
    pub present: bool,
    /// The latest version of the agreement they agreed to.
    pub agreed: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterView {
    pub meeting: Meeting,
    pub people: Vec<RegisterLine>,
    /// The current version of the group's agreement, if it has one.
    pub agreement: Option<u32>,
}

/// What opening a meeting on a day did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeetingOpened {
    Created(Meeting),
    /// One meeting a day: the day already had one, so that one is opened.
    AlreadyThere(Meeting),
}

/// A meeting's details as the facilitator corrects them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDetails {
    pub held_on: NaiveDate,
    pub mode: MeetingMode,
    pub minutes: u32,
    pub visitors: u32,
    pub notes: String,
}

/// What adding a visitor did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitorAdded {
    Counted,
    /// Added to the roster as an enquiry, and marked present.
    Named(String),
    /// Nothing was added: the group already knows someone by that name
    /// (case and accents aside, as search compares names). The facilitator
    /// is asked whether the visitor is one of them ([`Circle::set_present`]
    /// marks them) or someone new ([`Circle::add_new_visitor`]).
    Known(Vec<super::people::Someone>),
}

impl Circle {
    pub fn meeting_on(&self, group: GroupId, day: NaiveDate) -> Result<Option<Meeting>> {
        Ok(self.store.meeting_on(group, day)?)
    }

    /// Past meetings, latest first.
    pub fn past_meetings(&self, group: GroupId, limit: usize) -> Result<Vec<Meeting>> {
        Ok(self.store.meetings(group, 0, limit)?)
    }

    pub fn meeting_count(&self, group: GroupId) -> Result<usize> {
        Ok(self.store.meeting_count(group)?)
    }

    /// Opens the meeting of a day, creating it unless the day has one.
    pub fn open_meeting(&mut self, group: GroupId, new: &NewMeeting) -> Result<MeetingOpened> {
        check_minutes(new.minutes).map_err(|e| Error::field("minutes", e))?;
        self.store.atomic(|store| {
            if let Some(existing) = store.meeting_on(group, new.held_on)? {
                return Ok(MeetingOpened::AlreadyThere(existing));
            }
            Ok(MeetingOpened::Created(store.create_meeting(group, new)?))
        })
    }

    pub fn register(&self, meeting: MeetingId) -> Result<RegisterView> {
        let meeting = self.store.meeting(meeting)?;
        let present: Vec<MemberId> = self.store.attendance(meeting.id)?.into_iter().map(|a| a.member).collect();
        let mut members =
            self.store.members_with_status(meeting.group, &[MemberStatus::Active, MemberStatus::OnBreak])?;
        for id in &present {
            if !members.iter().any(|m| m.id == *id) {
                members.push(self.store.member(*id)?);
            }
        }
        let agreed = self.store.agreed_versions(meeting.group)?;
        let people = members
            .into_iter()
            .map(|m| RegisterLine {
                present: present.contains(&m.id),
                agreed: agreed.iter().find(|(id, _)| *id == m.id).map(|(_, v)| *v),
                member: m.id,
                name: m.fields.name,
                status: m.status,
            })
            .collect();
        let agreement = self.store.current_agreement(meeting.group)?.map(|v| v.version);
        Ok(RegisterView { meeting, people, agreement })
    }

    /// Marks every active member present, in one step, so the facilitator
    /// only has to unmark who is absent. Those on a break stay as they are.
    /// Returns how many were newly marked.
    pub fn mark_expected_present(&mut self, meeting: MeetingId) -> Result<usize> {
        self.store.atomic(|store| {
            store.meeting(meeting)?;
            Ok(store.mark_present_with_status(meeting, &[MemberStatus::Active])?)
        })
    }

    pub fn set_present(&mut self, meeting: MeetingId, member: MemberId, present: bool) -> Result<()> {
        Ok(self.store.set_present(meeting, member, present)?)
    }

    /// Counts a visitor, or with a name adds them as an enquiry marked present.
    pub fn add_visitor(&mut self, meeting: MeetingId, name: &str, today: NaiveDate) -> Result<VisitorAdded> {
        let name = name.trim();
        if name.is_empty() {
            return self.store.atomic(|store| {
                let mut m = store.meeting(meeting)?;
                if m.visitors >= MAX_VISITORS {
                    return Err(Error::field("name", format!("a meeting counts at most {MAX_VISITORS} visitors")));
                }
                m.visitors += 1;
                store.update_meeting(&m)?;
                Ok(VisitorAdded::Counted)
            });
        }
        // A name refused as a new name is refused before anyone is looked up.
        let name = super::given_name(name)?;
        let known = self.same_name(self.store.meeting(meeting)?.group, &name)?;
        if !known.is_empty() {
            return Ok(VisitorAdded::Known(known));
        }
        self.add_new_visitor(meeting, &name, today)
    }

    /// Adds a named visitor as someone new (an enquiry marked present),
    /// even when someone of that name is known already: the facilitator
    /// said it is someone else.
    pub fn add_new_visitor(&mut self, meeting: MeetingId, name: &str, today: NaiveDate) -> Result<VisitorAdded> {
        let fields = MemberFields::named(&super::given_name(name)?)
            .validated()
            .map_err(|(_, message)| Error::field("name", message))?;
        self.store.atomic(|store| {
            let group = store.meeting(meeting)?.group;
            let member = store.add_member(group, &fields, MemberStatus::Enquiry, today)?;
            store.set_present(meeting, member.id, true)?;
            Ok(VisitorAdded::Named(member.fields.name))
        })
    }

    pub fn edit_meeting(&mut self, meeting: MeetingId, details: MeetingDetails) -> Result<()> {
        check_minutes(details.minutes).map_err(|e| Error::field("minutes", e))?;
        if details.visitors > MAX_VISITORS {
            return Err(Error::field("visitors", format!("visitors is a whole number from 0 to {MAX_VISITORS}")));
        }
        let notes = text::limited("notes", &details.notes, text::MAX_NOTE_CHARS)
            .map_err(|e| Error::field("notes", e.to_string()))?;
        self.store.atomic(|store| {
            let old = store.meeting(meeting)?;
            if let Some(other) = store.meeting_on(old.group, details.held_on)?.filter(|m| m.id != old.id) {
                let came = store.attendance(other.id)?.len();
                return Err(Error::field(
                    "held_on",
                    format!(
                        "{} already has a meeting ({}, {} min, {}); choose another day, or remove that one first",
                        details.held_on,
                        other.mode.label(),
                        other.minutes,
                        crate::domain::text::count(came as u64, "person came", "people came")
                    ),
                ));
            }
            let updated = Meeting {
                held_on: details.held_on,
                mode: details.mode,
                minutes: details.minutes,
                visitors: details.visitors,
                notes,
                ..old
            };
            Ok(store.update_meeting(&updated)?)
        })
    }
}

/// A meeting as the list of a group's meetings shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MeetingSummary {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingContents {
    /// Members marked present.
    pub present: usize,
    /// Of them, those with a speaking time or a pass from a round.
    pub spoke: usize,
    pub round: bool,
}

impl MeetingContents {
    /// What goes with the meeting, in words for the question before it goes.
    pub fn said(&self) -> String {
        let mut parts =
            vec![crate::domain::text::count(self.present as u64, "person marked present", "people marked present")];
        if self.spoke > 0 {
            parts.push(format!(
                "the speaking times of {}",
                crate::domain::text::count(self.spoke as u64, "person", "people")
            ));
        }
        if self.round {
            parts.push("its speaking round".into());
        }
        parts.join(", ")
    }
}

impl Circle {
    /// Every meeting of a group, the latest first, as a list shows them.
    pub fn meeting_summaries(&self, group: GroupId) -> Result<Vec<MeetingSummary>> {
        let meetings = self.store.meetings(group, 0, self.store.meeting_count(group)?)?;
        meetings
            .into_iter()
            .map(|m| {
                Ok(MeetingSummary {
                    held_on: m.held_on,
                    mode: m.mode.label().to_string(),
                    minutes: m.minutes,
                    came: self.store.attendance(m.id)?.len(),
                    visitors: m.visitors,
                    round: m.round_run,
                })
            })
            .collect()
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
        Ok((meeting.id, MeetingContents { present: attendance.len(), spoke, round: meeting.round_run }))
    }

    /// Takes a meeting away with its attendance and speaking times, in one
    /// transaction: for a meeting recorded by mistake. The kept figures
    /// (attendance rates, last visits) read as if it had never been.
    pub fn remove_meeting(&mut self, meeting: MeetingId) -> Result<()> {
        self.store.atomic(|store| {
            store.meeting(meeting)?;
            Ok(store.delete_meeting(meeting)?)
        })
    }
}

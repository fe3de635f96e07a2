//! The register: who is here, visitors, and the day's meeting recorded with
//! the first mark. Each mark is its own small transaction, saved at once.
//! The list of meetings and corrections to their details are `meetings`'.

use chrono::NaiveDate;

use super::meetings::{day_taken, not_ahead};
use super::store::Store;
use super::{Circle, Error, Result};
use crate::domain::meeting::{MAX_VISITORS, check_minutes};
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
    /// is asked whether the visitor is one of them ([`Mark::Present`]
    /// marks them) or someone new ([`Mark::NewVisitor`]).
    Known(Vec<super::people::Someone>),
}

/// Which meeting a register is for: one in the file, or a day whose meeting
/// is recorded with the first mark. Opening a register and leaving it
/// without marking anyone leaves nothing behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterOf {
    Recorded(Meeting),
    /// Nothing is in the file yet: the first mark (someone present, a
    /// visitor, a note) records it.
    NotYetKept {
        group: GroupId,
        new: NewMeeting,
    },
}

impl RegisterOf {
    pub fn group(&self) -> GroupId {
        match self {
            RegisterOf::Recorded(m) => m.group,
            RegisterOf::NotYetKept { group, .. } => *group,
        }
    }

    pub fn held_on(&self) -> NaiveDate {
        match self {
            RegisterOf::Recorded(m) => m.held_on,
            RegisterOf::NotYetKept { new, .. } => new.held_on,
        }
    }

    pub fn mode(&self) -> MeetingMode {
        match self {
            RegisterOf::Recorded(m) => m.mode,
            RegisterOf::NotYetKept { new, .. } => new.mode,
        }
    }

    pub fn minutes(&self) -> u32 {
        match self {
            RegisterOf::Recorded(m) => m.minutes,
            RegisterOf::NotYetKept { new, .. } => new.minutes,
        }
    }

    pub fn visitors(&self) -> u32 {
        self.recorded().map_or(0, |m| m.visitors)
    }

    pub fn notes(&self) -> &str {
        self.recorded().map_or("", |m| m.notes.as_str())
    }

    /// The meeting, once it is in the file.
    pub fn recorded(&self) -> Option<&Meeting> {
        match self {
            RegisterOf::Recorded(m) => Some(m),
            RegisterOf::NotYetKept { .. } => None,
        }
    }

    pub fn details(&self) -> MeetingDetails {
        MeetingDetails {
            held_on: self.held_on(),
            mode: self.mode(),
            minutes: self.minutes(),
            visitors: self.visitors(),
            notes: self.notes().to_string(),
        }
    }
}

/// A register as a front end shows it, for a meeting recorded or not yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSheet {
    pub of: RegisterOf,
    pub people: Vec<RegisterLine>,
    /// The current version of the group's agreement, if it has one.
    pub agreement: Option<u32>,
}

/// A mark made in a register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Someone present (`true`) or not (`false`).
    Present(MemberId, bool),
    /// Every active member present.
    Expected,
    /// A visitor: counted without details, or with a name added as an
    /// enquiry, unless the group knows someone by that name already (then
    /// nothing is written and they are offered: [`VisitorAdded::Known`]).
    Visitor(String),
    /// A named visitor added as someone new even though the group knows
    /// someone by that name: the facilitator said it is someone else.
    NewVisitor(String),
}

/// What a mark did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marked {
    Present,
    /// How many were newly marked.
    Expected(usize),
    Visitor(VisitorAdded),
}

/// A mark saved, and the meeting it is in now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkSaved {
    /// The meeting the mark is in; `None` only when nothing was written to
    /// a day not yet kept (a visitor whose name is known, who is asked
    /// about first).
    pub meeting: Option<Meeting>,
    pub marked: Marked,
    /// Whether this mark recorded the meeting (it was not in the file).
    pub recorded_now: bool,
}

fn mark_expected(store: &mut Store, meeting: MeetingId) -> Result<usize> {
    store.meeting(meeting)?;
    Ok(store.mark_present_with_status(meeting, &[MemberStatus::Active])?)
}

/// A visitor's name as checked before anything is written: `None` to count
/// one without details.
fn visitor_fields(name: &str) -> Result<Option<MemberFields>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let fields = MemberFields::named(&super::given_name(name)?)
        .validated()
        .map_err(|(_, message)| Error::field("name", message))?;
    Ok(Some(fields))
}

fn add_visitor_to(
    store: &mut Store,
    meeting: MeetingId,
    fields: Option<&MemberFields>,
    today: NaiveDate,
) -> Result<VisitorAdded> {
    let Some(fields) = fields else {
        let mut m = store.meeting(meeting)?;
        if m.visitors >= MAX_VISITORS {
            return Err(Error::field("name", format!("a meeting counts at most {MAX_VISITORS} visitors")));
        }
        m.visitors += 1;
        store.update_meeting(&m)?;
        return Ok(VisitorAdded::Counted);
    };
    let group = store.meeting(meeting)?.group;
    let member = store.add_member(group, fields, MemberStatus::Enquiry, today)?;
    store.set_present(meeting, member.id, true)?;
    Ok(VisitorAdded::Named(member.fields.name))
}

impl Circle {
    pub fn meeting_on(&self, group: GroupId, day: NaiveDate) -> Result<Option<Meeting>> {
        Ok(self.store.meeting_on(group, day)?)
    }

    pub fn meeting(&self, id: MeetingId) -> Result<Meeting> {
        Ok(self.store.meeting(id)?)
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

    /// The register of a day with no meeting yet, to be taken now: on the
    /// day itself or, when it was forgotten, for a day that has passed.
    /// Nothing is written; the first mark records the meeting. A day still
    /// to come, or one that has a meeting (named), is refused.
    pub fn register_for_day(&self, group: GroupId, new: &NewMeeting, today: NaiveDate) -> Result<RegisterOf> {
        check_minutes(new.minutes).map_err(|e| Error::field("minutes", e))?;
        not_ahead(new.held_on, today)?;
        day_taken(&self.store, group, new.held_on, None)?;
        Ok(RegisterOf::NotYetKept { group, new: new.clone() })
    }

    pub fn register(&self, meeting: MeetingId) -> Result<RegisterView> {
        let meeting = self.store.meeting(meeting)?;
        let present: Vec<MemberId> = self.store.attendance(meeting.id)?.into_iter().map(|a| a.member).collect();
        let (people, agreement) = self.register_lines(meeting.group, &present)?;
        Ok(RegisterView { meeting, people, agreement })
    }

    /// The register as it is in the file now. A day not yet kept that was
    /// recorded meanwhile (by another console) is that meeting now.
    pub fn register_sheet(&self, of: &RegisterOf) -> Result<RegisterSheet> {
        let recorded = match of {
            RegisterOf::Recorded(m) => Some(m.id),
            RegisterOf::NotYetKept { group, new } => self.store.meeting_on(*group, new.held_on)?.map(|m| m.id),
        };
        match recorded {
            Some(id) => {
                let view = self.register(id)?;
                Ok(RegisterSheet {
                    of: RegisterOf::Recorded(view.meeting),
                    people: view.people,
                    agreement: view.agreement,
                })
            }
            None => {
                let (people, agreement) = self.register_lines(of.group(), &[])?;
                Ok(RegisterSheet { of: of.clone(), people, agreement })
            }
        }
    }

    /// The active and on-break members, and anyone else `present`.
    fn register_lines(&self, group: GroupId, present: &[MemberId]) -> Result<(Vec<RegisterLine>, Option<u32>)> {
        let mut members = self.store.members_with_status(group, &[MemberStatus::Active, MemberStatus::OnBreak])?;
        for id in present {
            if !members.iter().any(|m| m.id == *id) {
                members.push(self.store.member(*id)?);
            }
        }
        let agreed = self.store.agreed_versions(group)?;
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
        let agreement = self.store.current_agreement(group)?.map(|v| v.version);
        Ok((people, agreement))
    }

    /// A mark in a register, saved at once. In a register whose meeting is
    /// not in the file yet, the mark records it first, in the same
    /// transaction: a meeting is only ever kept with something in it. If
    /// the day was recorded meanwhile (another console), the mark joins
    /// that meeting, as there is one meeting a day.
    pub fn mark(&mut self, of: &RegisterOf, mark: Mark, today: NaiveDate) -> Result<MarkSaved> {
        let visitor = match &mark {
            Mark::Visitor(name) | Mark::NewVisitor(name) => visitor_fields(name)?,
            _ => None,
        };
        if let (Mark::Visitor(_), Some(fields)) = (&mark, &visitor) {
            // A name refused as a new name was refused above, before anyone
            // is looked up; a known one is asked about, nothing written.
            let known = self.same_name(of.group(), &fields.name)?;
            if !known.is_empty() {
                let meeting = match of {
                    RegisterOf::Recorded(m) => Some(self.store.meeting(m.id)?),
                    RegisterOf::NotYetKept { group, new } => self.store.meeting_on(*group, new.held_on)?,
                };
                return Ok(MarkSaved {
                    meeting,
                    marked: Marked::Visitor(VisitorAdded::Known(known)),
                    recorded_now: false,
                });
            }
        }
        if let RegisterOf::NotYetKept { new, .. } = of {
            check_minutes(new.minutes).map_err(|e| Error::field("minutes", e))?;
            not_ahead(new.held_on, today)?;
        }
        self.store.atomic(|store| {
            let (meeting, recorded_now) = match of {
                RegisterOf::Recorded(m) => (store.meeting(m.id)?, false),
                RegisterOf::NotYetKept { group, new } => match store.meeting_on(*group, new.held_on)? {
                    Some(existing) => (existing, false),
                    None => (store.create_meeting(*group, new)?, true),
                },
            };
            let marked = match mark {
                Mark::Present(member, present) => {
                    store.set_present(meeting.id, member, present)?;
                    Marked::Present
                }
                Mark::Expected => Marked::Expected(mark_expected(store, meeting.id)?),
                Mark::Visitor(_) | Mark::NewVisitor(_) => {
                    Marked::Visitor(add_visitor_to(store, meeting.id, visitor.as_ref(), today)?)
                }
            };
            let meeting = store.meeting(meeting.id)?;
            if recorded_now && meeting.visitors == 0 && store.attendance(meeting.id)?.is_empty() {
                // Rolled back: a meeting is not kept with nothing in it.
                return Err(Error::refused("there is nobody to mark present yet, so no meeting was recorded"));
            }
            Ok(MarkSaved { meeting: Some(meeting), marked, recorded_now })
        })
    }

    pub fn set_present(&mut self, meeting: MeetingId, member: MemberId, present: bool) -> Result<()> {
        Ok(self.store.set_present(meeting, member, present)?)
    }

    /// Counts a visitor, or with a name adds them as an enquiry marked
    /// present; a name the group knows already is offered instead
    /// ([`VisitorAdded::Known`]) and nothing is written.
    pub fn add_visitor(&mut self, meeting: MeetingId, name: &str, today: NaiveDate) -> Result<VisitorAdded> {
        let fields = visitor_fields(name)?;
        if let Some(fields) = &fields {
            let known = self.same_name(self.store.meeting(meeting)?.group, &fields.name)?;
            if !known.is_empty() {
                return Ok(VisitorAdded::Known(known));
            }
        }
        self.store.atomic(|store| add_visitor_to(store, meeting, fields.as_ref(), today))
    }
}

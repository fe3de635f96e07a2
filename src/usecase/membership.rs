//! Membership: adding people, moving them along their journey, editing and
//! forgetting them, with the group's rules about who may become active.

use chrono::NaiveDate;

use super::{Circle, Error, Result};
use crate::domain::members_csv::ImportRow;
use crate::domain::size::SizeState;
use crate::domain::text;
use crate::domain::{GroupId, GroupSettings, GroupStatus, MemberFields, MemberId, MemberStatus, Openness};
use crate::usecase::store::Store;

/// Someone already in the roster, or someone being added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Existing(MemberId),
    New(GroupId, Box<MemberFields>),
}

/// A change of status (or an addition) as the facilitator asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRequest {
    pub who: Who,
    pub status: MemberStatus,
    pub on: NaiveDate,
    pub reason: String,
}

/// The questions the facilitator has already answered "yes, go ahead" to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answers {
    pub closed_intake: bool,
    pub over_capacity: bool,
}

impl Answers {
    pub const ALL: Answers = Answers { closed_intake: true, over_capacity: true };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusOutcome {
    Done(Done),
    /// Nothing to change: they already have that status.
    AlreadyThere(MemberStatus),
    /// The group is closed and past forming: its membership was fixed, so
    /// making someone active needs a yes first.
    AskClosedGroup,
    /// The group is at the top of its workable range: suggest the waitlist.
    Full {
        active: u32,
        largest: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub member: MemberId,
    pub name: String,
    /// `None` for someone just added.
    pub previous: Option<MemberStatus>,
    pub status: MemberStatus,
    /// A place opened: the person who has waited longest, to offer it to.
    pub offer: Option<PlaceOffer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceOffer {
    pub member: MemberId,
    pub name: String,
    pub waiting_since: NaiveDate,
}

impl Circle {
    /// Adds someone. Someone waiting or enquiring has not joined yet, so
    /// their joined date is set only when they become active.
    pub fn add_member(
        &mut self,
        group: GroupId,
        fields: MemberFields,
        status: MemberStatus,
        today: NaiveDate,
        answers: Answers,
    ) -> Result<StatusOutcome> {
        self.change_status(new_member(group, fields, status, today), today, answers)
    }

    /// Moves someone along their journey, asking first where the group's
    /// rules call for it: a closed group outside its intake, and a group
    /// already at the top of its workable range. Coming back from a break
    /// never asks.
    pub fn change_status(
        &mut self,
        request: StatusRequest,
        today: NaiveDate,
        answers: Answers,
    ) -> Result<StatusOutcome> {
        let StatusRequest { who, status, on, reason } = request;
        let reason = status_reason(&reason)?;
        self.store.atomic(|store| decide(store, &who, status, on, &reason, today, answers))
    }

    /// Saves what the facilitator typed about someone: only the fields they
    /// changed from `original` (what the form showed), and only if nobody
    /// else changed those same fields meanwhile; otherwise a conflict names
    /// them and nothing is saved. Without `original`, the typed fields win.
    pub fn edit_member(
        &mut self,
        id: MemberId,
        original: Option<&MemberFields>,
        fields: MemberFields,
        today: NaiveDate,
    ) -> Result<String> {
        let fields = checked_fields(fields, today)?;
        self.store.atomic(|store| {
            let current = store.member(id)?.fields;
            let merged = match original {
                None => fields.clone(),
                Some(original) => merge(original, &current, &fields)?,
            };
            // A new name follows the rule for names given now; a name kept
            // as it was stays, whatever an older circle let into it.
            if merged.name != current.name {
                super::given_name(&merged.name)?;
            }
            store.update_member(id, &merged)?;
            Ok(merged.name)
        })
    }

    /// Adds members read from a CSV file: all of them, or none. The rules
    /// for making someone active hold as they do for one person at a time,
    /// row by row in the file's order: when a row would make someone
    /// active where the console would ask first, nothing is added and the
    /// outcome names every such row, unless `answers` already said yes.
    pub fn import_members(
        &mut self,
        group: GroupId,
        rows: &[ImportRow],
        today: NaiveDate,
        answers: Answers,
    ) -> Result<ImportOutcome> {
        for row in rows {
            let line = |e: Error| Error::refused(format!("line {}: {e}", row.line));
            super::given_name(&row.fields.name).map_err(line)?;
            checked_fields(row.fields.clone(), today).map_err(line)?;
        }
        // Read and written in one transaction, so another console adding
        // someone meanwhile cannot slip past the count.
        self.store.atomic(|store| {
            let settings = store.group(group)?.settings;
            let active = active_in(store, group)?;
            if let Some(asked) = import_questions(&settings, active, rows, answers) {
                return Ok(asked);
            }
            Ok(ImportOutcome::Imported(store.import_members(group, rows, today)?))
        })
    }

    /// Every member of a group, for exports.
    pub fn all_members(&self, group: GroupId) -> Result<Vec<crate::domain::Member>> {
        Ok(self.store.all_members(group)?)
    }
}

/// Applies the fields the facilitator changed onto the row as it is now,
/// refusing when another console changed one of those same fields.
fn merge(original: &MemberFields, current: &MemberFields, typed: &MemberFields) -> Result<MemberFields> {
    let mut out = current.clone();
    let mut clashes: Vec<&str> = Vec::new();
    macro_rules! field {
        ($name:ident, $label:literal) => {
            if typed.$name != original.$name {
                if current.$name != original.$name && current.$name != typed.$name {
                    clashes.push($label);
                }
                out.$name = typed.$name.clone();
            }
        };
    }
    field!(name, "the name");
    field!(pronouns, "pronouns");
    field!(contact, "contact");
    field!(joined, "the joined date");
    field!(role, "the role");
    field!(access_needs, "access needs");
    field!(invite_to_speak, "invite to speak");
    field!(notes, "notes");
    if clashes.is_empty() {
        Ok(out)
    } else {
        Err(Error::Conflict(format!(
            "Someone else changed {} while this form was open; nothing was saved.",
            clashes.join(" and ")
        )))
    }
}

/// The request that adds someone: an active member joins on their joined
/// date (today unless given), anyone else is recorded from today.
pub fn new_member(group: GroupId, fields: MemberFields, status: MemberStatus, today: NaiveDate) -> StatusRequest {
    let on = if status == MemberStatus::Active { fields.joined.unwrap_or(today) } else { today };
    StatusRequest { who: Who::New(group, Box::new(fields)), status, on, reason: String::new() }
}

/// Why someone's status changed, trimmed and within the limit for notes.
pub(super) fn status_reason(raw: &str) -> Result<String> {
    text::limited("the reason", raw, text::MAX_NOTE_CHARS).map_err(|e| Error::field("reason", e.to_string()))
}

/// Checks typed member details; the error names the field as in
/// [`MemberFields`].
fn checked_fields(fields: MemberFields, today: NaiveDate) -> Result<MemberFields> {
    if fields.joined.is_some_and(|d| d > today) {
        return Err(Error::field("joined", "that is in the future; use the day they joined"));
    }
    fields.validated().map_err(|(field, message)| {
        let field = if field == "access needs" { "access_needs" } else { field };
        Error::Field(field, message)
    })
}

fn decide(
    store: &mut Store,
    who: &Who,
    status: MemberStatus,
    on: NaiveDate,
    reason: &str,
    today: NaiveDate,
    answers: Answers,
) -> Result<StatusOutcome> {
    let (group, previous) = match who {
        Who::Existing(id) => {
            let member = store.member(*id)?;
            (member.group, Some(member.status))
        }
        Who::New(group, fields) => {
            checked_fields((**fields).clone(), today)?;
            super::given_name(&fields.name)?;
            (*group, None)
        }
    };
    if previous == Some(status) {
        return Ok(StatusOutcome::AlreadyThere(status));
    }
    if let Who::Existing(id) = who {
        // A journey runs forward: not before the last change, not in the future.
        if on > today {
            return Err(Error::field("date", format!("that is in the future; use today ({today}) or an earlier day")));
        }
        if let Some(last) = store.status_history(*id)?.last().map(|c| c.changed_on).filter(|last| on < *last) {
            return Err(Error::field("date", format!("the last change was on {last}; a new one cannot be earlier")));
        }
    }
    let settings = store.group(group)?.settings;
    let returning = previous == Some(MemberStatus::OnBreak);
    if status == MemberStatus::Active && !returning {
        match question(&settings, active_in(store, group)?, answers) {
            Some(Question::ClosedGroup) => return Ok(StatusOutcome::AskClosedGroup),
            Some(Question::Full { active, largest }) => return Ok(StatusOutcome::Full { active, largest }),
            None => {}
        }
    }
    let member = match who {
        Who::Existing(id) => {
            store.change_status(*id, status, on, reason)?;
            *id
        }
        Who::New(group, fields) => {
            let mut fields = (**fields).clone();
            if status != MemberStatus::Active {
                fields.joined = None;
            }
            store.add_member(*group, &fields, status, on)?.id
        }
    };
    let name = store.member(member)?.fields.name;
    let offer = if previous == Some(MemberStatus::Active) { place_offer(store, group)? } else { None };
    Ok(StatusOutcome::Done(Done { member, name, previous, status, offer }))
}

/// What the group's rules ask before someone becomes active (other than
/// back from a break), when `answers` has not said yes to it already.
enum Question {
    /// The group is closed and past forming: its membership was fixed.
    ClosedGroup,
    /// `active` people are active, and `largest` is the most who can all
    /// be heard (0 when the settings leave no time to speak).
    Full { active: u32, largest: u32 },
}

/// The one rule for making someone active, with `active` people active
/// already: a closed group past forming asks first, and so does a group at
/// the top of its workable range.
fn question(settings: &GroupSettings, active: u32, answers: Answers) -> Option<Question> {
    if !answers.closed_intake && settings.openness == Openness::Closed && settings.status != GroupStatus::Forming {
        return Some(Question::ClosedGroup);
    }
    let range = settings.workable_range();
    if !answers.over_capacity && matches!(range.state(active), SizeState::AtTop | SizeState::Above) {
        return Some(Question::Full { active, largest: range.largest.unwrap_or(0) });
    }
    None
}

/// What a members import came to. Unless everyone was added, nothing was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Everyone in the file was added: how many.
    Imported(usize),
    /// The group is closed and past forming, and these lines of the file
    /// would make people active.
    AskClosedGroup { lines: Vec<u64> },
    /// `active` people are active and `largest` is the most who can all be
    /// heard; these lines would make people active past that.
    Full { active: u32, largest: u32, lines: Vec<u64> },
}

/// The rule of [`question`] applied to the rows of an import in order, as
/// though each were added in turn: the closed group's question first, for
/// every row that makes someone active, then the full group's for the
/// rows past the top of the range.
fn import_questions(
    settings: &GroupSettings,
    active: u32,
    rows: &[ImportRow],
    answers: Answers,
) -> Option<ImportOutcome> {
    let (mut closed, mut full) = (Vec::new(), Vec::new());
    let becoming_active = rows.iter().filter(|r| r.status == MemberStatus::Active);
    for (now_active, row) in (active..).zip(becoming_active) {
        match question(settings, now_active, answers) {
            Some(Question::ClosedGroup) => closed.push(row.line),
            Some(Question::Full { .. }) => full.push(row.line),
            None => {}
        }
    }
    if !closed.is_empty() {
        return Some(ImportOutcome::AskClosedGroup { lines: closed });
    }
    let largest = settings.workable_range().largest.unwrap_or(0);
    (!full.is_empty()).then_some(ImportOutcome::Full { active, largest, lines: full })
}

/// When a place opens, the person who has waited longest is offered it.
fn place_offer(store: &Store, group: GroupId) -> Result<Option<PlaceOffer>> {
    let Some(largest) = store.group(group)?.settings.workable_range().largest else { return Ok(None) };
    if active_in(store, group)? >= largest {
        return Ok(None);
    }
    Ok(store.longest_waiting(group)?.map(|m| PlaceOffer {
        member: m.id,
        name: m.fields.name,
        waiting_since: m.status_since,
    }))
}

fn active_in(store: &Store, group: GroupId) -> Result<u32> {
    Ok(store.status_counts(group)?.iter().find(|(s, _)| *s == MemberStatus::Active).map_or(0, |(_, n)| *n))
}

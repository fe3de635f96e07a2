//! People who turn out to be the same person: telling apart people who
//! share a name, finding who a new visitor may already be, and merging two
//! records of one person into one, with everything either held.

use chrono::NaiveDate;

use super::agreement::SignupRecord;
use super::{Circle, Error, Result};
use crate::domain::member::{MergeSide, merged};
use crate::domain::text::fold;
use crate::domain::{GroupId, Member, MemberId, MemberStatus};
use crate::usecase::store::Store;

/// What tells someone apart from others who share their name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Someone {
    pub member: MemberId,
    pub name: String,
    pub status: MemberStatus,
    pub status_since: NaiveDate,
    pub joined: Option<NaiveDate>,
    pub contact: String,
    /// How many meetings they came to, the first and the last.
    pub meetings: u32,
    pub first_came: Option<NaiveDate>,
    pub last_came: Option<NaiveDate>,
}

fn someone(store: &Store, member: Member) -> Result<Someone> {
    let (meetings, first_came, last_came) = store.meetings_attended(member.id)?;
    Ok(Someone {
        member: member.id,
        name: member.fields.name,
        status: member.status,
        status_since: member.status_since,
        joined: member.fields.joined,
        contact: member.fields.contact,
        meetings,
        first_came,
        last_came,
    })
}

/// One side of a merge, as its confirmation shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRecord {
    pub someone: Someone,
    pub pronouns: String,
    pub signups: Vec<SignupRecord>,
    /// Status changes recorded.
    pub changes: usize,
    pub notes: bool,
}

/// What merging two records would make: both as they are, and the one
/// person they become, shown side by side before anything changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePreview {
    pub first: MergeRecord,
    pub second: MergeRecord,
    /// The person after the merge (the figures are those of both records,
    /// a meeting both came to counted once).
    pub result: MergeRecord,
    /// Meetings both records were marked present at: one mark each after.
    pub both_came: u32,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The person, under the id they are kept by now.
    pub member: MemberId,
    pub name: String,
    pub meetings: u32,
}

impl Circle {
    /// Someone, with what tells them apart from others of their name.
    pub fn someone(&self, member: MemberId) -> Result<Someone> {
        someone(&self.store, self.store.member(member)?)
    }

    /// Everyone in the group whose name is `name` when case and accents
    /// are set aside, as search compares names: "priya" finds "Priya".
    pub fn same_name(&self, group: GroupId, name: &str) -> Result<Vec<Someone>> {
        let wanted = fold(name.trim());
        self.store
            .all_members(group)?
            .into_iter()
            .filter(|m| fold(m.fields.name.trim()) == wanted)
            .map(|m| someone(&self.store, m))
            .collect()
    }

    /// Whether anyone else in someone's group shares their name.
    pub fn has_namesake(&self, member: MemberId) -> Result<bool> {
        let m = self.store.member(member)?;
        Ok(self.same_name(m.group, &m.fields.name)?.iter().any(|s| s.member != member))
    }

    /// The people of a group who can be merged with `member`: everyone
    /// else, those with the same name first, then by name.
    pub fn merge_candidates(&self, member: MemberId) -> Result<Vec<Someone>> {
        let m = self.store.member(member)?;
        let wanted = fold(m.fields.name.trim());
        let mut others: Vec<Member> = self.store.all_members(m.group)?.into_iter().filter(|o| o.id != member).collect();
        others.sort_by_key(|o| (fold(o.fields.name.trim()) != wanted, fold(&o.fields.name), o.id));
        others.into_iter().map(|o| someone(&self.store, o)).collect()
    }

    /// Both records and the person they would become, read without
    /// changing anything; a refusal when they cannot be merged.
    pub fn merge_preview(&self, a: MemberId, b: MemberId) -> Result<MergePreview> {
        preview(&self.store, a, b)
    }

    /// Merges two records of one person into one, in one transaction: every
    /// meeting (one mark where both were present, with both turns),
    /// speaking time, sign-up (the earlier day where both agreed to one
    /// version), status change and endings activity of either is kept,
    /// and the details follow the rule of [`crate::domain::member::merged`].
    /// Refused for records of two groups, two people in one endings
    /// activity, and a speaking round still under way with either in it.
    pub fn merge_members(&mut self, a: MemberId, b: MemberId, today: NaiveDate) -> Result<Merged> {
        self.store.atomic(|store| {
            let (person, gone) = outcome(store, a, b)?;
            store.merge_members(&person, gone, today)?;
            let (meetings, _, _) = store.meetings_attended(person.id)?;
            Ok(Merged { member: person.id, name: person.fields.name, meetings })
        })
    }
}

/// The merged person and the id that goes, after the checks.
fn outcome(store: &Store, a: MemberId, b: MemberId) -> Result<(Member, MemberId)> {
    if a == b {
        return Err(Error::refused("That is the same record twice; choose another to merge it with."));
    }
    let (x, y) = (store.member(a)?, store.member(b)?);
    if x.group != y.group {
        return Err(Error::refused("Those two are in different groups, so they cannot be merged."));
    }
    if let Some(day) = store.shared_activity(a, b)? {
        return Err(Error::refused(format!(
            "Both records took part in the endings activity of {day}, so circle cannot make them one person \
             there; nothing was changed."
        )));
    }
    if let Some(day) = store.round_under_way_with(x.group, &[a, b])? {
        return Err(Error::refused(format!(
            "The speaking round of {day} is still under way with one of them in it; end it first, then merge."
        )));
    }
    let first_known = |m: &Member| -> Result<NaiveDate> {
        Ok(store.status_history(m.id)?.first().map_or(m.status_since, |c| c.changed_on))
    };
    let person = merged(
        MergeSide { member: &x, first_known: first_known(&x)? },
        MergeSide { member: &y, first_known: first_known(&y)? },
    )
    .map_err(|e| Error::refused(format!("{}; nothing was changed.", capital(&e))))?;
    let gone = if person.id == a { b } else { a };
    Ok((person, gone))
}

fn preview(store: &Store, a: MemberId, b: MemberId) -> Result<MergePreview> {
    let (person, _) = outcome(store, a, b)?;
    let record = |m: Member| -> Result<MergeRecord> {
        let signups = store
            .member_signups(m.id)?
            .into_iter()
            .map(|(version, signed_on)| SignupRecord { version, signed_on })
            .collect();
        let changes = store.status_history(m.id)?.len();
        let (pronouns, notes) = (m.fields.pronouns.clone(), !m.fields.notes.trim().is_empty());
        Ok(MergeRecord { someone: someone(store, m)?, pronouns, signups, changes, notes })
    };
    let (first, second) = (record(store.member(a)?)?, record(store.member(b)?)?);
    let both_came = store.meetings_both_attended(a, b)?;
    // The person after: the figures of both, a meeting both came to once.
    let mut signups: Vec<SignupRecord> = Vec::new();
    for s in first.signups.iter().chain(&second.signups) {
        match signups.iter_mut().find(|t| t.version == s.version) {
            Some(t) => t.signed_on = t.signed_on.min(s.signed_on),
            None => signups.push(*s),
        }
    }
    signups.sort_by_key(|s| s.version);
    let dates = [first.someone.first_came, second.someone.first_came];
    let last = [first.someone.last_came, second.someone.last_came];
    let result = MergeRecord {
        someone: Someone {
            member: person.id,
            name: person.fields.name.clone(),
            status: person.status,
            status_since: person.status_since,
            joined: person.fields.joined,
            contact: person.fields.contact.clone(),
            meetings: first.someone.meetings + second.someone.meetings - both_came,
            first_came: dates.into_iter().flatten().min(),
            last_came: last.into_iter().flatten().max(),
        },
        pronouns: person.fields.pronouns.clone(),
        signups,
        changes: first.changes + second.changes,
        notes: !person.fields.notes.trim().is_empty(),
    };
    Ok(MergePreview { first, second, result, both_came })
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

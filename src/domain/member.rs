//! What the facilitator records about a person, and its validation.

use chrono::NaiveDate;

use super::text::{self, MAX_NOTE_CHARS};
use super::{GroupId, MemberId, MemberStatus, Role};

/// What the facilitator types about a person. Only the name is required:
/// what is not kept cannot leak (the README's "Privacy").
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct MemberFields {
    pub name: String,
    #[serde(default)]
    pub pronouns: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub joined: Option<NaiveDate>,
    #[serde(default = "default_role")]
    pub role: Role,
    #[serde(default)]
    pub access_needs: String,
    #[serde(default)]
    pub invite_to_speak: bool,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub group: GroupId,
    pub status: MemberStatus,
    pub status_since: NaiveDate,
    #[serde(flatten)]
    pub fields: MemberFields,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    pub status: MemberStatus,
    pub changed_on: NaiveDate,
    pub reason: String,
}

fn default_role() -> Role {
    Role::Member
}

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for Role {
    fn default() -> Self {
        Role::Member
    }
}

impl MemberFields {
    pub fn named(name: &str) -> Self {
        MemberFields { name: name.to_string(), ..Default::default() }
    }

    /// Checks and trims every field; the error names the field at fault.
    pub fn validated(&self) -> std::result::Result<MemberFields, (&'static str, String)> {
        let name = text::name(&self.name).map_err(|e| ("name", e.to_string()))?;
        let short = |field: &'static str, value: &str| {
            text::limited(field, value, text::MAX_SHORT_CHARS).map_err(|e| (field, e.to_string()))
        };
        let long = |field: &'static str, value: &str| {
            text::limited(field, value, MAX_NOTE_CHARS).map_err(|e| (field, e.to_string()))
        };
        Ok(MemberFields {
            name,
            pronouns: short("pronouns", &self.pronouns)?,
            contact: short("contact", &self.contact)?,
            joined: self.joined,
            role: self.role,
            access_needs: long("access needs", &self.access_needs)?,
            invite_to_speak: self.invite_to_speak,
            notes: long("notes", &self.notes)?,
        })
    }
}

/// One person kept in two records, as [`merged`] takes them: the record,
/// and the first day it knows of them (its first status change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeSide<'a> {
    pub member: &'a Member,
    pub first_known: NaiveDate,
}

/// What one person looks like after two records of them are merged.
///
/// The record further along the person's journey leads (active, then on a
/// break, on the waitlist, an enquiry, and last someone who left: a person
/// who left and came back as a visitor is enquiring again); between two
/// records as far along, the older one leads. The leading record gives
/// the name, pronouns, contact, role, access needs, status and the day of
/// that status, and the other fills what it left empty. The joined date
/// is the earlier of the two; "invite to speak" holds if either says so;
/// notes are kept from both. Which record was chosen first makes no
/// difference, so what a confirmation shows cannot depend on it.
///
/// The person is kept under the later (higher) of the two ids, whichever
/// record leads: a new record is given one more than the highest id, so
/// the id that goes is not given to anyone else while this person is kept,
/// and a backup that still holds the two records apart cannot mistake a
/// newcomer for the merged record.
pub fn merged(a: MergeSide<'_>, b: MergeSide<'_>) -> Result<Member, String> {
    fn rank(status: MemberStatus) -> u8 {
        match status {
            MemberStatus::Active => 4,
            MemberStatus::OnBreak => 3,
            MemberStatus::Waitlist => 2,
            MemberStatus::Enquiry => 1,
            MemberStatus::Left => 0,
        }
    }
    let key =
        |s: &MergeSide<'_>| (rank(s.member.status), std::cmp::Reverse(s.first_known), std::cmp::Reverse(s.member.id));
    let (lead, other) = if key(&a) >= key(&b) { (a.member, b.member) } else { (b.member, a.member) };
    let (l, o) = (&lead.fields, &other.fields);
    let or_other =
        |mine: &str, theirs: &str| if mine.trim().is_empty() { theirs.to_string() } else { mine.to_string() };
    let notes = match (l.notes.trim(), o.notes.trim()) {
        (mine, theirs) if theirs.is_empty() || mine == theirs => l.notes.clone(),
        ("", _) => o.notes.clone(),
        (mine, theirs) => format!("{mine}\n{theirs}"),
    };
    if notes.chars().count() > MAX_NOTE_CHARS {
        return Err(format!(
            "their notes together are longer than notes can be ({MAX_NOTE_CHARS} characters); shorten one first"
        ));
    }
    let joined = match (l.joined, o.joined) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    Ok(Member {
        id: lead.id.max(other.id),
        group: lead.group,
        status: lead.status,
        status_since: lead.status_since,
        fields: MemberFields {
            name: l.name.clone(),
            pronouns: or_other(&l.pronouns, &o.pronouns),
            contact: or_other(&l.contact, &o.contact),
            joined,
            role: l.role,
            access_needs: or_other(&l.access_needs, &o.access_needs),
            invite_to_speak: l.invite_to_speak || o.invite_to_speak,
            notes,
        },
    })
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn member(id: i64, status: MemberStatus, since: u32, fields: MemberFields) -> Member {
        Member { id: MemberId(id), group: GroupId(1), status, status_since: day(since), fields }
    }

    #[test]
    fn the_record_further_along_leads_and_the_other_fills_the_gaps() {
        let active = member(
            1,
            MemberStatus::Active,
            3,
            MemberFields { joined: Some(day(3)), notes: "Likes tea".into(), ..MemberFields::named("Priya") },
        );
        let visitor = member(
            2,
            MemberStatus::Enquiry,
            17,
            MemberFields {
                contact: "priya@example.org".into(),
                notes: "Came with a friend".into(),
                invite_to_speak: true,
                ..MemberFields::named("priya")
            },
        );
        let a = MergeSide { member: &active, first_known: day(3) };
        let b = MergeSide { member: &visitor, first_known: day(17) };
        let one = merged(a.clone(), b.clone()).unwrap();
        assert_eq!(one, merged(b, a).unwrap(), "the order chosen makes no difference");
        assert_eq!((one.id, one.status, one.status_since), (MemberId(2), MemberStatus::Active, day(3)));
        assert_eq!(one.fields.name, "Priya");
        assert_eq!(one.fields.contact, "priya@example.org");
        assert_eq!(one.fields.joined, Some(day(3)));
        assert!(one.fields.invite_to_speak);
        assert_eq!(one.fields.notes, "Likes tea\nCame with a friend");
    }

    #[test]
    fn between_two_visits_the_older_record_leads_and_someone_who_left_comes_back_enquiring() {
        let first = member(5, MemberStatus::Enquiry, 10, MemberFields::named("Priya"));
        let second = member(9, MemberStatus::Enquiry, 17, MemberFields::named("PRIYA"));
        let one = merged(
            MergeSide { member: &second, first_known: day(17) },
            MergeSide { member: &first, first_known: day(10) },
        )
        .unwrap();
        assert_eq!((one.id, one.status_since, one.fields.name.as_str()), (MemberId(9), day(10), "Priya"));
        let left = member(2, MemberStatus::Left, 1, MemberFields { joined: Some(day(1)), ..MemberFields::named("Bo") });
        let back = member(8, MemberStatus::Enquiry, 20, MemberFields::named("Bo"));
        let one =
            merged(MergeSide { member: &left, first_known: day(1) }, MergeSide { member: &back, first_known: day(20) })
                .unwrap();
        assert_eq!((one.status, one.fields.joined), (MemberStatus::Enquiry, Some(day(1))));
    }

    #[test]
    fn notes_too_long_together_are_refused() {
        let long = "x".repeat(MAX_NOTE_CHARS - 5);
        let a = member(1, MemberStatus::Active, 1, MemberFields { notes: long.clone(), ..MemberFields::named("A") });
        let b = member(2, MemberStatus::Active, 2, MemberFields { notes: long, ..MemberFields::named("A") });
        let b = Member { fields: MemberFields { notes: format!("{}y", b.fields.notes), ..b.fields.clone() }, ..b };
        let refused =
            merged(MergeSide { member: &a, first_known: day(1) }, MergeSide { member: &b, first_known: day(2) })
                .unwrap_err();
        assert!(refused.contains("shorten one first"), "{refused}");
    }
}

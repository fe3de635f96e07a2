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

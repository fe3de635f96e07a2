//! Versions of a group agreement and who agreed to which.

use chrono::NaiveDate;

use super::{AgreementId, GroupId, MemberId};

/// One adopted version of a group agreement; the body is Markdown with one
/// `##` heading per section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgreementVersion {
    pub id: AgreementId,
    pub group: GroupId,
    pub version: u32,
    pub adopted_on: NaiveDate,
    pub body: String,
    pub change_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Signup {
    pub member: MemberId,
    pub agreement: AgreementId,
    pub signed_on: NaiveDate,
}

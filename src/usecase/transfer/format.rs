//! The file `circle export` writes and `circle import-all` reads, field by
//! field. Every field is required, `null` included: a file missing a field
//! is refused by name rather than read as empty (hence
//! `Option::deserialize`, which turns off serde's quiet default for
//! options). Unknown fields are refused too, so nothing is dropped quietly.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    ActivityId, ActivityStage, AgreementId, CardId, CardStyle, ChannelId, ChannelKind, ChannelStatus, EndingMode,
    GroupId, GroupStatus, MeetingId, MeetingMode, MemberId, MemberStatus, Openness, Role,
};

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub format: u32,
    pub card_text: CardText,
    pub groups: Vec<FileGroup>,
}

/// Whether the cards' text is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardText {
    Included,
    /// Each card has `"text": null`; an import keeps the cards, blank.
    Withheld,
}

// Every field is required, `null` included: a file missing a field is
// refused by name rather than read as empty (hence `Option::deserialize`,
// which turns off serde's quiet default for options).

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileGroup {
    pub id: GroupId,
    pub name: String,
    pub focus: String,
    pub entry_criteria: String,
    pub openness: Openness,
    pub status: GroupStatus,
    /// Only a group that is in the same file; a one-group export leaves it out.
    #[serde(deserialize_with = "Option::deserialize")]
    pub successor: Option<GroupId>,
    pub meeting_minutes: u32,
    pub opening_closing_minutes: u32,
    pub min_speaking_minutes: u32,
    pub min_size: u32,
    pub review_interval_days: u32,
    #[serde(deserialize_with = "Option::deserialize")]
    pub last_review: Option<NaiveDate>,
    pub purpose: String,
    pub created_on: NaiveDate,
    pub members: Vec<FileMember>,
    pub meetings: Vec<FileMeeting>,
    pub agreement: FileAgreement,
    pub promotion: Vec<FileChannel>,
    pub endings: Vec<FileActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMember {
    pub id: MemberId,
    pub name: String,
    pub pronouns: String,
    pub contact: String,
    #[serde(deserialize_with = "Option::deserialize")]
    pub joined: Option<NaiveDate>,
    pub status: MemberStatus,
    pub status_since: NaiveDate,
    pub role: Role,
    pub access_needs: String,
    pub invite_to_speak: bool,
    pub notes: String,
    /// Every change of status, oldest first.
    pub history: Vec<FileStatusChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStatusChange {
    pub status: MemberStatus,
    pub changed_on: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMeeting {
    pub id: MeetingId,
    pub held_on: NaiveDate,
    pub mode: MeetingMode,
    pub minutes: u32,
    pub visitors: u32,
    pub round_run: bool,
    pub notes: String,
    /// Who was present, with their turn when a round was run.
    pub attendance: Vec<FileAttendance>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub round_in_progress: Option<FileRound>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileAttendance {
    pub member: MemberId,
    #[serde(deserialize_with = "Option::deserialize")]
    pub speaking_seconds: Option<u32>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub spoke: Option<bool>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub passed: Option<bool>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub turn_order: Option<u32>,
}

/// A round not yet ended, as the console keeps it (its timers included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRound {
    pub record: serde_json::Value,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileAgreement {
    /// Oldest first.
    pub versions: Vec<FileAgreementVersion>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub draft: Option<FileDraft>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileAgreementVersion {
    pub id: AgreementId,
    pub version: u32,
    pub adopted_on: NaiveDate,
    pub body: String,
    pub change_note: String,
    pub signups: Vec<FileSignup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSignup {
    pub member: MemberId,
    pub signed_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDraft {
    pub body: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileChannel {
    pub id: ChannelId,
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    #[serde(deserialize_with = "Option::deserialize")]
    pub planned_on: Option<NaiveDate>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileActivity {
    pub id: ActivityId,
    pub held_on: NaiveDate,
    pub mode: EndingMode,
    pub card_style: CardStyle,
    pub chain: bool,
    pub stage: ActivityStage,
    /// Written as a string: it can be larger than 2^53, which JavaScript
    /// and some versions of jq would change if it were a number. A number
    /// is still read, as format 1 wrote it.
    #[serde(with = "seed_text")]
    pub seed: Option<u64>,
    pub locked: bool,
    pub position: u32,
    pub reveal_author: bool,
    #[serde(deserialize_with = "Option::deserialize")]
    pub notice: Option<String>,
    pub created_at: String,
    pub participants: Vec<MemberId>,
    pub cards: Vec<FileCard>,
    /// Who reads which card, in reading order.
    pub deal: Vec<FileDealEntry>,
    pub rooms: Vec<FileRoomSeat>,
    /// Pairs who shared a breakout room, which later activities avoid.
    pub pairs: Vec<[MemberId; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileCard {
    pub id: CardId,
    pub author: MemberId,
    pub number: u32,
    /// `null` when the file was written without the cards' text.
    #[serde(deserialize_with = "Option::deserialize")]
    pub text: Option<String>,
    pub sealed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDealEntry {
    pub position: u32,
    /// `null` for a card read by someone since forgotten.
    #[serde(deserialize_with = "Option::deserialize")]
    pub reader: Option<MemberId>,
    pub card: CardId,
    #[serde(deserialize_with = "Option::deserialize")]
    pub room: Option<u32>,
    #[serde(deserialize_with = "Option::deserialize")]
    pub read_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRoomSeat {
    pub room: u32,
    pub member: MemberId,
}

/// A deal's seed as text in the file, read back from text or a number.
mod seed_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(seed: &Option<u64>, out: S) -> Result<S::Ok, S::Error> {
        match seed {
            Some(seed) => out.serialize_str(&seed.to_string()),
            None => out.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<u64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Seed {
            Text(String),
            Number(u64),
        }
        match Option::<Seed>::deserialize(input)? {
            None => Ok(None),
            Some(Seed::Number(n)) => Ok(Some(n)),
            Some(Seed::Text(t)) => t
                .parse()
                .map(Some)
                .map_err(|_| serde::de::Error::custom(format!("the seed “{t}” is not a whole number"))),
        }
    }
}

//! How a group promotes itself: the channels tried or planned.

use chrono::NaiveDate;

use super::{ChannelId, ChannelKind, ChannelStatus, Group, GroupId, Openness};

/// A way the group has promoted itself, or plans to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Channel {
    pub id: ChannelId,
    pub group: GroupId,
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    pub planned_on: Option<NaiveDate>,
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    pub planned_on: Option<NaiveDate>,
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

/// The words a group puts out on its channels (a post, a website, a
/// partner's newsletter): its name, its purpose and values in its own
/// words, who it is for and who can join. `None` until the group has a
/// purpose statement, since honest promotion starts from it.
pub fn promotion_text(group: &Group) -> Option<String> {
    let s = &group.settings;
    let purpose = s.purpose.trim();
    if purpose.is_empty() {
        return None;
    }
    let mut out = format!("{}\n\n{purpose}\n", group.name.trim());
    if !s.focus.trim().is_empty() {
        out.push_str(&format!("\nWho it is for: {}", s.focus.trim()));
    }
    if !s.entry_criteria.trim().is_empty() {
        out.push_str(&format!("\nWho can join: {}", s.entry_criteria.trim()));
    }
    out.push_str(match s.openness {
        Openness::Open => "\nNew members are welcome at any time.\n",
        Openness::Closed => "\nThe group has a fixed membership for now: ask when it next welcomes new members.\n",
    });
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{GroupId, GroupSettings};

    fn group(purpose: &str, openness: Openness) -> Group {
        let settings =
            GroupSettings { focus: "carers".into(), purpose: purpose.into(), openness, ..GroupSettings::default() };
        let created_on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        Group { id: GroupId(1), name: "Riverside".into(), settings, created_on }
    }

    #[test]
    fn the_promotion_text_starts_from_the_purpose() {
        assert_eq!(promotion_text(&group("  ", Openness::Open)), None);
        assert_eq!(
            promotion_text(&group("We listen.", Openness::Open)).unwrap(),
            "Riverside\n\nWe listen.\n\nWho it is for: carers\nNew members are welcome at any time.\n"
        );
        assert!(promotion_text(&group("We listen.", Openness::Closed)).unwrap().contains("fixed membership"));
    }
}

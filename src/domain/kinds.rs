//! The enumerations of the domain and the id newtypes.
//!
//! Each enumeration has one stable code stored in SQLite (checked there by a
//! `CHECK` constraint) and one plain label for people.

use std::fmt;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(GroupId, MemberId, MeetingId, AgreementId, ChannelId, ActivityId, CardId);

/// Raised when a stored or typed code is not one this build knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{value}” is not a known {what}; expected one of: {expected}")]
pub struct UnknownCode {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $code:literal, $label:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code stored in the database and used in CSV and JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            /// Accepts the code or the label, ignoring case, spaces, `-` and `_`.
            pub fn parse(text: &str) -> Result<Self, UnknownCode> {
                let wanted = normalise_code(text);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| normalise_code(v.code()) == wanted || normalise_code(v.label()) == wanted)
                    .ok_or_else(|| UnknownCode {
                        what: $what,
                        value: text.to_string(),
                        expected: Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "),
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn normalise_code(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).flat_map(char::to_lowercase).collect()
}

code_enum!(
    /// Whether people can join at any time.
    Openness, "openness" {
        Open => "open", "open";
        Closed => "closed", "closed";
    }
);

code_enum!(
    GroupStatus, "group status" {
        Forming => "forming", "forming";
        Active => "active", "active";
        Dormant => "dormant", "dormant";
        Closed => "closed", "closed";
    }
);

code_enum!(
    /// Where someone is on their journey with the group.
    MemberStatus, "member status" {
        Enquiry => "enquiry", "enquiry";
        Waitlist => "waitlist", "waitlist";
        Active => "active", "active";
        OnBreak => "on_break", "on break";
        Left => "left", "left";
    }
);

code_enum!(
    Role, "role" {
        Member => "member", "member";
        Facilitator => "facilitator", "facilitator";
        CoFacilitator => "co_facilitator", "co-facilitator";
    }
);

code_enum!(
    MeetingMode, "meeting mode" {
        InPerson => "in_person", "in person";
        Online => "online", "online";
        Hybrid => "hybrid", "hybrid";
    }
);

code_enum!(
    EndingMode, "activity mode" {
        FaceToFace => "face_to_face", "face to face";
        Online => "online", "online";
    }
);

code_enum!(
    CardStyle, "card style" {
        Typed => "typed", "typed";
        Paper => "paper", "paper";
    }
);

code_enum!(
    /// The stages of the endings activity, in order.
    ActivityStage, "activity stage" {
        Collecting => "collecting", "collecting cards";
        Dealing => "dealing", "dealing";
        Reading => "reading", "reading";
        Celebrating => "celebrating", "celebrating";
        Finished => "finished", "finished";
    }
);

code_enum!(
    ChannelKind, "channel" {
        SocialMedia => "social_media", "social media";
        Website => "website", "website";
        Radio => "radio", "local radio";
        Partner => "partner", "partner network";
        Other => "other", "other";
    }
);

code_enum!(
    ChannelStatus, "channel status" {
        Planned => "planned", "planned";
        Tried => "tried", "tried";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse_back() {
        for s in MemberStatus::ALL {
            assert_eq!(MemberStatus::parse(s.code()), Ok(*s));
            assert_eq!(MemberStatus::parse(s.label()), Ok(*s));
        }
        assert_eq!(MemberStatus::parse("On Break"), Ok(MemberStatus::OnBreak));
        assert_eq!(Role::parse("Co-Facilitator"), Ok(Role::CoFacilitator));
    }

    #[test]
    fn unknown_codes_name_the_choices() {
        let err = MemberStatus::parse("retired").unwrap_err();
        assert!(err.to_string().contains("retired"));
        assert!(err.to_string().contains("waitlist"));
    }
}

//! Which of circle's fields each column of a roster holds: by circle's own
//! names, by the names other tools give them (a sign-up form's "Full
//! name", an attendee list's "First Name" and "Last Name", "Email",
//! "Mobile"), or as the facilitator says.

use std::fmt;

/// A field of a member a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    FirstName,
    LastName,
    Pronouns,
    Contact,
    Status,
    Joined,
    Role,
    AccessNeeds,
    InviteToSpeak,
    Notes,
    /// Left out on purpose.
    Skip,
}

/// Each field, the word a facilitator types for it, and the headers other
/// tools give it (compared without case, spaces or punctuation).
const FIELDS: [(Field, &str, &[&str]); 12] = [
    (
        Field::Name,
        "name",
        &[
            "name",
            "fullname",
            "yourname",
            "displayname",
            "preferredname",
            "chosenname",
            "attendeename",
            "participantname",
            "participant",
            "membername",
            "member",
        ],
    ),
    (Field::FirstName, "first-name", &["firstname", "first", "givenname", "forename", "attendeefirstname"]),
    (Field::LastName, "last-name", &["lastname", "last", "surname", "familyname", "attendeelastname"]),
    (Field::Pronouns, "pronouns", &["pronouns", "pronoun", "preferredpronouns", "yourpronouns"]),
    (
        Field::Contact,
        "contact",
        &[
            "contact",
            "email",
            "emailaddress",
            "youremail",
            "youremailaddress",
            "mail",
            "phone",
            "phonenumber",
            "mobile",
            "mobilenumber",
            "mobilephone",
            "cell",
            "cellphone",
            "telephone",
            "tel",
        ],
    ),
    (Field::Status, "status", &["status", "memberstatus"]),
    (
        Field::Joined,
        "joined",
        &["joined", "joinedon", "joineddate", "joindate", "datejoined", "membersince", "startdate", "joinedgroupon"],
    ),
    (Field::Role, "role", &["role"]),
    (
        Field::AccessNeeds,
        "access-needs",
        &["accessneeds", "access", "accessibility", "accessibilityneeds", "accessrequirements"],
    ),
    (
        Field::InviteToSpeak,
        "invite-to-speak",
        &["invitetospeak", "invite", "preferstobeinvitedtospeak", "invitedtospeak"],
    ),
    (Field::Notes, "notes", &["notes", "note", "comments", "comment"]),
    (Field::Skip, "skip", &[]),
];

impl Field {
    /// The word for the field, as `--map` takes it and messages name it.
    pub fn word(self) -> &'static str {
        FIELDS.iter().find(|(f, _, _)| *f == self).map_or("skip", |(_, w, _)| w)
    }

    /// The field a facilitator names (`name`, `first-name`, `contact`, …).
    pub fn from_word(word: &str) -> Option<Field> {
        let wanted = squashed(word);
        FIELDS.iter().find(|(_, w, _)| squashed(w) == wanted).map(|(f, _, _)| *f)
    }

    /// Every word [`Field::from_word`] takes, for messages.
    pub fn words() -> String {
        FIELDS.iter().map(|(_, w, _)| *w).collect::<Vec<_>>().join(", ")
    }

    /// Whether several columns may fill it (contact: an email and a phone).
    fn many(self) -> bool {
        matches!(self, Field::Contact | Field::Notes | Field::Skip)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A header without case, spaces, punctuation or a trailing colon: "Full
/// name", "FULL_NAME" and "full-name:" are one.
pub fn squashed(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The field a header names, if it is one circle knows.
pub fn recognise(header: &str) -> Option<Field> {
    let wanted = squashed(header);
    FIELDS.iter().find(|(_, _, names)| names.contains(&wanted.as_str())).map(|(f, _, _)| *f)
}

/// How each column of a file is used.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// For each column, the field it fills, if any.
    pub columns: Vec<Option<Field>>,
    /// Columns left out (their headers), to say so.
    pub left_out: Vec<String>,
}

/// Why the columns cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// No column holds a name (nor a first name).
    NoName,
    /// Two columns for a field only one may fill.
    Twice(Field, String, String),
    /// A column named in the facilitator's mapping is not in the file.
    NotInFile(String),
}

/// Decides what each column fills: first what the facilitator said
/// (`mapped`, by header), then the headers circle recognises. A column with
/// no header and nothing in it (what spreadsheets leave at the end) is
/// passed over without a word; any other column circle does not know is
/// left out and named. A full name wins over first and last names.
pub fn lay_out(headers: &[String], mapped: &[(String, Field)], empty: &[bool]) -> Result<Layout, LayoutError> {
    for (header, _) in mapped {
        if !headers.iter().any(|h| squashed(h) == squashed(header)) {
            return Err(LayoutError::NotInFile(header.clone()));
        }
    }
    let mut columns: Vec<Option<Field>> = Vec::with_capacity(headers.len());
    let mut left_out = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let said = mapped.iter().find(|(h, _)| squashed(h) == squashed(header)).map(|(_, f)| *f);
        let field = said.or_else(|| recognise(header));
        match field {
            Some(Field::Skip) => {
                columns.push(None);
                left_out.push(header.clone());
            }
            Some(field) => {
                if let Some(j) = columns.iter().position(|c| *c == Some(field))
                    && !field.many()
                {
                    return Err(LayoutError::Twice(field, headers[j].clone(), header.clone()));
                }
                columns.push(Some(field));
            }
            None => {
                columns.push(None);
                let blank = header.trim().is_empty();
                if !(blank && empty.get(i).copied().unwrap_or(true)) {
                    left_out.push(if blank { format!("column {} (no header)", i + 1) } else { header.clone() });
                }
            }
        }
    }
    let has = |f: Field| columns.contains(&Some(f));
    if has(Field::Name) {
        for (i, c) in columns.iter_mut().enumerate() {
            if matches!(c, Some(Field::FirstName | Field::LastName)) {
                *c = None;
                left_out.push(headers[i].clone());
            }
        }
    } else if !has(Field::FirstName) {
        return Err(LayoutError::NoName);
    }
    Ok(Layout { columns, left_out })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn other_tools_headers_are_recognised() {
        assert_eq!(recognise("Full name"), Some(Field::Name));
        assert_eq!(recognise("Email address"), Some(Field::Contact));
        assert_eq!(recognise("First Name"), Some(Field::FirstName));
        assert_eq!(recognise("SURNAME"), Some(Field::LastName));
        assert_eq!(recognise("Mobile"), Some(Field::Contact));
        assert_eq!(recognise("Name "), Some(Field::Name));
        assert_eq!(recognise("Timestamp"), None);
    }

    #[test]
    fn a_full_name_wins_over_first_and_last() {
        let h = headers(&["First Name", "Last Name", "Name", "Email", "Phone"]);
        let layout = lay_out(&h, &[], &[false; 5]).unwrap();
        assert_eq!(layout.columns, [None, None, Some(Field::Name), Some(Field::Contact), Some(Field::Contact)]);
        assert_eq!(layout.left_out, ["First Name", "Last Name"]);
    }

    #[test]
    fn empty_columns_without_a_header_pass_unsaid_and_others_are_named() {
        let h = headers(&["Name", "Shoe size", "", ""]);
        let layout = lay_out(&h, &[], &[false, false, true, false]).unwrap();
        assert_eq!(layout.left_out, ["Shoe size", "column 4 (no header)"]);
    }

    #[test]
    fn the_facilitator_can_say_what_a_column_holds() {
        let h = headers(&["Who", "How to reach", "Email"]);
        assert_eq!(lay_out(&h, &[], &[false; 3]), Err(LayoutError::NoName));
        let mapped = [("who".to_string(), Field::Name), ("Email".to_string(), Field::Skip)];
        let layout = lay_out(&h, &mapped, &[false; 3]).unwrap();
        assert_eq!(layout.columns, [Some(Field::Name), None, None]);
        assert_eq!(layout.left_out, ["How to reach", "Email"]);
        let wrong = [("Phone".to_string(), Field::Contact)];
        assert_eq!(lay_out(&h, &wrong, &[false; 3]), Err(LayoutError::NotInFile("Phone".into())));
        assert_eq!(Field::from_word("First name"), Some(Field::FirstName));
    }

    #[test]
    fn two_columns_for_one_field_are_refused() {
        let h = headers(&["Name", "Full name"]);
        assert!(matches!(lay_out(&h, &[], &[false; 2]), Err(LayoutError::Twice(Field::Name, _, _))));
    }
}

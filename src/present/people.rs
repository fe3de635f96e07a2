//! The words that tell people apart: wherever someone is chosen by name
//! (forgetting, merging, a status, linear mode's numbered lists), people
//! who share a name are told apart by their status, when they joined, the
//! meetings they came to and the first letters of their contact. Also the
//! question a visitor raises when their name is known already, the typed
//! name that confirms an erasure, and the two records of a merge side by
//! side. Each front end passes its own way of writing a day.

use chrono::NaiveDate;

use crate::domain::MemberStatus;
use crate::domain::text::{display, fold};
use crate::usecase::people::{MergePreview, MergeRecord, Someone};

/// A way of writing a day: the console's short one, linear mode's spoken one.
pub type Day<'a> = &'a dyn Fn(NaiveDate) -> String;

/// What tells someone apart, in a few words: "enquiry since 17 Dec 2026,
/// not joined, came once (17 Dec 2026), contact pr…".
pub fn told_apart(s: &Someone, day: Day<'_>) -> String {
    let mut parts = vec![format!("{} since {}", s.status.label(), day(s.status_since))];
    parts.push(match s.joined {
        Some(joined) => format!("joined {}", day(joined)),
        None => "not joined".to_string(),
    });
    parts.push(came(s, day));
    if let Some(contact) = contact_start(&s.contact) {
        parts.push(format!("contact {contact}"));
    }
    parts.join(", ")
}

/// The meetings someone came to: "came once (17 Dec)", "came to 3
/// meetings, last 24 Nov", "not at a meeting yet".
fn came(s: &Someone, day: Day<'_>) -> String {
    match (s.meetings, s.last_came) {
        (0, _) | (_, None) => "not at a meeting yet".to_string(),
        (1, Some(last)) => format!("came once ({})", day(last)),
        (n, Some(last)) => format!("came to {n} meetings, last {}", day(last)),
    }
}

/// The first two letters of a contact, enough to tell two people apart
/// without showing the whole address on a shared screen.
fn contact_start(contact: &str) -> Option<String> {
    let shown = display(contact.trim()).into_owned();
    if shown.is_empty() {
        return None;
    }
    let start: String = shown.chars().take(2).collect();
    Some(format!("{start}…"))
}

/// A name with what tells that person apart: "Priya (enquiry since …)".
pub fn named(s: &Someone, day: Day<'_>) -> String {
    format!("{} ({})", display(&s.name), told_apart(s, day))
}

/// A name as a list shows it: with what tells them apart when someone
/// else on the list shares it, alone otherwise.
pub fn in_list(s: &Someone, namesake: bool, day: Day<'_>) -> String {
    if namesake { named(s, day) } else { display(&s.name).into_owned() }
}

/// The folded names that appear more than once among `names`: the people
/// a list has to tell apart.
pub fn shared_names<'a>(names: impl IntoIterator<Item = &'a str>) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashSet::new();
    let mut shared = std::collections::HashSet::new();
    for name in names {
        let folded = fold(name.trim());
        if !seen.insert(folded.clone()) {
            shared.insert(folded);
        }
    }
    shared
}

/// Whether `name` is among the [`shared_names`].
pub fn is_shared(shared: &std::collections::HashSet<String>, name: &str) -> bool {
    shared.contains(&fold(name.trim()))
}

/// The question a named visitor raises when the group knows someone by
/// that name: "Priya came as a visitor on 10 Dec 2026: is this the same
/// person?"
pub fn known_visitor(known: &[Someone], day: Day<'_>) -> String {
    match known {
        [] => String::new(),
        [one] => match (one.status, one.first_came) {
            (MemberStatus::Enquiry, Some(first)) => {
                format!("{} came as a visitor on {}: is this the same person?", display(&one.name), day(first))
            }
            _ => format!("{} is already known: is this the same person?", named(one, day)),
        },
        [first, ..] => format!(
            "{} people called {} are known already: is the visitor one of them?",
            known.len(),
            display(&first.name)
        ),
    }
}

/// The answers to [`known_visitor`], in order: each person known, then
/// someone new called `typed`.
pub fn visitor_choices(known: &[Someone], typed: &str, day: Day<'_>) -> Vec<String> {
    let mut choices: Vec<String> = match known {
        [one] => vec![format!("yes, mark {} present", display(&one.name))],
        many => many.iter().map(|s| named(s, day)).collect(),
    };
    choices.push(format!("no, add someone new called {}", display(typed.trim())));
    choices
}

/// What marking a known visitor said.
pub fn known_marked(name: &str) -> String {
    format!("{} is marked present.", display(name))
}

/// The question before someone is forgotten, naming exactly who.
pub fn forget_question(s: &Someone, day: Day<'_>) -> String {
    format!(
        "This erases {} and everything about them: attendance, sign-ups, cards and pairings. It cannot be undone.",
        named(s, day)
    )
}

/// Whether a name typed to confirm an erasure is the name asked for, as
/// search compares names: capitals, accents and spaces at the ends aside,
/// so "tomas" confirms "Tomás". Characters nobody can type (shown as a
/// mark) are left out of both.
pub fn typed_name_matches(typed: &str, name: &str) -> bool {
    let comparable = |t: &str| {
        let kept: String = display(t).chars().filter(|c| *c != '\u{FFFD}').collect();
        fold(kept.trim())
    };
    comparable(typed) == comparable(name)
}

/// The refusal when the typed name is not the one asked for: what was
/// typed and what was expected (the name was on screen already), and that
/// nothing changed.
pub fn typed_name_differs(typed: &str, name: &str) -> String {
    let typed = crate::domain::text::fit(&display(typed.trim()), 40);
    let name: String = display(name).chars().filter(|c| *c != '\u{FFFD}').collect();
    if typed.is_empty() {
        return format!("Type “{}” to confirm; nothing has been changed.", name.trim());
    }
    format!(
        "You typed “{typed}”, which is not “{}” (capitals and accents do not matter); nothing has been changed.",
        name.trim()
    )
}

/// The rows of a merge's confirmation: a label, then each record and the
/// person after, as cells.
pub fn merge_rows(preview: &MergePreview, day: Day<'_>) -> Vec<(&'static str, [String; 3])> {
    let cells = |f: &dyn Fn(&MergeRecord) -> String| [f(&preview.first), f(&preview.second), f(&preview.result)];
    let text = |t: &str| if t.trim().is_empty() { "—".to_string() } else { display(t.trim()).into_owned() };
    vec![
        ("Name", cells(&|r| text(&r.someone.name))),
        ("Status", cells(&|r| r.someone.status.label().to_string())),
        ("Since", cells(&|r| day(r.someone.status_since))),
        ("Joined", cells(&|r| r.someone.joined.map_or_else(|| "—".to_string(), day))),
        ("Pronouns", cells(&|r| text(&r.pronouns))),
        ("Contact", cells(&|r| contact_start(&r.someone.contact).unwrap_or_else(|| "—".to_string()))),
        ("Meetings", cells(&|r| r.someone.meetings.to_string())),
        (
            "Sign-ups",
            cells(&|r| match r.signups.as_slice() {
                [] => "none".to_string(),
                all => all.iter().map(|s| format!("v{}", s.version)).collect::<Vec<_>>().join(", "),
            }),
        ),
        ("History", cells(&|r| crate::domain::text::count(r.changes as u64, "change", "changes"))),
        ("Notes", cells(&|r| if r.notes { "yes" } else { "none" }.to_string())),
    ]
}

/// What a merge's confirmation says under the two records.
pub fn merge_summary(preview: &MergePreview) -> String {
    let both = match preview.both_came {
        0 => String::new(),
        1 => " Both were marked present at 1 meeting: it counts once.".to_string(),
        n => format!(" Both were marked present at {n} meetings: each counts once."),
    };
    format!(
        "Everything either record holds is kept: meetings, speaking times, sign-ups, status changes and \
         endings cards.{both} The details can be edited afterwards."
    )
}

/// What a merge did.
pub fn merged(name: &str, meetings: u32) -> String {
    format!(
        "Merged: {} is one person now, with {}.",
        display(name),
        crate::domain::text::count(u64::from(meetings), "meeting", "meetings")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MemberId;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn priya(id: i64, status: MemberStatus, contact: &str, meetings: u32) -> Someone {
        Someone {
            member: MemberId(id),
            name: "Priya".into(),
            status,
            status_since: day(10),
            joined: None,
            contact: contact.into(),
            meetings,
            first_came: (meetings > 0).then(|| day(10)),
            last_came: (meetings > 0).then(|| day(17)),
        }
    }

    fn short(d: NaiveDate) -> String {
        d.format("%-d %b").to_string()
    }

    #[test]
    fn people_who_share_a_name_are_told_apart() {
        let a = priya(1, MemberStatus::Enquiry, "priya@example.org", 2);
        let b = priya(2, MemberStatus::Active, "", 0);
        assert_eq!(
            told_apart(&a, &short),
            "enquiry since 10 Dec, not joined, came to 2 meetings, last 17 Dec, contact pr…"
        );
        assert_eq!(named(&b, &short), "Priya (active since 10 Dec, not joined, not at a meeting yet)");
        let shared = shared_names(["Priya", "PRIYA ", "Bo", "Prìya"]);
        assert!(is_shared(&shared, "priya") && !is_shared(&shared, "Bo"));
        assert_eq!(in_list(&a, false, &short), "Priya");
    }

    #[test]
    fn a_known_visitor_is_asked_about_in_neutral_words() {
        let a = priya(1, MemberStatus::Enquiry, "", 1);
        assert_eq!(
            known_visitor(std::slice::from_ref(&a), &short),
            "Priya came as a visitor on 10 Dec: is this the same person?"
        );
        assert_eq!(
            visitor_choices(std::slice::from_ref(&a), "priya", &short),
            ["yes, mark Priya present", "no, add someone new called priya"]
        );
        let b = priya(2, MemberStatus::Active, "", 0);
        assert!(known_visitor(&[a.clone(), b], &short).starts_with("2 people called Priya are known"));
    }

    #[test]
    fn a_typed_name_matches_as_search_does_and_a_miss_says_both() {
        assert!(typed_name_matches("tomas", "Tomás"));
        assert!(typed_name_matches(" ivy ", "Ivy"));
        assert!(typed_name_matches("Zoe", "ZOË\u{1b}"));
        assert!(!typed_name_matches("Iv", "Ivy"));
        assert_eq!(
            typed_name_differs("Iv", "Ivy"),
            "You typed “Iv”, which is not “Ivy” (capitals and accents do not matter); nothing has been changed."
        );
    }
}

//! What circle says about the agreement in both front ends: who agreed
//! (the question before recording that someone not marked present agreed,
//! each person's sign-ups, and taking back one recorded by mistake), a
//! draft that still holds the template's blanks, and who is asked to agree
//! when a version is adopted. Each front end passes its own way of writing
//! a day.

use chrono::NaiveDate;

use crate::domain::agreement::Unfinished;
use crate::domain::text::{display, listed};
use crate::usecase::agreement::SignupRecord;

/// The question asked before recording that people who are not marked
/// present agreed: "Dev is not marked present today. Record that Dev
/// agreed anyway?" `when` is "today" or a day as the front end writes it.
pub fn not_present(names: &[String], when: &str) -> String {
    let shown: Vec<String> = names.iter().map(|n| display(n).into_owned()).collect();
    match shown.as_slice() {
        [] => String::new(),
        [one] => format!("{one} is not marked present {when}. Record that {one} agreed anyway?"),
        [first, second] => {
            format!("{first} and {second} are not marked present {when}. Record that they agreed anyway?")
        }
        [first, rest @ ..] => {
            format!("{first} and {} others are not marked present {when}. Record that they agreed anyway?", rest.len())
        }
    }
}

/// When a sign-up is for, as the questions and answers say it: "today",
/// or "on Mon 23 Nov 2026" for a meeting's register taken later.
pub fn when(on: NaiveDate, today: NaiveDate, day: &dyn Fn(NaiveDate) -> String) -> String {
    if on == today { "today".to_string() } else { format!("on {}", day(on)) }
}

/// Someone's sign-ups in words: "agreed to version 1 on 3 Jan 2026 and
/// version 2 on 26 Nov 2026", or "no sign-ups recorded".
pub fn history(records: &[SignupRecord], day: &dyn Fn(NaiveDate) -> String) -> String {
    let parts: Vec<String> = records.iter().map(|r| format!("version {} on {}", r.version, day(r.signed_on))).collect();
    if parts.is_empty() {
        return "no sign-ups recorded".to_string();
    }
    format!("agreed to {}", listed(&parts))
}

/// Nobody new to record: "Kwame agreed to version 2 already, on 12 Oct
/// 2026; nothing was recorded."
pub fn already_agreed(version: u32, people: &[(String, NaiveDate)], day: &dyn Fn(NaiveDate) -> String) -> String {
    let parts: Vec<String> = people.iter().map(|(name, on)| format!("{name} on {}", day(*on))).collect();
    let who = listed(&parts);
    let verb = if people.len() == 1 { "agreed" } else { "each agreed" };
    format!("Already recorded: {who} {verb} to version {version}; nothing new was recorded.")
}

/// The question before a sign-up is taken back.
pub fn withdraw_question(name: &str, record: SignupRecord, day: &str) -> String {
    format!(
        "Take back the record that {} agreed to version {} on {day}? Use this for a sign-up recorded by mistake; \
         any other versions they agreed to stay.",
        display(name),
        record.version
    )
}

/// What taking back a sign-up did.
pub fn withdrawn(name: &str, version: u32) -> String {
    format!("The sign-up is withdrawn: {} has not agreed to version {version}.", display(name))
}

/// Someone chosen to withdraw a sign-up from has none.
pub fn nothing_to_withdraw(name: &str) -> String {
    format!("{} has no sign-up to withdraw.", display(name))
}

/// How many unfinished parts are named before "and N more": enough to see
/// what is left, few enough for a dialog on a small window.
const NAMED: usize = 4;

/// The question before adopting a draft that still holds the template's
/// blanks: which parts, then whether to adopt it all the same.
pub fn unfinished_question(parts: &[Unfinished], version: u32) -> String {
    // A section once, by its first blank.
    let mut sections: Vec<&Unfinished> = Vec::new();
    for part in parts {
        if !sections.iter().any(|p| p.section == part.section) {
            sections.push(part);
        }
    }
    let named: Vec<String> = sections
        .iter()
        .take(NAMED)
        .map(|part| {
            let text = format!("“{}”", excerpt(&part.text));
            match part.section.trim() {
                "" => text,
                section => format!("{} ({text})", display(section)),
            }
        })
        .collect();
    let more = match sections.len().saturating_sub(NAMED) {
        0 => String::new(),
        1 => ", and 1 more section".to_string(),
        n => format!(", and {n} more sections"),
    };
    format!(
        "The draft still has blanks from the template to fill in: {}{more}. Adopt it as version {version} \
         all the same?",
        named.join(", ")
    )
}

/// The words up to the first blank, the last few of them when there are
/// many: what the group will recognise in its draft.
fn excerpt(text: &str) -> String {
    let text = display(text);
    let blank = text
        .match_indices('…')
        .find(|(at, _)| text[..*at].chars().last().is_none_or(char::is_whitespace))
        .map(|(at, dots)| at + dots.len());
    let choice = text.to_lowercase().find("open / closed").map(|at| at + "open / closed".len());
    let end = match (blank, choice) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(text.len()),
    };
    // Lower-casing can change lengths: fall back to the whole text.
    let upto = text.get(..end).unwrap_or(&text);
    let chars: Vec<char> = upto.chars().collect();
    match chars.len() {
        n if n <= WORDS => upto.to_string(),
        n => {
            // From the first whole word that fits.
            let tail: String = chars[n - WORDS..].iter().collect();
            let from = tail.find(' ').map_or(0, |space| space + 1);
            format!("…{}", &tail[from..])
        }
    }
}

/// How many characters of an unfinished part are quoted.
const WORDS: usize = 32;

/// Who has not yet agreed to a version: the names given, and how many more
/// there are, the number first when some are left unnamed.
pub fn not_agreed(version: u32, names: &[String], total: usize) -> String {
    let more = total.saturating_sub(names.len());
    match (names.is_empty(), more) {
        (_, 0) => format!("Not yet agreed to v{version}: {}", names.join(", ")),
        (true, _) => format!("{total} have not yet agreed to v{version}"),
        (false, more) => format!("{total} have not yet agreed to v{version}: {} and {more} more", names.join(", ")),
    }
}

/// What adopting a version asks of the members: the first version is
/// agreed to, a later one agreed to again.
pub fn everyone_asked(version: u32) -> &'static str {
    if version <= 1 { "Everyone is asked to agree to it" } else { "Everyone is asked to agree to it again" }
}

/// The words above the note when a draft is adopted.
pub fn adopting(version: u32) -> String {
    let asked = everyone_asked(version).replacen("Everyone", "everyone", 1);
    format!("The draft becomes the group's agreement from today, and {asked}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_first_parts_and_counts_the_rest() {
        let part = |section: &str, text: &str| Unfinished { section: section.into(), text: text.into() };
        let parts = vec![
            part("Our purpose", "We meet to …"),
            part("Open or closed membership", "Our group is open / closed. New people can join …"),
            part("Our purpose", "By the end …"),
            part("", "…"),
            part("Values", "…"),
            part("Endings", "…"),
            part("More", "…"),
        ];
        let q = unfinished_question(&parts, 1);
        assert!(q.contains("Our purpose (“We meet to …”)"), "{q}");
        assert!(q.contains("(“Our group is open / closed”)"), "{q}");
        assert_eq!(
            excerpt("If someone may be at risk, the facilitator will … and more"),
            "…at risk, the facilitator will …"
        );
        assert!(q.contains(", and 2 more sections. Adopt it as version 1 all the same?"), "{q}");
        assert!(!q.contains("By the end"), "a section is named once: {q}");
        let names: Vec<String> = ["Ann", "Bo"].map(String::from).to_vec();
        assert_eq!(not_agreed(1, &names, 2), "Not yet agreed to v1: Ann, Bo");
        assert_eq!(not_agreed(1, &names[..1], 9), "9 have not yet agreed to v1: Ann and 8 more");
        assert_eq!(not_agreed(2, &[], 9), "9 have not yet agreed to v2");
        assert!(!adopting(1).contains("again") && adopting(2).ends_with("agree to it again."));
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn the_question_names_who_was_not_there() {
        assert_eq!(
            not_present(&["Dev".into()], "today"),
            "Dev is not marked present today. Record that Dev agreed anyway?"
        );
        assert_eq!(
            not_present(&["Dev".into(), "Sam".into()], "today"),
            "Dev and Sam are not marked present today. Record that they agreed anyway?"
        );
        assert!(not_present(&["A".into(), "B".into(), "C".into()], "today").starts_with("A and 2 others are"));
        assert_eq!(not_present(&["\u{1b}[2J".into()], "today").chars().next(), Some('\u{FFFD}'));
    }

    #[test]
    fn a_history_lists_each_version_and_day() {
        let short = |d: NaiveDate| d.format("%-d %b").to_string();
        assert_eq!(history(&[], &short), "no sign-ups recorded");
        let one = SignupRecord { version: 1, signed_on: day(3) };
        let two = SignupRecord { version: 2, signed_on: day(26) };
        assert_eq!(history(&[one], &short), "agreed to version 1 on 3 Nov");
        assert_eq!(history(&[one, two], &short), "agreed to version 1 on 3 Nov and version 2 on 26 Nov");
    }
}

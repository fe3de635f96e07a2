//! The words of who agreed to the group's agreement: the question before
//! recording that someone not marked present agreed, each person's
//! sign-ups, and taking back one recorded by mistake. The console and
//! linear mode say them the same way; each passes its own way of writing
//! a day.

use chrono::NaiveDate;

use crate::domain::text::display;
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

/// Someone's sign-ups in words: "agreed to version 1 on 3 Jan 2026 and
/// version 2 on 26 Nov 2026", or "no sign-ups recorded".
pub fn history(records: &[SignupRecord], day: &dyn Fn(NaiveDate) -> String) -> String {
    let parts: Vec<String> = records.iter().map(|r| format!("version {} on {}", r.version, day(r.signed_on))).collect();
    match parts.as_slice() {
        [] => "no sign-ups recorded".to_string(),
        [one] => format!("agreed to {one}"),
        [init @ .., last] => format!("agreed to {} and {last}", init.join(", ")),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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

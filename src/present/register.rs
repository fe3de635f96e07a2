//! What the register counts, worked out once: active members are expected;
//! someone on a break who drops in is present but not expected; visitors
//! are counted without a name. The console lays the counts out as a status
//! line ("7 present of 8 expected + 1 more · 1 on a break"), linear mode as
//! a sentence; the words are the same. Also the register's other words:
//! whose mark changed, which day it is for, and whether it is kept yet.

use chrono::NaiveDate;

use crate::domain::MemberStatus;
use crate::domain::text::{display, fit};
use crate::usecase::register::RegisterLine;

/// How one count joins the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    /// Adds to who is here: "+ 1 more", "+ 2 visitors".
    Plus,
    /// Something else worth knowing: "· 1 on a break".
    Also,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    /// Active members marked present.
    pub present: usize,
    /// Active members: those expected.
    pub expected: usize,
    /// Anyone else marked present (someone on a break who dropped in, a
    /// visitor added by name), by name: "+ 1 more" says who.
    pub more: Vec<String>,
    /// Members on a break, listed in case they drop in.
    pub on_break: usize,
    /// Visitors counted without any details.
    pub visitors: u32,
}

impl Counts {
    pub fn of(people: &[RegisterLine], visitors: u32) -> Counts {
        let active = |p: &&RegisterLine| p.status == MemberStatus::Active;
        Counts {
            present: people.iter().filter(active).filter(|p| p.present).count(),
            expected: people.iter().filter(active).count(),
            more: people
                .iter()
                .filter(|p| p.present && p.status != MemberStatus::Active)
                .map(|p| p.name.clone())
                .collect(),
            on_break: people.iter().filter(|p| p.status == MemberStatus::OnBreak).count(),
            visitors,
        }
    }

    /// The counts in words, in order: the first stands alone, each other
    /// says how it joins the one before. Only counts above nought are said.
    pub fn words(&self) -> (String, Vec<(Joint, String)>) {
        let first = format!("{} present of {} expected", self.present, self.expected);
        let mut rest = Vec::new();
        if !self.more.is_empty() {
            rest.push((Joint::Plus, format!("{} more ({})", self.more.len(), who(&self.more))));
        }
        if self.on_break > 0 {
            rest.push((Joint::Also, format!("{} on a break", self.on_break)));
        }
        if self.visitors > 0 {
            rest.push((Joint::Plus, visitors(self.visitors)));
        }
        (first, rest)
    }

    /// The counts laid out with each front end's marks for [`Joint`]s.
    pub fn joined(&self, plus: &str, also: &str) -> String {
        let (mut line, rest) = self.words();
        for (joint, words) in rest {
            line.push_str(match joint {
                Joint::Plus => plus,
                Joint::Also => also,
            });
            line.push_str(&words);
        }
        line
    }
}

/// The longest a name is shown inside the counts.
const NAME_IN_COUNTS: usize = 20;

/// Names a short list names in full; a longer one says how many others.
const NAMED: usize = 3;

/// "Fay", "Fay and Sam", "Fay, Sam, Ivo and 2 others": who the "more" are,
/// each name made safe to show and kept short.
fn who(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().map(|n| fit(&display(n), NAME_IN_COUNTS)).collect();
    match shown.as_slice() {
        [one] => one.clone(),
        [init @ .., last] if shown.len() <= NAMED => format!("{} and {last}", init.join(", ")),
        _ => {
            let others = shown.len() - NAMED;
            let others = if others == 1 { "1 other".to_string() } else { format!("{others} others") };
            format!("{} and {others}", shown[..NAMED].join(", "))
        }
    }
}

/// "1 visitor", "3 visitors".
pub fn visitors(n: u32) -> String {
    crate::domain::text::count(u64::from(n), "visitor", "visitors")
}

/// Who came to a meeting, as a list of meetings says it: "7 came", "7 came
/// + 1 visitor" (each front end gives its `plus`).
pub fn came(came: usize, visitor_count: u32, plus: &str) -> String {
    match visitor_count {
        0 => format!("{came} came"),
        n => format!("{came} came{plus}{}", visitors(n)),
    }
}

/// Whose mark changed, said after each one: the mark lands on the person
/// the facilitator is on, and nothing moves by itself.
pub fn marked(name: &str, present: bool) -> String {
    let name = display(name);
    if present { format!("{name} is marked present.") } else { format!("{name} is not marked present.") }
}

/// Said when the first mark put a meeting in the file.
pub fn recorded(day: &str) -> String {
    format!("The meeting of {day} is recorded.")
}

/// What a register not yet kept says about itself.
pub const NOT_YET_KEPT: &str = "Nothing is kept until someone is marked present or a visitor is counted.";

/// How long ago a register's day was, when it is not today: "yesterday",
/// "7 days ago".
pub fn days_ago(day: NaiveDate, today: NaiveDate) -> Option<String> {
    match (today - day).num_days() {
        0 => None,
        1 => Some("yesterday".into()),
        n if n > 1 => Some(format!("{n} days ago")),
        _ => Some("a day still to come".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MemberId;

    fn line(status: MemberStatus, present: bool) -> RegisterLine {
        let name = format!("{} {}", status.label(), if present { "here" } else { "away" });
        RegisterLine { member: MemberId(1), name, status, present, agreed: None }
    }

    #[test]
    fn active_members_are_expected_and_others_who_come_are_more() {
        let people = [
            line(MemberStatus::Active, true),
            line(MemberStatus::Active, false),
            line(MemberStatus::OnBreak, true),
            line(MemberStatus::OnBreak, false),
            line(MemberStatus::Enquiry, true),
        ];
        let counts = Counts::of(&people, 2);
        let more = vec!["on break here".to_string(), "enquiry here".to_string()];
        assert_eq!(counts, Counts { present: 1, expected: 2, more, on_break: 2, visitors: 2 });
        assert_eq!(
            counts.joined(" + ", " · "),
            "1 present of 2 expected + 2 more (on break here and enquiry here) · 2 on a break + 2 visitors"
        );
        let quiet = Counts::of(&people[..2], 1);
        assert_eq!(quiet.joined(", and ", ", "), "1 present of 2 expected, and 1 visitor");
        assert_eq!(Counts::default().joined(" + ", " · "), "0 present of 0 expected");
    }

    #[test]
    fn the_more_are_named_and_a_long_list_says_how_many_others() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(who(&names(&["Fay"])), "Fay");
        assert_eq!(who(&names(&["Fay", "Sam", "Ivo"])), "Fay, Sam and Ivo");
        assert_eq!(who(&names(&["Fay", "Sam", "Ivo", "Bo"])), "Fay, Sam, Ivo and 1 other");
        assert_eq!(who(&names(&["Fay", "Sam", "Ivo", "Bo", "Cy"])), "Fay, Sam, Ivo and 2 others");
        let odd = who(&names(&["\u{1b}[2JMaximiliana Wolkenstein-Rodenegg"]));
        assert!(!odd.contains('\u{1b}') && odd.chars().count() <= NAME_IN_COUNTS, "{odd}");
    }

    #[test]
    fn words_around_the_register() {
        assert_eq!(came(7, 0, " + "), "7 came");
        assert_eq!(came(1, 2, ", and "), "1 came, and 2 visitors");
        assert_eq!(marked("Bo", false), "Bo is not marked present.");
        let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(days_ago(day, day), None);
        assert_eq!(days_ago(day.pred_opt().unwrap(), day).as_deref(), Some("yesterday"));
        assert_eq!(days_ago(day - chrono::Days::new(7), day).as_deref(), Some("7 days ago"));
    }
}

//! What circle says, written once: the words, counts, dates and labels a
//! person reads, made from what the use cases return. Both front ends take
//! them from here and only lay them out: the console in a grid with colours,
//! linear mode as numbered lines for a screen reader. So the console and
//! linear mode cannot word the same thing two ways (a status, a count, a
//! date), and a change of wording is made in one file.
//!
//! This part sits below both front ends and above the use cases: it reads
//! the domain's values and the use cases' outcomes, holds no rule (whether
//! someone may become active is a use case's to decide; how that is said is
//! decided here), does no I/O, and knows nothing of ratatui or of a line
//! being read aloud. Where the two front ends need different lengths of the
//! same thing (a grid cell, "58%", and a sentence, "7 of 12 meetings they
//! could have come to"), both come from the same value here.
//!
//! The one answer circle reads in words, yes or no, is read here too, so
//! every question that takes one (linear mode's, and the command line's
//! confirmations) takes the same words.

pub mod agreement;
pub mod dates;
pub mod group;
pub mod people;
pub mod read_only;
pub mod register;
pub mod roster;
pub mod status;
pub mod unlock;

pub use dates::DateStyle;

/// A typed yes or no: `y`, `yes`, `n` or `no`, in any case, with spaces
/// around; `None` for anything else, which each question handles its own
/// way (asks again, or takes it as no).
pub fn yes_no(typed: &str) -> Option<bool> {
    match typed.trim().to_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_any_case_and_nothing_else() {
        for yes in ["y", "yes", " YES ", "Y\n", "Yes"] {
            assert_eq!(yes_no(yes), Some(true), "{yes:?}");
        }
        for no in ["n", "no", " No\r\n", "N"] {
            assert_eq!(yes_no(no), Some(false), "{no:?}");
        }
        for other in ["", "b", "0", "yes please", "yeah", "nope", "true"] {
            assert_eq!(yes_no(other), None, "{other:?}");
        }
    }
}

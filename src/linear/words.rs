//! Reading a typed line, and the small words linear mode says things with:
//! days in the date style ([`crate::present::DateStyle`]), durations,
//! counts, lists of names, and errors as one sentence.

use crate::domain::text::display;

/// A line as typed, after the words every place shares were taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// An empty line.
    Empty,
    /// `0`, `b` or `back` on its own.
    Back,
    /// Only numbers, separated by spaces or commas: "3 5 9".
    Numbers(Vec<usize>),
    /// A word (lower-cased) and whatever follows it, as typed.
    Word { word: String, rest: String },
}

pub fn parse(line: &str) -> Input {
    let line = line.trim();
    if line.is_empty() {
        return Input::Empty;
    }
    let tokens: Vec<&str> = line.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    if !tokens.is_empty() && tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_digit())) {
        // A number too long to be a place in any list is kept as one that
        // is not on it, so the refusal names it.
        let numbers: Vec<usize> = tokens.iter().map(|t| t.parse().unwrap_or(usize::MAX)).collect();
        return if numbers == [0] { Input::Back } else { Input::Numbers(numbers) };
    }
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let word = word.to_lowercase();
    let rest = rest.trim().to_string();
    if rest.is_empty() && matches!(word.as_str(), "b" | "back") {
        return Input::Back;
    }
    Input::Word { word, rest }
}

/// A yes or a no as [`crate::present::yes_no`] reads it, with going back
/// (`b`, `0`) counted as no; `None` for anything else.
pub fn yes_no(input: &Input) -> Option<bool> {
    match input {
        Input::Word { word, rest } if rest.is_empty() => crate::present::yes_no(word),
        Input::Back => Some(false),
        _ => None,
    }
}

/// The numbers in the rest of a line ("c 3" gives `[3]`), or `None` when
/// something else is there.
pub fn numbers_in(rest: &str) -> Option<Vec<usize>> {
    match parse(rest) {
        Input::Numbers(n) => Some(n),
        Input::Back => Some(vec![0]),
        _ => None,
    }
}

/// The refusal for a number that is not on a list of `len` entries.
pub fn not_on_list(n: usize, len: usize) -> String {
    let shown = if n == usize::MAX { "that number".to_string() } else { format!("number {n}") };
    match len {
        0 => "The list is empty.".into(),
        1 => format!("There is no {shown} on this list; it has only number 1."),
        _ => format!("There is no {shown} on this list; it goes from 1 to {len}."),
    }
}

impl super::Ctx<'_> {
    /// A whole day in the date style, in words: "Thursday 26 November 2026".
    pub fn day(&self, day: chrono::NaiveDate) -> String {
        self.dates.spoken_day(day)
    }

    /// A day near today in the date style, in words: "24 November".
    pub fn near(&self, day: chrono::NaiveDate) -> String {
        self.dates.spoken_near(day, self.today)
    }
}

/// "4 minutes 10 seconds": words a screen reader says plainly, where
/// "4:10" could be read as a time of day.
pub fn spoken(duration: std::time::Duration) -> String {
    crate::domain::health::duration(duration.as_secs())
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    crate::domain::text::count(n as u64, one, many)
}

/// A file circle wrote, as said aloud: its name and the folder it is in,
/// not the whole path ("circle-keepsake.md in the folder Documents").
pub fn file_said(path: &std::path::Path) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    match path.parent().and_then(|p| p.file_name()) {
        Some(folder) => format!("{} in the folder {}", display(&name), display(&folder.to_string_lossy())),
        None => display(&name).into_owned(),
    }
}

/// What was typed, safe and short enough to say back.
pub fn fit(typed: &str) -> String {
    crate::domain::text::fit(&display(typed), 40)
}

/// A use case's error as one sentence: made safe, capitalised, ended with
/// a full stop. The words are the console's; only the form is a sentence's.
pub fn sentence(error: impl std::fmt::Display) -> String {
    let text = display(&error.to_string()).trim().to_string();
    let mut chars = text.chars();
    let mut out: String = chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_numbers_words_or_back() {
        assert_eq!(parse("  3 5,9 "), Input::Numbers(vec![3, 5, 9]));
        assert_eq!(parse("0"), Input::Back);
        assert_eq!(parse("B"), Input::Back);
        assert_eq!(parse(""), Input::Empty);
        assert_eq!(parse("V Zoë  Smith "), Input::Word { word: "v".into(), rest: "Zoë  Smith".into() });
        assert_eq!(parse("99999999999999999999999"), Input::Numbers(vec![usize::MAX]));
        assert_eq!(numbers_in("2 4"), Some(vec![2, 4]));
        assert_eq!(numbers_in("two"), None);
    }

    #[test]
    fn words_for_people() {
        assert_eq!(sentence("that is in the future"), "That is in the future.");
        assert_eq!(not_on_list(14, 12), "There is no number 14 on this list; it goes from 1 to 12.");
    }
}

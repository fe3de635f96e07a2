//! Validation and cleaning of text that people type or import.
//!
//! Stored text is kept exactly as given; what reaches the screen goes through
//! [`display`], so escape sequences and other control characters can never act
//! on the terminal or break a layout.

use std::borrow::Cow;

use chrono::NaiveDate;

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_NOTE_CHARS: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("a name is needed")]
    EmptyName,
    #[error("a name can be at most {MAX_NAME_CHARS} characters (this one has {0})")]
    NameTooLong(usize),
    #[error("{field} can be at most {max} characters (this has {len})")]
    TooLong { field: &'static str, max: usize, len: usize },
    #[error("“{0}” is not a date; use the form 2026-03-14")]
    BadDate(String),
}

/// Characters that would move the cursor, change colours or reorder text on
/// a terminal: C0 and C1 controls, and the Unicode bidirectional overrides
/// (right-to-left text itself is fine and kept).
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Text made safe to hand to a widget: control characters become a visible
/// replacement mark, tabs and newlines a space.
pub fn display(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => None,
                c if c.is_control() => Some('\u{FFFD}'),
                c => Some(c),
            })
            .collect(),
    )
}

/// Like [`display`] but keeps line breaks, for multi-line text such as notes,
/// cards and agreement sections.
pub fn display_multiline(text: &str) -> String {
    text.split('\n').map(|line| display(line).into_owned()).collect::<Vec<_>>().join("\n")
}

/// A person's display name: trimmed, not empty, at most [`MAX_NAME_CHARS`].
pub fn name(raw: &str) -> Result<String, TextError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(TextError::EmptyName);
    }
    let len = trimmed.chars().count();
    if len > MAX_NAME_CHARS {
        return Err(TextError::NameTooLong(len));
    }
    Ok(trimmed.to_string())
}

/// Optional free text with a length limit; surrounding whitespace trimmed.
pub fn limited(field: &'static str, raw: &str, max: usize) -> Result<String, TextError> {
    let trimmed = raw.trim();
    let len = trimmed.chars().count();
    if len > max {
        return Err(TextError::TooLong { field, max, len });
    }
    Ok(trimmed.to_string())
}

/// A calendar date in ISO form (`2026-03-14`); empty text means no date.
pub fn optional_date(raw: &str) -> Result<Option<NaiveDate>, TextError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    date(trimmed).map(Some)
}

pub fn date(raw: &str) -> Result<NaiveDate, TextError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| TextError::BadDate(display(raw.trim()).into_owned()))
}

/// Cuts text to a display width, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let clean = display(text);
    let mut out = String::new();
    let mut used = 0;
    let total: usize = clean.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return clean.into_owned();
    }
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Text folded for searching: compatibility-decomposed (NFKD), without
/// combining marks, in lower case, so "tomas" finds "Tomás", "siobhan"
/// finds "Siobhán" and "ολγα" finds "Όλγα", in any script.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).map(unstroke).collect()
}

/// Letters with a stroke do not decompose, yet people type them without it
/// ("duc" for "Đức", "lodz" for "Łódź", "soren" for "Søren").
fn unstroke(c: char) -> char {
    match c {
        'đ' => 'd',
        'ł' => 'l',
        'ø' => 'o',
        'ħ' => 'h',
        'ı' => 'i',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_folds_case_and_accents_in_every_script() {
        for (typed, name) in [
            ("tomas", "Tomás"),
            ("siobhan", "Siobhán"),
            ("zoe", "ZOË"),
            ("ολγα", "Όλγα"),
            ("елена", "Елена"),
            ("ёлка", "Ёлка"),
            ("nguyen", "Nguyễn"),
            ("duc", "Đức"),
            ("ﬁona", "Fiona"),
            ("lodz", "Łódź"),
            ("soren", "Søren"),
        ] {
            assert!(fold(name).contains(&fold(typed)), "{typed} should find {name}");
        }
        assert!(!fold("Tomás").contains(&fold("tomasz")));
    }

    #[test]
    fn escape_sequences_never_reach_the_screen() {
        let hostile = "Ann\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m";
        let shown = display(hostile);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.starts_with("Ann"));
    }

    #[test]
    fn right_to_left_and_emoji_are_kept() {
        assert_eq!(display("سارا 🌱 Zoë"), "سارا 🌱 Zoë");
        assert_eq!(display("a\u{202E}b"), "ab");
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert_eq!(name("  "), Err(TextError::EmptyName));
        assert_eq!(name(" Ann "), Ok("Ann".into()));
        assert!(matches!(name(&"x".repeat(81)), Err(TextError::NameTooLong(81))));
        assert!(name(&"é".repeat(80)).is_ok());
    }

    #[test]
    fn dates_must_exist() {
        assert!(optional_date("2026-02-30").is_err());
        assert_eq!(optional_date(""), Ok(None));
        assert!(optional_date("2026-02-28").unwrap().is_some());
    }
}

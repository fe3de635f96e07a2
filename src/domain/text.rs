//! Validation and cleaning of text that people type or import.
//!
//! Stored text is kept exactly as given; what reaches the screen goes through
//! [`display`], so escape sequences and other control characters can never act
//! on the terminal or break a layout. What leaves circle goes through
//! [`plain`], [`exported`] or [`one_line`] (the clipboard, Markdown, CSV,
//! text) or [`json`], so no export carries them either.

use std::borrow::Cow;

use chrono::NaiveDate;

mod json;
mod markdown;

pub use json::json;
pub use markdown::markdown_line;

// The most characters each kind of text may hold, whichever way it comes
// in (a form, linear mode, the command line, a CSV or `import-all`). They
// are generous: they exist so that a paste or a file gone wrong (a 200 MB
// note) is refused in a sentence instead of freezing the console, never to
// cut real words short. The agreement's own limits are in
// [`super::agreement`] (`MAX_AGREEMENT_BYTES`, `MAX_CHANGE_NOTE_CHARS`).

/// A person's, a group's or a promotion channel's name.
pub const MAX_NAME_CHARS: usize = 80;
/// One short line about a person: pronouns, contact.
pub const MAX_SHORT_CHARS: usize = 200;
/// Free text: notes, access needs, who a group is for, its entry criteria
/// and purpose, a meeting's notes, a reason for a change of status, an
/// endings card, what a successor carries on.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// A time stamp written by circle itself, as it comes back in a file.
pub const MAX_STAMP_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("a name is needed")]
    EmptyName,
    #[error("a name can be at most {MAX_NAME_CHARS} characters (this one has {})", grouped(*.0))]
    NameTooLong(usize),
    #[error("{field} can be at most {} characters (this has {})", grouped(*.max), grouped(*.len))]
    TooLong { field: &'static str, max: usize, len: usize },
    #[error("“{0}” is not a date; use the form 2026-03-14")]
    BadDate(String),
    #[error("a name cannot contain control characters such as tabs or escape codes")]
    NameControl,
    #[error(
        "a name cannot contain invisible characters that reorder or break text, such as direction marks or line separators"
    )]
    NameInvisible,
    #[error("{field} cannot contain a NUL character (a zero byte)")]
    Nul { field: &'static str },
}

/// Characters that would move the cursor, change colours, break a line or
/// reorder text on a terminal: C0 and C1 controls, the Unicode line and
/// paragraph separators, bidirectional controls and invisible characters
/// (right-to-left text itself is fine and kept).
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_line_separator(c) || is_invisible(c)
}

/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: line breaks that
/// are not `\n`, so a layout that counts lines by `\n` misses them.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Format characters that take no width yet change how the text around
/// them is ordered or measured, so a row can look shifted or reversed:
///
/// - bidirectional controls: the embeddings and overrides (U+202A–U+202E),
///   the isolates (U+2066–U+2069), and the marks LRM, RLM and the Arabic
///   letter mark (U+200E, U+200F, U+061C);
/// - invisible characters: zero width space (U+200B), word joiner and the
///   invisible maths operators (U+2060–U+2064), and the zero width no-break
///   space / byte-order mark (U+FEFF).
///
/// Kept on purpose: U+200D ZERO WIDTH JOINER, which joins emoji such as
/// 👩🏽‍🦱 or 🏳️‍🌈 into one picture, and U+200C ZERO WIDTH NON-JOINER, which is
/// part of correct spelling in Persian, Kurdish and several Indic scripts.
/// Both take no width and move nothing; dropping them would change names.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// A number with its thousands marked, as a sentence gives it: "10,000".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A number with its noun: "1 round", "3 rounds".
pub fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// "Ana", "Ana and Bo", "Ana, Bo and Cy": a list in words, each item made
/// safe to print ([`display`]).
pub fn listed(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().map(|n| display(n).into_owned()).collect();
    match shown.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Text made safe to hand to a widget: control characters become a visible
/// replacement mark; tabs, newlines and the Unicode line and paragraph
/// separators a space; bidirectional controls and invisible characters (see
/// [`is_invisible`]) are dropped.
pub fn display(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if is_line_separator(c) => Some(' '),
                c if is_invisible(c) => None,
                c if c.is_control() => Some('\u{FFFD}'),
                c => Some(c),
            })
            .collect(),
    )
}

/// Text for people to keep (Markdown, messages): terminal escape sequences
/// are removed whole (`ESC [ 31 m` leaves nothing behind, not `[31m`), other
/// control characters, bidirectional controls and invisible characters are
/// dropped, tabs become a space, and line breaks (including U+2028 and
/// U+2029) are kept as `\n`. A string sequence (OSC, DCS and the like) that
/// is never terminated ends at the end of its line, so no text after it is
/// lost.
pub fn plain(text: &str) -> String {
    strip(text, false)
}

/// Text for a file people keep (the agreement's Markdown, a CSV, a text
/// to send): as [`plain`], but tabs stay, as those formats hold them
/// harmlessly. Every export goes through this or [`one_line`], so none
/// carries a control character.
pub fn exported(text: &str) -> String {
    strip(text, true)
}

/// [`plain`] on one line: every run of white space, line breaks included,
/// becomes one space, and none is left at either end. For a name or a
/// title in an export.
pub fn one_line(text: &str) -> String {
    plain(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip(text: &str, keep_tabs: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(if keep_tabs { '\t' } else { ' ' }),
            c if is_line_separator(c) => out.push('\n'),
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(' '..='/') => {
                    // Intermediates, then one final character (ESC ( B).
                    while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
                    chars.next_if(|c| matches!(c, '0'..='~'));
                }
                Some('0'..='~') => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() || is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Skips the rest of a control sequence: parameters and intermediates, then
/// the final character; stops early (keeping the character) if it is
/// malformed.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| matches!(c, '0'..='?' | ' '..='/')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// Skips a string sequence up to its terminator (BEL, ST or `ESC \`), or up
/// to the end of the line, which is kept.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.peek().copied() {
        match c {
            '\n' => return,
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {
                chars.next();
            }
        }
    }
}

/// Like [`display`] but keeps line breaks, for multi-line text such as notes,
/// cards and agreement sections.
pub fn display_multiline(text: &str) -> String {
    text.split('\n').map(|line| display(line).into_owned()).collect::<Vec<_>>().join("\n")
}

/// A display name as stored (members, groups): trimmed, not empty, at most
/// [`MAX_NAME_CHARS`], and without NUL. Other control characters are
/// tolerated here so names already saved keep loading and saving; they are
/// shown harmlessly by [`display`]. Names coming in from outside (an import,
/// a form) should go through [`new_name`], which refuses them.
pub fn name(raw: &str) -> Result<String, TextError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(TextError::EmptyName);
    }
    if trimmed.contains('\0') {
        return Err(TextError::NameControl);
    }
    let len = trimmed.chars().count();
    if len > MAX_NAME_CHARS {
        return Err(TextError::NameTooLong(len));
    }
    Ok(trimmed.to_string())
}

/// A name someone is giving now (a form, the command line, an import): as
/// [`name`], and it must not contain any control character (C0 such as
/// tab, NUL or ESC; DEL; C1), nor a line or paragraph separator, a
/// bidirectional control or an invisible character (see [`is_invisible`]):
/// no one means one in a name, and they only ever arrive by accident or
/// malice. The joiners that emoji and some scripts need are kept.
pub fn new_name(raw: &str) -> Result<String, TextError> {
    let name = name(raw)?;
    if name.chars().any(char::is_control) {
        return Err(TextError::NameControl);
    }
    if name.chars().any(|c| is_line_separator(c) || is_invisible(c)) {
        return Err(TextError::NameInvisible);
    }
    Ok(name)
}

/// Optional free text with a length limit; surrounding whitespace trimmed.
/// Line breaks and tabs are kept (notes are multi-line); NUL is refused.
pub fn limited(field: &'static str, raw: &str, max: usize) -> Result<String, TextError> {
    let trimmed = raw.trim();
    within(field, trimmed, max)?;
    if trimmed.contains('\0') {
        return Err(TextError::Nul { field });
    }
    Ok(trimmed.to_string())
}

/// Text as it is, checked only for its length: at most `max` characters.
pub fn within(field: &'static str, text: &str, max: usize) -> Result<(), TextError> {
    let len = text.chars().count();
    if len > max { Err(TextError::TooLong { field, max, len }) } else { Ok(()) }
}

/// A calendar date in ISO form (`2026-03-14`); empty text means no date.
/// A yes or a no as spreadsheets and forms write it in a cell: `yes`,
/// `y`, `true`, `1`, `x` or `no`, `n`, `false`, `0`, in any case; `None`
/// for anything else, an empty cell included. (What a person types at a
/// question is read by `present::yes_no`.)
pub fn cell_yes_no(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "y" | "yes" | "true" | "1" | "x" | "✓" => Some(true),
        "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

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
    fn one_round_and_three_rounds() {
        assert_eq!(count(1, "round", "rounds"), "1 round");
        assert_eq!(count(3, "round", "rounds"), "3 rounds");
        assert_eq!(count(0, "minute", "minutes"), "0 minutes");
    }

    #[test]
    fn a_list_in_words_with_each_item_made_safe() {
        assert_eq!(listed(&[]), "");
        assert_eq!(listed(&["Ana".into()]), "Ana");
        assert_eq!(listed(&["Ana".into(), "Bo".into(), "\u{1b}[31mCy".into()]), "Ana, Bo and \u{FFFD}[31mCy");
    }

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
    fn invisible_and_layout_characters_are_neutralised() {
        // Bidi marks and invisible characters are dropped, line and
        // paragraph separators become a space, like a newline.
        assert_eq!(display("a\u{061C}b"), "ab");
        assert_eq!(display("a\u{2028}b\u{2029}c"), "a b c");
        for c in ['\u{200B}', '\u{200E}', '\u{200F}', '\u{2060}', '\u{2061}', '\u{2064}', '\u{FEFF}'] {
            assert_eq!(display(&format!("x{c}y")), "xy", "U+{:04X}", c as u32);
        }
        // Joiners stay: emoji sequences and Persian spelling need them.
        let family = "👩🏽\u{200D}🦱 Ife";
        assert_eq!(display(family), family);
        let persian = "می\u{200C}خواهم";
        assert_eq!(display(persian), persian);
        // Unchanged: escapes become a visible mark, overrides are dropped.
        assert_eq!(display("a\u{1b}[31mb\u{202E}c"), "a\u{FFFD}[31mbc");
        assert_eq!(display_multiline("one\u{2028}two\nthree"), "one two\nthree");
    }

    #[test]
    fn names_refuse_control_characters() {
        assert_eq!(name("Ann\0"), Err(TextError::NameControl));
        for raw in ["Ann\0Lee", "Ann\tLee", "Ann\u{1b}[2J", "Ann\u{7f}", "Ann\u{9b}31m", "A\nB", "A\u{7}"] {
            assert_eq!(new_name(raw), Err(TextError::NameControl), "{raw:?}");
        }
        let message = new_name("a\u{1b}b").unwrap_err().to_string();
        assert_eq!(message, "a name cannot contain control characters such as tabs or escape codes");
        assert_eq!(new_name("  Zoë 👩🏽\u{200D}🦱 سارا "), Ok("Zoë 👩🏽\u{200D}🦱 سارا".into()));
        assert_eq!(new_name(" \t"), Err(TextError::EmptyName));
        for raw in
            ["Ann\u{202E}eeL", "A\u{2028}B", "A\u{2029}B", "A\u{061C}B", "A\u{200B}B", "A\u{2066}B", "\u{FEFF}Ann"]
        {
            assert_eq!(new_name(raw), Err(TextError::NameInvisible), "{raw:?}");
        }
        assert_eq!(new_name("می\u{200C}خواهم"), Ok("می\u{200C}خواهم".into()));
    }

    #[test]
    fn notes_keep_line_breaks_and_tabs_but_not_nul() {
        assert_eq!(limited("notes", "one\n\ttwo", 100), Ok("one\n\ttwo".into()));
        assert_eq!(limited("notes", "red \u{1b}[31m", 100), Ok("red \u{1b}[31m".into()));
        assert_eq!(limited("notes", "a\0b", 100), Err(TextError::Nul { field: "notes" }));
    }

    #[test]
    fn plain_text_drops_escape_sequences_whole_and_keeps_lines() {
        assert_eq!(plain("Ann\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m!"), "Ann!");
        assert_eq!(plain("a\u{1b}[1;31mred\u{1b}[0m\nb\tc\r\n"), "ared\nb c\n");
        assert_eq!(plain("x\u{1b}]8;;http://e.org\u{1b}\\link\u{1b}]8;;\u{1b}\\"), "xlink");
        assert_eq!(plain("x\u{1b}(By\u{1b}cz\u{7f}\u{0}"), "xyz");
        // An unterminated string sequence loses its own line only.
        assert_eq!(plain("a\u{1b}]0;title\nkept"), "a\nkept");
        assert_eq!(plain("one\u{2028}two\u{202E}"), "one\ntwo");
        assert_eq!(plain("سارا 👩🏽\u{200D}🦱\u{200B} Zoë"), "سارا 👩🏽\u{200D}🦱 Zoë");
        assert_eq!(plain("end\u{1b}"), "end");
    }

    #[test]
    fn exports_keep_tabs_and_one_line_keeps_nothing_but_words() {
        assert_eq!(exported("a\tb\u{1b}[31m\nc\u{9b}2J\u{85}d\r\n"), "a\tb\ncd\n");
        assert_eq!(one_line("  Tuesday\u{1b}]52;c;aGk=\u{7}\t Circle\u{2028}two \n"), "Tuesday Circle two");
    }

    #[test]
    fn limits_are_named_with_their_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(10_000), "10,000");
        assert_eq!(grouped(3_010_000), "3,010,000");
        let error = limited("notes", &"x".repeat(MAX_NOTE_CHARS + 1), MAX_NOTE_CHARS).unwrap_err();
        assert_eq!(error.to_string(), "notes can be at most 10,000 characters (this has 10,001)");
        assert_eq!(
            limited("notes", &"é".repeat(MAX_NOTE_CHARS), MAX_NOTE_CHARS).map(|n| n.chars().count()),
            Ok(10_000)
        );
    }

    #[test]
    fn dates_must_exist() {
        assert!(optional_date("2026-02-30").is_err());
        assert_eq!(optional_date(""), Ok(None));
        assert!(optional_date("2026-02-28").unwrap().is_some());
    }
}

//! How a group promotes itself: the channels tried or planned.

use chrono::NaiveDate;

use super::{ChannelId, ChannelKind, ChannelStatus, Group, GroupId, Openness};

/// A way the group has promoted itself, or plans to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Channel {
    pub id: ChannelId,
    pub group: GroupId,
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    pub planned_on: Option<NaiveDate>,
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    pub status: ChannelStatus,
    pub planned_on: Option<NaiveDate>,
    pub tried_on: Option<NaiveDate>,
    pub notes: String,
}

/// The words promotion starts from: the group's purpose and values in its
/// own words, and where they were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnWords {
    pub text: String,
    pub from: WordsFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordsFrom {
    /// The purpose and values statement in the group's settings, written
    /// for promotion.
    Statement,
    /// The purpose and values sections of this version of the agreement,
    /// used while there is no statement, so nobody is asked for them twice.
    Agreement { version: u32 },
}

impl OwnWords {
    /// The words on one line, for quoting in a sentence: list marks go,
    /// and the lines are joined with spaces.
    pub fn one_line(&self) -> String {
        let lines = self.text.lines().map(str::trim).filter(|l| !l.is_empty());
        let unmarked =
            lines.map(|line| if is_item(line) { line.split_once(' ').map_or(line, |(_, rest)| rest) } else { line });
        unmarked.collect::<Vec<_>>().join(" ")
    }
}

/// The words promotion starts from: the statement when the group wrote
/// one, or else the purpose and values the group agreed to (`agreement`:
/// the current version's number and body). `None` when neither has any.
pub fn own_words(statement: &str, agreement: Option<(u32, &str)>) -> Option<OwnWords> {
    let statement = statement.trim();
    if !statement.is_empty() {
        return Some(OwnWords { text: statement.to_string(), from: WordsFrom::Statement });
    }
    let (version, body) = agreement?;
    from_agreement(body).map(|text| OwnWords { text, from: WordsFrom::Agreement { version } })
}

/// The agreement's purpose and values, as they are written: the sections
/// whose headings name the purpose, aims or values, the purpose's words
/// first and each other section under its heading. A paragraph or item
/// that still holds one of the template's blanks (a "…" standing alone, or
/// "open / closed") is left out: an unfinished sentence would not help
/// anyone find the group. `None` when nothing is left.
pub fn from_agreement(body: &str) -> Option<String> {
    let mut parts = Vec::new();
    for section in super::agreement::sections(body) {
        let (purpose, values) = kind_of(&section.title);
        if !purpose && !values {
            continue;
        }
        let kept: Vec<String> = paragraphs(&section.body).into_iter().filter(|p| !unfinished(p)).collect();
        if kept.is_empty() {
            continue;
        }
        let words = kept.join(if kept.iter().all(|p| is_item(p)) { "\n" } else { "\n\n" });
        parts.push(if purpose { words } else { format!("{}:\n{words}", section.title.trim()) });
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Whether a section's heading names the group's purpose ("Our purpose",
/// "Why we meet", "Our aims") or its values.
fn kind_of(title: &str) -> (bool, bool) {
    let title = title.to_lowercase().replace('’', "'");
    let words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    let purpose = has("purpose")
        || has("aim")
        || has("aims")
        || ["why we", "what we are for", "what we're for", "what the group is for"].iter().any(|p| title.contains(p));
    (purpose, has("values") || has("value"))
}

/// A section's paragraphs and list items, each with its own lines, no
/// blank lines and no white space at either end of a line.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in body.lines().map(str::trim) {
        if line.is_empty() {
            open = false;
        } else if open && !is_item(line) {
            let last = out.last_mut().expect("an open paragraph");
            last.push('\n');
            last.push_str(line);
        } else {
            out.push(line.to_string());
            open = true;
        }
    }
    out
}

fn is_item(line: &str) -> bool {
    let numbered = line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    ["- ", "* ", "+ "].iter().any(|mark| line.starts_with(mark)) || numbered
}

/// Whether a paragraph still holds a blank of the agreement's template: a
/// "…" after a space or at the start (one that ends a word is the group's
/// own), or the "open / closed" choice not yet made.
fn unfinished(paragraph: &str) -> bool {
    let mut before = ' ';
    let blank = paragraph.chars().any(|c| {
        let found = c == '…' && before.is_whitespace();
        before = c;
        found
    });
    blank || paragraph.to_lowercase().contains("open / closed")
}

/// The words a group puts out on its channels (a post, a website, a
/// partner's newsletter): its name, its purpose and values in its own
/// words, who it is for and who can join.
pub fn promotion_text(group: &Group, words: &OwnWords) -> String {
    let s = &group.settings;
    let mut out = format!("{}\n\n{}\n", group.name.trim(), words.text.trim());
    if !s.focus.trim().is_empty() {
        out.push_str(&format!("\nWho it is for: {}", s.focus.trim()));
    }
    if !s.entry_criteria.trim().is_empty() {
        out.push_str(&format!("\nWho can join: {}", s.entry_criteria.trim()));
    }
    out.push_str(match s.openness {
        Openness::Open => "\nNew members are welcome at any time.\n",
        Openness::Closed => "\nThe group has a fixed membership for now: ask when it next welcomes new members.\n",
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{GroupId, GroupSettings};

    fn group(purpose: &str, openness: Openness) -> Group {
        let settings =
            GroupSettings { focus: "carers".into(), purpose: purpose.into(), openness, ..GroupSettings::default() };
        let created_on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        Group { id: GroupId(1), name: "Riverside".into(), settings, created_on }
    }

    fn text(purpose: &str, openness: Openness, agreement: Option<(u32, &str)>) -> Option<String> {
        let g = group(purpose, openness);
        own_words(&g.settings.purpose, agreement).map(|words| promotion_text(&g, &words))
    }

    #[test]
    fn the_promotion_text_starts_from_the_purpose() {
        assert_eq!(text("  ", Openness::Open, None), None);
        assert_eq!(
            text("We listen.", Openness::Open, None).unwrap(),
            "Riverside\n\nWe listen.\n\nWho it is for: carers\nNew members are welcome at any time.\n"
        );
        assert!(text("We listen.", Openness::Closed, None).unwrap().contains("fixed membership"));
    }

    const AGREEMENT: &str = "## Who the group is for\n\nCarers.\n\n## Our purpose\n\nWe meet to share what helps\n\
        and to listen.\n\nBy the end of a meeting we hope each of us feels …\n\n## Our values\n\n\
        - Every person's experience counts.\n- We listen more than we advise.\n- …\n\n\
        ## Open or closed membership\n\nOur group is open / closed.\n";

    #[test]
    fn without_a_statement_the_agreements_purpose_and_values_are_the_words() {
        let words = own_words("", Some((2, AGREEMENT))).unwrap();
        assert_eq!(words.from, WordsFrom::Agreement { version: 2 });
        assert_eq!(
            words.text,
            "We meet to share what helps\nand to listen.\n\nOur values:\n- Every person's experience counts.\n\
             - We listen more than we advise."
        );
        assert!(text("", Openness::Open, Some((2, AGREEMENT))).unwrap().starts_with("Riverside\n\nWe meet to share"));
        assert_eq!(
            words.one_line(),
            "We meet to share what helps and to listen. Our values: Every person's experience counts. \
             We listen more than we advise."
        );
    }

    #[test]
    fn the_statement_comes_before_the_agreement() {
        let words = own_words(" We listen. ", Some((2, AGREEMENT))).unwrap();
        assert_eq!(words, OwnWords { text: "We listen.".into(), from: WordsFrom::Statement });
    }

    #[test]
    fn the_templates_blanks_are_not_promoted() {
        assert_eq!(
            from_agreement(crate::domain::agreement::TEMPLATE).as_deref(),
            Some(
                "Our values:\n- Every person's experience counts, and nobody has to earn their place.\n\
             - We listen more than we advise.\n- Taking part can mean staying quiet. Passing is always fine."
            )
        );
        assert_eq!(from_agreement("## Our purpose\n\nWe meet to …\n"), None);
        assert_eq!(from_agreement("## How we work together\n\nOne voice at a time.\n"), None);
        assert_eq!(from_agreement("## Who the group is for\n\nCarers.\n"), None);
        assert_eq!(from_agreement("## Why we meet\n\nTo listen.\n").as_deref(), Some("To listen."));
        assert_eq!(from_agreement("## Our aims\n\nTo listen.\n").as_deref(), Some("To listen."));
        // A "…" that ends the group's own word is theirs.
        assert_eq!(
            from_agreement("## Purpose\n\nWe talk, listen, laugh…\n").as_deref(),
            Some("We talk, listen, laugh…")
        );
    }
}

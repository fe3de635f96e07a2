//! The group agreement: its sections, the three relationship questions shown
//! beside them, diffs between versions, the rules for adopting a new version,
//! the Markdown export and the read-aloud pages.
//!
//! Text is kept exactly as the group wrote it. The screen sanitises what it
//! shows (see [`super::text::display`]); the Markdown export keeps the
//! words, line breaks and tabs and nothing else (see
//! [`super::text::exported`]), so no control character leaves in a file.

use chrono::NaiveDate;
use similar::{ChangeTag, TextDiff};

use super::{AgreementId, GroupId, MemberId};

mod reading;

pub use reading::{Block, Unfinished, blocks, purpose_of, unfinished};
use reading::{inner_heading, list_item};

/// One adopted version of a group agreement; the body is Markdown with one
/// `##` heading per section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgreementVersion {
    pub id: AgreementId,
    pub group: GroupId,
    pub version: u32,
    pub adopted_on: NaiveDate,
    pub body: String,
    pub change_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Signup {
    pub member: MemberId,
    pub agreement: AgreementId,
    pub signed_on: NaiveDate,
}

/// A starting point for a group that has no agreement yet: one `## ` section
/// per topic, each with a short opening the group rewrites in its own words.
pub const TEMPLATE: &str = include_str!("../../assets/agreement_template.md");

/// A draft longer than this is refused before anything else looks at it, so
/// a huge paste costs nothing. Real agreements are a few kilobytes.
pub const MAX_AGREEMENT_BYTES: usize = 200 * 1024;
pub const MAX_CHANGE_NOTE_CHARS: usize = 200;

// ---------------------------------------------------------------------------
// Sections

/// One part of an agreement: the text under a `## ` heading. The preamble,
/// any text before the first heading, has an empty title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// Everything after the heading line up to the next heading, exactly as
    /// written (blank lines and line endings included).
    pub body: String,
}

impl Section {
    pub fn is_preamble(&self) -> bool {
        self.title.is_empty()
    }
}

/// Splits an agreement at its `## ` headings.
///
/// Only a line starting with `## ` and a non-empty title begins a section;
/// `#` and `###` lines, a bare `##`, and anything inside a fenced code block
/// stay in the body they appear in. Titles are trimmed (a CRLF heading line
/// gives a clean title). [`join`] gives the text back byte for byte when
/// every heading is written `## Title` with one space and ends with a line
/// break; other headings come back in that tidy form.
pub fn sections(markdown: &str) -> Vec<Section> {
    let mut out = Vec::new();
    let mut title: Option<String> = None;
    let mut body_start = 0;
    let mut fence: Option<Fence> = None;
    let mut pos = 0;
    for line in markdown.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if let Some(open) = fence {
            if open.closed_by(line) {
                fence = None;
            }
            continue;
        }
        if let Some(opened) = Fence::opened_by(line) {
            fence = Some(opened);
            continue;
        }
        if let Some(heading) = heading_title(line) {
            push_section(&mut out, title.take(), &markdown[body_start..start]);
            title = Some(heading.to_string());
            body_start = pos;
        }
    }
    push_section(&mut out, title, &markdown[body_start..]);
    out
}

fn push_section(out: &mut Vec<Section>, title: Option<String>, body: &str) {
    match title {
        Some(title) => out.push(Section { title, body: body.to_string() }),
        None if !body.is_empty() => out.push(Section { title: String::new(), body: body.to_string() }),
        None => {}
    }
}

fn heading_title(line: &str) -> Option<&str> {
    let title = line.strip_prefix("## ")?.trim();
    (!title.is_empty()).then_some(title)
}

/// An open fenced code block (CommonMark: three or more backticks or tildes,
/// indented at most three spaces; it closes on a run of the same character
/// at least as long).
#[derive(Debug, Clone, Copy)]
struct Fence {
    mark: char,
    len: usize,
}

impl Fence {
    fn parse(line: &str) -> Option<(Fence, &str)> {
        let line = line.trim_end_matches(['\n', '\r']);
        let unindented = line.trim_start_matches(' ');
        if line.len() - unindented.len() > 3 {
            return None;
        }
        let mark = unindented.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let rest = unindented.trim_start_matches(mark);
        let len = unindented.len() - rest.len();
        (len >= 3).then_some((Fence { mark, len }, rest))
    }

    fn opened_by(line: &str) -> Option<Fence> {
        let (fence, info) = Fence::parse(line)?;
        (fence.mark == '~' || !info.contains('`')).then_some(fence)
    }

    fn closed_by(self, line: &str) -> bool {
        matches!(Fence::parse(line), Some((f, rest)) if f.mark == self.mark && f.len >= self.len && rest.trim().is_empty())
    }
}

/// Puts sections back together. A body that does not end with a line break
/// gets one before the next heading, so edited sections never run into each
/// other.
pub fn join(sections: &[Section]) -> String {
    let mut out = String::with_capacity(sections.iter().map(|s| s.title.len() + s.body.len() + 5).sum());
    for (i, section) in sections.iter().enumerate() {
        if !section.is_preamble() {
            out.push_str("## ");
            out.push_str(&section.title);
            out.push('\n');
        }
        out.push_str(&section.body);
        let more = i + 1 < sections.len();
        if more && !section.body.is_empty() && !section.body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The text of a `# ` title line, if the preamble opens with one.
pub fn document_title(markdown: &str) -> Option<&str> {
    // A preamble's body is always the start of the text it came from.
    let preamble_len = sections(markdown).first().filter(|s| s.is_preamble()).map_or(0, |s| s.body.len());
    split_document_title(&markdown[..preamble_len]).0
}

/// Splits `# Title` off the first non-blank line of a preamble.
fn split_document_title(preamble: &str) -> (Option<&str>, &str) {
    let rest = skip_blank_lines(preamble);
    let (first, after) = rest.split_once('\n').unwrap_or((rest, ""));
    match first.strip_prefix("# ").map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => (Some(title), after),
        None => (None, preamble),
    }
}

fn skip_blank_lines(mut text: &str) -> &str {
    while let Some((line, rest)) = text.split_once('\n') {
        if !line.trim().is_empty() {
            break;
        }
        text = rest;
    }
    text
}

// ---------------------------------------------------------------------------
// The three relationship questions

pub const RELATE_PROMPT: &str =
    "How do we want to be with one another: how we listen, how we speak, and how we make room for everyone?";
pub const WORK_PROMPT: &str =
    "What helps us work well together, so that the group stays useful and fair for all of us?";
pub const RESOLVE_PROMPT: &str = "If something goes wrong between us, how would we like to put it right?";

/// The relationship question that belongs beside a section, found from its
/// heading (any letter case, for example "How we relate to each other",
/// "Working together", "When things are hard"). The questions are shown, not
/// stored, so the agreement holds only the group's own answers.
pub fn prompt_for(section_title: &str) -> Option<&'static str> {
    let title = section_title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| title.contains(w));
    // Difficulties first: "Resolving difficulties with each other" is about
    // difficulties; then working, since "working with each other" is too.
    if has(&[
        "difficult",
        "resolv",
        "conflict",
        "disagree",
        "things are hard",
        "things get hard",
        "gets hard",
        "hard times",
        "go wrong",
        "goes wrong",
        "problem",
        "complaint",
    ]) {
        Some(RESOLVE_PROMPT)
    } else if has(&[
        "work together",
        "working together",
        "work with each other",
        "working with each other",
        "work with one another",
        "working with one another",
        "cooperat",
        "co-operat",
        "collaborat",
    ]) {
        Some(WORK_PROMPT)
    } else if has(&["relate", "relating", "relation", "each other", "one another"]) {
        Some(RELATE_PROMPT)
    } else {
        None
    }
}

/// The relationship question for the section that line `row` of a text
/// is in, for showing beside the text while it is written.
pub fn prompt_at(lines: &[String], row: usize) -> Option<&'static str> {
    lines.iter().take(row.saturating_add(1)).rev().find_map(|line| heading_title(line)).and_then(prompt_for)
}

// ---------------------------------------------------------------------------
// Diffs between versions

/// One line of a diff. The text keeps its line ending (`\n` or `\r\n`; the
/// last line of a text may have none), so joining lines gives a text back
/// exactly; [`DiffLine::text`] is the line without it, for showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
}

impl DiffLine {
    pub fn raw(&self) -> &str {
        match self {
            DiffLine::Same(s) | DiffLine::Added(s) | DiffLine::Removed(s) => s,
        }
    }

    pub fn text(&self) -> &str {
        let raw = self.raw();
        let raw = raw.strip_suffix('\n').unwrap_or(raw);
        raw.strip_suffix('\r').unwrap_or(raw)
    }

    /// `+ `, `- ` or two spaces: readable without colour.
    pub fn marker(&self) -> &'static str {
        match self {
            DiffLine::Same(_) => "  ",
            DiffLine::Added(_) => "+ ",
            DiffLine::Removed(_) => "- ",
        }
    }
}

/// A line-by-line diff from `old` to `new` (Myers' algorithm, via `similar`);
/// where a line changed, the old line comes before the new one.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| {
            let line = change.value().to_string();
            match change.tag() {
                ChangeTag::Equal => DiffLine::Same(line),
                ChangeTag::Insert => DiffLine::Added(line),
                ChangeTag::Delete => DiffLine::Removed(line),
            }
        })
        .collect()
}

/// How many lines were added and removed.
pub fn diff_summary(lines: &[DiffLine]) -> (usize, usize) {
    lines.iter().fold((0, 0), |(added, removed), line| match line {
        DiffLine::Same(_) => (added, removed),
        DiffLine::Added(_) => (added + 1, removed),
        DiffLine::Removed(_) => (added, removed + 1),
    })
}

/// The diff as plain text, one line each with its marker. Not sanitised:
/// pass it through [`super::text::display_multiline`] before a terminal.
pub fn render_diff(lines: &[DiffLine]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.raw().len() + 3).sum());
    for line in lines {
        out.push_str(line.marker());
        out.push_str(line.text());
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// Adopting a new version

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdoptError {
    #[error("the draft is empty, so there is nothing to adopt yet")]
    Empty,
    #[error("the draft is the same as the current version, so there is nothing new to adopt")]
    Unchanged,
    #[error(
        "the draft is too long to adopt: an agreement can be at most {} KB, and this one is {} KB",
        MAX_AGREEMENT_BYTES / 1024,
        .bytes.div_ceil(1024)
    )]
    TooLarge { bytes: usize },
    #[error("please add a short note saying what changed in this version")]
    NoChangeNote,
    #[error("the change note needs to fit on one line")]
    ChangeNoteNotOneLine,
    #[error("the change note can be at most {MAX_CHANGE_NOTE_CHARS} characters (this one has {0})")]
    ChangeNoteTooLong(usize),
}

/// Whether `draft` can become the next version after `current` (`None` when
/// the group has no agreement yet). The size is checked first, so a huge
/// paste is refused without being read.
pub fn check_adoptable(draft: &str, current: Option<&str>) -> Result<(), AdoptError> {
    if draft.len() > MAX_AGREEMENT_BYTES {
        return Err(AdoptError::TooLarge { bytes: draft.len() });
    }
    if draft.trim().is_empty() {
        return Err(AdoptError::Empty);
    }
    if current.is_some_and(|current| normalise(current) == normalise(draft)) {
        return Err(AdoptError::Unchanged);
    }
    Ok(())
}

/// The change note, trimmed: required, one line, at most
/// [`MAX_CHANGE_NOTE_CHARS`] characters.
pub fn check_change_note(note: &str) -> Result<&str, AdoptError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(AdoptError::NoChangeNote);
    }
    let len = note.chars().count();
    if len > MAX_CHANGE_NOTE_CHARS {
        return Err(AdoptError::ChangeNoteTooLong(len));
    }
    if note.contains(['\n', '\r']) {
        return Err(AdoptError::ChangeNoteNotOneLine);
    }
    Ok(note)
}

/// The text as compared for "nothing changed": `\n` line endings, no
/// whitespace at the ends of lines, no blank lines at the end.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

// ---------------------------------------------------------------------------
// Export

/// The agreement as a Markdown document: a title, a small header, then the
/// body. It is a file for people to keep and open anywhere, so no control
/// character goes into it (see [`super::text::exported`]): escape
/// sequences are removed whole, the words and line breaks stay.
///
/// The body keeps the shape the group gave it (headings, lists, paragraphs,
/// as the console shows them), and the words in it are escaped (see
/// [`markdown_body`]), as are the group's name and the change note: every
/// Markdown reader shows the words as written.
pub fn export_markdown(group_name: &str, version: u32, adopted_on: NaiveDate, change_note: &str, body: &str) -> String {
    use super::text::{exported, markdown_line, one_line};
    let header = format!(
        "# {}: group agreement\n\n- Version: {version}\n- Adopted: {}\n- What changed: {}\n\n---\n\n",
        markdown_line(&one_line(group_name)),
        adopted_on.format("%Y-%m-%d"),
        markdown_line(&one_line(change_note)),
    );
    let body = markdown_body(&exported(body));
    let mut out = String::with_capacity(header.len() + body.len());
    out.push_str(&header);
    out.push_str(&body);
    out
}

/// An agreement's text as Markdown that reads as the console shows it:
/// headings, list items and paragraphs keep their marks, and the words
/// after the marks are escaped, so `*` or `<` in them are shown, not read
/// as markup. Fenced code is kept as it is (a reader shows it literally).
pub fn markdown_body(body: &str) -> String {
    use super::text::markdown_line;
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut fence: Option<Fence> = None;
    // Whether the lines above, without a blank between, are a list item's.
    let mut in_item = false;
    for line in body.split_inclusive('\n') {
        let ending = &line[line.trim_end_matches(['\n', '\r']).len()..];
        let text = line.trim_end_matches(['\n', '\r']);
        if let Some(open) = fence {
            if open.closed_by(text) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(opened) = Fence::opened_by(text) {
            fence = Some(opened);
            out.push_str(line);
            continue;
        }
        let indent = &text[..text.len() - text.trim_start().len()];
        let escaped = if text.trim().is_empty() {
            in_item = false;
            String::new()
        } else if let Some(title) = inner_heading(text) {
            in_item = false;
            let hashes = text.trim_start().len() - text.trim_start().trim_start_matches('#').len();
            format!("{} {}", "#".repeat(hashes), markdown_line(title))
        } else if let Some((mark, rest)) = list_item(text) {
            in_item = true;
            let mark = if mark == "•" { "-".to_string() } else { mark };
            // A nested list keeps its indent (spaces only: a tab reads as four).
            let indent = " ".repeat(indent.chars().filter(|c| *c == ' ').count().min(8));
            format!("{indent}{mark} {}", markdown_line(rest))
        } else if in_item {
            format!("  {}", markdown_line(text))
        } else {
            markdown_line(text)
        };
        out.push_str(&escaped);
        out.push_str(if ending.is_empty() { "" } else { "\n" });
    }
    out
}

// ---------------------------------------------------------------------------
// Read aloud

/// One screen of the read-aloud view: a section, with its question if it has
/// one. The preamble's page takes its title from a `# ` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    pub body: String,
    pub prompt: Option<&'static str>,
}

impl Page {
    /// The page's text as it is read: paragraphs and list items.
    pub fn blocks(&self) -> Vec<Block> {
        blocks(&self.body)
    }
}

/// One page per section, blank lines around each body dropped; a preamble
/// with nothing to read gives no page.
pub fn read_aloud_pages(markdown: &str) -> Vec<Page> {
    sections(markdown)
        .iter()
        .filter_map(|section| {
            let (title, body) = if section.is_preamble() {
                let (title, body) = split_document_title(&section.body);
                (title.unwrap_or(""), body)
            } else {
                (section.title.as_str(), section.body.as_str())
            };
            let body = skip_blank_lines(body).trim_end();
            if title.is_empty() && body.is_empty() {
                return None;
            }
            Some(Page { title: title.to_string(), body: body.to_string(), prompt: prompt_for(title) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEMPLATE_TITLES: [&str; 9] = [
        "Who the group is for",
        "Our purpose",
        "Our values",
        "Boundaries and confidentiality",
        "How we relate to each other",
        "How we work together",
        "How we resolve difficulties",
        "Open or closed membership",
        "How we will end",
    ];

    fn titles(md: &str) -> Vec<String> {
        sections(md).into_iter().map(|s| s.title).collect()
    }

    // --- sections --------------------------------------------------------

    #[test]
    fn splits_on_level_two_headings() {
        let md = "## Purpose\nWe meet to listen.\n\n## Values\n- Kindness\n";
        let got = sections(md);
        assert_eq!(
            got,
            vec![
                Section { title: "Purpose".into(), body: "We meet to listen.\n\n".into() },
                Section { title: "Values".into(), body: "- Kindness\n".into() },
            ]
        );
        assert_eq!(join(&got), md);
    }

    #[test]
    fn text_before_the_first_heading_is_an_untitled_preamble() {
        let md = "# Our agreement\n\nWritten together.\n\n## Purpose\nTo listen.\n";
        let got = sections(md);
        assert_eq!(got.len(), 2);
        assert!(got[0].is_preamble());
        assert_eq!(got[0].body, "# Our agreement\n\nWritten together.\n\n");
        assert_eq!(document_title(md), Some("Our agreement"));
        assert_eq!(join(&got), md);
        assert!(sections("").is_empty());
        assert_eq!(document_title("## Purpose\n# Not a title\n"), None);
    }

    #[test]
    fn other_heading_levels_and_bare_hashes_stay_in_the_body() {
        let md = "## Values\n### Kindness\n# Loud\n##\n##No space\n#### Deep\n";
        assert_eq!(titles(md), ["Values"]);
        assert_eq!(join(&sections(md)), md);
    }

    #[test]
    fn fenced_code_blocks_are_not_split() {
        let md = "## Notes\n```\n## not a heading\n~~~\n## still code\n```\n## Real\n~~~~ text\n## code\n~~~\n## code too\n~~~~\n## Last\n";
        assert_eq!(titles(md), ["Notes", "Real", "Last"]);
        assert_eq!(join(&sections(md)), md);
        // An unclosed fence keeps the rest of the text in one section.
        assert_eq!(titles("## A\n```\n## B\n"), ["A"]);
        // A backtick fence whose info string has a backtick is not a fence.
        assert_eq!(titles("## A\n``` a`b\n## B\n"), ["A", "B"]);
    }

    #[test]
    fn untidy_headings_get_clean_titles() {
        let md = "##   Purpose  \r\nWe meet.\r\n## Values";
        let got = sections(md);
        assert_eq!(titles(md), ["Purpose", "Values"]);
        assert_eq!(got[0].body, "We meet.\r\n");
        assert_eq!(join(&got), "## Purpose\nWe meet.\r\n## Values\n");
        assert_eq!(sections(&join(&got)), got);
    }

    #[test]
    fn join_keeps_edited_sections_apart() {
        let edited = [
            Section { title: String::new(), body: "Intro".into() },
            Section { title: "A".into(), body: "no line break".into() },
            Section { title: "B".into(), body: "end".into() },
        ];
        let text = join(&edited);
        assert_eq!(text, "Intro\n## A\nno line break\n## B\nend");
        assert_eq!(titles(&text), ["", "A", "B"]);
    }

    // --- template and prompts ---------------------------------------------

    #[test]
    fn template_has_all_nine_sections_with_starting_text() {
        let got = sections(TEMPLATE);
        assert_eq!(titles(TEMPLATE), TEMPLATE_TITLES);
        assert!(got.iter().all(|s| !s.body.trim().is_empty()), "every section has a starting text");
        assert_eq!(join(&got), TEMPLATE);
        assert!(check_adoptable(TEMPLATE, None).is_ok());
    }

    #[test]
    fn prompts_sit_beside_the_relationship_sections_only() {
        let found: Vec<_> = TEMPLATE_TITLES.iter().map(|t| prompt_for(t)).collect();
        assert_eq!(
            found,
            [None, None, None, None, Some(RELATE_PROMPT), Some(WORK_PROMPT), Some(RESOLVE_PROMPT), None, None]
        );
        for prompt in [RELATE_PROMPT, WORK_PROMPT, RESOLVE_PROMPT] {
            assert!(!TEMPLATE.contains(prompt), "prompts are shown, never stored in the text");
        }
    }

    #[test]
    fn the_question_follows_the_line_being_written() {
        let lines: Vec<String> = TEMPLATE.lines().map(str::to_string).collect();
        let at = |title: &str| lines.iter().position(|l| l == &format!("## {title}")).unwrap();
        assert_eq!(prompt_at(&lines, 0), None);
        assert_eq!(prompt_at(&lines, at("How we relate to each other") + 2), Some(RELATE_PROMPT));
        assert_eq!(prompt_at(&lines, at("How we resolve difficulties")), Some(RESOLVE_PROMPT));
        assert_eq!(prompt_at(&lines, at("Open or closed membership") + 1), None);
        assert_eq!(prompt_at(&lines, usize::MAX), None, "the last section has none");
    }

    #[test]
    fn the_purpose_comes_from_its_section_once_it_is_written() {
        assert_eq!(purpose_of(TEMPLATE), None, "the template's blanks are not a purpose");
        let written = "## Who the group is for\nCarers.\n\n## Our purpose\n\nWe meet to listen\nand be heard.\n\n- Tea.\n## Values\nKindness.\n";
        assert_eq!(purpose_of(written).as_deref(), Some("We meet to listen and be heard.\n- Tea."));
        assert_eq!(purpose_of("## Why we meet\nTo rest.\n").as_deref(), Some("To rest."));
        assert_eq!(purpose_of("## Values\nKindness.\n"), None);
    }

    #[test]
    fn prompts_match_variants_in_any_case() {
        for (title, prompt) in [
            ("Relating to each other", RELATE_PROMPT),
            ("HOW WE TREAT ONE ANOTHER", RELATE_PROMPT),
            ("Our  relationships", RELATE_PROMPT),
            ("Working together", WORK_PROMPT),
            ("Working with each other", WORK_PROMPT),
            ("how we cooperate", WORK_PROMPT),
            ("Resolving difficulties", RESOLVE_PROMPT),
            ("When things are hard", RESOLVE_PROMPT),
            ("When things get difficult", RESOLVE_PROMPT),
            ("If we disagree with each other", RESOLVE_PROMPT),
            ("Conflict", RESOLVE_PROMPT),
        ] {
            assert_eq!(prompt_for(title), Some(prompt), "{title}");
        }
        for title in ["", "Purpose", "Why we meet", "Boundaries", "Endings", "Membership", "Values"] {
            assert_eq!(prompt_for(title), None, "{title}");
        }
    }

    #[test]
    fn demo_agreement_has_its_prompts_and_a_small_diff() {
        let demo: serde_json::Value = serde_json::from_str(include_str!("../../assets/demo.json")).unwrap();
        let bodies: Vec<&str> =
            demo["agreements"].as_array().unwrap().iter().map(|a| a["body"].as_str().unwrap()).collect();
        let prompts = sections(bodies[0]).iter().filter_map(|s| prompt_for(&s.title)).collect::<Vec<_>>();
        assert_eq!(prompts, [RELATE_PROMPT, WORK_PROMPT, RESOLVE_PROMPT]);
        let lines = diff(bodies[0], bodies[1]);
        assert_eq!(diff_summary(&lines), (2, 1));
        assert!(render_diff(&lines).contains("+ - Phones on silent and out of sight.\n"));
    }

    // --- diff ------------------------------------------------------------

    #[test]
    fn diff_marks_changed_lines() {
        let lines = diff("one\ntwo\nthree\n", "one\n2\nthree\nfour\n");
        assert_eq!(
            lines,
            [
                DiffLine::Same("one\n".into()),
                DiffLine::Removed("two\n".into()),
                DiffLine::Added("2\n".into()),
                DiffLine::Same("three\n".into()),
                DiffLine::Added("four\n".into()),
            ]
        );
        assert_eq!(diff_summary(&lines), (2, 1));
        assert_eq!(render_diff(&lines), "  one\n- two\n+ 2\n  three\n+ four\n");
    }

    #[test]
    fn diff_of_identical_texts_changes_nothing() {
        let lines = diff(TEMPLATE, TEMPLATE);
        assert_eq!(diff_summary(&lines), (0, 0));
        assert_eq!(lines.len(), TEMPLATE.lines().count());
        assert!(diff("", "").is_empty());
    }

    #[test]
    fn diff_lines_show_without_their_line_endings() {
        let lines = diff("a\r\nb", "a\r\nc");
        assert_eq!(lines.iter().map(DiffLine::text).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(render_diff(&lines), "  a\n- b\n+ c\n");
    }

    #[test]
    fn diff_of_two_large_unrelated_drafts_is_quick() {
        // Two drafts near the size limit with no line in common: the worst case.
        let old: String = (0..10_000).map(|i| format!("an old line, {i:>6}\n")).collect();
        let new: String = (0..10_000).map(|i| format!("a new line, {i:>6}\n")).collect();
        assert!(check_adoptable(&old, None).is_ok() && check_adoptable(&new, Some(&old)).is_ok());
        let start = std::time::Instant::now();
        assert_eq!(diff_summary(&diff(&old, &new)), (10_000, 10_000));
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    // --- adoption ----------------------------------------------------------

    #[test]
    fn an_empty_draft_is_refused() {
        assert_eq!(check_adoptable("", None), Err(AdoptError::Empty));
        assert_eq!(check_adoptable(" \n\t\r\n ", Some("## A\n")), Err(AdoptError::Empty));
    }

    #[test]
    fn an_unchanged_draft_is_refused() {
        let current = "## Purpose\nWe meet.\n";
        assert_eq!(check_adoptable(current, Some(current)), Err(AdoptError::Unchanged));
        assert_eq!(check_adoptable("## Purpose  \r\nWe meet.\t\r\n\r\n\n", Some(current)), Err(AdoptError::Unchanged));
        assert_eq!(check_adoptable("## Purpose\nWe meet.", Some(current)), Err(AdoptError::Unchanged));
        assert!(check_adoptable("## Purpose\nWe  meet.\n", Some(current)).is_ok());
        assert!(check_adoptable("\n## Purpose\nWe meet.\n", Some(current)).is_ok(), "leading lines count");
        assert!(check_adoptable(current, None).is_ok());
    }

    #[test]
    fn a_huge_draft_is_refused_with_a_clear_message() {
        let megabyte = "x".repeat(1024 * 1024);
        let err = check_adoptable(&megabyte, Some(&megabyte)).unwrap_err();
        assert_eq!(err, AdoptError::TooLarge { bytes: 1024 * 1024 });
        assert_eq!(
            err.to_string(),
            "the draft is too long to adopt: an agreement can be at most 200 KB, and this one is 1024 KB"
        );
        assert!(check_adoptable(&"x".repeat(MAX_AGREEMENT_BYTES), None).is_ok());
        assert!(check_adoptable(&"x".repeat(MAX_AGREEMENT_BYTES + 1), None).is_err());
    }

    #[test]
    fn the_templates_blanks_are_found_and_the_groups_own_dots_are_not() {
        let found = unfinished(TEMPLATE);
        let sections: Vec<&str> = found.iter().map(|u| u.section.as_str()).collect();
        assert!(sections.contains(&"Our purpose") && sections.contains(&"Open or closed membership"), "{found:?}");
        assert!(found.iter().any(|u| u.text == "Our group is open / closed. New people can join …"), "{found:?}");
        assert!(found.iter().any(|u| u.text == "We meet to …"), "{found:?}");
        let finished = "## Our purpose\nWe meet to listen… and to be heard.\n\n## Membership\nOur group is open.\n";
        assert_eq!(unfinished(finished), []);
        assert_eq!(unfinished("## Values\n- …\n")[0], Unfinished { section: "Values".into(), text: "…".into() });
    }

    #[test]
    fn a_change_note_is_one_short_line() {
        assert_eq!(check_change_note("  Added phones.\n"), Ok("Added phones."));
        assert_eq!(check_change_note(" \n "), Err(AdoptError::NoChangeNote));
        assert_eq!(check_change_note("one\ntwo"), Err(AdoptError::ChangeNoteNotOneLine));
        assert_eq!(check_change_note("one\rtwo"), Err(AdoptError::ChangeNoteNotOneLine));
        assert!(check_change_note(&"é".repeat(MAX_CHANGE_NOTE_CHARS)).is_ok());
        assert_eq!(
            check_change_note(&"é".repeat(MAX_CHANGE_NOTE_CHARS + 1)),
            Err(AdoptError::ChangeNoteTooLong(MAX_CHANGE_NOTE_CHARS + 1))
        );
        assert!(check_change_note(&"x".repeat(1024 * 1024)).is_err());
    }

    #[test]
    fn messages_are_single_sentences() {
        let all = [
            AdoptError::Empty,
            AdoptError::Unchanged,
            AdoptError::TooLarge { bytes: 300_000 },
            AdoptError::NoChangeNote,
            AdoptError::ChangeNoteNotOneLine,
            AdoptError::ChangeNoteTooLong(300),
        ];
        for e in all {
            let text = e.to_string();
            assert!(!text.contains('\n') && !text.trim_end_matches('.').contains(". "), "{text}");
        }
    }

    // --- export and read aloud --------------------------------------------

    #[test]
    fn export_has_a_header_and_keeps_the_words_without_control_characters() {
        let body =
            "## Values\nRed \u{1b}[31mtext\u{1b}[0m, سارا, Zoe\u{0308}, 👩🏽‍🤝‍👩🏻, a\u{202E}b, \u{0}nul\r\n\tindented\n";
        let date = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        let out =
            export_markdown("Tuesday\u{1b}]52;c;aGk=\u{7} circle", 3, date, "Added\na line \u{9b}2Jabout phones", body);
        assert!(out.starts_with("# Tuesday circle: group agreement\n"), "{out:?}");
        assert!(out.contains("- Version: 3\n- Adopted: 2026-03-14\n- What changed: Added a line about phones\n"));
        // A tab at the start of a line would make it code: the words stay.
        assert!(out.ends_with("## Values\nRed text, سارا, Zoe\u{0308}, 👩🏽‍🤝‍👩🏻, ab, nul\nindented\n"), "{out:?}");
    }

    #[test]
    fn the_export_keeps_the_shape_and_escapes_the_words() {
        let body = "# Our *agreement*\n\n## Values <ours>\n- Be kind & *gentle*\n  with each other\n1. First\n\nWe say <Sam> not _Sam_.\n> not a quote\n```\n*kept* as code\n```\n";
        assert_eq!(
            markdown_body(body),
            "# Our \\*agreement\\*\n\n## Values &lt;ours&gt;\n- Be kind &amp; \\*gentle\\*\n  with each other\n1. First\n\nWe say &lt;Sam&gt; not \\_Sam\\_.\n&gt; not a quote\n```\n*kept* as code\n```\n"
        );
        let out = export_markdown("*Tuesday* <circle>", 1, NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(), "# big", "");
        assert!(out.starts_with("# \\*Tuesday\\* &lt;circle&gt;: group agreement\n"), "{out}");
        assert!(out.contains("- What changed: \\# big\n"), "{out}");
        assert_eq!(markdown_body(TEMPLATE).lines().count(), TEMPLATE.lines().count());
    }

    #[test]
    fn read_aloud_gives_one_page_a_section() {
        let pages = read_aloud_pages(TEMPLATE);
        assert_eq!(pages.len(), 9);
        assert_eq!(pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), TEMPLATE_TITLES);
        assert_eq!(pages[4].prompt, Some(RELATE_PROMPT));
        assert!(pages.iter().all(|p| !p.body.starts_with('\n') && !p.body.ends_with(char::is_whitespace)));
        assert_eq!(pages[1].body, "We meet to …\n\nBy the end of a meeting we hope each of us feels …");

        let with_title = read_aloud_pages("\n# Our agreement\n\nHello.\n\n## Purpose\n\nTo listen.\n\n");
        assert_eq!(
            with_title,
            [
                Page { title: "Our agreement".into(), body: "Hello.".into(), prompt: None },
                Page { title: "Purpose".into(), body: "To listen.".into(), prompt: None },
            ]
        );
        assert_eq!(read_aloud_pages("\n\n## A\n").len(), 1, "a blank preamble gives no page");
    }

    #[test]
    fn lists_read_as_lists_and_wrapped_lines_join_their_item() {
        let pages = read_aloud_pages(TEMPLATE);
        let boundaries = &pages[3];
        assert_eq!(boundaries.title, "Boundaries and confidentiality");
        let got = boundaries.blocks();
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got.iter().all(|b| matches!(b, Block::Item { mark, .. } if mark == "•")), "{got:?}");
        assert_eq!(
            got[0].text(),
            "What people share here stays here. We may talk about what we learned, but not about who said it."
        );
        assert_eq!(got[3].text(), "…");
        let purpose = pages[1].blocks();
        assert_eq!(
            purpose,
            [
                Block::Paragraph("We meet to …".into()),
                Block::Paragraph("By the end of a meeting we hope each of us feels …".into())
            ]
        );
        let mixed = blocks("Intro line\nsecond line\n\n1. One\n2) Two\n   more\n### Small\n*\n#Not a heading\n");
        assert_eq!(
            mixed,
            [
                Block::Paragraph("Intro line second line".into()),
                Block::Item { mark: "1.".into(), text: "One".into() },
                Block::Item { mark: "2.".into(), text: "Two more".into() },
                Block::Heading("Small".into()),
                Block::Item { mark: "•".into(), text: "#Not a heading".into() },
            ]
        );
    }

    // --- properties ----------------------------------------------------------

    /// A body line that never starts a section: words, lists, other heading
    /// levels, and fences (which are closed again at the end of the body).
    fn body_line() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-zA-Zé… ,.]{0,20}",
            1 => Just(String::new()),
            1 => "- [a-z ]{1,10}",
            1 => "#{1,1}( [A-Za-z]{1,8})?",
            1 => "###{1,2} [A-Za-z]{1,8}",
            1 => Just("##".to_string()),
        ]
    }

    fn body() -> impl Strategy<Value = String> {
        (prop::collection::vec(body_line(), 0..6), prop::option::of((prop_oneof!["```", "~~~~"], 0..3usize))).prop_map(
            |(lines, fence)| {
                let mut text: String = lines.iter().map(|l| format!("{l}\n")).collect();
                if let Some((mark, inside)) = fence {
                    text.push_str(&format!("{mark}\n"));
                    for i in 0..inside {
                        text.push_str(&format!("## inside fence {i}\n"));
                    }
                    text.push_str(&format!("{mark}\n"));
                }
                text
            },
        )
    }

    fn document() -> impl Strategy<Value = String> {
        (body(), prop::collection::vec(("[A-Za-zé][A-Za-zé ?]{0,20}[A-Za-z]", body()), 0..6)).prop_map(
            |(preamble, parts)| {
                let mut md = preamble;
                for (title, body) in parts {
                    md.push_str(&format!("## {title}\n{body}"));
                }
                md
            },
        )
    }

    /// Texts of a few short lines from a small alphabet, so that old and new
    /// share lines often; the last line may lack a line break.
    fn lines_text() -> impl Strategy<Value = String> {
        (prop::collection::vec(prop_oneof!["[abc]{0,2}", Just("b\r".to_string())], 0..12), any::<bool>()).prop_map(
            |(lines, final_break)| {
                let mut text = lines.join("\n");
                if final_break && !text.is_empty() {
                    text.push('\n');
                }
                text
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn sections_round_trip_on_well_formed_documents(md in document()) {
            let split = sections(&md);
            prop_assert_eq!(join(&split), md.clone());
            prop_assert!(split.iter().skip(1).all(|s| !s.is_preamble()));
            prop_assert!(split.iter().all(|s| !s.title.starts_with("inside fence")));
        }

        #[test]
        fn sections_are_stable_on_any_text(text in "[#`~ aB\r\n-]{0,80}") {
            let split = sections(&text);
            prop_assert_eq!(sections(&join(&split)), split.clone());
            let bodies: String = split.iter().map(|s| s.body.as_str()).collect();
            prop_assert!(bodies.len() <= text.len());
        }

        #[test]
        fn applying_a_diff_gives_both_texts_back(old in lines_text(), new in lines_text()) {
            let lines = diff(&old, &new);
            let kept_new: String = lines.iter().filter(|l| !matches!(l, DiffLine::Removed(_))).map(DiffLine::raw).collect();
            let kept_old: String = lines.iter().filter(|l| !matches!(l, DiffLine::Added(_))).map(DiffLine::raw).collect();
            prop_assert_eq!(kept_new, new.clone());
            prop_assert_eq!(kept_old, old.clone());
            let (added, removed) = diff_summary(&lines);
            prop_assert_eq!(added + removed + lines.iter().filter(|l| matches!(l, DiffLine::Same(_))).count(), lines.len());
            prop_assert_eq!(render_diff(&lines).lines().count(), lines.len());
        }

        #[test]
        fn a_diff_with_itself_has_no_changes(text in lines_text()) {
            let lines = diff(&text, &text);
            prop_assert_eq!(diff_summary(&lines), (0, 0));
            prop_assert!(lines.iter().all(|l| matches!(l, DiffLine::Same(_))));
        }

        #[test]
        fn whitespace_at_line_ends_never_makes_a_new_version(md in document(), pad in "[ \t]{0,3}") {
            prop_assume!(!md.trim().is_empty());
            let padded: String = md.lines().map(|l| format!("{l}{pad}\r\n")).collect();
            prop_assert_eq!(check_adoptable(&padded, Some(&md)), Err(AdoptError::Unchanged));
        }

        #[test]
        fn export_ends_with_the_body_and_carries_no_control_character(
            body in any::<String>(),
            note in any::<String>(),
            name in any::<String>(),
            version in any::<u32>(),
        ) {
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let out = export_markdown(&name, version, date, &note, &body);
            prop_assert!(out.ends_with(&markdown_body(&super::super::text::exported(&body))));
            let version_line = format!("- Version: {version}\n");
            prop_assert!(out.contains(&version_line));
            prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{:?}", out);
            prop_assert_eq!(super::super::text::display_multiline(&out).chars().count(), out.chars().count());
        }
    }
}

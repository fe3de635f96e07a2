//! A section as people read it: paragraphs, list items and headings; the
//! template's blanks still in a draft; and the purpose the agreement
//! states, for promotion.

use super::sections;

/// A part of a section as people read it: a paragraph, one item of a list,
/// or a smaller heading inside the section. The text is as written (not yet
/// made safe for a screen), its lines joined by spaces, as Markdown joins
/// the lines of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// `mark` is "•" for a bullet, or the item's number with its stop ("2.").
    Item {
        mark: String,
        text: String,
    },
    Heading(String),
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text) | Block::Item { text, .. } | Block::Heading(text) => text,
        }
    }
}

/// A list item's mark and the rest of its line: `- `, `* ` and `+ ` are
/// bullets, `3. ` and `3) ` numbered.
pub(super) fn list_item(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(("•".to_string(), rest));
        }
    }
    if matches!(line, "-" | "*" | "+") {
        return Some(("•".to_string(), ""));
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &line[digits..];
    if (1..=9).contains(&digits) && (after.starts_with(". ") || after.starts_with(") ")) {
        return Some((format!("{}.", &line[..digits]), &after[2..]));
    }
    None
}

/// A heading line's text (`#` to `######`, then a space).
pub(super) fn inner_heading(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' '))).then(|| rest.trim())
}

/// A section's body as paragraphs, list items and headings. A blank line
/// ends a paragraph or an item; a line that starts no item carries on the
/// one before it (the template wraps its items over two lines).
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Whether the last block is still open to more lines.
    let mut open = false;
    for line in body.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            open = false;
        } else if let Some((mark, rest)) = list_item(line) {
            out.push(Block::Item { mark, text: rest.trim().to_string() });
            open = true;
        } else if let Some(title) = inner_heading(line) {
            if !title.is_empty() {
                out.push(Block::Heading(title.to_string()));
            }
            open = false;
        } else {
            match out.last_mut() {
                Some(Block::Paragraph(text) | Block::Item { text, .. }) if open => {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(line.trim());
                }
                _ => out.push(Block::Paragraph(line.trim().to_string())),
            }
            open = true;
        }
    }
    out
}

/// A part of a draft that still holds one of the template's blanks: the
/// section it is in and the words around the blank, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub section: String,
    pub text: String,
}

/// The template's blanks still in a draft: a "…" standing on its own (the
/// template's way of saying "your words here"; a "…" that ends a word is
/// the group's own) and the "open / closed" choice not yet made. Adopting
/// such a draft is asked about first, since the group would be agreeing to
/// a sentence that is not finished.
pub fn unfinished(draft: &str) -> Vec<Unfinished> {
    let blank = |text: &str| {
        let mut before = ' ';
        let stands_alone = text.chars().any(|c| {
            let found = c == '…' && before.is_whitespace();
            before = c;
            found
        });
        stands_alone || text.to_lowercase().contains("open / closed")
    };
    let mut out = Vec::new();
    for section in sections(draft) {
        for block in blocks(&section.body) {
            if blank(block.text()) {
                out.push(Unfinished { section: section.title.clone(), text: block.text().to_string() });
            }
        }
    }
    out
}

/// The group's purpose as its agreement words it: the text of the first
/// section whose heading names its purpose ("Our purpose", "Why we
/// meet"), a paragraph or an item a line. `None` when there is none, or
/// when it still holds the template's blanks: promotion starts from the
/// group's own words, not from "We meet to …".
pub fn purpose_of(body: &str) -> Option<String> {
    let section = sections(body).into_iter().find(|s| {
        let title = s.title.to_lowercase();
        title.contains("purpose") || title.contains("why we meet")
    })?;
    let parts = blocks(&section.body);
    let text: Vec<String> = parts
        .iter()
        .map(|b| match b {
            Block::Item { mark, text } if mark == "•" => format!("- {text}"),
            Block::Item { mark, text } => format!("{mark} {text}"),
            other => other.text().to_string(),
        })
        .collect();
    let text = text.join("\n");
    let unfinished = !unfinished(&format!("## {}\n{}", section.title, section.body)).is_empty();
    (!text.trim().is_empty() && !unfinished).then_some(text)
}

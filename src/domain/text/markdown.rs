//! Words written into Markdown files people keep (the keepsake, the
//! agreement), escaped so that every Markdown reader shows them as they
//! were written: a card starting `# ` stays a sentence, `*hugs*` keeps its
//! asterisks and `Thank you <Sam>` keeps the name.
//!
//! Only escapes that the first Markdown and CommonMark both read are used:
//! a backslash before the characters both know (`\ ` `` ` `` `* _ [ ] # + -
//! . )`) and a character reference for the rest (`<`, `>`, `&`, and `|`,
//! `~`, `$` and `=`, which later dialects give a meaning: tables,
//! strikethrough, mathematics, headings underlined).

/// One line of text as literal words wherever it stands in a paragraph,
/// at the start of a line too. Spaces at its ends are dropped: leading
/// ones would make a code block, trailing ones a line break.
pub fn markdown_line(line: &str) -> String {
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + line.len() / 8);
    let mut only_digits = true;
    for (i, c) in line.char_indices() {
        let at_start = i == 0;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("&#124;"),
            '~' => out.push_str("&#126;"),
            '$' => out.push_str("&#36;"),
            '=' if at_start => out.push_str("&#61;"),
            '-' | '+' if at_start => {
                out.push('\\');
                out.push(c);
            }
            // "1." or "1)" would start a numbered list.
            '.' | ')' if !at_start && only_digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        only_digits &= c.is_ascii_digit();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_words_are_kept() {
        assert_eq!(markdown_line("# Best night"), "\\# Best night");
        assert_eq!(markdown_line("*hugs* to _all_"), "\\*hugs\\* to \\_all\\_");
        assert_eq!(markdown_line("Thank you <Sam> & Jo"), "Thank you &lt;Sam&gt; &amp; Jo");
        assert_eq!(markdown_line("> quoted"), "&gt; quoted");
        assert_eq!(markdown_line("- not a list"), "\\- not a list");
        assert_eq!(markdown_line("2026. A year"), "2026\\. A year");
        assert_eq!(markdown_line("3) three"), "3\\) three");
        assert_eq!(markdown_line("Worth £5.50 - or $5"), "Worth £5.50 - or &#36;5");
        assert_eq!(markdown_line("==="), "&#61;==");
        assert_eq!(markdown_line("    code?  "), "code?");
        assert_eq!(markdown_line("سارا 👩🏽‍🤝‍👩🏻"), "سارا 👩🏽‍🤝‍👩🏻");
    }
}

//! Widgets shared by the panes.

pub mod big;
pub mod confirm;
pub mod editor;
pub mod form;
pub mod help;
pub mod tour;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::text::display;

/// A rectangle of at most `width` x `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clears `area` for a dialog, and also a wide character (李, 🌱) just
/// left of it whose right half lies under the dialog's edge: the terminal
/// would draw that half over the border, and the frame breaks on its row.
pub fn clear_for_dialog(frame: &mut ratatui::Frame, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// Stored text as a span: control characters can never reach the terminal.
pub fn safe(text: &str) -> Span<'static> {
    Span::raw(display(text).into_owned())
}

pub use crate::domain::text::fit;

/// Text cut or padded with spaces to exactly `width` display columns, so
/// columns line up whatever the script.
pub fn pad(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let used = unicode_width::UnicodeWidthStr::width(cut.as_str());
    format!("{cut}{}", " ".repeat(width.saturating_sub(used)))
}

/// Splits text into rows of at most `width` display columns, at spaces
/// where it can; explicit line breaks are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut rows = Vec::new();
    for line in text.lines() {
        // Most lines fit: they are kept whole, without looking at words
        // (leading spaces are dropped, as wrapping by words drops them).
        if line.width() <= width && !line.starts_with(' ') {
            rows.push(line.to_string());
            continue;
        }
        // The row's width is kept as words are added (a space between two
        // words joins nothing, so widths add up), not measured again.
        let (mut row, mut row_width) = (String::new(), 0);
        for word in line.split(' ') {
            let (gap, word_width) = (usize::from(!row.is_empty()), word.width());
            if row_width + gap + word_width <= width {
                if gap == 1 {
                    row.push(' ');
                }
                row.push_str(word);
                row_width += gap + word_width;
                continue;
            }
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            // A word longer than the row is split by display width.
            for c in word.chars() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if row.width() + w > width && !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                row.push(c);
            }
            row_width = row.width();
        }
        rows.push(row);
    }
    rows
}

/// Puts the terminal cursor on the selected row of a list or table just
/// drawn in `area` (below `header` rows), so screen readers and braille
/// displays that follow the cursor land on the selection, as mutt's
/// `braille_friendly` does; the highlight alone is invisible to them.
pub fn cursor_on_row(frame: &mut ratatui::Frame, area: Rect, selected: Option<usize>, offset: usize, header: u16) {
    if let Some(selected) = selected {
        let row = u16::try_from(selected.saturating_sub(offset)).unwrap_or(u16::MAX).saturating_add(header);
        if row < area.height {
            frame.set_cursor_position((area.x, area.y + row));
        }
    }
}

/// Key hints as one line: `a add  s status  ? help`.
pub fn hints_line(hints: &[(String, &'static str)], theme: &super::theme::Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, hint)) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.clone(), theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(*hint, theme.dim()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("Ann", 5), "Ann");
        assert_eq!(fit("Annabelle", 5), "Anna…");
        assert_eq!(fit("日本語のテキスト", 7), "日本語…");
        assert_eq!(fit("a\u{1b}[31mb", 10), "a\u{FFFD}[31mb");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        for row in wrap("日本語のテキストです とても長い", 5) {
            assert!(unicode_width::UnicodeWidthStr::width(row.as_str()) <= 5, "{row}");
        }
    }

    /// The first way wrap was written: each word added by building the
    /// row again and measuring it whole. Slow on long lists, but plainly
    /// right, so the quicker one is held to the same rows.
    fn wrap_by_rebuilding(text: &str, width: usize) -> Vec<String> {
        use unicode_width::UnicodeWidthStr;
        let width = width.max(1);
        let mut rows = Vec::new();
        for line in text.lines() {
            let mut row = String::new();
            for word in line.split(' ') {
                let candidate = if row.is_empty() { word.to_string() } else { format!("{row} {word}") };
                if candidate.width() <= width {
                    row = candidate;
                    continue;
                }
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                for c in word.chars() {
                    let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if row.width() + w > width && !row.is_empty() {
                        rows.push(std::mem::take(&mut row));
                    }
                    row.push(c);
                }
            }
            rows.push(row);
        }
        rows
    }

    proptest::proptest! {
        #[test]
        fn wrap_gives_the_rows_rebuilding_gave(
            text in "([ \\n]|[a-z]{1,12}|日本語|é|👩‍👩‍👧|\\u{200B}){0,40}",
            width in 0usize..30,
        ) {
            proptest::prop_assert_eq!(wrap(&text, width), wrap_by_rebuilding(&text, width));
        }
    }
}

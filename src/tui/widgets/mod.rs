//! Widgets shared by the panes.

pub mod confirm;
pub mod form;
pub mod help;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::text::display;

/// A rectangle of at most `width` x `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Stored text as a span: control characters can never reach the terminal.
pub fn safe(text: &str) -> Span<'static> {
    Span::raw(display(text).into_owned())
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
}

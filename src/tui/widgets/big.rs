//! Big letters, drawn by tui-big-text in the font8x8 font: a reader's name
//! and their card, the celebration, a heading read aloud. One check says
//! whether a text can be drawn that way, so every big text falls back to
//! ordinary letters for the same reasons.

static PLAIN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says, once at start, that the terminal cannot draw the block and
/// quadrant characters big glyphs are made of ([`crate::tui::theme::Limits`]):
/// every big text then falls back to ordinary letters.
pub fn set_plain_terminal(plain: bool) {
    PLAIN.store(plain, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `text` can be shown in big 8×8 glyphs: at most `max_chars`
/// characters, line breaks aside, and every one of them in the font (ASCII,
/// Latin-1, Greek, Hiragana). A character the font lacks would show as a
/// blank, so the view falls back to ordinary text.
pub fn fits_big_glyphs(text: &str, max_chars: usize) -> bool {
    if PLAIN.load(std::sync::atomic::Ordering::Relaxed) {
        return false;
    }
    let mut count = 0;
    for c in text.chars() {
        if matches!(c, '\n' | '\r') {
            continue;
        }
        count += 1;
        if count > max_chars || !has_big_glyph(c) {
            return false;
        }
    }
    true
}

/// The ranges of font8x8, the font tui-big-text draws with, less its control
/// codes and its box and block drawing.
fn has_big_glyph(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{FF}' | '\u{390}'..='\u{3C9}' | '\u{3040}'..='\u{309F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_glyphs_only_for_short_text_the_font_can_draw() {
        assert!(fits_big_glyphs("Welcome", 10));
        assert!(fits_big_glyphs("Zoë\nΚαλη", 10));
        assert!(!fits_big_glyphs("ώ", 10), "font8x8 has no accented Greek");
        assert!(fits_big_glyphs("", 0));
        assert!(!fits_big_glyphs("Welcome everyone", 10));
        assert!(!fits_big_glyphs("We’re here", 20), "a curly apostrophe has no big glyph");
        assert!(!fits_big_glyphs("Привет", 20));
        assert!(!fits_big_glyphs("🌱", 20));
        assert!(!fits_big_glyphs("a\u{1b}[31m", 20));
    }
}

//! Colours and emphasis. The `auto` theme uses the terminal's own named
//! colours, so it follows the terminal's light or dark scheme, and draws
//! secondary text plainly rather than in grey (grey is faint on many dark
//! schemes), with bold for what stands out. The `dark`, `light` and `high-contrast` themes paint their own
//! background from the 256-colour palette, whose colours terminals do not
//! remap, so every text keeps at least a 4.5:1 contrast (7:1 for high
//! contrast). With `NO_COLOR` set, emphasis is bold, underline and reverse
//! video alone.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

pub use crate::settings::ThemeName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub name: ThemeName,
    /// Bars and charts in plain characters only: the terminal's font has
    /// no block or quadrant characters (the Linux console, `vt100`), or
    /// the locale is not UTF-8.
    pub plain: bool,
}

/// What a terminal cannot show, from its name and the locale.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Limits {
    /// No block, quadrant or eighth-block characters.
    pub plain_glyphs: bool,
    /// Eight or sixteen colours, not the 256 a painted theme uses.
    pub few_colours: bool,
    /// The locale, when it is set and is not UTF-8.
    pub not_utf8: Option<String>,
}

/// Terminals known to lack the block characters and the 256 colours: the
/// Linux console and the old hardware terminals others still pretend to be.
const PLAIN_TERMINALS: [&str; 9] = ["linux", "vt52", "vt100", "vt102", "vt220", "ansi", "cons25", "sun", "pcansi"];

/// What the terminal named `term`, in the locale `locale` (the first of
/// `LC_ALL`, `LC_CTYPE` and `LANG` that is set), cannot show.
pub fn limits(term: Option<&str>, locale: Option<&str>) -> Limits {
    let term = term.unwrap_or("").trim();
    let plain_terminal = PLAIN_TERMINALS.contains(&term) || term.starts_with("vt1") || term.starts_with("vt2");
    let not_utf8 = locale.map(str::trim).filter(|l| !l.is_empty()).filter(|l| {
        let l = l.to_ascii_lowercase();
        !(l.contains("utf-8") || l.contains("utf8"))
    });
    Limits {
        plain_glyphs: plain_terminal || not_utf8.is_some(),
        few_colours: plain_terminal,
        not_utf8: not_utf8.map(str::to_string),
    }
}

/// [`limits`] of the terminal circle runs in.
pub fn terminal_limits() -> Limits {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let locale = var("LC_ALL").or_else(|| var("LC_CTYPE")).or_else(|| var("LANG"));
    limits(var("TERM").as_deref(), locale.as_deref())
}

/// The colours of a theme that paints its own background, as indexes into
/// the 256-colour palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub background: u8,
    pub text: u8,
    pub secondary: u8,
    pub accent: u8,
    pub good: u8,
    pub warn: u8,
    pub error: u8,
}

const DARK: Palette =
    Palette { background: 234, text: 253, secondary: 248, accent: 117, good: 114, warn: 221, error: 210 };
const LIGHT: Palette =
    Palette { background: 255, text: 235, secondary: 240, accent: 25, good: 22, warn: 94, error: 124 };
const HIGH_CONTRAST: Palette =
    Palette { background: 16, text: 231, secondary: 231, accent: 226, good: 46, warn: 226, error: 203 };

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true, name: ThemeName::Auto, plain: false }
    }
}

impl Theme {
    /// `NO_COLOR` set to anything non-empty turns colour off (no-color.org).
    pub fn from_env() -> Theme {
        Theme::named(ThemeName::Auto)
    }

    /// The theme from the settings, unless `NO_COLOR` says otherwise. With
    /// `auto`, a terminal that says its background is light (`COLORFGBG`,
    /// set by several terminals) gets the light theme, since the named
    /// cyan and yellow are hard to read on white.
    pub fn named(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let light = std::env::var("COLORFGBG").ok().is_some_and(|v| light_background(&v));
        let name = if name == ThemeName::Auto && light { ThemeName::Light } else { name };
        let limits = terminal_limits();
        // A painted theme's 256 colours would come out wrong or not at all:
        // the terminal's own named colours instead.
        let name = if limits.few_colours { ThemeName::Auto } else { name };
        Theme { color: !no_color, name, plain: limits.plain_glyphs }
    }

    /// The palette painted over the terminal's own colours, if any.
    pub fn palette(&self) -> Option<Palette> {
        if !self.color {
            return None;
        }
        match self.name {
            ThemeName::Auto => None,
            ThemeName::Dark => Some(DARK),
            ThemeName::Light => Some(LIGHT),
            ThemeName::HighContrast => Some(HIGH_CONTRAST),
        }
    }

    fn fg(&self, named: Color, pick: fn(&Palette) -> u8) -> Style {
        match (self.color, self.palette()) {
            (false, _) => Style::new(),
            (true, Some(p)) => Style::new().fg(Color::Indexed(pick(&p))),
            (true, None) => Style::new().fg(named),
        }
    }

    pub fn normal(&self) -> Style {
        Style::new()
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan, |p| p.accent).add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan, |p| p.accent)
    }

    /// The chosen option of a choice that is not being edited.
    pub fn chosen(&self) -> Style {
        self.fg(Color::Cyan, |p| p.accent).add_modifier(Modifier::UNDERLINED)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan, |p| p.accent).add_modifier(Modifier::BOLD)
    }

    /// Labels, hints and other secondary text: a readable colour of the
    /// palette; with the terminal's own colours, or without colour, plain
    /// text (grey and faint text lose contrast, so what matters is made
    /// bold instead).
    pub fn dim(&self) -> Style {
        match (self.color, self.palette()) {
            (true, Some(p)) => Style::new().fg(Color::Indexed(p.secondary)),
            (true, None) | (false, _) => Style::new(),
        }
    }

    pub fn selected(&self) -> Style {
        let style = Style::new().add_modifier(Modifier::REVERSED);
        if self.name == ThemeName::HighContrast { style.add_modifier(Modifier::BOLD) } else { style }
    }

    pub fn active_tab(&self) -> Style {
        self.fg(Color::Cyan, |p| p.accent).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn good(&self) -> Style {
        self.fg(Color::Green, |p| p.good)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow, |p| p.warn).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red, |p| p.error).add_modifier(Modifier::BOLD)
    }

    /// Box lines are decoration, so they may be fainter than text, except
    /// without colour (NO_COLOR), where nothing lowers contrast.
    pub fn border(&self) -> Style {
        match (self.color, self.palette()) {
            (true, Some(p)) => Style::new().fg(Color::Indexed(p.secondary)),
            (true, None) => Style::new().fg(Color::DarkGray),
            (false, _) => Style::new(),
        }
    }

    /// Gives every cell drawn in the terminal's own colours the theme's
    /// text and background instead; run once a frame, after everything is
    /// drawn (dialogs clear their area back to the terminal's colours).
    pub fn paint(&self, buffer: &mut Buffer) {
        let Some(p) = self.palette() else { return };
        for cell in &mut buffer.content {
            // Text over a coloured block (a gauge's label) takes the
            // background's colour, as reverse video would.
            if cell.fg == Color::Reset {
                let on_colour = cell.bg != Color::Reset;
                cell.fg = Color::Indexed(if on_colour { p.background } else { p.text });
            }
            if cell.bg == Color::Reset {
                cell.bg = Color::Indexed(p.background);
            }
        }
    }
}

/// Whether `COLORFGBG` ("15;0", "0;default;15": the last number is the
/// background's colour) names a light background: white or light grey.
pub fn light_background(colorfgbg: &str) -> bool {
    matches!(colorfgbg.rsplit(';').next().map(str::trim), Some("7" | "15"))
}

/// The red, green and blue of a colour of the 256-colour palette as xterm
/// defines it (the first sixteen follow the terminal's scheme and have no
/// fixed value).
pub fn indexed_rgb(index: u8) -> Option<(u8, u8, u8)> {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        0..=15 => None,
        16..=231 => {
            let i = index - 16;
            Some((LEVELS[usize::from(i / 36)], LEVELS[usize::from(i / 6 % 6)], LEVELS[usize::from(i % 6)]))
        }
        _ => {
            let grey = 8 + 10 * (index - 232);
            Some((grey, grey, grey))
        }
    }
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    }
    let luminance = |(r, g, b): (u8, u8, u8)| 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linux_console_and_other_locales_get_plain_characters() {
        assert_eq!(limits(Some("xterm-256color"), Some("en_GB.UTF-8")), Limits::default());
        assert_eq!(limits(Some("xterm-256color"), None), Limits::default(), "no locale set is not a refusal");
        let linux = limits(Some("linux"), Some("C.UTF-8"));
        assert!(linux.plain_glyphs && linux.few_colours && linux.not_utf8.is_none());
        assert!(limits(Some("vt100"), Some("en_US.utf8")).few_colours);
        let latin = limits(Some("xterm-256color"), Some("de_DE.ISO-8859-1"));
        assert!(latin.plain_glyphs && !latin.few_colours);
        assert_eq!(latin.not_utf8.as_deref(), Some("de_DE.ISO-8859-1"));
        assert_eq!(limits(Some("xterm"), Some("C")).not_utf8.as_deref(), Some("C"));
    }

    #[test]
    fn the_palette_is_the_one_xterm_defines() {
        assert_eq!(indexed_rgb(16), Some((0, 0, 0)));
        assert_eq!(indexed_rgb(117), Some((135, 215, 255)));
        assert_eq!(indexed_rgb(231), Some((255, 255, 255)));
        assert_eq!(indexed_rgb(234), Some((28, 28, 28)));
        assert_eq!(indexed_rgb(255), Some((238, 238, 238)));
        assert_eq!(indexed_rgb(7), None);
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn every_colour_of_a_palette_is_readable_on_its_background() {
        for (palette, least) in [(DARK, 4.5), (LIGHT, 4.5), (HIGH_CONTRAST, 7.0)] {
            let bg = indexed_rgb(palette.background).unwrap();
            for fg in [palette.text, palette.secondary, palette.accent, palette.good, palette.warn, palette.error] {
                let ratio = contrast(indexed_rgb(fg).unwrap(), bg);
                assert!(ratio >= least, "colour {fg} on {} is only {ratio:.2}:1", palette.background);
            }
        }
    }

    #[test]
    fn a_light_background_is_read_from_colorfgbg() {
        assert!(light_background("0;15"));
        assert!(light_background("0;default;7"));
        assert!(!light_background("15;0"));
        assert!(!light_background("7;default;0"));
        assert!(!light_background(""));
        assert!(!light_background("rubbish"));
    }

    #[test]
    fn no_color_wins_over_the_chosen_theme() {
        let theme = Theme { color: false, name: ThemeName::HighContrast, plain: false };
        assert_eq!(theme.palette(), None);
        assert_eq!(theme.title().fg, None);
        assert_eq!(theme.dim().fg, None);
    }
}

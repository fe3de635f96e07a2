//! The settings file: a small TOML file in the platform's config folder
//! (`circle config path`). Every setting has a default, so the file is
//! optional; a broken file or a setting circle does not know is named to the
//! facilitator, and the console starts with what could be read.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::{GroupSettings, Openness};

/// How days are written; the style itself, and every form of a day, is in
/// [`crate::present::dates`].
pub use crate::present::DateStyle;

/// The look of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// The terminal's own sixteen colours, so its light or dark scheme shows
    /// through; secondary text is dimmed rather than drawn in grey.
    #[default]
    Auto,
    /// Chosen colours on a dark background of circle's own.
    Dark,
    /// Chosen colours on a light background of circle's own.
    Light,
    /// White on black, with yellow for what matters, and nothing faint.
    HighContrast,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [ThemeName::Auto, ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    pub fn code(self) -> &'static str {
        match self {
            ThemeName::Auto => "auto",
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }
}

/// Everything the settings file can set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub theme: ThemeName,
    /// No animation, even where colour allows it.
    pub reduced_motion: bool,
    pub date_style: DateStyle,
    /// Clicks and the scroll wheel (taking the mouse stops the terminal's own
    /// text selection, hence the choice).
    pub mouse: bool,
    /// Start in linear mode, as `--linear` does.
    pub linear: bool,
    /// Ring the terminal's bell in linear mode when a speaker reaches a
    /// time mark.
    pub bell: bool,
    /// What a new group starts with.
    pub new_group: GroupSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeName::Auto,
            reduced_motion: false,
            date_style: DateStyle::DayMonth,
            mouse: true,
            linear: false,
            bell: true,
            new_group: GroupSettings::default(),
        }
    }
}

/// Something in the settings file that could not be used, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The settings read from a text, and what in it could not be used. A text
/// that is not TOML gives the defaults and one problem naming its line; a
/// setting that is unknown or has a wrong value is named and left at its
/// default, and the rest are used.
pub fn parse(text: &str) -> (Settings, Vec<Problem>) {
    let mut settings = Settings::default();
    let mut problems = Vec::new();
    let table = match text.parse::<toml::Table>() {
        Ok(table) => table,
        Err(e) => {
            let line = e.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let message = e.message().trim().trim_end_matches('.').to_string();
            problems.push(Problem(format!(
                "the settings file cannot be read at line {line} ({}), so circle uses its defaults",
                shown(&message)
            )));
            return (settings, problems);
        }
    };
    for (section, value) in &table {
        let Some(entries) = value.as_table() else {
            problems.push(Problem(format!(
                "“{}” is not a setting circle knows; the settings are in [console] and [new_group]",
                shown(section)
            )));
            continue;
        };
        match section.as_str() {
            "console" => read_console(entries, &mut settings, &mut problems),
            "new_group" => read_new_group(entries, &mut settings, &mut problems),
            other => problems.push(Problem(format!(
                "[{}] is not a section circle knows; the sections are [console] and [new_group]",
                shown(other)
            ))),
        }
    }
    (settings, problems)
}

/// Text from the file as it may be shown: short, and without control
/// characters.
fn shown(text: &str) -> String {
    let clean = crate::domain::text::display(text);
    let mut out: String = clean.chars().take(60).collect();
    if clean.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn one_of<T: Copy>(
    key: &str,
    value: &toml::Value,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let codes = all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", ");
    let found = value.as_str().and_then(|s| all.iter().copied().find(|v| code(*v) == s.trim().to_lowercase()));
    if found.is_none() {
        problems.push(Problem(format!("{key} must be one of {codes}; it was left at its default")));
    }
    found
}

fn flag(key: &str, value: &toml::Value, problems: &mut Vec<Problem>) -> Option<bool> {
    let found = value.as_bool();
    if found.is_none() {
        problems.push(Problem(format!("{key} must be true or false; it was left at its default")));
    }
    found
}

fn read_console(entries: &toml::Table, settings: &mut Settings, problems: &mut Vec<Problem>) {
    for (key, value) in entries {
        match key.as_str() {
            "theme" => {
                if let Some(theme) = one_of("theme", value, &ThemeName::ALL, ThemeName::code, problems) {
                    settings.theme = theme;
                }
            }
            "date_format" => {
                if let Some(style) = one_of("date_format", value, &DateStyle::ALL, DateStyle::code, problems) {
                    settings.date_style = style;
                }
            }
            "reduced_motion" => {
                if let Some(on) = flag("reduced_motion", value, problems) {
                    settings.reduced_motion = on;
                }
            }
            "mouse" => {
                if let Some(on) = flag("mouse", value, problems) {
                    settings.mouse = on;
                }
            }
            "linear" => {
                if let Some(on) = flag("linear", value, problems) {
                    settings.linear = on;
                }
            }
            "bell" => {
                if let Some(on) = flag("bell", value, problems) {
                    settings.bell = on;
                }
            }
            other => problems.push(Problem(format!(
                "“{}” in [console] is not a setting circle knows; it has theme, date_format, reduced_motion, mouse, linear and bell",
                shown(other)
            ))),
        }
    }
}

fn read_new_group(entries: &toml::Table, settings: &mut Settings, problems: &mut Vec<Problem>) {
    let mut wanted = settings.new_group.clone();
    for (key, value) in entries {
        let number = |problems: &mut Vec<Problem>| {
            let n = value.as_integer().and_then(|n| u32::try_from(n).ok());
            if n.is_none() {
                problems
                    .push(Problem(format!("{key} in [new_group] must be a whole number; it was left at its default")));
            }
            n
        };
        match key.as_str() {
            "openness" => {
                let found = value.as_str().and_then(|s| Openness::parse(s).ok());
                match found {
                    Some(openness) => wanted.openness = openness,
                    None => {
                        problems.push(Problem("openness must be open or closed; it was left at its default".into()))
                    }
                }
            }
            "meeting_minutes" => wanted.meeting_minutes = number(problems).unwrap_or(wanted.meeting_minutes),
            "opening_closing_minutes" => {
                wanted.opening_closing_minutes = number(problems).unwrap_or(wanted.opening_closing_minutes);
            }
            "min_speaking_minutes" => {
                wanted.min_speaking_minutes = number(problems).unwrap_or(wanted.min_speaking_minutes);
            }
            "min_size" => wanted.min_size = number(problems).unwrap_or(wanted.min_size),
            "review_interval_days" => {
                wanted.review_interval_days = number(problems).unwrap_or(wanted.review_interval_days);
            }
            other => problems.push(Problem(format!(
                "“{}” in [new_group] is not a setting circle knows; see circle config init for the ones it has",
                shown(other)
            ))),
        }
    }
    // The same rules as the group settings form: a group the form would
    // refuse is not made by default either.
    let day = NaiveDate::MIN;
    match wanted.checked(day) {
        Ok(checked) => settings.new_group = checked,
        Err((field, message)) => problems.push(Problem(format!(
            "the [new_group] settings do not fit together ({field}: {message}), so new groups start with circle's defaults"
        ))),
    }
}

/// Where the settings file is: `CIRCLE_CONFIG` if set, else `config.toml`
/// in the platform's config folder for circle.
pub fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CIRCLE_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("org", "circle", "circle").map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The settings from the file at `path`; a missing file is the defaults
/// with nothing to say.
pub fn load(path: Option<&Path>) -> (Settings, Vec<Problem>) {
    let Some(path) = path else { return (Settings::default(), Vec::new()) };
    // Reading a pipe would wait for a writer for ever, and a device may
    // never end: only an ordinary file is read.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return (
            Settings::default(),
            vec![Problem(
                "the settings file is not an ordinary file (a folder, a pipe or a device), so circle uses its defaults"
                    .into(),
            )],
        );
    }
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text),
            Err(_) => (
                Settings::default(),
                vec![Problem("the settings file is not UTF-8 text, so circle uses its defaults".into())],
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), Vec::new()),
        Err(e) => (
            Settings::default(),
            vec![Problem(format!("the settings file could not be read ({e}), so circle uses its defaults"))],
        ),
    }
}

/// The file `circle config init` writes: every setting at its default,
/// each explained.
pub fn default_file() -> String {
    let d = GroupSettings::default();
    format!(
        r#"# circle's settings. Every line is optional: remove one, or the whole
# file, and circle uses its default. Lines starting with # are notes.

[console]
# How the console looks:
#   auto          the terminal's own colours (follows its light or dark scheme)
#   dark          circle's colours on a dark background
#   light         circle's colours on a light background
#   high-contrast white on black, with nothing faint
# NO_COLOR in the environment always wins and turns colour off.
theme = "auto"

# How days are written: day-month (Tue 1 Dec 2026), month-day (Tue Dec 1 2026)
# or iso (2026-12-01).
date_format = "day-month"

# true turns off the small animation when an activity ends.
reduced_motion = false

# Clicks and the scroll wheel. While circle has the mouse, hold Shift to
# select text with it the terminal's own way; false leaves the mouse alone.
mouse = true

# true starts circle in linear mode, plain lines for screen readers, as
# --linear does.
linear = false

# In linear mode, ring the terminal's bell when a speaker reaches the
# group's minimum time and the time a person can have today.
bell = true

[new_group]
# What a new group starts with; each can be changed later in its settings.
openness = "{openness}"
meeting_minutes = {meeting}
opening_closing_minutes = {opening}
min_speaking_minutes = {speaking}
min_size = {min_size}
review_interval_days = {review}
"#,
        openness = d.openness.code(),
        meeting = d.meeting_minutes,
        opening = d.opening_closing_minutes,
        speaking = d.min_speaking_minutes,
        min_size = d.min_size,
        review = d.review_interval_days,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let (settings, problems) = parse(&default_file());
        assert_eq!(problems, vec![]);
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn good_settings_are_used() {
        let text = "[console]\ntheme = \"light\"\ndate_format = \"iso\"\nreduced_motion = true\nmouse = false\n\
                    linear = true\nbell = false\n\
                    [new_group]\nopenness = \"closed\"\nmin_size = 5\nmeeting_minutes = 120\n";
        let (settings, problems) = parse(text);
        assert_eq!(problems, vec![]);
        assert_eq!(settings.theme, ThemeName::Light);
        assert_eq!(settings.date_style, DateStyle::Iso);
        assert!(settings.reduced_motion);
        assert!(!settings.mouse);
        assert!(settings.linear, "linear mode can be set in the file");
        assert!(!settings.bell);
        assert_eq!(settings.new_group.openness, Openness::Closed);
        assert_eq!(settings.new_group.min_size, 5);
        assert_eq!(settings.new_group.meeting_minutes, 120);
    }

    #[test]
    fn a_broken_file_names_its_line_and_gives_the_defaults() {
        let (settings, problems) = parse("[console]\n\ntheme = light\n");
        assert_eq!(settings, Settings::default());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].0.contains("line 3"), "{}", problems[0]);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named_and_the_rest_is_used() {
        let text = "[console]\ncolour = \"red\"\ntheme = \"purple\"\ndate_format = \"iso\"\n[extra]\nx = 1\n";
        let (settings, problems) = parse(text);
        assert_eq!(settings.date_style, DateStyle::Iso);
        assert_eq!(settings.theme, ThemeName::Auto);
        let all = problems.iter().map(|p| p.0.clone()).collect::<Vec<_>>().join("\n");
        assert!(all.contains("“colour”"), "{all}");
        assert!(all.contains("theme must be one of auto, dark, light, high-contrast"), "{all}");
        assert!(all.contains("[extra]"), "{all}");
        assert_eq!(problems.len(), 3);
    }

    #[test]
    fn new_group_settings_that_do_not_fit_together_are_refused_whole() {
        let (settings, problems) = parse("[new_group]\nmeeting_minutes = 30\nmin_size = 12\n");
        assert_eq!(settings.new_group, GroupSettings::default());
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (_, problems) = parse("[new_group]\nmin_size = -3\n");
        assert!(problems[0].0.contains("whole number"), "{problems:?}");
    }

    #[test]
    fn escape_sequences_in_the_file_are_not_echoed() {
        let (_, problems) = parse("[console]\n\"\u{1b}[2J\" = 1\n");
        assert!(!problems[0].0.contains('\u{1b}'), "{problems:?}");
    }

    #[test]
    fn a_missing_file_is_the_defaults_quietly() {
        let dir = tempfile::tempdir().unwrap();
        let (settings, problems) = load(Some(&dir.path().join("none.toml")));
        assert_eq!((settings, problems), (Settings::default(), vec![]));
        std::fs::write(dir.path().join("bad.toml"), [0xff, 0xfe]).unwrap();
        let (_, problems) = load(Some(&dir.path().join("bad.toml")));
        assert!(problems[0].0.contains("UTF-8"));
    }
}

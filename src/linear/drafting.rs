//! Writing the agreement in linear mode, a line at a time: hear the draft
//! with its line numbers, start it from the template or the current
//! version, add lines at the end, change or take out a line by its number,
//! hear the changes against the current version, adopt it with a note, or
//! discard it. Every change is saved at once, as in the console's editor.

use super::Ctx;
use super::words::{count, numbers_in};
use crate::domain::agreement::{DiffLine, diff_summary};
use crate::domain::text::display;

/// A draft question waiting for its answer.
pub enum Writing {
    /// Lines typed are added at the end, until a line with just a full stop.
    Adding,
    /// The next line replaces line N (a single `-` takes it out).
    Changing(usize),
    /// Discard the draft? yes or no.
    Discarding,
    /// Adopt a draft with the template's blanks still in it, with this
    /// note? yes or no.
    Adopting(String),
}

/// What came of `adopt`.
pub enum Adopted {
    Yes,
    No,
    /// The draft is unfinished: asked whether to adopt it all the same.
    Asking(Writing),
}

/// The draft's lines (as typed, without line ends), or `None` with a word
/// said when there is no draft.
fn draft_lines(ctx: &mut Ctx) -> Option<Vec<String>> {
    draft(ctx).map(|draft| draft.lines().map(str::to_string).collect())
}

/// The draft as it is saved, or `None` with a word said when there is none.
fn draft(ctx: &mut Ctx) -> Option<String> {
    match ctx.circle.agreement_overview(ctx.group_id()) {
        Ok(overview) => match overview.draft {
            Some(draft) => Some(draft),
            None => {
                ctx.say("There is no draft. template starts one from the template, revise from the current version.");
                None
            }
        },
        Err(e) => {
            ctx.fail(e);
            None
        }
    }
}

/// Saves the draft as changed from `seen`, the draft as just read: a save
/// made meanwhile in another console is not overwritten but said.
fn save(ctx: &mut Ctx, seen: &str, lines: &[String]) -> bool {
    let mut body = lines.join("\n");
    body.push('\n');
    match ctx.circle.save_draft(ctx.group_id(), Some(seen), &body) {
        Ok(()) => true,
        Err(e) => {
            ctx.fail(e);
            false
        }
    }
}

/// `draft`: every line, numbered.
pub fn hear(ctx: &mut Ctx) {
    let Some(lines) = draft_lines(ctx) else { return };
    ctx.say(format!("The draft, {}:", count(lines.len(), "line", "lines")));
    let numbered = lines.iter().enumerate().map(|(i, line)| format!("{}. {}", i + 1, spoken_line(line)));
    ctx.say_long(numbered.collect(), ("line", "lines"));
    ctx.hint_once(
        "drafting",
        "add types lines at the end, change and a number replaces that line, changes tells what differs \
         from the current version, adopt and a note makes it the next version.",
    );
}

/// The Markdown marks a heading or a list item starts with, if any.
fn marks(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches('#');
    if rest.len() < line.len() && rest.starts_with(' ') {
        return Some(&line[..line.len() - rest.len() + 1]);
    }
    ["- ", "* "].into_iter().find(|m| line.starts_with(m))
}

/// A draft line as it is heard: a heading or a list item named as one,
/// not its Markdown marks read out.
fn spoken_line(line: &str) -> String {
    if line.trim().is_empty() {
        return "(empty line)".into();
    }
    match marks(line) {
        Some(m) if m.starts_with('#') => format!("Heading: {}", display(line[m.len()..].trim())),
        Some(m) => format!("Item: {}", display(line[m.len()..].trim())),
        None => display(line).into_owned(),
    }
}

/// `template` or `revise`: starts a draft.
pub fn start(ctx: &mut Ctx, from_template: bool) {
    let group = ctx.group_id();
    let started = if from_template {
        ctx.circle.start_from_template(group)
    } else {
        ctx.circle.draft_from_current(group).map(|_| ())
    };
    match started {
        Ok(()) => {
            ctx.say("The draft is ready.");
            hear(ctx);
        }
        Err(e) => ctx.fail(e),
    }
}

/// `add`: asks for lines.
pub fn adding(ctx: &mut Ctx) -> Option<Writing> {
    draft_lines(ctx)?;
    ctx.say(
        "Type lines to add at the end of the draft, each saved as you press Enter. A line with just a full stop ends.",
    );
    Some(Writing::Adding)
}

/// `change N`: says line N and asks for its new text.
pub fn changing(ctx: &mut Ctx, rest: &str) -> Option<Writing> {
    let lines = draft_lines(ctx)?;
    let n = match numbers_in(rest).as_deref() {
        Some([n]) if (1..=lines.len()).contains(n) => *n,
        _ => {
            ctx.say(format!("Type change and a line number from 1 to {}: change 3.", lines.len()));
            return None;
        }
    };
    let kind = match marks(&lines[n - 1]) {
        Some(m) if m.starts_with('#') => " (a heading: it stays one)",
        Some(_) => " (a list item: it stays one)",
        None => "",
    };
    ctx.say(format!(
        "Line {n} is “{}”{kind}. Type its new text, a single - to take it out, or press Enter to keep it.",
        display(lines[n - 1].get(marks(&lines[n - 1]).map_or(0, str::len)..).unwrap_or_default().trim())
    ));
    Some(Writing::Changing(n))
}

/// `discard`: asks first.
pub fn discarding(ctx: &mut Ctx) -> Option<Writing> {
    draft_lines(ctx)?;
    ctx.say("Discard the draft? Everything in it is lost. yes or no.");
    Some(Writing::Discarding)
}

pub fn prompt(writing: &Writing) -> String {
    match writing {
        Writing::Adding => "Agreement, adding lines> ".into(),
        Writing::Changing(n) => format!("Agreement, line {n}> "),
        Writing::Discarding | Writing::Adopting(_) => "Agreement, yes or no> ".into(),
    }
}

/// A typed line; the question still open, if any.
pub fn text(ctx: &mut Ctx, writing: Writing, line: &str) -> Option<Writing> {
    let seen = draft(ctx)?;
    let mut lines: Vec<String> = seen.lines().map(str::to_string).collect();
    match writing {
        Writing::Adding if line.trim() == "." => {
            ctx.say(format!("Done adding; the draft has {}.", count(lines.len(), "line", "lines")));
            None
        }
        Writing::Adding => {
            lines.push(line.to_string());
            save(ctx, &seen, &lines);
            Some(Writing::Adding)
        }
        Writing::Changing(n) => {
            match line.trim() {
                "" => ctx.say(format!("Line {n} is kept as it was.")),
                "-" if n <= lines.len() => {
                    lines.remove(n - 1);
                    if save(ctx, &seen, &lines) {
                        ctx.say(format!("Line {n} is taken out; the lines after it move up one."));
                    }
                }
                _ if n <= lines.len() => {
                    // A heading or an item keeps its marks unless new ones are typed.
                    let kept = match marks(&lines[n - 1]) {
                        Some(m) if marks(line).is_none() => format!("{m}{}", line.trim_start()),
                        _ => line.to_string(),
                    };
                    lines[n - 1] = kept;
                    if save(ctx, &seen, &lines) {
                        ctx.say(format!("Line {n} is changed."));
                    }
                }
                _ => ctx.say("That line is no longer in the draft; nothing was changed."),
            }
            None
        }
        // The agreement answers this one itself, to read the new version.
        Writing::Adopting(_) => None,
        Writing::Discarding => {
            // Only a yes discards; anything else keeps the draft.
            match crate::present::yes_no(line) {
                Some(true) => match ctx.circle.discard_draft(ctx.group_id()) {
                    Ok(()) => ctx.say("The draft is discarded."),
                    Err(e) => ctx.fail(e),
                },
                _ => ctx.say("The draft is kept."),
            }
            None
        }
    }
}

/// Leaves a question without taking the line typed.
pub fn leave(ctx: &mut Ctx, writing: &Writing) {
    match writing {
        Writing::Adding => ctx.say("Done adding; the lines typed before are saved."),
        Writing::Changing(n) => ctx.say(format!("Line {n} is kept as it was.")),
        Writing::Discarding => ctx.say("The draft is kept."),
        Writing::Adopting(_) => ctx.say("Nothing was adopted; the draft is kept."),
    }
}

/// `changes`: what the draft adds and takes out, against the current
/// version, or against the template while the first one is written.
pub fn changes(ctx: &mut Ctx, current: Option<u32>) {
    if draft_lines(ctx).is_none() {
        return;
    }
    let (lines, against) = match current {
        Some(version) => (ctx.circle.agreement_diff(ctx.group_id(), version, None), format!("version {version}")),
        None => (ctx.circle.draft_against_template(ctx.group_id()), "the template".to_string()),
    };
    let lines = match lines {
        Ok(lines) => lines,
        Err(e) => return ctx.fail(e),
    };
    let (added, removed) = diff_summary(&lines);
    if added + removed == 0 {
        ctx.say(format!("The draft says the same as {against}."));
        return;
    }
    ctx.say(format!(
        "Against {against}, the draft adds {} and takes out {}:",
        count(added, "line", "lines"),
        count(removed, "line", "lines")
    ));
    for line in &lines {
        match line {
            DiffLine::Added(_) => ctx.say(format!("Added: {}", display(line.text()))),
            DiffLine::Removed(_) => ctx.say(format!("Taken out: {}", display(line.text()))),
            DiffLine::Same(_) => {}
        }
    }
}

/// `adopt NOTE`: the draft becomes the next version. A draft that still
/// holds the template's blanks is asked about first, unless `asked`.
pub fn adopt(ctx: &mut Ctx, note: &str, asked: bool) -> Adopted {
    if note.trim().is_empty() {
        ctx.say("Type adopt and a short note of what changed: adopt Added a line on phones.");
        return Adopted::No;
    }
    if !asked {
        let next = match ctx.circle.agreement_overview(ctx.group_id()) {
            Ok(overview) => overview.current().map_or(1, |v| v.version + 1),
            Err(e) => {
                ctx.fail(e);
                return Adopted::No;
            }
        };
        match ctx.circle.unfinished_draft(ctx.group_id()) {
            Ok(parts) if parts.is_empty() => {}
            Ok(parts) => {
                ctx.say(crate::present::agreement::unfinished_question(&parts, next));
                ctx.say("yes adopts it now; no keeps the draft to finish first.");
                return Adopted::Asking(Writing::Adopting(note.to_string()));
            }
            Err(e) => {
                ctx.fail(e);
                return Adopted::No;
            }
        }
    }
    match ctx.circle.adopt_draft(ctx.group_id(), note, ctx.today) {
        Ok(version) => {
            let asked = crate::present::agreement::everyone_asked(version.version);
            ctx.say(format!("Adopted as version {}. {asked}: s records who agreed.", version.version));
            Adopted::Yes
        }
        Err(e) => {
            ctx.fail(e);
            Adopted::No
        }
    }
}

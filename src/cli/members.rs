//! `circle members import` and `circle members export`.

use std::io::Write;

use anyhow::{Context, Result, anyhow};

use super::{DateOrderArg, Format, MembersCommand, RepeatsArg};
use crate::domain::members_csv::{self, Field, ImportRow};
use crate::domain::text::{display, fold};
use crate::domain::{Group, Member};
use crate::usecase::membership::{Answers, ImportOutcome};
use crate::usecase::{Circle, today};

pub fn run(circle: &mut Circle, command: &MembersCommand) -> Result<()> {
    match command {
        MembersCommand::Import { file, group, closed_anyway, full_anyway, map, dates, dry_run, repeats } => {
            let group = circle.group_named(group)?;
            let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
            let nothing = || format!("nothing was imported from {}", file.display());
            let options = members_csv::Options {
                mapped: map.clone(),
                dates: dates.map(|d| match d {
                    DateOrderArg::DayFirst => members_csv::DateOrder::DayFirst,
                    DateOrderArg::MonthFirst => members_csv::DateOrder::MonthFirst,
                }),
            };
            let roster = members_csv::read(&bytes, today(), &options).with_context(nothing)?;
            let existing = circle.all_members(group.id)?;
            let repeated = repeated_rows(&roster, &existing);
            if *dry_run {
                print!("{}", preview(&roster, &repeated, &group));
                println!("This was a dry run: nothing was imported.");
                return Ok(());
            }
            if !roster.left_out.is_empty() {
                eprintln!("Left out: {} (circle has no such column).", quoted(&roster.left_out));
            }
            let rows: Vec<ImportRow> = match (repeats, repeated.is_empty()) {
                (_, true) | (Some(RepeatsArg::Import), _) => roster.rows,
                (Some(RepeatsArg::Skip), false) => {
                    eprintln!("Skipped {}.", count(repeated.len(), "repeated row", "repeated rows"));
                    roster.rows.into_iter().filter(|r| !repeated.iter().any(|(line, _)| *line == r.line)).collect()
                }
                (None, false) => {
                    return Err(anyhow!("{}", repeats_refusal(&repeated, &group))).with_context(nothing);
                }
            };
            let answers = Answers { closed_intake: *closed_anyway, over_capacity: *full_anyway };
            let n = match circle.import_members(group.id, &rows, today(), answers)? {
                ImportOutcome::Imported(n) => n,
                asked => return Err(anyhow!("{}", refusal(&asked, &group))).with_context(nothing),
            };
            eprintln!("Imported {n} member{} into {}.", if n == 1 { "" } else { "s" }, display(&group.name));
            Ok(())
        }
        MembersCommand::Export { group, format, out, bom } => {
            let group = circle.group_named(group)?;
            let members = circle.all_members(group.id)?;
            let bytes = match format {
                Format::Csv => {
                    let start = if *bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
                    let mut writer = csv::Writer::from_writer(start);
                    writer.write_record(members_csv::COLUMNS)?;
                    for m in &members {
                        writer.write_record(members_csv::record(&m.fields, m.status))?;
                    }
                    writer.into_inner().context("could not write the CSV")?
                }
                Format::Json => crate::domain::text::json(&members)?,
            };
            let database = circle.path().to_path_buf();
            write_out(out.as_deref(), &bytes, &database)?;
            if out.is_some() {
                circle.note_export(today());
            }
            Ok(())
        }
    }
}

/// `--map "Who=name"`: a header and the field it holds.
pub fn mapping(raw: &str) -> std::result::Result<(String, members_csv::Field), String> {
    let Some((header, field)) = raw.rsplit_once('=') else {
        return Err(format!("give the column and what it holds, like \"Who=name\" (fields: {})", Field::words()));
    };
    match Field::from_word(field) {
        Some(f) if !header.trim().is_empty() => Ok((header.trim().to_string(), f)),
        Some(_) => Err("the column's header is missing before the =".into()),
        None => Err(format!("“{}” is not a field; the fields are {}", display(field.trim()), Field::words())),
    }
}

/// Rows that repeat someone, each with what it repeats: someone already in
/// the group (name and contact alike, case and accents aside), or an
/// earlier row of the file. Importing a file twice, or a form sent twice,
/// would otherwise quietly double people.
fn repeated_rows(roster: &members_csv::Roster, existing: &[Member]) -> Vec<(u64, String)> {
    let key = |name: &str, contact: &str| (fold(name.trim()), fold(contact.trim()));
    let known: std::collections::HashMap<_, &Member> =
        existing.iter().map(|m| (key(&m.fields.name, &m.fields.contact), m)).collect();
    let mut out = Vec::new();
    for row in &roster.rows {
        if let Some(m) = known.get(&key(&row.fields.name, &row.fields.contact)) {
            let name = display(&row.fields.name);
            let said = match m.fields.name == row.fields.name {
                true => format!("{name} is already in the group"),
                false => format!("{name} is already in the group, as {}", display(&m.fields.name)),
            };
            out.push((row.line, said));
        } else if let Some((_, first)) = roster.repeats.iter().find(|(line, _)| *line == row.line) {
            out.push((row.line, format!("repeats line {first}")));
        }
    }
    out
}

fn repeats_refusal(repeated: &[(u64, String)], group: &Group) -> String {
    const NAMED: usize = 10;
    let mut said: Vec<String> = repeated.iter().take(NAMED).map(|(line, why)| format!("line {line}: {why}")).collect();
    if repeated.len() > NAMED {
        said.push(format!("and {} more", repeated.len() - NAMED));
    }
    format!(
        "{} of this file would add someone to {} twice ({}); give --repeats skip to leave them out, or --repeats import to add them anyway",
        count(repeated.len(), "row", "rows"),
        display(&group.name),
        said.join("; ")
    )
}

/// What an import would do, in plain lines: the columns, who and with which
/// status, and the rows that repeat someone.
fn preview(roster: &members_csv::Roster, repeated: &[(u64, String)], group: &Group) -> String {
    let mut out = String::new();
    let separator = match roster.separator {
        '\t' => "tabs".to_string(),
        ';' => "semicolons".to_string(),
        _ => "commas".to_string(),
    };
    out.push_str(&format!(
        "{} for {}, fields separated by {separator}.\n",
        count(roster.rows.len(), "person", "people"),
        display(&group.name)
    ));
    let used: Vec<String> = roster.used.iter().map(|(h, f)| format!("“{}” as {f}", display(h))).collect();
    out.push_str(&format!("Columns used: {}.\n", used.join(", ")));
    if !roster.left_out.is_empty() {
        out.push_str(&format!("Left out: {}.\n", quoted(&roster.left_out)));
    }
    for row in &roster.rows {
        let mut line = format!("  line {}: {}, {}", row.line, display(&row.fields.name), row.status.label());
        if let Some(day) = row.fields.joined {
            line.push_str(&format!(", joined {day}"));
        }
        if let Some((_, why)) = repeated.iter().find(|(l, _)| *l == row.line) {
            line.push_str(&format!(" (a repeat: {why})"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn quoted(headers: &[String]) -> String {
    headers.iter().map(|h| format!("“{}”", display(h))).collect::<Vec<_>>().join(", ")
}

fn count(n: usize, one: &str, many: &str) -> String {
    crate::domain::text::count(n as u64, one, many)
}

/// Why an import asks first, in the words the console uses for one person,
/// naming the rows and the flag that says yes.
fn refusal(asked: &ImportOutcome, group: &Group) -> String {
    let name = display(&group.name);
    match asked {
        ImportOutcome::Imported(_) => String::new(),
        ImportOutcome::AskClosedGroup { lines } => format!(
            "{name} is closed: its membership was fixed when it formed, and {}; give --closed-anyway to make them \
             active anyway, or put them on the waitlist in the file",
            would_make_active(lines)
        ),
        ImportOutcome::Full { active, largest, lines } => format!(
            "{active} {} active in {name} and {largest} is the most who can all be heard in a meeting, so {} past \
             that; give --full-anyway to make them active anyway, or put them on the waitlist in the file",
            if *active == 1 { "person is" } else { "people are" },
            would_make_active(lines)
        ),
    }
}

/// "line 4 would make someone active", "lines 3 and 5 would make people
/// active": at most ten lines named, then how many more.
fn would_make_active(lines: &[u64]) -> String {
    const NAMED: usize = 10;
    let mut named: Vec<String> = lines.iter().take(NAMED).map(u64::to_string).collect();
    if lines.len() > NAMED {
        named.push(format!("{} more", lines.len() - NAMED));
    }
    let list = match named.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    match lines.len() {
        1 => format!("line {list} would make someone active"),
        _ => format!("lines {list} would make people active"),
    }
}

/// Writes to a file readable only by you, or to standard output. This is
/// for exports that carry no control character by how they are made (CSV
/// and Markdown through [`exported`](crate::domain::text::exported), JSON
/// through [`json`](crate::domain::text::json), which escapes them): files
/// and pipes get the bytes as they are, so a script reads JSON exactly. On
/// a terminal each line also goes through [`write_out_human`].
pub fn write_out(out: Option<&std::path::Path>, bytes: &[u8], database: &std::path::Path) -> Result<()> {
    use std::io::IsTerminal;
    match out {
        Some(path) => crate::files::write_private(path, bytes, database),
        None if std::io::stdout().is_terminal() => write_out_human(None, bytes, database),
        None => write_stdout(bytes),
    }
}

/// Writes text meant for people to read (reports, plain-text summaries) to
/// a file readable only by you, or to standard output, and **always**
/// sanitises it first: to a file, a pipe (`| less -R`, `| head`, `| mail`)
/// or a terminal alike, each line goes through
/// [`display`](crate::domain::text::display), so escape sequences and other
/// control characters stored in names or notes show as a visible mark (or,
/// for tabs, a space) and never act on whatever terminal later shows them.
/// Line breaks are kept; text that is not valid UTF-8 is read lossily.
pub fn write_out_human(out: Option<&std::path::Path>, bytes: &[u8], database: &std::path::Path) -> Result<()> {
    let text = String::from_utf8_lossy(bytes);
    let clean = text.lines().map(|l| display(l).into_owned() + "\n").collect::<String>();
    match out {
        Some(path) => crate::files::write_private(path, clean.as_bytes(), database),
        None => write_stdout(clean.as_bytes()),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).context("could not write to standard output")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_text_is_always_sanitised_and_data_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let stored = "Ann\u{1b}[2J\u{1b}]0;pwned\u{7}\tnotes\r\nline two\u{202E}\n";
        let human = dir.path().join("report.txt");
        let database = dir.path().join("circle.db");
        write_out_human(Some(&human), stored.as_bytes(), &database).unwrap();
        let text = std::fs::read_to_string(&human).unwrap();
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert_eq!(text, "Ann\u{FFFD}[2J\u{FFFD}]0;pwned\u{FFFD} notes\nline two\n");
        let data = dir.path().join("members.csv");
        write_out(Some(&data), stored.as_bytes(), &database).unwrap();
        assert_eq!(std::fs::read_to_string(&data).unwrap(), stored);
    }
}

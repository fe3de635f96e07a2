//! `circle groups list` and `circle groups add`.

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use unicode_width::UnicodeWidthStr;

use crate::domain::health::review_status;
use crate::domain::text::{display, fit};
use crate::domain::{GroupStatus, NewGroup, Openness};
use crate::usecase::Circle;

#[derive(Subcommand, Debug)]
pub enum GroupsCommand {
    /// Every group with its status, active members and next review date.
    List {
        /// text (aligned columns, no box drawing) or json (for scripts).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Add a group; it is open (people can join any time) unless --closed.
    Add {
        /// The group's name (it must differ from the other groups' names).
        name: String,
        /// A closed group: a fixed membership, usually for a set run of meetings.
        #[arg(long, conflicts_with = "open")]
        closed: bool,
        /// An open group, that people can join at any time (the default unless the settings file says otherwise).
        #[arg(long)]
        open: bool,
        /// Who the group is for, in a few words.
        #[arg(long, value_name = "TEXT")]
        focus: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// One line a group, in aligned columns.
    Text,
    /// One object a group, for scripts.
    Json,
}

/// One line of the list.
#[derive(Debug, serde::Serialize)]
struct Row {
    name: String,
    status: GroupStatus,
    openness: Openness,
    active_members: u32,
    next_review: Option<NaiveDate>,
    review_overdue: bool,
}

pub fn run(circle: &mut Circle, command: &GroupsCommand, today: NaiveDate) -> Result<()> {
    match command {
        GroupsCommand::List { format } => {
            let rows = rows(circle, today)?;
            match format {
                ListFormat::Json => super::members::write_out(None, &crate::domain::text::json(&rows)?, circle.path()),
                ListFormat::Text if rows.is_empty() => {
                    println!("There are no groups yet; add one with: circle groups add NAME");
                    Ok(())
                }
                ListFormat::Text => super::members::write_out_human(None, table(&rows).as_bytes(), circle.path()),
            }
        }
        GroupsCommand::Add { name, closed, open, focus } => {
            let openness = match (*closed, *open) {
                (true, _) => Openness::Closed,
                (_, true) => Openness::Open,
                _ => circle.new_group_defaults().openness,
            };
            let new = NewGroup { name: name.clone(), focus: focus.clone().unwrap_or_default(), openness };
            // The rules for a group's name are the use case's, as in the console.
            let group = circle.create_group(&new, today).map_err(|e| anyhow!("the group was not added: {e}"))?;
            println!("Added the group “{}” ({}).", display(&group.name), group.settings.openness);
            Ok(())
        }
    }
}

fn rows(circle: &Circle, today: NaiveDate) -> Result<Vec<Row>> {
    circle
        .groups()?
        .into_iter()
        .map(|g| {
            let s = &g.settings;
            let review = review_status(s.last_review, s.review_interval_days, g.created_on, today);
            Ok(Row {
                active_members: circle.active_count(g.id)?,
                status: s.status,
                openness: s.openness,
                next_review: review.due_on,
                review_overdue: review.overdue,
                name: g.name,
            })
        })
        .collect()
}

/// The widest a name is shown in the text list, so a line fits 80 columns.
const NAME_COLUMNS: usize = 40;

/// Plain aligned columns: names by their width on screen (wide scripts and
/// emoji included), cut with `…` when very long; numbers to the right.
fn table(rows: &[Row]) -> String {
    let names: Vec<String> = rows.iter().map(|r| fit(&r.name, NAME_COLUMNS)).collect();
    let name_width = names.iter().map(|n| n.width()).chain(["NAME".len()]).max().unwrap_or(0);
    let mut out = format!("{:name_width$}  {:8}  {:>6}  NEXT REVIEW\n", "NAME", "STATUS", "ACTIVE");
    for (row, name) in rows.iter().zip(&names) {
        let review = match (row.next_review, row.review_overdue) {
            (Some(day), true) => format!("{day} (overdue)"),
            (Some(day), false) => day.to_string(),
            (None, _) => "none".to_string(),
        };
        let pad = " ".repeat(name_width - name.width());
        let status = row.status.label();
        out.push_str(&format!("{name}{pad}  {status:8}  {:>6}  {review}\n", row.active_members));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, active: u32) -> Row {
        Row {
            name: name.into(),
            status: GroupStatus::Active,
            openness: Openness::Open,
            active_members: active,
            next_review: NaiveDate::from_ymd_opt(2026, 3, 1),
            review_overdue: active == 0,
        }
    }

    #[test]
    fn columns_line_up_by_width_on_screen() {
        let text = table(&[row("Tuesday", 7), row("火曜日のサークル", 12), row("Ann\u{1b}[2J", 0)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "NAME              STATUS    ACTIVE  NEXT REVIEW");
        assert_eq!(lines[1], "Tuesday           active         7  2026-03-01");
        assert_eq!(lines[2], "火曜日のサークル  active        12  2026-03-01");
        assert_eq!(lines[3], "Ann\u{FFFD}[2J           active         0  2026-03-01 (overdue)");
    }
}

//! `circle meetings list` and `circle meetings remove`: a group's meetings,
//! and taking away one recorded by mistake.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Subcommand;

use super::ListFormat;
use crate::domain::text::display;
use crate::usecase::Circle;

#[derive(Subcommand, Debug)]
pub enum MeetingsCommand {
    /// The group's meetings, the latest first: day, mode, length, who came, whether a round was run.
    List {
        /// The group, by name.
        #[arg(long, add = clap_complete::ArgValueCompleter::new(super::shell::group_names))]
        group: String,
        /// text (aligned columns) or json (for scripts).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Take away a meeting recorded by mistake, with its register and speaking times, after saying what goes.
    Remove {
        /// The group, by name.
        #[arg(long, add = clap_complete::ArgValueCompleter::new(super::shell::group_names))]
        group: String,
        /// The day of the meeting, as 2026-03-14.
        date: String,
        /// Do not ask (for scripts).
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(circle: &mut Circle, command: &MeetingsCommand) -> Result<()> {
    match command {
        MeetingsCommand::List { group, format } => {
            let group = circle.group_named(group)?;
            let meetings = circle.meeting_summaries(group.id)?;
            match format {
                ListFormat::Json => {
                    super::members::write_out(None, &crate::domain::text::json(&meetings)?, circle.path())
                }
                ListFormat::Text if meetings.is_empty() => {
                    println!("{} has no meetings recorded yet.", display(&group.name));
                    Ok(())
                }
                ListFormat::Text => {
                    let mut out = String::from("Day         Mode       Length  Came  Visitors  Round\n");
                    for m in &meetings {
                        out.push_str(&format!(
                            "{}  {:<9}  {:>3} min  {:>4}  {:>8}  {}\n",
                            m.held_on,
                            m.mode,
                            m.minutes,
                            m.came,
                            m.visitors,
                            if m.round { "yes" } else { "no" }
                        ));
                    }
                    super::members::write_out_human(None, out.as_bytes(), circle.path())
                }
            }
        }
        MeetingsCommand::Remove { group, date, yes } => {
            let group = circle.group_named(group)?;
            let Ok(day) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
                bail!("“{}” is not a day; write it as 2026-03-14", display(date.trim()));
            };
            let (meeting, contents) = circle.meeting_contents(group.id, day)?;
            if !yes {
                use std::io::Write;
                print!(
                    "Take away the meeting of {} on {day}, with {}? This cannot be undone. [y/N] ",
                    display(&group.name),
                    contents.said()
                );
                std::io::stdout().flush()?;
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                if crate::present::yes_no(&answer) != Some(true) {
                    println!("Nothing was changed.");
                    return Ok(());
                }
            }
            circle.remove_meeting(meeting)?;
            println!("The meeting on {day} is taken away, with {}.", contents.said());
            Ok(())
        }
    }
}

//! `circle members import` and `circle members export`.

use std::io::Write;

use anyhow::{Context, Result, bail};

use crate::cli::{Format, MembersCommand};
use crate::domain::Group;
use crate::domain::members_csv;
use crate::domain::text::display;
use crate::store::{Store, today};

pub fn run(store: &mut Store, command: &MembersCommand) -> Result<()> {
    match command {
        MembersCommand::Import { file, group } => {
            let group = find_group(store, group)?;
            let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
            let rows =
                members_csv::parse(&bytes).with_context(|| format!("nothing was imported from {}", file.display()))?;
            let n = store.import_members(group.id, &rows, today())?;
            eprintln!("Imported {n} member{} into {}.", if n == 1 { "" } else { "s" }, display(&group.name));
            Ok(())
        }
        MembersCommand::Export { group, format, out } => {
            let group = find_group(store, group)?;
            let members = store.all_members(group.id)?;
            let bytes = match format {
                Format::Csv => {
                    let mut writer = csv::Writer::from_writer(Vec::new());
                    writer.write_record(members_csv::COLUMNS)?;
                    for m in &members {
                        writer.write_record(members_csv::record(&m.fields, m.status))?;
                    }
                    writer.into_inner().context("could not write the CSV")?
                }
                Format::Json => {
                    let mut json = serde_json::to_vec_pretty(&members)?;
                    json.push(b'\n');
                    json
                }
            };
            match out {
                Some(path) => crate::files::write_private(path, &bytes),
                None => {
                    // On a terminal, stored text must not act as escape
                    // sequences; piped output stays exact.
                    use std::io::IsTerminal;
                    let mut stdout = std::io::stdout().lock();
                    let bytes = if stdout.is_terminal() {
                        let text = String::from_utf8_lossy(&bytes);
                        text.lines()
                            .map(|l| crate::domain::text::display(l).into_owned() + "\n")
                            .collect::<String>()
                            .into_bytes()
                    } else {
                        bytes
                    };
                    stdout.write_all(&bytes).and_then(|()| stdout.flush()).context("could not write to standard output")
                }
            }
        }
    }
}

pub fn find_group(store: &Store, name: &str) -> Result<Group> {
    match store.group_by_name(name)? {
        Some(group) => Ok(group),
        None => {
            let names: Vec<String> = store.groups()?.iter().map(|g| format!("“{}”", display(&g.name))).collect();
            if names.is_empty() {
                bail!("there is no group called “{}” (this database has no groups yet)", display(name))
            }
            bail!("there is no group called “{}”; the groups are {}", display(name), names.join(", "))
        }
    }
}

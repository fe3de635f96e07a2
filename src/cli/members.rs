//! `circle members import` and `circle members export`.

use std::io::Write;

use anyhow::{Context, Result};

use super::{Format, MembersCommand};
use crate::domain::members_csv;
use crate::domain::text::display;
use crate::store::today;
use crate::usecase::Circle;

pub fn run(circle: &mut Circle, command: &MembersCommand) -> Result<()> {
    match command {
        MembersCommand::Import { file, group } => {
            let group = circle.group_named(group)?;
            let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
            let rows =
                members_csv::parse(&bytes).with_context(|| format!("nothing was imported from {}", file.display()))?;
            let n = circle.import_members(group.id, &rows, today())?;
            eprintln!("Imported {n} member{} into {}.", if n == 1 { "" } else { "s" }, display(&group.name));
            Ok(())
        }
        MembersCommand::Export { group, format, out } => {
            let group = circle.group_named(group)?;
            let members = circle.all_members(group.id)?;
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
            write_out(out.as_deref(), &bytes)
        }
    }
}

/// Writes to a file readable only by you, or to standard output. On a
/// terminal, stored text must not act as escape sequences; piped output
/// stays exact.
pub fn write_out(out: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => crate::files::write_private(path, bytes),
        None => {
            use std::io::IsTerminal;
            let mut stdout = std::io::stdout().lock();
            let bytes = if stdout.is_terminal() {
                let text = String::from_utf8_lossy(bytes);
                text.lines().map(|l| display(l).into_owned() + "\n").collect::<String>().into_bytes()
            } else {
                bytes.to_vec()
            };
            stdout.write_all(&bytes).and_then(|()| stdout.flush()).context("could not write to standard output")
        }
    }
}

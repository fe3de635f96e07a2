//! `circle config`: where the settings file is, a commented one to start
//! from, and a check of the one in use.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Subcommand;

use crate::domain::text::display;
use crate::settings;

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print where the settings file is (CIRCLE_CONFIG overrides it).
    Path,
    /// Write a settings file with every setting at its default, each explained.
    Init,
    /// Read the settings file and say what in it circle cannot use.
    Check,
}

fn path() -> Result<PathBuf> {
    settings::path().ok_or_else(|| anyhow!("could not find a config folder for this user (is HOME set?)"))
}

fn shown(path: &Path) -> String {
    display(&path.display().to_string()).into_owned()
}

pub fn run(command: &ConfigCommand) -> Result<()> {
    let path = path()?;
    match command {
        ConfigCommand::Path => {
            println!("{}", shown(&path));
            Ok(())
        }
        ConfigCommand::Init => {
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(folder)
                    .with_context(|| format!("could not make the folder {}", shown(folder)))?;
            }
            let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    bail!("{} is already there and was left as it is; edit it, or move it away first", shown(&path))
                }
                Err(e) => return Err(e).with_context(|| format!("could not write {}", shown(&path))),
            };
            file.write_all(settings::default_file().as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("could not write {}", shown(&path)))?;
            println!("Wrote {}. Every setting in it is at its default; change what you like.", shown(&path));
            Ok(())
        }
        ConfigCommand::Check => {
            if !path.exists() {
                println!("There is no settings file at {}, so circle uses its defaults.", shown(&path));
                return Ok(());
            }
            let (_, problems) = settings::load(Some(&path));
            if problems.is_empty() {
                println!("{} is fine: circle can use every setting in it.", shown(&path));
                return Ok(());
            }
            for problem in &problems {
                println!("{}", capitalised(&problem.0));
            }
            bail!(
                "{} has {} problem{} (listed above)",
                shown(&path),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )
        }
    }
}

/// A problem as a sentence of its own.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

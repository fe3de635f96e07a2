//! Asking for a passphrase on the command line: from the terminal with
//! nothing echoed, or for scripts from a file descriptor given with
//! `--passphrase-fd N`. Never from an argument or an environment variable,
//! which other users' `ps` and the shell's history can show.

use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;

use anyhow::{Result, bail};

use crate::secret::Passphrase;
use crate::usecase::{Circle, Error, StoreError};

use crate::present::unlock::TRIES;

/// Where passphrases come from for this run.
pub struct Source {
    /// Lines still to read from `--passphrase-fd`, in the order asked.
    lines: Option<Vec<Passphrase>>,
}

impl Source {
    /// Reads every line given on the descriptor now, once: a script gives
    /// as many lines as the command asks for (`circle passphrase` asks for
    /// the current one, then the new one).
    pub fn new(fd: Option<u32>) -> Result<Source> {
        let Some(fd) = fd else { return Ok(Source { lines: None }) };
        // /dev/fd/N opens what descriptor N already is, with no unsafe call.
        let file = std::fs::File::open(format!("/dev/fd/{fd}"))
            .map_err(|e| anyhow::anyhow!("could not read a passphrase from file descriptor {fd}: {e}"))?;
        let mut lines = Vec::new();
        for line in BufReader::new(file).lines() {
            let line =
                line.map_err(|e| anyhow::anyhow!("could not read a passphrase from file descriptor {fd}: {e}"))?;
            lines.push(Passphrase::new(line));
        }
        lines.reverse();
        Ok(Source { lines: Some(lines) })
    }

    /// Whether a person is asked (and so may try again).
    pub fn interactive(&self) -> bool {
        self.lines.is_none()
    }

    /// The next passphrase: the next line of the descriptor, or typed at
    /// the terminal after `prompt`, unseen.
    pub fn next(&mut self, prompt: &str) -> Result<Passphrase> {
        if let Some(lines) = &mut self.lines {
            return match lines.pop() {
                Some(p) if !p.is_empty() => Ok(p),
                _ => bail!("the file descriptor given with --passphrase-fd had no passphrase left to read"),
            };
        }
        if !std::io::stdin().is_terminal() && std::fs::File::open("/dev/tty").is_err() {
            bail!(
                "circle needs the passphrase, and there is no terminal to ask at; a script can give it on a file \
                 descriptor with --passphrase-fd N (never as an argument)"
            );
        }
        let typed = rpassword::prompt_password(prompt)
            .map_err(|e| anyhow::anyhow!("could not read the passphrase from the terminal: {e}"))?;
        Ok(Passphrase::new(typed))
    }

    /// A new passphrase: strong enough, and typed the same twice.
    pub fn new_passphrase(&mut self) -> Result<Passphrase> {
        let tries = if self.interactive() { TRIES } else { 1 };
        for left in (0..tries).rev() {
            let first = self.next("New passphrase (nothing is shown as you type): ")?;
            if let Some(why) = first.weakness() {
                if left == 0 {
                    bail!("{why}; nothing was changed");
                }
                eprintln!("{}", super::config::capitalised(&why));
                continue;
            }
            if !self.interactive() {
                return Ok(first);
            }
            let again = self.next("The same passphrase again: ")?;
            if first.same_as(&again) {
                return Ok(first);
            }
            if left == 0 {
                bail!("the two passphrases were not the same; nothing was changed");
            }
            eprintln!("The two were not the same. Please type it again.");
        }
        bail!("no passphrase was set; nothing was changed")
    }

    /// Asks for the passphrase of the encrypted file at `path` until `open`
    /// takes it: three tries at the terminal, one from a descriptor. A
    /// wrong one changes nothing.
    pub fn unlock<T>(
        &mut self,
        path: &Path,
        what: &str,
        mut open: impl FnMut(&Passphrase) -> crate::usecase::Result<T>,
    ) -> Result<T> {
        let tries = if self.interactive() { TRIES } else { 1 };
        let shown = crate::domain::text::display(&path.display().to_string()).into_owned();
        for left in (0..tries).rev() {
            let key = self.next(&format!("Passphrase for {what} {shown}: "))?;
            match open(&key) {
                Err(Error::Store(StoreError::WrongPassphrase { .. })) if left > 0 => {
                    let tries = if left == 1 { "1 more try".to_string() } else { format!("{left} more tries") };
                    eprintln!("That passphrase does not open it; nothing was changed. {tries}.");
                }
                other => return Ok(other?),
            }
        }
        bail!("that passphrase does not open {shown}; nothing was changed")
    }
}

/// Opens a database that must exist, asking for its passphrase first when
/// it is encrypted.
pub fn open_existing(source: &mut Source, path: &Path) -> Result<Circle> {
    if !Circle::is_encrypted(path) {
        return Ok(Circle::open_existing(path)?);
    }
    source.unlock(path, "the database", |key| Circle::open_existing_with(path, Some(key)))
}

/// Opens (or creates) a database, asking for its passphrase first when it
/// is encrypted.
pub fn open(source: &mut Source, path: &Path) -> Result<Circle> {
    if !Circle::is_encrypted(path) {
        return Ok(Circle::open(path)?);
    }
    source.unlock(path, "the database", |key| Circle::open_with(path, Some(key)))
}

/// The passphrase of the encrypted database at `path`, checked by opening
/// it; none when it is not encrypted.
pub fn key_of(source: &mut Source, path: &Path) -> Result<Option<Passphrase>> {
    if !Circle::is_encrypted(path) {
        return Ok(None);
    }
    let key = source.unlock(path, "the database", |key| {
        Circle::open_existing_with(path, Some(key)).map(|circle| {
            drop(circle);
            key.clone()
        })
    })?;
    Ok(Some(key))
}

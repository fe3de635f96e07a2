//! Asking for the passphrase of an encrypted database in linear mode:
//! announced in words, typed unseen (no masking characters, which a screen
//! reader would read out one by one), three tries.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::present::unlock;
use crate::secret::Passphrase;
use crate::usecase::{Circle, Error, StoreError};

pub fn unlock(path: &Path, input: &mut dyn BufRead, output: &mut dyn Write) -> anyhow::Result<Circle> {
    writeln!(output, "{} {}", unlock::ASK, unlock::UNSEEN)?;
    let tries = unlock::TRIES;
    for left in (0..tries).rev() {
        write!(output, "Passphrase> ")?;
        output.flush()?;
        // At a terminal the typing is not echoed; from a pipe it is a line.
        let typed = if std::io::stdin().is_terminal() {
            rpassword::read_password()?
        } else {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                anyhow::bail!("{}", unlock::GAVE_UP);
            }
            line
        };
        writeln!(output)?;
        writeln!(output, "{}", unlock::CHECKING)?;
        match Circle::open_with(path, Some(&Passphrase::new(typed))) {
            Err(Error::Store(StoreError::WrongPassphrase { .. })) if left > 0 => {
                writeln!(output, "{}", unlock::wrong(left))?;
            }
            Err(Error::Store(StoreError::WrongPassphrase { .. })) => anyhow::bail!("{}", unlock::GAVE_UP),
            other => return Ok(other?),
        }
    }
    anyhow::bail!("{}", unlock::GAVE_UP)
}

//! `circle members import` and `circle members export`.

use anyhow::Result;

use crate::cli::MembersCommand;
use crate::store::Store;

pub fn run(_store: &mut Store, _command: &MembersCommand) -> Result<()> {
    anyhow::bail!("members import and export are not built yet")
}

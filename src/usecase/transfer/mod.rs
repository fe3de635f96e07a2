//! Everything out as one JSON file, and back into an empty database
//! (`circle export` and `circle import-all`): how a facilitator moves to a
//! new laptop.
//!
//! The file is versioned (`"format": 2`) and spelled out here rather than
//! derived from the domain's types, so a change inside circle never changes
//! the file by accident. Every id is kept: references inside the file (a
//! sign-up's member, a deal's card) are ids, and an import writes them back
//! as they are, so export, import and export again give the same bytes.
//!
//! Cards are private to their authors: their text is in the file only when
//! asked for. Without it each card is still there (author, number, sealed)
//! with `"text": null`, so the deal and the reading stay whole, and the top
//! says `"card_text": "withheld"`.

mod check;
mod convert;
mod format;

pub use format::*;

use super::{Circle, Error, Result};
use crate::domain::GroupId;
use crate::usecase::store::transfer::Filled;

/// The version of the file this build writes. Format 2 writes a deal's
/// seed as a string; format 1, which wrote it as a number, is still read.
pub const FORMAT: u32 = 2;

/// The oldest version this build reads.
const OLDEST_FORMAT: u32 = 1;

/// What an import brought in, for the sentence that confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub groups: usize,
    pub members: usize,
    pub meetings: usize,
    /// Cards that came without their text (a file written without it).
    pub blank_cards: usize,
}

impl Transfer {
    /// Pretty JSON with a final newline, carrying no control character
    /// raw ([`crate::domain::text::json`]): reading it gives the text exactly.
    pub fn to_json(&self) -> Vec<u8> {
        crate::domain::text::json(self).expect("the format serialises")
    }

    /// Reads a file and checks it whole: its format version first (a newer
    /// one is named as such), then every field, then every reference inside
    /// it. The error is one sentence naming the problem.
    pub fn from_json(bytes: &[u8]) -> Result<Transfer> {
        let refused = |m: String| Error::refused(m);
        // Only the format number first, skipping the rest unread: a newer
        // file is named as such, whatever else changed in it.
        #[derive(serde::Deserialize)]
        struct Peek {
            format: Option<serde_json::Value>,
        }
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            return Err(refused(format!("this is not JSON ({e})")));
        }
        // serde would read a struct from an array too; an export is an object.
        let object = bytes.trim_ascii_start().starts_with(b"{");
        let peek = serde_json::from_slice::<Peek>(bytes).ok().filter(|_| object).unwrap_or(Peek { format: None });
        match peek.format.as_ref().map(serde_json::Value::as_u64) {
            None | Some(None) => {
                return Err(refused("this file has no format number, so it is not a circle export".into()));
            }
            Some(Some(found)) if found > u64::from(FORMAT) => {
                return Err(refused(format!(
                    "this file was written by a newer circle (format {found}; this build reads format {FORMAT}); \
                     update circle to import it"
                )));
            }
            Some(Some(found)) if found < u64::from(OLDEST_FORMAT) => {
                return Err(refused(format!(
                    "format {found} is not one this build reads (it reads formats {OLDEST_FORMAT} to {FORMAT})"
                )));
            }
            Some(Some(_)) => {}
        }
        // Then the whole file; an error there gives its line and column.
        let mut transfer: Transfer =
            serde_json::from_slice(bytes).map_err(|e| refused(format!("the file does not fit its format: {e}")))?;
        transfer.format = FORMAT;
        check::check(&transfer).map_err(refused)?;
        Ok(transfer)
    }
}

impl Circle {
    /// Every group (or one), with everything recorded in it.
    pub fn export_all(&self, only: Option<GroupId>, include_cards: bool) -> Result<Transfer> {
        let ids: Vec<GroupId> = match only {
            Some(id) => vec![id],
            None => {
                let mut ids: Vec<GroupId> = self.store.groups()?.iter().map(|g| g.id).collect();
                ids.sort();
                ids
            }
        };
        let records = self.store.group_records(&ids)?;
        let groups =
            records.into_iter().map(|g| convert::group_to_file(g, &ids, include_cards)).collect::<Result<_>>()?;
        let card_text = if include_cards { CardText::Included } else { CardText::Withheld };
        Ok(Transfer { format: FORMAT, card_text, groups })
    }

    /// Writes a checked file (see [`Transfer::from_json`]) into this
    /// database, which must have no groups yet, in one transaction.
    pub fn import_all(&mut self, transfer: &Transfer) -> Result<Imported> {
        check::check(transfer).map_err(Error::refused)?;
        let records = transfer.groups.iter().map(convert::group_from_file).collect::<Result<Vec<_>>>()?;
        if let Filled::NotEmpty(n) = self.store.fill_empty(&records)? {
            return Err(Error::refused(format!(
                "import-all fills an empty database; this one already has {n} group{}",
                if n == 1 { "" } else { "s" }
            )));
        }
        let groups = &transfer.groups;
        Ok(Imported {
            groups: groups.len(),
            members: groups.iter().map(|g| g.members.len()).sum(),
            meetings: groups.iter().map(|g| g.meetings.len()).sum(),
            blank_cards: groups
                .iter()
                .flat_map(|g| &g.endings)
                .flat_map(|a| &a.cards)
                .filter(|c| c.text.is_none())
                .count(),
        })
    }
}

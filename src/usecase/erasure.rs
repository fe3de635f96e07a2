//! Forgetting someone: a real erasure of everything about them, which also
//! mends any endings activity they were part of, by the rule in
//! [`crate::domain::redeal`], in the same transaction as the erasure.

use std::collections::HashSet;

use super::{Circle, Result};
use crate::domain::redeal::{AfterErasure, Slot, StoredDeal, after_erasure};
use chrono::NaiveDate;

use crate::domain::{ActivityStage, CardId, DealEntry, GroupId, MemberId, text};
use crate::usecase::store::Store;

/// What forgetting someone did besides the erasure itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Forgotten {
    /// Endings activities whose deal was mended.
    pub activities_mended: usize,
    /// False while another program holds the file open: the data is gone
    /// from circle, but old pages may stay in the file until it closes;
    /// the next start finishes the job.
    pub erased_from_file: bool,
    /// circle's own backups the person was taken out of.
    pub backups_rewritten: usize,
    /// Backups that could not be rewritten yet (their file names); the
    /// next start tries again.
    pub backups_left: Vec<String>,
    /// The last day circle wrote people's data to a file: copies made then
    /// or before are out of its reach.
    pub last_export: Option<NaiveDate>,
}

impl Forgotten {
    /// What forgetting someone did, in plain words for the facilitator:
    /// only what is true of the file, and what circle cannot reach.
    pub fn said(&self) -> String {
        let mut said = if !self.erased_from_file {
            "Forgotten. Another program has the file open: the last traces are erased from it when that program \
             closes, or at circle's next start."
                .to_string()
        } else {
            let backups = match self.backups_rewritten {
                0 => String::new(),
                1 => " and its backup".to_string(),
                n => format!(" and its {n} backups"),
            };
            format!("Forgotten: erased from circle's file{backups} here.")
        };
        if self.activities_mended > 0 {
            said.push_str(" The endings activity was updated.");
        }
        match self.backups_left.as_slice() {
            [] => {}
            [one] => said.push_str(&format!(
                " The backup {} could not be rewritten yet; circle tries again at its next start.",
                text::display(one)
            )),
            more => said.push_str(&format!(
                " {} backups could not be rewritten yet; circle tries again at its next start.",
                more.len()
            )),
        }
        match self.last_export {
            Some(day) => said.push_str(&format!(
                " Exports (the last on {day}) and copies made outside circle are beyond its reach: delete any \
                 that hold them."
            )),
            None => said.push_str(" Copies made outside circle are beyond its reach."),
        }
        said
    }
}

/// How far finishing an erasure got.
struct Finished {
    file: bool,
    rewritten: usize,
    left: Vec<String>,
}

impl Circle {
    /// Finishes an erasure left waiting (checked at start): by another
    /// program holding the file, a backup that could not be rewritten, or
    /// a crash. Returns whether one is still waiting: also while the file
    /// is read-only, when it waits until circle can write.
    pub fn finish_pending_erasure(&mut self) -> Result<bool> {
        if !self.store.erasure_pending()? {
            return Ok(false);
        }
        if self.store.read_only().is_some() {
            return Ok(true);
        }
        Ok(!self.finish_erasures(0).done())
    }

    /// Erases someone and everything about them. An endings activity they
    /// took part in is mended first, in the same transaction: their card
    /// and their readings go, cards already read stay with whoever read
    /// them, and the rest is dealt again. The same transaction notes that
    /// the erasure is under way, so a crash at any point leaves either the
    /// person or that note. Then the file is compacted, so nothing of
    /// theirs stays in free pages or the write-ahead log, and they are
    /// taken out of every backup circle made.
    pub fn forget_member(&mut self, id: MemberId, seed: u64) -> Result<Forgotten> {
        let mended = self.store.atomic(|store| {
            let group = store.member(id)?.group;
            // Records merged into this person are still apart in older
            // backups, under their own ids: those are erased there too.
            let merged = store.merged_into(id)?;
            let mended = forget_in(store, id, seed)?;
            store.note_erasure(id, group)?;
            for old in merged {
                store.note_erasure(old, group)?;
            }
            Ok::<_, super::Error>(mended)
        })?;
        // From here the person is gone from circle: whatever is left to
        // clean is said, never an error, and the next start finishes it.
        let finished = self.finish_erasures(seed);
        Ok(Forgotten {
            activities_mended: mended,
            erased_from_file: finished.file,
            backups_rewritten: finished.rewritten,
            backups_left: finished.left,
            last_export: self.last_export(),
        })
    }

    /// Cleans the file and the backups of everyone whose erasure is noted,
    /// and drops the note once all of it is done.
    fn finish_erasures(&mut self, seed: u64) -> Finished {
        let people = self.store.pending_erasures().ok().flatten().unwrap_or_default();
        let file = self.store.empty_free_pages();
        let (mut rewritten, mut left) = (0, Vec::new());
        if !people.is_empty() {
            let _writing = crate::usecase::store::hold_backups();
            for backup in self.store.own_backups() {
                match erase_from_backup(&backup, &people, seed, self.store.key()) {
                    Ok(true) => rewritten += 1,
                    Ok(false) => {}
                    Err(_) => {
                        left.push(backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
                    }
                }
            }
        }
        let finished = Finished { file, rewritten, left };
        if finished.done() {
            // Should this fail, the note stays and the next start finishes
            // again: there is nothing left to erase, only the note.
            let _ = self.store.erasure_done();
        }
        finished
    }
}

impl Finished {
    fn done(&self) -> bool {
        self.file && self.left.is_empty()
    }
}

/// Takes `people` out of one backup, by the same rule as the database;
/// true when the backup held any of them and was rewritten.
fn erase_from_backup(
    file: &std::path::Path,
    people: &[(MemberId, GroupId)],
    seed: u64,
    key: Option<&crate::secret::Passphrase>,
) -> Result<bool> {
    let Some(mut copy) = Store::backup_holding(file, people, key)? else { return Ok(false) };
    copy.atomic(|store| {
        for (member, group) in people {
            if store.member(*member).is_ok_and(|m| m.group == *group) {
                forget_in(store, *member, seed)?;
            }
        }
        Ok::<_, super::Error>(())
    })?;
    copy.write_back(file)?;
    Ok(true)
}

/// Mends every live endings activity `id` took part in, then deletes them
/// and what cascades from them; returns how many activities were mended.
fn forget_in(store: &mut Store, id: MemberId, seed: u64) -> Result<usize> {
    let group = store.member(id)?.group;
    let mut mended = 0;
    for activity in store.activities(group)? {
        let live =
            matches!(activity.stage, ActivityStage::Dealing | ActivityStage::Reading | ActivityStage::Celebrating);
        if live && mend(store, activity.id, id, seed)? {
            mended += 1;
        }
    }
    store.delete_member(id)?;
    Ok(mended)
}

/// Mends one activity's deal before `forgotten` is erased; true when it
/// changed anything.
fn mend(store: &mut Store, activity: crate::domain::ActivityId, forgotten: MemberId, seed: u64) -> Result<bool> {
    let a = store.activity(activity)?;
    let cards = store.cards(activity)?;
    let entries = store.deal(activity)?;
    let author = |card: CardId| cards.iter().find(|c| c.id == card).map(|c| c.author);
    let slots: Vec<Slot<MemberId, CardId>> = entries
        .iter()
        .filter_map(|e| {
            Some(Slot {
                reader: e.reader,
                card: e.card,
                author: author(e.card)?,
                room: e.room,
                read: e.read_at.is_some(),
            })
        })
        .collect();
    let stored = StoredDeal { mode: a.mode, chain: a.chain, slots, rooms: store.rooms(activity)? };
    let readers = store.participants(activity)?;
    let previous: HashSet<(MemberId, MemberId)> = store.previous_pairs(a.group, Some(activity))?.into_iter().collect();
    let read_at = |card: CardId| entries.iter().find(|e| e.card == card).and_then(|e| e.read_at.clone());
    let to_entries = |slots: &[Slot<MemberId, CardId>]| -> Vec<DealEntry> {
        slots
            .iter()
            .enumerate()
            .map(|(i, s)| DealEntry {
                position: i as u32,
                reader: s.reader,
                card: s.card,
                room: s.room,
                read_at: if s.read { read_at(s.card) } else { None },
            })
            .collect()
    };
    let outcome = after_erasure(&stored, &readers, forgotten, &previous, seed)
        .map_err(|e| super::Error::refused(e.to_string()))?;
    match outcome {
        AfterErasure::Unchanged => return Ok(false),
        AfterErasure::Changed { deal, redealt, chain_dropped } => {
            let entries = to_entries(&deal.slots);
            store.replace_deal(activity, &entries, &deal.rooms)?;
            if chain_dropped {
                store.set_chain(activity, false)?;
            }
            if a.stage == ActivityStage::Reading || a.stage == ActivityStage::Celebrating {
                // Carry on from the first card still to be read.
                match entries.iter().position(|e| e.read_at.is_none()) {
                    Some(first) => {
                        store.set_stage(activity, ActivityStage::Reading)?;
                        store.set_position(activity, first as u32)?;
                    }
                    None => store.set_stage(activity, ActivityStage::Celebrating)?,
                }
            }
            let notice = match redealt {
                0 => "Someone was forgotten: their card and readings were taken out.".to_string(),
                1 => "Someone was forgotten: one card was dealt again, and read cards stay read.".to_string(),
                n => format!("Someone was forgotten: {n} cards were dealt again, and read cards stay read."),
            };
            store.set_notice(activity, Some(&notice))?;
        }
        AfterErasure::TooFewToDeal { slots_read, .. } => {
            let entries = to_entries(&slots_read);
            store.replace_deal(activity, &entries, &[])?;
            let notice = if entries.is_empty() {
                store.set_stage(activity, ActivityStage::Collecting)?;
                "Someone was forgotten, and too few people are left for a deal.".to_string()
            } else {
                store.set_stage(activity, ActivityStage::Celebrating)?;
                let n = entries.len();
                format!("Too few people are left to read on: the activity ends with the {n} cards heard.")
            };
            store.set_notice(activity, Some(&notice))?;
        }
    }
    Ok(true)
}

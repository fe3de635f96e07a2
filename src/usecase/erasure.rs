//! Forgetting someone: a real erasure of everything about them, which also
//! mends any endings activity they were part of, by the rule in
//! [`crate::domain::redeal`], in the same transaction as the erasure.

use std::collections::HashSet;

use super::{Circle, Result};
use crate::domain::redeal::{AfterErasure, Slot, StoredDeal, after_erasure};
use crate::domain::{ActivityStage, CardId, DealEntry, MemberId};
use crate::store::Store;

/// What forgetting someone did besides the erasure itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Forgotten {
    /// Endings activities whose deal was mended.
    pub activities_mended: usize,
    /// False while another program holds the file open: the data is gone
    /// from circle, but old pages may stay in the file until it closes;
    /// the next start finishes the job.
    pub erased_from_file: bool,
}

impl Forgotten {
    /// What forgetting someone did, in one sentence for the facilitator.
    pub fn said(&self) -> &'static str {
        if !self.erased_from_file {
            "Forgotten. Another program has the file open: the last traces are erased from it when \
             that program closes, or at circle's next start."
        } else if self.activities_mended > 0 {
            "Forgotten and erased from this laptop; the endings activity was updated."
        } else {
            "Forgotten. Their data has been erased from this laptop."
        }
    }
}

impl Circle {
    /// Finishes an erasure left waiting by another program holding the
    /// file (checked at start). Returns whether one is still waiting: also
    /// while the file is read-only, when it waits until circle can write.
    pub fn finish_pending_erasure(&mut self) -> Result<bool> {
        if !self.store.erasure_pending()? {
            return Ok(false);
        }
        if self.store.read_only().is_some() {
            return Ok(true);
        }
        Ok(!self.store.finish_erasure()?)
    }

    /// Erases someone and everything about them. An endings activity they
    /// took part in is mended first, in the same transaction: their card
    /// and their readings go, cards already read stay with whoever read
    /// them, and the rest is dealt again. Then the file is compacted so
    /// nothing of theirs stays in free pages or the write-ahead log.
    pub fn forget_member(&mut self, id: MemberId, seed: u64) -> Result<Forgotten> {
        let forgotten = self.store.atomic(|store| {
            let group = store.member(id)?.group;
            let mut mended = 0;
            for activity in store.activities(group)? {
                let live = matches!(
                    activity.stage,
                    ActivityStage::Dealing | ActivityStage::Reading | ActivityStage::Celebrating
                );
                if live && mend(store, activity.id, id, seed)? {
                    mended += 1;
                }
            }
            store.delete_member(id)?;
            Ok::<_, super::Error>(Forgotten { activities_mended: mended, erased_from_file: false })
        })?;
        let erased_from_file = self.store.finish_erasure()?;
        Ok(Forgotten { erased_from_file, ..forgotten })
    }
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

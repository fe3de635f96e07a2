//! Checks that a deal keeps every rule: used by the tests and the property
//! tests, and cheap enough to run on any stored deal.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::hash::{BuildHasher, Hash};

use super::*;

/// Checks a face-to-face deal against the rules it was made under: every
/// card read exactly once, by a listed reader who is not its author, loads
/// differing by at most one, and, for a chain, one cycle through everyone in
/// reading order. Used by the tests and to check a stored deal on reload.
pub fn verify_face_to_face<A>(readers: &[A], card_authors: &[A], deal: &FaceToFaceDeal<A>) -> Result<(), String>
where
    A: Copy + Eq + Hash + Ord + Debug,
{
    Table::new(readers, card_authors).map_err(|e| e.to_string())?;
    let load = check_every_card_once(readers, card_authors, &deal.readings)?;
    let least = readers.iter().map(|r| load.get(r).copied().unwrap_or(0)).min().unwrap_or(0);
    let most = readers.iter().map(|r| load.get(r).copied().unwrap_or(0)).max().unwrap_or(0);
    if most > least + 1 {
        return Err(format!("loads are uneven: someone reads {most} cards while someone else reads {least}"));
    }
    if deal.chain {
        let n = deal.readings.len();
        if n != readers.len() || card_authors.len() != readers.len() {
            return Err("a chain needs exactly one card per reader".to_string());
        }
        for (k, reading) in deal.readings.iter().enumerate() {
            let author = card_authors[reading.card];
            let next = deal.readings[(k + 1) % n].reader;
            if author != next {
                return Err(format!(
                    "chain broken after reading {k}: card by {author:?} was read, but {next:?} reads next"
                ));
            }
        }
    }
    Ok(())
}

/// Checks an online deal: rooms of two with exactly one trio when the count
/// is odd, every reader in exactly one room, members reading the next
/// member's card round the room, every card read exactly once and never by
/// its author, and cards from absent authors given only to readers who end
/// within one reading of the lowest load.
///
/// `repeated_pairs` is not checked here, because by the time a stored deal
/// is checked the pairing history usually includes that deal's own pairs;
/// compare it with [`count_repeated_pairs`] against the history as it was.
pub fn verify_online<A>(readers: &[A], card_authors: &[A], deal: &OnlineDeal<A>) -> Result<(), String>
where
    A: Copy + Eq + Hash + Ord + Debug,
{
    Table::new(readers, card_authors).map_err(|e| e.to_string())?;
    let trios = deal.rooms.iter().filter(|r| r.members.len() == 3).count();
    if let Some(room) = deal.rooms.iter().find(|r| !(2..=3).contains(&r.members.len())) {
        return Err(format!("room {:?} is not a pair or a trio", room.members));
    }
    if trios != readers.len() % 2 {
        return Err(format!("{} readers need {} trio(s), found {trios}", readers.len(), readers.len() % 2));
    }
    let listed: HashSet<A> = readers.iter().copied().collect();
    let mut seated = HashSet::new();
    for member in deal.rooms.iter().flat_map(|r| &r.members) {
        if !listed.contains(member) {
            return Err(format!("{member:?} is in a room but is not reading"));
        }
        if !seated.insert(*member) {
            return Err(format!("{member:?} is in two rooms"));
        }
    }
    if seated.len() != readers.len() {
        return Err("someone reading has no room".to_string());
    }

    let load = check_every_card_once(readers, card_authors, &deal.readings)?;
    let card_by: HashMap<A, usize> = card_authors.iter().enumerate().map(|(k, &a)| (a, k)).collect();
    let read: HashSet<Reading<A>> = deal.readings.iter().copied().collect();
    for room in &deal.rooms {
        for (i, &reader) in room.members.iter().enumerate() {
            let next = room.members[(i + 1) % room.members.len()];
            if let Some(&card) = card_by.get(&next)
                && !read.contains(&Reading { reader, card })
            {
                return Err(format!("{reader:?} should read the card of {next:?}, who shares their room"));
            }
        }
    }
    let least = readers.iter().map(|r| load.get(r).copied().unwrap_or(0)).min().unwrap_or(0);
    for reading in &deal.readings {
        let author = card_authors[reading.card];
        let reads = load.get(&reading.reader).copied().unwrap_or(0);
        if !listed.contains(&author) && reads > least + 1 {
            return Err(format!(
                "{:?} was given the card of absent {author:?} while reading {reads} cards; someone reads only {least}",
                reading.reader
            ));
        }
    }
    Ok(())
}

/// How many pairs of people sharing a room in `rooms` appear in
/// `previous_pairs` (in either order), counted the way
/// [`OnlineDeal::repeated_pairs`] is.
pub fn count_repeated_pairs<A, S>(rooms: &[Room<A>], previous_pairs: &HashSet<(A, A), S>) -> usize
where
    A: Copy + Eq + Hash + Ord,
    S: BuildHasher,
{
    pairs_of(rooms)
        .into_iter()
        .filter(|&(a, b)| previous_pairs.contains(&(a, b)) || previous_pairs.contains(&(b, a)))
        .count()
}

/// Shared part of the verifiers: every card index valid and read exactly
/// once, by a listed reader who did not write it. Returns each reader's load.
fn check_every_card_once<A>(
    readers: &[A],
    card_authors: &[A],
    readings: &[Reading<A>],
) -> Result<HashMap<A, usize>, String>
where
    A: Copy + Eq + Hash + Debug,
{
    let mut load: HashMap<A, usize> = readers.iter().map(|&r| (r, 0)).collect();
    let mut times_read = vec![0usize; card_authors.len()];
    for reading in readings {
        let Some(&author) = card_authors.get(reading.card) else {
            return Err(format!("card {} does not exist", reading.card));
        };
        let Some(count) = load.get_mut(&reading.reader) else {
            return Err(format!("{:?} reads but is not a reader", reading.reader));
        };
        *count += 1;
        if author == reading.reader {
            return Err(format!("{author:?} reads their own card"));
        }
        times_read[reading.card] += 1;
    }
    if let Some(card) = times_read.iter().position(|&t| t != 1) {
        return Err(format!("card {card} by {:?} is read {} times", card_authors[card], times_read[card]));
    }
    Ok(load)
}

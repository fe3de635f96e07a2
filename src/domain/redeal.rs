//! What becomes of an endings activity when someone in it is forgotten
//! (erased for privacy) after the deal, and the anonymous reading numbers.
//!
//! Erasing a member cascades away their card and their rows of the deal,
//! which would leave gaps in the reading order and cards nobody reads.
//! [`after_erasure`] works out the deal that should replace it:
//!
//! 1. **Their card goes**, read or not: an erasure keeps nothing they wrote.
//! 2. **Read marks never move.** Every card already read stays recorded
//!    against the person who read it. A card the forgotten person read aloud
//!    stays read, with no reader ("read by someone since forgotten"), because
//!    the rest of the group did hear it.
//! 3. **Read first.** The read entries come first in their old order, then
//!    the unread ones, so positions stay contiguous from 0.
//! 4. **Face to face**, if the erasure leaves the unread part untouched (their
//!    card was already read and they had nothing left to read), the unread
//!    part stays exactly as it was, chain included. Otherwise the whole
//!    unread part is dealt again among the remaining readers with
//!    [`deal::deal_face_to_face`]: nobody gets their own card, the new
//!    loads differ by at most one, and the extra cards (when the count does
//!    not divide evenly) are then moved to the readers who have read fewest
//!    so far. A chain is dropped in that case and the result says so: read
//!    marks fix part of the cycle and cards may be marked read in any order,
//!    so what is left of the cycle is in general no longer one.
//! 5. **Online**, only the rooms the erasure touches change, since people
//!    are already in their breakout rooms and may hold their partner's card
//!    in a private message. See [`after_erasure`] for the exact rule.
//!
//! Everything is pure and seeded, like the deal itself: the same inputs and
//! seed give the same result.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Debug;
use std::hash::Hash;

use rand::Rng;

use super::EndingMode;
use super::deal::{self, DealError, DealRng};

/// One entry of a stored deal. Its position in the reading order is its
/// index in the slice that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot<A, C> {
    /// Who reads (or read) the card; `None` only for a card read aloud by
    /// someone who has since been forgotten.
    pub reader: Option<A>,
    pub card: C,
    /// Who wrote the card; they may be absent and not reading.
    pub author: A,
    /// The reader's breakout room, online only. A read entry keeps the room
    /// it was read in, even if its reader has since moved.
    pub room: Option<u32>,
    pub read: bool,
}

/// An activity's deal as stored: what [`after_erasure`] takes and gives back,
/// so a second erasure can be applied to the result of the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeal<A, C> {
    pub mode: EndingMode,
    /// Face to face only: the readings form a chain.
    pub chain: bool,
    /// In reading order.
    pub slots: Vec<Slot<A, C>>,
    /// Online only: `(room, member)` for everyone reading.
    pub rooms: Vec<(u32, A)>,
}

/// What an erasure does to a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterErasure<A, C> {
    /// The forgotten person had no card, no reading and (online) no room in
    /// the deal, or nothing was dealt yet: keep the deal as it is.
    Unchanged,
    /// The deal to store instead of the old one.
    Changed {
        deal: StoredDeal<A, C>,
        /// How many unread cards now have a different reader, for the
        /// console's one calm sentence. Moving a reader to another room
        /// without changing their card does not count.
        redealt: usize,
        /// A face-to-face chain had to become a plain deal.
        chain_dropped: bool,
    },
    /// Fewer than two people remain to read, so nothing can be dealt: the
    /// console can offer to finish with what was read.
    TooFewToDeal {
        /// The read entries, with the rules above applied.
        slots_read: Vec<Slot<A, C>>,
        /// The cards left unread (the forgotten person's excluded), in their
        /// old reading order.
        unread: Vec<C>,
    },
}

/// Repairs a deal after `forgotten` was erased, following the rules in the
/// module notes.
///
/// `readers` are the people taking part as they were (the forgotten person
/// may be among them); `previous_pairs` is the group's pairing history in
/// [`deal::pair_key`] form, used online only. Returns an error only for
/// malformed input: a reader listed twice, or two cards by one author.
///
/// **Online rule.** Rooms of people the erasure does not touch stay as they
/// are, with the same numbers and, for cards still unread, the same readers.
/// If the forgotten person was in a trio, the other two stay on as a pair. If
/// they were in a pair, their partner joins a pair elsewhere to make a trio,
/// choosing the room where they have met the fewest people before (ties
/// drawn with the seed); when every other room is a trio, the partner
/// instead takes one member of a trio (again fewest repeated pairs), in the
/// forgotten person's old room number, and the other two stay as a pair. So
/// at most two rooms change, and rooms stay pairs and trios. In each changed
/// room the unread cards of its members are dealt again among its members
/// (nobody their own card, loads within one, extras to whoever has the
/// fewest readings so far), so every unread card whose author is still here
/// is read in its author's room. A card from an absent author whose reader
/// was forgotten goes to someone with the fewest readings in total (read and
/// unread), ties drawn with the seed; that reader ends within one reading of
/// the lowest total. Unread entries are ordered room by room, each room's
/// members' cards before absent authors' cards, otherwise in their old order.
///
/// Re-pairing everyone with unread readings, or dealing the unread part
/// afresh, was rejected: it would move people the erasure did not concern
/// out of rooms they are already sitting in.
pub fn after_erasure<A, C>(
    stored: &StoredDeal<A, C>,
    readers: &[A],
    forgotten: A,
    previous_pairs: &HashSet<(A, A)>,
    seed: u64,
) -> Result<AfterErasure<A, C>, DealError>
where
    A: Copy + Eq + Hash + Ord + Debug,
    C: Copy,
{
    let mut remaining: Vec<A> = readers.iter().copied().filter(|&r| r != forgotten).collect();
    remaining.sort_unstable();
    if remaining.windows(2).any(|w| w[0] == w[1]) {
        return Err(DealError::DuplicateReader);
    }
    let mut authors: Vec<A> = stored.slots.iter().map(|s| s.author).collect();
    authors.sort_unstable();
    if authors.windows(2).any(|w| w[0] == w[1]) {
        return Err(DealError::DuplicateAuthor);
    }

    let online = stored.mode == EndingMode::Online;
    let involved = stored.slots.iter().any(|s| s.author == forgotten || s.reader == Some(forgotten))
        || (online && stored.rooms.iter().any(|&(_, m)| m == forgotten));
    if stored.slots.is_empty() || !involved {
        return Ok(AfterErasure::Unchanged);
    }

    let kept = stored.slots.iter().filter(|s| s.author != forgotten);
    let read: Vec<Slot<A, C>> =
        kept.clone().filter(|s| s.read).map(|s| Slot { reader: s.reader.filter(|&r| r != forgotten), ..*s }).collect();
    let unread: Vec<Slot<A, C>> = kept.filter(|s| !s.read).copied().collect();
    if remaining.len() < 2 {
        return Ok(AfterErasure::TooFewToDeal { slots_read: read, unread: unread.iter().map(|s| s.card).collect() });
    }

    let mut read_so_far: BTreeMap<A, usize> = remaining.iter().map(|&r| (r, 0)).collect();
    for reader in read.iter().filter_map(|s| s.reader) {
        if let Some(count) = read_so_far.get_mut(&reader) {
            *count += 1;
        }
    }
    let mut rng = deal::rng_from_seed(seed);
    let is_remaining = |r: A| remaining.binary_search(&r).is_ok();

    let (order, rooms, chain, chain_dropped) = if online {
        let seating = reseat(&stored.rooms, &remaining, previous_pairs, &mut rng)?;
        let order = deal_unread_online(&unread, &seating, read_so_far, &mut rng)?;
        (order, seating.rooms, false, false)
    } else {
        let touched = stored
            .slots
            .iter()
            .any(|s| !s.read && (s.author == forgotten || !s.reader.is_some_and(|r| r != s.author && is_remaining(r))));
        if touched {
            let order = redeal_face_to_face(&unread, &remaining, &read_so_far, &mut rng)?;
            (order, BTreeMap::new(), false, stored.chain)
        } else {
            let order = unread.iter().enumerate().filter_map(|(i, s)| s.reader.map(|r| (i, r))).collect();
            (order, BTreeMap::new(), stored.chain, false)
        }
    };

    let room_of: BTreeMap<A, u32> = rooms.iter().flat_map(|(&k, m)| m.iter().map(move |&x| (x, k))).collect();
    let redealt = order.iter().filter(|&&(i, r)| unread[i].reader != Some(r)).count();
    let mut slots = read;
    slots.extend(order.iter().map(|&(i, r)| Slot { reader: Some(r), room: room_of.get(&r).copied(), ..unread[i] }));
    let rooms = rooms.iter().flat_map(|(&k, m)| m.iter().map(move |&x| (k, x))).collect();
    Ok(AfterErasure::Changed { deal: StoredDeal { mode: stored.mode, chain, slots, rooms }, redealt, chain_dropped })
}

/// Anonymous reading numbers: the cards numbered 1, 2, 3… in the order of
/// the deal, so a card's number is its place in the reading.
///
/// Numbering cards as they are written would let anyone who saw the list of
/// who has sealed a card (often on a shared screen) match a number to its
/// author. Numbers given at the deal say only when a card will be read.
/// After an erasure the deal's positions close up, and so do these numbers:
/// call this again on the new deal. A card listed twice keeps its first
/// number (a deal never lists one twice).
pub fn reading_numbers<C: Copy + Eq>(deal_cards_in_order: &[C]) -> Vec<(C, u32)> {
    // A deal has a few dozen cards, so a linear look-up is fine and lets
    // card ids need nothing more than equality.
    let mut numbered: Vec<(C, u32)> = Vec::with_capacity(deal_cards_in_order.len());
    for &card in deal_cards_in_order {
        if !numbered.iter().any(|&(c, _)| c == card) {
            let number = numbered.len() as u32 + 1;
            numbered.push((card, number));
        }
    }
    numbered
}

/// Deals every unread card again among the remaining readers. Returns
/// `(index into unread, reader)` in reading order.
fn redeal_face_to_face<A, C>(
    unread: &[Slot<A, C>],
    remaining: &[A],
    read_so_far: &BTreeMap<A, usize>,
    rng: &mut DealRng,
) -> Result<Vec<(usize, A)>, DealError>
where
    A: Copy + Eq + Hash + Ord + Debug,
{
    if unread.is_empty() {
        return Ok(Vec::new());
    }
    let authors: Vec<A> = unread.iter().map(|s| s.author).collect();
    let dealt = deal::deal_face_to_face(remaining, &authors, false, rng)?;
    let readings = dealt.readings.iter().map(|r| (r.card, r.reader)).collect();
    Ok(prefer_fewer_read(readings, &authors, remaining, read_so_far, rng))
}

/// Moves the extra cards of a balanced deal to the readers with the lowest
/// counts in `so_far`, keeping loads within one and nobody reading their own.
///
/// `readings` are `(card, reader)` with cards indexing `authors`. With `m`
/// cards among `n` readers, `m % n` readers read one card more than the
/// rest. While some reader with an extra card has a higher count than a
/// reader without, one card goes from the first to the second: any card not
/// written by the receiver will do, and when the giver's only card is the
/// receiver's own (possible only with fewer cards than readers), the
/// receiver takes another extra reader's card, who takes the giver's.
/// That rotation exists whenever two or more readers hold extras, so at the
/// end every extra is held by someone whose count is no higher than any
/// reader without one, except for a single card held by the only reader who
/// can read it. Each move lowers the counts summed over the holders of
/// extras, so the loop ends. Ties are broken by a shuffled order of readers.
fn prefer_fewer_read<A: Copy + Ord>(
    mut readings: Vec<(usize, A)>,
    authors: &[A],
    readers: &[A],
    so_far: &BTreeMap<A, usize>,
    rng: &mut DealRng,
) -> Vec<(usize, A)> {
    let n = readers.len().max(1);
    let base = readings.len() / n;
    if !readings.len().is_multiple_of(n) {
        let count = |x: &A| so_far.get(x).copied().unwrap_or(0);
        let mut order = readers.to_vec();
        shuffle(&mut order, rng);
        loop {
            let load = |x: &A| readings.iter().filter(|&&(_, r)| r == *x).count();
            let mut givers: Vec<A> = order.iter().copied().filter(|x| load(x) > base).collect();
            givers.sort_by_key(|x| Reverse(count(x)));
            let mut takers: Vec<A> = order.iter().copied().filter(|x| load(x) == base).collect();
            takers.sort_by_key(count);
            let step = givers.iter().find_map(|&a| {
                takers.iter().take_while(|&b| count(b) < count(&a)).find_map(|&b| handover(&readings, authors, a, b))
            });
            let Some(moves) = step else { break };
            for (i, reader) in moves {
                readings[i].1 = reader;
            }
        }
    }
    in_rounds(readings)
}

/// The changes that pass one extra card from `a` to `b` (see
/// [`prefer_fewer_read`]), as `(reading, new reader)`, or `None` if none can.
fn handover<A: Copy + Eq>(readings: &[(usize, A)], authors: &[A], a: A, b: A) -> Option<Vec<(usize, A)>> {
    if let Some(i) = readings.iter().rposition(|&(card, r)| r == a && authors[card] != b) {
        return Some(vec![(i, b)]);
    }
    let i = readings.iter().position(|&(_, r)| r == a)?;
    let j = readings.iter().position(|&(card, r)| r != a && r != b && authors[card] != b)?;
    Some(vec![(j, b), (i, readings[j].1)])
}

/// Orders readings in rounds, keeping the order within each round: nobody
/// reads a second card until everyone holding cards has read one.
fn in_rounds<A: Copy + Ord>(readings: Vec<(usize, A)>) -> Vec<(usize, A)> {
    let mut count: BTreeMap<A, usize> = BTreeMap::new();
    let mut keyed: Vec<(usize, (usize, A))> = readings
        .into_iter()
        .map(|reading| {
            let seen = count.entry(reading.1).or_default();
            *seen += 1;
            (*seen, reading)
        })
        .collect();
    keyed.sort_by_key(|&(round, _)| round);
    keyed.into_iter().map(|(_, reading)| reading).collect()
}

/// Online rooms after an erasure, and which of them changed.
struct Seating<A> {
    rooms: BTreeMap<u32, Vec<A>>,
    changed: BTreeSet<u32>,
}

/// Seats the remaining readers (see the online rule on [`after_erasure`]).
/// Anyone left alone or without a room is placed; with two or more such
/// people (only from inconsistent input) they are paired among themselves
/// with [`deal::deal_online`].
fn reseat<A>(
    stored: &[(u32, A)],
    remaining: &[A],
    previous: &HashSet<(A, A)>,
    rng: &mut DealRng,
) -> Result<Seating<A>, DealError>
where
    A: Copy + Eq + Hash + Ord + Debug,
{
    let mut stored = stored.to_vec();
    stored.sort_unstable();
    stored.dedup();
    let mut rooms: BTreeMap<u32, Vec<A>> = BTreeMap::new();
    let mut changed = BTreeSet::new();
    let mut seated = BTreeSet::new();
    for (room, member) in stored {
        let members = rooms.entry(room).or_default();
        if remaining.binary_search(&member).is_ok() && seated.insert(member) {
            members.push(member);
        } else {
            changed.insert(room);
        }
    }
    let mut next = rooms.keys().next_back().map_or(1, |k| k + 1);
    let mut loose: Vec<A> = remaining.iter().copied().filter(|m| !seated.contains(m)).collect();
    let mut freed = Vec::new();
    rooms.retain(|&room, members| {
        if members.len() >= 2 {
            return true;
        }
        loose.append(members);
        freed.push(room);
        false
    });
    loose.sort_unstable();
    // Freed numbers are reused smallest first, so a person whose partner was
    // forgotten can keep their room's number when they get a new partner.
    freed.reverse();
    let mut number = move || {
        freed.pop().unwrap_or_else(|| {
            next += 1;
            next - 1
        })
    };

    let met = |a: A, b: A| usize::from(previous.contains(&(a, b)) || previous.contains(&(b, a)));
    match loose[..] {
        [] => {}
        [p] => {
            let pairs: Vec<(u32, usize)> = rooms
                .iter()
                .filter(|(_, m)| m.len() == 2)
                .map(|(&k, m)| (k, m.iter().map(|&x| met(p, x)).sum()))
                .collect();
            let splits: Vec<((u32, A), usize)> = rooms
                .iter()
                .filter(|(_, m)| m.len() == 3)
                .flat_map(|(&k, m)| {
                    m.iter().map(move |&z| {
                        let rest: Vec<A> = m.iter().copied().filter(|&x| x != z).collect();
                        ((k, z), met(p, z) + met(rest[0], rest[1]))
                    })
                })
                .collect();
            if let Some(k) = fewest(&pairs, rng) {
                join(&mut rooms, k, p);
                changed.insert(k);
            } else if let Some((k, z)) = fewest(&splits, rng) {
                if let Some(trio) = rooms.get_mut(&k) {
                    trio.retain(|&x| x != z);
                }
                let room = number();
                let mut pair = vec![p, z];
                pair.sort_unstable();
                rooms.insert(room, pair);
                changed.extend([k, room]);
            } else if let Some(k) = rooms.iter().min_by_key(|(_, m)| m.len()).map(|(&k, _)| k) {
                // Only rooms of four or more, which no deal makes.
                join(&mut rooms, k, p);
                changed.insert(k);
            } else {
                let room = number();
                rooms.insert(room, vec![p]);
                changed.insert(room);
            }
        }
        _ => {
            for room in deal::deal_online(&loose, &loose, previous, rng)?.rooms {
                let k = number();
                let mut members = room.members;
                members.sort_unstable();
                rooms.insert(k, members);
                changed.insert(k);
            }
        }
    }
    Ok(Seating { rooms, changed })
}

fn join<A: Ord>(rooms: &mut BTreeMap<u32, Vec<A>>, room: u32, who: A) {
    if let Some(members) = rooms.get_mut(&room) {
        members.push(who);
        members.sort_unstable();
    }
}

/// Readers for the unread cards online (see [`after_erasure`]). Returns
/// `(index into unread, reader)` in reading order.
fn deal_unread_online<A, C>(
    unread: &[Slot<A, C>],
    seating: &Seating<A>,
    mut load: BTreeMap<A, usize>,
    rng: &mut DealRng,
) -> Result<Vec<(usize, A)>, DealError>
where
    A: Copy + Eq + Hash + Ord + Debug,
{
    let room_of: BTreeMap<A, u32> = seating.rooms.iter().flat_map(|(&k, m)| m.iter().map(move |&x| (x, k))).collect();
    // A room is dealt again if it changed, or if one of its members' unread
    // cards is not read within it (which only inconsistent input can cause).
    let mut redo = seating.changed.clone();
    for s in unread {
        if let Some(&k) = room_of.get(&s.author)
            && !s.reader.is_some_and(|r| r != s.author && room_of.get(&r) == Some(&k))
        {
            redo.insert(k);
        }
    }
    let mut reader: Vec<Option<A>> = unread
        .iter()
        .map(|s| {
            let keep = room_of.get(&s.author).is_none_or(|k| !redo.contains(k));
            s.reader.filter(|r| keep && room_of.contains_key(r))
        })
        .collect();
    for r in reader.iter().flatten() {
        *load.entry(*r).or_default() += 1;
    }

    for k in &redo {
        let Some(members) = seating.rooms.get(k) else { continue };
        let cards: Vec<usize> = (0..unread.len()).filter(|&i| room_of.get(&unread[i].author) == Some(k)).collect();
        if cards.is_empty() {
            continue;
        }
        let authors: Vec<A> = cards.iter().map(|&i| unread[i].author).collect();
        let dealt = deal::deal_face_to_face(members, &authors, false, rng)?;
        let readings = dealt.readings.iter().map(|r| (r.card, r.reader)).collect();
        for (card, r) in prefer_fewer_read(readings, &authors, members, &load, rng) {
            reader[cards[card]] = Some(r);
            *load.entry(r).or_default() += 1;
        }
    }

    // Giving each card to a current minimum keeps every receiver within one
    // of the final minimum (as for absent authors' cards in the deal).
    let mut orphans: Vec<usize> = (0..unread.len()).filter(|&i| reader[i].is_none()).collect();
    shuffle(&mut orphans, rng);
    for i in orphans {
        let least = load.values().copied().min().unwrap_or(0);
        let candidates: Vec<A> = load.iter().filter(|&(_, &l)| l == least).map(|(&r, _)| r).collect();
        if let Some(&r) = candidates.get(pick(rng, candidates.len())) {
            reader[i] = Some(r);
            *load.entry(r).or_default() += 1;
        }
    }

    let mut order: Vec<(u32, bool, usize, A)> = reader
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.map(|r| (room_of.get(&r).copied().unwrap_or(0), !room_of.contains_key(&unread[i].author), i, r))
        })
        .collect();
    order.sort_unstable();
    Ok(order.into_iter().map(|(_, _, i, r)| (i, r)).collect())
}

/// The option with the lowest score, ties drawn at random.
fn fewest<T: Copy>(options: &[(T, usize)], rng: &mut DealRng) -> Option<T> {
    let least = options.iter().map(|&(_, score)| score).min()?;
    let best: Vec<T> = options.iter().filter(|&&(_, score)| score == least).map(|&(t, _)| t).collect();
    best.get(pick(rng, best.len())).copied()
}

/// A draw in `0..n` (0 when `n <= 1`). Taken modulo `n` from the deal's
/// generator: the bias is below `n / 2^64`, which cannot matter when picking
/// among a handful of rooms or readers, and like the deal's own sampler it
/// depends only on the generator's `next_u64` stream.
fn pick(rng: &mut DealRng, n: usize) -> usize {
    if n <= 1 { 0 } else { (rng.next_u64() % n as u64) as usize }
}

/// Fisher–Yates, with [`pick`].
fn shuffle<T>(items: &mut [T], rng: &mut DealRng) {
    for i in (1..items.len()).rev() {
        items.swap(i, pick(rng, i + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::endings::plan;
    use proptest::prelude::*;
    use proptest::sample::Index;

    type Id = u32;
    type Card = u64;
    type Deal = StoredDeal<Id, Card>;
    type Pairs = HashSet<(Id, Id)>;

    const ANN: Id = 1;
    const BO: Id = 2;
    const CY: Id = 3;
    const DI: Id = 4;
    const ED: Id = 5;
    const FAY: Id = 6;

    fn card_of(author: Id) -> Card {
        100 + Card::from(author)
    }

    fn slot(reader: Id, author: Id, read: bool) -> Slot<Id, Card> {
        Slot { reader: Some(reader), card: card_of(author), author, room: None, read }
    }

    fn face_to_face(chain: bool, slots: Vec<Slot<Id, Card>>) -> StoredDeal<Id, Card> {
        StoredDeal { mode: EndingMode::FaceToFace, chain, slots, rooms: Vec::new() }
    }

    fn changed(outcome: AfterErasure<Id, Card>) -> (StoredDeal<Id, Card>, usize, bool) {
        match outcome {
            AfterErasure::Changed { deal, redealt, chain_dropped } => (deal, redealt, chain_dropped),
            other => panic!("expected a changed deal, got {other:?}"),
        }
    }

    fn unread_load(deal: &StoredDeal<Id, Card>, who: Id) -> usize {
        deal.slots.iter().filter(|s| !s.read && s.reader == Some(who)).count()
    }

    /// Six people in a chain, each reading the next one's card; the first
    /// three cards are read.
    fn six_in_a_chain() -> StoredDeal<Id, Card> {
        let next = |p: Id| p % 6 + 1;
        face_to_face(true, (ANN..=FAY).map(|p| slot(p, next(p), p <= CY)).collect())
    }

    #[test]
    fn an_absent_author_forgotten_after_locking() {
        // Di wrote a card but does not take part; nothing is read yet.
        // Ann reads Bo's, Bo reads Cy's and Ann's, Cy reads Di's.
        let stored = face_to_face(
            false,
            vec![slot(ANN, BO, false), slot(BO, CY, false), slot(CY, DI, false), slot(BO, ANN, false)],
        );
        let readers = [ANN, BO, CY];
        let (deal, redealt, chain_dropped) = changed(after_erasure(&stored, &readers, DI, &HashSet::new(), 5).unwrap());
        assert!(!chain_dropped);
        assert_eq!(deal.slots.len(), 3);
        assert!(deal.slots.iter().all(|s| !s.read && s.author != DI && s.reader != Some(s.author)));
        assert!(readers.iter().all(|&r| unread_load(&deal, r) == 1), "{deal:?}");
        let mut cards: Vec<Card> = deal.slots.iter().map(|s| s.card).collect();
        cards.sort_unstable();
        assert_eq!(cards, [card_of(ANN), card_of(BO), card_of(CY)]);
        let before = |c: Card| stored.slots.iter().find(|s| s.card == c).and_then(|s| s.reader);
        assert_eq!(redealt, deal.slots.iter().filter(|s| before(s.card) != s.reader).count());
        assert!(redealt >= 1);
    }

    #[test]
    fn reads_stay_with_their_readers_and_the_rest_goes_to_those_who_read_least() {
        // Ann, Bo and Cy have read; Ed is forgotten: his card (unread, with
        // Di) goes, and the two cards left go to Di and Fay, who have not
        // read yet. Fay cannot read her own, so Di reads Fay's.
        let stored = six_in_a_chain();
        let readers: Vec<Id> = (ANN..=FAY).collect();
        let (deal, redealt, chain_dropped) =
            changed(after_erasure(&stored, &readers, ED, &HashSet::new(), 11).unwrap());
        assert!(chain_dropped && !deal.chain);
        assert_eq!(deal.slots[..3], stored.slots[..3]);
        let mut rest: Vec<(Option<Id>, Id)> = deal.slots[3..].iter().map(|s| (s.reader, s.author)).collect();
        rest.sort_unstable();
        assert_eq!(rest, [(Some(DI), FAY), (Some(FAY), ANN)]);
        assert!(deal.slots[3..].iter().all(|s| !s.read));
        // Fay's card moved from Ed to Di; Ann's stays with Fay.
        assert_eq!(redealt, 1);
    }

    #[test]
    fn a_card_read_by_the_forgotten_stays_read_without_a_reader() {
        // Bo read Cy's card aloud; Ann read Bo's. Forgetting Bo removes his
        // card, keeps Cy's as read by nobody, and leaves the unread part (and
        // the chain through it) alone.
        let stored = six_in_a_chain();
        let readers: Vec<Id> = (ANN..=FAY).collect();
        let (deal, redealt, chain_dropped) =
            changed(after_erasure(&stored, &readers, BO, &HashSet::new(), 11).unwrap());
        assert_eq!(
            deal.slots,
            [
                Slot { reader: None, ..slot(BO, CY, true) },
                slot(CY, DI, true),
                slot(DI, ED, false),
                slot(ED, FAY, false),
                slot(FAY, ANN, false)
            ]
        );
        assert_eq!((redealt, chain_dropped, deal.chain), (0, false, true));
    }

    #[test]
    fn too_few_left_to_deal() {
        let stored = face_to_face(false, vec![slot(ANN, BO, true), slot(BO, ANN, false), slot(ANN, DI, false)]);
        let outcome = after_erasure(&stored, &[ANN, BO], BO, &HashSet::new(), 1).unwrap();
        assert_eq!(outcome, AfterErasure::TooFewToDeal { slots_read: vec![], unread: vec![card_of(ANN), card_of(DI)] });
    }

    #[test]
    fn nothing_to_do_when_not_dealt_or_not_involved() {
        let none = HashSet::new();
        let empty = face_to_face(false, Vec::new());
        assert_eq!(after_erasure(&empty, &[ANN, BO], ANN, &none, 1), Ok(AfterErasure::Unchanged));
        let stored = face_to_face(false, vec![slot(ANN, BO, false), slot(BO, ANN, false)]);
        assert_eq!(after_erasure(&stored, &[ANN, BO, CY], CY, &none, 1), Ok(AfterErasure::Unchanged));
        assert_eq!(after_erasure(&stored, &[ANN, ANN], CY, &none, 1), Err(DealError::DuplicateReader));
        let twice = face_to_face(false, vec![slot(ANN, BO, false), Slot { card: 7, ..slot(ANN, BO, false) }]);
        assert_eq!(after_erasure(&twice, &[ANN, BO], CY, &none, 1), Err(DealError::DuplicateAuthor));
    }

    fn online_slot(reader: Id, author: Id, room: u32) -> Slot<Id, Card> {
        Slot { room: Some(room), ..slot(reader, author, false) }
    }

    #[test]
    fn online_a_lone_partner_joins_a_pair() {
        // Rooms 1: Ann+Bo, 2: Cy+Di, 3: Ed+Fay+Gus. Ann is forgotten: Bo
        // joins the pair rather than splitting the trio, which stays as it
        // was, readings and all.
        const GUS: Id = 7;
        let stored = StoredDeal {
            mode: EndingMode::Online,
            chain: false,
            slots: vec![
                online_slot(ANN, BO, 1),
                online_slot(BO, ANN, 1),
                online_slot(CY, DI, 2),
                online_slot(DI, CY, 2),
                online_slot(ED, FAY, 3),
                online_slot(FAY, GUS, 3),
                online_slot(GUS, ED, 3),
            ],
            rooms: vec![(1, ANN), (1, BO), (2, CY), (2, DI), (3, ED), (3, FAY), (3, GUS)],
        };
        let readers = [ANN, BO, CY, DI, ED, FAY, GUS];
        for seed in 0..20 {
            let (deal, _, _) = changed(after_erasure(&stored, &readers, ANN, &HashSet::new(), seed).unwrap());
            assert_eq!(deal.rooms, [(2, BO), (2, CY), (2, DI), (3, ED), (3, FAY), (3, GUS)]);
            assert_eq!(deal.slots[3..], stored.slots[4..]);
            // A trio of three unread cards reads round in a circle.
            assert_eq!(deal.slots.len(), 6);
            for who in [BO, CY, DI] {
                assert_eq!(unread_load(&deal, who), 1);
            }
            assert!(deal.slots[..3].iter().all(|s| s.room == Some(2) && s.reader != Some(s.author)));
        }
    }

    #[test]
    fn online_a_lone_partner_splits_a_trio_avoiding_old_pairs() {
        // Rooms 1: Ann+Bo, 2: Cy+Di+Ed. Ann is forgotten; Bo has met Cy and
        // Di before, so he pairs with Ed in room 1 and Cy and Di stay in 2.
        let stored = StoredDeal {
            mode: EndingMode::Online,
            chain: false,
            slots: vec![
                online_slot(ANN, BO, 1),
                online_slot(BO, ANN, 1),
                online_slot(CY, DI, 2),
                online_slot(DI, ED, 2),
                online_slot(ED, CY, 2),
            ],
            rooms: vec![(1, ANN), (1, BO), (2, CY), (2, DI), (2, ED)],
        };
        let met: HashSet<(Id, Id)> = [(BO, CY), (BO, DI)].into_iter().collect();
        for seed in 0..20 {
            let (deal, redealt, _) = changed(after_erasure(&stored, &[ANN, BO, CY, DI, ED], ANN, &met, seed).unwrap());
            assert_eq!(deal.rooms, [(1, BO), (1, ED), (2, CY), (2, DI)]);
            let mut readings: Vec<(Option<Id>, Id, Option<u32>)> =
                deal.slots.iter().map(|s| (s.reader, s.author, s.room)).collect();
            readings.sort_unstable();
            assert_eq!(
                readings,
                [(Some(BO), ED, Some(1)), (Some(CY), DI, Some(2)), (Some(DI), CY, Some(2)), (Some(ED), BO, Some(1))]
            );
            // Bo's card (Ann read it), Cy's (Ed read it) and Ed's (Di read it).
            assert_eq!(redealt, 3);
        }
    }

    #[test]
    fn reading_numbers_follow_the_deal() {
        assert_eq!(reading_numbers(&[30, 10, 20]), [(30, 1), (10, 2), (20, 3)]);
        assert_eq!(reading_numbers(&[5, 5, 6]), [(5, 1), (6, 2)]);
        assert!(reading_numbers::<u8>(&[]).is_empty());
    }

    // ---------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------

    #[derive(Debug, Clone)]
    struct Activity {
        people: usize,
        taking_part: Vec<bool>,
        wrote: Vec<bool>,
        online: bool,
        chain: bool,
        seed: u64,
        marks: Vec<bool>,
        forgets: Vec<Index>,
        history: Vec<(Index, Index)>,
    }

    fn activity() -> impl Strategy<Value = Activity> {
        (2usize..=30).prop_flat_map(|people| {
            (
                prop::collection::vec(prop::bool::weighted(0.85), people),
                prop::collection::vec(prop::bool::weighted(0.8), people),
                any::<bool>(),
                any::<bool>(),
                any::<u64>(),
                prop::collection::vec(prop::bool::weighted(0.3), 1..64),
                prop::collection::vec(any::<Index>(), 1..=5),
                prop::collection::vec((any::<Index>(), any::<Index>()), 0..8),
            )
                .prop_map(move |(taking_part, wrote, online, chain, seed, marks, forgets, history)| {
                    Activity { people, taking_part, wrote, online, chain, seed, marks, forgets, history }
                })
        })
    }

    /// The stored deal at the start, and who takes part.
    fn start(a: &Activity) -> (Deal, Vec<Id>, Pairs) {
        let everyone: Vec<Id> = (1..=a.people as Id).collect();
        let mut readers: Vec<Id> = everyone.iter().copied().filter(|&p| a.taking_part[p as usize - 1]).collect();
        if readers.len() < 2 {
            readers = vec![1, 2];
        }
        let mut authors: Vec<Id> = everyone.iter().copied().filter(|&p| a.wrote[p as usize - 1]).collect();
        if authors.is_empty() {
            authors.push(1);
        }
        if a.chain && !a.online {
            // A chain needs everyone reading to have written a card.
            authors = readers.clone();
        }
        let history: HashSet<(Id, Id)> = a
            .history
            .iter()
            .map(|(x, y)| deal::pair_key(x.index(a.people) as Id + 1, y.index(a.people) as Id + 1))
            .filter(|(x, y)| x != y)
            .collect();
        let mode = if a.online { EndingMode::Online } else { EndingMode::FaceToFace };
        let planned = plan(mode, a.chain, &readers, &authors, &history, a.seed).expect("a valid activity deals");
        let slots = planned
            .readings
            .iter()
            .map(|&(reader, card, room)| Slot {
                reader: Some(reader),
                card: card_of(authors[card]),
                author: authors[card],
                room,
                read: false,
            })
            .collect();
        (StoredDeal { mode, chain: planned.chain, slots, rooms: planned.rooms }, readers, history)
    }

    fn mark_some_read(deal: &mut StoredDeal<Id, Card>, marks: &[bool], step: usize) {
        for (j, s) in deal.slots.iter_mut().enumerate() {
            if marks[(step * 7 + j) % marks.len()] {
                s.read = true;
            }
        }
    }

    fn rooms_by_number(rooms: &[(u32, Id)]) -> BTreeMap<u32, Vec<Id>> {
        let mut map: BTreeMap<u32, Vec<Id>> = BTreeMap::new();
        for &(k, m) in rooms {
            map.entry(k).or_default().push(m);
        }
        for members in map.values_mut() {
            members.sort_unstable();
        }
        map
    }

    /// Applies one erasure and checks every rule. Returns the next state, or
    /// `None` when the activity cannot go on.
    fn forget_and_check(
        before: &StoredDeal<Id, Card>,
        readers: &[Id],
        forgotten: Id,
        history: &HashSet<(Id, Id)>,
        seed: u64,
    ) -> Result<Option<(Deal, Vec<Id>)>, TestCaseError> {
        let outcome = after_erasure(before, readers, forgotten, history, seed);
        prop_assert_eq!(&outcome, &after_erasure(before, readers, forgotten, history, seed), "not deterministic");
        let outcome = outcome.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let remaining: Vec<Id> = readers.iter().copied().filter(|&r| r != forgotten).collect();
        let online = before.mode == EndingMode::Online;
        let involved = before.slots.iter().any(|s| s.author == forgotten || s.reader == Some(forgotten))
            || (online && before.rooms.iter().any(|&(_, m)| m == forgotten));
        let expected_read: Vec<Slot<Id, Card>> = before
            .slots
            .iter()
            .filter(|s| s.read && s.author != forgotten)
            .map(|s| Slot { reader: s.reader.filter(|&r| r != forgotten), ..*s })
            .collect();
        let expected_unread: Vec<Card> =
            before.slots.iter().filter(|s| !s.read && s.author != forgotten).map(|s| s.card).collect();

        let (deal, redealt, chain_dropped) = match outcome {
            AfterErasure::Unchanged => {
                prop_assert!(!involved || before.slots.is_empty());
                return Ok(Some((before.clone(), remaining)));
            }
            AfterErasure::TooFewToDeal { slots_read, unread } => {
                prop_assert!(involved && remaining.len() < 2);
                prop_assert_eq!(slots_read, expected_read);
                prop_assert_eq!(unread, expected_unread);
                return Ok(None);
            }
            AfterErasure::Changed { deal, redealt, chain_dropped } => (deal, redealt, chain_dropped),
        };
        prop_assert!(involved && remaining.len() >= 2);
        prop_assert_eq!(deal.mode, before.mode);

        // Every card but the forgotten person's, exactly once; read first.
        let mut cards: Vec<Card> = deal.slots.iter().map(|s| s.card).collect();
        cards.sort_unstable();
        let mut expected: Vec<Card> = before.slots.iter().filter(|s| s.author != forgotten).map(|s| s.card).collect();
        expected.sort_unstable();
        prop_assert_eq!(cards, expected);
        prop_assert!(deal.slots.iter().all(|s| s.author != forgotten && s.reader != Some(forgotten)));
        let read_count = deal.slots.iter().take_while(|s| s.read).count();
        prop_assert_eq!(&deal.slots[..read_count], &expected_read[..]);
        let unread = &deal.slots[read_count..];
        prop_assert!(unread.iter().all(|s| !s.read));
        for s in unread {
            let reader = s.reader.ok_or_else(|| TestCaseError::fail("an unread card has no reader"))?;
            prop_assert!(remaining.contains(&reader) && reader != s.author, "{s:?}");
        }
        let reader_before = |c: Card| before.slots.iter().find(|s| s.card == c).and_then(|s| s.reader);
        prop_assert_eq!(redealt, unread.iter().filter(|s| reader_before(s.card) != s.reader).count());

        let read_so_far = |who: Id| deal.slots[..read_count].iter().filter(|s| s.reader == Some(who)).count();
        let load = |who: Id| unread.iter().filter(|s| s.reader == Some(who)).count();
        if online {
            prop_assert!(!deal.chain && !chain_dropped);
            let rooms = rooms_by_number(&deal.rooms);
            let mut seated: Vec<Id> = deal.rooms.iter().map(|&(_, m)| m).collect();
            seated.sort_unstable();
            let mut expected_seated = remaining.clone();
            expected_seated.sort_unstable();
            prop_assert_eq!(seated, expected_seated);
            prop_assert!(rooms.values().all(|m| (2..=3).contains(&m.len())), "{rooms:?}");
            let room_of = |who: Id| deal.rooms.iter().find(|&&(_, m)| m == who).map(|&(k, _)| k);
            let old_rooms = rooms_by_number(&before.rooms);
            let untouched = |k: u32| old_rooms.get(&k) == rooms.get(&k);
            prop_assert!(old_rooms.keys().filter(|&&k| !untouched(k)).count() <= 2, "{old_rooms:?} -> {rooms:?}");
            for s in unread {
                prop_assert_eq!(s.room, s.reader.and_then(room_of));
                if let Some(k) = room_of(s.author) {
                    prop_assert_eq!(Some(k), s.room, "{:?} is read outside its author's room", s);
                    if untouched(k) {
                        prop_assert_eq!(s.reader, reader_before(s.card));
                    }
                }
            }
            let room_cards =
                |who: Id| unread.iter().filter(|s| s.reader == Some(who) && room_of(s.author).is_some()).count();
            prop_assert!(remaining.iter().all(|&r| room_cards(r) <= 1));
            let total = |who: Id| read_so_far(who) + load(who);
            let least = remaining.iter().map(|&r| total(r)).min().unwrap_or(0);
            for s in unread.iter().filter(|s| room_of(s.author).is_none() && reader_before(s.card) != s.reader) {
                let r = s.reader.unwrap_or(forgotten);
                prop_assert!(total(r) <= least + 1, "{s:?} went to someone reading {} of a least {least}", total(r));
            }
        } else {
            prop_assert!(deal.rooms.is_empty());
            prop_assert!(unread.iter().all(|s| s.room.is_none()));
            let touched = before.slots.iter().any(|s| {
                !s.read && (s.author == forgotten || !s.reader.is_some_and(|r| r != s.author && remaining.contains(&r)))
            });
            if touched {
                prop_assert!(!deal.chain);
                prop_assert_eq!(chain_dropped, before.chain);
                let loads: Vec<usize> = remaining.iter().map(|&r| load(r)).collect();
                let (least, most) = (loads.iter().min().unwrap_or(&0), loads.iter().max().unwrap_or(&0));
                prop_assert!(most - least <= 1, "loads {loads:?}");
                // Extra cards go to those who have read fewest so far.
                let (base, extra) = (unread.len() / remaining.len(), unread.len() % remaining.len());
                for &a in remaining.iter().filter(|&&r| extra > 0 && load(r) > base) {
                    for &b in remaining.iter().filter(|&&r| load(r) == base) {
                        let only_b_s_own = base == 0 && extra == 1 && unread[0].author == b;
                        prop_assert!(
                            read_so_far(a) <= read_so_far(b) || only_b_s_own,
                            "{a} read {} and got an extra, {b} read {} and did not",
                            read_so_far(a),
                            read_so_far(b)
                        );
                    }
                }
            } else {
                prop_assert_eq!((deal.chain, chain_dropped, redealt), (before.chain, false, 0));
                let old: Vec<Slot<Id, Card>> = before.slots.iter().filter(|s| !s.read).copied().collect();
                prop_assert_eq!(unread, &old[..]);
            }
        }
        Ok(Some((deal, remaining)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn repeated_erasures_keep_every_rule(a in activity()) {
            let (mut deal, mut readers, history) = start(&a);
            mark_some_read(&mut deal, &a.marks, 0);
            for (step, who) in a.forgets.iter().enumerate() {
                let forgotten = who.index(a.people) as Id + 1;
                let seed = a.seed.wrapping_add(step as u64);
                match forget_and_check(&deal, &readers, forgotten, &history, seed)? {
                    Some((next, remaining)) => {
                        deal = next;
                        readers = remaining;
                        mark_some_read(&mut deal, &a.marks, step + 1);
                    }
                    None => break,
                }
            }
        }
    }
}

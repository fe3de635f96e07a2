//! The online deal: breakout rooms of two (one of three when the count is
//! odd), where partners read each other's cards, avoiding earlier pairs.

use std::collections::HashSet;
use std::fmt::Debug;
use std::hash::{BuildHasher, Hash};
use std::ops::Range;

use rand::Rng;

use super::*;

/// Deals the cards for an online session.
///
/// Readers are split into rooms of two (one room of three when the count is
/// odd), uniformly at random among splits that repeat no pair from
/// `previous_pairs`, if such a split turns up within a bounded number of
/// draws; otherwise the draw with the fewest repeats is kept and the count is
/// reported in [`OnlineDeal::repeated_pairs`]. Within a room people read each
/// other's cards; cards whose authors are not reading are then given to the
/// readers with the fewest readings so far, so that people whose partner
/// wrote no card still get something to read and loads stay as even as
/// possible.
///
/// `previous_pairs` is expected in [`pair_key`] form; pairs stored the other
/// way round are recognised too.
pub fn deal_online<A, R, S>(
    readers: &[A],
    card_authors: &[A],
    previous_pairs: &HashSet<(A, A), S>,
    rng: &mut R,
) -> Result<OnlineDeal<A>, DealError>
where
    A: Copy + Eq + Hash + Ord + Debug,
    R: Rng + ?Sized,
    S: BuildHasher,
{
    let table = Table::new(readers, card_authors)?;
    let n = table.readers.len();
    let m = table.cards.len();
    let ranges = room_ranges(n);

    // Shuffling the readers and cutting the order into consecutive chunks
    // gives every split into rooms the same probability: a given split (with
    // a given direction round the trio) arises from exactly
    // (number of pairs)! * 2^(number of pairs) * 3 orders (pairs in any
    // order, each pair either way round, the trio in any of its 3
    // rotations), the same number for every split. Rejecting splits that
    // repeat a pair keeps the accepted split uniform among the fresh ones.
    let mut order: Vec<usize> = (0..n).collect();
    shuffle(&mut order, rng);
    let mut best = order.clone();
    let mut repeated_pairs = repeats_in_order(&table.readers, &order, &ranges, previous_pairs);
    // Two or three people can only be split one way, so redrawing cannot
    // lower the repeats (it would only change who reads to whom in a trio).
    let max_tries = if n <= 3 { 1 } else { MAX_PAIRING_TRIES };
    let mut tries = 1;
    while repeated_pairs > 0 && tries < max_tries {
        shuffle(&mut order, rng);
        let repeats = repeats_in_order(&table.readers, &order, &ranges, previous_pairs);
        if repeats < repeated_pairs {
            repeated_pairs = repeats;
            best.copy_from_slice(&order);
        }
        tries += 1;
    }

    let card_of = table.card_of_reader();
    let mut load = vec![0usize; n];
    let mut room_of = vec![0usize; n];
    let mut held: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ranges.len()];
    for (room, range) in ranges.iter().enumerate() {
        let members = &best[range.clone()];
        for (i, &reader) in members.iter().enumerate() {
            room_of[reader] = room;
            let next = members[(i + 1) % members.len()];
            if let Some(card) = card_of[next] {
                held[room].push((reader, card));
                load[reader] += 1;
            }
        }
    }

    // Cards from absent authors go, in random order, each to a uniformly
    // chosen reader among those with the fewest readings so far. Giving
    // each card to a current minimum keeps every reader who receives one
    // within one reading of the final minimum, which is the most even
    // spread the room readings allow. Such a card can never be its reader's
    // own, because its author is not reading.
    let mut absent: Vec<usize> = (0..m).filter(|&k| table.owner[k].is_none()).collect();
    shuffle(&mut absent, rng);
    for card in absent {
        let least = load.iter().copied().min().unwrap_or(0);
        let candidates: Vec<usize> = (0..n).filter(|&r| load[r] == least).collect();
        let reader = candidates.get(below(rng, candidates.len())).copied().unwrap_or(0);
        held[room_of[reader]].push((reader, card));
        load[reader] += 1;
    }

    let rooms = ranges
        .iter()
        .map(|range| Room { members: best[range.clone()].iter().map(|&r| table.readers[r]).collect() })
        .collect();
    let readings = held.iter().flatten().map(|&(reader, card)| table.reading(reader, card)).collect();
    Ok(OnlineDeal { rooms, readings, repeated_pairs })
}

/// The positions, in a shuffled order of `n >= 2` readers, that form each
/// room: consecutive pairs, with the last three forming the trio when `n`
/// is odd.
pub(super) fn room_ranges(n: usize) -> Vec<Range<usize>> {
    let pairs = if n % 2 == 1 { n / 2 - 1 } else { n / 2 };
    let mut ranges: Vec<Range<usize>> = (0..pairs).map(|p| 2 * p..2 * p + 2).collect();
    if n % 2 == 1 {
        ranges.push(n - 3..n);
    }
    ranges
}

/// How many pairs sharing a room in this order have shared one before.
fn repeats_in_order<A, S>(
    readers: &[A],
    order: &[usize],
    ranges: &[Range<usize>],
    previous: &HashSet<(A, A), S>,
) -> usize
where
    A: Copy + Eq + Hash + Ord,
    S: BuildHasher,
{
    if previous.is_empty() {
        return 0;
    }
    let mut repeats = 0;
    for range in ranges {
        let members = &order[range.clone()];
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                let (x, y) = pair_key(readers[a], readers[b]);
                if previous.contains(&(x, y)) || previous.contains(&(y, x)) {
                    repeats += 1;
                }
            }
        }
    }
    repeats
}

//! Unbiased sampling on the project's seeded generator, for every shuffle in
//! the domain (the speaking round's order; the card deal can use it too).
//!
//! Built directly on [`Rng::next_u64`] rather than on `rand`'s distributions
//! or `SliceRandom::shuffle`, whose value streams `rand` may change between
//! releases: with [`super::deal::rng_from_seed`], a stored seed reproduces
//! the same draws for as long as this file is unchanged. The stream is the
//! one `deal.rs` pins (`the_seeded_stream_is_pinned`), so the deal can switch
//! to these functions without changing any stored deal.

use rand::Rng;

/// A uniform integer in `0..n` (0 when `n <= 1`, without using the
/// generator), by Lemire's multiply-and-reject method (D. Lemire, "Fast
/// Random Integer Generation in an Interval", ACM TOMACS 29(1), 2019): the
/// high word of `x * n` is uniform once the few low words below
/// `2^64 mod n` are rejected.
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    let n = n as u64;
    let draw = |rng: &mut R| u128::from(rng.next_u64()) * u128::from(n);
    let mut wide = draw(rng);
    if (wide as u64) < n {
        let reject_below = n.wrapping_neg() % n;
        while (wide as u64) < reject_below {
            wide = draw(rng);
        }
    }
    (wide >> 64) as usize
}

/// Durstenfeld's in-place Fisher–Yates shuffle: every order equally likely.
pub fn shuffle<T, R: Rng + ?Sized>(items: &mut [T], rng: &mut R) {
    for last in (1..items.len()).rev() {
        items.swap(last, below(rng, last + 1));
    }
}

/// Makes `items[..k]` a uniformly random selection (in random order) from
/// the whole slice, by running only the first `k` steps of a forward
/// Fisher–Yates shuffle.
pub fn partial_shuffle<T, R: Rng + ?Sized>(items: &mut [T], k: usize, rng: &mut R) {
    let len = items.len();
    for i in 0..k.min(len) {
        items.swap(i, i + below(rng, len - i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal::rng_from_seed;
    use std::collections::BTreeMap;

    #[test]
    fn the_stream_is_the_one_the_deal_pins() {
        let mut rng = rng_from_seed(2024);
        let draws: Vec<usize> = (0..8).map(|_| below(&mut rng, 1000)).collect();
        assert_eq!(draws, [504, 179, 429, 605, 100, 614, 99, 880]);
    }

    #[test]
    fn below_stays_in_range_and_needs_no_draw_for_one_choice() {
        let mut rng = rng_from_seed(7);
        assert!((0..2000).all(|_| below(&mut rng, 7) < 7));
        assert_eq!(below(&mut rng, 0), 0);
        assert_eq!(below(&mut rng, 1), 0);
    }

    #[test]
    fn shuffle_reaches_every_order_about_equally() {
        // Fixed seed, so the counts are deterministic; the bounds are ±20 %
        // of the expected 1000, far outside what an unbiased shuffle misses.
        let mut rng = rng_from_seed(11);
        let mut seen = BTreeMap::new();
        for _ in 0..6000 {
            let mut items = [1, 2, 3];
            shuffle(&mut items, &mut rng);
            *seen.entry(items).or_insert(0) += 1;
        }
        assert_eq!(seen.len(), 6);
        assert!(seen.values().all(|&count| (800..=1200).contains(&count)), "{seen:?}");
    }
}

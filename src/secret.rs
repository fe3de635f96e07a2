//! The passphrase of an encrypted database, held in memory only.
//!
//! It is never written anywhere: not to a file, a log, the settings or an
//! error message. Its bytes are zeroed when the last holder lets go of it
//! (`zeroize`), and `Debug` shows no part of it. Clones share one copy, so
//! the threads that open their own connection (reading ahead, the daily
//! backup) hold the same bytes rather than copies of them.

use std::sync::Arc;

use zeroize::Zeroizing;

/// The fewest characters a new passphrase may have. Length is what makes a
/// passphrase hard to guess; four or five ordinary words pass easily.
pub const MIN_CHARS: usize = 12;

#[derive(Clone)]
pub struct Passphrase(Arc<Zeroizing<String>>);

impl Passphrase {
    /// Takes the text typed or read, without the line's end.
    pub fn new(mut text: String) -> Passphrase {
        while text.ends_with('\n') || text.ends_with('\r') {
            text.pop();
        }
        Passphrase(Arc::new(Zeroizing::new(text)))
    }

    /// The passphrase itself, for SQLCipher only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Why this passphrase is too weak to set, or `None` when it will do.
    pub fn weakness(&self) -> Option<String> {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < MIN_CHARS {
            return Some(format!(
                "a passphrase needs at least {MIN_CHARS} characters (a few ordinary words together are easy to \
                 remember and hard to guess)"
            ));
        }
        if chars.iter().any(|c| c.is_control()) {
            return Some("a passphrase cannot hold control characters".into());
        }
        let mut distinct = chars.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 5 {
            return Some("that passphrase repeats too few characters to be hard to guess; try a few words".into());
        }
        None
    }

    /// The same passphrase typed twice.
    pub fn same_as(&self, other: &Passphrase) -> bool {
        // Not a secret compared against an attacker's guesses: both were
        // typed by the person here, so an early exit gives nothing away.
        *self.0 == *other.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(hidden)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_repetitive_passphrases_are_refused_with_a_reason() {
        assert!(Passphrase::new("short".into()).weakness().unwrap().contains("12 characters"));
        assert!(Passphrase::new("aaaaaaaaaaaaaaaa".into()).weakness().is_some());
        assert!(Passphrase::new("bus\u{7}stop ferry".into()).weakness().is_some());
        assert_eq!(Passphrase::new("quiet harbour lamp\n".into()).weakness(), None);
    }

    #[test]
    fn a_line_end_is_not_part_of_it_and_debug_shows_nothing() {
        let p = Passphrase::new("quiet harbour lamp\r\n".into());
        assert_eq!(p.expose(), "quiet harbour lamp");
        assert!(!format!("{p:?}").contains("harbour"));
        assert!(p.same_as(&Passphrase::new("quiet harbour lamp".into())));
    }
}

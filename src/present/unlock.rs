//! What circle says while it asks for the passphrase of an encrypted
//! database, in the console and in linear mode alike.

/// Tries at typing a passphrase before circle gives up, wherever it asks.
pub const TRIES: usize = 3;

/// Said before the passphrase is asked for.
pub const ASK: &str = "This database is encrypted. Type its passphrase, then press Enter.";

/// Said in linear mode, where a screen reader would otherwise wait for
/// characters that never come: nothing is shown or read as it is typed.
pub const UNSEEN: &str = "What you type is not shown and not read aloud.";

/// A wrong passphrase, with the tries left.
pub fn wrong(tries_left: usize) -> String {
    let left = match tries_left {
        1 => "1 more try".to_string(),
        n => format!("{n} more tries"),
    };
    format!("That passphrase does not open this database; nothing was changed. {left}.")
}

/// The last try was wrong too.
pub const GAVE_UP: &str = "that passphrase does not open this database; nothing was changed";

/// Said while the passphrase is checked, which takes a moment on purpose:
/// it is what makes guessing slow.
pub const CHECKING: &str = "Checking the passphrase…";

#[cfg(test)]
mod tests {
    #[test]
    fn tries_are_counted_in_words() {
        assert!(super::wrong(2).ends_with("2 more tries."));
        assert!(super::wrong(1).ends_with("1 more try."));
    }
}

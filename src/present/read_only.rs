//! Why the records could only be opened read-only, as both front ends say
//! it: the console in a banner that stays on screen, linear mode once, in a
//! whole sentence, at the start. Both are kept side by side, so a change to
//! what one says is seen beside the other.

use crate::usecase::ReadOnlyCause;

/// The banner's words, from the fullest to the shortest; the console shows
/// the widest that fits its window.
pub fn banner(cause: ReadOnlyCause) -> [&'static str; 4] {
    match cause {
        ReadOnlyCause::DiskFull => [
            "The disk is full: your records are read-only until you make room and restart.",
            "Disk full: read-only until you make room and restart.",
            "Disk full: read-only until you make room.",
            "Disk full: read-only.",
        ],
        ReadOnlyCause::ReadOnlyFile => [
            "This file is read-only for you: circle shows your records but saves nothing.",
            "Read-only file: circle shows it but saves nothing.",
            "Read-only file: nothing is saved.",
            "Read-only file.",
        ],
        ReadOnlyCause::ReadOnlyFolder => [
            "This file's folder is read-only for you: circle shows your records but saves nothing.",
            "Read-only folder: circle shows it but saves nothing.",
            "Read-only folder: nothing is saved.",
            "Read-only folder.",
        ],
    }
}

/// Said once at the start, in a whole sentence.
pub fn notice(cause: ReadOnlyCause) -> &'static str {
    match cause {
        ReadOnlyCause::DiskFull => {
            "The disk is full, so circle opened your records read-only: you can read everything, and nothing you change is saved until you make some room and start circle again."
        }
        ReadOnlyCause::ReadOnlyFile => {
            "This database file is read-only for you, so circle opened it read-only: you can read everything, and nothing you change is saved."
        }
        ReadOnlyCause::ReadOnlyFolder => {
            "The folder this database is in is read-only for you, so circle opened it read-only: you can read everything, and nothing you change is saved."
        }
    }
}

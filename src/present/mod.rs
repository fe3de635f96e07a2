//! What circle says, written once: the words, counts, dates and labels a
//! person reads, made from what the use cases return. Both front ends take
//! them from here and only lay them out: the console in a grid with colours,
//! linear mode as numbered lines for a screen reader. So the console and
//! linear mode cannot word the same thing two ways (a status, a count, a
//! date), and a change of wording is made in one file.
//!
//! This part sits below both front ends and above the use cases: it reads
//! the domain's values and the use cases' outcomes, holds no rule (whether
//! someone may become active is a use case's to decide; how that is said is
//! decided here), does no I/O, and knows nothing of ratatui or of a line
//! being read aloud. Where the two front ends need different lengths of the
//! same thing (a grid cell, "58%", and a sentence, "7 of 12 meetings they
//! could have come to"), both come from the same value here.

pub mod dates;
pub mod register;
pub mod roster;
pub mod status;

pub use dates::DateStyle;

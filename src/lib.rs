//! circle: a calm, keyboard-driven console for facilitators of peer support
//! groups. The library holds everything; `main.rs` only wires it together.
//!
//! The layers, each using only those below it: the front ends (`tui`, the
//! console, `linear`, linear mode, and `cli`, the command line) call the
//! use cases (`usecase`), which keep the rules and run each thing a
//! facilitator does as one transaction on the store; `domain` holds the
//! pure rules and entities every layer shares. `present`, between the use
//! cases and the front ends, turns what the use cases return into the words
//! a person reads, so the console and linear mode say the same thing the
//! same way.
//!
//! The store (`src/store`) is a private module of `usecase`, so a front end
//! that names it does not compile. Tests and benchmarks reach it as
//! `circle::store` through the `testing` feature (see Cargo.toml).

pub mod cli;
pub mod domain;
pub mod files;
pub mod linear;
pub mod logfile;
pub mod present;
pub mod scratch;
pub mod secret;
pub mod settings;
pub mod tui;
pub mod usecase;

#[cfg(feature = "testing")]
pub use usecase::{demo, store};

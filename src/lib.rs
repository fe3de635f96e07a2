//! circle: a calm, keyboard-driven console for facilitators of peer support
//! groups. The library holds everything; `main.rs` only wires it together.
//!
//! The layers, each using only those below it: the front ends (`tui`, the
//! console, and `cli`, the command line) call the use cases (`usecase`),
//! which keep the rules and run each thing a facilitator does as one
//! transaction on the `store`; `domain` holds the pure rules and entities
//! every layer shares. `present`, between the use cases and the front ends,
//! turns what the use cases return into the words a person reads, so the
//! console and linear mode (`linear`) say the same thing the same way.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod files;
pub mod linear;
pub mod logfile;
pub mod present;
pub mod scratch;
pub mod settings;
pub mod store;
pub mod tui;
pub mod usecase;

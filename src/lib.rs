//! circle: a calm, keyboard-driven console for facilitators of peer support
//! groups. The library holds everything; `main.rs` only wires it together.

pub mod cli;
pub mod cli_members;
pub mod demo;
pub mod domain;
pub mod files;
pub mod store;
pub mod tui;
pub mod usecase;

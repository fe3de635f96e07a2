//! End-to-end tests: the real `circle` binary in a pseudo-terminal, read
//! back through a terminal emulator. This is the one pty test binary
//! (`cargo test --test e2e`); each flow is a module, all sharing [`pty`].
//!
//! Keep these few and about what only a real terminal shows: start-up,
//! the alternate screen, keys as bytes, resizing, quitting cleanly. Pane
//! details belong in the `TestBackend` snapshot tests, which are faster and
//! exact.

mod crash;
mod encrypted;
mod endings;
mod launch;
mod linear;
mod meeting;
mod meetings;
mod mouse;
mod pty;
mod read_only;
mod refusals;
mod roster;
mod settings;

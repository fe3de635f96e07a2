//! What the console hands to the runner, which owns the terminal: a text to
//! edit in `$EDITOR`. Panes ask through [`Next`](crate::tui::panes::Next);
//! only the runner touches the terminal.

use super::{App, Purpose};
use crate::tui::panes::Answer;

impl App {
    /// A text the runner should open in `$EDITOR`, if one is waiting.
    pub fn take_external_edit(&mut self) -> Option<(String, Purpose)> {
        self.external.take()
    }

    /// What came back from `$EDITOR`, to the pane that asked.
    pub fn external_edit_done(&mut self, result: Result<Option<String>, String>, purpose: Purpose) {
        let next = self.answer(Answer::External(result, &purpose));
        self.follow(next);
        self.reload();
    }
}

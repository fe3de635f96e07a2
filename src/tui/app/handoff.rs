//! What the console hands to the runner, which owns the terminal: a text to
//! edit in `$EDITOR`, and a text for the clipboard. Panes ask through
//! [`Next`](crate::tui::panes::Next); only the runner touches the terminal.

use super::{App, Purpose};
use crate::tui::panes::Answer;

impl App {
    /// A text the runner should open in `$EDITOR`, if one is waiting.
    pub fn take_external_edit(&mut self) -> Option<(String, Purpose)> {
        self.external.take()
    }

    /// What came back from `$EDITOR`, to the pane that asked.
    pub fn external_edit_done(&mut self, result: Result<crate::tui::external::Edited, String>, purpose: Purpose) {
        let next = self.answer(Answer::External(result, &purpose));
        self.follow(next);
        self.reload();
    }

    /// Asks the runner to put `text` on the clipboard. No terminal says
    /// whether it did, so the message says what to check if nothing pastes.
    pub(super) fn copy(&mut self, text: String, what: &str) {
        self.ctx.info(format!(
            "Sent {what} to the clipboard. Nothing to paste? Some terminals do not let programs set it \
             (in tmux: set -g set-clipboard on)."
        ));
        self.clipboard = Some(text);
    }

    /// A text the runner should put on the clipboard, if one is waiting.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }
}

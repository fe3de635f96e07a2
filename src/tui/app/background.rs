//! Work beside the console whose outcome the facilitator must hear of: the
//! daily backup. The runner looks at it while it runs (a few times a
//! second, only then) and the footer says when it could not be made.

use std::time::Duration;

use super::App;
use crate::usecase::daily_backup::Running;

/// How often the runner looks at work under way when nothing else wakes it.
const LOOK_AGAIN: Duration = Duration::from_millis(200);

impl App {
    /// Watches the daily backup started beside the console.
    pub fn watch_backup(&mut self, running: Running) {
        self.backup = Some(running);
    }

    /// How long the runner may wait for input before looking at the work
    /// under way again: `None` when there is none.
    pub fn background_wait(&self) -> Option<Duration> {
        self.backup.as_ref().map(|_| LOOK_AGAIN)
    }

    /// Takes what the work under way came to, if it has ended, and says it
    /// in the footer when it went wrong.
    pub fn poll_background(&mut self) {
        let Some(outcome) = self.backup.as_ref().and_then(Running::poll) else { return };
        self.backup = None;
        if let Some(notice) = outcome.notice() {
            self.ctx.error(notice);
        }
    }

    /// Lets the daily backup finish on the way out, so quitting at once
    /// does not cut it short every day; returns what went wrong, if
    /// anything, for the runner to say once the screen is given back.
    pub fn finish_background(&mut self) -> Option<String> {
        self.backup.take().and_then(|running| running.wait().notice())
    }
}

//! Changes other programs make to the file: a second console's edits,
//! `circle members import` in another terminal. SQLite does not tell one
//! connection of another's writes, so the console asks: before each key,
//! and every few seconds while idle (`tui::LOOK_ELSEWHERE`).

use super::App;

impl App {
    /// Reads the tabs again if another program changed the file since the
    /// last look, and says whether it did. One pragma when nothing changed.
    pub fn look_elsewhere(&mut self) -> bool {
        if !self.ctx.circle.changed_elsewhere() {
            return false;
        }
        self.ctx.refresh_group();
        self.reload();
        true
    }
}

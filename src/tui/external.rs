//! Editing a text in the facilitator's own editor (`VISUAL`, then
//! `EDITOR`): the console steps out of the alternate screen, the editor
//! works on a file in a temporary folder readable only by its owner, and
//! the console comes back. The folder is removed whatever happens.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::{cursor, execute, terminal};

/// The editor the facilitator chose, if any.
fn chosen_editor() -> Option<String> {
    ["VISUAL", "EDITOR"].iter().filter_map(|v| std::env::var(v).ok()).find(|e| !e.trim().is_empty())
}

/// Edits `text` in the facilitator's editor: `Ok(Some(new))` when it
/// changed, `Ok(None)` when it did not, `Err` with a sentence when the
/// editor is missing or failed. The text in circle is never lost. The
/// mouse is let go while the editor runs (it may want it, and a terminal
/// editor that does not would see mouse reports as typing) and taken back
/// after, when `mouse` is on.
pub fn edit<B: Backend>(terminal: &mut Terminal<B>, text: &str, mouse: bool) -> Result<Option<String>, String> {
    let Some(editor) = chosen_editor() else {
        return Err(
            "Set VISUAL or EDITOR to your editor (for example EDITOR=nano) to use it; the draft is kept.".into()
        );
    };
    // In a folder of circle's own, removed when this returns, on a signal,
    // or at the next start if circle is killed outright while the editor
    // has it (see crate::scratch).
    let folder = crate::scratch::Scratch::new("edit")
        .map_err(|e| format!("Could not make a private folder to edit in ({e}); the draft is kept."))?;
    let path = folder.path().join("agreement.md");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()).and_then(|()| file.flush()))
        .map_err(|e| format!("Could not write the file to edit ({e}); the draft is kept."))?;
    let mut stdout = std::io::stdout();
    super::terminal::mouse_off();
    let _ = terminal::disable_raw_mode();
    let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    // The editor may be a command with arguments ("code --wait"): the shell
    // splits it, and the file goes as one separate argument.
    let status = Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(&path).status();
    let _ = terminal::enable_raw_mode();
    let _ = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide);
    if mouse {
        super::terminal::mouse_on();
    }
    // A full redraw on the next frame. `Terminal::clear` would first ask the
    // terminal where its cursor is, and a terminal that never answers would
    // leave a half-drawn screen; a resize to the same size clears and
    // forgets the last frame without asking.
    if let Ok(size) = terminal.size() {
        let _ = terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height));
    }
    match status {
        Ok(s) if s.success() => {}
        Ok(_) => return Err("The editor ended with an error, so nothing was taken from it; the draft is kept.".into()),
        Err(e) => return Err(format!("Could not start the editor ({e}); the draft is kept.")),
    }
    let bytes =
        std::fs::read(&path).map_err(|e| format!("Could not read the edited file ({e}); the draft is kept."))?;
    let edited =
        String::from_utf8(bytes).map_err(|_| "The edited file is not UTF-8 text; the draft is kept.".to_string())?;
    Ok((edited != text).then_some(edited))
}

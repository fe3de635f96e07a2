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

/// The editor the facilitator chose, if any, with the variable it came from.
fn chosen_editor() -> Option<(&'static str, String)> {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok().map(|e| (v, e)))
        .find(|(_, e)| !e.trim().is_empty())
}

/// What came back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edited {
    Unchanged,
    Changed(String),
    /// Changed, but in a way worth a question before it replaces the text
    /// in circle: nothing of it is thrown away, and nothing taken, unasked.
    Doubtful(String, Doubt),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// The editor ended with an error after the file was saved (vim's
    /// `:w` then `:cq`).
    EditorFailed,
    /// The file came back empty.
    Emptied,
}

/// Edits `text` in the facilitator's editor. `Err` is a sentence for when
/// the editor is missing or could not be run; the text in circle is never
/// lost. The mouse is let go while the editor runs (it may want it, and a
/// terminal editor that does not would see mouse reports as typing) and
/// taken back after, when `mouse` is on.
pub fn edit<B: Backend>(terminal: &mut Terminal<B>, text: &str, mouse: bool) -> Result<Edited, String> {
    let Some((variable, editor)) = chosen_editor() else {
        return Err(
            "Set VISUAL or EDITOR to your editor (for example EDITOR=nano) to use it; the draft is kept.".into()
        );
    };
    let mut stdout = std::io::stdout();
    super::terminal::mouse_off();
    let _ = terminal::disable_raw_mode();
    let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    let result = run_editor(variable, &editor, text);
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
    result
}

/// The editing itself, with the terminal already handed over: the file,
/// the editor, and what came back. `variable` names where `editor` came
/// from, for the message when it cannot be found.
pub fn run_editor(variable: &str, editor: &str, text: &str) -> Result<Edited, String> {
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
    // The editor may be a command with arguments ("code --wait"): the shell
    // splits it, and the file goes as one separate argument.
    let status = Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(&path).status();
    let shown = crate::domain::text::one_line(editor);
    let failed = match status {
        Ok(s) if s.success() => false,
        // The shell's own answer when it finds no such command.
        Ok(s) if s.code() == Some(127) => {
            return Err(format!(
                "The editor “{shown}” (from {variable}) could not be found. Check that it is installed, or set \
                 {variable} to another; the draft is kept."
            ));
        }
        Ok(_) => true,
        Err(e) => return Err(format!("Could not start the editor “{shown}” ({e}); the draft is kept.")),
    };
    let bytes =
        std::fs::read(&path).map_err(|e| format!("Could not read the edited file ({e}); the draft is kept."))?;
    let edited =
        String::from_utf8(bytes).map_err(|_| "The edited file is not UTF-8 text; the draft is kept.".to_string())?;
    Ok(match edited {
        same if same == text && failed => {
            return Err("Your editor ended with an error, and the file was not changed; the draft is kept.".into());
        }
        same if same == text => Edited::Unchanged,
        empty if empty.trim().is_empty() => Edited::Doubtful(empty, Doubt::Emptied),
        changed if failed => Edited::Doubtful(changed, Doubt::EditorFailed),
        changed => Edited::Changed(changed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An "editor" that is a shell function: writes `then` into the file
    /// (unless empty) and exits with `code`.
    fn editor(then: &str, code: i32) -> String {
        format!("f() {{ printf '%s' '{then}' > \"$1\"; exit {code}; }}; f")
    }

    #[test]
    fn a_saved_file_from_a_failed_editor_is_kept_to_ask_about() {
        assert_eq!(run_editor("EDITOR", &editor("new", 0), "old"), Ok(Edited::Changed("new".into())));
        assert_eq!(
            run_editor("EDITOR", &editor("new", 1), "old"),
            Ok(Edited::Doubtful("new".into(), Doubt::EditorFailed))
        );
        assert_eq!(run_editor("EDITOR", &editor("old", 0), "old"), Ok(Edited::Unchanged));
        assert!(run_editor("EDITOR", &editor("old", 1), "old").unwrap_err().contains("ended with an error"));
        assert_eq!(run_editor("EDITOR", &editor("", 0), "old"), Ok(Edited::Doubtful(String::new(), Doubt::Emptied)));
    }

    #[test]
    fn a_missing_editor_is_named() {
        let err = run_editor("VISUAL", "no-such-editor-here", "old").unwrap_err();
        assert!(err.contains("“no-such-editor-here” (from VISUAL) could not be found"), "{err}");
    }
}

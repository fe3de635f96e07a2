//! Taking the terminal over and giving it back: raw mode, the alternate
//! screen and a panic hook, as ratatui's `init` takes them and its
//! `restore` gives them back; and the mouse, which must be let go on every
//! way out (quit, error, panic, signal, `$EDITOR`), or the facilitator's
//! shell would receive mouse reports as typed garbage.

use std::io::{BufWriter, Stdout, Write};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::DisableMouseCapture;
use ratatui::crossterm::{cursor, execute, terminal};

use super::backend::Joined;

/// Clicks and the wheel, reported in the SGR encoding. Only button presses
/// and releases (mode 1000), not motion (1002/1003, which crossterm's
/// `EnableMouseCapture` also turns on): moving the pointer over the window
/// then wakes nothing, so an idle console stays idle.
pub const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";

/// The name of the thread that reads tabs ahead (see `app::read_ahead`).
pub const READ_AHEAD_THREAD: &str = crate::logfile::READ_AHEAD_THREAD;

/// The console's terminal. Frames are written through a 64 KB buffer, so a
/// frame reaches the terminal in one write when it is whole (all but the
/// most colourful frames of very large windows): standard output alone
/// passes on every 1 KB, eight writes for a full roster, and a terminal
/// could show a frame half drawn.
/// [`Joined`] writes short unchanged gaps again rather than moving over them.
pub type Console = Terminal<Joined<CrosstermBackend<BufWriter<Stdout>>>>;

/// Starts the console's screen: raw mode, the alternate screen, and the
/// mouse when `mouse` is set, with a panic hook that gives all of it back
/// before the panic is reported. This is ratatui's `init` without the
/// terminal it makes: two screen buffers, new pages of memory to fault in
/// before the first frame, only to be thrown away for this one.
pub fn init(mouse: bool) -> std::io::Result<Console> {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Work beside the console (reading ahead, the daily backup) must
        // not take the screen from a console that goes on, nor print over
        // it: its panic is noted in the log, and the console says that the
        // work stopped.
        if let Some(thread) = crate::logfile::background_thread() {
            crate::logfile::note_panic(thread, info);
            return;
        }
        restore();
        report(info);
    }));
    terminal::enable_raw_mode()?;
    // Cleared too: where the terminal keeps no alternate screen (GNU
    // screen's default, tmux with `alternate-screen off`, the Linux
    // console), the first frame, which writes only what is not blank,
    // would show the shell's text through its gaps.
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        terminal::Clear(terminal::ClearType::All),
        cursor::MoveTo(0, 0)
    )?;
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, std::io::stdout()));
    let console = Terminal::new(Joined::new(backend)?)?;
    if mouse {
        mouse_on();
    }
    Ok(console)
}

/// Gives the terminal back as it was: no mouse reports, the normal screen,
/// cooked mode. Safe to call more than once, and when the mouse was never
/// taken.
pub fn restore() {
    mouse_off();
    // Cleared before the alternate screen is left: without one, leaving it
    // does nothing and the last frame would stay under the shell's prompt.
    // With one, only the console's own screen is cleared.
    let _ = execute!(std::io::stdout(), terminal::Clear(terminal::ClearType::All), cursor::MoveTo(0, 0));
    ratatui::restore();
}

pub fn mouse_on() {
    let mut out = std::io::stdout();
    let _ = out.write_all(MOUSE_ON.as_bytes()).and_then(|()| out.flush());
}

pub fn mouse_off() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
}

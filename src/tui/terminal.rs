//! Taking the terminal over and giving it back. ratatui's `init` and
//! `restore` handle raw mode, the alternate screen and panics; this adds
//! the mouse, which must be let go on every way out (quit, error, panic,
//! signal, `$EDITOR`), or the facilitator's shell would receive mouse
//! reports as typed garbage.

use std::io::Write;

use std::io::{BufWriter, Stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::DisableMouseCapture;
use ratatui::crossterm::execute;

use super::backend::Joined;

/// Clicks and the wheel, reported in the SGR encoding. Only button presses
/// and releases (mode 1000), not motion (1002/1003, which crossterm's
/// `EnableMouseCapture` also turns on): moving the pointer over the window
/// then wakes nothing, so an idle console stays idle.
pub const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";

/// The console's terminal. Frames are written through a buffer as large as
/// any frame, so each reaches the terminal in one write when it is whole:
/// standard output alone passes on every 1 KB, eight writes for a full
/// roster, and a terminal could show a frame half drawn.
/// [`Joined`] writes short unchanged gaps again rather than moving over them.
pub type Console = Terminal<Joined<CrosstermBackend<BufWriter<Stdout>>>>;

/// Starts the console's screen: raw mode, the alternate screen, and the
/// mouse when `mouse` is set. A panic lets the mouse go before ratatui's
/// own hook restores the rest.
pub fn init(mouse: bool) -> std::io::Result<Console> {
    // ratatui's own start: the panic hook, raw mode, the alternate screen.
    drop(ratatui::init());
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, std::io::stdout()));
    let terminal = Terminal::new(Joined::new(backend)?)?;
    if mouse {
        let restore_rest = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            mouse_off();
            restore_rest(info);
        }));
        mouse_on();
    }
    Ok(terminal)
}

/// Gives the terminal back as it was: no mouse reports, the normal screen,
/// cooked mode. Safe to call more than once, and when the mouse was never
/// taken.
pub fn restore() {
    mouse_off();
    ratatui::restore();
}

pub fn mouse_on() {
    let mut out = std::io::stdout();
    let _ = out.write_all(MOUSE_ON.as_bytes()).and_then(|()| out.flush());
}

pub fn mouse_off() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
}

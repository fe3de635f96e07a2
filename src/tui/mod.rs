//! The console: the runner owns the terminal; [`App`] owns the state and can
//! be built and driven without one (tests render it into a `TestBackend`).

pub mod app;
pub mod backend;
pub mod chrome;
pub mod clipboard;
pub mod external;
pub mod keys;
pub mod panes;
pub mod reference;
pub mod switcher;
pub mod terminal;
pub mod theme;
pub mod unlock;
pub mod widgets;

pub use app::App;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event;

/// The console's tabs, in the order of the tab row. Adding one is a change
/// the compiler walks through (ARCHITECTURE.md, "Adding a tab", lists
/// what it does not catch): every `match` on a tab names each one, and
/// whatever holds something for each tab is sized by [`Tab::COUNT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Roster,
    Size,
    Agreement,
    Endings,
}

impl Tab {
    /// How many tabs there are. The match names every tab with no
    /// wildcard, so a new tab stops the build here until it is counted;
    /// then [`Tab::ALL`] and every array sized by the count stop it until
    /// the tab has its place in them.
    pub const COUNT: usize = match Tab::Roster {
        Tab::Roster | Tab::Size | Tab::Agreement | Tab::Endings => 4,
    };

    /// Every tab, in the order they are declared (checked as the crate
    /// compiles, so a tab's place here is its [`Tab::index`]).
    pub const ALL: [Tab; Tab::COUNT] = [Tab::Roster, Tab::Size, Tab::Agreement, Tab::Endings];

    pub const fn title(self) -> &'static str {
        match self {
            Tab::Roster => "Roster",
            Tab::Size => "Size health",
            Tab::Agreement => "Agreement",
            Tab::Endings => "Endings",
        }
    }

    /// A shorter title for narrow windows.
    pub const fn short_title(self) -> &'static str {
        match self {
            Tab::Size => "Size",
            Tab::Roster | Tab::Agreement | Tab::Endings => self.title(),
        }
    }

    /// The key that opens the tab: its place in the row, from 1. The
    /// binding table uses it.
    pub const fn key(self) -> char {
        (b'1' + self.index() as u8) as char
    }

    /// The tab's place in the row, from 0: its place among the variants.
    pub const fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::COUNT]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::COUNT - 1) % Tab::COUNT]
    }
}

// What the compiler checks of the tabs beyond exhaustive matches.
const _: () = {
    let mut i = 0;
    while i < Tab::COUNT {
        assert!(Tab::ALL[i].index() == i, "Tab::ALL lists each tab once, in the order they are declared");
        i += 1;
    }
    assert!(Tab::COUNT <= 9, "each tab's key is one digit, from 1");
};

/// How often an idle console looks whether another program changed the
/// file. SQLite cannot tell a connection when another one writes, so the
/// console asks (`PRAGMA data_version`, which reads no page of the file);
/// nothing is drawn unless something changed.
pub const LOOK_ELSEWHERE: std::time::Duration = std::time::Duration::from_secs(2);

/// Runs the console until the facilitator quits. The loop blocks on input,
/// so an idle console draws nothing and uses next to no CPU: it wakes every
/// [`LOOK_ELSEWHERE`] only to ask whether another program changed the file,
/// and on a timer only while something moves (an animation, a speaking
/// timer) or work beside it is under way (the daily backup). `after_first_frame` runs once
/// the first frame is on screen: work the facilitator need not wait for
/// (the daily backup) starts there. It says whether it left something to
/// show.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    after_first_frame: impl FnOnce(&mut App) -> bool,
) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    let mut after_first_frame = Some(after_first_frame);
    let mut looked = std::time::Instant::now();
    loop {
        terminal.draw(|frame| app.render(frame)).map_err(Into::into)?;
        if app.should_quit() {
            return Ok(());
        }
        if let Some(then) = after_first_frame.take()
            && then(app)
        {
            continue;
        }
        // Work under way beside the console (the daily backup) is looked
        // at a few times a second while it runs, so a failure is said
        // without waiting for a key.
        let ticking = app.tick_interval();
        match ticking.or(app.background_wait()) {
            Some(wait) => {
                if event::poll(wait)? {
                    app.handle_event(&event::read()?);
                } else {
                    if ticking.is_some() {
                        app.tick();
                    }
                    // While a timer runs, other programs' changes show too.
                    if looked.elapsed() >= LOOK_ELSEWHERE {
                        looked = std::time::Instant::now();
                        app.look_elsewhere();
                    }
                }
            }
            // An import from another terminal, or a second console's
            // edit, shows without a key.
            None => loop {
                if event::poll(LOOK_ELSEWHERE)? {
                    app.handle_event(&event::read()?);
                    break;
                }
                if app.look_elsewhere() {
                    break;
                }
            },
        }
        // Take any queued events before drawing again, so a burst of keys
        // (a paste, a held arrow) costs one frame, not one each.
        while !app.should_quit() && event::poll(std::time::Duration::ZERO)? {
            app.handle_event(&event::read()?);
        }
        // A change makes the tabs not on screen stale: the slow ones are
        // read again on a thread of their own, ready for the next visit.
        app.read_ahead_after_change();
        app.poll_background();
        // The runner owns the terminal, so it lends it to `$EDITOR`, and
        // it alone writes to it outside a frame.
        if let Some((text, purpose)) = app.take_external_edit() {
            let result = external::edit(terminal, &text, app.mouse);
            app.external_edit_done(result, purpose);
        }
        if let Some(text) = app.take_clipboard() {
            // No terminal answers OSC 52, so there is nothing to wait for;
            // the message already says the terminal may not allow it.
            let _ = clipboard::copy(&mut std::io::stdout(), &text);
        }
    }
}

/// Restores the terminal when the console is sent SIGTERM or SIGHUP, then
/// exits. ratatui restores it on panic and normal exit, but not on signals.
/// Every edit is already committed, so nothing is lost by leaving here;
/// circle's folders in the temporary folder (the demo's, the text given to
/// `$EDITOR`) are removed first, since exiting skips the destructors that
/// would remove them.
pub fn restore_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            terminal::restore();
            // restore() leaves the cursor as the last frame had it: show it.
            let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
            crate::scratch::remove_on_signal();
            std::process::exit(128 + signal);
        }
    })?;
    Ok(())
}

//! Where linear mode's typed lines come from. A line is asked for with two
//! wishes a plain reader cannot grant and a terminal can: that what is
//! typed is not shown (a card on the shared laptop), and that the wait ends
//! at a moment given (a speaker reaching a time mark while the facilitator
//! listens rather than types).

use std::io::BufRead;
use std::time::Duration;

/// How a line is asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ask {
    /// The line is private: the terminal does not echo it.
    pub secret: bool,
    /// Stop waiting after this long, with [`Got::Woke`].
    pub wake: Option<Duration>,
}

/// What came of asking for a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Got {
    /// A line, without its line break; bytes that are not UTF-8 become
    /// replacement marks.
    Line(String),
    /// The input ended.
    End,
    /// The time given in [`Ask::wake`] came before a line.
    Woke,
}

/// A source of typed lines.
pub trait Lines {
    fn line(&mut self, ask: Ask) -> std::io::Result<Got>;
}

/// Any reader, a line at a time: it can neither hide a line nor wake, so a
/// time mark is told at the next line instead.
pub struct Plain<'a>(pub &'a mut dyn BufRead);

impl Lines for Plain<'_> {
    fn line(&mut self, _ask: Ask) -> std::io::Result<Got> {
        let mut bytes = Vec::new();
        if self.0.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(Got::End);
        }
        Ok(Got::Line(text(&bytes)))
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end_matches(['\n', '\r']).to_string()
}

#[cfg(unix)]
pub use unix::{Terminal, restore_echo};

/// On SIGTERM, SIGHUP or SIGINT, puts the terminal's echo back and removes
/// circle's scratch folders before ending, as the console does.
pub fn restore_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore_echo();
            crate::scratch::remove_on_signal();
            std::process::exit(128 + signal);
        }
    })?;
    Ok(())
}

#[cfg(not(unix))]
pub use other::{Terminal, restore_echo};

#[cfg(unix)]
mod unix {
    use std::os::fd::{AsFd, BorrowedFd};
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::io::Errno;
    use rustix::termios::{LocalModes, OptionalActions, Termios, isatty, tcgetattr, tcsetattr};

    use super::{Ask, Got, Lines, text};

    /// The terminal's settings while echo is off, to put back on the way
    /// out, also when a signal ends circle mid-card.
    static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

    /// Puts the terminal's echo back if a private line turned it off.
    pub fn restore_echo() {
        let saved = SAVED.lock().map(|mut s| s.take()).unwrap_or(None);
        if let Some(saved) = saved {
            let _ = tcsetattr(rustix::stdio::stdin(), OptionalActions::Now, &saved);
        }
    }

    /// Lines from a file descriptor, read straight from it (no buffer of
    /// std's in between, so waiting on the descriptor sees every byte that
    /// is not yet taken). On a terminal a private line is read with echo
    /// off, the terminal's own line editing still on.
    pub struct Terminal<'a> {
        fd: BorrowedFd<'a>,
        pending: Vec<u8>,
        ended: bool,
    }

    impl Terminal<'static> {
        pub fn stdin() -> Terminal<'static> {
            Terminal::new(rustix::stdio::stdin())
        }
    }

    impl<'a> Terminal<'a> {
        pub fn new(fd: BorrowedFd<'a>) -> Terminal<'a> {
            Terminal { fd, pending: Vec::new(), ended: false }
        }

        /// Turns echo off until the guard is dropped; the line break is
        /// still echoed, so the next output starts on a line of its own.
        fn quiet(&self) -> Option<Quiet<'a>> {
            if !isatty(self.fd) {
                return None;
            }
            let before = tcgetattr(self.fd).ok()?;
            let mut quiet = before.clone();
            quiet.local_modes -= LocalModes::ECHO;
            quiet.local_modes |= LocalModes::ECHONL;
            if let Ok(mut saved) = SAVED.lock() {
                *saved = Some(before.clone());
            }
            tcsetattr(self.fd, OptionalActions::Now, &quiet).ok()?;
            Some(Quiet { fd: self.fd, before })
        }

        /// Waits until input can be read or the deadline passes; `false`
        /// at the deadline.
        fn ready(&self, deadline: Instant) -> std::io::Result<bool> {
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                let timeout = Timespec { tv_sec: left.as_secs() as _, tv_nsec: left.subsec_nanos().into() };
                let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
                match poll(&mut fds, Some(&timeout)) {
                    Ok(0) => {}
                    Ok(_) => return Ok(true),
                    Err(Errno::INTR) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }

    struct Quiet<'a> {
        fd: BorrowedFd<'a>,
        before: Termios,
    }

    impl Drop for Quiet<'_> {
        fn drop(&mut self) {
            let _ = tcsetattr(self.fd, OptionalActions::Now, &self.before);
            if let Ok(mut saved) = SAVED.lock() {
                *saved = None;
            }
        }
    }

    impl Lines for Terminal<'_> {
        fn line(&mut self, ask: Ask) -> std::io::Result<Got> {
            let _quiet = if ask.secret { self.quiet() } else { None };
            let deadline = ask.wake.map(|d| Instant::now() + d.max(Duration::from_millis(1)));
            loop {
                if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                    let line: Vec<u8> = self.pending.drain(..=end).collect();
                    return Ok(Got::Line(text(&line)));
                }
                if self.ended {
                    if self.pending.is_empty() {
                        return Ok(Got::End);
                    }
                    let line = std::mem::take(&mut self.pending);
                    return Ok(Got::Line(text(&line)));
                }
                if let Some(deadline) = deadline
                    && !self.ready(deadline)?
                {
                    return Ok(Got::Woke);
                }
                let mut buf = [0u8; 4096];
                match rustix::io::read(self.fd.as_fd(), &mut buf) {
                    Ok(0) => self.ended = true,
                    Ok(n) => self.pending.extend_from_slice(&buf[..n]),
                    Err(Errno::INTR | Errno::AGAIN) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use std::io::Write;
        use std::os::fd::AsFd;
        use std::time::Duration;

        use super::super::{Ask, Got, Lines};
        use super::Terminal;

        #[test]
        fn a_wait_ends_at_its_time_and_lines_still_come_whole() {
            let (reader, writer) = std::io::pipe().unwrap();
            let mut lines = Terminal::new(reader.as_fd());
            let wake = Ask { secret: true, wake: Some(Duration::from_millis(20)) };
            assert_eq!(lines.line(wake).unwrap(), Got::Woke);
            let mut writer = writer;
            writer.write_all(b"one\ntw").unwrap();
            assert_eq!(lines.line(wake).unwrap(), Got::Line("one".into()));
            assert_eq!(lines.line(wake).unwrap(), Got::Woke, "half a line is not a line");
            writer.write_all(b"o\r\nthree").unwrap();
            drop(writer);
            assert_eq!(lines.line(Ask::default()).unwrap(), Got::Line("two".into()));
            assert_eq!(lines.line(Ask::default()).unwrap(), Got::Line("three".into()));
            assert_eq!(lines.line(wake).unwrap(), Got::End);
        }
    }
}

#[cfg(not(unix))]
mod other {
    use std::io::BufRead;

    use super::{Ask, Got, Lines, Plain};

    pub fn restore_echo() {}

    /// Where the terminal cannot be asked to hide or wake, lines as they
    /// come.
    pub struct Terminal(std::io::StdinLock<'static>);

    impl Terminal {
        pub fn stdin() -> Terminal {
            Terminal(std::io::stdin().lock())
        }
    }

    impl Lines for Terminal {
        fn line(&mut self, ask: Ask) -> std::io::Result<Got> {
            Plain(&mut self.0 as &mut dyn BufRead).line(ask)
        }
    }
}

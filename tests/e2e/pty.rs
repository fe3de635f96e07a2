//! Drives the real `circle` binary in a pseudo-terminal and reads the screen
//! through a terminal emulator (`vt100`), the way bottom's integration tests
//! do. Match on the parsed screen, never on raw bytes: ratatui skips unchanged
//! and blank cells with cursor moves, so the raw stream rarely holds a
//! sentence in one piece.
//!
//! Every wait is bounded and fails with the whole screen, so a stuck test says
//! what the facilitator would have seen. Nothing here asserts on timing: the
//! test machine has two shared cores.

#![allow(dead_code, reason = "a kit for every flow in this binary; not each flow uses each helper")]

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any single wait may take. Generous on purpose: a debug build on a
/// busy two-core machine can take seconds to fill the demo database.
pub const TIMEOUT: Duration = Duration::from_secs(15);

const POLL: Duration = Duration::from_millis(20);

/// Keys by name, sent as the bytes xterm sends for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Enter,
    /// A lone ESC byte. crossterm reads ESC followed at once by more bytes as
    /// Alt+key or an escape sequence, so after `Esc` wait for its effect on
    /// the screen before sending anything else.
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
    Backspace,
    Space,
    CtrlC,
    /// Ctrl plus an ASCII letter, e.g. `Ctrl('d')`.
    Ctrl(char),
}

impl Key {
    fn bytes(self) -> Vec<u8> {
        let fixed: &[u8] = match self {
            Key::Enter => b"\r",
            Key::Esc => b"\x1b",
            Key::Tab => b"\t",
            Key::BackTab => b"\x1b[Z",
            Key::Up => b"\x1b[A",
            Key::Down => b"\x1b[B",
            Key::Right => b"\x1b[C",
            Key::Left => b"\x1b[D",
            Key::Home => b"\x1b[H",
            Key::End => b"\x1b[F",
            Key::PageUp => b"\x1b[5~",
            Key::PageDown => b"\x1b[6~",
            Key::Delete => b"\x1b[3~",
            Key::Backspace => b"\x7f",
            Key::Space => b" ",
            Key::CtrlC => b"\x03",
            Key::Ctrl(c) => {
                assert!(c.is_ascii_alphabetic(), "Key::Ctrl takes an ASCII letter, not {c:?}");
                return vec![c.to_ascii_lowercase() as u8 - b'a' + 1];
            }
        };
        fixed.to_vec()
    }
}

/// What to start: arguments, window size and environment changes.
#[derive(Debug, Clone)]
pub struct Launch {
    args: Vec<OsString>,
    cols: u16,
    rows: u16,
    env: Vec<(OsString, Option<OsString>)>,
    /// A shell script that starts circle (`exec "$0" "$@"`) after setting
    /// something up, such as a limit on file sizes.
    shell: Option<String>,
}

impl Launch {
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// Sets a variable for the child, e.g. `.env("NO_COLOR", "1")`; applied
    /// after the defaults, so it can override them.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env.push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.env.push((key.as_ref().to_owned(), None));
        self
    }

    /// Starts circle through `sh -c SCRIPT`, where the script ends with
    /// `exec "$0" "$@"`: for limits only a shell sets (`ulimit -f`).
    pub fn through_shell(mut self, script: &str) -> Self {
        self.shell = Some(script.to_owned());
        self
    }

    pub fn spawn(self) -> Console {
        Console::start(self)
    }
}

/// State the reader thread shares with the test.
struct Shared {
    parser: vt100::Parser,
    /// Every byte the child wrote, for diagnostics.
    transcript: Vec<u8>,
    entered_alternate_screen: bool,
}

/// A running `circle` in a pseudo-terminal.
pub struct Console {
    shared: Arc<Mutex<Shared>>,
    reader_done: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    status: Option<ExitStatus>,
    sandbox: tempfile::TempDir,
    args: Vec<OsString>,
}

impl Console {
    /// Starts `circle ARGS` in a `cols`×`rows` terminal.
    pub fn spawn<I, S>(args: I, cols: u16, rows: u16) -> Console
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Console::launch(args).size(cols, rows).spawn()
    }

    /// Like [`Console::spawn`], with room to change the size or environment.
    pub fn launch<I, S>(args: I) -> Launch
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Launch {
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            cols: 80,
            rows: 24,
            env: Vec::new(),
            shell: None,
        }
    }

    fn start(launch: Launch) -> Console {
        let Launch { args, cols, rows, env, shell } = launch;
        // HOME, the data folder and TMPDIR point into a folder of the test's
        // own, so no run can touch the facilitator's real database and the
        // demo's throwaway files can be checked for.
        let sandbox = tempfile::Builder::new().prefix("circle-e2e-").tempdir().expect("make a sandbox folder");
        let home = sandbox.path().join("home");
        let tmp = sandbox.path().join("tmp");
        for dir in [&home, &tmp] {
            std::fs::create_dir(dir).expect("make a sandbox subfolder");
        }

        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");

        let mut cmd = match &shell {
            Some(script) => {
                let mut cmd = CommandBuilder::new("sh");
                cmd.args([OsStr::new("-c"), OsStr::new(script), OsStr::new(env!("CARGO_BIN_EXE_circle"))]);
                cmd
            }
            None => CommandBuilder::new(env!("CARGO_BIN_EXE_circle")),
        };
        cmd.args(&args);
        cmd.cwd(sandbox.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", &home);
        cmd.env("XDG_DATA_HOME", home.join(".local/share"));
        cmd.env("XDG_CONFIG_HOME", home.join(".config"));
        cmd.env("TMPDIR", &tmp);
        // The defaults a facilitator's terminal most likely has; a test that
        // wants otherwise says so with `Launch::env`.
        for var in
            ["NO_COLOR", "CIRCLE_REDUCED_MOTION", "RUST_BACKTRACE", "CIRCLE_CONFIG", "COLORFGBG", "LC_ALL", "LC_CTYPE"]
        {
            cmd.env_remove(var);
        }
        // A UTF-8 locale, whatever the machine running the tests has.
        cmd.env("LANG", "C.UTF-8");
        for (key, value) in env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            }
        }

        let child = pair.slave.spawn_command(cmd).expect("start circle in the pseudo-terminal");
        // Our copy of the slave end must go, or the reader never sees the
        // end of output when the child exits.
        drop(pair.slave);

        let rows_nz = std::num::NonZeroU16::new(rows).expect("rows must be non-zero");
        let cols_nz = std::num::NonZeroU16::new(cols).expect("cols must be non-zero");
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(rows_nz, cols_nz, 0),
            transcript: Vec::new(),
            entered_alternate_screen: false,
        }));
        let reader_done = Arc::new(AtomicBool::new(false));
        let mut source = pair.master.try_clone_reader().expect("read from the pseudo-terminal");
        let reader = {
            let shared = Arc::clone(&shared);
            let done = Arc::clone(&reader_done);
            thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || {
                    let mut buf = [0u8; 8192];
                    loop {
                        match source.read(&mut buf) {
                            Ok(0) => break,
                            Ok(n) => {
                                let mut s = lock(&shared);
                                s.parser.process(&buf[..n]);
                                s.transcript.extend_from_slice(&buf[..n]);
                                if s.parser.screen().alternate_screen() {
                                    s.entered_alternate_screen = true;
                                }
                            }
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                            // Linux reports EIO once the child side is closed.
                            Err(_) => break,
                        }
                    }
                    done.store(true, Ordering::SeqCst);
                })
                .expect("start the pty reader thread")
        };
        let writer = pair.master.take_writer().expect("write to the pseudo-terminal");

        Console {
            shared,
            reader_done,
            reader: Some(reader),
            writer,
            master: pair.master,
            child,
            status: None,
            sandbox,
            args,
        }
    }

    /// Types text as if at the keyboard.
    pub fn send(&mut self, text: &str) {
        self.write_bytes(text.as_bytes());
    }

    pub fn send_key(&mut self, key: Key) {
        self.write_bytes(&key.bytes());
    }

    pub fn send_keys(&mut self, keys: &[Key]) {
        for key in keys {
            self.send_key(*key);
        }
    }

    fn write_bytes(&mut self, bytes: &[u8]) {
        if let Err(e) = self.writer.write_all(bytes).and_then(|()| self.writer.flush()) {
            let dump = self.dump();
            panic!("could not send {bytes:?} to circle ({e}); has it exited?\n{dump}");
        }
    }

    /// The screen as text, one line per row, trailing blanks trimmed. A row
    /// the terminal wrapped continues on the same line.
    pub fn screen(&self) -> String {
        lock(&self.shared).parser.screen().contents()
    }

    /// Reads anything else off the emulated screen: colours, attributes,
    /// the cursor.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(lock(&self.shared).parser.screen())
    }

    /// Waits until `text` is on the screen; fails with the screen after
    /// [`TIMEOUT`].
    pub fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, TIMEOUT);
    }

    pub fn wait_for_within(&mut self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} to appear"), timeout, |screen| screen.contains(text));
    }

    /// Waits until `text` is no longer on the screen (an overlay closed, a
    /// message cleared).
    pub fn wait_for_gone(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} to go away"), TIMEOUT, |screen| !screen.contains(text));
    }

    /// Waits until `ready` holds for the screen text. `what` completes the
    /// sentence "timed out waiting for …".
    pub fn wait_until(&mut self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) {
        self.wait_until_screen(what, timeout, |screen| ready(&screen.contents()));
    }

    /// Like [`Console::wait_until`], for conditions on more than the text:
    /// attributes, colours, the cursor.
    pub fn wait_until_screen(&mut self, what: &str, timeout: Duration, ready: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if self.with_screen(&ready) {
                return;
            }
            // Once the child has gone and its output is read, the screen can
            // no longer change: say so now rather than after the timeout.
            if self.reader_done.load(Ordering::SeqCst) {
                self.reap();
                if self.with_screen(&ready) {
                    return;
                }
                let dump = self.dump();
                panic!("circle exited while waiting for {what}\n{dump}");
            }
            if start.elapsed() > timeout {
                let dump = self.dump();
                panic!("timed out after {timeout:?} waiting for {what}\n{dump}");
            }
            thread::sleep(POLL);
        }
    }

    /// Waits for the child to exit and for all its output to be read. On
    /// timeout kills it and fails with the screen.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.reap() {
                break status;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let dump = self.dump();
                panic!("circle did not exit within {timeout:?}; killed it\n{dump}");
            }
            thread::sleep(POLL);
        };
        // The last frame and the terminal restore may still be in the pty.
        while !self.reader_done.load(Ordering::SeqCst) {
            if start.elapsed() > timeout {
                let dump = self.dump();
                panic!(
                    "circle exited with {status} but its output never ended (did it leave a process behind?)\n{dump}"
                );
            }
            thread::sleep(POLL);
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the pty reader thread panicked");
        }
        status
    }

    fn reap(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("ask whether circle has exited");
        }
        self.status.clone()
    }

    /// Sends a signal by name (`"TERM"`, `"HUP"`, `"INT"`), as closing the
    /// terminal window or `kill` would.
    pub fn signal(&mut self, name: &str) {
        let pid = self.child.process_id().expect("circle's process id");
        let status =
            std::process::Command::new("kill").args(["-s", name, &pid.to_string()]).status().expect("run kill");
        assert!(status.success(), "kill -s {name} {pid} failed: {status}");
    }

    /// Resizes the terminal, as dragging the window edge does (the child gets
    /// SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so the redraw that follows lands in a screen of
        // the new size.
        lock(&self.shared).parser.screen_mut().set_size(
            std::num::NonZeroU16::new(rows).expect("rows must be non-zero"),
            std::num::NonZeroU16::new(cols).expect("cols must be non-zero"),
        );
        self.master
            .resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("resize the pseudo-terminal");
    }

    /// Whether the console is (still) on the alternate screen.
    pub fn on_alternate_screen(&self) -> bool {
        self.with_screen(|s| s.alternate_screen())
    }

    /// Whether the console ever switched to the alternate screen.
    pub fn entered_alternate_screen(&self) -> bool {
        lock(&self.shared).entered_alternate_screen
    }

    /// True after exit when the console used the alternate screen and gave
    /// the facilitator's own screen back.
    pub fn left_alternate_screen(&self) -> bool {
        self.entered_alternate_screen() && !self.on_alternate_screen()
    }

    pub fn cursor_visible(&self) -> bool {
        self.with_screen(|s| !s.hide_cursor())
    }

    /// Every byte the child wrote so far.
    pub fn transcript(&self) -> Vec<u8> {
        lock(&self.shared).transcript.clone()
    }

    /// The child's temporary folder (`TMPDIR`), where the demo keeps its
    /// throwaway database.
    pub fn tmp_dir(&self) -> PathBuf {
        self.sandbox.path().join("tmp")
    }

    /// The child's `HOME`.
    pub fn home_dir(&self) -> PathBuf {
        self.sandbox.path().join("home")
    }

    /// The screen framed with row numbers, plus what is known about the
    /// child, for failure messages.
    pub fn dump(&self) -> String {
        let s = lock(&self.shared);
        let screen = s.parser.screen();
        let (rows, cols) = screen.size();
        let mut out = String::new();
        let _ = writeln!(out, "--- circle {:?} in {cols}x{rows} ---", self.args);
        let _ = writeln!(
            out,
            "status: {}; alternate screen: {} (entered: {}); cursor {}",
            match &self.status {
                Some(status) => format!("exited, {status}"),
                None if self.reader_done.load(Ordering::SeqCst) => "output closed".to_owned(),
                None => "running".to_owned(),
            },
            screen.alternate_screen(),
            s.entered_alternate_screen,
            if screen.hide_cursor() { "hidden" } else { "visible" },
        );
        let width = usize::from(cols.get());
        let _ = writeln!(out, "   +{}+", "-".repeat(width));
        for (i, row) in screen.rows(0, cols.get()).enumerate() {
            let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(row.as_str()));
            let _ = writeln!(out, "{i:>3}|{row}{}|", " ".repeat(pad));
        }
        let _ = writeln!(out, "   +{}+", "-".repeat(width));
        if contains(&s.transcript, b"\x1b[6n") {
            out.push_str(
                "note: circle asked for the cursor position (ESC[6n), which this harness never answers; \
                 an inline viewport waits for that reply forever\n",
            );
        }
        out
    }
}

impl Drop for Console {
    /// A failed test must not leave a console running.
    fn drop(&mut self) {
        if self.reap().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic elsewhere must not hide the screen from the failure message.
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A fresh folder for a test's database; removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("circle-e2e-db-").tempdir().expect("make a temporary folder")
}

/// A new, empty database file inside `dir` (an empty file opens as a new
/// database without the question a missing path asks first).
pub fn db_in(dir: &Path) -> PathBuf {
    let path = dir.join("circle.db");
    if !path.exists() {
        std::fs::File::create(&path).expect("make an empty database file");
    }
    path
}

/// Quits with `q` and checks the exit was clean: success, the normal screen
/// back, the cursor visible.
pub fn quit_cleanly(console: &mut Console) {
    console.send("q");
    let status = console.wait_exit(TIMEOUT);
    let dump = console.dump();
    assert!(status.success(), "q should quit with success, got {status}\n{dump}");
    assert!(console.left_alternate_screen(), "the console should give the normal screen back\n{dump}");
    assert!(console.cursor_visible(), "the cursor should be visible again after quitting\n{dump}");
}

/// Runs of reverse-video cells, trimmed: the selected row of a list, the
/// chosen option of a choice field.
pub fn reversed(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let mut runs = Vec::new();
    for r in 0..rows.get() {
        let mut run = String::new();
        for c in 0..cols.get() {
            let Some(cell) = screen.cell(r, c) else { continue };
            if cell.is_wide_continuation() {
                continue;
            }
            if cell.inverse() {
                run.push_str(if cell.has_contents() { cell.contents() } else { " " });
            } else if !run.is_empty() {
                runs.push(run.trim().to_owned());
                run.clear();
            }
        }
        if !run.is_empty() {
            runs.push(run.trim().to_owned());
        }
    }
    runs
}

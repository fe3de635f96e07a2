//! One run of a terminal program as a person meets it: started in a fresh
//! pseudo-terminal of a fixed size, read through a terminal emulator
//! (`vt100`), and measured from outside.
//!
//! Times are taken when the bytes arrive from the pseudo-terminal (a
//! reader thread stamps every read), not when the emulator has parsed
//! them, so the harness's own work stays out of the figures. Memory, CPU
//! and wake-ups come from `/proc`, so this runs on Linux only.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, SlavePty, native_pty_system};

/// What to start and what to wait for.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: &'static str,
    pub cmd: Vec<OsString>,
    pub cwd: PathBuf,
    /// The variables set (or, with `None`, removed) for the program.
    pub env: Vec<(&'static str, Option<OsString>)>,
    /// Text only the first useful frame shows.
    pub expect: &'static str,
    /// Keys pressed in turn, each with the text only its screen shows.
    pub keys: Vec<Step>,
    pub quit: &'static str,
    /// The target whose first frame, keys and memory this one is compared
    /// with for "× floor": the floor.
    pub floor: &'static str,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub send: &'static str,
    pub expect: &'static str,
    /// A name for the step, to report it alone ("roster", "size").
    pub tag: &'static str,
}

/// What one run measured. Times in milliseconds.
#[derive(Debug, Default, Clone)]
pub struct Run {
    pub errors: Vec<String>,
    /// From spawning to the first frame showing the expected text.
    pub first_frame: Option<f64>,
    /// CPU the process had used by then (all threads).
    pub cpu_at_first_frame: Option<f64>,
    /// CPU used and wake-ups (context switches) during the idle window,
    /// and how busy the whole machine was meanwhile (per cent).
    pub idle_cpu: Option<f64>,
    pub idle_wakeups: Option<f64>,
    pub host_busy: Option<f64>,
    /// Each key: its step's tag, the time to the expected text, and the
    /// time to the last byte of the redraw.
    pub keys: Vec<(&'static str, f64, Option<f64>)>,
    /// Peak resident memory (VmHWM) in MB, just before quitting.
    pub peak_rss: Option<f64>,
    /// Exited with status 0 on the quit key.
    pub clean_exit: bool,
    /// The alternate screen left, the cursor shown, the terminal modes as
    /// they were before the program started.
    pub restored: bool,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

const COLS: u16 = 120;
const ROWS: u16 = 40;
const SIZE: (std::num::NonZeroU16, std::num::NonZeroU16) =
    match (std::num::NonZeroU16::new(ROWS), std::num::NonZeroU16::new(COLS)) {
        (Some(rows), Some(cols)) => (rows, cols),
        _ => panic!("a terminal has rows and columns"),
    };

/// Runs `target` once, with an idle window of `idle` and `key_reps` key
/// presses (the steps in turn).
pub fn run_once(target: &Target, idle: Duration, key_reps: usize) -> Run {
    let mut run = Run::default();
    let mut session = match Session::start(target) {
        Ok(session) => session,
        Err(e) => {
            run.errors.push(format!("could not start: {e}"));
            return run;
        }
    };
    if let Err(e) = measure(&mut session, target, idle, key_reps, &mut run) {
        run.errors.push(e);
    }
    session.stop();
    run
}

/// Starts `target`, waits until its screen shows `text`, runs `then` while
/// it is still running, and quits it.
pub fn while_running<T>(
    target: &Target,
    text: &str,
    then: impl FnOnce() -> Result<T, Box<dyn std::error::Error>>,
) -> Result<T, Box<dyn std::error::Error>> {
    let mut s = Session::start(target)?;
    if s.wait_for(text, Instant::now() + Duration::from_secs(30)).is_none() {
        s.stop();
        return Err(format!("{text:?} never appeared; the screen:\n{}", s.screen()).into());
    }
    let out = then();
    s.send(target.quit.as_bytes());
    let deadline = Instant::now() + Duration::from_secs(5);
    while !matches!(s.child.try_wait(), Ok(Some(_))) && Instant::now() < deadline {
        s.settle(Duration::from_millis(10), Duration::from_millis(10));
    }
    s.stop();
    out
}

fn measure(s: &mut Session, target: &Target, idle: Duration, key_reps: usize, run: &mut Run) -> Result<(), String> {
    // The first useful frame.
    let t0 = s.started;
    let Some(ready) = s.wait_for(target.expect, t0 + Duration::from_secs(20)) else {
        return Err(format!("{:?} never appeared; the screen:\n{}", target.expect, s.screen()));
    };
    run.first_frame = Some(ms(ready - t0));
    let pids = proc_tree(s.pid);
    run.cpu_at_first_frame = Some(cpu_ns(&pids) as f64 / 1e6);
    s.settle(Duration::from_millis(300), Duration::from_secs(5));

    // Idle: CPU, wake-ups and the machine's load while nothing happens.
    if !idle.is_zero() {
        let pids = proc_tree(s.pid);
        let (host0, cpu0, switches0, at0) = (host_ticks(), cpu_ns(&pids), switches(&pids), Instant::now());
        std::thread::sleep(idle);
        let pids = proc_tree(s.pid);
        let (host1, cpu1, switches1, at1) = (host_ticks(), cpu_ns(&pids), switches(&pids), Instant::now());
        let scale = idle.as_secs_f64() / (at1 - at0).as_secs_f64();
        run.idle_cpu = Some(cpu1.saturating_sub(cpu0) as f64 / 1e6 * scale);
        run.idle_wakeups = Some(switches1.saturating_sub(switches0) as f64 * scale);
        if let (Some((busy0, all0)), Some((busy1, all1))) = (host0, host1)
            && all1 > all0
        {
            run.host_busy = Some(100.0 * (busy1 - busy0) as f64 / (all1 - all0) as f64);
        }
        s.drain();
    }

    // Keys: each must change the screen to its own text.
    for i in 0..key_reps.max(target.keys.len()) {
        let step = &target.keys[i % target.keys.len()];
        s.settle(Duration::from_millis(100), Duration::from_secs(2));
        if s.shows(step.expect) {
            return Err(format!("key {i}: {:?} was on screen before the key", step.expect));
        }
        let sent = s.send(step.send.as_bytes());
        let Some(shown) = s.wait_for(step.expect, sent + Duration::from_secs(10)) else {
            return Err(format!("key {i}: {:?} never appeared; the screen:\n{}", step.expect, s.screen()));
        };
        let done =
            s.settle(Duration::from_millis(50), Duration::from_secs(2)).then(|| ms(s.last.unwrap_or(shown) - sent));
        run.keys.push((step.tag, ms(shown - sent), done));
    }

    // Memory, then quitting.
    run.peak_rss = Some(proc_tree(s.pid).iter().map(|p| status_kb(*p, "VmHWM")).sum::<u64>() as f64 / 1024.0);
    s.settle(Duration::from_millis(100), Duration::from_secs(2));
    s.send(target.quit.as_bytes());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        match s.child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => s.settle(Duration::from_millis(2), Duration::from_millis(2)),
            _ => break None,
        };
    };
    s.settle(Duration::from_millis(50), Duration::from_secs(1));
    run.clean_exit = status.as_ref().is_some_and(|st| st.success());
    let screen = s.parser.screen();
    run.restored = status.is_some() && !screen.alternate_screen() && !screen.hide_cursor() && s.modes_as_before();
    if status.is_none() {
        return Err("did not exit on the quit key".into());
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A program running in a pseudo-terminal, and the screen it drew.
struct Session {
    parser: vt100::Parser,
    chunks: Receiver<(Instant, Vec<u8>)>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    // Kept open, so the terminal's modes can still be read after the
    // program exits.
    _slave: Box<dyn SlavePty + Send>,
    child: Box<dyn Child + Send + Sync>,
    pid: u32,
    started: Instant,
    /// When the last chunk read by [`Session::settle`] arrived.
    last: Option<Instant>,
    modes_before: libc::termios,
}

impl Session {
    fn start(target: &Target) -> Result<Session, String> {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .map_err(|e| e.to_string())?;
        let mut cmd = CommandBuilder::from_argv(target.cmd.clone());
        cmd.cwd(&target.cwd);
        for (key, value) in &target.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            }
        }
        let modes_before = termios(&*pair.master).ok_or("cannot read the terminal's modes")?;
        let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
        let writer = pair.master.take_writer().map_err(|e| e.to_string())?;
        let (send, chunks) = channel();
        std::thread::spawn(move || {
            let mut buffer = vec![0u8; 1 << 16];
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                if send.send((Instant::now(), buffer[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
        let pid = child.process_id().ok_or("no process id")?;
        Ok(Session {
            parser: vt100::Parser::new(SIZE.0, SIZE.1, 0),
            chunks,
            writer,
            master: pair.master,
            _slave: pair.slave,
            child,
            pid,
            started,
            last: None,
            modes_before,
        })
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        // Answer the two questions a terminal program may ask at start:
        // where the cursor is, and what the terminal is.
        if contains(bytes, b"\x1b[6n") {
            let (row, col) = self.parser.screen().cursor_position();
            let _ = write!(self.writer, "\x1b[{};{}R", row + 1, col + 1);
        }
        if contains(bytes, b"\x1b[c") || contains(bytes, b"\x1b[0c") {
            let _ = self.writer.write_all(b"\x1b[?62;22c");
        }
        let _ = self.writer.flush();
    }

    fn shows(&self, text: &str) -> bool {
        self.parser.screen().contents().contains(text)
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads until the screen shows `text`; the time the chunk that made
    /// it show arrived, or `None` at the deadline.
    fn wait_for(&mut self, text: &str, deadline: Instant) -> Option<Instant> {
        if self.shows(text) {
            return Some(Instant::now());
        }
        loop {
            let wait = deadline.checked_duration_since(Instant::now())?;
            let (at, bytes) = self.chunks.recv_timeout(wait).ok()?;
            self.feed(&bytes);
            if self.shows(text) {
                self.drain();
                return Some(at);
            }
        }
    }

    /// Reads until nothing has arrived for `quiet` (true) or `most` has
    /// passed (false); [`Session::last`] is when the last chunk came.
    fn settle(&mut self, quiet: Duration, most: Duration) -> bool {
        let end = Instant::now() + most;
        self.last = None;
        loop {
            let now = Instant::now();
            if now >= end {
                return false;
            }
            match self.chunks.recv_timeout(quiet.min(end - now)) {
                Ok((at, bytes)) => {
                    self.feed(&bytes);
                    self.last = Some(at);
                }
                Err(RecvTimeoutError::Timeout) => return Instant::now() < end,
                Err(RecvTimeoutError::Disconnected) => return true,
            }
        }
    }

    /// Takes in whatever has arrived, without waiting.
    fn drain(&mut self) {
        while let Ok((_, bytes)) = self.chunks.try_recv() {
            self.feed(&bytes);
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Instant {
        let at = Instant::now();
        let _ = self.writer.write_all(bytes);
        let _ = self.writer.flush();
        at
    }

    /// Whether the modes a program changes for a full-screen console
    /// (canonical input, echo, signals, output processing) are back.
    fn modes_as_before(&self) -> bool {
        let Some(now) = termios(&*self.master) else { return false };
        let before = &self.modes_before;
        let lflag = libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN;
        let iflag = libc::ICRNL | libc::IXON;
        (now.c_lflag & lflag) == (before.c_lflag & lflag)
            && (now.c_iflag & iflag) == (before.c_iflag & iflag)
            && (now.c_oflag & libc::OPOST) == (before.c_oflag & libc::OPOST)
    }

    fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn termios(master: &dyn MasterPty) -> Option<libc::termios> {
    let fd = master.as_raw_fd()?;
    // SAFETY: tcgetattr writes a termios into the zeroed value and reads
    // nothing else; the descriptor stays open for the call.
    unsafe {
        let mut modes: libc::termios = std::mem::zeroed();
        (libc::tcgetattr(fd, &mut modes) == 0).then_some(modes)
    }
}

// The process and its children, from /proc.

fn proc_tree(pid: u32) -> Vec<u32> {
    let mut children: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(p) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
        // The parent's id is the second field after the command's ")".
        let parent = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse().ok());
        if let Some(parent) = parent {
            children.push((parent, p));
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(children.iter().filter(|(parent, _)| *parent == p).map(|(_, child)| *child));
        i += 1;
    }
    tree
}

fn threads(pid: u32) -> Vec<PathBuf> {
    std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten().map(|e| e.path()).collect()
}

/// CPU time of every thread, in nanoseconds (schedstat).
fn cpu_ns(pids: &[u32]) -> u64 {
    let read = |task: PathBuf| -> Option<u64> {
        std::fs::read_to_string(task.join("schedstat")).ok()?.split_whitespace().next()?.parse().ok()
    };
    pids.iter().flat_map(|p| threads(*p)).filter_map(read).sum()
}

/// Context switches of every thread: each is a wake-up.
fn switches(pids: &[u32]) -> u64 {
    let read = |task: PathBuf| -> u64 {
        let status = std::fs::read_to_string(task.join("status")).unwrap_or_default();
        status
            .lines()
            .filter(|l| l.starts_with("voluntary_ctxt_switches") || l.starts_with("nonvoluntary_ctxt_switches"))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum()
    };
    pids.iter().flat_map(|p| threads(*p)).map(read).sum()
}

fn status_kb(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let value = status.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':'));
    value.and_then(|v| v.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

/// The whole machine's (busy, total) CPU ticks.
fn host_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    let idle = ticks.get(3)? + ticks.get(4).unwrap_or(&0);
    let total: u64 = ticks.iter().sum();
    Some((total - idle, total))
}

//! The mouse in a real terminal: the console asks for clicks in the SGR
//! encoding, answers them, and lets the mouse go on every way out, so the
//! facilitator's shell never receives mouse reports as typing. And `y`,
//! which reaches the clipboard through the terminal too.

use std::path::Path;

use vt100::{MouseProtocolEncoding, MouseProtocolMode};

use crate::pty::{Console, TIMEOUT, quit_cleanly, reversed, temp_dir};

/// Where `text` starts on the screen, as 1-based column and row (the
/// numbering mouse reports use). The rows searched are ASCII up to `text`.
fn position(console: &Console, text: &str) -> (u16, u16) {
    let found = console.with_screen(|s| {
        let cols = s.size().1.get();
        s.rows(0, cols).enumerate().find_map(|(row, line)| line.find(text).map(|col| (col as u16 + 1, row as u16 + 1)))
    });
    found.unwrap_or_else(|| panic!("{text:?} is not on the screen\n{}", console.dump()))
}

/// A left click (press and release) where `text` is, as xterm reports it.
fn click_on(console: &mut Console, text: &str) {
    let (x, y) = position(console, text);
    console.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
}

fn wheel_down(console: &mut Console) {
    console.send("\x1b[<65;20;10M");
}

fn mouse_mode(console: &Console) -> (MouseProtocolMode, MouseProtocolEncoding) {
    console.with_screen(|s| (s.mouse_protocol_mode(), s.mouse_protocol_encoding()))
}

const TAKEN: (MouseProtocolMode, MouseProtocolEncoding) = (MouseProtocolMode::PressRelease, MouseProtocolEncoding::Sgr);

fn wait_for_selected(console: &mut Console, name: &str) {
    console.wait_until_screen(&format!("{name:?} to be the selected row"), TIMEOUT, |s| {
        reversed(s).iter().any(|run| run.starts_with(name))
    });
}

#[test]
fn clicks_and_the_wheel_work_and_the_mouse_is_let_go_on_quitting() {
    let mut console = Console::spawn(["--demo"], 80, 24);
    console.wait_for("Riverside Wellbeing Circle");
    assert_eq!(mouse_mode(&console), TAKEN, "clicks only, no motion, in SGR\n{}", console.dump());

    click_on(&mut console, "3 Agreement");
    console.wait_for("Agreement v2");
    click_on(&mut console, "1 Roster");
    console.wait_for("sorted by name");
    click_on(&mut console, "Mei ");
    wait_for_selected(&mut console, "Mei");
    wheel_down(&mut console);
    wheel_down(&mut console);
    wait_for_selected(&mut console, "Priya");

    quit_cleanly(&mut console);
    assert_eq!(mouse_mode(&console).0, MouseProtocolMode::None, "the mouse is let go\n{}", console.dump());
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let mut console = Console::spawn(["--demo", "--no-mouse"], 80, 24);
    console.wait_for("Riverside Wellbeing Circle");
    assert_eq!(mouse_mode(&console).0, MouseProtocolMode::None, "{}", console.dump());
    quit_cleanly(&mut console);
}

#[test]
fn a_signal_lets_the_mouse_go() {
    let mut console = Console::spawn(["--demo"], 80, 24);
    console.wait_for("Riverside Wellbeing Circle");
    assert_eq!(mouse_mode(&console), TAKEN);
    console.signal("TERM");
    console.wait_exit(TIMEOUT);
    assert!(console.left_alternate_screen(), "{}", console.dump());
    assert_eq!(mouse_mode(&console).0, MouseProtocolMode::None, "SIGTERM should let the mouse go\n{}", console.dump());
}

/// The editor gets the terminal without mouse reports, and the console
/// takes the mouse back after it.
#[test]
fn the_mouse_is_let_go_while_the_facilitators_editor_runs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let done = dir.path().join("done");
    let script = dir.path().join("editor.sh");
    let body =
        format!("#!/bin/sh\nprintf 'editing here\\n'\nwhile [ ! -e '{}' ]; do sleep 0.05; done\n", done.display());
    std::fs::write(&script, body).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut console = Console::launch(["--demo"]).size(80, 24).env_remove("VISUAL").env("EDITOR", &script).spawn();
    console.wait_for("Riverside Wellbeing Circle");
    console.send("3");
    console.wait_for("Agreement v2");
    console.send("E");
    console.wait_for("editing here");
    assert_eq!(mouse_mode(&console).0, MouseProtocolMode::None, "the editor has the mouse\n{}", console.dump());
    touch(&done);
    console.wait_until_screen("the console to be back", TIMEOUT, |s| s.alternate_screen());
    console.wait_for("Agreement v2");
    assert_eq!(mouse_mode(&console), TAKEN, "the console takes the mouse back\n{}", console.dump());
    quit_cleanly(&mut console);
}

fn touch(path: &Path) {
    std::fs::write(path, b"").expect("make the marker file");
}

/// The terminal receives the agreement as one OSC 52 sequence.
#[test]
fn y_sends_the_agreement_to_the_terminals_clipboard() {
    let dir = temp_dir();
    let mut store = circle::store::Store::open(&dir.path().join("demo.db")).unwrap();
    circle::demo::fill(&mut store, circle::store::today()).unwrap();
    let group = store.groups().unwrap()[0].id;
    let body = store.current_agreement(group).unwrap().unwrap().body;

    let mut console = Console::spawn(["--demo"], 80, 24);
    console.wait_for("Riverside Wellbeing Circle");
    console.send("3");
    console.wait_for("Agreement v2");
    console.send("y");
    console.wait_for("Sent version 2 of the agreement to the clipboard");
    let expected = circle::tui::clipboard::osc52(&body);
    let transcript = console.transcript();
    assert!(
        transcript.windows(expected.len()).any(|w| w == expected),
        "no OSC 52 with the agreement\n{}",
        console.dump()
    );
    quit_cleanly(&mut console);
}

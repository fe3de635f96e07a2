//! Where circle must refuse, say one clear sentence, and change nothing: no
//! terminal to draw in, a database from a newer circle, a file that is not a
//! database at all.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::pty::{Console, TIMEOUT, temp_dir};

/// Runs `circle ARGS` without a terminal: stdin from /dev/null, output
/// captured, HOME and the data folder inside `sandbox`.
fn run_without_terminal(sandbox: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_circle"))
        .args(args)
        .current_dir(sandbox)
        .env("HOME", sandbox)
        .env("XDG_DATA_HOME", sandbox.join("data"))
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run circle")
}

/// The file's bytes and the names in its folder, to show nothing changed
/// (not even a `-wal` or `-journal` beside it).
fn snapshot(file: &Path) -> (Vec<u8>, Vec<String>) {
    let bytes = std::fs::read(file).expect("read the file");
    let mut names: Vec<String> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (bytes, names)
}

fn newer_database(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("from-the-future.db");
    let conn = rusqlite::Connection::open(&path).expect("make a database");
    conn.execute_batch("CREATE TABLE later_things (id INTEGER PRIMARY KEY, what TEXT); INSERT INTO later_things (what) VALUES ('kept'); PRAGMA user_version = 999; PRAGMA application_id = 1667854947;")
        .expect("fill the database");
    drop(conn);
    path
}

fn text_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("members.csv");
    std::fs::write(&path, "name,pronouns\nAlex,they/them\n").expect("write a text file");
    path
}

#[test]
fn without_a_terminal_the_console_explains_and_exits() {
    let dir = temp_dir();
    let db = dir.path().join("circle.db");
    let out = run_without_terminal(dir.path(), &["--db", db.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);

    assert!(!out.status.success(), "should fail without a terminal; stderr: {stderr}");
    assert!(stderr.contains("terminal"), "stderr should say a terminal is needed: {stderr}");
    assert!(!stderr.contains("panicked"), "should refuse, not panic: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing, not even escape codes, should go to a pipe: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!db.exists(), "refusing to start should not create the database");
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = temp_dir();
    let db = newer_database(dir.path());
    let before = snapshot(&db);

    // A subcommand opens the store without needing a terminal.
    let out = run_without_terminal(dir.path(), &["--db", db.to_str().unwrap(), "members", "export", "--group", "Any"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should refuse a newer database; stderr: {stderr}");
    assert!(stderr.contains("newer"), "stderr should say the file is from a newer circle: {stderr}");
    assert!(!stderr.contains("panicked"), "should refuse, not panic: {stderr}");
    assert!(snapshot(&db) == before, "the file and its folder should be unchanged");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = temp_dir();
    let file = text_file(dir.path());
    let before = snapshot(&file);

    let out =
        run_without_terminal(dir.path(), &["--db", file.to_str().unwrap(), "members", "export", "--group", "Any"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should refuse a text file; stderr: {stderr}");
    assert!(stderr.contains("not a circle database"), "stderr should say what the file is not: {stderr}");
    assert!(!stderr.contains("panicked"), "should refuse, not panic: {stderr}");
    assert!(snapshot(&file) == before, "the file and its folder should be unchanged");
}

/// The console checks for a terminal before it opens the file, so the same
/// refusals are checked once more where a facilitator meets them: in a
/// terminal, with the sentence left readable after circle exits.
#[test]
fn the_console_refuses_newer_and_foreign_files_readably() {
    let dir = temp_dir();
    for (file, says) in [(newer_database(dir.path()), "newer"), (text_file(dir.path()), "not a circle database")] {
        let before = snapshot(&file);
        let mut console = Console::spawn(["--db", file.to_str().unwrap()], 100, 24);
        let status = console.wait_exit(TIMEOUT);
        let dump = console.dump();
        assert!(!status.success(), "circle should refuse {}\n{dump}", file.display());
        assert!(console.screen().contains(says), "the refusal should stay on screen and say {says:?}\n{dump}");
        assert!(!console.screen().contains("panicked"), "should refuse, not panic\n{dump}");
        assert!(
            !console.on_alternate_screen() && console.cursor_visible(),
            "the terminal should be left as it was\n{dump}"
        );
        assert!(snapshot(&file) == before, "{} and its folder should be unchanged", file.display());
    }
}

/// A path given with `--db` that does not exist yet: circle asks once
/// before making a database there, and "no" leaves nothing behind.
#[test]
fn a_new_database_path_is_asked_about_once() {
    let dir = temp_dir();
    let db = dir.path().join("new.db");
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Create a new one there? [y/N]");
    console.send("n");
    console.send_key(crate::pty::Key::Enter);
    let status = console.wait_exit(TIMEOUT);
    assert!(status.success(), "{}", console.dump());
    assert!(!db.exists(), "no database after no");

    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Create a new one there? [y/N]");
    console.send("y");
    console.send_key(crate::pty::Key::Enter);
    console.wait_for("Welcome to circle");
    console.send_key(crate::pty::Key::Esc);
    console.wait_for("Create your first group");
    assert!(db.exists());
    console.send_key(crate::pty::Key::CtrlC);
    console.wait_exit(TIMEOUT);

    // A folder that does not exist is named, and not made.
    let nowhere = dir.path().join("nodir").join("x.db");
    let out = run_without_terminal(dir.path(), &["--db", nowhere.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!dir.path().join("nodir").exists());
}

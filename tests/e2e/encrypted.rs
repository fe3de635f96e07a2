//! An encrypted database opened in the real binary: the passphrase asked
//! before anything else, masked in the console and unseen in linear mode,
//! a wrong one said and the file left as it was, the right one opening
//! the records.

use std::path::{Path, PathBuf};

use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::secret::Passphrase;
use circle::store::{Store, today};
use circle::usecase::encryption;

use crate::pty::{Console, Key, quit_cleanly, temp_dir};

const PASSPHRASE: &str = "lantern harbour morning";

fn encrypted(dir: &Path) -> PathBuf {
    let db = dir.join("circle.db");
    let mut store = Store::open(&db).expect("make the database");
    let new = NewGroup { name: "Harbour Circle".into(), focus: String::new(), openness: Openness::Open };
    let group = store.create_group(&new, today()).expect("make the group").id;
    store.add_member(group, &MemberFields::named("Rowan"), MemberStatus::Active, today()).expect("add a member");
    drop(store);
    encryption::encrypt(&db, &Passphrase::new(PASSPHRASE.into())).expect("encrypt");
    db
}

#[test]
fn the_console_asks_for_the_passphrase_masked_before_it_opens() {
    let dir = temp_dir();
    let db = encrypted(dir.path());
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("This database is encrypted");
    console.send("not the one");
    console.wait_for("Passphrase: •••••••••••");
    assert!(!console.screen().contains("not the one"), "the passphrase showed: {}", console.dump());
    let before = std::fs::read(&db).unwrap();
    console.send_key(Key::Enter);
    console.wait_for("2 more tries");
    assert_eq!(std::fs::read(&db).unwrap(), before, "a wrong passphrase changed the file");
    console.send(PASSPHRASE);
    console.send_key(Key::Enter);
    console.wait_for("circle · Harbour Circle");
    console.wait_for("Rowan");
    assert!(!String::from_utf8_lossy(&console.transcript()).contains(PASSPHRASE));
    quit_cleanly(&mut console);
}

#[test]
fn linear_mode_announces_the_question_and_shows_nothing_typed() {
    let dir = temp_dir();
    let db = encrypted(dir.path());
    let mut console = Console::spawn(["--db", db.to_str().unwrap(), "--linear"], 80, 24);
    console.wait_for("not shown and not read aloud");
    console.wait_for("Passphrase>");
    console.send("not the one");
    console.send_key(Key::Enter);
    console.wait_for("2 more tries");
    console.send(PASSPHRASE);
    console.send_key(Key::Enter);
    console.wait_for("Main menu of Harbour Circle");
    let transcript = String::from_utf8_lossy(&console.transcript()).into_owned();
    assert!(!transcript.contains("not the one") && !transcript.contains(PASSPHRASE), "{transcript}");
    assert!(!transcript.contains('•') && !transcript.contains('*'), "masking characters: {transcript}");
    console.send("q");
    console.send_key(Key::Enter);
    assert!(console.wait_exit(crate::pty::TIMEOUT).success());
}

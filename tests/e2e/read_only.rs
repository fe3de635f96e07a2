//! A disk that is already full when the console starts: the records open
//! read-only with a banner that says why, every save is refused in one
//! sentence with the typing kept, and the file keeps every byte and its
//! mode.
//!
//! The full disk is real for this one process: `ulimit -f 1` lets it write
//! no file past its first 512 bytes, so SQLite cannot grow the shared-memory
//! file beside the database (the same `SQLITE_IOERR_SHMSIZE` a full disk
//! gives), and `trap '' XFSZ` makes such a write fail instead of killing it.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::{Store, today};

use crate::pty::{Console, Key, TIMEOUT, quit_cleanly, temp_dir};

const GROUP: &str = "Thursday Circle";

/// Starts circle with no room to write any file.
const DISK_FULL: &str = "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"";

fn prefilled(dir: &Path) -> PathBuf {
    let db = dir.join("circle.db");
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: GROUP.into(), focus: String::new(), openness: Openness::Open }, today())
        .expect("make the group")
        .id;
    for name in ["Rowan", "Ife"] {
        store.add_member(group, &MemberFields::named(name), MemberStatus::Active, today()).expect("add a member");
    }
    db
}

/// The database's bytes and mode.
fn state(db: &Path) -> (Vec<u8>, u32) {
    (std::fs::read(db).expect("read the database"), std::fs::metadata(db).unwrap().permissions().mode() & 0o777)
}

#[test]
fn a_full_disk_at_start_opens_the_records_read_only() {
    let dir = temp_dir();
    let db = prefilled(dir.path());
    let before = state(&db);

    let mut console = Console::launch(["--db", db.to_str().unwrap()]).through_shell(DISK_FULL).spawn();
    console.wait_for(&format!("circle · {GROUP}"));
    console.wait_for("The disk is full");
    console.wait_for("Rowan");
    assert!(console.screen().contains("Ife"), "{}", console.dump());

    // A save is refused in one sentence; the form keeps what was typed.
    console.send("a");
    console.wait_for("Name");
    console.send("Nadia");
    console.send_key(Key::Enter);
    console.wait_for("opened your records read-only and saved");
    assert!(console.screen().contains("Nadia"), "the typing stays: {}", console.dump());
    console.send_key(Key::Esc);
    console.wait_for("again to discard");
    console.send_key(Key::Esc);
    console.wait_for_gone("Add a member");

    // A smaller window keeps the reason in shorter words.
    console.resize(60, 20);
    console.wait_for("Disk full: read-only until you make room and restart.");
    console.resize(80, 24);
    console.wait_for("The disk is full");

    // The other tabs read as usual.
    console.send("2");
    console.wait_for("workable");
    console.send("3");
    console.wait_until("the agreement tab", TIMEOUT, |s| s.contains("agreement") || s.contains("Agreement"));
    quit_cleanly(&mut console);

    assert!(state(&db) == before, "the database changed its bytes or its mode");
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["circle.db"], "nothing was left beside the database");
    let store = Store::open(&db).expect("the database opens normally with room again");
    let group = store.group_by_name(GROUP).unwrap().unwrap();
    let names: Vec<String> = store.all_members(group.id).unwrap().into_iter().map(|m| m.fields.name).collect();
    assert_eq!(names, ["Rowan", "Ife"]);
}

//! Crash safety: "a crash, kill, or power cut loses at most the keystroke in
//! flight; the database passes PRAGMA integrity_check afterwards".
//!
//! The console is started again and again on one database, makes a few edits
//! whose success it shows, and is then killed with SIGKILL while one more edit
//! is under way. After every kill the database is read directly with SQLite:
//! it must be intact, and every edit the screen confirmed must be in it. The
//! edit in flight may or may not have been saved, but never half of it.
//!
//! The moment of each kill comes from a seeded generator, so a failing run
//! can be repeated; `CIRCLE_CRASH_KILLS` sets how many kills (20 unless set).
//!
//! The same runs on an encrypted database, with the passphrase typed at the
//! console's question on every start (a quarter as many kills: each start
//! derives the key): there the file, its log and its backups must also hold
//! no name the test gave, whenever the kill came.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::Duration;

use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::secret::Passphrase;
use circle::store::{Store, today};
use circle::usecase::encryption;
use rusqlite::{Connection, OpenFlags};

use crate::pty::{Console, TIMEOUT, db_in, quit_cleanly, temp_dir};

const GROUP: &str = "Night Shift Circle";

/// The passphrase of the encrypted runs.
const PASSPHRASE: &str = "kettle lighthouse dawn";

/// Members there before the first launch.
const PREFILLED: [&str; 2] = ["Ada Lovell", "Ben Carr"];

/// Edits each launch makes and waits to see confirmed before the one that is
/// cut short.
const CONFIRMED_PER_LAUNCH: usize = 2;

/// The latest moment of a kill, after the keys of the last edit are sent.
const LATEST_KILL: Duration = Duration::from_millis(30);

fn kills() -> usize {
    match std::env::var("CIRCLE_CRASH_KILLS") {
        Ok(n) => n.trim().parse().unwrap_or_else(|_| panic!("CIRCLE_CRASH_KILLS should be a whole number, not {n:?}")),
        Err(_) => 20,
    }
}

/// A linear congruential generator (Knuth's MMIX constants): the same seed
/// gives the same kill moments on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        // The high bits are the well-mixed ones.
        self.0 >> 33
    }
}

/// How long after the keys to kill: up to [`LATEST_KILL`], most often in
/// its first few milliseconds, where the read, the form and the save happen
/// (a debug build saves a member in about a millisecond).
fn kill_delay(rng: &mut Lcg) -> Duration {
    const STEPS: u64 = 1000;
    let x = (rng.next() % (STEPS + 1)) as f64 / STEPS as f64;
    LATEST_KILL.mul_f64(x * x * x)
}

/// A shell waiting to send SIGKILL to the console, so the kill lands within
/// microseconds of [`Killer::fire`] instead of after starting a `kill`
/// process. The console's pid is found with `pgrep` on the database path,
/// which no other process in this test binary uses.
struct Killer {
    shell: Child,
    trigger: Option<ChildStdin>,
    pid: u32,
}

impl Killer {
    fn arm(db: &Path) -> Killer {
        let out = Command::new("pgrep").arg("-f").arg(db).output().expect("run pgrep");
        let pids: Vec<u32> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(|p| p.parse().expect("pgrep prints process ids"))
            .collect();
        let [pid] = pids[..] else { panic!("expected one circle on {db:?}, pgrep found {pids:?}") };
        // dash's `kill` is a builtin: no process to start when it fires.
        let mut shell = Command::new("sh")
            .args(["-c", r#"read go && kill -9 "$1""#, "killer", &pid.to_string()])
            .stdin(Stdio::piped())
            .spawn()
            .expect("start the killer shell");
        let trigger = shell.stdin.take();
        Killer { shell, trigger, pid }
    }

    fn fire(&mut self) {
        let mut trigger = self.trigger.take().expect("a killer fires once");
        trigger.write_all(b"go\n").expect("tell the killer to fire");
        drop(trigger);
        let status = self.shell.wait().expect("wait for the killer");
        assert!(status.success(), "kill -9 {} failed: {status}", self.pid);
    }
}

impl Drop for Killer {
    /// An unfired killer (a failed round) goes without killing anything.
    fn drop(&mut self) {
        if self.trigger.is_some() {
            let _ = self.shell.kill();
            let _ = self.shell.wait();
        }
    }
}

/// Active members the prefilled group has room for: a 1440-minute meeting at
/// one minute each (the default settings allow 14).
const ROOM: usize = 1440;

/// A database with one group that has room for everyone this test adds.
fn prefill(dir: &Path) -> std::path::PathBuf {
    let db = db_in(dir);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: GROUP.into(), focus: String::new(), openness: Openness::Open }, today())
        .expect("make the group")
        .id;
    let mut settings = store.group(group).expect("read the group").settings;
    (settings.meeting_minutes, settings.opening_closing_minutes, settings.min_speaking_minutes) = (1440, 0, 1);
    store.update_group_settings(group, &settings).expect("make room in the group");
    for name in PREFILLED {
        store.add_member(group, &MemberFields::named(name), MemberStatus::Active, today()).expect("add a member");
    }
    db
}

fn launch(db: &Path) -> Console {
    launch_with(db, None)
}

/// Starts the console on `db`, typing `passphrase` at its question when
/// the database is encrypted, and waits for the group.
fn launch_with(db: &Path, passphrase: Option<&str>) -> Console {
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    if let Some(passphrase) = passphrase {
        console.wait_for("This database is encrypted");
        console.send(&format!("{passphrase}\r"));
    }
    console.wait_for(&format!("circle · {GROUP}"));
    console
}

/// Opens the add form and types `name`, waiting for each step on screen, so
/// only Enter is left to send.
fn fill_add_form(console: &mut Console, name: &str) {
    console.send("a");
    console.wait_for("Add a member");
    console.send(name);
    console.wait_for(name);
}

/// What a database left behind by a killed console holds, read without
/// changing it (no recovery checkpoint, no migration).
struct Readback {
    integrity: Vec<String>,
    foreign_keys: usize,
    members: Vec<String>,
    /// Members without a single status-history row: half of an add.
    without_history: Vec<String>,
}

fn read_back(db: &Path) -> Readback {
    read_back_with(db, None)
}

/// [`read_back`], with the passphrase of an encrypted database given to
/// SQLCipher as another program would.
fn read_back_with(db: &Path, passphrase: Option<&str>) -> Readback {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("the database should open read-only after a kill: {e}"));
    if let Some(passphrase) = passphrase {
        conn.execute_batch(&format!(
            "PRAGMA cipher_log_level = NONE; PRAGMA key = '{}';",
            passphrase.replace('\'', "''")
        ))
        .unwrap_or_else(|e| panic!("SQLCipher should take the passphrase: {e}"));
    }
    let strings = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("prepare {sql:?}: {e}"));
        stmt.query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .unwrap_or_else(|e| panic!("run {sql:?}: {e}"))
    };
    let integrity = strings("PRAGMA integrity_check");
    let foreign_keys = {
        let mut stmt = conn.prepare("PRAGMA foreign_key_check").expect("prepare PRAGMA foreign_key_check");
        let rows = stmt.query_map([], |_| Ok(())).expect("run PRAGMA foreign_key_check");
        rows.count()
    };
    let members = strings("SELECT name FROM members ORDER BY id");
    let without_history = strings(
        "SELECT name FROM members m \
         WHERE NOT EXISTS (SELECT 1 FROM member_status_history h WHERE h.member_id = m.id) ORDER BY id",
    );
    Readback { integrity, foreign_keys, members, without_history }
}

#[test]
fn killing_the_console_mid_edit_keeps_the_database_whole_and_every_confirmed_edit() {
    kill_while_adding(None, kills(), 0x0c1c_1e5e_ed00_0006);
}

#[test]
fn killing_the_console_mid_edit_keeps_an_encrypted_database_whole_and_unreadable() {
    kill_while_adding(Some(PASSPHRASE), kills().div_ceil(4), 0x0c1c_1e5e_ed00_0028);
}

/// Starts the console `kills` times on one database (encrypted when a
/// passphrase is given), makes edits it confirms and kills it during one
/// more; after each kill checks the file holds every confirmed edit, and
/// an encrypted one none of the names in readable bytes.
fn kill_while_adding(passphrase: Option<&str>, kills: usize, seed: u64) {
    let dir = temp_dir();
    let db = prefill(dir.path());
    if let Some(passphrase) = passphrase {
        encryption::encrypt(&db, &Passphrase::new(passphrase.into())).expect("encrypt the database");
    }
    let most = (ROOM - PREFILLED.len()) / (CONFIRMED_PER_LAUNCH + 1);
    assert!(kills <= most, "CIRCLE_CRASH_KILLS={kills} would fill the group; at most {most} kills fit in one test");
    let mut rng = Lcg(seed);

    let mut confirmed: BTreeSet<String> = PREFILLED.iter().map(|s| (*s).to_owned()).collect();
    // Every name the test gave, for the encrypted files' bytes.
    let mut given: Vec<String> = confirmed.iter().cloned().collect();
    let mut in_flight_saved = 0;
    let mut wal_seen_holding_adds = false;

    for round in 0..kills {
        let mut console = launch_with(&db, passphrase);
        // Armed now, so it is waiting by the time it is needed.
        let mut killer = Killer::arm(&db);
        for letter in ['a', 'b'].into_iter().take(CONFIRMED_PER_LAUNCH) {
            let name = format!("Kill {round:02} {letter}");
            given.push(name.clone());
            fill_add_form(&mut console, &name);
            console.send("\r");
            console.wait_for(&format!("Added {name} (active)."));
            console.wait_for_gone("Add a member");
            confirmed.insert(name);
        }
        if passphrase.is_some() && round == 0 {
            // The daily backup is among the files looked at: let the
            // first start make it.
            wait_for_file(&dir.path().join("backups").join(format!("circle-{}.db", today())), &console);
        }

        // One more add, typed and saved in one burst of keys and cut short
        // at a pseudo-random moment: before the form opens, while it fills,
        // during the save, or after it.
        let in_flight = format!("Kill {round:02} c");
        given.push(in_flight.clone());
        let delay = kill_delay(&mut rng);
        console.send(&format!("a{in_flight}\r"));
        if !delay.is_zero() {
            thread::sleep(delay);
        }
        killer.fire();
        let status = console.wait_exit(TIMEOUT);
        assert!(!status.success(), "round {round}: a killed console should not report success, got {status}");
        drop(console);

        let after = read_back_with(&db, passphrase);
        let context = format!("after kill {round} ({delay:?} after the keys while adding {in_flight:?}), db {db:?}");
        assert_eq!(after.integrity, ["ok"], "PRAGMA integrity_check {context}");
        assert_eq!(after.foreign_keys, 0, "PRAGMA foreign_key_check found broken references {context}");
        assert!(
            after.without_history.is_empty(),
            "members saved without their status history (half an add) {context}: {:?}",
            after.without_history
        );
        let present: BTreeSet<&str> = after.members.iter().map(String::as_str).collect();
        let lost: Vec<&String> = confirmed.iter().filter(|n| !present.contains(n.as_str())).collect();
        assert!(lost.is_empty(), "edits confirmed on screen are missing {context}: {lost:?}");
        let copies = after.members.iter().filter(|n| **n == in_flight).count();
        assert!(copies <= 1, "the add in flight was saved {copies} times {context}");
        let unexpected: Vec<&String> =
            after.members.iter().filter(|n| !confirmed.contains(*n) && !n.ends_with(" c")).collect();
        assert!(unexpected.is_empty(), "members nobody added {context}: {unexpected:?}");
        if copies == 1 {
            in_flight_saved += 1;
            // Saved is as good as confirmed from here on.
            confirmed.insert(in_flight);
        }
        if passphrase.is_some() {
            let readable = readable_names(dir.path(), &given);
            assert!(readable.is_empty(), "names readable in the encrypted files {context}: {readable:?}");
            let wal = dir.path().join("circle.db-wal");
            wal_seen_holding_adds |= std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        }
    }

    // The console still opens on what the last kill left, and quits cleanly.
    let mut console = launch_with(&db, passphrase);
    quit_cleanly(&mut console);
    drop(console);
    let last = read_back_with(&db, passphrase);
    assert_eq!(last.integrity, ["ok"], "PRAGMA integrity_check after the final clean quit");
    if passphrase.is_some() {
        assert!(Store::is_encrypted(&db), "the database is no longer encrypted");
        assert_eq!(readable_names(dir.path(), &given), Vec::<(PathBuf, String)>::new(), "after the final quit");
        assert!(kills == 0 || wal_seen_holding_adds, "no kill left a write-ahead log to look into");
    }

    eprintln!(
        "{kills} kills: the add in flight was saved {in_flight_saved} times and lost {} times",
        kills - in_flight_saved
    );
}

/// Waits for a file the console makes in the background; fails with the
/// screen after [`TIMEOUT`].
fn wait_for_file(path: &Path, console: &Console) {
    let started = std::time::Instant::now();
    while !path.exists() {
        assert!(started.elapsed() < TIMEOUT, "{path:?} was not made: {}", console.dump());
        thread::sleep(Duration::from_millis(20));
    }
}

/// Each file in `dir` and below (the database, its write-ahead log and
/// shared memory, circle's log, the backups and anything half-written)
/// paired with each of `names` that its bytes hold as they are.
fn readable_names(dir: &Path, names: &[String]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    let mut files = 0;
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("read {folder:?}: {e}")) {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            files += 1;
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {path:?}: {e}"));
            for name in names {
                if bytes.windows(name.len()).any(|w| w == name.as_bytes()) {
                    found.push((path.clone(), name.clone()));
                }
            }
        }
    }
    assert!(files >= 2, "expected the database and a backup in {dir:?}");
    found
}

/// Another program reading the file (the `sqlite3` shell, a script) while
/// the console runs must not cost the console an edit it confirms: when
/// that program closes, it may not take the console's write-ahead log with
/// it. It could, when one of circle's threads opened the file outside
/// SQLite, which on Linux drops every lock the process holds on it.
#[test]
fn another_program_closing_the_file_cannot_cost_a_confirmed_edit() {
    let dir = temp_dir();
    let db = prefill(dir.path());
    let mut console = launch(&db);
    // Let the threads that open their own connection do so: the daily
    // backup (none exists, so one is due) and reading ahead.
    let backup = dir.path().join("backups").join(format!("circle-{}.db", today()));
    let started = std::time::Instant::now();
    while !backup.exists() {
        assert!(started.elapsed() < TIMEOUT, "the daily backup was not made: {}", console.dump());
        thread::sleep(Duration::from_millis(20));
    }
    console.send("2");
    console.wait_for("workable");
    console.send("1");
    thread::sleep(Duration::from_millis(300));

    // Another program: a Python script, as a facilitator's own might be (a
    // process of its own with a SQLite of its own; Python is on every
    // machine the tests run on).
    let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute('SELECT count(*) FROM members').fetchone()[0])\nc.close()";
    let out = Command::new("python3").args(["-c", script]).arg(&db).output().expect("run python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), PREFILLED.len().to_string());
    let wal = dir.path().join("circle.db-wal");
    assert!(wal.exists(), "the console's write-ahead log was taken away by another program's close");

    fill_add_form(&mut console, "After The Reader");
    console.send("\r");
    console.wait_for("Added After The Reader (active).");
    console.signal("KILL");
    console.wait_exit(TIMEOUT);
    drop(console);
    let after = read_back(&db);
    assert_eq!(after.integrity, ["ok"]);
    assert!(after.members.iter().any(|m| m == "After The Reader"), "the confirmed edit was lost: {:?}", after.members);
}

/// The files circle keeps for a database: the file, its log, its backups.
fn files_holding(dir: &Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("backups")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.retain(|f| std::fs::read(f).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes())));
    files
}

fn erasure_noted(db: &Path) -> bool {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT count(*) FROM settings WHERE key = 'erasure_pending'", [], |r| r.get::<_, i64>(0)).unwrap()
        > 0
}

/// Killing the console while it forgets someone leaves them whole, or
/// leaves the note that the erasure is under way; the next start finishes
/// it, in the file and in every backup.
#[test]
fn killing_the_console_while_it_forgets_someone_never_leaves_them_half_erased() {
    const ROUNDS: usize = 6;
    let dir = temp_dir();
    let db = prefill(dir.path());
    let secret = |i: usize| format!("Zebra-quill secret {i:02}");
    let name = |i: usize| format!("Erase Me {i:02}");
    {
        let mut store = Store::open(&db).unwrap();
        let group = store.group_by_name(GROUP).unwrap().unwrap().id;
        for i in 0..ROUNDS {
            let fields = MemberFields { notes: secret(i), ..MemberFields::named(&name(i)) };
            store.add_member(group, &fields, MemberStatus::Active, today()).unwrap();
        }
        store.automatic_backup(today()).unwrap().expect("a backup holding everyone");
    }
    let mut rng = Lcg(0x0e1a_5e00_0000_0022);
    for round in 0..ROUNDS {
        let target = name(round);
        let members = read_back(&db).members;
        let mut sorted = members.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        let position = sorted.iter().position(|n| *n == target).expect("not yet forgotten");
        let mut console = launch(&db);
        let mut killer = Killer::arm(&db);
        for _ in 0..position {
            console.send_key(crate::pty::Key::Down);
        }
        console.wait_until_screen(&format!("{target} selected"), TIMEOUT, |s| {
            crate::pty::reversed(s).iter().any(|run| run.contains(&target))
        });
        console.send("x");
        console.wait_for(&format!("Type {target} to confirm"));
        console.send(&target);
        console.wait_for(&format!("> {target}"));
        let delay = kill_delay(&mut rng);
        console.send("\r");
        if !delay.is_zero() {
            thread::sleep(delay);
        }
        killer.fire();
        console.wait_exit(TIMEOUT);
        drop(console);

        let after = read_back(&db);
        let context = format!("round {round}, killed {delay:?} after Enter");
        assert_eq!(after.integrity, ["ok"], "{context}");
        let still_there = after.members.contains(&target);
        let traces = files_holding(dir.path(), &secret(round));
        assert!(
            still_there || erasure_noted(&db) || traces.is_empty(),
            "{context}: they are gone from the roster, nothing says the erasure is unfinished, yet {traces:?} hold them"
        );
        if still_there {
            eprintln!("{context}: killed before the erasure");
        }
    }
    // A start finishes every erasure left waiting.
    let mut console = launch(&db);
    console.wait_for(PREFILLED[0]);
    thread::sleep(Duration::from_millis(300));
    quit_cleanly(&mut console);
    drop(console);
    assert!(!erasure_noted(&db), "an erasure is still waiting after a clean start");
    let after = read_back(&db);
    for i in 0..ROUNDS {
        if !after.members.contains(&name(i)) {
            assert_eq!(files_holding(dir.path(), &secret(i)), Vec::<std::path::PathBuf>::new(), "{}", name(i));
        }
    }
}

/// Killing the console while its daily backup is being written leaves the
/// database whole and never a damaged file under a backup's name; the next
/// start makes the backup.
#[test]
fn killing_the_console_during_its_daily_backup_leaves_no_damaged_backup() {
    const ROUNDS: usize = 6;
    let dir = temp_dir();
    let db = prefill(dir.path());
    {
        // Enough to make the backup take a moment.
        let mut store = Store::open(&db).unwrap();
        let group = store.group_by_name(GROUP).unwrap().unwrap().id;
        for i in 0..300 {
            let fields =
                MemberFields { notes: "A long note. ".repeat(40), ..MemberFields::named(&format!("P {i:03}")) };
            store.add_member(group, &fields, MemberStatus::Active, today()).unwrap();
        }
    }
    let todays = dir.path().join("backups").join(format!("circle-{}.db", today()));
    let mut rng = Lcg(0x0bac_0000_0000_0022);
    for round in 0..ROUNDS {
        let _ = std::fs::remove_file(&todays);
        let mut console = launch(&db);
        let mut killer = Killer::arm(&db);
        let delay = Duration::from_micros(rng.next() % 40_000);
        thread::sleep(delay);
        killer.fire();
        console.wait_exit(TIMEOUT);
        drop(console);
        let context = format!("round {round}, killed {delay:?} after the first frame");
        assert_eq!(read_back(&db).integrity, ["ok"], "{context}");
        for entry in std::fs::read_dir(dir.path().join("backups")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("circle-") && name.ends_with(".db") {
                let problems = Store::check_file(&path, None).unwrap_or_else(|e| panic!("{context}: {name}: {e}"));
                assert!(problems.sound(), "{context}: {name} is damaged: {problems:?}");
            }
        }
    }
    let mut console = launch(&db);
    let started = std::time::Instant::now();
    while !todays.exists() {
        assert!(started.elapsed() < TIMEOUT, "the next start made no backup");
        thread::sleep(Duration::from_millis(20));
    }
    quit_cleanly(&mut console);
    assert!(Store::check_file(&todays, None).unwrap().sound());
}

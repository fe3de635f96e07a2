//! In-process benchmarks of the console, beside two baselines measured in
//! the same run (the targets, and the figures of a run, are in the README's
//! Performance section; `benches/README.md` says how to read them):
//!
//! - `baseline_bare`: a bare ratatui app drawing four tabs and a 5,000-row
//!   table from memory;
//! - `baseline_floor`: the same, opening a SQLite file read-only and reading
//!   only the rows it shows — the least any console of stored data can do;
//! - circle: opening the store and drawing each pane's first frame, and one
//!   key to the next frame, on the demo group and on the stress database
//!   (`circle demo --scale large`: 5,000 members, 1,000 meetings).
//!
//! - writes: "all present" in the register of the stress group (5,000
//!   members, 1,000 meetings of history), beside `baseline_floor_all_present`,
//!   the same 5,000 marks written into a bare table of the same shape.
//!
//! Run with `cargo bench --bench console`; compare the medians as ratios.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Row, Table, Tabs};

fn main() {
    divan::main();
}

fn folder() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The stress database, made once and kept between runs, open on the
/// stress group as a facilitator of that group would have it (without a
/// remembered group the console opens the first by name, "Circle 001", 30
/// people).
static STRESS: LazyLock<PathBuf> = LazyLock::new(|| {
    let path = folder().join("large-inprocess.db");
    if !path.exists() {
        let mut store = Store::open(&path).unwrap();
        store.fill_large(7).unwrap();
    }
    let mut circle = Circle::open(&path).unwrap();
    let stress = circle.group_named("Stress Circle").unwrap().id;
    circle.remember_group(stress).unwrap();
    path
});

/// The demo group, as `--demo` shows it.
static DEMO: LazyLock<PathBuf> = LazyLock::new(|| {
    let path = folder().join("demo-inprocess.db");
    if !path.exists() {
        let mut store = Store::open(&path).unwrap();
        circle::demo::fill(&mut store, circle::store::today()).unwrap();
    }
    path
});

fn database(name: &str) -> &'static Path {
    match name {
        "stress" => &STRESS,
        _ => &DEMO,
    }
}

const SIZES: [&str; 2] = ["demo", "stress"];

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(120, 40)).unwrap()
}

fn bare_frame(terminal: &mut Terminal<TestBackend>, rows: &[(String, &'static str)]) {
    terminal
        .draw(|frame| {
            let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(frame.area());
            frame.render_widget(Tabs::new(["Roster", "Size health", "Agreement", "Endings"]), tabs);
            let visible = rows.iter().take(body.height as usize).map(|(n, s)| Row::new([n.as_str(), *s]));
            frame.render_widget(Table::new(visible, [Constraint::Fill(1), Constraint::Length(10)]), body);
        })
        .unwrap();
}

#[divan::bench]
fn baseline_bare_first_frame(bencher: Bencher) {
    bencher.bench(|| {
        let rows: Vec<(String, &str)> = (0..5000).map(|i| (format!("Person {i:04}"), "active")).collect();
        let mut terminal = terminal();
        bare_frame(&mut terminal, &rows);
        // Returned, so closing is not timed: the first frame ends at the draw.
        (rows, terminal)
    });
}

#[divan::bench(args = SIZES)]
fn baseline_floor_first_frame(bencher: Bencher, size: &str) {
    let path = database(size);
    bencher.bench(|| {
        let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        // The order of the `members_by_name` index, which answers it
        // without a sort, as circle's roster is answered (and the
        // whole-process floor, benches/floor.rs).
        let mut stmt = conn
            .prepare(
                "SELECT name, status FROM members WHERE group_id = (SELECT id FROM groups ORDER BY id LIMIT 1)
                  ORDER BY name COLLATE NOCASE, id LIMIT 40",
            )
            .unwrap();
        let rows: Vec<(String, &str)> =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, "active"))).unwrap().map(Result::unwrap).collect();
        drop(stmt);
        let mut terminal = terminal();
        bare_frame(&mut terminal, &rows);
        (conn, rows, terminal)
    });
}

#[divan::bench]
fn baseline_bare_key(bencher: Bencher) {
    let rows: Vec<(String, &str)> = (0..5000).map(|i| (format!("Person {i:04}"), "active")).collect();
    let mut terminal = terminal();
    bencher.bench_local(|| bare_frame(&mut terminal, &rows));
}

fn open(size: &str) -> App {
    let store = Store::open(database(size)).unwrap();
    App::new(Circle::new(store), circle::store::today(), Theme { color: true, ..Theme::default() })
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|frame| app.render(frame)).unwrap();
}

/// Opening the database and drawing the first frame the console shows
/// (closing it afterwards is not timed, for the baselines neither).
#[divan::bench(args = SIZES)]
fn first_frame(bencher: Bencher, size: &str) {
    bencher.bench(|| {
        let app = open(size);
        let mut terminal = terminal();
        draw(&app, &mut terminal);
        (app, terminal)
    });
}

/// The demo database encrypted, in a folder of its own (encrypting rewrites
/// the backups beside a database, and no other database's may be there).
static ENCRYPTED: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = folder().join("encrypted");
    let path = dir.join("demo.db");
    if !path.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&*DEMO, &path).unwrap();
        circle::usecase::encryption::encrypt(&path, &passphrase()).unwrap();
    }
    path
});

fn passphrase() -> circle::secret::Passphrase {
    circle::secret::Passphrase::new("lantern harbour morning".into())
}

/// The first frame of an encrypted database, after its passphrase: what
/// the key derivation adds (on purpose: it is what makes guessing a
/// passphrase slow). Compare with `first_frame` on the demo; it is not part
/// of the comparison with the floor, which reads a plain file.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn first_frame_encrypted_demo(bencher: Bencher) {
    let path = &*ENCRYPTED;
    bencher.bench(|| {
        let store = Store::open_with(path, Some(&passphrase())).unwrap();
        let app = App::new(Circle::new(store), circle::store::today(), Theme { color: true, ..Theme::default() });
        let mut terminal = terminal();
        draw(&app, &mut terminal);
        (app, terminal)
    });
}

/// Opening and drawing each pane.
#[divan::bench(args = [
    ("demo", Tab::Roster), ("stress", Tab::Roster), ("demo", Tab::Size), ("stress", Tab::Size),
    ("demo", Tab::Agreement), ("stress", Tab::Agreement), ("demo", Tab::Endings), ("stress", Tab::Endings),
])]
fn pane_first_frame(bencher: Bencher, (size, tab): (&str, Tab)) {
    bencher.bench(|| {
        let mut app = open(size);
        app.update(Action::GoTab(tab));
        let mut terminal = terminal();
        draw(&app, &mut terminal);
        (app, terminal)
    });
}

/// One key on the roster to the next frame.
fn keyed(bencher: Bencher, size: &str, setup: impl Fn(&mut App), key: impl Fn(&mut App)) {
    let mut app = open(size);
    app.update(Action::GoTab(Tab::Roster));
    setup(&mut app);
    let mut terminal = terminal();
    draw(&app, &mut terminal);
    bencher.bench_local(|| {
        key(&mut app);
        draw(&app, &mut terminal);
    });
}

#[divan::bench(args = SIZES)]
fn key_roster_down(bencher: Bencher, size: &str) {
    keyed(bencher, size, |_| {}, |app| app.update(Action::Down));
}

#[divan::bench(args = SIZES)]
fn key_roster_end_then_home(bencher: Bencher, size: &str) {
    let flip = Cell::new(false);
    keyed(
        bencher,
        size,
        |_| {},
        |app| {
            flip.set(!flip.get());
            app.update(if flip.get() { Action::Bottom } else { Action::Top });
        },
    );
}

#[divan::bench(args = SIZES)]
fn key_switch_tab(bencher: Bencher, size: &str) {
    let flip = Cell::new(false);
    keyed(
        bencher,
        size,
        |_| {},
        |app| {
            flip.set(!flip.get());
            app.update(Action::GoTab(if flip.get() { Tab::Size } else { Tab::Roster }));
        },
    );
}

#[divan::bench(args = SIZES)]
fn key_search_letter(bencher: Bencher, size: &str) {
    let flip = Cell::new(false);
    keyed(
        bencher,
        size,
        |app| app.update(Action::Search),
        |app| {
            flip.set(!flip.get());
            let code = if flip.get() { KeyCode::Char('a') } else { KeyCode::Backspace };
            app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        },
    );
}

/// Stepping between two cards of the stress group's 60-card reading.
#[divan::bench]
fn key_step_card_while_reading(bencher: Bencher) {
    let mut app = open("stress");
    app.update(Action::GoTab(Tab::Endings));
    let mut terminal = terminal();
    let flip = Cell::new(false);
    bencher.bench_local(|| {
        flip.set(!flip.get());
        app.update(if flip.get() { Action::NextCard } else { Action::PrevCard });
        draw(&app, &mut terminal);
    });
}

/// A reshuffle of a 60-card deal, and a deal for 1,000 people.
#[divan::bench(args = [60, 1000])]
fn deal(bencher: Bencher, people: u32) {
    let readers: Vec<u32> = (0..people).collect();
    let seed = Cell::new(0u64);
    bencher.bench_local(|| {
        seed.set(seed.get() + 1);
        circle::domain::endings::plan(
            circle::domain::EndingMode::FaceToFace,
            false,
            &readers,
            &readers,
            &Default::default(),
            seed.get(),
        )
        .unwrap()
    });
}

/// A fresh copy of the stress database for the writes, made once a run, so
/// the meetings they add do not pile up in the one the frames are read from.
static WRITES: LazyLock<PathBuf> = LazyLock::new(|| {
    let path = folder().join("large-writes.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    // Copied before any connection to the copy is open (and the source's
    // last connection closed with its log folded in), so no lock is lost.
    std::fs::copy(&*STRESS, &path).unwrap();
    path
});

/// The days the benchmarks' meetings are held on, after the history.
fn next_day(n: &Cell<u64>) -> chrono::NaiveDate {
    n.set(n.get() + 1);
    let (y, m, d) = circle::store::SCALE_END;
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() + chrono::Days::new(n.get())
}

/// The least 5,000 marks can cost: one transaction of 5,000 rows into a
/// table shaped as the register's, with its index and the same durability,
/// and nothing kept beside them.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn baseline_floor_all_present(bencher: Bencher) {
    let path = folder().join("floor-writes.db");
    let _ = std::fs::remove_file(&path);
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE attendance (meeting_id INTEGER NOT NULL, member_id INTEGER NOT NULL,
                                  PRIMARY KEY (meeting_id, member_id)) WITHOUT ROWID;
         CREATE INDEX attendance_by_member ON attendance(member_id, meeting_id);",
    )
    .unwrap();
    let meeting = Cell::new(0i64);
    bencher.bench_local(|| {
        meeting.set(meeting.get() + 1);
        let tx = conn.transaction().unwrap();
        tx.execute(
            "INSERT INTO attendance (meeting_id, member_id)
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT ?1, i FROM n",
            [meeting.get()],
        )
        .unwrap();
        tx.commit().unwrap();
    });
}

/// "All present" in the register of a meeting of the stress group, with
/// 1,000 meetings behind it: every active member (about 4,700) marked in
/// one use case, the kept figures included.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn register_all_present(bencher: Bencher) {
    let circle = std::cell::RefCell::new(Circle::open(&WRITES).unwrap());
    let group = circle.borrow().group_named("Stress Circle").unwrap().id;
    let days = Cell::new(0);
    bencher
        .with_inputs(|| {
            let new = circle::domain::NewMeeting {
                held_on: next_day(&days),
                mode: circle::domain::MeetingMode::InPerson,
                minutes: 90,
            };
            match circle.borrow_mut().open_meeting(group, &new).unwrap() {
                circle::usecase::register::MeetingOpened::Created(m)
                | circle::usecase::register::MeetingOpened::AlreadyThere(m) => m.id,
            }
        })
        .bench_local_values(|meeting| {
            let mut c = circle.borrow_mut();
            let of = circle::usecase::register::RegisterOf::Recorded(c.meeting(meeting).unwrap());
            c.mark(&of, circle::usecase::register::Mark::Expected, circle::store::today()).unwrap()
        });
}

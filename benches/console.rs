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

//! Opening the console, moving around it, and leaving it: on a new database,
//! on the demo, in a window too small to draw in, without colour, and by
//! Ctrl-C or a signal instead of `q`.

use circle::store::Store;

use crate::pty::{Console, Key, TIMEOUT, db_in, quit_cleanly, temp_dir};

/// Text only one pane shows, in tab order (the tab bar names every pane, so
/// the titles themselves prove nothing).
const EMPTY_PANES: [(&str, &str); 4] = [
    ("Roster", "No members yet"),
    ("Size health", "Reaching the people the group is for"),
    ("Agreement", "No agreement yet"),
    ("Endings", "Moving on with positivity helps"),
];

/// Waits until pane `index` shows and no other pane does; `how` names the
/// key that was pressed, for the failure message.
fn expect_pane(console: &mut Console, how: &str, index: usize) {
    let (name, marker) = EMPTY_PANES[index];
    console.wait_until(
        &format!("{how} to show the {name} pane ({marker:?} and no other pane's text)"),
        TIMEOUT,
        |screen| EMPTY_PANES.iter().enumerate().all(|(i, (_, m))| screen.contains(m) == (i == index)),
    );
}

#[test]
fn first_run_creates_a_group_and_visits_every_pane() {
    let dir = temp_dir();
    let db = db_in(dir.path());
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);

    // A new database opens on the tour: three pages, then the first group.
    console.wait_for("Welcome to circle · 1 of 3");
    console.send_key(Key::Enter);
    console.wait_for("Four tabs · 2 of 3");
    console.send_key(Key::Left);
    console.wait_for("Welcome to circle · 1 of 3");
    console.send_key(Key::Right);
    console.wait_for("Four tabs · 2 of 3");
    console.send_key(Key::Enter);
    console.wait_for("Finding your way · 3 of 3");
    console.send_key(Key::Enter);
    console.wait_for("Create your first group");
    console.send("Thursday Café Circle");
    console.wait_for("Thursday Café Circle");
    // A text field shows where typing goes.
    assert!(console.cursor_visible(), "the cursor should show in the name field\n{}", console.dump());
    console.send_key(Key::Tab);
    console.send("Carers of people living with dementia");
    console.send_key(Key::Enter);
    console.wait_for("No members yet");
    console.wait_for("circle · Thursday Café Circle");

    for (key, pane) in [("2", 1), ("3", 2), ("4", 3), ("1", 0)] {
        console.send(key);
        expect_pane(&mut console, &format!("key {key}"), pane);
    }
    // Tab walks forward and wraps; Shift-Tab walks back and wraps.
    for pane in [1, 2, 3, 0] {
        console.send_key(Key::Tab);
        expect_pane(&mut console, "Tab", pane);
    }
    for pane in [3, 2, 1, 0] {
        console.send_key(Key::BackTab);
        expect_pane(&mut console, "Shift-Tab", pane);
    }

    quit_cleanly(&mut console);

    let store = Store::open(&db).expect("the database circle wrote should open");
    let groups = store.groups().expect("read the groups back");
    assert_eq!(groups.len(), 1, "one group should have been saved: {groups:?}");
    assert_eq!(groups[0].name, "Thursday Café Circle");
    assert_eq!(groups[0].settings.focus, "Carers of people living with dementia");
}

#[test]
fn demo_shows_the_sample_group_and_help() {
    let mut console = Console::spawn(["--demo"], 80, 24);

    console.wait_for("Riverside Wellbeing Circle");
    console.wait_for("Siobhán");

    console.send("?");
    console.wait_for("Esc to close");
    console.send_key(Key::Esc);
    console.wait_for_gone("Esc to close");
    assert!(console.screen().contains("Siobhán"), "the roster should be back after help closes\n{}", console.dump());

    quit_cleanly(&mut console);
    let left: Vec<_> = std::fs::read_dir(console.tmp_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(left.is_empty(), "the demo should remove its throwaway database on exit, left {left:?}");
}

#[test]
fn a_small_window_asks_to_be_larger_and_still_quits() {
    let mut console = Console::spawn(["--demo"], 30, 8);
    console.wait_for("Make the window larger");

    // Growing the window brings the console back; shrinking asks again.
    console.resize(80, 24);
    console.wait_for("Riverside Wellbeing Circle");
    console.resize(30, 8);
    console.wait_for("Make the window larger");

    quit_cleanly(&mut console);
}

/// Whether any cell on the screen has a colour of its own.
fn any_colour(screen: &vt100::Screen) -> bool {
    let (rows, cols) = screen.size();
    (0..rows.get()).any(|r| {
        (0..cols.get())
            .filter_map(|c| screen.cell(r, c))
            .any(|cell| cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default)
    })
}

/// The text of the rows drawn in reverse video, which is how the selection
/// shows when there is no colour.
fn reversed_rows(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let texts: Vec<String> = screen.rows(0, cols.get()).collect();
    (0..rows.get())
        .filter(|&r| (0..cols.get()).filter_map(|c| screen.cell(r, c)).any(|cell| cell.inverse()))
        .map(|r| texts[usize::from(r)].clone())
        .collect()
}

fn selection_is(name: &'static str) -> impl Fn(&vt100::Screen) -> bool {
    move |screen| matches!(reversed_rows(screen).as_slice(), [row] if row.starts_with(name))
}

#[test]
fn no_color_is_honoured_and_the_selection_still_shows() {
    let mut console = Console::spawn(["--demo"], 80, 24);
    console.wait_for("Siobhán");
    assert!(console.with_screen(any_colour), "without NO_COLOR the console should use colour\n{}", console.dump());
    quit_cleanly(&mut console);

    let mut console = Console::launch(["--demo"]).env("NO_COLOR", "1").spawn();
    console.wait_for("Siobhán");
    console.wait_until_screen("Alex's row alone in reverse video", TIMEOUT, selection_is("Alex"));
    assert!(!console.with_screen(any_colour), "NO_COLOR=1 should draw no colour at all\n{}", console.dump());
    console.send_key(Key::Down);
    console.wait_until_screen("Down to move the reverse video to Aroha", TIMEOUT, selection_is("Aroha"));
    console.send_key(Key::Up);
    console.wait_until_screen("Up to move the reverse video back to Alex", TIMEOUT, selection_is("Alex"));
    quit_cleanly(&mut console);
}

#[test]
fn leaving_before_the_first_group_saves_nothing() {
    let dir = temp_dir();
    let db = db_in(dir.path());
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Welcome to circle");
    console.send_key(Key::Esc);
    console.wait_for("Create your first group");

    console.send_key(Key::Esc);
    console.wait_for("Ctrl-C to leave");
    // In raw mode Ctrl-C arrives as a key, not as SIGINT.
    console.send_key(Key::CtrlC);
    let status = console.wait_exit(TIMEOUT);
    let dump = console.dump();
    assert!(status.success(), "Ctrl-C should leave cleanly, got {status}\n{dump}");
    assert!(console.left_alternate_screen() && console.cursor_visible(), "the terminal should be restored\n{dump}");

    let store = Store::open(&db).expect("open the database");
    assert_eq!(store.groups().expect("read the groups").len(), 0, "no group should have been made");
}

/// Closing the terminal window (SIGHUP) or `kill` (SIGTERM) must still give
/// the facilitator's screen back.
#[test]
fn a_hangup_or_terminate_signal_restores_the_terminal() {
    for signal in ["HUP", "TERM"] {
        let dir = temp_dir();
        let db = db_in(dir.path());
        let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
        console.wait_for("Welcome to circle");
        console.send_key(Key::Esc);
        console.wait_for("Create your first group");
        console.signal(signal);
        let status = console.wait_exit(TIMEOUT);
        let dump = console.dump();
        assert!(!status.success(), "SIG{signal} should not count as success\n{dump}");
        assert!(console.left_alternate_screen(), "SIG{signal} should leave the alternate screen\n{dump}");
        assert!(console.cursor_visible(), "SIG{signal} should show the cursor again\n{dump}");
    }
}

/// The demo's throwaway folder should go however the demo ends.
#[test]
fn a_terminated_demo_removes_its_throwaway_database() {
    let mut console = Console::spawn(["--demo"], 80, 24);
    console.wait_for("Riverside Wellbeing Circle");
    console.signal("TERM");
    console.wait_exit(TIMEOUT);
    let left: Vec<_> = std::fs::read_dir(console.tmp_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(left.is_empty(), "the demo left {left:?} behind");
}

/// On the Linux console, whose font has no block or quadrant characters,
/// size health's gauge and chart are drawn in plain characters; with a
/// locale that is not UTF-8 the console also says so, in words.
#[test]
fn a_terminal_without_block_characters_gets_plain_ones() {
    let mut console =
        Console::launch(["--demo"]).env("TERM", "linux").env("LANG", "de_DE.ISO-8859-1").size(80, 24).spawn();
    console.wait_for("is not UTF-8");
    console.wait_for("may not show rightly");
    console.send("2");
    console.wait_for("People at each meeting");
    let screen = console.screen();
    let blocks: Vec<char> = screen.chars().filter(|c| ('\u{2580}'..='\u{259F}').contains(c)).collect();
    assert!(blocks.is_empty(), "block characters on a plain terminal: {blocks:?}\n{screen}");
    assert!(screen.contains("[#") && screen.contains("] expected "), "the gauge in plain characters\n{screen}");
    quit_cleanly(&mut console);
}

/// Where the terminal keeps no alternate screen (GNU screen's default, tmux
/// with `alternate-screen off`, the Linux console), the first frame must not
/// show the shell's text through it, and quitting must not leave the roster
/// on screen under the prompt. The real console's output is replayed on a
/// terminal that ignores the alternate screen, holding a shell's leftovers.
#[test]
fn without_an_alternate_screen_it_clears_on_entry_and_on_exit() {
    let dir = temp_dir();
    let db = db_in(dir.path());
    let mut store = Store::open(&db).unwrap();
    let group = store
        .create_group(
            &circle::domain::NewGroup {
                name: "Thursday".into(),
                focus: String::new(),
                openness: circle::domain::Openness::Open,
            },
            circle::store::today(),
        )
        .unwrap();
    store
        .add_member(
            group.id,
            &circle::domain::MemberFields::named("Aroha"),
            circle::domain::MemberStatus::Active,
            circle::store::today(),
        )
        .unwrap();
    drop(store);
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Aroha");
    let entered = console.transcript();
    quit_cleanly(&mut console);
    let all = console.transcript();

    let without_alternate = |bytes: &[u8]| -> Vec<u8> {
        let mut out = String::from_utf8_lossy(bytes).into_owned();
        for mode in ["1049", "1047", "47"] {
            out = out.replace(&format!("\x1b[?{mode}h"), "").replace(&format!("\x1b[?{mode}l"), "");
        }
        out.into_bytes()
    };
    let shell = "user@laptop:~$ ls old-notes-from-the-shell\r\nleftover.txt\r\nuser@laptop:~$ circle\r\n";
    let replay = |bytes: &[u8]| {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(24), size(80), 0);
        parser.process(shell.as_bytes());
        parser.process(&without_alternate(bytes));
        parser.screen().contents()
    };
    let first = replay(&entered);
    assert!(first.contains("Aroha"), "{first}");
    assert!(!first.contains("old-notes") && !first.contains("laptop"), "shell text under the frame:\n{first}");
    let after = replay(&all);
    assert!(!after.contains("Aroha") && !after.contains("Roster"), "the console stayed on screen:\n{after}");
    assert!(!after.contains("old-notes"), "{after}");
}

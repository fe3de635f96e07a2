//! A meeting's work by keyboard in the real console: the promotion checklist
//! and the review on Size health, the agreement from the template and in the
//! facilitator's own editor, and a speaking round with a pass and a late
//! arrival, also across a restart. Each flow prefills a database through the
//! library, drives the binary, quits, and reads the database back.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use circle::domain::agreement::TEMPLATE;
use circle::domain::{ChannelStatus, GroupId, GroupStatus, MeetingMode, MemberId};
use circle::domain::{MemberFields, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::{Store, today};

use crate::pty::{Console, Key, TIMEOUT, db_in, quit_cleanly, temp_dir};

const GROUP: &str = "Harbour Circle";

/// A database with one group, created on `since`, and these active members.
fn prefill(dir: &Path, names: &[&str], since: NaiveDate) -> (PathBuf, GroupId, Vec<MemberId>) {
    let db = db_in(dir);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: GROUP.into(), focus: String::new(), openness: Openness::Open }, since)
        .expect("make the group")
        .id;
    let ids = names
        .iter()
        .map(|name| store.add_member(group, &MemberFields::named(name), MemberStatus::Active, since).unwrap().id)
        .collect();
    (db, group, ids)
}

fn launch(db: &Path) -> Console {
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for(&format!("circle · {GROUP}"));
    console
}

/// Rows of the screen holding `needle`.
fn count_lines(screen: &str, needle: &str) -> usize {
    screen.lines().filter(|l| l.contains(needle)).count()
}

// ---------------------------------------------------------------------------
// Size health: the promotion checklist and the review

#[test]
fn a_small_group_keeps_a_promotion_checklist_and_notes_its_review() {
    const CHANNEL: &str = "Harbour community radio";
    let dir = temp_dir();
    let since = today() - chrono::Days::new(200);
    let (db, group, _) = prefill(dir.path(), &["Ana Brook", "Ben Carr", "Cleo Dunn"], since);
    {
        let mut store = Store::open(&db).unwrap();
        let mut settings = store.group(group).unwrap().settings;
        settings.status = GroupStatus::Active;
        settings.min_size = 4;
        settings.last_review = None;
        store.update_group_settings(group, &settings).unwrap();
        assert_eq!(store.group(group).unwrap().settings.workable_range().smallest, 4);
    }

    let mut console = launch(&db);
    console.wait_for("review due");
    console.send("2");
    console.wait_for("smaller than it needs to be");
    console.wait_for("Reaching the people");

    console.send("p");
    console.wait_for("Promotion checklist");
    console.wait_for("No channels yet");
    console.send("a");
    console.wait_for("A way to reach people");
    console.send_key(Key::Tab);
    console.send(CHANNEL);
    console.wait_for(CHANNEL);
    console.send_key(Key::Enter);
    console.wait_for("Saved in the promotion checklist.");
    console.wait_for_gone("A way to reach people");
    console.wait_until("the channel listed as planned", TIMEOUT, |screen| {
        screen.lines().any(|l| l.contains("[ ]") && l.contains(CHANNEL) && l.contains(&format!("planned {}", today())))
    });

    console.send_key(Key::Space);
    console.wait_for("Marked done today.");
    console.wait_until("the channel listed as done today", TIMEOUT, |screen| {
        screen.lines().any(|l| l.contains("[x]") && l.contains(CHANNEL) && l.contains(&format!("done {}", today())))
    });

    console.send_key(Key::Esc);
    console.wait_for_gone("Promotion checklist");
    console.wait_for("smaller than it needs to be");

    console.send("v");
    console.wait_for("Noted: the group reviewed how it describes itself today.");
    console.wait_for_gone("review due");

    quit_cleanly(&mut console);

    let store = Store::open(&db).unwrap();
    let channels = store.channels(group).unwrap();
    assert_eq!(channels.len(), 1, "one channel: {channels:#?}");
    assert_eq!(channels[0].name, CHANNEL);
    assert_eq!(channels[0].status, ChannelStatus::Tried);
    assert_eq!(channels[0].tried_on, Some(today()));
    assert_eq!(store.group(group).unwrap().settings.last_review, Some(today()));
}

// ---------------------------------------------------------------------------
// The agreement

#[test]
fn an_agreement_from_the_template_is_adopted_and_agreed_by_everyone() {
    let dir = temp_dir();
    let (db, group, members) = prefill(dir.path(), &["Ana Brook", "Ben Carr"], today());
    let mut console = launch(&db);
    console.send("3");
    console.wait_for("No agreement yet");

    console.send("t");
    console.wait_for("Agreement draft");
    console.send_key(Key::Ctrl('s'));
    console.wait_for("The draft is saved.");
    console.wait_for_gone("Agreement draft");

    console.send("a");
    // The template's blanks are still in it: named, and asked about first.
    console.wait_for("Not finished yet?");
    console.send_key(Key::Enter);
    console.wait_for("Adopt version 1");
    console.send("Our first agreement");
    console.wait_for("Our first agreement");
    console.send_key(Key::Enter);
    console.wait_for("Agreement v1");
    console.wait_for("Not yet agreed to v1: Ana Brook, Ben Carr");

    console.send("s");
    console.wait_for("Who agreed to version 1");
    console.send_key(Key::Space);
    console.wait_until("one person marked", TIMEOUT, |s| count_lines(s, "[x]") == 1);
    console.send_key(Key::Space);
    console.wait_until("both people marked", TIMEOUT, |s| count_lines(s, "[x]") == 2);
    console.send_key(Key::Enter);
    console.wait_for("2 agreed to version 1");
    console.send_key(Key::Enter);
    // No meeting today: nobody is marked present, so it asks first.
    console.wait_for("are not marked present today");
    console.send_key(Key::Enter);
    console.wait_for("Everyone has agreed to v1");
    console.wait_for("Recorded: 2 agreed to version 1.");

    quit_cleanly(&mut console);

    let store = Store::open(&db).unwrap();
    let current = store.current_agreement(group).unwrap().expect("an adopted agreement");
    assert_eq!(current.version, 1);
    // (The editor gives the text back without its final line break.)
    assert_eq!(current.body.trim_end(), TEMPLATE.trim_end(), "the template, saved unchanged");
    assert_eq!(current.change_note, "Our first agreement");
    assert_eq!(store.agreement_draft(group).unwrap(), None, "adopting uses up the draft");
    let mut signed: Vec<MemberId> = store.signups(current.id).unwrap().iter().map(|s| s.member).collect();
    signed.sort();
    let mut expected = members.clone();
    expected.sort();
    assert_eq!(signed, expected, "both members agreed to v1");
    assert!(store.signups(current.id).unwrap().iter().all(|s| s.signed_on == today()));
}

/// A folder for the child's temporary files, and the script to use as
/// `EDITOR`: it notes the file it was given in `editor.log` next to it,
/// then runs `body` on it.
fn editor_script(dir: &Path, body: &str) -> (PathBuf, PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let tmp = dir.join("tmp");
    std::fs::create_dir(&tmp).expect("make the child's temporary folder");
    let log = dir.join("editor.log");
    let script = dir.join("editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n{body}\n", log.display()))
        .expect("write the editor script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("make the script executable");
    (tmp, script, log)
}

/// The files and folders circle made to edit in, still in `tmp`.
fn leftover_edit_files(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .expect("read the temporary folder")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("circle-agreement-") || name.starts_with("circle-edit-")
        })
        .collect()
}

/// How often the console has asked for the cursor position (`ESC[6n`).
fn cursor_queries(console: &Console) -> usize {
    console.transcript().windows(4).filter(|w| w == b"\x1b[6n").count()
}

/// `E`, then what a real terminal does once the console is back from the
/// editor: it answers the cursor position query (`ESC[6n`) that ratatui's
/// `Terminal::clear` makes before clearing. The harness answers none, and
/// unanswered the clear fails after two seconds: the console then draws only
/// the cells that changed onto the emptied screen (see the report of these
/// flows). Returns once the reply is sent, or once `outcome` is on screen
/// without the console having asked.
fn edit_externally(console: &mut Console, outcome: &str) {
    let asked = cursor_queries(console);
    console.send("E");
    let start = std::time::Instant::now();
    loop {
        if cursor_queries(console) > asked {
            console.send("\x1b[1;1R");
            return;
        }
        if console.screen().contains(outcome) {
            return;
        }
        assert!(start.elapsed() <= TIMEOUT, "timed out waiting for {outcome:?} after E\n{}", console.dump());
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn launch_with_editor(db: &Path, editor: &Path, tmp: &Path) -> Console {
    let mut console = Console::launch(["--db", db.to_str().unwrap()])
        .size(80, 24)
        .env_remove("VISUAL")
        .env("EDITOR", editor)
        .env("TMPDIR", tmp)
        .spawn();
    console.wait_for(&format!("circle · {GROUP}"));
    console
}

#[test]
fn the_next_version_is_written_in_the_facilitators_own_editor() {
    let dir = temp_dir();
    let (db, group, _) = prefill(dir.path(), &["Ana Brook", "Ben Carr"], today());
    Store::open(&db).unwrap().adopt_agreement(group, TEMPLATE, "first", today()).unwrap();
    let (tmp, script, log) = editor_script(dir.path(), "printf '## Phones\\nOn silent, please.\\n' >> \"$1\"");

    let mut console = launch_with_editor(&db, &script, &tmp);
    console.send("3");
    console.wait_for("Agreement v1");
    assert!(!console.screen().contains("A draft of the next version"), "no draft yet\n{}", console.dump());

    edit_externally(&mut console, "The draft is saved from your editor.");
    console.wait_for("The draft is saved from your editor.");
    // The whole screen is drawn again, not only what changed.
    console.wait_for(&format!("circle · {GROUP}"));
    console.wait_for("A draft of the next version is waiting");
    assert!(console.on_alternate_screen(), "the console should be back on its own screen\n{}", console.dump());

    console.send("d");
    console.wait_for("Changes from v1 to the draft: 2 lines added, 0 lines taken out");
    // The two added lines are at the end of the text.
    console.send_key(Key::End);
    console.wait_for("+ ## Phones");
    console.wait_for("+ On silent, please.");

    quit_cleanly(&mut console);

    let store = Store::open(&db).unwrap();
    let draft = store.agreement_draft(group).unwrap().expect("the edited draft is kept");
    assert_eq!(draft, format!("{TEMPLATE}## Phones\nOn silent, please.\n"));
    assert_eq!(store.current_agreement(group).unwrap().unwrap().version, 1, "nothing adopted");

    let edited = std::fs::read_to_string(&log).expect("the editor should have run");
    let edited: Vec<&str> = edited.lines().collect();
    assert_eq!(edited.len(), 1, "the editor ran once: {edited:?}");
    let file = Path::new(edited[0]);
    assert!(file.starts_with(&tmp), "the file to edit should be made in TMPDIR: {file:?}");
    assert!(!file.exists(), "the file edited should be removed: {file:?}");
    assert_eq!(leftover_edit_files(&tmp), Vec::<PathBuf>::new(), "no file to edit left behind");
}

/// Closing the terminal window or `kill` while the editor has the
/// agreement must not leave its text in the temporary folder.
#[test]
fn a_signal_while_the_editor_has_the_agreement_leaves_no_copy_of_it() {
    let dir = temp_dir();
    let (db, group, _) = prefill(dir.path(), &["Ana Brook", "Ben Carr"], today());
    Store::open(&db).unwrap().adopt_agreement(group, TEMPLATE, "first", today()).unwrap();
    let (tmp, script, log) = editor_script(dir.path(), "sleep 5");

    let mut console = launch_with_editor(&db, &script, &tmp);
    console.send("3");
    console.wait_for("Agreement v1");
    console.send("E");
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&log).map_or(true, |l| l.is_empty()) {
        assert!(start.elapsed() <= TIMEOUT, "the editor never started\n{}", console.dump());
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let edited = std::fs::read_to_string(&log).unwrap();
    let file = Path::new(edited.trim_end());
    assert!(file.exists(), "the editor has the file");
    console.signal("TERM");
    console.wait_exit(TIMEOUT);
    assert!(!file.exists(), "the agreement's text was left in {file:?}");
    assert_eq!(leftover_edit_files(&tmp), Vec::<PathBuf>::new());
}

/// An editor that fails without saving leaves the draft as it was; one
/// that saved and then failed (vim's `:w` then `:cq`) is asked about: no
/// keeps the draft, yes takes what was saved.
#[test]
fn an_editor_that_fails_leaves_the_draft_as_it_was() {
    let dir = temp_dir();
    let (db, group, _) = prefill(dir.path(), &["Ana Brook", "Ben Carr"], today());
    let draft = format!("{TEMPLATE}## Tea\nWhoever arrives first puts the kettle on.\n");
    {
        let mut store = Store::open(&db).unwrap();
        store.adopt_agreement(group, TEMPLATE, "first", today()).unwrap();
        store.save_agreement_draft(group, &draft).unwrap();
    }
    // Changes the file, then fails: asked, and not taken on Esc.
    let (tmp, script, log) = editor_script(dir.path(), "printf 'saved first\\n' > \"$1\"\nfalse");

    for editor in [Path::new("false"), script.as_path()] {
        let mut console = launch_with_editor(&db, editor, &tmp);
        console.send("3");
        console.wait_for("Agreement v1");
        console.wait_for("A draft of the next version is waiting");

        edit_externally(&mut console, "ended with an error");
        console.wait_for("ended with an error");
        if editor == script.as_path() {
            console.wait_for("Keep what your editor saved?");
            console.send_key(Key::Esc);
            console.wait_for_gone("Keep what your editor saved?");
        }
        console.wait_for(&format!("circle · {GROUP}"));
        console.wait_for("A draft of the next version is waiting");
        assert!(console.on_alternate_screen(), "the console should be back on its own screen\n{}", console.dump());

        quit_cleanly(&mut console);

        let store = Store::open(&db).unwrap();
        assert_eq!(store.agreement_draft(group).unwrap().as_deref(), Some(draft.as_str()), "with EDITOR={editor:?}");
        assert_eq!(store.current_agreement(group).unwrap().unwrap().version, 1);
        assert_eq!(leftover_edit_files(&tmp), Vec::<PathBuf>::new(), "with EDITOR={editor:?}");
    }
    let edited = std::fs::read_to_string(&log).expect("the failing script should have run");
    assert_eq!(edited.lines().count(), 1, "the script ran once: {edited:?}");
    assert!(!Path::new(edited.trim_end()).exists(), "the file edited should be removed");

    // Asked again, and answered yes: what the editor saved is the draft.
    let mut console = launch_with_editor(&db, &script, &tmp);
    console.send("3");
    console.wait_for("A draft of the next version is waiting");
    edit_externally(&mut console, "Keep what your editor saved?");
    console.send_key(Key::Enter);
    console.wait_for("The draft is saved from your editor.");
    quit_cleanly(&mut console);
    assert_eq!(Store::open(&db).unwrap().agreement_draft(group).unwrap().as_deref(), Some("saved first\n"));
}

/// An editor that cannot be found is named, with where it came from.
#[test]
fn a_missing_editor_is_named() {
    let dir = temp_dir();
    let (db, _, _) = prefill(dir.path(), &["Ana Brook"], today());
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut console = launch_with_editor(&db, Path::new("no-such-editor-here"), &tmp);
    console.send("3");
    console.wait_for("No agreement yet");
    edit_externally(&mut console, "could not be found");
    console.wait_for("“no-such-editor-here” (from EDITOR) could not be found");
    quit_cleanly(&mut console);
}

// ---------------------------------------------------------------------------
// A speaking round

const PRESENT: [&str; 4] = ["Ana Brook", "Ben Carr", "Cleo Dunn", "Dev Eng"];
const LATE: &str = "Ezra Fox";

/// Four active members at today's meeting, and a fifth who has not come yet.
fn meeting_today(dir: &Path) -> (PathBuf, GroupId) {
    let since = today() - chrono::Days::new(30);
    let (db, group, ids) = prefill(dir, &PRESENT, since);
    let mut store = Store::open(&db).unwrap();
    let meeting = store
        .create_meeting(group, &NewMeeting { held_on: today(), mode: MeetingMode::InPerson, minutes: 90 })
        .unwrap();
    for id in ids {
        store.set_present(meeting.id, id, true).unwrap();
    }
    store.add_member(group, &MemberFields::named(LATE), MemberStatus::Active, since).unwrap();
    (db, group)
}

/// Turns taken so far: the rows marked with a tick.
fn turns_done(screen: &str) -> usize {
    count_lines(screen, "✓ ")
}

fn someone_speaking(screen: &str) -> bool {
    screen.contains(" speaking · ")
}

/// Space starts the next speaker's timer and Space stops it.
fn speak(console: &mut Console) {
    let before = turns_done(&console.screen());
    console.send_key(Key::Space);
    console.wait_until("someone to be speaking", TIMEOUT, someone_speaking);
    console.send_key(Key::Space);
    console.wait_until("their turn to be done", TIMEOUT, |s| !someone_speaking(s) && turns_done(s) == before + 1);
}

#[test]
fn a_round_with_a_pass_and_a_late_arrival_is_added_to_the_meeting() {
    let dir = temp_dir();
    let (db, group) = meeting_today(dir.path());
    let mut console = launch(&db);

    console.send("R");
    console.wait_for("Round · 4 here");
    console.wait_for("Next: ");
    assert_eq!(turns_done(&console.screen()), 0, "nobody has spoken yet\n{}", console.dump());

    speak(&mut console);
    console.wait_for("spoke 0:");
    console.send("p");
    console.wait_until("the pass to be recorded", TIMEOUT, |s| turns_done(s) == 2 && s.contains("passed"));

    console.send("n");
    console.wait_for("Who has arrived?");
    console.wait_for(LATE);
    console.send_key(Key::Enter);
    console.wait_for("Round · 5 here");
    console.wait_for(&format!("{LATE} is here, and is added to the end of the round."));
    console.wait_until("the late arrival last in the round", TIMEOUT, |s| {
        s.lines().any(|l| l.contains(&format!(" 5. {LATE}")) && l.contains("still to speak"))
    });

    for _ in 0..3 {
        speak(&mut console);
    }
    console.wait_for("Everyone has had their turn");
    assert_eq!(turns_done(&console.screen()), 5, "five turns\n{}", console.dump());

    console.send("f");
    console.wait_for("End the round");
    console.send_key(Key::Enter);
    console.wait_for("The round is added to today's meeting.");
    console.wait_for_gone("Round · 5 here");

    quit_cleanly(&mut console);

    let store = Store::open(&db).unwrap();
    let meeting = store.meeting_on(group, today()).unwrap().expect("today's meeting");
    assert!(meeting.round_run, "the meeting should know a round was run");
    assert!(store.round_in_progress(meeting.id).unwrap().is_none(), "the round is over");
    let rows = store.attendance(meeting.id).unwrap();
    assert_eq!(rows.len(), 5, "the late arrival is marked present: {rows:#?}");
    assert_eq!(rows.iter().filter(|a| a.passed == Some(true)).count(), 1, "one pass: {rows:#?}");
    assert_eq!(rows.iter().filter(|a| a.spoke == Some(true)).count(), 4, "four spoke: {rows:#?}");
    let mut orders: Vec<u32> = rows.iter().filter_map(|a| a.turn_order).collect();
    orders.sort();
    assert_eq!(orders, [1, 2, 3, 4, 5], "{rows:#?}");
    let all = store.all_members(group).unwrap();
    let late = all.iter().find(|m| m.fields.name == LATE).unwrap().id;
    let late_row = rows.iter().find(|a| a.member == late).expect("the late arrival's attendance");
    assert_eq!((late_row.turn_order, late_row.spoke), (Some(5), Some(true)), "{late_row:#?}");
}

#[test]
fn a_restart_while_someone_speaks_comes_back_to_them_speaking() {
    let dir = temp_dir();
    let (db, group) = meeting_today(dir.path());
    let mut console = launch(&db);

    console.send("R");
    console.wait_for("Round · 4 here");
    console.send_key(Key::Space);
    console.wait_until("someone to be speaking", TIMEOUT, someone_speaking);
    let speaker = console
        .screen()
        .lines()
        .find_map(|l| l.strip_prefix(" ").and_then(|l| l.split_once(" speaking · ")).map(|(who, _)| who.to_owned()))
        .unwrap_or_else(|| panic!("a speaker in the status line\n{}", console.dump()));
    assert!(PRESENT.contains(&speaker.as_str()), "{speaker:?} is one of those present\n{}", console.dump());

    quit_cleanly(&mut console);

    let mut console = launch(&db);
    console.send("R");
    console.wait_for("Round · 4 here");
    console.wait_for(&format!("{speaker} speaking · "));
    assert_eq!(turns_done(&console.screen()), 0, "nobody has finished a turn\n{}", console.dump());
    quit_cleanly(&mut console);

    let store = Store::open(&db).unwrap();
    let meeting = store.meeting_on(group, today()).unwrap().expect("today's meeting");
    assert!(!meeting.round_run, "the round was never ended");
    assert!(store.round_in_progress(meeting.id).unwrap().is_some(), "the round is still kept");
}

/// A file that comes back empty does not empty the draft unasked.
#[test]
fn an_emptied_file_asks_before_emptying_the_draft() {
    let dir = temp_dir();
    let (db, group, _) = prefill(dir.path(), &["Ana Brook"], today());
    Store::open(&db).unwrap().save_agreement_draft(group, TEMPLATE).unwrap();
    let (tmp, script, _) = editor_script(dir.path(), ": > \"$1\"");
    let mut console = launch_with_editor(&db, &script, &tmp);
    console.send("3");
    console.wait_for("A first agreement is being written");
    edit_externally(&mut console, "Empty the draft?");
    console.wait_for("came back from your editor empty");
    console.send_key(Key::Esc);
    console.wait_for_gone("Empty the draft?");
    quit_cleanly(&mut console);
    assert_eq!(Store::open(&db).unwrap().agreement_draft(group).unwrap().as_deref(), Some(TEMPLATE));
}

//! The roster by keyboard: adding someone, moving them along their journey,
//! taking the register, forgetting someone, and the group-full rule. Each
//! flow ends by quitting with `q` and reading the database back through the
//! library, so what the facilitator saw is what was saved.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use circle::domain::{GroupId, MeetingMode, MemberStatus, Openness};
use circle::domain::{Member, MemberFields, NewGroup, NewMeeting};
use circle::store::{Store, today};

use crate::pty::{Console, Key, TIMEOUT, db_in, quit_cleanly, reversed, temp_dir};

const GROUP: &str = "Thursday Circle";

/// A database with one group and the given members, each in their status
/// since `since`. Returns the database's path and the group.
fn prefill(dir: &Path, members: &[(&str, MemberStatus)], since: NaiveDate) -> (PathBuf, GroupId) {
    let db = db_in(dir);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: GROUP.into(), focus: String::new(), openness: Openness::Open }, since)
        .expect("make the group")
        .id;
    for (name, status) in members {
        store.add_member(group, &MemberFields::named(name), *status, since).expect("add a member");
    }
    (db, group)
}

fn launch(db: &Path) -> Console {
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for(&format!("circle · {GROUP}"));
    console
}

/// Waits until the option `choice` of a choice field is the one shown chosen.
fn wait_for_choice(console: &mut Console, choice: &str) {
    console.wait_until_screen(&format!("{choice:?} to be the chosen option"), TIMEOUT, |s| {
        reversed(s).iter().any(|run| run == choice)
    });
}

/// Waits until the selected row of a list is the one showing `name`.
fn wait_for_selected(console: &mut Console, name: &str) {
    console.wait_until_screen(&format!("{name:?} to be the selected row"), TIMEOUT, |s| {
        reversed(s).iter().any(|run| run.contains(name))
    });
}

fn find<'a>(members: &'a [Member], name: &str) -> &'a Member {
    members.iter().find(|m| m.fields.name == name).unwrap_or_else(|| panic!("no member {name:?} in {members:#?}"))
}

fn members(db: &Path) -> Vec<Member> {
    let store = Store::open(db).expect("the database circle wrote should open");
    let group = store.group_by_name(GROUP).expect("read the group").expect("the group is still there");
    store.all_members(group.id).expect("read the members back")
}

#[test]
fn adding_a_member_shows_them_on_the_roster_and_saves_them_active() {
    let dir = temp_dir();
    let (db, _) = prefill(dir.path(), &[], today());
    let mut console = launch(&db);
    console.wait_for("No members yet");

    console.send("a");
    console.wait_for("Add a member");
    console.send("Zoë 🌱");
    console.wait_for("Zoë 🌱");
    console.send_key(Key::Tab);
    console.send("she/her");
    console.wait_for("she/her");
    console.send_key(Key::Enter);
    console.wait_for("Added Zoë 🌱 (active).");
    console.wait_for_gone("Add a member");
    console.wait_until("the roster to list Zoë as active, with her pronouns", TIMEOUT, |screen| {
        screen.lines().any(|l| l.starts_with("Zoë 🌱") && l.contains("she/her") && l.contains("active"))
    });
    assert!(console.screen().contains("1 person"), "the roster should count one person\n{}", console.dump());

    quit_cleanly(&mut console);

    let all = members(&db);
    assert_eq!(all.len(), 1, "one member should have been saved: {all:#?}");
    let zoe = &all[0];
    assert_eq!(zoe.fields.name, "Zoë 🌱");
    assert_eq!(zoe.fields.pronouns, "she/her");
    assert_eq!(zoe.status, MemberStatus::Active);
    let history = Store::open(&db).unwrap().status_history(zoe.id).unwrap();
    assert_eq!(history.iter().map(|c| c.status).collect::<Vec<_>>(), [MemberStatus::Active]);
}

#[test]
fn status_changes_move_people_along_and_keep_their_history() {
    let dir = temp_dir();
    let since = today() - chrono::Days::new(14);
    let (db, _) =
        prefill(dir.path(), &[("Ada Lovell", MemberStatus::Active), ("Wren Hale", MemberStatus::Waitlist)], since);
    let mut console = launch(&db);
    console.wait_for("Wren Hale");

    // From the waitlist to active.
    console.send_key(Key::Down);
    wait_for_selected(&mut console, "Wren Hale");
    console.send("s");
    console.wait_for("Status of Wren Hale");
    console.wait_for("Now: waitlist.");
    // The form suggests the usual next step; walk the choice both ways.
    wait_for_choice(&mut console, "active");
    console.send_key(Key::Left);
    wait_for_choice(&mut console, "waitlist");
    console.send_key(Key::Right);
    wait_for_choice(&mut console, "active");
    console.send_key(Key::Enter);
    console.wait_for("Wren Hale is now active.");
    console.wait_for_gone("Status of Wren Hale");
    console.wait_until("Wren's row to say active", TIMEOUT, |screen| {
        screen.lines().any(|l| l.starts_with("Wren Hale") && l.contains("active"))
    });

    // An active member takes a break.
    console.send_key(Key::Up);
    wait_for_selected(&mut console, "Ada Lovell");
    console.send("s");
    console.wait_for("Status of Ada Lovell");
    wait_for_choice(&mut console, "on break");
    console.send_key(Key::Enter);
    console.wait_for("Ada Lovell is now on a break.");
    console.wait_until("Ada's row to say on break", TIMEOUT, |screen| {
        screen.lines().any(|l| l.starts_with("Ada Lovell") && l.contains("on break"))
    });
    // Nobody is waiting, so no place is offered.
    assert!(!console.screen().contains("A place has opened"), "nobody waits for a place\n{}", console.dump());

    quit_cleanly(&mut console);

    let all = members(&db);
    let store = Store::open(&db).unwrap();
    for (name, journey) in [
        ("Wren Hale", [MemberStatus::Waitlist, MemberStatus::Active]),
        ("Ada Lovell", [MemberStatus::Active, MemberStatus::OnBreak]),
    ] {
        let member = find(&all, name);
        assert_eq!(member.status, journey[1], "{name}'s status");
        assert_eq!(member.status_since, today(), "{name}'s status is from today");
        let history = store.status_history(member.id).unwrap();
        assert_eq!(history.iter().map(|c| c.status).collect::<Vec<_>>(), journey, "{name}'s history: {history:#?}");
        assert_eq!(history.iter().map(|c| c.changed_on).collect::<Vec<_>>(), [since, today()], "{name}'s dates");
    }
}

#[test]
fn taking_the_register_records_who_came_and_the_visitor() {
    let dir = temp_dir();
    let since = today() - chrono::Days::new(30);
    let people =
        [("Ana Brook", MemberStatus::Active), ("Ben Carr", MemberStatus::Active), ("Cleo Dunn", MemberStatus::Active)];
    let (db, group) = prefill(dir.path(), &people, since);
    let mut console = launch(&db);
    console.wait_for("Cleo Dunn");

    console.send("r");
    console.wait_for("Today's meeting");
    console.wait_for("No meeting is recorded for today yet.");
    console.send_key(Key::Enter);
    console.wait_for("0 present of 3 expected");
    console.wait_for_gone("Today's meeting");
    wait_for_selected(&mut console, "Ana Brook");

    // Space marks the person the cursor is on, and the cursor stays; the
    // first mark records today's meeting.
    console.send_key(Key::Space);
    console.wait_for("1 present of 3 expected");
    console.wait_for("[x] Ana Brook");
    console.wait_for("is recorded. Ana Brook is marked present.");
    wait_for_selected(&mut console, "Ana Brook");
    console.send("j");
    wait_for_selected(&mut console, "Ben Carr");
    console.send_key(Key::Space);
    console.wait_for("2 present of 3 expected");
    console.wait_for("[x] Ben Carr");
    wait_for_selected(&mut console, "Ben Carr");
    assert!(console.screen().contains("[ ] Cleo Dunn"), "Cleo was not marked\n{}", console.dump());

    console.send("v");
    console.wait_for("A visitor");
    console.send("Vic Visitor");
    console.wait_for("Vic Visitor");
    console.send_key(Key::Enter);
    console.wait_for("Vic Visitor added as an enquiry and marked present.");
    console.wait_for("2 present of 3 expected + 1 more");
    console.wait_for("[x] Vic Visitor");

    console.send_key(Key::Esc);
    console.wait_for("showing current members");
    console.wait_until("the visitor on the roster as an enquiry", TIMEOUT, |screen| {
        screen.lines().any(|l| l.starts_with("Vic Visitor") && l.contains("enquiry"))
    });

    // Size health, read ahead before the register and again after it,
    // shows today's meeting, never the reading from before.
    // Today's meeting is the group's first: a stale reading shows no chart,
    // and the chart's only date is today's.
    console.send("2");
    console.wait_for("people at each meeting");
    let today_on_chart = today().format("%-d %b").to_string();
    let on_axis = console.screen().lines().any(|l| l.trim_start().starts_with(&today_on_chart));
    assert!(on_axis, "today is not on the chart's axis\n{}", console.dump());
    console.send("1");
    console.wait_for("showing current members");

    quit_cleanly(&mut console);

    let all = members(&db);
    let store = Store::open(&db).unwrap();
    let meeting = store.meeting_on(group, today()).unwrap().expect("today's meeting should be saved");
    assert_eq!(meeting.mode, MeetingMode::InPerson);
    assert_eq!(meeting.minutes, 90);
    let mut present: Vec<String> = store
        .attendance(meeting.id)
        .unwrap()
        .iter()
        .map(|a| all.iter().find(|m| m.id == a.member).expect("attendance of a known member").fields.name.clone())
        .collect();
    present.sort();
    assert_eq!(present, ["Ana Brook", "Ben Carr", "Vic Visitor"]);
    let vic = find(&all, "Vic Visitor");
    assert_eq!(vic.status, MemberStatus::Enquiry, "a named visitor is kept as an enquiry");
    assert_eq!(find(&all, "Cleo Dunn").status, MemberStatus::Active);
}

/// Every file of the database (the main file, `-wal`, `-shm`, `-journal`)
/// and whether any of them holds `needle`.
fn files_holding(db: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    let mut files: Vec<PathBuf> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&name))
        .collect();
    files.sort();
    assert!(files.contains(&db.to_path_buf()), "the database file should exist: {files:?}");
    files.retain(|f| std::fs::read(f).unwrap().windows(needle.len()).any(|w| w == needle));
    files
}

#[test]
fn forgetting_a_member_asks_for_their_name_then_erases_every_trace() {
    const NAME: &str = "Quillon Farthingale";
    let dir = temp_dir();
    let since = today() - chrono::Days::new(30);
    let (db, group) = prefill(dir.path(), &[("Ada Lovell", MemberStatus::Active), (NAME, MemberStatus::Active)], since);
    // Something about them besides their name: a meeting they came to.
    let quillon = {
        let mut store = Store::open(&db).unwrap();
        let quillon = find(&store.all_members(group).unwrap(), NAME).id;
        let meeting = store
            .create_meeting(group, &NewMeeting { held_on: since, mode: MeetingMode::InPerson, minutes: 90 })
            .unwrap();
        store.set_present(meeting.id, quillon, true).unwrap();
        quillon
    };
    assert!(!files_holding(&db, NAME.as_bytes()).is_empty(), "the name should be in the file before");

    let mut console = launch(&db);
    console.wait_for(NAME);
    console.send_key(Key::Down);
    wait_for_selected(&mut console, NAME);

    console.send("x");
    console.wait_for("Forget a member");
    console.wait_for(&format!("Type {NAME} to confirm"));

    // A name that does not match changes nothing.
    console.send("Quillon");
    console.wait_for("> Quillon");
    console.send_key(Key::Enter);
    console.wait_for("which is not");
    assert!(console.screen().contains("Forget a member"), "the confirmation stays open\n{}", console.dump());
    {
        let store = Store::open(&db).unwrap();
        assert!(store.member(quillon).is_ok(), "a wrong name must not forget them");
    }

    for _ in "Quillon".chars() {
        console.send_key(Key::Backspace);
    }
    console.wait_for_gone("> Quillon");
    console.send(NAME);
    console.wait_for(&format!("> {NAME}"));
    console.send_key(Key::Enter);
    console.wait_for("Forgotten");
    console.wait_for_gone("Forget a member");
    console.wait_for_gone(NAME);
    console.wait_for("1 person");

    quit_cleanly(&mut console);

    let all = members(&db);
    assert!(all.iter().all(|m| m.fields.name != NAME), "they should be gone: {all:#?}");
    assert_eq!(all.len(), 1, "only Ada should be left: {all:#?}");
    let store = Store::open(&db).unwrap();
    assert!(store.member(quillon).is_err(), "their id should no longer find anyone");
    let meeting = store.meeting_on(group, since).unwrap().expect("the meeting itself stays");
    assert!(store.attendance(meeting.id).unwrap().is_empty(), "their attendance should be erased too");
    drop(store);
    for needle in [NAME, "Quillon", "Farthingale"] {
        let holding = files_holding(&db, needle.as_bytes());
        assert!(holding.is_empty(), "{needle:?} is still in the bytes of {holding:?}");
    }
}

#[test]
fn a_full_group_puts_a_newcomer_on_the_waitlist() {
    let dir = temp_dir();
    let since = today() - chrono::Days::new(30);
    let (db, group) =
        prefill(dir.path(), &[("Ada Lovell", MemberStatus::Active), ("Ben Carr", MemberStatus::Active)], since);
    {
        // (30 − 20) minutes of talk at 5 minutes each: two people at most.
        let mut store = Store::open(&db).unwrap();
        let mut settings = store.group(group).unwrap().settings;
        settings.meeting_minutes = 30;
        settings.opening_closing_minutes = 20;
        settings.min_speaking_minutes = 5;
        store.update_group_settings(group, &settings).unwrap();
        assert_eq!(store.group(group).unwrap().settings.workable_range().largest, Some(2));
    }

    let mut console = launch(&db);
    console.wait_for("Ben Carr");
    console.send("a");
    console.wait_for("Add a member");
    console.send("Cass Third");
    console.wait_for("Cass Third");
    console.send_key(Key::Enter);
    console.wait_for("The group is full");
    console.wait_for("2 people are active and 2 is the most who can all be heard");
    wait_for_choice(&mut console, "on the waitlist");
    console.send_key(Key::Enter);
    console.wait_for("Added Cass Third (waitlist).");
    console.wait_for_gone("The group is full");
    console.wait_until("Cass on the roster as waiting", TIMEOUT, |screen| {
        screen.lines().any(|l| l.starts_with("Cass Third") && l.contains("waitlist"))
    });

    quit_cleanly(&mut console);

    let all = members(&db);
    let cass = find(&all, "Cass Third");
    assert_eq!(cass.status, MemberStatus::Waitlist);
    let history = Store::open(&db).unwrap().status_history(cass.id).unwrap();
    assert_eq!(history.iter().map(|c| c.status).collect::<Vec<_>>(), [MemberStatus::Waitlist]);
    assert_eq!(all.iter().filter(|m| m.status == MemberStatus::Active).count(), 2, "still two active: {all:#?}");
}

/// Someone added straight to the waitlist has no joined date (it is set when
/// they become active); the same should hold when the group-full question
/// sends them there.
#[test]
fn a_newcomer_sent_to_the_waitlist_by_the_full_group_rule_has_not_joined_yet() {
    let dir = temp_dir();
    let since = today() - chrono::Days::new(30);
    let (db, group) =
        prefill(dir.path(), &[("Ada Lovell", MemberStatus::Active), ("Ben Carr", MemberStatus::Active)], since);
    {
        let mut store = Store::open(&db).unwrap();
        let mut settings = store.group(group).unwrap().settings;
        (settings.meeting_minutes, settings.opening_closing_minutes, settings.min_speaking_minutes) = (30, 20, 5);
        store.update_group_settings(group, &settings).unwrap();
    }

    let mut console = launch(&db);
    console.wait_for("Ben Carr");
    console.send("a");
    console.wait_for("Add a member");
    console.send("Cass Third");
    console.wait_for("Cass Third");
    console.send_key(Key::Enter);
    console.wait_for("The group is full");
    console.send_key(Key::Enter);
    console.wait_for("Added Cass Third (waitlist).");
    quit_cleanly(&mut console);

    let all = members(&db);
    let cass = find(&all, "Cass Third");
    assert_eq!(cass.status, MemberStatus::Waitlist);
    assert_eq!(cass.fields.joined, None, "someone waiting has not joined yet");
}

/// A window too small to use shows no cursor (the panes put it on the
/// selection); a signal must still give the facilitator their cursor back,
/// as `q` does.
#[test]
fn a_terminate_signal_on_a_screen_without_a_cursor_shows_it_again() {
    let dir = temp_dir();
    let (db, _) = prefill(dir.path(), &[("Ada Lovell", MemberStatus::Active)], today());
    let mut console = Console::launch(["--db", db.to_str().unwrap()]).size(30, 8).spawn();
    console.wait_for("larger");
    assert!(!console.cursor_visible(), "the small-window message draws no cursor\n{}", console.dump());
    console.signal("TERM");
    let status = console.wait_exit(TIMEOUT);
    let dump = console.dump();
    assert!(!status.success(), "SIGTERM should not count as success\n{dump}");
    assert!(console.left_alternate_screen(), "SIGTERM should leave the alternate screen\n{dump}");
    assert!(console.cursor_visible(), "SIGTERM should show the cursor again\n{dump}");
}

/// `circle members import` run from another terminal while the console is
/// open: the new people show on the roster without a key being pressed,
/// in a wide window and a small one.
#[test]
fn an_import_from_another_terminal_shows_without_a_key() {
    for (cols, rows) in [(80, 24), (60, 20)] {
        let dir = temp_dir();
        let (db, _) = prefill(dir.path(), &[("Aroha", MemberStatus::Active)], today());
        let mut console = Console::spawn(["--db", db.to_str().unwrap()], cols, rows);
        console.wait_for("Aroha");
        let csv = dir.path().join("new.csv");
        std::fs::write(&csv, "name,status\nBeatriz,active\nChidi,waitlist\n").unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_circle"))
            .args(["members", "import", csv.to_str().unwrap(), "--group", GROUP, "--db", db.to_str().unwrap()])
            .env("HOME", console.home_dir())
            .env("XDG_DATA_HOME", console.home_dir().join(".local/share"))
            .env("XDG_CONFIG_HOME", console.home_dir().join(".config"))
            .output()
            .expect("run circle members import");
        assert!(out.status.success(), "the import failed: {}", String::from_utf8_lossy(&out.stderr));
        console.wait_for("Beatriz");
        console.wait_for("Chidi");
        console.wait_for("3 people");
        quit_cleanly(&mut console);
    }
}

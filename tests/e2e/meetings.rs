//! The group's meetings by keyboard in the real console: the list opened
//! from another tab, a stray meeting taken away after the question, a
//! register taken for a day that has passed, and today's register opened
//! and left without a mark. The database is read back afterwards.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use circle::domain::{GroupId, MeetingMode, MemberFields, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::{Store, today};

use crate::pty::{Console, Key, db_in, quit_cleanly, temp_dir};

const GROUP: &str = "Harbour Circle";

fn days_ago(n: u64) -> NaiveDate {
    today() - chrono::Days::new(n)
}

fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// Ana, Ben and Cleo; a meeting a week ago that Ana and Ben came to, and
/// an empty one two days ago, made by mistake.
fn prefill(dir: &Path) -> (PathBuf, GroupId) {
    let db = db_in(dir);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: GROUP.into(), focus: String::new(), openness: Openness::Open }, days_ago(60))
        .unwrap()
        .id;
    let ids: Vec<_> = ["Ana Brook", "Ben Carr", "Cleo Dunn"]
        .iter()
        .map(|n| store.add_member(group, &MemberFields::named(n), MemberStatus::Active, days_ago(60)).unwrap().id)
        .collect();
    let new = |held_on| NewMeeting { held_on, mode: MeetingMode::InPerson, minutes: 90 };
    let week = store.create_meeting(group, &new(days_ago(7))).unwrap();
    for id in &ids[..2] {
        store.set_present(week.id, *id, true).unwrap();
    }
    store.create_meeting(group, &new(days_ago(2))).unwrap();
    (db, group)
}

#[test]
fn the_meetings_are_put_right_from_the_list() {
    let dir = temp_dir();
    let (db, group) = prefill(dir.path());
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for(&format!("circle · {GROUP}"));

    // From Size health, M lists the meetings, the stray one first.
    console.send("2");
    console.wait_for("people at each meeting");
    console.send("M");
    console.wait_for(&format!("Meetings of {GROUP} · 2 meetings"));
    console.wait_for("0 came");

    console.send("x");
    console.wait_for(&format!("Take away the meeting of {}, with", day(days_ago(2))));
    console.wait_for("marked present? It cannot be undone.");
    console.send_key(Key::Enter);
    console.wait_for(&format!("The meeting of {} is taken away", day(days_ago(2))));
    console.wait_for(&format!("Meetings of {GROUP} · 1 meeting"));

    // The register forgotten three days ago, taken now.
    console.send("n");
    console.wait_for("A register for another day");
    for _ in 0..12 {
        console.send_key(Key::Backspace);
    }
    console.send(&days_ago(3).to_string());
    console.send_key(Key::Enter);
    console.wait_for(&format!("Register · {}, 3 days ago", day(days_ago(3))));
    console.wait_for("kept from the first mark");
    console.send_key(Key::Space);
    console.wait_for("is recorded. Ana Brook is marked present.");
    console.wait_for("[x] Ana Brook");
    console.send_key(Key::Esc);
    console.wait_for(&format!("Meetings of {GROUP} · 2 meetings"));
    console.wait_for("1 came");

    // Today's register, opened and left: nothing is kept.
    console.send("r");
    console.wait_for("Today's meeting");
    console.send_key(Key::Enter);
    console.wait_for("0 present of 3 expected");
    console.send_key(Key::Esc);
    console.wait_for("showing current members");

    quit_cleanly(&mut console);

    let store = Store::open(&db).unwrap();
    let days: Vec<NaiveDate> = store.meetings(group, 0, 10).unwrap().iter().map(|m| m.held_on).collect();
    assert_eq!(days, [days_ago(3), days_ago(7)], "the stray one went, today's was never kept");
    let taken = store.meeting_on(group, days_ago(3)).unwrap().unwrap();
    assert_eq!(store.attendance(taken.id).unwrap().len(), 1);
}

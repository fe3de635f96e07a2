//! `circle export` and `circle import-all`, run as the real binary on real
//! files: everything out and back in with nothing changed, private cards
//! left out unless asked for, and every refusal leaving the database as it
//! was.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::agreement::{MAX_AGREEMENT_BYTES, MAX_CHANGE_NOTE_CHARS};
use circle::domain::text::{MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_SHORT_CHARS, MAX_STAMP_CHARS};
use circle::domain::{
    Attendance, CardStyle, ChannelKind, ChannelStatus, DealEntry, EndingMode, MeetingMode, MemberFields, MemberStatus,
    NewActivity, NewChannel, NewGroup, NewMeeting, Openness, Role,
};
use circle::store::Store;
use circle::usecase::Circle;
use circle::usecase::transfer::Transfer;

fn circle(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("circle").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn export(db: &Path, extra: &[&str]) -> Vec<u8> {
    let out = circle(db).arg("export").args(extra).output().unwrap();
    assert!(out.status.success(), "export failed: {}", stderr(&out));
    out.stdout
}

fn import_all(db: &Path, file: &Path) -> std::process::Output {
    circle(db).arg("import-all").arg(file).output().unwrap()
}

/// Every record kept about the groups, read with SQLite alone (not through
/// the exporter): every table but the console's own settings.
fn records(db: &Path) -> Vec<String> {
    common::rows(db, &["settings"])
}

/// Export, import into a new database, export again: the same bytes, with
/// and without the cards' text; and with the cards, the new database holds
/// every record the first one does, row for row, as SQLite reads them (so a
/// field the exporter left out shows, which comparing exports cannot).
fn assert_round_trip(dir: &Path, db: &Path) -> serde_json::Value {
    for (i, extra) in [&["--include-cards"][..], &[][..]].into_iter().enumerate() {
        let first = export(db, extra);
        let file = dir.join(format!("all-{i}.json"));
        std::fs::write(&file, &first).unwrap();
        let copy = dir.join(format!("copy-{i}.db"));
        let out = import_all(&copy, &file);
        assert!(out.status.success(), "{}", stderr(&out));
        let second = export(&copy, extra);
        assert!(
            first == second,
            "export → import-all → export changed the file ({extra:?}):\n{}",
            first_difference(&first, &second)
        );
        assert!(Store::open(&copy).unwrap().integrity_check().unwrap().is_empty());
        if i == 0 {
            let (original, copied) = (records(db), records(&copy));
            let differs = original.iter().zip(&copied).find(|(a, b)| a != b);
            let short = |s: &String| s.chars().take(200).collect::<String>();
            assert!(
                original.len() == copied.len() && differs.is_none(),
                "the copy does not hold the same records ({} rows / {}): {:?}",
                original.len(),
                copied.len(),
                differs.map(|(a, b)| (short(a), short(b)))
            );
        }
    }
    serde_json::from_slice(&export(db, &["--include-cards"])).unwrap()
}

/// Characters that act on a terminal or hide in text, found raw in `bytes`:
/// controls other than a line break, and the separators, bidirectional
/// controls and invisible characters names may not hold.
fn raw_controls(bytes: &[u8]) -> Vec<char> {
    let text = String::from_utf8_lossy(bytes);
    let mut found: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        })
        .collect();
    found.dedup();
    found
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
    format!("line {}: {:?} / {:?}", line + 1, a.lines().nth(line), b.lines().nth(line))
}

#[test]
fn the_demo_database_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = Store::open(&db).unwrap();
    circle::demo::fill(&mut store, day("2026-11-26")).unwrap();
    drop(store);
    let json = assert_round_trip(dir.path(), &db);
    assert_eq!(json["format"], 2);
    let groups = json["groups"].as_array().unwrap();
    assert!(groups.len() >= 2, "the demo has a group and its predecessor");
    let everything = serde_json::to_string(&json).unwrap();
    for part in ["\"history\"", "\"speaking_seconds\"", "\"signups\"", "\"promotion\"", "\"deal\"", "\"turn_order\""] {
        assert!(everything.contains(part), "{part} is missing from the export");
    }
    // The predecessor names its successor, by id, within the file.
    assert!(groups.iter().any(|g| g["successor"].is_i64()));
}

/// A database holding every kind of record, with hostile text in each
/// free-text field (escape sequences, right-to-left overrides, emoji, and
/// notes as long as they may be) and names as unusual as a name given now
/// may be: right-to-left scripts, emoji joined into one picture.
fn hostile_db(path: &Path) {
    let today = day("2026-11-26");
    let long = "ﷺ🧑🏽‍🤝‍🧑🏻 \u{1b}]0;owned\u{7}".repeat(MAX_NOTE_CHARS)[..].chars().take(MAX_NOTE_CHARS).collect::<String>();
    let mut store = Store::open(path).unwrap();
    let evil = "Evil عربي 👩🏽‍🦱 “quoted”";
    let g = store.create_group(&NewGroup { name: evil.into(), focus: long.clone(), openness: Openness::Closed }, today);
    let g = g.unwrap();
    let other =
        store.create_group(&NewGroup { name: "Next".into(), focus: String::new(), openness: Openness::Open }, today);
    let mut settings = g.settings.clone();
    settings.successor = Some(other.unwrap().id);
    let purpose = format!("line one\nline two\t\u{1b}[31mred\u{1b}[0m\r\n{long}");
    settings.purpose = purpose.chars().take(MAX_NOTE_CHARS).collect();
    settings.last_review = Some(day("2026-10-01"));
    store.update_group_settings(g.id, &settings).unwrap();

    let mut members = Vec::new();
    for (i, name) in ["Zoë", "سارا", "👩🏽‍🦱 Ife", "Ann “Bold” Lee", "מרים Rtl"].iter().enumerate()
    {
        let fields = MemberFields {
            name: (*name).into(),
            pronouns: "they/them".into(),
            contact: "x\u{7}@example.org".into(),
            joined: Some(day("2026-01-05")),
            role: if i == 0 { Role::Facilitator } else { Role::Member },
            access_needs: "step-free \u{1b}[5m".into(),
            invite_to_speak: i % 2 == 0,
            notes: long.clone(),
        };
        let m = store.add_member(g.id, &fields, MemberStatus::Active, day("2026-01-05")).unwrap();
        members.push(m.id);
    }
    store.change_status(members[4], MemberStatus::OnBreak, day("2026-06-01"), "away \u{1b}[2J").unwrap();

    let meeting =
        store.create_meeting(g.id, &NewMeeting { held_on: day("2026-11-19"), mode: MeetingMode::Hybrid, minutes: 90 });
    let mut meeting = meeting.unwrap();
    meeting.notes = long.clone();
    meeting.visitors = 2;
    store.update_meeting(&meeting).unwrap();
    for (i, m) in members.iter().enumerate().take(4) {
        let turn = Attendance {
            meeting: meeting.id,
            member: *m,
            speaking_seconds: Some(60 * i as u32),
            spoke: Some(i != 2),
            passed: Some(i == 2),
            turn_order: Some(i as u32),
        };
        store.record_turn(&turn).unwrap();
    }
    let v1 = store.adopt_agreement(g.id, &format!("## Values\n{long}"), "first \u{1b}[31m", today).unwrap();
    store.adopt_agreement(g.id, "## Values\nKind.\n", "second", today).unwrap();
    store.sign_agreement(members[0], v1.id, today).unwrap();
    store.sign_agreement(members[1], v1.id, today).unwrap();
    store.save_agreement_draft(g.id, "## Draft \u{202E}\n\u{1b}[2J").unwrap();
    let channel = NewChannel {
        kind: ChannelKind::Radio,
        name: "Radio Ōtautahi 📻".into(),
        status: ChannelStatus::Tried,
        planned_on: Some(day("2026-02-01")),
        tried_on: Some(day("2026-02-10")),
        notes: long.clone(),
    };
    store.add_channel(g.id, &channel).unwrap();

    let new = NewActivity {
        held_on: today,
        mode: EndingMode::Online,
        card_style: CardStyle::Typed,
        chain: false,
        participants: members[..4].to_vec(),
    };
    let activity = store.create_activity(g.id, &new).unwrap();
    let cards: Vec<_> = members[..4]
        .iter()
        .map(|m| {
            store
                .save_card(
                    activity.id,
                    *m,
                    &format!("SECRET card of {m} \u{1b}[2J {}", long.chars().take(3000).collect::<String>()),
                    true,
                )
                .unwrap()
        })
        .collect();
    // Two rooms of two: partners read each other's card.
    let pairs = [(0, 1), (1, 0), (2, 3), (3, 2)];
    let entries: Vec<DealEntry> = pairs
        .iter()
        .enumerate()
        .map(|(i, (reader, card))| DealEntry {
            position: i as u32,
            reader: Some(members[*reader]),
            card: cards[*card].id,
            room: Some(1 + (i as u32) / 2),
            read_at: None,
        })
        .collect();
    let rooms: Vec<(u32, _)> = members[..4].iter().enumerate().map(|(i, m)| (1 + i as u32 / 2, *m)).collect();
    store.store_deal(activity.id, u64::MAX - 7, &entries, &rooms).unwrap();
    store.lock_deal(activity.id, &[(members[0], members[1]), (members[3], members[2])]).unwrap();
    store.mark_read(activity.id, 0, true).unwrap();
    store.set_notice(activity.id, Some("notice \u{1b}[2J")).unwrap();
    drop(store);

    // A round left running at today's meeting.
    let mut c = Circle::open(path).unwrap();
    let store = c.store();
    let today_meeting =
        store.create_meeting(g.id, &NewMeeting { held_on: today, mode: MeetingMode::Online, minutes: 60 }).unwrap();
    store.set_present(today_meeting.id, members[0], true).unwrap();
    store.set_present(today_meeting.id, members[2], true).unwrap();
    c.start_round(today_meeting.id, 42).unwrap();
}

#[test]
fn hostile_text_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    hostile_db(&db);
    let json = assert_round_trip(dir.path(), &db);
    let g = &json["groups"][0];
    assert!(g["purpose"].as_str().unwrap().contains("\u{1b}[31mred"), "stored text is exported exactly");
    assert!(g["members"][0]["notes"].as_str().unwrap().contains("\u{1b}]0;owned\u{7}"));
    let bytes = export(&db, &["--include-cards"]);
    assert_eq!(raw_controls(&bytes), Vec::<char>::new(), "the file carries them only as \\u escapes");
    assert_eq!(g["members"][4]["history"].as_array().unwrap().len(), 2);
    assert!(g["meetings"][1]["round_in_progress"]["record"]["seats"].is_array());
    assert_eq!(g["endings"][0]["pairs"].as_array().unwrap().len(), 2);
    assert_eq!(g["endings"][0]["seed"].as_str(), Some((u64::MAX - 7).to_string().as_str()));
    assert!(g["agreement"]["draft"]["body"].is_string());
}

#[test]
fn cards_are_left_out_unless_asked_for_and_the_deal_stays_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    hostile_db(&db);
    let without = export(&db, &[]);
    assert!(!String::from_utf8_lossy(&without).contains("SECRET"), "a card's text was exported");
    let json: serde_json::Value = serde_json::from_slice(&without).unwrap();
    assert_eq!(json["card_text"], "withheld");
    let activity = &json["groups"][0]["endings"][0];
    let cards = activity["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 4);
    assert!(cards.iter().all(|c| c["text"].is_null() && c["sealed"] == true));
    assert_eq!(activity["deal"].as_array().unwrap().len(), 4);

    let with: serde_json::Value = serde_json::from_slice(&export(&db, &["--include-cards"])).unwrap();
    assert_eq!(with["card_text"], "included");
    assert!(with["groups"][0]["endings"][0]["cards"][0]["text"].as_str().unwrap().starts_with("SECRET"));

    // Imported without their text, the cards are there, blank, and say so.
    let file = dir.path().join("no-cards.json");
    std::fs::write(&file, &without).unwrap();
    let copy = dir.path().join("copy.db");
    let out = import_all(&copy, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("4 endings cards came without their text"), "{}", stderr(&out));
}

#[test]
fn one_group_and_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    hostile_db(&db);
    let out = dir.path().join("next.json");
    circle(&db).args(["export", "--format", "json", "--group", "next", "--out"]).arg(&out).assert().success();
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(json["groups"].as_array().unwrap().len(), 1);
    assert_eq!(json["groups"][0]["name"], "Next");

    // A group whose successor is not in the file leaves it out, so the
    // file imports on its own.
    let evil = Store::open(&db).unwrap().groups().unwrap().into_iter().find(|g| g.name.starts_with("Ev")).unwrap();
    let one = export(&db, &["--group", &evil.name]);
    let json: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert!(json["groups"][0]["successor"].is_null());
    let file = dir.path().join("one.json");
    std::fs::write(&file, &one).unwrap();
    assert!(import_all(&dir.path().join("one.db"), &file).status.success());
}

/// A file changed by `edit`, written beside the database.
fn edited(dir: &Path, source: &serde_json::Value, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut value = source.clone();
    edit(&mut value);
    let path = dir.join("edited.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
    path
}

#[test]
fn a_bad_file_or_a_full_database_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    hostile_db(&db);
    let good: serde_json::Value = serde_json::from_slice(&export(&db, &["--include-cards"])).unwrap();
    let empty = dir.path().join("empty.db");
    drop(Store::open(&empty).unwrap());

    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        ("a newer circle (format 3", Box::new(|v| v["format"] = 3.into())),
        ("no format number", Box::new(|v| v.as_object_mut().unwrap().retain(|k, _| k != "format"))),
        (
            "missing field `name`",
            Box::new(|v| v["groups"][0]["members"][1].as_object_mut().unwrap().retain(|k, _| k != "name")),
        ),
        (
            "missing field `successor`",
            Box::new(|v| v["groups"][0].as_object_mut().unwrap().retain(|k, _| k != "successor")),
        ),
        (
            "a sign-up to agreement version 1 names member 999, who is not among the group's members",
            Box::new(|v| v["groups"][0]["agreement"]["versions"][0]["signups"][0]["member"] = 999.into()),
        ),
        ("names group 77 as its successor", Box::new(|v| v["groups"][0]["successor"] = 77.into())),
        ("the deal names card 555", Box::new(|v| v["groups"][0]["endings"][0]["deal"][1]["card"] = 555.into())),
        (
            "member id 1 appears more than once",
            Box::new(|v| v["groups"][1]["members"] = v["groups"][0]["members"].clone()),
        ),
        ("unknown field `colour`", Box::new(|v| v["groups"][0]["colour"] = "blue".into())),
        (
            "“purple” is not a known member status",
            Box::new(|v| v["groups"][0]["members"][0]["status"] = "purple".into()),
        ),
    ];
    for (expected, edit) in cases {
        let file = edited(dir.path(), &good, edit);
        // Into an existing empty database: not a byte changes.
        let before = std::fs::read(&empty).unwrap();
        let out = import_all(&empty, &file);
        assert!(!out.status.success(), "{expected}: the import was not refused");
        let message = stderr(&out);
        assert!(message.contains(expected), "{expected}: {message}");
        assert!(message.contains("nothing was imported"), "{message}");
        assert_eq!(message.lines().count(), 1, "one sentence: {message}");
        assert!(std::fs::read(&empty).unwrap() == before, "{expected}: the database changed");
        // Into a path with no database yet: none is left behind.
        let missing = dir.path().join("new.db");
        assert!(!import_all(&missing, &file).status.success());
        assert!(!missing.exists(), "{expected}: a refused import left a database behind");
    }

    // A database with groups is refused, whole.
    let file = edited(dir.path(), &good, |_| {});
    let before = std::fs::read(&db).unwrap();
    let message = stderr(&import_all(&db, &file));
    assert!(message.contains("import-all fills an empty database; this one already has 2 groups"), "{message}");
    assert!(std::fs::read(&db).unwrap() == before);

    // A meeting of no minutes (a rule the database checks too, and which
    // was found only while writing) is refused whole: no new file is left
    // and an empty one keeps every byte.
    let file = edited(dir.path(), &good, |v| v["groups"][0]["meetings"][1]["minutes"] = 0.into());
    let missing = dir.path().join("late.db");
    let out = import_all(&missing, &file);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nothing was imported"), "{}", stderr(&out));
    for suffix in ["", "-wal", "-shm"] {
        assert!(!dir.path().join(format!("late.db{suffix}")).exists(), "late.db{suffix} was left behind");
    }
    let before = std::fs::read(&empty).unwrap();
    assert!(!import_all(&empty, &file).status.success());
    let after = std::fs::read(&empty).unwrap();
    let changed: Vec<usize> = (0..before.len().max(after.len())).filter(|i| before.get(*i) != after.get(*i)).collect();
    assert!(
        changed.is_empty(),
        "{} bytes changed ({} -> {} long), first at {:?}",
        changed.len(),
        before.len(),
        after.len(),
        &changed[..changed.len().min(20)]
    );
    assert_eq!(Store::open(&empty).unwrap().group_count().unwrap(), 0);
}

#[test]
fn the_file_reads_back_through_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
    hostile_db(&db);
    let bytes = export(&db, &["--include-cards"]);
    let transfer = Transfer::from_json(&bytes).unwrap();
    assert_eq!(transfer.to_json(), bytes);
    assert!(Transfer::from_json(b"not json").unwrap_err().to_string().contains("this is not JSON"));
    assert!(Transfer::from_json(b"[1, 2]").unwrap_err().to_string().contains("no format number"));
}

/// Names issue 22 found accepted by `import-all`: a clipboard-setting OSC 52
/// sequence, a screen-clearing CSI, a C1 CSI, a right-to-left override, a
/// zero width space and a line separator.
const HOSTILE: [&str; 6] =
    ["\u{1b}]52;c;aGk=\u{7}", "a\u{1b}[2Jb", "\u{9b}31m", "\u{202e}evil", "zero\u{200b}width", "line\u{2028}sep"];

/// The hostile database's file, and an empty database to import it into.
fn good_file(dir: &Path) -> (serde_json::Value, PathBuf) {
    let db = dir.join("hostile.db");
    hostile_db(&db);
    let good: serde_json::Value = serde_json::from_slice(&export(&db, &["--include-cards"])).unwrap();
    let empty = dir.join("empty.db");
    drop(Store::open(&empty).unwrap());
    (good, empty)
}

/// Imports `file` into `empty`, which must be refused in one sentence that
/// contains `expected`, with not a byte of the database changed.
fn assert_refused(empty: &Path, file: &Path, expected: &str) {
    let before = std::fs::read(empty).unwrap();
    let out = import_all(empty, file);
    let message = stderr(&out);
    assert!(!out.status.success(), "{expected}: the import was not refused");
    assert!(message.contains(expected), "{expected}: {message}");
    assert!(message.contains("nothing was imported"), "{message}");
    let start: String = message.chars().take(400).collect();
    assert_eq!(message.lines().count(), 1, "one sentence: {start}");
    assert!(message.len() < 400, "the sentence is short: {start}");
    assert!(std::fs::read(empty).unwrap() == before, "{expected}: the database changed");
}

#[test]
fn import_all_refuses_names_no_one_would_give() {
    let dir = tempfile::tempdir().unwrap();
    let (good, empty) = good_file(dir.path());
    for name in HOSTILE {
        type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
        let places: Vec<(&str, Edit)> = vec![
            ("group 1: a name cannot contain", Box::new(move |v| v["groups"][0]["name"] = name.into())),
            ("member 2: a name cannot contain", Box::new(move |v| v["groups"][0]["members"][1]["name"] = name.into())),
            (
                "promotion channel 1: a name cannot contain",
                Box::new(move |v| v["groups"][0]["promotion"][0]["name"] = name.into()),
            ),
        ];
        for (expected, edit) in places {
            let file = edited(dir.path(), &good, edit);
            assert_refused(&empty, &file, expected);
        }
    }
}

#[test]
fn a_file_from_a_circle_that_let_a_hostile_name_in_says_what_to_rename() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let mut c = Circle::open(&db).unwrap();
    let g = c.create_group(
        &NewGroup { name: "Tuesday".into(), focus: String::new(), openness: Openness::Open },
        day("2026-01-05"),
    );
    let g = g.unwrap().id;
    // An older circle stored names as they came.
    c.store().add_member(g, &MemberFields::named("Ann\u{1b}[2J"), MemberStatus::Active, day("2026-01-05")).unwrap();
    drop(c);
    let file = dir.path().join("old.json");
    std::fs::write(&file, export(&db, &[])).unwrap();
    let empty = dir.path().join("empty.db");
    drop(Store::open(&empty).unwrap());
    assert_refused(
        &empty,
        &file,
        "group “Tuesday”, member 1: a name cannot contain control characters such as tabs or escape codes; \
         rename them in the circle the file came from and export again",
    );
}

#[test]
fn import_all_refuses_text_past_its_limit_naming_the_field_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (good, empty) = good_file(dir.path());
    let over = |max: usize| "x".repeat(max + 1);
    let too_long = |max: usize| format!("can be at most {} characters (this has {})", grouped(max), grouped(max + 1));
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let note = too_long(MAX_NOTE_CHARS);
    let cases: Vec<(String, Edit)> = vec![
        // The note that froze the console, a few megabytes over the limit.
        (
            format!(
                "member 1: notes can be at most 10,000 characters (this has {})",
                grouped(3_000_000 + MAX_NOTE_CHARS)
            ),
            Box::new(|v| v["groups"][0]["members"][0]["notes"] = "x".repeat(3_000_000 + MAX_NOTE_CHARS).into()),
        ),
        (
            format!("member 1: notes {note}"),
            Box::new(move |v| v["groups"][0]["members"][0]["notes"] = over(MAX_NOTE_CHARS).into()),
        ),
        (
            format!("member 2: pronouns {}", too_long(MAX_SHORT_CHARS)),
            Box::new(move |v| v["groups"][0]["members"][1]["pronouns"] = over(MAX_SHORT_CHARS).into()),
        ),
        (
            format!("member 2: contact {}", too_long(MAX_SHORT_CHARS)),
            Box::new(move |v| v["groups"][0]["members"][1]["contact"] = over(MAX_SHORT_CHARS).into()),
        ),
        (
            format!("member 3: access needs {note}"),
            Box::new(move |v| v["groups"][0]["members"][2]["access_needs"] = over(MAX_NOTE_CHARS).into()),
        ),
        (
            format!("member 5, the change on 2026-06-01: the reason {note}"),
            Box::new(move |v| v["groups"][0]["members"][4]["history"][1]["reason"] = over(MAX_NOTE_CHARS).into()),
        ),
        (
            format!("a name can be at most {MAX_NAME_CHARS} characters"),
            Box::new(move |v| v["groups"][0]["members"][4]["name"] = over(MAX_NAME_CHARS).into()),
        ),
        (
            format!("the meeting on 2026-11-19: notes {note}"),
            Box::new(move |v| v["groups"][0]["meetings"][0]["notes"] = over(MAX_NOTE_CHARS).into()),
        ),
        (format!("who it is for {note}"), Box::new(move |v| v["groups"][0]["focus"] = over(MAX_NOTE_CHARS).into())),
        (
            format!("entry criteria {note}"),
            Box::new(move |v| v["groups"][0]["entry_criteria"] = over(MAX_NOTE_CHARS).into()),
        ),
        (format!("the purpose {note}"), Box::new(move |v| v["groups"][0]["purpose"] = over(MAX_NOTE_CHARS).into())),
        (
            format!("agreement version 2: an agreement can be at most {} KB", MAX_AGREEMENT_BYTES / 1024),
            Box::new(move |v| v["groups"][0]["agreement"]["versions"][1]["body"] = over(MAX_AGREEMENT_BYTES).into()),
        ),
        (
            format!("agreement version 1: the change note {}", too_long(MAX_CHANGE_NOTE_CHARS)),
            Box::new(move |v| {
                v["groups"][0]["agreement"]["versions"][0]["change_note"] = over(MAX_CHANGE_NOTE_CHARS).into()
            }),
        ),
        (
            format!("the agreement's draft: an agreement can be at most {} KB", MAX_AGREEMENT_BYTES / 1024),
            Box::new(move |v| v["groups"][0]["agreement"]["draft"]["body"] = over(MAX_AGREEMENT_BYTES).into()),
        ),
        (
            format!("promotion channel 1: notes {note}"),
            Box::new(move |v| v["groups"][0]["promotion"][0]["notes"] = over(MAX_NOTE_CHARS).into()),
        ),
        (
            format!("card 2: a card {note}"),
            Box::new(move |v| v["groups"][0]["endings"][0]["cards"][1]["text"] = over(MAX_NOTE_CHARS).into()),
        ),
        (
            format!("the notice {note}"),
            Box::new(move |v| v["groups"][0]["endings"][0]["notice"] = over(MAX_NOTE_CHARS).into()),
        ),
        (
            format!("a time {}", too_long(MAX_STAMP_CHARS)),
            Box::new(move |v| v["groups"][0]["endings"][0]["created_at"] = over(MAX_STAMP_CHARS).into()),
        ),
        (
            format!("a time {}", too_long(MAX_STAMP_CHARS)),
            Box::new(move |v| v["groups"][0]["endings"][0]["deal"][0]["read_at"] = over(MAX_STAMP_CHARS).into()),
        ),
        (
            format!("a time {}", too_long(MAX_STAMP_CHARS)),
            Box::new(move |v| v["groups"][0]["agreement"]["draft"]["updated_at"] = over(MAX_STAMP_CHARS).into()),
        ),
        (
            "the round in progress on 2026-11-26 is larger than a round can be".to_string(),
            Box::new(move |v| {
                v["groups"][0]["meetings"][1]["round_in_progress"]["record"]["note"] = "x".repeat(2 << 20).into()
            }),
        ),
    ];
    for (expected, edit) in cases {
        let file = edited(dir.path(), &good, edit);
        assert_refused(&empty, &file, &expected);
    }
    // Exactly at the limit is fine.
    let file = edited(dir.path(), &good, |v| v["groups"][0]["members"][0]["notes"] = "é".repeat(MAX_NOTE_CHARS).into());
    let out = import_all(&empty, &file);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// 10000 as "10,000".
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Numbers only the database used to check (its CHECK constraints) are
/// refused before anything is written, in words a facilitator can act on,
/// never in SQLite's ("CHECK constraint failed: …").
#[test]
fn numbers_out_of_range_are_refused_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = Store::open(&db).unwrap();
    circle::demo::fill(&mut store, day("2026-11-26")).unwrap();
    drop(store);
    let good: serde_json::Value = serde_json::from_slice(&export(&db, &["--include-cards"])).unwrap();
    // The group with meetings, an agreement and an endings activity.
    let g =
        good["groups"].as_array().unwrap().iter().position(|g| !g["meetings"].as_array().unwrap().is_empty()).unwrap();

    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "meeting length is a whole number from 1 to 1440",
            Box::new(move |v| v["groups"][g]["meeting_minutes"] = 0.into()),
        ),
        (
            "the time for opening, closing and breaks is a whole number from 0 to 1440",
            Box::new(move |v| v["groups"][g]["opening_closing_minutes"] = 2000.into()),
        ),
        (
            "speaking time is a whole number from 1 to 1440",
            Box::new(move |v| v["groups"][g]["min_speaking_minutes"] = 0.into()),
        ),
        (
            "the smallest size is a whole number from 1 to 10000",
            Box::new(move |v| v["groups"][g]["min_size"] = 0.into()),
        ),
        (
            "the review interval is a whole number from 1 to 3650",
            Box::new(move |v| v["groups"][g]["review_interval_days"] = 0.into()),
        ),
        (
            "a meeting lasts a whole number of minutes, from 1 to 1440",
            Box::new(move |v| v["groups"][g]["meetings"][0]["minutes"] = 5000.into()),
        ),
        (
            "agreement versions are numbered from 1",
            Box::new(move |v| v["groups"][g]["agreement"]["versions"][0]["version"] = 0.into()),
        ),
        (
            "cards are numbered from 1",
            Box::new(|v| {
                for g in v["groups"].as_array_mut().unwrap() {
                    for a in g["endings"].as_array_mut().unwrap() {
                        if let Some(card) = a["cards"].get_mut(0) {
                            card["number"] = 0.into();
                        }
                    }
                }
            }),
        ),
        (
            "breakout rooms are numbered from 1",
            Box::new(|v| {
                for g in v["groups"].as_array_mut().unwrap() {
                    for a in g["endings"].as_array_mut().unwrap() {
                        a["mode"] = "online".into();
                        a["rooms"] = serde_json::json!([{ "room": 0, "member": a["participants"][0].clone() }]);
                    }
                }
            }),
        ),
        (
            "the same earlier pair appears twice",
            Box::new(|v| {
                for g in v["groups"].as_array_mut().unwrap() {
                    for a in g["endings"].as_array_mut().unwrap() {
                        let (x, y) = (a["participants"][0].clone(), a["participants"][1].clone());
                        a["pairs"] = serde_json::json!([[x.clone(), y.clone()], [y, x]]);
                    }
                }
            }),
        ),
    ];
    let empty = dir.path().join("empty.db");
    drop(Store::open(&empty).unwrap());
    for (expected, edit) in cases {
        let file = edited(dir.path(), &good, edit);
        let before = std::fs::read(&empty).unwrap();
        let out = import_all(&empty, &file);
        let message = stderr(&out);
        assert!(!out.status.success(), "{expected}: the import was not refused");
        assert!(message.contains(expected), "{expected}: {message}");
        assert!(!message.contains("constraint"), "{expected}: {message}");
        assert!(message.contains("nothing was imported"), "{message}");
        assert!(std::fs::read(&empty).unwrap() == before, "{expected}: the database changed");
    }
}

/// A deal's seed can be larger than 2^53, which JavaScript and jq 1.6 change
/// when it is a JSON number: it is written as a string, and a file from the
/// first format, with a number, is still read.
#[test]
fn a_large_seed_is_written_so_no_json_reader_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = Store::open(&db).unwrap();
    circle::demo::fill(&mut store, day("2026-11-26")).unwrap();
    drop(store);
    let big: u64 = (1 << 60) + 1;
    let raw = rusqlite::Connection::open(&db).unwrap();
    assert!(raw.execute("UPDATE endings_activities SET seed = ?1", [big as i64]).unwrap() > 0);
    drop(raw);
    let json: serde_json::Value = serde_json::from_slice(&export(&db, &["--include-cards"])).unwrap();
    let activities = json["groups"].as_array().unwrap().iter().flat_map(|g| g["endings"].as_array().unwrap().clone());
    let seeds: Vec<serde_json::Value> = activities.map(|a| a["seed"].clone()).collect();
    assert!(!seeds.is_empty());
    assert!(seeds.iter().all(|s| *s == serde_json::Value::String(big.to_string())), "{seeds:?}");

    // The same file as format 1 wrote it: numbers, read exactly.
    let mut old = json.clone();
    old["format"] = 1.into();
    for g in old["groups"].as_array_mut().unwrap() {
        for a in g["endings"].as_array_mut().unwrap() {
            a["seed"] = serde_json::Value::from(big);
        }
    }
    let file = dir.path().join("old.json");
    std::fs::write(&file, serde_json::to_vec(&old).unwrap()).unwrap();
    let copy = dir.path().join("copy.db");
    let out = import_all(&copy, &file);
    assert!(out.status.success(), "{}", stderr(&out));
    let again: serde_json::Value = serde_json::from_slice(&export(&copy, &["--include-cards"])).unwrap();
    assert_eq!(again, json, "the old format reads back to the same records");
}

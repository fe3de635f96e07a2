//! Integration tests of the SQLite store (ARCHITECTURE.md, `src/store/`).
//!
//! Every test works on a real database file in its own temporary folder, and
//! where it matters looks at the result from outside the store as well: a
//! second connection, the file's bytes, its permission bits.

mod common;

use std::fs;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use circle::domain::{
    Activity, Attendance, Card, Channel, DealEntry, Group, GroupSettings, Meeting, MemberFields, NewActivity,
    NewChannel, NewGroup, NewMeeting, RosterQuery, RosterRow, RosterSort, Signup, StatusChange,
};
use circle::domain::{
    ActivityId, ActivityStage, AgreementId, CardId, CardStyle, ChannelKind, ChannelStatus, EndingMode, GroupId,
    GroupStatus, MeetingId, MeetingMode, MemberId, MemberStatus, Openness, Role,
};
use circle::store::{SCHEMA_VERSION, Store, StoreError};
use common::{TempDb, mode, set_mode, temp_db};

// ---------------------------------------------------------------------------
// Shared helpers

type StoreResult<T> = circle::store::Result<T>;

/// Day `n` counted from 1 January 2026 (a Thursday), so weekly meetings are
/// `day(7 * week)`.
fn day(n: u64) -> NaiveDate {
    common::date(2026, 1, 1) + Days::new(n)
}

fn fresh() -> (TempDb, Store) {
    let db = temp_db();
    let store = db.open();
    (db, store)
}

fn new_group(store: &mut Store, name: &str) -> Group {
    store.create_group(&NewGroup { name: name.into(), focus: String::new(), openness: Openness::Open }, day(0)).unwrap()
}

fn add(store: &mut Store, group: GroupId, name: &str, status: MemberStatus, on: NaiveDate) -> MemberId {
    store.add_member(group, &MemberFields::named(name), status, on).unwrap().id
}

fn active(store: &mut Store, group: GroupId, name: &str) -> MemberId {
    add(store, group, name, MemberStatus::Active, day(0))
}

fn names_of(store: &Store, ids: &[MemberId]) -> Vec<String> {
    ids.iter().map(|id| store.member(*id).unwrap().fields.name).collect()
}

#[track_caller]
fn invalid_message<T: std::fmt::Debug>(result: StoreResult<T>) -> String {
    match result {
        Err(StoreError::Invalid(message)) => message,
        other => panic!("expected StoreError::Invalid, got {other:?}"),
    }
}

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: StoreResult<T>, what: &str) {
    match result {
        Err(StoreError::NotFound(found)) => assert_eq!(found, what),
        other => panic!("expected StoreError::NotFound({what:?}), got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Opening: refusals, permissions, pragmas, upgrades

mod opening {
    use super::*;

    /// Tries to open a file that must be refused; checks it kept every byte
    /// and its mode and gained no journal, and returns the error.
    fn refused_untouched(db: &TempDb) -> StoreError {
        let (bytes, permissions) = (fs::read(db.path()).unwrap(), mode(db.path()));
        let err = Store::open(db.path()).err().expect("the file should be refused");
        assert_eq!(fs::read(db.path()).unwrap(), bytes, "a refused file was changed");
        assert_eq!(mode(db.path()), permissions, "a refused file had its mode changed");
        assert_eq!(db.sidecars(), Vec::<PathBuf>::new(), "a refused file got a journal");
        err
    }

    fn write_file(db: &TempDb, bytes: &[u8]) {
        fs::write(db.path(), bytes).unwrap();
    }

    #[track_caller]
    fn assert_not_a_database(db: &TempDb) {
        match refused_untouched(db) {
            StoreError::NotADatabase { path } => assert_eq!(path, db.path()),
            other => panic!("expected NotADatabase, got {other:?}"),
        }
    }

    #[test]
    fn a_newer_schema_is_refused_without_changing_a_byte() {
        let db = temp_db();
        let raw = db.raw();
        raw.execute_batch(
            "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from circle 9'); PRAGMA user_version = 999;
             PRAGMA application_id = 1667854947;",
        )
        .unwrap();
        drop(raw);

        match refused_untouched(&db) {
            StoreError::NewerSchema { path, found, known } => {
                assert_eq!(path, db.path());
                assert_eq!(found, 999);
                assert_eq!(known, SCHEMA_VERSION);
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
        let version: i64 = db.raw().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, 999);
    }

    #[test]
    fn a_text_file_is_refused_and_left_alone() {
        let db = temp_db();
        write_file(&db, b"hello\n");
        assert_not_a_database(&db);
    }

    #[test]
    fn a_short_binary_file_is_refused_and_left_alone() {
        let db = temp_db();
        write_file(&db, &[0x00, 0xff, 0x10, 0x80, 0x7f, 0x01, 0xfe, 0x02, 0xfd, 0x03]);
        assert_not_a_database(&db);
    }

    #[test]
    fn a_file_with_the_sqlite_magic_but_a_broken_header_is_refused() {
        let db = temp_db();
        let mut bytes = b"SQLite format 3\0".to_vec();
        bytes.extend([0xab; 4080]);
        write_file(&db, &bytes);
        assert_not_a_database(&db);
    }

    #[test]
    fn an_empty_file_becomes_a_new_database() {
        let db = temp_db();
        write_file(&db, b"");
        let mut store = db.open();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        new_group(&mut store, "Tuesday Circle");
        assert_eq!(db.count("groups", "1"), 1);
    }

    #[test]
    fn a_new_database_and_its_journals_are_readable_only_by_the_owner() {
        let db = temp_db();
        let mut store = db.open();
        store.set_setting("last_group", "1").unwrap();
        assert_eq!(mode(db.path()), 0o600);
        let journals = db.sidecars();
        assert!(!journals.is_empty(), "an open WAL database has journal files");
        for journal in journals {
            assert_eq!(mode(&journal), 0o600, "{}", journal.display());
        }
    }

    #[test]
    fn missing_folders_are_made_private_only_when_asked() {
        let db = temp_db();
        let outer = db.dir().join("circle-data");
        let inner = outer.join("nested");
        let path = inner.join("groups.db");
        // A mistyped path is refused without making any folder...
        assert!(Store::open(&path).is_err());
        assert!(!outer.exists());
        // ...and the data folder is made private when asked for.
        Store::make_data_folder(&inner).unwrap();
        Store::open(&path).unwrap();
        assert_eq!(mode(&outer), 0o700);
        assert_eq!(mode(&inner), 0o700);
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn an_existing_world_readable_file_is_tightened() {
        let db = temp_db();
        drop(db.open());
        set_mode(db.path(), 0o644);
        drop(db.open());
        assert_eq!(mode(db.path()), 0o600);
    }

    #[test]
    fn the_database_is_in_wal_mode_current_and_sound() {
        let (db, store) = fresh();
        let journal: String = db.raw().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(journal, "wal");
        let on_disk: i64 = db.raw().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!((store.schema_version().unwrap(), on_disk), (SCHEMA_VERSION, SCHEMA_VERSION));
        let migrations = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/migrations");
        let steps = fs::read_dir(migrations)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "sql"));
        assert_eq!(steps.count() as i64, SCHEMA_VERSION, "every migration file is a step");
        assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn foreign_keys_are_enforced() {
        let (db, mut store) = fresh();
        let result = store.add_member(GroupId(4242), &MemberFields::named("Ann"), MemberStatus::Active, day(0));
        assert!(matches!(result, Err(StoreError::Sqlite(_))), "{result:?}");
        assert_eq!(db.count("members", "1"), 0);
        assert_eq!(db.count("member_status_history", "1"), 0);
    }

    #[test]
    fn deleted_rows_are_overwritten_in_the_file() {
        const SECRET: &str = "Obliviate-Quasar-private-note-7781";
        let db = temp_db();
        let mut store = db.open();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let keep = store.add_channel(group, &channel(ChannelKind::Radio, "kept", None, None)).unwrap();
        let gone = store
            .add_channel(
                group,
                &NewChannel { notes: SECRET.into(), ..channel(ChannelKind::Website, "gone", None, None) },
            )
            .unwrap();
        drop(store);
        assert_eq!(db.files_containing(SECRET), vec![db.path().to_path_buf()], "the note is on disk to begin with");

        // No compaction here: only secure_delete can clear the freed cell.
        let mut store = db.open();
        store.delete_channel(gone).unwrap();
        drop(store);
        assert_eq!(db.files_containing(SECRET), Vec::<PathBuf>::new());
        assert_eq!(db.count("promotion_channels", &format!("id = {}", keep.0)), 1);
    }

    #[test]
    fn another_programs_database_is_refused_and_left_untouched() {
        let db = temp_db();
        let raw = db.raw();
        raw.execute_batch(
            "CREATE TABLE members (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
             INSERT INTO members (body) VALUES ('first thought'), ('second thought');",
        )
        .unwrap();
        drop(raw);
        let before = std::fs::read(db.path()).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(db.path()).unwrap().permissions().mode();
        match Store::open(db.path()) {
            Err(StoreError::NotOurs { .. }) => {}
            Err(other) => panic!("expected NotOurs, got {other}"),
            Ok(_) => panic!("another program's database was opened"),
        }
        assert_eq!(std::fs::read(db.path()).unwrap(), before, "not a byte changed");
        assert_eq!(std::fs::metadata(db.path()).unwrap().permissions().mode(), mode, "nor its mode");
        let files: Vec<_> = std::fs::read_dir(db.dir()).unwrap().collect();
        assert_eq!(files.len(), 1, "no -wal or -shm beside it");
    }

    #[test]
    fn opening_again_keeps_everything() {
        let db = temp_db();
        let mut store = db.open();
        let group = new_group(&mut store, "Tuesday Circle");
        let ann = active(&mut store, group.id, "Ann");
        drop(store);

        for _ in 0..2 {
            let store = db.open();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
            assert_eq!(store.groups().unwrap(), vec![group.clone()]);
            assert_eq!(store.member(ann).unwrap().fields.name, "Ann");
            assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
        }
    }
}

// ---------------------------------------------------------------------------
// Groups

mod groups {
    use super::*;

    #[test]
    fn a_group_is_created_read_and_listed() {
        let (_db, mut store) = fresh();
        let new = NewGroup { name: "  Tuesday Circle ".into(), focus: " carers ".into(), openness: Openness::Closed };
        let created = store.create_group(&new, day(3)).unwrap();
        assert_eq!(created.name, "Tuesday Circle");
        assert_eq!(created.created_on, day(3));
        assert_eq!(
            created.settings,
            GroupSettings { focus: "carers".into(), openness: Openness::Closed, ..GroupSettings::default() }
        );
        assert_eq!(store.group(created.id).unwrap(), created);
        assert_eq!(store.group_by_name(" Tuesday Circle ").unwrap(), Some(created.clone()));
        assert_eq!(store.group_by_name("Thursday Circle").unwrap(), None);

        new_group(&mut store, "men's shed");
        new_group(&mut store, "Art Space");
        let names: Vec<String> = store.groups().unwrap().into_iter().map(|g| g.name).collect();
        assert_eq!(names, ["Art Space", "men's shed", "Tuesday Circle"]);
    }

    #[test]
    fn names_are_required_and_unique() {
        let (db, mut store) = fresh();
        let tuesday = new_group(&mut store, "Tuesday Circle");
        let thursday = new_group(&mut store, "Thursday Circle");

        let again = NewGroup { name: " Tuesday Circle".into(), focus: String::new(), openness: Openness::Open };
        assert!(invalid_message(store.create_group(&again, day(1))).contains("Tuesday Circle"));
        let blank = NewGroup { name: "   ".into(), ..again };
        invalid_message(store.create_group(&blank, day(1)));
        assert!(invalid_message(store.rename_group(thursday.id, "Tuesday Circle")).contains("Tuesday Circle"));
        assert_eq!(db.count("groups", "1"), 2);

        store.rename_group(tuesday.id, "  Wednesday Circle ").unwrap();
        assert_eq!(store.group(tuesday.id).unwrap().name, "Wednesday Circle");
        assert_eq!(store.group(thursday.id).unwrap().name, "Thursday Circle");
        assert_not_found(store.rename_group(GroupId(999), "Friday Circle"), "group");
    }

    #[test]
    fn settings_are_saved_whole_including_the_successor() {
        let (_db, mut store) = fresh();
        let old = new_group(&mut store, "Tuesday Circle").id;
        let next = new_group(&mut store, "Tuesday Circle II").id;
        let settings = GroupSettings {
            focus: "people caring for a relative".into(),
            entry_criteria: "caring for someone at home".into(),
            openness: Openness::Closed,
            status: GroupStatus::Dormant,
            successor: Some(next),
            meeting_minutes: 120,
            opening_closing_minutes: 15,
            min_speaking_minutes: 7,
            min_size: 5,
            review_interval_days: 60,
            last_review: Some(day(30)),
            purpose: "A calm evening hour where carers are heard.\n\nNo advice unless asked.".into(),
        };
        store.update_group_settings(old, &settings).unwrap();
        assert_eq!(store.group(old).unwrap().settings, settings);
        assert_eq!(store.group(next).unwrap().settings, GroupSettings::default());

        let own = GroupSettings { successor: Some(old), ..settings.clone() };
        assert!(invalid_message(store.update_group_settings(old, &own)).contains("successor"));
        let missing = GroupSettings { successor: Some(GroupId(999)), ..settings.clone() };
        assert!(store.update_group_settings(old, &missing).is_err());
        assert_eq!(store.group(old).unwrap().settings, settings, "a refused update changes nothing");
        assert_not_found(store.update_group_settings(GroupId(999), &settings), "group");
    }
}

// ---------------------------------------------------------------------------
// Members

mod members {
    use super::*;

    /// Names a facilitator may meet: right-to-left script, combining marks
    /// (not to be normalised), emoji with joiners, and terminal escapes.
    const UNUSUAL_NAMES: [&str; 4] = [
        "سارا الحسيني",
        "Zoe\u{301} Jo\u{308}rg",
        "Robin 🌱 \u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
        "Ann\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m",
    ];

    fn full_fields(name: &str) -> MemberFields {
        MemberFields {
            name: name.into(),
            pronouns: "they/them".into(),
            contact: "robin@example.org".into(),
            joined: Some(day(10)),
            role: Role::CoFacilitator,
            access_needs: "step-free access; captions online".into(),
            invite_to_speak: true,
            notes: "Line one\nline two with \u{1b}[31mred\u{1b}[0m and \u{202E}reversed".into(),
        }
    }

    #[test]
    fn every_field_is_stored_exactly_as_given() {
        let (db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        for name in UNUSUAL_NAMES {
            let fields = full_fields(name);
            let added = store.add_member(group, &fields, MemberStatus::Waitlist, day(12)).unwrap();
            assert_eq!(added.fields, fields);
            assert_eq!(added.group, group);
            assert_eq!(added.status, MemberStatus::Waitlist);
            assert_eq!(added.status_since, day(12));
            assert_eq!(store.member(added.id).unwrap(), added);

            let raw: Vec<u8> = db
                .raw()
                .query_row("SELECT CAST(name AS BLOB) FROM members WHERE id = ?1", [added.id.0], |r| r.get(0))
                .unwrap();
            assert_eq!(raw, name.as_bytes(), "the stored bytes of {name:?}");
        }
    }

    #[test]
    fn bad_fields_are_refused_and_nothing_is_stored() {
        let (db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let refuse = |store: &mut Store, fields: MemberFields| {
            invalid_message(store.add_member(group, &fields, MemberStatus::Active, day(0)))
        };
        assert!(refuse(&mut store, MemberFields::named(" \t ")).contains("name"));
        assert!(refuse(&mut store, MemberFields::named(&"é".repeat(81))).contains("81"));
        assert!(
            refuse(
                &mut store,
                MemberFields {
                    notes: "x".repeat(circle::domain::text::MAX_NOTE_CHARS + 1),
                    ..MemberFields::named("Ann")
                }
            )
            .contains("notes")
        );
        assert_eq!(db.count("members", "1"), 0);
        assert_eq!(db.count("member_status_history", "1"), 0);
    }

    #[test]
    fn an_update_changes_the_fields_but_not_the_status() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let ann = active(&mut store, group, "Ann");
        let bea = active(&mut store, group, "Bea");

        let fields = full_fields(UNUSUAL_NAMES[0]);
        store.update_member(ann, &fields).unwrap();
        let updated = store.member(ann).unwrap();
        assert_eq!(updated.fields, fields);
        assert_eq!((updated.status, updated.status_since), (MemberStatus::Active, day(0)));
        assert_eq!(store.member(bea).unwrap().fields, MemberFields::named("Bea"));

        invalid_message(store.update_member(ann, &MemberFields::named("")));
        assert_eq!(store.member(ann).unwrap().fields, fields);
        assert_not_found(store.update_member(MemberId(999), &fields), "member");
        assert_not_found(store.member(MemberId(999)), "member");
    }

    #[test]
    fn status_changes_are_kept_with_dates_and_reasons() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let ann = add(&mut store, group, "Ann", MemberStatus::Enquiry, day(1));
        assert_eq!(store.member(ann).unwrap().fields.joined, None);

        let steps = [
            (MemberStatus::Waitlist, day(5), "group is full"),
            (MemberStatus::Active, day(20), "a place opened up"),
            (MemberStatus::OnBreak, day(60), "  surgery  "),
            (MemberStatus::Active, day(90), ""),
        ];
        for (status, on, reason) in steps {
            store.change_status(ann, status, on, reason).unwrap();
        }
        let member = store.member(ann).unwrap();
        assert_eq!((member.status, member.status_since), (MemberStatus::Active, day(90)));
        assert_eq!(member.fields.joined, Some(day(20)), "joined is the first day active, and stays");

        let change = |status, on, reason: &str| StatusChange { status, changed_on: on, reason: reason.into() };
        assert_eq!(
            store.status_history(ann).unwrap(),
            [
                change(MemberStatus::Enquiry, day(1), ""),
                change(MemberStatus::Waitlist, day(5), "group is full"),
                change(MemberStatus::Active, day(20), "a place opened up"),
                change(MemberStatus::OnBreak, day(60), "surgery"),
                change(MemberStatus::Active, day(90), ""),
            ]
        );
        assert_not_found(store.change_status(MemberId(999), MemberStatus::Left, day(1), ""), "member");
    }

    #[test]
    fn a_joined_date_given_by_hand_is_kept_when_made_active() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let fields = MemberFields { joined: Some(day(3)), ..MemberFields::named("Ann") };
        let ann = store.add_member(group, &fields, MemberStatus::Waitlist, day(1)).unwrap().id;
        store.change_status(ann, MemberStatus::Active, day(40), "").unwrap();
        assert_eq!(store.member(ann).unwrap().fields.joined, Some(day(3)));
    }

    #[test]
    fn the_waitlist_and_the_status_counts() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let other = new_group(&mut store, "Thursday Circle").id;
        assert_eq!(store.longest_waiting(group).unwrap(), None);

        add(&mut store, group, "Cal", MemberStatus::Waitlist, day(9));
        let bea = add(&mut store, group, "bea", MemberStatus::Waitlist, day(4));
        add(&mut store, group, "Ann", MemberStatus::Waitlist, day(6));
        add(&mut store, other, "Early Bird", MemberStatus::Waitlist, day(1));
        add(&mut store, group, "Dee", MemberStatus::Active, day(0));
        let eve = add(&mut store, group, "Eve", MemberStatus::Enquiry, day(0));
        store.change_status(eve, MemberStatus::Left, day(8), "moved away").unwrap();

        assert_eq!(store.longest_waiting(group).unwrap().map(|m| m.id), Some(bea));
        assert_eq!(
            store.status_counts(group).unwrap(),
            [
                (MemberStatus::Enquiry, 0),
                (MemberStatus::Waitlist, 3),
                (MemberStatus::Active, 1),
                (MemberStatus::OnBreak, 0),
                (MemberStatus::Left, 1),
            ]
        );
        let with = |store: &Store, statuses: &[MemberStatus]| -> Vec<String> {
            store.members_with_status(group, statuses).unwrap().into_iter().map(|m| m.fields.name).collect()
        };
        assert_eq!(with(&store, &[MemberStatus::Waitlist]), ["Ann", "bea", "Cal"]);
        assert_eq!(with(&store, &[MemberStatus::Active, MemberStatus::Left]), ["Dee", "Eve"]);
        assert_eq!(with(&store, &[MemberStatus::OnBreak]), Vec::<String>::new());
    }
}

// ---------------------------------------------------------------------------
// The roster

mod roster {
    use super::*;

    const WEEKS: u64 = 14;

    /// Five people over fourteen weekly meetings; the rate looks at the
    /// latest twelve (weeks 2 to 13). Ann came every week; bea every other
    /// week; Cal joined in week 8 and missed week 10; Dee is waiting and has
    /// not come; Eve came until week 9 and has been on a break since week 10.
    /// Ann signed agreement versions 1 and 2, bea only version 1.
    fn fourteen_weeks() -> (TempDb, Store, GroupId) {
        let (db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let person = |store: &mut Store, fields: MemberFields, status| {
            store.add_member(group, &fields, status, day(0)).unwrap().id
        };
        let joined = |name: &str, week: u64| MemberFields { joined: Some(day(7 * week)), ..MemberFields::named(name) };
        let ann = person(&mut store, joined("Ann", 0), MemberStatus::Active);
        let bea =
            person(&mut store, MemberFields { pronouns: "she/her".into(), ..joined("bea", 0) }, MemberStatus::Active);
        let cal = person(
            &mut store,
            MemberFields { invite_to_speak: true, access_needs: "step-free".into(), ..joined("Cal", 8) },
            MemberStatus::Active,
        );
        person(&mut store, MemberFields::named("Dee"), MemberStatus::Waitlist);
        let eve = person(&mut store, joined("Eve", 0), MemberStatus::Active);
        store.change_status(eve, MemberStatus::OnBreak, day(70), "exams").unwrap();

        for week in 0..WEEKS {
            let meeting = meeting_on(&mut store, group, day(7 * week)).id;
            let came = [(ann, true), (bea, week % 2 == 0), (cal, week >= 8 && week != 10), (eve, week <= 9)];
            for (who, _) in came.iter().filter(|(_, here)| *here) {
                store.set_present(meeting, *who, true).unwrap();
            }
        }
        let v1 = store.adopt_agreement(group, "## Values\nKindness.", "", day(0)).unwrap().id;
        let v2 = store.adopt_agreement(group, "## Values\nKindness and patience.", "", day(30)).unwrap().id;
        for (who, version) in [(ann, v1), (ann, v2), (bea, v1)] {
            store.sign_agreement(who, version, day(31)).unwrap();
        }
        (db, store, group)
    }

    fn meeting_on(store: &mut Store, group: GroupId, on: NaiveDate) -> Meeting {
        store.create_meeting(group, &NewMeeting { held_on: on, mode: MeetingMode::InPerson, minutes: 90 }).unwrap()
    }

    fn query(status: Option<MemberStatus>, search: &str, sort: RosterSort) -> RosterQuery {
        RosterQuery { status, search: search.into(), sort, hide_left: false }
    }

    fn names(rows: &[RosterRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    fn page_names(store: &Store, group: GroupId, q: &RosterQuery) -> Vec<String> {
        store.roster_page(group, q, 0, 100).unwrap().into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn rows_carry_attendance_over_the_latest_meetings_and_the_signed_version() {
        let (_db, store, group) = fourteen_weeks();
        let rows = store.roster_page(group, &RosterQuery::default(), 0, 10).unwrap();
        let figures: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.attended, r.possible, r.last_attended, r.signed_version, r.status))
            .collect();
        assert_eq!(
            figures,
            [
                ("Ann", 12, 12, Some(day(91)), Some(2), MemberStatus::Active),
                ("bea", 6, 12, Some(day(84)), Some(1), MemberStatus::Active),
                ("Cal", 5, 6, Some(day(91)), None, MemberStatus::Active),
                ("Dee", 0, 0, None, None, MemberStatus::Waitlist),
                ("Eve", 8, 8, Some(day(63)), None, MemberStatus::OnBreak),
            ]
        );
        let rates: Vec<Option<f64>> = rows.iter().map(RosterRow::attendance_rate).collect();
        assert_eq!(rates, [Some(1.0), Some(0.5), Some(5.0 / 6.0), None, Some(1.0)]);

        let cal = &rows[2];
        assert_eq!((cal.joined, cal.invite_to_speak, cal.access_needs), (Some(day(56)), true, true));
        assert_eq!(
            (rows[1].pronouns.as_str(), rows[1].invite_to_speak, rows[1].access_needs),
            ("she/her", false, false)
        );
        assert_eq!(rows[1].role, Role::Member);
    }

    #[test]
    fn every_sort_has_its_own_order() {
        let (_db, store, group) = fourteen_weeks();
        let expected = [
            (RosterSort::Name, ["Ann", "bea", "Cal", "Dee", "Eve"]),
            (RosterSort::Joined, ["Ann", "bea", "Eve", "Cal", "Dee"]),
            (RosterSort::LastAttended, ["Ann", "Cal", "bea", "Eve", "Dee"]),
            (RosterSort::AttendanceRate, ["Ann", "Eve", "Cal", "bea", "Dee"]),
        ];
        assert_eq!(expected.map(|(sort, _)| sort), RosterSort::ALL);
        for (sort, order) in expected {
            assert_eq!(page_names(&store, group, &query(None, "", sort)), order, "sorted by {}", sort.label());
        }
    }

    #[test]
    fn filters_and_search_agree_with_the_count() {
        let (_db, store, group) = fourteen_weeks();
        let cases: [(Option<MemberStatus>, &str, &[&str]); 7] = [
            (Some(MemberStatus::Active), "", &["Ann", "bea", "Cal"]),
            (Some(MemberStatus::OnBreak), "", &["Eve"]),
            (Some(MemberStatus::Left), "", &[]),
            (None, "A", &["Ann", "bea", "Cal"]),
            (None, "  e ", &["bea", "Dee", "Eve"]),
            (Some(MemberStatus::Active), "E", &["bea"]),
            (None, "%", &[]),
        ];
        for (status, search, expected) in cases {
            let q = query(status, search, RosterSort::Name);
            assert_eq!(page_names(&store, group, &q), expected, "{status:?} {search:?}");
            assert_eq!(store.roster_count(group, &q).unwrap(), expected.len(), "{status:?} {search:?}");
        }
    }

    #[test]
    fn the_attendance_rate_never_exceeds_one() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        // Fay is marked as left on the day of her last meeting.
        let fay = store
            .add_member(
                group,
                &MemberFields { joined: Some(day(0)), ..MemberFields::named("Fay") },
                MemberStatus::Active,
                day(0),
            )
            .unwrap()
            .id;
        // Gus came once as an enquirer, joined the week after, and has come
        // every week since.
        let gus = add(&mut store, group, "Gus", MemberStatus::Enquiry, day(0));
        for week in 0..4 {
            let meeting = meeting_on(&mut store, group, day(7 * week)).id;
            store.set_present(meeting, fay, true).unwrap();
            store.set_present(meeting, gus, true).unwrap();
        }
        store.change_status(fay, MemberStatus::Left, day(21), "moving on").unwrap();
        store.change_status(gus, MemberStatus::Active, day(7), "").unwrap();

        let over: Vec<String> = store
            .roster_page(group, &RosterQuery::default(), 0, 10)
            .unwrap()
            .into_iter()
            .filter(|r| r.attended > r.possible)
            .map(|r| format!("{} attended {} of {}", r.name, r.attended, r.possible))
            .collect();
        assert_eq!(over, Vec::<String>::new());
    }

    #[test]
    fn five_hundred_members_page_in_order() {
        let (_db, mut store) = fresh();
        store.relax_durability_for_bulk_load().unwrap();
        let group = new_group(&mut store, "Big Circle").id;
        let other = new_group(&mut store, "Small Circle").id;
        active(&mut store, other, "Member 000");
        let mut expected = Vec::new();
        // Added out of order, so the order must come from the query.
        for i in (1..=500).rev() {
            let name = format!("Member {i:03}");
            let status = if i % 5 == 0 { MemberStatus::Waitlist } else { MemberStatus::Active };
            add(&mut store, group, &name, status, day(0));
            expected.push(name);
        }
        store.restore_durability().unwrap();
        expected.reverse();

        let all = RosterQuery::default();
        assert_eq!(store.roster_count(group, &all).unwrap(), 500);
        let mut seen = Vec::new();
        for offset in (0..500).step_by(64) {
            let page = store.roster_page(group, &all, offset, 64).unwrap();
            assert_eq!(page.len(), if offset == 448 { 52 } else { 64 }, "page at {offset}");
            seen.extend(page.into_iter().map(|r| r.name));
        }
        assert_eq!(seen, expected);
        assert_eq!(store.roster_page(group, &all, 500, 64).unwrap(), Vec::<RosterRow>::new());
        assert_eq!(names(&store.roster_page(group, &all, 250, 2).unwrap()), ["Member 251", "Member 252"]);

        let waiting = query(Some(MemberStatus::Waitlist), "", RosterSort::Name);
        assert_eq!(store.roster_count(group, &waiting).unwrap(), 100);
        assert_eq!(names(&store.roster_page(group, &waiting, 98, 10).unwrap()), ["Member 495", "Member 500"]);

        let search = query(None, "member 12", RosterSort::Name);
        assert_eq!(store.roster_count(group, &search).unwrap(), 10);
        assert_eq!(page_names(&store, group, &search), (120..130).map(|i| format!("Member {i}")).collect::<Vec<_>>());
    }
}

// ---------------------------------------------------------------------------
// Meetings and attendance

mod meetings {
    use super::*;

    fn meeting(store: &mut Store, group: GroupId, on: NaiveDate) -> Meeting {
        store.create_meeting(group, &NewMeeting { held_on: on, mode: MeetingMode::InPerson, minutes: 90 }).unwrap()
    }

    fn turn(meeting: &Meeting, member: MemberId, seconds: u32, passed: bool, order: u32) -> Attendance {
        Attendance {
            meeting: meeting.id,
            member,
            speaking_seconds: Some(seconds),
            spoke: Some(!passed),
            passed: Some(passed),
            turn_order: Some(order),
        }
    }

    fn present(meeting: &Meeting, member: MemberId) -> Attendance {
        Attendance { meeting: meeting.id, member, speaking_seconds: None, spoke: None, passed: None, turn_order: None }
    }

    #[test]
    fn a_meeting_is_created_read_and_updated() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let new = NewMeeting { held_on: day(14), mode: MeetingMode::Hybrid, minutes: 75 };
        let created = store.create_meeting(group, &new).unwrap();
        let expected = Meeting {
            id: created.id,
            group,
            held_on: day(14),
            mode: MeetingMode::Hybrid,
            minutes: 75,
            visitors: 0,
            round_run: false,
            notes: String::new(),
        };
        assert_eq!(created, expected);

        let changed = Meeting {
            held_on: day(15),
            mode: MeetingMode::Online,
            minutes: 60,
            visitors: 3,
            round_run: true,
            notes: "Moved online: snow.\n\u{1b}[2J kept as text".into(),
            ..expected
        };
        store.update_meeting(&changed).unwrap();
        assert_eq!(store.meeting(created.id).unwrap(), changed);

        for minutes in [0, 1441] {
            invalid_message(store.create_meeting(group, &NewMeeting { minutes, ..new.clone() }));
            invalid_message(store.update_meeting(&Meeting { minutes, ..changed.clone() }));
        }
        assert_eq!(store.meeting(created.id).unwrap(), changed);
        assert_eq!(store.meeting_count(group).unwrap(), 1);
        assert_not_found(store.update_meeting(&Meeting { id: MeetingId(999), ..changed }), "meeting");
    }

    #[test]
    fn meetings_are_found_by_day_and_paged_newest_first() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let other = new_group(&mut store, "Thursday Circle").id;
        meeting(&mut store, other, day(35));
        let days = [14, 0, 28, 7, 21, 21];
        let ids: Vec<_> = days.iter().map(|n| meeting(&mut store, group, day(*n)).id).collect();

        assert_eq!(store.meeting_on(group, day(21)).unwrap().map(|m| m.id), Some(ids[5]), "the later of two");
        assert_eq!(store.meeting_on(group, day(0)).unwrap().map(|m| m.id), Some(ids[1]));
        assert_eq!(store.meeting_on(group, day(35)).unwrap(), None);
        assert_eq!(store.meeting_count(group).unwrap(), 6);

        let page = |store: &Store, offset| -> Vec<_> {
            store.meetings(group, offset, 2).unwrap().into_iter().map(|m| m.id).collect()
        };
        assert_eq!(page(&store, 0), [ids[2], ids[5]]);
        assert_eq!(page(&store, 2), [ids[4], ids[0]]);
        assert_eq!(page(&store, 4), [ids[3], ids[1]]);
        assert_eq!(page(&store, 6), []);
    }

    #[test]
    fn presence_is_idempotent_and_turns_are_recorded() {
        let (db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let [ann, bea, cal] = ["Ann", "Bea", "Cal"].map(|n| active(&mut store, group, n));
        let m = meeting(&mut store, group, day(7));

        store.set_present(m.id, ann, true).unwrap();
        store.set_present(m.id, ann, true).unwrap();
        assert_eq!(store.attendance(m.id).unwrap(), [present(&m, ann)]);
        store.set_present(m.id, ann, false).unwrap();
        store.set_present(m.id, ann, false).unwrap();
        assert_eq!(store.attendance(m.id).unwrap(), []);

        store.set_present(m.id, cal, true).unwrap();
        store.set_present(m.id, bea, true).unwrap();
        store.record_turn(&turn(&m, bea, 240, false, 0)).unwrap();
        store.record_turn(&turn(&m, ann, 0, true, 1)).unwrap();
        store.set_present(m.id, bea, true).unwrap();
        assert_eq!(
            store.attendance(m.id).unwrap(),
            [turn(&m, bea, 240, false, 0), turn(&m, ann, 0, true, 1), present(&m, cal)]
        );
        assert!(store.meeting(m.id).unwrap().round_run);

        store.record_turn(&turn(&m, bea, 300, false, 2)).unwrap();
        assert_eq!(store.attendance(m.id).unwrap()[1], turn(&m, bea, 300, false, 2));
        assert_eq!(db.count("attendance", "1"), 3);

        store.delete_meeting(m.id).unwrap();
        assert_not_found(store.meeting(m.id), "meeting");
        assert_eq!(db.count("attendance", "1"), 0);
    }
}

// ---------------------------------------------------------------------------
// Agreements and sign-ups

mod agreements {
    use super::*;

    #[test]
    fn versions_are_numbered_per_group() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let other = new_group(&mut store, "Thursday Circle").id;
        assert_eq!(store.current_agreement(group).unwrap(), None);

        let bodies = [
            "## Values\nKindness.",
            "## Values\nKindness.\n\n## Boundaries\nWhat is said here stays here.",
            "## Values\nPatience.",
        ];
        let adopted: Vec<_> = bodies
            .iter()
            .zip(1u64..)
            .map(|(body, n)| store.adopt_agreement(group, body, &format!(" change {n} "), day(10 * n)).unwrap())
            .collect();
        let theirs = store.adopt_agreement(other, "## Values\nFun.", "", day(3)).unwrap();

        assert_eq!(adopted.iter().map(|a| a.version).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(theirs.version, 1);
        let second = &adopted[1];
        assert_eq!((second.group, second.adopted_on), (group, day(20)));
        assert_eq!((second.body.as_str(), second.change_note.as_str()), (bodies[1], "change 2"));

        assert_eq!(store.current_agreement(group).unwrap().as_ref(), adopted.last());
        assert_eq!(store.agreement_version(group, 2).unwrap().as_ref(), Some(second));
        assert_eq!(store.agreement_version(group, 4).unwrap(), None);
        assert_eq!(store.agreement(second.id).unwrap(), *second);
        let listed: Vec<u32> = store.agreement_versions(group).unwrap().iter().map(|a| a.version).collect();
        assert_eq!(listed, [3, 2, 1]);

        invalid_message(store.adopt_agreement(group, " \n ", "", day(40)));
        assert_eq!(store.agreement_versions(group).unwrap().len(), 3);
        assert_not_found(store.agreement(AgreementId(999)), "agreement version");
    }

    #[test]
    fn members_sign_their_own_groups_agreement() {
        let (db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let other = new_group(&mut store, "Thursday Circle").id;
        let ann = active(&mut store, group, "Ann");
        let bea = active(&mut store, group, "bea");
        let cal = active(&mut store, group, "Cal");
        let dee = active(&mut store, group, "Dee");
        store.change_status(cal, MemberStatus::OnBreak, day(2), "").unwrap();
        add(&mut store, group, "Eve", MemberStatus::Waitlist, day(0));
        let left = active(&mut store, group, "Fay");
        store.change_status(left, MemberStatus::Left, day(2), "").unwrap();
        let outsider = active(&mut store, other, "Gus");
        let v1 = store.adopt_agreement(group, "## Values\nKindness.", "", day(1)).unwrap().id;
        let theirs = store.adopt_agreement(other, "## Values\nFun.", "", day(1)).unwrap().id;

        store.sign_agreement(ann, v1, day(5)).unwrap();
        store.sign_agreement(ann, v1, day(9)).unwrap();
        store.sign_agreement(dee, v1, day(4)).unwrap();
        let signup = |member, signed_on| Signup { member, agreement: v1, signed_on };
        assert_eq!(store.signups(v1).unwrap(), [signup(dee, day(4)), signup(ann, day(5))]);

        assert!(invalid_message(store.sign_agreement(outsider, v1, day(5))).contains("same group"));
        invalid_message(store.sign_agreement(ann, theirs, day(5)));
        assert_eq!(db.count("signups", "1"), 2);

        assert_eq!(store.not_yet_signed(v1).unwrap(), [bea, cal], "active and on-break members only");
        assert_eq!(store.not_yet_signed(theirs).unwrap(), [outsider]);
    }
}

// ---------------------------------------------------------------------------
// Promotion channels

fn channel(kind: ChannelKind, name: &str, planned_on: Option<NaiveDate>, tried_on: Option<NaiveDate>) -> NewChannel {
    let status = if tried_on.is_some() { ChannelStatus::Tried } else { ChannelStatus::Planned };
    NewChannel { kind, name: name.into(), status, planned_on, tried_on, notes: String::new() }
}

mod promotion {
    use super::*;

    #[test]
    fn channels_are_added_listed_updated_and_deleted() {
        let (_db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let other = new_group(&mut store, "Thursday Circle").id;
        store.add_channel(other, &channel(ChannelKind::Other, "noticeboard", None, None)).unwrap();

        let site = store
            .add_channel(
                group,
                &NewChannel {
                    notes: "  refresh the photo  ".into(),
                    ..channel(ChannelKind::Website, " site ", Some(day(10)), None)
                },
            )
            .unwrap();
        let radio =
            store.add_channel(group, &channel(ChannelKind::Radio, "Radio Nord", Some(day(5)), Some(day(20)))).unwrap();
        let partner = store.add_channel(group, &channel(ChannelKind::Partner, "Carers UK", None, None)).unwrap();

        let listed = store.channels(group).unwrap();
        assert_eq!(listed.iter().map(|c| c.id).collect::<Vec<_>>(), [radio, site, partner], "latest date first");
        assert_eq!(
            listed[1],
            Channel {
                id: site,
                group,
                kind: ChannelKind::Website,
                name: "site".into(),
                status: ChannelStatus::Planned,
                planned_on: Some(day(10)),
                tried_on: None,
                notes: "refresh the photo".into(),
            }
        );

        let tried = Channel {
            status: ChannelStatus::Tried,
            tried_on: Some(day(30)),
            notes: "two enquiries".into(),
            ..listed[2].clone()
        };
        store.update_channel(&tried).unwrap();
        store.delete_channel(site).unwrap();
        assert_eq!(store.channels(group).unwrap(), [tried.clone(), listed[0].clone()]);
        assert_eq!(store.channels(other).unwrap().len(), 1);
        assert_not_found(store.update_channel(&Channel { id: site, ..tried }), "promotion channel");
    }
}

// ---------------------------------------------------------------------------
// The endings activity

mod endings {
    use super::*;

    struct Circle {
        db: TempDb,
        store: Store,
        group: GroupId,
        people: [MemberId; 4],
    }

    fn circle() -> Circle {
        let (db, mut store) = fresh();
        let group = new_group(&mut store, "Tuesday Circle").id;
        let people = ["Ann", "bea", "Cal", "Dee"].map(|n| active(&mut store, group, n));
        Circle { db, store, group, people }
    }

    fn activity(store: &mut Store, group: GroupId, mode: EndingMode, participants: &[MemberId]) -> Activity {
        let new = NewActivity {
            held_on: day(100),
            mode,
            card_style: CardStyle::Typed,
            chain: false,
            participants: participants.to_vec(),
        };
        store.create_activity(group, &new).unwrap()
    }

    fn entry(position: u32, reader: MemberId, card: CardId, room: Option<u32>) -> DealEntry {
        DealEntry { position, reader: Some(reader), card, room, read_at: None }
    }

    /// One card each, written in the order given.
    fn cards_by(store: &mut Store, activity: ActivityId, authors: &[MemberId]) -> Vec<CardId> {
        authors.iter().map(|a| store.save_card(activity, *a, &format!("card by {a}"), true).unwrap().id).collect()
    }

    /// Partners in rooms of two, reading each other's cards.
    fn paired_deal(people: &[MemberId], cards: &[CardId]) -> (Vec<DealEntry>, Vec<(u32, MemberId)>) {
        let room = |i: usize| Some(i as u32 / 2 + 1);
        let entries = (0..people.len()).map(|i| entry(i as u32, people[i], cards[i ^ 1], room(i))).collect();
        let rooms = people.iter().enumerate().map(|(i, p)| (i as u32 / 2 + 1, *p)).collect();
        (entries, rooms)
    }

    fn history(db: &TempDb, activity: ActivityId) -> Vec<(i64, i64, i64)> {
        let raw = db.raw();
        let mut stmt = raw
            .prepare("SELECT group_id, member_a, member_b FROM pairing_history WHERE activity_id = ?1 ORDER BY 2, 3")
            .unwrap();
        stmt.query_map([activity.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn an_activity_is_created_with_its_participants() {
        let Circle { db: _db, mut store, group, people: [ann, bea, cal, dee] } = circle();
        let other = new_group(&mut store, "Thursday Circle").id;
        let outsider = active(&mut store, other, "Aaron");
        let new = NewActivity {
            held_on: day(100),
            mode: EndingMode::FaceToFace,
            card_style: CardStyle::Paper,
            chain: true,
            participants: vec![dee, outsider, ann, bea, ann],
        };
        let created = store.create_activity(group, &new).unwrap();
        let expected = Activity {
            id: created.id,
            group,
            held_on: day(100),
            mode: EndingMode::FaceToFace,
            card_style: CardStyle::Paper,
            chain: true,
            stage: ActivityStage::Collecting,
            seed: None,
            locked: false,
            position: 0,
            reveal_author: false,
            notice: None,
        };
        assert_eq!(created, expected);
        assert_eq!(store.activity(created.id).unwrap(), expected);
        assert_eq!(store.participants(created.id).unwrap(), [ann, bea, dee], "by name, outsiders left out");

        store.set_participant(created.id, cal, true).unwrap();
        store.set_participant(created.id, dee, false).unwrap();
        assert_eq!(store.participants(created.id).unwrap(), [ann, bea, cal]);

        let later = store.create_activity(group, &NewActivity { held_on: day(200), ..new }).unwrap();
        assert_eq!(store.activities(group).unwrap().iter().map(|a| a.id).collect::<Vec<_>>(), [later.id, created.id]);
    }

    #[test]
    fn cards_are_saved_in_place_and_keep_their_number() {
        let Circle { db, mut store, group, people: [ann, bea, ..] } = circle();
        let act = activity(&mut store, group, EndingMode::FaceToFace, &[ann, bea]).id;

        let first = store.save_card(act, bea, "The first eve", false).unwrap();
        let second = store.save_card(act, ann, "  Hearing everyone\non the last night  ", true).unwrap();
        assert_eq!((first.number, second.number), (1, 2));
        assert_eq!(second.text, "  Hearing everyone\non the last night  ", "card text is kept as typed");

        let rewritten = store.save_card(act, bea, "The first evening 🌱", true).unwrap();
        assert_eq!(
            rewritten,
            Card { text: "The first evening 🌱".into(), sealed: true, ..first.clone() },
            "same id and number"
        );
        assert_eq!(store.cards(act).unwrap(), [rewritten.clone(), second.clone()]);

        assert!(invalid_message(store.save_card(act, bea, " \n ", true)).contains("empty"));
        invalid_message(store.save_card(act, bea, &"x".repeat(circle::domain::text::MAX_NOTE_CHARS + 1), false));
        assert_eq!(store.cards(act).unwrap(), [rewritten, second.clone()], "refused writes change nothing");

        let emptied = store.save_card(act, bea, "", false).unwrap();
        assert_eq!((emptied.number, emptied.sealed, emptied.text.as_str()), (1, false, ""));
        store.delete_card(emptied.id).unwrap();
        assert_eq!(store.cards(act).unwrap(), [second]);
        assert_eq!(db.count("cards", "1"), 1);
    }

    #[test]
    fn a_new_deal_replaces_the_old_and_locking_records_the_pairs() {
        let Circle { db, mut store, group, people } = circle();
        let [ann, bea, cal, dee] = people;
        let act = activity(&mut store, group, EndingMode::Online, &people).id;
        let cards = cards_by(&mut store, act, &people);

        let (first, first_rooms) = paired_deal(&[ann, cal, bea, dee], &[cards[0], cards[2], cards[1], cards[3]]);
        store.store_deal(act, 1, &first, &first_rooms).unwrap();
        store.set_position(act, 3).unwrap();
        let (entries, rooms) = paired_deal(&people, &cards);
        let seed = u64::MAX - 6;
        store.store_deal(act, seed, &entries, &rooms).unwrap();

        assert_eq!(store.deal(act).unwrap(), entries);
        assert_eq!(store.rooms(act).unwrap(), [(1, ann), (1, bea), (2, cal), (2, dee)]);
        let dealt = store.activity(act).unwrap();
        assert_eq!(
            (dealt.seed, dealt.stage, dealt.locked, dealt.position),
            (Some(seed), ActivityStage::Dealing, false, 0)
        );
        assert_eq!(db.count("deal_entries", "1"), 4);
        assert_eq!(db.count("breakout_rooms", "1"), 4);

        store.set_position(act, 2).unwrap();
        store.lock_deal(act, &[(bea, ann), (cal, dee), (cal, cal)]).unwrap();
        let locked = store.activity(act).unwrap();
        assert_eq!((locked.stage, locked.locked, locked.position), (ActivityStage::Reading, true, 0));
        let (g, a, b, c, d) = (group.0, ann.0, bea.0, cal.0, dee.0);
        assert_eq!(history(&db, act), [(g, a, b), (g, c, d)], "each pair once, the smaller id first");

        store.lock_deal(act, &[(dee, ann)]).unwrap();
        assert_eq!(history(&db, act), [(g, a, d)], "locking again replaces the pairs");
    }

    #[test]
    fn previous_pairs_can_leave_out_one_activity() {
        let Circle { db: _db, mut store, group, people: [ann, bea, cal, dee] } = circle();
        let first = activity(&mut store, group, EndingMode::Online, &[ann, bea, cal, dee]).id;
        let second = activity(&mut store, group, EndingMode::Online, &[ann, bea, cal, dee]).id;
        let other = new_group(&mut store, "Thursday Circle").id;
        let theirs = activity(&mut store, other, EndingMode::Online, &[]).id;
        let [x, y] = ["Xan", "Yul"].map(|n| active(&mut store, other, n));
        store.lock_deal(first, &[(bea, ann), (dee, cal)]).unwrap();
        store.lock_deal(second, &[(ann, cal), (ann, bea)]).unwrap();
        store.lock_deal(theirs, &[(x, y)]).unwrap();

        let sorted = |mut pairs: Vec<(MemberId, MemberId)>| {
            pairs.sort();
            pairs
        };
        assert_eq!(sorted(store.previous_pairs(group, None).unwrap()), [(ann, bea), (ann, cal), (cal, dee)]);
        assert_eq!(sorted(store.previous_pairs(group, Some(second)).unwrap()), [(ann, bea), (cal, dee)]);
        assert_eq!(sorted(store.previous_pairs(group, Some(first)).unwrap()), [(ann, bea), (ann, cal)]);
        assert_eq!(store.previous_pairs(other, None).unwrap(), [(x, y)]);
    }

    #[test]
    fn the_reading_state_is_saved_as_it_changes() {
        let Circle { db: _db, mut store, group, people } = circle();
        let act = activity(&mut store, group, EndingMode::FaceToFace, &people).id;
        let cards = cards_by(&mut store, act, &people);
        let entries: Vec<_> = (0..4).map(|i| entry(i as u32, people[i], cards[(i + 1) % 4], None)).collect();
        store.store_deal(act, 42, &entries, &[]).unwrap();
        store.lock_deal(act, &[]).unwrap();

        store.set_stage(act, ActivityStage::Celebrating).unwrap();
        store.set_position(act, 3).unwrap();
        store.set_reveal_author(act, true).unwrap();
        store.set_chain(act, true).unwrap();
        let state = store.activity(act).unwrap();
        assert_eq!(
            (state.stage, state.position, state.reveal_author, state.chain),
            (ActivityStage::Celebrating, 3, true, true)
        );
        store.set_reveal_author(act, false).unwrap();
        store.set_chain(act, false).unwrap();
        let state = store.activity(act).unwrap();
        assert_eq!((state.reveal_author, state.chain), (false, false));
        assert_not_found(store.set_stage(ActivityId(999), ActivityStage::Finished), "activity");
        assert_not_found(store.set_position(ActivityId(999), 1), "activity");

        let read_at = |store: &Store| store.deal(act).unwrap().into_iter().map(|e| e.read_at).collect::<Vec<_>>();
        store.mark_read(act, 1, true).unwrap();
        let stamp = read_at(&store)[1].clone().expect("a read time");
        assert!(stamp.ends_with('Z') && stamp.len() == 20, "{stamp}");
        store.mark_read(act, 1, true).unwrap();
        assert_eq!(read_at(&store), [None, Some(stamp.clone()), None, None], "read again keeps the first time");
        store.mark_read(act, 2, true).unwrap();
        store.mark_read(act, 1, false).unwrap();
        let marks = read_at(&store);
        assert_eq!(
            (marks[0].is_some(), marks[1].is_some(), marks[2].is_some(), marks[3].is_some()),
            (false, false, true, false)
        );
    }
}

// ---------------------------------------------------------------------------
// Settings

#[test]
fn settings_are_set_overwritten_and_kept() {
    let db = temp_db();
    let mut store = db.open();
    assert_eq!(store.setting("last_group").unwrap(), None);
    store.set_setting("last_group", "3").unwrap();
    store.set_setting("theme", "dark").unwrap();
    store.set_setting("last_group", "7").unwrap();
    assert_eq!(store.setting("last_group").unwrap().as_deref(), Some("7"));
    drop(store);
    let store = db.open();
    assert_eq!(store.setting("last_group").unwrap().as_deref(), Some("7"));
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("dark"));
    assert_eq!(db.count("settings", "1"), 2);
}

// ---------------------------------------------------------------------------
// Cascades and erasure

mod erasure {
    use super::*;

    /// Where a member's own rows are, `{id}` standing for their id.
    const MEMBER_ROWS: [(&str, &str); 9] = [
        ("members", "id = {id}"),
        ("member_status_history", "member_id = {id}"),
        ("attendance", "member_id = {id}"),
        ("signups", "member_id = {id}"),
        ("activity_participants", "member_id = {id}"),
        ("cards", "author_id = {id}"),
        ("deal_entries", "reader_id = {id} OR card_id IN (SELECT id FROM cards WHERE author_id = {id})"),
        ("breakout_rooms", "member_id = {id}"),
        ("pairing_history", "{id} IN (member_a, member_b)"),
    ];

    struct Filled {
        people: Vec<MemberId>,
        activity: ActivityId,
    }

    /// A group using every table: each person (name, card text) joins from
    /// the waitlist, takes a turn at a meeting, signs the agreement and writes
    /// a card; the online activity puts them in rooms of two, in the order
    /// given, and locks the deal.
    fn fill_group(store: &mut Store, name: &str, people: &[(&str, &str)]) -> Filled {
        assert_eq!(people.len() % 2, 0, "rooms of two");
        let group = new_group(store, name).id;
        let ids: Vec<MemberId> =
            people.iter().map(|(person, _)| add(store, group, person, MemberStatus::Waitlist, day(0))).collect();
        let meeting = store
            .create_meeting(group, &NewMeeting { held_on: day(14), mode: MeetingMode::Online, minutes: 90 })
            .unwrap();
        let agreement = store.adopt_agreement(group, "## Values\nKindness.", "first", day(7)).unwrap().id;
        store.add_channel(group, &channel(ChannelKind::SocialMedia, "local forum", Some(day(1)), None)).unwrap();
        let new = NewActivity {
            held_on: day(28),
            mode: EndingMode::Online,
            card_style: CardStyle::Typed,
            chain: false,
            participants: ids.clone(),
        };
        let activity = store.create_activity(group, &new).unwrap().id;

        let mut cards = Vec::new();
        for (order, (id, (_, card))) in ids.iter().zip(people).enumerate() {
            store.change_status(*id, MemberStatus::Active, day(7), "a place opened up").unwrap();
            let turn = Attendance {
                meeting: meeting.id,
                member: *id,
                speaking_seconds: Some(300),
                spoke: Some(true),
                passed: Some(false),
                turn_order: Some(order as u32),
            };
            store.record_turn(&turn).unwrap();
            store.sign_agreement(*id, agreement, day(14)).unwrap();
            cards.push(store.save_card(activity, *id, card, true).unwrap().id);
        }
        let room = |i: usize| i as u32 / 2 + 1;
        let entries: Vec<DealEntry> = (0..ids.len())
            .map(|i| DealEntry {
                position: i as u32,
                reader: Some(ids[i]),
                card: cards[i ^ 1],
                room: Some(room(i)),
                read_at: None,
            })
            .collect();
        let rooms: Vec<(u32, MemberId)> = ids.iter().enumerate().map(|(i, id)| (room(i), *id)).collect();
        let pairs: Vec<(MemberId, MemberId)> = ids.chunks(2).map(|pair| (pair[1], pair[0])).collect();
        store.store_deal(activity, 7, &entries, &rooms).unwrap();
        store.lock_deal(activity, &pairs).unwrap();
        store.mark_read(activity, 0, true).unwrap();
        Filled { people: ids, activity }
    }

    const TUESDAY: [(&str, &str); 4] = [
        ("Ann", "Laughing until we cried in week three"),
        ("Bea", "Being listened to without advice"),
        ("Cal", "The night the heating broke and we stayed"),
        ("Dee", "Saying it out loud for the first time"),
    ];
    const THURSDAY: [(&str, &str); 4] = [
        ("Eve", "The walk by the river"),
        ("Fay", "Cake on my birthday"),
        ("Gus", "Finding words for it"),
        ("Hal", "Everyone waiting while I found my breath"),
    ];

    #[test]
    fn forgetting_a_member_erases_them_everywhere_and_nothing_else() {
        const NAME: &str = "Zephyrine-Quortle";
        const CARD: &str = "Our marmalade lighthouse evenings in the annexe";
        let (db, mut store) = fresh();
        let people = [(NAME, CARD), TUESDAY[0], TUESDAY[1], TUESDAY[2]];
        let tuesday = fill_group(&mut store, "Tuesday Circle", &people);
        fill_group(&mut store, "Thursday Circle", &THURSDAY);
        let zeph = tuesday.people[0];
        store.change_status(zeph, MemberStatus::Left, day(30), "moving to Zephyrine-Quortle's new town").unwrap();

        let rows = |id: MemberId| -> Vec<(i64, i64)> {
            MEMBER_ROWS
                .iter()
                .map(|(table, condition)| {
                    (db.count(table, "1"), db.count(table, &condition.replace("{id}", &id.to_string())))
                })
                .collect()
        };
        let before = rows(zeph);
        for ((table, _), (_, theirs)) in MEMBER_ROWS.iter().zip(&before) {
            assert!(*theirs > 0, "the test should give them rows in {table}");
        }
        assert!(!db.files_containing(NAME).is_empty() && !db.files_containing(CARD).is_empty());

        // What forgetting does in the store: the delete, whose cascades
        // take every row of theirs, then the file compacted.
        store.delete_member(zeph).unwrap();
        store.compact().unwrap();

        assert_eq!(db.files_containing(NAME), Vec::<PathBuf>::new(), "the name is gone from every file");
        assert_eq!(db.files_containing(CARD), Vec::<PathBuf>::new(), "the card is gone from every file");
        let after = rows(zeph);
        for (((table, _), (total, theirs)), (left, still_theirs)) in MEMBER_ROWS.iter().zip(&before).zip(&after) {
            assert_eq!((*left, *still_theirs), (total - theirs, 0), "{table}: only their rows go");
        }
        assert_not_found(store.member(zeph), "member");
        assert_eq!(store.status_history(zeph).unwrap(), []);
        assert_not_found(store.delete_member(zeph), "member");
        assert_eq!(names_of(&store, &store.participants(tuesday.activity).unwrap()), ["Ann", "Bea", "Cal"]);
        assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
    }
}

/// A database written by schema version 1 (kept in `tests/fixtures`) opens
/// in this build, upgraded to the latest schema with nothing lost. Each new
/// migration keeps this test and adds a fixture of its own version.
#[test]
fn a_version_one_database_upgrades_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v1.db"), &path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), circle::store::SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());

    let group = store.group_by_name("Thursday Circle").unwrap().expect("the group survived");
    let members = store.all_members(group.id).unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.fields.name.as_str()).collect();
    assert_eq!(names, ["Ann", "Bo", "Cy", "Dee"]);
    assert_eq!(members[0].fields.pronouns, "she/her");
    assert_eq!(members[2].status, MemberStatus::Waitlist);

    let meetings = store.meetings(group.id, 0, 10).unwrap();
    assert_eq!(meetings.len(), 1);
    let attendance = store.attendance(meetings[0].id).unwrap();
    assert_eq!(attendance.len(), 3);
    assert_eq!(attendance[0].speaking_seconds, Some(300));
    assert_eq!(attendance.iter().filter(|a| a.passed == Some(true)).count(), 1);

    let activity = store.activities(group.id).unwrap().remove(0);
    assert_eq!(activity.stage, ActivityStage::Reading);
    assert_eq!(activity.seed, Some(42));
    let cards = store.cards(activity.id).unwrap();
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0].text, "The first evening we all laughed.");
    let deal = store.deal(activity.id).unwrap();
    assert_eq!(deal.len(), 3);
    assert!(deal[0].read_at.is_some() && deal[1].read_at.is_none());

    let agreement = store.current_agreement(group.id).unwrap().expect("the agreement survived");
    assert_eq!(agreement.body, "## Purpose\nWe meet to support each other.\n");
}

/// A database written by schema version 6 (kept in `tests/fixtures`) gains
/// the folded names the search reads, one for every member.
#[test]
fn a_version_six_database_upgrades_with_every_name_folded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("six.db");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-v6.db"), &path).unwrap();
    let before: i64 =
        rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(before, 6);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.integrity_check().unwrap().is_empty());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn.prepare("SELECT name, name_folded FROM members ORDER BY id").unwrap();
    let rows: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap();
    assert_eq!(
        rows,
        [
            ("Zoë Adams".to_string(), "zoe adams".to_string()),
            ("SØREN Berg".into(), "soren berg".into()),
            ("Đức Nguyễn".into(), "duc nguyen".into()),
            ("Ann Lee".into(), "ann lee".into()),
        ]
    );
    let group = store.group_by_name("Thursday Circle").unwrap().expect("the group survived");
    let query = circle::domain::roster::RosterQuery { search: "DUC".into(), ..Default::default() };
    let found = store.roster_page(group.id, &query, 0, 10).unwrap();
    assert_eq!(found.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Đức Nguyễn"]);
}

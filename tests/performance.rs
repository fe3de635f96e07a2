//! What keeps the console quick on years of history: every screen query
//! uses an index, the member figures the roster sorts by, kept by
//! triggers, always equal a computation from scratch, and so do the folded
//! names a search compares.

use chrono::NaiveDate;
use circle::domain::members_csv::ImportRow;
use circle::domain::roster::RosterQuery;
use circle::domain::text::fold;
use circle::domain::{GroupId, MeetingMode, MemberFields, MemberId, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::Store;
use proptest::prelude::*;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n)
}

/// The statements the screens really run, noted as they run on the demo
/// group (not copies of them): none reads a whole table of members,
/// meetings or attendance. Size health's reading included.
#[test]
fn every_statement_a_screen_runs_uses_an_index() {
    use circle::domain::RosterSort;
    use circle::usecase::Circle;
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let mut circle = Circle::open(&dir.path().join("demo.db")).unwrap();
    circle.fill_demo(today).unwrap();
    let group = circle.remembered_group().unwrap().expect("the demo has a group");
    circle.store().note_statements();
    Store::noted_statements();

    for sort in RosterSort::ALL {
        for query in [
            RosterQuery { hide_left: true, sort, ..RosterQuery::default() },
            RosterQuery { status: Some(MemberStatus::Waitlist), sort, ..RosterQuery::default() },
            RosterQuery { hide_left: true, search: "ala".into(), sort, ..RosterQuery::default() },
        ] {
            circle.roster_page(group, &query, 0, 40).unwrap();
            circle.roster_count(group, &query).unwrap();
        }
    }
    circle.size_report(group, today).unwrap();
    circle.round_running(group).unwrap();
    circle.agreement_overview(group).unwrap();
    for meeting in circle.past_meetings(group, 30).unwrap() {
        circle.register(meeting.id).unwrap();
        circle.meeting_contents(group, meeting.held_on).unwrap();
    }
    // The list of meetings, and a register for a day not yet kept.
    circle.meeting_summaries(group).unwrap();
    let new = circle::domain::NewMeeting { held_on: today, mode: circle::domain::MeetingMode::Online, minutes: 60 };
    let of = circle.register_for_day(group, &new, today).unwrap();
    circle.register_sheet(&of).unwrap();
    circle.activities(group).unwrap();
    circle.channels(group).unwrap();

    let statements = Store::noted_statements();
    let (mut planned, mut searched) = (0, 0);
    let mut seen = std::collections::HashSet::new();
    for sql in statements {
        let shape = sql.trim_start().to_uppercase();
        if !(shape.starts_with("SELECT") || shape.starts_with("WITH")) || !seen.insert(sql.clone()) {
            continue;
        }
        let plan = circle.store().plan_of(&sql).unwrap();
        planned += 1;
        // A search keystroke (by name, and its count) compares the stored
        // folded names in the index, without reading each member's row.
        let by_name = sql.contains("ORDER BY m.name COLLATE NOCASE") || sql.contains("count(*)");
        if sql.contains("instr(") && sql.contains("'ala'") && by_name {
            searched += 1;
            assert!(plan.contains("COVERING INDEX members_by_name"), "a search reads whole rows:\n{sql}\n{plan}");
        }
        for line in plan.lines() {
            let full_scan = line.starts_with("SCAN") && !line.contains("USING") && !line.contains("CONSTANT ROW");
            let table = line.split_whitespace().nth(1).unwrap_or("");
            let big = ["members", "meetings", "attendance", "member_status_history", "signups", "member_stats"]
                .contains(&table);
            assert!(!(full_scan && big), "a screen reads a whole table:\n{sql}\n{plan}");
        }
    }
    assert!(planned > 20, "the screens' statements were not noted ({planned})");
    assert!(searched > 0, "no search was noted");
}

#[derive(Debug, Clone)]
enum Step {
    Meeting(u8),
    Present(u8, u8),
    Absent(u8, u8),
    Status(u8, u8),
    Forget(u8),
    MoveMeeting(u8, u8),
    DeleteMeeting(u8),
    /// Another program moves a mark to someone else (as a merge of two
    /// records would).
    MoveMark(u8, u8, u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..60).prop_map(Step::Meeting),
        (0u8..8, 0u8..20).prop_map(|(m, p)| Step::Present(m, p)),
        (0u8..8, 0u8..20).prop_map(|(m, p)| Step::Absent(m, p)),
        (0u8..8, 0u8..5).prop_map(|(m, s)| Step::Status(m, s)),
        (0u8..8).prop_map(Step::Forget),
        (0u8..20, 0u8..60).prop_map(|(m, d)| Step::MoveMeeting(m, d)),
        (0u8..20).prop_map(Step::DeleteMeeting),
        (0u8..20, 0u8..8, 0u8..8).prop_map(|(p, from, to)| Step::MoveMark(p, from, to)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// After any sequence of register edits, status changes, meetings added,
    /// moved or removed and erasures, the kept figures equal fresh ones.
    #[test]
    fn kept_figures_equal_a_fresh_computation(steps in proptest::collection::vec(step(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db")).unwrap();
        store.relax_durability_for_bulk_load().unwrap();
        let other = rusqlite::Connection::open(dir.path().join("f.db")).unwrap();
        let g = store.create_group(&NewGroup { name: "G".into(), focus: String::new(), openness: Openness::Open }, day(0)).unwrap().id;
        let mut members: Vec<_> = (0..8)
            .map(|i| {
                let fields = MemberFields { joined: Some(day(u64::from(i as u8) * 3)), ..MemberFields::named(&format!("P{i}")) };
                store.add_member(g, &fields, MemberStatus::Active, day(0)).unwrap().id
            })
            .collect();
        let mut meetings = Vec::new();
        for s in steps {
            match s {
                Step::Meeting(d) => {
                    let on = day(u64::from(d) * 2);
                    if store.meeting_on(g, on).unwrap().is_none() {
                        meetings.push(store.create_meeting(g, &NewMeeting { held_on: on, mode: MeetingMode::Online, minutes: 60 }).unwrap());
                    }
                }
                Step::Present(m, p) | Step::Absent(m, p) => {
                    if let (Some(member), Some(meeting)) = (members.get(m as usize), meetings.get(p as usize)) {
                        let present = matches!(s, Step::Present(..));
                        store.set_present(meeting.id, *member, present).unwrap();
                    }
                }
                Step::Status(m, st) => {
                    if let Some(member) = members.get(m as usize) {
                        let since = store.status_history(*member).unwrap().last().map(|c| c.changed_on).unwrap_or(day(0));
                        let _ = store.change_status(*member, MemberStatus::ALL[st as usize], since + chrono::Days::new(1), "");
                    }
                }
                Step::Forget(m) => {
                    if (m as usize) < members.len() {
                        let id = members.remove(m as usize);
                        store.delete_member(id).unwrap();
                    }
                }
                Step::MoveMeeting(i, d) => {
                    if let Some(meeting) = meetings.get_mut(i as usize) {
                        let on = day(u64::from(d) * 2 + 1);
                        if store.meeting_on(g, on).unwrap().is_none() {
                            meeting.held_on = on;
                            store.update_meeting(meeting).unwrap();
                        }
                    }
                }
                Step::DeleteMeeting(i) => {
                    if (i as usize) < meetings.len() {
                        let m = meetings.remove(i as usize);
                        store.delete_meeting(m.id).unwrap();
                    }
                }
                Step::MoveMark(p, from, to) => {
                    if let (Some(meeting), Some(from), Some(to)) =
                        (meetings.get(p as usize), members.get(from as usize), members.get(to as usize))
                    {
                        other
                            .execute(
                                "UPDATE OR IGNORE attendance SET member_id = ?3 WHERE meeting_id = ?1 AND member_id = ?2",
                                [meeting.id.0, from.0, to.0],
                            )
                            .unwrap();
                    }
                }
            }
            prop_assert_eq!(store.stale_member_stats().unwrap(), 0, "after {:?}", s);
        }
    }
}

/// What one write costs SQLite, in steps of its virtual machine (the
/// triggers' steps included): a count, not a time, so the comparison below
/// does not depend on how busy the machine is.
fn steps(path: &std::path::Path, sql: &str) -> i32 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.execute([]).unwrap();
    stmt.get_status(rusqlite::StatementStatus::VmStep)
}

/// The writes of a meeting, on a group whose two members came to `history`
/// meetings before it: each write's cost in steps.
fn write_costs(history: u64) -> [i32; 5] {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let mut store = Store::open(&path).unwrap();
    store.relax_durability_for_bulk_load().unwrap();
    let g = store
        .create_group(&NewGroup { name: "G".into(), focus: String::new(), openness: Openness::Open }, day(0))
        .unwrap()
        .id;
    let people: Vec<MemberId> = ["Ana", "Ben"]
        .iter()
        .map(|n| {
            let fields = MemberFields { joined: Some(day(0)), ..MemberFields::named(n) };
            store.add_member(g, &fields, MemberStatus::Active, day(0)).unwrap().id
        })
        .collect();
    for i in 0..history {
        let m = store
            .create_meeting(g, &NewMeeting { held_on: day(1 + i), mode: MeetingMode::Online, minutes: 60 })
            .unwrap();
        for p in &people {
            store.set_present(m.id, *p, true).unwrap();
        }
    }
    let today = store
        .create_meeting(g, &NewMeeting { held_on: day(history + 1), mode: MeetingMode::Online, minutes: 60 })
        .unwrap();
    drop(store);
    let (m, p) = (today.id.0, people[0].0);
    let costs = [
        steps(&path, &format!("INSERT INTO attendance (meeting_id, member_id) VALUES ({m}, {p})")),
        steps(&path, &format!("DELETE FROM attendance WHERE meeting_id = {m} AND member_id = {p}")),
        steps(&path, &format!("UPDATE members SET status = 'on_break', status_since = '2030-01-01' WHERE id = {p}")),
        steps(&path, &format!("UPDATE meetings SET held_on = '2030-01-02' WHERE id = {m}")),
        steps(&path, &format!("DELETE FROM meetings WHERE id = {m}")),
    ];
    let store = Store::open(&path).unwrap();
    assert_eq!(store.stale_member_stats().unwrap(), 0, "after {history} meetings");
    costs
}

/// A mark in the register, a change of status and a meeting moved or
/// removed cost the same after 400 meetings as after 20: the kept figures
/// never read a member's whole history.
#[test]
fn a_write_costs_the_same_after_years_of_meetings() {
    let (short, long) = (write_costs(20), write_costs(400));
    let writes = ["a mark", "a mark taken away", "a change of status", "a meeting moved", "a meeting removed"];
    for ((write, short), long) in writes.iter().zip(short).zip(long) {
        assert!(long <= short + short / 10 + 20, "{write} costs {short} steps after 20 meetings, {long} after 400");
    }
}

/// The same seed writes the same data, whatever day it is.
#[test]
fn the_scale_generator_is_deterministic() {
    let dump = |seed: u64| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let scale = circle::store::Scale { groups: 3, stress_members: 60, stress_meetings: 20, per_meeting: 25 };
        store.fill_scaled(seed, scale).unwrap();
        drop(store);
        let conn = rusqlite::Connection::open(dir.path().join("s.db")).unwrap();
        let mut out = String::new();
        for table in [
            "groups",
            "members",
            "meetings",
            "attendance",
            "agreement_versions",
            "signups",
            "cards",
            "deal_entries",
            "member_stats",
        ] {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            out.push_str(&format!("{table}:{}\n", rows.join("\n")));
        }
        out
    };
    let first = dump(7);
    assert_eq!(first, dump(7));
    assert_ne!(first, dump(8), "another seed, other data");
    assert!(first.contains("Stress Circle"));
}

/// The folded names in the file, beside a fresh fold of each name.
fn folded_names(path: &std::path::Path) -> Vec<(String, Option<String>, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT name, name_folded FROM members ORDER BY id").unwrap();
    stmt.query_map([], |r| {
        let name: String = r.get(0)?;
        Ok((fold(&name), r.get(1)?, name))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn search(store: &Store, group: GroupId, text: &str) -> Vec<MemberId> {
    let query = RosterQuery { search: text.into(), ..RosterQuery::default() };
    let mut ids: Vec<MemberId> = store.roster_page(group, &query, 0, 10_000).unwrap().iter().map(|r| r.id).collect();
    ids.sort();
    ids
}

#[derive(Debug, Clone)]
enum NameStep {
    Add(String),
    Rename(u8, String),
    Import(Vec<String>),
}

/// Names in several scripts, with accents (precomposed and combining),
/// strokes, ligatures and case that the search folds away.
fn a_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ÀÉÎÕÜàéîõüßĐđŁłØøİıΣσςЖж'-]{1,14}",
        Just("Zoë".to_string()),
        Just("ZOË".to_string()),
        Just("Søren".to_string()),
        Just("Đức Nguyễn".to_string()),
        Just("E\u{301}lodie".to_string()),
        Just("ﬁona".to_string()),
    ]
    .prop_filter("a name has something besides spaces", |n| !n.trim().is_empty())
}

fn name_step() -> impl Strategy<Value = NameStep> {
    prop_oneof![
        a_name().prop_map(NameStep::Add),
        (0u8..12, a_name()).prop_map(|(i, n)| NameStep::Rename(i, n)),
        proptest::collection::vec(a_name(), 1..4).prop_map(NameStep::Import),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever names are added, edited or imported (from CSV, or a whole
    /// export into a new file), each stored folded name is the fold of the
    /// name, and a search finds exactly the names whose fold holds it.
    #[test]
    fn stored_folded_names_equal_a_fresh_fold(
        steps in proptest::collection::vec(name_step(), 1..25),
        typed in "[a-zA-Zéøđ ]{0,3}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.db");
        let mut store = Store::open(&path).unwrap();
        store.relax_durability_for_bulk_load().unwrap();
        let g = store.create_group(&NewGroup { name: "G".into(), focus: String::new(), openness: Openness::Open }, day(0)).unwrap().id;
        let mut ids = Vec::new();
        for step in &steps {
            match step {
                NameStep::Add(name) => {
                    ids.push(store.add_member(g, &MemberFields::named(name), MemberStatus::Active, day(0)).unwrap().id);
                }
                NameStep::Rename(i, name) => {
                    if let Some(id) = ids.get(*i as usize) {
                        let fields = MemberFields { name: name.clone(), ..store.member(*id).unwrap().fields };
                        store.update_member(*id, &fields).unwrap();
                    }
                }
                NameStep::Import(names) => {
                    let rows: Vec<ImportRow> = names
                        .iter()
                        .enumerate()
                        .map(|(i, n)| ImportRow { line: i as u64 + 2, fields: MemberFields::named(n), status: MemberStatus::Active })
                        .collect();
                    store.import_members(g, &rows, day(0)).unwrap();
                    ids = store.all_members(g).unwrap().iter().map(|m| m.id).collect();
                }
            }
            for (fresh, stored, name) in folded_names(&path) {
                prop_assert_eq!(stored.as_ref(), Some(&fresh), "{:?} after {:?}", name, step);
            }
        }
        let wanted: Vec<MemberId> = {
            let typed = fold(typed.trim());
            let mut found: Vec<MemberId> = store
                .all_members(g)
                .unwrap()
                .iter()
                .filter(|m| fold(&m.fields.name).contains(&typed))
                .map(|m| m.id)
                .collect();
            found.sort();
            found
        };
        prop_assert_eq!(search(&store, g, &typed), wanted);

        let records = store.group_records(&[g]).unwrap();
        let copy = dir.path().join("copy.db");
        Store::open(&copy).unwrap().fill_empty(&records).unwrap();
        for (fresh, stored, name) in folded_names(&copy) {
            prop_assert_eq!(stored.as_ref(), Some(&fresh), "{:?} after import-all", name);
        }
    }
}

/// Another program renaming someone cannot fold the new name; the old
/// folded name is dropped, and the search folds the name as it reads it.
#[test]
fn a_name_changed_by_another_program_is_found_by_its_new_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.db");
    let mut store = Store::open(&path).unwrap();
    let g = store
        .create_group(&NewGroup { name: "G".into(), focus: String::new(), openness: Openness::Open }, day(0))
        .unwrap()
        .id;
    let ann = store.add_member(g, &MemberFields::named("Ann"), MemberStatus::Active, day(0)).unwrap().id;
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute("UPDATE members SET name = 'Zoë' WHERE id = ?1", [ann.0]).unwrap();
    other
        .execute("INSERT INTO members (group_id, name, status_since) VALUES (?1, 'SØREN', '2026-01-01')", [g.0])
        .unwrap();
    let soren = MemberId(other.last_insert_rowid());
    assert_eq!(folded_names(&path).iter().map(|(_, stored, _)| stored.clone()).collect::<Vec<_>>(), [None, None]);
    assert_eq!(search(&store, g, "zoe"), [ann]);
    assert_eq!(search(&store, g, "ann"), []);
    assert_eq!(search(&store, g, "soren"), [soren]);
}

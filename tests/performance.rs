//! What keeps the console quick on years of history: every screen query
//! uses an index, and the member figures the roster sorts by, kept by
//! triggers, always equal a computation from scratch.

use chrono::NaiveDate;
use circle::domain::{MeetingMode, MemberFields, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::store::Store;
use proptest::prelude::*;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n)
}

#[test]
fn every_screen_query_uses_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.db")).unwrap();
    let g = store
        .create_group(&NewGroup { name: "G".into(), focus: String::new(), openness: Openness::Open }, day(0))
        .unwrap();
    for (name, plan) in store.screen_query_plans(g.id).unwrap() {
        for line in plan.lines() {
            let full_scan = line.starts_with("SCAN") && !line.contains("USING") && !line.contains("CONSTANT ROW");
            let big = ["members", "meetings", "attendance", " m", " s", " a", " mt", " r"]
                .iter()
                .any(|t| line.trim_end().ends_with(t) || line.contains(&format!("{t} ")));
            assert!(!(full_scan && big), "{name} scans a whole table:\n{plan}");
        }
    }
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
            }
            prop_assert_eq!(store.stale_member_stats().unwrap(), 0, "after {:?}", s);
        }
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

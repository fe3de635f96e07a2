//! The size health pane and `circle report`: the four states and an
//! overdue review as snapshots, the pane and the report agreeing on the
//! same database, and the promotion checklist kept by keyboard.

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::{
    ChannelKind, ChannelStatus, GroupSettings, GroupStatus, MeetingMode, MemberFields, MemberStatus, NewChannel,
    NewGroup, NewMeeting, Openness,
};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

/// A group with `active` members, who come `present` at a time to eight
/// weekly meetings; workable from 4 to 10; reviewed `reviewed_days` ago.
fn group(active: usize, present: usize, reviewed_days: i64) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let start = day() - chrono::Duration::days(400);
    let group = store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, start)
        .unwrap();
    let settings = GroupSettings {
        status: GroupStatus::Active,
        meeting_minutes: 70,
        opening_closing_minutes: 20,
        min_speaking_minutes: 5,
        min_size: 4,
        review_interval_days: 90,
        last_review: Some(day() - chrono::Duration::days(reviewed_days)),
        purpose: "A calm space for carers to share how things are.".into(),
        ..GroupSettings::default()
    };
    store.update_group_settings(group.id, &settings).unwrap();
    let ids: Vec<_> = (0..active)
        .map(|i| {
            let fields = MemberFields { joined: Some(start), ..MemberFields::named(&format!("Member {i:02}")) };
            store.add_member(group.id, &fields, MemberStatus::Active, start).unwrap().id
        })
        .collect();
    store
        .add_member(
            group.id,
            &MemberFields::named("Waiting Wren"),
            MemberStatus::Waitlist,
            day() - chrono::Duration::days(30),
        )
        .unwrap();
    for week in 0..8 {
        let held_on = day() - chrono::Duration::days(7 * (8 - week));
        let meeting =
            store.create_meeting(group.id, &NewMeeting { held_on, mode: MeetingMode::InPerson, minutes: 70 }).unwrap();
        for id in ids.iter().take(present) {
            store.set_present(meeting.id, *id, true).unwrap();
        }
    }
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Size));
    (dir, app)
}

#[test]
fn each_state_and_an_overdue_review() {
    for (name, active, present, reviewed, words) in [
        ("too_small", 3, 3, 10, "smaller than it needs to be"),
        ("healthy", 7, 6, 10, "good size"),
        ("near_the_top", 10, 9, 10, "nearly full"),
        ("too_big", 14, 12, 10, "grown past"),
        ("review_overdue", 7, 6, 200, "review due"),
    ] {
        let (_dir, mut app) = group(active, present, reviewed);
        let screen = render(&mut app, 80, 24);
        assert!(screen.to_lowercase().contains(words), "{name}: {screen}");
        insta::assert_snapshot!(format!("size_{name}_80x24"), screen);
        insta::assert_snapshot!(format!("size_{name}_60x20"), render(&mut app, 60, 20));
    }
}

#[test]
fn a_group_with_no_meetings_and_no_one_shows_sensible_figures() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("e.db")).unwrap();
    store
        .create_group(&NewGroup { name: "New".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    let mut app = App::new(Circle::new(store), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Size));
    for (w, h) in [(80, 24), (60, 20), (40, 12)] {
        let screen = render(&mut app, w, h);
        assert!(screen.contains("0 active"), "{screen}");
    }
}

/// `circle report` prints the same numbers as the pane, on the demo data.
#[test]
fn the_report_and_the_pane_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let today = circle::store::today();
    let mut store = Store::open(&path).unwrap();
    circle::demo::fill(&mut store, today).unwrap();
    let group = store.groups().unwrap().into_iter().find(|g| g.name == "Riverside Wellbeing Circle").unwrap();
    drop(store);
    let out = Command::cargo_bin("circle")
        .unwrap()
        .args(["--db", path.to_str().unwrap(), "report", "--group", &group.name, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let active = json["active"].as_u64().unwrap();
    let expected = json["expected"]["people"].as_u64().unwrap();

    let mut app = App::new(Circle::open(&path).unwrap(), today, Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Size));
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains(&format!("{active} active · about {expected} come")), "{screen}");

    let text = Command::cargo_bin("circle")
        .unwrap()
        .args(["--db", path.to_str().unwrap(), "report", "--group", &group.name])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(&format!("Active members: {active}.")), "{text}");
    assert!(!text.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)), "no box drawing in the report");
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The promotion checklist and the review, by keyboard.
#[test]
fn the_checklist_and_the_review_by_keyboard() {
    let (dir, mut app) = group(3, 3, 200);
    assert!(render(&mut app, 80, 24).contains("review due"));
    app.update(Action::Promotion);
    app.update(Action::AddChannel);
    key(&mut app, KeyCode::Tab);
    for c in "Riverside community radio".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none(), "{}", render(&mut app, 80, 24));
    app.update(Action::ChannelDone);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("[x]") && screen.contains("Riverside community radio"), "{screen}");
    app.update(Action::Back);
    app.update(Action::Reviewed);
    assert!(!render(&mut app, 80, 24).contains("review due"));

    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let group = store.groups().unwrap().remove(0);
    let channels = store.channels(group.id).unwrap();
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0].status, ChannelStatus::Tried);
    assert_eq!(channels[0].tried_on, Some(day()));
    assert_eq!(group.settings.last_review, Some(day()));
}

/// The purpose statement is written in a multi-line editor; leaving with
/// changes asks first.
#[test]
fn the_purpose_is_edited_on_several_lines() {
    let (dir, mut app) = group(7, 6, 10);
    app.update(Action::EditPurpose);
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Enter);
    for c in "Everyone is welcome.".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_some(), "the first Esc with changes asks");
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    assert!(app.modal.is_none());
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let purpose = store.groups().unwrap().remove(0).settings.purpose;
    assert_eq!(purpose, "A calm space for carers to share how things are.\nEveryone is welcome.");
}

#[test]
fn after_end_one_key_up_moves_one_line_and_extra_downs_do_not_pile_up() {
    let (_dir, mut app) = group(14, 12, 200);
    let top = render(&mut app, 80, 16);
    app.update(Action::Bottom);
    let bottom = render(&mut app, 80, 16);
    assert_ne!(top, bottom, "the details are longer than the window");
    app.update(Action::Up);
    let one_up = render(&mut app, 80, 16);
    assert_ne!(one_up, bottom, "one Up after End moves");
    for _ in 0..5 {
        app.update(Action::Down);
    }
    assert_eq!(render(&mut app, 80, 16), bottom, "Down stops at the end");
    app.update(Action::Up);
    assert_eq!(render(&mut app, 80, 16), one_up, "and the extra presses were not counted");
}

/// Marking a channel done or not moves it in the list (it is sorted by
/// date); the cursor goes with it, so a second press undoes the first
/// instead of changing another channel.
#[test]
fn the_cursor_follows_a_channel_it_marks() {
    let (dir, mut app) = group(3, 3, 10);
    let ago = |days| Some(day() - chrono::Duration::days(days));
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let group_id = store.groups().unwrap().remove(0).id;
    for (name, status, planned_on, tried_on) in [
        ("Local radio", ChannelStatus::Tried, ago(20), ago(3)),
        ("Library noticeboard", ChannelStatus::Planned, ago(5), None),
    ] {
        let new = NewChannel {
            kind: ChannelKind::Other,
            name: name.into(),
            status,
            planned_on,
            tried_on,
            notes: String::new(),
        };
        store.add_channel(group_id, &new).unwrap();
    }
    drop(store);
    app.update(Action::Promotion);
    app.update(Action::Top);
    let first = render(&mut app, 80, 24);
    assert!(first.find("Local radio") < first.find("Library noticeboard"), "{first}");
    app.update(Action::ChannelDone);
    app.update(Action::ChannelDone);
    let store = Store::open(&path).unwrap();
    let statuses: Vec<_> = store.channels(group_id).unwrap().into_iter().map(|c| (c.name, c.status)).collect();
    let library = statuses.iter().find(|(name, _)| name == "Library noticeboard").unwrap();
    assert_eq!(library.1, ChannelStatus::Planned, "the other channel was not touched: {statuses:?}");
}

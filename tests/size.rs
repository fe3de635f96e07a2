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
    group_with(active, &[present; 8], reviewed_days)
}

/// [`group`], with how many come to each weekly meeting, oldest first.
fn group_with(active: usize, weeks: &[usize], reviewed_days: i64) -> (tempfile::TempDir, App) {
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
    for (week, present) in weeks.iter().enumerate() {
        let held_on = day() - chrono::Duration::days(7 * (weeks.len() - week) as i64);
        let meeting =
            store.create_meeting(group.id, &NewMeeting { held_on, mode: MeetingMode::InPerson, minutes: 70 }).unwrap();
        for id in ids.iter().take(*present) {
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

    // Who may like an invitation: the same people, by name, in both; and
    // nobody's minutes in either unless asked for.
    let invited: Vec<String> =
        json["invite"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
    assert!(!invited.is_empty(), "the demo has someone to invite: {json}");
    assert_eq!(json["invite_count"].as_u64().unwrap() as usize, invited.len());
    assert!(json.get("speaking").is_none(), "no one's minutes in the JSON unless asked");
    let tall = render(&mut app, 100, 80);
    let line = |screen: &str| screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(line(&tall).contains(&format!("{}: much less than the group's minimum", invited.join(", "))), "{tall}");
    assert!(line(&text).contains(&format!("{}: much less than the group's minimum", invited.join(", "))), "{text}");
    for words in [&tall, &text] {
        assert!(!words.contains(" a round") && !words.contains("Time each person had"), "{words}");
    }

    let report = |extra: &[&str]| {
        let out = Command::cargo_bin("circle")
            .unwrap()
            .args(["--db", path.to_str().unwrap(), "report", "--group", &group.name])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let asked = report(&["--speaking-times"]);
    assert!(asked.contains("Time each person had in the last"), "{asked}");
    let shared = report(&["--share"]);
    let members = Store::open(&path).unwrap().all_members(group.id).unwrap();
    let words: Vec<&str> = shared.split(|c: char| !c.is_alphabetic()).collect();
    for m in &members {
        assert!(!words.contains(&m.fields.name.as_str()), "{} named in a report to share:\n{shared}", m.fields.name);
    }
    assert!(shared.contains("(names left out)"), "{shared}");
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

/// The purpose statement is written in a multi-line editor, saved as it is
/// typed; Ctrl-S closes it.
#[test]
fn the_purpose_is_edited_on_several_lines() {
    let (dir, mut app) = group(7, 6, 10);
    app.update(Action::EditPurpose);
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Enter);
    for c in "Everyone is welcome.".chars() {
        key(&mut app, KeyCode::Char(c));
    }
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

/// The chart's bars are drawn over its limit lines, so a meeting above the
/// smallest size never looks below it, and a meeting nobody came to has
/// no bar at all.
#[test]
fn the_chart_draws_bars_over_the_limits_and_none_for_an_empty_meeting() {
    let (_dir, mut app) = group_with(8, &[5, 5, 5, 0, 5, 5, 5, 5], 10);
    let screen = render(&mut app, 80, 24);
    // The chart's rows: those with its axis.
    let rows: Vec<Vec<char>> = screen.lines().filter(|l| l.contains('│')).map(|l| l.chars().collect()).collect();
    let is_bar = |c: char| matches!(c, '█' | '▄' | '▀');
    let bar_columns: std::collections::BTreeSet<usize> =
        rows.iter().flat_map(|r| r.iter().enumerate().filter(|(_, c)| is_bar(**c)).map(|(i, _)| i)).collect();
    assert_eq!(bar_columns.len(), 7, "one bar for each meeting someone came to:\n{screen}");
    // Under the top of a bar, nothing but the bar.
    for col in &bar_columns {
        let column: Vec<char> = rows.iter().map(|r| r.get(*col).copied().unwrap_or(' ')).collect();
        let top = column.iter().position(|c| is_bar(*c)).unwrap();
        assert!(column[top..].iter().all(|c| is_bar(*c)), "a limit drawn over a bar:\n{screen}");
    }
}

/// A visitor named at the register is a visitor in the report, and the
/// pane's figures say each time in one unit.
#[test]
fn a_named_visitor_is_counted_as_a_visitor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut circle = Circle::open(&path).unwrap();
    let group = circle
        .create_group(&NewGroup { name: "V".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap()
        .id;
    let meeting = match circle
        .open_meeting(group, &NewMeeting { held_on: day(), mode: MeetingMode::InPerson, minutes: 90 })
        .unwrap()
    {
        circle::usecase::register::MeetingOpened::Created(m)
        | circle::usecase::register::MeetingOpened::AlreadyThere(m) => m.id,
    };
    circle.add_visitor(meeting, "Robin", day()).unwrap();
    circle.add_visitor(meeting, "", day()).unwrap();
    let report = circle.size_report(group, day()).unwrap();
    let last = report.attendance.last().unwrap();
    assert_eq!((last.members, last.visitors, last.total), (0, 2, 2));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["attendance"][0]["visitors"], 2);
}

/// Wren has waited 30 days in an open group of a good size with room: the
/// advice says so before anything else, on the pane and in the report.
#[test]
fn someone_waiting_in_a_good_size_group_with_room_is_said_first() {
    let (dir, mut app) = group(7, 6, 10);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("good size"), "{screen}");
    assert!(screen.contains("Someone is waiting, and there is room"), "{screen}");
    assert!(screen.contains("1 person is on the waitlist, the longest for 30 days"), "{screen}");
    let out = Command::cargo_bin("circle")
        .unwrap()
        .args(["--db", dir.path().join("s.db").to_str().unwrap(), "report", "--group", "Circle"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let advice = text.split("\n\n").find(|p| p.contains("Someone is waiting")).unwrap_or_default();
    assert!(advice.starts_with("Someone is waiting, and there is room\n1. 1 person is on the waitlist"), "{text}");
}

/// Near the top of the range there is no time left over: the report says
/// so, and the settings say what the range assumes and where a break goes.
#[test]
fn the_top_of_the_range_says_it_leaves_nothing_for_a_break() {
    let (dir, mut app) = group(10, 9, 10);
    let out = Command::cargo_bin("circle")
        .unwrap()
        .args(["--db", dir.path().join("s.db").to_str().unwrap(), "report", "--group", "Circle"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("At the top of the range, every one of the 50 minutes"), "{text}");
    assert!(text.contains("If the group takes a break, count it in the time kept"), "{text}");
    assert!(text.contains("Workable range: 4 to 10 people. The largest gives every one of the 50 minutes"), "{text}");

    app.update(Action::Groups);
    key(&mut app, KeyCode::Char('e'));
    let form = render(&mut app, 80, 24);
    assert!(form.contains("Open, breaks, close"), "{form}");
    assert!(form.contains("The largest fills all 50"), "{form}");
    assert!(form.contains("minutes not kept for opening, breaks and closing"), "{form}");
    insta::assert_snapshot!("group_settings_80x24", form);
    insta::assert_snapshot!("group_settings_60x20", render(&mut app, 60, 20));
}

/// Both editors keep what is typed as it is typed: Esc closes and the
/// purpose is in the file, as the agreement's draft is, and the footer says
/// so.
#[test]
fn esc_in_the_purpose_editor_keeps_the_typing_as_the_footer_says() {
    let (dir, mut app) = group(7, 6, 10);
    app.update(Action::EditPurpose);
    key(&mut app, KeyCode::End);
    for c in " We meet on Tuesdays.".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Esc close") && screen.contains("saved as you type"), "{screen}");
    assert!(!screen.contains("cancel"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none(), "one Esc closes");
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let group = store.groups().unwrap().remove(0);
    assert_eq!(group.settings.purpose, "A calm space for carers to share how things are. We meet on Tuesdays.");
}

/// With no statement of its own, promotion starts from the purpose the
/// agreement already states, rather than asking for it again: in the
/// advice, the text to copy, and the editor that writes the statement.
#[test]
fn promotion_starts_from_the_agreements_purpose() {
    let (dir, _) = group(3, 3, 10);
    let path = dir.path().join("s.db");
    let mut c = Circle::open(&path).unwrap();
    let g = c.groups().unwrap().remove(0);
    c.update_group_settings(g.id, GroupSettings { purpose: String::new(), ..g.settings.clone() }, day()).unwrap();
    c.save_draft(g.id, None, "## Our purpose\nWe meet to share how caring is going.\n").unwrap();
    c.adopt_draft(g.id, "first", day()).unwrap();

    let report = c.size_report(g.id, day()).unwrap();
    let items = report.advice.iter().flat_map(|a| a.items.iter()).cloned().collect::<Vec<_>>().join("\n");
    assert!(items.contains("“We meet to share how caring is going.”"), "{items}");
    assert!(!items.contains("Write a few sentences"), "{items}");
    let text = c.promotion_text(g.id).unwrap().unwrap();
    assert!(text.contains("We meet to share how caring is going."), "{text}");
    drop(c);

    let mut app = App::new(Circle::open(&path).unwrap(), day(), Theme { color: false, ..Theme::default() });
    app.update(Action::GoTab(Tab::Size));
    app.update(Action::EditPurpose);
    let editor = render(&mut app, 80, 24);
    assert!(editor.contains("We meet to share how caring is going."), "{editor}");
}

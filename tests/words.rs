//! Words that explain themselves: a form says what its fields are for, the
//! roster's cells do not turn one missed meeting into "0%", and the
//! register does not repeat the same note after every name.

use chrono::NaiveDate;
use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
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

fn key(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn group(names: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open(&path).unwrap();
    let group = store
        .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap();
    for name in names {
        let fields = MemberFields { joined: Some(day() - chrono::Days::new(7)), ..MemberFields::named(name) };
        store.add_member(group.id, &fields, MemberStatus::Active, day() - chrono::Days::new(7)).unwrap();
    }
    (dir, path)
}

fn app(path: &std::path::Path) -> App {
    App::new(Circle::open(path).unwrap(), day(), Theme { color: false, ..Theme::default() })
}

/// ? on a field that is not typed in, or F1 anywhere, says what each field
/// is for; any key goes back, with nothing changed.
#[test]
fn a_form_says_what_its_fields_are_for() {
    let (_dir, path) = group(&["Ann"]);
    let mut app = app(&path);
    app.update(Action::GoTab(Tab::Roster));
    app.update(Action::EditMember);
    let form = render(&mut app, 80, 24);
    assert!(form.contains("Likes an invitation") && form.contains("F1"), "{form}");
    // ? in a text field is typed, not taken as a question.
    key(&mut app, KeyCode::Char('?'));
    assert!(!render(&mut app, 80, 24).contains("about these fields"));
    key(&mut app, KeyCode::Backspace);
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)));
    assert!(render(&mut app, 80, 24).contains("A first name or a chosen name"));
    key(&mut app, KeyCode::Esc);
    // On the toggle, ? asks; the field asked about comes first.
    while !render(&mut app, 80, 24).contains("Space toggle") {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Char('?'));
    for (w, h) in [(80, 24), (60, 20)] {
        let about = render(&mut app, w, h);
        assert!(about.contains("about these fields"), "{about}");
        assert!(about.contains("rather be invited to speak"), "{about}");
    }
    insta::assert_snapshot!("member_fields_explained_80x24", render(&mut app, 80, 24));
    key(&mut app, KeyCode::Esc);
    let back = render(&mut app, 80, 24);
    assert!(back.contains("Likes an invitation") && !back.contains("about these fields"), "{back}");

    // The group's settings, from the switcher: no "Min speaking min".
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    app.update(Action::Groups);
    key(&mut app, KeyCode::Char('e'));
    let settings = render(&mut app, 80, 24);
    assert!(settings.contains("Least turn, minutes") && settings.contains("Carried on by"), "{settings}");
    // On a choice, ? asks too.
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Char('?'));
    let about = render(&mut app, 80, 24);
    assert!(about.contains("Dormant: resting for now"), "{about}");
}

/// One missed first meeting is "0/1", not "0%"; an older agreement is
/// "v1→2", not "v1!".
#[test]
fn the_roster_cells_say_what_they_mean() {
    let (_dir, path) = group(&["Ann", "Bo"]);
    let mut c = Circle::open(&path).unwrap();
    let g = c.groups().unwrap().remove(0).id;
    let mut store = Store::open(&path).unwrap();
    let held_on = day();
    let meeting = store
        .create_meeting(
            g,
            &circle::domain::NewMeeting { held_on, mode: circle::domain::MeetingMode::InPerson, minutes: 90 },
        )
        .unwrap();
    let ann = store.all_members(g).unwrap().into_iter().find(|m| m.fields.name == "Ann").unwrap().id;
    store.set_present(meeting.id, ann, true).unwrap();
    c.save_draft(g, None, "## Purpose\nWe listen.\n").unwrap();
    c.adopt_draft(g, "first", day()).unwrap();
    c.record_signups(g, &[ann], day(), day()).unwrap();
    c.save_draft(g, None, "## Purpose\nWe listen and are heard.\n").unwrap();
    c.adopt_draft(g, "second", day()).unwrap();
    drop((c, store));
    let mut app = app(&path);
    app.update(Action::GoTab(Tab::Roster));
    let screen = render(&mut app, 80, 24);
    let bo = screen.lines().find(|l| l.contains("Bo ")).unwrap();
    let ann_row = screen.lines().find(|l| l.contains("Ann ")).unwrap();
    assert!(bo.contains("0/1") && !bo.contains("0%"), "{screen}");
    assert!(ann_row.contains("v1→2") && !ann_row.contains("v1!"), "{screen}");
}

/// When most have still to agree, the register counts them once instead of
/// repeating "not yet agreed to v1" after every name.
#[test]
fn the_register_counts_who_is_yet_to_agree() {
    let names = ["Ann", "Bo", "Cy", "Dee", "Eli", "Fay"];
    let (_dir, path) = group(&names);
    let mut c = Circle::open(&path).unwrap();
    let g = c.groups().unwrap().remove(0).id;
    c.save_draft(g, None, "## Purpose\nWe listen.\n").unwrap();
    c.adopt_draft(g, "first", day()).unwrap();
    drop(c);
    let mut app = app(&path);
    app.update(Action::GoTab(Tab::Roster));
    app.update(Action::Register);
    key(&mut app, KeyCode::Enter);
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = render(&mut app, w, h);
        assert_eq!(screen.matches("not yet agreed").count(), 0, "{screen}");
        assert!(screen.contains("6 yet to agree to v1"), "{screen}");
    }
}

/// The first group is asked how long its meetings are, instead of taking
/// 90 minutes hidden in its settings; a wrong length is said and nothing
/// is made.
#[test]
fn the_first_group_is_asked_its_meeting_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    drop(Store::open(&path).unwrap());
    let mut app = app(&path);
    for _ in 0..3 {
        key(&mut app, KeyCode::Enter); // through the tour
    }
    let form = render(&mut app, 80, 24);
    assert!(form.contains("Create your first group") && form.contains("Meeting length, min 90"), "{form}");
    assert!(render(&mut app, 60, 20).contains("Meeting length"));
    for c in "Tuesday Circle".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0..2 {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Enter);
    assert!(render(&mut app, 80, 24).contains("a whole number of minutes"));
    assert!(Circle::open(&path).unwrap().groups().unwrap().is_empty(), "nothing made");
    key(&mut app, KeyCode::Backspace);
    for c in "60".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let groups = Circle::open(&path).unwrap().groups().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].settings.meeting_minutes, 60);
}

//! Two front ends, one voice: the console (drawn into ratatui's
//! `TestBackend`) and linear mode (run on the same database) say the same
//! things in the same words, the words `circle::present` makes. Each test
//! builds its data through the use cases alone, reads what the
//! presentation part says of it, and finds those words in both.

use std::io::Cursor;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use circle::domain::{GroupId, MemberFields, MemberId, MemberStatus, NewGroup, Openness, Role, RosterQuery, RosterRow};
use circle::linear::{Options, run_with};
use circle::present::register::Counts;
use circle::present::roster::{Agreed, Attendance};
use circle::present::status::{self, NEW_MEMBER_STATUSES};
use circle::tui::App;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::usecase::Circle;
use circle::usecase::membership::{Answers, StatusOutcome, StatusRequest, Who};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn ago(days: u64) -> NaiveDate {
    day() - Days::new(days)
}

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap()
}

/// A database made through the use cases, and who is in it.
struct World {
    dir: tempfile::TempDir,
    group: GroupId,
    ana: MemberId,
    bea: MemberId,
}

impl World {
    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("circle.db")
    }

    fn circle(&self) -> Circle {
        Circle::open(&self.path()).unwrap()
    }

    /// What the roster holds about someone, as both front ends read it.
    fn row(&self, id: MemberId) -> RosterRow {
        let circle = self.circle();
        let query = RosterQuery { hide_left: false, ..RosterQuery::default() };
        let n = circle.roster_count(self.group, &query).unwrap();
        circle.roster_page(self.group, &query, 0, n).unwrap().into_iter().find(|r| r.id == id).unwrap()
    }

    fn current_version(&self) -> Option<u32> {
        self.circle().current_agreement(self.group).unwrap().map(|v| v.version)
    }
}

fn added(outcome: StatusOutcome) -> MemberId {
    match outcome {
        StatusOutcome::Done(done) => done.member,
        other => panic!("{other:?}"),
    }
}

/// Ana (a facilitator) and Cal are active and came two days ago; Bea went
/// on a break before that meeting, so there is nothing to count for her.
/// Bea agreed to the first version of the agreement, Ana to the second.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut circle = Circle::open(&dir.path().join("circle.db")).unwrap();
    let new = NewGroup { name: "Thursday Circle".into(), focus: String::new(), openness: Openness::Open };
    let group = circle.create_group(&new, ago(60)).unwrap().id;
    circle.remember_group(group).unwrap();
    let mut add = |name: &str, pronouns: &str, role: Role| {
        let fields =
            MemberFields { pronouns: pronouns.into(), role, joined: Some(ago(60)), ..MemberFields::named(name) };
        added(circle.add_member(group, fields, MemberStatus::Active, ago(60), Answers::ALL).unwrap())
    };
    let (ana, bea, cal) =
        (add("Ana", "she/her", Role::Facilitator), add("Bea", "she/her", Role::Member), add("Cal", "", Role::Member));
    for (text, signers) in [("We listen.", vec![ana, bea]), ("We listen and we keep what is said here.", vec![ana])] {
        let seen = circle.agreement_draft(group).unwrap();
        circle.save_draft(group, seen.as_deref(), &format!("# Our agreement\n\n## Our purpose\n{text}\n")).unwrap();
        circle.adopt_draft(group, "Said what we keep", ago(50)).unwrap();
        circle.record_signups(group, &signers, ago(50), day()).unwrap();
    }
    let away =
        StatusRequest { who: Who::Existing(bea), status: MemberStatus::OnBreak, on: ago(40), reason: String::new() };
    circle.change_status(away, day(), Answers::default()).unwrap();
    let meeting = circle
        .open_meeting(
            group,
            &circle::domain::NewMeeting { held_on: ago(2), mode: circle::domain::MeetingMode::InPerson, minutes: 90 },
        )
        .unwrap();
    let meeting = match meeting {
        circle::usecase::register::MeetingOpened::Created(m) => m,
        other => panic!("{other:?}"),
    };
    for id in [ana, cal] {
        circle.set_present(meeting.id, id, true).unwrap();
    }
    World { dir, group, ana, bea }
}

/// The console on the database, drawn at a size that shows every column.
fn console(world: &World) -> App {
    App::new(world.circle(), day(), Theme { color: false, ..Theme::default() })
}

fn render(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

/// What linear mode says to the typed lines, with the clock and the seeds
/// fixed.
fn linear(world: &World, lines: &[&str]) -> String {
    linear_with(world, lines, Options { clock: Box::new(noon), seed: Box::new(|| 7), ..Options::default() })
}

fn linear_with(world: &World, lines: &[&str], options: Options) -> String {
    let mut input = Cursor::new(lines.iter().map(|l| format!("{l}\n")).collect::<String>().into_bytes());
    let mut output = Vec::new();
    run_with(world.circle(), day(), "a test asked for it", options, &mut input, &mut output).unwrap();
    String::from_utf8(output).unwrap()
}

/// The console's cell under `header` in the row that starts with `name`.
fn cell(screen: &str, name: &str, header: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.trim_matches('"').chars().collect()).collect();
    let text = |r: &Vec<char>| r.iter().collect::<String>();
    let heading = rows.iter().find(|r| text(r).starts_with("Name ")).expect("the roster's header");
    let at = text(heading).find(header).map(|byte| text(heading)[..byte].chars().count()).expect("the column");
    let row = rows.iter().find(|r| text(r).starts_with(name)).unwrap_or_else(|| panic!("{name} in {screen}"));
    row[at..].iter().take_while(|c| **c != ' ').collect()
}

#[test]
fn the_roster_says_the_same_of_someone_on_a_break() {
    let world = world();
    let row = world.row(world.bea);
    let (attendance, agreed) = (Attendance::of(&row), Agreed::of(row.signed_version, world.current_version()));
    assert_eq!(attendance, Attendance::None, "the data should leave nothing to count for Bea");

    let screen = render(&mut console(&world));
    assert!(screen.lines().any(|l| l.contains("Bea") && l.contains(row.status.label())), "{screen}");
    assert_eq!(cell(&screen, "Bea", "Att"), attendance.short());
    assert_eq!(cell(&screen, "Bea", "Agr"), agreed.short());

    let said = linear(&world, &["roster", "2", "q"]);
    let listed = said.lines().find(|l| l.starts_with("2. Bea")).unwrap_or_else(|| panic!("{said}"));
    assert!(listed.contains(row.status.label()) && listed.contains(&agreed.words()), "{listed}");
    assert!(said.contains(&format!("Attendance: {},", attendance.words())), "{said}");
    assert!(said.contains(&format!("Agreement: {}.", agreed.words())), "{said}");
    // The console marks an older version (v1→2); linear mode says it.
    assert_eq!(agreed.short(), "v1→2");
    assert!(listed.contains("agreed to version 1, not yet to version 2"), "{listed}");
}

/// Today's meeting: Ana is here, Cal is not, Bea dropped in from her
/// break, and a visitor came.
fn today_meeting(world: &World) -> circle::domain::Meeting {
    let mut circle = world.circle();
    let new = circle::domain::NewMeeting { held_on: day(), mode: circle::domain::MeetingMode::InPerson, minutes: 90 };
    let meeting = match circle.open_meeting(world.group, &new).unwrap() {
        circle::usecase::register::MeetingOpened::Created(m) => m,
        other => panic!("{other:?}"),
    };
    for id in [world.ana, world.bea] {
        circle.set_present(meeting.id, id, true).unwrap();
    }
    circle.add_visitor(meeting.id, "", day()).unwrap();
    circle.register(meeting.id).unwrap().meeting
}

#[test]
fn the_register_counts_in_the_same_words() {
    let world = world();
    let meeting = today_meeting(&world);
    let view = world.circle().register(meeting.id).unwrap();
    let counts = Counts::of(&view.people, view.meeting.visitors);
    assert_eq!(counts, Counts { present: 1, expected: 2, more: vec!["Bea".into()], on_break: 1, visitors: 1 });
    let (first, rest) = counts.words();

    let mut app = console(&world);
    app.update(Action::Register);
    let screen = render(&mut app);
    let said = linear(&world, &["register", "q"]);
    // A line follows its prompt, as the input is not echoed.
    let summary =
        said.lines().find_map(|l| l.find("Register for ").map(|at| &l[at..])).unwrap_or_else(|| panic!("{said}"));
    for words in std::iter::once(&first).chain(rest.iter().map(|(_, w)| w)) {
        assert!(screen.contains(words.as_str()), "the console lacks “{words}”: {screen}");
        assert!(summary.contains(words.as_str()), "linear mode lacks “{words}”: {summary}");
    }
    assert!(screen.contains("1 present of 2 expected + 1 more (Bea) · 1 on a break + 1 visitor"), "{screen}");
    assert!(
        summary.ends_with(": 1 present of 2 expected, and 1 more (Bea), 1 on a break, and 1 visitor."),
        "{summary}"
    );
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn a_change_of_status_is_said_the_same_way() {
    let (on_console, in_lines) = (world(), world());
    let dan = "Dan";

    // The console: Dan added to the waitlist; Cal (third on the roster)
    // goes on a break, the form's suggestion, and a place opens for Dan,
    // which is declined; Ana asked to become active, which she is.
    let mut app = console(&on_console);
    app.update(Action::AddMember);
    for c in dan.chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let added = render(&mut app);
    app.update(Action::Top);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::ChangeStatus);
    press(&mut app, KeyCode::Enter);
    let moved = render(&mut app);
    press(&mut app, KeyCode::Esc);
    app.update(Action::Top);
    app.update(Action::ChangeStatus);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    let unchanged = render(&mut app);

    // Linear mode, on its own copy of the same data.
    let said = linear(&in_lines, &["roster", "add Dan", "2", "status 3", "4", "no", "status 1", "3", "q"]);

    let starts: Vec<String> = NEW_MEMBER_STATUSES.iter().map(|s| s.label().to_string()).collect();
    assert!(
        said.contains(&format!("How does Dan start? 1 {}, 2 {}, 3 {}.", starts[0], starts[1], starts[2])),
        "{said}"
    );
    assert_eq!(NEW_MEMBER_STATUSES[1], MemberStatus::Waitlist, "the second choice, taken in both");
    for (screen, sentence) in [
        (&added, status::done(dan, None, MemberStatus::Waitlist)),
        (&moved, status::done("Cal", Some(MemberStatus::Active), MemberStatus::OnBreak)),
        (&unchanged, status::already(MemberStatus::Active)),
    ] {
        assert!(screen.contains(&sentence), "the console lacks “{sentence}”: {screen}");
        assert!(said.contains(&sentence), "linear mode lacks “{sentence}”: {said}");
    }
    for words in [status::PLACE_OPENED, "Dan has waited longest (on the waitlist since"] {
        assert!(moved.contains(words), "the console lacks “{words}”: {moved}");
        assert!(said.contains(words), "linear mode lacks “{words}”: {said}");
    }
}

#[test]
fn linear_mode_writes_days_as_the_settings_file_says() {
    let world = world();
    let config = world.dir.path().join("config.toml");
    std::fs::write(&config, "[console]\ndate_format = \"iso\"\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("circle")
        .unwrap()
        .env("CIRCLE_CONFIG", &config)
        .env("HOME", world.dir.path())
        .args(["--linear", "--db"])
        .arg(world.path())
        .write_stdin("roster\n1\nq\n")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    // Today is the real day here, so only its form is known.
    let today = said.split("Today is ").nth(1).and_then(|rest| rest.get(..10)).unwrap_or_default();
    assert!(NaiveDate::parse_from_str(today, "%Y-%m-%d").is_ok(), "{said}");
    assert!(said.contains("1. Ana, she/her, active, facilitator, last here 2026-11-24,"), "{said}");
    assert!(said.contains("Joined: 2026-09-27."), "{said}");
}

#[test]
fn a_closed_group_asks_the_same_question() {
    let (on_console, in_lines) = (world(), world());
    for world in [&on_console, &in_lines] {
        let mut circle = world.circle();
        let mut settings = circle.group(world.group).unwrap().settings;
        settings.openness = Openness::Closed;
        settings.status = circle::domain::GroupStatus::Active;
        circle.update_group_settings(world.group, settings, day()).unwrap();
    }

    let mut app = console(&on_console);
    app.update(Action::AddMember);
    for c in "Eve".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    let asked = render(&mut app);
    let said = linear(&in_lines, &["roster", "add Eve", "1", "no", "q"]);

    assert_eq!(NEW_MEMBER_STATUSES[0], MemberStatus::Active, "Eve starts active in both");
    assert!(asked.contains(status::CLOSED_GROUP_TITLE), "{asked}");
    // The dialog wraps the question; its first words are on one row.
    assert!(asked.contains("This group is closed"), "{asked}");
    assert!(status::CLOSED_GROUP.starts_with("This group is closed"));
    assert!(said.contains(&format!("{} yes or no.", status::CLOSED_GROUP)), "{said}");
}

#[test]
fn linear_size_health_writes_days_in_the_date_style() {
    let world = world();
    let options = Options {
        clock: Box::new(noon),
        seed: Box::new(|| 7),
        dates: circle::present::DateStyle::MonthDay,
        ..Options::default()
    };
    // Size health is long: more says each page after the first.
    let said = linear_with(&world, &["size", "more", "more", "more", "q"], options);
    assert!(said.contains("Size health for Thursday Circle on Thursday November 26 2026"), "{said}");
    assert!(said.contains("\nNovember 24: 2 people.\n"), "{said}");
    assert!(said.contains("\nSeptember 2026: 3 joined, 0 left.\n"), "{said}");
    assert!(!said.contains("2026-"), "no ISO day is left: {said}");
}

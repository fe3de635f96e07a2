//! Linear mode, driven through `circle::linear::run_lines` with in-memory
//! input: a whole meeting kept as a transcript snapshot (what a terminal
//! would show, the typed lines echoed after their prompts), with the clock
//! moved by the script as each line is typed and the seeds fixed. Nothing
//! sleeps. Also: no escape sequence or box drawing ever reaches the output,
//! and how linear mode is turned on.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::rc::Rc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use circle::domain::{MeetingMode, MemberFields, MemberStatus, NewGroup, NewMeeting, Openness};
use circle::linear::{Ask, Got, Lines, Options, activation, run_lines};
use circle::store::Store;
use circle::usecase::Circle;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Minutes after 18:00 on the day of the meeting.
fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap() + Duration::minutes(minute)
}

#[derive(Default)]
struct Screen {
    /// What a terminal would show: the output, and each typed line echoed.
    transcript: Vec<u8>,
    /// What circle wrote, and nothing else.
    output: Vec<u8>,
    /// The prompt on screen each time a line was asked for.
    prompts: Vec<String>,
}

/// The writer circle gets.
struct Output(Rc<RefCell<Screen>>);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut screen = self.0.borrow_mut();
        screen.transcript.extend_from_slice(buf);
        screen.output.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Typed lines, each at a second of the meeting: the clock moves to that
/// moment when circle asks for the line, as if it was typed then. Like a
/// terminal, a line is echoed after its prompt unless circle asked for it
/// privately (echo off); and when circle asks to be woken before the next
/// line is typed, the clock moves to that moment and circle is woken.
struct Script {
    lines: VecDeque<(Duration, String)>,
    clock: Rc<Cell<DateTime<Utc>>>,
    screen: Rc<RefCell<Screen>>,
}

impl Lines for Script {
    fn line(&mut self, ask: Ask) -> std::io::Result<Got> {
        let Some((when, _)) = self.lines.front() else { return Ok(Got::End) };
        let typed_at = at(0) + *when;
        if let Some(wake) = ask.wake {
            let woken_at = self.clock.get() + Duration::from_std(wake).unwrap();
            if woken_at < typed_at {
                self.clock.set(woken_at);
                return Ok(Got::Woke);
            }
        }
        let (_, line) = self.lines.pop_front().unwrap();
        self.clock.set(typed_at.max(self.clock.get()));
        let mut screen = self.screen.borrow_mut();
        let output = String::from_utf8_lossy(&screen.output).into_owned();
        screen.prompts.push(output.rsplit('\n').next().unwrap_or_default().to_string());
        // The echo shows an escape as ^[, as a terminal's line editor does;
        // with echo off only the line break shows.
        let echo = if ask.secret { String::new() } else { line.replace('\u{1b}', "^[") };
        screen.transcript.extend_from_slice(format!("{echo}\n").as_bytes());
        Ok(Got::Line(line))
    }
}

/// Runs linear mode on a database with a script; returns the transcript
/// and the output alone.
fn drive(path: &std::path::Path, reason: &str, script: &[(i64, &str)]) -> (String, String) {
    let (transcript, output, _) = drive_with_prompts(path, reason, script);
    (transcript, output)
}

/// [`drive`], with the prompt shown each time a line was asked for.
fn drive_with_prompts(path: &std::path::Path, reason: &str, script: &[(i64, &str)]) -> (String, String, Vec<String>) {
    let timed: Vec<(Duration, &str)> = script.iter().map(|(m, l)| (Duration::minutes(*m), *l)).collect();
    drive_timed(path, reason, &timed, Options::default())
}

/// [`drive_with_prompts`] with lines typed at any second, and options.
fn drive_timed(
    path: &std::path::Path,
    reason: &str,
    script: &[(Duration, &str)],
    options: Options,
) -> (String, String, Vec<String>) {
    let clock = Rc::new(Cell::new(at(0)));
    let screen = Rc::new(RefCell::new(Screen::default()));
    let mut input = Script {
        lines: script.iter().map(|(t, l)| (*t, l.to_string())).collect(),
        clock: clock.clone(),
        screen: screen.clone(),
    };
    let mut output = Output(screen.clone());
    let mut seeds = 0u64;
    let options = Options {
        clock: Box::new(move || clock.get()),
        seed: Box::new(move || {
            seeds += 1;
            seeds
        }),
        notice: None,
        backup: None,
        ..options
    };
    let circle = Circle::open(path).unwrap();
    run_lines(circle, day(), reason, options, &mut input, &mut output).unwrap();
    let screen = screen.borrow();
    (
        // The bell is shown where it rang.
        String::from_utf8(screen.transcript.clone()).unwrap().replace('\u{7}', "[bell]"),
        String::from_utf8(screen.output.clone()).unwrap(),
        screen.prompts.clone(),
    )
}

/// A group of six, one on a break and one with a name full of escape
/// codes; an agreement of two sections that Ana agreed to; a meeting two
/// days ago.
fn world() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circle.db");
    let mut store = Store::open(&path).unwrap();
    let earlier = day() - chrono::Days::new(60);
    let group = store
        .create_group(
            &NewGroup { name: "Thursday Circle".into(), focus: String::new(), openness: Openness::Open },
            earlier,
        )
        .unwrap()
        .id;
    let people: [(&str, &str, bool); 6] = [
        ("Ana", "she/her", false),
        ("Bo", "he/him", false),
        ("Cy", "", true),
        ("Dee", "they/them", false),
        ("Fay", "", false),
        ("Gil\u{1b}[2J\u{1b}]0;owned\u{7}", "", false),
    ];
    let mut ids = HashMap::new();
    for (name, pronouns, invite) in people {
        let fields = MemberFields {
            pronouns: pronouns.into(),
            invite_to_speak: invite,
            joined: Some(earlier),
            ..MemberFields::named(name)
        };
        ids.insert(name, store.add_member(group, &fields, MemberStatus::Active, earlier).unwrap().id);
    }
    store.change_status(ids["Fay"], MemberStatus::OnBreak, day() - chrono::Days::new(10), "travelling").unwrap();
    let mut circle = Circle::new(store);
    let body = "# Our agreement\n\n## Our purpose\nWe meet to support each other.\n\n## How we relate to each other\nWe listen without judging.\nWhat is said here stays here.\n";
    let seen = circle.agreement_draft(group).unwrap();
    circle.save_draft(group, seen.as_deref(), body).unwrap();
    circle.adopt_draft(group, "First version", earlier).unwrap();
    circle.record_signups(group, &[ids["Ana"]], earlier, day()).unwrap();
    let two_days_ago = day() - chrono::Days::new(2);
    let new = NewMeeting { held_on: two_days_ago, mode: MeetingMode::InPerson, minutes: 90 };
    let meeting = match circle.open_meeting(group, &new).unwrap() {
        circle::usecase::register::MeetingOpened::Created(m) => m,
        other => panic!("{other:?}"),
    };
    for name in ["Ana", "Bo"] {
        circle.set_present(meeting.id, ids[name], true).unwrap();
    }
    dir
}

/// A whole meeting: the roster, the register with several people on one
/// line, a round with a pass, a sign-up, size health, and an endings
/// activity from the first card to the celebration.
const MEETING: &[(i64, &str)] = &[
    (0, "h"),
    (0, "roster"),
    (0, "1"),
    (0, "register"),
    (0, "1 2 3 6"),
    (0, "9"),
    (0, "6"),
    (0, "w"),
    (0, "r"),
    (0, "0"),
    (0, "round"),
    (0, "p"),
    (0, "s"),
    (6, "t"),
    (25, "n"),
    (26, "p"),
    (27, "l"),
    (28, "s"),
    (28, "e"),
    (28, "y"),
    (29, "agreement"),
    (29, "1"),
    (29, "n"),
    (29, "s"),
    (29, "2 3"),
    (29, "size"),
    (30, "endings"),
    (30, "new"),
    (30, "1"),
    (30, "1"),
    (30, "1"),
    (30, "d"),
    (30, "c 1"),
    (31, "Our walk by the river in spring, when everyone came."),
    (31, "c 2"),
    (32, ""),
    (32, "c 2"),
    (33, "Laughing until we cried \u{1b}[31mat the picnic\u{1b}[0m."),
    (33, "c 3"),
    (34, "Being listened to, the first time I spoke."),
    (34, "d"),
    (34, "lock"),
    (35, "again"),
    (35, "next"),
    (36, "reveal"),
    (36, "next"),
    (37, "next"),
    (37, "q"),
];

#[test]
fn a_whole_meeting_in_plain_lines() {
    let dir = world();
    let (transcript, _) = drive(&dir.path().join("circle.db"), "you started circle with --linear", MEETING);
    insta::assert_snapshot!("linear_meeting", transcript);

    // What was done is in the database, as through the console.
    let store = Store::open(&dir.path().join("circle.db")).unwrap();
    let group = store.groups().unwrap().remove(0);
    let meeting = store.meeting_on(group.id, day()).unwrap().unwrap();
    assert!(meeting.round_run, "the round was added to the meeting");
    let rows = store.attendance(meeting.id).unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows.iter().filter(|a| a.passed == Some(true)).count(), 1, "{rows:?}");
    let activity = store.activities(group.id).unwrap().remove(0);
    assert_eq!(activity.stage, circle::domain::ActivityStage::Celebrating);
    assert_eq!(store.cards(activity.id).unwrap().len(), 3);
}

#[test]
fn nothing_but_plain_text_reaches_the_terminal() {
    let dir = world();
    let (_, output) = drive(&dir.path().join("circle.db"), "ACCESSIBLE is set", MEETING);
    let bad: Vec<(usize, char)> = output
        .char_indices()
        // The bell rings at a speaker's time mark, and nowhere else.
        .filter(|(_, c)| {
            *c == '\u{1b}' || ('\u{2500}'..='\u{257F}').contains(c) || (c.is_control() && !['\n', '\u{7}'].contains(c))
        })
        .collect();
    assert!(bad.is_empty(), "escape codes, controls or box drawing in the output at {bad:?}");
    assert!(!output.contains('\u{1b}'));
    // No glyph stands in for a word.
    for glyph in ['✓', '▸', '◔', '◉', '·'] {
        assert!(!output.contains(glyph), "the glyph {glyph} is in the output");
    }
    // A card is never said back once typed: only at its reading.
    let first_reading = output.find("Card 1 of 3").unwrap();
    for text in ["Our walk by the river", "picnic", "Being listened to"] {
        assert!(!output[..first_reading].contains(text), "a card's text was said before the reading");
    }
}

#[test]
fn every_prompt_names_where_you_are() {
    let dir = world();
    let (_, _, prompts) = drive_with_prompts(&dir.path().join("circle.db"), "TERM is dumb", MEETING);
    assert_eq!(prompts.len(), MEETING.len());
    for p in &prompts {
        assert!(p.ends_with("> ") && p.len() > 4 && p.chars().next().unwrap().is_uppercase(), "a bare prompt: {p:?}");
    }
    assert!(prompts.iter().any(|p| p == "Register> "), "{prompts:?}");
    assert!(prompts.iter().any(|p| p.starts_with("Round, ") && p.ends_with(" speaking> ")), "{prompts:?}");
    assert!(prompts.iter().any(|p| p.starts_with("Reading, card 2 of 3")), "{prompts:?}");
}

#[test]
fn the_first_line_says_what_turned_it_on_and_input_may_just_end() {
    let dir = world();
    let (transcript, _) = drive(&dir.path().join("circle.db"), "CIRCLE_LINEAR is set", &[(0, "roster")]);
    assert!(transcript.starts_with("Linear mode is on because CIRCLE_LINEAR is set.\n"), "{transcript}");
    assert!(transcript.ends_with("Roster> \nGoodbye.\n"), "{transcript}");
}

#[test]
fn an_empty_database_asks_for_a_group_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let (transcript, _) = drive(&path, "TERM is dumb", &[(0, "roster"), (0, "new Tuesday Circle"), (0, "q")]);
    insta::assert_snapshot!("linear_empty_database", transcript);
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name: &str| map.get(name).cloned()
}

#[test]
fn linear_mode_turns_on_four_ways_and_on_a_dumb_terminal() {
    let none = env(&[("TERM", "xterm-256color")]);
    assert_eq!(activation(false, &none), None);
    assert_eq!(activation(true, &none).as_deref(), Some("you started circle with --linear"));
    assert_eq!(activation(false, &env(&[("CIRCLE_LINEAR", "1")])).as_deref(), Some("CIRCLE_LINEAR is set"));
    assert_eq!(activation(false, &env(&[("ACCESSIBLE", "1")])).as_deref(), Some("ACCESSIBLE is set"));
    assert_eq!(activation(false, &env(&[("ACCESSIBLE", "yes")])).as_deref(), Some("ACCESSIBLE is set"));
    assert_eq!(
        activation(false, &env(&[("TERM", "dumb")])).as_deref(),
        Some("TERM is dumb, so the full-screen console cannot draw")
    );
    // The flag is named first when several are set.
    let all = env(&[("CIRCLE_LINEAR", "1"), ("ACCESSIBLE", "1"), ("TERM", "dumb")]);
    assert_eq!(activation(true, &all).as_deref(), Some("you started circle with --linear"));
}

#[test]
fn empty_zero_and_false_leave_it_off() {
    for value in ["", "0", "false", "FALSE", " 0 "] {
        assert_eq!(activation(false, &env(&[("ACCESSIBLE", value)])), None, "ACCESSIBLE={value:?}");
        assert_eq!(activation(false, &env(&[("CIRCLE_LINEAR", value)])), None, "CIRCLE_LINEAR={value:?}");
    }
    assert_eq!(activation(false, &env(&[])), None);
}

#[test]
fn a_round_runs_on_elsewhere_and_after_a_restart() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let script = [(0, "register"), (0, "1 2"), (0, "0"), (0, "round"), (0, "s"), (0, "b"), (7, "w"), (7, "q")];
    let (transcript, _) = drive(&path, "TERM is dumb", &script);
    let menu = transcript.rfind("Main menu> w").unwrap();
    assert!(transcript[..menu].contains("Main menu> \n[bell]"), "the bell rings at the mark: {transcript}");
    assert!(
        transcript[..menu].ends_with("has had the group's minimum time, 5 minutes.\n"),
        "the mark is told as it is reached, wherever the facilitator is: {transcript}"
    );
    assert!(transcript.contains("The round in progress is kept"), "{transcript}");

    // A restart picks the round up, timer and all.
    let (transcript, _) = drive(&path, "TERM is dumb", &[(9, "round"), (9, "t"), (10, "s"), (10, "q")]);
    assert!(transcript.contains("A round is in progress at today's meeting"), "{transcript}");
    assert!(transcript.contains("The round carries on: 0 of 2 have had their turn"), "{transcript}");
    assert!(transcript.contains("is speaking, 9 minutes so far."), "{transcript}");
    assert!(transcript.contains("has spoken 9 minutes: past the group's minimum of 5 minutes"), "{transcript}");
    assert!(transcript.contains(" spoke 10 minutes."), "{transcript}");
}

#[test]
fn refusals_are_the_use_cases_sentences_one_line_each() {
    let dir = world();
    let script = [
        (0, "round"),
        (0, "register"),
        (0, "v Eve\u{1b}[31m"),
        (0, "agreement"),
        (0, "s"),
        (0, "1 42"),
        (0, "groups"),
        (0, "new Thursday Circle"),
        (0, "q"),
    ];
    let (transcript, output) = drive(&dir.path().join("circle.db"), "TERM is dumb", &script);
    for sentence in [
        "Mark who is here in the register first; a round is for those present.\n",
        "There is already a group called “Thursday Circle”.\n",
        "There is no number 42 on this list; it goes from 1 to 6. Nothing was recorded.\n",
        // A visitor's name with an escape code is refused, as everywhere.
        "A name cannot contain control characters such as tabs or escape codes.\n",
    ] {
        assert!(output.contains(sentence), "{sentence:?} missing from {transcript}");
    }
    assert!(!output.contains("Eve"), "{transcript}");
    assert!(!output.contains('\u{1b}'), "{transcript}");
}

/// The meetings in plain lines: a past meeting's register corrected (Fay
/// dropped in, and "1 more" says it was her), its mode, length and visitors
/// changed, a day still to come refused, a register taken for a day that
/// passed and left without a mark, a removal declined and then made, and
/// today's register left untouched: nothing is kept that was not marked.
const MEETINGS: &[(i64, &str)] = &[
    (0, "meetings"),
    (0, "1"),
    (0, "3 5"),
    (0, "e"),
    (0, ""),
    (0, "online"),
    (0, "60"),
    (0, "1"),
    (0, ""),
    (0, "yes"),
    (0, "0"),
    (0, "e 1"),
    (0, "2026-11-27"),
    (0, "2026-11-23"),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, "yes"),
    (0, "n 2026-11-23"),
    (0, "n 2026-11-25"),
    (0, "w"),
    (0, "0"),
    (0, "n 2026-11-19"),
    (0, "v"),
    (0, "0"),
    (0, "x 1"),
    (0, "n"),
    (0, "x 2"),
    (0, "y"),
    (0, "register"),
    (0, "0"),
    (0, "q"),
];

#[test]
fn meetings_are_corrected_and_taken_away_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let (transcript, output) = drive(&path, "you started circle with --linear", MEETINGS);
    insta::assert_snapshot!("linear_meetings", transcript);
    assert!(!output.contains('\u{1b}'), "{transcript}");
    assert!(output.contains("and 1 more (Fay)"), "{transcript}");

    let store = Store::open(&path).unwrap();
    let group = store.groups().unwrap().remove(0);
    let meetings = store.meetings(group.id, 0, 10).unwrap();
    let days: Vec<NaiveDate> = meetings.iter().map(|m| m.held_on).collect();
    assert_eq!(days, [day() - chrono::Days::new(3)], "the past meeting, moved; the visitor's day taken away");
    let moved = &meetings[0];
    assert_eq!((moved.mode, moved.minutes, moved.visitors), (MeetingMode::Online, 60, 1));
    assert_eq!(store.attendance(moved.id).unwrap().len(), 4, "Ana, Bo, Cy and Fay");
}

#[test]
fn linear_mode_reaches_data_only_through_the_use_cases() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/linear");
    let mut files = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for forbidden in ["crate::store", "store::", "rusqlite", "crate::tui", "std::fs"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", path.display());
        }
        let lines = text.split("#[cfg(test)]").next().unwrap_or("").lines().count();
        assert!(lines <= 420, "{} has {lines} lines before its tests", path.display());
        files += 1;
    }
    assert!(files > 5);
}

/// Looking after the roster in plain lines: add someone (the full group's
/// question answered), edit a field with a wrong date first, move someone
/// along, and forget someone after a wrong name and then the right one.
const ROSTER_CARE: &[(i64, &str)] = &[
    (0, "roster"),
    (0, "add Hana"),
    (0, "7"),
    (0, "3"),
    (0, "status 1"),
    (0, "5"),
    (0, "edit 2"),
    (0, ""),
    (0, "he/they"),
    (0, "-"),
    (0, "last week"),
    (0, "2026-01-10"),
    (0, "co-facilitator"),
    (0, ""),
    (0, "maybe"),
    (0, "no"),
    (0, "Prefers the chair by the door."),
    (0, "yes"),
    (0, "forget 3"),
    (0, "Someone else"),
    (0, "forget 3"),
    (0, "Cy"),
    (0, "all"),
    (0, "q"),
];

#[test]
fn the_roster_is_looked_after_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let (transcript, output) = drive(&path, "you started circle with --linear", ROSTER_CARE);
    insta::assert_snapshot!("linear_roster_care", transcript);
    assert!(!output.contains('\u{1b}'), "an escape reached the output");

    let store = Store::open(&path).unwrap();
    let group = store.groups().unwrap().remove(0);
    let members = store.all_members(group.id).unwrap();
    let named = |name: &str| members.iter().find(|m| m.fields.name == name);
    assert_eq!(named("Hana").map(|m| m.status), Some(MemberStatus::Enquiry));
    assert_eq!(named("Ana").map(|m| m.status), Some(MemberStatus::Left));
    let bo = named("Bo").unwrap();
    assert_eq!(bo.fields.pronouns, "he/they");
    assert_eq!(bo.fields.joined, NaiveDate::from_ymd_opt(2026, 1, 10));
    assert_eq!(bo.fields.role, circle::domain::Role::CoFacilitator);
    assert_eq!(bo.fields.notes, "Prefers the chair by the door.");
    assert!(named("Cy").is_none(), "Cy was forgotten");
}

/// Writing the agreement in plain lines: a draft from the current version,
/// a line added and one changed, the changes heard, adopted with a note;
/// then a draft from the template, discarded.
const DRAFTING: &[(i64, &str)] = &[
    (0, "agreement"),
    (0, "draft"),
    (0, "revise"),
    (0, "add"),
    (0, "Phones stay on silent."),
    (0, "."),
    (0, "change 99"),
    (0, "change 4"),
    (0, "We meet to support one another."),
    (0, "changes"),
    (0, "adopt"),
    (0, "adopt Phones, and kinder wording"),
    (0, "draft"),
    (0, "template"),
    (0, "discard"),
    (0, "yes"),
    (0, "q"),
];

#[test]
fn the_agreement_is_written_and_adopted_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let (transcript, output) = drive(&path, "you started circle with --linear", DRAFTING);
    insta::assert_snapshot!("linear_drafting", transcript);
    assert!(!output.contains('\u{1b}'), "an escape reached the output");

    let circle = Circle::open(&path).unwrap();
    let group = circle.groups().unwrap().remove(0).id;
    let overview = circle.agreement_overview(group).unwrap();
    assert_eq!(overview.draft, None, "the template draft was discarded");
    let current = overview.current().unwrap();
    assert_eq!(current.version, 2);
    assert!(current.body.contains("We meet to support one another.\n"), "{}", current.body);
    assert!(current.body.ends_with("Phones stay on silent.\n"), "{}", current.body);
    assert!(!current.body.contains("support each other"), "{}", current.body);
}

/// The group's settings in plain lines: a wrong word asked again, a
/// setting the rules refuse on saving asked again, then saved; a rename.
const SETTINGS: &[(i64, &str)] = &[
    (0, "groups"),
    (0, "settings"),
    (0, "Adults living with long-term pain"),
    (0, ""),
    (0, "sometimes"),
    (0, "closed"),
    (0, "active"),
    (0, "30"),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, "yes"),
    (0, "2"),
    (0, ""),
    (0, ""),
    (0, ""),
    (0, "yes"),
    (0, "rename"),
    (0, "rename Thursday Evening Circle"),
    (0, "q"),
];

#[test]
fn the_group_settings_are_changed_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let (transcript, _) = drive(&path, "you started circle with --linear", SETTINGS);
    insta::assert_snapshot!("linear_settings", transcript);
    let circle = Circle::open(&path).unwrap();
    let group = circle.groups().unwrap().remove(0);
    assert_eq!(group.name, "Thursday Evening Circle");
    let s = &group.settings;
    assert_eq!(s.focus, "Adults living with long-term pain");
    assert_eq!((s.openness, s.meeting_minutes, s.min_size), (Openness::Closed, 30, 2));
    assert_eq!(s.status, circle::domain::GroupStatus::Active);
}

/// After the celebration, what comes next: the group goes dormant and a
/// successor group is made that carries on the Thursday slot.
#[test]
fn what_comes_next_is_recorded_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let mut script: Vec<(i64, &str)> = MEETING[..MEETING.len() - 1].to_vec();
    script.extend([
        (38, "finish"),
        (38, "7"),
        (38, "2"),
        (38, "Thursday Spring Circle"),
        (38, "the Thursday evening slot"),
        (38, "q"),
    ]);
    let (transcript, _) = drive(&path, "you started circle with --linear", &script);
    let tail = transcript.split("Endings, celebration> finish").nth(1).expect("finish was typed");
    insta::assert_snapshot!("linear_what_next", tail);
    let circle = Circle::open(&path).unwrap();
    let groups = circle.groups().unwrap();
    let thursday = groups.iter().find(|g| g.name == "Thursday Circle").unwrap();
    assert_eq!(thursday.settings.status, circle::domain::GroupStatus::Dormant);
    let spring = groups.iter().find(|g| g.name == "Thursday Spring Circle").expect("the successor was made");
    assert_eq!(thursday.settings.successor, Some(spring.id));
    assert!(spring.settings.purpose.contains("the Thursday evening slot"), "{}", spring.settings.purpose);
}

/// Names issue 22 found accepted: a clipboard-setting OSC 52 sequence, a
/// screen-clearing CSI, a C1 CSI, a right-to-left override, a zero width
/// space and a line separator.
const HOSTILE: [&str; 6] =
    ["\u{1b}]52;c;aGk=\u{7}", "a\u{1b}[2Jb", "\u{9b}31m", "\u{202e}evil", "zero\u{200b}width", "line\u{2028}sep"];

/// Every door in linear mode that names someone or a group refuses them
/// with the use cases' sentence, at once, and nothing is saved: adding
/// someone (before asking how they start), a visitor, a new group, a
/// rename and a successor group.
#[test]
fn hostile_names_are_refused_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let mut lines: Vec<String> = Vec::new();
    for name in HOSTILE {
        lines.extend(["finish", "1", name, ""].map(String::from));
    }
    lines.extend(["register", "y"].map(String::from));
    for name in HOSTILE {
        lines.push(format!("v {name}"));
    }
    lines.extend(["roster"].map(String::from));
    for name in HOSTILE {
        lines.push(format!("add {name}"));
    }
    lines.push("groups".into());
    for name in HOSTILE {
        lines.push(format!("new {name}"));
        lines.push(format!("rename {name}"));
    }
    lines.push("q".into());
    let mut script: Vec<(i64, &str)> = MEETING[..MEETING.len() - 1].to_vec();
    script.extend(lines.iter().map(|l| (38, l.as_str())));
    let (transcript, output) = drive(&path, "you started circle with --linear", &script);
    for sentence in [
        "A name cannot contain control characters such as tabs or escape codes.\n",
        "A name cannot contain invisible characters that reorder or break text",
    ] {
        assert!(output.contains(sentence), "{sentence:?} missing from {transcript}");
    }
    let refusals = output.matches("A name cannot contain").count();
    assert_eq!(refusals, 5 * HOSTILE.len(), "{transcript}");
    assert!(!output.contains("How does"), "someone was asked how they start: {transcript}");
    assert!(!output.contains('\u{1b}') && !output.contains('\u{9b}'), "{transcript}");

    let store = Store::open(&path).unwrap();
    let groups = store.groups().unwrap();
    assert_eq!(groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["Thursday Circle"]);
    assert_eq!(groups[0].settings.successor, None);
    let names: Vec<String> = store.all_members(groups[0].id).unwrap().into_iter().map(|m| m.fields.name).collect();
    for name in HOSTILE {
        assert!(!names.iter().any(|n| n.contains(name)), "{name:?} was saved");
    }
}

// Issue 26: a blind facilitator runs the whole programme alone.

/// Whether `text` is anywhere in what a terminal showed.
fn shows(transcript: &str, text: &str) -> bool {
    transcript.contains(text)
}

#[test]
fn a_card_is_typed_unseen_and_never_said_back() {
    let dir = world();
    let (transcript, output) = drive(&dir.path().join("circle.db"), "TERM is dumb", MEETING);
    let reading = transcript.find("Card 1 of 3").unwrap();
    for text in ["Our walk by the river", "picnic", "Being listened to"] {
        assert!(!shows(&transcript[..reading], text), "{text:?} was on screen before its reading: {transcript}");
    }
    // A card is heard at its reading, never beside its writer's name.
    assert!(output[reading..].contains("Being listened to"), "{transcript}");
    assert!(!transcript.contains("'s card> Our") && !transcript.contains("'s card> Being"), "{transcript}");
}

fn bo(path: &std::path::Path) -> MemberFields {
    let store = Store::open(path).unwrap();
    let group = store.groups().unwrap().remove(0);
    store.all_members(group.id).unwrap().into_iter().find(|m| m.fields.name == "Bo").unwrap().fields
}

/// "b", "q" and "h" typed where a form, a card or the agreement asks for
/// text are asked about, and nothing is kept until the answer.
#[test]
fn a_word_that_works_everywhere_is_never_kept_as_text_unasked() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let before = bo(&path);
    let script = [
        (0, "roster"),
        (0, "edit 2"),
        (0, "b"),
        (0, "1"),
        (0, "edit 2"),
        (0, ""),
        (0, "h"),
        (0, "1"),
        (0, "m"),
        (0, "1"),
        (0, "endings"),
        (0, "new"),
        (0, "1"),
        (0, "1"),
        (0, "c 1"),
        (0, "b"),
        (0, "1"),
        (0, "agreement"),
        (0, "revise"),
        (0, "change 4"),
        (0, "q"),
        (0, "1"),
    ];
    let (transcript, _) = drive(&path, "TERM is dumb", &script);
    assert!(transcript.contains("“b” is also the word that goes back. Type 1 to go back"), "{transcript}");
    assert!(transcript.contains("Nothing was saved; Bo is as before."), "{transcript}");
    assert!(transcript.contains("“h” is also the word that gives help."), "{transcript}");
    assert!(transcript.contains("Help for the roster."), "{transcript}");
    // A card is not said back, not even a one-letter one.
    assert!(transcript.contains("What you typed is also the word that goes back."), "{transcript}");
    assert!(transcript.contains("Left without saving; the card is as it was."), "{transcript}");
    assert!(transcript.contains("Line 4 is kept as it was.\nGoodbye."), "{transcript}");
    assert_eq!(bo(&path), before, "Bo's details changed");

    let circle = Circle::open(&path).unwrap();
    let group = circle.groups().unwrap().remove(0).id;
    let draft = circle.agreement_overview(group).unwrap().draft.unwrap();
    assert!(!draft.lines().any(|l| l.trim() == "q"), "{draft}");
    let store = Store::open(&path).unwrap();
    let activity = store.activities(group).unwrap().remove(0);
    assert!(store.cards(activity.id).unwrap().is_empty(), "a card reading “b” was sealed");
}

/// The successor group is not made from a "q", and a word kept on purpose
/// is read back before the form is saved.
#[test]
fn a_word_kept_on_purpose_is_read_back_before_saving() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let mut script: Vec<(i64, &str)> = MEETING[..MEETING.len() - 1].to_vec();
    script.extend([(38, "finish"), (38, "1"), (38, "q"), (38, "2"), (38, ""), (38, "q")]);
    let (transcript, _) = drive(&path, "TERM is dumb", &script);
    assert!(transcript.contains("“q” is also the word that quits."), "{transcript}");
    let circle = Circle::open(&path).unwrap();
    let names: Vec<String> = circle.groups().unwrap().into_iter().map(|g| g.name).collect();
    assert!(names.iter().any(|n| n == "q"), "kept on purpose, the name is used: {names:?}");

    let dir = world();
    let path = dir.path().join("circle.db");
    let script =
        [(0, "roster"), (0, "edit 2"), (0, ""), (0, "h"), (0, "2"), (0, ""), (0, ""), (0, ""), (0, ""), (0, "")];
    let (transcript, _) =
        drive(&path, "TERM is dumb", &[&script[..], &[(0, ""), (0, ""), (0, "no"), (0, "q")]].concat());
    assert!(transcript.contains("1 change to save:\nPronouns: “h”, was “he/him”.\nSave? yes or no."), "{transcript}");
    assert!(transcript.contains("Nothing was saved."), "{transcript}");
    assert_eq!(bo(&path).pronouns, "he/him");
}

fn with_minimum_of_one_minute(path: &std::path::Path) {
    let mut circle = Circle::open(path).unwrap();
    let group = circle.groups().unwrap().remove(0);
    let settings = circle::domain::GroupSettings { min_speaking_minutes: 1, ..group.settings };
    circle.update_group_settings(group.id, settings, day()).unwrap();
}

fn seconds(s: i64, line: &str) -> (Duration, &str) {
    (Duration::seconds(s), line)
}

/// Least speaking time 1 minute, a turn started, and nothing typed for 66
/// seconds: one line and the bell at the minute, and nothing else.
#[test]
fn the_time_mark_is_told_with_the_bell_while_nobody_types() {
    for bell in [true, false] {
        let dir = world();
        let path = dir.path().join("circle.db");
        with_minimum_of_one_minute(&path);
        let script = [
            seconds(0, "register"),
            seconds(0, "y"),
            seconds(0, "1 2"),
            seconds(0, "0"),
            seconds(0, "round"),
            seconds(0, "s"),
            seconds(66, "t"),
            seconds(66, "q"),
        ];
        let (transcript, _, _) = drive_timed(&path, "TERM is dumb", &script, Options { bell, ..Options::default() });
        let started = transcript.find(" speaking now.").unwrap();
        let asked = transcript.rfind(" speaking> t").unwrap() + " speaking> ".len();
        let between: Vec<&str> = transcript[started..asked].lines().skip(1).collect();
        let ring = if bell { "[bell]" } else { "" };
        assert_eq!(between.len(), 3, "{between:#?}");
        assert!(between[0].starts_with("Round, ") && between[0].ends_with(" speaking> "), "{between:#?}");
        assert!(between[1].starts_with(ring) && between[1].ends_with(" has had the group's minimum time, 1 minute."));
        assert_eq!(between[1].contains("[bell]"), bell, "{between:#?}");
        assert_eq!(between[2], between[0]);
        assert!(transcript[asked..].contains("has spoken 1 minute 6 seconds"), "{transcript}");
    }
}

/// `round` after today's round was ended asks before starting another.
#[test]
fn a_second_round_is_asked_for() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let script = [
        (0, "register"),
        (0, "y"),
        (0, "1 2"),
        (0, "0"),
        (0, "round"),
        (0, "p"),
        (0, "p"),
        (0, "e"),
        (0, "y"),
        (1, "round"),
        (1, "n"),
        (1, "round"),
    ];
    let (transcript, _) = drive(&path, "TERM is dumb", &script);
    assert!(transcript.contains("Today's meeting already has a round, ended earlier. Start another?"), "{transcript}");
    assert!(transcript.contains("No new round was started."), "{transcript}");
    let store = Store::open(&path).unwrap();
    let group = store.groups().unwrap().remove(0);
    let meeting = store.meeting_on(group.id, day()).unwrap().unwrap();
    assert!(store.round_in_progress(meeting.id).unwrap().is_none(), "a round was started unasked");
    let (transcript, _) = drive(&path, "TERM is dumb", &[(2, "round"), (2, "y"), (2, "q")]);
    assert!(transcript.contains("A round of 2 present"), "{transcript}");
}

/// A roster of 60: the count, twenty lines, and more on asking.
#[test]
fn a_long_answer_comes_a_page_at_a_time() {
    let dir = world();
    let path = dir.path().join("circle.db");
    {
        let mut store = Store::open(&path).unwrap();
        let group = store.groups().unwrap().remove(0).id;
        for n in 0..54 {
            store
                .add_member(group, &MemberFields::named(&format!("Person {n:02}")), MemberStatus::Active, day())
                .unwrap();
        }
    }
    let script = [(0, "roster"), (0, "more"), (0, "r"), (0, "more"), (0, "60"), (0, "more"), (0, "q")];
    let (transcript, _) = drive(&path, "TERM is dumb", &script);
    assert!(transcript.contains("Roster of Thursday Circle: 60 people"), "{transcript}");
    assert!(transcript.contains("60 people in all, 20 at a time:\n1. "), "{transcript}");
    let first_more = transcript.find("Roster> more").unwrap();
    assert!(!transcript[..first_more].contains("\n21. "), "{transcript}");
    assert!(transcript.contains("That was 20 of 60 people. Type more for the next 20"), "{transcript}");
    // r says the page again, and more carries on after it.
    assert_eq!(transcript.matches("That was 40 of 60 people. Type more for the next 20").count(), 2, "{transcript}");
    assert_eq!(transcript.matches("\n41. ").count(), 1, "{transcript}");
    assert!(transcript.contains("That was the last of 60 people."), "{transcript}");
    // Once the facilitator moved on, more means nothing.
    assert!(transcript.contains("“more” means nothing here."), "{transcript}");
}

/// The menu and the card instructions in full once, then briefly.
#[test]
fn long_instructions_are_said_in_full_once() {
    let dir = world();
    let (transcript, _) = drive(&dir.path().join("circle.db"), "TERM is dumb", MEETING);
    assert_eq!(transcript.matches("Main menu of Thursday Circle, 8 choices").count(), 1, "{transcript}");
    assert_eq!(transcript.matches("most positive experience").count(), 1, "{transcript}");
    assert!(transcript.contains("Main menu: 1 roster, 2 register, 3 meetings, 4 round"), "{transcript}");
}

/// Size health's advice on the review names a control linear mode has.
#[test]
fn the_review_is_marked_done_in_plain_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let (transcript, _) = drive(&path, "TERM is dumb", &[(0, "size"), (0, "reviewed today"), (0, "q")]);
    assert!(transcript.contains("Noted: the group reviewed how it describes itself today, Thursday 26 November 2026."));
    let circle = Circle::open(&path).unwrap();
    assert_eq!(circle.groups().unwrap()[0].settings.last_review, Some(day()));
}

/// The draft is heard without its Markdown marks read out, and a heading
/// changed by its words alone stays a heading.
#[test]
fn the_draft_is_heard_as_headings_and_lines() {
    let dir = world();
    let path = dir.path().join("circle.db");
    let script = [(0, "agreement"), (0, "revise"), (0, "change 3"), (0, "Why we meet"), (0, "draft"), (0, "q")];
    let (transcript, _) = drive(&path, "TERM is dumb", &script);
    assert!(transcript.contains("Line 3 is “Our purpose” (a heading: it stays one)."), "{transcript}");
    assert!(transcript.contains("\n3. Heading: Why we meet\n"), "{transcript}");
    assert!(!transcript.contains("\n3. ## "), "{transcript}");
    let circle = Circle::open(&path).unwrap();
    let group = circle.groups().unwrap().remove(0).id;
    let draft = circle.agreement_overview(group).unwrap().draft.unwrap();
    assert!(draft.contains("\n## Why we meet\n"), "{draft}");
}

/// A group's meetings, years of them, are heard a page at a time too.
#[test]
fn the_meetings_come_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circle.db");
    let mut store = Store::open(&path).unwrap();
    circle::demo::fill(&mut store, day()).unwrap();
    drop(store);
    let (transcript, _) = drive(&path, "TERM is dumb", &[(0, "meetings"), (0, "more"), (0, "q")]);
    let first_more = transcript.find("Type more for the next").expect(&transcript);
    assert!(!transcript[..first_more].contains("\n21. "), "{transcript}");
    assert!(transcript[first_more..].contains("\n21. "), "{transcript}");
}

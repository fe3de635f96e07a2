//! The group agreement: drafts, adoption, versions, sign-ups and the export
//! through the use cases on a real database; the pane by keys, with
//! snapshots of its views.

use assert_cmd::Command;
use chrono::NaiveDate;
use circle::domain::agreement::{DiffLine, TEMPLATE};
use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::{Circle, Error};
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

fn ctrl(app: &mut App, c: char) {
    app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
}

fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

struct World {
    dir: tempfile::TempDir,
    group: circle::domain::GroupId,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let group = store
            .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap()
            .id;
        for name in ["Ann", "Bo", "Cy"] {
            store.add_member(group, &MemberFields::named(name), MemberStatus::Active, day()).unwrap();
        }
        World { dir, group }
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("a.db")
    }

    fn circle(&self) -> Circle {
        Circle::open(&self.path()).unwrap()
    }

    fn app(&self) -> App {
        let mut app = App::new(self.circle(), day(), Theme { color: false, ..Theme::default() });
        app.update(Action::GoTab(Tab::Agreement));
        app
    }
}

#[test]
fn drafts_adoption_versions_and_sign_ups() {
    let w = World::new();
    let mut c = w.circle();
    // An empty draft, or no draft, cannot be adopted.
    assert!(matches!(c.adopt_draft(w.group, "first", day()), Err(Error::Refused(_))));
    c.start_from_template(w.group).unwrap();
    assert!(c.start_from_template(w.group).is_err(), "a draft in progress is kept");
    let seen = c.agreement_draft(w.group).unwrap();
    c.save_draft(w.group, seen.as_deref(), "   \n").unwrap();
    assert!(c.adopt_draft(w.group, "first", day()).is_err(), "an empty draft is refused");
    let seen = c.agreement_draft(w.group).unwrap();
    c.save_draft(w.group, seen.as_deref(), TEMPLATE).unwrap();
    assert!(matches!(c.adopt_draft(w.group, "", day()), Err(Error::Field("note", _))), "a change note is needed");
    let v1 = c.adopt_draft(w.group, "our first agreement", day()).unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(c.agreement_overview(w.group).unwrap().draft, None, "adopting uses up the draft");

    // The same words again are not a new version.
    let same = c.draft_from_current(w.group).unwrap();
    assert_eq!(same, TEMPLATE);
    assert!(c.adopt_draft(w.group, "again", day()).is_err());

    // Everyone is behind until they agree; a new version puts them behind again.
    let ann = c.signers(w.group).unwrap()[0].member;
    assert_eq!(c.agreement_overview(w.group).unwrap().not_agreed.len(), 3);
    assert!(c.record_signups(w.group, &[ann], day().succ_opt().unwrap(), day()).is_err(), "not in the future");
    assert_eq!(c.record_signups(w.group, &[ann], day(), day()).unwrap(), 1);
    assert_eq!(c.agreement_overview(w.group).unwrap().not_agreed.len(), 2);
    let seen = c.agreement_draft(w.group).unwrap();
    c.save_draft(w.group, seen.as_deref(), &format!("{TEMPLATE}\n## Phones\nOn silent, please.\n")).unwrap();
    let v2 = c.adopt_draft(w.group, "phones", day()).unwrap();
    assert_eq!(v2.version, 2);
    let overview = c.agreement_overview(w.group).unwrap();
    assert_eq!(overview.not_agreed.len(), 3, "after a new version everyone agrees again");
    assert_eq!(c.signers(w.group).unwrap()[0].agreed, Some(1));

    let changes = c.agreement_diff(w.group, 1, Some(2)).unwrap();
    assert!(changes.contains(&DiffLine::Added("## Phones\n".into())), "{changes:?}");
    assert!(!changes.iter().any(|l| matches!(l, DiffLine::Removed(_))));

    // A huge paste is refused and the draft stays as it was.
    let huge = "x".repeat(3 * 1024 * 1024);
    let seen = c.agreement_draft(w.group).unwrap();
    assert!(c.save_draft(w.group, seen.as_deref(), &huge).is_err());
}

#[test]
fn a_large_group_names_a_few_who_have_not_agreed_and_counts_the_rest() {
    let w = World::new();
    let mut store = Store::open(&w.path()).unwrap();
    for i in 0..40 {
        store
            .add_member(w.group, &MemberFields::named(&format!("Person {i:02}")), MemberStatus::Active, day())
            .unwrap();
    }
    drop(store);
    let mut c = w.circle();
    let seen = c.agreement_draft(w.group).unwrap();
    c.save_draft(w.group, seen.as_deref(), TEMPLATE).unwrap();
    c.adopt_draft(w.group, "first", day()).unwrap();
    let ann = c.signers(w.group).unwrap()[0].member;
    c.record_signups(w.group, &[ann], day(), day()).unwrap();

    let overview = c.agreement_overview(w.group).unwrap();
    assert_eq!(overview.not_agreed_count, 42, "Bo, Cy and the forty, not Ann");
    assert_eq!(overview.not_agreed.len(), circle::usecase::agreement::NAMES_SHOWN);
    assert_eq!(overview.not_agreed[0].1, "Bo", "by name");
    assert_eq!(overview.not_agreed[2].1, "Person 00");

    let screen = render(&mut w.app(), 120, 12);
    assert!(screen.contains("42 have not yet agreed to v1: Bo, Cy, Person 00"), "{screen}");
}

/// Characters that act on a terminal or hide in text, found raw in `bytes`:
/// controls other than a line break or a tab, and the separators,
/// bidirectional controls and invisible characters names may not hold.
fn raw_controls(bytes: &[u8]) -> Vec<char> {
    let text = String::from_utf8_lossy(bytes);
    let mut found: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
                || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        })
        .collect();
    found.dedup();
    found
}

/// Issue 22: a group name stored by an older circle wrote 12 raw bytes
/// into the Markdown, a clipboard-setting sequence among them. No export of
/// the agreement carries a control character, whatever the group's name,
/// the change note or the body hold; the words and line breaks stay.
#[test]
fn no_export_of_the_agreement_carries_control_characters() {
    let w = World::new();
    let raw = rusqlite::Connection::open(w.path()).unwrap();
    raw.execute("UPDATE groups SET name = 'Circle' || char(27) || ']52;c;aGk=' || char(7) || char(155) || '31m'", [])
        .unwrap();
    drop(raw);
    let mut c = w.circle();
    let hostile = "## Values\nWe care \u{1b}[31mdeeply\u{1b}[0m · Zoë 🌱 · مريم\n\tIndented\u{202E} \u{9b}2Jtext\n";
    let seen = c.agreement_draft(w.group).unwrap();
    c.save_draft(w.group, seen.as_deref(), hostile).unwrap();
    c.adopt_draft(w.group, "first \u{1b}]0;title\u{7}one", day()).unwrap();

    let md = c.agreement_markdown(w.group, None).unwrap();
    assert!(!md.as_bytes().contains(&0x1b), "an ESC byte in the Markdown: {md:?}");
    assert_eq!(raw_controls(md.as_bytes()), Vec::<char>::new(), "{md:?}");
    assert!(md.starts_with("# Circle: group agreement\n"), "{md:?}");
    assert!(md.contains("- What changed: first one\n"), "{md:?}");
    // A tab that starts a line would make it code in Markdown: it goes.
    assert!(md.ends_with("## Values\nWe care deeply · Zoë 🌱 · مريم\nIndented text\n"), "{md:?}");

    // The console's export, and the command line's to a file and a pipe.
    let file = w.dir.path().join("console.md");
    c.export_agreement(w.group, None, &file, false).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md);
    let group = c.group(w.group).unwrap().name;
    let cli = |extra: &[&str]| {
        let out = Command::cargo_bin("circle")
            .unwrap()
            .args(["--db", w.path().to_str().unwrap(), "agreement", "export", "--group", &group])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    assert_eq!(raw_controls(&cli(&[])), Vec::<char>::new());
    let out = w.dir.path().join("agreement.md");
    cli(&["--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), md);
    let missing = Command::cargo_bin("circle")
        .unwrap()
        .args(["--db", w.path().to_str().unwrap(), "agreement", "export", "--group", &group, "--version", "7"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no version 7"));
}

/// From an empty pane to two versions, a diff, sign-ups and the read-aloud
/// view, all by keys.
#[test]
fn a_first_agreement_and_a_second_by_keyboard() {
    let w = World::new();
    let mut app = w.app();
    let empty = render(&mut app, 80, 24);
    assert!(empty.contains("start from a template"), "{empty}");
    insta::assert_snapshot!("agreement_empty_80x24", empty);
    insta::assert_snapshot!("agreement_empty_60x20", render(&mut app, 60, 20));

    app.update(Action::FromTemplate);
    assert!(app.modal.is_some(), "the template opens in the editor");
    ctrl(&mut app, 's');
    app.update(Action::Adopt);
    // The template's blanks are still in it: adopted all the same, asked.
    key(&mut app, KeyCode::Enter);
    typing(&mut app, "Our first agreement");
    key(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Agreement v1") && screen.contains("Not yet agreed to v1"), "{screen}");
    insta::assert_snapshot!("agreement_view_80x24", screen);
    insta::assert_snapshot!("agreement_view_60x20", render(&mut app, 60, 20));

    // Scrolling stops at the end.
    app.update(Action::Bottom);
    let bottom = render(&mut app, 80, 24);
    app.update(Action::Down);
    assert_eq!(bottom, render(&mut app, 80, 24), "scrolling went past the end");

    // Sign-ups: Ann and Bo agree today.
    app.update(Action::SignUps);
    app.update(Action::TogglePresent);
    app.update(Action::TogglePresent);
    app.update(Action::Submit);
    key(&mut app, KeyCode::Enter);
    // No meeting today, so nobody is marked present: asked first.
    let asked = render(&mut app, 80, 24);
    assert!(asked.contains("Ann and Bo are not marked present today"), "{asked}");
    key(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Not yet agreed to v1: Cy"), "{screen}");

    // A second version, written in place.
    app.update(Action::EditDraft);
    key(&mut app, KeyCode::Down);
    typing(&mut app, "Phones stay on silent. ");
    ctrl(&mut app, 's');
    app.update(Action::ShowDiff);
    let diff = render(&mut app, 80, 24);
    assert!(diff.contains("+ ") && diff.contains("Phones stay on silent"), "{diff}");
    insta::assert_snapshot!("agreement_diff_80x24", diff);
    insta::assert_snapshot!("agreement_diff_60x20", render(&mut app, 60, 20));
    app.update(Action::Back);
    app.update(Action::Adopt);
    key(&mut app, KeyCode::Enter); // the blanks are still there: asked again
    typing(&mut app, "Phones");
    key(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Agreement v2") && screen.contains("Not yet agreed to v2: Ann, Bo, Cy"), "{screen}");

    app.update(Action::ReadAloud);
    let page = render(&mut app, 80, 24);
    assert!(page.contains("1 of "), "{page}");
    insta::assert_snapshot!("agreement_read_aloud_80x24", page);
    app.update(Action::NextCard);
    insta::assert_snapshot!("agreement_read_aloud_60x20", render(&mut app, 60, 20));
}

/// The draft is saved as it is typed: a restart keeps it.
#[test]
fn the_draft_survives_a_restart() {
    let w = World::new();
    let mut app = w.app();
    app.update(Action::EditDraft);
    typing(&mut app, "We meet on Thursdays.");
    drop(app); // the laptop closes with the editor open
    let overview = w.circle().agreement_overview(w.group).unwrap();
    assert!(overview.draft.unwrap().contains("We meet on Thursdays."));
}

#[test]
fn opening_the_editor_and_leaving_it_unchanged_leaves_no_draft_waiting() {
    let w = World::new();
    let mut c = w.circle();
    let seen = c.agreement_draft(w.group).unwrap();
    c.save_draft(w.group, seen.as_deref(), TEMPLATE).unwrap();
    c.adopt_draft(w.group, "first", day()).unwrap();
    drop(c);
    let mut app = w.app();
    app.update(Action::EditDraft);
    assert!(app.modal.is_some(), "the editor is open");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none(), "and closed");
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("A draft of the next version is waiting"), "{screen}");
    assert_eq!(w.circle().agreement_overview(w.group).unwrap().draft, None, "nothing was kept");
    // A change is a draft, and so is one saved on purpose.
    app.update(Action::EditDraft);
    typing(&mut app, "x");
    key(&mut app, KeyCode::Esc);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("A draft of the next version is waiting"), "{screen}");
}

/// A group whose agreement is the template, adopted as it is (as a test
/// set-up, without the question the console asks first).
fn adopted_template(w: &World) {
    let mut c = w.circle();
    c.start_from_template(w.group).unwrap();
    c.adopt_draft(w.group, "first", day()).unwrap();
}

/// Reading aloud keeps a list a list: each item on its own line under a
/// bullet, its wrapped second line joined to it, never a literal "- ".
#[test]
fn read_aloud_shows_each_item_of_a_list_on_its_own() {
    let w = World::new();
    adopted_template(&w);
    let mut app = w.app();
    app.update(Action::ReadAloud);
    for _ in 0..3 {
        app.update(Action::NextCard);
    }
    for (width, height) in [(80, 24), (60, 20)] {
        let page = render(&mut app, width, height);
        assert!(page.contains("Boundaries"), "{page}");
        assert!(!page.contains("- "), "a literal dash: {page}");
        let bullets = page.lines().filter(|l| l.contains("• ")).count();
        assert_eq!(bullets, 4, "{page}");
        assert!(page.contains("• What people share here stays here."), "{page}");
    }
    insta::assert_snapshot!("agreement_read_aloud_list_80x24", render(&mut app, 80, 24));
}

/// Linear mode reads a list an item a line, its wrapped lines joined.
#[test]
fn linear_mode_reads_a_list_an_item_a_line() {
    let w = World::new();
    adopted_template(&w);
    let mut out = Vec::new();
    let mut input = std::io::Cursor::new(b"agreement\n4\nq\n".to_vec());
    circle::linear::run_with(w.circle(), day(), "a test", Default::default(), &mut input, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(
            "\n• What people share here stays here. We may talk about what we learned, but not about who said it.\n"
        ),
        "{out}"
    );
    assert!(out.contains("\n• We are peers, not professionals:"), "{out}");
}

/// A draft still holding the template's blanks is not adopted at one key:
/// the console names what is unfinished and asks first. Before that, the
/// draft can be read, read aloud and compared with the template.
#[test]
fn an_unfinished_first_draft_is_asked_about_and_can_be_read_first() {
    let w = World::new();
    let mut app = w.app();
    app.update(Action::FromTemplate);
    ctrl(&mut app, 's');
    assert!(app.modal.is_none(), "the editor closed");

    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("A first agreement is being written"), "{screen}");
    assert!(screen.contains("Who the group is for") && screen.contains("This group is for people who"), "{screen}");
    app.update(Action::ReadAloud);
    let page = render(&mut app, 80, 24);
    assert!(page.contains("1 of 9"), "the draft is read aloud: {page}");
    app.update(Action::Back);
    app.update(Action::ShowDiff);
    let diff = render(&mut app, 80, 24);
    assert!(diff.contains("Changes from the template to the draft: 0 lines added"), "{diff}");
    app.update(Action::Back);

    app.update(Action::Adopt);
    let asked = render(&mut app, 80, 24);
    assert!(asked.contains("blanks from the template"), "{asked}");
    assert!(asked.contains("Our purpose"), "{asked}");
    insta::assert_snapshot!("agreement_unfinished_80x24", asked);
    insta::assert_snapshot!("agreement_unfinished_60x20", render(&mut app, 60, 20));
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
    assert!(w.circle().agreement_overview(w.group).unwrap().versions.is_empty(), "nothing adopted on Esc");

    // Asked, and answered: adopted all the same, with the first version's words.
    app.update(Action::Adopt);
    key(&mut app, KeyCode::Enter);
    let form = render(&mut app, 80, 24);
    assert!(form.contains("Adopt version 1") && form.contains("asked to agree to it."), "{form}");
    assert!(!form.contains("again"), "{form}");
    typing(&mut app, "A start");
    key(&mut app, KeyCode::Enter);
    assert_eq!(w.circle().agreement_overview(w.group).unwrap().versions.len(), 1);
}

/// A finished draft is adopted without the question.
#[test]
fn a_finished_draft_is_adopted_without_a_question() {
    let w = World::new();
    let mut c = w.circle();
    c.save_draft(w.group, None, "## Our purpose\nWe meet to listen… and to be heard.\n").unwrap();
    assert!(c.unfinished_draft(w.group).unwrap().is_empty());
    drop(c);
    let mut app = w.app();
    app.update(Action::Adopt);
    assert!(render(&mut app, 80, 24).contains("Adopt version 1"));
}

/// While writing, the relationship question of the section the cursor is
/// in shows above the text.
#[test]
fn the_editor_shows_the_question_of_the_section_being_written() {
    let w = World::new();
    let mut app = w.app();
    app.update(Action::FromTemplate);
    let top = render(&mut app, 80, 24);
    assert!(!top.contains("How do we want to be with one another"), "{top}");
    let row = TEMPLATE.lines().position(|l| l == "## How we relate to each other").unwrap();
    for _ in 0..row + 2 {
        key(&mut app, KeyCode::Down);
    }
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("? How do we want to be with one another"), "{screen}");
}

/// Linear mode asks too, and a no keeps the draft.
#[test]
fn linear_mode_asks_before_adopting_an_unfinished_draft() {
    let w = World::new();
    let mut out = Vec::new();
    let script = b"agreement\ntemplate\nadopt First\nno\n2\nadopt First\nyes\nq\n".to_vec();
    let mut input = std::io::Cursor::new(script);
    circle::linear::run_with(w.circle(), day(), "a test", Default::default(), &mut input, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("blanks from the template"), "{out}");
    assert!(out.contains("Nothing was adopted; the draft is kept to finish."), "{out}");
    assert!(out.contains("Section 2 of 9: Our purpose."), "the draft is heard: {out}");
    assert!(out.contains("Adopted as version 1. Everyone is asked to agree to it: "), "{out}");
    assert_eq!(w.circle().agreement_overview(w.group).unwrap().versions.len(), 1);
}

/// The agreement's editor says what Esc does: it closes, and the draft,
/// saved as it was typed, is kept.
#[test]
fn the_agreement_editor_footer_says_esc_keeps_the_typing() {
    let w = World::new();
    let mut app = w.app();
    app.update(Action::FromTemplate);
    typing(&mut app, "Hello ");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Esc close") && screen.contains("saved as you type"), "{screen}");
    assert!(!screen.contains("Esc cancel"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
    assert!(w.circle().agreement_draft(w.group).unwrap().unwrap().starts_with("Hello "));
}

/// The head of the agreement uses the width it has: the change note is not
/// cut to 40 characters, a list of names too long for the line says how
/// many it leaves out, and the line about a waiting draft is whole.
#[test]
fn the_head_of_the_agreement_is_never_cut_without_a_count() {
    let w = World::new();
    {
        let mut store = Store::open(&w.path()).unwrap();
        for name in ["Dara-Louise", "Eilidh Margaret", "Femi Adebayo", "Gwendolyn", "Hamid Karimi", "Ioana Popescu"] {
            store.add_member(w.group, &MemberFields::named(name), MemberStatus::Active, day()).unwrap();
        }
    }
    let mut c = w.circle();
    c.save_draft(w.group, None, "## Our purpose\nWe meet to listen.\n").unwrap();
    c.adopt_draft(w.group, "Our first agreement, written together over two evenings", day()).unwrap();
    c.save_draft(w.group, None, "## Our purpose\nWe meet to listen and be heard.\n").unwrap();
    drop(c);
    let mut app = w.app();
    let wide = render(&mut app, 100, 24);
    assert!(wide.contains("Our first agreement, written together over two evenings"), "{wide}");
    for (width, height) in [(80, 24), (60, 20)] {
        let screen = render(&mut app, width, height);
        let line = screen.lines().find(|l| l.contains("agreed to v1")).unwrap_or_default();
        assert!(line.contains("9 have not yet agreed to v1: ") && line.contains(" more"), "{screen}");
        let words = screen.replace('"', " ").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("shows the changes, a adopts it."), "{screen}");
    }
    insta::assert_snapshot!("agreement_head_80x24", render(&mut app, 80, 24));
}

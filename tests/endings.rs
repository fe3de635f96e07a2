//! The endings activity end to end through the store and the console state:
//! resuming mid-reading, erasure mid-activity, and snapshots of each stage.

use chrono::NaiveDate;
use circle::domain::{ActivityStage, CardStyle, EndingMode, MemberId, MemberStatus, Openness};
use circle::domain::{DealEntry, MemberFields, NewActivity, NewGroup};
use circle::store::Store;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use circle::usecase::Circle;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashSet;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

const NAMES: [&str; 5] = ["Ann", "Bo", "Cy", "Dee", "Eli"];

struct Setup {
    dir: tempfile::TempDir,
    members: Vec<MemberId>,
    activity: circle::domain::ActivityId,
}

impl Setup {
    fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("circle.db")
    }

    fn store(&self) -> Store {
        Store::open(&self.path()).unwrap()
    }

    /// The console as it opens, on whichever tab it chooses.
    fn app_as_opened(&self) -> App {
        App::new(Circle::new(self.store()), day(), Theme { color: false, ..Theme::default() })
    }

    fn app(&self) -> App {
        let mut app = App::new(Circle::new(self.store()), day(), Theme { color: false, ..Theme::default() });
        app.update(Action::GoTab(Tab::Endings));
        app
    }
}

/// A group of five with an activity; cards typed and sealed when `cards`.
fn setup(mode: EndingMode, cards: bool) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("circle.db")).unwrap();
    let group = store
        .create_group(
            &NewGroup { name: "Thursday Circle".into(), focus: String::new(), openness: Openness::Open },
            day(),
        )
        .unwrap();
    let members: Vec<MemberId> = NAMES
        .iter()
        .map(|n| store.add_member(group.id, &MemberFields::named(n), MemberStatus::Active, day()).unwrap().id)
        .collect();
    let new =
        NewActivity { held_on: day(), mode, card_style: CardStyle::Typed, chain: false, participants: members.clone() };
    let activity = store.create_activity(group.id, &new).unwrap().id;
    if cards {
        for (id, name) in members.iter().zip(NAMES) {
            store.save_card(activity, *id, &format!("{name}'s best memory: the picnic in the rain"), true).unwrap();
        }
    }
    Setup { dir, members, activity }
}

/// Deals with a fixed seed through the same use cases the console calls.
fn deal(store: &mut Store, activity: circle::domain::ActivityId, seed: u64, lock: bool) {
    let path = store.path().to_path_buf();
    let mut circle = Circle::open(&path).unwrap();
    circle.deal(activity, seed).unwrap();
    if lock {
        circle.lock_deal(activity).unwrap();
    }
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn collecting_shows_names_and_seals_never_text() {
    let s = setup(EndingMode::FaceToFace, true);
    let mut app = s.app();
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("picnic"), "a sealed card's text showed in the list");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_deal_shows_numbers_not_text() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, false);
    let mut app = s.app();
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("picnic"));
    assert!(screen.contains("reads card"));
    insta::assert_snapshot!(screen);
}

#[test]
fn online_rooms() {
    let s = setup(EndingMode::Online, true);
    deal(&mut s.store(), s.activity, 7, false);
    let mut app = s.app();
    insta::assert_snapshot!(render(&mut app, 80, 24));
}

#[test]
fn reading_and_celebration() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, true);
    let mut app = s.app();
    let first = render(&mut app, 80, 24);
    assert!(first.contains("1 of 5"), "{first}");
    insta::assert_snapshot!("reading_first_card", first);
    for _ in 0..5 {
        app.update(Action::MarkRead);
    }
    let store = s.store();
    assert_eq!(store.activity(s.activity).unwrap().stage, ActivityStage::Celebrating);
    assert!(store.deal(s.activity).unwrap().iter().all(|e| e.read_at.is_some()));
    let end = render(&mut app, 80, 24);
    assert!(end.contains("5 experiences heard, read aloud by 5 people"), "{end}");
    insta::assert_snapshot!("celebration", end);
}

#[test]
fn the_author_stays_hidden_until_revealed() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, true);
    let mut app = s.app();
    assert!(!render(&mut app, 80, 24).contains("written by"));
    app.update(Action::RevealAuthor);
    assert!(render(&mut app, 80, 24).contains("written by"));
}

#[test]
fn a_restart_resumes_exactly_where_the_reading_was() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, true);
    let before_deal = s.store().deal(s.activity).unwrap();
    {
        let mut app = s.app();
        app.update(Action::MarkRead);
        app.update(Action::MarkRead);
        app.update(Action::RevealAuthor);
        // The console is dropped here as if the laptop were closed.
    }
    let store = s.store();
    let activity = store.activity(s.activity).unwrap();
    assert_eq!(activity.position, 2);
    assert!(activity.reveal_author);
    assert_eq!(activity.stage, ActivityStage::Reading);
    let after = store.deal(s.activity).unwrap();
    let same_deal = |e: &DealEntry| (e.position, e.reader, e.card);
    assert_eq!(after.iter().map(same_deal).collect::<Vec<_>>(), before_deal.iter().map(same_deal).collect::<Vec<_>>());
    assert_eq!(after.iter().filter(|e| e.read_at.is_some()).count(), 2);
    let mut app = s.app();
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("3 of 5"), "{screen}");
    assert!(screen.contains("2 read so far"), "{screen}");
}

#[test]
fn forgetting_a_reader_mid_activity_redeals_and_keeps_what_was_read() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, true);
    let mut store = s.store();
    store.mark_read(s.activity, 0, true).unwrap();
    let first = store.deal(s.activity).unwrap()[0].clone();
    // Forget someone who neither wrote nor read the card already read.
    let card_author = store.cards(s.activity).unwrap().into_iter().find(|c| c.id == first.card).unwrap().author;
    let gone = *s.members.iter().find(|m| **m != card_author && Some(**m) != first.reader).unwrap();
    drop(store);
    let mut circle = Circle::open(&s.path()).unwrap();
    assert_eq!(circle.forget_member(gone, 7).unwrap().activities_mended, 1);
    drop(circle);
    let mut app = s.app();
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Someone was forgotten"), "the redeal is told on the reading screen: {screen}");
    let store = s.store();
    let deal = store.deal(s.activity).unwrap();
    let cards = store.cards(s.activity).unwrap();
    assert_eq!(cards.len(), 4);
    assert_eq!(deal.len(), 4, "every remaining card is dealt once");
    let dealt: HashSet<_> = deal.iter().map(|e| e.card).collect();
    assert_eq!(dealt, cards.iter().map(|c| c.id).collect());
    for (i, e) in deal.iter().enumerate() {
        assert_eq!(e.position as usize, i, "positions are contiguous");
        assert_ne!(e.reader, Some(gone));
        let author = cards.iter().find(|c| c.id == e.card).unwrap().author;
        assert_ne!(Some(author), e.reader, "someone reads their own card");
    }
    let kept = deal.iter().find(|e| e.card == first.card).unwrap();
    assert!(kept.read_at.is_some(), "the card already read lost its mark");
    assert_eq!(kept.reader, first.reader, "the read mark moved to another reader");
    assert!(store.activity(s.activity).unwrap().locked);
}

/// The reproduction from the issue: Di does not take part but wrote a card;
/// after the lock, Di is forgotten from the roster; Space then reads every
/// card once, by someone other than its author, up to the celebration.
#[test]
fn forgetting_an_absent_author_after_the_lock_still_reaches_the_celebration() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let names = ["Ann", "Bo", "Cy", "Di"];
    for seed in 0..12u64 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("circle.db")).unwrap();
        let group = store
            .create_group(&NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open }, day())
            .unwrap();
        let ids: Vec<MemberId> = names
            .iter()
            .map(|n| store.add_member(group.id, &MemberFields::named(n), MemberStatus::Active, day()).unwrap().id)
            .collect();
        let new = NewActivity {
            held_on: day(),
            mode: EndingMode::FaceToFace,
            card_style: CardStyle::Typed,
            chain: false,
            participants: ids[..3].to_vec(),
        };
        let activity = store.create_activity(group.id, &new).unwrap().id;
        for (id, n) in ids.iter().zip(names) {
            store.save_card(activity, *id, &format!("{n} remembers the first evening"), true).unwrap();
        }
        drop(store);
        let mut circle = Circle::open(&dir.path().join("circle.db")).unwrap();
        circle.deal(activity, seed).unwrap();
        circle.lock_deal(activity).unwrap();
        let di_card = circle.store().cards(activity).unwrap()[3].id;
        let before = circle.store().deal(activity).unwrap();
        if before.last().map(|e| e.card) == Some(di_card) {
            continue; // the issue reshuffles until Di's card is not last
        }
        let mut app = App::new(circle, day(), Theme { color: false, ..Theme::default() });
        // Forget Di from the roster, typing the name to confirm.
        app.update(Action::GoTab(Tab::Roster));
        app.update(Action::Bottom);
        app.update(Action::Forget);
        for c in "Di".chars() {
            app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        }
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        app.update(Action::GoTab(Tab::Endings));
        for _ in 0..6 {
            app.update(Action::MarkRead);
        }
        let screen = render(&mut app, 80, 24);
        assert!(screen.contains("3 experiences heard"), "seed {seed}: {screen}");
        let store = Store::open(&dir.path().join("circle.db")).unwrap();
        assert_eq!(store.activity(activity).unwrap().stage, ActivityStage::Celebrating);
        let deal = store.deal(activity).unwrap();
        let cards = store.cards(activity).unwrap();
        assert_eq!(deal.len(), 3);
        for (i, e) in deal.iter().enumerate() {
            assert_eq!(e.position as usize, i);
            assert!(e.read_at.is_some());
            let author = cards.iter().find(|c| c.id == e.card).unwrap().author;
            assert_ne!(Some(author), e.reader);
        }
    }
}

#[test]
fn an_empty_card_cannot_be_sealed_and_hostile_text_is_harmless() {
    let s = setup(EndingMode::FaceToFace, false);
    let mut store = s.store();
    assert!(store.save_card(s.activity, s.members[0], "   ", true).is_err());
    store.save_card(s.activity, s.members[0], "Kind words\u{1b}[2J\u{1b}]0;title\u{7} 🌈 مرحبا", true).unwrap();
    for m in &s.members[1..] {
        store.save_card(s.activity, *m, "ok", true).unwrap();
    }
    deal(&mut store, s.activity, 1, true);
    let mut app = s.app();
    for _ in 0..5 {
        let screen = render(&mut app, 80, 24);
        assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
        app.update(Action::NextCard);
    }
}

#[test]
fn reading_view_fits_small_windows() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, true);
    let mut app = s.app();
    for (w, h) in [(40, 12), (60, 20), (120, 40), (1, 1)] {
        render(&mut app, w, h);
    }
    insta::assert_snapshot!("reading_60x20", render(&mut app, 60, 20));
}

#[test]
fn the_author_is_hidden_again_on_the_next_card() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 42, true);
    let mut app = s.app();
    app.update(Action::RevealAuthor);
    assert!(render(&mut app, 80, 24).contains("written by"));
    app.update(Action::NextCard);
    assert!(!render(&mut app, 80, 24).contains("written by"));
    app.update(Action::RevealAuthor);
    app.update(Action::MarkRead);
    assert!(!render(&mut app, 80, 24).contains("written by"));
}

#[test]
fn a_long_card_scrolls_and_says_so() {
    let s = setup(EndingMode::FaceToFace, false);
    let mut store = s.store();
    let long: String = (1..=150).map(|i| format!("line{i:03} ")).collect::<Vec<_>>().join("and ");
    for m in &s.members {
        store.save_card(s.activity, *m, &long, true).unwrap();
    }
    deal(&mut store, s.activity, 3, true);
    let mut app = s.app();
    let top = render(&mut app, 80, 24);
    assert!(top.contains("↓ more"), "{top}");
    assert!(top.contains("line001") && !top.contains("line150"), "{top}");
    for _ in 0..40 {
        app.update(Action::Down);
    }
    let bottom = render(&mut app, 80, 24);
    assert!(bottom.contains("line150"), "{bottom}");
    assert!(bottom.contains("↑ back up"), "{bottom}");
    // Presses past the end were not counted: one Up moves back up at once.
    app.update(Action::Up);
    let one_up = render(&mut app, 80, 24);
    assert!(one_up.contains("↓ more") && !one_up.contains("line150"), "{one_up}");
}

#[test]
fn marking_who_takes_part_keeps_the_cursor_on_that_person() {
    let s = setup(EndingMode::FaceToFace, false);
    let mut app = s.app();
    app.update(Action::Down);
    let person = |app: &App| {
        let open = app.endings.open.as_ref().unwrap();
        open.view.people[open.cursor.selected].id
    };
    let chosen = person(&app);
    app.update(Action::TogglePresent);
    render(&mut app, 80, 24);
    assert_eq!(person(&app), chosen, "the cursor moved to someone else");
    app.update(Action::TogglePresent);
    assert_eq!(person(&app), chosen);
    assert_eq!(s.store().participants(s.activity).unwrap().len(), 5, "two presses undo each other");
}

fn key(app: &mut App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{Event, KeyEvent, KeyModifiers};
    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, ratatui::crossterm::event::KeyCode::Char(c));
    }
}

/// The message in the footer or the note over a stage, if either did not
/// fit whole on one line of an 80-column screen.
fn cut_message(app: &mut App) -> Option<String> {
    let screen = render(app, 80, 24);
    let flash = app.ctx.flash.as_ref().map(|f| f.text.clone());
    let note = app.endings.open.as_ref().and_then(|o| o.note.clone());
    [flash, note].into_iter().flatten().find(|text| !screen.lines().any(|l| l.contains(text.as_str())))
}

/// Every message the activity shows fits 80 columns whole, face to face and
/// online, through the whole flow and its refusals.
#[test]
fn every_message_of_the_activity_fits_80_columns() {
    use ratatui::crossterm::event::KeyCode;
    let exports = tempfile::tempdir().unwrap();
    for mode in [EndingMode::FaceToFace, EndingMode::Online] {
        let s = setup(mode, false);
        let mut app = s.app();
        let check = |app: &mut App, step: &str| {
            assert_eq!(cut_message(app), None, "{mode:?}, {step}: the message was cut");
        };
        // A deal with too few cards, then cards from everyone but one.
        app.update(Action::Deal);
        check(&mut app, "deal without cards");
        for i in 0..4 {
            app.update(Action::Top);
            for _ in 0..i {
                app.update(Action::Down);
            }
            app.update(Action::WriteCard);
            type_text(&mut app, "The evening we all laughed until we cried");
            key(&mut app, KeyCode::Enter);
            check(&mut app, "sealing a card");
        }
        app.update(Action::Deal);
        key(&mut app, KeyCode::Enter); // deal anyway
        check(&mut app, "dealing");
        app.update(Action::ToggleChain);
        check(&mut app, "the chain");
        app.update(Action::Shuffle);
        check(&mut app, "reshuffle");
        if mode == EndingMode::Online {
            app.update(Action::ExportRooms);
            let path = exports.path().join("rooms.csv");
            key(&mut app, KeyCode::Home);
            for _ in 0..200 {
                key(&mut app, KeyCode::Delete);
            }
            type_text(&mut app, path.to_str().unwrap());
            key(&mut app, KeyCode::Enter);
            check(&mut app, "exporting rooms");
            assert!(path.exists() && exports.path().join("rooms-cards.txt").exists());
            app.update(Action::PartnerCards);
            let screen = render(&mut app, 80, 24);
            assert!(screen.contains("you read this card aloud"), "{screen}");
            app.update(Action::Back);
        }
        app.update(Action::LockDeal);
        check(&mut app, "locking");
        for _ in 0..5 {
            app.update(Action::MarkRead);
            check(&mut app, "reading");
        }
        app.update(Action::ExportKeepsake);
        let path = exports.path().join(format!("keepsake-{mode:?}.md"));
        key(&mut app, KeyCode::Home);
        for _ in 0..200 {
            key(&mut app, KeyCode::Delete);
        }
        type_text(&mut app, path.to_str().unwrap());
        key(&mut app, KeyCode::Enter);
        check(&mut app, "keepsake");
        app.update(Action::WhatNext);
        key(&mut app, KeyCode::Enter);
        check(&mut app, "what comes next");
    }
}

/// A second save to the same name asks first and replaces only when the
/// same name is saved again; default names never collide.
#[test]
fn exports_never_replace_a_file_without_asking() {
    use ratatui::crossterm::event::KeyCode;
    let s = setup(EndingMode::Online, true);
    deal(&mut s.store(), s.activity, 3, true);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rooms.csv");
    std::fs::write(&path, "mine").unwrap();
    let mut app = s.app();
    app.update(Action::ExportRooms);
    key(&mut app, KeyCode::Home);
    for _ in 0..200 {
        key(&mut app, KeyCode::Delete);
    }
    type_text(&mut app, path.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("is already there"), "{screen}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine", "the file was replaced without asking");
    key(&mut app, KeyCode::Enter);
    // Nobody here has an email: each is named, with why, before closing.
    let said = render(&mut app, 80, 24);
    assert!(said.contains("Rooms saved") && said.contains("no email in their contact"), "{said}");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none(), "the second Enter replaces");
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("Pre-assign Room Name"));
    let cards = std::fs::read_to_string(dir.path().join("rooms-cards.txt")).unwrap();
    assert_eq!(cards.matches("you read this card aloud").count(), 5, "every reader of five gets a card: {cards}");
    for name in NAMES {
        assert!(!cards.contains(&format!("{name}'s card")), "an author was named without being revealed");
    }

    let mut circle = Circle::open(&s.path()).unwrap();
    let activity = circle.store().activity(s.activity).unwrap();
    let first = circle.default_rooms_path(&activity);
    assert!(first.to_string_lossy().contains("thursday-circle-rooms-2026-11-26"), "{}", first.display());
}

/// Space only marks read; taking a mark back is its own key. A restart opens
/// on the activity in progress, whichever tab the console was closed on.
#[test]
fn space_only_marks_read_and_a_restart_opens_on_the_activity() {
    let s = setup(EndingMode::FaceToFace, true);
    deal(&mut s.store(), s.activity, 9, true);
    let mut app = s.app();
    app.update(Action::Bottom);
    app.update(Action::MarkRead);
    let last = s.store().deal(s.activity).unwrap().len() - 1;
    assert!(s.store().deal(s.activity).unwrap()[last].read_at.is_some());
    app.update(Action::Bottom);
    app.update(Action::MarkRead);
    assert!(s.store().deal(s.activity).unwrap()[last].read_at.is_some(), "Space took a read mark back");
    app.update(Action::Bottom);
    app.update(Action::UnmarkRead);
    assert!(s.store().deal(s.activity).unwrap()[last].read_at.is_none(), "u takes the mark back");

    app.update(Action::GoTab(Tab::Size));
    app.update(Action::Quit);
    drop(app);
    let app = s.app_as_opened();
    assert_eq!(app.tab, Tab::Endings, "the console opens on the activity in progress");
}

/// When only a file beside the CSV is there (the chat text), the second
/// Enter still replaces; a revealed author is hidden again after a restart.
#[test]
fn replacing_works_for_any_of_the_files_and_authors_hide_after_a_restart() {
    use ratatui::crossterm::event::KeyCode;
    let s = setup(EndingMode::Online, true);
    deal(&mut s.store(), s.activity, 3, true);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rooms.txt"), "mine").unwrap();
    let mut app = s.app();
    app.update(Action::ExportRooms);
    key(&mut app, KeyCode::Home);
    for _ in 0..200 {
        key(&mut app, KeyCode::Delete);
    }
    type_text(&mut app, dir.path().join("rooms.csv").to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_some(), "the first Enter asks");
    key(&mut app, KeyCode::Enter);
    assert!(render(&mut app, 80, 24).contains("Rooms saved"), "{}", render(&mut app, 80, 24));
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none(), "the second Enter replaces: {}", render(&mut app, 80, 24));
    assert_ne!(std::fs::read_to_string(dir.path().join("rooms.txt")).unwrap(), "mine");

    app.update(Action::RevealAuthor);
    assert!(s.store().activity(s.activity).unwrap().reveal_author);
    drop(app);
    let mut app = s.app_as_opened();
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("written by"), "{screen}");
    assert!(!s.store().activity(s.activity).unwrap().reveal_author);
}

/// Characters that act on a terminal or hide in text, found raw in `text`:
/// controls other than a line break, and the separators, bidirectional
/// controls and invisible characters names may not hold.
fn raw_controls(text: &str) -> Vec<char> {
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

/// Issue 22: no export carries a control character. Names an older circle
/// stored with escape codes, an email with one, and cards full of them go
/// into the breakout rooms' CSV and chat text, each reader's private
/// message (also what `y` copies) and the keepsake: the words arrive, the
/// codes do not.
#[test]
fn no_export_of_the_activity_carries_control_characters() {
    let s = setup(EndingMode::Online, false);
    let raw = rusqlite::Connection::open(s.path()).unwrap();
    raw.execute("UPDATE groups SET name = 'Thursday' || char(27) || ']52;c;aGk=' || char(7) || ' Circle'", []).unwrap();
    for (i, id) in s.members.iter().enumerate() {
        raw.execute(
            "UPDATE members SET name = name || char(155) || '31m' || char(8238),
                                contact = 'p' || ?2 || char(27) || '[2J@example.org' WHERE id = ?1",
            rusqlite::params![id.0, i as i64],
        )
        .unwrap();
    }
    drop(raw);
    let mut store = s.store();
    for (id, name) in s.members.iter().zip(NAMES) {
        let text =
            format!("{name}'s \u{1b}[31mbest\u{1b}[0m memory\u{2028}of the \u{1b}]8;;http://x\u{1b}\\picnic\u{200b}");
        store.save_card(s.activity, *id, &text, true).unwrap();
    }
    deal(&mut store, s.activity, 3, true);
    let mut c = Circle::new(store);
    c.reveal_author(s.activity, true).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rooms.csv");
    let done = c.export_rooms(s.activity, &csv, false).unwrap();
    assert!(done.without_email.is_empty(), "{:?}", done.without_email);
    let keepsake = dir.path().join("keepsake.md");
    c.export_keepsake(s.activity, &keepsake, true, false).unwrap();
    let partners = circle::domain::endings::partner_messages_text(&c.partner_cards(s.activity).unwrap());
    let files = ["rooms.csv", "rooms.txt", "rooms-cards.txt", "keepsake.md"];
    let mut texts: Vec<(String, String)> =
        files.iter().map(|f| (f.to_string(), std::fs::read_to_string(dir.path().join(f)).unwrap())).collect();
    texts.push(("the copied messages".into(), partners));
    texts.push(("the copied rooms".into(), c.rooms_text(s.activity).unwrap()));
    for (what, text) in &texts {
        assert_eq!(raw_controls(text), Vec::<char>::new(), "{what}: {text:?}");
    }
    let text = |f: &str| &texts.iter().find(|(w, _)| w == f).unwrap().1;
    assert!(text("rooms.csv").contains(",p0@example.org\n"), "{}", text("rooms.csv"));
    assert!(text("rooms-cards.txt").contains("Ann's best memory\nof the picnic"), "{}", text("rooms-cards.txt"));
    assert!(text("keepsake.md").contains("Thursday Circle"), "{}", text("keepsake.md"));
    assert!(text("rooms.txt").contains("Ann"), "{}", text("rooms.txt"));
}

/// The warning before leaving a card unsealed is read whole on the card's
/// screen, at 80x24 and at 60x20.
#[test]
fn leaving_a_card_unsealed_is_warned_in_whole_words() {
    use ratatui::crossterm::event::KeyCode;
    for (width, height) in [(80, 24), (60, 20)] {
        let s = setup(EndingMode::FaceToFace, false);
        let mut app = s.app();
        app.update(Action::Top);
        app.update(Action::WriteCard);
        type_text(&mut app, "The night we all laughed");
        key(&mut app, KeyCode::Esc);
        let screen = render(&mut app, width, height);
        let joined: String =
            screen.lines().map(|l| l.trim_matches(|c: char| c == '│' || c == ' ')).collect::<Vec<_>>().join(" ");
        assert!(joined.contains("to seal it."), "{width}x{height}:\n{screen}");
    }
}

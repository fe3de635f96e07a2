//! The endings activity end to end through the store and the console state:
//! resuming mid-reading, erasure mid-activity, and snapshots of each stage.

use chrono::NaiveDate;
use circle::domain::{ActivityStage, CardStyle, EndingMode, MemberId, MemberStatus, Openness};
use circle::domain::{DealEntry, MemberFields, NewActivity, NewGroup};
use std::collections::HashSet;
use circle::store::Store;
use circle::usecase::Circle;
use circle::tui::keys::Action;
use circle::tui::theme::Theme;
use circle::tui::{App, Tab};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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

    fn app(&self) -> App {
        let mut app = App::new(Circle::new(self.store()), day(), Theme { color: false });
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
    insta::assert_snapshot!(screen.replace(&format!("{:016x}", 42), "SEED"));
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
    let read_card = store.deal(s.activity).unwrap()[0].card;
    // Forget someone who is not the author of the card already read.
    let card_author = store.cards(s.activity).unwrap().into_iter().find(|c| c.id == read_card).unwrap().author;
    let gone = *s.members.iter().find(|m| **m != card_author).unwrap();
    store.forget_member(gone).unwrap();
    drop(store);
    let mut app = s.app();
    render(&mut app, 80, 24);
    let store = s.store();
    let deal = store.deal(s.activity).unwrap();
    let cards = store.cards(s.activity).unwrap();
    assert_eq!(cards.len(), 4);
    assert_eq!(deal.len(), 4, "every remaining card is dealt once");
    let dealt: HashSet<_> = deal.iter().map(|e| e.card).collect();
    assert_eq!(dealt, cards.iter().map(|c| c.id).collect());
    for e in &deal {
        assert_ne!(e.reader, gone);
        let author = cards.iter().find(|c| c.id == e.card).unwrap().author;
        assert_ne!(author, e.reader, "someone reads their own card");
    }
    assert!(deal.iter().any(|e| e.card == read_card && e.read_at.is_some()), "the card already read lost its mark");
    assert!(store.activity(s.activity).unwrap().locked);
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

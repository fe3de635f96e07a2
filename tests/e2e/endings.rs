//! The endings activity ("moving on with positivity") by keyboard: private
//! cards written on the shared laptop, the deal, the reading, the
//! celebration; resuming after the console was killed mid-reading; and the
//! breakout rooms of an online meeting. Card text must never show before its
//! card is read.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use circle::domain::{ActivityId, ActivityStage, CardStyle, EndingMode, GroupId, MemberId, MemberStatus, Openness};
use circle::domain::{Card, DealEntry, MemberFields, NewGroup};
use circle::store::{Store, today};

use crate::pty::{Console, Key, TIMEOUT, db_in, quit_cleanly, reversed, temp_dir};

const GROUP: &str = "Riverside Carers";

/// Who takes part and the card each writes: long enough that the reading
/// view prints it as text rather than in big letters, and unlike anything
/// else on screen.
const PEOPLE: [(&str, &str); 5] = [
    ("Ann", "the lantern walk along the quay in the rain"),
    ("Bo", "learning that my tiredness was not a failing"),
    ("Cy", "the night we laughed until the caretaker came"),
    ("Dee", "being phoned the morning after the hospital"),
    ("Eli", "swapping recipes for one with everybody here"),
];

struct Circle {
    _dir: tempfile::TempDir,
    db: PathBuf,
    group: GroupId,
}

/// A database with one group of five active members.
fn five_active() -> Circle {
    let dir = temp_dir();
    let db = db_in(dir.path());
    let since = today() - chrono::Days::new(90);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: GROUP.into(), focus: String::new(), openness: Openness::Open }, since)
        .expect("make the group")
        .id;
    for (name, _) in PEOPLE {
        store.add_member(group, &MemberFields::named(name), MemberStatus::Active, since).expect("add a member");
    }
    Circle { _dir: dir, db, group }
}

fn launch(db: &Path) -> Console {
    let mut console = Console::spawn(["--db", db.to_str().unwrap()], 80, 24);
    console.wait_for(&format!("circle · {GROUP}"));
    console
}

/// Fails if the screen shows any card's text.
fn assert_no_card_text(console: &Console, when: &str) {
    let screen = console.screen();
    for (name, text) in PEOPLE {
        assert!(!screen.contains(text), "{when}, {name}'s card text is on screen\n{}", console.dump());
    }
}

/// From the roster: `4`, `n`, the form (optionally switched to online), and
/// Enter. Returns the new activity.
fn start_activity(console: &mut Console, circle: &Circle, online: bool) -> ActivityId {
    console.send("4");
    console.wait_for("Moving on with positivity helps");
    console.send("n");
    console.wait_for("Moving on with positivity");
    console.wait_for("Taking part");
    if online {
        console.send_key(Key::Tab);
        console.send_key(Key::Right);
        console.wait_until_screen("\"online\" to be the chosen meeting", TIMEOUT, |s| {
            reversed(s).iter().any(|c| c == "online")
        });
    }
    console.send_key(Key::Enter);
    // The defaults otherwise: typed cards, the active members taking part.
    console.wait_for("5 taking part · 0 cards");
    let mode = if online { "online" } else { "face to face" };
    console.wait_for(&format!("· {mode} · typed cards"));

    let store = Store::open(&circle.db).unwrap();
    let activities = store.activities(circle.group).unwrap();
    assert_eq!(activities.len(), 1, "one activity should have been started: {activities:#?}");
    let a = &activities[0];
    let mode = if online { EndingMode::Online } else { EndingMode::FaceToFace };
    assert_eq!((a.mode, a.card_style, a.chain), (mode, CardStyle::Typed, false), "the form's choices: {a:#?}");
    assert_eq!(store.participants(a.id).unwrap().len(), 5, "every active member takes part");
    a.id
}

/// Each person in turn: Enter opens their private card, they type it, Enter
/// seals it, and the cursor moves on to the next person by itself. The list
/// never shows card text.
fn write_cards(console: &mut Console) {
    for (i, (name, text)) in PEOPLE.iter().enumerate() {
        console.wait_until_screen(&format!("{name}'s row to be selected"), TIMEOUT, |s| {
            reversed(s).iter().any(|row| row.starts_with(&format!("[x] {name} ")))
        });
        console.send_key(Key::Enter);
        console.wait_for(&format!("{name}'s card"));
        console.wait_for(&format!("{name}, what was your most positive experience"));
        console.send(text);
        console.wait_for(text);
        console.send_key(Key::Enter);
        console.wait_for(&format!("Sealed. Thank you, {name}."));
        console.wait_for_gone(&format!("{name}'s card"));
        console.wait_for(&format!("5 taking part · {} card", i + 1));
        assert_no_card_text(console, &format!("after {name} sealed their card"));
    }
    console.wait_until("every card sealed in the list", TIMEOUT, |screen| {
        PEOPLE
            .iter()
            .all(|(name, _)| screen.lines().any(|l| l.starts_with(&format!(" [x] {name} ")) && l.contains("sealed")))
    });
    assert_no_card_text(console, "with every card sealed");
}

/// Names and card numbers, from the store, to read the screen with.
struct Lookup {
    names: HashMap<MemberId, &'static str>,
    cards: Vec<Card>,
}

impl Lookup {
    fn new(store: &Store, circle: &Circle, activity: ActivityId) -> Lookup {
        let names = store
            .all_members(circle.group)
            .unwrap()
            .into_iter()
            .map(|m| (m.id, PEOPLE.iter().find(|(n, _)| *n == m.fields.name).expect("a known name").0))
            .collect();
        Lookup { names, cards: store.cards(activity).unwrap() }
    }

    fn card(&self, entry: &DealEntry) -> &Card {
        self.cards.iter().find(|c| c.id == entry.card).expect("a dealt card is one of the activity's cards")
    }

    fn name(&self, member: MemberId) -> &'static str {
        self.names[&member]
    }
}

/// Whether the screen shows exactly the deal now in the store (the final
/// frame, not one of the reshuffle animation's), after a seed other than
/// `previous`. For online deals, each room's line holds its readings.
fn shows_stored_deal(
    screen: &str,
    store: &Store,
    lookup: &Lookup,
    activity: ActivityId,
    previous: Option<u64>,
) -> bool {
    let Ok(a) = store.activity(activity) else { return false };
    if a.seed.filter(|s| Some(*s) != previous).is_none() || !screen.contains("lock with Enter") {
        return false;
    }
    let Ok(deal) = store.deal(activity) else { return false };
    deal.len() == PEOPLE.len()
        && deal.iter().all(|e| {
            let (name, number) = (lookup.name(e.reader.unwrap()), e.position + 1);
            match e.room {
                None => {
                    let line = format!("{}. {name} reads card {number}", e.position + 1);
                    screen.lines().any(|l| l.trim() == line)
                }
                Some(room) => screen.lines().any(|l| {
                    l.starts_with(&format!(" Room {room}: ")) && l.contains(&format!("{name} reads {number}"))
                }),
            }
        })
}

/// Waits for the deal screen to settle on the stored deal. `z` is no key on
/// the deal screen: it skips the reshuffle animation if it is still running
/// and does nothing otherwise, so no later key is taken as a skip.
fn wait_for_dealt(console: &mut Console, circle: &Circle, activity: ActivityId, previous: Option<u64>) -> u64 {
    console.send("z");
    let store = Store::open(&circle.db).unwrap();
    let lookup = Lookup::new(&store, circle, activity);
    console.wait_until("the screen to show the deal saved in the database", TIMEOUT, |screen| {
        shows_stored_deal(screen, &store, &lookup, activity, previous)
    });
    assert_no_card_text(console, "on the deal screen");
    store.activity(activity).unwrap().seed.expect("a dealt activity has a seed")
}

/// From the list of sealed cards: `d`, then `s` to reshuffle, then Enter to
/// lock. Returns the reading order from the store.
fn deal_and_lock(console: &mut Console, circle: &Circle, activity: ActivityId) -> Vec<DealEntry> {
    console.send("d");
    console.wait_for("The deal · nobody reads their own card");
    let first = wait_for_dealt(console, circle, activity, None);
    console.send("s");
    wait_for_dealt(console, circle, activity, Some(first));
    console.send_key(Key::Enter);
    console.wait_for("1 of 5 · reads card");
    console.wait_for("The deal is locked.");
    let store = Store::open(&circle.db).unwrap();
    assert!(store.activity(activity).unwrap().locked, "Enter should lock the deal");
    store.deal(activity).unwrap()
}

/// Waits for the reading view at `position` (0-based) with `read` cards read,
/// showing the card the deal gives for that position.
fn wait_for_reading(console: &mut Console, lookup: &Lookup, deal: &[DealEntry], position: usize, read: usize) {
    let entry = &deal[position];
    let card = lookup.card(entry);
    console.wait_for(&format!("{} of 5 · reads card {} · {read} read so far", position + 1, position + 1));
    console.wait_for(&card.text);
    // Only the card being read is shown.
    let screen = console.screen();
    for (name, text) in PEOPLE {
        assert!(text == card.text || !screen.contains(text), "{name}'s card shows out of turn\n{}", console.dump());
    }
}

/// Space marks the card read and moves on: `count` times from `from`.
fn read_cards(console: &mut Console, lookup: &Lookup, deal: &[DealEntry], from: usize, count: usize) {
    for position in from..from + count {
        wait_for_reading(console, lookup, deal, position, position);
        console.send_key(Key::Space);
        if position + 1 < deal.len() {
            wait_for_reading(console, lookup, deal, position + 1, position + 1);
        }
    }
}

fn assert_nobody_reads_their_own(lookup: &Lookup, deal: &[DealEntry]) {
    for e in deal {
        let author = lookup.card(e).author;
        assert_ne!(e.reader, Some(author), "{} would read their own card: {deal:#?}", lookup.name(e.reader.unwrap()));
    }
    let readers: HashSet<MemberId> = deal.iter().filter_map(|e| e.reader).collect();
    let cards: HashSet<_> = deal.iter().map(|e| e.card).collect();
    assert_eq!((readers.len(), cards.len()), (5, 5), "everyone reads one card and every card is read once: {deal:#?}");
}

#[test]
fn face_to_face_cards_are_sealed_dealt_read_and_celebrated() {
    let circle = five_active();
    let mut console = launch(&circle.db);
    let activity = start_activity(&mut console, &circle, false);
    write_cards(&mut console);
    let deal = deal_and_lock(&mut console, &circle, activity);

    let lookup = Lookup::new(&Store::open(&circle.db).unwrap(), &circle, activity);
    assert_eq!(lookup.cards.len(), 5);
    assert!(lookup.cards.iter().all(|c| c.sealed), "every card should be sealed: {:#?}", lookup.cards);
    for (name, text) in PEOPLE {
        let card = lookup.cards.iter().find(|c| lookup.name(c.author) == name).expect("everyone wrote a card");
        assert_eq!(card.text, text, "{name}'s card should hold what they typed");
    }
    assert_nobody_reads_their_own(&lookup, &deal);

    read_cards(&mut console, &lookup, &deal, 0, 5);
    console.wait_for("5 experiences heard, read aloud by 5 people.");
    console.wait_for("What did we achieve as a group?");

    quit_cleanly(&mut console);

    let store = Store::open(&circle.db).unwrap();
    let a = store.activity(activity).unwrap();
    assert_eq!(a.stage, ActivityStage::Celebrating);
    assert_eq!(a.mode, EndingMode::FaceToFace);
    let saved = store.deal(activity).unwrap();
    assert!(saved.iter().all(|e| e.read_at.is_some()), "every card should be marked read: {saved:#?}");
    assert!(saved.iter().all(|e| e.room.is_none()), "no rooms face to face: {saved:#?}");
    let order = |d: &[DealEntry]| d.iter().map(|e| (e.position, e.reader, e.card)).collect::<Vec<_>>();
    assert_eq!(order(&saved), order(&deal), "the locked deal is the one that was read");
    assert_nobody_reads_their_own(&lookup, &saved);
}

#[test]
fn a_restart_mid_reading_resumes_at_the_same_card() {
    let circle = five_active();
    let mut console = launch(&circle.db);
    let activity = start_activity(&mut console, &circle, false);
    write_cards(&mut console);
    let deal = deal_and_lock(&mut console, &circle, activity);
    let lookup = Lookup::new(&Store::open(&circle.db).unwrap(), &circle, activity);

    read_cards(&mut console, &lookup, &deal, 0, 2);
    wait_for_reading(&mut console, &lookup, &deal, 2, 2);
    console.signal("TERM");
    let status = console.wait_exit(TIMEOUT);
    let dump = console.dump();
    assert!(!status.success(), "SIGTERM should not count as success\n{dump}");
    // (Whether the cursor comes back is checked on its own, in
    // `roster::a_terminate_signal_on_a_screen_without_a_cursor_shows_it_again`.)
    assert!(console.left_alternate_screen(), "the terminal should be given back\n{dump}");

    let mut console = launch(&circle.db);
    console.send("4");
    wait_for_reading(&mut console, &lookup, &deal, 2, 2);
    console.wait_for("3 of 5");
    console.wait_for("2 read so far");
    quit_cleanly(&mut console);

    let store = Store::open(&circle.db).unwrap();
    let a = store.activity(activity).unwrap();
    assert_eq!((a.stage, a.position), (ActivityStage::Reading, 2));
    let read: Vec<bool> = store.deal(activity).unwrap().iter().map(|e| e.read_at.is_some()).collect();
    assert_eq!(read, [true, true, false, false, false], "the first two cards were read");
}

#[test]
fn online_the_deal_puts_people_in_breakout_rooms() {
    let circle = five_active();
    let mut console = launch(&circle.db);
    let activity = start_activity(&mut console, &circle, true);
    write_cards(&mut console);

    console.send("d");
    console.wait_for("The deal · breakout rooms: partners read each other's cards");
    wait_for_dealt(&mut console, &circle, activity, None);
    console.wait_for("Room 1: ");
    console.wait_for("Room 2: ");
    assert!(!console.screen().contains("Room 3"), "five people make two rooms\n{}", console.dump());

    quit_cleanly(&mut console);

    let store = Store::open(&circle.db).unwrap();
    assert_eq!(store.activity(activity).unwrap().mode, EndingMode::Online);
    let lookup = Lookup::new(&store, &circle, activity);
    let deal = store.deal(activity).unwrap();
    assert_nobody_reads_their_own(&lookup, &deal);
    let mut sizes: Vec<usize> = [1, 2].iter().map(|r| deal.iter().filter(|e| e.room == Some(*r)).count()).collect();
    sizes.sort();
    assert_eq!(sizes, [2, 3], "a pair and a trio: {deal:#?}");
    for e in &deal {
        let author = lookup.card(e).author;
        let author_room = deal.iter().find(|o| o.reader == Some(author)).and_then(|o| o.room);
        assert_eq!(e.room, author_room, "{} reads a card from another room: {deal:#?}", lookup.name(e.reader.unwrap()));
    }
}

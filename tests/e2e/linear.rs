//! Linear mode in a real terminal: what the terminal itself shows matters
//! here, since a terminal echoes what is typed unless told not to. A card
//! typed on the shared laptop must never be on screen, nor in the
//! scrollback, and the first line says linear mode is on before anything
//! else is asked.

use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::{Store, today};

use crate::pty::{Console, db_in, temp_dir};

const CARD: &str = "the lantern walk along the quay in the rain";

#[test]
fn a_card_typed_in_linear_mode_is_never_on_screen() {
    let dir = temp_dir();
    let db = db_in(dir.path());
    let since = today() - chrono::Days::new(90);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: "Riverside".into(), focus: String::new(), openness: Openness::Open }, since)
        .expect("make the group")
        .id;
    for name in ["Ann", "Bo", "Cy"] {
        store.add_member(group, &MemberFields::named(name), MemberStatus::Active, since).expect("add a member");
    }
    drop(store);

    let mut console = Console::spawn(["--linear", "--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Main menu> ");
    for (line, then) in [("endings", "Endings> "), ("new", "how will you meet?")] {
        console.send(&format!("{line}\r"));
        console.wait_for(then);
    }
    console.send("1\r");
    console.wait_for("cards? number> ");
    console.send("1\r");
    console.wait_for("collecting cards> ");
    console.send("c 1\r");
    console.wait_for("Ann's card> ");
    console.send(&format!("{CARD}\r"));
    console.wait_for("Sealed. Thank you, Ann.");
    console.send("c 2\r");
    console.wait_for("Bo's card> ");
    let shown = String::from_utf8_lossy(&console.transcript()).into_owned();
    assert!(!shown.contains("lantern"), "the card was echoed by the terminal:\n{}", console.dump());
    assert!(!console.screen().contains("lantern"), "{}", console.dump());
    // The terminal echoes again once the card is sealed.
    console.send("\r");
    console.wait_for("Left without saving");
    console.send("l\r");
    console.wait_for("Endings, collecting cards> l");
    console.send("q\r");
    console.wait_exit(crate::pty::TIMEOUT);
}

#[test]
fn linear_mode_says_so_before_asking_to_make_a_database() {
    let dir = temp_dir();
    let db = dir.path().join("new.db");
    let mut console = Console::spawn(["--linear", "--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Create a new one there?");
    let screen = console.screen();
    assert!(
        screen.trim_start().starts_with("Linear mode is on because you started circle with --linear."),
        "{}",
        console.dump()
    );
    console.send("n\r");
    console.wait_for("Nothing was created.");
    console.wait_exit(crate::pty::TIMEOUT);
    assert!(!db.exists());
}

/// Online, linear mode reads each reader's partner card and saves the
/// rooms, as the console's rooms screen does.
#[test]
fn linear_mode_sends_partner_cards_and_saves_the_rooms() {
    use circle::domain::{CardStyle, EndingMode, NewActivity};
    let dir = temp_dir();
    let db = db_in(dir.path());
    let since = today() - chrono::Days::new(90);
    let mut store = Store::open(&db).expect("make the database");
    let group = store
        .create_group(&NewGroup { name: "Riverside".into(), focus: String::new(), openness: Openness::Open }, since)
        .expect("make the group")
        .id;
    let members: Vec<_> = ["Ann", "Bo", "Cy", "Dee"]
        .iter()
        .map(|n| store.add_member(group, &MemberFields::named(n), MemberStatus::Active, since).unwrap().id)
        .collect();
    let new = NewActivity {
        held_on: today(),
        mode: EndingMode::Online,
        card_style: CardStyle::Typed,
        chain: false,
        participants: members.clone(),
    };
    let activity = store.create_activity(group, &new).unwrap().id;
    for (i, id) in members.iter().enumerate() {
        store.save_card(activity, *id, &format!("memory number {i} of the river"), true).unwrap();
    }
    drop(store);
    circle::usecase::Circle::open(&db).unwrap().deal(activity, 7).unwrap();

    let mut console = Console::spawn(["--linear", "--db", db.to_str().unwrap()], 80, 24);
    console.wait_for("Main menu> ");
    console.send("endings\r");
    console.wait_for("Endings, the deal> ");
    console.send("partners\r");
    console.wait_for("4 partner cards");
    console.wait_for("aloud:");
    console.send("export\r");
    console.wait_for("Each reader's partner card");
    let shown = console.screen();
    assert!(!shown.contains(&console.home_dir().display().to_string()), "the whole path was said: {shown}");
    console.send("q\r");
    console.wait_exit(crate::pty::TIMEOUT);
    let home = console.home_dir();
    let saved: Vec<_> = walk(&home).into_iter().filter(|p| p.to_string_lossy().contains("-rooms-")).collect();
    assert_eq!(saved.len(), 3, "{saved:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

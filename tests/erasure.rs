//! Forgetting someone erases them from everything circle wrote: the file,
//! its log, and every backup circle made (daily ones, `circle backup`, and
//! `--out` copies elsewhere); the confirmation says what circle cannot
//! reach. Real files in a temporary folder, read back byte for byte.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use circle::domain::{CardStyle, EndingMode, MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::Store;
use circle::usecase::Circle;
use circle::usecase::endings::{Participants, StartActivity};
use circle::usecase::membership::{Answers, StatusOutcome};
use common::writes::day;

const NAME: &str = "Quillon Marrowfield";
const NOTES: &str = "zebra-crossing-secret";
const CARD: &str = "The evening the kettle sang along";

fn holds(file: &Path, needle: &str) -> bool {
    std::fs::read(file).unwrap().windows(needle.len()).any(|w| w == needle.as_bytes())
}

struct World {
    dir: tempfile::TempDir,
    circle: Circle,
    quillon: circle::domain::MemberId,
}

/// A group where Quillon has notes and a sealed card, and two others.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut circle = Circle::open(&dir.path().join("circle.db")).unwrap();
    let new = NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open };
    let group = circle.create_group(&new, day()).unwrap().id;
    let mut add = |fields: MemberFields| match circle
        .add_member(group, fields, MemberStatus::Active, day(), Answers::ALL)
        .unwrap()
    {
        StatusOutcome::Done(done) => done.member,
        other => panic!("{other:?}"),
    };
    let quillon = add(MemberFields { notes: NOTES.into(), ..MemberFields::named(NAME) });
    add(MemberFields::named("Ann"));
    add(MemberFields::named("Bo"));
    let start = StartActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Typed,
        chain: false,
        participants: Participants::Active,
    };
    let activity = circle.start_activity(group, &start, day()).unwrap().id;
    circle.seal_card(activity, quillon, CARD).unwrap();
    World { dir, circle, quillon }
}

#[test]
fn forgetting_someone_takes_them_out_of_every_backup_circle_made() {
    let mut w = world();
    let daily = w.circle.store().automatic_backup(day()).unwrap().expect("a daily backup");
    let manual = w.circle.backup_now(day()).unwrap();
    let elsewhere_dir = tempfile::tempdir().unwrap();
    let elsewhere = elsewhere_dir.path().join("before-the-move.db");
    w.circle.backup_to(&elsewhere).unwrap();
    // A backup from before they joined holds nothing of theirs: untouched.
    let unrelated = w.dir.path().join("backups").join("unrelated.db");
    {
        let mut other = Store::open(&unrelated).unwrap();
        let new = NewGroup { name: "Other".into(), focus: String::new(), openness: Openness::Open };
        other.create_group(&new, day()).unwrap();
    }
    let unrelated_before = std::fs::read(&unrelated).unwrap();
    let backups: Vec<PathBuf> = vec![daily, manual, elsewhere];
    for b in &backups {
        assert!(holds(b, NAME) && holds(b, NOTES) && holds(b, CARD), "{} should hold them first", b.display());
    }

    let done = w.circle.forget_member(w.quillon, 3).unwrap();
    assert!(done.erased_from_file);
    assert_eq!(done.backups_rewritten, 3, "{done:?}");
    assert!(done.backups_left.is_empty(), "{done:?}");
    let said = done.said();
    assert!(said.contains("erased from circle's file and its 3 backups"), "{said}");
    assert!(said.contains("Copies made outside circle are beyond its reach"), "{said}");

    let db = w.circle.path().to_path_buf();
    for b in backups.iter().chain([&db]) {
        for needle in [NAME, NOTES, CARD] {
            assert!(!holds(b, needle), "{} still holds {needle:?}", b.display());
        }
    }
    for b in &backups {
        assert_eq!(std::fs::metadata(b).unwrap().permissions().mode() & 0o777, 0o600, "{}", b.display());
        let summary =
            Store::inspect_backup(b, None).unwrap_or_else(|e| panic!("{} is no longer sound: {e}", b.display()));
        assert_eq!(summary.groups, [("Circle".to_string(), 2)], "{}: the others stay", b.display());
    }
    assert_eq!(std::fs::read(&unrelated).unwrap(), unrelated_before, "a backup without them is left alone");
    assert!(!w.circle.store().erasure_pending().unwrap());
    let leftovers: Vec<_> = std::fs::read_dir(w.dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_confirmation_names_the_last_export_circle_cannot_reach() {
    let w = world();
    let db = w.circle.path().to_path_buf();
    drop(w.circle);
    let out = w.dir.path().join("members.csv");
    let export = assert_cmd::Command::cargo_bin("circle")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .args(["members", "export", "--group", "Circle", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let mut circle = Circle::open(&db).unwrap();
    let said = circle.forget_member(w.quillon, 3).unwrap().said();
    assert!(said.contains(&format!("the last on {}", circle::store::today())), "{said}");
    assert!(holds(&out, NAME), "the export itself is out of circle's reach, as it says");
}

/// The erasure and the note that it is unfinished land together: while a
/// backup cannot be rewritten, the note stays and the next start finishes.
#[test]
fn a_backup_that_cannot_be_rewritten_yet_is_said_and_finished_later() {
    let mut w = world();
    let daily = w.circle.store().automatic_backup(day()).unwrap().expect("a daily backup");
    // The rewritten copy cannot be made where it goes (a folder sits in
    // its place), as a full or failing disk would stop it.
    let name = daily.file_name().unwrap().to_string_lossy().into_owned();
    let blocker = daily.with_file_name(format!("{name}.erasing.part"));
    std::fs::create_dir(&blocker).unwrap();
    let done = w.circle.forget_member(w.quillon, 3).unwrap();
    std::fs::remove_dir(&blocker).unwrap();
    assert_eq!(done.backups_left, [name], "{done:?}");
    assert!(done.said().contains("could not be rewritten yet"), "{}", done.said());
    assert!(w.circle.store().erasure_pending().unwrap(), "the note stays");
    assert!(holds(&daily, NOTES));
    assert!(!w.circle.finish_pending_erasure().unwrap(), "nothing waits after the next start");
    assert!(!holds(&daily, NOTES));
}

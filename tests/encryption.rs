//! Encryption at rest: an encrypted database, its log and its backups give
//! nothing away in their bytes; a wrong passphrase changes nothing; and
//! encrypting, using, changing the passphrase and decrypting loses nothing.

mod common;

use std::path::{Path, PathBuf};

use circle::domain::{MemberFields, MemberStatus};
use circle::secret::Passphrase;
use circle::store::{Store, StoreError};
use circle::usecase::membership::Answers;
use circle::usecase::{Circle, Error, encryption};
use common::{date, rows, sidecar};

fn key(text: &str) -> Passphrase {
    Passphrase::new(text.into())
}

/// The demo group with a backup beside it, closed; the words in it that
/// must never show in an encrypted file's bytes.
fn demo(path: &Path) -> Vec<String> {
    let mut circle = Circle::open(path).unwrap();
    circle.fill_demo(date(2026, 11, 26)).unwrap();
    circle.backup_now(date(2026, 11, 26)).unwrap();
    drop(circle);
    let raw = rusqlite::Connection::open(path).unwrap();
    let mut words: Vec<String> = raw
        .prepare(
            "SELECT name FROM members UNION SELECT notes FROM members WHERE length(notes) > 8
             UNION SELECT text FROM cards WHERE length(text) > 8",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    words.retain(|w| w.chars().count() >= 4);
    assert!(words.len() > 20, "the demo has names, notes and cards: {words:?}");
    words
}

/// Every file in the folder and its backups folder, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("backups")] {
        for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            if entry.file_type().unwrap().is_file() && !entry.file_name().to_string_lossy().ends_with(".lock") {
                out.push((entry.path(), std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn assert_nothing_readable(dir: &Path, words: &[String]) {
    let all = files(dir);
    assert!(all.iter().any(|(p, _)| p.to_string_lossy().contains("backups")), "there is a backup to look at");
    for (path, bytes) in &all {
        if path.extension().is_some_and(|e| e == "log") {
            continue;
        }
        for word in words {
            assert!(!contains(bytes, word), "{} holds {word:?}", path.display());
        }
    }
}

#[test]
fn an_encrypted_database_its_log_and_its_backups_hold_no_readable_word() {
    let db = common::temp_db();
    let words = demo(db.path());
    let plain: Vec<u8> = std::fs::read(db.path()).unwrap();
    assert!(contains(&plain, &words[0]), "the test looks for words the plain file holds");

    let pass = key("lantern harbour morning");
    let done = encryption::encrypt(db.path(), &pass).unwrap();
    assert_eq!((done.backups, done.left.len()), (1, 0));
    assert!(Store::is_encrypted(db.path()));
    assert_nothing_readable(db.dir(), &words);

    // In use: a new member with a note, still in the log while open, and a
    // backup made now.
    let mut circle = Circle::open_with(db.path(), Some(&pass)).unwrap();
    let group = circle.remembered_group().unwrap().unwrap();
    let fields = MemberFields { notes: "Prefers the window seat".into(), ..MemberFields::named("Zephyrine Quill") };
    circle.add_member(group, fields, MemberStatus::Active, date(2026, 11, 27), Answers::ALL).unwrap();
    circle.backup_now(date(2026, 11, 27)).unwrap();
    assert!(std::fs::metadata(sidecar(db.path(), "-wal")).is_ok_and(|m| m.len() > 0), "the log holds the edit");
    let mut more = words.clone();
    more.extend(["Zephyrine Quill".to_string(), "Prefers the window seat".to_string()]);
    assert_nothing_readable(db.dir(), &more);
    drop(circle);
    assert_nothing_readable(db.dir(), &more);
}

#[test]
fn a_wrong_passphrase_fails_cleanly_and_changes_no_byte() {
    let db = common::temp_db();
    demo(db.path());
    encryption::encrypt(db.path(), &key("lantern harbour morning")).unwrap();
    let before = files(db.dir());

    let wrong = key("lantern harbour evening");
    assert!(matches!(
        Circle::open_with(db.path(), Some(&wrong)),
        Err(Error::Store(StoreError::WrongPassphrase { .. }))
    ));
    assert!(matches!(Circle::open(db.path()), Err(Error::Store(StoreError::Encrypted { .. }))));
    assert!(matches!(encryption::decrypt(db.path(), &wrong), Err(Error::Store(StoreError::WrongPassphrase { .. }))));
    assert!(encryption::change_passphrase(db.path(), &wrong, &key("a brand new passphrase")).is_err());
    assert!(Circle::check_file(db.path(), Some(&wrong)).is_err());
    assert_eq!(files(db.dir()), before, "a wrong passphrase changed a byte");
}

#[test]
fn encrypt_use_change_the_passphrase_and_decrypt_loses_nothing() {
    let db = common::temp_db();
    demo(db.path());
    let first = key("lantern harbour morning");
    encryption::encrypt(db.path(), &first).unwrap();

    let mut circle = Circle::open_with(db.path(), Some(&first)).unwrap();
    let group = circle.remembered_group().unwrap().unwrap();
    circle
        .add_member(
            group,
            MemberFields::named("Zephyrine Quill"),
            MemberStatus::Active,
            date(2026, 11, 27),
            Answers::ALL,
        )
        .unwrap();
    assert!(Circle::check_file(db.path(), Some(&first)).unwrap().sound());
    drop(circle);
    // What the database holds now, read through the store's own key.
    let expected = {
        let copy = db.dir().join("expected.db");
        Circle::open_with(db.path(), Some(&first)).unwrap().store().decrypted_copy(&copy).unwrap();
        rows(&copy, &[])
    };

    let second = key("quiet river stones");
    let done = encryption::change_passphrase(db.path(), &first, &second).unwrap();
    assert_eq!((done.backups, done.left.len()), (1, 0));
    assert!(matches!(
        Circle::open_with(db.path(), Some(&first)),
        Err(Error::Store(StoreError::WrongPassphrase { .. }))
    ));
    let backups = Circle::open_with(db.path(), Some(&second)).unwrap().store().own_backups();
    for backup in &backups {
        assert!(Store::is_encrypted(backup));
        assert!(Circle::inspect_backup(backup, Some(&second)).is_ok(), "{} has the new key", backup.display());
        assert!(
            Circle::inspect_backup(backup, Some(&first)).is_err(),
            "{} still opens with the old key",
            backup.display()
        );
    }

    let done = encryption::decrypt(db.path(), &second).unwrap();
    assert_eq!((done.backups, done.left.len()), (backups.len(), 0));
    assert!(!Store::is_encrypted(db.path()));
    assert_eq!(rows(db.path(), &[]), expected, "a row was lost on the way");
    for backup in &backups {
        assert!(!Store::is_encrypted(backup));
        assert!(Circle::inspect_backup(backup, None).is_ok());
    }
    assert!(Circle::check_file(db.path(), None).unwrap().sound());
}

#[test]
fn a_weak_passphrase_is_refused_and_nothing_changes() {
    let db = common::temp_db();
    demo(db.path());
    let before = files(db.dir());
    let refused = encryption::encrypt(db.path(), &key("short"));
    assert!(matches!(refused, Err(Error::Field("passphrase", ref why)) if why.contains("12 characters")));
    assert_eq!(files(db.dir()), before);
}

#[test]
fn encrypting_waits_for_the_other_consoles_to_close() {
    let db = common::temp_db();
    demo(db.path());
    let other = Circle::open(db.path()).unwrap();
    let refused = encryption::encrypt(db.path(), &key("lantern harbour morning"));
    assert!(
        matches!(refused, Err(Error::Store(StoreError::Invalid(ref why))) if why.contains("has this database open")),
        "{refused:?}"
    );
    drop(other);
    assert!(!Store::is_encrypted(db.path()));
    encryption::encrypt(db.path(), &key("lantern harbour morning")).unwrap();
}

fn circle(db: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("circle").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

/// Scripts give passphrases on a file descriptor (here standard input),
/// one line for each one asked for; never as an argument.
#[test]
fn the_commands_take_the_passphrase_on_a_file_descriptor() {
    let db = common::temp_db();
    demo(db.path());
    let out = circle(db.path())
        .args(["encrypt", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains("nothing in them can be read or recovered") && said.contains("out of circle's reach"),
        "{said}"
    );
    assert!(Store::is_encrypted(db.path()));

    // Without the passphrase, and with a wrong one: one sentence, no change.
    let before = files(db.dir());
    let out = circle(db.path()).args(["groups", "list"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--passphrase-fd"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = circle(db.path())
        .args(["groups", "list", "--passphrase-fd", "0"])
        .write_stdin("not the passphrase\n")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not open"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(files(db.dir()), before);

    let out = circle(db.path())
        .args(["groups", "list", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).trim().is_empty());
    let out = circle(db.path())
        .args(["check", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The export is plain text: a script must say it knows.
    let out = circle(db.path())
        .args(["export", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(!out.status.success() && out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("plain text"));
    let out = circle(db.path())
        .args(["export", "--yes", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(out.status.success() && !out.stdout.is_empty());

    // A backup of it is encrypted, and restoring it takes the passphrase.
    let out = circle(db.path())
        .args(["backup", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let made = db
        .dir()
        .join(String::from_utf8_lossy(&out.stdout).trim().trim_start_matches("Backed up to ").trim_end_matches('.'));
    assert!(Store::is_encrypted(&made), "{}", made.display());
    let out = circle(db.path())
        .args(["restore", "--yes", "--passphrase-fd", "0"])
        .arg(&made)
        .write_stdin("lantern harbour morning\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The current passphrase, then the new one.
    let out = circle(db.path())
        .args(["passphrase", "--passphrase-fd", "0"])
        .write_stdin("lantern harbour morning\nquiet river stones\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = circle(db.path())
        .args(["decrypt", "--yes", "--passphrase-fd", "0"])
        .write_stdin("quiet river stones\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!Store::is_encrypted(db.path()));
    assert!(circle(db.path()).args(["groups", "list"]).output().unwrap().status.success());
}

/// Forgetting someone reaches the encrypted backups, which stay encrypted.
#[test]
fn forgetting_someone_rewrites_the_encrypted_backups_encrypted() {
    let db = common::temp_db();
    demo(db.path());
    let pass = key("lantern harbour morning");
    encryption::encrypt(db.path(), &pass).unwrap();
    let mut circle = Circle::open_with(db.path(), Some(&pass)).unwrap();
    let backups = circle.store().own_backups();
    let group = circle.remembered_group().unwrap().unwrap();
    let (id, name) = {
        let page = circle.roster_page(group, &Default::default(), 0, 1).unwrap();
        (page[0].id, page[0].name.clone())
    };
    let forgotten = circle.forget_member(id, 7).unwrap();
    assert_eq!((forgotten.backups_rewritten, forgotten.backups_left.len()), (backups.len(), 0));
    drop(circle);
    for backup in &backups {
        assert!(Store::is_encrypted(backup), "{} was written back unencrypted", backup.display());
        let copy = db.dir().join("look.db");
        let _ = std::fs::remove_file(&copy);
        std::fs::copy(backup, &copy).unwrap();
        let store = Store::open_with(&copy, Some(&pass)).unwrap();
        let plain = db.dir().join("look-plain.db");
        let _ = std::fs::remove_file(&plain);
        store.decrypted_copy(&plain).unwrap();
        assert!(
            !rows(&plain, &[]).iter().any(|r| r.starts_with("members:") && r.contains(&name)),
            "{name} is still in a backup"
        );
    }
}

/// A database that is read-only for you opens read-only, encrypted too:
/// the records are read into memory through the key, and nothing changes.
#[test]
fn an_encrypted_read_only_file_opens_read_only_with_its_passphrase() {
    let db = common::temp_db();
    demo(db.path());
    let pass = key("lantern harbour morning");
    encryption::encrypt(db.path(), &pass).unwrap();
    common::set_mode(db.path(), 0o400);
    let before = files(db.dir());
    let mut circle = Circle::open_with(db.path(), Some(&pass)).unwrap();
    assert!(circle.read_only().is_some());
    let group = circle.remembered_group().unwrap().unwrap();
    assert!(circle.roster_count(group, &Default::default()).unwrap() > 5);
    // A backup of it is encrypted too.
    let out = db.dir().join("copy.db");
    circle.backup_to(&out).unwrap();
    assert!(Store::is_encrypted(&out));
    assert!(Circle::inspect_backup(&out, Some(&pass)).is_ok());
    std::fs::remove_file(&out).unwrap();
    drop(circle);
    assert!(matches!(
        Circle::open_with(db.path(), Some(&key("not the passphrase"))),
        Err(Error::Store(StoreError::WrongPassphrase { .. }))
    ));
    assert_eq!(files(db.dir()), before);
    common::set_mode(db.path(), 0o600);
}

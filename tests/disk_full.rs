//! A disk that fills up while a save is being written, made real with a
//! file-size limit on this process (`RLIMIT_FSIZE`): the write-ahead log
//! cannot grow, so the commit itself fails, as it does on a full disk.
//!
//! The limit holds for the whole process, so this binary runs its tests
//! one after another (`--test-threads` cannot be set from here: a lock).

mod common;

use std::sync::Mutex;

use chrono::NaiveDate;
use circle::domain::{MemberFields, MemberStatus, NewGroup, Openness};
use circle::store::StoreError;
use circle::usecase::membership::{Answers, StatusOutcome};
use circle::usecase::{Circle, Error};
use common::writes::{Pristine, dump, same, writes};

/// The file-size limit is the whole process's: one test at a time holds it.
static LIMIT: Mutex<()> = Mutex::new(());

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn limit_file_size(bytes: libc::rlim_t) {
    let limit = libc::rlimit { rlim_cur: bytes, rlim_max: libc::RLIM_INFINITY };
    // SAFETY: plain system calls on this process's own limits; the signal
    // a write past the limit sends is ignored so the write fails instead.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

#[test]
fn a_save_that_fails_as_it_commits_leaves_nothing_open_and_the_next_save_lands() {
    let _one_at_a_time = LIMIT.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("circle.db");
    let mut circle = Circle::open(&db).unwrap();
    let new = NewGroup { name: "Circle".into(), focus: String::new(), openness: Openness::Open };
    let group = circle.create_group(&new, day()).unwrap().id;
    // An empty log, so the next commit is the first thing written to it.
    circle.store().compact().unwrap();

    // Room for the log's header but not for one whole page after it.
    limit_file_size(4096);
    let add = |circle: &mut Circle, name: &str| {
        circle.add_member(group, MemberFields::named(name), MemberStatus::Active, day(), Answers::ALL)
    };
    match add(&mut circle, "Lost") {
        // ENOSPC on a real disk, EFBIG under the limit: both are said.
        Err(Error::Store(StoreError::Full | StoreError::WriteFailed)) => {}
        other => panic!("the full disk is said: {other:?}"),
    }
    limit_file_size(libc::RLIM_INFINITY);

    // Room again: the next save is really in the file, for everyone.
    assert!(matches!(add(&mut circle, "Kept"), Ok(StatusOutcome::Done(_))));
    let other = rusqlite::Connection::open(&db).unwrap();
    let names: Vec<String> = other
        .prepare("SELECT name FROM members ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, ["Kept"], "another program sees what was confirmed, and only that");
    other.execute_batch("BEGIN IMMEDIATE; ROLLBACK").expect("circle holds no write lock");
    drop(other);

    // And it survives circle closing without a word.
    std::mem::forget(circle);
    let after = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = after.query_row("SELECT count(*) FROM members WHERE name = 'Kept'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

/// Every kind of write, with the disk full as its commit is written: an
/// error, the file as it was, and the retry lands.
#[test]
fn every_write_whose_commit_fails_is_said_changes_nothing_and_the_retry_lands() {
    let _one_at_a_time = LIMIT.lock().unwrap_or_else(|e| e.into_inner());
    let pristine = Pristine::new();
    for (n, (name, write)) in writes().into_iter().enumerate() {
        let (path, mut circle) = pristine.copy(n);
        let before = dump(&path);
        limit_file_size(4096);
        let outcome = write(&mut circle, pristine.ids);
        limit_file_size(libc::RLIM_INFINITY);
        match outcome {
            Err(Error::Store(StoreError::Full | StoreError::WriteFailed)) => {}
            other => panic!("{name}: the full disk is said: {other:?}"),
        }
        if let Err(diff) = same(&dump(&path), &before) {
            panic!("{name}: a failed commit changed the file: {diff}");
        }
        write(&mut circle, pristine.ids).unwrap_or_else(|e| panic!("{name}: the retry lands: {e}"));
        assert!(same(&dump(&path), &before).is_err(), "{name}: the retry is in the file");
        drop(circle);
        let problems = circle::store::Store::open(&path).unwrap().integrity_check().unwrap();
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}

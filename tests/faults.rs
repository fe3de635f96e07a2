//! Fault sweeps in the style of SQLite's own fault tests: every kind of
//! write a facilitator makes is run with a fault in its way (the file may
//! not grow by one more page, then by two, …; another program holding the
//! write lock), and each time what the use case says must be what the file
//! holds: an error leaves the file as it was, a success is in the file for
//! everyone, and the next try, with the fault gone, lands.

mod common;

use circle::store::StoreError;
use circle::usecase::Error;
use common::writes::{Pristine, same, writes};

#[test]
fn a_write_that_cannot_grow_the_file_changes_nothing_and_the_retry_lands() {
    cannot_grow(&Pristine::new());
}

/// The same sweep on an encrypted database: SQLCipher's pages are the
/// same size, and what a failure leaves must be the same.
#[test]
fn on_an_encrypted_database_a_write_that_cannot_grow_the_file_changes_nothing() {
    cannot_grow(&Pristine::encrypted());
}

fn cannot_grow(pristine: &Pristine) {
    let mut tries = 0;
    for (name, write) in writes() {
        let mut failed = 0;
        for extra in 0.. {
            tries += 1;
            let (path, mut circle) = pristine.copy(tries);
            let pages = circle.store().page_count().unwrap();
            circle.store().limit_pages(pages + extra).unwrap();
            let before = pristine.dump(&path);
            match write(&mut circle, pristine.ids) {
                Ok(()) => {
                    assert!(same(&pristine.dump(&path), &before).is_err(), "{name}: a success is in the file");
                    break;
                }
                Err(Error::Store(StoreError::Full)) => {
                    failed += 1;
                    if let Err(diff) = same(&pristine.dump(&path), &before) {
                        panic!("{name} with {extra} pages to spare: a failure changed the file: {diff}");
                    }
                    circle.store().limit_pages(1_000_000).unwrap();
                    write(&mut circle, pristine.ids).unwrap_or_else(|e| panic!("{name}: the retry lands: {e}"));
                    assert!(same(&pristine.dump(&path), &before).is_err(), "{name}: the retry is in the file");
                    drop(circle);
                    let problems = circle::store::Store::open_with(&path, pristine.key().as_ref())
                        .unwrap()
                        .integrity_check()
                        .unwrap();
                    assert!(problems.is_empty(), "{name}: {problems:?}");
                }
                Err(e) => panic!("{name} with {extra} pages to spare: {e}"),
            }
            assert!(extra < 200, "{name} never succeeded");
        }
        eprintln!("{name}: failed {failed} times before it fitted");
    }
}

#[test]
fn a_write_while_another_program_holds_the_lock_changes_nothing_and_the_retry_lands() {
    while_locked(&Pristine::new());
}

#[test]
fn on_an_encrypted_database_a_write_while_another_holds_the_lock_changes_nothing() {
    while_locked(&Pristine::encrypted());
}

fn while_locked(pristine: &Pristine) {
    for (n, (name, write)) in writes().into_iter().enumerate() {
        let (path, mut circle) = pristine.copy(n);
        circle.store().wait_when_busy(std::time::Duration::from_millis(20)).unwrap();
        let before = pristine.dump(&path);
        let other = pristine.other(&path);
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        match write(&mut circle, pristine.ids) {
            Err(Error::Store(StoreError::Busy)) => {}
            other => panic!("{name}: the busy file is said: {other:?}"),
        }
        other.execute_batch("ROLLBACK").unwrap();
        if let Err(diff) = same(&pristine.dump(&path), &before) {
            panic!("{name}: a refused write changed the file: {diff}");
        }
        write(&mut circle, pristine.ids).unwrap_or_else(|e| panic!("{name}: the retry lands: {e}"));
        assert!(same(&pristine.dump(&path), &before).is_err(), "{name}: the retry is in the file");
    }
}

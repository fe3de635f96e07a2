//! Encryption at rest: turning a database into an encrypted one, back, and
//! changing its passphrase. The passphrase itself is the front end's to
//! ask for ([`crate::secret::Passphrase`]); the rules are here.

use std::path::Path;

use super::store::Store;
use super::{Error, Rekeyed, Result};
use crate::secret::Passphrase;

/// Encrypts the database at `db` with `new`, and every backup circle made
/// of it; the unencrypted file, its log and those backups are overwritten
/// and removed. `new` must be strong enough ([`Passphrase::weakness`]).
pub fn encrypt(db: &Path, new: &Passphrase) -> Result<Rekeyed> {
    refuse_weak(new)?;
    Ok(Store::rekey_database(db, None, Some(new))?)
}

/// Decrypts the database at `db`, opened with `current`, and its backups.
pub fn decrypt(db: &Path, current: &Passphrase) -> Result<Rekeyed> {
    Ok(Store::rekey_database(db, Some(current), None)?)
}

/// Changes the passphrase of the database at `db` from `current` to `new`,
/// its backups' with it.
pub fn change_passphrase(db: &Path, current: &Passphrase, new: &Passphrase) -> Result<Rekeyed> {
    refuse_weak(new)?;
    Ok(Store::rekey_database(db, Some(current), Some(new))?)
}

fn refuse_weak(new: &Passphrase) -> Result<()> {
    match new.weakness() {
        Some(why) => Err(Error::field("passphrase", why)),
        None => Ok(()),
    }
}

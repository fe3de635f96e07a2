//! Helpers shared by the integration tests: real database files in their own
//! temporary folder, and ways to look at them from outside the store (a
//! second connection, the raw bytes, the file modes).

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use circle::store::Store;
use rusqlite::Connection;
use tempfile::TempDir;

pub mod writes;

/// A database path in a fresh temporary folder, removed when dropped.
pub struct TempDb {
    dir: TempDir,
    path: PathBuf,
}

/// A `TempDb` whose file does not exist yet.
pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("circle.db");
    TempDb { dir, path }
}

impl TempDb {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn open(&self) -> Store {
        Store::open(&self.path).expect("the store opens")
    }

    /// A plain second connection, seeing the file as another process would.
    pub fn raw(&self) -> Connection {
        Connection::open(&self.path).expect("a plain connection opens")
    }

    /// `SELECT count(*) FROM {table} WHERE {condition}` on a second connection.
    pub fn count(&self, table: &str, condition: &str) -> i64 {
        self.raw()
            .query_row(&format!("SELECT count(*) FROM {table} WHERE {condition}"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("counting {table} where {condition}: {e}"))
    }

    /// The journal files SQLite keeps next to the database, where they exist.
    pub fn sidecars(&self) -> Vec<PathBuf> {
        ["-wal", "-shm", "-journal"]
            .iter()
            .map(|suffix| {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                PathBuf::from(name)
            })
            .filter(|p| p.exists())
            .collect()
    }

    /// The files in the folder (the database and its journals) whose bytes
    /// contain `needle` anywhere.
    pub fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        let needle = needle.as_bytes();
        let mut found: Vec<PathBuf> = fs::read_dir(self.dir())
            .expect("the temporary folder lists")
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|p| p.is_file())
            .filter(|p| fs::read(p).expect("the file reads").windows(needle.len()).any(|w| w == needle))
            .collect();
        found.sort();
        found
    }
}

pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a real date")
}

/// The permission bits of a file or folder, such as `0o600`.
pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

pub fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("the mode can be set");
}

/// A file SQLite keeps beside a database: `sidecar(db, "-wal")`.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Every row of every table (but those named in `skip`), sorted, as
/// another program reads them: for comparing a database before and after.
/// Text is shown as text; text holding a JSON object (a round in progress)
/// is compared as JSON, in whatever order its keys were written.
pub fn rows(path: &Path, skip: &[&str]) -> Vec<String> {
    rows_with(path, skip, None)
}

/// A connection of another program's to the database at `path`, with the
/// passphrase when it is encrypted.
pub fn connection(path: &Path, passphrase: Option<&str>) -> Connection {
    let conn = Connection::open(path).expect("a plain connection opens");
    if let Some(passphrase) = passphrase {
        conn.execute_batch(&format!(
            "PRAGMA cipher_log_level = NONE; PRAGMA key = '{}';",
            passphrase.replace('\'', "''")
        ))
        .expect("the key is taken");
    }
    conn
}

/// [`rows`] of an encrypted database.
pub fn rows_with(path: &Path, skip: &[&str], passphrase: Option<&str>) -> Vec<String> {
    let conn = connection(path, passphrase);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("the tables list")
        .query_map([], |r| r.get(0))
        .expect("the tables list")
        .collect::<Result<_, _>>()
        .expect("names");
    let mut out = Vec::new();
    for table in tables.into_iter().filter(|t| !skip.contains(&t.as_str())) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("the table reads");
        let columns = stmt.column_count();
        let mut table_rows: Vec<String> = stmt
            .query_map([], |r| {
                let values: Vec<String> = (0..columns)
                    .map(|i| match r.get_ref(i).expect("a value") {
                        rusqlite::types::ValueRef::Text(t) => {
                            let text = String::from_utf8_lossy(t).into_owned();
                            match serde_json::from_str::<serde_json::Value>(&text) {
                                Ok(json @ serde_json::Value::Object(_)) => json.to_string(),
                                _ => text,
                            }
                        }
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(format!("{table}: {}", values.join(" | ")))
            })
            .expect("the rows read")
            .collect::<Result<_, _>>()
            .expect("every row reads");
        table_rows.sort();
        out.extend(table_rows);
    }
    out
}

/// Every row of every table, for comparing a database before and after.
pub fn contents(path: &Path) -> String {
    rows(path, &[]).join("\n")
}

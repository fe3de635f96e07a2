//! The layering rule, checked on the sources: the console reaches data only
//! through the use cases, and no pane writes a file.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(part: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(part)
}

#[test]
fn no_console_file_names_the_store() {
    let files = rust_files(&src("tui"));
    assert!(files.len() > 10, "the console's files were not found");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["crate::store", "store::", "rusqlite"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", file.display());
        }
    }
}

#[test]
fn no_pane_or_dialog_touches_files() {
    let mut files = rust_files(&src("tui/panes"));
    files.extend(rust_files(&src("tui/widgets")));
    files.push(src("tui/app.rs"));
    files.push(src("tui/switcher.rs"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["std::fs", "files::", "File::create", "OpenOptions"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", file.display());
        }
    }
}

#[test]
fn the_domain_knows_nothing_of_sqlite_or_the_console() {
    for file in rust_files(&src("domain")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["rusqlite", "crate::store", "crate::tui", "crate::usecase", "std::fs"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", file.display());
        }
    }
}

#[test]
fn no_source_file_grows_past_its_second_idea() {
    // About 500 lines: past that a file usually holds two ideas. Pure test
    // tables (the deal's statistical tests) are the exception.
    for file in rust_files(&src("")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let lines = code.lines().count();
        assert!(lines <= 560, "{} has {lines} lines before its tests", file.display());
    }
}

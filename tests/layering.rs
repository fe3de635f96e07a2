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

/// The source without what is compiled for tests only: each item under a
/// `#[cfg(test)]` (a test module, a test-only function or statement), up
/// to the line at the attribute's own indentation that ends it. The
/// sources are formatted by rustfmt, which puts that line there.
fn production(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() != "#[cfg(test)]" {
            kept.push(line);
            i += 1;
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        i += 1;
        while i < lines.len() && lines[i].trim_start().starts_with("#[") {
            i += 1;
        }
        // The item ends on a line at the attribute's indentation that
        // ends it: `;` for a statement or `mod tests;`, `}` for a block.
        while i < lines.len() {
            let end = lines[i];
            i += 1;
            let at_indent = end.starts_with(indent) && !end[indent.len()..].starts_with(' ');
            if at_indent && (end.ends_with(';') || end[indent.len()..].starts_with('}')) {
                break;
            }
        }
    }
    kept
}

#[test]
fn production_lines_leave_out_every_test_only_item() {
    let text = "fn a() {}\n\
                #[cfg(test)]\n\
                fn only_for_tests() {\n    body();\n}\n\
                fn b() {\n    #[cfg(test)]\n    let path = here();\n    c();\n}\n\
                #[cfg(test)]\n\
                #[allow(dead_code)]\n\
                mod tests {\n    #[test]\n    fn t() {\n        x();\n    }\n}\n\
                fn d() {}\n";
    assert_eq!(production(text), ["fn a() {}", "fn b() {", "    c();", "}", "fn d() {}"]);
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
    // About 500 lines: past that a file usually holds two ideas. Only code
    // compiled for tests is left out, wherever in the file it stands.
    for file in rust_files(&src("")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines = production(&text).len();
        assert!(lines <= 560, "{} has {lines} lines outside its tests", file.display());
    }
}

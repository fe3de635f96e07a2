//! What the layering rules need besides the compiler. That only the use
//! cases reach the store is a matter of visibility: the store is a private
//! module of `usecase`, and a front end that names it does not compile in
//! the build `cargo build` makes (`.ci/run` checks it). These tests keep
//! that wall standing and check what visibility cannot say: which crates
//! and calls a layer may use.

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

fn read(file: &Path) -> String {
    std::fs::read_to_string(file).unwrap()
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

/// The wall itself: without the `testing` feature the store and the demo
/// are private modules of `usecase`, and nothing there re-exports `Store`
/// (which would let a front end name it again).
#[test]
fn the_store_is_private_to_the_use_cases() {
    let lib = read(&src("lib.rs"));
    assert!(!lib.lines().any(|l| l.trim_start().starts_with("pub mod store")), "lib.rs declares the store");
    let usecase = read(&src("usecase/mod.rs"));
    let lines: Vec<&str> = usecase.lines().map(str::trim).collect();
    for (module, private) in [("store", "mod store;"), ("demo", "mod demo;")] {
        let declared = lines.iter().position(|l| *l == private);
        let declared = declared.unwrap_or_else(|| panic!("usecase/mod.rs does not declare `{private}`"));
        assert!(
            lines[..declared].iter().rev().take(2).any(|l| *l == "#[cfg(not(feature = \"testing\"))]"),
            "the private `{module}` is not the one built without the testing feature"
        );
        for (i, line) in lines.iter().enumerate() {
            let public = line.starts_with("pub") && line.ends_with(&format!("mod {module};"));
            assert!(
                !public || lines[..i].iter().rev().take(2).any(|l| *l == "#[cfg(feature = \"testing\")]"),
                "`{line}` makes the {module} public outside the testing feature"
            );
        }
    }
    for file in rust_files(&src("usecase")) {
        for line in production(&read(&file)).into_iter().filter(|l| l.trim_start().starts_with("pub use")) {
            let names = line.split(|c: char| !c.is_alphanumeric() && c != '_');
            assert!(!names.into_iter().any(|n| n == "Store"), "{} re-exports the store: {line}", file.display());
        }
    }
}

/// Only the store speaks SQL: no other layer names rusqlite, which every
/// module of the crate could otherwise reach.
#[test]
fn only_the_store_names_rusqlite() {
    let store = src("store");
    let files: Vec<PathBuf> = rust_files(&src("")).into_iter().filter(|f| !f.starts_with(&store)).collect();
    assert!(files.len() > 50, "the sources were not found");
    for file in files {
        for line in production(&read(&file)) {
            let code = line.split("//").next().unwrap_or("");
            assert!(!code.contains("rusqlite"), "{} uses rusqlite: {line}", file.display());
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
        let text = read(&file);
        for forbidden in ["std::fs", "files::", "File::create", "OpenOptions"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", file.display());
        }
    }
}

#[test]
fn the_domain_knows_nothing_of_the_layers_above_or_of_files() {
    for file in rust_files(&src("domain")) {
        let text = read(&file);
        for forbidden in ["crate::tui", "crate::linear", "crate::cli", "crate::usecase", "std::fs"] {
            assert!(!text.contains(forbidden), "{} uses {forbidden}", file.display());
        }
    }
}

#[test]
fn no_source_file_grows_past_its_second_idea() {
    // About 500 lines: past that a file usually holds two ideas. Only code
    // compiled for tests is left out, wherever in the file it stands.
    for file in rust_files(&src("")) {
        let lines = production(&read(&file)).len();
        assert!(lines <= 560, "{} has {lines} lines outside its tests", file.display());
    }
}

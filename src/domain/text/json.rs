//! JSON for files and pipes that carries no control character raw.
//!
//! serde_json escapes C0 controls itself but writes DEL, the C1 controls
//! (U+009B is a CSI on some terminals), the line and paragraph separators,
//! bidirectional controls and invisible characters as they are. Here every
//! one of them becomes a `\uXXXX` escape, so the file cannot act on a
//! terminal that shows it, while reading it back gives the text exactly.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// `value` as pretty JSON with a final newline, every character that could
/// act on a terminal or hide in text written as an escape.
pub fn json(value: &impl Serialize) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    out.push(b'\n');
    Ok(out)
}

/// serde_json's pretty layout, with more characters escaped.
struct Escaping<'a>(PrettyFormatter<'a>);

impl Formatter for Escaping<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if super::is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every such character is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unsafe_character_is_escaped_and_reads_back_exactly() {
        let text = "a\u{1b}[2J\u{7f}\u{9b}31m\u{85}\u{2028}\u{202e}\u{200b}\u{feff} Zoë 👩🏽\u{200D}🦱 سارا\n\t\"";
        let bytes = json(&serde_json::json!({ "name": text, "list": [text] })).unwrap();
        let written = String::from_utf8(bytes.clone()).unwrap();
        assert!(!written.chars().any(|c| super::super::is_unsafe(c) && c != '\n'), "{written}");
        assert!(written.contains(r#"a\u001b[2J\u007f\u009b31m\u0085\u2028\u202e\u200b\ufeff Zoë 👩🏽‍🦱 سارا\n\t\""#));
        let back: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back["name"], text);
        assert_eq!(back["list"][0], text);
        // The same layout as serde_json's own pretty printer.
        let plain = serde_json::json!({ "a": [1, {"b": "c"}], "d": {} });
        let mut expected = serde_json::to_vec_pretty(&plain).unwrap();
        expected.push(b'\n');
        assert_eq!(json(&plain).unwrap(), expected);
    }
}

//! Copying text to the clipboard through the terminal: the OSC 52 sequence
//! (`ESC ] 52 ; c ; <base64> BEL`) asks the terminal to set its clipboard,
//! so it works over SSH and needs no clipboard program. Terminals may
//! refuse it (tmux passes it on with `set -g set-clipboard on`), and none
//! answers, so the console can only say it asked.
//!
//! Only the runner writes the sequence, since it owns the terminal; a pane
//! asks for it with [`crate::tui::panes::Next::Copy`].

use std::io::Write;

use crate::domain::text::plain;

/// The text as it goes to the clipboard: escape sequences and other control
/// characters are removed (they would act wherever the text is pasted),
/// line breaks are kept.
pub fn sanitised(text: &str) -> String {
    plain(text)
}

/// The bytes that ask the terminal to put `text` on its clipboard. The text
/// is sanitised and base64-encoded, so nothing in it can end the sequence
/// early or start another.
pub fn osc52(text: &str) -> Vec<u8> {
    let mut out = b"\x1b]52;c;".to_vec();
    out.extend_from_slice(base64(sanitised(text).as_bytes()).as_bytes());
    out.push(0x07);
    out
}

/// Writes the sequence to the terminal.
pub fn copy(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(&osc52(text))?;
    out.flush()
}

/// Standard base64 with padding (RFC 4648, section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_test_vectors() {
        let vectors =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn the_sequence_is_exactly_osc_52() {
        assert_eq!(osc52("Room 1: Ana and Bo\n"), b"\x1b]52;c;Um9vbSAxOiBBbmEgYW5kIEJvCg==\x07".to_vec());
        assert_eq!(osc52("é"), b"\x1b]52;c;w6k=\x07".to_vec());
    }

    #[test]
    fn stored_escape_sequences_cannot_break_out_or_reach_the_clipboard() {
        let hostile = "Ana\x07\x1b]52;c;ZXZpbA==\x07\x1b[31mred\x1b\\\u{9b}2J\r\nnext\tline";
        let bytes = osc52(hostile);
        // One sequence: one ESC at its start, one BEL at its end.
        assert_eq!(bytes.iter().filter(|b| **b == 0x1b).count(), 1);
        assert_eq!(bytes.iter().filter(|b| **b == 0x07).count(), 1);
        assert!(bytes.starts_with(b"\x1b]52;c;") && bytes.ends_with(b"\x07"));
        assert!(bytes[7..bytes.len() - 1].iter().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b)));
        let copied = sanitised(hostile);
        assert!(!copied.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{copied:?}");
        assert!(copied.contains("Ana") && copied.contains("red") && copied.contains("next"));
    }
}

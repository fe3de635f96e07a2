//! Members as CSV: the columns people exchange with spreadsheets. Parsing is
//! all or nothing: the first bad row stops it, named by its line.

use chrono::NaiveDate;

use super::MemberStatus;
use super::member::MemberFields;
use super::text::{self, display};

/// The columns, in the order export writes them.
pub const COLUMNS: [&str; 6] = ["name", "pronouns", "contact", "status", "joined", "notes"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    pub fields: MemberFields,
    pub status: MemberStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is empty: it needs a header row such as name,pronouns,status")]
    Empty,
    #[error("the header has no name column (found: {0})")]
    NoName(String),
    #[error("unknown column{} {}: the columns are name, pronouns, contact, status, joined, notes", if .0.len() == 1 { "" } else { "s" }, .0.join(", "))]
    UnknownColumns(Vec<String>),
    #[error("the column {0} appears twice in the header")]
    Duplicate(String),
    #[error("line {line}: {reason}")]
    Row { line: u64, reason: String },
    #[error("the file is not valid UTF-8 text near line {0}; save it as UTF-8 and try again")]
    Encoding(u64),
    #[error("this file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in most spreadsheets) and import again")]
    Utf16,
}

fn row_error(line: u64, reason: impl Into<String>) -> CsvError {
    CsvError::Row { line, reason: reason.into() }
}

/// Reads every row or reports the first problem. Accepts a UTF-8 byte-order
/// mark and CRLF line ends; refuses UTF-16. Status defaults to active; names
/// and notes keep any Unicode as given, but a name may not hold control
/// characters, no field may hold NUL, and a joined date may not be later
/// than `today`.
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Vec<ImportRow>, CsvError> {
    if is_utf16(bytes) {
        return Err(CsvError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CsvError::Empty);
    }
    if let Some(line) = unclosed_quote(bytes) {
        return Err(row_error(line, "a quote opened on this line is never closed"));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let headers = reader.byte_headers().map_err(|e| convert(&e, 1))?.clone();
    let mut index = [None; COLUMNS.len()];
    let mut unknown = Vec::new();
    for (i, raw) in headers.iter().enumerate() {
        let name = String::from_utf8_lossy(raw).trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) if index[c].is_some() => return Err(CsvError::Duplicate(name)),
            Some(c) => index[c] = Some(i),
            None => unknown.push(format!("“{}”", display(&name))),
        }
    }
    if !unknown.is_empty() {
        return Err(CsvError::UnknownColumns(unknown));
    }
    if index[0].is_none() {
        let found = headers.iter().map(|h| display(&String::from_utf8_lossy(h)).into_owned()).collect::<Vec<_>>();
        return Err(CsvError::NoName(found.join(", ")));
    }
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(convert(&e, line)),
        }
        let line = record.position().map_or(line, |p| p.line());
        let get = |c: usize| -> Result<&str, CsvError> {
            match index[c].and_then(|i| record.get(i)) {
                Some(raw) => std::str::from_utf8(raw).map_err(|_| CsvError::Encoding(line)),
                None => Ok(""),
            }
        };
        if (0..record.len()).all(|i| record.get(i).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))) {
            continue;
        }
        let name = text::new_name(get(0)?).map_err(|e| row_error(line, e.to_string()))?;
        let status = match get(3)?.trim() {
            "" => MemberStatus::Active,
            s => MemberStatus::parse(s).map_err(|e| row_error(line, e.to_string()))?,
        };
        let joined: Option<NaiveDate> = text::optional_date(get(4)?).map_err(|e| row_error(line, e.to_string()))?;
        if let Some(day) = joined.filter(|d| *d > today) {
            return Err(row_error(line, format!("the joined date {day} is in the future; use the day they joined")));
        }
        let fields = MemberFields {
            name,
            pronouns: get(1)?.to_string(),
            contact: get(2)?.to_string(),
            joined,
            notes: get(5)?.to_string(),
            ..MemberFields::default()
        };
        let fields = fields.validated().map_err(|(_, reason)| row_error(line, reason))?;
        rows.push(ImportRow { line, fields, status });
    }
    Ok(rows)
}

/// UTF-16 text, as some spreadsheets save "Unicode text": a UTF-16
/// byte-order mark, or ASCII letters with NUL bytes between them (`n\0a\0m`
/// is how `name` looks in UTF-16 without a mark, in either byte order). A
/// lone NUL between letters is not enough: that is a UTF-8 file with a NUL
/// in a field, refused by the row checks.
fn is_utf16(bytes: &[u8]) -> bool {
    let letter = |b: u8| b.is_ascii_alphanumeric();
    bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.windows(5).any(|w| letter(w[0]) && w[1] == 0 && letter(w[2]) && w[3] == 0 && letter(w[4]))
}

/// The csv crate reads an unclosed quote as a field running to the end of
/// the file, silently swallowing the rows after it; this finds the line
/// where such a quote opened. As in CSV, only a quote that starts a field
/// opens a quoted field (`"Lee, Ann"`); a quote anywhere else in a field is
/// literal text (`5'11"`), and `""` inside a quoted field is a quote.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted {
            opened_on: u64,
        },
        /// Just after a quote inside a quoted field: either the field's
        /// closing quote or the first half of `""`.
        QuoteInQuoted {
            opened_on: u64,
        },
    }
    let mut line = 1;
    let mut state = State::FieldStart;
    for &b in bytes {
        state = match (state, b) {
            (State::Quoted { opened_on }, b'"') => State::QuoteInQuoted { opened_on },
            (State::Quoted { opened_on }, _) => State::Quoted { opened_on },
            (State::QuoteInQuoted { opened_on }, b'"') => State::Quoted { opened_on },
            (State::FieldStart, b'"') => State::Quoted { opened_on: line },
            (_, b',' | b'\n' | b'\r') => State::FieldStart,
            (_, _) => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    match state {
        State::Quoted { opened_on } => Some(opened_on),
        _ => None,
    }
}

fn convert(error: &csv::Error, line: u64) -> CsvError {
    let line = error.position().map_or(line, |p| p.line());
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            row_error(line, format!("this row has {len} fields but the header has {expected_len}"))
        }
        csv::ErrorKind::Utf8 { .. } => CsvError::Encoding(line),
        _ => row_error(line, "this row cannot be read as CSV (is a quote left open?)"),
    }
}

/// One member as a CSV record, columns in [`COLUMNS`] order. A CSV is
/// opened in spreadsheets and editors, so no control character goes into
/// it (see [`text::exported`]); the words, line breaks and tabs stay.
pub fn record(fields: &MemberFields, status: MemberStatus) -> [String; 6] {
    [
        text::exported(&fields.name),
        text::exported(&fields.pronouns),
        text::exported(&fields.contact),
        status.code().to_string(),
        fields.joined.map(|d| d.to_string()).unwrap_or_default(),
        text::exported(&fields.notes),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn parse(bytes: &[u8]) -> Result<Vec<ImportRow>, CsvError> {
        super::parse(bytes, today())
    }

    #[test]
    fn columns_in_any_order_with_bom_and_crlf() {
        let text = "\u{feff}status,NAME,joined\r\nwaitlist,Zoë,2026-01-05\r\n,سارا,\r\n";
        let rows = parse(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].fields.name, "Zoë");
        assert_eq!(rows[0].status, MemberStatus::Waitlist);
        assert_eq!(rows[0].fields.joined, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(rows[1].fields.name, "سارا");
        assert_eq!(rows[1].status, MemberStatus::Active);
    }

    #[test]
    fn unknown_columns_are_named() {
        let err = parse(b"name,shoe size\nAnn,5\n").unwrap_err();
        assert!(err.to_string().contains("shoe size"), "{err}");
    }

    #[test]
    fn bad_rows_name_their_line() {
        let cases: [(&[u8], u64, &str); 5] = [
            (b"name,status\nAnn,active\nBo,retired\n", 3, "retired"),
            (b"name,joined\nAnn,2026-02-30\n", 2, "not a date"),
            (b"name,notes\nAnn,hi\nBo,\"open quote\nCy,x\n", 3, ""),
            (b"name,notes\nAnn,a,b\n", 2, "fields"),
            (b"name,notes\n  , \nAnn,\n  ,hello\n", 4, "name is needed"),
        ];
        for (input, line, words) in cases {
            match parse(input) {
                Err(CsvError::Row { line: got, reason }) => {
                    assert_eq!(got, line, "{reason}");
                    assert!(reason.contains(words), "{reason}");
                }
                other => panic!("{:?} gave {other:?}", String::from_utf8_lossy(input)),
            }
        }
    }

    #[test]
    fn header_problems() {
        assert_eq!(parse(b""), Err(CsvError::Empty));
        assert!(matches!(parse(b"pronouns\nshe/her\n"), Err(CsvError::NoName(_))));
        assert!(matches!(parse(b"name,name\nA,B\n"), Err(CsvError::Duplicate(_))));
        assert!(matches!(parse(b"name\n\xff\xfe\n"), Err(CsvError::Encoding(2))));
    }

    #[test]
    fn utf16_files_are_refused_in_one_sentence() {
        let utf16 = |text: &str, big_endian: bool, mark: bool| -> Vec<u8> {
            let mut out = Vec::new();
            if mark {
                out.extend(if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
            }
            for unit in text.encode_utf16() {
                out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            out
        };
        let text = "name,status\r\nZoë,active\r\n";
        for (big_endian, mark) in [(false, true), (true, true), (false, false), (true, false)] {
            let err = parse(&utf16(text, big_endian, mark)).unwrap_err();
            assert_eq!(err, CsvError::Utf16, "big endian {big_endian}, mark {mark}");
            let message = err.to_string();
            assert!(message.contains("UTF-16") && message.contains("save it as UTF-8"), "{message}");
        }
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_text() {
        let rows = parse(b"name,notes\nBo,5'11\" tall\nCy,say \"hi\"\n\"Di \"\"D\"\"\",\"a, \"\"b\"\"\"\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].fields.notes, "5'11\" tall");
        assert_eq!(rows[1].fields.notes, "say \"hi\"");
        assert_eq!(rows[2].fields.name, "Di \"D\"");
        assert_eq!(rows[2].fields.notes, "a, \"b\"");
        // A quote that starts a field and never closes is still caught,
        // also after a literal quote earlier in the file.
        let err = parse(b"name,notes\nBo,5'11\"\nCy,\"open\nDi,x\n").unwrap_err();
        assert!(matches!(err, CsvError::Row { line: 3, .. }), "{err:?}");
        let err = parse(b"name,notes\n\"Ann\"\"\n").unwrap_err();
        assert!(matches!(err, CsvError::Row { line: 2, .. }), "{err:?}");
    }

    #[test]
    fn joined_dates_in_the_future_are_refused() {
        assert!(parse(b"name,joined\nAnn,2026-11-26\n").is_ok());
        match parse(b"name,joined\nAnn,2026-01-05\nBo,2099-01-01\n") {
            Err(CsvError::Row { line: 3, reason }) => {
                assert!(reason.contains("2099-01-01 is in the future"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_with_control_characters_and_fields_with_nul_are_refused() {
        for (input, words) in [
            ("name\nAnn\0Lee\n", "control characters"),
            ("name\nAnn\u{1b}[2J\n", "control characters"),
            ("name\n\"Ann\tLee\"\n", "control characters"),
            ("name,notes\nAnn,a\0b\n", "NUL"),
            ("name,contact\nAnn,\0\n", "NUL"),
        ] {
            match parse(input.as_bytes()) {
                Err(CsvError::Row { line: 2, reason }) => assert!(reason.contains(words), "{input:?}: {reason}"),
                other => panic!("{input:?} gave {other:?}"),
            }
        }
        // Notes keep their line breaks, tabs and even escapes (shown safely).
        let rows = parse("name,notes\nAnn,\"one\n\ttwo \u{1b}[31m\"\n".as_bytes()).unwrap();
        assert_eq!(rows[0].fields.notes, "one\n\ttwo \u{1b}[31m");
    }

    #[test]
    fn long_names_are_refused() {
        let input = format!("name\n{}\n", "x".repeat(81));
        assert!(matches!(parse(input.as_bytes()), Err(CsvError::Row { line: 2, .. })));
    }
}

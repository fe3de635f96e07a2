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
}

fn row_error(line: u64, reason: impl Into<String>) -> CsvError {
    CsvError::Row { line, reason: reason.into() }
}

/// Reads every row or reports the first problem. Accepts a UTF-8 byte-order
/// mark and CRLF line ends. Status defaults to active; names and notes keep
/// any Unicode as given.
pub fn parse(bytes: &[u8]) -> Result<Vec<ImportRow>, CsvError> {
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
        let name = text::name(get(0)?).map_err(|e| row_error(line, e.to_string()))?;
        let status = match get(3)?.trim() {
            "" => MemberStatus::Active,
            s => MemberStatus::parse(s).map_err(|e| row_error(line, e.to_string()))?,
        };
        let joined: Option<NaiveDate> = text::optional_date(get(4)?).map_err(|e| row_error(line, e.to_string()))?;
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

/// The csv crate reads an unclosed quote as a field running to the end of
/// the file, silently swallowing the rows after it; this finds the line
/// where such a quote opened.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    let mut line = 1;
    let mut opened_on = None;
    for &b in bytes {
        match b {
            b'\n' => line += 1,
            b'"' => opened_on = if opened_on.is_some() { None } else { Some(line) },
            _ => {}
        }
    }
    opened_on
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

/// One member as a CSV record, columns in [`COLUMNS`] order.
pub fn record(fields: &MemberFields, status: MemberStatus) -> [String; 6] {
    [
        fields.name.clone(),
        fields.pronouns.clone(),
        fields.contact.clone(),
        status.code().to_string(),
        fields.joined.map(|d| d.to_string()).unwrap_or_default(),
        fields.notes.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn long_names_are_refused() {
        let input = format!("name\n{}\n", "x".repeat(81));
        assert!(matches!(parse(input.as_bytes()), Err(CsvError::Row { line: 2, .. })));
    }
}

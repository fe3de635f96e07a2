//! Members as CSV: the columns people exchange with spreadsheets, and the
//! rosters other tools write (sign-up forms, attendee lists). Reading is
//! all or nothing: every row is checked, and every problem is reported at
//! once by the line a text editor shows it on.

pub mod columns;
pub mod dates;

use std::collections::HashMap;

use chrono::NaiveDate;

pub use self::columns::Field;
pub use self::dates::DateOrder;
use super::member::MemberFields;
use super::text::{self, display};
use super::{MemberStatus, Role};

/// The columns, in the order export writes them.
pub const COLUMNS: [&str; 6] = ["name", "pronouns", "contact", "status", "joined", "notes"];

/// How many wrong rows a refusal names; the rest are counted.
pub const ROWS_NAMED: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The line of the file the row starts on, as a text editor numbers it.
    pub line: u64,
    pub fields: MemberFields,
    pub status: MemberStatus,
}

/// What the facilitator says about a file: what a column holds, and which
/// way round its dates are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub mapped: Vec<(String, Field)>,
    pub dates: Option<DateOrder>,
}

/// A roster read whole, with what was made of its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<ImportRow>,
    /// Each column used, by its header, and the field it fills.
    pub used: Vec<(String, Field)>,
    /// Columns left out, by their headers.
    pub left_out: Vec<String>,
    /// The character between fields: `,`, `;` or a tab.
    pub separator: char,
    /// Rows that repeat an earlier row of the file (the same name and
    /// contact): each line with the line it repeats.
    pub repeats: Vec<(u64, u64)>,
}

/// A wrong row: its line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is empty: it needs a header row such as name,pronouns,status")]
    Empty,
    #[error("no column holds the names (the header has: {0}); name the column with --map \"HEADER=name\"")]
    NoName(String),
    #[error("both “{1}” and “{2}” would be the {0} column; leave one out with --map \"HEADER=skip\"")]
    Twice(Field, String, String),
    #[error("there is no column “{0}” in this file")]
    NotInFile(String),
    #[error("{}", rows_said(.0, *.1))]
    Rows(Vec<RowError>, usize),
    #[error(
        "the file is not valid UTF-8 text on line {0}; save it as UTF-8 (CSV UTF-8 in most spreadsheets) and try again"
    )]
    Encoding(u64),
    #[error("this file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in most spreadsheets) and import again")]
    Utf16,
}

impl CsvError {
    /// The wrong rows, when that is the trouble.
    pub fn rows(&self) -> &[RowError] {
        match self {
            CsvError::Rows(rows, _) => rows,
            _ => &[],
        }
    }
}

fn rows_said(rows: &[RowError], total: usize) -> String {
    let listed = rows.iter().map(|r| format!("line {}: {}", r.line, r.reason)).collect::<Vec<_>>();
    match total {
        1 => listed.join(""),
        n if n > rows.len() => {
            format!("{n} rows cannot be imported: {}; and {} more", listed.join("; "), n - rows.len())
        }
        n => format!("{n} rows cannot be imported: {}", listed.join("; ")),
    }
}

/// Wrong rows, gathered so they are all said at once.
#[derive(Default)]
struct Problems {
    named: Vec<RowError>,
    total: usize,
}

impl Problems {
    fn add(&mut self, line: u64, reason: impl Into<String>) {
        self.total += 1;
        if self.named.len() < ROWS_NAMED {
            self.named.push(RowError { line, reason: reason.into() });
        }
    }

    fn into_result<T>(mut self, ok: T) -> Result<T, CsvError> {
        if self.total == 0 {
            return Ok(ok);
        }
        self.named.sort_by_key(|r| r.line);
        Err(CsvError::Rows(self.named, self.total))
    }
}

/// Reads every row of a file in circle's own columns, or says every
/// problem; see [`read`].
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Vec<ImportRow>, CsvError> {
    read(bytes, today, &Options::default()).map(|roster| roster.rows)
}

/// Reads a roster: circle's own columns or other tools' (see
/// [`columns::recognise`]), separated by commas, semicolons or tabs,
/// with a UTF-8 byte-order mark or not and any line ends; UTF-16 is
/// refused in words. Status defaults to active. Names follow the rule for
/// every new name; a joined date may not be later than `today`; no field
/// may hold NUL. Every wrong row is named by its physical line.
pub fn read(bytes: &[u8], today: NaiveDate, options: &Options) -> Result<Roster, CsvError> {
    if is_utf16(bytes) {
        return Err(CsvError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CsvError::Empty);
    }
    let lines = Lines::of(bytes);
    if let Some(offset) = unclosed_quote(bytes) {
        let mut problems = Problems::default();
        problems.add(lines.at(offset), "a quote opened on this line is never closed");
        return problems.into_result(Roster::empty());
    }
    let separator = separator(bytes, options);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(bytes);
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // A record never starts at a line end; the csv crate may
                // count its start from the end of the line before.
                let mut offset = record.position().map_or(0, |p| p.byte()) as usize;
                while matches!(bytes.get(offset), Some(b'\r' | b'\n')) {
                    offset += 1;
                }
                records.push((lines.at(offset as u64), record.clone()));
            }
            Err(e) => {
                let line = e.position().map_or(lines.count, |p| lines.at(p.byte()));
                let mut problems = Problems::default();
                problems.add(line, "this row cannot be read as CSV (is a quote left open?)");
                return problems.into_result(Roster::empty());
            }
        }
    }
    let utf8 =
        |line: u64, raw: &[u8]| std::str::from_utf8(raw).map(str::to_string).map_err(|_| CsvError::Encoding(line));
    let Some((header_line, header)) = records.first() else { return Err(CsvError::Empty) };
    let headers = header.iter().map(|h| utf8(*header_line, h)).collect::<Result<Vec<_>, _>>()?;
    let width = headers.len();
    let empty: Vec<bool> = (0..width)
        .map(|i| records[1..].iter().all(|(_, r)| r.get(i).is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))))
        .collect();
    let layout = columns::lay_out(&headers, &options.mapped, &empty).map_err(|e| match e {
        columns::LayoutError::NoName => {
            CsvError::NoName(headers.iter().map(|h| format!("“{}”", display(h.trim()))).collect::<Vec<_>>().join(", "))
        }
        columns::LayoutError::Twice(field, a, b) => CsvError::Twice(field, display(&a).into(), display(&b).into()),
        columns::LayoutError::NotInFile(h) => CsvError::NotInFile(display(&h).into()),
    })?;

    let mut problems = Problems::default();
    let mut drafts = Vec::new();
    for (line, record) in &records[1..] {
        let line = *line;
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if let Some(extra) = (width..record.len()).find(|&i| record.get(i).is_some_and(|f| !f.trim_ascii().is_empty()))
        {
            problems
                .add(line, format!("this row has something in field {} but the header has {width} columns", extra + 1));
            continue;
        }
        let mut values: HashMap<Field, Vec<String>> = HashMap::new();
        for (i, field) in layout.columns.iter().enumerate() {
            let (Some(field), Some(raw)) = (field, record.get(i)) else { continue };
            values.entry(*field).or_default().push(utf8(line, raw)?);
        }
        match draft(line, &values) {
            Ok(draft) => drafts.push(draft),
            Err(reason) => problems.add(line, reason),
        }
    }

    let order = match options.dates {
        Some(order) => Some(order),
        None => {
            let shown = |order: DateOrder| {
                drafts.iter().find(|d| d.joined.as_ref().is_some_and(|(r, raw)| r.shows(raw) == Some(order)))
            };
            match (shown(DateOrder::DayFirst), shown(DateOrder::MonthFirst)) {
                (Some(d), Some(m)) => {
                    let reason = format!(
                        "this date is written month first, but line {} writes the day first; make them agree",
                        d.line
                    );
                    problems.add(m.line, reason);
                    None
                }
                (Some(_), None) => Some(DateOrder::DayFirst),
                (None, Some(_)) => Some(DateOrder::MonthFirst),
                (None, None) => None,
            }
        }
    };
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut repeats = Vec::new();
    for draft in drafts {
        let joined = match draft.joined {
            None => None,
            Some((reading, raw)) => match reading.in_order(order) {
                Some(day) => Some(day),
                None => {
                    let dates::Reading::Either { day_first, month_first } = reading else { unreachable!() };
                    problems.add(
                        draft.line,
                        format!(
                            "“{}” could be {} or {}; say which way the file writes dates with --dates day-first or month-first",
                            display(raw.trim()),
                            day_first.format("%-d %B %Y"),
                            month_first.format("%-d %B %Y")
                        ),
                    );
                    continue;
                }
            },
        };
        if let Some(day) = joined.filter(|d| *d > today) {
            problems.add(draft.line, format!("the joined date {day} is in the future; use the day they joined"));
            continue;
        }
        let fields = MemberFields { joined, ..draft.fields };
        match fields.validated() {
            Ok(fields) => {
                let key = (text::fold(&fields.name), text::fold(fields.contact.trim()));
                match seen.get(&key) {
                    Some(first) => repeats.push((draft.line, *first)),
                    None => {
                        seen.insert(key, draft.line);
                    }
                }
                rows.push(ImportRow { line: draft.line, fields, status: draft.status });
            }
            Err((_, reason)) => problems.add(draft.line, reason),
        }
    }
    let used = layout
        .columns
        .iter()
        .zip(&headers)
        .filter_map(|(field, header)| field.map(|f| (header.trim().to_string(), f)))
        .collect();
    let separator = separator as char;
    problems.into_result(Roster { rows, used, left_out: layout.left_out, separator, repeats })
}

impl Roster {
    fn empty() -> Roster {
        Roster { rows: Vec::new(), used: Vec::new(), left_out: Vec::new(), separator: ',', repeats: Vec::new() }
    }
}

/// A row read, before its date is settled.
struct Draft {
    line: u64,
    fields: MemberFields,
    status: MemberStatus,
    joined: Option<(dates::Reading, String)>,
}

/// The first problem of a row, or the member it describes.
fn draft(line: u64, values: &HashMap<Field, Vec<String>>) -> Result<Draft, String> {
    let one = |f: Field| values.get(&f).and_then(|v| v.first()).map_or("", String::as_str);
    let joined_parts = |f: Field, between: &str| {
        values.get(&f).map_or_else(String::new, |v| {
            v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(between)
        })
    };
    let raw_name = match values.get(&Field::Name) {
        Some(_) => one(Field::Name).to_string(),
        None => format!("{} {}", one(Field::FirstName).trim(), one(Field::LastName).trim()),
    };
    let name = text::new_name(&raw_name).map_err(|e| e.to_string())?;
    let status = match one(Field::Status).trim() {
        "" => MemberStatus::Active,
        s => MemberStatus::parse(s).map_err(|e| e.to_string())?,
    };
    let role = match one(Field::Role).trim() {
        "" => Role::Member,
        s => Role::parse(s).map_err(|e| e.to_string())?,
    };
    let invite_to_speak = match text::cell_yes_no(one(Field::InviteToSpeak)) {
        Some(yes) => yes,
        None if one(Field::InviteToSpeak).trim().is_empty() => false,
        None => {
            return Err(format!(
                "“{}” is not a yes or a no for inviting them to speak",
                display(one(Field::InviteToSpeak).trim())
            ));
        }
    };
    let joined = match values.get(&Field::Joined).and_then(|v| v.first()).filter(|raw| !raw.trim().is_empty()) {
        Some(raw) => Some((dates::read(raw)?, raw.clone())),
        None => None,
    };
    let fields = MemberFields {
        name,
        pronouns: one(Field::Pronouns).to_string(),
        contact: joined_parts(Field::Contact, ", "),
        joined: None,
        role,
        access_needs: one(Field::AccessNeeds).to_string(),
        invite_to_speak,
        notes: values.get(&Field::Notes).map_or_else(String::new, |v| v.join("\n")),
    };
    Ok(Draft { line, fields, status, joined })
}

/// Where each line of the file starts, so a byte offset can be told as the
/// line a text editor shows: a line ends at `\r\n`, `\n` or a lone `\r`.
struct Lines {
    starts: Vec<usize>,
    count: u64,
}

impl Lines {
    fn of(bytes: &[u8]) -> Lines {
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let count = starts.len() as u64;
        Lines { starts, count }
    }

    /// The line (from 1) holding the byte at `offset`.
    fn at(&self, offset: u64) -> u64 {
        self.starts.partition_point(|&s| s as u64 <= offset) as u64
    }
}

/// The separator of a file: whichever of comma, semicolon and tab lets
/// circle recognise the most of the header's columns (the facilitator's
/// mapping counted), a comma when none does better.
fn separator(bytes: &[u8], options: &Options) -> u8 {
    let score = |sep: u8| -> usize {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).delimiter(sep).from_reader(bytes);
        let Some(Ok(header)) = reader.byte_records().next() else { return 0 };
        header
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .filter(|h| {
                columns::recognise(h).is_some()
                    || options.mapped.iter().any(|(m, _)| columns::squashed(m) == columns::squashed(h))
            })
            .count()
    };
    let mut best = (score(b','), b',');
    for sep in [b';', b'\t'] {
        let s = score(sep);
        if s > best.0 {
            best = (s, sep);
        }
    }
    best.1
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
/// the file, silently swallowing the rows after it; this finds the byte
/// where such a quote opened. As in CSV, only a quote that starts a field
/// opens a quoted field (`"Lee, Ann"`); a quote anywhere else in a field is
/// literal text (`5'11"`), and `""` inside a quoted field is a quote. Any
/// of the separators circle reads starts a field.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted {
            opened_at: usize,
        },
        /// Just after a quote inside a quoted field: either the field's
        /// closing quote or the first half of `""`.
        QuoteInQuoted {
            opened_at: usize,
        },
    }
    let mut state = State::FieldStart;
    for (i, &b) in bytes.iter().enumerate() {
        state = match (state, b) {
            (State::Quoted { opened_at }, b'"') => State::QuoteInQuoted { opened_at },
            (State::Quoted { opened_at }, _) => State::Quoted { opened_at },
            (State::QuoteInQuoted { opened_at }, b'"') => State::Quoted { opened_at },
            (State::FieldStart, b'"') => State::Quoted { opened_at: i },
            (_, b',' | b';' | b'\t' | b'\n' | b'\r') => State::FieldStart,
            (_, _) => State::Unquoted,
        };
    }
    match state {
        State::Quoted { opened_at } => Some(opened_at as u64),
        _ => None,
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

    /// The first wrong row's line and reason.
    fn first_wrong(result: Result<Vec<ImportRow>, CsvError>) -> (u64, String) {
        match result {
            Err(CsvError::Rows(rows, _)) => (rows[0].line, rows[0].reason.clone()),
            other => panic!("expected a wrong row, got {other:?}"),
        }
    }

    #[test]
    fn columns_circle_does_not_know_are_left_out_and_named() {
        let roster = read(b"name,shoe size\nAnn,5\n", today(), &Options::default()).unwrap();
        assert_eq!(roster.rows.len(), 1);
        assert_eq!(roster.left_out, ["shoe size"]);
        assert_eq!(roster.used, [("name".to_string(), Field::Name)]);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let cases: [(&[u8], u64, &str); 5] = [
            (b"name,status\nAnn,active\nBo,retired\n", 3, "retired"),
            (b"name,joined\nAnn,2026-02-30\n", 2, "not a date"),
            (b"name,notes\nAnn,hi\nBo,\"open quote\nCy,x\n", 3, "never closed"),
            (b"name,notes\nAnn,a,b\n", 2, "field 3"),
            (b"name,notes\n  , \nAnn,\n  ,hello\n", 4, "name is needed"),
        ];
        for (input, line, words) in cases {
            let (got, reason) = first_wrong(parse(input));
            assert_eq!(got, line, "{:?}: {reason}", String::from_utf8_lossy(input));
            assert!(reason.contains(words), "{reason}");
        }
    }

    /// What Excel and Sheets write (CRLF), a blank line, and old Mac files
    /// (CR alone): each refusal names the line a text editor shows.
    #[test]
    fn every_line_end_gives_the_physical_line() {
        for input in [
            &b"name,status\r\nAnn,active\r\nBo,retired\r\n"[..],
            b"name,status\rAnn,active\rBo,retired\r",
            b"name,status\n\nBo,retired\n",
            b"name,status\r\n\r\nBo,retired\r\n",
            b"name,notes\r\n\"Ann\",\"two\r\nlines\"\r\nBo,x\r\nCy,\"open\r\n",
        ] {
            let (line, _) = first_wrong(parse(input));
            let expected = if input.starts_with(b"name,notes") { 5 } else { 3 };
            assert_eq!(line, expected, "{:?}", String::from_utf8_lossy(input));
        }
        assert_eq!(parse(b"name\r\nAnn\r\n\xff\xfe\r\n"), Err(CsvError::Encoding(3)));
    }

    #[test]
    fn every_wrong_row_is_said_at_once() {
        let mut text = String::from("name,status\n");
        for i in 0..30 {
            text.push_str(&format!("P{i},{}\n", if i % 2 == 0 { "active" } else { "retired" }));
        }
        match parse(text.as_bytes()) {
            Err(err @ CsvError::Rows(..)) => {
                assert_eq!(err.rows().len(), 15);
                assert_eq!(err.rows()[0].line, 3);
                assert!(err.to_string().starts_with("15 rows cannot be imported: line 3:"), "{err}");
            }
            other => panic!("{other:?}"),
        }
        let mut many = String::from("name,status\n");
        for i in 0..50 {
            many.push_str(&format!("P{i},retired\n"));
        }
        let err = parse(many.as_bytes()).unwrap_err();
        assert_eq!(err.rows().len(), ROWS_NAMED);
        assert!(err.to_string().ends_with("and 30 more"), "{err}");
    }

    #[test]
    fn semicolons_and_tabs_separate_as_commas_do() {
        for input in [
            &b"Name;Pronouns;Email\nZo\xc3\xab;she/her;zoe@example.org\n"[..],
            b"Name\tPronouns\tEmail\nZo\xc3\xab\tshe/her\tzoe@example.org\n",
        ] {
            let roster = read(input, today(), &Options::default()).unwrap();
            assert_eq!(roster.rows[0].fields.name, "Zoë");
            assert_eq!(roster.rows[0].fields.contact, "zoe@example.org");
            assert!(roster.left_out.is_empty());
        }
        // A name with a comma in it, in a semicolon file, stays whole.
        let roster = read(b"name;notes\nLee, Ann;hi\n", today(), &Options::default()).unwrap();
        assert_eq!(roster.rows[0].fields.name, "Lee, Ann");
        assert_eq!(roster.separator, ';');
    }

    #[test]
    fn first_and_last_names_make_one_name_and_contacts_join() {
        let input = b"First Name,Last Name,Email,Mobile,Timestamp\nAda,Lovell,ada@example.org,07700 900123,2026-11-01 10:00\nBo,,,,\n";
        let roster = read(input, today(), &Options::default()).unwrap();
        assert_eq!(roster.rows[0].fields.name, "Ada Lovell");
        assert_eq!(roster.rows[0].fields.contact, "ada@example.org, 07700 900123");
        assert_eq!(roster.rows[1].fields.name, "Bo");
        assert_eq!(roster.left_out, ["Timestamp"]);
    }

    #[test]
    fn day_first_dates_are_read_where_they_cannot_be_misread() {
        let input = b"name,joined\nAnn,14/11/2026\nBo,03/04/2026\n";
        let rows = parse(input).unwrap();
        assert_eq!(rows[0].fields.joined, NaiveDate::from_ymd_opt(2026, 11, 14));
        assert_eq!(rows[1].fields.joined, NaiveDate::from_ymd_opt(2026, 4, 3), "the file writes the day first");
        let (line, reason) = first_wrong(parse(b"name,joined\nBo,03/04/2026\n"));
        assert_eq!(line, 2);
        assert!(reason.contains("3 April 2026 or 4 March 2026") && reason.contains("--dates"), "{reason}");
        let said = Options { dates: Some(DateOrder::MonthFirst), ..Options::default() };
        let roster = read(b"name,joined\nBo,03/04/2026\n", today(), &said).unwrap();
        assert_eq!(roster.rows[0].fields.joined, NaiveDate::from_ymd_opt(2026, 3, 4));
        let (line, reason) = first_wrong(parse(b"name,joined\nAnn,14/11/2026\nBo,11/13/2026\n"));
        assert_eq!(line, 3);
        assert!(reason.contains("line 2 writes the day first"), "{reason}");
    }

    #[test]
    fn a_row_given_twice_is_noticed() {
        let input = b"name,contact\nAnn,ann@example.org\nBo,\nANN,ann@example.org\nBo,\nAnn,other@example.org\n";
        let roster = read(input, today(), &Options::default()).unwrap();
        assert_eq!(roster.rows.len(), 5, "all are read; the facilitator decides");
        assert_eq!(roster.repeats, [(4, 2), (5, 3)]);
    }

    #[test]
    fn role_access_needs_and_invitation_come_in_too() {
        let input = b"name,role,access needs,invite to speak\nAnn,co-facilitator,step-free,yes\nBo,,,no\n";
        let rows = parse(input).unwrap();
        assert_eq!(rows[0].fields.role, Role::CoFacilitator);
        assert_eq!(rows[0].fields.access_needs, "step-free");
        assert!(rows[0].fields.invite_to_speak && !rows[1].fields.invite_to_speak);
        let (_, reason) = first_wrong(parse(b"name,invite to speak\nAnn,perhaps\n"));
        assert!(reason.contains("perhaps"), "{reason}");
    }

    #[test]
    fn header_problems() {
        assert_eq!(parse(b""), Err(CsvError::Empty));
        assert!(matches!(parse(b"pronouns\nshe/her\n"), Err(CsvError::NoName(_))));
        assert!(matches!(parse(b"name,name\nA,B\n"), Err(CsvError::Twice(..))));
        assert!(matches!(parse(b"name\n\xff\xfe\n"), Err(CsvError::Encoding(2))));
        let said = parse(b"Who;Email\nAnn;a@example.org\n").unwrap_err().to_string();
        assert!(said.contains("“Who”") && said.contains("--map"), "{said}");
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
        assert_eq!(first_wrong(parse(b"name,notes\nBo,5'11\"\nCy,\"open\nDi,x\n")).0, 3);
        assert_eq!(first_wrong(parse(b"name,notes\n\"Ann\"\"\n")).0, 2);
    }

    #[test]
    fn joined_dates_in_the_future_are_refused() {
        assert!(parse(b"name,joined\nAnn,2026-11-26\n").is_ok());
        let (line, reason) = first_wrong(parse(b"name,joined\nAnn,2026-01-05\nBo,2099-01-01\n"));
        assert_eq!(line, 3);
        assert!(reason.contains("2099-01-01 is in the future"), "{reason}");
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
            let (line, reason) = first_wrong(parse(input.as_bytes()));
            assert_eq!(line, 2, "{input:?}");
            assert!(reason.contains(words), "{input:?}: {reason}");
        }
        // Notes keep their line breaks, tabs and even escapes (shown safely).
        let rows = parse("name,notes\nAnn,\"one\n\ttwo \u{1b}[31m\"\n".as_bytes()).unwrap();
        assert_eq!(rows[0].fields.notes, "one\n\ttwo \u{1b}[31m");
    }

    #[test]
    fn long_names_are_refused() {
        let input = format!("name\n{}\n", "x".repeat(81));
        assert_eq!(first_wrong(parse(input.as_bytes())).0, 2);
    }
}

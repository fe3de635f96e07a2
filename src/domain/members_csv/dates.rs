//! Dates as spreadsheets write them: `2026-03-14`, and day or month first
//! (`14/03/2026`, `3/14/2026`, with `/`, `.` or `-`). A date that reads
//! only one way is taken that way; one that reads both ways (`03/04/2026`)
//! takes the order the rest of the file shows, or the one the facilitator
//! gives, and is never guessed.

use chrono::NaiveDate;

/// Which number comes first in a date written with slashes or dots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    /// `day-first` or `month-first`, as the command line takes them.
    pub fn from_word(word: &str) -> Option<DateOrder> {
        match super::columns::squashed(word).as_str() {
            "dayfirst" | "dmy" | "day" => Some(DateOrder::DayFirst),
            "monthfirst" | "mdy" | "month" => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }
}

/// What a written date can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Only one date.
    One(NaiveDate),
    /// One date if the day comes first, another if the month does.
    Either { day_first: NaiveDate, month_first: NaiveDate },
}

impl Reading {
    /// The order this date shows, when it shows one.
    pub fn shows(self, raw: &str) -> Option<DateOrder> {
        let (a, b) = leading_pair(raw)?;
        match self {
            Reading::One(_) if a > 12 && b <= 12 => Some(DateOrder::DayFirst),
            Reading::One(_) if b > 12 && a <= 12 => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }

    pub fn in_order(self, order: Option<DateOrder>) -> Option<NaiveDate> {
        match (self, order) {
            (Reading::One(day), _) => Some(day),
            (Reading::Either { day_first, .. }, Some(DateOrder::DayFirst)) => Some(day_first),
            (Reading::Either { month_first, .. }, Some(DateOrder::MonthFirst)) => Some(month_first),
            (Reading::Either { .. }, None) => None,
        }
    }
}

fn parts(raw: &str) -> Option<(u32, u32, i32)> {
    let mut it = raw.trim().split(['/', '.', '-']);
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y.parse().ok()?))
}

fn leading_pair(raw: &str) -> Option<(u32, u32)> {
    parts(raw).map(|(a, b, _)| (a, b))
}

/// Reads a date, or says what it could not be.
pub fn read(raw: &str) -> Result<Reading, String> {
    // A time after the date (what exports of sign-ups write) says nothing
    // about the day.
    let raw = raw.trim();
    let raw = raw.split([' ', 'T']).next().unwrap_or(raw);
    let year_first = raw.split(['-', '/']).next().is_some_and(|y| y.len() == 4);
    for form in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(day) =
            NaiveDate::parse_from_str(raw, form).map_err(drop).and_then(|d| year_first.then_some(d).ok_or(()))
        {
            return Ok(Reading::One(day));
        }
    }
    let shown = super::display(raw);
    let Some((a, b, y)) = parts(raw) else {
        return Err(format!("“{shown}” is not a date; write it as 2026-03-14 or 14/03/2026"));
    };
    let day_first = NaiveDate::from_ymd_opt(y, b, a);
    let month_first = NaiveDate::from_ymd_opt(y, a, b);
    match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => Ok(Reading::One(d)),
        (Some(d), Some(m)) => Ok(Reading::Either { day_first: d, month_first: m }),
        (Some(d), None) | (None, Some(d)) => Ok(Reading::One(d)),
        (None, None) => Err(format!("“{shown}” is not a date on the calendar")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_that_read_one_way_are_taken_that_way() {
        assert_eq!(read("2026-03-14"), Ok(Reading::One(day(2026, 3, 14))));
        assert_eq!(read("14/11/2026"), Ok(Reading::One(day(2026, 11, 14))));
        assert_eq!(read("11/14/2026"), Ok(Reading::One(day(2026, 11, 14))));
        assert_eq!(read("14.11.2026"), Ok(Reading::One(day(2026, 11, 14))));
        assert_eq!(read("05/05/2026"), Ok(Reading::One(day(2026, 5, 5))));
        assert_eq!(read("2026-03-14 18:22:05"), Ok(Reading::One(day(2026, 3, 14))));
        assert_eq!(read("14/03/2026 09:15"), Ok(Reading::One(day(2026, 3, 14))));
        assert_eq!(read("14/11/2026").unwrap().shows("14/11/2026"), Some(DateOrder::DayFirst));
        assert_eq!(read("11/14/2026").unwrap().shows("11/14/2026"), Some(DateOrder::MonthFirst));
    }

    #[test]
    fn dates_that_read_both_ways_are_never_guessed() {
        let both = read("03/04/2026").unwrap();
        assert_eq!(both, Reading::Either { day_first: day(2026, 4, 3), month_first: day(2026, 3, 4) });
        assert_eq!(both.in_order(None), None);
        assert_eq!(both.in_order(Some(DateOrder::DayFirst)), Some(day(2026, 4, 3)));
        assert_eq!(both.shows("03/04/2026"), None);
    }

    #[test]
    fn what_is_not_a_date_says_how_to_write_one() {
        assert!(read("next Tuesday").unwrap_err().contains("2026-03-14"));
        assert!(read("31/02/2026").unwrap_err().contains("not a date on the calendar"));
        assert!(read("3/4/26").is_err(), "two-digit years are not guessed either");
        assert_eq!(DateOrder::from_word("Day-first"), Some(DateOrder::DayFirst));
    }
}

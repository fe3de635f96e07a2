//! How days are written, in the style the settings file chooses
//! (`date_format`): the console's short forms and linear mode's spoken
//! ones come from the same style, so a facilitator who asks for ISO dates
//! gets them in both.

use chrono::{Datelike, NaiveDate};

/// How days are written on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// Tue 1 Dec 2026
    #[default]
    DayMonth,
    /// Tue Dec 1 2026
    MonthDay,
    /// 2026-12-01
    Iso,
}

impl DateStyle {
    pub const ALL: [DateStyle; 3] = [DateStyle::DayMonth, DateStyle::MonthDay, DateStyle::Iso];

    pub fn code(self) -> &'static str {
        match self {
            DateStyle::DayMonth => "day-month",
            DateStyle::MonthDay => "month-day",
            DateStyle::Iso => "iso",
        }
    }

    /// A whole day, with its weekday where the style has one.
    pub fn day(self, day: NaiveDate) -> String {
        match self {
            DateStyle::DayMonth => day.format("%a %-d %b %Y").to_string(),
            DateStyle::MonthDay => day.format("%a %b %-d %Y").to_string(),
            DateStyle::Iso => day.format("%Y-%m-%d").to_string(),
        }
    }

    /// A day within a short span, where the year is plain from the context.
    pub fn short_day(self, day: NaiveDate) -> String {
        match self {
            DateStyle::DayMonth => day.format("%-d %b").to_string(),
            DateStyle::MonthDay => day.format("%b %-d").to_string(),
            DateStyle::Iso => day.format("%m-%d").to_string(),
        }
    }

    /// A month.
    pub fn month(self, day: NaiveDate) -> String {
        match self {
            DateStyle::Iso => day.format("%Y-%m").to_string(),
            _ => day.format("%b %Y").to_string(),
        }
    }

    /// A whole day in words a screen reader says plainly, nothing
    /// abbreviated: "Thursday 26 November 2026".
    pub fn spoken_day(self, day: NaiveDate) -> String {
        match self {
            DateStyle::DayMonth => day.format("%A %-d %B %Y").to_string(),
            DateStyle::MonthDay => day.format("%A %B %-d %Y").to_string(),
            DateStyle::Iso => day.format("%Y-%m-%d").to_string(),
        }
    }

    /// A month in words: "November 2026"; ISO keeps "2026-11".
    pub fn spoken_month(self, day: NaiveDate) -> String {
        match self {
            DateStyle::Iso => day.format("%Y-%m").to_string(),
            _ => day.format("%B %Y").to_string(),
        }
    }

    /// A day near `today` in words: "24 November", with the year only when
    /// it is not this year's. An ISO date keeps its year: without it, it
    /// would be heard as two bare numbers.
    pub fn spoken_near(self, day: NaiveDate, today: NaiveDate) -> String {
        let this_year = day.year() == today.year();
        match self {
            DateStyle::DayMonth if this_year => day.format("%-d %B").to_string(),
            DateStyle::DayMonth => day.format("%-d %B %Y").to_string(),
            DateStyle::MonthDay if this_year => day.format("%B %-d").to_string(),
            DateStyle::MonthDay => day.format("%B %-d %Y").to_string(),
            DateStyle::Iso => day.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The days of the plain size-health report read aloud, in a style, near
/// `today`.
pub struct Spoken {
    pub style: DateStyle,
    pub today: NaiveDate,
}

impl crate::domain::health::DayWriter for Spoken {
    fn day(&self, day: NaiveDate) -> String {
        self.style.spoken_day(day)
    }

    fn near(&self, day: NaiveDate) -> String {
        self.style.spoken_near(day, self.today)
    }

    fn month(&self, first_of_month: NaiveDate) -> String {
        self.style.spoken_month(first_of_month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_style_writes_a_day_short_and_spoken() {
        let (day, today) = (d(2026, 11, 24), d(2026, 11, 26));
        assert_eq!(DateStyle::DayMonth.day(day), "Tue 24 Nov 2026");
        assert_eq!(DateStyle::DayMonth.spoken_day(day), "Tuesday 24 November 2026");
        assert_eq!(DateStyle::DayMonth.spoken_near(day, today), "24 November");
        assert_eq!(DateStyle::DayMonth.spoken_near(d(2025, 11, 24), today), "24 November 2025");
        assert_eq!(DateStyle::MonthDay.day(day), "Tue Nov 24 2026");
        assert_eq!(DateStyle::MonthDay.spoken_day(day), "Tuesday November 24 2026");
        assert_eq!(DateStyle::MonthDay.spoken_near(day, today), "November 24");
        assert_eq!(DateStyle::MonthDay.spoken_near(d(2025, 11, 24), today), "November 24 2025");
        assert_eq!(DateStyle::Iso.day(day), "2026-11-24");
        assert_eq!(DateStyle::Iso.spoken_day(day), "2026-11-24");
        assert_eq!(DateStyle::Iso.spoken_near(day, today), "2026-11-24");
        assert_eq!(DateStyle::DayMonth.spoken_month(day), "November 2026");
        assert_eq!(DateStyle::Iso.spoken_month(day), "2026-11");
    }
}

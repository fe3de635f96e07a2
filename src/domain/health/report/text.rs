//! The report as plain text: for `circle report`, and read out in linear
//! mode, with days in the style each asks for.

use super::*;

/// How the plain-text report writes days: `circle report` writes ISO days
/// ([`IsoDays`]), for scripts; linear mode, which reads the same text aloud,
/// writes them in the date style the facilitator chose.
pub trait DayWriter {
    /// The report's own day.
    fn day(&self, day: NaiveDate) -> String;
    /// Another day, near the report's.
    fn near(&self, day: NaiveDate) -> String;
    /// A month.
    fn month(&self, first_of_month: NaiveDate) -> String;
}

/// Days as 2026-11-26 and months as 2026-11.
pub struct IsoDays;

impl DayWriter for IsoDays {
    fn day(&self, day: NaiveDate) -> String {
        day.to_string()
    }

    fn near(&self, day: NaiveDate) -> String {
        day.to_string()
    }

    fn month(&self, first_of_month: NaiveDate) -> String {
        first_of_month.format("%Y-%m").to_string()
    }
}

/// Names in a sentence, or how many when they are left out.
fn names_or_count(people_named: &[Person], n: usize, left_out: bool) -> String {
    if left_out {
        return format!("{} (names left out)", people(n as u32));
    }
    people_named.iter().map(|p| plain(&p.name)).collect::<Vec<_>>().join(", ")
}

/// The report as plain text for `circle report --format text`: labelled
/// lines and full sentences, no box drawing, nothing a screen reader would
/// stumble on.
pub fn report_text(report: &Report) -> String {
    report_text_in(report, &IsoDays)
}

/// [`report_text`] with days written by `days`.
pub fn report_text_in(report: &Report, days: &dyn DayWriter) -> String {
    let mut out = Vec::new();
    let mut line = |s: String| out.push(s);
    line(format!("Size health for {} on {}", plain(&report.group), days.day(report.today)));
    line(String::new());
    line(report.verdict.clone());
    line(String::new());

    line("Figures".into());
    line(format!("Active members: {}.", report.active));
    let basis = match report.expected.basis {
        ExpectedBasis::Median { meetings } => {
            format!("the middle figure of the last {}", count(meetings as u64, "meeting", "meetings"))
        }
        ExpectedBasis::ActiveTimesRate { rate } => {
            format!("active members times their attendance rate of {:.0}%", rate * 100.0)
        }
        ExpectedBasis::ActiveCount => "everyone active, until there are more meetings to go by".into(),
    };
    line(format!("Expected attendance: {}, from {basis}.", people(report.expected.people)));
    line(match report.largest {
        Some(largest) => format!(
            "Workable range: {} to {}. The largest gives every one of the {} after opening, closing and breaks \
             to turns of {} each, with nothing to spare.",
            report.smallest,
            people(largest),
            minutes(report.talk_minutes),
            minutes(report.min_speaking_minutes)
        ),
        None => "Workable range: none, because the settings leave no time to speak.".into(),
    });
    line(format!(
        "Time to speak: {} after opening, closing and breaks, at least {} each.",
        minutes(report.talk_minutes),
        minutes(report.min_speaking_minutes)
    ));
    let each = |s: Option<u64>| s.map_or_else(|| "not applicable, with no one to share it".into(), duration);
    line(format!("Time each at today's active size: {}.", each(report.seconds_each_at_active)));
    line(format!("Time each at expected attendance: {}.", each(report.seconds_each_at_expected)));
    line(match report.attendance_rate {
        Some(rate) => format!("Average attendance rate: {:.0}%.", rate * 100.0),
        None => "Average attendance rate: not known yet.".into(),
    });
    line(String::new());

    line("Group review".into());
    line(match report.review.last_review {
        Some(day) => format!("Last review: {}.", days.near(day)),
        None => "Last review: none yet.".into(),
    });
    match report.review.due_on {
        Some(due) if report.review.overdue => line(format!(
            "Next review was due on {}, {} ago.",
            days.near(due),
            count(report.review.days_overdue.into(), "day", "days")
        )),
        Some(due) => line(format!("Next review due: {}.", days.near(due))),
        None => {}
    }
    line(String::new());

    line("Attendance per meeting, oldest first".into());
    if report.attendance.is_empty() {
        line("No meetings recorded yet.".into());
    }
    for p in &report.attendance {
        line(match p.visitors {
            0 => format!("{}: {}.", days.near(p.held_on), people(p.total)),
            v => format!(
                "{}: {}, including {}.",
                days.near(p.held_on),
                people(p.total),
                count(v.into(), "visitor", "visitors")
            ),
        });
    }
    line(String::new());

    line("Joiners and leavers".into());
    // Months with no change are left out, so a screen reader need not read
    // a column of zeros.
    let month = |f: &MonthFlow| NaiveDate::from_ymd_opt(f.year, f.month, 1).map_or(String::new(), |d| days.month(d));
    if let (Some(first), Some(last)) = (report.flows.first(), report.flows.last()) {
        let joined: u32 = report.flows.iter().map(|f| f.joiners).sum();
        let left: u32 = report.flows.iter().map(|f| f.leavers).sum();
        line(format!("From {} to {}: {joined} joined and {left} left.", month(first), month(last)));
    }
    for f in report.flows.iter().filter(|f| f.joiners + f.leavers > 0) {
        line(format!("{}: {} joined, {} left.", month(f), f.joiners, f.leavers));
    }
    line(String::new());

    line("Waitlist".into());
    if report.waitlist.count == 0 {
        line("Nobody is on the waitlist.".into());
    } else if report.names_left_out {
        line(format!("{} waiting (names left out).", people(report.waitlist.count as u32)));
    }
    for w in &report.waitlist.people {
        let (name, waiting) = (plain(&w.name), count(w.days.into(), "day", "days"));
        line(format!("{name}: waiting {waiting}, since {}.", days.near(w.since)));
    }
    if let Some(days) = report.waitlist.longest_days {
        line(format!("Longest wait: {}.", count(days.into(), "day", "days")));
    }
    line(String::new());

    line("Not heard lately".into());
    let rounds = count(NOT_HEARD_ROUNDS as u64, "round", "rounds");
    if !report.not_heard_enough_rounds {
        let run = match report.not_heard_rounds {
            0 => "none has been run yet".into(),
            n => format!("{} run so far", count(n as u64, "round has been", "rounds have been")),
        };
        line(format!("Not enough rounds yet: this looks at the last {rounds}, and {run}."));
    } else if report.not_heard_count == 0 {
        line(format!("Everyone present at each of the last {rounds} spoke or passed at least once."));
    } else {
        line(format!(
            "Present at each of the last {rounds} but did not speak or pass in any of them: {}.",
            names_or_count(&report.not_heard, report.not_heard_count, report.names_left_out)
        ));
    }
    line(String::new());

    line("May like an invitation to speak".into());
    if report.invite_count == 0 {
        line("Nobody for now: everyone had at least half the group's minimum time lately, and nobody asked to be invited.".into());
    } else {
        line(format!(
            "{}: much less than the group's minimum time in recent rounds, or asked to be invited. A gentle \
             invitation next time may help; passing is always fine.",
            names_or_count(&report.invite, report.invite_count, report.names_left_out)
        ));
    }

    // Only when asked for (`--speaking-times`), and by name, not by minutes.
    if !report.speaking.is_empty() {
        line(String::new());
        let rounds = count(report.speaking_rounds as u64, "round", "rounds");
        line(format!("Time each person had in the last {rounds}, by name"));
    }
    for p in &report.speaking {
        let (name, rounds) = (plain(&p.name), count(p.time.rounds.into(), "round", "rounds"));
        line(match (p.time.total_seconds, p.time.rounds) {
            (0, _) => format!("{name}: no speaking time in {rounds}."),
            (total, 1) => format!("{name}: {} in 1 round.", duration(total)),
            (total, _) => format!(
                "{name}: {} over {rounds}, about {} a round.",
                duration(total),
                duration(p.time.average_seconds)
            ),
        });
    }

    for section in &report.advice {
        line(String::new());
        line(section.title.clone());
        for (i, item) in section.items.iter().enumerate() {
            line(format!("{}. {item}", i + 1));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

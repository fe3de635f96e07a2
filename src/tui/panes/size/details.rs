//! The words under the chart: what to do, who is waiting, who has not
//! been heard lately, the time each person had, and how membership moved.

use crate::present::DateStyle;
use ratatui::text::{Line, Span};

use crate::domain::health::{ExpectedBasis, Report, duration};
use crate::domain::text::{count, display};
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap;

/// One line of figures: how many are active and how many come. The time
/// each person gets is said once, below, in one unit.
pub fn figures(report: &Report) -> String {
    let expected = match report.expected.basis {
        ExpectedBasis::Median { meetings } => format!(
            "about {} come, the middle figure of the last {}",
            report.expected.people,
            count(meetings as u64, "meeting", "meetings")
        ),
        _ => format!("about {} expected", report.expected.people),
    };
    format!("{} active · {expected}", report.active)
}

/// Every section, wrapped to `width`.
pub fn lines(report: &Report, theme: &Theme, dates: DateStyle, width: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    let width = width.max(10);
    // Bullets hang: their second line starts under the text, not the dot.
    let para = |out: &mut Vec<Line<'static>>, text: &str, style| {
        let text = display(text);
        let (first, rest) = match text.strip_prefix("• ") {
            Some(rest) => ("   • ", rest.to_string()),
            None => ("   ", text.into_owned()),
        };
        let indent = first.chars().count();
        for (i, row) in wrap(&rest, width.saturating_sub(indent)).into_iter().enumerate() {
            let lead = if i == 0 { first.to_string() } else { " ".repeat(indent) };
            out.push(Line::from(vec![Span::raw(lead), Span::styled(row, style)]));
        }
    };
    let heading = |out: &mut Vec<Line<'static>>, text: &str| {
        out.push(Line::raw(""));
        out.push(Line::styled(format!(" {text}"), theme.title()));
    };
    for section in &report.advice {
        heading(&mut out, &section.title);
        for item in &section.items {
            para(&mut out, &format!("• {item}"), theme.normal());
        }
    }
    if let Some(seconds) = report.seconds_each_at_expected {
        heading(&mut out, "Time to speak");
        let all = match report.seconds_each_at_active {
            Some(all) if report.active != report.expected.people => {
                format!(" If all {} active members come, about {} each.", report.active, duration(all))
            }
            _ => String::new(),
        };
        para(
            &mut out,
            &format!(
                "With {} people, each can have about {}.{all} The group's minimum is {}; the workable range \
                 assumes all {} after opening, closing and breaks go to turns of that length.",
                report.expected.people,
                duration(seconds),
                count(report.min_speaking_minutes.into(), "minute", "minutes"),
                count(report.talk_minutes.into(), "minute", "minutes")
            ),
            theme.normal(),
        );
    }
    heading(&mut out, "Waitlist");
    if report.waitlist.people.is_empty() {
        para(&mut out, "Nobody is waiting.", theme.dim());
    }
    for person in &report.waitlist.people {
        para(
            &mut out,
            &format!("{} — waiting {} days, since {}", person.name, person.days, person.since),
            theme.normal(),
        );
    }
    heading(&mut out, "Not heard lately");
    if !report.not_heard_enough_rounds {
        para(&mut out, "After three rounds, this shows who has not spoken in any of them.", theme.dim());
    } else if report.not_heard.is_empty() {
        para(&mut out, "Nobody went without a turn in all of the last three rounds.", theme.dim());
    } else {
        let names: Vec<&str> = report.not_heard.iter().map(|p| p.name.as_str()).collect();
        para(
            &mut out,
            &format!("{}: quiet in the last three rounds. A gentle invitation may help.", names.join(", ")),
            theme.normal(),
        );
    }
    // Names only, in name order: nobody is ranked by their minutes here.
    heading(&mut out, "May like an invitation to speak");
    if report.invite.is_empty() {
        para(&mut out, "Nobody for now: everyone had at least half the group's minimum time lately.", theme.dim());
    } else {
        let names: Vec<&str> = report.invite.iter().map(|p| p.name.as_str()).collect();
        para(
            &mut out,
            &format!(
                "{}: much less than the group's minimum time in recent rounds, or asked to be invited. A gentle \
                 invitation next time may help; passing is always fine.",
                names.join(", ")
            ),
            theme.normal(),
        );
    }
    heading(&mut out, "Joining and leaving");
    let moved: Vec<String> = report
        .flows
        .iter()
        .filter(|f| f.joiners > 0 || f.leavers > 0)
        .map(|f| {
            let month = chrono::NaiveDate::from_ymd_opt(f.year, f.month, 1).map_or(String::new(), |d| dates.month(d));
            format!("{month}: {} joined, {} left", f.joiners, f.leavers)
        })
        .collect();
    if moved.is_empty() {
        para(&mut out, "Nobody joined or left in the last twelve months.", theme.dim());
    }
    for m in moved {
        para(&mut out, &m, theme.normal());
    }
    if let Some(rate) = report.attendance_rate {
        para(&mut out, &format!("Active members come to {:.0}% of meetings on average.", rate * 100.0), theme.normal());
    }
    heading(&mut out, "Reviewing how the group describes itself");
    let review = &report.review;
    let text = match (review.last_review, review.due_on) {
        (_, Some(due)) if review.overdue => format!("Due since {due} ({} days).", review.days_overdue),
        (Some(last), Some(due)) => format!("Last done {last}; next due {due}."),
        (None, Some(due)) => format!("Not done yet; due by {due}."),
        _ => "Not done yet.".to_string(),
    };
    para(&mut out, &text, if review.overdue { theme.warn() } else { theme.normal() });
    out
}

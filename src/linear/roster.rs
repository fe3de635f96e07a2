//! The roster: a count, then one labelled line per person; a number tells
//! everything kept about that person.

use super::words::{Input, count, not_on_list, short_day};
use super::{Area, Ctx, Go, Place};
use crate::domain::text::display;
use crate::domain::{Role, RosterQuery, RosterRow};

pub struct Roster {
    query: RosterQuery,
    rows: Vec<RosterRow>,
}

impl Roster {
    pub fn enter(ctx: &mut Ctx) -> Option<Roster> {
        let mut roster = Roster { query: RosterQuery { hide_left: true, ..RosterQuery::default() }, rows: Vec::new() };
        roster.list(ctx);
        ctx.hint_once(
            "roster",
            "Type a number to hear about that person; all lists those who left too, find and a name searches.",
        );
        Some(roster)
    }

    fn list(&mut self, ctx: &mut Ctx) {
        let group = ctx.group_id();
        let rows =
            ctx.circle.roster_count(group, &self.query).and_then(|n| ctx.circle.roster_page(group, &self.query, 0, n));
        match rows {
            Ok(rows) => self.rows = rows,
            Err(e) => return ctx.fail(e),
        }
        let who = match (self.query.search.is_empty(), self.query.hide_left) {
            (false, _) => format!(", matching “{}”", super::words::fit(&self.query.search)),
            (true, true) => ", not counting those who left".into(),
            (true, false) => ", including those who left".into(),
        };
        ctx.say(format!("Roster of {}: {}{who}.", ctx.group_name(), count(self.rows.len(), "person", "people")));
        for (i, row) in self.rows.iter().enumerate() {
            let line = line(row, ctx.today);
            ctx.say(format!("{}. {line}", i + 1));
        }
    }

    fn tell(&self, ctx: &mut Ctx, row: &RosterRow) {
        let member = match ctx.circle.member(row.id) {
            Ok(m) => m,
            Err(e) => return ctx.fail(e),
        };
        let f = &member.fields;
        let today = ctx.today;
        let pronouns = if f.pronouns.trim().is_empty() { String::new() } else { format!(", {}", display(&f.pronouns)) };
        ctx.say(format!("{}{pronouns}.", display(&f.name)));
        ctx.say(format!("Status: {} since {}.", member.status.label(), short_day(member.status_since, today)));
        ctx.say(format!("Role: {}.", f.role.label()));
        if let Some(joined) = f.joined {
            ctx.say(format!("Joined: {}.", short_day(joined, today)));
        }
        let last =
            row.last_attended.map_or_else(|| "not here yet".into(), |d| format!("last here {}", short_day(d, today)));
        ctx.say(match row.possible {
            0 => format!("Attendance: new, {last}."),
            n => format!(
                "Attendance: {} of {} they could have come to, {last}.",
                row.attended,
                count(n as usize, "meeting", "meetings")
            ),
        });
        ctx.say(match row.signed_version {
            Some(v) => format!("Agreement: agreed to version {v}."),
            None => "Agreement: not agreed yet.".into(),
        });
        if f.invite_to_speak {
            ctx.say("Likes to be invited to speak.");
        }
        for (label, value) in [("Contact", &f.contact), ("Access needs", &f.access_needs), ("Notes", &f.notes)] {
            if !value.trim().is_empty() {
                ctx.say(format!("{label}: {}", display(value.trim())));
            }
        }
    }
}

/// "Ana, she/her, active, last here 24 November, agreed to version 2".
pub fn line(row: &RosterRow, today: chrono::NaiveDate) -> String {
    let mut parts = vec![display(&row.name).into_owned()];
    if !row.pronouns.trim().is_empty() {
        parts.push(display(row.pronouns.trim()).into_owned());
    }
    parts.push(row.status.label().to_string());
    if row.role != Role::Member {
        parts.push(row.role.label().to_string());
    }
    parts.push(
        row.last_attended.map_or_else(|| "not here yet".into(), |d| format!("last here {}", short_day(d, today))),
    );
    parts.push(row.signed_version.map_or_else(|| "not agreed yet".into(), |v| format!("agreed to version {v}")));
    if row.invite_to_speak {
        parts.push("likes to be invited to speak".into());
    }
    parts.join(", ")
}

impl Place for Roster {
    fn name(&self) -> String {
        "the roster".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        "Roster> ".into()
    }

    fn where_(&self, ctx: &Ctx) -> String {
        format!(
            "You are in the roster of {}, listing {}.",
            ctx.group_name(),
            count(self.rows.len(), "person", "people")
        )
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Type a number to hear everything kept about that person.".into(),
            "l lists again; all lists everyone, those who left too; current lists those still with the group.".into(),
            "find and a name lists those whose name matches, ignoring case and accents: find tomas.".into(),
            "Adding, editing and forgetting people is in the full-screen console.".into(),
        ]
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match input {
            Input::Back => return Go::To(Area::Main),
            Input::Numbers(numbers) => {
                for n in numbers {
                    match self.rows.get(n.wrapping_sub(1)).cloned() {
                        Some(row) => self.tell(ctx, &row),
                        None => ctx.say(not_on_list(n, self.rows.len())),
                    }
                }
            }
            Input::Word { word, rest } => match (word.as_str(), rest.is_empty()) {
                ("l" | "list", true) => self.list(ctx),
                ("all", true) => {
                    self.query = RosterQuery { hide_left: false, ..RosterQuery::default() };
                    self.list(ctx);
                }
                ("current", true) => {
                    self.query = RosterQuery { hide_left: true, ..RosterQuery::default() };
                    self.list(ctx);
                }
                ("find" | "f", _) => {
                    self.query.search = rest;
                    self.list(ctx);
                }
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            Input::Empty => {}
        }
        Go::Stay
    }
}

//! The roster: a count, then one labelled line per person; a number tells
//! everything kept about that person.

use super::people::{self, Step};
use super::words::{Input, count, not_on_list, numbers_in};
use super::{Area, Ctx, Go, Place};
use crate::domain::text::display;
use crate::domain::{Role, RosterQuery, RosterRow};
use crate::present::roster::{Agreed, Attendance};

pub struct Roster {
    query: RosterQuery,
    rows: Vec<RosterRow>,
    /// The version of the agreement there is to agree to, if any.
    current: Option<u32>,
    /// A question about someone, waiting for its answer.
    step: Option<Step>,
}

impl Roster {
    pub fn enter(ctx: &mut Ctx) -> Option<Roster> {
        let mut roster = Roster {
            query: RosterQuery { hide_left: true, ..RosterQuery::default() },
            rows: Vec::new(),
            current: None,
            step: None,
        };
        roster.list(ctx);
        ctx.hint_once(
            "roster",
            "Type a number to hear about that person; all lists those who left too, find and a name searches, \
             add and a name adds someone.",
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
        match ctx.circle.current_agreement(group) {
            Ok(current) => self.current = current.map(|v| v.version),
            Err(e) => return ctx.fail(e),
        }
        let who = match (self.query.search.is_empty(), self.query.hide_left) {
            (false, _) => format!(", matching “{}”", super::words::fit(&self.query.search)),
            (true, true) => ", not counting those who left".into(),
            (true, false) => ", including those who left".into(),
        };
        ctx.say(format!("Roster of {}: {}{who}.", ctx.group_name(), count(self.rows.len(), "person", "people")));
        let shared = crate::present::people::shared_names(self.rows.iter().map(|r| r.name.as_str()));
        let lines: Vec<String> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let namesake = crate::present::people::is_shared(&shared, &row.name);
                format!("{}. {}", i + 1, line(row, self.current, namesake, ctx))
            })
            .collect();
        ctx.say_long(lines, ("person", "people"));
    }

    fn tell(&self, ctx: &mut Ctx, row: &RosterRow) {
        let member = match ctx.circle.member(row.id) {
            Ok(m) => m,
            Err(e) => return ctx.fail(e),
        };
        let f = &member.fields;
        let pronouns = if f.pronouns.trim().is_empty() { String::new() } else { format!(", {}", display(&f.pronouns)) };
        ctx.say(format!("{}{pronouns}.", display(&f.name)));
        ctx.say(format!("Status: {} since {}.", member.status.label(), ctx.near(member.status_since)));
        ctx.say(format!("Role: {}.", f.role.label()));
        if let Some(joined) = f.joined {
            ctx.say(format!("Joined: {}.", ctx.near(joined)));
        }
        let last = row.last_attended.map_or_else(|| "not here yet".into(), |d| format!("last here {}", ctx.near(d)));
        ctx.say(format!("Attendance: {}, {last}.", Attendance::of(row).words()));
        ctx.say(format!("Agreement: {}.", Agreed::of(row.signed_version, self.current).words()));
        match ctx.circle.signup_history(row.id) {
            Ok(history) if !history.is_empty() => {
                let said = crate::present::agreement::history(&history, &|d| ctx.near(d));
                ctx.say(format!("Sign-ups: {said}."));
            }
            Ok(_) => {}
            Err(e) => ctx.fail(e),
        }
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

impl Roster {
    /// `merge 3 7`: two records of one person made one, after a question;
    /// `merge 3` names the others on the list who share that name.
    fn merge(&mut self, ctx: &mut Ctx, rest: &str) {
        let row = |n: usize| self.rows.get(n.wrapping_sub(1));
        match numbers_in(rest).as_deref() {
            Some([a, b]) => match (row(*a), row(*b)) {
                (Some(x), Some(y)) => self.step = people::merge(ctx, x.id, y.id),
                (None, _) => ctx.say(not_on_list(*a, self.rows.len())),
                (_, None) => ctx.say(not_on_list(*b, self.rows.len())),
            },
            Some([a]) => {
                let Some(first) = row(*a) else { return ctx.say(not_on_list(*a, self.rows.len())) };
                let wanted = crate::domain::text::fold(first.name.trim());
                let same: Vec<usize> = (0..self.rows.len())
                    .filter(|i| i + 1 != *a && crate::domain::text::fold(self.rows[*i].name.trim()) == wanted)
                    .collect();
                ctx.say(format!(
                    "Type merge {a} and the number of the other record of this person: merge {a} {}.",
                    same.first().map_or(2, |i| i + 1)
                ));
                if same.is_empty() {
                    ctx.say(format!("Nobody else on this list is called {}.", display(&first.name)));
                }
                for i in same {
                    let said = line(&self.rows[i], self.current, true, ctx);
                    ctx.say(format!("{}. {said}", i + 1));
                }
            }
            _ => ctx.say("Type merge and the numbers of two records of one person: merge 3 7."),
        }
    }

    /// `edit 3`, `status 3`, `forget 3`: the question about person 3. The
    /// numbers are those of the list last heard (a change does not renumber
    /// it until l lists again); what is said of the person is read afresh.
    fn about(&mut self, ctx: &mut Ctx, word: &str, rest: &str) {
        let id = match numbers_in(rest).as_deref() {
            Some([n]) => match self.rows.get(n.wrapping_sub(1)) {
                Some(row) => row.id,
                None => return ctx.say(not_on_list(*n, self.rows.len())),
            },
            _ => return ctx.say(format!("Type {word} and the person's number on the list: {word} 3.")),
        };
        let member = match ctx.circle.member(id) {
            Ok(member) => member,
            Err(e) => return ctx.fail(e),
        };
        self.step = match word {
            "edit" | "e" => people::edit(ctx, id),
            "status" | "s" => Some(people::status(ctx, id, &member.fields.name, member.status)),
            _ => Some(people::forget(ctx, id, &member.fields.name)),
        };
    }
}

/// "Ana, she/her, active, last here 24 November, agreed to version 2";
/// someone who shares their name with another on the list is told apart
/// by when they joined, their meetings and their contact's first letters.
pub fn line(row: &RosterRow, current: Option<u32>, namesake: bool, ctx: &mut Ctx) -> String {
    let mut parts = vec![display(&row.name).into_owned()];
    if !row.pronouns.trim().is_empty() {
        parts.push(display(row.pronouns.trim()).into_owned());
    }
    let someone = if namesake { ctx.circle.someone(row.id).ok() } else { None };
    match &someone {
        Some(someone) => parts.push(crate::present::people::told_apart(someone, &|d| ctx.near(d))),
        None => {
            parts.push(row.status.label().to_string());
        }
    }
    if row.role != Role::Member {
        parts.push(row.role.label().to_string());
    }
    if someone.is_none() {
        parts.push(row.last_attended.map_or_else(|| "not here yet".into(), |d| format!("last here {}", ctx.near(d))));
    }
    parts.push(Agreed::of(row.signed_version, current).words());
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
        self.step.as_ref().map_or_else(|| "Roster> ".into(), people::prompt)
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
            "add and a name adds someone: add Sam. You are asked how they start.".into(),
            "edit and a number goes through what is kept about that person, one thing at a time: edit 3.".into(),
            "status and a number moves them along: enquiry, waitlist, active, on break, left.".into(),
            "forget and a number erases everything about them, after you type their name.".into(),
            "merge and two numbers makes two records of one person one, after showing both: merge 3 7. merge and one number lists the others with that name.".into(),
            "While a question waits, b changes nothing.".into(),
        ]
    }

    fn wants_text(&self) -> bool {
        self.step.as_ref().is_some_and(people::wants_text)
    }

    fn text(&mut self, ctx: &mut Ctx, line: &str) -> Go {
        if let Some(step) = self.step.take() {
            self.step = people::text(ctx, step, line);
        }
        Go::Stay
    }

    fn leave_text(&mut self, ctx: &mut Ctx) {
        match self.step.take() {
            Some(Step::Edit(editing)) => {
                ctx.say(format!("Nothing was saved; {} is as before.", display(&editing.original.name)));
            }
            Some(Step::Forget(_, name)) => ctx.say(format!("{} is kept; nothing was changed.", display(&name))),
            _ => ctx.say("Nothing was changed."),
        }
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        if let Some(step) = self.step.take() {
            if input == Input::Back {
                ctx.say("Nothing was changed.");
                return Go::Stay;
            }
            self.step = people::answer(ctx, step, &input);
            return Go::Stay;
        }
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
                ("add" | "a", _) => self.step = people::add(ctx, &rest),
                ("edit" | "e" | "status" | "s" | "forget" | "x", _) => self.about(ctx, &word, &rest),
                ("merge", _) => self.merge(ctx, &rest),
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            Input::Empty => {}
        }
        Go::Stay
    }
}

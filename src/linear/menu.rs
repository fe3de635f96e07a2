//! The main menu, and size health read out as `circle report` prints it,
//! with days in the date style.

use super::words::{Input, not_on_list};
use super::{Ctx, Go, Place};
use crate::domain::health::report_text_in;
use crate::present::dates::Spoken;

pub struct Main;

impl Main {
    /// The menu in full the first time, then in one short line: it is
    /// heard on every return.
    pub fn enter(ctx: &mut Ctx) -> Main {
        if ctx.first_time("main") {
            Main::list(ctx);
            ctx.say("Type a number, or the first word of a choice.");
        } else {
            let short: Vec<String> =
                Area::MENU.iter().enumerate().map(|(i, (area, _))| format!("{} {}", i + 1, area.word())).collect();
            ctx.say(format!("Main menu: {}; l explains each.", short.join(", ")));
        }
        if let Ok(Some(day)) = ctx.circle.round_running(ctx.group_id()) {
            let when = if day == ctx.today { "today's".to_string() } else { format!("the {} meeting's", ctx.day(day)) };
            ctx.say(format!("Note: {when} speaking round is still running, until it is ended in Speaking round."));
        }
        Main
    }

    fn list(ctx: &mut Ctx) {
        ctx.say(format!("Main menu of {}, {} choices:", ctx.group_name(), Area::MENU.len()));
        for (i, (_, label)) in Area::MENU.iter().enumerate() {
            ctx.say(format!("{}. {label}", i + 1));
        }
    }
}

impl Place for Main {
    fn name(&self) -> String {
        "the main menu".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        "Main menu> ".into()
    }

    fn where_(&self, ctx: &Ctx) -> String {
        format!("You are at the main menu of {}, on {}.", ctx.group_name(), ctx.day(ctx.today))
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Type the number of a place, or its first word: roster, register, meetings, round, size, agreement, endings, groups."
                .into(),
            "l lists the choices again.".into(),
        ]
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match input {
            Input::Numbers(n) if n.len() == 1 => match Area::MENU.get(n[0].wrapping_sub(1)) {
                Some((area, _)) => Go::To(*area),
                None => {
                    ctx.say(not_on_list(n[0], Area::MENU.len()));
                    Go::Stay
                }
            },
            Input::Word { word, rest } if rest.is_empty() && matches!(word.as_str(), "l" | "list") => {
                Main::list(ctx);
                Go::Stay
            }
            Input::Back => {
                ctx.say("This is the main menu; q quits.");
                Go::Stay
            }
            other => ctx.unknown(&other),
        }
    }
}

/// Size health: the same plain text as `circle report`.
pub struct Size;

impl Size {
    pub fn enter(ctx: &mut Ctx) -> Option<Size> {
        read_report(ctx);
        ctx.hint_once(
            "size",
            "l reads it again; reviewed today notes that the group looked again at how it describes itself; b goes back to the menu.",
        );
        Some(Size)
    }
}

fn read_report(ctx: &mut Ctx) {
    match ctx.circle.size_report(ctx.group_id(), ctx.today) {
        Ok(report) => {
            let days = Spoken { style: ctx.dates, today: ctx.today };
            let text = report_text_in(&report, &days);
            ctx.say_long(text.lines().map(str::to_string).collect(), ("line", "lines"));
        }
        Err(e) => ctx.fail(e),
    }
}

impl Place for Size {
    fn name(&self) -> String {
        "size health".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        "Size health> ".into()
    }

    fn where_(&self, ctx: &Ctx) -> String {
        format!("You are in size health for {}.", ctx.group_name())
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Size health is the group's size against its workable range, with advice that fits, as circle report prints it."
                .into(),
            "l reads it again.".into(),
            "reviewed today notes that the group reviewed how it describes itself today, so circle reminds you when the next review is due.".into(),
        ]
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match input {
            Input::Back => Go::To(Area::Main),
            Input::Word { word, rest }
                if (word == "reviewed" && matches!(rest.to_lowercase().as_str(), "" | "today"))
                    || (word == "v" && rest.is_empty()) =>
            {
                let id = ctx.group_id();
                match ctx.circle.mark_reviewed(id, ctx.today).and_then(|()| ctx.circle.group(id)) {
                    Ok(group) => {
                        ctx.group = Some(group);
                        ctx.say(format!(
                            "Noted: the group reviewed how it describes itself today, {}. l reads size health again.",
                            ctx.day(ctx.today)
                        ));
                    }
                    Err(e) => ctx.fail(e),
                }
                Go::Stay
            }
            Input::Word { word, rest } if rest.is_empty() && matches!(word.as_str(), "l" | "list") => {
                read_report(ctx);
                Go::Stay
            }
            other => ctx.unknown(&other),
        }
    }
}

/// The places, as the main menu lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Main,
    Roster,
    Register,
    Meetings,
    Round,
    Size,
    Agreement,
    Endings,
    Groups,
}

impl Area {
    /// The main menu's choices, in order, with what each is for.
    pub const MENU: [(Area, &'static str); 8] = [
        (Area::Roster, "Roster: who is in the group"),
        (Area::Register, "Register: who is here today"),
        (Area::Meetings, "Meetings: past meetings, to correct or take away"),
        (Area::Round, "Speaking round"),
        (Area::Size, "Size health"),
        (Area::Agreement, "Agreement: read it, record who agreed"),
        (Area::Endings, "Endings: moving on with positivity"),
        (Area::Groups, "Groups: switch to another group"),
    ];

    /// The word that goes to it, as the short menu says it.
    fn word(self) -> &'static str {
        match self {
            Area::Main => "menu",
            Area::Roster => "roster",
            Area::Register => "register",
            Area::Meetings => "meetings",
            Area::Round => "round",
            Area::Size => "size",
            Area::Agreement => "agreement",
            Area::Endings => "endings",
            Area::Groups => "groups",
        }
    }

    pub(super) fn from_word(word: &str) -> Option<Area> {
        Some(match word {
            "roster" => Area::Roster,
            "register" | "reg" => Area::Register,
            "meetings" | "meeting" => Area::Meetings,
            "round" => Area::Round,
            "size" | "health" => Area::Size,
            "agreement" => Area::Agreement,
            "endings" => Area::Endings,
            "groups" | "group" => Area::Groups,
            _ => return None,
        })
    }
}

//! The main menu, and size health read out as `circle report` prints it,
//! with days in the date style.

use super::words::{Input, not_on_list};
use super::{Area, Ctx, Go, Place};
use crate::domain::health::report_text_in;
use crate::present::dates::Spoken;

pub struct Main;

impl Main {
    pub fn enter(ctx: &mut Ctx) -> Main {
        ctx.say(format!("Main menu of {}, {} choices:", ctx.group_name(), Area::MENU.len()));
        for (i, (_, label)) in Area::MENU.iter().enumerate() {
            ctx.say(format!("{}. {label}", i + 1));
        }
        if let Ok(Some(day)) = ctx.circle.round_running(ctx.group_id()) {
            let when = if day == ctx.today { "today's".to_string() } else { format!("the {} meeting's", ctx.day(day)) };
            ctx.say(format!("Note: {when} speaking round is still running, until it is ended in Speaking round."));
        }
        ctx.hint_once("main", "Type a number, or the first word of a choice.");
        Main
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
            "Type the number of a place, or its first word: roster, register, round, size, agreement, endings, groups."
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
                Go::To(Area::Main)
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
        ctx.hint_once("size", "l reads it again; b goes back to the menu.");
        Some(Size)
    }
}

fn read_report(ctx: &mut Ctx) {
    match ctx.circle.size_report(ctx.group_id(), ctx.today) {
        Ok(report) => {
            let days = Spoken { style: ctx.dates, today: ctx.today };
            let text = report_text_in(&report, &days);
            ctx.out.say_all(text.lines());
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
        ]
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match input {
            Input::Back => Go::To(Area::Main),
            Input::Word { word, rest } if rest.is_empty() && matches!(word.as_str(), "l" | "list") => {
                read_report(ctx);
                Go::Stay
            }
            other => ctx.unknown(&other),
        }
    }
}

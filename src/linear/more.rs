//! Long answers a page at a time: a roster of thousands, the template,
//! size health. The count comes first, then a page, then `more` for the
//! next, so a screen reader is never held in one answer for minutes.

use std::collections::VecDeque;

use super::Ctx;
use super::words::count;

/// Lines said at a time.
pub const PAGE: usize = 20;

/// The lines of a long answer still to say.
#[derive(Default)]
pub struct More {
    rest: VecDeque<String>,
    said: usize,
    total: usize,
    /// What the lines are, for "20 of 78 lines".
    noun: (&'static str, &'static str),
}

impl More {
    pub fn waiting(&self) -> bool {
        !self.rest.is_empty()
    }

    pub fn clear(&mut self) {
        self.rest.clear();
    }
}

impl Ctx<'_> {
    /// Says a long answer: all of it when it is short, else how long it
    /// is, the first page and how to hear the next.
    pub fn say_long(&mut self, lines: Vec<String>, noun: (&'static str, &'static str)) {
        self.more.clear();
        // A last page of a few lines is said with the one before.
        if lines.len() <= PAGE + PAGE / 4 {
            return self.out.say_all(lines);
        }
        self.say(format!("{} in all, {PAGE} at a time:", count(lines.len(), noun.0, noun.1)));
        self.more = More { total: lines.len(), rest: lines.into(), said: 0, noun };
        next(self);
    }
}

/// Says the next page of a long answer.
pub fn next(ctx: &mut Ctx) {
    let take = if ctx.more.rest.len() <= PAGE + PAGE / 4 { ctx.more.rest.len() } else { PAGE };
    let page: Vec<String> = ctx.more.rest.drain(..take).collect();
    ctx.more.said += page.len();
    ctx.out.say_all(page);
    let (said, total, (one, many)) = (ctx.more.said, ctx.more.total, ctx.more.noun);
    let left = ctx.more.rest.len();
    if left > 0 {
        let next = if left <= PAGE + PAGE / 4 { left } else { PAGE };
        ctx.say(format!(
            "That was {said} of {}. Type more for the next {next}, or carry on with anything else.",
            count(total, one, many)
        ));
    } else if said > PAGE {
        ctx.say(format!("That was the last of {}.", count(total, one, many)));
    }
}

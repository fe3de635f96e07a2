//! A place the facilitator can be in, and what a line typed there led to.

use super::words::Input;
use super::{Area, Ctx};

/// What a line led to.
pub enum Go {
    Stay,
    To(Area),
    /// Into a place opened with more than its area says (a past
    /// meeting's register).
    Into(Box<dyn Place>),
    Quit,
}

/// A place the facilitator can be in.
pub trait Place {
    /// Its name in help: "the register".
    fn name(&self) -> String;
    /// The prompt, naming where the facilitator is: "Register> ".
    fn prompt(&self, ctx: &Ctx) -> String;
    /// One line for `w`.
    fn where_(&self, ctx: &Ctx) -> String;
    fn help(&self) -> Vec<String>;
    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go;
    /// Whether the next line is free text (a card), taken exactly as typed.
    fn wants_text(&self) -> bool {
        false
    }
    /// Whether that text is private (a card): the terminal does not show
    /// it, and nothing says it back.
    fn secret(&self) -> bool {
        false
    }
    fn text(&mut self, _ctx: &mut Ctx, _line: &str) -> Go {
        Go::Stay
    }
    /// Leaves the question asking for text, keeping nothing of it, and
    /// says so (the facilitator went back, to the menu, or quit).
    fn leave_text(&mut self, ctx: &mut Ctx) {
        ctx.say("Nothing was changed.");
    }
}

/// Help for a place: its own, then what works everywhere.
pub(super) fn help(ctx: &mut Ctx, place: &dyn Place) {
    ctx.say(format!("Help for {}.", place.name()));
    ctx.out.say_all(place.help());
    ctx.out.say_all([
        "Everywhere: h this help, w where you are, r repeats the last output, b or 0 goes back, m the main menu, q quits.",
        "When circle asks you to type text, such as a name, a line or a card, and you type only one of those words, it asks which you meant before it keeps anything.",
        "These words go straight to a place: roster, register, meetings, round, size, agreement, endings, groups.",
    ]);
}

//! Text typed where circle asked for text (a name, a line of the
//! agreement, a card) that is also one of the words that work everywhere.
//! Neither reading can be taken for granted: "q" as a successor group's
//! name was once a group called "q", and "b" in a form was saved as a
//! name. So the line is kept aside and circle asks which was meant; until
//! the answer, nothing is kept and nothing is left.

use super::words::{Input, fit, parse};
use super::{Area, Ctx, Go, Place};

/// A word that works everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Help,
    Where,
    Repeat,
    Back,
    Menu,
    Quit,
}

impl Word {
    /// The word a whole line is, if it is one.
    pub fn of(line: &str) -> Option<Word> {
        Some(match line.trim().to_lowercase().as_str() {
            "h" | "help" | "?" => Word::Help,
            "w" | "where" => Word::Where,
            "r" | "repeat" => Word::Repeat,
            "b" | "back" | "0" => Word::Back,
            "m" | "menu" | "main" => Word::Menu,
            "q" | "quit" | "exit" => Word::Quit,
            _ => return None,
        })
    }

    /// What it does, after "the word that".
    fn does(self) -> &'static str {
        match self {
            Word::Help => "gives help",
            Word::Where => "tells where you are",
            Word::Repeat => "repeats the last answer",
            Word::Back => "goes back",
            Word::Menu => "opens the main menu",
            Word::Quit => "quits",
        }
    }

    /// The same as a choice: "go back".
    fn choice(self) -> &'static str {
        match self {
            Word::Help => "hear the help",
            Word::Where => "hear where you are",
            Word::Repeat => "hear the last answer again",
            Word::Back => "go back, keeping nothing of what you were typing",
            Word::Menu => "go to the main menu, keeping nothing of what you were typing",
            Word::Quit => "quit, keeping nothing of what you were typing",
        }
    }
}

/// A line kept aside while circle asks what it meant.
pub struct Held {
    line: String,
    word: Word,
}

impl Held {
    pub fn prompt(&self) -> String {
        let short = match self.word {
            Word::Help => "Help",
            Word::Where => "Where you are",
            Word::Repeat => "Repeat",
            Word::Back => "Go back",
            Word::Menu => "Main menu",
            Word::Quit => "Quit",
        };
        format!("{short}, or keep what you typed? 1 or 2> ")
    }
}

/// Keeps the line aside and asks. A private line is not said back.
pub fn hold(ctx: &mut Ctx, line: &str, word: Word, secret: bool) -> Held {
    let typed = if secret { "What you typed".to_string() } else { format!("“{}”", fit(line.trim())) };
    ctx.say(format!(
        "{typed} is also the word that {}. Type 1 to {}, or 2 to keep what you typed.",
        word.does(),
        word.choice()
    ));
    Held { line: line.to_string(), word }
}

/// The answer: 1 does what the word does, 2 gives the line to the place
/// as text.
pub fn answer(ctx: &mut Ctx, place: &mut dyn Place, held: Held, line: &str) -> Go {
    match parse(line) {
        Input::Numbers(n) if n == [1] => match held.word {
            Word::Help => {
                super::place::help(ctx, place);
                Go::Stay
            }
            Word::Where => {
                let here = place.where_(ctx);
                ctx.say(here);
                Go::Stay
            }
            Word::Repeat => {
                ctx.out.repeat();
                Go::Stay
            }
            Word::Back => {
                place.leave_text(ctx);
                Go::Stay
            }
            Word::Menu => {
                place.leave_text(ctx);
                Go::To(Area::Main)
            }
            Word::Quit => {
                place.leave_text(ctx);
                Go::Quit
            }
        },
        Input::Numbers(n) if n == [2] => place.text(ctx, &held.line),
        _ => {
            ctx.say(format!("Type 1 to {}, or 2 to keep what you typed.", held.word.choice()));
            ctx.held = Some(held);
            Go::Stay
        }
    }
}

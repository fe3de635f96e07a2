//! Collecting the cards: who takes part, each person's card written in
//! private on the shared laptop (sealed, never said back), and the checks
//! before the deal.

use super::endings::{Endings, Step};
use super::words::{Input, count, not_on_list, numbers_in};
use super::{Ctx, Go};
use crate::domain::text::display;
use crate::domain::{CardStyle, EndingMode, MemberId};
use crate::usecase::endings::{Participants, StartActivity};

impl Endings {
    pub(super) fn list_people(&mut self, ctx: &mut Ctx) {
        let Some(v) = &self.view else { return };
        let a = &v.activity;
        let taking_part = v.people.iter().filter(|p| p.taking_part).count();
        ctx.say(format!(
            "Moving on with positivity, {}, {}, {} cards: {} taking part, {}.",
            ctx.day(a.held_on),
            a.mode.label(),
            a.card_style.label(),
            taking_part,
            count(v.cards.len(), "card", "cards")
        ));
        self.shown = v.people.iter().map(|p| p.id).collect();
        for (i, p) in v.people.iter().enumerate() {
            let card = match (v.card_of(p.id), a.card_style) {
                (Some(c), CardStyle::Typed) if c.sealed => "card sealed".to_string(),
                (Some(_), CardStyle::Typed) => "card not sealed".into(),
                (Some(c), CardStyle::Paper) => format!("paper card {}", c.number),
                (None, _) => "no card yet".into(),
            };
            let part = if p.taking_part { "taking part" } else { "not taking part" };
            ctx.say(format!("{}. {}, {part}, {card}", i + 1, display(&p.name)));
        }
        let hint = match a.card_style {
            CardStyle::Typed => {
                "Type numbers to mark who takes part, c and a number to open that person's card, d to deal."
            }
            CardStyle::Paper => {
                "Type numbers to mark who takes part, c and a number to give that person a paper card number, d to deal."
            }
        };
        ctx.hint_once("collecting", hint);
    }

    pub(super) fn toggle_taking_part(&mut self, ctx: &mut Ctx, numbers: Vec<usize>) {
        let Some(id) = self.id() else { return };
        for n in numbers {
            let Some(member) = self.shown.get(n.wrapping_sub(1)).copied() else {
                ctx.say(not_on_list(n, self.shown.len()));
                continue;
            };
            let Some(person) = self.view.as_ref().and_then(|v| v.people.iter().find(|p| p.id == member)) else {
                continue;
            };
            let (name, now) = (display(&person.name).into_owned(), !person.taking_part);
            match ctx.circle.set_taking_part(id, member, now) {
                Ok(()) => {
                    self.reload(ctx);
                    let total = self.view.as_ref().map_or(0, |v| v.readers().len());
                    let part = if now { "taking part" } else { "not taking part" };
                    ctx.say(format!("{name}: {part}. {total} taking part."));
                }
                Err(e) => ctx.fail(e),
            }
        }
    }

    pub(super) fn open_card(&mut self, ctx: &mut Ctx, rest: &str) {
        let (Some(v), Some(id)) = (&self.view, self.id()) else { return };
        let n = match numbers_in(rest).as_deref() {
            Some([n]) => *n,
            _ => return ctx.say("Type c and one person's number, for example c 2."),
        };
        let Some(member) = self.shown.get(n.wrapping_sub(1)).copied() else {
            return ctx.say(not_on_list(n, self.shown.len()));
        };
        let name = v.name(member);
        if v.activity.card_style == CardStyle::Paper {
            if let Err(e) = ctx.circle.toggle_paper_card(id, member) {
                return ctx.fail(e);
            }
            self.reload(ctx);
            let card = self.view.as_ref().and_then(|v| v.card_of(member)).map(|c| c.number);
            return ctx.say(match card {
                Some(number) => format!("{name}: paper card {number}."),
                None => format!("{name}: no paper card."),
            });
        }
        if v.card_of(member).is_some_and(|c| c.sealed) {
            ctx.say(format!(
                "This card is sealed. Only {name} should open it: {name}, type y to write your card again, or n to leave it sealed."
            ));
            self.step = Step::Reopen(member, name);
            return;
        }
        self.start_writing(ctx, member, name, false);
    }

    pub(super) fn start_writing(&mut self, ctx: &mut Ctx, author: MemberId, name: String, again: bool) {
        let replaces = if again { " What you type now replaces your card." } else { "" };
        if ctx.first_time("card instructions") {
            ctx.say(format!("{name}'s card."));
            ctx.out.say_all(card_instructions(&name));
            if !replaces.is_empty() {
                ctx.say(replaces.trim());
            }
        } else {
            ctx.say(format!(
                "{name}'s card: one line, Enter seals it, an empty line leaves; h repeats the instructions.{replaces}"
            ));
        }
        self.step = Step::Writing(author, name);
    }

    /// The card typed on the shared laptop: sealed, never echoed back.
    pub(super) fn seal(&mut self, ctx: &mut Ctx, author: MemberId, name: String, line: &str) {
        let Some(id) = self.id() else { return };
        if line.trim().is_empty() {
            return ctx.say("Left without saving; the card is as it was.");
        }
        if let Err(e) = ctx.circle.seal_card(id, author, line) {
            ctx.fail(e);
            ctx.say("Type the card again, or an empty line to leave without saving.");
            self.step = Step::Writing(author, name);
            return;
        }
        self.reload(ctx);
        let Some(v) = &self.view else { return };
        let at = self.shown.iter().position(|m| *m == author).unwrap_or(0);
        let waiting = |m: &&MemberId| {
            v.people.iter().any(|p| p.id == **m && p.taking_part) && !v.card_of(**m).is_some_and(|c| c.sealed)
        };
        let next = self.shown.iter().skip(at + 1).chain(self.shown.iter().take(at)).find(waiting);
        ctx.say(match next {
            Some(m) => {
                let number = self.shown.iter().position(|x| x == m).unwrap_or(0) + 1;
                let pass = if v.activity.mode == EndingMode::FaceToFace { ": pass the laptop on" } else { "" };
                format!("Sealed. Thank you, {name}. Next is {}{pass}; c {number} opens their card.", v.name(*m))
            }
            None => format!("Sealed. Thank you, {name}. Every card is in: d deals."),
        });
    }

    /// Deals, first asking when some people taking part have no card yet.
    pub(super) fn deal_checked(&mut self, ctx: &mut Ctx) {
        let Some(v) = &self.view else { return };
        let readers = v.readers();
        if readers.len() < 2 {
            return ctx.say("A deal needs at least two people taking part: type their numbers to mark them.");
        }
        if v.activity.card_style == CardStyle::Typed {
            if v.cards.is_empty() {
                return ctx.say("No cards yet: type c and a person's number to write theirs.");
            }
            let missing = readers.iter().filter(|r| v.card_of(**r).is_none()).count();
            if missing > 0 {
                ctx.say(format!(
                    "{missing} of the {} people taking part {} no card yet. Deal anyway? Every card written will be read; \
with fewer cards than people, some will listen rather than read. Type y or n.",
                    readers.len(),
                    if missing == 1 { "has" } else { "have" }
                ));
                self.step = Step::DealAnyway;
                return;
            }
        }
        self.deal(ctx);
    }

    pub(super) fn start(&mut self, ctx: &mut Ctx, mode: EndingMode, card_style: CardStyle, participants: Participants) {
        let start = StartActivity { held_on: ctx.today, mode, card_style, chain: false, participants };
        match ctx.circle.start_activity(ctx.group_id(), &start, ctx.today) {
            Ok(a) => {
                ctx.say("Started.");
                self.open(ctx, a.id, true);
                self.show(ctx);
            }
            Err(e) => ctx.fail(e),
        }
    }

    /// The questions that start an activity, one a line.
    pub(super) fn new_activity(&mut self, ctx: &mut Ctx, input: Input) {
        let choice = match &input {
            Input::Numbers(n) if n.len() == 1 => n[0],
            Input::Back => return ctx.say("Nothing was started."),
            _ => 0,
        };
        match std::mem::replace(&mut self.step, Step::Stage) {
            Step::NewMode => match choice {
                1 | 2 => {
                    ctx.say("Cards: 1. typed here, each person in private; 2. paper cards, only numbered here.");
                    self.step = Step::NewCards(if choice == 1 { EndingMode::FaceToFace } else { EndingMode::Online });
                }
                _ => {
                    ctx.say("Type 1 for face to face or 2 for online; 0 goes back.");
                    self.step = Step::NewMode;
                }
            },
            Step::NewCards(mode) => {
                let style = match choice {
                    1 => CardStyle::Typed,
                    2 => CardStyle::Paper,
                    _ => {
                        ctx.say("Type 1 for typed cards or 2 for paper cards; 0 goes back.");
                        self.step = Step::NewCards(mode);
                        return;
                    }
                };
                let present = ctx.circle.present_today(ctx.group_id(), ctx.today).map_or(0, |p| p.len());
                if present == 0 {
                    return self.start(ctx, mode, style, Participants::Active);
                }
                ctx.say(format!("Who takes part? 1. the {present} present today; 2. every active member."));
                self.step = Step::NewWho(mode, style);
            }
            Step::NewWho(mode, style) => match choice {
                1 => self.start(ctx, mode, style, Participants::PresentToday),
                2 => self.start(ctx, mode, style, Participants::Active),
                _ => {
                    ctx.say("Type 1 for those present today or 2 for every active member; 0 goes back.");
                    self.step = Step::NewWho(mode, style);
                }
            },
            other => self.step = other,
        }
    }

    pub(super) fn collecting(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match input {
            Input::Numbers(numbers) => self.toggle_taking_part(ctx, numbers),
            Input::Word { word, rest } => match word.as_str() {
                "c" | "card" => self.open_card(ctx, &rest),
                "d" | "deal" if rest.is_empty() => self.deal_checked(ctx),
                "l" | "list" if rest.is_empty() => self.list_people(ctx),
                _ => return ctx.unknown(&Input::Word { word, rest }),
            },
            other => return ctx.unknown(&other),
        }
        Go::Stay
    }
}

/// How a card is written, in full: said to the first writer, and in the
/// help while a card is being written.
pub(super) fn card_instructions(name: &str) -> [String; 3] {
    [
        format!(
            "{name}, what was your most positive experience of this group? It stays sealed until someone reads it aloud."
        ),
        "What you type is not shown on a terminal and never read back, though a screen reader may speak the keys."
            .into(),
        "Type the card on one line and press Enter to seal it; an empty line leaves without saving.".into(),
    ]
}

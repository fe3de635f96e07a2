//! The deal as a list, the reading one card at a time ("Card 4 of 9, read
//! by Bo:" and the text), and the celebration.

use super::endings::Endings;
use super::words::{Input, not_on_list};
use super::{Ctx, Go};
use crate::domain::text::display;
use crate::domain::{ActivityStage, CardStyle, EndingMode, MemberId};

impl Endings {
    /// Deals (again) and says the deal.
    pub(super) fn deal(&mut self, ctx: &mut Ctx) {
        let Some(id) = self.id() else { return };
        let seed = ctx.seed();
        match ctx.circle.deal(id, seed) {
            Ok(note) => {
                self.reload(ctx);
                if let Some(note) = note {
                    ctx.say(note);
                }
                self.show_deal(ctx);
            }
            Err(e) => ctx.fail(e),
        }
    }

    pub(super) fn show_deal(&mut self, ctx: &mut Ctx) {
        let Some(v) = &self.view else { return };
        let kind = match (v.activity.mode, v.activity.chain) {
            (EndingMode::Online, _) => "breakout rooms, where partners read each other's cards",
            (EndingMode::FaceToFace, true) => "a chain, where whoever's card was just read reads next",
            (EndingMode::FaceToFace, false) => "nobody reads their own card",
        };
        let mut lines = vec![format!(
            "The deal, {kind}. Who reads which card, by number; the cards stay sealed until they are read."
        )];
        match v.activity.mode {
            EndingMode::FaceToFace => {
                for (i, e) in v.deal.iter().enumerate() {
                    let number = v.reading_number(i, e.card);
                    lines.push(format!("{}. {} reads card {number}", i + 1, v.reader_name(e.reader)));
                }
            }
            EndingMode::Online => {
                let mut rooms: Vec<u32> = v.rooms.iter().map(|(r, _)| *r).collect();
                rooms.dedup();
                for room in rooms {
                    let mut parts: Vec<String> = v
                        .deal
                        .iter()
                        .filter(|e| e.room == Some(room))
                        .map(|e| {
                            format!(
                                "{} reads card {}",
                                v.reader_name(e.reader),
                                v.reading_number(e.position as usize, e.card)
                            )
                        })
                        .collect();
                    let members: Vec<MemberId> = v.rooms.iter().filter(|(r, _)| *r == room).map(|(_, m)| *m).collect();
                    for m in members.iter().filter(|m| !v.deal.iter().any(|e| e.reader == Some(**m))) {
                        parts.push(format!("{} listens", v.name(*m)));
                    }
                    lines.push(format!("Room {room}: {}.", parts.join(", ")));
                }
            }
        }
        ctx.out.say_all(lines);
        ctx.hint_once(
            "deal",
            "s deals again, chain switches the chain order, lock locks the deal when the group is happy, cards goes back to the cards.",
        );
    }

    pub(super) fn dealing(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        let Some(id) = self.id() else { return Go::Stay };
        let (word, rest) = match input {
            Input::Word { word, rest } => (word, rest),
            other => return ctx.unknown(&other),
        };
        if !rest.is_empty() {
            return ctx.unknown(&Input::Word { word, rest });
        }
        match word.as_str() {
            "s" | "shuffle" | "d" | "deal" => self.deal(ctx),
            "l" | "list" => self.show_deal(ctx),
            "chain" => {
                let chain = self.view.as_ref().is_some_and(|v| v.activity.chain);
                let seed = ctx.seed();
                match ctx.circle.set_chain(id, !chain, seed) {
                    Ok(note) => {
                        self.reload(ctx);
                        if let Some(note) = note {
                            ctx.say(note);
                        }
                        self.show_deal(ctx);
                    }
                    Err(e) => ctx.fail(e),
                }
            }
            "lock" => match ctx.circle.lock_deal(id) {
                Ok(()) => {
                    ctx.say("The deal is locked. Read the cards one at a time: type next for the next.");
                    self.reload(ctx);
                    self.show_card(ctx);
                }
                Err(e) => ctx.fail(e),
            },
            "cards" => match ctx.circle.back_to_cards(id) {
                Ok(()) => {
                    self.reload(ctx);
                    self.show(ctx);
                }
                Err(e) => ctx.fail(e),
            },
            _ => return ctx.unknown(&Input::Word { word, rest }),
        }
        Go::Stay
    }

    /// "Card 4 of 9, read by Bo:" and the card's text on the next line.
    pub(super) fn show_card(&mut self, ctx: &mut Ctx) {
        let Some(v) = &self.view else { return };
        let total = v.deal.len();
        let position = v.position() as usize;
        let Some(entry) = v.deal.get(position) else {
            return ctx.say("Nothing was dealt: type cards to go back to the cards and deal again.");
        };
        let Some(card) = v.card(entry.card) else { return };
        let room = entry.room.map_or(String::new(), |r| format!(" in room {r}"));
        let mut lines =
            vec![format!("Card {} of {total}, read by {}{room}:", position + 1, v.reader_name(entry.reader))];
        lines.push(match v.activity.card_style {
            CardStyle::Paper => format!("Paper card {}.", card.number),
            CardStyle::Typed => display(card.text.trim()).into_owned(),
        });
        if entry.read_at.is_some() {
            lines.push("This card is marked read.".into());
        }
        if v.activity.reveal_author {
            lines.push(format!("Written by {}.", v.name(card.author)));
        }
        ctx.out.say_all(lines);
        ctx.hint_once(
            "reading",
            "next marks this card read and goes on, again reads it again, reveal tells who wrote it, prev goes back.",
        );
    }

    pub(super) fn reading_prompt(&self) -> String {
        let Some(v) = &self.view else { return "Reading> ".into() };
        format!("Reading, card {} of {}> ", v.position() + 1, v.deal.len())
    }

    pub(super) fn reading_where(&self) -> String {
        let Some(v) = &self.view else { return "reading".into() };
        let read = v.deal.iter().filter(|e| e.read_at.is_some()).count();
        format!("reading card {} of {}, {read} read so far", v.position() + 1, v.deal.len())
    }

    pub(super) fn reading(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        let Some(v) = &self.view else { return Go::Stay };
        let (id, position, last) = (v.activity.id, v.position(), v.deal.len().saturating_sub(1));
        let (word, rest) = match input {
            Input::Numbers(n) if n.len() == 1 => {
                if n[0] == 0 || n[0] > last + 1 {
                    ctx.say(not_on_list(n[0], last + 1));
                    return Go::Stay;
                }
                ("go".to_string(), (n[0] - 1).to_string())
            }
            Input::Word { word, rest } if rest.is_empty() => (word, rest),
            other => return ctx.unknown(&other),
        };
        let result = match word.as_str() {
            "next" | "n" => ctx.circle.mark_read(id),
            "again" | "a" => return self.say_card(ctx),
            "prev" | "p" => ctx.circle.go_to_card(id, position.saturating_sub(1)),
            "go" => ctx.circle.go_to_card(id, rest.parse().unwrap_or(0)),
            "skip" => ctx.circle.next_card(id),
            "u" | "unread" => match ctx.circle.unmark_read(id) {
                Ok(()) => {
                    self.reload(ctx);
                    ctx.say(format!("Card {} is no longer marked read.", position + 1));
                    return Go::Stay;
                }
                Err(e) => Err(e),
            },
            "reveal" | "hide" => {
                let reveal = word == "reveal";
                match ctx.circle.reveal_author(id, reveal) {
                    Ok(()) => {
                        self.reload(ctx);
                        let author = self.view.as_ref().and_then(|v| {
                            let card = v.deal.get(position as usize).and_then(|e| v.card(e.card))?;
                            Some(v.name(card.author))
                        });
                        ctx.say(match (reveal, author) {
                            (true, Some(name)) => format!("Written by {name}."),
                            _ => "The author is hidden.".into(),
                        });
                        return Go::Stay;
                    }
                    Err(e) => Err(e),
                }
            }
            "l" | "list" => {
                self.list_reading(ctx);
                return Go::Stay;
            }
            _ => return ctx.unknown(&Input::Word { word, rest }),
        };
        match result {
            Ok(()) => {
                self.reload(ctx);
                self.show(ctx);
            }
            Err(e) => ctx.fail(e),
        }
        Go::Stay
    }

    fn say_card(&mut self, ctx: &mut Ctx) -> Go {
        self.show_card(ctx);
        Go::Stay
    }

    fn list_reading(&self, ctx: &mut Ctx) {
        let Some(v) = &self.view else { return };
        let read = v.deal.iter().filter(|e| e.read_at.is_some()).count();
        ctx.say(format!("{read} of {} cards read:", v.deal.len()));
        for (i, e) in v.deal.iter().enumerate() {
            let state = if e.read_at.is_some() { "read" } else { "not read yet" };
            ctx.say(format!(
                "{}. card {} read by {}, {state}",
                i + 1,
                v.reading_number(i, e.card),
                v.reader_name(e.reader)
            ));
        }
    }

    pub(super) fn celebrate(&mut self, ctx: &mut Ctx) {
        let Some(v) = &self.view else { return };
        let cards = v.deal.iter().filter(|e| e.read_at.is_some()).count();
        let mut readers: Vec<MemberId> = v.deal.iter().filter_map(|e| e.reader).collect();
        readers.sort();
        readers.dedup();
        ctx.out.say_all([
            format!(
                "Thank you. {cards} experience{} heard, read aloud by {} {}.",
                if cards == 1 { "" } else { "s" },
                readers.len(),
                if readers.len() == 1 { "person" } else { "people" }
            ),
            "Take some time together before you part:".into(),
            "What did we achieve as a group?".into(),
            "What will each of us take with us?".into(),
            "What would we like to thank each other for?".into(),
        ]);
        ctx.hint_once(
            "celebration",
            "keepsake saves the cards as a keepsake file; finish records what comes next for the group; prev goes back to the reading; new starts another activity.",
        );
    }

    pub(super) fn celebrating(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        let Some(v) = &self.view else { return Go::Stay };
        let (id, activity) = (v.activity.id, v.activity.clone());
        let word = match &input {
            Input::Word { word, rest } if rest.is_empty() => word.as_str(),
            _ => return ctx.unknown(&input),
        };
        match word {
            "keepsake" | "k" => {
                let path = ctx.circle.default_keepsake_path(&activity);
                match ctx.circle.export_keepsake(id, &path, false, false) {
                    Ok(()) => ctx.say(format!("Keepsake saved as {}.", super::words::file_said(&path))),
                    Err(e) => ctx.fail(e),
                }
            }
            "prev" | "p" if activity.stage == ActivityStage::Celebrating => match ctx.circle.back_to_reading(id) {
                Ok(()) => {
                    self.reload(ctx);
                    self.show(ctx);
                }
                Err(e) => ctx.fail(e),
            },
            "l" | "list" => self.celebrate(ctx),
            "finish" => self.step = super::endings::Step::WhatNext(super::next::start(ctx)),
            _ => return ctx.unknown(&input),
        }
        Go::Stay
    }

    pub(super) fn help_lines(&self) -> Vec<String> {
        if let super::endings::Step::Writing(_, name) = &self.step {
            return super::collect::card_instructions(name).to_vec();
        }
        let mut lines = vec![
            "Endings is the moving on with positivity activity: each person writes their most positive experience of the group on a card, the cards are dealt so nobody reads their own, each is read aloud, and the group celebrates.".to_string(),
        ];
        lines.extend(
            match self.stage() {
                None => vec!["new starts an activity: you choose face to face or online, typed or paper cards, and who takes part."],
                Some(ActivityStage::Collecting) => vec![
                    "Type numbers to mark who takes part, several on one line. l lists everyone again.",
                    "c and a number opens that person's card: they type it on one line, it is sealed and never read back. With paper cards, c gives them a number to write on their card.",
                    "d deals the cards.",
                ],
                Some(ActivityStage::Dealing) => vec![
                    "s deals again, chain switches the chain order (face to face), lock locks the deal and starts the reading, cards goes back to the cards. l lists the deal.",
                    "Online: partners reads each reader's partner card, to send them privately; export saves the rooms for the video call and the chat, with the partner cards.",
                ],
                Some(ActivityStage::Reading) => vec![
                    "next marks this card read and goes to the next one still to read; again reads this card again; prev goes back one card; a number goes to that card; skip goes on without marking.",
                    "reveal tells who wrote this card, hide hides it again; u takes back a read mark; l lists the deal with what has been read.",
                    "Online: partners reads each reader's partner card; export saves the rooms and the partner cards as files.",
                ],
                Some(_) => vec![
                    "keepsake saves every card heard as a file readable only by you; prev goes back to the reading; new starts another activity.",
                    "finish records what comes next for the group: whether it stays as it is, rests or closes, and a successor group.",
                ],
            }
            .into_iter()
            .map(String::from),
        );
        lines
    }
}

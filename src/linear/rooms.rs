//! Online endings in linear mode: each reader's partner card, to send them
//! privately, and the breakout rooms written out for the video-call tool
//! and the chat, as the console's rooms screen does.

use super::endings::Endings;
use super::words::{count, file_said};
use super::{Ctx, Go};
use crate::domain::EndingMode;
use crate::domain::endings::partner_message;
use crate::domain::text::display_multiline;

impl Endings {
    /// `partners` and `export` once an online deal is there; `None` for
    /// any other word, left to the stage.
    pub(super) fn rooms(&mut self, ctx: &mut Ctx, word: &str) -> Option<Go> {
        let v = self.view.as_ref()?;
        if v.activity.mode != EndingMode::Online || v.deal.is_empty() {
            return None;
        }
        let (id, activity) = (v.activity.id, v.activity.clone());
        match word {
            "partners" => match ctx.circle.partner_cards(id) {
                Ok(cards) if cards.is_empty() => {
                    ctx.say("Partner cards are for typed cards; with paper cards each reader has theirs.")
                }
                Ok(cards) => {
                    ctx.say(format!(
                        "{}, one for each reader to send them privately before the rooms open. The author is named only if you revealed authors.",
                        count(cards.len(), "partner card", "partner cards")
                    ));
                    let lines: Vec<String> = cards
                        .iter()
                        .flat_map(|c| {
                            display_multiline(&partner_message(c))
                                .lines()
                                .filter(|l| !l.trim().is_empty())
                                .map(str::to_string)
                                .collect::<Vec<_>>()
                        })
                        .collect();
                    ctx.say_long(lines, ("line", "lines"));
                }
                Err(e) => ctx.fail(e),
            },
            "export" => {
                let path = ctx.circle.default_rooms_path(&activity);
                match ctx.circle.export_rooms(id, &path, false) {
                    Ok(done) => {
                        ctx.say(format!(
                            "The rooms are saved for the video call as {}, with a copy to paste into the chat beside it.",
                            file_said(&done.csv)
                        ));
                        if let Some(cards) = &done.cards {
                            ctx.say(format!(
                                "Each reader's partner card, to send privately, is in {}.",
                                file_said(cards)
                            ));
                        }
                        if !done.without_email.is_empty() {
                            let names: Vec<String> = done.without_email.iter().map(|l| l.name.clone()).collect();
                            ctx.say(format!(
                                "No email for {}: place them in their rooms by hand.",
                                crate::domain::text::listed(&names)
                            ));
                        }
                    }
                    Err(e) => ctx.fail(e),
                }
            }
            _ => return None,
        }
        Some(Go::Stay)
    }
}

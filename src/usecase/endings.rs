//! The "moving on with positivity" activity (the README's "Keys" says how it
//! runs): starting it, collecting cards, dealing, reading, celebrating, and
//! what comes next for the group. Every step is saved as it happens, so a
//! crash or a closed laptop resumes exactly where the group was.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use super::{Circle, Error, Result};
use crate::domain::endings::{PlannedDeal, deal_entries, parse_card_blocks, plan, room_pairs};
use crate::domain::text::{self, display};
use crate::domain::{
    Activity, ActivityId, ActivityStage, Card, CardId, CardStyle, DealEntry, EndingMode, Group, GroupId, GroupStatus,
    MemberId, MemberStatus, NewActivity, NewGroup,
};
use crate::usecase::store::Store;

/// Someone who can take part in an activity or has a card in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: MemberId,
    pub name: String,
    pub contact: String,
    pub taking_part: bool,
}

/// An activity with everything its stages show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityView {
    pub activity: Activity,
    /// Those taking part first, then the others, by name. From the deal on,
    /// only those taking part and the authors of cards.
    pub people: Vec<Person>,
    pub cards: Vec<Card>,
    pub deal: Vec<DealEntry>,
    pub rooms: Vec<(u32, MemberId)>,
}

impl ActivityView {
    pub fn name(&self, id: MemberId) -> String {
        self.people.iter().find(|p| p.id == id).map_or_else(|| "someone".into(), |p| display(&p.name).into_owned())
    }

    /// Who reads (or read) a card; someone since forgotten has no name.
    pub fn reader_name(&self, reader: Option<MemberId>) -> String {
        reader.map_or_else(|| "someone since forgotten".into(), |id| self.name(id))
    }

    /// The number a card is known by while reading. Typed cards are
    /// numbered by their place in the deal, given only at the deal, so a
    /// number on a shared screen says nothing of who wrote it; paper cards
    /// keep the number their author wrote on them.
    pub fn reading_number(&self, position: usize, card: CardId) -> u32 {
        match self.activity.card_style {
            CardStyle::Paper => self.card(card).map_or(0, |c| c.number),
            CardStyle::Typed => position as u32 + 1,
        }
    }

    pub fn card(&self, id: CardId) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    pub fn card_of(&self, author: MemberId) -> Option<&Card> {
        self.cards.iter().find(|c| c.author == author)
    }

    pub fn readers(&self) -> Vec<MemberId> {
        self.people.iter().filter(|p| p.taking_part).map(|p| p.id).collect()
    }

    pub fn all_read(&self) -> bool {
        !self.deal.is_empty() && self.deal.iter().all(|e| e.read_at.is_some())
    }

    /// The position being read, kept inside the deal.
    pub fn position(&self) -> u32 {
        self.activity.position.min(self.deal.len().saturating_sub(1) as u32)
    }
}

/// An activity as it was opened, with a sentence when opening it had to
/// mend the deal (someone was forgotten since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub view: ActivityView,
    pub note: Option<String>,
}

/// Who takes part in a new activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participants {
    PresentToday,
    Active,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartActivity {
    pub held_on: NaiveDate,
    pub mode: EndingMode,
    pub card_style: CardStyle,
    pub chain: bool,
    pub participants: Participants,
}

/// The facilitator's choice of what comes next for the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatNext {
    /// `None` keeps the group's status as it is.
    pub status: Option<GroupStatus>,
    /// A successor group by name; created when it does not exist yet.
    pub successor: String,
    /// What the successor carries on, added to its purpose.
    pub carry: String,
}

impl Circle {
    pub fn activities(&self, group: GroupId) -> Result<Vec<Activity>> {
        Ok(self.store.activities(group)?)
    }

    /// The members present at today's meeting, if the register was taken.
    pub fn present_today(&self, group: GroupId, today: NaiveDate) -> Result<Vec<MemberId>> {
        match self.store.meeting_on(group, today)? {
            Some(m) => Ok(self.store.attendance(m.id)?.into_iter().map(|a| a.member).collect()),
            None => Ok(Vec::new()),
        }
    }

    pub fn start_activity(&mut self, group: GroupId, start: &StartActivity, today: NaiveDate) -> Result<Activity> {
        let participants = match start.participants {
            Participants::PresentToday => self.present_today(group, today)?,
            Participants::Active => {
                self.store.members_with_status(group, &[MemberStatus::Active])?.into_iter().map(|m| m.id).collect()
            }
        };
        let new = NewActivity {
            held_on: start.held_on,
            mode: start.mode,
            card_style: start.card_style,
            chain: start.chain,
            participants,
        };
        Ok(self.store.create_activity(group, &new)?)
    }

    /// Opens an activity of the group. A deal that an erasure broke (a
    /// card or a reader went with the person forgotten) is made again, in
    /// the same transaction; cards already read stay marked.
    pub fn open_activity(&mut self, id: ActivityId, group: GroupId, seed: u64) -> Result<Opened> {
        self.store.atomic(|store| {
            let view = load(store, id, group)?;
            let repaired = repair_deal(store, &view, seed)?;
            // A notice left by an erasure is shown once.
            let notice = view.activity.notice.clone();
            if notice.is_some() {
                store.set_notice(id, None)?;
            }
            let changed = repaired.is_some() || notice.is_some();
            let view = if changed { load(store, id, group)? } else { view };
            Ok(Opened { view, note: notice.or(repaired) })
        })
    }

    pub fn set_taking_part(&mut self, activity: ActivityId, member: MemberId, taking_part: bool) -> Result<()> {
        Ok(self.store.set_participant(activity, member, taking_part)?)
    }

    /// Seals a typed card; an empty one is refused.
    pub fn seal_card(&mut self, activity: ActivityId, author: MemberId, text: &str) -> Result<Card> {
        let text = card_text(text).map_err(|e| Error::field("card", e.to_string()))?;
        if text.is_empty() {
            return Err(Error::refused("Write something first: an empty card cannot be sealed."));
        }
        Ok(self.store.save_card(activity, author, &text, true)?)
    }

    /// Paper cards are only numbered: gives a person a number, or takes it back.
    pub fn toggle_paper_card(&mut self, activity: ActivityId, author: MemberId) -> Result<()> {
        self.store.atomic(|store| {
            match store.cards(activity)?.into_iter().find(|c| c.author == author) {
                Some(card) => store.delete_card(card.id)?,
                None => {
                    store.save_card(activity, author, "", false)?;
                }
            }
            Ok(())
        })
    }

    /// Imports cards sent in as text ("Name: text" blocks), sealed: all or
    /// none. Returns how many were imported.
    pub fn import_cards(&mut self, activity: ActivityId, path: &Path) -> Result<usize> {
        let bytes = std::fs::read(path).map_err(|e| Error::field("path", format!("cannot read it: {e}")))?;
        let content = String::from_utf8(bytes)
            .map_err(|_| Error::field("path", "that file is not UTF-8 text; nothing was imported"))?;
        let blocks =
            parse_card_blocks(&content).map_err(|e| Error::field("path", format!("{e}; nothing was imported")))?;
        for block in &blocks {
            card_text(&block.text)
                .map_err(|e| Error::field("path", format!("card {}: {e}; nothing was imported", block.block)))?;
        }
        self.store.atomic(|store| {
            let group = store.activity(activity)?.group;
            let existing = store.cards(activity)?;
            // Anyone in the group can have a card read, also someone who
            // has left or is absent today.
            let everyone = store.all_members(group)?;
            let mut cards = Vec::new();
            for block in &blocks {
                let wanted = block.author.trim().to_lowercase();
                let matching: Vec<_> =
                    everyone.iter().filter(|m| m.fields.name.trim().to_lowercase() == wanted).collect();
                let refuse =
                    |what: String| Error::field("path", format!("card {}: {what}; nothing was imported", block.block));
                let person = match matching.as_slice() {
                    [one] => *one,
                    [] => return Err(refuse(format!("nobody called {} in this group", display(&block.author)))),
                    _ => return Err(refuse(format!("more than one person is called {}", display(&block.author)))),
                };
                if existing.iter().any(|c| c.author == person.id) || cards.iter().any(|(a, _)| *a == person.id) {
                    return Err(refuse(format!("{} already has a card here", display(&person.fields.name))));
                }
                cards.push((person.id, block.text.clone()));
            }
            store.import_cards(activity, &cards)?;
            Ok(cards.len())
        })
    }

    /// Deals (or deals again) with the given seed and stores the deal
    /// unlocked. Returns a sentence when the deal is not quite what was
    /// asked for (a chain that could not be made, pairs that met before).
    pub fn deal(&mut self, activity: ActivityId, seed: u64) -> Result<Option<String>> {
        self.store.atomic(|store| deal_in(store, activity, seed))
    }

    /// Turns the chain order on or off and deals again.
    pub fn set_chain(&mut self, activity: ActivityId, chain: bool, seed: u64) -> Result<Option<String>> {
        self.store.atomic(|store| {
            if store.activity(activity)?.mode == EndingMode::Online {
                return Err(Error::refused(
                    "Online, partners read each other's cards in their rooms: there is no chain.",
                ));
            }
            store.set_chain(activity, chain)?;
            deal_in(store, activity, seed)
        })
    }

    /// Locks the deal and starts the reading; online pairs go into the
    /// group's pairing history so later activities can avoid them.
    pub fn lock_deal(&mut self, activity: ActivityId) -> Result<()> {
        self.store.atomic(|store| {
            let pairs = room_pairs(&store.rooms(activity)?);
            Ok(store.lock_deal(activity, &pairs)?)
        })
    }

    pub fn back_to_cards(&mut self, activity: ActivityId) -> Result<()> {
        Ok(self.store.set_stage(activity, ActivityStage::Collecting)?)
    }

    /// Goes to a card of the reading. Moving to another card hides its
    /// author again: revealing is for one card at a time, on a screen
    /// others may see.
    pub fn go_to_card(&mut self, activity: ActivityId, to: u32) -> Result<()> {
        self.store.atomic(|store| go_to(store, activity, to))
    }

    /// The next card, or the celebration after the last once every card
    /// has been read.
    pub fn next_card(&mut self, activity: ActivityId) -> Result<()> {
        self.store.atomic(|store| {
            let deal = store.deal(activity)?;
            let last = deal.len().saturating_sub(1) as u32;
            let position = store.activity(activity)?.position.min(last);
            if position == last && !deal.is_empty() && deal.iter().all(|e| e.read_at.is_some()) {
                return Ok(store.set_stage(activity, ActivityStage::Celebrating)?);
            }
            go_to(store, activity, (position + 1).min(last))
        })
    }

    /// Marks the current card read and moves on to the next card still to
    /// be read, or the celebration when every card has been heard. A card
    /// already read stays read: un-marking is its own step.
    pub fn mark_read(&mut self, activity: ActivityId) -> Result<()> {
        self.store.atomic(|store| {
            let deal = store.deal(activity)?;
            let last = deal.len().saturating_sub(1) as u32;
            let position = store.activity(activity)?.position.min(last);
            if deal.get(position as usize).is_some_and(|e| e.read_at.is_none()) {
                store.mark_read(activity, position, true)?;
            }
            let unread = |p: &u32| deal.get(*p as usize).is_some_and(|e| e.read_at.is_none() && *p != position);
            match (position + 1..=last).chain(0..position).find(unread) {
                Some(next) => go_to(store, activity, next),
                None => Ok(store.set_stage(activity, ActivityStage::Celebrating)?),
            }
        })
    }

    /// Takes back a "read" mark made by mistake, and stays on the card.
    pub fn unmark_read(&mut self, activity: ActivityId) -> Result<()> {
        let position = self.store.activity(activity)?.position;
        let entry = self.store.deal(activity)?.into_iter().find(|e| e.position == position);
        if entry.is_some_and(|e| e.reader.is_none()) {
            return Err(Error::refused("Someone since forgotten read this card aloud, so it stays read."));
        }
        Ok(self.store.mark_read(activity, position, false)?)
    }

    /// The activity still in progress in a group, if any: the console opens
    /// on it after a restart.
    pub fn activity_in_progress(&self, group: GroupId) -> Result<Option<ActivityId>> {
        Ok(self
            .store
            .activities(group)?
            .into_iter()
            .find(|a| matches!(a.stage, ActivityStage::Collecting | ActivityStage::Dealing | ActivityStage::Reading))
            .map(|a| a.id))
    }

    pub fn reveal_author(&mut self, activity: ActivityId, reveal: bool) -> Result<()> {
        Ok(self.store.set_reveal_author(activity, reveal)?)
    }

    pub fn back_to_reading(&mut self, activity: ActivityId) -> Result<()> {
        Ok(self.store.set_stage(activity, ActivityStage::Reading)?)
    }

    /// Records what comes next for the group and finishes the activity, in
    /// one transaction: the group's status, its successor (created when it
    /// does not exist yet) and what the successor carries on. Returns what
    /// was done, in words.
    pub fn finish_activity(&mut self, activity: ActivityId, next: &WhatNext, today: NaiveDate) -> Result<Vec<String>> {
        let successor_name = next.successor.trim().to_string();
        let carry = text::limited("what it carries on", &next.carry, text::MAX_NOTE_CHARS)
            .map_err(|e| Error::field("carry", e.to_string()))?;
        let defaults = self.new_group.clone();
        self.store.atomic(|store| {
            let group = store.group(store.activity(activity)?.group)?;
            let mut settings = group.settings.clone();
            if let Some(status) = next.status {
                settings.status = status;
            }
            let mut said = Vec::new();
            if !successor_name.is_empty() {
                let successor = match successor_named(store, &successor_name)? {
                    Some(g) if g.id == group.id => {
                        return Err(Error::field("successor", "a group cannot be its own successor"));
                    }
                    Some(g) => g,
                    None => {
                        // A new group: named by the rule for every name given now.
                        let as_successor = |e: Error| match e {
                            Error::Field(_, message) => Error::Field("successor", message),
                            other => other,
                        };
                        let name = super::given_name(&successor_name).map_err(as_successor)?;
                        super::groups::refuse_lookalike(store, &name, None).map_err(as_successor)?;
                        let new =
                            NewGroup { name, focus: group.settings.focus.clone(), openness: group.settings.openness };
                        // Made as `Circle::create_group` makes a group.
                        let g = super::groups::insert_group(store, &new, &defaults, today).map_err(as_successor)?;
                        said.push(format!("created {}", crate::domain::text::fit(&g.name, 30)));
                        g
                    }
                };
                if !carry.is_empty() {
                    let mut s = successor.settings.clone();
                    let line = format!("Carries on from {}: {carry}", group.name);
                    let purpose = if s.purpose.is_empty() { line } else { format!("{}\n{line}", s.purpose) };
                    // The successor's purpose keeps its own limit, so it can
                    // be edited, exported and imported like any other.
                    s.purpose =
                        text::limited("the successor's purpose", &purpose, text::MAX_NOTE_CHARS).map_err(|e| {
                            Error::field("carry", format!("{e}; carry on less, or shorten its purpose first"))
                        })?;
                    store.update_group_settings(successor.id, &s)?;
                }
                settings.successor = Some(successor.id);
            }
            store.update_group_settings(group.id, &settings)?;
            store.set_stage(activity, ActivityStage::Finished)?;
            said.insert(0, format!("the group is {}", settings.status.label()));
            Ok(said)
        })
    }

    pub(super) fn view_of(&self, activity: ActivityId) -> Result<ActivityView> {
        let group = self.store.activity(activity)?.group;
        load(&self.store, activity, group)
    }
}

/// A card's words, trimmed, within the limit every card has.
fn card_text(raw: &str) -> std::result::Result<String, text::TextError> {
    text::limited("a card", raw, text::MAX_NOTE_CHARS)
}

/// The group a successor's name means: the one with exactly that name, or
/// else the only one whose name differs from it by case or accents alone
/// (as `--group` and the switcher find groups). `None` when there is none.
fn successor_named(store: &Store, name: &str) -> Result<Option<Group>> {
    if let Some(group) = store.group_by_name(name)? {
        return Ok(Some(group));
    }
    let wanted = text::fold(name);
    let mut alike = store.groups()?.into_iter().filter(|g| text::fold(g.name.trim()) == wanted);
    Ok(match (alike.next(), alike.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    })
}

fn load(store: &Store, id: ActivityId, group: GroupId) -> Result<ActivityView> {
    let activity = store.activity(id)?;
    if activity.group != group {
        return Err(crate::usecase::store::StoreError::NotFound("activity").into());
    }
    let participants: HashSet<MemberId> = store.participants(id)?.into_iter().collect();
    let cards = store.cards(id)?;
    let everyone = activity.stage == ActivityStage::Collecting;
    let mut people: Vec<Person> = store
        .activity_people(id, activity.group, everyone)?
        .into_iter()
        .map(|(id, name, contact, taking_part)| Person { id, name, contact, taking_part })
        .collect();
    // Someone taking part or with a card may have left or gone on a break
    // since; they stay on the activity's screens.
    let listed: HashSet<MemberId> = people.iter().map(|p| p.id).collect();
    let mut wanted: Vec<MemberId> = participants.iter().chain(cards.iter().map(|c| &c.author)).copied().collect();
    wanted.sort();
    wanted.dedup();
    for id in wanted.into_iter().filter(|id| !listed.contains(id)) {
        let m = store.member(id)?;
        people.push(Person {
            taking_part: participants.contains(&id),
            id,
            name: m.fields.name,
            contact: m.fields.contact,
        });
    }
    // Each key worked out once: with thousands of members, lowering names
    // at every comparison cost more than reading them.
    people.sort_by_cached_key(|p| (!p.taking_part, p.name.to_lowercase(), p.id));
    Ok(ActivityView { deal: store.deal(id)?, rooms: store.rooms(id)?, activity, people, cards })
}

fn go_to(store: &mut Store, activity: ActivityId, to: u32) -> Result<()> {
    let position = store.activity(activity)?.position;
    store.set_position(activity, to)?;
    if to != position {
        store.set_reveal_author(activity, false)?;
    }
    Ok(())
}

fn plan_for(store: &Store, view: &ActivityView, seed: u64) -> Result<PlannedDeal<MemberId>> {
    let readers = view.readers();
    let authors: Vec<MemberId> = view.cards.iter().map(|c| c.author).collect();
    let previous: HashSet<(MemberId, MemberId)> = match view.activity.mode {
        EndingMode::Online => store.previous_pairs(view.activity.group, Some(view.activity.id))?.into_iter().collect(),
        EndingMode::FaceToFace => HashSet::new(),
    };
    plan(view.activity.mode, view.activity.chain, &readers, &authors, &previous, seed)
        .map_err(|e| Error::refused(e.to_string()))
}

fn deal_in(store: &mut Store, activity: ActivityId, seed: u64) -> Result<Option<String>> {
    let group = store.activity(activity)?.group;
    let mut view = load(store, activity, group)?;
    if view.readers().len() < 2 {
        return Err(Error::refused("A deal needs at least two people taking part."));
    }
    if view.activity.card_style == CardStyle::Paper {
        // Paper cards are only numbered: everyone taking part gets a number.
        for reader in view.readers() {
            if view.card_of(reader).is_none() {
                store.save_card(activity, reader, "", false)?;
            }
        }
        view.cards = store.cards(activity)?;
    }
    let planned = plan_for(store, &view, seed)?;
    let card_ids: Vec<CardId> = view.cards.iter().map(|c| c.id).collect();
    let entries = deal_entries(&planned, &card_ids, &HashMap::new());
    store.store_deal(activity, seed, &entries, &planned.rooms)?;
    if planned.chain_refused {
        // Say what the deal really is: the header reads the stored setting.
        store.set_chain(activity, false)?;
        return Ok(Some("A chain needs a card from each reader and no others: this is a plain deal.".into()));
    }
    Ok((planned.repeated_pairs > 0).then(|| match planned.repeated_pairs {
        1 => "One pair met in an earlier activity: no pairing avoids them all.".to_string(),
        n => format!("{n} pairs met in an earlier activity: no pairing avoids them all."),
    }))
}

/// A deal must deal every card exactly once to someone taking part. When
/// erasing a member broke that, the deal is made again; cards already read
/// stay marked. Returns the sentence to show when it did something.
fn repair_deal(store: &mut Store, view: &ActivityView, seed: u64) -> Result<Option<String>> {
    if view.deal.is_empty() || view.activity.stage == ActivityStage::Collecting {
        return Ok(None);
    }
    let dealt: HashSet<CardId> = view.deal.iter().map(|e| e.card).collect();
    let cards: HashSet<CardId> = view.cards.iter().map(|c| c.id).collect();
    let readers: HashSet<MemberId> = view.readers().into_iter().collect();
    let read_or_reading = |e: &DealEntry| e.reader.map_or(e.read_at.is_some(), |r| readers.contains(&r));
    if dealt == cards && view.deal.iter().all(read_or_reading) {
        return Ok(None);
    }
    let id = view.activity.id;
    let read: HashMap<CardId, String> = view.deal.iter().filter_map(|e| Some((e.card, e.read_at.clone()?))).collect();
    match plan_for(store, view, seed) {
        Ok(planned) => {
            let card_ids: Vec<CardId> = view.cards.iter().map(|c| c.id).collect();
            let entries = deal_entries(&planned, &card_ids, &read);
            store.store_deal(id, seed, &entries, &planned.rooms)?;
            if view.activity.locked {
                store.lock_deal(id, &planned.pairs())?;
                store.set_stage(id, view.activity.stage)?;
                // The order changed: carry on from the first card not yet read.
                let first_unread = entries.iter().position(|e| e.read_at.is_none()).unwrap_or(0);
                store.set_position(id, first_unread as u32)?;
            }
            Ok(Some("Someone was removed, so the cards were dealt again; read cards stay read.".into()))
        }
        Err(_) => {
            store.store_deal(id, seed, &[], &[])?;
            store.set_stage(id, ActivityStage::Collecting)?;
            Ok(Some("Someone was removed, and the cards can no longer be dealt: deal again.".into()))
        }
    }
}

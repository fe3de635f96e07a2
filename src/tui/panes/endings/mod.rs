//! Endings: the "moving on with positivity" activity from start to finish
//! (DESIGN.md sections 1 and 4). Every step is saved as it happens, so a
//! closed laptop or a crash resumes exactly where the group was.

mod collect;
mod forms;
mod reading;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState};
use tui_input::Input;

use crate::domain::endings::{PlannedDeal, plan};
use crate::domain::text::display;
use crate::domain::{Activity, Card, DealEntry};
use crate::domain::{ActivityId, ActivityStage, CardId, CardStyle, EndingMode, MemberId, MemberStatus};
use crate::store::{Result as StoreResult, Store};
use crate::tui::app::{Ctx, Modal, Next, Purpose};
use crate::tui::keys::{Action, Context};
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::form::Form;

pub use forms::EndingsPurpose;

pub const GUIDANCE: &str = "When a group ends, each member writes their most positive experience of it on a card. \
Nobody reads their own: the cards are dealt so that every experience is heard in someone else's voice, and then \
the group celebrates what it achieved together. A sealed card stays hidden until it is read; pass the laptop \
round and let each person write theirs.";

/// How many frames the reshuffle animation shows, and how often.
const ANIMATION_FRAMES: u8 = 9;
const ANIMATION_STEP: Duration = Duration::from_millis(70);

/// Someone who can take part or has a card.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: MemberId,
    pub name: String,
    pub contact: String,
    pub taking_part: bool,
}

/// A card being written on the shared laptop: only the author's name and
/// their own text are on screen.
pub struct CardWriter {
    pub author: MemberId,
    pub name: String,
    pub input: Input,
    pub error: Option<String>,
    /// Esc was pressed once with unsaved text: a second Esc leaves.
    pub warned: bool,
}

/// The activity that is open, with what its current stage shows.
pub struct Open {
    pub activity: Activity,
    pub people: Vec<Person>,
    pub cards: Vec<Card>,
    pub deal: Vec<DealEntry>,
    pub rooms: Vec<(u32, MemberId)>,
    pub selected: usize,
    /// The person to put the cursor on after the list is read again (the
    /// list re-sorts when someone joins or leaves the activity).
    pub select_person: Option<MemberId>,
    /// Rows a long card is scrolled by in the reading view.
    pub card_scroll: u16,
    pub writer: Option<CardWriter>,
    /// Frames left of the reshuffle animation.
    pub animation: u8,
    pub note: Option<String>,
}

impl Open {
    pub fn name(&self, id: MemberId) -> String {
        self.people.iter().find(|p| p.id == id).map_or_else(|| "someone".into(), |p| display(&p.name).into_owned())
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

    fn view(&self) -> ActivityStage {
        self.activity.stage
    }
}

#[derive(Default)]
pub struct EndingsPane {
    activities: Vec<Activity>,
    selected: usize,
    pub open: Option<Open>,
    /// Set when the facilitator backed out to the list, so the unfinished
    /// activity is not reopened at once.
    browsing: bool,
}

impl EndingsPane {
    pub fn context(&self) -> Context {
        match &self.open {
            None => Context::Endings,
            Some(open) if open.writer.is_some() => Context::Card,
            Some(open) => match open.view() {
                ActivityStage::Collecting => Context::Collect,
                ActivityStage::Dealing if open.activity.mode == EndingMode::Online => Context::Rooms,
                ActivityStage::Dealing => Context::Deal,
                ActivityStage::Reading => Context::Reading,
                ActivityStage::Celebrating | ActivityStage::Finished => Context::Celebrate,
            },
        }
    }

    pub fn tick_interval(&self) -> Option<Duration> {
        self.open.as_ref().filter(|o| o.animation > 0).map(|_| ANIMATION_STEP)
    }

    pub fn tick(&mut self, _ctx: &mut Ctx) {
        if let Some(open) = &mut self.open {
            open.animation = open.animation.saturating_sub(1);
        }
    }

    /// Typed text while a card is being written.
    pub fn on_writer_text(&mut self, event: &ratatui::crossterm::event::Event) {
        if let Some(open) = &mut self.open {
            collect::on_writer_text(open, event);
        }
    }

    pub fn animating(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.animation > 0)
    }

    /// Any key ends the animation at once.
    pub fn skip_animation(&mut self) {
        if let Some(open) = &mut self.open {
            open.animation = 0;
        }
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.store.activities(group) {
            Ok(list) => {
                self.selected = self.selected.min(list.len().saturating_sub(1));
                self.activities = list;
            }
            Err(e) => ctx.error(e),
        }
        let reopen = match &self.open {
            Some(open) => Some(open.activity.id),
            // Resume an unfinished activity where the group left it.
            None if !self.browsing => self
                .activities
                .iter()
                .find(|a| {
                    matches!(a.stage, ActivityStage::Collecting | ActivityStage::Dealing | ActivityStage::Reading)
                })
                .map(|a| a.id),
            None => None,
        };
        if let Some(id) = reopen {
            self.open_activity(id, ctx);
        }
    }

    fn open_activity(&mut self, id: ActivityId, ctx: &mut Ctx) {
        let previous = self.open.take();
        match load(&ctx.store, id, ctx.group_id()) {
            Ok(mut open) => {
                if let Some(prev) = previous.filter(|p| p.activity.id == id) {
                    let person = prev.select_person.or_else(|| prev.people.get(prev.selected).map(|p| p.id));
                    open.selected = person
                        .and_then(|id| open.people.iter().position(|p| p.id == id))
                        .unwrap_or(prev.selected)
                        .min(open.people.len().saturating_sub(1));
                    if prev.activity.position == open.activity.position {
                        open.card_scroll = prev.card_scroll;
                    }
                    open.writer = prev.writer;
                    open.animation = prev.animation;
                    open.note = prev.note;
                }
                if let Err(e) = repair_deal(&mut ctx.store, &mut open) {
                    ctx.error(e);
                }
                self.open = Some(open);
            }
            Err(e) => {
                self.open = None;
                ctx.error(e);
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) {
        if let Some(id) = self.open.as_ref().map(|o| o.activity.id) {
            self.open_activity(id, ctx);
        }
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Modal> {
        let Some(open) = &mut self.open else {
            match action {
                Action::Up => self.selected = self.selected.saturating_sub(1),
                Action::Down => self.selected = (self.selected + 1).min(self.activities.len().saturating_sub(1)),
                Action::NewActivity => return Some(forms::new_activity(ctx)),
                Action::Open => {
                    if let Some(id) = self.activities.get(self.selected).map(|a| a.id) {
                        self.browsing = false;
                        self.open_activity(id, ctx);
                    }
                }
                _ => {}
            }
            return None;
        };
        let result = if open.writer.is_some() {
            collect::update_writer(open, action, ctx)
        } else {
            match open.view() {
                ActivityStage::Collecting => collect::update(open, action, ctx),
                ActivityStage::Dealing => self::update_deal(open, action, ctx),
                ActivityStage::Reading => reading::update(open, action, ctx),
                ActivityStage::Celebrating | ActivityStage::Finished => reading::update_celebration(open, action, ctx),
            }
        };
        match result {
            Step::Stay => None,
            Step::Reload => {
                self.refresh(ctx);
                None
            }
            Step::Modal(modal) => Some(modal),
            Step::List => {
                self.open = None;
                self.browsing = true;
                self.reload(ctx);
                None
            }
        }
    }

    pub fn submit(&mut self, form: &mut Form, purpose: &EndingsPurpose, ctx: &mut Ctx) -> Next {
        let (next, created) = forms::submit(self.open.as_mut(), form, purpose, ctx);
        if let Some(id) = created {
            self.browsing = false;
            self.open_activity(id, ctx);
        } else if matches!(next, Next::Close) {
            self.refresh(ctx);
        }
        next
    }

    pub fn confirmed(&mut self, purpose: &EndingsPurpose, ctx: &mut Ctx) -> Next {
        let Some(open) = &mut self.open else { return Next::Close };
        let next = match purpose {
            EndingsPurpose::Reopen(author) => {
                collect::start_writer(open, *author, ctx);
                Next::Close
            }
            EndingsPurpose::DealAnyway => {
                deal(open, ctx);
                Next::Close
            }
            _ => Next::Close,
        };
        self.refresh(ctx);
        next
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(open) = &self.open {
            if let Some(writer) = &open.writer {
                collect::render_writer(frame, area, open, writer, theme);
                return;
            }
            match open.view() {
                ActivityStage::Collecting => collect::render(frame, area, open, theme),
                ActivityStage::Dealing => reading::render_deal(frame, area, open, theme),
                ActivityStage::Reading => reading::render_reading(frame, area, open, theme),
                ActivityStage::Celebrating | ActivityStage::Finished => {
                    reading::render_celebration(frame, area, open, theme)
                }
            }
            return;
        }
        if self.activities.is_empty() {
            super::empty_state(
                frame,
                area,
                "No endings activity yet. When the group is closing, press n to start one.",
                theme,
            );
            return;
        }
        let items: Vec<ListItem> = self
            .activities
            .iter()
            .map(|a| {
                ListItem::new(Line::raw(format!(
                    " {}  {:<13} {:<6} cards  {}",
                    a.held_on.format("%a %-d %b %Y"),
                    a.mode.label(),
                    a.card_style.label(),
                    a.stage.label()
                )))
            })
            .collect();
        let block =
            Block::new().title(Span::styled(" Endings activities: Enter opens one, n starts a new one", theme.title()));
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()).block(block), area, &mut state);
    }
}

/// What a stage's key handling asks the pane to do next (short lived).
#[allow(clippy::large_enum_variant)]
pub enum Step {
    Stay,
    Reload,
    Modal(Modal),
    List,
}

fn load(store: &Store, id: ActivityId, group: Option<crate::domain::GroupId>) -> StoreResult<Open> {
    let activity = store.activity(id)?;
    if Some(activity.group) != group {
        return Err(crate::store::StoreError::NotFound("activity"));
    }
    let participants = store.participants(id)?;
    let cards = store.cards(id)?;
    let mut members = store.members_with_status(activity.group, &[MemberStatus::Active, MemberStatus::OnBreak])?;
    let wanted: Vec<MemberId> = participants.iter().chain(cards.iter().map(|c| &c.author)).copied().collect();
    for id in wanted {
        if !members.iter().any(|m| m.id == id) {
            members.push(store.member(id)?);
        }
    }
    // Those taking part first, then the others by name.
    let mut people: Vec<Person> = members
        .into_iter()
        .map(|m| Person {
            taking_part: participants.contains(&m.id),
            id: m.id,
            name: m.fields.name,
            contact: m.fields.contact,
        })
        .collect();
    people.sort_by_key(|p| (!p.taking_part, p.name.to_lowercase()));
    Ok(Open {
        deal: store.deal(id)?,
        rooms: store.rooms(id)?,
        activity,
        people,
        cards,
        selected: 0,
        select_person: None,
        card_scroll: 0,
        writer: None,
        animation: 0,
        note: None,
    })
}

/// A deal must deal every card exactly once to someone taking part. When
/// erasing a member broke that (their cards or their readings went with
/// them), the deal is made again; cards already read stay marked read.
fn repair_deal(store: &mut Store, open: &mut Open) -> StoreResult<()> {
    if open.deal.is_empty() || open.activity.stage == ActivityStage::Collecting {
        return Ok(());
    }
    let dealt: HashSet<CardId> = open.deal.iter().map(|e| e.card).collect();
    let cards: HashSet<CardId> = open.cards.iter().map(|c| c.id).collect();
    let readers: HashSet<MemberId> = open.readers().into_iter().collect();
    if dealt == cards && open.deal.iter().all(|e| readers.contains(&e.reader)) {
        return Ok(());
    }
    let read: HashMap<CardId, String> = open.deal.iter().filter_map(|e| Some((e.card, e.read_at.clone()?))).collect();
    let locked = open.activity.locked;
    let stage = open.activity.stage;
    let seed = rand::random::<u64>();
    match plan_for(open, store, seed) {
        Ok(planned) => {
            let entries = entries_for(open, &planned, &read);
            store.store_deal(open.activity.id, seed, &entries, &planned.rooms)?;
            if locked {
                store.lock_deal(open.activity.id, &planned.pairs())?;
                store.set_stage(open.activity.id, stage)?;
                // The order changed: carry on from the first card not yet read.
                let first_unread = entries.iter().position(|e| e.read_at.is_none()).unwrap_or(0);
                store.set_position(open.activity.id, first_unread as u32)?;
            }
            open.note =
                Some("Someone was removed, so the cards were dealt again. Cards already read stay marked.".into());
        }
        Err(e) => {
            store.store_deal(open.activity.id, seed, &[], &[])?;
            store.set_stage(open.activity.id, ActivityStage::Collecting)?;
            open.note = Some(format!("Someone was removed and the deal no longer works: {e}"));
        }
    }
    let id = open.activity.id;
    open.activity = store.activity(id)?;
    open.deal = store.deal(id)?;
    open.rooms = store.rooms(id)?;
    Ok(())
}

fn plan_for(open: &Open, store: &Store, seed: u64) -> Result<PlannedDeal<MemberId>, String> {
    let readers = open.readers();
    let authors: Vec<MemberId> = open.cards.iter().map(|c| c.author).collect();
    let previous: HashSet<(MemberId, MemberId)> = match open.activity.mode {
        EndingMode::Online => store
            .previous_pairs(open.activity.group, Some(open.activity.id))
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect(),
        EndingMode::FaceToFace => HashSet::new(),
    };
    plan(open.activity.mode, open.activity.chain, &readers, &authors, &previous, seed).map_err(|e| e.to_string())
}

fn entries_for(open: &Open, planned: &PlannedDeal<MemberId>, read: &HashMap<CardId, String>) -> Vec<DealEntry> {
    planned
        .readings
        .iter()
        .enumerate()
        .map(|(position, (reader, card, room))| {
            let card = open.cards[*card].id;
            DealEntry {
                position: position as u32,
                reader: *reader,
                card,
                room: *room,
                read_at: read.get(&card).cloned(),
            }
        })
        .collect()
}

/// Deals (or deals again) with a fresh seed and stores the deal unlocked.
pub fn deal(open: &mut Open, ctx: &mut Ctx) {
    if open.activity.card_style == CardStyle::Paper {
        // Paper cards are only numbered: everyone taking part gets a number.
        for reader in open.readers() {
            if open.card_of(reader).is_none()
                && let Err(e) = ctx.store.save_card(open.activity.id, reader, "", false)
            {
                ctx.error(e);
                return;
            }
        }
        match ctx.store.cards(open.activity.id) {
            Ok(cards) => open.cards = cards,
            Err(e) => return ctx.error(e),
        }
    }
    let seed = rand::random::<u64>();
    let planned = match plan_for(open, &ctx.store, seed) {
        Ok(p) => p,
        Err(e) => return ctx.error(e),
    };
    let entries = entries_for(open, &planned, &HashMap::new());
    if let Err(e) = ctx.store.store_deal(open.activity.id, seed, &entries, &planned.rooms) {
        return ctx.error(e);
    }
    if planned.chain_refused {
        // Say what the deal really is: the header reads the stored setting.
        if let Err(e) = ctx.store.set_chain(open.activity.id, false) {
            ctx.error(e);
        }
    }
    open.note = if planned.chain_refused {
        Some(
            "A chain needs everyone reading to have a card and no cards from absent people, so this is a plain deal."
                .into(),
        )
    } else if planned.repeated_pairs > 0 {
        Some(format!(
            "No pairing avoids everyone's earlier partners: {} pair{} met in an earlier activity.",
            planned.repeated_pairs,
            if planned.repeated_pairs == 1 { "" } else { "s" }
        ))
    } else {
        None
    };
    if !ctx.theme.color || ctx.reduced_motion {
        open.animation = 0;
    } else {
        open.animation = ANIMATION_FRAMES;
    }
}

fn update_deal(open: &mut Open, action: Action, ctx: &mut Ctx) -> Step {
    match action {
        Action::Shuffle => {
            deal(open, ctx);
            Step::Reload
        }
        Action::ToggleChain => {
            if open.activity.mode == EndingMode::Online {
                ctx.info("Online, partners read each other's cards in their rooms: there is no chain.");
                return Step::Stay;
            }
            let chain = !open.activity.chain;
            if let Err(e) = ctx.store.set_chain(open.activity.id, chain) {
                ctx.error(e);
                return Step::Stay;
            }
            open.activity.chain = chain;
            deal(open, ctx);
            Step::Reload
        }
        Action::LockDeal => {
            let pairs = {
                let mut rooms: HashMap<u32, Vec<MemberId>> = HashMap::new();
                for (room, member) in &open.rooms {
                    rooms.entry(*room).or_default().push(*member);
                }
                let mut pairs = Vec::new();
                for members in rooms.values() {
                    for (i, a) in members.iter().enumerate() {
                        for b in &members[i + 1..] {
                            pairs.push((*a, *b));
                        }
                    }
                }
                pairs
            };
            match ctx.store.lock_deal(open.activity.id, &pairs) {
                Ok(()) => ctx.info("The deal is locked. Read the cards one at a time: → for the next."),
                Err(e) => ctx.error(e),
            }
            Step::Reload
        }
        Action::ExportRooms => Step::Modal(forms::export_rooms(open, ctx)),
        Action::Back => {
            if let Err(e) = ctx.store.set_stage(open.activity.id, ActivityStage::Collecting) {
                ctx.error(e);
            }
            Step::Reload
        }
        _ => Step::Stay,
    }
}

/// Asks the author before a sealed card is opened again.
pub fn ask_to_reopen(open: &Open, author: MemberId) -> Modal {
    let name = open.name(author);
    let confirm = Confirm::new(
        "A sealed card",
        format!(
            "This card is sealed. Only {name} should open it: {name}, press Enter to see your card, or Esc to leave it sealed."
        ),
    );
    Modal::Confirm(confirm, Purpose::Endings(EndingsPurpose::Reopen(author)))
}

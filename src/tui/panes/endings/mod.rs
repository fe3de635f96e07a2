//! Endings: the "moving on with positivity" activity from start to finish
//! (its steps are `usecase::endings`). Every step is saved as it happens, so
//! a closed laptop or a crash resumes exactly where the group was.

mod collect;
mod forms;
mod partners;
mod reading;

use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState};
use tui_input::Input;

use super::{Answer, ListCursor, Next, Pane, Point};
use crate::domain::{Activity, ActivityId, ActivityStage, EndingMode, MemberId};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::widgets::confirm::Confirm;
use crate::usecase::endings::ActivityView;

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

/// The activity that is open: what the use cases read, and what this
/// screen adds (the cursor, a card being written, the animation).
pub struct Open {
    pub view: ActivityView,
    pub cursor: ListCursor,
    /// The person to put the cursor on after the list is read again (the
    /// list re-sorts when someone joins or leaves the activity).
    pub select_person: Option<MemberId>,
    /// Rows a long card is scrolled by in the reading view.
    pub card_scroll: u16,
    /// How far the card can scroll, found when it was last drawn (`None`
    /// before then), so presses past its end do not pile up.
    pub card_overflow: std::cell::Cell<Option<u16>>,
    pub writer: Option<CardWriter>,
    /// Frames left of the reshuffle animation.
    pub animation: u8,
    pub note: Option<String>,
    /// The partner cards of an online activity, while they are shown.
    pub partners: Option<partners::Partners>,
}

impl Open {
    fn stage(&self) -> ActivityStage {
        self.view.activity.stage
    }

    fn id(&self) -> ActivityId {
        self.view.activity.id
    }

    /// Reports a use case's refusal or error in the footer.
    fn done(&mut self, result: crate::usecase::Result<()>, ctx: &mut Ctx) {
        if let Err(e) = result {
            ctx.error(e);
        }
    }
}

#[derive(Default)]
pub struct EndingsPane {
    activities: Vec<Activity>,
    cursor: ListCursor,
    pub open: Option<Open>,
    /// Set when the facilitator backed out to the list, so the unfinished
    /// activity is not reopened at once.
    browsing: bool,
    failed: Option<String>,
}

impl EndingsPane {
    fn open_activity(&mut self, id: ActivityId, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        let previous = self.open.take();
        match ctx.circle.open_activity(id, group, ctx.seed()) {
            Ok(mut opened) => {
                // Opened afresh (after a restart, or from the list), a card
                // starts with its author hidden: the screen may be shared.
                let fresh = previous.as_ref().is_none_or(|p| p.id() != id);
                if fresh && opened.view.activity.reveal_author {
                    match ctx.circle.reveal_author(id, false) {
                        Ok(()) => opened.view.activity.reveal_author = false,
                        Err(e) => ctx.error(e),
                    }
                }
                // A mended deal is told on whichever screen is showing.
                if let Some(note) = &opened.note {
                    ctx.info(note.clone());
                }
                let mut open = Open {
                    view: opened.view,
                    cursor: ListCursor::default(),
                    select_person: None,
                    card_scroll: 0,
                    card_overflow: std::cell::Cell::new(None),
                    writer: None,
                    animation: 0,
                    note: opened.note.clone(),
                    partners: None,
                };
                if let Some(prev) = previous.filter(|p| p.id() == id) {
                    let person =
                        prev.select_person.or_else(|| prev.view.people.get(prev.cursor.selected).map(|p| p.id));
                    open.cursor.selected = person
                        .and_then(|id| open.view.people.iter().position(|p| p.id == id))
                        .unwrap_or(prev.cursor.selected);
                    open.cursor.clamp(open.view.people.len());
                    if prev.view.activity.position == open.view.activity.position {
                        open.card_scroll = prev.card_scroll;
                        open.card_overflow = prev.card_overflow;
                    }
                    open.writer = prev.writer;
                    open.animation = prev.animation;
                    open.partners = prev.partners;
                    // A note belongs to the screen it was made on.
                    if prev.view.activity.stage == open.view.activity.stage {
                        open.note = opened.note.or(prev.note);
                    }
                }
                self.open = Some(open);
            }
            Err(e) => {
                self.open = None;
                self.failed = Some(super::read_failure("endings activity", &e));
            }
        }
    }

    fn refresh(&mut self, ctx: &mut Ctx) {
        if let Some(id) = self.open.as_ref().map(Open::id) {
            self.open_activity(id, ctx);
        }
    }

    fn back_to_list(&mut self, ctx: &mut Ctx) {
        self.open = None;
        self.browsing = true;
        self.reload(ctx);
    }
}

impl Pane for EndingsPane {
    fn context(&self) -> Context {
        match &self.open {
            None => Context::Endings,
            Some(open) if open.writer.is_some() => Context::Card,
            Some(open) if open.partners.is_some() => Context::Partners,
            Some(open) => match open.stage() {
                ActivityStage::Collecting => Context::Collect,
                ActivityStage::Dealing if open.view.activity.mode == EndingMode::Online => Context::Rooms,
                ActivityStage::Dealing => Context::Deal,
                ActivityStage::Reading => Context::Reading,
                ActivityStage::Celebrating | ActivityStage::Finished => Context::Celebrate,
            },
        }
    }

    fn help(&self) -> (&'static str, String) {
        ("Endings", GUIDANCE.to_string())
    }

    fn tick_interval(&self, _ctx: &Ctx) -> Option<Duration> {
        self.open.as_ref().filter(|o| o.animation > 0).map(|_| ANIMATION_STEP)
    }

    fn tick(&mut self, _ctx: &mut Ctx) {
        if let Some(open) = &mut self.open {
            open.animation = open.animation.saturating_sub(1);
        }
    }

    fn unsaved(&self) -> bool {
        let Some(open) = &self.open else { return false };
        open.writer.as_ref().is_some_and(|w| {
            let saved = open.view.card_of(w.author).map_or("", |c| c.text.as_str());
            w.input.value() != saved
        })
    }

    /// Any key ends the animation at once.
    fn swallow_key(&mut self) -> bool {
        match &mut self.open {
            Some(open) if open.animation > 0 => {
                open.animation = 0;
                true
            }
            _ => false,
        }
    }

    /// A click on an activity in the list, or on a person while cards are
    /// collected; the other stages have no rows to choose.
    fn click(&mut self, point: Point, _ctx: &mut Ctx) -> bool {
        match &mut self.open {
            None => self.cursor.click(point, self.activities.len()),
            Some(open) if open.writer.is_none() && open.partners.is_none() => {
                open.stage() == ActivityStage::Collecting && open.cursor.click(point, open.view.people.len())
            }
            Some(_) => false,
        }
    }

    /// Typed text while a card is being written.
    fn text(&mut self, event: &Event, _ctx: &mut Ctx) {
        if let Some(open) = &mut self.open {
            collect::on_writer_text(open, event);
        }
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.circle.activities(group) {
            Ok(list) => {
                self.cursor.clamp(list.len());
                self.activities = list;
                self.failed = None;
            }
            Err(e) => {
                self.failed = Some(super::read_failure("endings activities", &e));
                return;
            }
        }
        let reopen = match &self.open {
            Some(open) => Some(open.id()),
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

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        let Some(open) = &mut self.open else {
            if self.cursor.apply(action, self.activities.len()) {
                return Next::Stay;
            }
            match action {
                Action::NewActivity => return Next::Open(forms::new_activity(ctx)),
                Action::Open => {
                    if let Some(id) = self.activities.get(self.cursor.selected).map(|a| a.id) {
                        self.browsing = false;
                        self.open_activity(id, ctx);
                    }
                }
                _ => {}
            }
            return Next::Stay;
        };
        if open.partners.is_some() {
            return partners::update(open, action);
        }
        if action == Action::PartnerCards {
            partners::open(open, ctx);
            return Next::Stay;
        }
        let leaves = action == Action::Back && open.writer.is_none() && open.stage() != ActivityStage::Dealing;
        if leaves {
            self.back_to_list(ctx);
            return Next::Stay;
        }
        let next = if open.writer.is_some() {
            collect::update_writer(open, action, ctx)
        } else {
            match open.stage() {
                ActivityStage::Collecting => collect::update(open, action, ctx),
                ActivityStage::Dealing => reading::update_deal(open, action, ctx),
                ActivityStage::Reading => reading::update(open, action, ctx),
                ActivityStage::Celebrating | ActivityStage::Finished => reading::update_celebration(open, action, ctx),
            }
        };
        self.refresh(ctx);
        next
    }

    fn answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
        let (next, created) = forms::answer(self.open.as_mut(), answer, ctx);
        if let Some(id) = created {
            self.browsing = false;
            self.open = None;
            self.open_activity(id, ctx);
        } else if !matches!(next, Next::Stay) {
            self.refresh(ctx);
        }
        next
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
        if let Some(open) = &self.open {
            if let Some(writer) = &open.writer {
                collect::render_writer(frame, area, writer, theme);
                return;
            }
            if let Some(p) = &open.partners {
                partners::render(frame, area, p, theme);
                return;
            }
            match open.stage() {
                ActivityStage::Collecting => collect::render(frame, area, open, theme, ctx.dates),
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
                &format!(
                    "Moving on with positivity helps a group part on a good note: each person's best memory \
                     of the group is read aloud by someone else. When the group is closing, press {} to start.",
                    key_for(Context::Endings, Action::NewActivity)
                ),
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
                    ctx.dates.day(a.held_on),
                    a.mode.label(),
                    a.card_style.label(),
                    a.stage.label()
                )))
            })
            .collect();
        let title = format!(
            " Endings activities: {} opens one, {} starts a new one",
            key_for(Context::Endings, Action::Open),
            key_for(Context::Endings, Action::NewActivity)
        );
        let block = Block::new().title(Span::styled(title, theme.title()));
        let mut state = ListState::default().with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()).block(block), area, &mut state);
        self.cursor.drawn(frame, area, state.offset(), 1);
    }
}

/// Deals (or deals again) with a fresh seed; the reshuffle animation runs
/// unless motion is reduced.
pub fn deal(open: &mut Open, ctx: &mut Ctx) {
    match ctx.circle.deal(open.id(), ctx.seed()) {
        Ok(note) => {
            open.note = note;
            open.animation = if !ctx.theme.color || ctx.reduced_motion { 0 } else { ANIMATION_FRAMES };
        }
        Err(e) => ctx.error(e),
    }
}

/// Asks the author before a sealed card is opened again.
pub fn ask_to_reopen(open: &Open, author: MemberId) -> Modal {
    let name = open.view.name(author);
    let (enter, esc) = (key_for(Context::Confirm, Action::Submit), key_for(Context::Confirm, Action::Back));
    let confirm = Confirm::new(
        "A sealed card",
        format!(
            "This card is sealed. Only {name} should open it: {name}, press {enter} to see your card, or {esc} to leave it sealed."
        ),
    );
    Modal::Confirm(confirm, Purpose::Endings(EndingsPurpose::Reopen(author)))
}

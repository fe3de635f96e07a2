//! Endings, the "moving on with positivity" activity: the place, its stages
//! and the questions it asks. Collecting the cards is in `collect.rs`; the
//! deal, the reading and the celebration are in `reading.rs`.

use super::words::{Input, yes_no};
use super::{Area, Ctx, Go, Place};
use crate::domain::{ActivityId, ActivityStage, CardStyle, EndingMode, MemberId};
use crate::usecase::endings::ActivityView;

/// What the next line answers, besides the stage's own words.
pub(super) enum Step {
    /// The activity's stage decides.
    Stage,
    NewMode,
    NewCards(EndingMode),
    NewWho(EndingMode, CardStyle),
    /// The next line is this person's card.
    Writing(MemberId, String),
    /// A sealed card: only its author says yes.
    Reopen(MemberId, String),
    DealAnyway,
    /// What comes next for the group, after the celebration.
    WhatNext(super::next::Asking),
}

pub struct Endings {
    /// `None` when no activity is open.
    pub(super) view: Option<ActivityView>,
    pub(super) step: Step,
    /// The people in the order last listed, so numbers keep meaning the
    /// same person while marks change.
    pub(super) shown: Vec<MemberId>,
}

impl Endings {
    pub fn enter(ctx: &mut Ctx) -> Option<Endings> {
        let mut place = Endings { view: None, step: Step::Stage, shown: Vec::new() };
        let group = ctx.group_id();
        let latest = match ctx.circle.activity_in_progress(group) {
            Ok(Some(id)) => Some(id),
            // A celebration is still shown until a new activity starts.
            Ok(None) => ctx
                .circle
                .activities(group)
                .ok()
                .and_then(|all| all.first().filter(|a| a.stage == ActivityStage::Celebrating).map(|a| a.id)),
            Err(e) => {
                ctx.fail(e);
                return None;
            }
        };
        match latest {
            Some(id) => {
                place.open(ctx, id, true);
                place.show(ctx);
            }
            None => ctx.say("No endings activity is in progress. Type new to start one."),
        }
        Some(place)
    }

    pub(super) fn id(&self) -> Option<ActivityId> {
        self.view.as_ref().map(|v| v.activity.id)
    }

    pub(super) fn stage(&self) -> Option<ActivityStage> {
        self.view.as_ref().map(|v| v.activity.stage)
    }

    /// Reads the activity again; opened afresh, its author starts hidden,
    /// as the screen may be shared.
    pub(super) fn open(&mut self, ctx: &mut Ctx, id: ActivityId, fresh: bool) {
        let seed = ctx.seed();
        match ctx.circle.open_activity(id, ctx.group_id(), seed) {
            Ok(mut opened) => {
                if let Some(note) = &opened.note {
                    ctx.say(note);
                }
                if fresh && opened.view.activity.reveal_author {
                    match ctx.circle.reveal_author(id, false) {
                        Ok(()) => opened.view.activity.reveal_author = false,
                        Err(e) => ctx.fail(e),
                    }
                }
                self.view = Some(opened.view);
            }
            Err(e) => ctx.fail(e),
        }
    }

    pub(super) fn reload(&mut self, ctx: &mut Ctx) {
        if let Some(id) = self.id() {
            self.open(ctx, id, false);
        }
    }

    /// Says what the stage holds.
    pub(super) fn show(&mut self, ctx: &mut Ctx) {
        match self.stage() {
            None => ctx.say("No endings activity is in progress. Type new to start one."),
            Some(ActivityStage::Collecting) => self.list_people(ctx),
            Some(ActivityStage::Dealing) => self.show_deal(ctx),
            Some(ActivityStage::Reading) => self.show_card(ctx),
            Some(ActivityStage::Celebrating | ActivityStage::Finished) => self.celebrate(ctx),
        }
    }
}

impl Place for Endings {
    fn name(&self) -> String {
        "endings".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        match &self.step {
            Step::NewMode => return "Endings, new activity, how will you meet? number> ".into(),
            Step::NewCards(_) => return "Endings, new activity, cards? number> ".into(),
            Step::NewWho(..) => return "Endings, new activity, who takes part? number> ".into(),
            Step::Writing(_, name) => return format!("{name}'s card> "),
            Step::Reopen(_, name) => return format!("Endings, open {name}'s sealed card? y or n> "),
            Step::DealAnyway => return "Endings, deal anyway? y or n> ".into(),
            Step::WhatNext(asking) => return super::next::prompt(asking),
            Step::Stage => {}
        }
        match self.stage() {
            None => "Endings> ".into(),
            Some(ActivityStage::Collecting) => "Endings, collecting cards> ".into(),
            Some(ActivityStage::Dealing) => "Endings, the deal> ".into(),
            Some(ActivityStage::Reading) => self.reading_prompt(),
            Some(ActivityStage::Celebrating | ActivityStage::Finished) => "Endings, celebration> ".into(),
        }
    }

    fn where_(&self, ctx: &Ctx) -> String {
        let what = match (&self.step, self.stage()) {
            (Step::Writing(_, name), _) => format!("writing {name}'s card"),
            (_, None) => "no activity in progress".into(),
            (_, Some(ActivityStage::Reading)) => self.reading_where(),
            (_, Some(stage)) => stage.label().to_string(),
        };
        format!("You are in endings for {}: {what}.", ctx.group_name())
    }

    fn help(&self) -> Vec<String> {
        self.help_lines()
    }

    fn wants_text(&self) -> bool {
        match &self.step {
            Step::Writing(..) => true,
            Step::WhatNext(asking) => super::next::wants_text(asking),
            _ => false,
        }
    }

    fn secret(&self) -> bool {
        matches!(self.step, Step::Writing(..))
    }

    fn leave_text(&mut self, ctx: &mut Ctx) {
        match std::mem::replace(&mut self.step, Step::Stage) {
            Step::Writing(..) => ctx.say("Left without saving; the card is as it was."),
            _ => ctx.say("Nothing was changed."),
        }
    }

    fn text(&mut self, ctx: &mut Ctx, line: &str) -> Go {
        match std::mem::replace(&mut self.step, Step::Stage) {
            Step::Writing(author, name) => self.seal(ctx, author, name, line),
            Step::WhatNext(asking) => {
                if let Some(v) = &self.view {
                    let id = v.activity.id;
                    if let Some(asking) = super::next::text(ctx, id, asking, line) {
                        self.step = Step::WhatNext(asking);
                    }
                }
            }
            other => self.step = other,
        }
        Go::Stay
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match std::mem::replace(&mut self.step, Step::Stage) {
            Step::Stage => {}
            Step::WhatNext(_) => {
                if let Some(asking) = super::next::choose(ctx, &input) {
                    self.step = Step::WhatNext(asking);
                }
                return Go::Stay;
            }
            Step::Reopen(author, name) => {
                match yes_no(&input) {
                    Some(true) => self.start_writing(ctx, author, name, true),
                    Some(false) => ctx.say("The card stays sealed."),
                    None => {
                        ctx.say(format!("Type y if you are {name}, or n to leave the card sealed."));
                        self.step = Step::Reopen(author, name);
                    }
                }
                return Go::Stay;
            }
            Step::DealAnyway => {
                match yes_no(&input) {
                    Some(true) => self.deal(ctx),
                    Some(false) => ctx.say("Nothing was dealt."),
                    None => {
                        ctx.say("Type y to deal, or n to wait for the missing cards.");
                        self.step = Step::DealAnyway;
                    }
                }
                return Go::Stay;
            }
            wizard => {
                self.step = wizard;
                self.new_activity(ctx, input);
                return Go::Stay;
            }
        }
        if let Input::Word { word, rest } = &input
            && word == "new"
            && rest.is_empty()
            && matches!(self.stage(), None | Some(ActivityStage::Celebrating | ActivityStage::Finished))
        {
            ctx.say("A new moving on with positivity activity. How will you meet? 1. face to face; 2. online.");
            self.step = Step::NewMode;
            return Go::Stay;
        }
        if matches!(input, Input::Back) {
            return Go::To(Area::Main);
        }
        if let Input::Word { word, rest } = &input
            && rest.is_empty()
            && matches!(self.stage(), Some(ActivityStage::Dealing | ActivityStage::Reading))
            && let Some(go) = self.rooms(ctx, word)
        {
            return go;
        }
        match self.stage() {
            None => ctx.unknown(&input),
            Some(ActivityStage::Collecting) => self.collecting(ctx, input),
            Some(ActivityStage::Dealing) => self.dealing(ctx, input),
            Some(ActivityStage::Reading) => self.reading(ctx, input),
            Some(ActivityStage::Celebrating | ActivityStage::Finished) => self.celebrating(ctx, input),
        }
    }
}

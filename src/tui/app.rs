//! The state of the console and the one place actions are applied.

mod background;
mod elsewhere;
mod handoff;
mod mouse;
mod read_ahead;
mod tour;

use std::cell::Cell;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::{Position, Rect};

use super::Tab;
use super::keys::{self, Action, Context};
use super::panes::agreement::AgreementPane;
use super::panes::endings::EndingsPane;
use super::panes::roster::RosterPane;
use super::panes::size::SizePane;
use super::panes::{Answer, Next, Pane};
use super::switcher::{self, Switcher};
use super::theme::Theme;
use super::widgets::confirm::Confirm;
use super::widgets::editor::{Editor, EditorOutcome};
use super::widgets::form::{Form, FormOutcome};
use crate::domain::{Group, GroupId};
use crate::usecase::Circle;

/// What every pane may read and change: the use cases, the day, the open
/// group, and the message in the footer.
pub struct Ctx {
    pub circle: Circle,
    pub today: NaiveDate,
    pub group: Option<Group>,
    pub theme: Theme,
    /// How days are written (from the settings).
    pub dates: crate::present::DateStyle,
    pub reduced_motion: bool,
    pub flash: Option<Flash>,
    /// A fixed time for tests; the console reads the clock.
    pub clock: Option<chrono::DateTime<chrono::Utc>>,
    /// A fixed seed for tests; the console draws a fresh one each time.
    pub fixed_seed: Option<u64>,
    /// The day of a speaking round still running in the group, said in the
    /// header until it is ended.
    pub round_running: Option<NaiveDate>,
}

pub struct Flash {
    pub text: String,
    pub error: bool,
}

impl Ctx {
    pub fn info(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash { text: text.into(), error: false });
    }

    pub fn error(&mut self, text: impl std::fmt::Display) {
        self.flash = Some(Flash { text: text.to_string(), error: true });
    }

    pub fn group_id(&self) -> Option<GroupId> {
        self.group.as_ref().map(|g| g.id)
    }

    /// Re-reads the open group after its settings changed.
    pub fn refresh_group(&mut self) {
        if let Some(id) = self.group_id() {
            match self.circle.group(id) {
                Ok(group) => self.group = Some(group),
                Err(e) => self.error(e),
            }
        }
    }

    /// Now, for speaking timers (stored as start times, so a restart resumes).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.unwrap_or_else(chrono::Utc::now)
    }

    /// A fresh seed for a deal or a shuffle. The console draws it here, so
    /// the use cases stay deterministic for a given seed.
    pub fn seed(&self) -> u64 {
        self.fixed_seed.unwrap_or_else(rand::random::<u64>)
    }
}

/// The tab to open on: the endings activity when one is in progress (so a
/// closed laptop resumes it), else the tab the console was closed on.
fn first_tab(ctx: &Ctx) -> Tab {
    let in_progress = ctx.group_id().and_then(|g| ctx.circle.activity_in_progress(g).ok().flatten());
    if in_progress.is_some() {
        return Tab::Endings;
    }
    let remembered = ctx.circle.remembered_tab().ok().flatten();
    Tab::ALL.into_iter().find(|t| Some(t.title()) == remembered.as_deref()).unwrap_or(Tab::Roster)
}

/// A dialog over the panes; it takes every key while open.
pub enum Modal {
    /// The keys of the pane, scrolled down by this many rows.
    Help(u16),
    /// The tour on a new database, at this page.
    Tour(u8),
    Switcher(Switcher),
    Form(Form, Purpose),
    Confirm(Confirm, Purpose),
    Editor(Box<Editor>, Purpose),
}

/// Which code a dialog's answer goes back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Group(switcher::GroupPurpose),
    Roster(super::panes::roster::RosterPurpose),
    Size(super::panes::size::SizePurpose),
    Agreement(super::panes::agreement::AgreementPurpose),
    Endings(super::panes::endings::EndingsPurpose),
}

pub struct App {
    pub ctx: Ctx,
    pub tab: Tab,
    pub modal: Option<Modal>,
    /// Dialogs under the open one, waiting for its answer: Esc on a
    /// question goes back to the dialog that raised it.
    stack: Vec<Modal>,
    /// Ctrl-C was pressed once with typing that would be lost.
    quit_armed: bool,
    /// A text waiting to be edited in `$EDITOR` by the runner, which owns
    /// the terminal.
    external: Option<(String, Purpose)>,
    /// A text waiting to be put on the clipboard by the runner.
    clipboard: Option<String>,
    /// Whether clicks and the wheel are taken (the runner asks the terminal
    /// for them); off leaves the mouse to the terminal's own selection.
    pub mouse: bool,
    /// The number and size of the last frame drawn, for the mouse.
    last_frame: Cell<(usize, Rect)>,
    /// Where and when the last click was, to notice a double click.
    last_click: Option<(Position, chrono::DateTime<chrono::Utc>)>,
    /// The data's revision when each tab last read it: coming back to a tab
    /// with nothing changed reads nothing.
    loaded: [Option<(i64, u64)>; Tab::COUNT],
    /// The tabs' first readings, made after the first frame.
    ahead: read_ahead::Ahead,
    /// The daily backup, while it runs beside the console.
    backup: Option<crate::usecase::daily_backup::Running>,
    pub roster: RosterPane,
    pub size: SizePane,
    pub agreement: AgreementPane,
    pub endings: EndingsPane,
    quit: bool,
}

impl App {
    /// Opens the console state: the group used last, or the first one, or
    /// the "create your first group" form on an empty database.
    pub fn new(circle: Circle, today: NaiveDate, theme: Theme) -> App {
        let mut ctx = Ctx {
            circle,
            today,
            group: None,
            theme,
            dates: crate::present::DateStyle::default(),
            reduced_motion: false,
            flash: None,
            clock: None,
            fixed_seed: None,
            round_running: None,
        };
        match ctx.circle.remembered_group().and_then(|id| id.map(|id| ctx.circle.group(id)).transpose()) {
            Ok(group) => ctx.group = group,
            Err(e) => ctx.error(e),
        }
        // A new database starts with the tour, then the first group.
        let modal = ctx.group.is_none().then_some(Modal::Tour(0));
        let tab = first_tab(&ctx);
        let mut app = App {
            ctx,
            tab,
            modal,
            stack: Vec::new(),
            quit_armed: false,
            external: None,
            clipboard: None,
            mouse: true,
            last_frame: Cell::new((0, Rect::default())),
            last_click: None,
            loaded: [None; Tab::COUNT],
            ahead: read_ahead::Ahead::None,
            backup: None,
            roster: RosterPane::default(),
            size: SizePane::default(),
            agreement: AgreementPane::default(),
            endings: EndingsPane::default(),
            quit: false,
        };
        app.reload();
        app
    }

    /// The pane of a tab. This match is where a new tab must be wired.
    pub fn pane(&self, tab: Tab) -> &dyn Pane {
        match tab {
            Tab::Roster => &self.roster,
            Tab::Size => &self.size,
            Tab::Agreement => &self.agreement,
            Tab::Endings => &self.endings,
        }
    }

    fn pane_mut(&mut self, tab: Tab) -> &mut dyn Pane {
        match tab {
            Tab::Roster => &mut self.roster,
            Tab::Size => &mut self.size,
            Tab::Agreement => &mut self.agreement,
            Tab::Endings => &mut self.endings,
        }
    }

    /// The visible pane and the context, split so a pane can change both.
    fn visible(&mut self) -> (&mut dyn Pane, &mut Ctx) {
        let pane: &mut dyn Pane = match self.tab {
            Tab::Roster => &mut self.roster,
            Tab::Size => &mut self.size,
            Tab::Agreement => &mut self.agreement,
            Tab::Endings => &mut self.endings,
        };
        (pane, &mut self.ctx)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// How long the loop may wait before [`App::tick`] is due; `None` to
    /// wait for input alone.
    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        self.pane(self.tab).tick_interval(&self.ctx)
    }

    pub fn tick(&mut self) {
        let (pane, ctx) = self.visible();
        pane.tick(ctx);
    }

    /// Switches the open group and remembers it for next time.
    pub fn open_group(&mut self, id: GroupId) {
        match self.ctx.circle.group(id) {
            Ok(group) => {
                if let Err(e) = self.ctx.circle.remember_group(id) {
                    self.ctx.error(e);
                }
                self.ctx.group = Some(group);
                self.loaded = [None; Tab::COUNT];
                self.roster = RosterPane::default();
                self.endings = EndingsPane::default();
                self.reload();
            }
            Err(e) => self.ctx.error(e),
        }
    }

    /// Re-reads what the visible pane shows.
    pub fn reload(&mut self) {
        let (pane, ctx) = self.visible();
        pane.reload(ctx);
        self.loaded[self.tab.index()] = self.ctx.circle.revision();
        self.ctx.round_running = self.ctx.circle.round_running_in(self.ctx.group_id());
    }

    /// Where keys go now: the open dialog's context, or the pane's.
    pub fn context(&self) -> Context {
        match &self.modal {
            Some(Modal::Help(_)) => Context::Help,
            Some(Modal::Tour(_)) => Context::Tour,
            Some(Modal::Switcher(_)) => Context::Switcher,
            Some(Modal::Form(..)) => Context::Form,
            Some(Modal::Confirm(..)) => Context::Confirm,
            Some(Modal::Editor(..)) => Context::Editor,
            None => self.pane_context(),
        }
    }

    pub fn pane_context(&self) -> Context {
        self.pane(self.tab).context()
    }

    /// Keys and the mouse: the one way input comes in.
    pub fn handle_event(&mut self, event: &Event) {
        let key = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => key,
            Event::Mouse(mouse) if self.mouse => return self.on_mouse(mouse),
            _ => return,
        };
        self.fresh_input();
        if keys::lookup(Context::Form, key) != Some(Action::ForceQuit) {
            self.quit_armed = false;
        }
        if self.modal.is_some() {
            self.on_modal_key(key, event);
            return;
        }
        if self.pane_mut(self.tab).swallow_key() {
            return;
        }
        let context = self.context();
        match keys::lookup(context, key) {
            Some(action) => self.update(action),
            None if context.takes_text() => {
                let (pane, ctx) = self.visible();
                pane.text(event, ctx);
            }
            None => {}
        }
    }

    /// What any key or click does first: the last message goes, and edits
    /// from another console on the same file show, not stale data.
    fn fresh_input(&mut self) {
        self.ctx.flash = None;
        self.look_elsewhere();
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.leave(),
            Action::ForceQuit => self.force_quit(),
            Action::Help => self.modal = Some(Modal::Help(0)),
            Action::Groups => self.modal = Some(Modal::Switcher(Switcher::load(&mut self.ctx))),
            Action::NextTab => self.go_to(self.tab.next()),
            Action::PrevTab => self.go_to(self.tab.prev()),
            Action::GoTab(tab) => self.go_to(tab),
            // The register, the meetings and a speaking round open from any tab.
            Action::Register | Action::StartRound | Action::Meetings if self.tab != Tab::Roster => {
                if self.ctx.group.is_some() {
                    self.go_to(Tab::Roster);
                    self.update(action);
                }
            }
            other => {
                let (pane, ctx) = self.visible();
                let next = pane.update(other, ctx);
                self.follow(next);
            }
        }
    }

    /// Whether typing anywhere (a form, a dialog underneath, a card being
    /// written) would be lost by quitting now.
    fn unsaved(&self) -> bool {
        let dirty = |m: &Modal| match m {
            Modal::Form(form, _) => form.dirty(),
            Modal::Editor(editor, _) => editor.dirty(),
            _ => false,
        };
        self.modal.iter().chain(self.stack.iter()).any(dirty) || self.pane(self.tab).unsaved()
    }

    /// Ctrl-C: quits at once, unless that would lose typing; then it asks
    /// once, and a second Ctrl-C quits.
    fn force_quit(&mut self) {
        if self.unsaved() && !self.quit_armed {
            self.quit_armed = true;
            let key = keys::key_for(Context::Form, Action::ForceQuit);
            self.ctx.info(format!("Press {key} again to quit and lose what you typed, or go on typing."));
            return;
        }
        self.leave();
    }

    /// Quits, remembering the tab for next time.
    fn leave(&mut self) {
        // Losing the tab is no loss worth a message on the way out.
        let _ = self.ctx.circle.remember_tab(self.tab.title());
        self.quit = true;
    }

    fn go_to(&mut self, tab: Tab) {
        self.tab = tab;
        // The day or the group may also have changed; both reset `loaded`.
        let current = self.ctx.circle.revision();
        if (current.is_none() || self.loaded[tab.index()] != current) && !self.take_read_ahead(tab) {
            self.reload();
        }
    }

    /// Carries out what a pane or dialog asked for.
    fn follow(&mut self, next: Next) {
        match next {
            Next::Stay => {}
            Next::Close => {
                self.modal = None;
                self.stack.clear();
                self.reload();
            }
            Next::Open(modal) | Next::Ask(modal) => self.modal = Some(modal),
            Next::Group(id) => {
                self.modal = None;
                self.stack.clear();
                self.open_group(id);
            }
            Next::External(text, purpose) => {
                self.modal = None;
                self.stack.clear();
                self.external = Some((text, purpose));
            }
            Next::Copy { text, what } => self.copy(text, &what),
        }
    }

    fn on_modal_key(&mut self, key: &KeyEvent, event: &Event) {
        let Some(modal) = self.modal.take() else { return };
        let next = match modal {
            Modal::Help(scroll) => match keys::lookup(Context::Help, key) {
                Some(Action::Back) => self.cancel(Modal::Help(scroll)),
                Some(Action::Down) => Next::Open(Modal::Help(scroll.saturating_add(1))),
                Some(Action::Up) => Next::Open(Modal::Help(scroll.saturating_sub(1))),
                _ => Next::Open(Modal::Help(scroll)),
            },
            Modal::Tour(page) => self.on_tour_key(page, key),
            Modal::Switcher(mut switcher) => match keys::lookup(Context::Switcher, key) {
                Some(Action::Back) => self.cancel(Modal::Switcher(switcher)),
                Some(Action::Quit) => {
                    self.leave();
                    Next::Close
                }
                Some(Action::ForceQuit) => {
                    self.force_quit();
                    Next::Open(Modal::Switcher(switcher))
                }
                Some(action) => match switcher.update(action, &mut self.ctx) {
                    Next::Stay => Next::Open(Modal::Switcher(switcher)),
                    // A dialog from the switcher goes back to it on Esc.
                    Next::Open(dialog) | Next::Ask(dialog) => {
                        self.stack.push(Modal::Switcher(switcher));
                        Next::Ask(dialog)
                    }
                    other => other,
                },
                None => Next::Open(Modal::Switcher(switcher)),
            },
            Modal::Form(mut form, purpose) => match form.handle(event) {
                FormOutcome::Editing => Next::Open(Modal::Form(form, purpose)),
                FormOutcome::ForceQuit => {
                    let modal = Modal::Form(form, purpose);
                    self.modal = Some(modal);
                    self.force_quit();
                    Next::Stay
                }
                FormOutcome::Cancel => self.cancel(Modal::Form(form, purpose)),
                FormOutcome::Submit => {
                    form.clear_errors();
                    match self.answer(Answer::Form(&mut form, &purpose)) {
                        Next::Stay => Next::Open(Modal::Form(form, purpose)),
                        Next::Ask(question) => {
                            self.stack.push(Modal::Form(form, purpose));
                            Next::Ask(question)
                        }
                        other => other,
                    }
                }
            },
            Modal::Editor(mut editor, purpose) => match editor.handle(event) {
                EditorOutcome::Editing => {
                    if editor.take_changed() {
                        // Drafts are saved as they are typed.
                        let _ = self.answer(Answer::Edited(&mut editor, &purpose));
                    }
                    Next::Open(Modal::Editor(editor, purpose))
                }
                EditorOutcome::ForceQuit => {
                    self.modal = Some(Modal::Editor(editor, purpose));
                    self.force_quit();
                    Next::Stay
                }
                EditorOutcome::Cancel => self.cancel(Modal::Editor(editor, purpose)),
                EditorOutcome::Save => {
                    editor.message = None;
                    match self.answer(Answer::Text(&mut editor, &purpose)) {
                        Next::Stay => Next::Open(Modal::Editor(editor, purpose)),
                        other => other,
                    }
                }
            },
            Modal::Confirm(mut confirm, purpose) => match keys::lookup(Context::Confirm, key) {
                Some(Action::Back) => self.cancel(Modal::Confirm(confirm, purpose)),
                Some(Action::ForceQuit) => {
                    self.modal = Some(Modal::Confirm(confirm, purpose));
                    self.force_quit();
                    Next::Stay
                }
                Some(Action::Submit) if confirm.ready() => match self.answer(Answer::Confirmed(&purpose)) {
                    Next::Stay => Next::Open(Modal::Confirm(confirm, purpose)),
                    Next::Ask(question) => {
                        self.stack.push(Modal::Confirm(confirm, purpose));
                        Next::Ask(question)
                    }
                    other => other,
                },
                Some(Action::Submit) => Next::Open(Modal::Confirm(confirm, purpose)),
                _ => {
                    confirm.handle_text(event);
                    Next::Open(Modal::Confirm(confirm, purpose))
                }
            },
        };
        self.follow(next);
    }

    /// Esc on a dialog: nothing is saved, and the dialog that raised it
    /// (if any) comes back as it was. The first-group form cannot be
    /// closed, since the console has nothing to show without a group.
    fn cancel(&mut self, modal: Modal) -> Next {
        if let Modal::Form(_, Purpose::Group(switcher::GroupPurpose::FirstGroup)) = &modal {
            let quit = keys::key_for(Context::Form, Action::ForceQuit);
            self.ctx.info(format!("circle needs a group to work with. Press {quit} to leave."));
            return Next::Open(modal);
        }
        match self.stack.pop() {
            Some(beneath) => Next::Open(beneath),
            None => Next::Close,
        }
    }

    /// An answer goes back to whoever opened the dialog.
    fn answer(&mut self, answer: Answer<'_>) -> Next {
        let purpose = match &answer {
            Answer::Form(_, p)
            | Answer::Confirmed(p)
            | Answer::Text(_, p)
            | Answer::Edited(_, p)
            | Answer::External(_, p) => *p,
        };
        match purpose {
            Purpose::Group(p) => match answer {
                Answer::Form(form, _) => switcher::submit(form, p, &mut self.ctx),
                _ => Next::Close,
            },
            Purpose::Roster(_) => self.roster.answer(answer, &mut self.ctx),
            Purpose::Size(_) => self.size.answer(answer, &mut self.ctx),
            Purpose::Agreement(_) => self.agreement.answer(answer, &mut self.ctx),
            Purpose::Endings(_) => self.endings.answer(answer, &mut self.ctx),
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        self.last_frame.set((frame.count(), frame.area()));
        super::chrome::render(self, frame);
        self.ctx.theme.paint(frame.buffer_mut());
    }
}

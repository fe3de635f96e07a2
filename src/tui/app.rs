//! The state of the console and the one place actions are applied.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Tab;
use super::keys::{self, Action, Context};
use super::panes::{agreement::AgreementPane, endings::EndingsPane, roster::RosterPane, size::SizePane};
use super::switcher::{self, Switcher};
use super::theme::Theme;
use super::widgets::confirm::Confirm;
use super::widgets::form::{Form, FormOutcome};
use super::widgets::{self, centered, fit};
use crate::domain::Group;
use crate::domain::GroupId;
use crate::store::Store;

/// The smallest window the layout works in; below it a plain message asks
/// for a larger window.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

const CURRENT_GROUP: &str = "current_group";

/// What every pane may read and change: the store, the day, the open group.
pub struct Ctx {
    pub store: Store,
    pub today: NaiveDate,
    pub group: Option<Group>,
    pub theme: Theme,
    pub reduced_motion: bool,
    pub flash: Option<Flash>,
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
            match self.store.group(id) {
                Ok(group) => self.group = Some(group),
                Err(e) => self.error(e),
            }
        }
    }
}

/// A dialog over the panes; it takes every key while open.
pub enum Modal {
    /// The keys of the pane, scrolled down by this many rows.
    Help(u16),
    Switcher(Switcher),
    Form(Form, Purpose),
    Confirm(Confirm, Purpose),
}

/// Which code a dialog's answer goes back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Group(switcher::GroupPurpose),
    Roster(super::panes::roster::RosterPurpose),
    Endings(super::panes::endings::EndingsPurpose),
}

/// What a pane asks the app to do with the dialog after an answer. Short
/// lived, so the size of a dialog inside it does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Next {
    Close,
    Stay,
    Open(Modal),
}

pub struct App {
    pub ctx: Ctx,
    pub tab: Tab,
    pub modal: Option<Modal>,
    pub roster: RosterPane,
    pub size: SizePane,
    pub agreement: AgreementPane,
    pub endings: EndingsPane,
    quit: bool,
}

impl App {
    /// Opens the console state on a store: the group used last, or the first
    /// one, or the "create your first group" form on an empty database.
    pub fn new(store: Store, today: NaiveDate, theme: Theme) -> App {
        let mut ctx = Ctx { store, today, group: None, theme, reduced_motion: false, flash: None };
        let remembered = ctx.store.setting(CURRENT_GROUP).ok().flatten().and_then(|v| v.parse::<i64>().ok());
        let groups = ctx.store.groups().unwrap_or_default();
        ctx.group =
            remembered.and_then(|id| groups.iter().find(|g| g.id.0 == id).cloned()).or_else(|| groups.first().cloned());
        let modal = ctx.group.is_none().then(switcher::first_group_form);
        let mut app = App {
            ctx,
            tab: Tab::Roster,
            modal,
            roster: RosterPane::default(),
            size: SizePane::default(),
            agreement: AgreementPane::default(),
            endings: EndingsPane::default(),
            quit: false,
        };
        app.reload();
        app
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// How long the loop may wait before [`App::tick`] is due; `None` to
    /// wait for input alone.
    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        match self.tab {
            Tab::Endings => self.endings.tick_interval(),
            _ => None,
        }
    }

    pub fn tick(&mut self) {
        if self.tab == Tab::Endings {
            self.endings.tick(&mut self.ctx);
        }
    }

    /// Switches the open group and remembers it for next time.
    pub fn open_group(&mut self, id: GroupId) {
        match self.ctx.store.group(id) {
            Ok(group) => {
                if let Err(e) = self.ctx.store.set_setting(CURRENT_GROUP, &id.0.to_string()) {
                    self.ctx.error(e);
                }
                self.ctx.group = Some(group);
                self.roster = RosterPane::default();
                self.endings = EndingsPane::default();
                self.reload();
            }
            Err(e) => self.ctx.error(e),
        }
    }

    /// Re-reads what the visible pane shows.
    pub fn reload(&mut self) {
        let ctx = &mut self.ctx;
        match self.tab {
            Tab::Roster => self.roster.reload(ctx),
            Tab::Size => self.size.reload(ctx),
            Tab::Agreement => self.agreement.reload(ctx),
            Tab::Endings => self.endings.reload(ctx),
        }
    }

    pub fn context(&self) -> Context {
        match &self.modal {
            Some(Modal::Help(_)) => Context::Help,
            Some(Modal::Switcher(_)) => Context::Switcher,
            Some(Modal::Form(..)) => Context::Form,
            Some(Modal::Confirm(..)) => Context::Confirm,
            None => match self.tab {
                Tab::Roster => self.roster.context(),
                Tab::Size => Context::Size,
                Tab::Agreement => Context::Agreement,
                Tab::Endings => self.endings.context(),
            },
        }
    }

    pub fn handle_event(&mut self, event: &Event) {
        let Event::Key(key) = event else { return };
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.ctx.flash = None;
        if self.modal.is_some() {
            self.on_modal_key(key, event);
            return;
        }
        if self.tab == Tab::Endings && self.endings.animating() {
            self.endings.skip_animation();
            return;
        }
        let context = self.context();
        match keys::lookup(context, key) {
            Some(action) => self.update(action),
            None if context == Context::Search => {
                let ctx = &mut self.ctx;
                self.roster.on_search_text(event, ctx);
            }
            None if context == Context::Card => self.endings.on_writer_text(event),
            None => {}
        }
    }

    /// Applies one action; actions that follow from it are applied in turn.
    pub fn update(&mut self, action: Action) {
        let mut next = Some(action);
        while let Some(action) = next.take() {
            next = self.apply(action);
        }
    }

    fn apply(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Quit | Action::ForceQuit => self.quit = true,
            Action::Help => self.modal = Some(Modal::Help(0)),
            Action::Groups => {
                self.modal = Some(Modal::Switcher(Switcher::load(&mut self.ctx)));
            }
            Action::NextTab => return Some(Action::GoTab(self.tab.next())),
            Action::PrevTab => return Some(Action::GoTab(self.tab.prev())),
            Action::GoTab(tab) => {
                self.tab = tab;
                self.reload();
            }
            other => {
                let ctx = &mut self.ctx;
                let modal = match self.tab {
                    Tab::Roster => self.roster.update(other, ctx),
                    Tab::Size => self.size.update(other, ctx),
                    Tab::Agreement => self.agreement.update(other, ctx),
                    Tab::Endings => self.endings.update(other, ctx),
                };
                if modal.is_some() {
                    self.modal = modal;
                }
            }
        }
        None
    }

    fn on_modal_key(&mut self, key: &KeyEvent, event: &Event) {
        let Some(modal) = self.modal.take() else { return };
        let next = match modal {
            Modal::Help(scroll) => match keys::lookup(Context::Help, key) {
                Some(Action::Back) => Next::Close,
                Some(Action::Down) => Next::Open(Modal::Help(scroll.saturating_add(1))),
                Some(Action::Up) => Next::Open(Modal::Help(scroll.saturating_sub(1))),
                _ => Next::Open(Modal::Help(scroll)),
            },
            Modal::Switcher(mut switcher) => match keys::lookup(Context::Switcher, key) {
                Some(Action::Back) => Next::Close,
                Some(Action::Quit) | Some(Action::ForceQuit) => {
                    self.quit = true;
                    Next::Close
                }
                Some(action) => match switcher.update(action, &mut self.ctx) {
                    switcher::Outcome::Stay => Next::Open(Modal::Switcher(switcher)),
                    switcher::Outcome::Open(id) => {
                        self.open_group(id);
                        Next::Close
                    }
                    switcher::Outcome::Dialog(modal) => Next::Open(modal),
                },
                None => Next::Open(Modal::Switcher(switcher)),
            },
            Modal::Form(mut form, purpose) => match form.handle(event) {
                FormOutcome::Editing => Next::Open(Modal::Form(form, purpose)),
                FormOutcome::ForceQuit => {
                    self.quit = true;
                    Next::Close
                }
                FormOutcome::Cancel => self.cancel(Modal::Form(form, purpose)),
                FormOutcome::Submit => {
                    form.clear_errors();
                    match self.submit_form(&mut form, &purpose) {
                        Next::Stay => Next::Open(Modal::Form(form, purpose)),
                        other => other,
                    }
                }
            },
            Modal::Confirm(mut confirm, purpose) => match keys::lookup(Context::Confirm, key) {
                Some(Action::Back) => Next::Close,
                Some(Action::ForceQuit) => {
                    self.quit = true;
                    Next::Close
                }
                Some(Action::Submit) if confirm.ready() => match self.confirmed(&purpose) {
                    Next::Stay => Next::Open(Modal::Confirm(confirm, purpose)),
                    other => other,
                },
                Some(Action::Submit) => Next::Open(Modal::Confirm(confirm, purpose)),
                _ => {
                    confirm.handle_text(event);
                    Next::Open(Modal::Confirm(confirm, purpose))
                }
            },
        };
        match next {
            Next::Close => {
                self.modal = None;
                self.reload();
            }
            Next::Stay => {}
            Next::Open(modal) => self.modal = Some(modal),
        }
    }

    /// Esc on a form: nothing is saved. The first-group form cannot be
    /// closed, since the console has nothing to show without a group.
    fn cancel(&mut self, modal: Modal) -> Next {
        if let Modal::Form(_, Purpose::Group(switcher::GroupPurpose::FirstGroup)) = &modal {
            self.ctx.info("circle needs a group to work with. Press Ctrl-C to leave.");
            return Next::Open(modal);
        }
        Next::Close
    }

    fn submit_form(&mut self, form: &mut Form, purpose: &Purpose) -> Next {
        let ctx = &mut self.ctx;
        match purpose {
            Purpose::Group(p) => match switcher::submit(form, p, ctx) {
                switcher::Submitted::Invalid => Next::Stay,
                switcher::Submitted::Saved => Next::Close,
                switcher::Submitted::Opened(id) => {
                    self.open_group(id);
                    Next::Close
                }
            },
            Purpose::Roster(p) => self.roster.submit(form, p, ctx),
            Purpose::Endings(p) => self.endings.submit(form, p, ctx),
        }
    }

    fn confirmed(&mut self, purpose: &Purpose) -> Next {
        let ctx = &mut self.ctx;
        match purpose {
            Purpose::Group(_) => Next::Close,
            Purpose::Roster(p) => self.roster.confirmed(p, ctx),
            Purpose::Endings(p) => self.endings.confirmed(p, ctx),
        }
    }

    pub fn render(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let theme = self.ctx.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(frame, area, &theme);
            return;
        }
        let [header, tabs, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_header(frame, header);
        self.render_tabs(frame, tabs);
        if self.ctx.group.is_some() {
            let ctx = &self.ctx;
            match self.tab {
                Tab::Roster => self.roster.render(frame, body, ctx),
                Tab::Size => self.size.render(frame, body, ctx),
                Tab::Agreement => self.agreement.render(frame, body, ctx),
                Tab::Endings => self.endings.render(frame, body, ctx),
            }
        } else {
            render_welcome(frame, body, &theme);
        }
        self.render_footer(frame, footer);
        match &self.modal {
            Some(Modal::Help(scroll)) => {
                let (name, guidance) = self.help_text();
                widgets::help::render(frame, area, self.pane_context(), name, guidance, *scroll, &theme);
            }
            Some(Modal::Switcher(s)) => s.render(frame, body, &self.ctx),
            Some(Modal::Form(form, _)) => form.render(frame, body, &theme),
            Some(Modal::Confirm(confirm, _)) => confirm.render(frame, body, &theme),
            None => {}
        }
    }

    fn pane_context(&self) -> Context {
        match self.tab {
            Tab::Roster => self.roster.context(),
            Tab::Size => Context::Size,
            Tab::Agreement => Context::Agreement,
            Tab::Endings => self.endings.context(),
        }
    }

    fn help_text(&self) -> (&'static str, &'static str) {
        match self.tab {
            Tab::Roster if self.roster.register.is_some() => ("Register", super::panes::register::GUIDANCE),
            Tab::Roster => ("Roster", super::panes::roster::GUIDANCE),
            Tab::Size => ("Size health", super::panes::size::GUIDANCE),
            Tab::Agreement => ("Agreement", super::panes::agreement::GUIDANCE),
            Tab::Endings => ("Endings", super::panes::endings::GUIDANCE),
        }
    }

    fn render_header(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.ctx.theme;
        let date = self.ctx.today.format("%a %-d %b %Y").to_string();
        let name = self.ctx.group.as_ref().map_or("no group yet".to_string(), |g| g.name.clone());
        let room = (area.width as usize).saturating_sub(date.len() + 12);
        let left = Line::from(vec![
            Span::styled(" circle", theme.title()),
            Span::styled(" · ", theme.dim()),
            Span::styled(fit(&name, room), theme.normal()),
        ]);
        frame.render_widget(Paragraph::new(left), area);
        frame.render_widget(Paragraph::new(format!("{date} ")).right_aligned(), area);
    }

    fn render_tabs(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.ctx.theme;
        let narrow = area.width < 62;
        let mut spans = vec![Span::raw(" ")];
        for tab in Tab::ALL {
            let style = if tab == self.tab { theme.active_tab() } else { theme.dim() };
            let title = if narrow { tab.short_title() } else { tab.title() };
            spans.push(Span::styled(format!("{} {title}", tab.index() + 1), style));
            spans.push(Span::raw(if narrow { "  " } else { "   " }));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_footer(&self, frame: &mut Frame, area: Rect) {
        let theme = &self.ctx.theme;
        let line = match &self.ctx.flash {
            Some(flash) => Line::styled(
                format!(" {}", fit(&flash.text, area.width.saturating_sub(1) as usize)),
                if flash.error { theme.error() } else { theme.good() },
            ),
            None => {
                // When the hints do not all fit, the pane's last ones give
                // way first, then the group key, so help and quit always show.
                let all = keys::footer_hints(self.context());
                let own = all.iter().take_while(|(k, _)| k != "?").count();
                let (mut pane, mut global) = (all[..own].to_vec(), all[own..].to_vec());
                let width = |h: &[(String, &str)]| {
                    h.iter().map(|(k, d)| k.chars().count() + d.chars().count() + 3).sum::<usize>()
                };
                while width(&pane) + width(&global) > area.width as usize {
                    if pane.pop().is_none() && (global.len() <= 2 || global.pop().is_none()) {
                        break;
                    }
                }
                pane.extend(global);
                let hints = pane;
                let mut line = widgets::hints_line(&hints, theme);
                line.spans.insert(0, Span::raw(" "));
                line
            }
        };
        frame.render_widget(Paragraph::new(line), area);
    }
}

fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!("Make the window larger to use circle (at least {MIN_WIDTH}×{MIN_HEIGHT}).");
    let lines = (text.len() as u16).div_ceil(area.width.max(1));
    let y = area.y + area.height.saturating_sub(lines) / 2;
    let rect = Rect { x: area.x, y, width: area.width, height: area.height - (y - area.y) };
    frame.render_widget(Paragraph::new(text).style(theme.warn()).centered().wrap(Wrap { trim: true }), rect);
}

fn render_welcome(frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = centered(area, 60, 3);
    frame.render_widget(Paragraph::new("Welcome to circle.").style(theme.title()).centered().block(Block::new()), rect);
}

//! The group agreement (its rules are in `domain::agreement`): the current
//! version section by section with the relationship questions beside the
//! sections they belong to; a draft written in place or in `$EDITOR`, saved
//! as it is typed; adopting it as the next version; what changed between
//! versions; who agreed to which; a read-aloud view; export to Markdown.

mod drafts;
mod signups_list;
mod views;

use std::cell::Cell;
use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Answer, ListCursor, Next, Pane, Point};
use crate::domain::MemberId;
use crate::domain::agreement::DiffLine;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::switcher::show_error;
use crate::tui::widgets::form::Form;
use crate::usecase::agreement::{AgreementOverview, Signer};

pub const GUIDANCE: &str = "The group agreement: its values, purpose and boundaries, and the group's own answers \
on how members relate to each other, work together, and resolve difficulties. Every member signs up to it when \
they join; when it changes, a new version is adopted and everyone agrees again. Changes are written in a draft, \
saved as you type, and only become the agreement when adopted.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementPurpose {
    Draft,
    Adopt,
    /// Adopting a draft that still holds the template's blanks, asked first.
    AdoptUnfinished,
    /// Taking what `$EDITOR` saved, asked first (it failed, or emptied it).
    KeepEdited(String),
    Signups(Vec<MemberId>),
    /// Some of them are not marked present that day: yes records anyway.
    SignupsAnyway(Vec<MemberId>, chrono::NaiveDate),
    /// Take back someone's sign-up to this version.
    Withdraw(MemberId, u32),
    Export(u32),
    DiscardDraft,
}

/// What the pane shows. A diff's `to` is its newer side: a version, or
/// the draft (`None`).
enum View {
    Document,
    Versions(ListCursor),
    Diff { title: String, lines: Vec<DiffLine>, to: Option<u32> },
    Signups { signers: Vec<Signer>, chosen: HashSet<MemberId>, cursor: ListCursor },
    ReadAloud { page: usize },
}

pub struct AgreementPane {
    overview: AgreementOverview,
    /// The version being read; `None` for the current one.
    showing: Option<u32>,
    view: View,
    scroll: u16,
    /// How far the text can scroll, found when it was last drawn.
    max_scroll: Cell<u16>,
    failed: Option<String>,
    /// A draft was started from the current version for the editor just
    /// opened: if it comes back unchanged, there is nothing to keep.
    fresh_draft: bool,
    /// The draft as the editor last saw it saved, so a save made meanwhile
    /// by another console is noticed rather than overwritten.
    draft_seen: Option<String>,
    /// Another console changed the draft while it was being edited here
    /// (what was said of it): saving as you type waits until the
    /// facilitator saves on purpose, and the words stay in view.
    draft_clash: Option<String>,
}

impl Default for AgreementPane {
    fn default() -> Self {
        AgreementPane {
            overview: AgreementOverview::default(),
            showing: None,
            view: View::Document,
            scroll: 0,
            max_scroll: Cell::new(0),
            failed: None,
            fresh_draft: false,
            draft_seen: None,
            draft_clash: None,
        }
    }
}

impl AgreementPane {
    /// Takes the overview read ahead on another thread, in place of a first
    /// reading. The caller has checked that it is still current.
    pub fn take_read_ahead(&mut self, overview: AgreementOverview) -> bool {
        self.overview = overview;
        self.failed = None;
        true
    }

    /// The text on screen: the version being read, else the current one.
    fn shown(&self) -> Option<&crate::domain::AgreementVersion> {
        match self.showing {
            Some(v) => self.overview.versions.iter().find(|x| x.version == v),
            None => self.overview.current(),
        }
    }

    /// The words on screen: a version's, or while the first agreement is
    /// being written, its draft's, so it can be read (and read aloud)
    /// before it is adopted.
    fn shown_body(&self) -> Option<&str> {
        match self.shown() {
            Some(v) => Some(&v.body),
            None if self.overview.versions.is_empty() => self.overview.draft.as_deref(),
            None => None,
        }
    }

    fn update_document(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        let Some(group) = ctx.group_id() else { return Next::Stay };
        let page = super::PAGE as u16;
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1).min(self.max_scroll.get()),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(page).min(self.max_scroll.get()),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = self.max_scroll.get(),
            Action::Back if self.showing.is_some() => {
                self.showing = None;
                self.scroll = 0;
            }
            Action::FromTemplate => match ctx.circle.start_from_template(group) {
                Ok(()) => {
                    self.reload(ctx);
                    let text = self.overview.draft.clone().unwrap_or_default();
                    return Next::Open(self.editor(&text));
                }
                Err(e) => ctx.info(e.to_string()),
            },
            Action::EditDraft => match ctx.circle.draft_from_current(group) {
                Ok(text) => {
                    self.fresh_draft = self.overview.draft.is_none();
                    return Next::Open(self.editor(&text));
                }
                Err(e) => ctx.error(e),
            },
            Action::EditExternally => match ctx.circle.draft_from_current(group) {
                Ok(text) => {
                    self.fresh_draft = self.overview.draft.is_none();
                    self.draft_seen = Some(text.clone());
                    return Next::External(text, Purpose::Agreement(AgreementPurpose::Draft));
                }
                Err(e) => ctx.error(e),
            },
            Action::Adopt => {
                if self.overview.draft.is_none() {
                    let e = key_for(Context::Agreement, Action::EditDraft);
                    ctx.info(format!("There is no draft to adopt: press {e} to write one."));
                    return Next::Stay;
                }
                let next = self.overview.current().map_or(1, |v| v.version + 1);
                match ctx.circle.unfinished_draft(group) {
                    Ok(parts) if parts.is_empty() => return self.adopt_form(),
                    Ok(parts) => {
                        let question = crate::present::agreement::unfinished_question(&parts, next);
                        let confirm = crate::tui::widgets::confirm::Confirm::new("Not finished yet?", question);
                        let purpose = Purpose::Agreement(AgreementPurpose::AdoptUnfinished);
                        return Next::Open(Modal::Confirm(confirm, purpose));
                    }
                    Err(e) => ctx.error(e),
                }
            }
            Action::Discard if self.overview.draft.is_some() => {
                let confirm = crate::tui::widgets::confirm::Confirm::new(
                    "Discard the draft",
                    "The draft is thrown away; the adopted versions stay as they are.",
                );
                return Next::Open(Modal::Confirm(confirm, Purpose::Agreement(AgreementPurpose::DiscardDraft)));
            }
            Action::ShowDiff => return self.open_diff(ctx, None),
            Action::Copy => return self.copy(self.showing.or(self.overview.current().map(|v| v.version)), ctx),
            Action::Versions => {
                if self.overview.versions.is_empty() {
                    ctx.info("No versions yet.");
                } else {
                    self.view = View::Versions(ListCursor::default());
                }
            }
            Action::SignUps => match ctx.circle.signers(group) {
                Ok(signers) if self.overview.current().is_some() => {
                    self.view = View::Signups { signers, chosen: HashSet::new(), cursor: ListCursor::default() };
                }
                Ok(_) => ctx.info("There is no agreement yet to agree to: adopt one first."),
                Err(e) => ctx.error(e),
            },
            Action::ReadAloud if self.shown_body().is_some() => self.view = View::ReadAloud { page: 0 },
            Action::Export => {
                let Some(v) = self.shown() else { return Next::Stay };
                let path = ctx.circle.default_agreement_path(group, v.version);
                let form = Form::new(format!("Export version {}", v.version))
                    .intro("The agreement as a Markdown file, readable only by you.")
                    .text("path", "Save as", &path.display().to_string());
                return Next::Open(Modal::Form(form, Purpose::Agreement(AgreementPurpose::Export(v.version))));
            }
            _ => {}
        }
        Next::Stay
    }
}

impl Pane for AgreementPane {
    fn context(&self) -> Context {
        match self.view {
            View::Document => Context::Agreement,
            View::Versions(_) => Context::Versions,
            View::Diff { .. } => Context::Diff,
            View::Signups { .. } => Context::Signups,
            View::ReadAloud { .. } => Context::ReadAloud,
        }
    }

    fn help(&self) -> (&'static str, String) {
        ("Agreement", GUIDANCE.to_string())
    }

    fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.circle.agreement_overview(group) {
            Ok(mut overview) => {
                // Opened to edit and left as it was: not a draft waiting.
                let unchanged =
                    overview.draft.as_ref().is_some_and(|d| overview.current().is_some_and(|v| v.body == *d));
                if std::mem::take(&mut self.fresh_draft) && unchanged && ctx.circle.discard_draft(group).is_ok() {
                    overview.draft = None;
                }
                self.overview = overview;
                self.failed = None;
            }
            Err(e) => self.failed = Some(super::read_failure("agreement", &e)),
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        let back = action == Action::Back;
        let pages = self.shown_body().map_or(0, |body| crate::domain::agreement::read_aloud_pages(body).len());
        match &mut self.view {
            View::Document => return self.update_document(action, ctx),
            View::Versions(cursor) => {
                let n = self.overview.versions.len();
                if cursor.apply(action, n) || !matches!(action, Action::Open | Action::ShowDiff | Action::Back) {
                    return Next::Stay;
                }
                let chosen = self.overview.versions.get(cursor.selected).map(|v| v.version);
                self.view = View::Document;
                match action {
                    Action::Open => {
                        self.showing = chosen.filter(|v| Some(*v) != self.overview.current().map(|c| c.version));
                        self.scroll = 0;
                    }
                    Action::ShowDiff => return self.open_diff(ctx, chosen),
                    _ => {}
                }
            }
            View::Diff { to, .. } => match action {
                Action::Copy => {
                    let to = *to;
                    return self.copy(to, ctx);
                }
                Action::Down => self.scroll = self.scroll.saturating_add(1).min(self.max_scroll.get()),
                Action::Up => self.scroll = self.scroll.saturating_sub(1),
                Action::PageDown => {
                    self.scroll = self.scroll.saturating_add(super::PAGE as u16).min(self.max_scroll.get())
                }
                Action::PageUp => self.scroll = self.scroll.saturating_sub(super::PAGE as u16),
                Action::Top => self.scroll = 0,
                Action::Bottom => self.scroll = self.max_scroll.get(),
                _ if back => {
                    self.view = View::Document;
                    self.scroll = 0;
                }
                _ => {}
            },
            View::Signups { .. } => return self.signups_update(action, ctx),
            View::ReadAloud { page } => match action {
                Action::NextCard | Action::Down => *page = (*page + 1).min(pages.saturating_sub(1)),
                Action::PrevCard | Action::Up => *page = page.saturating_sub(1),
                Action::Top => *page = 0,
                Action::Bottom => *page = pages.saturating_sub(1),
                _ if back => self.view = View::Document,
                _ => {}
            },
        }
        Next::Stay
    }

    fn click(&mut self, point: Point, _ctx: &mut Ctx) -> bool {
        match &mut self.view {
            View::Versions(cursor) => cursor.click(point, self.overview.versions.len()),
            View::Signups { signers, cursor, .. } => cursor.click(point, signers.len()),
            _ => false,
        }
    }

    fn answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
        let Some(group) = ctx.group_id() else { return Next::Close };
        let answer = match self.signups_answer(answer, group, ctx) {
            Ok(next) => {
                self.reload(ctx);
                return next;
            }
            Err(other) => other,
        };
        let next = match answer {
            Answer::Edited(editor, _) => {
                // Saved as it is typed, so a closed laptop keeps it; after a
                // clash, only when saved on purpose.
                match &self.draft_clash {
                    Some(clash) => editor.message = Some(clash.clone()),
                    None => match self.save_draft(ctx, group, &editor.text()) {
                        Ok(()) => editor.mark_saved(),
                        Err(e) => editor.message = Some(e.to_string()),
                    },
                }
                return Next::Stay;
            }
            Answer::Text(editor, _) => match self.save_draft(ctx, group, &editor.text()) {
                Ok(()) => {
                    // Saved on purpose: kept, even as it was.
                    self.fresh_draft = false;
                    let a = key_for(Context::Agreement, Action::Adopt);
                    ctx.info(format!("The draft is saved. Press {a} to adopt it when the group is ready."));
                    Next::Close
                }
                Err(e) => {
                    editor.message = Some(e.to_string());
                    Next::Stay
                }
            },
            Answer::External(result, _) => return self.take_external(ctx, group, result),
            Answer::Confirmed(Purpose::Agreement(AgreementPurpose::KeepEdited(text))) => {
                let text = text.clone();
                if let Some(next) = self.take_edited(ctx, group, text) {
                    return next;
                }
                Next::Close
            }
            Answer::Form(form, Purpose::Agreement(AgreementPurpose::Adopt)) => {
                match ctx.circle.adopt_draft(group, form.value("note"), ctx.today) {
                    Ok(v) => {
                        let s = key_for(Context::Agreement, Action::SignUps);
                        ctx.info(format!("Version {} is adopted. Press {s} to record who agrees to it.", v.version));
                        self.showing = None;
                        Next::Close
                    }
                    Err(e) => {
                        show_error(form, e);
                        Next::Stay
                    }
                }
            }
            Answer::Form(form, Purpose::Agreement(AgreementPurpose::Export(version))) => {
                let typed = form.value("path").trim().to_string();
                if typed.is_empty() {
                    form.set_error("path", "a file name is needed");
                    return Next::Stay;
                }
                let path = crate::usecase::expand_home(&typed);
                let replace = form.armed.as_deref() == Some(typed.as_str());
                match ctx.circle.export_agreement(group, Some(*version), &path, replace) {
                    Ok(()) => {
                        ctx.info(format!("Saved version {version} as Markdown."));
                        Next::Close
                    }
                    Err(crate::usecase::Error::Exists(_)) => {
                        form.armed = Some(typed);
                        let enter = key_for(Context::Form, Action::Submit);
                        form.set_error(
                            "path",
                            format!("That file is already there. Press {enter} again to replace it."),
                        );
                        Next::Stay
                    }
                    Err(e) => {
                        show_error(form, e);
                        Next::Stay
                    }
                }
            }
            Answer::Confirmed(Purpose::Agreement(AgreementPurpose::AdoptUnfinished)) => return self.adopt_form(),
            Answer::Confirmed(Purpose::Agreement(AgreementPurpose::DiscardDraft)) => {
                match ctx.circle.discard_draft(group) {
                    Ok(()) => ctx.info("The draft is discarded."),
                    Err(e) => ctx.error(e),
                }
                Next::Close
            }
            _ => Next::Close,
        };
        self.reload(ctx);
        next
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        if let Some(failed) = &self.failed {
            return super::failure_state(frame, area, failed, theme);
        }
        match &self.view {
            View::Document => views::document(self, frame, area, theme),
            View::Versions(cursor) => views::versions(&self.overview, cursor, frame, area, theme),
            View::Diff { title, lines, .. } => {
                views::diff(title, lines, self.scroll, &self.max_scroll, frame, area, theme)
            }
            View::Signups { signers, chosen, cursor } => {
                let current = self.overview.current().map_or(0, |v| v.version);
                views::signups(signers, chosen, cursor, current, frame, area, ctx)
            }
            View::ReadAloud { page } => views::read_aloud(self.shown_body(), *page, frame, area, theme),
        }
    }
}

//! Writing the agreement: the editor and `$EDITOR`, saving the draft,
//! adopting it, and the changes it makes, for the agreement pane.

use super::{AgreementPane, AgreementPurpose, View};
use crate::domain::GroupId;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::external::{Doubt, Edited};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::Next;
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::form::Form;

impl AgreementPane {
    /// The form that adopts the draft with a note of what changed.
    pub(super) fn adopt_form(&self) -> Next {
        let next = self.overview.current().map_or(1, |v| v.version + 1);
        let form = Form::new(format!("Adopt version {next}")).intro(crate::present::agreement::adopting(next)).text(
            "note",
            "What changed",
            "",
        );
        Next::Open(Modal::Form(form, Purpose::Agreement(AgreementPurpose::Adopt)))
    }

    pub(super) fn editor(&mut self, text: &str) -> Modal {
        self.draft_seen = Some(text.to_string());
        self.draft_clash = None;
        let intro = format!(
            "The draft of the next version, saved as you type. {} keeps it and closes; {} on Agreement adopts it.",
            key_for(Context::Editor, Action::Submit),
            key_for(Context::Agreement, Action::Adopt)
        );
        Modal::Editor(
            Box::new(Editor::new("Agreement draft", intro, text).with_questions()),
            Purpose::Agreement(AgreementPurpose::Draft),
        )
    }

    /// Saves the draft over the one this pane last saw; on a clash, takes
    /// note of the draft as it is now, so saving again keeps this text.
    pub(super) fn save_draft(
        &mut self,
        ctx: &mut Ctx,
        group: crate::domain::GroupId,
        text: &str,
    ) -> crate::usecase::Result<()> {
        match ctx.circle.save_draft(group, self.draft_seen.as_deref(), text) {
            Ok(()) => {
                (self.draft_seen, self.draft_clash) = (Some(text.to_string()), None);
                Ok(())
            }
            Err(e @ crate::usecase::Error::Conflict(_)) => {
                self.draft_seen = ctx.circle.agreement_draft(group).ok().flatten();
                self.draft_clash = Some(e.to_string());
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// Opens the changes: from `from` (or the current version) to the
    /// draft, or to the current version from the one before.
    pub(super) fn open_diff(&mut self, ctx: &mut Ctx, from: Option<u32>) -> Next {
        let Some(group) = ctx.group_id() else { return Next::Stay };
        let current = self.overview.current().map(|v| v.version);
        if current.is_none() && self.overview.draft.is_some() {
            return self.open_template_diff(ctx);
        }
        let (from, to) = match (from, current, &self.overview.draft) {
            (Some(from), Some(cur), _) if from != cur => (from, Some(cur)),
            (_, Some(cur), Some(_)) => (cur, None),
            (_, Some(cur), None) if cur > 1 => (cur - 1, Some(cur)),
            _ => {
                ctx.info("There is nothing to compare yet: the changes show once there are two versions or a draft.");
                return Next::Stay;
            }
        };
        match ctx.circle.agreement_diff(group, from, to) {
            Ok(lines) => {
                let (added, removed) = crate::domain::agreement::diff_summary(&lines);
                let newer = to;
                let to = to.map_or("the draft".to_string(), |v| format!("v{v}"));
                let lines_of = |n: usize| if n == 1 { "1 line".to_string() } else { format!("{n} lines") };
                let title =
                    format!("Changes from v{from} to {to}: {} added, {} taken out", lines_of(added), lines_of(removed));
                self.view = View::Diff { title, lines, to: newer };
                self.scroll = 0;
            }
            Err(e) => ctx.error(e),
        }
        Next::Stay
    }

    /// Saves what came back from `$EDITOR` as the draft; on a clash, opens
    /// it in circle's own editor to be saved on purpose.
    pub(super) fn take_edited(&mut self, ctx: &mut Ctx, group: crate::domain::GroupId, text: String) -> Option<Next> {
        match self.save_draft(ctx, group, &text) {
            Ok(()) => ctx.info("The draft is saved from your editor."),
            Err(e @ crate::usecase::Error::Conflict(_)) => {
                // What was written in the editor stays, in circle's own
                // editor, to be saved on purpose.
                let seen = self.draft_seen.take();
                let Modal::Editor(mut editor, purpose) = self.editor(&text) else { unreachable!() };
                (self.draft_seen, self.draft_clash) = (seen, Some(e.to_string()));
                editor.message = Some(e.to_string());
                return Some(Next::Open(Modal::Editor(editor, purpose)));
            }
            Err(e) => ctx.error(e),
        }
        None
    }

    /// Opens what a first draft changed from the template, so it can be
    /// compared before there is a version to compare it with.
    pub(super) fn open_template_diff(&mut self, ctx: &mut Ctx) -> Next {
        let Some(group) = ctx.group_id() else { return Next::Stay };
        match ctx.circle.draft_against_template(group) {
            Ok(lines) => {
                let (added, removed) = crate::domain::agreement::diff_summary(&lines);
                let lines_of = |n: usize| if n == 1 { "1 line".to_string() } else { format!("{n} lines") };
                let title = format!(
                    "Changes from the template to the draft: {} added, {} taken out",
                    lines_of(added),
                    lines_of(removed)
                );
                self.view = View::Diff { title, lines, to: None };
                self.scroll = 0;
            }
            Err(e) => ctx.error(e),
        }
        Next::Stay
    }

    /// Copies a version's text, or the draft's (`None`, also when there is
    /// no version yet).
    pub(super) fn copy(&self, version: Option<u32>, ctx: &mut Ctx) -> Next {
        match (version.and_then(|v| self.overview.versions.iter().find(|x| x.version == v)), &self.overview.draft) {
            (Some(v), _) => {
                Next::Copy { text: v.body.clone(), what: format!("version {} of the agreement", v.version) }
            }
            (None, Some(draft)) => Next::Copy { text: draft.clone(), what: "the draft of the agreement".into() },
            (None, None) => {
                ctx.info("There is no agreement to copy yet.");
                Next::Stay
            }
        }
    }

    /// What came back from `$EDITOR`: saved, asked about, or said.
    pub(super) fn take_external(&mut self, ctx: &mut Ctx, group: GroupId, result: Result<Edited, String>) -> Next {
        match result {
            Ok(Edited::Changed(text)) => {
                if let Some(next) = self.take_edited(ctx, group, text) {
                    return next;
                }
            }
            Ok(Edited::Doubtful(text, doubt)) => {
                // What the editor saved is kept here, not thrown
                // away with its file, and not taken unasked.
                let (title, question) = match doubt {
                    Doubt::EditorFailed => (
                        "Keep what your editor saved?",
                        "Your editor ended with an error, after the file had been saved with changes. \
                         Keep those changes as the draft?",
                    ),
                    Doubt::Emptied => (
                        "Empty the draft?",
                        "The file came back from your editor empty. Empty the draft too? No keeps the \
                         draft as it was.",
                    ),
                };
                let confirm = crate::tui::widgets::confirm::Confirm::new(title, question);
                let purpose = Purpose::Agreement(AgreementPurpose::KeepEdited(text.clone()));
                return Next::Open(Modal::Confirm(confirm, purpose));
            }
            Ok(Edited::Unchanged) => ctx.info("Nothing changed in the editor; the draft is as it was."),
            Err(message) => ctx.error(message),
        }
        Next::Close
    }
}

//! The promotion checklist: the channels the group tries to reach the
//! people it is for (social media, a website, local radio, partner
//! organisations, word of mouth), each planned or done, with dates and notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::SizePurpose;
use crate::domain::text::{self, display};
use crate::domain::{Channel, ChannelKind, ChannelStatus, NewChannel};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::{Answer, ListCursor, Next, Point};
use crate::tui::switcher::show_error;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;

#[derive(Default)]
pub struct Checklist {
    channels: Vec<Channel>,
    cursor: ListCursor,
    /// The channel to keep the cursor on when the list is read again (it
    /// re-sorts when one is marked done).
    follow: Option<crate::domain::ChannelId>,
}

const STATUSES: [ChannelStatus; 2] = [ChannelStatus::Planned, ChannelStatus::Tried];

fn channel_form(existing: Option<&Channel>, today: chrono::NaiveDate) -> Modal {
    let (kind, name, status, planned, tried, notes) = match existing {
        Some(c) => (
            ChannelKind::ALL.iter().position(|k| *k == c.kind).unwrap_or(0),
            c.name.clone(),
            STATUSES.iter().position(|s| *s == c.status).unwrap_or(0),
            c.planned_on.map(|d| d.to_string()).unwrap_or_default(),
            c.tried_on.map(|d| d.to_string()).unwrap_or_default(),
            c.notes.clone(),
        ),
        None => (0, String::new(), 0, today.to_string(), String::new(), String::new()),
    };
    let form = Form::new(if existing.is_some() { "Edit a channel" } else { "A way to reach people" })
        .choice("kind", "Kind", ChannelKind::ALL, kind)
        .text("name", "Where exactly", &name)
        .choice("status", "Status", &["planned", "done"], status)
        .text("planned", "Planned for", &planned)
        .text("tried", "Done on", &tried)
        .text("notes", "Notes", &notes);
    let purpose = match existing {
        Some(c) => SizePurpose::EditChannel(c.id),
        None => SizePurpose::AddChannel,
    };
    Modal::Form(form, Purpose::Size(purpose))
}

/// The channel typed into the form, or the field at fault.
fn read_form(form: &mut Form) -> Option<NewChannel> {
    let mut date = |key: &'static str| match text::optional_date(form.value(key)) {
        Ok(d) => Some(d),
        Err(e) => {
            form.set_error(key, e.to_string());
            None
        }
    };
    let planned = date("planned")?;
    let tried = date("tried")?;
    Some(NewChannel {
        kind: ChannelKind::ALL[form.selected("kind")],
        name: form.value("name").to_string(),
        status: STATUSES[form.selected("status")],
        planned_on: planned,
        tried_on: tried,
        notes: form.value("notes").to_string(),
    })
}

impl Checklist {
    pub fn reload(&mut self, ctx: &mut Ctx) {
        let Some(group) = ctx.group_id() else { return };
        match ctx.circle.channels(group) {
            Ok(channels) => {
                if let Some(at) = self.follow.take().and_then(|id| channels.iter().position(|c| c.id == id)) {
                    self.cursor.selected = at;
                }
                self.cursor.clamp(channels.len());
                self.channels = channels;
            }
            Err(e) => ctx.error(e),
        }
    }

    pub fn click(&mut self, point: Point) -> bool {
        self.cursor.click(point, self.channels.len())
    }

    fn selected(&self) -> Option<&Channel> {
        self.channels.get(self.cursor.selected)
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Next {
        if self.cursor.apply(action, self.channels.len()) {
            return Next::Stay;
        }
        let Some(group) = ctx.group_id() else { return Next::Stay };
        match action {
            Action::AddChannel => return Next::Open(channel_form(None, ctx.today)),
            Action::EditChannel => {
                if let Some(c) = self.selected() {
                    return Next::Open(channel_form(Some(c), ctx.today));
                }
            }
            Action::ChannelDone => {
                let Some(id) = self.selected().map(|c| c.id) else { return Next::Stay };
                self.follow = Some(id);
                match ctx.circle.toggle_channel_done(group, id, ctx.today) {
                    Ok(true) => ctx.info("Marked done today. Thank you for spreading the word."),
                    Ok(false) => ctx.info("Marked as planned again."),
                    Err(e) => ctx.error(e),
                }
            }
            Action::Copy => match ctx.group.as_ref().and_then(crate::domain::promotion::promotion_text) {
                Some(text) => return Next::Copy { text, what: "the promotion text".into() },
                None => ctx.info(format!(
                    "There is no purpose and values statement to copy yet: press {} on Size health to write one.",
                    key_for(Context::Size, Action::EditPurpose)
                )),
            },
            Action::DeleteChannel => {
                if let Some(c) = self.selected() {
                    let confirm =
                        Confirm::new("Remove a channel", format!("Remove {} from the checklist?", display(&c.name)));
                    return Next::Open(Modal::Confirm(confirm, Purpose::Size(SizePurpose::DeleteChannel(c.id))));
                }
            }
            _ => {}
        }
        Next::Stay
    }

    pub fn answer(&mut self, answer: Answer<'_>, ctx: &mut Ctx) -> Next {
        let Some(group) = ctx.group_id() else { return Next::Close };
        match answer {
            Answer::Confirmed(Purpose::Size(SizePurpose::DeleteChannel(id))) => {
                match ctx.circle.delete_channel(*id) {
                    Ok(()) => ctx.info("Removed from the checklist."),
                    Err(e) => ctx.error(e),
                }
                Next::Close
            }
            Answer::Form(form, Purpose::Size(purpose)) => {
                let Some(NewChannel { kind, name, status, planned_on, tried_on, notes }) = read_form(form) else {
                    return Next::Stay;
                };
                let result = match purpose {
                    SizePurpose::EditChannel(id) => match super::channel(&self.channels, *id) {
                        Some(c) => ctx.circle.update_channel(Channel {
                            kind,
                            name,
                            status,
                            planned_on,
                            tried_on,
                            notes,
                            ..c.clone()
                        }),
                        None => Ok(()),
                    },
                    _ => ctx
                        .circle
                        .add_channel(group, NewChannel { kind, name, status, planned_on, tried_on, notes })
                        .map(|_| ()),
                };
                match result {
                    Ok(()) => {
                        ctx.info("Saved in the promotion checklist.");
                        Next::Close
                    }
                    Err(e) => {
                        show_error(form, e);
                        Next::Stay
                    }
                }
            }
            _ => Next::Close,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        let purpose = ctx.group.as_ref().map_or(String::new(), |g| g.settings.purpose.clone());
        let purpose = if purpose.trim().is_empty() {
            format!(
                "No purpose and values statement yet: press {} on Size health to write one; promotion starts from it.",
                key_for(Context::Size, Action::EditPurpose)
            )
        } else {
            format!("We describe ourselves as: {}", purpose.trim())
        };
        let rows = crate::tui::widgets::wrap(&purpose, area.width.saturating_sub(2) as usize).len().min(5) as u16;
        let [head, statement, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(rows + 1), Constraint::Fill(1)]).areas(area);
        frame.render_widget(Paragraph::new(Line::styled(" Promotion checklist", theme.title())), head);
        frame.render_widget(
            Paragraph::new(crate::domain::text::display_multiline(&purpose))
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            Rect { x: statement.x + 1, width: statement.width.saturating_sub(2), ..statement },
        );
        if self.channels.is_empty() {
            let text = format!(
                "No channels yet. Press {} to add one: social media, a website, local radio, partner organisations \
                 with similar values, or word of mouth.",
                key_for(Context::Promotion, Action::AddChannel)
            );
            return crate::tui::panes::empty_state(frame, list, &text, theme);
        }
        let width = list.width as usize;
        let items: Vec<ListItem> = self
            .channels
            .iter()
            .map(|c| {
                let (mark, style) = match c.status {
                    ChannelStatus::Tried => ("[x] ", theme.good()),
                    ChannelStatus::Planned => ("[ ] ", theme.dim()),
                };
                let when = match (c.status, c.tried_on, c.planned_on) {
                    (ChannelStatus::Tried, Some(d), _) => format!("done {d}"),
                    (_, _, Some(d)) => format!("planned {d}"),
                    _ => String::new(),
                };
                let label = format!("{}: ", c.kind.label());
                let name_width = width.saturating_sub(6 + label.len() + when.len() + 2);
                ListItem::new(Line::from(vec![
                    Span::styled(format!(" {mark}"), style),
                    Span::styled(label, theme.dim()),
                    Span::raw(format!("{}  ", fit(&c.name, name_width))),
                    Span::styled(when, theme.dim()),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list, &mut state);
        self.cursor.drawn(frame, list, state.offset(), 0);
    }
}

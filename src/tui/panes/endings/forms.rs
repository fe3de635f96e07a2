//! The dialogs of the endings activity: starting one, importing cards,
//! exporting rooms and the keepsake, and what comes next for the group.

use super::Open;
use crate::domain::text;
use crate::domain::{ActivityId, CardStyle, EndingMode, GroupStatus, MemberId};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::{Answer, Next};
use crate::tui::switcher::show_error;
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;
use crate::usecase::endings::{Participants, StartActivity, WhatNext};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndingsPurpose {
    /// Whether today's register offers "those present" as participants.
    NewActivity {
        present_today: Vec<MemberId>,
    },
    Reopen(MemberId),
    DealAnyway,
    ImportCards,
    ExportRooms,
    /// Who the rooms CSV left out, and why: read, then closed.
    RoomsSaved,
    Keepsake,
    WhatNext,
}

fn modal(form: Form, purpose: EndingsPurpose) -> Modal {
    Modal::Form(form, Purpose::Endings(purpose))
}

pub fn new_activity(ctx: &mut Ctx) -> Modal {
    let present = ctx.group_id().map(|g| ctx.circle.present_today(g, ctx.today));
    let present_today = match present {
        Some(Ok(p)) => p,
        Some(Err(e)) => {
            ctx.error(e);
            Vec::new()
        }
        None => Vec::new(),
    };
    let who: Vec<String> = if present_today.is_empty() {
        vec!["active members".into()]
    } else {
        vec![format!("present today ({})", present_today.len()), "active members".into()]
    };
    let form = Form::new("Moving on with positivity")
        .intro(
            "Each person writes their most positive experience of the group on a card, \
             then reads someone else's card aloud. You can change who takes part on the next screen.",
        )
        .text("date", "Date", &ctx.today.to_string())
        .choice("mode", "Meeting", EndingMode::ALL, 0)
        .choice("style", "Cards", &["typed here", "paper"], 0)
        .choice("who", "Taking part", &who, 0)
        .toggle("chain", "Chain order", false);
    modal(form, EndingsPurpose::NewActivity { present_today })
}

pub fn import_cards() -> Modal {
    let form = Form::new("Import cards")
        .intro(
            "A text file with one card per block, blocks separated by a blank line, each starting with \
             the author's name and a colon, like:\n  Sam: The evening we all laughed until we cried.",
        )
        .text("path", "File", "");
    modal(form, EndingsPurpose::ImportCards)
}

pub fn export_rooms(open: &Open, ctx: &mut Ctx) -> Modal {
    let path = ctx.circle.default_rooms_path(&open.view.activity);
    let form = Form::new("Export breakout rooms")
        .intro(
            "Writes the rooms as a CSV for Zoom's breakout-room pre-assignment, as plain text (the same \
             name, ending .txt) to paste into the meeting chat, and each reader's card as a private message \
             to send them (ending -cards.txt). Teams and Google Meet take no such CSV: use the chat text to \
             place people there. All are readable only by you.",
        )
        .text("path", "Save as", &path.display().to_string());
    modal(form, EndingsPurpose::ExportRooms)
}

pub fn keepsake(open: &Open, ctx: &mut Ctx) -> Modal {
    let path = ctx.circle.default_keepsake_path(&open.view.activity);
    let form = Form::new("Keepsake")
        .intro("Every experience that was heard, in one Markdown file readable only by you.")
        .text("path", "Save as", &path.display().to_string())
        .toggle("authors", "Name the authors", false);
    modal(form, EndingsPurpose::Keepsake)
}

pub fn what_next(ctx: &Ctx) -> Modal {
    let group = ctx.group.as_ref();
    let now = group.map_or("", |g| g.settings.status.label());
    let successor = group
        .and_then(|g| g.settings.successor)
        .and_then(|id| ctx.circle.group(id).ok())
        .map(|g| g.name)
        .unwrap_or_default();
    let form = Form::new("What comes next")
        .intro(format!(
            "Groups end, pause, or make way for a new one. The group is {now} now; nothing changes unless you save. \
             A successor that does not exist yet is created."
        ))
        .choice("status", "The group", &["stays as it is", "goes dormant", "closes"], 0)
        .text("successor", "Successor group", &successor)
        .text("carry", "What it carries on", "");
    modal(form, EndingsPurpose::WhatNext)
}

fn path_of(form: &mut Form) -> Option<std::path::PathBuf> {
    let typed = form.value("path").trim().to_string();
    if typed.is_empty() {
        form.set_error("path", "a file name is needed");
        return None;
    }
    Some(crate::usecase::expand_home(&typed))
}

/// Takes the answer to one of the activity's dialogs; returns the activity
/// just created, if any.
pub fn answer(open: Option<&mut Open>, answer: Answer<'_>, ctx: &mut Ctx) -> (Next, Option<ActivityId>) {
    let (form, purpose) = match answer {
        Answer::Form(form, Purpose::Endings(p)) => (form, p.clone()),
        Answer::Confirmed(Purpose::Endings(p)) => return (confirmed(open, p.clone(), ctx), None),
        _ => return (Next::Close, None),
    };
    if let EndingsPurpose::NewActivity { present_today } = &purpose {
        return start(form, !present_today.is_empty(), ctx);
    }
    let Some(open) = open else { return (Next::Close, None) };
    let id = open.view.activity.id;
    let result = match purpose {
        EndingsPurpose::ImportCards => path_of(form).map(|path| {
            ctx.circle.import_cards(id, &path).map(|n| {
                ctx.info(format!("Imported {n} sealed card{}.", if n == 1 { "" } else { "s" }));
            })
        }),
        EndingsPurpose::ExportRooms => {
            let Some(path) = path_of(form) else { return (Next::Stay, None) };
            let replace = armed(form);
            match ctx.circle.export_rooms(id, &path, replace) {
                Ok(done) if !done.without_email.is_empty() => {
                    // Each person and why, which a footer line cannot hold.
                    let who: Vec<String> =
                        done.without_email.iter().map(|l| format!("{}: {}", text::display(&l.name), l.why)).collect();
                    let said = format!(
                        "Saved {}. Not in the CSV, to place in their rooms by hand: {}.",
                        file_name(&done.csv),
                        who.join("; ")
                    );
                    let confirm = crate::tui::widgets::confirm::Confirm::new("Rooms saved", said);
                    return (Next::Open(Modal::Confirm(confirm, Purpose::Endings(EndingsPurpose::RoomsSaved))), None);
                }
                Ok(done) => {
                    let name = done.csv.display();
                    ctx.info(match done.cards {
                        Some(_) => format!("Saved {name}, with the chat text and reader cards."),
                        None => format!("Saved {name} and the chat text beside it."),
                    });
                    Some(Ok(()))
                }
                Err(e) => Some(Err(e)),
            }
        }
        EndingsPurpose::Keepsake => path_of(form).map(|path| {
            let replace = armed(form);
            ctx.circle
                .export_keepsake(id, &path, form.on("authors"), replace)
                .map(|()| ctx.info(format!("Keepsake saved as {}.", path.display())))
        }),
        EndingsPurpose::WhatNext => {
            let next = WhatNext {
                status: match form.selected("status") {
                    1 => Some(GroupStatus::Dormant),
                    2 => Some(GroupStatus::Closed),
                    _ => None,
                },
                successor: form.value("successor").to_string(),
                carry: form.value("carry").to_string(),
            };
            Some(ctx.circle.finish_activity(id, &next, ctx.today).map(|said| {
                ctx.refresh_group();
                ctx.info(format!("Saved: {}. Thank you for holding this group.", said.join(", ")));
            }))
        }
        _ => return (Next::Close, None),
    };
    match result {
        None => (Next::Stay, None),
        Some(Ok(())) => (Next::Close, None),
        Some(Err(crate::usecase::Error::Exists(there))) => {
            // Nothing is replaced silently: the same name, saved again, replaces.
            form.armed = Some(form.value("path").trim().to_string());
            let enter = key_for(Context::Form, Action::Submit);
            form.set_error(
                "path",
                format!(
                    "{} is already there. Press {enter} again to replace it, or change the name.",
                    file_name(&there)
                ),
            );
            (Next::Stay, None)
        }
        Some(Err(e)) => {
            show_error(form, e);
            (Next::Stay, None)
        }
    }
}

/// Whether the facilitator already confirmed replacing this very file.
fn armed(form: &Form) -> bool {
    let typed = form.value("path").trim();
    form.armed.as_deref() == Some(typed) && !typed.is_empty()
}

/// A file's name, short enough for a one-line message.
fn file_name(path: &std::path::Path) -> String {
    fit(&path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()), 40)
}

fn start(form: &mut Form, offered_present: bool, ctx: &mut Ctx) -> (Next, Option<ActivityId>) {
    let Some(group) = ctx.group_id() else { return (Next::Close, None) };
    let held_on = match text::date(form.value("date")) {
        Ok(d) => d,
        Err(e) => {
            form.set_error("date", e.to_string());
            return (Next::Stay, None);
        }
    };
    let start = StartActivity {
        held_on,
        mode: EndingMode::ALL[form.selected("mode")],
        card_style: if form.selected("style") == 0 { CardStyle::Typed } else { CardStyle::Paper },
        chain: form.on("chain"),
        participants: if offered_present && form.selected("who") == 0 {
            Participants::PresentToday
        } else {
            Participants::Active
        },
    };
    match ctx.circle.start_activity(group, &start, ctx.today) {
        Ok(a) => {
            let (mark, card) =
                (key_for(Context::Collect, Action::TakesPart), key_for(Context::Collect, Action::WriteCard));
            ctx.info(format!("Started. Mark who takes part with {mark}; {card} opens a person's card."));
            (Next::Close, Some(a.id))
        }
        Err(e) => {
            show_error(form, e);
            (Next::Stay, None)
        }
    }
}

fn confirmed(open: Option<&mut Open>, purpose: EndingsPurpose, ctx: &mut Ctx) -> Next {
    let Some(open) = open else { return Next::Close };
    match purpose {
        EndingsPurpose::Reopen(author) => super::collect::start_writer(open, author),
        EndingsPurpose::DealAnyway => super::deal(open, ctx),
        _ => {}
    }
    Next::Close
}

//! The dialogs of the endings activity: starting one, importing cards,
//! exporting rooms and the keepsake, and what comes next for the group.

use chrono::NaiveDate;

use super::Open;
use crate::domain::endings::{KeepsakeCard, RoomSeat, keepsake_markdown, parse_card_blocks, rooms_csv, rooms_text};
use crate::domain::text::{self, display};
use crate::domain::{ActivityId, ActivityStage, CardStyle, EndingMode, GroupStatus, MemberId, MemberStatus};
use crate::domain::{NewActivity, NewGroup};
use crate::files::{expand_home, export_dir, write_private};
use crate::tui::app::{Ctx, Modal, Next, Purpose};
use crate::tui::widgets::fit;
use crate::tui::widgets::form::Form;

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
    Keepsake,
    WhatNext,
}

fn modal(form: Form, purpose: EndingsPurpose) -> Modal {
    Modal::Form(form, Purpose::Endings(purpose))
}

pub fn new_activity(ctx: &mut Ctx) -> Modal {
    let present_today = ctx
        .group_id()
        .and_then(|g| ctx.store.meeting_on(g, ctx.today).ok().flatten())
        .and_then(|m| ctx.store.attendance(m.id).ok())
        .map(|a| a.into_iter().map(|a| a.member).collect::<Vec<_>>())
        .unwrap_or_default();
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

pub fn export_rooms(open: &Open, _ctx: &mut Ctx) -> Modal {
    let path = export_dir().join(format!("circle-rooms-{}.csv", open.activity.held_on));
    let form = Form::new("Export breakout rooms")
        .intro(
            "Writes the rooms as a CSV for the video-call tool's breakout-room pre-assignment, and as plain \
             text (the same name, ending .txt) to paste into the meeting chat. Both are readable only by you.",
        )
        .text("path", "Save as", &path.display().to_string());
    modal(form, EndingsPurpose::ExportRooms)
}

pub fn keepsake(open: &Open) -> Modal {
    let path = export_dir().join(format!("circle-keepsake-{}.md", open.activity.held_on));
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
        .and_then(|id| ctx.store.group(id).ok())
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
    Some(expand_home(&typed))
}

/// Handles a submitted form; returns the activity just created, if any.
pub fn submit(
    open: Option<&mut Open>,
    form: &mut Form,
    purpose: &EndingsPurpose,
    ctx: &mut Ctx,
) -> (Next, Option<ActivityId>) {
    match purpose {
        EndingsPurpose::NewActivity { present_today } => {
            let Some(group) = ctx.group_id() else { return (Next::Close, None) };
            let held_on: NaiveDate = match text::date(form.value("date")) {
                Ok(d) => d,
                Err(e) => {
                    form.set_error("date", e.to_string());
                    return (Next::Stay, None);
                }
            };
            let participants = if !present_today.is_empty() && form.selected("who") == 0 {
                present_today.clone()
            } else {
                match ctx.store.members_with_status(group, &[MemberStatus::Active]) {
                    Ok(m) => m.into_iter().map(|m| m.id).collect(),
                    Err(e) => {
                        form.message = Some(e.to_string());
                        return (Next::Stay, None);
                    }
                }
            };
            let new = NewActivity {
                held_on,
                mode: EndingMode::ALL[form.selected("mode")],
                card_style: if form.selected("style") == 0 { CardStyle::Typed } else { CardStyle::Paper },
                chain: form.on("chain"),
                participants,
            };
            match ctx.store.create_activity(group, &new) {
                Ok(a) => {
                    ctx.info("Started. Mark who takes part with Space; Enter opens a person's card.");
                    (Next::Close, Some(a.id))
                }
                Err(e) => {
                    form.message = Some(e.to_string());
                    (Next::Stay, None)
                }
            }
        }
        EndingsPurpose::ImportCards => {
            let Some(open) = open else { return (Next::Close, None) };
            let Some(path) = path_of(form) else { return (Next::Stay, None) };
            let content = match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(_) => {
                        form.set_error("path", "that file is not UTF-8 text; nothing was imported");
                        return (Next::Stay, None);
                    }
                },
                Err(e) => {
                    form.set_error("path", format!("cannot read it: {e}"));
                    return (Next::Stay, None);
                }
            };
            let blocks = match parse_card_blocks(&content) {
                Ok(b) => b,
                Err(e) => {
                    form.set_error("path", format!("{e}; nothing was imported"));
                    return (Next::Stay, None);
                }
            };
            // Anyone in the group can have a card read, also someone who
            // has left or is absent today.
            let everyone = match ctx.store.all_members(open.activity.group) {
                Ok(m) => m,
                Err(e) => {
                    form.message = Some(e.to_string());
                    return (Next::Stay, None);
                }
            };
            let mut cards = Vec::new();
            for block in &blocks {
                let wanted = block.author.trim().to_lowercase();
                let matching: Vec<_> =
                    everyone.iter().filter(|m| m.fields.name.trim().to_lowercase() == wanted).collect();
                if matching.len() > 1 {
                    form.set_error(
                        "path",
                        format!(
                            "card {}: more than one person is called {}; nothing was imported",
                            block.block,
                            display(&block.author)
                        ),
                    );
                    return (Next::Stay, None);
                }
                let Some(person) = matching.first() else {
                    form.set_error(
                        "path",
                        format!(
                            "card {}: nobody called {} in this group; nothing was imported",
                            block.block,
                            display(&block.author)
                        ),
                    );
                    return (Next::Stay, None);
                };
                if open.card_of(person.id).is_some() {
                    form.set_error(
                        "path",
                        format!(
                            "card {}: {} already has a card here; nothing was imported",
                            block.block,
                            display(&person.fields.name)
                        ),
                    );
                    return (Next::Stay, None);
                }
                cards.push((person.id, block.text.clone()));
            }
            match ctx.store.import_cards(open.activity.id, &cards) {
                Ok(()) => {
                    ctx.info(format!(
                        "Imported {} sealed card{}.",
                        cards.len(),
                        if cards.len() == 1 { "" } else { "s" }
                    ));
                    (Next::Close, None)
                }
                Err(e) => {
                    form.message = Some(e.to_string());
                    (Next::Stay, None)
                }
            }
        }
        EndingsPurpose::ExportRooms => {
            let Some(open) = open else { return (Next::Close, None) };
            let Some(path) = path_of(form) else { return (Next::Stay, None) };
            let seats: Vec<RoomSeat> = open
                .rooms
                .iter()
                .map(|(room, id)| {
                    let person = open.people.iter().find(|p| p.id == *id);
                    RoomSeat {
                        room: *room,
                        name: person.map_or_else(String::new, |p| p.name.clone()),
                        contact: person.map_or_else(String::new, |p| p.contact.clone()),
                    }
                })
                .collect();
            if seats.is_empty() {
                form.message = Some("There are no rooms: rooms are made when an online activity is dealt.".into());
                return (Next::Stay, None);
            }
            let (csv, missing) = rooms_csv(&seats);
            let text_path = path.with_extension("txt");
            if let Err(e) = write_private(&path, csv.as_bytes())
                .and_then(|()| write_private(&text_path, rooms_text(&seats).as_bytes()))
            {
                form.set_error("path", format!("{e:#}"));
                return (Next::Stay, None);
            }
            let mut message = format!("Saved {} and the chat text beside it.", path.display());
            if !missing.is_empty() {
                let names: Vec<String> = missing.iter().map(|n| display(n).into_owned()).collect();
                message.push_str(&format!(" No email for {}: place them by hand.", names.join(", ")));
            }
            ctx.info(message);
            (Next::Close, None)
        }
        EndingsPurpose::Keepsake => {
            let Some(open) = open else { return (Next::Close, None) };
            let Some(path) = path_of(form) else { return (Next::Stay, None) };
            let authors = form.on("authors");
            let cards: Vec<KeepsakeCard> = open
                .deal
                .iter()
                .filter_map(|e| open.card(e.card))
                .map(|c| KeepsakeCard {
                    text: if c.text.is_empty() { format!("(paper card {})", c.number) } else { c.text.clone() },
                    author: authors.then(|| open.name(c.author)),
                })
                .collect();
            let mut readers: Vec<MemberId> = open.deal.iter().map(|e| e.reader).collect();
            readers.sort();
            readers.dedup();
            let group = ctx.group.as_ref().map_or(String::new(), |g| g.name.clone());
            let md = keepsake_markdown(
                &group,
                &open.activity.held_on.format("%-d %B %Y").to_string(),
                readers.len(),
                &cards,
            );
            match write_private(&path, md.as_bytes()) {
                Ok(()) => {
                    ctx.info(format!("Keepsake saved to {}.", path.display()));
                    (Next::Close, None)
                }
                Err(e) => {
                    form.set_error("path", format!("{e:#}"));
                    (Next::Stay, None)
                }
            }
        }
        EndingsPurpose::WhatNext => {
            let Some(open) = open else { return (Next::Close, None) };
            let Some(group) = ctx.group.clone() else { return (Next::Close, None) };
            let successor_name = form.value("successor").trim().to_string();
            let carry = match text::limited("what it carries on", form.value("carry"), text::MAX_NOTE_CHARS) {
                Ok(c) => c,
                Err(e) => {
                    form.set_error("carry", e.to_string());
                    return (Next::Stay, None);
                }
            };
            let mut settings = group.settings.clone();
            settings.status = match form.selected("status") {
                1 => GroupStatus::Dormant,
                2 => GroupStatus::Closed,
                _ => settings.status,
            };
            let mut said = Vec::new();
            if !successor_name.is_empty() {
                if successor_name.trim().eq_ignore_ascii_case(group.name.trim()) {
                    form.set_error("successor", "a group cannot be its own successor");
                    return (Next::Stay, None);
                }
                let successor = match ctx.store.group_by_name(&successor_name) {
                    Ok(Some(g)) => g,
                    Ok(None) => {
                        let new = NewGroup {
                            name: successor_name.clone(),
                            focus: group.settings.focus.clone(),
                            openness: group.settings.openness,
                        };
                        match ctx.store.create_group(&new, ctx.today) {
                            Ok(g) => {
                                said.push(format!("created {}", fit(&g.name, 30)));
                                g
                            }
                            Err(e) => {
                                form.set_error("successor", e.to_string());
                                return (Next::Stay, None);
                            }
                        }
                    }
                    Err(e) => {
                        form.set_error("successor", e.to_string());
                        return (Next::Stay, None);
                    }
                };
                if !carry.is_empty() {
                    let mut s = successor.settings.clone();
                    let line = format!("Carries on from {}: {carry}", group.name);
                    s.purpose = if s.purpose.is_empty() { line } else { format!("{}\n{line}", s.purpose) };
                    if let Err(e) = ctx.store.update_group_settings(successor.id, &s) {
                        form.message = Some(e.to_string());
                        return (Next::Stay, None);
                    }
                }
                settings.successor = Some(successor.id);
            }
            if let Err(e) = ctx.store.update_group_settings(group.id, &settings) {
                form.message = Some(e.to_string());
                return (Next::Stay, None);
            }
            if let Err(e) = ctx.store.set_stage(open.activity.id, ActivityStage::Finished) {
                ctx.error(e);
                return (Next::Close, None);
            }
            ctx.refresh_group();
            said.insert(0, format!("the group is {}", settings.status.label()));
            ctx.info(format!("Saved: {}. Thank you for holding this group.", said.join(", ")));
            (Next::Close, None)
        }
        EndingsPurpose::Reopen(_) | EndingsPurpose::DealAnyway => (Next::Close, None),
    }
}

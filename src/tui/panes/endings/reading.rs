//! The deal before it is locked, the reading, and the celebration.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::{Open, Step};
use crate::domain::text::display;
use crate::domain::{ActivityStage, CardStyle, EndingMode, MemberId};
use crate::tui::app::Ctx;
use crate::tui::keys::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, fit, wrap};

fn all_read(open: &Open) -> bool {
    !open.deal.is_empty() && open.deal.iter().all(|e| e.read_at.is_some())
}

pub fn update(open: &mut Open, action: Action, ctx: &mut Ctx) -> Step {
    let id = open.activity.id;
    let last = open.deal.len().saturating_sub(1) as u32;
    let position = open.activity.position.min(last);
    let store = &mut ctx.store;
    // Moving to another card hides its author again: revealing is for one
    // card at a time, on a screen others may see.
    let go = |store: &mut crate::store::Store, to: u32| {
        store
            .set_position(id, to)
            .and_then(|()| if to != position { store.set_reveal_author(id, false) } else { Ok(()) })
    };
    let result = match action {
        Action::NextCard if position == last && all_read(open) => store.set_stage(id, ActivityStage::Celebrating),
        Action::NextCard => go(store, (position + 1).min(last)),
        Action::PrevCard => go(store, position.saturating_sub(1)),
        Action::Top => go(store, 0),
        Action::Bottom => go(store, last),
        Action::Down | Action::PageDown => {
            open.card_scroll = open.card_scroll.saturating_add(if action == Action::Down { 1 } else { 5 });
            return Step::Stay;
        }
        Action::Up | Action::PageUp => {
            open.card_scroll = open.card_scroll.saturating_sub(if action == Action::Up { 1 } else { 5 });
            return Step::Stay;
        }
        Action::MarkRead => {
            let read = open.deal.get(position as usize).is_some_and(|e| e.read_at.is_none());
            store.mark_read(id, position, read).and_then(|()| {
                if !read {
                    return Ok(());
                }
                // On to the next card still to be read, or the celebration.
                let unread =
                    |p: &u32| open.deal.get(*p as usize).is_some_and(|e| e.read_at.is_none() && *p != position);
                match (position + 1..=last).chain(0..position).find(unread) {
                    Some(next) => go(store, next),
                    None => store.set_stage(id, ActivityStage::Celebrating),
                }
            })
        }
        Action::RevealAuthor => store.set_reveal_author(id, !open.activity.reveal_author),
        Action::ExportRooms if open.activity.mode == EndingMode::Online => {
            return Step::Modal(super::forms::export_rooms(open, ctx));
        }
        Action::Back => return Step::List,
        _ => return Step::Stay,
    };
    if let Err(e) = result {
        ctx.error(e);
    }
    Step::Reload
}

pub fn update_celebration(open: &mut Open, action: Action, ctx: &mut Ctx) -> Step {
    match action {
        Action::ExportKeepsake => Step::Modal(super::forms::keepsake(open)),
        Action::WhatNext => Step::Modal(super::forms::what_next(ctx)),
        Action::PrevCard if open.activity.stage == ActivityStage::Celebrating => {
            if let Err(e) = ctx.store.set_stage(open.activity.id, ActivityStage::Reading) {
                ctx.error(e);
            }
            Step::Reload
        }
        Action::Back => Step::List,
        _ => Step::Stay,
    }
}

/// What a card number shows while the reshuffle animation runs: a turning
/// mark rather than numbers, so a shared screen never shows what looks
/// like a broken deal.
fn spinner(frame: u8, row: usize) -> &'static str {
    const MARKS: [&str; 4] = ["◐", "◓", "◑", "◒"];
    MARKS[(usize::from(frame) + row) % MARKS.len()]
}

pub fn render_deal(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme) {
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    let a = &open.activity;
    let kind = match (a.mode, a.chain) {
        (EndingMode::Online, _) => "breakout rooms: partners read each other's cards",
        (EndingMode::FaceToFace, true) => "a chain: whoever's card was just read reads next",
        (EndingMode::FaceToFace, false) => "nobody reads their own card",
    };
    let mut lines = vec![
        Line::styled(format!(" The deal · {kind}"), theme.title()),
        Line::styled(" Who reads which card, by number. The cards stay sealed until they are read.", theme.dim()),
    ];
    if let Some(note) = &open.note {
        lines.push(Line::styled(format!(" {note}"), theme.warn()));
    } else if let Some(seed) = a.seed {
        lines.push(Line::styled(format!(" Reshuffle with s, lock with Enter. Deal number {seed:016x}."), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), head);
    let number = |row: usize, card| {
        if open.animation > 0 {
            spinner(open.animation, row).to_string()
        } else {
            open.card(card).map_or(0, |c| c.number).to_string()
        }
    };
    let width = body.width as usize;
    let items: Vec<ListItem> = match a.mode {
        EndingMode::FaceToFace => open
            .deal
            .iter()
            .enumerate()
            .map(|(i, e)| {
                ListItem::new(Line::from(vec![
                    Span::styled(format!(" {:>3}. ", i + 1), theme.dim()),
                    Span::raw(fit(&open.name(e.reader), width.saturating_sub(24))),
                    Span::styled(" reads card ", theme.dim()),
                    Span::styled(number(i, e.card), theme.accent()),
                ]))
            })
            .collect(),
        EndingMode::Online => {
            let mut rooms: Vec<u32> = open.rooms.iter().map(|(r, _)| *r).collect();
            rooms.dedup();
            let mut row = 0;
            rooms
                .iter()
                .map(|room| {
                    let mut spans = vec![Span::styled(format!(" Room {room}: "), theme.title())];
                    for e in open.deal.iter().filter(|e| e.room == Some(*room)) {
                        spans.push(Span::raw(fit(&open.name(e.reader), 16)));
                        spans.push(Span::styled(" reads ", theme.dim()));
                        spans.push(Span::styled(format!("{}  ", number(row, e.card)), theme.accent()));
                        row += 1;
                    }
                    let members: Vec<MemberId> =
                        open.rooms.iter().filter(|(r, _)| r == room).map(|(_, m)| *m).collect();
                    for m in members.iter().filter(|m| !open.deal.iter().any(|e| e.reader == **m)) {
                        spans.push(Span::raw(format!("{} (listens)  ", fit(&open.name(*m), 16))));
                    }
                    ListItem::new(Line::from(spans))
                })
                .collect()
        }
    };
    frame.render_widget(List::new(items), body);
}

/// Text drawn with big glyphs when it is short enough to read that way and
/// the font has every letter; otherwise `None`.
fn big(text: &str, width: u16, style: ratatui::style::Style) -> Option<BigText<'static>> {
    big_sized(text, width, PixelSize::Quadrant, style)
}

/// Full-size glyphs (8 cells a letter) for large windows, quadrant glyphs
/// (4 cells) otherwise.
fn big_sized(text: &str, width: u16, size: PixelSize, style: ratatui::style::Style) -> Option<BigText<'static>> {
    let shown = display(text).into_owned();
    let chars = shown.chars().count() as u16;
    let latin = shown.chars().all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c));
    let cell = if size == PixelSize::Full { 8 } else { 4 };
    (latin && chars > 0 && chars * cell <= width)
        .then(|| BigText::builder().pixel_size(size).style(style).lines(vec![Line::raw(shown)]).centered().build())
}

pub fn render_reading(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme) {
    let total = open.deal.len();
    let position = (open.activity.position as usize).min(total.saturating_sub(1));
    let Some(entry) = open.deal.get(position) else {
        super::super::empty_state(frame, area, "Nothing was dealt. Press Esc and start the deal again.", theme);
        return;
    };
    let Some(card) = open.card(entry.card) else { return };
    let roomy = area.height >= 18;
    // The name grows with the window: full-size glyphs when there is room.
    let reader = open.name(entry.reader);
    let grand = area.height >= 34 && big_sized(&reader, area.width, PixelSize::Full, theme.title()).is_some();
    let [top, progress, card_area, foot] = Layout::vertical([
        Constraint::Length(if grand {
            8
        } else if roomy {
            4
        } else {
            1
        }),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let name_size = if grand { PixelSize::Full } else { PixelSize::Quadrant };
    match big_sized(&reader, top.width, name_size, theme.title()).filter(|_| roomy) {
        Some(text) => frame.render_widget(text, top),
        None => frame.render_widget(Paragraph::new(Line::styled(reader.clone(), theme.title())).centered(), top),
    }
    let read = open.deal.iter().filter(|e| e.read_at.is_some()).count();
    let room = entry.room.map_or(String::new(), |r| format!(" · room {r}"));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{} of {total}", position + 1), theme.accent()),
            Span::styled(format!(" · reads card {}{room} · {read} read so far", card.number), theme.dim()),
        ]))
        .centered(),
        progress,
    );
    let frame_width = card_area.width.saturating_sub(8).clamp(20, 72);
    let inner_width = frame_width.saturating_sub(6) as usize;
    let text = match open.activity.card_style {
        CardStyle::Paper => format!("Paper card {}", card.number),
        CardStyle::Typed => display(card.text.trim()).into_owned(),
    };
    let rows = wrap(&text, inner_width);
    let big_card =
        big(&text, frame_width.saturating_sub(4), theme.normal()).filter(|_| card_area.height >= 8 && rows.len() == 1);
    let text_height = if big_card.is_some() { 4 } else { rows.len() as u16 };
    let height = (text_height + 4).min(card_area.height);
    let rect = centered(card_area, frame_width, height);
    let mut block = Block::bordered().border_type(BorderType::Double).border_style(if entry.read_at.is_some() {
        theme.good()
    } else {
        theme.accent()
    });
    if entry.read_at.is_some() {
        block = block.title_bottom(Line::styled(" read ✓ ", theme.good()).right_aligned());
    }
    if open.activity.reveal_author {
        block = block.title_bottom(Line::styled(format!(" written by {} ", open.name(card.author)), theme.dim()));
    }
    // A card longer than the frame scrolls with ↑/↓, and says so.
    let visible = height.saturating_sub(4).max(1);
    let overflow = (rows.len() as u16).saturating_sub(visible);
    let scroll = open.card_scroll.min(overflow);
    if big_card.is_none() && overflow > 0 {
        let more = if scroll < overflow { " ↓ more " } else { " ↑ back up " };
        block = block.title_top(Line::styled(more, theme.dim()).right_aligned());
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let padded = Rect {
        x: inner.x + 2,
        y: inner.y + 1,
        width: inner.width.saturating_sub(4),
        height: inner.height.saturating_sub(2),
    };
    match big_card {
        Some(text) => frame.render_widget(text, padded),
        None => frame.render_widget(Paragraph::new(rows.join("\n")).centered().scroll((scroll, 0)), padded),
    }
    let hint = if open.activity.reveal_author { "v hides the author" } else { "the author stays hidden (v reveals)" };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())).centered(), foot);
}

pub fn render_celebration(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme) {
    let cards = open.deal.iter().filter(|e| e.read_at.is_some()).count();
    let mut readers: Vec<MemberId> = open.deal.iter().map(|e| e.reader).collect();
    readers.sort();
    readers.dedup();
    let finished = open.activity.stage == ActivityStage::Finished;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            format!(
                "{cards} experience{} heard, read aloud by {} {}.",
                if cards == 1 { "" } else { "s" },
                readers.len(),
                if readers.len() == 1 { "person" } else { "people" }
            ),
            theme.title(),
        ),
        Line::raw(""),
        Line::raw("Take some time together before you part:"),
        Line::styled("What did we achieve as a group?", theme.accent()),
        Line::styled("What will each of us take with us?", theme.accent()),
        Line::styled("What would we like to thank each other for?", theme.accent()),
        Line::raw(""),
    ];
    if finished {
        lines.push(Line::styled("This activity is finished. k saves a keepsake.", theme.dim()));
    } else {
        lines.push(Line::styled(
            "k saves a keepsake of the cards. m records what comes next for the group.",
            theme.dim(),
        ));
    }
    let height = (lines.len() as u16 + 6).min(area.height);
    let rect = centered(area, area.width.saturating_sub(4).min(70), height);
    let big_area = Rect { height: 4.min(rect.height), ..rect };
    if let Some(text) = big("Thank you", rect.width, theme.good()).filter(|_| area.height >= 18) {
        frame.render_widget(text, big_area);
        let rest = Rect { y: rect.y + 4, height: rect.height.saturating_sub(4), ..rect };
        frame.render_widget(Paragraph::new(lines).centered().wrap(Wrap { trim: true }), rest);
    } else {
        lines.insert(0, Line::styled("Thank you", theme.good()));
        frame.render_widget(Paragraph::new(lines).centered().wrap(Wrap { trim: true }), rect);
    }
}

//! The deal before it is locked, the reading, and the celebration.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::Open;
use crate::domain::text::display;
use crate::domain::{ActivityStage, CardStyle, EndingMode, MemberId};
use crate::tui::app::Ctx;
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::Next;
use crate::tui::theme::Theme;
use crate::tui::widgets::big::fits_big_glyphs;
use crate::tui::widgets::{centered, fit, wrap};

/// Keys on the deal, before it is locked.
pub fn update_deal(open: &mut Open, action: Action, ctx: &mut Ctx) -> Next {
    let id = open.id();
    match action {
        Action::Shuffle => super::deal(open, ctx),
        Action::ToggleChain => match ctx.circle.set_chain(id, !open.view.activity.chain, ctx.seed()) {
            Ok(note) => {
                open.note = note;
                open.animation = 0;
            }
            Err(e) => ctx.info(e.to_string()),
        },
        Action::LockDeal => match ctx.circle.lock_deal(id) {
            Ok(()) => ctx.info(format!(
                "The deal is locked. Read the cards one at a time: {} for the next.",
                key_for(Context::Reading, Action::NextCard)
            )),
            Err(e) => ctx.error(e),
        },
        Action::ExportRooms => return Next::Open(super::forms::export_rooms(open, ctx)),
        Action::Copy => return copy_rooms(open, ctx),
        Action::Back => {
            let result = ctx.circle.back_to_cards(id);
            open.done(result, ctx);
        }
        _ => {}
    }
    Next::Stay
}

/// Keys while reading the cards aloud.
pub fn update(open: &mut Open, action: Action, ctx: &mut Ctx) -> Next {
    let id = open.id();
    let last = open.view.deal.len().saturating_sub(1) as u32;
    let position = open.view.position();
    let result = match action {
        Action::NextCard => ctx.circle.next_card(id),
        Action::PrevCard => ctx.circle.go_to_card(id, position.saturating_sub(1)),
        Action::Top => ctx.circle.go_to_card(id, 0),
        Action::Bottom => ctx.circle.go_to_card(id, last),
        Action::Down | Action::PageDown | Action::Up | Action::PageUp => {
            // From where the card is as drawn, and no further than its end.
            let overflow = open.card_overflow.get().unwrap_or(u16::MAX);
            let now = open.card_scroll.min(overflow);
            open.card_scroll = match action {
                Action::Down => now.saturating_add(1),
                Action::PageDown => now.saturating_add(5),
                Action::Up => now.saturating_sub(1),
                _ => now.saturating_sub(5),
            }
            .min(overflow);
            Ok(())
        }
        Action::MarkRead => ctx.circle.mark_read(id),
        Action::UnmarkRead => ctx.circle.unmark_read(id),
        Action::RevealAuthor => ctx.circle.reveal_author(id, !open.view.activity.reveal_author),
        Action::ExportRooms if open.view.activity.mode == EndingMode::Online => {
            return Next::Open(super::forms::export_rooms(open, ctx));
        }
        Action::Copy => return copy_rooms(open, ctx),
        _ => Ok(()),
    };
    open.done(result, ctx);
    Next::Stay
}

/// The breakout rooms as the chat text, for the clipboard.
fn copy_rooms(open: &Open, ctx: &mut Ctx) -> Next {
    match ctx.circle.rooms_text(open.id()) {
        Ok(text) => Next::Copy { text, what: "the breakout rooms".into() },
        Err(e) => {
            ctx.info(e.to_string());
            Next::Stay
        }
    }
}

pub fn update_celebration(open: &mut Open, action: Action, ctx: &mut Ctx) -> Next {
    match action {
        Action::ExportKeepsake => Next::Open(super::forms::keepsake(open, ctx)),
        Action::WhatNext => Next::Open(super::forms::what_next(ctx)),
        Action::PrevCard if open.stage() == ActivityStage::Celebrating => {
            let result = ctx.circle.back_to_reading(open.id());
            open.done(result, ctx);
            Next::Stay
        }
        _ => Next::Stay,
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
    let a = &open.view.activity;
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
    } else {
        let (s, lock) = (key_for(Context::Deal, Action::Shuffle), key_for(Context::Deal, Action::LockDeal));
        lines
            .push(Line::styled(format!(" Reshuffle with {s}, lock with {lock} when the group is happy."), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), head);
    let number = |row: usize, card| {
        if open.animation > 0 {
            spinner(open.animation, row).to_string()
        } else {
            open.view.reading_number(row, card).to_string()
        }
    };
    let width = body.width as usize;
    let items: Vec<ListItem> = match a.mode {
        EndingMode::FaceToFace => open
            .view
            .deal
            .iter()
            .enumerate()
            .map(|(i, e)| {
                ListItem::new(Line::from(vec![
                    Span::styled(format!(" {:>3}. ", i + 1), theme.dim()),
                    Span::raw(fit(&open.view.reader_name(e.reader), width.saturating_sub(24))),
                    Span::styled(" reads card ", theme.dim()),
                    Span::styled(number(i, e.card), theme.accent()),
                ]))
            })
            .collect(),
        EndingMode::Online => {
            let mut rooms: Vec<u32> = open.view.rooms.iter().map(|(r, _)| *r).collect();
            rooms.dedup();
            let mut row = 0;
            rooms
                .iter()
                .map(|room| {
                    let mut spans = vec![Span::styled(format!(" Room {room}: "), theme.title())];
                    for e in open.view.deal.iter().filter(|e| e.room == Some(*room)) {
                        spans.push(Span::raw(fit(&open.view.reader_name(e.reader), 16)));
                        spans.push(Span::styled(" reads ", theme.dim()));
                        spans.push(Span::styled(format!("{}  ", number(e.position as usize, e.card)), theme.accent()));
                        row += 1;
                    }
                    let members: Vec<MemberId> =
                        open.view.rooms.iter().filter(|(r, _)| r == room).map(|(_, m)| *m).collect();
                    for m in members.iter().filter(|m| !open.view.deal.iter().any(|e| e.reader == Some(**m))) {
                        spans.push(Span::raw(format!("{} (listens)  ", fit(&open.view.name(*m), 16))));
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
    let cell = if size == PixelSize::Full { 8 } else { 4 };
    (!shown.is_empty() && fits_big_glyphs(&shown, usize::from(width / cell)))
        .then(|| BigText::builder().pixel_size(size).style(style).lines(vec![Line::raw(shown)]).centered().build())
}

pub fn render_reading(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme) {
    let total = open.view.deal.len();
    let position = (open.view.activity.position as usize).min(total.saturating_sub(1));
    let Some(entry) = open.view.deal.get(position) else {
        let esc = key_for(Context::Reading, Action::Back);
        let text = format!("Nothing was dealt. Press {esc} and start the deal again.");
        super::super::empty_state(frame, area, &text, theme);
        return;
    };
    let Some(card) = open.view.card(entry.card) else { return };
    let roomy = area.height >= 18;
    // The name grows with the window: full-size glyphs when there is room.
    let reader = open.view.reader_name(entry.reader);
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
    // A name in big glyphs is also said once in plain text, on the line
    // below, for screen readers and a magnifier's text mode.
    let in_words = match big_sized(&reader, top.width, name_size, theme.title()).filter(|_| roomy) {
        Some(text) => {
            frame.render_widget(text, top);
            format!("{} · ", display(&reader))
        }
        None => {
            frame.render_widget(Paragraph::new(Line::styled(reader.clone(), theme.title())).centered(), top);
            String::new()
        }
    };
    let read = open.view.deal.iter().filter(|e| e.read_at.is_some()).count();
    let room = entry.room.map_or(String::new(), |r| format!(" · room {r}"));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(in_words, theme.title()),
            Span::styled(format!("{} of {total}", position + 1), theme.accent()),
            Span::styled(
                format!(" · reads card {}{room} · {read} read so far", open.view.reading_number(position, card.id)),
                theme.dim(),
            ),
        ]))
        .centered(),
        progress,
    );
    let frame_width = card_area.width.saturating_sub(8).clamp(20, 72);
    let inner_width = frame_width.saturating_sub(6) as usize;
    let text = match open.view.activity.card_style {
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
    if open.view.activity.reveal_author {
        block = block.title_bottom(Line::styled(format!(" written by {} ", open.view.name(card.author)), theme.dim()));
    }
    // A card longer than the frame scrolls with ↑/↓, and says so.
    let visible = height.saturating_sub(4).max(1);
    let overflow = (rows.len() as u16).saturating_sub(visible);
    open.card_overflow.set(Some(overflow));
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
    // The terminal cursor goes where the card's text starts, where the
    // focus is for a screen reader or a magnifier.
    let first = rows.get(scroll as usize).map_or(0, |r| unicode_width::UnicodeWidthStr::width(r.as_str()) as u16);
    let x = padded.x + padded.width.saturating_sub(first) / 2;
    if padded.height > 0 && padded.width > 0 {
        frame.set_cursor_position((x.min(padded.right().saturating_sub(1)), padded.y));
    }
    match big_card {
        Some(text) => frame.render_widget(text, padded),
        None => frame.render_widget(Paragraph::new(rows.join("\n")).centered().scroll((scroll, 0)), padded),
    }
    let v = key_for(Context::Reading, Action::RevealAuthor);
    let hint = if open.view.activity.reveal_author {
        format!("{v} hides the author")
    } else {
        format!("the author stays hidden ({v} reveals)")
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())).centered(), foot);
}

pub fn render_celebration(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme) {
    let cards = open.view.deal.iter().filter(|e| e.read_at.is_some()).count();
    let mut readers: Vec<MemberId> = open.view.deal.iter().filter_map(|e| e.reader).collect();
    readers.sort();
    readers.dedup();
    let finished = open.view.activity.stage == ActivityStage::Finished;
    let (k, m) = (key_for(Context::Celebrate, Action::ExportKeepsake), key_for(Context::Celebrate, Action::WhatNext));
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
        lines.push(Line::styled(format!("This activity is finished. {k} saves a keepsake."), theme.dim()));
    } else {
        lines.push(Line::styled(
            format!("{k} saves a keepsake of the cards. {m} records what comes next for the group."),
            theme.dim(),
        ));
    }
    let height = (lines.len() as u16 + 6).min(area.height);
    let rect = centered(area, area.width.saturating_sub(4).min(70), height);
    let big_area = Rect { height: 4.min(rect.height), ..rect };
    if let Some(text) = big("Thank you", rect.width, theme.good()).filter(|_| area.height >= 18) {
        frame.render_widget(text, big_area);
        // Said once in plain text too, for screen readers.
        lines[0] = Line::styled("Thank you.", theme.good());
        let rest = Rect { y: rect.y + 4, height: rect.height.saturating_sub(4), ..rect };
        frame.render_widget(Paragraph::new(lines).centered().wrap(Wrap { trim: true }), rest);
    } else {
        lines.insert(0, Line::styled("Thank you", theme.good()));
        frame.render_widget(Paragraph::new(lines).centered().wrap(Wrap { trim: true }), rect);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn a_name_is_drawn_big_when_the_font_has_its_letters() {
        assert!(big("Zoë", 40, Style::default()).is_some());
        assert!(big("Ελένη", 40, Style::default()).is_some(), "font8x8 has Greek");
        assert!(big("Привет", 40, Style::default()).is_none(), "and no Cyrillic");
        assert!(big("", 40, Style::default()).is_none());
        assert!(big("Zoë", 11, Style::default()).is_none(), "four cells a letter");
    }
}

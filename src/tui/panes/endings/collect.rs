//! Collecting the cards: who takes part, and each person's card written in
//! private on the shared laptop.

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState, Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{CardWriter, Open, Step, ask_to_reopen};
use crate::domain::text::display;
use crate::domain::{CardStyle, MemberId};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::{centered, fit, pad, wrap};

pub fn update(open: &mut Open, action: Action, ctx: &mut Ctx) -> Step {
    let n = open.people.len();
    match action {
        Action::Up => open.selected = open.selected.saturating_sub(1),
        Action::Down => open.selected = (open.selected + 1).min(n.saturating_sub(1)),
        Action::Top => open.selected = 0,
        Action::Bottom => open.selected = n.saturating_sub(1),
        Action::PageUp => open.selected = open.selected.saturating_sub(10),
        Action::PageDown => open.selected = (open.selected + 10).min(n.saturating_sub(1)),
        Action::TogglePresent => {
            let Some(person) = open.people.get(open.selected) else { return Step::Stay };
            let taking_part = !person.taking_part;
            open.select_person = Some(person.id);
            if let Err(e) = ctx.store.set_participant(open.activity.id, person.id, taking_part) {
                ctx.error(e);
            }
            return Step::Reload;
        }
        Action::WriteCard => {
            let Some(person) = open.people.get(open.selected) else { return Step::Stay };
            let id = person.id;
            if open.activity.card_style == CardStyle::Paper {
                return toggle_paper_card(open, id, ctx);
            }
            match open.card_of(id) {
                Some(card) if card.sealed => return Step::Modal(ask_to_reopen(open, id)),
                _ => start_writer(open, id, ctx),
            }
        }
        Action::Unseal => {
            let Some(person) = open.people.get(open.selected) else { return Step::Stay };
            if open.card_of(person.id).is_some_and(|c| c.sealed) {
                return Step::Modal(ask_to_reopen(open, person.id));
            }
            ctx.info("That card is not sealed.");
        }
        Action::ImportCards => return Step::Modal(super::forms::import_cards()),
        Action::Deal => {
            let readers = open.readers();
            if readers.len() < 2 {
                ctx.error("A deal needs at least two people taking part: mark them with Space.");
                return Step::Stay;
            }
            let missing = readers.iter().filter(|r| open.card_of(**r).is_none()).count();
            if open.activity.card_style == CardStyle::Typed && open.cards.is_empty() {
                ctx.error("No cards yet: press Enter on a person to write theirs, or i to import cards.");
                return Step::Stay;
            }
            if open.activity.card_style == CardStyle::Typed && missing > 0 {
                let confirm = Confirm::new(
                    "Some cards are missing",
                    format!(
                        "{missing} of the {} people taking part {} no card yet. Deal anyway? Every card written will be read; with fewer cards than people, some will listen rather than read.",
                        readers.len(),
                        if missing == 1 { "has" } else { "have" }
                    ),
                );
                return Step::Modal(Modal::Confirm(confirm, Purpose::Endings(super::EndingsPurpose::DealAnyway)));
            }
            super::deal(open, ctx);
            return Step::Reload;
        }
        Action::Back => return Step::List,
        _ => {}
    }
    Step::Stay
}

fn toggle_paper_card(open: &mut Open, id: MemberId, ctx: &mut Ctx) -> Step {
    let result = match open.card_of(id) {
        Some(card) => ctx.store.delete_card(card.id),
        None => ctx.store.save_card(open.activity.id, id, "", false).map(|_| ()),
    };
    if let Err(e) = result {
        ctx.error(e);
    }
    Step::Reload
}

pub fn start_writer(open: &mut Open, author: MemberId, _ctx: &mut Ctx) {
    let text = open.card_of(author).map(|c| c.text.clone()).unwrap_or_default();
    open.writer =
        Some(CardWriter { author, name: open.name(author), input: Input::new(text), error: None, warned: false });
}

/// Keys while a card is being written: text goes into the card; Enter seals,
/// Esc leaves without saving anything.
pub fn update_writer(open: &mut Open, action: Action, ctx: &mut Ctx) -> Step {
    let Some(writer) = &mut open.writer else { return Step::Stay };
    match action {
        Action::Submit => {
            let text = writer.input.value().trim().to_string();
            if text.is_empty() {
                writer.error = Some("Write something first: an empty card cannot be sealed.".into());
                return Step::Stay;
            }
            match ctx.store.save_card(open.activity.id, writer.author, &text, true) {
                Ok(card) => {
                    ctx.info(format!(
                        "Card {} is sealed. Thank you, {}. Pass the laptop on.",
                        card.number, writer.name
                    ));
                    // Ready for the next person on the list.
                    let author = writer.author;
                    let at = open.people.iter().position(|p| p.id == author).unwrap_or(open.selected);
                    open.select_person = open.people.get(at + 1).or(open.people.get(at)).map(|p| p.id);
                    open.writer = None;
                    Step::Reload
                }
                Err(e) => {
                    writer.error = Some(e.to_string());
                    Step::Stay
                }
            }
        }
        Action::Back => {
            let saved = open.cards.iter().find(|c| c.author == writer.author).map_or("", |c| c.text.as_str());
            if writer.input.value() != saved && !writer.warned {
                writer.warned = true;
                writer.error =
                    Some("Press Esc again to leave without saving what you wrote, or Enter to seal it.".into());
                return Step::Stay;
            }
            open.writer = None;
            ctx.info("Left without saving; the card is as it was.");
            Step::Stay
        }
        _ => Step::Stay,
    }
}

pub fn on_writer_text(open: &mut Open, event: &Event) {
    if let Some(writer) = &mut open.writer
        && writer.input.handle_event(event).is_some()
    {
        writer.error = None;
        writer.warned = false;
    }
}

pub fn render(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme) {
    let [head, list_area] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    let a = &open.activity;
    let taking_part = open.people.iter().filter(|p| p.taking_part).count();
    let cards = open.cards.len();
    let how = match a.card_style {
        CardStyle::Typed => "Each person writes their most positive experience of the group and seals it.",
        CardStyle::Paper => "Paper cards: Enter gives a person a card number to write on their card.",
    };
    let mut lines = vec![
        Line::styled(
            format!(
                " Moving on with positivity · {} · {} · {} cards",
                a.held_on.format("%a %-d %b %Y"),
                a.mode.label(),
                a.card_style.label()
            ),
            theme.title(),
        ),
        Line::styled(format!(" {how}"), theme.dim()),
        Line::from(format!(" {taking_part} taking part · {cards} card{}", if cards == 1 { "" } else { "s" })),
    ];
    if let Some(note) = &open.note {
        lines[2] = Line::styled(format!(" {note}"), theme.warn());
    }
    frame.render_widget(Paragraph::new(lines), head);
    let width = list_area.width as usize;
    let items: Vec<ListItem> = open
        .people
        .iter()
        .map(|p| {
            let mark =
                if p.taking_part { Span::styled(" [x] ", theme.good()) } else { Span::styled(" [ ] ", theme.dim()) };
            let card = match (open.card_of(p.id), a.card_style) {
                (Some(c), CardStyle::Typed) if c.sealed => {
                    Span::styled(format!("card {} sealed", c.number), theme.good())
                }
                (Some(c), CardStyle::Typed) => Span::styled(format!("card {} not sealed", c.number), theme.warn()),
                (Some(c), CardStyle::Paper) => Span::styled(format!("paper card {}", c.number), theme.good()),
                (None, _) if p.taking_part => Span::styled("no card yet", theme.dim()),
                (None, _) => Span::styled("not taking part", theme.dim()),
            };
            let name_width = width.saturating_sub(5 + 22);
            ListItem::new(Line::from(vec![mark, Span::raw(format!("{}  ", pad(&p.name, name_width))), card]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(open.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
}

/// The private card screen: the author's name and their own card, nothing
/// else, so the laptop can be passed round.
pub fn render_writer(frame: &mut Frame, area: Rect, _open: &Open, writer: &CardWriter, theme: &Theme) {
    let card = centered(area, area.width.saturating_sub(4).min(64), area.height.saturating_sub(2).min(14));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent())
        .title(Span::styled(format!(" {}'s card ", fit(&writer.name, 30)), theme.title()));
    let inner = block.inner(card);
    frame.render_widget(block, card);
    let [prompt, text_area, hint] =
        Layout::vertical([Constraint::Length(3), Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(format!(
            "{}, what was your most positive experience of this group? It stays sealed until someone reads it aloud.",
            display(&writer.name)
        ))
        .style(theme.dim())
        .wrap(Wrap { trim: true }),
        prompt,
    );
    let text = display(writer.input.value()).into_owned();
    let width = text_area.width.max(1) as usize;
    // The text is shown wrapped; the cursor follows the end of the text.
    let rows = wrap(&format!("{text} "), width);
    let visible = text_area.height.max(1) as usize;
    let skip = rows.len().saturating_sub(visible);
    frame.render_widget(Paragraph::new(rows[skip..].join("\n")), text_area);
    let before_cursor: String = writer.input.value().chars().take(writer.input.cursor()).collect();
    let cursor_rows = wrap(&format!("{} ", display(&before_cursor)), width);
    let row = cursor_rows.len().saturating_sub(1).saturating_sub(skip);
    let col = cursor_rows.last().map_or(0, |r| unicode_width::UnicodeWidthStr::width(r.as_str())).saturating_sub(1);
    if (row as u16) < text_area.height {
        frame.set_cursor_position(Position {
            x: text_area.x + (col as u16).min(text_area.width.saturating_sub(1)),
            y: text_area.y + row as u16,
        });
    }
    let hint_line = match &writer.error {
        Some(e) => Line::styled(e.clone(), theme.error()),
        None => Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::styled(" seal the card   ", theme.dim()),
            Span::styled("Esc", theme.key()),
            Span::styled(" leave without saving", theme.dim()),
        ]),
    };
    frame.render_widget(Paragraph::new(hint_line), hint);
}

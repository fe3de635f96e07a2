//! Collecting the cards: who takes part, and each person's card written in
//! private on the shared laptop.

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState, Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{CardWriter, Open, ask_to_reopen};
use crate::domain::text::display;
use crate::domain::{CardStyle, MemberId};
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::Next;
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::{centered, fit, hints_line, pad, wrap};

pub fn update(open: &mut Open, action: Action, ctx: &mut Ctx) -> Next {
    let n = open.view.people.len();
    if open.cursor.apply(action, n) {
        return Next::Stay;
    }
    let Some(person) = open.view.people.get(open.cursor.selected).map(|p| (p.id, p.taking_part)) else {
        return Next::Stay;
    };
    let id = open.id();
    match action {
        Action::TakesPart => {
            open.select_person = Some(person.0);
            let result = ctx.circle.set_taking_part(id, person.0, !person.1);
            open.done(result, ctx);
        }
        Action::WriteCard if open.view.activity.card_style == CardStyle::Paper => {
            let result = ctx.circle.toggle_paper_card(id, person.0);
            open.done(result, ctx);
        }
        Action::WriteCard => match open.view.card_of(person.0) {
            Some(card) if card.sealed => return Next::Open(ask_to_reopen(open, person.0)),
            _ => start_writer(open, person.0),
        },
        Action::Unseal => {
            if open.view.card_of(person.0).is_some_and(|c| c.sealed) {
                return Next::Open(ask_to_reopen(open, person.0));
            }
            ctx.info("That card is not sealed.");
        }
        Action::ImportCards => return Next::Open(super::forms::import_cards()),
        Action::Deal => return deal(open, ctx),
        _ => {}
    }
    Next::Stay
}

/// Deals, first asking when some people taking part have no card yet.
fn deal(open: &mut Open, ctx: &mut Ctx) -> Next {
    let readers = open.view.readers();
    if readers.len() < 2 {
        let mark = key_for(Context::Collect, Action::TakesPart);
        ctx.error(format!("A deal needs at least two people taking part: mark them with {mark}."));
        return Next::Stay;
    }
    if open.view.activity.card_style == CardStyle::Typed {
        if open.view.cards.is_empty() {
            ctx.error(format!(
                "No cards yet: press {} on a person to write theirs, or {} to import cards.",
                key_for(Context::Collect, Action::WriteCard),
                key_for(Context::Collect, Action::ImportCards)
            ));
            return Next::Stay;
        }
        let missing = readers.iter().filter(|r| open.view.card_of(**r).is_none()).count();
        if missing > 0 {
            let confirm = Confirm::new(
                "Some cards are missing",
                format!(
                    "{missing} of the {} people taking part {} no card yet. Deal anyway? Every card written will be read; with fewer cards than people, some will listen rather than read.",
                    readers.len(),
                    if missing == 1 { "has" } else { "have" }
                ),
            );
            return Next::Open(Modal::Confirm(confirm, Purpose::Endings(super::EndingsPurpose::DealAnyway)));
        }
    }
    super::deal(open, ctx);
    Next::Stay
}

pub fn start_writer(open: &mut Open, author: MemberId) {
    let text = open.view.card_of(author).map(|c| c.text.clone()).unwrap_or_default();
    open.writer =
        Some(CardWriter { author, name: open.view.name(author), input: Input::new(text), error: None, warned: false });
}

/// Keys while a card is being written: text goes into the card; Enter seals,
/// Esc leaves without saving anything.
pub fn update_writer(open: &mut Open, action: Action, ctx: &mut Ctx) -> Next {
    let Some(writer) = &mut open.writer else { return Next::Stay };
    match action {
        Action::Submit => match ctx.circle.seal_card(open.view.activity.id, writer.author, writer.input.value()) {
            Ok(_) => {
                // Ready for the next person on the list, and saying so, so
                // nobody moves down past them by habit.
                let author = writer.author;
                let people = &open.view.people;
                let at = people.iter().position(|p| p.id == author).unwrap_or(open.cursor.selected);
                let next = people.get(at + 1).filter(|p| p.taking_part);
                let face_to_face = open.view.activity.mode == crate::domain::EndingMode::FaceToFace;
                ctx.info(match next {
                    Some(p) if face_to_face => {
                        format!("Sealed. Thank you, {}. Next is {}: pass the laptop on.", writer.name, display(&p.name))
                    }
                    Some(p) => format!("Sealed. Thank you, {}. Next is {}.", writer.name, display(&p.name)),
                    None => format!("Sealed. Thank you, {}.", writer.name),
                });
                open.select_person = next.or(people.get(at)).map(|p| p.id);
                open.writer = None;
            }
            Err(e) => writer.error = Some(e.to_string()),
        },
        Action::Back => {
            let saved = open.view.card_of(writer.author).map_or("", |c| c.text.as_str());
            if writer.input.value() != saved && !writer.warned {
                writer.warned = true;
                writer.error = Some(format!(
                    "Press {} again to leave without saving what you wrote, or {} to seal it.",
                    key_for(Context::Card, Action::Back),
                    key_for(Context::Card, Action::Submit)
                ));
                return Next::Stay;
            }
            open.writer = None;
            ctx.info("Left without saving; the card is as it was.");
        }
        _ => {}
    }
    Next::Stay
}

pub fn on_writer_text(open: &mut Open, event: &Event) {
    if let Some(writer) = &mut open.writer
        && writer.input.handle_event(event).is_some()
    {
        writer.error = None;
        writer.warned = false;
    }
}

pub fn render(frame: &mut Frame, area: Rect, open: &Open, theme: &Theme, dates: crate::present::DateStyle) {
    let [head, list_area] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    let a = &open.view.activity;
    let taking_part = open.view.people.iter().filter(|p| p.taking_part).count();
    let cards = open.view.cards.len();
    let how = match a.card_style {
        CardStyle::Typed => "Each person writes their most positive experience of the group and seals it.".to_string(),
        CardStyle::Paper => format!(
            "Paper cards: {} gives a person a card number to write on their card.",
            key_for(Context::Collect, Action::WriteCard)
        ),
    };
    let mut lines = vec![
        Line::styled(
            format!(
                " Moving on with positivity · {} · {} · {} cards",
                dates.day(a.held_on),
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
        .view
        .people
        .iter()
        .map(|p| {
            let mark =
                if p.taking_part { Span::styled(" [x] ", theme.good()) } else { Span::styled(" [ ] ", theme.dim()) };
            let card = match (open.view.card_of(p.id), a.card_style) {
                (Some(c), CardStyle::Typed) if c.sealed => Span::styled("card sealed", theme.good()),
                (Some(_), CardStyle::Typed) => Span::styled("card not sealed", theme.warn()),
                (Some(c), CardStyle::Paper) => Span::styled(format!("paper card {}", c.number), theme.good()),
                (None, _) if p.taking_part => Span::styled("no card yet", theme.dim()),
                (None, _) => Span::styled("not taking part", theme.dim()),
            };
            let name_width = width.saturating_sub(5 + 22);
            ListItem::new(Line::from(vec![mark, Span::raw(format!("{}  ", pad(&p.name, name_width))), card]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(open.cursor.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list_area, &mut state);
    open.cursor.drawn(frame, list_area, state.offset(), 0);
}

/// The private card screen: the author's name and their own card, nothing
/// else, so the laptop can be passed round.
pub fn render_writer(frame: &mut Frame, area: Rect, writer: &CardWriter, theme: &Theme) {
    let card = centered(area, area.width.saturating_sub(4).min(64), area.height.saturating_sub(2).min(14));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.accent())
        .title(Span::styled(format!(" {}'s card ", fit(&writer.name, 30)), theme.title()));
    let inner = block.inner(card);
    frame.render_widget(block, card);
    // A warning takes the lines it needs, so it is never cut off.
    let hint_rows = writer.error.as_ref().map_or(1, |e| wrap(e, inner.width.max(1) as usize).len().clamp(1, 3));
    let [prompt, text_area, hint] =
        Layout::vertical([Constraint::Length(3), Constraint::Fill(1), Constraint::Length(hint_rows as u16)])
            .areas(inner);
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
        None => hints_line(&crate::tui::keys::footer_hints(Context::Card), theme),
    };
    frame.render_widget(Paragraph::new(hint_line).wrap(Wrap { trim: true }), hint);
}

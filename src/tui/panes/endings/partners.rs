//! Online, each reader needs their partner's card in their breakout room:
//! this screen shows every reader's private message, room by room, for the
//! facilitator to send (or to copy from the exported file).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Open;
use crate::domain::endings::{PartnerCard, partner_message, partner_messages_text};
use crate::domain::text::display_multiline;
use crate::tui::app::Ctx;
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::Next;
use crate::tui::theme::Theme;

/// The messages on screen, and how far they are scrolled.
pub struct Partners {
    pub cards: Vec<PartnerCard>,
    pub scroll: u16,
}

/// Opens the messages of an online activity.
pub fn open(open: &mut Open, ctx: &mut Ctx) {
    match ctx.circle.partner_cards(open.view.activity.id) {
        Ok(cards) if cards.is_empty() => ctx.info("Partner cards are for online activities with typed cards."),
        Ok(cards) => open.partners = Some(Partners { cards, scroll: 0 }),
        Err(e) => ctx.error(e),
    }
}

pub fn update(open: &mut Open, action: Action) -> Next {
    let Some(partners) = &mut open.partners else { return Next::Stay };
    match action {
        Action::Copy => {
            let n = partners.cards.len();
            let what = if n == 1 { "the partner card".to_string() } else { format!("all {n} partner cards") };
            return Next::Copy { text: partner_messages_text(&partners.cards), what };
        }
        Action::Down => partners.scroll = partners.scroll.saturating_add(1),
        Action::Up => partners.scroll = partners.scroll.saturating_sub(1),
        Action::PageDown => partners.scroll = partners.scroll.saturating_add(10),
        Action::PageUp => partners.scroll = partners.scroll.saturating_sub(10),
        Action::Top => partners.scroll = 0,
        Action::Back | Action::PartnerCards => open.partners = None,
        _ => {}
    }
    Next::Stay
}

pub fn render(frame: &mut Frame, area: Rect, partners: &Partners, theme: &Theme) {
    let mut lines = vec![
        Line::styled(" Each reader's card, to send them privately before the rooms open", theme.title()),
        Line::styled(
            format!(
                " The author is named only if you revealed authors. {} goes back.",
                key_for(Context::Partners, Action::Back)
            ),
            theme.dim(),
        ),
        Line::raw(""),
    ];
    let mut room = None;
    for card in &partners.cards {
        if room != Some(card.room) {
            lines.push(Line::styled(format!("Room {}", card.room), theme.accent()));
            room = Some(card.room);
        }
        for row in display_multiline(&partner_message(card)).lines() {
            lines.push(Line::from(vec![Span::raw("  "), Span::raw(row.to_string())]));
        }
        lines.push(Line::raw(""));
    }
    // Scrolling stops at the end: the last line stays in view.
    let last = (lines.len() as u16).saturating_sub(area.height.max(1));
    let scroll = partners.scroll.min(last);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)).block(Block::new()), area);
}

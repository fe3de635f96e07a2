//! Drawing the agreement's views. Stored text goes through
//! [`display`] first, so nothing in it can act on the terminal.

use std::cell::Cell;
use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, List, ListItem, ListState, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::AgreementPane;
use crate::domain::MemberId;
use crate::domain::agreement::{Block as Part, DiffLine, blocks, prompt_for, read_aloud_pages, sections};
use crate::domain::text::display;
use crate::present::agreement::not_agreed;
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::panes::ListCursor;
use crate::tui::theme::Theme;
use crate::tui::widgets::big::fits_big_glyphs;
use crate::tui::widgets::{centered, fit, wrap};
use crate::usecase::agreement::{AgreementOverview, Signer};

/// Lines of text wrapped to `width`: the lead on the first, spaces under
/// it on the rest, so bullets and prompts hang.
fn wrapped(text: &str, width: usize, lead: &str, style: ratatui::style::Style) -> Vec<Line<'static>> {
    let indent = lead.chars().count();
    wrap(&display(text), width.saturating_sub(indent).max(1))
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let lead = if i == 0 { lead.to_string() } else { " ".repeat(indent) };
            Line::from(vec![Span::raw(lead), Span::styled(row, style)])
        })
        .collect()
}

/// A section's paragraphs, items and headings, each wrapped to `width`
/// after `indent`; items hang under their bullet or number. With `spaced`,
/// a blank line parts the blocks, though not the items of one list.
fn block_lines(blocks: &[Part], width: usize, indent: &str, spaced: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut after_item = false;
    for (i, block) in blocks.iter().enumerate() {
        let item = matches!(block, Part::Item { .. });
        if spaced && i > 0 && !(item && after_item) {
            out.push(Line::raw(""));
        }
        after_item = item;
        match block {
            Part::Paragraph(text) => out.extend(wrapped(text, width, indent, theme.normal())),
            Part::Item { mark, text } => out.extend(wrapped(text, width, &format!("{indent}{mark} "), theme.normal())),
            Part::Heading(text) => out.extend(wrapped(text, width, indent, theme.title())),
        }
    }
    out
}

/// The body of a version, section by section, each relationship question
/// beside (under) the heading of its section.
fn body_lines(body: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for section in sections(body) {
        if !section.title.is_empty() {
            out.push(Line::raw(""));
            out.push(Line::styled(format!(" {}", display(&section.title)), theme.title()));
            if let Some(prompt) = prompt_for(&section.title) {
                out.extend(wrapped(prompt, width, " ? ", theme.dim()));
            }
        }
        out.extend(block_lines(&blocks(&section.body), width, "   ", false, theme));
    }
    out
}

pub fn document(pane: &AgreementPane, frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = area.width as usize;
    let overview = &pane.overview;
    let key = |a| key_for(Context::Agreement, a);
    let Some(version) = pane.shown() else {
        let text = match &overview.draft {
            Some(draft) => {
                let text = format!(
                    "A first agreement is being written, shown here as it stands. {} carries on writing, {} reads \
                     it aloud, {} shows what changed from the template, and {} adopts it when the group has agreed \
                     its words.",
                    key(Action::EditDraft),
                    key(Action::ReadAloud),
                    key(Action::ShowDiff),
                    key(Action::Adopt)
                );
                let head = wrapped(&text, width.saturating_sub(2), " ", theme.accent());
                return scrolled_body(pane, frame, area, head, draft, theme);
            }
            None => format!(
                "No agreement yet. Press {} to start from a template the group can rewrite together (its \
                 purpose, values, boundaries, and how members relate, work together and resolve difficulties), \
                 or {} to write your own.",
                key(Action::FromTemplate),
                key(Action::EditDraft)
            ),
        };
        return crate::tui::panes::empty_state(frame, area, &text, theme);
    };
    let title = format!(" Agreement v{} · adopted {}", version.version, version.adopted_on);
    // The note takes the rest of the line, however wide the window.
    let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(title.as_str()) + 4);
    let mut head = vec![Line::from(vec![
        Span::styled(title, theme.title()),
        Span::styled(
            if version.change_note.is_empty() || room < 8 {
                String::new()
            } else {
                format!(" · {}", fit(&version.change_note, room))
            },
            theme.dim(),
        ),
    ])];
    let current = overview.current().map(|v| v.version);
    if Some(version.version) != current {
        let back = key_for(Context::Agreement, Action::Back);
        head.push(Line::styled(
            format!(" An earlier version, for reading. {back} returns to the current one."),
            theme.warn(),
        ));
    } else if overview.not_agreed.is_empty() {
        head.push(Line::styled(format!(" Everyone has agreed to v{}.", version.version), theme.good()));
    } else {
        let names: Vec<String> = overview.not_agreed.iter().map(|(_, n)| display(n).into_owned()).collect();
        // As many names as the line holds, and how many more: never a
        // list cut off with no count of the rest.
        let room = width.saturating_sub(2);
        let fits = |t: &String| unicode_width::UnicodeWidthStr::width(t.as_str()) <= room;
        let text = (1..=names.len())
            .rev()
            .map(|n| not_agreed(version.version, &names[..n], overview.not_agreed_count))
            .find(fits)
            .unwrap_or_else(|| not_agreed(version.version, &[], overview.not_agreed_count));
        head.push(Line::styled(format!(" {}", fit(&text, room)), theme.warn()));
    }
    if overview.draft.is_some() {
        let text = format!(
            "A draft of the next version is waiting: {} edits it, {} shows the changes, {} adopts it.",
            key(Action::EditDraft),
            key(Action::ShowDiff),
            key(Action::Adopt)
        );
        head.extend(wrapped(&text, width.saturating_sub(1), " ", theme.accent()));
    }
    scrolled_body(pane, frame, area, head, &version.body, theme);
}

/// Lines at the top, then the agreement's text, scrolled.
fn scrolled_body(
    pane: &AgreementPane,
    frame: &mut Frame,
    area: Rect,
    head: Vec<Line<'static>>,
    text: &str,
    theme: &Theme,
) {
    let [top, body] = Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(head), top);
    let lines = body_lines(text, (area.width as usize).saturating_sub(1), theme);
    // Scrolling stops at the end: the last line stays in view.
    let max = (lines.len() as u16).saturating_sub(body.height.max(1));
    pane.max_scroll.set(max);
    frame.render_widget(Paragraph::new(lines).scroll((pane.scroll.min(max), 0)), body);
    frame.set_cursor_position((top.x, top.y));
}

pub fn versions(overview: &AgreementOverview, cursor: &ListCursor, frame: &mut Frame, area: Rect, theme: &Theme) {
    let [head, list] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let title = format!(
        " Versions: {} opens one, {} shows its changes against the current one",
        key_for(Context::Versions, Action::Open),
        key_for(Context::Versions, Action::ShowDiff)
    );
    frame.render_widget(Paragraph::new(Line::styled(fit(&title, area.width as usize), theme.title())), head);
    let items: Vec<ListItem> = overview
        .versions
        .iter()
        .map(|v| {
            let note = if v.change_note.is_empty() { String::new() } else { format!(" · {}", v.change_note) };
            ListItem::new(fit(&format!(" v{} · adopted {}{note}", v.version, v.adopted_on), area.width as usize))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(cursor.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list, &mut state);
    cursor.drawn(frame, list, state.offset(), 0);
}

/// A diff, line by line: `+` added and `-` taken out, coloured too, so it
/// reads the same with `NO_COLOR`.
pub fn diff(
    title: &str,
    lines: &[DiffLine],
    scroll: u16,
    max_scroll: &Cell<u16>,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {}", fit(title, area.width as usize - 1)), theme.title())),
        head,
    );
    let width = area.width as usize;
    let mut out: Vec<Line> = Vec::new();
    for line in lines {
        let (mark, style) = match line {
            DiffLine::Added(_) => ("+ ", theme.good()),
            DiffLine::Removed(_) => ("- ", theme.error()),
            DiffLine::Same(_) => ("  ", theme.dim()),
        };
        let text = display(line.text()).into_owned();
        let rows = wrap(&text, width.saturating_sub(3).max(1));
        for (i, row) in rows.into_iter().enumerate() {
            let lead = if i == 0 { mark } else { "  " };
            out.push(Line::from(vec![Span::styled(format!(" {lead}"), style), Span::styled(row, style)]));
        }
    }
    let max = (out.len() as u16).saturating_sub(body.height.max(1));
    max_scroll.set(max);
    frame.render_widget(Paragraph::new(out).scroll((scroll.min(max), 0)), body);
}

pub fn signups(
    signers: &[Signer],
    chosen: &HashSet<MemberId>,
    cursor: &ListCursor,
    current: u32,
    frame: &mut Frame,
    area: Rect,
    ctx: &crate::tui::app::Ctx,
) {
    let theme = &ctx.theme;
    let [head, list, foot] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let intro = format!(
        " Who agreed to version {current}: {} marks a person, {} everyone not yet agreed, {} records it.",
        key_for(Context::Signups, Action::TogglePresent),
        key_for(Context::Signups, Action::AllPresent),
        key_for(Context::Signups, Action::Submit)
    );
    frame.render_widget(Paragraph::new(intro).style(theme.dim()).wrap(Wrap { trim: false }), head);
    let width = list.width as usize;
    let items: Vec<ListItem> = signers
        .iter()
        .map(|s| {
            let mark = if chosen.contains(&s.member) {
                Span::styled(" [x] ", theme.good())
            } else {
                Span::styled(" [ ] ", theme.dim())
            };
            let (agreed, style) = match s.agreed {
                Some(v) if v == current => (format!("agreed v{v}"), theme.good()),
                Some(v) => (format!("agreed v{v}, not v{current} yet"), theme.warn()),
                None => ("not agreed yet".to_string(), theme.warn()),
            };
            ListItem::new(Line::from(vec![
                mark,
                Span::raw(format!("{}  ", crate::tui::widgets::pad(&s.name, width.saturating_sub(32)))),
                Span::styled(agreed, style),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(cursor.selected));
    frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list, &mut state);
    // The selected person's sign-ups, version by version.
    if let Some(s) = signers.get(cursor.selected) {
        let history = crate::present::agreement::history(&s.history, &|d| ctx.dates.short_day(d));
        let line = format!(" {}: {history}", display(&s.name));
        frame.render_widget(Paragraph::new(fit(&line, foot.width as usize)).style(theme.dim()), foot);
    }
    cursor.drawn(frame, list, state.offset(), 0);
}

/// One section a page, large and calm, for reading aloud or a shared screen.
pub fn read_aloud(body: Option<&str>, page: usize, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(body) = body else { return };
    let pages = read_aloud_pages(body);
    let Some(p) = pages.get(page.min(pages.len().saturating_sub(1))) else { return };
    let [progress, title, prompt, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if area.height >= 18 { 4 } else { 1 }),
        Constraint::Length(if p.prompt.is_some() { 2 } else { 0 }),
        Constraint::Fill(1),
    ])
    .areas(area);
    let heading = display(&p.title).into_owned();
    let big = title.height >= 4 && fits_big_glyphs(&heading, (title.width / 4) as usize);
    // A title in big glyphs is also said once in plain text, for screen
    // readers and a magnifier's text mode.
    let in_words = if big && !heading.trim().is_empty() { format!("{}  ·  ", heading.trim()) } else { String::new() };
    let step = format!(
        "{in_words}{} of {}  ·  {}/{} to step",
        page + 1,
        pages.len(),
        key_for(Context::ReadAloud, Action::PrevCard),
        key_for(Context::ReadAloud, Action::NextCard)
    );
    frame.render_widget(Paragraph::new(Span::styled(step, theme.dim())).centered(), progress);
    if big {
        let text = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.title())
            .lines(vec![Line::raw(heading)])
            .centered()
            .build();
        frame.render_widget(text, title);
    } else {
        frame.render_widget(Paragraph::new(Line::styled(heading, theme.title())).centered(), title);
    }
    if let Some(q) = p.prompt {
        frame.render_widget(
            Paragraph::new(Span::styled(q, theme.accent())).centered().wrap(Wrap { trim: true }),
            prompt,
        );
    }
    let frame_width = body.width.saturating_sub(6).clamp(20, 76);
    let lines = block_lines(&p.blocks(), frame_width.saturating_sub(6) as usize, "", true, theme);
    let rows = lines.len() as u16;
    let rect = centered(body, frame_width, (rows + 4).min(body.height));
    let block = Block::bordered().border_type(BorderType::Double).border_style(theme.accent());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let padded = Rect {
        x: inner.x + 2,
        y: inner.y + 1,
        width: inner.width.saturating_sub(4),
        height: inner.height.saturating_sub(2),
    };
    frame.render_widget(Paragraph::new(lines), padded);
    // The terminal cursor at the start of the words read aloud, for screen
    // readers and magnifiers that follow it.
    if padded.width > 0 && padded.height > 0 {
        frame.set_cursor_position((padded.x, padded.y));
    }
}

//! What surrounds the panes: the header with the group and the date, the
//! tabs, the footer with the keys (from the binding table) or a message, and
//! the dialogs drawn over the pane.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Tab;
use super::app::{App, Modal};
use super::keys;
use super::theme::Theme;
use super::widgets::{self, centered, fit};
use crate::domain::health::review_status;
use crate::usecase::ReadOnlyCause;

/// The smallest window the layout works in; below it a plain message asks
/// for a larger window.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Rows from the top: the header, the tabs, the banner, the pane, and the
/// footer at the bottom. Worked out here rather than by ratatui's layout
/// solver, whose first run was a noticeable part of the first frame; the
/// window is at least MIN_HEIGHT rows, so everything fits.
fn areas(area: Rect, banner: u16, footer: u16) -> [Rect; 5] {
    let rows = |y: u16, height: u16| Rect { y: area.y + y, height, ..area };
    let footer_y = area.height.saturating_sub(footer).max(2 + banner);
    [
        rows(0, 1),
        rows(1, 1),
        rows(2, banner),
        rows(2 + banner, footer_y - 2 - banner),
        rows(footer_y, area.height.saturating_sub(footer_y)),
    ]
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = app.ctx.theme;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area, &theme);
        return;
    }
    // A message longer than the window is wide takes up to three rows,
    // rather than losing its end.
    let footer_rows = app.ctx.flash.as_ref().map_or(1, |f| flash_rows(&f.text, area.width).len() as u16);
    // The round's shared view is for a screen the whole group sees: the
    // whole window, with no keys, messages or other groups' names.
    if app.modal.is_none() && app.ctx.group.is_some() && app.pane_context() == keys::Context::RoundShare {
        app.pane(app.tab).render(frame, area, &app.ctx);
        return;
    }
    let banner = app.ctx.circle.read_only().map(|cause| banner_rows(cause, area.width)).unwrap_or_default();
    let [header, tabs, banner_area, body, footer] = areas(area, banner.len() as u16, footer_rows);
    render_header(app, frame, header);
    render_tabs(app, frame, tabs);
    let banner: Vec<Line> = banner.into_iter().map(|row| Line::styled(row, theme.warn())).collect();
    frame.render_widget(Paragraph::new(banner), banner_area);
    if app.ctx.group.is_some() {
        app.pane(app.tab).render(frame, body, &app.ctx);
    } else {
        render_welcome(frame, body, &theme);
    }
    render_footer(app, frame, footer);
    match &app.modal {
        Some(Modal::Help(scroll)) => {
            let (name, guidance) = app.pane(app.tab).help();
            let help = widgets::help::Help { context: app.pane_context(), pane_name: name, guidance: &guidance };
            widgets::help::render(frame, area, &help, *scroll, app.mouse, &theme);
        }
        Some(Modal::Tour(page)) => widgets::tour::render(frame, body, *page, &theme),
        Some(Modal::Switcher(s)) => s.render(frame, body, &app.ctx),
        Some(Modal::Form(form, _)) => form.render(frame, body, &theme),
        Some(Modal::Confirm(confirm, _)) => confirm.render(frame, body, &theme),
        Some(Modal::Editor(editor, _)) => editor.render(frame, body, &theme),
        None => {}
    }
}

/// The columns a group's name keeps in the header before the date gives way.
const NAME_ROOM: usize = 10;

fn render_header(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.ctx.theme;
    let date = app.ctx.dates.day(app.ctx.today);
    let name = app.ctx.group.as_ref().map_or("no group yet".to_string(), |g| g.name.clone());
    // An overdue review of how the group describes itself shows everywhere.
    let due = app.ctx.group.as_ref().is_some_and(|g| {
        let s = &g.settings;
        review_status(s.last_review, s.review_interval_days, g.created_on, app.ctx.today).overdue
    });
    // So does a speaking round left running, until it is ended.
    let notice = match (app.ctx.round_running, due) {
        (Some(day), _) if day == app.ctx.today => " · round running",
        (Some(_), _) => " · a round still running",
        (None, true) => " · review due",
        (None, false) => "",
    };
    // " circle · " before the name, a space after the date.
    let room = (area.width as usize).saturating_sub(10 + notice.len());
    // In a narrow window the group's name matters more than the date.
    let name_room = NAME_ROOM.min(unicode_width::UnicodeWidthStr::width(name.as_str()));
    let show_date = room >= date.len() + 2 + name_room;
    let room = if show_date { room - date.len() - 2 } else { room };
    let left = Line::from(vec![
        Span::styled(" circle", theme.title()),
        Span::styled(" · ", theme.dim()),
        Span::styled(fit(&name, room), theme.normal()),
        Span::styled(notice, theme.warn()),
    ]);
    frame.render_widget(Paragraph::new(left), area);
    if show_date {
        frame.render_widget(Paragraph::new(format!("{date} ")).right_aligned(), area);
    }
}

/// From this width on, the tab row has room for the full titles, three
/// columns apart.
const WIDE_TABS: u16 = 62;

/// The columns a tab row takes with these titles and gaps: the first
/// column, each label ("1 Roster"), and the gaps between them.
const fn tab_row_width(short: bool, gap: usize) -> usize {
    let mut width = 1 + gap * (Tab::COUNT - 1);
    let mut i = 0;
    while i < Tab::COUNT {
        let tab = Tab::ALL[i];
        width += 2 + if short { tab.short_title().len() } else { tab.title().len() };
        i += 1;
    }
    width
}

// Checked as the crate compiles, so a new tab cannot push the row off a
// window the layout promises to work in.
const _: () = {
    assert!(tab_row_width(false, 3) <= WIDE_TABS as usize, "the full titles fit from WIDE_TABS columns");
    assert!(tab_row_width(true, 1) <= MIN_WIDTH as usize, "the short titles fit the narrowest window");
};

/// Each tab's label in a tab row `width` wide, with its first column.
fn tab_labels(width: u16) -> Vec<(Tab, u16, String)> {
    let narrow = width < WIDE_TABS;
    let title = |tab: Tab| if narrow { tab.short_title() } else { tab.title() };
    // Gaps of three, two, or one where two would not leave room for the
    // last label.
    let gap = if !narrow {
        3
    } else if tab_row_width(true, 2) <= usize::from(width) {
        2
    } else {
        1
    };
    let mut x = 1;
    Tab::ALL
        .into_iter()
        .map(|tab| {
            let label = format!("{} {}", tab.key(), title(tab));
            let at = x;
            x += label.len() as u16 + gap;
            (tab, at, label)
        })
        .collect()
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.ctx.theme;
    let mut spans = Vec::new();
    let mut end = 0;
    for (tab, at, label) in tab_labels(area.width) {
        let style = if tab == app.tab { theme.active_tab() } else { theme.dim() };
        spans.push(Span::raw(" ".repeat(usize::from(at - end))));
        end = at + label.len() as u16;
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The tab whose label is under a click in a window of `area`, a column
/// either side of the label included; `None` off the tab row.
pub fn tab_at(area: Rect, at: Position) -> Option<Tab> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT || at.y != area.y + 1 {
        return None;
    }
    let column = at.x.checked_sub(area.x)?;
    tab_labels(area.width)
        .into_iter()
        .find(|(_, x, label)| (x.saturating_sub(1)..x + label.len() as u16 + 1).contains(&column))
        .map(|(tab, ..)| tab)
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.ctx.theme;
    let line = match &app.ctx.flash {
        Some(flash) => {
            let style = if flash.error { theme.error() } else { theme.good() };
            let lines: Vec<Line> =
                flash_rows(&flash.text, area.width).into_iter().map(|r| Line::styled(r, style)).collect();
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        None => {
            let hints = fit_hints(keys::footer_hints(app.context()), area.width as usize);
            let mut line = widgets::hints_line(&hints, theme);
            line.spans.insert(0, Span::raw(" "));
            line
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Why the records are open read-only, in the widest words that fit one
/// row, or the shortest wrapped; it stays as long as the console runs.
fn banner_rows(cause: ReadOnlyCause, width: u16) -> Vec<String> {
    let words = crate::present::read_only::banner(cause);
    let inner = width.saturating_sub(1) as usize;
    match words.iter().find(|w| w.chars().count() <= inner) {
        Some(one) => vec![format!(" {one}")],
        None => widgets::wrap(words[3], inner).into_iter().take(2).map(|r| format!(" {r}")).collect(),
    }
}

/// A footer message in rows of the window's width, three at most (the last
/// cut with a mark only if even that is not enough).
fn flash_rows(text: &str, width: u16) -> Vec<String> {
    let inner = width.saturating_sub(1) as usize;
    let rows = widgets::wrap(&crate::domain::text::display(text), inner);
    let mut out: Vec<String> = rows.iter().take(3).map(|r| format!(" {r}")).collect();
    if rows.len() > 3
        && let Some(last) = out.last_mut()
    {
        *last = format!(" {}", fit(&format!("{}…", rows[2]), inner));
    }
    out
}

/// How many of a pane's first hints are its main keys, kept longest.
const MAIN_KEYS: usize = 4;

/// The hints that fit a footer of `width` columns, dropped by importance:
/// first the pane's less common keys (after its main ones), then the group
/// key, then the pane's main keys from the last; help and quit always stay.
pub fn fit_hints(all: Vec<(String, &'static str)>, width: usize) -> Vec<(String, &'static str)> {
    let own = all.iter().take_while(|(k, _)| k != "?").count();
    let (mut pane, mut global) = (all[..own].to_vec(), all[own..].to_vec());
    // The line as drawn: a leading space, "key hint" items two spaces apart.
    let used = |pane: &[(String, &str)], global: &[(String, &str)]| {
        let items = pane.iter().chain(global);
        let text: usize = items.clone().map(|(k, d)| k.chars().count() + 1 + d.chars().count()).sum();
        1 + text + 2 * items.count().saturating_sub(1)
    };
    while used(&pane, &global) > width {
        if pane.len() > MAIN_KEYS {
            pane.pop();
        } else if global.len() > 2 {
            global.pop();
        } else if pane.pop().is_none() {
            break;
        }
    }
    pane.extend(global);
    pane
}

fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!("Make the window larger to use circle (at least {MIN_WIDTH}×{MIN_HEIGHT}).");
    let lines = (text.len() as u16).div_ceil(area.width.max(1));
    let y = area.y + area.height.saturating_sub(lines) / 2;
    let rect = Rect { x: area.x, y, width: area.width, height: area.height - (y - area.y) };
    frame.render_widget(Paragraph::new(text).style(theme.warn()).centered().wrap(Wrap { trim: true }), rect);
}

fn render_welcome(frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = centered(area, 60, 3);
    frame.render_widget(Paragraph::new("Welcome to circle.").style(theme.title()).centered().block(Block::new()), rect);
}

#[cfg(test)]
mod tests {
    use ratatui::layout::{Constraint, Layout};

    use super::*;

    #[test]
    fn the_rows_are_where_the_layout_solver_put_them() {
        for (width, height) in [(40, 12), (60, 20), (80, 24), (120, 40), (300, 90)] {
            for banner in 0..=3 {
                for footer in 1..=3 {
                    let area = Rect::new(0, 0, width, height);
                    let solved: [Rect; 5] = Layout::vertical([
                        Constraint::Length(1),
                        Constraint::Length(1),
                        Constraint::Length(banner),
                        Constraint::Fill(1),
                        Constraint::Length(footer),
                    ])
                    .areas(area);
                    assert_eq!(areas(area, banner, footer), solved, "{width}x{height}, {banner} and {footer} rows");
                }
            }
        }
    }
}

//! Drawing the roster: a table whose short columns are as wide as what
//! they hold, a name column that gives way first, and only the rows in view.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{FILTERS, RosterPane};
use crate::domain::{MemberStatus, RosterRow};
use crate::present::roster::{Agreed, Attendance, role_short};
use crate::tui::app::Ctx;
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::widgets::fit;

/// The name column keeps at least this many columns before a short column
/// gives way.
const NAME_MIN: usize = 14;

/// The pronouns column: as wide as the longest shown (at least its header,
/// at most 20). The name gives way first, down to what its longest shown
/// name needs (at most NAME_MIN); `None` when there is no room at all.
fn pronouns_width(rows: &[&RosterRow], table_width: usize, fixed: usize) -> Option<usize> {
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let longest = rows.iter().map(|r| width(&r.pronouns)).max().unwrap_or(0);
    let name_needs = rows.iter().map(|r| width(&r.name)).max().unwrap_or(0).clamp(4, NAME_MIN);
    let room = table_width.saturating_sub(fixed + 1 + name_needs);
    (room >= 8).then(|| longest.clamp(8, 20).min(room))
}

impl RosterPane {
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if let Some(round) = &self.round {
            round.render(frame, area, ctx);
            return;
        }
        if let Some(list) = &self.meetings {
            list.render(frame, area, ctx);
            return;
        }
        if let Some(register) = &self.register {
            register.render(frame, area, ctx);
            return;
        }
        let theme = &ctx.theme;
        // The bar on the top row, the table below (by hand, as the columns).
        let bar = Rect { height: area.height.min(1), ..area };
        let table_area = Rect { y: area.y + bar.height, height: area.height - bar.height, ..area };
        let filter = FILTERS[self.filter].label();
        let searching = self.searching || !self.search.value().is_empty();
        // From the fullest wording to the shortest: in a narrow window the
        // words around the filter and the sort go first, then the sort, so
        // what is being typed into the search stays in view.
        let line = |level: usize| {
            let mut spans = vec![Span::styled(if level == 0 { " showing " } else { " " }, theme.dim())];
            if level < 4 || !searching {
                spans.push(Span::raw(filter));
            }
            if level < 3 {
                spans.push(Span::styled(if level < 2 { " · sorted by " } else { " · by " }, theme.dim()));
                spans.push(Span::raw(self.query.sort.label()));
            }
            if searching {
                spans.push(Span::styled(if level < 4 { " · search " } else { "search " }, theme.dim()));
                spans.push(Span::styled(fit(self.search.value(), 20), theme.accent()));
                if self.searching {
                    spans.push(Span::styled("▏", theme.accent()));
                }
            }
            Line::from(spans)
        };
        let shown = (0..4).map(line).find(|l| l.width() <= usize::from(bar.width)).unwrap_or_else(|| line(4));
        let shown_width = shown.width();
        frame.render_widget(Paragraph::new(shown), bar);
        if let Some(failed) = &self.failed {
            crate::tui::panes::failure_state(frame, table_area, failed, theme);
            return;
        }
        // The count is drawn only where it fits beside the rest, never over it.
        let count = format!("{} {} ", self.total, if self.total == 1 { "person" } else { "people" });
        if shown_width + 1 + count.len() <= bar.width as usize {
            frame.render_widget(Paragraph::new(Span::styled(count, theme.dim())).right_aligned(), bar);
        }

        if self.total == 0 {
            let text = if self.query.search.is_empty() && self.filter == 0 {
                format!(
                    "No members yet. Press {} to add the first person.",
                    key_for(Context::Roster, Action::AddMember)
                )
            } else {
                format!(
                    "Nobody matches. Press {} to change the filter or {} to clear the search.",
                    key_for(Context::Roster, Action::NextFilter),
                    key_for(Context::Search, Action::Back)
                )
            };
            crate::tui::panes::empty_state(frame, table_area, &text, theme);
            return;
        }
        let wide = table_area.width >= 76;
        let height = table_area.height.saturating_sub(1).max(1) as usize;
        let scroll =
            self.cursor.offset(height).clamp(self.window_start, self.window_start + self.rows.len().saturating_sub(1));
        self.cursor.set_offset(scroll);
        let first = scroll - self.window_start;
        let visible: Vec<&RosterRow> = self.rows.iter().skip(first).take(height).collect();
        // Short columns are as wide as what they hold; the name takes the
        // rest, and gives way first (down to NAME_MIN) before a short
        // column is cut.
        // The columns after the name, and the gaps between all columns.
        // In the narrowest windows "Last here" goes, so names can still be
        // told apart (the roster of a large group is full of similar names).
        let last_here = wide || usize::from(table_area.width) >= 28 + 5 + NAME_MIN;
        let fixed = match (wide, last_here) {
            (true, _) => 44 + 7,
            (false, true) => 28 + 5,
            (false, false) => 18 + 4,
        };
        let pronouns = pronouns_width(&visible, table_area.width as usize, fixed)
            .filter(|_| wide || visible.iter().any(|r| !r.pronouns.is_empty()));
        let used = fixed + pronouns.map_or(0, |w| w + 1);
        let name_width = (table_area.width as usize).saturating_sub(used).max(4);
        let mut columns: Vec<(&str, usize)> = if wide {
            vec![
                ("Name", name_width),
                ("Status", 8),
                ("Role", 6),
                ("Joined", 10),
                ("Last here", 10),
                ("Att", 4),
                ("Agr", 4),
                ("", 2),
            ]
        } else {
            vec![("Name", name_width), ("Status", 8), ("Last here", 10), ("Att", 4), ("Agr", 4), ("", 2)]
        };
        if !last_here {
            columns.retain(|(header, _)| *header != "Last here");
        }
        if let Some(w) = pronouns {
            columns.insert(1, ("Pronouns", w));
        }
        let widths: Vec<usize> = columns.iter().map(|(_, w)| *w).collect();
        let buf = frame.buffer_mut();
        let header = columns.iter().map(|(h, _)| Span::raw(*h)).collect();
        draw_row(buf, table_area, 0, &widths, header, theme.dim());
        for (i, r) in visible.iter().enumerate() {
            let cells = self.row(r, (wide, last_here), name_width, pronouns, ctx);
            draw_row(buf, table_area, i + 1, &widths, cells, Style::default());
        }
        // The selection is laid over the row's own styles, as a table does.
        if let Some(i) = self.cursor.selected.checked_sub(scroll).filter(|i| *i < visible.len()) {
            let y = table_area.y.saturating_add(1).saturating_add(i as u16);
            buf.set_style(Rect { y, height: 1, ..table_area }.intersection(table_area), theme.selected());
        }
        self.cursor.drawn(frame, table_area, scroll, 1);
    }

    /// One row's cells; `(wide, last_here)` says which columns are shown.
    fn row(
        &self,
        r: &RosterRow,
        (wide, last_here): (bool, bool),
        name_width: usize,
        pronouns: Option<usize>,
        ctx: &Ctx,
    ) -> Vec<Span<'static>> {
        let theme = &ctx.theme;
        let date = |d: Option<NaiveDate>| d.map_or("—".to_string(), |d| d.to_string());
        let rate = Attendance::of(r).short();
        let agreed = Agreed::of(r.signed_version, self.current_version);
        let agreed =
            if agreed.wanted() { Span::styled(agreed.short(), theme.warn()) } else { Span::raw(agreed.short()) };
        let flags = format!("{}{}", if r.invite_to_speak { "I" } else { "" }, if r.access_needs { "A" } else { "" });
        let status_style = match r.status {
            MemberStatus::Active => theme.normal(),
            MemberStatus::Left => theme.dim(),
            _ => theme.accent(),
        };
        // Cut by display width, so names in any script keep the columns
        // aligned, with a mark where a name was cut.
        let name = Span::raw(fit(&r.name, name_width));
        let status = Span::styled(r.status.label(), status_style);
        let role = role_short(r.role);
        let mut cells = if wide {
            vec![
                name,
                status,
                Span::raw(role),
                Span::raw(date(r.joined)),
                Span::raw(date(r.last_attended)),
                Span::raw(rate),
                agreed,
                Span::raw(flags),
            ]
        } else if last_here {
            vec![name, status, Span::raw(date(r.last_attended)), Span::raw(rate), agreed, Span::raw(flags)]
        } else {
            vec![name, status, Span::raw(rate), agreed, Span::raw(flags)]
        };
        if let Some(w) = pronouns {
            cells.insert(1, Span::raw(fit(&r.pronouns, w)));
        }
        cells
    }
}

/// One row of the table, `index` rows below the top of `area`: the row's
/// style across the whole width, then each cell in its column, one space
/// apart, cut at the right edge. The columns' widths are worked out above,
/// so nothing is left to a layout solver (which took longer than the rest
/// of a roster's first frame).
fn draw_row(buf: &mut Buffer, area: Rect, index: usize, widths: &[usize], cells: Vec<Span>, style: Style) {
    let Some(y) = u16::try_from(index).ok().filter(|i| *i < area.height).map(|i| area.y + i) else { return };
    buf.set_style(Rect { y, height: 1, ..area }, style);
    let (mut x, right) = (area.x, area.right());
    for (cell, width) in cells.iter().zip(widths) {
        if x >= right {
            break;
        }
        let width = (*width).min(usize::from(right - x)) as u16;
        buf.set_span(x, y, cell, width);
        x = x.saturating_add(width).saturating_add(1);
    }
}

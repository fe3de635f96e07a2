//! A speaking round during a meeting (the rules are `domain::round`'s): those
//! present in a fair order, one key that starts and stops the speaker's
//! timer, passes as turns, late arrivals, and two views: the facilitator's
//! with minutes, and one to share on screen that shows only the balance.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::{ListCursor, Next, Point};
use crate::domain::MeetingId;
use crate::domain::round::{Cue, Toggled, Turn};
use crate::domain::text::display;
use crate::tui::app::{Ctx, Modal, Purpose};
use crate::tui::keys::{Action, Context, key_for};
use crate::tui::theme::Theme;
use crate::tui::widgets::confirm::Confirm;
use crate::tui::widgets::{big, fit};
use crate::usecase::rounds::RoundView;

pub const GUIDANCE: &str = "A round gives everyone present a turn. Start and stop each speaker's timer with one key; \
a pass is a turn too. The soft marks show when someone reaches the group's minimum time, and when they reach the \
time a person can have today. The shared view shows who is still to speak and whether time has been shared evenly, \
without anyone's minutes. The round is saved as it goes, timer included, and adds to the meeting when it ends.";

/// How often the screen redraws while a timer runs: minutes and seconds
/// need no more, and an idle round does not tick at all.
const TICK: Duration = Duration::from_secs(1);

pub struct RoundScreen {
    pub meeting: MeetingId,
    view: RoundView,
    cursor: ListCursor,
    share: bool,
    /// Choosing someone who arrived late.
    late: Option<(Vec<(crate::domain::MemberId, String)>, ListCursor)>,
}

/// How often, in seconds, a running timer's time changes on screen with
/// reduced motion on.
const CALM_STEP: u64 = 10;

/// The time a speaker has had, as shown: to the second, or with reduced
/// motion in steps of ten seconds, so the screen changes rarely.
fn shown(elapsed: Duration, ctx: &Ctx) -> Duration {
    if ctx.reduced_motion { Duration::from_secs(elapsed.as_secs() / CALM_STEP * CALM_STEP) } else { elapsed }
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

impl RoundScreen {
    pub fn open(meeting: MeetingId, ctx: &mut Ctx) -> Option<RoundScreen> {
        match ctx.circle.start_round(meeting, ctx.seed()) {
            Ok(view) => {
                let at = view.round.current().unwrap_or(0);
                Some(RoundScreen { meeting, view, cursor: ListCursor::at(at), share: false, late: None })
            }
            Err(e) => {
                ctx.error(e);
                None
            }
        }
    }

    pub fn context(&self) -> Context {
        match (&self.late, self.share) {
            (Some(_), _) => Context::LatePick,
            (None, true) => Context::RoundShare,
            (None, false) => Context::Round,
        }
    }

    /// Each second while a timer runs; with reduced motion, only when the
    /// time shown changes (every ten seconds) or a time mark is reached.
    pub fn tick_interval(&self, ctx: &Ctx) -> Option<Duration> {
        self.view.round.tick_interval()?;
        if !ctx.reduced_motion {
            return Some(TICK);
        }
        let elapsed = self.view.round.elapsed(ctx.now())?;
        let step = Duration::from_secs(CALM_STEP);
        let to_step = step - Duration::from_nanos((elapsed.as_nanos() % step.as_nanos()) as u64);
        let minimum = Duration::from_secs(u64::from(self.view.min_minutes) * 60);
        let marks = [Some(minimum), self.view.fair_share].into_iter().flatten();
        let to_mark = marks.filter(|m| *m > elapsed).map(|m| m - elapsed).min();
        Some(to_mark.map_or(to_step, |m| m.min(to_step)))
    }

    pub fn reload(&mut self, ctx: &mut Ctx) {
        match ctx.circle.round(self.meeting) {
            Ok(Some(view)) => {
                self.view = view;
                self.cursor.clamp(self.view.round.len());
            }
            Ok(None) => {}
            Err(e) => ctx.error(e),
        }
    }

    fn save(&mut self, ctx: &mut Ctx) {
        if let Err(e) = ctx.circle.save_round(self.meeting, &self.view.round) {
            ctx.error(e);
        }
    }

    /// A click on a seat, or on someone who arrived late while they are
    /// listed; the shared view has no rows.
    pub fn click(&mut self, point: Point) -> bool {
        match &mut self.late {
            Some((people, cursor)) => cursor.click(point, people.len()),
            None if self.share => false,
            None => self.cursor.click(point, self.view.round.len()),
        }
    }

    /// Applies a round key; `Some(Next)` also when the round is left.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> (Next, bool) {
        if let Some((people, cursor)) = &mut self.late {
            if cursor.apply(action, people.len()) {
                return (Next::Stay, false);
            }
            match action {
                Action::Submit => {
                    if let Some((member, name)) = people.get(cursor.selected).cloned() {
                        self.late = None;
                        match ctx.circle.add_late_arrival(self.meeting, &mut self.view.round, member) {
                            Ok(()) => {
                                ctx.info(format!("{} is here, and is added to the end of the round.", display(&name)))
                            }
                            Err(e) => ctx.error(e),
                        }
                        self.reload(ctx);
                    }
                }
                Action::Back => self.late = None,
                _ => {}
            }
            return (Next::Stay, false);
        }
        let now = ctx.now();
        let round = &mut self.view.round;
        let result = match action {
            Action::Up | Action::Down | Action::Top | Action::Bottom | Action::PageUp | Action::PageDown => {
                self.cursor.apply(action, round.len());
                return (Next::Stay, false);
            }
            Action::Timer => round.toggle(now).map(|t| {
                if let Toggled::Started(at) = t {
                    self.cursor.selected = at;
                } else if let Some(next) = round.current() {
                    self.cursor.selected = next;
                }
            }),
            Action::Pass => round.pass().map(|_| {
                if let Some(next) = round.current() {
                    self.cursor.selected = next;
                }
            }),
            Action::MoveUp => round.move_up(self.cursor.selected).map(|at| self.cursor.selected = at),
            Action::MoveDown => round.move_down(self.cursor.selected).map(|at| self.cursor.selected = at),
            Action::Shuffle => {
                round.reshuffle(ctx.seed());
                Ok(())
            }
            Action::Undo => round.undo_last(now).map(|at| self.cursor.selected = at),
            Action::LateArrival => {
                match ctx.circle.not_here(self.meeting) {
                    Ok(people) if people.is_empty() => ctx.info("Everyone on the roster is already here."),
                    Ok(people) => self.late = Some((people, ListCursor::default())),
                    Err(e) => ctx.error(e),
                }
                return (Next::Stay, false);
            }
            Action::Share => {
                self.share = !self.share;
                return (Next::Stay, false);
            }
            Action::FinishRound => {
                let left = round.still_to_speak().len();
                let text = match left {
                    0 => "Add this round to today's meeting? Each person's time and turn are kept.".to_string(),
                    n => format!("{n} still to speak. End the round now and add it to today's meeting?"),
                };
                let confirm = Confirm::new("End the round", text);
                return (
                    Next::Open(Modal::Confirm(confirm, Purpose::Roster(super::roster::RosterPurpose::EndRound))),
                    false,
                );
            }
            Action::Back if self.share => {
                self.share = false;
                return (Next::Stay, false);
            }
            // The round carries on (its timer too) while the facilitator
            // looks elsewhere.
            Action::Back => return (Next::Stay, true),
            _ => return (Next::Stay, false),
        };
        match result {
            Ok(()) => self.save(ctx),
            Err(e) => ctx.info(e.to_string()),
        }
        (Next::Stay, false)
    }

    /// The facilitator confirmed the end of the round.
    pub fn finish(&mut self, ctx: &mut Ctx) -> bool {
        match ctx.circle.finish_round(self.meeting, &self.view.round, ctx.now()) {
            Ok(ended) => {
                let k = key_for(Context::Global, Action::StartRound);
                ctx.info(ended.said(&format!("{k} starts another when you are ready.")));
                true
            }
            Err(e) => {
                ctx.error(e);
                // Show the round as it is saved now.
                self.reload(ctx);
                false
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if self.share {
            return self.render_share(frame, area, &ctx.theme);
        }
        let theme = &ctx.theme;
        let now = ctx.now();
        let v = &self.view;
        let [head, list] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        let share = v.fair_share.map_or(String::new(), |d| format!(" · about {} each today", clock(d)));
        let title = format!(" Round · {} here{share} · minimum {} min", v.round.len(), v.min_minutes);
        let status = match (v.round.speaking(), v.round.current()) {
            (Some(at), _) => {
                let who = v.name(v.round.seats()[at].speaker.member);
                let elapsed = v.round.elapsed(now).unwrap_or_default();
                let cue = match v.round.cue(now, v.min_minutes, v.fair_share) {
                    Cue::None => String::new(),
                    Cue::ReachedMinimum => " · ◔ minimum reached".into(),
                    Cue::ReachedFairShare => " · ◉ their share of today's time".into(),
                };
                format!(" {} speaking · {}{cue}", display(&who), clock(shown(elapsed, ctx)))
            }
            (None, Some(at)) => {
                let who = v.name(v.round.seats()[at].speaker.member);
                let key = key_for(Context::Round, Action::Timer);
                format!(" Next: {} · {key} starts their time", display(&who))
            }
            (None, None) => {
                let key = key_for(Context::Round, Action::FinishRound);
                format!(" Everyone has had their turn · {key} ends the round")
            }
        };
        let cue_style = match v.round.cue(now, v.min_minutes, v.fair_share) {
            Cue::ReachedFairShare => theme.warn(),
            Cue::ReachedMinimum => theme.accent(),
            Cue::None => theme.normal(),
        };
        frame.render_widget(
            Paragraph::new(vec![Line::styled(title, theme.title()), Line::styled(status, cue_style)]),
            head,
        );
        if let Some((people, cursor)) = &self.late {
            let items: Vec<ListItem> = people.iter().map(|(_, n)| ListItem::new(format!("  {}", fit(n, 60)))).collect();
            let title =
                format!(" Who has arrived? {} adds them to the round", key_for(Context::LatePick, Action::Submit));
            let [t, l] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(list);
            frame.render_widget(Paragraph::new(Line::styled(title, theme.accent())), t);
            let mut state = ListState::default().with_selected(Some(cursor.selected));
            frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), l, &mut state);
            cursor.drawn(frame, l, state.offset(), 0);
            return;
        }
        let width = list.width as usize;
        let items: Vec<ListItem> = v
            .round
            .seats()
            .iter()
            .enumerate()
            .map(|(i, seat)| {
                let name = display(&v.name(seat.speaker.member)).into_owned();
                let invite = if seat.speaker.invite { " · likes to be invited" } else { "" };
                let (mark, state, style) = match seat.turn {
                    Turn::NotYet => ("  ", "still to speak".to_string(), theme.dim()),
                    Turn::Speaking { .. } => (
                        "▸ ",
                        format!("speaking {}", clock(shown(v.round.elapsed(now).unwrap_or_default(), ctx))),
                        theme.accent(),
                    ),
                    Turn::Spoke { seconds } => {
                        ("✓ ", format!("spoke {}", clock(Duration::from_secs(u64::from(seconds)))), theme.good())
                    }
                    Turn::Passed => ("✓ ", "passed".to_string(), theme.good()),
                };
                // Name, then a state column of fixed width, then the gentle
                // note, so the columns line up whoever has one.
                let label_width = width.saturating_sub(3 + 16 + 24).max(8);
                let label = format!("{:>2}. {}", i + 1, fit(&name, label_width.saturating_sub(4)));
                ListItem::new(Line::from(vec![
                    Span::styled(format!(" {mark}"), style),
                    Span::raw(crate::tui::widgets::pad(&label, label_width)),
                    Span::styled(crate::tui::widgets::pad(&format!(" {state}"), 16), style),
                    Span::styled(invite, theme.dim()),
                ]))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), list, &mut state);
        self.cursor.drawn(frame, list, state.offset(), 0);
    }

    /// The view to share on a screen everyone sees: who speaks (in big
    /// letters where they fit), who is still to speak, and whether time has
    /// been shared evenly, centred, with nobody's minutes. The console
    /// draws it on the whole window, with no keys and no messages (see
    /// `chrome::render`).
    fn render_share(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        use tui_big_text::{BigText, PixelSize};
        let v = &self.view;
        let balance = v.round.balance();
        let width = area.width.saturating_sub(4).max(1);
        let (label, name) = match (balance.speaking, v.round.current()) {
            (Some(m), _) => ("Speaking now", Some(display(&v.name(m)).into_owned())),
            (None, Some(at)) => {
                ("Next to speak", Some(display(&v.name(v.round.seats()[at].speaker.member)).into_owned()))
            }
            (None, None) => ("Everyone has had their turn. Thank you.", None),
        };
        // The name as large as the window allows: 8x8 glyphs, then 4x4,
        // then ordinary letters.
        let fits = |cell: u16| name.as_deref().is_some_and(|n| big::fits_big_glyphs(n, usize::from(width / cell)));
        let size = if area.height >= 30 && fits(8) {
            Some((PixelSize::Full, 8))
        } else if area.height >= 16 && fits(4) {
            Some((PixelSize::Quadrant, 4))
        } else {
            None
        };
        let name_rows = match (size, &name) {
            (Some((_, rows)), _) => rows,
            (None, Some(_)) => 1,
            (None, None) => 0,
        };
        let waiting: Vec<String> = balance.still_to_speak.iter().map(|m| display(&v.name(*m)).into_owned()).collect();
        let waiting = match waiting.len() {
            0 => String::new(),
            _ => format!("Still to speak: {}", waiting.join(", ")),
        };
        let waiting_rows = crate::tui::widgets::wrap(&waiting, usize::from(width)).len() as u16;
        let so_far = format!("{} spoke and {} passed so far.", balance.spoke, balance.passed);
        let rows = [1, 1, 1, name_rows, 1, waiting_rows, 1, 1, 1];
        let total: u16 = rows.iter().sum();
        let top = area.y + area.height.saturating_sub(total) / 2;
        let mut y = top;
        let mut row = |height: u16| {
            let r = Rect { x: area.x + 2, y, width, height: height.min((area.y + area.height).saturating_sub(y)) };
            y = y.saturating_add(height);
            r
        };
        frame.render_widget(Paragraph::new(Line::styled("Our round", theme.dim())).centered(), row(1));
        row(1);
        frame.render_widget(Paragraph::new(Line::styled(label, theme.accent())).centered(), row(1));
        let name_area = row(name_rows);
        if let Some(name) = name {
            match size {
                Some((pixels, _)) => {
                    let big = BigText::builder()
                        .pixel_size(pixels)
                        .style(theme.title())
                        .lines(vec![Line::raw(name)])
                        .centered()
                        .build();
                    frame.render_widget(big, name_area);
                }
                None => frame.render_widget(Paragraph::new(Line::styled(name, theme.title())).centered(), name_area),
            }
        }
        row(1);
        frame.render_widget(Paragraph::new(waiting).centered().wrap(Wrap { trim: true }), row(waiting_rows));
        row(1);
        frame.render_widget(Paragraph::new(Line::styled(so_far, theme.dim())).centered(), row(1));
        frame.render_widget(Paragraph::new(Line::styled(balance.evenness.label(), theme.accent())).centered(), row(1));
    }
}

//! Reading ahead: once the first frame is on screen, the roster, size
//! health and the agreement are read on a thread with a connection of its
//! own, so the first visit to each tab costs what coming back to it costs.
//! On a group of thousands, size health's first reading takes several
//! milliseconds, the roster's and the agreement's one or two: a key would
//! otherwise wait for them. Size health's details (a line for each of
//! hundreds waiting or speaking) are laid out there too, for the window as
//! the first frame found it.
//!
//! What was read ahead is used only if nothing changed since: it carries
//! the data's revision from when it was asked for, and a tab takes it only
//! when the revision, the group and the day are still the same (the
//! revision changes with every write here and with another connection's
//! commit). Otherwise the tab reads as it always did.
//!
//! This is the one place the console reads on another thread (a loop that
//! blocks on one thread is the rule: ARCHITECTURE.md, "Reading ahead"): the
//! loop itself still blocks on input and draws on this thread, and the worker
//! is a single reading that ends, never a runtime or a queue. A reading that
//! fails is not tried again until the data changes, so a missing file cannot
//! make every key start a thread.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::NaiveDate;

use super::App;
use crate::domain::GroupId;
use crate::tui::Tab;
use crate::tui::panes::roster::{RosterPane, RosterRead};
use crate::tui::panes::size::SizeAhead;
use crate::usecase::agreement::AgreementOverview;

/// The tabs' first readings, made on another thread.
pub(super) struct ReadAhead {
    revision: (i64, u64),
    group: GroupId,
    today: NaiveDate,
    roster: Option<RosterRead>,
    size: Option<SizeAhead>,
    agreement: Option<AgreementOverview>,
}

/// Reading ahead, from asking to taking.
#[derive(Default)]
pub(super) enum Ahead {
    #[default]
    None,
    /// Being read, at this revision. `None` comes back when the database
    /// could not be opened (noted in the log); nothing at all when the
    /// reading stopped on a panic.
    Asked(Receiver<Option<ReadAhead>>, (i64, u64)),
    Ready(Box<ReadAhead>),
    /// The reading at this revision came to nothing.
    Failed((i64, u64)),
}

/// Said when reading ahead stopped on a panic: the console goes on, each
/// tab reading for itself, and the log has where it stopped.
pub const STOPPED: &str = "Reading ahead stopped unexpectedly, so each tab reads for itself; circle check says more.";

impl Ahead {
    /// Moves a finished reading from asked to ready (or failed). Returns
    /// whether it stopped on a panic.
    #[must_use]
    fn poll(&mut self) -> bool {
        let Ahead::Asked(receive, revision) = self else { return false };
        let (next, stopped) = match receive.try_recv() {
            Ok(Some(ahead)) => (Ahead::Ready(Box::new(ahead)), false),
            Ok(None) => (Ahead::Failed(*revision), false),
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => (Ahead::Failed(*revision), true),
        };
        *self = next;
        stopped
    }
}

impl App {
    /// Starts reading ahead the tabs not yet shown. Called once, after the
    /// first frame. Records open read-only (a copy in memory) are not read
    /// again from the file.
    pub fn read_ahead(&mut self) {
        let unread = |tab: Tab| self.loaded[tab.index()].is_none();
        let (roster, size, agreement) = (unread(Tab::Roster), unread(Tab::Size), unread(Tab::Agreement));
        self.start_reading_ahead(roster, size, agreement);
    }

    /// After a change (here or by another program), reads size health and
    /// the agreement again ahead of a visit, if they are not on screen: on a
    /// group of thousands size health takes several milliseconds to work
    /// out, and taking the register just before looking at it is the usual
    /// way there. Called by the console after each batch of keys; a key
    /// that changed nothing costs one comparison. The roster is not read
    /// again here, as what it reads depends on where it was left.
    pub fn read_ahead_after_change(&mut self) {
        // Quitting writes the tab to reopen on: nothing to read for that.
        if self.should_quit() {
            return;
        }
        self.poll_ahead();
        let Some(now) = self.ctx.circle.revision() else { return };
        match &self.ahead {
            Ahead::Asked(..) => return,
            Ahead::Ready(ahead) if ahead.revision == now => return,
            Ahead::Failed(revision) if *revision == now => return,
            _ => {}
        }
        let stale = |tab: Tab| self.tab != tab && self.loaded[tab.index()].is_none_or(|seen| seen != now);
        let (size, agreement) = (stale(Tab::Size) && self.size.can_take_read_ahead(), stale(Tab::Agreement));
        self.start_reading_ahead(false, size, agreement);
    }

    fn start_reading_ahead(&mut self, roster: bool, size: bool, agreement: bool) {
        let circle = &self.ctx.circle;
        let (Some(group), Some(revision)) = (self.ctx.group_id(), circle.revision()) else { return };
        if circle.read_only().is_some() || !(roster || size || agreement) {
            return;
        }
        let (reopener, today) = (circle.reopener(), self.ctx.today);
        #[cfg(test)]
        let path = circle.path().to_path_buf();
        let (theme, dates, width) = (self.ctx.theme, self.ctx.dates, self.last_frame.get().1.width);
        let (send, receive) = channel();
        let started =
            std::thread::Builder::new().name(crate::tui::terminal::READ_AHEAD_THREAD.into()).spawn(move || {
                #[cfg(test)]
                tests::panic_if_asked(&path);
                let circle = match reopener.open() {
                    Ok(circle) => circle,
                    Err(e) => {
                        log::warn!(target: "circle::read_ahead", "could not open the database: {}", e.kind());
                        let _ = send.send(None);
                        return;
                    }
                };
                let ahead = ReadAhead {
                    revision,
                    group,
                    today,
                    roster: roster.then(|| RosterPane::read_ahead(&circle, group).ok()).flatten(),
                    size: size
                        .then(|| circle.size_report(group, today).ok())
                        .flatten()
                        .map(|report| SizeAhead::new(report, theme, dates, width)),
                    agreement: agreement.then(|| circle.agreement_overview(group).ok()).flatten(),
                };
                let _ = send.send(Some(ahead));
            });
        self.ahead = match started {
            Ok(_) => Ahead::Asked(receive, revision),
            Err(_) => Ahead::Failed(revision),
        };
    }

    /// Waits for reading ahead to finish: for tests, which need to know it
    /// has, and on the way out, so no reading outlives the console.
    pub fn wait_for_read_ahead(&mut self) {
        if let Ahead::Asked(receive, revision) = &self.ahead {
            let (next, stopped) = match receive.recv() {
                Ok(Some(ahead)) => (Ahead::Ready(Box::new(ahead)), false),
                Ok(None) => (Ahead::Failed(*revision), false),
                Err(_) => (Ahead::Failed(*revision), true),
            };
            self.ahead = next;
            if stopped {
                self.ctx.error(STOPPED);
            }
        }
    }

    /// Takes a reading that has finished, and says so when it stopped on
    /// a panic.
    fn poll_ahead(&mut self) {
        if self.ahead.poll() {
            self.ctx.error(STOPPED);
        }
    }

    /// Gives `tab` what was read ahead for it, if that is still what it
    /// would read now. Returns whether the tab took it (and needs no read).
    pub(super) fn take_read_ahead(&mut self, tab: Tab) -> bool {
        // Not finished yet: the tab reads for itself, as before.
        self.poll_ahead();
        let Ahead::Ready(ahead) = &mut self.ahead else { return false };
        let now = self.ctx.circle.revision();
        if now != Some(ahead.revision) || self.ctx.group_id() != Some(ahead.group) || self.ctx.today != ahead.today {
            self.ahead = Ahead::None;
            return false;
        }
        let taken = match tab {
            Tab::Roster => {
                ahead.roster.take().is_some_and(|read| self.roster.take_read_ahead(read, ahead.group, ahead.revision))
            }
            Tab::Size => ahead.size.take().is_some_and(|size| self.size.take_read_ahead(size)),
            Tab::Agreement => ahead.agreement.take().is_some_and(|overview| self.agreement.take_read_ahead(overview)),
            Tab::Endings => false,
        };
        if taken {
            self.loaded[tab.index()] = Some(ahead.revision);
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::{Ahead, App};
    use crate::domain::members_csv::ImportRow;
    use crate::domain::{MemberFields, MemberStatus, NewGroup, Openness};
    use crate::tui::Tab;
    use crate::tui::keys::Action;
    use crate::tui::theme::Theme;
    use crate::usecase::Circle;
    use crate::usecase::membership::Answers;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// Databases whose reading ahead a test makes stop on a panic.
    static PANIC_ON: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

    pub(super) fn panic_if_asked(path: &std::path::Path) {
        if PANIC_ON.lock().is_ok_and(|asked| asked.iter().any(|p| p == path)) {
            panic!("reading ahead stops here, as the test asked");
        }
    }

    #[test]
    fn a_reading_that_stops_on_a_panic_is_said_and_each_tab_reads_for_itself() {
        let (_dir, path) = database();
        PANIC_ON.lock().unwrap().push(path.clone());
        let mut app = open(&path);
        app.read_ahead();
        app.wait_for_read_ahead();
        assert!(matches!(app.ahead, Ahead::Failed(_)));
        assert_eq!(app.ctx.flash.as_ref().map(|f| f.text.as_str()), Some(super::STOPPED));
        app.update(Action::GoTab(Tab::Roster));
        assert!(screen(&app).contains("Person 000"), "{}", screen(&app));
    }

    /// A group of 300 with a register, open on the Agreement tab, so
    /// neither the roster nor size health has been read.
    fn database() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ahead.db");
        let mut circle = Circle::open(&path).unwrap();
        let new = NewGroup { name: "Large".into(), focus: String::new(), openness: Openness::Open };
        let group = circle.create_group(&new, day()).unwrap();
        let rows: Vec<ImportRow> = (0..300)
            .map(|i| ImportRow {
                line: i + 2,
                fields: MemberFields::named(&format!("Person {i:03}")),
                status: if i % 7 == 0 { MemberStatus::Waitlist } else { MemberStatus::Active },
            })
            .collect();
        // Past the group's size on purpose: a roster long enough to read ahead.
        circle.import_members(group.id, &rows, day(), Answers::ALL).unwrap();
        circle.remember_tab(Tab::Agreement.title()).unwrap();
        (dir, path)
    }

    fn open(path: &std::path::Path) -> App {
        let app = App::new(Circle::open(path).unwrap(), day(), Theme { color: false, ..Theme::default() });
        assert_eq!(app.tab, Tab::Agreement, "the test starts away from the roster and size health");
        app
    }

    fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|frame| app.render(frame)).unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn the_agreement_is_read_ahead_too_when_the_console_opens_elsewhere() {
        let (_dir, path) = database();
        let mut circle = Circle::open(&path).unwrap();
        let group = circle.group_named("Large").unwrap().id;
        circle.save_draft(group, None, crate::domain::agreement::TEMPLATE).unwrap();
        circle.adopt_draft(group, "our first", day()).unwrap();
        circle.remember_tab(Tab::Endings.title()).unwrap();
        drop(circle);
        let fresh = || App::new(Circle::open(&path).unwrap(), day(), Theme { color: false, ..Theme::default() });
        let (mut ahead, mut plain) = (fresh(), fresh());
        ahead.read_ahead();
        ahead.wait_for_read_ahead();
        assert!(matches!(&ahead.ahead, Ahead::Ready(read) if read.agreement.is_some()), "the agreement was read ahead");
        ahead.update(Action::GoTab(Tab::Agreement));
        plain.update(Action::GoTab(Tab::Agreement));
        assert!(matches!(&ahead.ahead, Ahead::Ready(read) if read.agreement.is_none()), "and taken on the visit");
        let shown = screen(&ahead);
        assert_eq!(shown, screen(&plain));
        assert!(shown.contains("257 have not yet agreed to v1: Person 001, Person 002"), "{shown}");
    }

    #[test]
    fn after_a_change_size_health_is_read_again_ahead_of_the_next_visit() {
        let (_dir, path) = database();
        let mut app = open(&path);
        screen(&app);
        app.read_ahead();
        app.wait_for_read_ahead();
        app.update(Action::GoTab(Tab::Size));
        app.update(Action::GoTab(Tab::Roster));
        app.read_ahead_after_change();
        assert!(!matches!(app.ahead, Ahead::Asked(..)), "nothing changed, nothing is read");

        let group = app.ctx.group_id().unwrap();
        let fields = MemberFields::named("Aaron Waiting");
        app.ctx.circle.add_member(group, fields, MemberStatus::Waitlist, day(), Default::default()).unwrap();
        app.read_ahead_after_change();
        app.wait_for_read_ahead();
        assert_eq!(waiting(&app), (false, true), "size health was read again, the roster was not");
        app.update(Action::GoTab(Tab::Size));
        assert_eq!(waiting(&app), (false, false), "and taken on the visit");
        let mut fresh = open(&path);
        fresh.update(Action::GoTab(Tab::Size));
        assert_eq!(screen(&app), screen(&fresh));
        // The reading has the change: the newcomer is on the waitlist.
        let mut tall = Terminal::new(TestBackend::new(100, 120)).unwrap();
        tall.draw(|frame| app.render(frame)).unwrap();
        assert!(tall.backend().to_string().contains("Aaron Waiting"));
    }

    #[test]
    fn nothing_is_read_again_on_the_way_out_or_after_a_reading_failed() {
        let (_dir, path) = database();
        let mut app = open(&path);
        app.update(Action::GoTab(Tab::Size));
        app.update(Action::GoTab(Tab::Roster));
        let group = app.ctx.group_id().unwrap();
        let fields = MemberFields::named("Aaron Waiting");
        app.ctx.circle.add_member(group, fields, MemberStatus::Waitlist, day(), Default::default()).unwrap();

        // A reading that failed at this revision is not tried again.
        let now = app.ctx.circle.revision().unwrap();
        app.ahead = Ahead::Failed(now);
        app.read_ahead_after_change();
        assert!(matches!(app.ahead, Ahead::Failed(_)), "no new thread for the same data");

        // Quitting remembers the tab, a write: it starts no reading.
        app.update(Action::Quit);
        assert!(app.should_quit());
        app.read_ahead_after_change();
        assert!(!matches!(app.ahead, Ahead::Asked(..)), "nothing is read on the way out");
    }

    fn waiting(app: &App) -> (bool, bool) {
        match &app.ahead {
            Ahead::Ready(ahead) => (ahead.roster.is_some(), ahead.size.is_some()),
            _ => (false, false),
        }
    }

    #[test]
    fn first_visits_show_what_was_read_ahead_exactly_as_a_fresh_read() {
        let (_dir, path) = database();
        let mut ahead = open(&path);
        // As in the console: the first frame, then reading ahead.
        screen(&ahead);
        ahead.read_ahead();
        ahead.wait_for_read_ahead();
        assert_eq!(waiting(&ahead), (true, true), "both tabs were read ahead");
        let mut plain = open(&path);
        for tab in [Tab::Roster, Tab::Size] {
            ahead.update(Action::GoTab(tab));
            plain.update(Action::GoTab(tab));
            if tab == Tab::Size {
                assert_eq!(ahead.size.details_width(), Some(98), "the details came laid out for the window");
            }
            assert_eq!(screen(&ahead), screen(&plain), "{tab:?} as read ahead and as read on the visit");
        }
        assert_eq!(waiting(&ahead), (false, false), "each tab took its reading");
        // Moving on from a roster read ahead reads the next rows as usual.
        ahead.update(Action::GoTab(Tab::Roster));
        ahead.update(Action::Bottom);
        plain.update(Action::GoTab(Tab::Roster));
        plain.update(Action::Bottom);
        assert_eq!(screen(&ahead), screen(&plain));
        assert!(screen(&ahead).contains("Person 299"));
    }

    #[test]
    fn an_edit_here_after_reading_ahead_is_not_hidden_by_it() {
        let (_dir, path) = database();
        let mut app = open(&path);
        app.read_ahead();
        app.wait_for_read_ahead();
        let group = app.ctx.group_id().unwrap();
        let fields = MemberFields::named("Aaron Newcomer");
        app.ctx.circle.add_member(group, fields, MemberStatus::Enquiry, day(), Default::default()).unwrap();
        app.update(Action::GoTab(Tab::Roster));
        let roster = screen(&app);
        assert!(roster.contains("Aaron Newcomer") && roster.contains("301 people"), "{roster}");
        assert!(matches!(app.ahead, Ahead::None), "the stale reading is dropped");
    }

    #[test]
    fn another_consoles_edit_after_reading_ahead_is_not_hidden_by_it() {
        let (_dir, path) = database();
        let mut app = open(&path);
        app.read_ahead();
        app.wait_for_read_ahead();
        let mut other = Circle::open(&path).unwrap();
        let group = app.ctx.group_id().unwrap();
        let fields = MemberFields::named("Aaron Elsewhere");
        other.add_member(group, fields, MemberStatus::Enquiry, day(), Default::default()).unwrap();
        app.update(Action::GoTab(Tab::Size));
        app.update(Action::GoTab(Tab::Roster));
        let roster = screen(&app);
        assert!(roster.contains("Aaron Elsewhere") && roster.contains("301 people"), "{roster}");
    }

    #[test]
    fn nothing_is_read_ahead_for_tabs_already_read_or_records_open_read_only() {
        let (_dir, path) = database();
        let mut app = open(&path);
        app.update(Action::GoTab(Tab::Roster));
        app.update(Action::GoTab(Tab::Size));
        app.read_ahead();
        assert!(matches!(app.ahead, Ahead::None));
    }
}

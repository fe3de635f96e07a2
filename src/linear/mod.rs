//! Linear mode: circle as plain appended lines, for screen-reader users and
//! terminals that cannot draw (`--linear`; the README's "Linear mode" says
//! what turns it on).
//!
//! Nothing here redraws, moves the cursor or draws boxes: every answer is a
//! few whole lines, input is read a line at a time, and every prompt names
//! the place it belongs to ("Register> "). Places are numbered lists
//! answered by number or a short word. Like the console, this front end
//! only calls the use cases; it keeps no rule of its own.
//!
//! A place is a [`Place`]: it says what it is (prompt, `w`, `h`) and turns
//! a line into a use case call and its outcome into sentences. The words
//! every place shares (`h`, `w`, `r`, `q`, `m`, the names of places) are
//! taken first, here.

mod activation;
mod agreement;
mod answers;
mod collect;
mod drafting;
mod endings;
mod group_settings;
mod groups;
mod input;
mod meeting_details;
mod meetings;
mod menu;
mod more;
mod next;
mod out;
mod people;
mod place;
mod reading;
mod register;
mod rooms;
mod roster;
mod round;
mod timer;
mod typed;
pub mod unlock;
mod words;

use std::collections::HashSet;
use std::io::{BufRead, Write};

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::text::display;
use crate::domain::{Group, GroupId};
use crate::present::DateStyle;
use crate::usecase::Circle;
pub use activation::activation;
pub use input::{Ask, Got, Lines, Terminal, restore_echo, restore_on_signals};
pub use menu::Area;
use out::Out;
pub use place::{Go, Place};
use words::Input;

/// What linear mode takes from outside besides the data: the clock and the
/// seeds (tests fix both), and a sentence to say at the start.
pub struct Options {
    pub clock: Box<dyn Fn() -> DateTime<Utc>>,
    /// Seeds for a round's order and the card deal.
    pub seed: Box<dyn FnMut() -> u64>,
    /// Said right after the first line: a damaged file, a backup that failed.
    pub notice: Option<String>,
    /// The daily backup under way beside linear mode: what went wrong is
    /// said at the next prompt, or before goodbye (which waits for it).
    pub backup: Option<crate::usecase::daily_backup::Running>,
    /// How days are written (the settings file's `date_format`), as in the
    /// console.
    pub dates: DateStyle,
    /// Whether a speaker reaching a time mark rings the terminal's bell
    /// (the settings file's `bell`).
    pub bell: bool,
    /// The first line, why linear mode is on, was said already (before the
    /// question whether to make a new database).
    pub announced: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            clock: Box::new(Utc::now),
            seed: Box::new(rand::random::<u64>),
            notice: None,
            backup: None,
            dates: DateStyle::default(),
            bell: true,
            announced: false,
        }
    }
}

/// Runs linear mode until the facilitator quits or input ends.
pub fn run(
    circle: Circle,
    today: NaiveDate,
    reason: &str,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    run_with(circle, today, reason, Options::default(), input, output)
}

/// [`run`] with the clock, the seeds and a notice given.
pub fn run_with(
    circle: Circle,
    today: NaiveDate,
    reason: &str,
    options: Options,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    run_lines(circle, today, reason, options, &mut input::Plain(input), output)
}

/// [`run_with`] reading from a source that may hide a line and wake at a
/// time mark: the terminal ([`Terminal`]), or a test's script.
pub fn run_lines(
    circle: Circle,
    today: NaiveDate,
    reason: &str,
    options: Options,
    input: &mut dyn Lines,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let Options { clock, seed, notice, mut backup, dates, bell, announced } = options;
    let out = Out::new(output);
    let mut ctx = Ctx {
        circle,
        today,
        dates,
        group: None,
        out,
        clock,
        seed,
        round: None,
        hinted: HashSet::new(),
        bell,
        held: None,
        more: more::More::default(),
    };
    if !announced {
        ctx.say(format!("Linear mode is on because {reason}."));
    }
    if let Some(cause) = ctx.circle.read_only() {
        ctx.say(crate::present::read_only::notice(cause));
    }
    if let Some(notice) = notice {
        ctx.say(notice);
    }
    ctx.say(format!(
        "Plain lines for screen readers: numbered choices, answered by a number or a short word. Today is {}.",
        ctx.day(today)
    ));
    ctx.say("Type h for help at any prompt, w to hear where you are, r to repeat, q to quit.");
    let mut place: Box<dyn Place> = match ctx.circle.remembered_group() {
        Ok(Some(id)) => {
            ctx.set_group(id);
            timer::resume(&mut ctx);
            Box::new(menu::Main::enter(&mut ctx))
        }
        Ok(None) => Box::new(groups::Groups::enter(&mut ctx)),
        Err(e) => {
            ctx.fail(e);
            Box::new(groups::Groups::enter(&mut ctx))
        }
    };
    loop {
        ctx.out.end_answer();
        hear_backup(&mut ctx, &mut backup, false);
        let prompt = prompt(&ctx, place.as_ref());
        ctx.out.prompt(&prompt);
        if let Some(e) = ctx.out.take_failure() {
            return Err(e.into());
        }
        let line = loop {
            let ask = Ask { secret: place.secret() && ctx.held.is_none(), wake: timer::next_cue(&ctx) };
            match input.line(ask)? {
                // A time mark while the facilitator listens: one line and
                // the bell, then the prompt again.
                Got::Woke if timer::cue_due(&ctx) => {
                    ctx.out.newline();
                    timer::tell_cues(&mut ctx, true);
                    ctx.out.end_answer();
                    ctx.out.prompt(&prompt);
                }
                Got::Woke => {}
                Got::Line(line) => break Some(line),
                Got::End => break None,
            }
        };
        let Some(line) = line else {
            ctx.out.newline();
            hear_backup(&mut ctx, &mut backup, true);
            goodbye(&mut ctx);
            break;
        };
        timer::tell_cues(&mut ctx, false);
        if ctx.circle.changed_elsewhere() {
            ctx.say("Someone else changed this database meanwhile: type l to hear the list as it is now.");
        }
        match take_line(&mut ctx, place.as_mut(), &line) {
            Go::Stay => {}
            Go::To(area) => {
                if let Some(new) = open(area, &mut ctx) {
                    place = new;
                }
            }
            Go::Into(new) => place = new,
            Go::Quit => {
                hear_backup(&mut ctx, &mut backup, true);
                goodbye(&mut ctx);
                break;
            }
        }
        if let Some(e) = ctx.out.take_failure() {
            return Err(e.into());
        }
    }
    ctx.out.take_failure().map_or(Ok(()), |e| Err(e.into()))
}

/// The prompt: the place's own, or the question about a word typed as text.
fn prompt(ctx: &Ctx, place: &dyn Place) -> String {
    match &ctx.held {
        Some(held) => held.prompt(),
        None => place.prompt(ctx),
    }
}

/// Says what the daily backup came to if it went wrong, once it has
/// ended; with `wait`, waits for it (on the way out, so quitting at once
/// does not cut it short).
fn hear_backup(ctx: &mut Ctx, backup: &mut Option<crate::usecase::daily_backup::Running>, wait: bool) {
    let outcome = backup.as_ref().and_then(|running| if wait { Some(running.wait()) } else { running.poll() });
    if let Some(outcome) = outcome {
        *backup = None;
        if let Some(notice) = outcome.notice() {
            ctx.say(notice);
        }
    }
}

fn goodbye(ctx: &mut Ctx) {
    if ctx.round.is_some() {
        ctx.say("The round in progress is kept: type round to carry on next time.");
    }
    ctx.say("Goodbye.");
}

/// The words every place shares come first; the rest goes to the place.
/// Where a place asks for text, a line that is only one of those words is
/// asked about before it is taken either way ([`typed`]).
fn take_line(ctx: &mut Ctx, place: &mut dyn Place, line: &str) -> Go {
    if let Some(held) = ctx.held.take() {
        return typed::answer(ctx, place, held, line);
    }
    // The rest of a long answer waits only while the facilitator asks for
    // it, or asks where they are or to hear the page again.
    if !matches!(line.trim().to_lowercase().as_str(), "more" | "r" | "repeat" | "w" | "where") {
        ctx.more.clear();
    }
    if place.wants_text() {
        if let Some(word) = typed::Word::of(line) {
            ctx.held = Some(typed::hold(ctx, line, word, place.secret()));
            return Go::Stay;
        }
        return place.text(ctx, line);
    }
    let input = words::parse(line);
    if let Input::Word { word, rest } = &input
        && rest.is_empty()
    {
        match word.as_str() {
            "h" | "help" | "?" => {
                place::help(ctx, place);
                return Go::Stay;
            }
            "w" | "where" => {
                let here = place.where_(ctx);
                ctx.say(here);
                return Go::Stay;
            }
            "r" | "repeat" => {
                ctx.out.repeat();
                return Go::Stay;
            }
            "more" if ctx.more.waiting() => {
                more::next(ctx);
                return Go::Stay;
            }
            "q" | "quit" | "exit" => return Go::Quit,
            "m" | "menu" | "main" => return Go::To(Area::Main),
            other => {
                if let Some(area) = Area::from_word(other) {
                    return Go::To(area);
                }
            }
        }
    }
    place.handle(ctx, input)
}

/// Opens a place, which says what it holds; `None` when it cannot open.
fn open(area: Area, ctx: &mut Ctx) -> Option<Box<dyn Place>> {
    if ctx.group.is_none() && !matches!(area, Area::Groups) {
        ctx.say("There is no group yet: type new and a name to make one.");
        return None;
    }
    Some(match area {
        Area::Main => Box::new(menu::Main::enter(ctx)),
        Area::Groups => Box::new(groups::Groups::enter(ctx)),
        Area::Roster => Box::new(roster::Roster::enter(ctx)?),
        Area::Register => Box::new(register::Register::enter(ctx)?),
        Area::Meetings => Box::new(meetings::Meetings::enter(ctx)?),
        Area::Round => Box::new(round::RoundPlace::enter(ctx)?),
        Area::Size => Box::new(menu::Size::enter(ctx)?),
        Area::Agreement => Box::new(agreement::Agreement::enter(ctx)?),
        Area::Endings => Box::new(endings::Endings::enter(ctx)?),
    })
}

/// What every place works with: the use cases, the day, the open group,
/// where to say things, and a round that runs on while the facilitator
/// looks elsewhere.
pub struct Ctx<'a> {
    pub circle: Circle,
    pub today: NaiveDate,
    /// How days are written.
    pub dates: DateStyle,
    pub group: Option<Group>,
    pub out: Out<'a>,
    clock: Box<dyn Fn() -> DateTime<Utc>>,
    seed: Box<dyn FnMut() -> u64>,
    pub round: Option<timer::Running>,
    /// Places whose first-visit hint was given; it is not repeated.
    hinted: HashSet<&'static str>,
    /// Ring the bell at a time mark.
    pub bell: bool,
    /// A word that works everywhere, typed where text was asked for.
    held: Option<typed::Held>,
    /// The rest of a long answer, said a page at a time.
    pub more: more::More,
}

impl Ctx<'_> {
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn seed(&mut self) -> u64 {
        (self.seed)()
    }

    pub fn say(&mut self, line: impl AsRef<str>) {
        self.out.say(line);
    }

    /// A use case's refusal or error, as one sentence.
    pub fn fail(&mut self, error: impl std::fmt::Display) {
        self.out.say(words::sentence(error));
    }

    /// The answer to a line a place has no use for. An empty line just
    /// asks again.
    pub fn unknown(&mut self, input: &Input) -> Go {
        let typed = match input {
            Input::Empty => return Go::Stay,
            Input::Back => "back".to_string(),
            Input::Numbers(n) => n.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            Input::Word { word, rest } => format!("{word} {rest}").trim().to_string(),
        };
        self.say(format!("“{}” means nothing here. Type h for help.", words::fit(&typed)));
        Go::Stay
    }

    /// Says how a place is used, the first time it is visited only.
    pub fn hint_once(&mut self, place: &'static str, hint: &str) {
        if self.first_time(place) {
            self.out.say(hint);
        }
    }

    /// Whether this is the first time something is said; from now on it is
    /// not. Long instructions are said in full once, then briefly.
    pub fn first_time(&mut self, what: &'static str) -> bool {
        self.hinted.insert(what)
    }

    /// The open group's id; every place but the groups needs one.
    pub fn group_id(&self) -> GroupId {
        self.group.as_ref().map_or(GroupId(0), |g| g.id)
    }

    /// The open group's name, safe to print.
    pub fn group_name(&self) -> String {
        self.group.as_ref().map_or_else(String::new, |g| display(&g.name).into_owned())
    }

    pub fn set_group(&mut self, id: GroupId) {
        match self.circle.group(id) {
            Ok(group) => {
                self.say(format!("Group: {}.", display(&group.name)));
                self.group = Some(group);
                self.round = None;
                if let Err(e) = self.circle.remember_group(id) {
                    self.fail(e);
                }
            }
            Err(e) => self.fail(e),
        }
    }
}

//! Every kind of write a facilitator makes, each as one use case on a
//! prepared database, for the fault sweeps (`tests/faults.rs`,
//! `tests/disk_full.rs`): each is run with a fault in its way, then again.

use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use circle::domain::{
    CardStyle, ChannelKind, ChannelStatus, EndingMode, GroupId, GroupSettings, MeetingId, MeetingMode, MemberFields,
    MemberId, MemberStatus, NewChannel, NewGroup, NewMeeting, Openness,
};
use circle::secret::Passphrase;
use circle::usecase::Circle;
use circle::usecase::endings::{Participants, StartActivity};
use circle::usecase::membership::{Answers, StatusRequest, Who};
use circle::usecase::register::{Mark, MeetingDetails, MeetingOpened, RegisterOf};

type Result<T> = circle::usecase::Result<T>;

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The prepared database's ids.
#[derive(Clone, Copy)]
pub struct Ids {
    pub group: GroupId,
    pub members: [MemberId; 4],
    pub meeting: MeetingId,
}

/// A group of four with a meeting today (three present), an adopted
/// agreement Ann agreed to, a draft of the next, and a promotion channel; then compacted,
/// so the file has no free page and any write that needs one must grow it.
pub fn prepare(path: &Path) -> Ids {
    let mut c = Circle::open(path).unwrap();
    let new = NewGroup { name: "Circle".into(), focus: "anyone".into(), openness: Openness::Open };
    let group = c.create_group(&new, day()).unwrap().id;
    let members = ["Ann", "Bo", "Cy", "Dee"].map(|name| {
        match c.add_member(group, MemberFields::named(name), MemberStatus::Active, day(), Answers::ALL).unwrap() {
            circle::usecase::membership::StatusOutcome::Done(done) => done.member,
            other => panic!("{other:?}"),
        }
    });
    let meeting = match c.open_meeting(group, &meeting_on(day())).unwrap() {
        MeetingOpened::Created(m) | MeetingOpened::AlreadyThere(m) => m.id,
    };
    for m in &members[..3] {
        c.set_present(meeting, *m, true).unwrap();
    }
    c.start_from_template(group).unwrap();
    c.adopt_draft(group, "first", day()).unwrap();
    c.record_signups(group, &members[..1], day(), day()).unwrap();
    let next = c.draft_from_current(group).unwrap() + &long("We keep what is said here.\n");
    let seen = c.agreement_draft(group).unwrap();
    c.save_draft(group, seen.as_deref(), &next).unwrap();
    c.add_channel(group, channel("Library noticeboard")).unwrap();
    c.store().compact().unwrap();
    Ids { group, members, meeting }
}

fn meeting_on(held_on: NaiveDate) -> NewMeeting {
    NewMeeting { held_on, mode: MeetingMode::InPerson, minutes: 90 }
}

fn channel(name: &str) -> NewChannel {
    NewChannel {
        kind: ChannelKind::Partner,
        name: name.into(),
        status: ChannelStatus::Planned,
        planned_on: Some(day()),
        tried_on: None,
        notes: "Ask at the desk about the board by the door. ".repeat(40),
    }
}

/// Long enough to need pages of its own, short enough for every limit.
fn long(words: &str) -> String {
    words.repeat(400).chars().take(3_900).collect()
}

type Write = fn(&mut Circle, Ids) -> Result<()>;

/// Each write, named. Each makes a change another program can see.
pub fn writes() -> Vec<(&'static str, Write)> {
    vec![
        ("add a member", |c, ids| {
            let fields = MemberFields { notes: long("Likes to listen first. "), ..MemberFields::named("Eve") };
            c.add_member(ids.group, fields, MemberStatus::Active, day(), Answers::ALL).map(drop)
        }),
        ("edit a member", |c, ids| {
            let before = c.member(ids.members[0])?.fields;
            let after = MemberFields { notes: long("Prefers the chair by the window. "), ..before.clone() };
            c.edit_member(ids.members[0], Some(&before), after, day()).map(drop)
        }),
        ("change a status", |c, ids| {
            let request = StatusRequest {
                who: Who::Existing(ids.members[3]),
                status: MemberStatus::OnBreak,
                on: day(),
                reason: long("Away for a while. "),
            };
            c.change_status(request, day(), Answers::ALL).map(drop)
        }),
        ("take a register", |c, ids| c.set_present(ids.meeting, ids.members[3], true)),
        ("mark everyone expected present", |c, ids| {
            let of = RegisterOf::Recorded(c.meeting(ids.meeting)?);
            c.mark(&of, Mark::Expected, day()).map(drop)
        }),
        ("add a visitor", |c, ids| c.add_visitor(ids.meeting, "Visiting Val", day()).map(drop)),
        ("add a visitor who shares a known name", |c, ids| {
            let of = RegisterOf::Recorded(c.meeting(ids.meeting)?);
            c.mark(&of, Mark::NewVisitor("Ann".into()), day()).map(drop)
        }),
        ("record another meeting", |c, ids| {
            let m = match c.open_meeting(ids.group, &meeting_on(day().pred_opt().unwrap()))? {
                MeetingOpened::Created(m) | MeetingOpened::AlreadyThere(m) => m.id,
            };
            c.set_present(m, ids.members[1], true)
        }),
        ("record a day's meeting with its first mark", |c, ids| {
            let of = RegisterOf::NotYetKept { group: ids.group, new: meeting_on(day() - chrono::Days::new(7)) };
            c.mark(&of, Mark::Present(ids.members[0], true), day()).map(drop)
        }),
        ("correct a meeting", |c, ids| {
            let details = MeetingDetails {
                held_on: day() - chrono::Days::new(1),
                mode: MeetingMode::Hybrid,
                minutes: 75,
                visitors: 2,
                notes: long("We met in the garden room. "),
            };
            c.edit_meeting(ids.meeting, details, day())
        }),
        ("take away a meeting", |c, ids| c.remove_meeting(ids.meeting)),
        ("run a round", |c, ids| {
            let view = c.start_round(ids.meeting, 3)?;
            c.finish_round(ids.meeting, &view.round, Utc.with_ymd_and_hms(2026, 11, 26, 19, 0, 0).unwrap()).map(drop)
        }),
        ("save the agreement draft", |c, ids| {
            let seen = c.agreement_draft(ids.group)?;
            c.save_draft(ids.group, seen.as_deref(), &long("We listen to each other.\n"))
        }),
        ("adopt the agreement", |c, ids| c.adopt_draft(ids.group, "Kept what works", day()).map(drop)),
        ("record sign-ups", |c, ids| c.record_signups(ids.group, &ids.members, day(), day()).map(drop)),
        ("withdraw a sign-up", |c, ids| c.withdraw_signup(ids.members[0], 1)),
        ("create a group", |c, _| {
            let new =
                NewGroup { name: "Evening Circle".into(), focus: long("for evenings "), openness: Openness::Closed };
            c.create_group(&new, day()).map(drop)
        }),
        ("create a group with its meeting length", |c, _| {
            let new = NewGroup { name: "Noon Circle".into(), focus: long("for lunchtimes "), openness: Openness::Open };
            c.create_group_lasting(&new, 60, day()).map(drop)
        }),
        ("rename a group", |c, ids| c.rename_group(ids.group, "Morning Circle")),
        ("change group settings", |c, ids| {
            let settings = GroupSettings { purpose: long("To share what helps. "), ..c.group(ids.group)?.settings };
            c.update_group_settings(ids.group, settings, day())
        }),
        ("add a promotion channel", |c, ids| c.add_channel(ids.group, channel("Community radio")).map(drop)),
        ("mark the review done", |c, ids| c.mark_reviewed(ids.group, day())),
        ("start an endings activity and seal a card", |c, ids| {
            let start = StartActivity {
                held_on: day(),
                mode: EndingMode::FaceToFace,
                card_style: CardStyle::Typed,
                chain: false,
                participants: Participants::Active,
            };
            let activity = c.start_activity(ids.group, &start, day())?.id;
            c.seal_card(activity, ids.members[0], &long("The evening we all laughed. ")).map(drop)
        }),
        ("forget a member", |c, ids| c.forget_member(ids.members[2], 5).map(drop)),
        // Ann and Bo were both present at the meeting: one mark after.
        ("merge two records of one person", |c, ids| c.merge_members(ids.members[0], ids.members[1], day()).map(drop)),
    ]
}

/// Every row of every table, as another program reads them.
pub fn dump(path: &Path) -> Vec<String> {
    super::rows(path, &[])
}

/// Whether two dumps are the same, naming the first row that differs.
pub fn same(a: &[String], b: &[String]) -> std::result::Result<(), String> {
    let short = |row: Option<&String>| row.map_or("(no row)".to_string(), |r| r.chars().take(160).collect());
    match (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        None => Ok(()),
        Some(i) => Err(format!("first difference: {} / {}", short(a.get(i)), short(b.get(i)))),
    }
}

pub struct Pristine {
    dir: tempfile::TempDir,
    pub ids: Ids,
    /// The passphrase of an encrypted copy.
    pub passphrase: Option<&'static str>,
}

impl Pristine {
    pub fn new() -> Pristine {
        let dir = tempfile::tempdir().unwrap();
        let ids = prepare(&dir.path().join("pristine.db"));
        Pristine { dir, ids, passphrase: None }
    }

    /// The same database, encrypted.
    pub fn encrypted() -> Pristine {
        let mut pristine = Pristine::new();
        let passphrase = "lantern harbour morning";
        let path = pristine.dir.path().join("pristine.db");
        circle::usecase::encryption::encrypt(&path, &Passphrase::new(passphrase.into())).unwrap();
        pristine.passphrase = Some(passphrase);
        pristine
    }

    pub fn key(&self) -> Option<Passphrase> {
        self.passphrase.map(|p| Passphrase::new(p.into()))
    }

    /// A fresh copy of the prepared database, open in circle.
    pub fn copy(&self, n: usize) -> (std::path::PathBuf, Circle) {
        let path = self.dir.path().join(format!("try-{n}.db"));
        std::fs::copy(self.dir.path().join("pristine.db"), &path).unwrap();
        let circle = Circle::open_with(&path, self.key().as_ref()).unwrap();
        (path, circle)
    }

    /// [`dump`], with the passphrase when the copies are encrypted.
    pub fn dump(&self, path: &Path) -> Vec<String> {
        super::rows_with(path, &[], self.passphrase)
    }

    /// Another program's connection to a copy.
    pub fn other(&self, path: &Path) -> rusqlite::Connection {
        super::connection(path, self.passphrase)
    }
}

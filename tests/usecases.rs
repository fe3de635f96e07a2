//! The use cases on a real SQLite file: the rules a facilitator meets, each
//! one transaction, with the outcomes the console and the command line turn
//! into dialogs and sentences.

mod common;

use chrono::NaiveDate;
use circle::domain::text::{MAX_NOTE_CHARS, MAX_SHORT_CHARS};
use circle::domain::{
    ActivityStage, CardStyle, EndingMode, GroupSettings, GroupStatus, MeetingMode, MemberFields, MemberId,
    MemberStatus, NewGroup, NewMeeting, Openness,
};
use circle::domain::{ChannelKind, ChannelStatus, NewChannel};
use circle::usecase::endings::{Participants, StartActivity, WhatNext};
use circle::usecase::membership::{Answers, StatusOutcome, StatusRequest, Who};
use circle::usecase::register::{MeetingDetails, MeetingOpened, VisitorAdded};
use circle::usecase::{Circle, Error};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    circle: Circle,
    group: circle::domain::GroupId,
}

/// A group whose workable range is 2 to 3 people (30 minutes to talk, 10
/// each), so "full" is quick to reach.
fn world(openness: Openness, status: GroupStatus) -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut circle = Circle::open(&dir.path().join("circle.db")).unwrap();
    let group = circle
        .create_group(&NewGroup { name: "Tuesday Circle".into(), focus: String::new(), openness }, day())
        .unwrap()
        .id;
    let settings = GroupSettings {
        openness,
        status,
        meeting_minutes: 40,
        opening_closing_minutes: 10,
        min_speaking_minutes: 10,
        min_size: 2,
        ..GroupSettings::default()
    };
    circle.update_group_settings(group, settings, day()).unwrap();
    World { _dir: dir, circle, group }
}

fn add(w: &mut World, name: &str, status: MemberStatus) -> MemberId {
    match w.circle.add_member(w.group, MemberFields::named(name), status, day(), Answers::ALL).unwrap() {
        StatusOutcome::Done(done) => done.member,
        other => panic!("{name} was not added: {other:?}"),
    }
}

fn change(w: &mut World, id: MemberId, status: MemberStatus, answers: Answers) -> StatusOutcome {
    let request = StatusRequest { who: Who::Existing(id), status, on: day(), reason: String::new() };
    w.circle.change_status(request, day(), answers).unwrap()
}

fn status_of(w: &World, id: MemberId) -> MemberStatus {
    w.circle.member(id).unwrap().status
}

#[test]
fn a_closed_group_asks_before_someone_joins_and_changes_nothing_until_then() {
    let mut w = world(Openness::Closed, GroupStatus::Active);
    let ann = add(&mut w, "Ann", MemberStatus::Waitlist);
    assert_eq!(change(&mut w, ann, MemberStatus::Active, Answers::default()), StatusOutcome::AskClosedGroup);
    assert_eq!(status_of(&w, ann), MemberStatus::Waitlist, "asking changed nothing");
    let answers = Answers { closed_intake: true, ..Answers::default() };
    assert!(matches!(change(&mut w, ann, MemberStatus::Active, answers), StatusOutcome::Done(_)));
    assert_eq!(status_of(&w, ann), MemberStatus::Active);
}

#[test]
fn a_forming_closed_group_takes_people_without_asking() {
    let mut w = world(Openness::Closed, GroupStatus::Forming);
    let outcome =
        w.circle.add_member(w.group, MemberFields::named("Ann"), MemberStatus::Active, day(), Answers::default());
    assert!(matches!(outcome.unwrap(), StatusOutcome::Done(_)));
}

#[test]
fn a_full_group_suggests_the_waitlist_and_a_place_that_opens_is_offered() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let ann = add(&mut w, "Ann", MemberStatus::Active);
    add(&mut w, "Bo", MemberStatus::Active);
    add(&mut w, "Cy", MemberStatus::Active);
    let dee = add(&mut w, "Dee", MemberStatus::Waitlist);
    assert_eq!(
        change(&mut w, dee, MemberStatus::Active, Answers::default()),
        StatusOutcome::Full { active: 3, largest: 3 }
    );
    assert_eq!(status_of(&w, dee), MemberStatus::Waitlist);

    // Ann takes a break: the place is offered to whoever waited longest.
    match change(&mut w, ann, MemberStatus::OnBreak, Answers::default()) {
        StatusOutcome::Done(done) => {
            let offer = done.offer.expect("a place was offered");
            assert_eq!(offer.member, dee);
            assert_eq!(offer.name, "Dee");
        }
        other => panic!("unexpected {other:?}"),
    }
    // Coming back from a break never asks, even when the group is full again.
    change(&mut w, dee, MemberStatus::Active, Answers::default());
    assert!(matches!(change(&mut w, ann, MemberStatus::Active, Answers::default()), StatusOutcome::Done(_)));
}

#[test]
fn a_journey_runs_forward_and_bad_details_name_their_field() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let ann = add(&mut w, "Ann", MemberStatus::Active);
    let tomorrow = day().succ_opt().unwrap();
    let request =
        StatusRequest { who: Who::Existing(ann), status: MemberStatus::Left, on: tomorrow, reason: String::new() };
    assert!(matches!(w.circle.change_status(request, day(), Answers::ALL), Err(Error::Field("date", _))));
    let early = StatusRequest {
        who: Who::Existing(ann),
        status: MemberStatus::Left,
        on: day().pred_opt().unwrap(),
        reason: String::new(),
    };
    assert!(matches!(w.circle.change_status(early, day(), Answers::ALL), Err(Error::Field("date", _))));
    assert_eq!(w.circle.status_history(ann).unwrap().len(), 1, "nothing was recorded");

    let future = MemberFields { joined: Some(tomorrow), ..MemberFields::named("Bo") };
    let refused = w.circle.add_member(w.group, future, MemberStatus::Active, day(), Answers::ALL);
    assert!(matches!(refused, Err(Error::Field("joined", _))));
    let nameless = w.circle.add_member(w.group, MemberFields::named("  "), MemberStatus::Active, day(), Answers::ALL);
    assert!(matches!(nameless, Err(Error::Field("name", _))));
    assert_eq!(w.circle.active_count(w.group).unwrap(), 1);
}

#[test]
fn one_meeting_a_day_and_visitors_are_counted_or_named() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let new = NewMeeting { held_on: day(), mode: MeetingMode::InPerson, minutes: 90 };
    let MeetingOpened::Created(first) = w.circle.open_meeting(w.group, &new).unwrap() else { panic!("not created") };
    let again = w.circle.open_meeting(w.group, &new).unwrap();
    assert_eq!(again, MeetingOpened::AlreadyThere(first.clone()));
    assert_eq!(w.circle.meeting_count(w.group).unwrap(), 1);

    let too_long = NewMeeting { minutes: 2000, ..new };
    assert!(matches!(w.circle.open_meeting(w.group, &too_long), Err(Error::Field("minutes", _))));

    assert_eq!(w.circle.add_visitor(first.id, "", day()).unwrap(), VisitorAdded::Counted);
    assert_eq!(w.circle.add_visitor(first.id, "Ivo", day()).unwrap(), VisitorAdded::Named("Ivo".into()));
    let register = w.circle.register(first.id).unwrap();
    assert_eq!(register.meeting.visitors, 1);
    let ivo = register.people.iter().find(|p| p.name == "Ivo").expect("Ivo is in the register");
    assert!(ivo.present);
    assert_eq!(ivo.status, MemberStatus::Enquiry);
}

#[test]
fn the_console_deal_path_reads_every_card_once_and_celebrates() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let people: Vec<MemberId> =
        ["Ann", "Bo", "Cy", "Dee"].iter().map(|n| add(&mut w, n, MemberStatus::Active)).collect();
    let start = StartActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Typed,
        chain: false,
        participants: Participants::Active,
    };
    let activity = w.circle.start_activity(w.group, &start, day()).unwrap().id;
    assert!(w.circle.seal_card(activity, people[0], "   ").is_err(), "an empty card is refused");
    for id in &people {
        w.circle.seal_card(activity, *id, "the evening we all laughed").unwrap();
    }
    w.circle.deal(activity, 42).unwrap();
    w.circle.lock_deal(activity).unwrap();
    for _ in 0..people.len() {
        w.circle.mark_read(activity).unwrap();
    }
    let view = w.circle.open_activity(activity, w.group, 7).unwrap().view;
    assert_eq!(view.activity.stage, ActivityStage::Celebrating);
    assert!(view.all_read());
    for entry in &view.deal {
        assert_ne!(Some(view.card(entry.card).unwrap().author), entry.reader, "nobody reads their own card");
    }
}

#[test]
fn what_comes_next_is_one_transaction() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let start = StartActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Paper,
        chain: false,
        participants: Participants::Active,
    };
    let activity = w.circle.start_activity(w.group, &start, day()).unwrap().id;
    // What it carries on fits its own limit, but not once it is written
    // into the new successor's purpose: refused inside the transaction,
    // after the successor was made, which must then not be there.
    let almost = "x".repeat(MAX_NOTE_CHARS - 5);
    let refused = WhatNext { status: Some(GroupStatus::Closed), successor: "Next Circle".into(), carry: almost };
    match w.circle.finish_activity(activity, &refused, day()) {
        Err(Error::Field("carry", message)) => assert!(message.contains("successor's purpose"), "{message}"),
        other => panic!("the long purpose was not refused where it is written: {other:?}"),
    }
    assert_eq!(w.circle.groups().unwrap().len(), 1, "no successor was created by a refused save");
    assert_eq!(w.circle.group(w.group).unwrap().settings.status, GroupStatus::Active);

    let next = WhatNext {
        status: Some(GroupStatus::Closed),
        successor: "Next Circle".into(),
        carry: "the Tuesday walks".into(),
    };
    let said = w.circle.finish_activity(activity, &next, day()).unwrap();
    assert_eq!(said[0], "the group is closed");
    let group = w.circle.group(w.group).unwrap();
    let successor = w.circle.group_named("Next Circle").unwrap();
    assert_eq!(group.settings.successor, Some(successor.id));
    assert!(successor.settings.purpose.contains("the Tuesday walks"));
}

#[test]
fn a_missing_group_names_the_groups_there_are() {
    let w = world(Openness::Open, GroupStatus::Active);
    let message = w.circle.group_named("Wednesday").unwrap_err().to_string();
    assert!(message.contains("“Tuesday Circle”"), "{message}");
}

/// The console's exports (the agreement, a keepsake, the room lists) refuse
/// the database's own path before asking whether to replace "a file".
#[test]
fn an_export_from_the_console_is_never_written_over_the_database() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    w.circle.start_from_template(w.group).unwrap();
    w.circle.adopt_draft(w.group, "first", day()).unwrap();
    let db = w.circle.path().to_path_buf();
    let before = std::fs::read(&db).unwrap();
    for replace in [false, true] {
        match w.circle.export_agreement(w.group, None, &db, replace) {
            Err(Error::Field("path", said)) => assert!(said.contains("circle's database itself"), "{said}"),
            other => panic!("the agreement was let through: {other:?}"),
        }
    }
    let backups = db.parent().unwrap().join("backups");
    std::fs::create_dir(&backups).unwrap();
    match w.circle.export_agreement(w.group, None, &backups.join("agreement.md"), false) {
        Err(Error::Field("path", said)) => assert!(said.contains("backups folder"), "{said}"),
        other => panic!("the agreement was let into the backups folder: {other:?}"),
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Issue 22: every free-text field has a limit, defined once in the domain
/// and kept by the use case whichever front end calls it. Text past it is
/// refused in a sentence that names the field and the limit (beside the
/// field in a form), and nothing changes.
#[test]
fn every_field_refuses_text_past_its_limit_and_says_which() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let ann = add(&mut w, "Ann", MemberStatus::Active);
    let new = NewMeeting { held_on: day(), mode: MeetingMode::InPerson, minutes: 90 };
    let MeetingOpened::Created(meeting) = w.circle.open_meeting(w.group, &new).unwrap() else { panic!() };
    let channel = NewChannel {
        kind: ChannelKind::Website,
        name: "Our page".into(),
        status: ChannelStatus::Planned,
        planned_on: None,
        tried_on: None,
        notes: String::new(),
    };
    w.circle.add_channel(w.group, channel.clone()).unwrap();
    let start = StartActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Typed,
        chain: false,
        participants: Participants::Active,
    };
    let activity = w.circle.start_activity(w.group, &start, day()).unwrap().id;
    let cards = w._dir.path().join("cards.txt");
    std::fs::write(&cards, format!("Ann: {}\n", "x".repeat(MAX_NOTE_CHARS + 1))).unwrap();
    let db = w._dir.path().join("circle.db");
    let before = common::contents(&db);

    let over = |max: usize| "é".repeat(max + 1);
    let note = format!("can be at most 10,000 characters (this has {})", "10,001");
    let short = format!("can be at most {MAX_SHORT_CHARS} characters (this has {})", MAX_SHORT_CHARS + 1);
    let c = &mut w.circle;
    let g = w.group;
    fn fields(f: impl FnOnce(&mut MemberFields)) -> MemberFields {
        let mut fields = MemberFields::named("Bo");
        f(&mut fields);
        fields
    }
    let results: Vec<(&str, String, Result<(), Error>)> = vec![
        (
            "notes",
            format!("notes {note}"),
            c.add_member(g, fields(|f| f.notes = over(MAX_NOTE_CHARS)), MemberStatus::Active, day(), Answers::ALL)
                .map(drop),
        ),
        (
            "access_needs",
            format!("access needs {note}"),
            c.edit_member(ann, None, fields(|f| f.access_needs = over(MAX_NOTE_CHARS)), day()).map(drop),
        ),
        (
            "pronouns",
            format!("pronouns {short}"),
            c.add_member(g, fields(|f| f.pronouns = over(MAX_SHORT_CHARS)), MemberStatus::Active, day(), Answers::ALL)
                .map(drop),
        ),
        (
            "contact",
            format!("contact {short}"),
            c.edit_member(ann, None, fields(|f| f.contact = over(MAX_SHORT_CHARS)), day()).map(drop),
        ),
        (
            "reason",
            format!("the reason {note}"),
            c.change_status(
                StatusRequest {
                    who: Who::Existing(ann),
                    status: MemberStatus::OnBreak,
                    on: day(),
                    reason: over(MAX_NOTE_CHARS),
                },
                day(),
                Answers::ALL,
            )
            .map(drop),
        ),
        (
            "focus",
            format!("who it is for {note}"),
            c.create_group(
                &NewGroup { name: "Another".into(), focus: over(MAX_NOTE_CHARS), openness: Openness::Open },
                day(),
            )
            .map(drop),
        ),
        ("purpose", format!("the purpose {note}"), c.set_purpose(g, &over(MAX_NOTE_CHARS))),
        (
            "entry_criteria",
            format!("entry criteria {note}"),
            c.update_group_settings(
                g,
                GroupSettings { entry_criteria: over(MAX_NOTE_CHARS), ..c.group(g).unwrap().settings },
                day(),
            ),
        ),
        (
            "notes",
            format!("notes {note}"),
            c.edit_meeting(
                meeting.id,
                MeetingDetails {
                    held_on: day(),
                    mode: MeetingMode::InPerson,
                    minutes: 90,
                    visitors: 0,
                    notes: over(MAX_NOTE_CHARS),
                },
                day(),
            ),
        ),
        (
            "notes",
            format!("notes {note}"),
            c.add_channel(g, NewChannel { notes: over(MAX_NOTE_CHARS), ..channel }).map(drop),
        ),
        ("card", format!("a card {note}"), c.seal_card(activity, ann, &over(MAX_NOTE_CHARS)).map(drop)),
        ("path", format!("card 1: a card {note}"), c.import_cards(activity, &cards).map(drop)),
        (
            "carry",
            format!("what it carries on {note}"),
            c.finish_activity(
                activity,
                &WhatNext { status: None, successor: "Next".into(), carry: over(MAX_NOTE_CHARS) },
                day(),
            )
            .map(drop),
        ),
    ];
    for (field, sentence, result) in results {
        match result {
            Err(Error::Field(f, message)) => {
                assert_eq!(f, field, "{message}");
                assert!(message.contains(&sentence), "{field}: {message:?} does not say {sentence:?}");
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(common::contents(&db) == before, "a refused text changed the database");
}

/// The purpose a successor inherits stays within the limit too, so the
/// group can be exported and imported again.
#[test]
fn what_a_successor_carries_on_keeps_its_purpose_within_the_limit() {
    let mut w = world(Openness::Open, GroupStatus::Active);
    let next = w
        .circle
        .create_group(&NewGroup { name: "Next".into(), focus: String::new(), openness: Openness::Open }, day())
        .unwrap()
        .id;
    w.circle.set_purpose(next, &"p".repeat(MAX_NOTE_CHARS - 10)).unwrap();
    let start = StartActivity {
        held_on: day(),
        mode: EndingMode::FaceToFace,
        card_style: CardStyle::Paper,
        chain: false,
        participants: Participants::Active,
    };
    let activity = w.circle.start_activity(w.group, &start, day()).unwrap().id;
    let db = w._dir.path().join("circle.db");
    let before = common::contents(&db);
    let next_steps = WhatNext { status: None, successor: "Next".into(), carry: "the Tuesday walks".into() };
    let refused = w.circle.finish_activity(activity, &next_steps, day());
    let Err(Error::Field("carry", message)) = &refused else { panic!("{refused:?}") };
    assert!(message.contains("10,000 characters"), "{message}");
    assert!(common::contents(&db) == before, "a refused save changed the database");
}

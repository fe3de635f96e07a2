//! Speaking rounds during a meeting: a fair order of those present, a timer
//! started and stopped with one key, passes as turns, late arrivals, and
//! the time each person had, added to the meeting when the round ends.
//! The round in progress is stored after every change, with its timer's
//! start time, so a restart resumes it mid-sentence.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Circle, Error, Result};
use crate::domain::round::{Round, Speaker, fair_share};
use crate::domain::{GroupId, Meeting, MeetingId, MemberId, MemberStatus};

/// What ending a round did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoundEnded {
    /// The times are added to the meeting.
    Added,
    /// The times are added, but not those of these people: they were
    /// unmarked in the register while the round ran, and ending it does
    /// not mark them present again.
    AddedWithout(Vec<String>),
    /// It had already been ended (in another console): nothing was added
    /// again.
    AlreadyEnded,
}

impl RoundEnded {
    /// What to tell the facilitator, followed by `next` (how to start
    /// another round, in the words of the front end).
    pub fn said(self, next: &str) -> String {
        match self {
            RoundEnded::Added => format!("The round is added to today's meeting. {next}"),
            RoundEnded::AddedWithout(names) => {
                let verb = if names.len() == 1 { "is" } else { "are" };
                let who = format!("{} {verb}", crate::domain::text::listed(&names));
                format!(
                    "The round is added to today's meeting. {who} no longer marked present, so their turns \
                     are left out and they stay absent. {next}"
                )
            }
            RoundEnded::AlreadyEnded => {
                format!(
                    "This round was already ended in another console, and its times are in the meeting once. {next}"
                )
            }
        }
    }
}

/// A round with what its screen needs to show it.
#[derive(Debug, Clone)]
pub struct RoundView {
    pub meeting: Meeting,
    pub round: Round,
    pub names: HashMap<MemberId, String>,
    /// The group's minimum minutes per person.
    pub min_minutes: u32,
    /// The time a person can have today: the sharing time over those present.
    pub fair_share: Option<Duration>,
}

impl RoundView {
    pub fn name(&self, member: MemberId) -> String {
        self.names.get(&member).cloned().unwrap_or_else(|| "someone".into())
    }
}

impl Circle {
    /// The round in progress at a meeting, if there is one.
    pub fn round(&self, meeting: MeetingId) -> Result<Option<RoundView>> {
        match self.store.round_in_progress(meeting)? {
            Some(record) => {
                let round = Round::from_record(&record).map_err(|e| Error::refused(e.to_string()))?;
                Ok(Some(self.round_view(meeting, round)?))
            }
            None => Ok(None),
        }
    }

    /// The day of the meeting whose round is still running, if one is: a
    /// round left with Esc, or open when circle was closed, runs on until
    /// it is ended, and the console says so meanwhile.
    pub fn round_running(&self, group: GroupId) -> Result<Option<chrono::NaiveDate>> {
        Ok(self.store.running_round_day(group)?)
    }

    /// [`Circle::round_running`] for the open group, if any; a failure to
    /// read reads as no round, since only a notice in the header hangs on it.
    pub fn round_running_in(&self, group: Option<GroupId>) -> Option<chrono::NaiveDate> {
        group.and_then(|g| self.round_running(g).ok().flatten())
    }

    /// Starts a round of those present, in a shuffled order (or resumes the
    /// one in progress).
    pub fn start_round(&mut self, meeting: MeetingId, seed: u64) -> Result<RoundView> {
        if let Some(view) = self.round(meeting)? {
            return Ok(view);
        }
        let present = self.store.attendance(meeting)?;
        if present.is_empty() {
            return Err(Error::refused("Mark who is here in the register first; a round is for those present."));
        }
        let mut speakers = Vec::with_capacity(present.len());
        for a in present {
            let m = self.store.member(a.member)?;
            speakers.push(Speaker { member: m.id, invite: m.fields.invite_to_speak });
        }
        let round = Round::new(&speakers, seed);
        self.store.save_round(meeting, &round.to_record())?;
        self.round_view(meeting, round)
    }

    /// Saves the round after a change on screen (a timer started or
    /// stopped, a pass, a new order).
    pub fn save_round(&mut self, meeting: MeetingId, round: &Round) -> Result<()> {
        Ok(self.store.save_round(meeting, &round.to_record())?)
    }

    /// Someone who arrived late: marked present and added to the end of the
    /// round, in one transaction.
    pub fn add_late_arrival(&mut self, meeting: MeetingId, round: &mut Round, member: MemberId) -> Result<()> {
        let invite = self.store.member(member)?.fields.invite_to_speak;
        round.add_late(member, invite).map_err(|e| Error::refused(e.to_string()))?;
        let record = round.to_record();
        self.store.atomic(|store| {
            store.set_present(meeting, member, true)?;
            Ok(store.save_round(meeting, &record)?)
        })
    }

    /// Members who could still arrive: active or on a break, not yet present.
    pub fn not_here(&self, meeting: MeetingId) -> Result<Vec<(MemberId, String)>> {
        let m = self.store.meeting(meeting)?;
        let present: Vec<MemberId> = self.store.attendance(meeting)?.into_iter().map(|a| a.member).collect();
        Ok(self
            .store
            .members_with_status(m.group, &[MemberStatus::Active, MemberStatus::OnBreak])?
            .into_iter()
            .filter(|p| !present.contains(&p.id))
            .map(|p| (p.id, p.fields.name))
            .collect())
    }

    /// Ends the round: each person's time, whether they spoke or passed and
    /// their turn are added to the meeting (several rounds add up), and size
    /// health sees them from now on. A timer still running counts to `now`.
    ///
    /// A round is added once: the round on screen must be the one saved.
    /// One already ended (in another console, say) is not added again, and
    /// one changed elsewhere since it was shown is refused, to be looked at
    /// again, so two consoles on one meeting never count a turn twice.
    pub fn finish_round(&mut self, meeting: MeetingId, round: &Round, now: DateTime<Utc>) -> Result<RoundEnded> {
        let record = round.to_record();
        let totals = round.totals(now);
        self.store.atomic(|store| match store.round_in_progress(meeting)? {
            None => Ok(RoundEnded::AlreadyEnded),
            Some(saved) if saved != record => Err(Error::Conflict(
                "This round was changed in another console since it was shown here, so it was not ended: \
                 it now shows as saved there; look it over and end it again."
                    .into(),
            )),
            Some(_) => {
                // Someone unmarked in the register while the round ran
                // stays unmarked: the register's last word stands.
                let present: std::collections::HashSet<MemberId> =
                    store.attendance(meeting)?.into_iter().map(|a| a.member).collect();
                let mut totals = totals.clone();
                let gone: Vec<MemberId> = totals.members.keys().filter(|m| !present.contains(m)).copied().collect();
                let mut names = Vec::new();
                for member in gone {
                    totals.members.remove(&member);
                    names.push(store.member(member)?.fields.name);
                }
                store.add_round_to_meeting(meeting, &totals)?;
                Ok(if names.is_empty() { RoundEnded::Added } else { RoundEnded::AddedWithout(names) })
            }
        })
    }

    /// Leaves a round without adding anything to the meeting.
    pub fn abandon_round(&mut self, meeting: MeetingId) -> Result<()> {
        Ok(self.store.drop_round(meeting)?)
    }

    fn round_view(&self, meeting: MeetingId, round: Round) -> Result<RoundView> {
        let meeting = self.store.meeting(meeting)?;
        let settings = self.store.group(meeting.group)?.settings;
        let mut names = HashMap::new();
        for seat in round.seats() {
            names.insert(seat.speaker.member, self.store.member(seat.speaker.member)?.fields.name);
        }
        let talk = meeting.minutes.saturating_sub(settings.opening_closing_minutes);
        Ok(RoundView {
            fair_share: fair_share(talk, round.len()),
            min_minutes: settings.min_speaking_minutes,
            meeting,
            round,
            names,
        })
    }
}

//! Between the store's rows and the file's fields, both ways.

use super::format::*;
use super::{Error, Result};
use crate::domain::text;
use crate::domain::{
    Activity, AgreementVersion, Attendance, Card, Channel, DealEntry, Group, GroupId, GroupSettings, Meeting, Member,
    MemberFields, Signup, StatusChange,
};
use crate::usecase::store::transfer::{
    ActivityRecords, AgreementRecords, GroupRecords, MeetingRecords, MemberRecords, Saved,
};

pub(super) fn group_to_file(g: GroupRecords, exported: &[GroupId], include_cards: bool) -> Result<FileGroup> {
    let GroupRecords { group, members, meetings, agreements, draft, channels, activities } = g;
    let Group { id, name, settings: s, created_on } = group;
    let meetings = meetings.into_iter().map(meeting_to_file).collect::<Result<Vec<_>>>()?;
    Ok(FileGroup {
        id,
        name,
        focus: s.focus,
        entry_criteria: s.entry_criteria,
        openness: s.openness,
        status: s.status,
        successor: s.successor.filter(|s| exported.contains(s)),
        meeting_minutes: s.meeting_minutes,
        opening_closing_minutes: s.opening_closing_minutes,
        min_speaking_minutes: s.min_speaking_minutes,
        min_size: s.min_size,
        review_interval_days: s.review_interval_days,
        last_review: s.last_review,
        purpose: s.purpose,
        created_on,
        members: members.into_iter().map(member_to_file).collect(),
        meetings,
        agreement: FileAgreement {
            versions: agreements.into_iter().map(agreement_to_file).collect(),
            draft: draft.map(|d| FileDraft { body: d.text, updated_at: d.updated_at }),
        },
        promotion: channels
            .into_iter()
            .map(|c| FileChannel {
                id: c.id,
                kind: c.kind,
                name: c.name,
                status: c.status,
                planned_on: c.planned_on,
                tried_on: c.tried_on,
                notes: c.notes,
            })
            .collect(),
        endings: activities.into_iter().map(|a| activity_to_file(a, include_cards)).collect(),
    })
}

fn member_to_file(m: MemberRecords) -> FileMember {
    let Member { id, status, status_since, fields: f, .. } = m.member;
    FileMember {
        id,
        name: f.name,
        pronouns: f.pronouns,
        contact: f.contact,
        joined: f.joined,
        status,
        status_since,
        role: f.role,
        access_needs: f.access_needs,
        invite_to_speak: f.invite_to_speak,
        notes: f.notes,
        history: m
            .history
            .into_iter()
            .map(|h| FileStatusChange { status: h.status, changed_on: h.changed_on, reason: h.reason })
            .collect(),
    }
}

fn meeting_to_file(m: MeetingRecords) -> Result<FileMeeting> {
    let Meeting { id, held_on, mode, minutes, visitors, round_run, notes, .. } = m.meeting;
    let round_in_progress = match m.round {
        Some(round) => {
            let record = serde_json::from_str(&round.text).map_err(|_| {
                Error::refused(format!("the round in progress at the meeting on {held_on} could not be read"))
            })?;
            Some(FileRound { record, updated_at: round.updated_at })
        }
        None => None,
    };
    Ok(FileMeeting {
        id,
        held_on,
        mode,
        minutes,
        visitors,
        round_run,
        notes,
        attendance: m
            .attendance
            .into_iter()
            .map(|a| FileAttendance {
                member: a.member,
                speaking_seconds: a.speaking_seconds,
                spoke: a.spoke,
                passed: a.passed,
                turn_order: a.turn_order,
            })
            .collect(),
        round_in_progress,
    })
}

fn agreement_to_file(a: AgreementRecords) -> FileAgreementVersion {
    let v = a.version;
    FileAgreementVersion {
        id: v.id,
        version: v.version,
        adopted_on: v.adopted_on,
        body: v.body,
        change_note: v.change_note,
        signups: a.signups.into_iter().map(|s| FileSignup { member: s.member, signed_on: s.signed_on }).collect(),
    }
}

fn activity_to_file(a: ActivityRecords, include_cards: bool) -> FileActivity {
    let Activity { id, held_on, mode, card_style, chain, stage, seed, locked, position, reveal_author, notice, .. } =
        a.activity;
    FileActivity {
        id,
        held_on,
        mode,
        card_style,
        chain,
        stage,
        seed,
        locked,
        position,
        reveal_author,
        notice,
        created_at: a.created_at,
        participants: a.participants,
        cards: a
            .cards
            .into_iter()
            .map(|c| FileCard {
                id: c.id,
                author: c.author,
                number: c.number,
                text: include_cards.then_some(c.text),
                sealed: c.sealed,
            })
            .collect(),
        deal: a
            .deal
            .into_iter()
            .map(|e| FileDealEntry {
                position: e.position,
                reader: e.reader,
                card: e.card,
                room: e.room,
                read_at: e.read_at,
            })
            .collect(),
        rooms: a.rooms.into_iter().map(|(room, member)| FileRoomSeat { room, member }).collect(),
        pairs: a.pairs.into_iter().map(|(x, y)| [x, y]).collect(),
    }
}

pub(super) fn group_from_file(g: &FileGroup) -> Result<GroupRecords> {
    let group = Group {
        id: g.id,
        name: text::name(&g.name).map_err(|e| Error::refused(e.to_string()))?,
        settings: GroupSettings {
            focus: g.focus.clone(),
            entry_criteria: g.entry_criteria.clone(),
            openness: g.openness,
            status: g.status,
            successor: g.successor,
            meeting_minutes: g.meeting_minutes,
            opening_closing_minutes: g.opening_closing_minutes,
            min_speaking_minutes: g.min_speaking_minutes,
            min_size: g.min_size,
            review_interval_days: g.review_interval_days,
            last_review: g.last_review,
            purpose: g.purpose.clone(),
        },
        created_on: g.created_on,
    };
    let members = g
        .members
        .iter()
        .map(|m| MemberRecords {
            member: Member {
                id: m.id,
                group: g.id,
                status: m.status,
                status_since: m.status_since,
                fields: MemberFields {
                    // Checked by `check`; trimmed as every stored name is.
                    name: m.name.trim().to_string(),
                    pronouns: m.pronouns.clone(),
                    contact: m.contact.clone(),
                    joined: m.joined,
                    role: m.role,
                    access_needs: m.access_needs.clone(),
                    invite_to_speak: m.invite_to_speak,
                    notes: m.notes.clone(),
                },
            },
            history: m
                .history
                .iter()
                .map(|h| StatusChange { status: h.status, changed_on: h.changed_on, reason: h.reason.clone() })
                .collect(),
        })
        .collect();
    let meetings = g
        .meetings
        .iter()
        .map(|m| MeetingRecords {
            meeting: Meeting {
                id: m.id,
                group: g.id,
                held_on: m.held_on,
                mode: m.mode,
                minutes: m.minutes,
                visitors: m.visitors,
                round_run: m.round_run,
                notes: m.notes.clone(),
            },
            attendance: m
                .attendance
                .iter()
                .map(|a| Attendance {
                    meeting: m.id,
                    member: a.member,
                    speaking_seconds: a.speaking_seconds,
                    spoke: a.spoke,
                    passed: a.passed,
                    turn_order: a.turn_order,
                })
                .collect(),
            round: m
                .round_in_progress
                .as_ref()
                .map(|r| Saved { text: r.record.to_string(), updated_at: r.updated_at.clone() }),
        })
        .collect();
    let agreements = g
        .agreement
        .versions
        .iter()
        .map(|v| AgreementRecords {
            version: AgreementVersion {
                id: v.id,
                group: g.id,
                version: v.version,
                adopted_on: v.adopted_on,
                body: v.body.clone(),
                change_note: v.change_note.clone(),
            },
            signups: v
                .signups
                .iter()
                .map(|s| Signup { member: s.member, agreement: v.id, signed_on: s.signed_on })
                .collect(),
        })
        .collect();
    let channels = g
        .promotion
        .iter()
        .map(|c| Channel {
            id: c.id,
            group: g.id,
            kind: c.kind,
            name: c.name.clone(),
            status: c.status,
            planned_on: c.planned_on,
            tried_on: c.tried_on,
            notes: c.notes.clone(),
        })
        .collect();
    let activities = g.endings.iter().map(|a| activity_from_file(g.id, a)).collect();
    let draft = g.agreement.draft.as_ref().map(|d| Saved { text: d.body.clone(), updated_at: d.updated_at.clone() });
    Ok(GroupRecords { group, members, meetings, agreements, draft, channels, activities })
}

fn activity_from_file(group: GroupId, a: &FileActivity) -> ActivityRecords {
    ActivityRecords {
        activity: Activity {
            id: a.id,
            group,
            held_on: a.held_on,
            mode: a.mode,
            card_style: a.card_style,
            chain: a.chain,
            stage: a.stage,
            seed: a.seed,
            locked: a.locked,
            position: a.position,
            reveal_author: a.reveal_author,
            notice: a.notice.clone(),
        },
        created_at: a.created_at.clone(),
        participants: a.participants.clone(),
        cards: a
            .cards
            .iter()
            .map(|c| Card {
                id: c.id,
                activity: a.id,
                author: c.author,
                number: c.number,
                text: c.text.clone().unwrap_or_default(),
                sealed: c.sealed,
            })
            .collect(),
        deal: a
            .deal
            .iter()
            .map(|e| DealEntry {
                position: e.position,
                reader: e.reader,
                card: e.card,
                room: e.room,
                read_at: e.read_at.clone(),
            })
            .collect(),
        rooms: a.rooms.iter().map(|s| (s.room, s.member)).collect(),
        pairs: a.pairs.iter().map(|[x, y]| (*x.min(y), *x.max(y))).collect(),
    }
}

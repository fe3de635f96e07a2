//! The group agreement: writing a draft (from the template, in place or in
//! `$EDITOR`), adopting it as the next version, seeing what changed,
//! recording who agreed to which version, and exporting it.

use std::path::Path;

use chrono::NaiveDate;

use super::{Circle, Error, Result};
use crate::domain::agreement::{
    DiffLine, MAX_AGREEMENT_BYTES, TEMPLATE, Unfinished, check_adoptable, check_change_note, diff, export_markdown,
    unfinished,
};
use crate::domain::text::fold;
use crate::domain::{AgreementVersion, GroupId, MemberId, MemberStatus};
use crate::files::write_private;

/// Everything the agreement pane shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgreementOverview {
    /// Newest first; the first is the current version.
    pub versions: Vec<AgreementVersion>,
    pub draft: Option<String>,
    /// Members (active or on a break) who have not agreed to the current
    /// version: the first few by name (`NAMES_SHOWN`), and how many in all.
    pub not_agreed: Vec<(MemberId, String)>,
    pub not_agreed_count: usize,
}

/// How many of those who have not agreed are named: more than a line can
/// hold, fewer than a large group's thousands.
pub const NAMES_SHOWN: usize = 12;

impl AgreementOverview {
    pub fn current(&self) -> Option<&AgreementVersion> {
        self.versions.first()
    }
}

/// Someone who can sign up to the agreement, and the latest version they
/// agreed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub member: MemberId,
    pub name: String,
    pub status: MemberStatus,
    pub agreed: Option<u32>,
    /// Every version they agreed to, oldest first.
    pub history: Vec<SignupRecord>,
}

/// One version someone agreed to, and the day it was recorded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignupRecord {
    pub version: u32,
    pub signed_on: NaiveDate,
}

/// What asking to record sign-ups came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupOutcome {
    /// Recorded: they agreed to this version.
    Recorded(u32),
    /// Nothing was recorded: these people are not marked present at the
    /// group's meeting that day (or there is none), so the facilitator is
    /// asked first. A consent record made by a slip of the cursor would be
    /// wrong about the person it names.
    NotPresent(Vec<(MemberId, String)>),
    /// Nothing was recorded: everyone named had agreed to the current
    /// version already (version, and each name with the day they agreed).
    AlreadyAgreed(u32, Vec<(String, NaiveDate)>),
}

impl Circle {
    pub fn agreement_overview(&self, group: GroupId) -> Result<AgreementOverview> {
        let versions = self.store.agreement_versions(group)?;
        let (not_agreed, not_agreed_count) = match versions.first() {
            Some(current) => {
                let names = self.store.not_yet_signed_names(current.id, NAMES_SHOWN)?;
                // Fewer than asked for: that is all of them, no need to count.
                let count = if names.len() < NAMES_SHOWN {
                    names.len()
                } else {
                    self.store.not_yet_signed_count(current.id)?
                };
                (names, count)
            }
            None => (Vec::new(), 0),
        };
        Ok(AgreementOverview { versions, draft: self.store.agreement_draft(group)?, not_agreed, not_agreed_count })
    }

    /// Starts a draft from the template; an existing draft is kept.
    pub fn start_from_template(&mut self, group: GroupId) -> Result<()> {
        if self.store.agreement_draft(group)?.is_some() {
            return Err(Error::refused("A draft is already being written: open it to carry on."));
        }
        Ok(self.store.save_agreement_draft(group, TEMPLATE)?)
    }

    /// Starts a draft from the current version, for the next change.
    pub fn draft_from_current(&mut self, group: GroupId) -> Result<String> {
        if let Some(draft) = self.store.agreement_draft(group)? {
            return Ok(draft);
        }
        let body = self.store.current_agreement(group)?.map(|v| v.body).unwrap_or_else(|| TEMPLATE.to_string());
        self.store.save_agreement_draft(group, &body)?;
        Ok(body)
    }

    /// The draft as it is saved now, if there is one.
    pub fn agreement_draft(&self, group: GroupId) -> Result<Option<String>> {
        Ok(self.store.agreement_draft(group)?)
    }

    /// Saves the draft as it is typed. `seen` is the draft as this editor
    /// last saw it saved (`None`: there was none): when the saved draft is
    /// no longer that (another console saved, adopted or discarded it
    /// meanwhile), nothing is saved over it and the clash is said, so two
    /// consoles never silently keep only the last save. A text too large to
    /// be an agreement is refused with a message, and the saved draft stays
    /// as it was.
    pub fn save_draft(&mut self, group: GroupId, seen: Option<&str>, body: &str) -> Result<()> {
        if body.len() > MAX_AGREEMENT_BYTES {
            return Err(Error::refused(format!(
                "That is longer than an agreement can be ({} KB at most); the draft was kept as it was.",
                MAX_AGREEMENT_BYTES / 1024
            )));
        }
        self.store.atomic(|store| {
            let saved = store.agreement_draft(group)?;
            if saved.as_deref() != seen {
                return Err(Error::Conflict(match saved {
                    Some(_) => "The draft was changed in another console while you were writing, so your text \
                                    was not saved over theirs. Save again to keep yours instead."
                        .to_string(),
                    None => "The draft was adopted or put away in another console while you were writing, so \
                                 your text was not saved. Save again to keep it as a new draft."
                        .to_string(),
                }));
            }
            Ok(store.save_agreement_draft(group, body)?)
        })
    }

    /// The template's blanks still in the draft (none without a draft), so
    /// adopting an unfinished draft is asked about first.
    pub fn unfinished_draft(&self, group: GroupId) -> Result<Vec<Unfinished>> {
        Ok(self.store.agreement_draft(group)?.map(|draft| unfinished(&draft)).unwrap_or_default())
    }

    pub fn discard_draft(&mut self, group: GroupId) -> Result<()> {
        Ok(self.store.discard_agreement_draft(group)?)
    }

    /// Adopts the draft as the next version, with a change note and the
    /// day's date, in one transaction; an empty draft, or one that says the
    /// same as the current version, is refused.
    pub fn adopt_draft(&mut self, group: GroupId, note: &str, today: NaiveDate) -> Result<AgreementVersion> {
        self.store.atomic(|store| {
            let draft = store.agreement_draft(group)?.ok_or_else(|| Error::refused("There is no draft to adopt."))?;
            let current = store.current_agreement(group)?;
            check_adoptable(&draft, current.as_ref().map(|v| v.body.as_str()))
                .map_err(|e| Error::refused(capital(&e.to_string())))?;
            let note = check_change_note(note).map_err(|e| Error::field("note", e.to_string()))?.to_string();
            let version = store.adopt_agreement(group, &draft, &note, today)?;
            store.discard_agreement_draft(group)?;
            Ok(version)
        })
    }

    /// The lines that differ between two versions; `to: None` is the draft.
    pub fn agreement_diff(&self, group: GroupId, from: u32, to: Option<u32>) -> Result<Vec<DiffLine>> {
        let body = |version: u32| -> Result<String> {
            Ok(self
                .store
                .agreement_version(group, version)?
                .ok_or_else(|| Error::refused(format!("There is no version {version}.")))?
                .body)
        };
        let new = match to {
            Some(v) => body(v)?,
            None => self.store.agreement_draft(group)?.unwrap_or_default(),
        };
        Ok(diff(&body(from)?, &new))
    }

    /// What the draft changed from the template: a first agreement's
    /// changes, before there is a version to compare it with.
    pub fn draft_against_template(&self, group: GroupId) -> Result<Vec<DiffLine>> {
        let draft =
            self.store.agreement_draft(group)?.ok_or_else(|| Error::refused("There is no draft to compare."))?;
        Ok(diff(TEMPLATE, &draft))
    }

    /// The people who can sign up, with the version each last agreed to.
    pub fn signers(&self, group: GroupId) -> Result<Vec<Signer>> {
        let history = self.store.signup_history(group)?;
        let mut people = self.store.members_with_status(group, &[MemberStatus::Active, MemberStatus::OnBreak])?;
        people.sort_by_key(|m| fold(&m.fields.name));
        Ok(people
            .into_iter()
            .map(|m| {
                let history: Vec<SignupRecord> = history
                    .iter()
                    .filter(|(id, _, _)| *id == m.id)
                    .map(|&(_, version, signed_on)| SignupRecord { version, signed_on })
                    .collect();
                (m, history)
            })
            .map(|(m, history)| Signer {
                agreed: history.last().map(|r| r.version),
                history,
                member: m.id,
                name: m.fields.name,
                status: m.status,
            })
            .collect())
    }

    /// Records that these members agreed to the current version on a day
    /// (not in the future), all in one transaction, without asking whether
    /// they were there: for when the facilitator has already said yes (see
    /// [`Circle::sign_up`]). Returns the version.
    pub fn record_signups(
        &mut self,
        group: GroupId,
        members: &[MemberId],
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<u32> {
        match self.sign_up(group, members, on, today, true)? {
            // Those who agreed already keep the day they did.
            SignupOutcome::Recorded(version) | SignupOutcome::AlreadyAgreed(version, _) => Ok(version),
            // Not asked when recording anyway; said plainly should it ever be.
            SignupOutcome::NotPresent(_) => Err(Error::refused("Nothing was recorded.")),
        }
    }

    /// Records that these members agreed to the current version on a day
    /// (not in the future), all in one transaction. Unless `anyway`, asks
    /// first when any of them is not marked present at the group's meeting
    /// that day, and records nothing until the facilitator says yes.
    pub fn sign_up(
        &mut self,
        group: GroupId,
        members: &[MemberId],
        on: NaiveDate,
        today: NaiveDate,
        anyway: bool,
    ) -> Result<SignupOutcome> {
        if on > today {
            return Err(Error::field("date", format!("that is in the future; use today ({today}) or an earlier day")));
        }
        self.store.atomic(|store| {
            let current = store
                .current_agreement(group)?
                .ok_or_else(|| Error::refused("There is no agreement yet to agree to: adopt one first."))?;
            // Those who agreed to this version already keep the day they
            // did; only the others are asked about and recorded.
            let mut already = Vec::new();
            let mut others = Vec::new();
            for member in members {
                let signed = store.member_signups(*member)?.into_iter().find(|(v, _)| *v == current.version);
                match signed {
                    Some((_, on)) => already.push((*member, on)),
                    None => others.push(*member),
                }
            }
            let members = others;
            if members.is_empty() {
                let mut said = Vec::new();
                for (member, on) in already {
                    said.push((store.member(member)?.fields.name, on));
                }
                return Ok(SignupOutcome::AlreadyAgreed(current.version, said));
            }
            if !anyway {
                let present: Vec<MemberId> = match store.meeting_on(group, on)? {
                    Some(meeting) => store.attendance(meeting.id)?.into_iter().map(|a| a.member).collect(),
                    None => Vec::new(),
                };
                let mut absent = Vec::new();
                for member in members.iter().filter(|m| !present.contains(m)) {
                    absent.push((*member, store.member(*member)?.fields.name));
                }
                if !absent.is_empty() {
                    return Ok(SignupOutcome::NotPresent(absent));
                }
            }
            for member in &members {
                store.sign_agreement(*member, current.id, on)?;
            }
            Ok(SignupOutcome::Recorded(current.version))
        })
    }

    /// Every version someone agreed to, oldest first.
    pub fn signup_history(&self, member: MemberId) -> Result<Vec<SignupRecord>> {
        Ok(self
            .store
            .member_signups(member)?
            .into_iter()
            .map(|(version, signed_on)| SignupRecord { version, signed_on })
            .collect())
    }

    /// Takes back the record that someone agreed to a version of the
    /// group's agreement, for one recorded by mistake. The figures then
    /// read as if it had never been recorded; their other sign-ups stay.
    pub fn withdraw_signup(&mut self, member: MemberId, version: u32) -> Result<()> {
        self.store.atomic(|store| {
            let person = store.member(member)?;
            let agreement = store.agreement_version(person.group, version)?;
            let withdrawn = match agreement {
                Some(v) => store.withdraw_signup(member, v.id)?,
                None => false,
            };
            if !withdrawn {
                return Err(Error::refused(format!(
                    "{} has no sign-up to version {version} to withdraw; nothing was changed.",
                    crate::domain::text::display(&person.fields.name)
                )));
            }
            Ok(())
        })
    }

    /// The agreement as Markdown: a version, or the current one. Its words,
    /// line breaks and tabs are kept; no control character is (escape codes
    /// an older circle stored in a group's name included), so the file is
    /// safe to open, print or paste anywhere.
    pub fn agreement_markdown(&self, group: GroupId, version: Option<u32>) -> Result<String> {
        let name = self.store.group(group)?.name;
        let v = match version {
            Some(n) => self.store.agreement_version(group, n)?,
            None => self.store.current_agreement(group)?,
        };
        let v = v.ok_or_else(|| match version {
            Some(n) => Error::refused(format!("{name} has no version {n} of its agreement.")),
            None => Error::refused(format!("{name} has no agreement yet.")),
        })?;
        Ok(export_markdown(&name, v.version, v.adopted_on, &v.change_note, &v.body))
    }

    /// Writes the agreement as a Markdown file readable only by you; a file
    /// already there is replaced only when asked.
    pub fn export_agreement(&self, group: GroupId, version: Option<u32>, path: &Path, replace: bool) -> Result<()> {
        if let Some(refused) = crate::files::refusal(path, self.store.path()) {
            return Err(Error::field("path", refused));
        }
        if path.exists() && !replace {
            return Err(Error::Exists(path.to_path_buf()));
        }
        let md = self.agreement_markdown(group, version)?;
        write_private(path, md.as_bytes(), self.store.path()).map_err(|e| Error::field("path", format!("{e:#}")))
    }

    /// Where the agreement is saved unless the facilitator says otherwise.
    pub fn default_agreement_path(&self, group: GroupId, version: u32) -> std::path::PathBuf {
        let name = self.store.group(group).map(|g| g.name).unwrap_or_default();
        let slug: String = name
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        crate::files::export_dir().join(format!("circle-{slug}-agreement-v{version}.md"))
    }
}

/// Messages start with a capital when they stand alone.
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

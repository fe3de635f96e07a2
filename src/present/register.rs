//! What the register counts, worked out once: active members are expected;
//! someone on a break who drops in is present but not expected; visitors
//! are counted without a name. The console lays the counts out as a status
//! line ("7 present of 8 expected + 1 more · 1 on a break"), linear mode as
//! a sentence; the words are the same.

use crate::domain::MemberStatus;
use crate::usecase::register::RegisterLine;

/// How one count joins the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    /// Adds to who is here: "+ 1 more", "+ 2 visitors".
    Plus,
    /// Something else worth knowing: "· 1 on a break".
    Also,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Active members marked present.
    pub present: usize,
    /// Active members: those expected.
    pub expected: usize,
    /// Anyone else marked present (someone on a break who dropped in).
    pub more: usize,
    /// Members on a break, listed in case they drop in.
    pub on_break: usize,
    /// Visitors counted without any details.
    pub visitors: u32,
}

impl Counts {
    pub fn of(people: &[RegisterLine], visitors: u32) -> Counts {
        let active = |p: &&RegisterLine| p.status == MemberStatus::Active;
        Counts {
            present: people.iter().filter(active).filter(|p| p.present).count(),
            expected: people.iter().filter(active).count(),
            more: people.iter().filter(|p| p.present && p.status != MemberStatus::Active).count(),
            on_break: people.iter().filter(|p| p.status == MemberStatus::OnBreak).count(),
            visitors,
        }
    }

    /// The counts in words, in order: the first stands alone, each other
    /// says how it joins the one before. Only counts above nought are said.
    pub fn words(&self) -> (String, Vec<(Joint, String)>) {
        let first = format!("{} present of {} expected", self.present, self.expected);
        let mut rest = Vec::new();
        if self.more > 0 {
            rest.push((Joint::Plus, format!("{} more", self.more)));
        }
        if self.on_break > 0 {
            rest.push((Joint::Also, format!("{} on a break", self.on_break)));
        }
        match self.visitors {
            0 => {}
            1 => rest.push((Joint::Plus, "1 visitor".to_string())),
            n => rest.push((Joint::Plus, format!("{n} visitors"))),
        }
        (first, rest)
    }

    /// The counts laid out with each front end's marks for [`Joint`]s.
    pub fn joined(&self, plus: &str, also: &str) -> String {
        let (mut line, rest) = self.words();
        for (joint, words) in rest {
            line.push_str(match joint {
                Joint::Plus => plus,
                Joint::Also => also,
            });
            line.push_str(&words);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MemberId;

    fn line(status: MemberStatus, present: bool) -> RegisterLine {
        RegisterLine { member: MemberId(1), name: "Ann".into(), status, present, agreed: None }
    }

    #[test]
    fn active_members_are_expected_and_others_who_come_are_more() {
        let people = [
            line(MemberStatus::Active, true),
            line(MemberStatus::Active, false),
            line(MemberStatus::OnBreak, true),
            line(MemberStatus::OnBreak, false),
            line(MemberStatus::Enquiry, true),
        ];
        let counts = Counts::of(&people, 2);
        assert_eq!(counts, Counts { present: 1, expected: 2, more: 2, on_break: 2, visitors: 2 });
        assert_eq!(counts.joined(" + ", " · "), "1 present of 2 expected + 2 more · 2 on a break + 2 visitors");
        let quiet = Counts::of(&people[..2], 1);
        assert_eq!(quiet.joined(", and ", ", "), "1 present of 2 expected, and 1 visitor");
        assert_eq!(Counts::default().joined(" + ", " · "), "0 present of 0 expected");
    }
}

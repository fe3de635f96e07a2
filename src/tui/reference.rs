//! The key reference: every context in the order the README lists them,
//! with a title, and the whole binding table as Markdown for the README (a
//! test keeps the README's copy equal to it).

use super::keys::{Context, grouped};

impl Context {
    /// Every context, in the order the README's key reference lists them.
    pub const ALL: [Context; 31] = [
        Context::Global,
        Context::Roster,
        Context::Search,
        Context::Register,
        Context::Meetings,
        Context::Switcher,
        Context::Form,
        Context::Choice,
        Context::Toggle,
        Context::Editor,
        Context::Confirm,
        Context::Help,
        Context::Size,
        Context::Promotion,
        Context::Round,
        Context::RoundShare,
        Context::LatePick,
        Context::Agreement,
        Context::Versions,
        Context::Diff,
        Context::Signups,
        Context::ReadAloud,
        Context::Endings,
        Context::Collect,
        Context::Card,
        Context::Deal,
        Context::Rooms,
        Context::Reading,
        Context::Partners,
        Context::Celebrate,
        Context::Tour,
    ];

    /// Where the keys apply, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Roster => "Roster",
            Context::Search => "Roster search box",
            Context::Register => "Register",
            Context::Meetings => "Meetings (M)",
            Context::Switcher => "Group switcher (g)",
            Context::Form => "Any form",
            Context::Choice => "A choice in a form",
            Context::Toggle => "A yes/no in a form",
            Context::Editor => "A longer text being written",
            Context::Confirm => "A question to confirm",
            Context::Help => "This help",
            Context::Size => "Size health",
            Context::Promotion => "Promotion checklist",
            Context::Round => "Speaking round",
            Context::RoundShare => "Speaking round, shared view",
            Context::LatePick => "Adding a late arrival",
            Context::Agreement => "Agreement",
            Context::Versions => "Agreement versions",
            Context::Diff => "Agreement changes",
            Context::Signups => "Recording who agreed",
            Context::ReadAloud => "Reading the agreement aloud",
            Context::Endings => "Endings: the activities",
            Context::Collect => "Endings: collecting cards",
            Context::Card => "Endings: writing a card",
            Context::Deal => "Endings: the deal",
            Context::Rooms => "Endings: breakout rooms (online)",
            Context::Reading => "Endings: reading",
            Context::Partners => "Endings: partner cards (online)",
            Context::Celebrate => "Endings: the close",
            Context::Tour => "The tour on a new database",
        }
    }
}

/// The whole key reference as Markdown, one table a context, for the
/// README (a test keeps the README's copy equal to this).
pub fn markdown_reference() -> String {
    let mut out = String::new();
    for context in Context::ALL {
        let lines = grouped(context);
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("**{}**\n\n| key | does |\n|---|---|\n", context.title()));
        for (keys, hint) in lines {
            let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!("| {} | {hint} |\n", keys.join(" ")));
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

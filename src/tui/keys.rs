//! The one binding table. Dispatch, the footer hints and the `?` help are all
//! read from [`BINDINGS`], so the help can never drift from the real keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Tab;

pub use super::reference::markdown_reference;

/// What the facilitator wants, named for the intent rather than the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ForceQuit,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Help,
    Groups,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    /// Put what is on screen on the clipboard (promotion text, agreement,
    /// rooms, partner cards).
    Copy,
    // Group switcher
    NewGroup,
    RenameGroup,
    GroupSettings,
    // Forms
    NextField,
    PrevField,
    Submit,
    // Roster
    Search,
    NextFilter,
    PrevFilter,
    NextSort,
    AddMember,
    EditMember,
    ChangeStatus,
    Forget,
    /// Two records of one person made one.
    Merge,
    Register,
    // Register
    TogglePresent,
    AllPresent,
    AddVisitor,
    MeetingDetails,
    // Meetings
    /// The list of the group's meetings, from any tab.
    Meetings,
    /// A register for a day that has passed.
    RegisterForDay,
    RemoveMeeting,
    // Form fields
    NextOption,
    PrevOption,
    Flip,
    // Size health
    Promotion,
    Reviewed,
    EditPurpose,
    AddChannel,
    EditChannel,
    ChannelDone,
    DeleteChannel,
    // Rounds
    StartRound,
    Timer,
    Pass,
    MoveUp,
    MoveDown,
    Undo,
    LateArrival,
    Share,
    FinishRound,
    // Agreement
    FromTemplate,
    EditDraft,
    EditExternally,
    Adopt,
    Discard,
    ShowDiff,
    Versions,
    SignUps,
    ReadAloud,
    Export,
    AgreeToday,
    /// Take back a sign-up recorded by mistake.
    WithdrawSignup,
    // Endings
    NewActivity,
    TakesPart,
    WriteCard,
    Deal,
    Shuffle,
    LockDeal,
    ToggleChain,
    NextCard,
    PrevCard,
    MarkRead,
    UnmarkRead,
    PartnerCards,
    RevealAuthor,
    ExportKeepsake,
    ExportRooms,
    ImportCards,
    Unseal,
    WhatNext,
}

/// Where a binding applies. The pane's own context is looked up first, then
/// [`Context::Global`] (except in contexts that take typed text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Roster,
    Size,
    Agreement,
    Endings,
    Reading,
    Switcher,
    Form,
    /// A multi-line text being edited.
    Editor,
    /// A choice field in a form: the keys that change the option.
    Choice,
    /// A yes/no field in a form.
    Toggle,
    Register,
    /// The list of the group's meetings.
    Meetings,
    Help,
    Confirm,
    Search,
    Collect,
    Card,
    Deal,
    Rooms,
    /// Each online reader's card as a private message.
    Partners,
    /// The promotion checklist of size health.
    Promotion,
    /// A speaking round, as the facilitator sees it.
    Round,
    /// A speaking round as shared with the group: the balance only.
    RoundShare,
    /// Choosing who arrived late.
    LatePick,
    /// The agreement's list of versions.
    Versions,
    /// The changes between two versions of the agreement.
    Diff,
    /// Recording who agreed to the agreement.
    Signups,
    /// The agreement one section a page.
    ReadAloud,
    Celebrate,
    /// The tour on a new database.
    Tour,
}

impl Context {
    /// Contexts where printable keys are text, so global letter keys are off.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Form | Context::Choice | Context::Toggle | Context::Confirm | Context::Search | Context::Card
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
    /// Short words for the footer and help; bindings of one action after the
    /// first may leave it empty and are shown together with the first.
    pub hint: &'static str,
    pub footer: bool,
}

const fn b(context: Context, key: Key, action: Action, hint: &'static str, footer: bool) -> Binding {
    Binding { context, key, action, hint, footer }
}

use Action as A;
use Context as C;

pub const BINDINGS: &[Binding] = &[
    // Everywhere
    b(C::Global, k('?'), A::Help, "help", true),
    b(C::Global, k('q'), A::Quit, "quit", true),
    b(C::Global, ctrl('c'), A::ForceQuit, "quit now", false),
    b(C::Global, code(KeyCode::Tab), A::NextTab, "next tab", false),
    b(C::Global, code(KeyCode::BackTab), A::PrevTab, "previous tab", false),
    b(C::Global, k(Tab::Roster.key()), A::GoTab(Tab::Roster), "go to a tab", false),
    b(C::Global, k(Tab::Size.key()), A::GoTab(Tab::Size), "", false),
    b(C::Global, k(Tab::Agreement.key()), A::GoTab(Tab::Agreement), "", false),
    b(C::Global, k(Tab::Endings.key()), A::GoTab(Tab::Endings), "", false),
    b(C::Global, k('g'), A::Groups, "groups", true),
    b(C::Global, k('r'), A::Register, "register", false),
    b(C::Global, k('R'), A::StartRound, "speaking round", false),
    b(C::Global, k('M'), A::Meetings, "meetings", false),
    b(C::Global, code(KeyCode::Up), A::Up, "move up", false),
    b(C::Global, k('k'), A::Up, "", false),
    b(C::Global, code(KeyCode::Down), A::Down, "move down", false),
    b(C::Global, k('j'), A::Down, "", false),
    b(C::Global, code(KeyCode::PageUp), A::PageUp, "page up", false),
    b(C::Global, code(KeyCode::PageDown), A::PageDown, "page down", false),
    b(C::Global, code(KeyCode::Home), A::Top, "first", false),
    b(C::Global, code(KeyCode::End), A::Bottom, "last", false),
    b(C::Global, code(KeyCode::Esc), A::Back, "back", false),
    // Roster
    // In order of importance: the footer drops the last ones first.
    b(C::Roster, k('a'), A::AddMember, "add", true),
    b(C::Roster, code(KeyCode::Enter), A::EditMember, "edit", true),
    b(C::Roster, k('r'), A::Register, "register", true),
    b(C::Roster, k('/'), A::Search, "search", true),
    b(C::Roster, k('f'), A::NextFilter, "filter", true),
    b(C::Roster, k('F'), A::PrevFilter, "filter back", false),
    b(C::Roster, k('o'), A::NextSort, "sort", true),
    b(C::Roster, k('e'), A::EditMember, "", false),
    b(C::Roster, k('s'), A::ChangeStatus, "status", true),
    b(C::Roster, k('x'), A::Forget, "forget", false),
    b(C::Roster, k('m'), A::Merge, "merge two records", false),
    // Search box
    b(C::Search, code(KeyCode::Enter), A::Submit, "keep", true),
    b(C::Search, code(KeyCode::Esc), A::Back, "clear", true),
    b(C::Search, code(KeyCode::Down), A::Down, "move down", false),
    b(C::Search, code(KeyCode::Up), A::Up, "move up", false),
    // Register
    b(C::Register, k(' '), A::TogglePresent, "present", true),
    b(C::Register, k('a'), A::AllPresent, "all present", true),
    b(C::Register, k('s'), A::AgreeToday, "agreed to the agreement", false),
    b(C::Register, k('w'), A::WithdrawSignup, "withdraw a sign-up", false),
    b(C::Register, k('v'), A::AddVisitor, "visitor", true),
    b(C::Register, k('e'), A::MeetingDetails, "meeting details", true),
    b(C::Register, k('M'), A::Meetings, "meetings", true),
    b(C::Register, k('p'), A::Meetings, "", false),
    // Starting the round without Shift: r again, once the register is open.
    b(C::Register, k('r'), A::StartRound, "speaking round", true),
    // The list of meetings
    b(C::Meetings, code(KeyCode::Enter), A::Open, "open", true),
    b(C::Meetings, k('e'), A::MeetingDetails, "details", true),
    b(C::Meetings, k('n'), A::RegisterForDay, "another day", true),
    b(C::Meetings, k('x'), A::RemoveMeeting, "remove", true),
    b(C::Meetings, code(KeyCode::Esc), A::Back, "back", false),
    // Group switcher
    b(C::Switcher, code(KeyCode::Enter), A::Open, "switch", true),
    b(C::Switcher, k('n'), A::NewGroup, "new", true),
    b(C::Switcher, k('r'), A::RenameGroup, "rename", true),
    b(C::Switcher, k('e'), A::GroupSettings, "settings", true),
    // Forms and confirmations
    b(C::Form, code(KeyCode::Tab), A::NextField, "next field", true),
    b(C::Form, code(KeyCode::Down), A::NextField, "", false),
    b(C::Form, code(KeyCode::BackTab), A::PrevField, "previous field", false),
    b(C::Form, code(KeyCode::Up), A::PrevField, "", false),
    b(C::Form, code(KeyCode::Enter), A::Submit, "save", true),
    b(C::Form, code(KeyCode::Esc), A::Back, "cancel", true),
    b(C::Form, ctrl('c'), A::ForceQuit, "quit now", false),
    b(C::Form, code(KeyCode::F(1)), A::Help, "about the fields", false),
    b(C::Editor, ctrl('s'), A::Submit, "done", true),
    // Saving without a chord, as every other key types text.
    b(C::Editor, code(KeyCode::F(2)), A::Submit, "", false),
    b(C::Editor, code(KeyCode::Esc), A::Back, "close, typing kept", true),
    b(C::Editor, ctrl('c'), A::ForceQuit, "quit now", false),
    b(C::Choice, code(KeyCode::Right), A::NextOption, "choose", true),
    b(C::Choice, code(KeyCode::Left), A::PrevOption, "choose back", false),
    b(C::Choice, k(' '), A::NextOption, "", false),
    b(C::Choice, k('l'), A::NextOption, "", false),
    b(C::Choice, k('h'), A::PrevOption, "", false),
    b(C::Toggle, k(' '), A::Flip, "toggle", true),
    b(C::Toggle, code(KeyCode::Left), A::Flip, "", false),
    b(C::Toggle, code(KeyCode::Right), A::Flip, "", false),
    b(C::Confirm, code(KeyCode::Enter), A::Submit, "confirm", true),
    b(C::Confirm, code(KeyCode::Esc), A::Back, "cancel", true),
    b(C::Confirm, ctrl('c'), A::ForceQuit, "quit now", false),
    b(C::Help, code(KeyCode::Esc), A::Back, "close", true),
    b(C::Help, k('?'), A::Back, "", false),
    b(C::Help, code(KeyCode::Down), A::Down, "scroll down", false),
    b(C::Help, code(KeyCode::Up), A::Up, "scroll up", false),
    // Size health
    b(C::Size, k('p'), A::Promotion, "promotion checklist", true),
    b(C::Size, k('v'), A::Reviewed, "reviewed today", true),
    b(C::Size, k('e'), A::EditPurpose, "purpose and values", true),
    b(C::Promotion, k('a'), A::AddChannel, "add", true),
    b(C::Promotion, code(KeyCode::Enter), A::EditChannel, "edit", true),
    b(C::Promotion, k('e'), A::EditChannel, "", false),
    b(C::Promotion, k(' '), A::ChannelDone, "done", true),
    b(C::Promotion, k('x'), A::DeleteChannel, "remove", false),
    b(C::Promotion, k('y'), A::Copy, "copy the promotion text", false),
    b(C::Promotion, code(KeyCode::Esc), A::Back, "size health", true),
    // A speaking round
    // In order of importance, as for the roster.
    b(C::Round, k(' '), A::Timer, "timer", true),
    b(C::Round, k('p'), A::Pass, "pass", true),
    b(C::Round, k('b'), A::Share, "shared view", true),
    b(C::Round, k('f'), A::FinishRound, "end round", true),
    b(C::Round, k('n'), A::LateArrival, "late arrival", true),
    b(C::Round, k('K'), A::MoveUp, "move up", false),
    b(C::Round, k('J'), A::MoveDown, "move down", false),
    b(C::Round, k('s'), A::Shuffle, "reshuffle who is still to speak", false),
    b(C::Round, k('u'), A::Undo, "take back the last turn", false),
    b(C::Round, code(KeyCode::Esc), A::Back, "leave it running", false),
    b(C::RoundShare, k(' '), A::Timer, "timer", true),
    b(C::RoundShare, k('p'), A::Pass, "pass", true),
    b(C::RoundShare, k('b'), A::Share, "facilitator's view", true),
    b(C::RoundShare, code(KeyCode::Esc), A::Back, "back", false),
    b(C::LatePick, code(KeyCode::Enter), A::Submit, "add to the round", true),
    b(C::LatePick, code(KeyCode::Esc), A::Back, "back", true),
    // Agreement
    b(C::Agreement, k('e'), A::EditDraft, "edit", true),
    b(C::Agreement, k('s'), A::SignUps, "sign-ups", true),
    b(C::Agreement, k('d'), A::ShowDiff, "changes", true),
    b(C::Agreement, k('a'), A::Adopt, "adopt draft", true),
    b(C::Agreement, k('p'), A::ReadAloud, "read aloud", true),
    b(C::Agreement, k('t'), A::FromTemplate, "start from the template", false),
    b(C::Agreement, k('E'), A::EditExternally, "edit in your own editor", false),
    b(C::Agreement, k('h'), A::Versions, "versions", false),
    b(C::Agreement, k('x'), A::Export, "export", false),
    b(C::Agreement, k('D'), A::Discard, "discard draft", false),
    b(C::Agreement, k('y'), A::Copy, "copy the text", false),
    b(C::Versions, code(KeyCode::Enter), A::Open, "open", true),
    b(C::Versions, k('d'), A::ShowDiff, "changes", true),
    b(C::Versions, code(KeyCode::Esc), A::Back, "back", true),
    b(C::Diff, code(KeyCode::Esc), A::Back, "back", true),
    b(C::Diff, k('y'), A::Copy, "copy the newer text", false),
    b(C::Signups, k(' '), A::TogglePresent, "mark", true),
    b(C::Signups, k('a'), A::AllPresent, "everyone not yet agreed", true),
    b(C::Signups, code(KeyCode::Enter), A::Submit, "record", true),
    b(C::Signups, k('w'), A::WithdrawSignup, "withdraw a sign-up", true),
    b(C::Signups, code(KeyCode::Esc), A::Back, "back", true),
    b(C::ReadAloud, code(KeyCode::Right), A::NextCard, "next", true),
    b(C::ReadAloud, code(KeyCode::Left), A::PrevCard, "back", true),
    b(C::ReadAloud, code(KeyCode::Esc), A::Back, "close", true),
    // Endings: the list of activities
    b(C::Endings, k('n'), A::NewActivity, "new activity", true),
    b(C::Endings, code(KeyCode::Enter), A::Open, "open", true),
    // Endings: collecting cards
    b(C::Collect, code(KeyCode::Enter), A::WriteCard, "write card", true),
    b(C::Collect, k('w'), A::WriteCard, "", false),
    b(C::Collect, k(' '), A::TakesPart, "takes part", true),
    b(C::Collect, k('u'), A::Unseal, "reopen card", false),
    b(C::Collect, k('i'), A::ImportCards, "import cards", false),
    b(C::Collect, k('d'), A::Deal, "deal", true),
    b(C::Collect, code(KeyCode::Esc), A::Back, "activities", false),
    // Endings: a card being written
    b(C::Card, code(KeyCode::Enter), A::Submit, "seal card", true),
    b(C::Card, code(KeyCode::Esc), A::Back, "leave without saving", true),
    b(C::Card, ctrl('c'), A::ForceQuit, "quit now", false),
    // Endings: the deal, before it is locked
    b(C::Deal, k('s'), A::Shuffle, "reshuffle", true),
    b(C::Deal, code(KeyCode::Enter), A::LockDeal, "lock deal", true),
    b(C::Deal, k('c'), A::ToggleChain, "chain order", true),
    b(C::Deal, code(KeyCode::Esc), A::Back, "back to cards", false),
    // Endings: the breakout rooms of an online deal, before it is locked
    b(C::Rooms, k('s'), A::Shuffle, "reshuffle", true),
    b(C::Rooms, code(KeyCode::Enter), A::LockDeal, "lock rooms", true),
    b(C::Rooms, k('x'), A::ExportRooms, "export rooms", true),
    b(C::Rooms, k('c'), A::ToggleChain, "chain order", false),
    b(C::Rooms, k('p'), A::PartnerCards, "partner cards", true),
    b(C::Rooms, k('y'), A::Copy, "copy the rooms", false),
    b(C::Rooms, code(KeyCode::Esc), A::Back, "back to cards", false),
    // Endings: reading
    b(C::Reading, code(KeyCode::Right), A::NextCard, "next", true),
    b(C::Reading, k('l'), A::NextCard, "", false),
    b(C::Reading, code(KeyCode::Left), A::PrevCard, "back", true),
    b(C::Reading, k('h'), A::PrevCard, "", false),
    b(C::Reading, k(' '), A::MarkRead, "mark read", true),
    b(C::Reading, k('u'), A::UnmarkRead, "not read after all", false),
    b(C::Reading, k('v'), A::RevealAuthor, "show or hide author", true),
    b(C::Reading, k('x'), A::ExportRooms, "export rooms", false),
    b(C::Reading, k('p'), A::PartnerCards, "partner cards (online)", false),
    b(C::Reading, k('y'), A::Copy, "copy the rooms (online)", false),
    // Endings: the partner cards of an online activity
    b(C::Partners, code(KeyCode::Esc), A::Back, "back", true),
    b(C::Partners, k('p'), A::PartnerCards, "back", false),
    b(C::Partners, code(KeyCode::Down), A::Down, "scroll down", true),
    b(C::Partners, code(KeyCode::Up), A::Up, "scroll up", true),
    b(C::Partners, k('y'), A::Copy, "copy them all", true),
    b(C::Reading, code(KeyCode::Esc), A::Back, "activities", false),
    // Endings: celebrating
    b(C::Celebrate, k('k'), A::ExportKeepsake, "keepsake", true),
    b(C::Celebrate, k('m'), A::WhatNext, "what comes next", true),
    b(C::Celebrate, code(KeyCode::Left), A::PrevCard, "back to reading", false),
    b(C::Celebrate, code(KeyCode::Esc), A::Back, "activities", false),
    // The tour on a new database
    b(C::Tour, code(KeyCode::Enter), A::NextCard, "next", true),
    b(C::Tour, code(KeyCode::Right), A::NextCard, "", false),
    b(C::Tour, code(KeyCode::Left), A::PrevCard, "back", true),
    b(C::Tour, code(KeyCode::Esc), A::Back, "skip the tour", true),
];

// Every tab has its digit in the table, as the crate compiles: a new tab
// without a binding does not build.
const _: () = {
    let mut t = 0;
    while t < Tab::COUNT {
        let tab = Tab::ALL[t];
        let mut bound = false;
        let mut i = 0;
        while i < BINDINGS.len() {
            let b = &BINDINGS[i];
            bound |= matches!(b.context, Context::Global)
                && matches!(b.key.code, KeyCode::Char(c) if c == tab.key())
                && b.key.mods.is_empty()
                && matches!(b.action, Action::GoTab(to) if to.index() == t);
            i += 1;
        }
        assert!(bound, "every tab has its key in the binding table");
        t += 1;
    }
};

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Shifted letters arrive as upper-case chars, sometimes with SHIFT set.
    let mods = event.modifiers - KeyModifiers::SHIFT;
    let want = key.mods - KeyModifiers::SHIFT;
    key.code == event.code && mods == want
}

/// What a turn of the mouse wheel does in a context: what `↓`/`↑` do, or,
/// where `→`/`←` step through cards or pages, the next or previous one.
/// Nothing where the arrows move between fields or through typed text.
pub fn wheel(context: Context, down: bool) -> Option<Action> {
    let press = |code| KeyEvent::new(code, KeyModifiers::NONE);
    if lookup(context, &press(KeyCode::Right)) == Some(Action::NextCard) {
        return Some(if down { Action::NextCard } else { Action::PrevCard });
    }
    let arrow = if down { KeyCode::Down } else { KeyCode::Up };
    lookup(context, &press(arrow)).filter(|a| matches!(a, Action::Down | Action::Up))
}

/// What a double click on a row does: what `Enter` does, where `Enter`
/// opens the row (not where it confirms or locks something).
pub fn double_click(context: Context) -> Option<Action> {
    lookup(context, &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        .filter(|a| matches!(a, Action::Open | Action::EditMember | Action::EditChannel | Action::WriteCard))
}

/// The action for a key press in a context, falling back to the global keys
/// where the context allows.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    let own = BINDINGS.iter().find(|b| b.context == context && matches(&b.key, event)).map(|b| b.action);
    if own.is_some() || context.takes_text() || context == Context::Help {
        return own;
    }
    BINDINGS.iter().find(|b| b.context == Context::Global && matches(&b.key, event)).map(|b| b.action)
}

pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{}", base.to_uppercase()) } else { base }
}

/// The label of the first key bound to an action in a context (or
/// everywhere), for prose that names a key: "press a to add someone".
pub fn key_for(context: Context, action: Action) -> String {
    BINDINGS
        .iter()
        .find(|b| b.context == context && b.action == action)
        .or_else(|| BINDINGS.iter().find(|b| b.context == Context::Global && b.action == action))
        .map_or_else(|| "?".to_string(), |b| key_label(&b.key))
}

/// Every key bound to an action in a context, "Ctrl-S/F2", for a hint
/// where the help cannot be opened (the editor takes every key).
pub fn keys_for(context: Context, action: Action) -> String {
    let keys: Vec<String> =
        BINDINGS.iter().filter(|b| b.context == context && b.action == action).map(|b| key_label(&b.key)).collect();
    if keys.is_empty() { key_for(context, action) } else { keys.join("/") }
}

/// One line per action of a context: all its keys and its hint.
pub fn help_lines(context: Context) -> Vec<(String, &'static str)> {
    grouped(context).into_iter().map(|(keys, hint)| (keys.join("/"), hint)).collect()
}

/// The keys of each action of a context, with its hint.
pub(crate) fn grouped(context: Context) -> Vec<(Vec<String>, &'static str)> {
    let mut lines: Vec<(Action, Vec<String>, &'static str)> = Vec::new();
    for binding in BINDINGS.iter().filter(|b| b.context == context) {
        // The tab keys differ only in their tab: one line for all of them.
        let same = |a: &Action| std::mem::discriminant(a) == std::mem::discriminant(&binding.action);
        match lines.iter_mut().find(|(a, _, _)| same(a)) {
            Some((_, keys, _)) => keys.push(key_label(&binding.key)),
            None => lines.push((binding.action, vec![key_label(&binding.key)], binding.hint)),
        }
    }
    lines.into_iter().map(|(_, keys, hint)| (keys, hint)).collect()
}

/// The footer's hints for a context, then the global ones.
pub fn footer_hints(context: Context) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> =
        BINDINGS.iter().filter(|b| b.context == context && b.footer).map(|b| (key_label(&b.key), b.hint)).collect();
    // Where letters are typed (the editor included), the global letter keys
    // type themselves, so they are not offered.
    if !context.takes_text() && !matches!(context, Context::Help | Context::Tour | Context::Editor) {
        out.extend(
            BINDINGS.iter().filter(|b| b.context == Context::Global && b.footer).map(|b| (key_label(&b.key), b.hint)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn pane_keys_win_over_global_keys() {
        assert_eq!(lookup(Context::Roster, &press(KeyCode::Char('r'))), Some(Action::Register));
        assert_eq!(lookup(Context::Switcher, &press(KeyCode::Char('r'))), Some(Action::RenameGroup));
        assert_eq!(lookup(Context::Roster, &press(KeyCode::Char('q'))), Some(Action::Quit));
    }

    #[test]
    fn the_editor_footer_offers_no_letter_that_would_be_typed() {
        let hints = footer_hints(Context::Editor);
        assert!(hints.iter().all(|(key, _)| key.chars().count() != 1), "{hints:?}");
        assert!(hints.iter().any(|(_, hint)| *hint == "done"), "{hints:?}");
    }

    #[test]
    fn typing_contexts_do_not_trigger_global_letters() {
        assert_eq!(lookup(Context::Form, &press(KeyCode::Char('q'))), None);
        assert_eq!(lookup(Context::Form, &press(KeyCode::Enter)), Some(Action::Submit));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Form, &ctrl_c), Some(Action::ForceQuit));
    }

    #[test]
    fn every_context_binding_has_a_hint_on_its_first_key() {
        for binding in BINDINGS {
            let same = |b: &&Binding| {
                b.context == binding.context
                    && std::mem::discriminant(&b.action) == std::mem::discriminant(&binding.action)
            };
            let first = BINDINGS.iter().find(same).unwrap();
            assert!(!first.hint.is_empty(), "{:?} in {:?} has no hint", binding.action, binding.context);
        }
    }

    #[test]
    fn every_tab_has_its_key() {
        for tab in Tab::ALL {
            let key = KeyEvent::new(KeyCode::Char(tab.key()), KeyModifiers::NONE);
            assert_eq!(lookup(Context::Roster, &key), Some(Action::GoTab(tab)));
        }
    }

    #[test]
    fn prose_takes_keys_from_the_table() {
        assert_eq!(key_for(Context::Roster, Action::AddMember), "a");
        assert_eq!(key_for(Context::Roster, Action::Groups), "g");
        assert_eq!(key_for(Context::Form, Action::ForceQuit), "Ctrl-C");
    }

    #[test]
    fn every_context_is_in_the_reference_once() {
        for binding in BINDINGS {
            assert_eq!(Context::ALL.iter().filter(|c| **c == binding.context).count(), 1, "{:?}", binding.context);
        }
    }

    #[test]
    fn the_wheel_scrolls_lists_and_steps_through_cards() {
        assert_eq!(wheel(Context::Roster, true), Some(Action::Down));
        assert_eq!(wheel(Context::Switcher, false), Some(Action::Up));
        assert_eq!(wheel(Context::Reading, true), Some(Action::NextCard));
        assert_eq!(wheel(Context::ReadAloud, false), Some(Action::PrevCard));
        assert_eq!(wheel(Context::Form, true), None);
        assert_eq!(wheel(Context::Card, true), None);
    }

    #[test]
    fn a_double_click_opens_only_where_enter_opens() {
        assert_eq!(double_click(Context::Roster), Some(Action::EditMember));
        assert_eq!(double_click(Context::Endings), Some(Action::Open));
        assert_eq!(double_click(Context::Deal), None);
        assert_eq!(double_click(Context::Signups), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(!(a.context == b.context && a.key == b.key), "{:?} bound twice in {:?}", a.key, a.context);
            }
        }
    }
}

//! Pure pieces of the endings activity around the deal: turning a deal into
//! stored rows, reading cards sent in as text, and the texts the activity
//! exports (breakout rooms, keepsake).

use std::collections::HashSet;
use std::fmt::Debug;
use std::hash::Hash;

use chrono::NaiveDate;

use super::deal::{self, DealError};
use super::text::{display, exported, markdown_line, one_line};
use super::{ActivityId, ActivityStage, CardId, CardStyle, EndingMode, GroupId, MemberId};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub group: GroupId,
    pub held_on: NaiveDate,
    pub mode: EndingMode,
    pub card_style: CardStyle,
    pub chain: bool,
    pub stage: ActivityStage,
    /// The seed of the stored deal, so it can be reproduced and checked.
    pub seed: Option<u64>,
    pub locked: bool,
    /// Index into the deal of the card being read.
    pub position: u32,
    pub reveal_author: bool,
    /// A sentence to show the next time the activity is opened.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub held_on: NaiveDate,
    pub mode: EndingMode,
    pub card_style: CardStyle,
    pub chain: bool,
    pub participants: Vec<MemberId>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub id: CardId,
    pub activity: ActivityId,
    pub author: MemberId,
    pub number: u32,
    pub text: String,
    pub sealed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DealEntry {
    pub position: u32,
    /// `None` only for a card read aloud by someone since forgotten.
    pub reader: Option<MemberId>,
    pub card: CardId,
    pub room: Option<u32>,
    pub read_at: Option<String>,
}

/// A deal ready to store: in reading order, cards by index into the
/// `card_authors` given, with the breakout room of each reader when online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDeal<A> {
    pub readings: Vec<(A, usize, Option<u32>)>,
    pub rooms: Vec<(u32, A)>,
    pub chain: bool,
    pub repeated_pairs: usize,
    /// True when a chain was asked for but the cards and readers differ, so
    /// a plain deal was made instead.
    pub chain_refused: bool,
}

impl<A: Copy + Ord> PlannedDeal<A> {
    /// Every pair of people who share a room, for the pairing history.
    pub fn pairs(&self) -> Vec<(A, A)> {
        room_pairs(&self.rooms)
    }
}

/// Every pair of people who share a breakout room, each pair once and in
/// order (smaller first), from `(room, person)` seats.
pub fn room_pairs<A: Copy + Ord>(rooms: &[(u32, A)]) -> Vec<(A, A)> {
    let mut pairs = Vec::new();
    for (i, (room, a)) in rooms.iter().enumerate() {
        for (other_room, b) in &rooms[i + 1..] {
            if room == other_room && a != b {
                pairs.push(deal::pair_key(*a, *b));
            }
        }
    }
    pairs
}

/// A planned deal as rows to store: positions in reading order, cards by
/// their ids (`cards[i]` is the card the plan calls `i`), keeping the read
/// time of cards already read.
pub fn deal_entries(
    planned: &PlannedDeal<MemberId>,
    cards: &[CardId],
    read: &std::collections::HashMap<CardId, String>,
) -> Vec<DealEntry> {
    planned
        .readings
        .iter()
        .enumerate()
        .map(|(position, (reader, card, room))| {
            let card = cards[*card];
            DealEntry {
                position: position as u32,
                reader: Some(*reader),
                card,
                room: *room,
                read_at: read.get(&card).cloned(),
            }
        })
        .collect()
}

/// Deals with a seed, so the same seed always gives the same deal.
pub fn plan<A>(
    mode: EndingMode,
    chain: bool,
    readers: &[A],
    card_authors: &[A],
    previous_pairs: &HashSet<(A, A)>,
    seed: u64,
) -> Result<PlannedDeal<A>, DealError>
where
    A: Copy + Eq + Hash + Ord + Debug,
{
    let mut rng = deal::rng_from_seed(seed);
    match mode {
        EndingMode::FaceToFace => {
            let (dealt, chain_refused) = match deal::deal_face_to_face(readers, card_authors, chain, &mut rng) {
                Err(DealError::ChainNeedsEveryCard) => {
                    let mut rng = deal::rng_from_seed(seed);
                    (deal::deal_face_to_face(readers, card_authors, false, &mut rng)?, true)
                }
                other => (other?, false),
            };
            Ok(PlannedDeal {
                readings: dealt.readings.iter().map(|r| (r.reader, r.card, None)).collect(),
                rooms: Vec::new(),
                chain: dealt.chain,
                repeated_pairs: 0,
                chain_refused,
            })
        }
        EndingMode::Online => {
            let dealt = deal::deal_online(readers, card_authors, previous_pairs, &mut rng)?;
            let room_of = |who: A| dealt.rooms.iter().position(|r| r.members.contains(&who)).map(|i| i as u32 + 1);
            let rooms = dealt
                .rooms
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.members.iter().map(move |m| (i as u32 + 1, *m)))
                .collect();
            Ok(PlannedDeal {
                readings: dealt.readings.iter().map(|r| (r.reader, r.card, room_of(r.reader))).collect(),
                rooms,
                chain: false,
                repeated_pairs: dealt.repeated_pairs,
                chain_refused: false,
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardBlock {
    /// 1-based position of the block in the file.
    pub block: usize,
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardImportError {
    #[error("the file has no cards: write each as “Name: what they wrote”, with a blank line between cards")]
    Empty,
    #[error("card {block} does not start with the author's name and a colon (“Name: …”)")]
    NoAuthor { block: usize },
    #[error("card {block} ({author}) has no text after the colon")]
    NoText { block: usize, author: String },
    #[error("card {block}: {author} already has a card earlier in the file")]
    Twice { block: usize, author: String },
}

/// Reads cards sent in as text: blocks separated by a blank line, each
/// starting with the author's name and a colon. All blocks or an error.
pub fn parse_card_blocks(text: &str) -> Result<Vec<CardBlock>, CardImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    let mut cards: Vec<CardBlock> = Vec::new();
    let blocks = text.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
    for (i, block) in blocks.enumerate() {
        let number = i + 1;
        let Some((author, body)) = block.split_once(':') else {
            return Err(CardImportError::NoAuthor { block: number });
        };
        let author = author.trim();
        if author.is_empty() || author.contains('\n') {
            return Err(CardImportError::NoAuthor { block: number });
        }
        let author_shown = display(author).into_owned();
        let body = body.trim();
        if body.is_empty() {
            return Err(CardImportError::NoText { block: number, author: author_shown });
        }
        if cards.iter().any(|c| c.author.to_lowercase() == author.to_lowercase()) {
            return Err(CardImportError::Twice { block: number, author: author_shown });
        }
        cards.push(CardBlock { block: number, author: author.to_string(), text: body.to_string() });
    }
    if cards.is_empty() {
        return Err(CardImportError::Empty);
    }
    Ok(cards)
}

/// One person in a breakout room, for the exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSeat {
    pub room: u32,
    pub name: String,
    pub contact: String,
}

/// The email address in a contact, written as a video-call tool accepts
/// it: what surrounds it in a contact (`Ann <ann@example.org>`,
/// `mailto:`, brackets, a full stop after it) is left behind, and an
/// address that is still not whole is refused with why.
pub fn email_of(contact: &str) -> Result<String, String> {
    let words =
        contact.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')' | '[' | ']'));
    let mut found = None;
    for word in words {
        let word = word.strip_prefix("mailto:").unwrap_or(word);
        // A full stop ending a sentence is not part of the address; one at
        // the start is a typing slip the address keeps, and is refused.
        let word = word.trim_matches(|c: char| matches!(c, '"' | '\'' | ':')).trim_end_matches('.');
        if word.contains('@') {
            found = Some(word);
            break;
        }
    }
    let Some(address) = found else { return Err("no email in their contact".into()) };
    let shown = super::text::display(address);
    let whole = |why: &str| Err(format!("“{shown}” is not a whole email address ({why})"));
    let Some((local, domain)) = address.split_once('@') else { return whole("no @") };
    if !address.is_ascii() {
        return whole("letters beyond plain ASCII");
    }
    let local_ok = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c);
    if local.is_empty()
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local.chars().all(local_ok)
    {
        return whole("the part before @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels.last().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return whole("the part after @");
    }
    Ok(address.to_string())
}

/// Someone the rooms CSV leaves out, and why, for the host to place by
/// hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub name: String,
    pub why: String,
}

/// The video-call tool's breakout-room pre-assignment CSV: the header
/// exactly `Pre-assign Room Name,Email Address`, one row per person with a
/// well-formed email, no byte-order mark. Also returns who was left out
/// and why, for the host to place by hand.
pub fn rooms_csv(seats: &[RoomSeat]) -> (String, Vec<LeftOut>) {
    let mut out = String::from("Pre-assign Room Name,Email Address\n");
    let mut missing = Vec::new();
    for seat in seats {
        match email_of(&one_line(&seat.contact)) {
            Ok(email) => out.push_str(&format!("Room {},{}\n", seat.room, email)),
            Err(why) => missing.push(LeftOut { name: seat.name.clone(), why }),
        }
    }
    (out, missing)
}

/// The rooms as plain text to paste into the meeting chat.
pub fn rooms_text(seats: &[RoomSeat]) -> String {
    let mut out = String::from("Breakout rooms for our closing activity:\n");
    let mut rooms: Vec<u32> = seats.iter().map(|s| s.room).collect();
    rooms.dedup();
    for room in rooms {
        let names: Vec<String> = seats.iter().filter(|s| s.room == room).map(|s| one_line(&s.name)).collect();
        let joined = match names.len() {
            0 => continue,
            1 => names[0].clone(),
            n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
        };
        out.push_str(&format!("Room {room}: {joined}\n"));
    }
    out
}

/// A card as it goes into the keepsake.
pub struct KeepsakeCard {
    pub text: String,
    pub author: Option<String>,
}

/// The keepsake: every experience that was heard, as Markdown. It is for
/// people to keep and open anywhere, so escape sequences and other control
/// characters are removed from the group's name, the cards and the authors
/// (see [`super::text::plain`]), and their words are escaped so every
/// Markdown reader shows them as written ([`markdown_line`]): a card is
/// words, never markup. A card keeps its line breaks (each ends with two
/// spaces, the line break every reader knows), and a rule parts the cards,
/// so no reader runs two of them into one quotation.
pub fn keepsake_markdown(group: &str, date: &str, readers: usize, cards: &[KeepsakeCard]) -> String {
    use super::text::plain;
    let mut out = format!("# Moving on with positivity\n\n{} · {date}\n\n", markdown_line(&one_line(group)));
    out.push_str(&format!(
        "{} experience{} of the group, each read aloud by someone else — {} voice{} in all.\n",
        cards.len(),
        if cards.len() == 1 { "" } else { "s" },
        readers,
        if readers == 1 { "" } else { "s" }
    ));
    for (i, card) in cards.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { "\n---\n\n" });
        let text = plain(&card.text);
        let lines: Vec<&str> = text.trim().lines().collect();
        for (j, line) in lines.iter().enumerate() {
            let line = markdown_line(line);
            let more = lines.get(j + 1).is_some_and(|next| !next.trim().is_empty());
            match (line.is_empty(), more) {
                (true, _) => out.push_str(">\n"),
                (false, true) => out.push_str(&format!("> {line}  \n")),
                (false, false) => out.push_str(&format!("> {line}\n")),
            }
        }
        if let Some(author) = &card.author {
            out.push_str(&format!(">\n> — {}\n", markdown_line(&one_line(author))));
        }
    }
    out
}

/// One card as a partner reads it online: who reads it, in which room,
/// the card's text, and its author only when authors are revealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerCard {
    pub room: u32,
    pub reader: String,
    pub author: Option<String>,
    pub text: String,
}

/// The short private message the facilitator sends each reader of an
/// online activity, so partners in a breakout room have the card to read.
/// The words are kept as written, without any control character (see
/// [`super::text::exported`]): a message is pasted and sent on.
pub fn partner_message(card: &PartnerCard) -> String {
    let whose = match &card.author {
        Some(author) => format!("{}'s card", one_line(author)),
        None => "this card".to_string(),
    };
    let text = exported(&card.text);
    format!("{}, in room {} you read {whose} aloud:\n\n{}\n", one_line(&card.reader), card.room, text.trim())
}

/// Every reader's message, room by room, as one text to keep or to copy
/// from: one block a reader, separated by a line.
pub fn partner_messages_text(cards: &[PartnerCard]) -> String {
    let mut sorted: Vec<&PartnerCard> = cards.iter().collect();
    sorted.sort_by_key(|c| c.room);
    let blocks: Vec<String> = sorted.iter().map(|c| partner_message(c)).collect();
    blocks.join("\n---\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partners_get_their_card_and_the_author_only_when_revealed() {
        let card = PartnerCard { room: 2, reader: "Bo".into(), author: None, text: " The walk. ".into() };
        assert_eq!(partner_message(&card), "Bo, in room 2 you read this card aloud:\n\nThe walk.\n");
        let named = PartnerCard { author: Some("Ann".into()), ..card.clone() };
        assert!(partner_message(&named).starts_with("Bo, in room 2 you read Ann's card aloud:"));
        let first = PartnerCard { room: 1, reader: "Cy".into(), ..card.clone() };
        let text = partner_messages_text(&[card, first]);
        assert!(text.starts_with("Cy, in room 1"), "{text}");
        assert_eq!(text.matches("---").count(), 1);
    }

    #[test]
    fn blocks_are_read_with_their_authors() {
        let text = "\u{feff}Ann: The first meeting.\r\nIt felt like home.\r\n\r\n\r\nBo:Laughing together\n";
        let cards = parse_card_blocks(text).unwrap();
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].author, "Ann");
        assert_eq!(cards[0].text, "The first meeting.\nIt felt like home.");
        assert_eq!(cards[1], CardBlock { block: 2, author: "Bo".into(), text: "Laughing together".into() });
    }

    #[test]
    fn bad_blocks_are_named() {
        assert_eq!(parse_card_blocks("Ann: ok\n\nno colon here"), Err(CardImportError::NoAuthor { block: 2 }));
        assert!(matches!(parse_card_blocks("Ann:   \n\n"), Err(CardImportError::NoText { block: 1, .. })));
        assert!(matches!(parse_card_blocks("Ann: a\n\nann: b"), Err(CardImportError::Twice { block: 2, .. })));
        assert_eq!(parse_card_blocks(" \n\n "), Err(CardImportError::Empty));
    }

    #[test]
    fn rooms_csv_has_the_exact_header_and_lists_missing_emails() {
        let seats = [
            RoomSeat { room: 1, name: "Ann".into(), contact: "Ann <ann@example.org>".into() },
            RoomSeat { room: 1, name: "Bo".into(), contact: "07700 900123".into() },
            RoomSeat { room: 2, name: "Cy".into(), contact: "cy@example.org".into() },
        ];
        let (csv, missing) = rooms_csv(&seats);
        assert_eq!(csv, "Pre-assign Room Name,Email Address\nRoom 1,ann@example.org\nRoom 2,cy@example.org\n");
        assert_eq!(missing, [LeftOut { name: "Bo".into(), why: "no email in their contact".into() }]);
        assert_eq!(rooms_text(&seats), "Breakout rooms for our closing activity:\nRoom 1: Ann and Bo\nRoom 2: Cy\n");
    }

    /// What contacts really hold: what surrounds an address is left
    /// behind; an address that is still not whole is left out, with why.
    #[test]
    fn only_whole_email_addresses_go_into_the_rooms_csv() {
        for (contact, email) in [
            ("mailto:ed@example.org", "ed@example.org"),
            ("(fi@example.org)", "fi@example.org"),
            ("gus@example.org.", "gus@example.org"),
            ("Hal <hal.b+circle@mail.example.co.uk>", "hal.b+circle@mail.example.co.uk"),
            ("07700 900123, ivy@example.org", "ivy@example.org"),
        ] {
            assert_eq!(email_of(contact).as_deref(), Ok(email), "{contact}");
        }
        for (contact, why) in [
            ("jo@example", "after @"),
            ("kim@@example.org", "after @"),
            (".lu@example.org", "before @"),
            ("mo..x@example.org", "before @"),
            ("nia@exam_ple.org", "after @"),
            ("zoë@example.org", "ASCII"),
            ("07700 900123", "no email"),
        ] {
            let said = email_of(contact).unwrap_err();
            assert!(said.contains(why), "{contact}: {said}");
        }
    }

    #[test]
    fn keepsake_hides_authors_unless_given() {
        let cards = [
            KeepsakeCard { text: "Tea and\nbiscuits".into(), author: None },
            KeepsakeCard { text: "Being heard".into(), author: Some("Bo".into()) },
        ];
        let md = keepsake_markdown("Tuesday\u{1b}[31m", "2026-11-26", 2, &cards);
        assert!(md.contains("> Tea and  \n> biscuits\n"), "{md}");
        assert!(md.contains("> — Bo"));
        assert!(!md.contains('\u{1b}'));
        assert!(md.contains("2 experiences"));
    }

    #[test]
    fn keepsake_drops_escape_sequences_and_keeps_line_breaks() {
        let cards = [
            KeepsakeCard {
                text: "Kind words\u{1b}[2J\u{1b}]0;title\u{7} 🌈\r\nمرحبا\tfriend\u{0}\u{9b}31m".into(),
                author: Some("Bo\u{1b}[31m\nLee".into()),
            },
            KeepsakeCard { text: "Line one\n\nLine \u{202E}two".into(), author: None },
        ];
        let md = keepsake_markdown("Tuesday\u{1b}[31m Circle", "2026-11-26", 2, &cards);
        assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
        assert!(!md.contains("[2J") && !md.contains("[31m") && !md.contains("title"), "{md}");
        assert!(!md.contains('\u{FFFD}'), "{md}");
        assert!(md.contains("\nTuesday Circle · 2026-11-26\n"), "{md}");
        assert!(md.contains("> Kind words 🌈  \n> مرحبا friend\n>\n> — Bo Lee\n"), "{md}");
        assert!(md.contains("> Line one\n>\n> Line two\n"), "{md}");
    }

    #[test]
    fn planned_online_deals_give_rooms_and_pairs() {
        let readers = [1, 2, 3, 4, 5];
        let plan = plan(EndingMode::Online, false, &readers, &readers, &HashSet::new(), 7).unwrap();
        assert_eq!(plan.rooms.len(), 5);
        assert_eq!(plan.readings.len(), 5);
        assert!(plan.readings.iter().all(|(_, _, room)| room.is_some()));
        // One pair and one trio: 1 + 3 pairs of people who shared a room.
        assert_eq!(plan.pairs().len(), 4);
    }

    #[test]
    fn a_chain_falls_back_when_cards_and_readers_differ() {
        let plan = plan(EndingMode::FaceToFace, true, &[1, 2, 3], &[1, 2, 3, 9], &HashSet::new(), 1).unwrap();
        assert!(plan.chain_refused);
        assert!(!plan.chain);
        let same = plan_again();
        assert_eq!(
            same,
            super::plan(EndingMode::FaceToFace, true, &[1, 2, 3], &[1, 2, 3], &HashSet::new(), 3).unwrap()
        );
        assert!(same.chain);
    }

    fn plan_again() -> PlannedDeal<i32> {
        plan(EndingMode::FaceToFace, true, &[1, 2, 3], &[1, 2, 3], &HashSet::new(), 3).unwrap()
    }
}

//! Files the endings activity writes for people: the breakout rooms, each
//! online reader's card as a private message, and the keepsake. Each is
//! readable only by its owner, and none replaces a file without asking.

use std::path::{Path, PathBuf};

use super::{Circle, Error, Result};
use crate::domain::endings::{
    KeepsakeCard, PartnerCard, RoomSeat, keepsake_markdown, partner_messages_text, rooms_csv, rooms_text,
};
use crate::domain::{Activity, CardStyle, EndingMode, MemberId};
use crate::files::export_dir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomsExported {
    pub csv: PathBuf,
    /// The private messages with each reader's card, when cards are typed.
    pub cards: Option<PathBuf>,
    /// People without an email, to place by hand.
    pub without_email: Vec<crate::domain::endings::LeftOut>,
}

/// The files an export of the rooms writes beside its CSV.
fn room_files(csv: &Path, typed: bool) -> Vec<PathBuf> {
    let mut files = vec![csv.to_path_buf(), csv.with_extension("txt")];
    if typed {
        let stem = csv.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        files.push(csv.with_file_name(format!("{stem}-cards.txt")));
    }
    files
}

/// Refuses to write over files that are there, unless the facilitator said
/// to replace them.
fn check_free(database: &Path, files: &[PathBuf], replace: bool) -> Result<()> {
    if let Some(refused) = files.iter().find_map(|f| crate::files::refusal(f, database)) {
        return Err(Error::field("path", refused));
    }
    match files.iter().find(|f| f.exists()) {
        Some(there) if !replace => Err(Error::Exists(there.clone())),
        _ => Ok(()),
    }
}

/// A name for files of a group: letters and digits, the rest as dashes.
fn slug(name: &str) -> String {
    let lower: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
    let joined = parts.join("-");
    joined.chars().take(40).collect::<String>().trim_end_matches('-').to_string()
}

/// Who sits in which breakout room, or a refusal when there are no rooms.
fn seats(view: &super::endings::ActivityView) -> Result<Vec<RoomSeat>> {
    let seats: Vec<RoomSeat> = view
        .rooms
        .iter()
        .map(|(room, id)| {
            let person = view.people.iter().find(|p| p.id == *id);
            RoomSeat {
                room: *room,
                name: person.map_or_else(String::new, |p| p.name.clone()),
                contact: person.map_or_else(String::new, |p| p.contact.clone()),
            }
        })
        .collect();
    if seats.is_empty() {
        return Err(Error::refused("There are no rooms: rooms are made when an online activity is dealt."));
    }
    Ok(seats)
}

impl Circle {
    /// A name no file has yet: the group, what it is, the activity's date
    /// and number, and a counter when even that exists.
    fn free_path(&self, activity: &Activity, what: &str, extension: &str) -> PathBuf {
        let group = self.store.group(activity.group).map(|g| slug(&g.name)).unwrap_or_default();
        let group = if group.is_empty() { "group".to_string() } else { group };
        let base = format!("circle-{group}-{what}-{}-{}", activity.held_on, activity.id);
        let dir = export_dir();
        let mut path = dir.join(format!("{base}.{extension}"));
        let mut n = 2;
        while room_files(&path, true).iter().any(|p| p.exists()) && n < 1000 {
            path = dir.join(format!("{base}-{n}.{extension}"));
            n += 1;
        }
        path
    }

    /// Where the breakout rooms are saved unless the facilitator says otherwise.
    pub fn default_rooms_path(&self, activity: &Activity) -> PathBuf {
        self.free_path(activity, "rooms", "csv")
    }

    pub fn default_keepsake_path(&self, activity: &Activity) -> PathBuf {
        self.free_path(activity, "keepsake", "md")
    }

    /// Each online reader's card, room by room, for the facilitator to send
    /// privately. Authors are named only when the facilitator revealed them.
    pub fn partner_cards(&self, activity: crate::domain::ActivityId) -> Result<Vec<PartnerCard>> {
        let view = self.view_of(activity)?;
        if view.activity.mode != EndingMode::Online || view.activity.card_style != CardStyle::Typed {
            return Ok(Vec::new());
        }
        Ok(view
            .deal
            .iter()
            .filter_map(|e| {
                let card = view.card(e.card)?;
                Some(PartnerCard {
                    room: e.room.unwrap_or(0),
                    reader: view.reader_name(e.reader),
                    author: view.activity.reveal_author.then(|| view.name(card.author)),
                    text: card.text.clone(),
                })
            })
            .collect())
    }

    /// The breakout rooms as plain text to paste into the meeting chat.
    pub fn rooms_text(&self, activity: crate::domain::ActivityId) -> Result<String> {
        Ok(rooms_text(&seats(&self.view_of(activity)?)?))
    }

    /// Writes the rooms as a CSV for the video-call tool's breakout-room
    /// pre-assignment, as plain text beside it (`.txt`) for the chat, and,
    /// with typed cards, each reader's card as a private message
    /// (`-cards.txt`). Files already there are replaced only when asked.
    pub fn export_rooms(
        &mut self,
        activity: crate::domain::ActivityId,
        path: &Path,
        replace: bool,
    ) -> Result<RoomsExported> {
        let view = self.view_of(activity)?;
        let typed = view.activity.card_style == CardStyle::Typed;
        let seats = seats(&view)?;
        let files = room_files(path, typed);
        check_free(self.store.path(), &files, replace)?;
        let (csv, missing) = rooms_csv(&seats);
        self.write_export(&files[0], &csv)?;
        self.write_export(&files[1], &rooms_text(&seats))?;
        let cards = match files.get(2) {
            Some(file) => {
                let messages = partner_messages_text(&self.partner_cards(activity)?);
                self.write_export(file, &messages)?;
                Some(file.clone())
            }
            None => None,
        };
        Ok(RoomsExported { csv: path.to_path_buf(), cards, without_email: missing })
    }

    /// Writes every experience that was heard as a Markdown keepsake.
    pub fn export_keepsake(
        &mut self,
        activity: crate::domain::ActivityId,
        path: &Path,
        authors: bool,
        replace: bool,
    ) -> Result<()> {
        check_free(self.store.path(), &[path.to_path_buf()], replace)?;
        let view = self.view_of(activity)?;
        let cards: Vec<KeepsakeCard> = view
            .deal
            .iter()
            .filter_map(|e| view.card(e.card))
            .map(|c| KeepsakeCard {
                text: if c.text.is_empty() { format!("(paper card {})", c.number) } else { c.text.clone() },
                author: authors.then(|| view.name(c.author)),
            })
            .collect();
        let mut readers: Vec<MemberId> = view.deal.iter().filter_map(|e| e.reader).collect();
        readers.sort();
        readers.dedup();
        let group = self.store.group(view.activity.group)?.name;
        let date = view.activity.held_on.format("%-d %B %Y").to_string();
        let md = keepsake_markdown(&group, &date, readers.len(), &cards);
        self.write_export(path, &md)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_group_in_plain_letters() {
        assert_eq!(slug("Riverside Wellbeing Circle"), "riverside-wellbeing-circle");
        assert_eq!(slug("  ../etc/passwd  "), "etc-passwd");
        assert_eq!(slug("Zoë's group"), "zoë-s-group");
        assert_eq!(slug("\u{1b}[31m"), "31m");
    }
}

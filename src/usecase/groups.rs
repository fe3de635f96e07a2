//! Groups: create, rename, change settings, list.

use chrono::NaiveDate;

use super::{Circle, Error, Result};
use crate::domain::group::checked_focus;
use crate::domain::{Group, GroupId, GroupSettings, NewGroup, text};
use crate::usecase::store::{Store, StoreError};

impl Circle {
    pub fn groups(&self) -> Result<Vec<Group>> {
        Ok(self.store.groups()?)
    }

    pub fn group(&self, id: GroupId) -> Result<Group> {
        Ok(self.store.group(id)?)
    }

    /// A group by its name; when there is none, the refusal names the
    /// groups that exist.
    pub fn group_named(&self, name: &str) -> Result<Group> {
        if let Some(group) = self.store.group_by_name(name)? {
            return Ok(group);
        }
        // "tuesday circle" finds "Tuesday Circle" when only one group matches.
        let wanted = text::fold(name.trim());
        let folded: Vec<Group> =
            self.store.groups()?.into_iter().filter(|g| text::fold(g.name.trim()) == wanted).collect();
        if let [one] = folded.as_slice() {
            return Ok(one.clone());
        }
        let names: Vec<String> = self.store.groups()?.iter().map(|g| format!("“{}”", text::display(&g.name))).collect();
        if names.is_empty() {
            return Err(Error::refused(format!(
                "there is no group called “{}” (this database has no groups yet)",
                text::display(name)
            )));
        }
        Err(Error::refused(format!(
            "there is no group called “{}”; the groups are {}",
            text::display(name),
            names.join(", ")
        )))
    }

    /// Creates a group. Its name follows the rule for names given now
    /// ([`text::new_name`]) and must differ from every other group's by
    /// more than case or accents, since `--group` and the switcher find
    /// groups without them.
    pub fn create_group(&mut self, new: &NewGroup, today: NaiveDate) -> Result<Group> {
        self.create_group_lasting(new, self.new_group.meeting_minutes, today)
    }

    /// Creates a group whose meetings last `meeting_minutes`, asked when
    /// the group is made rather than left hidden in its settings, since the
    /// workable size follows from it. Checked as the settings form checks
    /// it, in the same transaction as the group.
    pub fn create_group_lasting(&mut self, new: &NewGroup, meeting_minutes: u32, today: NaiveDate) -> Result<Group> {
        let name = super::given_name(&new.name)?;
        let focus = checked_focus(&new.focus).map_err(|(field, message)| Error::Field(field, message))?;
        let defaults = GroupSettings { meeting_minutes, ..self.new_group.clone() }
            .checked(today)
            .map_err(|(field, message)| Error::Field(field, message))?;
        refuse_lookalike(&self.store, &name, None)?;
        let new = NewGroup { name, focus, ..new.clone() };
        self.store.atomic(|store| insert_group(store, &new, &defaults, today))
    }

    /// What a new group starts with: circle's defaults, or the settings
    /// file's `[new_group]`.
    pub fn new_group_defaults(&self) -> &GroupSettings {
        &self.new_group
    }

    pub fn set_new_group_defaults(&mut self, settings: GroupSettings) {
        self.new_group = settings;
    }

    /// Renames a group, by the same rules as [`Circle::create_group`]; a
    /// group may change the case or accents of its own name.
    pub fn rename_group(&mut self, id: GroupId, name: &str) -> Result<()> {
        let name = super::given_name(name)?;
        refuse_lookalike(&self.store, &name, Some(id))?;
        self.store.rename_group(id, &name).map_err(name_taken)
    }

    /// Saves a group's settings after checking them as a whole; the error
    /// names the setting at fault.
    pub fn update_group_settings(&mut self, id: GroupId, settings: GroupSettings, today: NaiveDate) -> Result<()> {
        let settings = settings.checked(today).map_err(|(field, message)| Error::Field(field, message))?;
        if settings.successor == Some(id) {
            return Err(Error::field("successor", "a group cannot be its own successor"));
        }
        Ok(self.store.update_group_settings(id, &settings)?)
    }
}

/// Writes a new group whose name has passed the rule: the numbers come
/// from `defaults` (the settings file's), who it is for and whether it is
/// open from `new`. Part of a larger transaction when a successor is made.
pub(super) fn insert_group(
    store: &mut Store,
    new: &NewGroup,
    defaults: &GroupSettings,
    today: NaiveDate,
) -> Result<Group> {
    let group = store.create_group(new, today).map_err(name_taken)?;
    if *defaults == GroupSettings::default() {
        return Ok(group);
    }
    let settings = GroupSettings {
        focus: group.settings.focus.clone(),
        openness: group.settings.openness,
        status: group.settings.status,
        ..defaults.clone()
    };
    store.update_group_settings(group.id, &settings)?;
    Ok(store.group(group.id)?)
}

/// Refuses a name that another group has, or that differs from its name
/// only by case or accents.
pub(super) fn refuse_lookalike(store: &Store, name: &str, except: Option<GroupId>) -> Result<()> {
    let wanted = text::fold(name);
    let others = store.groups()?.into_iter().filter(|g| Some(g.id) != except);
    if let Some(same) = others.into_iter().find(|g| text::fold(g.name.trim()) == wanted) {
        let shown = text::display(&same.name);
        return Err(Error::field(
            "name",
            if same.name.trim() == name {
                format!("there is already a group called “{shown}”")
            } else {
                format!(
                    "there is already a group called “{shown}”; choose a name that differs by more than case or accents"
                )
            },
        ));
    }
    Ok(())
}

/// A name the store refused (the same name as another group's, met in a
/// race with another console) belongs beside the name; anything else, such
/// as a full disk, is told as it is.
fn name_taken(error: StoreError) -> Error {
    match error {
        StoreError::Invalid(message) => Error::field("name", message),
        other => Error::Store(other),
    }
}

//! Groups: switching to another group, or making the first one.

use super::group_settings::{self, Editing};
use super::words::{Input, not_on_list};
use super::{Area, Ctx, Go, Place};
use crate::domain::text::display;
use crate::domain::{Group, NewGroup};

pub struct Groups {
    groups: Vec<Group>,
    /// Going through the open group's settings.
    editing: Option<Editing>,
}

impl Groups {
    pub fn enter(ctx: &mut Ctx) -> Groups {
        let mut place = Groups { groups: Vec::new(), editing: None };
        place.list(ctx);
        ctx.hint_once("groups", "Type a group's number to switch to it, or new and a name to make a group.");
        place
    }

    fn list(&mut self, ctx: &mut Ctx) {
        match ctx.circle.groups() {
            Ok(groups) => self.groups = groups,
            Err(e) => return ctx.fail(e),
        }
        if self.groups.is_empty() {
            ctx.say(
                "This database has no groups yet: type new and a name to make one, for example new Tuesday Circle.",
            );
            return;
        }
        ctx.say(format!("{}:", super::words::count(self.groups.len(), "group", "groups")));
        let open = ctx.group.as_ref().map(|g| g.id);
        for (i, g) in self.groups.iter().enumerate() {
            let s = &g.settings;
            let here = if Some(g.id) == open { ", the one open now" } else { "" };
            ctx.say(format!("{}. {}, {}, {}{here}", i + 1, display(&g.name), s.status.label(), s.openness.label()));
        }
    }
}

impl Place for Groups {
    fn name(&self) -> String {
        "the groups".into()
    }

    fn prompt(&self, _ctx: &Ctx) -> String {
        self.editing.as_ref().map_or_else(|| "Groups> ".into(), group_settings::prompt)
    }

    fn where_(&self, ctx: &Ctx) -> String {
        match &ctx.group {
            Some(_) => format!("You are choosing a group; {} is open now.", ctx.group_name()),
            None => "You are in the groups; there is no group yet.".into(),
        }
    }

    fn help(&self) -> Vec<String> {
        vec![
            "Type a group's number to switch to it. l lists the groups again.".into(),
            "new and a name makes a new group: new Tuesday Circle.".into(),
            "settings goes through the open group's settings one at a time; rename and a name renames it.".into(),
        ]
    }

    fn wants_text(&self) -> bool {
        self.editing.is_some()
    }

    fn text(&mut self, ctx: &mut Ctx, line: &str) -> Go {
        if let Some(editing) = self.editing.take() {
            self.editing = group_settings::text(ctx, editing, line);
        }
        Go::Stay
    }

    fn leave_text(&mut self, ctx: &mut Ctx) {
        self.editing = None;
        ctx.say("Nothing was saved; the settings are as before.");
    }

    fn handle(&mut self, ctx: &mut Ctx, input: Input) -> Go {
        match input {
            Input::Numbers(n) if n.len() == 1 => match self.groups.get(n[0].wrapping_sub(1)) {
                Some(g) => {
                    let id = g.id;
                    ctx.set_group(id);
                    super::timer::resume(ctx);
                    Go::To(Area::Main)
                }
                None => {
                    ctx.say(not_on_list(n[0], self.groups.len()));
                    Go::Stay
                }
            },
            Input::Word { word, rest } if rest.is_empty() && matches!(word.as_str(), "l" | "list") => {
                self.list(ctx);
                Go::Stay
            }
            Input::Word { word, rest } if rest.is_empty() && word == "settings" => {
                if ctx.group.is_none() {
                    ctx.say("There is no group yet: type new and a name to make one.");
                } else {
                    self.editing = group_settings::start(ctx);
                }
                Go::Stay
            }
            Input::Word { word, rest } if word == "rename" => {
                let id = ctx.group_id();
                if ctx.group.is_none() || rest.trim().is_empty() {
                    ctx.say("Type rename and the open group's new name: rename Thursday Evening Circle.");
                    return Go::Stay;
                }
                match ctx.circle.rename_group(id, &rest).and_then(|()| ctx.circle.group(id)) {
                    Ok(group) => {
                        ctx.say(format!("The group is now called {}.", display(&group.name)));
                        ctx.group = Some(group);
                        self.list(ctx);
                    }
                    Err(e) => ctx.fail(e),
                }
                Go::Stay
            }
            Input::Word { word, rest } if word == "new" => {
                let openness = ctx.circle.new_group_defaults().openness;
                let new = NewGroup { name: rest, focus: String::new(), openness };
                match ctx.circle.create_group(&new, ctx.today) {
                    Ok(group) => {
                        // What the workable size follows from, said rather
                        // than left hidden in the settings.
                        let s = &group.settings;
                        ctx.say(format!(
                            "Created {}. Its meetings last {} minutes, {} of them kept for opening, closing and \
                             breaks; settings changes them.",
                            display(&group.name),
                            s.meeting_minutes,
                            s.opening_closing_minutes
                        ));
                        ctx.set_group(group.id);
                        Go::To(Area::Main)
                    }
                    Err(e) => {
                        ctx.fail(e);
                        Go::Stay
                    }
                }
            }
            Input::Back if ctx.group.is_some() => Go::To(Area::Main),
            Input::Back => {
                ctx.say("There is no group yet to go back to: type new and a name, or q to quit.");
                Go::Stay
            }
            other => ctx.unknown(&other),
        }
    }
}

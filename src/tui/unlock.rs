//! The console's first screen for an encrypted database: the passphrase,
//! typed into a masked field, before anything else opens the file. Three
//! tries; a wrong one is said and changes nothing. Esc leaves without
//! opening anything.

use std::path::Path;

use anyhow::{Result, bail};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};
use zeroize::Zeroizing;

use crate::present::unlock;
use crate::secret::Passphrase;
use crate::usecase::{Circle, Error, StoreError};

/// What the screen shows.
#[derive(Default)]
pub struct Prompt {
    /// The characters typed, counted only: the screen shows one dot each.
    pub typed: usize,
    /// The last thing said: a wrong passphrase, or that it is being checked.
    pub message: Option<String>,
}

/// Draws the prompt; [`run`] and the tests both use it.
pub fn draw(frame: &mut Frame, prompt: &Prompt) {
    let area = frame.area();
    let [_, middle, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(11), Constraint::Fill(1)]).areas(area);
    let [_, column, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Max(64), Constraint::Fill(1)]).areas(middle);
    let dots: String = "•".repeat(prompt.typed.min(usize::from(column.width.saturating_sub(20))));
    let mut lines =
        vec![Line::from(unlock::ASK), Line::from(""), Line::from(format!("Passphrase: {dots}")), Line::from("")];
    if let Some(message) = &prompt.message {
        lines.push(Line::from(message.as_str()));
    }
    let block =
        Block::bordered().title(" circle ").title_bottom(" Enter open · Esc leave ").padding(Padding::new(2, 2, 1, 0));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), column);
}

/// Asks for the passphrase and opens the database with it.
pub fn run(path: &Path) -> Result<Circle> {
    let mut terminal = super::terminal::init(false)?;
    let result = ask(&mut terminal, path);
    super::terminal::restore();
    result
}

fn ask(terminal: &mut super::terminal::Console, path: &Path) -> Result<Circle> {
    let mut prompt = Prompt::default();
    let mut typed = Zeroizing::new(String::new());
    let mut tries_left = unlock::TRIES;
    loop {
        prompt.typed = typed.chars().count();
        terminal.draw(|frame| draw(frame, &prompt))?;
        let Event::Key(key) = event::read()? else { continue };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match key.code {
            KeyCode::Esc => bail!("nothing was opened"),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => bail!("nothing was opened"),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Char(c) => typed.push(c),
            KeyCode::Enter if !typed.is_empty() => {
                prompt.message = Some(unlock::CHECKING.into());
                terminal.draw(|frame| draw(frame, &prompt))?;
                let key = Passphrase::new(std::mem::take(&mut *typed));
                tries_left -= 1;
                match Circle::open_with(path, Some(&key)) {
                    Err(Error::Store(StoreError::WrongPassphrase { .. })) if tries_left > 0 => {
                        prompt.message = Some(unlock::wrong(tries_left));
                    }
                    Err(Error::Store(StoreError::WrongPassphrase { .. })) => bail!("{}", unlock::GAVE_UP),
                    other => return Ok(other?),
                }
            }
            _ => {}
        }
    }
}

//! Where linear mode writes: whole lines, appended, never redrawn. What was
//! said in answer to the last line is kept, so `r` can say it again.

use std::io::Write;

use crate::domain::text::display;

pub struct Out<'a> {
    writer: &'a mut dyn Write,
    /// What is being said in answer to the line just typed.
    block: Vec<String>,
    /// The last answer, for `r`.
    last: Vec<String>,
    /// The first write that failed; the session stops on it.
    failed: Option<std::io::Error>,
}

impl<'a> Out<'a> {
    pub fn new(writer: &'a mut dyn Write) -> Out<'a> {
        Out { writer, block: Vec::new(), last: Vec::new(), failed: None }
    }

    /// Says one line. Every line passes through [`display`] as a whole, on
    /// top of the stored text each caller already made safe, so no escape
    /// sequence or other control character can reach the terminal.
    pub fn say(&mut self, line: impl AsRef<str>) {
        let line = display(line.as_ref()).into_owned();
        self.write(&format!("{line}\n"));
        self.block.push(line);
    }

    /// Says several lines, as [`Out::say`] does each.
    pub fn say_all<S: AsRef<str>>(&mut self, lines: impl IntoIterator<Item = S>) {
        for line in lines {
            self.say(line);
        }
    }

    /// Writes a prompt, which stays on the line the answer is typed on.
    pub fn prompt(&mut self, prompt: &str) {
        let prompt = display(prompt).into_owned();
        self.write(&prompt);
        if self.failed.is_none()
            && let Err(e) = self.writer.flush()
        {
            self.failed = Some(e);
        }
    }

    /// Rings the terminal's bell: the one control character linear mode
    /// writes, and only at a speaker's time mark.
    pub fn bell(&mut self) {
        self.write("\u{7}");
    }

    /// Ends a prompt's line when input ended without one.
    pub fn newline(&mut self) {
        self.write("\n");
    }

    /// Marks the end of an answer: it becomes what `r` repeats. An answer
    /// that said nothing leaves the last one in place.
    pub fn end_answer(&mut self) {
        if !self.block.is_empty() {
            self.last = std::mem::take(&mut self.block);
        }
    }

    /// Says the last answer again; repeating it does not replace it.
    pub fn repeat(&mut self) {
        if self.last.is_empty() {
            self.write("There is nothing to repeat yet.\n");
            return;
        }
        let last = self.last.clone();
        for line in &last {
            self.write(&format!("{line}\n"));
        }
    }

    pub fn take_failure(&mut self) -> Option<std::io::Error> {
        self.failed.take()
    }

    fn write(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(e) = self.writer.write_all(text.as_bytes())
        {
            self.failed = Some(e);
        }
    }
}

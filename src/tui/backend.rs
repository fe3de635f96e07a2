//! Fewer bytes to the terminal for the same frame. ratatui sends only the
//! cells that changed, and moves the cursor over every run of cells that
//! did not: on a screen of columns (the roster, size health) a third of
//! the bytes were those moves, each 6 to 8 bytes to step over a gap of a
//! few spaces. [`Joined`] remembers what the terminal shows, and where a
//! gap between two changed cells on a row is shorter than the move over it
//! and looks like the cell before it (plain single-column characters in
//! the same colours), it writes the gap's cells again instead: the screen
//! ends up the same, in fewer bytes for the terminal to read.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// A backend that joins short runs of changed cells; see the module.
pub struct Joined<B: Backend> {
    inner: B,
    /// What the terminal shows, row by row.
    shown: Vec<Seen>,
    width: u16,
}

/// What the terminal shows in one cell, as far as joining needs to know:
/// a plain character (`ch`) and its style. `ch` is 0 where the cell is not
/// known or not plain. Kept small, as the whole screen's worth is made
/// before the first frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    ch: u8,
    modifier: Modifier,
    fg: Color,
    bg: Color,
    underline: Color,
}

impl Seen {
    const UNKNOWN: Seen = Seen { ch: 0, ..Seen::BLANK };
    const BLANK: Seen =
        Seen { ch: b' ', modifier: Modifier::empty(), fg: Color::Reset, bg: Color::Reset, underline: Color::Reset };

    /// A printable ASCII character, drawn plainly (one column wide in any
    /// terminal), is remembered; anything else is not known well enough.
    fn of(cell: &Cell) -> Seen {
        match (cell.symbol().as_bytes(), cell.diff_option) {
            ([ch @ b' '..=b'~'], CellDiffOption::None) => {
                Seen { ch: *ch, modifier: cell.modifier, fg: cell.fg, bg: cell.bg, underline: cell.underline_color }
            }
            _ => Seen::UNKNOWN,
        }
    }

    /// The cell to write again.
    fn cell(self) -> Cell {
        let mut cell = Cell::new("");
        cell.set_char(char::from(self.ch)).set_fg(self.fg).set_bg(self.bg);
        cell.underline_color = self.underline;
        cell.modifier = self.modifier;
        cell
    }

    /// Whether this can be written again in place of moving over it, just
    /// after a cell seen as `before`: both plain, and styled alike, so no
    /// colour changes.
    fn joins(self, before: Seen) -> bool {
        self.ch != 0 && before.ch != 0 && Seen { ch: before.ch, ..self } == before
    }
}

impl<B: Backend> Joined<B> {
    /// Wraps `inner`, whose screen is taken to be blank, as ratatui takes
    /// it to be before its first frame.
    pub fn new(inner: B) -> Result<Joined<B>, B::Error> {
        let mut joined = Joined { inner, shown: Vec::new(), width: 0 };
        joined.forget(Seen::BLANK)?;
        Ok(joined)
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    /// Takes the whole screen to show `seen` everywhere: blank after a
    /// clear, unknown after anything else.
    fn forget(&mut self, seen: Seen) -> Result<(), B::Error> {
        let size = self.inner.size()?;
        self.width = size.width;
        self.shown = vec![seen; usize::from(size.width) * usize::from(size.height)];
        Ok(())
    }

    fn shown_at(&self, x: u16, y: u16) -> Seen {
        if x >= self.width {
            return Seen::UNKNOWN;
        }
        self.shown.get(usize::from(y) * usize::from(self.width) + usize::from(x)).copied().unwrap_or(Seen::UNKNOWN)
    }
}

/// The bytes of a cursor move to (x, y): `ESC [ row ; column H`.
fn move_len(x: u16, y: u16) -> usize {
    let digits = |n: u16| (u32::from(n) + 1).ilog10() as usize + 1;
    4 + digits(y) + digits(x)
}

/// A cell to draw: one ratatui asked for, or one written again.
enum Part {
    Changed(usize),
    Again(usize),
}

impl<B: Backend> Backend for Joined<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changed: Vec<(u16, u16, &Cell)> = content.collect();
        let mut again: Vec<(u16, u16, Cell)> = Vec::new();
        let mut parts: Vec<Part> = Vec::with_capacity(changed.len());
        // Whether everything written since the cursor was last moved was
        // plain ASCII, so the cursor is sure to stand just after the last
        // cell. A terminal may draw other characters wider than their
        // Unicode width (an emoji with a variation selector, or "—" where
        // ambiguous characters are wide); ratatui's next move puts that
        // right, and writing a gap in its place would carry the shift on.
        let mut sure = false;
        for (i, &(x, y, cell)) in changed.iter().enumerate() {
            let mut moved = true;
            if let Some(&(bx, by, previous)) = i.checked_sub(1).and_then(|b| changed.get(b)) {
                let gap = x.saturating_sub(bx).saturating_sub(1);
                let before = Seen::of(previous);
                if by == y && gap == 0 {
                    moved = false;
                } else if by == y
                    && sure
                    && usize::from(gap) < move_len(x, y)
                    && (bx + 1..x).all(|gx| self.shown_at(gx, y).joins(before))
                {
                    for gx in bx + 1..x {
                        parts.push(Part::Again(again.len()));
                        again.push((gx, y, self.shown_at(gx, y).cell()));
                    }
                    moved = false;
                }
            }
            // A move is written before this cell: from here the cursor is
            // where ratatui says.
            sure = (moved || sure) && Seen::of(cell).ch != 0;
            parts.push(Part::Changed(i));
        }
        self.inner.draw(parts.iter().map(|part| match *part {
            Part::Changed(i) => changed[i],
            Part::Again(j) => (again[j].0, again[j].1, &again[j].2),
        }))?;
        for (x, y, cell) in changed {
            // A character wider than a column covers the next ones, which
            // then show half of it: not known well enough to write again.
            let wide = unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1);
            for (i, covered) in (x..self.width).take(wide).enumerate() {
                let at = usize::from(y) * usize::from(self.width) + usize::from(covered);
                if let Some(slot) = self.shown.get_mut(at) {
                    *slot = if i == 0 { Seen::of(cell) } else { Seen::UNKNOWN };
                }
            }
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.forget(Seen::UNKNOWN)?;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.forget(Seen::BLANK)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        match clear_type {
            ClearType::All => self.forget(Seen::BLANK),
            _ => self.forget(Seen::UNKNOWN),
        }
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::{CrosstermBackend, TestBackend};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    use super::*;

    /// A frame: text at places, some coloured.
    type Frame = Vec<(u16, u16, String, bool)>;

    fn paint(frame: &Frame, area: Rect, buf: &mut Buffer) {
        for (x, y, text, warm) in frame {
            let style = if *warm { Style::new().fg(Color::Yellow) } else { Style::new() };
            if *x < area.width && *y < area.height {
                buf.set_stringn(*x, *y, text, usize::from(area.width - x), style);
            }
        }
    }

    fn frames() -> impl Strategy<Value = Vec<Frame>> {
        let text = prop_oneof![" {1,3}", "[a-c ]{1,6}", "日本|é|—|x", "[ab]{1,2} +[ab]"];
        let piece = (0u16..30, 0u16..4, text, any::<bool>());
        prop::collection::vec(prop::collection::vec(piece, 0..12), 1..6)
    }

    proptest! {
        /// Whatever is drawn, the terminal ends up showing what it shows
        /// without joining.
        #[test]
        fn the_screen_is_what_it_would_be_without_joining(frames in frames(), clear_at in 0usize..6) {
            let mut joined = Terminal::new(Joined::new(TestBackend::new(24, 3)).unwrap()).unwrap();
            let mut plain = Terminal::new(TestBackend::new(24, 3)).unwrap();
            for (i, frame) in frames.iter().enumerate() {
                if i == clear_at {
                    joined.clear().unwrap();
                    plain.clear().unwrap();
                }
                joined.draw(|f| { let area = f.area(); paint(frame, area, f.buffer_mut()) }).unwrap();
                plain.draw(|f| { let area = f.area(); paint(frame, area, f.buffer_mut()) }).unwrap();
                prop_assert_eq!(joined.backend().inner().buffer(), plain.backend().buffer());
            }
        }
    }

    /// Bytes written, kept where the test can take them.
    #[derive(Clone, Default)]
    struct Tap(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl std::io::Write for Tap {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn terminal(width: u16) -> vt100::Parser {
        let n = |v: u16| std::num::NonZeroU16::new(v).unwrap();
        vt100::Parser::new(n(3), n(width), 0)
    }

    /// What a terminal receives for each frame after the first (a screen
    /// already showing it), joined or not.
    fn output(join: bool, frames: &[Frame], width: u16) -> Vec<Vec<u8>> {
        let area = Rect::new(0, 0, width, 3);
        let buffers: Vec<Buffer> = frames
            .iter()
            .map(|frame| {
                let mut buf = Buffer::empty(area);
                paint(frame, area, &mut buf);
                buf
            })
            .collect();
        let tap = Tap::default();
        let mut joined = Joined {
            inner: CrosstermBackend::new(tap.clone()),
            shown: vec![Seen::BLANK; usize::from(width) * 3],
            width,
        };
        let mut shown = Buffer::empty(area);
        let mut out = Vec::new();
        for buf in &buffers {
            let diff = shown.diff(buf);
            if join {
                joined.draw(diff.into_iter()).unwrap();
                out.push(std::mem::take(&mut *tap.0.borrow_mut()));
            } else {
                let mut bytes = Vec::new();
                CrosstermBackend::new(&mut bytes).draw(diff.into_iter()).unwrap();
                out.push(bytes);
            }
            shown = buf.clone();
        }
        out
    }

    /// Each cell of a terminal emulator's screen: text, colours, boldness.
    fn screen(parser: &vt100::Parser, width: u16) -> Vec<String> {
        let screen = parser.screen();
        (0..3)
            .flat_map(|row| (0..width).map(move |col| (row, col)))
            .map(|(row, col)| {
                let cell = screen.cell(row, col).unwrap();
                // A cell never written and a space written look the same.
                let text = if cell.has_contents() { cell.contents() } else { " " };
                format!("{text:?}{:?}{:?}{}", cell.fgcolor(), cell.bgcolor(), cell.bold())
            })
            .collect()
    }

    proptest! {
        /// A real terminal emulator, given what is sent joined and what is
        /// sent without joining, shows the same screen after every frame:
        /// also where wide characters covered and uncovered cells.
        #[test]
        fn a_terminal_shows_the_same_screen_joined_or_not(frames in frames()) {
            let (joined, plain) = (output(true, &frames, 24), output(false, &frames, 24));
            let (mut a, mut b) = (terminal(24), terminal(24));
            for (i, (j, p)) in joined.iter().zip(&plain).enumerate() {
                a.process(j);
                b.process(p);
                prop_assert_eq!(screen(&a, 24), screen(&b, 24), "after frame {}", i);
            }
        }
    }

    /// The bytes a terminal receives for going from `first` to `second`.
    fn bytes(join: bool, first: &Frame, second: &Frame) -> usize {
        output(join, &[first.clone(), second.clone()], 40)[1].len()
    }

    #[test]
    fn after_a_character_a_terminal_may_draw_wider_the_cursor_is_moved_again() {
        // "—" is one column to Unicode, two in terminals that draw
        // ambiguous characters wide: the gap after it is moved over, as
        // ratatui alone would, so the next cell lands where it should.
        let first = vec![(0, 0, "abcd ef".to_string(), false)];
        let second = vec![(0, 0, "x—yd ez".to_string(), false)];
        let sent = output(true, &[first.clone(), second.clone()], 40).pop().unwrap();
        assert!(String::from_utf8_lossy(&sent).contains("\x1b[1;7Hz"), "{:?}", String::from_utf8_lossy(&sent));
        // Without it, the same gap is written over.
        let second = vec![(0, 0, "x-yd ez".to_string(), false)];
        let sent = output(true, &[first, second], 40).pop().unwrap();
        assert!(String::from_utf8_lossy(&sent).contains("yd ez"), "{:?}", String::from_utf8_lossy(&sent));
    }

    #[test]
    fn a_move_is_counted_in_the_bytes_it_takes() {
        assert_eq!(move_len(0, 0), "\x1b[1;1H".len());
        assert_eq!(move_len(9, 99), "\x1b[100;10H".len());
    }

    #[test]
    fn short_unchanged_gaps_are_written_over_instead_of_moved_over() {
        let first = vec![(0, 0, "a1 b2 c3 d4".to_string(), false)];
        let second = vec![(0, 0, "a9 b8 c7 d6".to_string(), false)];
        let (joined, plain) = (bytes(true, &first, &second), bytes(false, &first, &second));
        assert!(joined < plain, "{joined} bytes joined, {plain} without");
        // A gap in another colour is moved over, as before.
        let first =
            vec![(0, 0, "Ann".to_string(), false), (4, 0, "ok".to_string(), true), (7, 0, "x".to_string(), false)];
        let second =
            vec![(0, 0, "Bea".to_string(), false), (4, 0, "ok".to_string(), true), (7, 0, "y".to_string(), false)];
        assert_eq!(bytes(true, &first, &second), bytes(false, &first, &second));
    }
}

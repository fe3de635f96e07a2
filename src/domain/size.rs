//! The workable size of a group, for size health.

/// The range of active members in which everyone can still be heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkableRange {
    pub smallest: u32,
    /// `None` when the settings leave no speaking time at all.
    pub largest: Option<u32>,
}

impl WorkableRange {
    /// The largest size is how many people can each have the minimum speaking
    /// time in the part of the meeting not set aside for opening and closing.
    pub fn from_settings(
        meeting_minutes: u32,
        opening_closing_minutes: u32,
        min_speaking_minutes: u32,
        smallest: u32,
    ) -> Self {
        let talk = meeting_minutes.saturating_sub(opening_closing_minutes);
        let largest = talk.checked_div(min_speaking_minutes).filter(|n| *n > 0);
        WorkableRange { smallest, largest }
    }

    pub fn state(&self, size: u32) -> SizeState {
        match self.largest {
            Some(largest) if size > largest => SizeState::Above,
            Some(largest) if size == largest => SizeState::AtTop,
            _ if size < self.smallest => SizeState::Below,
            None => SizeState::Above,
            _ => SizeState::Within,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeState {
    Below,
    Within,
    AtTop,
    Above,
}

impl WorkableRange {
    /// The range in words: "4 to 10", or why there is none.
    pub fn describe(&self) -> String {
        match self.largest {
            Some(l) => format!("{} to {l}", self.smallest),
            None => "none: the meeting leaves no speaking time".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_size_follows_the_formula() {
        let r = WorkableRange::from_settings(90, 20, 7, 4);
        assert_eq!(r.largest, Some(10));
        assert_eq!(r.state(3), SizeState::Below);
        assert_eq!(r.state(4), SizeState::Within);
        assert_eq!(r.state(10), SizeState::AtTop);
        assert_eq!(r.state(11), SizeState::Above);
    }

    #[test]
    fn no_speaking_time_means_no_range() {
        let r = WorkableRange::from_settings(20, 30, 5, 4);
        assert_eq!(r.largest, None);
        let r = WorkableRange::from_settings(60, 0, 0, 4);
        assert_eq!(r.largest, None);
    }
}

//! The tabs, where the compiler alone cannot hold them together: each of
//! the console's tabs has a place in linear mode's main menu, so the two
//! front ends offer the same things.

use circle::linear::Area;
use circle::tui::Tab;

/// The place in linear mode for each tab. The match names every tab with
/// no wildcard, so a new tab does not build this test until it is given
/// a place.
fn in_linear_mode(tab: Tab) -> Area {
    match tab {
        Tab::Roster => Area::Roster,
        Tab::Size => Area::Size,
        Tab::Agreement => Area::Agreement,
        Tab::Endings => Area::Endings,
    }
}

#[test]
fn every_tab_is_on_linear_modes_menu() {
    for tab in Tab::ALL {
        let area = in_linear_mode(tab);
        assert!(Area::MENU.iter().any(|(a, _)| *a == area), "{tab:?} ({area:?}) is not on linear mode's menu");
    }
}

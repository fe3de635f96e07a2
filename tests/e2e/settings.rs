//! The settings file as the real console reads it: a broken file is named
//! in the footer and the console runs on; a chosen theme paints the screen.

use crate::pty::{Console, quit_cleanly, temp_dir};

#[test]
fn a_broken_settings_file_is_named_and_the_console_runs_on() {
    let dir = temp_dir();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[console]\ntheme = light\n").unwrap();
    let mut console = Console::launch(["--demo"]).size(80, 24).env("CIRCLE_CONFIG", &config).spawn();
    console.wait_for("cannot be read at line 2");
    console.send("2");
    console.wait_for("Size health");
    console.wait_for("workable");
    quit_cleanly(&mut console);
}

#[test]
fn the_light_theme_paints_its_own_background() {
    let dir = temp_dir();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[console]\ntheme = \"light\"\ndate_format = \"iso\"\n").unwrap();
    let mut console = Console::launch(["--demo"]).size(80, 24).env("CIRCLE_CONFIG", &config).spawn();
    console.wait_for("Riverside");
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    console.wait_for(&today);
    // The frame may still be arriving when the date shows: wait for the
    // middle of the screen rather than read it at once.
    let middle = |screen: &vt100::Screen| screen.cell(20, 40).map(|cell| cell.bgcolor());
    console.wait_until_screen("the middle of the screen painted", std::time::Duration::from_secs(5), |screen| {
        middle(screen).is_some_and(|c| c != vt100::Color::Default)
    });
    let painted = console.with_screen(middle);
    assert_eq!(painted, Some(vt100::Color::Idx(255)), "the light theme's background");
    quit_cleanly(&mut console);
}

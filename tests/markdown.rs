//! The keepsake and the agreement's export read by a real Markdown parser
//! (CommonMark, with the tables, strikethrough and mathematics of later
//! dialects turned on): the words come out exactly as written, never as
//! markup, and every card is a quotation of its own.

use chrono::NaiveDate;
use circle::domain::agreement::export_markdown;
use circle::domain::endings::{KeepsakeCard, keepsake_markdown};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH | Options::ENABLE_TASKLISTS
}

/// The text of each quotation, line breaks as `\n`; panics on any markup
/// inside one.
fn quotations(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut paragraphs = 0;
    for event in Parser::new_ext(md, options()) {
        match (&mut current, event) {
            (None, Event::Start(Tag::BlockQuote(_))) => {
                current = Some(String::new());
                paragraphs = 0;
            }
            (Some(_), Event::End(TagEnd::BlockQuote(_))) => out.push(current.take().unwrap()),
            (Some(text), Event::Start(Tag::Paragraph)) => {
                if paragraphs > 0 {
                    text.push_str("\n\n");
                }
                paragraphs += 1;
            }
            (Some(_), Event::End(TagEnd::Paragraph)) => {}
            (Some(text), Event::Text(t)) => text.push_str(&t),
            (Some(text), Event::HardBreak) => text.push('\n'),
            (Some(text), Event::SoftBreak) => text.push(' '),
            (Some(_), other) => panic!("markup in a card: {other:?}\n{md}"),
            (None, _) => {}
        }
    }
    out
}

/// All the text of a document, each block on a line.
fn text_of(md: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.last_mut().unwrap().push_str(&t),
            Event::SoftBreak => out.last_mut().unwrap().push(' '),
            Event::End(_) => out.push(String::new()),
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in the export: {h}\n{md}"),
            Event::InlineMath(m) | Event::DisplayMath(m) => panic!("mathematics in the export: {m}\n{md}"),
            _ => {}
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

const CARDS: &[&str] = &[
    "# The night we laughed",
    "*hugs* to _everyone_",
    "Thank you <Sam> & Jo",
    "- not a list\n+ nor this\n1. nor this",
    "> not a quote",
    "`tea` [and](biscuits) ![x](y)",
    "a | b | c\n--|--\nx | y",
    "~~kept~~ and $5 or $x$",
    "First line\n===",
    "Tea and\nbiscuits",
    "Two parts\n\nof one card",
    "\\*escaped\\* already",
    "<!-- hidden? -->",
    "2026. A good year",
    "سارا, 李娜, Zoë 👩🏽‍🤝‍👩🏻",
];

#[test]
fn every_card_reads_as_written_in_a_quotation_of_its_own() {
    let cards: Vec<KeepsakeCard> = CARDS.iter().map(|t| KeepsakeCard { text: t.to_string(), author: None }).collect();
    let md = keepsake_markdown("*Tuesday* <circle>", "2026-11-26", 3, &cards);
    let got = quotations(&md);
    let want: Vec<String> = CARDS.iter().map(|t| t.to_string()).collect();
    assert_eq!(got, want, "\n{md}");
    let title = text_of(&md);
    assert!(title.contains(&"*Tuesday* <circle> · 2026-11-26".to_string()), "{title:?}");
}

#[test]
fn an_author_stays_a_name() {
    let cards = [KeepsakeCard { text: "Being heard".into(), author: Some("<Bo> *B*".into()) }];
    let got = quotations(&keepsake_markdown("Circle", "2026-11-26", 2, &cards));
    assert_eq!(got, ["Being heard\n\n— <Bo> *B*"]);
}

#[test]
fn the_agreement_keeps_its_shape_and_its_words() {
    let body = "## Values <ours>\n- Be kind & *gentle*\n  with each other\n- Phones ~~off~~ on silent\n\nWe say <Sam>, not _Sam_; 5 > 3.\n";
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let md = export_markdown("Tuesday <circle>", 2, day, "Added *phones*", body);
    let text = text_of(&md);
    for line in [
        "Tuesday <circle>: group agreement",
        "What changed: Added *phones*",
        "Values <ours>",
        "Be kind & *gentle* with each other",
        "Phones ~~off~~ on silent",
        "We say <Sam>, not _Sam_; 5 > 3.",
    ] {
        assert!(text.contains(&line.to_string()), "{line} missing from {text:?}\n{md}");
    }
    let items = Parser::new_ext(&md, options()).filter(|e| matches!(e, Event::Start(Tag::Item))).count();
    assert_eq!(items, 3 + 2, "the header's three lines and the two values");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any card of words and Markdown's marks comes back as written (its
    /// lines trimmed, as the keepsake writes them).
    #[test]
    fn any_card_reads_as_written(text in r"[a-z0-9 #*_`\[\]()<>&|~$=+.!:\\-]{1,24}(\n[a-z0-9 #*_`<>&|~$=+.\\-]{1,12}){0,2}") {
        let want: Vec<&str> = text.lines().map(str::trim).collect();
        prop_assume!(want.iter().all(|l| !l.is_empty()));
        let cards = [KeepsakeCard { text: text.clone(), author: None }];
        let md = keepsake_markdown("Circle", "2026-11-26", 2, &cards);
        prop_assert_eq!(quotations(&md), vec![want.join("\n")], "{}", md);
    }
}

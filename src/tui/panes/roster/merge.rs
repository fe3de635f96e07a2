//! Merging two records of one person from the roster: `m` on one record,
//! then `m` on the other, then a confirmation with both side by side and
//! the person they become. The rule is the use case's; this lays it out.

use crate::present::people::{merge_rows, merge_summary};
use crate::tui::app::Ctx;
use crate::tui::widgets::confirm::{Confirm, Table};
use crate::usecase::people::MergePreview;

/// The confirmation: a table of the two records and the person after,
/// then what happens to the rest.
pub fn confirm(preview: &MergePreview, ctx: &Ctx) -> Confirm {
    let rows = merge_rows(preview, &|d| ctx.dates.day(d))
        .into_iter()
        .map(|(label, cells)| (label.to_string(), cells))
        .collect();
    let table = Table { header: ["First".into(), "Second".into(), "After merging".into()], rows };
    Confirm::new("Merge two records of one person", merge_summary(preview)).table(table, 78)
}

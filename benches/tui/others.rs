//! A database with the shape of the large one's stress group, written the
//! way other programs would write it. See [`write`].

use std::ffi::OsString;
use std::path::Path;
use std::time::Instant;

use rusqlite::{Connection, params};

use crate::data::{Result, STRESS, command, succeed};

/// The stress group's shape, written as other programs would write it: the
/// group made and its 5,000 members imported through circle's command line
/// (`circle groups add`, `circle members import`); their statuses and
/// joined days, 1,000 meetings with 250,000 attendance rows, and 199 small
/// groups written directly with SQL by a program that knows nothing of
/// circle. So the small groups' names have no folded form (circle folds
/// them as it reads), nobody has a status history but the imported, the
/// member figures are kept by the triggers row by row instead of rebuilt
/// once, and there is no agreement and no endings activity: circle opens
/// on the roster.
///
/// The program moving the old records writes the stress group's meetings
/// before its people are imported, and who came after: a meeting written
/// when 5,000 people are there makes the triggers work out all their
/// figures again, which for 1,000 meetings takes minutes.
pub fn write(circle: &Path, env: &[(&'static str, Option<OsString>)], bench: &Path, path: &Path) -> Result<()> {
    let started = Instant::now();
    let work = bench.join("making-others");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let db = work.join("others.db");
    // `groups add` makes the database only in the default place; a path
    // given with --db must be there already.
    let data = work.join("data");
    let mut env = env.to_vec();
    env.retain(|(k, _)| *k != "XDG_DATA_HOME");
    env.push(("XDG_DATA_HOME", Some(data.clone().into_os_string())));
    succeed(command(circle, &env).args(["groups", "add", STRESS, "--focus", FOCUS]), "circle groups add")?;
    std::fs::rename(data.join("circle").join("circle.db"), &db)?;

    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).ok_or("date")?;
    let start = end - chrono::Days::new(7 * STRESS_MEETINGS as u64);
    let stress_meetings = {
        let mut conn = Connection::open(&db)?;
        let tx = conn.transaction()?;
        let stress: i64 = tx.query_row("SELECT id FROM groups WHERE name = ?1", [STRESS], |r| r.get(0))?;
        tx.execute(
            "UPDATE groups SET created_on = ?2, meeting_minutes = 600, min_speaking_minutes = 1 WHERE id = ?1",
            params![stress, start],
        )?;
        let meetings = write_meetings(&tx, stress, start, STRESS_MEETINGS, 600)?;
        tx.commit()?;
        meetings
    };

    // On the waitlist, so that no rule of the group's about who may become
    // active stands in the way of the import; the program that moves the
    // records sets their statuses next.
    let csv = work.join("members.csv");
    let mut rng = Rng(0x5eed_0f07_4e25);
    let mut text = String::from("name,pronouns,status\n");
    for i in 0..STRESS_MEMBERS {
        text.push_str(&format!("{} 000-{i:04},{},waitlist\n", rng.pick(&FIRST_NAMES), rng.pick(&PRONOUNS)));
    }
    std::fs::write(&csv, text)?;
    succeed(
        command(circle, &env).arg("--db").arg(&db).args(["members", "import"]).arg(&csv).args(["--group", STRESS]),
        "circle members import",
    )?;

    let mut conn = Connection::open(&db)?;
    let tx = conn.transaction()?;
    let mut ids = Vec::new();
    {
        let mut members = tx.prepare("SELECT id FROM members ORDER BY id")?;
        let mut set = tx.prepare("UPDATE members SET status = ?2, joined = ?3, status_since = ?3 WHERE id = ?1")?;
        for id in members.query_map([], |r| r.get::<_, i64>(0))? {
            let id = id?;
            set.execute(params![id, rng.status(), start])?;
            ids.push((id, start));
        }
    }
    write_attendance(&tx, &stress_meetings, &ids, &mut rng, true)?;
    for g in 1..200 {
        let members = 10 + rng.below(31);
        let meetings = 104 + rng.below(157);
        let start = end - chrono::Days::new(7 * meetings as u64);
        tx.execute(
            "INSERT INTO groups (name, focus, openness, status, created_on) VALUES (?1, ?2, 'open', 'active', ?3)",
            params![format!("Circle {g:03}"), FOCUS, start],
        )?;
        let group = tx.last_insert_rowid();
        let mut ids = Vec::new();
        for i in 0..members {
            let joined = start + chrono::Days::new(rng.below(7 * meetings / 2 + 1) as u64);
            tx.execute(
                "INSERT INTO members (group_id, name, pronouns, joined, status, status_since)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
                params![
                    group,
                    format!("{} {g:03}-{i:04}", rng.pick(&FIRST_NAMES)),
                    rng.pick(&PRONOUNS),
                    joined,
                    rng.status()
                ],
            )?;
            ids.push((tx.last_insert_rowid(), joined));
        }
        let meetings = write_meetings(&tx, group, start, meetings, 90)?;
        write_attendance(&tx, &meetings, &ids, &mut rng, false)?;
    }
    tx.commit()?;
    drop(conn);
    std::fs::rename(&db, path)?;
    let _ = std::fs::remove_dir_all(&work);
    eprintln!("tui: wrote {} as other programs would, in {:.1} s", path.display(), started.elapsed().as_secs_f64());
    Ok(())
}

const FOCUS: &str = "People who want to talk things through with others who understand";
const STRESS_MEMBERS: usize = 5_000;
const STRESS_MEETINGS: usize = 1_000;
/// People at each of the stress group's meetings.
const PER_MEETING: usize = 250;
const FIRST_NAMES: [&str; 24] = [
    "Ada", "Bo", "Cyrus", "Dara", "Eli", "Fen", "Gita", "Hal", "Ines", "Jun", "Kofi", "Lena", "Mo", "Nia", "Oren",
    "Pia", "Quinn", "Rosa", "Sami", "Tove", "Uma", "Vik", "Wren", "Yara",
];
const PRONOUNS: [&str; 4] = ["she/her", "he/him", "they/them", ""];

/// A group's weekly meetings, from the week after `start`.
fn write_meetings(
    tx: &rusqlite::Transaction,
    group: i64,
    start: chrono::NaiveDate,
    count: usize,
    minutes: u32,
) -> Result<Vec<(i64, chrono::NaiveDate)>> {
    let mut meeting = tx.prepare("INSERT INTO meetings (group_id, held_on, minutes) VALUES (?1, ?2, ?3)")?;
    let mut out = Vec::with_capacity(count);
    for week in 0..count {
        let held_on = start + chrono::Days::new(7 * week as u64 + 7);
        meeting.execute(params![group, held_on, minutes])?;
        out.push((tx.last_insert_rowid(), held_on));
    }
    Ok(out)
}

/// Who came to each meeting, a meeting at a time: in the stress group 250
/// people (a window that moves through the roster), in a small group about
/// two thirds of those who had joined.
fn write_attendance(
    tx: &rusqlite::Transaction,
    meetings: &[(i64, chrono::NaiveDate)],
    ids: &[(i64, chrono::NaiveDate)],
    rng: &mut Rng,
    stress: bool,
) -> Result<()> {
    let mut attended = tx.prepare("INSERT INTO attendance (meeting_id, member_id) VALUES (?1, ?2)")?;
    for (week, (meeting, held_on)) in meetings.iter().enumerate() {
        let wanted = if stress { PER_MEETING } else { ids.len() * 2 / 3 };
        let offset = if stress { (week * 37) % ids.len() } else { 0 };
        let mut came = 0;
        for k in 0..ids.len() {
            if came >= wanted {
                break;
            }
            let (member, joined) = ids[(offset + k) % ids.len()];
            if joined > *held_on || (!stress && rng.below(3) == 0) {
                continue;
            }
            came += 1;
            attended.execute(params![meeting, member])?;
        }
    }
    Ok(())
}

/// A small deterministic generator (xorshift64*), so the same file comes
/// out of every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// One in twenty left, one on a break, one waiting; the rest active.
    fn status(&mut self) -> &'static str {
        match self.below(20) {
            0 => "left",
            1 => "on_break",
            2 => "waitlist",
            _ => "active",
        }
    }
}

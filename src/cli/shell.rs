//! `circle completions SHELL` and `circle man`: shell integration, made from
//! the same clap definitions that parse the command line, so they never
//! drift from the real options.

use std::io::Write;

use anyhow::{Context, Result};
use clap::{ArgAction, CommandFactory};
use clap_complete::Shell;

use super::Cli;

/// The shell's completion script. The shell calls circle back as you
/// press Tab (`COMPLETE=SHELL circle -- …`, answered at the start of
/// `main`), so options come from the same definitions that parse them and
/// `--group` offers the groups in the database.
pub fn completions(shell: Shell) -> Result<()> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells.completer(&name).with_context(|| format!("circle cannot complete for {name}"))?;
    // The shell runs this very program as you press Tab.
    let program = std::env::current_exe().context("could not find circle's own path")?;
    let mut out = Vec::new();
    completer
        .write_registration("COMPLETE", "circle", "circle", &program.to_string_lossy(), &mut out)
        .context("could not write the completion script")?;
    write_stdout(&out)
}

/// Answers a shell asking what comes next on a command line, if that is
/// why circle was started; then circle exits.
pub fn answer_completion() {
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
}

/// The groups that fit what is typed after `--group`, from the database the
/// command line names with `--db` or else the usual one. Read-only: a
/// missing or foreign file offers nothing and is left as it is.
pub fn group_names(current: &std::ffi::OsStr) -> Vec<clap_complete::CompletionCandidate> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let given = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_string_lossy();
        match a.strip_prefix("--db=") {
            Some(path) => Some(std::path::PathBuf::from(path)),
            None if a == "--db" => args.get(i + 1).map(std::path::PathBuf::from),
            None => None,
        }
    });
    let Some(db) = given.or_else(|| super::default_db_path().ok()) else { return Vec::new() };
    let typed = crate::domain::text::fold(&current.to_string_lossy());
    crate::usecase::group_names_at(&db)
        .into_iter()
        .filter(|name| crate::domain::text::fold(name).starts_with(&typed))
        .map(clap_complete::CompletionCandidate::new)
        .collect()
}

/// One manual page for everything. clap_mangen's own list of subcommands
/// points to a page per subcommand (circle-members(1) and so on), which
/// would have to be installed one by one; here each command is described in
/// place instead, with its usage and its options.
pub fn man() -> Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    (|| -> std::io::Result<()> {
        page.render_title(&mut out)?;
        page.render_name_section(&mut out)?;
        page.render_synopsis_section(&mut out)?;
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
        out.extend_from_slice(b".SH COMMANDS\n");
        for sub in cmd.get_subcommands() {
            command_entry(&mut out, sub, "circle");
        }
        keys_section(&mut out);
        out.extend_from_slice(ENVIRONMENT_AND_FILES.as_bytes());
        page.render_version_section(&mut out)
    })()
    .context("could not make the manual page")?;
    write_stdout(&out)
}

/// The places of the console whose keys the page lists, with a heading
/// each; the keys come from the console's one binding table, as its help
/// and footer do.
const KEY_PLACES: [(crate::tui::keys::Context, &str); 8] = {
    use crate::tui::keys::Context as C;
    [
        (C::Global, "Everywhere in the console"),
        (C::Roster, "Roster"),
        (C::Register, "Today's register"),
        (C::Round, "A speaking round"),
        (C::Size, "Size health"),
        (C::Agreement, "Agreement"),
        (C::Endings, "Endings"),
        (C::Reading, "Reading the cards"),
    ]
};

fn keys_section(out: &mut Vec<u8>) {
    out.extend_from_slice(b".SH KEYS\nIn the console, ? shows the keys of wherever you are. They are:\n");
    for (context, heading) in KEY_PLACES {
        out.extend_from_slice(format!(".SS \"{}\"\n", roff(heading)).as_bytes());
        for (keys, hint) in crate::tui::keys::help_lines(context) {
            if hint.is_empty() {
                continue;
            }
            out.extend_from_slice(format!(".TP\n\\fB{}\\fR\n{}\n", roff(&keys), roff(hint)).as_bytes());
        }
    }
}

/// What the page says of the environment, the files and the shell, in
/// roff. Written here, not left to the README: a manual page stands alone.
const ENVIRONMENT_AND_FILES: &str = r#".SH ENVIRONMENT
.TP
\fBCIRCLE_LINEAR\fR, \fBACCESSIBLE\fR
When set (and not 0), circle runs as plain appended lines for screen readers, as with \-\-linear.
.TP
\fBTERM\fR
When it is dumb, circle runs as plain lines too.
.TP
\fBNO_COLOR\fR
When set, the console uses no colour.
.TP
\fBCIRCLE_REDUCED_MOTION\fR
When set (and not 0), the card shuffle is not animated.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor the agreement opens in from the console, the first that is set.
.TP
\fBCIRCLE_CONFIG\fR
The settings file to read instead of the usual one.
.TP
\fBXDG_DATA_HOME\fR, \fBXDG_CONFIG_HOME\fR
Where the data and settings folders are on Linux, when set.
.SH FILES
.TP
\fI~/.local/share/circle/circle.db\fR
The database on Linux (on macOS, ~/Library/Application Support/org.circle.circle/circle.db), readable only by you; \-\-db names another.
.TP
\fIbackups/\fR
Beside the database: the daily and monthly backups and those made with circle backup, readable only by you.
.TP
\fIcircle.log\fR
Beside the database: what went wrong in the background (a backup that could not be made), by kind only, never a name.
.TP
\fI~/.config/circle/config.toml\fR
The settings (on macOS, ~/Library/Application Support/org.circle.circle/config.toml); circle config path says where, circle config init writes one to fill in.
.SH SHELL COMPLETION
circle completions SHELL prints completions for bash, zsh, fish, elvish or powershell. For bash, add this line to ~/.bashrc:
.PP
.nf
source <(circle completions bash)
.fi
.PP
for zsh, into a folder on fpath (such as ~/.zfunc, with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc):
.PP
.nf
circle completions zsh > ~/.zfunc/_circle
.fi
.PP
and for fish:
.PP
.nf
circle completions fish > ~/.config/fish/completions/circle.fish
.fi
"#;

/// A command's usage line, what it does and its own options, then those of
/// its subcommands.
fn command_entry(out: &mut Vec<u8>, cmd: &clap::Command, parent: &str) {
    if cmd.get_name() == "help" {
        return;
    }
    let path = format!("{parent} {}", cmd.get_name());
    if cmd.has_subcommands() {
        for sub in cmd.get_subcommands() {
            command_entry(out, sub, &path);
        }
        return;
    }
    let args: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .filter(|a| {
            !matches!(a.get_action(), ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version)
        })
        .collect();
    let usage: Vec<String> =
        std::iter::once(format!("\\fB{}\\fR", roff(&path))).chain(args.iter().map(|a| roff(&synopsis(a)))).collect();
    out.extend_from_slice(format!(".SS \"{}\"\n{}\n.br\n", roff(&path), usage.join(" ")).as_bytes());
    if let Some(about) = cmd.get_about() {
        out.extend_from_slice(format!("{}\n", roff(&about.to_string())).as_bytes());
    }
    for arg in args {
        let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        let values: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
        if !values.is_empty() {
            help.push_str(&format!(" [possible values: {}]", values.join(", ")));
        }
        out.extend_from_slice(format!(".TP\n\\fB{}\\fR\n{}\n", roff(&name(arg)), roff(&help)).as_bytes());
    }
}

/// `--group <GROUP>`, `--closed`, `<FILE>`.
fn name(arg: &clap::Arg) -> String {
    let value = || {
        let names = arg.get_value_names().map(|n| n.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        format!("<{}>", names.and_then(|n| n.first().cloned()).unwrap_or_else(|| arg.get_id().to_string()))
    };
    match arg.get_long() {
        Some(long) if arg.get_action().takes_values() => format!("--{long} {}", value()),
        Some(long) => format!("--{long}"),
        None => value(),
    }
}

/// How an argument appears in a usage line: optional ones in brackets.
fn synopsis(arg: &clap::Arg) -> String {
    if arg.is_required_set() { name(arg) } else { format!("[{}]", name(arg)) }
}

/// Text made safe for roff: backslashes and dashes escaped, no line that
/// starts as a request, and no Markdown backticks (the help's `circle
/// check` reads as circle check on the page).
fn roff(text: &str) -> String {
    let escaped = text.replace('`', "").replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|l| if l.starts_with('.') || l.starts_with('\'') { format!("\\&{l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).context("could not write to standard output")
}

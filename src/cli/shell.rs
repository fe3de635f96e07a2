//! `circle completions SHELL` and `circle man`: shell integration, made from
//! the same clap definitions that parse the command line, so they never
//! drift from the real options.

use std::io::Write;

use anyhow::{Context, Result};
use clap::{ArgAction, CommandFactory};
use clap_complete::Shell;

use super::Cli;

pub fn completions(shell: Shell) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "circle", &mut out);
    write_stdout(&out)
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
        page.render_version_section(&mut out)
    })()
    .context("could not make the manual page")?;
    write_stdout(&out)
}

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

/// Text made safe for roff: backslashes and dashes escaped, and no line
/// that starts as a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
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

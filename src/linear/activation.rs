//! What turns linear mode on.

/// Why linear mode is on, in words for the first line, or `None` when it
/// is off: `--linear`, `CIRCLE_LINEAR` or `ACCESSIBLE` set to anything but
/// empty, `0` or `false`, or a terminal that says it is dumb. `env` reads
/// an environment variable, so tests need not touch the real environment.
pub fn activation(args_linear: bool, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let set = |name: &str| {
        env(name).is_some_and(|v| {
            let v = v.trim().to_lowercase();
            !v.is_empty() && v != "0" && v != "false"
        })
    };
    if args_linear {
        Some("you started circle with --linear".into())
    } else if set("CIRCLE_LINEAR") {
        Some("CIRCLE_LINEAR is set".into())
    } else if set("ACCESSIBLE") {
        Some("ACCESSIBLE is set".into())
    } else if env("TERM").is_some_and(|t| t.trim() == "dumb") {
        Some("TERM is dumb, so the full-screen console cannot draw".into())
    } else {
        None
    }
}

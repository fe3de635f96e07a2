use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    circle::cli::shell::answer_completion();
    let cli = circle::cli::Cli::parse();
    match circle::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One sentence, with the context of each step; never raw control
            // characters from a file name or stored text.
            eprintln!("circle: {}", circle::domain::text::display(&circle::cli::sentence(&error)));
            ExitCode::FAILURE
        }
    }
}

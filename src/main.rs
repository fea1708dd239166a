use std::process::ExitCode;

fn main() -> ExitCode {
    cafe_lint::cli::main()
}

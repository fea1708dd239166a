use std::process::ExitCode;

fn main() -> ExitCode {
    cafe_lint::keep_freed_memory();
    cafe_lint::cli::main()
}

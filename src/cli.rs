//! The command line: arguments, the run over all files, and exit codes at the edge.
//!
//! Exit codes: 0 nothing left to report; 1 diagnostics remain (or, with `--diff`, a file would
//! change); 2 an error (bad arguments or config, a missing, unreadable or non-UTF-8 file, fixes
//! that do not converge).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};

use clap::{Parser, Subcommand};
use rayon::prelude::*;

use crate::config::{ConfigResolver, RuleSelection};
use crate::diagnostic::Diagnostic;
use crate::document::LineIndex;
use crate::fixer;
use crate::linter::RuleSet;
use crate::output::{FileDiagnostics, Format};
use crate::rules::{self, REGISTRY};
use crate::walk;
use crate::write::{self, SourceText, write_atomic};

#[derive(Debug, Parser)]
#[command(
    name = "cafe-lint",
    version,
    about = "Lint and fix Collaboration Cafe meeting-notes archives",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a rule's documentation.
    Rule { name: String },
    /// List every rule with its default level and whether it can fix.
    Rules,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or folders to lint (`-` reads standard input).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Apply safe fixes and rewrite the files.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, apply unsafe fixes too.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would write; write nothing.
    #[arg(long)]
    diff: bool,
    /// The name of standard input's file, for config matching and messages.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Output format [default: full on a terminal, concise otherwise].
    #[arg(long, value_enum)]
    output_format: Option<Format>,
    /// Run only these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    select: Option<Vec<String>>,
    /// Skip these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    ignore: Vec<String>,
    /// Use this config file instead of the nearest one.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Exit 0 even when diagnostics remain.
    #[arg(long)]
    exit_zero: bool,
    /// Apply `exclude` to paths given explicitly too (for pre-commit).
    #[arg(long)]
    force_exclude: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Some(Command::Rule { name }) => show_rule(&name),
        Some(Command::Rules) => {
            list_rules();
            Ok(ExitCode::SUCCESS)
        }
        None => check(&cli.check),
    };
    result.unwrap_or_else(|e| {
        eprintln!("cafe-lint: error: {e}");
        ExitCode::from(2)
    })
}

fn show_rule(name: &str) -> Result<ExitCode, String> {
    let info = rules::find(name)
        .ok_or_else(|| format!("unknown rule `{name}` (see `cafe-lint rules`)"))?;
    // A closed pipe (`| head`) is not an error: the reader has what it wanted.
    let _ = std::io::stdout().write_all(info.markdown_page().as_bytes());
    Ok(ExitCode::SUCCESS)
}

fn list_rules() {
    let width = REGISTRY.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = format!("{:width$}  {:5}  {:9}  summary\n", "rule", "level", "fix");
    for r in REGISTRY {
        out.push_str(&format!(
            "{:width$}  {:5}  {:9}  {}\n",
            r.name,
            r.default_level.as_str(),
            r.fix.as_str(),
            r.summary()
        ));
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
}

/// What running over one file gave.
#[derive(Default)]
struct FileOutcome {
    /// Diagnostics (or a diff), rendered.
    output: String,
    remaining: usize,
    fixable: usize,
    fixed: usize,
    changed: bool,
    error: Option<String>,
}

struct Run<'a> {
    args: &'a CheckArgs,
    configs: ConfigResolver,
    format: Format,
    color: bool,
}

fn check(args: &CheckArgs) -> Result<ExitCode, String> {
    let selection = RuleSelection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    selection.validate()?;
    let stdout_tty = std::io::stdout().is_terminal();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let run = Run {
        args,
        configs: ConfigResolver::new(args.config.as_deref(), selection)
            .map_err(|e| e.to_string())?,
        format: args.output_format.unwrap_or(if stdout_tty {
            Format::Full
        } else {
            Format::Concise
        }),
        color,
    };
    if args.paths.iter().any(|p| p == Path::new("-")) {
        if args.paths.len() > 1 {
            return Err("`-` (standard input) cannot be mixed with other paths".into());
        }
        return run.stdin();
    }

    let walked = walk::collect(&args.paths, &run.configs, args.force_exclude);
    if args.fix && !args.diff {
        sweep_stale_temps(&walked.files);
    }
    let json = run.format == Format::Json && !args.diff;
    let stdout = BufWriter::with_capacity(64 * 1024, std::io::stdout());
    let printer = Printer::new(stdout, json);
    in_pool(args.fix && !args.diff, || {
        printer.run(&walked.files, |path| run.file(path));
    });
    let totals = printer.finish().totals;

    let mut errors = walked.errors;
    errors.extend(totals.errors);
    for e in &errors {
        eprintln!("cafe-lint: error: {e}");
    }
    if matches!(run.format, Format::Full | Format::Concise) {
        summarize(
            args,
            walked.files.len(),
            errors.len(),
            [
                totals.remaining,
                totals.fixable,
                totals.fixed,
                totals.changed,
            ],
        );
    }
    let (remaining, changed) = (totals.remaining, totals.changed);
    Ok(exit_code(args, !errors.is_empty(), remaining, changed > 0))
}

/// Runs `work` on rayon's threads; when it writes files, in [`crate::writing_pool`].
fn in_pool(writes: bool, work: impl FnOnce() + Send) {
    let pool = writes.then(crate::writing_pool).flatten();
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// How many files may be done ahead of the first one not yet printed. Their outputs wait in
/// memory; the bound keeps that memory independent of the number of files even when one early
/// file is much slower than the rest.
const PRINT_WINDOW: usize = 256;

/// The counts of all files' outcomes, kept as the outcomes go by.
#[derive(Default)]
struct Totals {
    remaining: usize,
    fixable: usize,
    fixed: usize,
    changed: usize,
    errors: Vec<String>,
}

/// Prints each file's output in path order as soon as it and every file before it are done, so
/// that outputs stream instead of all being held until the end.
struct Printer<W> {
    state: Mutex<PrintState<W>>,
    /// Signalled when `next` moves, for workers waiting for the window to open.
    advanced: Condvar,
}

struct PrintState<W> {
    /// The index of the first file not yet printed.
    next: usize,
    /// Outcomes of files done ahead of `next`.
    pending: BTreeMap<usize, FileOutcome>,
    out: W,
    json: bool,
    first_json: bool,
    totals: Totals,
}

impl<W: Write + Send> Printer<W> {
    fn new(mut out: W, json: bool) -> Self {
        if json {
            let _ = out.write_all(b"[");
        }
        Printer {
            state: Mutex::new(PrintState {
                next: 0,
                pending: BTreeMap::new(),
                out,
                json,
                first_json: true,
                totals: Totals::default(),
            }),
            advanced: Condvar::new(),
        }
    }

    /// Runs `process` over the files in parallel, taking them in order (`par_bridge` hands them
    /// out one by one), and prints their outputs in that order.
    fn run(&self, files: &[PathBuf], process: impl Fn(&Path) -> FileOutcome + Sync) {
        files
            .iter()
            .enumerate()
            .par_bridge()
            .for_each(|(index, path)| {
                let mut state = self.lock();
                while index >= state.next + PRINT_WINDOW {
                    state = self.advanced.wait(state).expect("no panics while held");
                }
                drop(state);
                let outcome = process(path);
                let mut state = self.lock();
                state.pending.insert(index, outcome);
                if state.flush_ready() {
                    self.advanced.notify_all();
                }
            });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PrintState<W>> {
        self.state.lock().expect("no panics while held")
    }

    fn finish(self) -> PrintState<W> {
        let mut state = self.state.into_inner().expect("no panics while held");
        debug_assert!(state.pending.is_empty(), "every file was printed");
        if state.json {
            let end: &[u8] = if state.first_json { b"]\n" } else { b"\n]\n" };
            let _ = state.out.write_all(end);
        }
        let _ = state.out.flush();
        state
    }
}

impl<W: Write> PrintState<W> {
    /// Prints the outcomes that are next in order; whether any was.
    fn flush_ready(&mut self) -> bool {
        let start = self.next;
        while let Some(outcome) = self.pending.remove(&self.next) {
            self.print(outcome);
            self.next += 1;
        }
        self.next > start
    }

    fn print(&mut self, o: FileOutcome) {
        let t = &mut self.totals;
        t.remaining += o.remaining;
        t.fixable += o.fixable;
        t.fixed += o.fixed;
        t.changed += usize::from(o.changed);
        t.errors.extend(o.error);
        if o.output.is_empty() {
            return;
        }
        if self.json {
            let _ = self
                .out
                .write_all(if self.first_json { b"\n" } else { b",\n" });
            self.first_json = false;
        }
        let _ = self.out.write_all(o.output.as_bytes());
    }
}

/// Removes temps left by killed runs in the folders `--fix` may write to (where the files, or
/// their symlinks' targets, are).
fn sweep_stale_temps(files: &[PathBuf]) {
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| Some(std::fs::canonicalize(f).ok()?.parent()?.to_path_buf()))
        .collect();
    for dir in dirs {
        write::sweep_stale_temps(&dir);
    }
}

fn summarize(
    args: &CheckArgs,
    files: usize,
    errors: usize,
    [remaining, fixable, fixed, changed]: [usize; 4],
) {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if args.diff {
        eprintln!(
            "{} would be changed ({} checked).",
            plural(changed, "file"),
            plural(files, "file")
        );
        return;
    }
    if args.fix {
        eprintln!(
            "Fixed {} in {}.",
            plural(fixed, "problem"),
            plural(changed, "file")
        );
    }
    if errors > 0 {
        eprintln!(
            "Found {} and {}.",
            plural(remaining, "problem"),
            plural(errors, "error")
        );
    } else if remaining == 0 {
        eprintln!("All good: {} checked.", plural(files, "file"));
    } else if fixable > 0 && !args.fix {
        eprintln!(
            "Found {} ({fixable} fixable with `--fix`).",
            plural(remaining, "problem")
        );
    } else {
        eprintln!("Found {}.", plural(remaining, "problem"));
    }
}

fn exit_code(args: &CheckArgs, error: bool, remaining: usize, changed: bool) -> ExitCode {
    if error {
        ExitCode::from(2)
    } else if args.diff {
        ExitCode::from(u8::from(changed))
    } else if remaining > 0 && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `--fix` does to one file: reads it, fixes it, and rewrites it only when the fixes
/// converged, passed verification and changed the text. On any error the file is untouched.
pub fn fix_file(
    path: &Path,
    rules: &RuleSet,
    unsafe_fixes: bool,
) -> Result<(SourceText, fixer::Fixed), String> {
    let source = SourceText::read(path)?;
    let fixed =
        fixer::fix(&source.text, Some(path), rules, unsafe_fixes).map_err(|e| e.to_string())?;
    if fixed.source != source.text {
        write_atomic(path, &source.encode(&fixed.source))
            .map_err(|e| format!("cannot write: {}", walk::io_reason(&e)))?;
    }
    Ok((source, fixed))
}

/// A text after linting: fixed with `--fix` or `--diff`, borrowed when nothing changed (a
/// check copies and compares nothing), with what remains and how many fixes applied.
struct Linted<'t> {
    text: Cow<'t, str>,
    diagnostics: Vec<Diagnostic>,
    applied: usize,
    /// The lines of `text`, indexed by its last parse.
    lines: LineIndex,
}

impl<'t> Linted<'t> {
    fn fixed(original: &'t str, fixed: fixer::Fixed) -> Self {
        Linted {
            text: if fixed.source == original {
                Cow::Borrowed(original)
            } else {
                Cow::Owned(fixed.source)
            },
            diagnostics: fixed.diagnostics,
            applied: fixed.applied,
            lines: fixed.lines,
        }
    }

    fn changed(&self) -> bool {
        matches!(self.text, Cow::Owned(_))
    }
}

impl Run<'_> {
    fn file(&self, path: &Path) -> FileOutcome {
        let result = if self.args.fix && !self.args.diff {
            self.rules(path)
                .and_then(|rules| fix_file(path, &rules, self.args.unsafe_fixes))
                .map(|(source, fixed)| {
                    self.outcome(path, &source, &Linted::fixed(&source.text, fixed))
                })
        } else {
            SourceText::read(path).and_then(|source| self.process(path, &source))
        };
        match result {
            Ok(outcome) => outcome,
            Err(e) => FileOutcome {
                error: Some(format!("{}: {e}", path.display())),
                ..FileOutcome::default()
            },
        }
    }

    fn rules(&self, path: &Path) -> Result<Arc<RuleSet>, String> {
        let config = self.configs.for_file(path).map_err(|e| e.to_string())?;
        config.rules_for(path)
    }

    /// Lints one text, fixing it first with `--fix` or `--diff`.
    fn lint<'t>(&self, text: &'t str, path: &Path) -> Result<Linted<'t>, String> {
        let rules = self.rules(path)?;
        if self.args.fix || self.args.diff {
            fixer::fix(text, Some(path), &rules, self.args.unsafe_fixes)
                .map(|fixed| Linted::fixed(text, fixed))
                .map_err(|e| e.to_string())
        } else {
            let (diagnostics, lines) = fixer::check_indexed(text, Some(path), &rules);
            Ok(Linted {
                diagnostics,
                text: Cow::Borrowed(text),
                applied: 0,
                lines,
            })
        }
    }

    fn render(&self, name: &str, source: &SourceText, linted: &Linted) -> String {
        FileDiagnostics {
            path: name,
            text: &linted.text,
            offset: if source.bom { 3 } else { 0 },
            diagnostics: &linted.diagnostics,
            lines: &linted.lines,
        }
        .render(self.format, self.color)
    }

    /// Lints one file, or with `--diff` fixes it in memory; never writes.
    fn process(&self, path: &Path, source: &SourceText) -> Result<FileOutcome, String> {
        let linted = self.lint(&source.text, path)?;
        if self.args.diff {
            return Ok(FileOutcome {
                output: if linted.changed() {
                    unified_diff(&path.display().to_string(), &source.text, &linted.text)
                } else {
                    String::new()
                },
                changed: linted.changed(),
                ..FileOutcome::default()
            });
        }
        Ok(self.outcome(path, source, &linted))
    }

    fn outcome(&self, path: &Path, source: &SourceText, linted: &Linted) -> FileOutcome {
        let name = path.display().to_string();
        FileOutcome {
            output: self.render(&name, source, linted),
            remaining: linted.diagnostics.len(),
            fixable: linted
                .diagnostics
                .iter()
                .filter(|d| d.fixable(self.args.unsafe_fixes))
                .count(),
            fixed: linted.applied,
            changed: linted.changed(),
            error: None,
        }
    }

    fn stdin(&self) -> Result<ExitCode, String> {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let source = SourceText::decode(bytes).map_err(|e| format!("standard input: {e}"))?;
        let name = self
            .args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        // Without a name, standard input is matched as a Markdown file in the current folder.
        let config_path = if name == Path::new("-") {
            PathBuf::from("stdin.md")
        } else {
            name.clone()
        };
        let display = name.display().to_string();
        let linted = self
            .lint(&source.text, &config_path)
            .map_err(|e| format!("{display}: {e}"))?;
        let mut stdout = std::io::stdout().lock();
        if self.args.diff {
            let _ = stdout.write_all(unified_diff(&display, &source.text, &linted.text).as_bytes());
            return Ok(exit_code(self.args, false, 0, linted.changed()));
        }
        let mut report = self.render(&display, &source, &linted);
        if self.format == Format::Json {
            report = format!(
                "[{}{report}\n]\n",
                if report.is_empty() { "" } else { "\n" }
            );
        }
        if self.args.fix {
            // The fixed text goes to stdout, the diagnostics to stderr.
            let _ = stdout.write_all(source.encode(&linted.text).as_bytes());
            eprint!("{report}");
        } else {
            let _ = stdout.write_all(report.as_bytes());
        }
        Ok(exit_code(self.args, false, linted.diagnostics.len(), false))
    }
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the printer over `n` files whose outputs are their numbers, some of them slow so
    /// that others finish first.
    fn print(n: usize, json: bool) -> (String, Totals) {
        let files: Vec<PathBuf> = (0..n).map(|i| PathBuf::from(i.to_string())).collect();
        let printer = Printer::new(Vec::new(), json);
        printer.run(&files, |path| {
            let i: usize = path.to_str().unwrap().parse().unwrap();
            if i.is_multiple_of(97) {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            FileOutcome {
                output: if i.is_multiple_of(3) {
                    String::new()
                } else {
                    format!("{i}")
                },
                remaining: 1,
                changed: i.is_multiple_of(2),
                error: (i == 7).then(|| "seven".to_string()),
                ..FileOutcome::default()
            }
        });
        let state = printer.finish();
        (String::from_utf8(state.out).unwrap(), state.totals)
    }

    #[test]
    fn outputs_stream_in_file_order_past_the_window() {
        let n = PRINT_WINDOW * 3;
        let (out, totals) = print(n, false);
        let expected: String = (0..n)
            .filter(|i| i % 3 != 0)
            .map(|i| i.to_string())
            .collect();
        assert_eq!(out, expected);
        assert_eq!(totals.remaining, n);
        assert_eq!(totals.changed, n.div_ceil(2));
        assert_eq!(totals.errors, ["seven"]);
    }

    #[test]
    fn json_outputs_are_one_array() {
        assert_eq!(print(5, true).0, "[\n1,\n2,\n4\n]\n");
        assert_eq!(print(1, true).0, "[]\n");
    }
}

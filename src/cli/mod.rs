//! The command line: one module per subcommand (`import`, `list`, `show`,
//! `quotes`, `fix`, `config`...), plus `output` for what they print and
//! `open` for building the TUI's options. `hark` alone opens the TUI.
//!
//! The top layer: it may use every other one, and nothing uses it but
//! `src/main.rs`, through `hark::main`. Argument parsing and printing live
//! here; the work itself belongs to the layers below.

mod check;
mod config;
mod defaults;
mod export;
mod feeds;
mod fix;
mod import;
mod list;
mod open;
pub use open::library_options;
mod output;
mod parse;
mod quotes;
mod reparse;
mod rm;
mod sheet;
mod shell;
mod show;
mod speakers;
mod update;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::library::{self, Library};
use crate::story::sanitize;

#[derive(Debug, Parser)]
#[command(
    name = "hark",
    version,
    about = "Read, search and quote radio-story transcripts"
)]
pub(crate) struct Cli {
    /// The library folder, or HARK_LIBRARY [default: ~/.local/share/hark on Linux]
    // HARK_LIBRARY is read in `library_root`, not by clap, so that an
    // empty value counts as unset rather than as an error.
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,

    /// The config file [default: ~/.config/hark/config.toml on Linux]
    #[arg(long, global = true, env = "HARK_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// Scroll and click with the mouse in the TUI (stops the terminal from
    /// selecting text while hark runs). Not global: only the TUI has a
    /// mouse to use.
    #[arg(long)]
    mouse: bool,

    /// Transcripts or pages to open in the TUI without storing them: files,
    /// web addresses, or - for stdin
    #[arg(value_name = "FILE|URL")]
    files: Vec<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import transcripts: files, folders (every *.txt, *.html, *.vtt and
    /// *.srt below them), web addresses, or - for stdin
    Import(import::Args),
    /// Print a transcript parsed, as JSON, without storing it
    Parse(parse::Args),
    /// List the podcast feeds imported, with their episodes and last update
    Feeds(feeds::Args),
    /// Fetch every feed again and import its new episodes
    Update(update::Args),
    /// List the stories in the library
    List(list::Args),
    /// Print one story
    Show(show::Args),
    /// Everyone who speaks in the library, with their turn and story counts
    Speakers(speakers::Args),
    /// Print the quote sheet gathered in the TUI (a, then C), or empty it
    Sheet(sheet::Args),
    /// Speech turns across the library that a query matches, in the TUI's filter language
    Quotes(quotes::Args),
    /// Remove a story from the library
    Rm(rm::Args),
    /// Correct a story's title, air date, program or speakers; kept through
    /// reparse and re-import
    Fix(fix::Args),
    /// Derive stories again from their originals with this hark's parser
    Reparse(reparse::Args),
    /// List the stories the parser was unsure of, with what it was unsure of
    Check(check::Args),
    /// Write every story to a folder as a JSON file named by its id
    ExportLibrary(export::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(shell::CompletionArgs),
    /// Print the manual page (roff)
    Man,
    /// Show where the config file is read from, or the defaults
    Config(config::Args),
}

/// Runs hark with the process's arguments; errors print as `hark: …`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if output::is_closed_pipe(&err) => ExitCode::FAILURE,
        Err(err) => {
            output::warn(output::error_text(&err));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Not for an import: one whose log is cut off still stores its stories.
    if cli.command.is_some()
        && !matches!(cli.command, Some(Command::Import(_) | Command::Update(_)))
    {
        die_quietly_on_closed_pipe();
    }
    // Read before anything else, so a bad config fails before the TUI
    // takes over the screen.
    let settings = config::load(cli.config.as_deref())?;
    let root = library_root(&cli, &settings)?;
    library::progress::on_progress(|line| output::note(line));
    let out = output::Out::stdout(&settings.theme);
    match cli.command {
        None => open::run(&root, &cli.files, cli.mouse, &settings),
        Some(Command::Import(args)) => import::run(&root, args, &settings),
        Some(Command::Parse(args)) => parse::run(args, &settings),
        Some(Command::Feeds(args)) => feeds::run(&Library::open_lazily(&root)?, args, &out),
        Some(Command::Update(args)) => update::run(&root, args, &settings),
        Some(Command::List(args)) => list::run(leak(open_library(&root)?), args, &out),
        Some(Command::Show(args)) => show::run(leak(open_library(&root)?), args, &out),
        Some(Command::Speakers(args)) => speakers::run(leak(search_library(&root)?), args, &out),
        Some(Command::Quotes(args)) => quotes::run(leak(search_library(&root)?), args, &out),
        Some(Command::Rm(args)) => rm::run(&mut open_library(&root)?, args),
        Some(Command::Fix(args)) => fix::run(&mut search_library(&root)?, args),
        Some(Command::Reparse(args)) => {
            reparse::run(&mut reporting_problems(Library::open_lazily(&root)?)?, args)
        }
        Some(Command::Check(args)) => check::run(&root, args, &out),
        Some(Command::ExportLibrary(args)) => export::run(&open_library(&root)?, args),
        Some(Command::Completions(args)) => shell::completions(args),
        Some(Command::Man) => shell::man(),
        Some(Command::Config(args)) => config::run(cli.config.as_deref(), args),
        Some(Command::Sheet(args)) => sheet::run(&root, args),
    }
}

/// `hark list | head` should stop when head has had enough, as any Unix
/// tool does, rather than print an error. (Not for the TUI, which owns the
/// terminal and restores it on its own signals.)
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a default signal disposition at startup, before any
    // thread exists, is always sound.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The flag, else HARK_LIBRARY, else the config file, else the data
/// folder. An empty value counts as unset (it would make the current
/// folder the library); `~user` is refused, since only `~` is expanded.
fn library_root(cli: &Cli, settings: &Config) -> anyhow::Result<PathBuf> {
    let from_env = std::env::var_os("HARK_LIBRARY").map(PathBuf::from);
    let named = [
        ("--library", cli.library.clone()),
        ("HARK_LIBRARY", from_env),
        ("library in config.toml", settings.library.clone()),
    ];
    for (setting, path) in named {
        let Some(path) = path.filter(|p| !p.as_os_str().is_empty()) else {
            continue;
        };
        if let Some(user) = path.to_str().and_then(tilde_user) {
            anyhow::bail!(
                "{setting}: {}: hark expands ~ and ~/ but not ~{}; write the folder out in full",
                sanitize::clean_line(&path.display().to_string()),
                sanitize::clean_line(user)
            );
        }
        return Ok(expand_home(path));
    }
    library::default_root()
        .context("no home folder to keep the library in: name one with --library DIR")
}

/// `~` and `~/...` in the home folder, as a shell would (a quoted
/// HARK_LIBRARY reaches hark unexpanded); config.toml's are expanded already.
fn expand_home(path: PathBuf) -> PathBuf {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let rest = path
        .to_str()
        .and_then(|p| p.strip_prefix("~/").or((p == "~").then_some("")));
    match (rest, home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => path,
    }
}

/// The user named in a `~user/...` path.
fn tilde_user(path: &str) -> Option<&str> {
    let rest = path.strip_prefix('~')?;
    let user = rest.split('/').next().unwrap_or(rest);
    (!user.is_empty()).then_some(user)
}

fn open_library(root: &std::path::Path) -> anyhow::Result<Library> {
    reparsed_if_parser_changed(reporting_problems(Library::open(root)?)?)
}

/// For searches, which read the indexes but never the catalog.
fn search_library(root: &std::path::Path) -> anyhow::Result<Library> {
    reparsed_if_parser_changed(reporting_problems(Library::open_lazily(root)?)?)
}

/// A library last parsed by an older parser is derived again from its
/// originals before anything reads it, saying so.
pub(crate) fn reparsed_if_parser_changed(mut library: Library) -> anyhow::Result<Library> {
    let mut tally = reparse::Tally::default();
    let mut quiet = |_: &str, outcome: &library::Reparsed| match outcome {
        library::Reparsed::Changed => tally.changed += 1,
        library::Reparsed::Unchanged => tally.unchanged += 1,
        library::Reparsed::NoOriginal => tally.without_original += 1,
        library::Reparsed::Failed(err) => {
            tally.failed += 1;
            output::warn(err);
        }
    };
    if library.reparse_if_parser_changed(&mut quiet)? && tally.changed + tally.failed > 0 {
        output::warn(format_args!(
            "the parser has changed since the last import; {}",
            tally.summary()
        ));
    }
    Ok(library)
}

/// For a library read until the process ends: freeing a 100,000-story
/// catalog and speaker index piece by piece only to exit would cost a
/// command a tenth of its time.
fn leak(library: Library) -> &'static Library {
    Box::leak(Box::new(library))
}

fn reporting_problems(library: Library) -> anyhow::Result<Library> {
    for problem in library.problems() {
        output::warn(problem);
    }
    Ok(library)
}

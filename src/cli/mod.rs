//! The command line: one module per subcommand. `hark` alone opens the TUI.

mod config;
mod defaults;
mod import;
mod list;
mod open;
pub use open::library_options;
mod output;
mod parse;
mod quotes;
mod rm;
mod shell;
mod show;
mod speakers;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::library::{self, Library};

#[derive(Debug, Parser)]
#[command(
    name = "hark",
    version,
    about = "Read, search and quote radio-story transcripts"
)]
pub struct Cli {
    /// The library folder [default: ~/.local/share/hark on Linux]
    #[arg(long, global = true, env = "HARK_LIBRARY", value_name = "DIR")]
    library: Option<PathBuf>,

    /// The config file [default: ~/.config/hark/config.toml on Linux]
    #[arg(long, global = true, env = "HARK_CONFIG", value_name = "PATH")]
    config: Option<PathBuf>,

    /// Scroll and click with the mouse in the TUI (stops the terminal from
    /// selecting text while hark runs)
    #[arg(long, global = true)]
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
    /// Import transcripts: files, folders (every *.txt and *.html below them),
    /// web addresses, or - for stdin
    Import(import::Args),
    /// Print a transcript parsed, as JSON, without storing it
    Parse(parse::Args),
    /// List the stories in the library
    List(list::Args),
    /// Print one story
    Show(show::Args),
    /// Everyone who speaks in the library, with their turn and story counts
    Speakers(speakers::Args),
    /// Speech turns that match a speaker and words, across the library
    Quotes(quotes::Args),
    /// Remove a story from the library
    Rm(rm::Args),
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
        Err(err) => {
            eprintln!("hark: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if cli.command.is_some() {
        die_quietly_on_closed_pipe();
    }
    // Read before anything else, so a bad config fails before the TUI
    // takes over the screen.
    let settings = config::load(cli.config.as_deref())?;
    let root = library_root(&cli, &settings)?;
    let out = output::Out::stdout(&settings.theme);
    match cli.command {
        None => open::run(&root, &cli.files, cli.mouse, &settings),
        Some(Command::Import(args)) => import::run(&root, args, &settings),
        Some(Command::Parse(args)) => parse::run(args, &settings),
        Some(Command::List(args)) => list::run(leak(open_library(&root)?), args, &out),
        Some(Command::Show(args)) => show::run(leak(open_library(&root)?), args, &out),
        Some(Command::Speakers(args)) => speakers::run(leak(search_library(&root)?), args, &out),
        Some(Command::Quotes(args)) => quotes::run(leak(search_library(&root)?), args, &out),
        Some(Command::Rm(args)) => rm::run(&mut open_library(&root)?, args),
        Some(Command::Completions(args)) => shell::completions(args),
        Some(Command::Man) => shell::man(),
        Some(Command::Config(args)) => config::run(cli.config.as_deref(), args),
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

/// The flag (or HARK_LIBRARY, which clap folds into it), else the config
/// file, else the data folder.
fn library_root(cli: &Cli, settings: &Config) -> anyhow::Result<PathBuf> {
    cli.library
        .clone()
        .or_else(|| settings.library.clone())
        .or_else(library::default_root)
        .context("no home folder to keep the library in: name one with --library DIR")
}

fn open_library(root: &std::path::Path) -> anyhow::Result<Library> {
    reporting_problems(Library::open(root)?)
}

/// For searches, which read the indexes but never the catalog.
fn search_library(root: &std::path::Path) -> anyhow::Result<Library> {
    reporting_problems(Library::open_lazily(root)?)
}

/// For a library read until the process ends: freeing a 100,000-story
/// catalog and speaker index piece by piece only to exit would cost a
/// command a tenth of its time.
fn leak(library: Library) -> &'static Library {
    Box::leak(Box::new(library))
}

fn reporting_problems(library: Library) -> anyhow::Result<Library> {
    for problem in library.problems() {
        eprintln!("hark: {problem}");
    }
    Ok(library)
}

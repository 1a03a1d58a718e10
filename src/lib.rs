//! hark: read, search and quote radio-story transcripts.
//!
//! Layers, each using only those before it:
//! `story` (the domain, no I/O) → `query` (the filter language) →
//! `library` (the store, the only layer on disk) and `fetch` (the only
//! layer on the network) → `tui` → `cli`. `config` reads config.toml and
//! uses nothing of hark's.
//!
//! The modules are private to the crate, so the compiler sees every item
//! nothing uses. What is public is what the binary, the integration tests,
//! the benches and the fuzzers need: the crate root is the domain (a
//! transcript's bytes parsed to a [`Story`], filtered by a [`Query`], kept
//! in a [`Library`]); [`testing`] is the rest, hidden from the docs.

mod cli;
mod config;
mod fetch;
mod library;
mod query;
mod story;
mod tui;

/// The command line, as `src/main.rs` runs it: the exit code says how it went.
pub use cli::main;

pub use library::{ImportError, Library, LibraryError};
pub use query::{Filter, Query, QueryError};
pub use story::parse::{Format, ParseError, detect, parse, parse_all};
pub use story::{Role, Story, TurnKind, Warning, WarningKind};

/// Not an API: what the integration tests, benches and fuzzers reach that
/// a program using hark would not.
///
/// It is public because those live outside the crate: the TUI driven
/// without a terminal (`start`, `dispatch`, `serve`, `draw`) and the
/// settings it is built from, the invariants the property tests and
/// fuzzers check (`sanitize`, `clock`, `feed`, `story_from_json`), and the
/// library search the benches time. It changes with the code.
#[doc(hidden)]
pub mod testing {
    pub use crate::cli::library_options;
    pub use crate::config::{Config, KeyBinding, Preset, ThemeConfig, parse as parse_config};
    pub use crate::fetch::feed;
    pub use crate::library::import::files as import_files;
    pub use crate::library::rows::{folded_text, stored_json};
    pub use crate::library::samples::FILES as SAMPLE_FILES;
    pub use crate::library::search::{for_each_story_with, matching_turns, stories_with};
    pub use crate::library::story_from_json;
    pub use crate::library::{PeopleAsk, PeopleOrder};
    pub use crate::story::{clock, sanitize};
    pub use crate::tui::app::{Ask, Outgoing};
    pub use crate::tui::keymap::{Context as KeyContext, FIXED, action_names};
    pub use crate::tui::source::{SheetEntry, SheetQuote};
    pub use crate::tui::terminal::{Clipboards, deliver_with};
    pub use crate::tui::view::draw;
    pub use crate::tui::{
        Action, App, ColorMode, Focus, Keymap, MemoryMarks, MemoryStories, Origin, Overlay,
        Stories, Theme, TuiOptions, dispatch, serve, serve_with, start,
    };
}

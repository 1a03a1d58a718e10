//! hark: read, search and quote radio-story transcripts.
//!
//! Layers, each depending only on those above it:
//! `story` (the domain) → `library` (the store) and `fetch` (the network)
//! → `query` (filtering) → `tui` and `cli` (the faces).

pub mod cli;
pub mod config;
pub mod fetch;
pub mod library;
pub mod query;
pub mod story;
pub mod tui;

//! The filter language shared by the TUI's filter bar and `hark quotes`:
//! `@name` picks speakers, other words and `"quoted phrases"` must appear;
//! and the engine that runs it across the whole library.

mod matcher;
mod parse;
pub mod quote;
pub mod search;

pub use matcher::{Filter, Keyword, name_matches};
pub(crate) use matcher::{speaker_matches, speaker_names};
pub use parse::{Query, QueryError};
pub use quote::Quote;

//! The filter language shared by the TUI's filter bar and `hark quotes`:
//! `@name` picks speakers, other words and `"quoted phrases"` must appear.
//! It uses the story layer only: running a query across the whole library
//! is the library's job (`library::search`).

mod matcher;
mod parse;
pub mod quote;

pub use matcher::{Filter, Keyword, name_matches};
pub(crate) use matcher::{speaker_matches, speaker_names};
pub use parse::{Query, QueryError};
pub use quote::Quote;

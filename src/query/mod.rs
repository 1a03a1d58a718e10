//! The filter language shared by the TUI's filter bar and `hark quotes`:
//! `@name` picks speakers, other words and `"quoted phrases"` must appear.
//! `parse` reads the text into a `Query`, `Query::bind` decides which words
//! name speakers and gives a `Filter`, `matcher` matches it against a
//! story; `quote` is one matching turn, attributed.
//!
//! Uses `story` only: running a query across the whole library is the
//! library's job (`library::search`).

mod matcher;
mod parse;
pub(crate) mod quote;

pub use matcher::Filter;
pub(crate) use matcher::{Keyword, name_matches, speaker_matches, speaker_names};
pub use parse::{Query, QueryError};
pub(crate) use quote::Quote;

//! The filter language shared by the TUI's filter bar and `hark quotes`:
//! `@name` picks speakers, other words and `"quoted phrases"` must appear.

mod matcher;
mod parse;

pub use matcher::{Filter, Keyword};
pub use parse::{Query, QueryError};

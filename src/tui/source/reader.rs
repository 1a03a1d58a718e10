//! The reader's state in a library, opened on first use and then kept:
//! the quote sheet and the read and starred marks share this one way in.

use std::path::{Path, PathBuf};

use super::SourceError;
use crate::library::state::ReaderState;

pub(crate) struct LazyReaderState {
    root: PathBuf,
    state: Option<ReaderState>,
}

impl LazyReaderState {
    pub(crate) fn new(root: &Path) -> LazyReaderState {
        LazyReaderState {
            root: root.to_path_buf(),
            state: None,
        }
    }

    /// The state to change, opening (and creating) the database if need be.
    pub(crate) fn get(&mut self) -> Result<&mut ReaderState, SourceError> {
        let state = match self.state.take() {
            Some(state) => state,
            None => ReaderState::open(&self.root)?,
        };
        Ok(self.state.insert(state))
    }

    /// The state to read, creating nothing: none while the library has no
    /// database yet.
    pub(crate) fn peek(&mut self) -> Result<Option<&ReaderState>, SourceError> {
        if self.state.is_none() {
            self.state = ReaderState::open_for_reading(&self.root)?;
        }
        Ok(self.state.as_ref())
    }
}

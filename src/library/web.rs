//! Stories fetched from the web: found again by their address, so that
//! importing a page a second time updates its story rather than adding one.

use super::{Library, LibraryError, corrections, originals};
use crate::story::Story;

/// What storing a fetched story did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Added,
    /// The page changed: its story was rewritten in place, same id.
    Updated,
    /// The page is as it was: nothing written.
    Unchanged,
}

impl Library {
    /// Stores a story fetched from one of `addresses`, with `page`, the
    /// bytes it was read from, as its original. A story already imported
    /// from any of them keeps its id, its import time and the reader's
    /// corrections, and is rewritten only if the page now says something
    /// else. Returns the story as stored.
    pub fn store_fetched(
        &mut self,
        mut story: Story,
        addresses: &[&str],
        page: Option<&[u8]>,
    ) -> Result<(Stored, Story), LibraryError> {
        self.write(|txn| {
            let layout = txn.layout().clone();
            let known = txn
                .entries()
                .iter()
                .find(|e| e.url.as_deref().is_some_and(|u| addresses.contains(&u)))
                .map(|e| e.id.clone());
            let Some(id) = known else {
                corrections::apply_saved(&layout, &mut story)?;
                if let Some(bytes) = page {
                    originals::save(&layout, &story.id, bytes)?;
                }
                return Ok(match txn.add(&story)? {
                    super::Imported::Added => (Stored::Added, story),
                    super::Imported::AlreadyPresent => (Stored::Unchanged, story),
                });
            };
            let old = txn.load(&id)?;
            story.id = id.clone();
            story.imported_at = old.imported_at;
            corrections::apply_saved(&layout, &mut story)?;
            if old == story {
                return Ok((Stored::Unchanged, old));
            }
            if let Some(bytes) = page {
                originals::replace(&layout, &id, bytes)?;
            }
            txn.replace(&story)?;
            Ok((Stored::Updated, story))
        })
    }
}

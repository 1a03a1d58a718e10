//! Stories fetched from the web: found again by their address, so that
//! importing a page a second time updates its story rather than adding one.

use super::{Library, LibraryError};
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
    /// Stores a story fetched from one of `addresses`. A story already
    /// imported from any of them keeps its id and is rewritten only if the
    /// page now says something else. Returns the id the story has.
    pub fn store_fetched(
        &mut self,
        mut story: Story,
        addresses: &[&str],
    ) -> Result<(Stored, Story), LibraryError> {
        self.write(|txn| {
            let known = txn
                .entries()
                .iter()
                .find(|e| e.url.as_deref().is_some_and(|u| addresses.contains(&u)))
                .map(|e| e.id.clone());
            let Some(id) = known else {
                return Ok(match txn.add(&story)? {
                    super::Imported::Added => (Stored::Added, story),
                    super::Imported::AlreadyPresent => (Stored::Unchanged, story),
                });
            };
            let old = txn.load(&id)?;
            story.id = id.clone();
            if same_page(&old, &story) {
                return Ok((Stored::Unchanged, old));
            }
            txn.remove(&id)?;
            txn.add(&story)?;
            Ok((Stored::Updated, story))
        })
    }
}

/// Whether two reads of a page say the same, whenever they were made.
fn same_page(old: &Story, new: &Story) -> bool {
    let mut new = new.clone();
    new.imported_at = old.imported_at;
    *old == new
}

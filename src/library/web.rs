//! Stories fetched from the web: found again by their address, so that
//! importing a page a second time updates its story rather than adding one.

use rusqlite::OptionalExtension;

use super::{Library, LibraryError, NewOriginal};
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
        let known = self.find_by_address(addresses)?;
        let original = page.map(|page| NewOriginal::of(page.to_vec()));
        let Some(id) = known else {
            self.apply_corrections(&mut story)?;
            return Ok(match self.put_one(&story, original.as_ref())? {
                super::Imported::Added => (Stored::Added, story),
                super::Imported::AlreadyPresent => (Stored::Unchanged, story),
            });
        };
        let old = self.load(&id)?;
        story.id = id;
        story.imported_at = old.imported_at;
        self.apply_corrections(&mut story)?;
        if old == story {
            return Ok((Stored::Unchanged, old));
        }
        self.replace(&old, &story, original.as_ref())?;
        Ok((Stored::Updated, story))
    }

    /// The id of a story imported from any of `addresses`: a look-up in the
    /// index of addresses.
    fn find_by_address(&self, addresses: &[&str]) -> Result<Option<String>, LibraryError> {
        let db = self.db();
        let mut statement = db
            .conn()
            .prepare_cached("SELECT id FROM stories WHERE url = ?1 ORDER BY rowid LIMIT 1")
            .map_err(|e| self.sql_error(e))?;
        for address in addresses {
            let found = statement
                .query_row([address], |row| row.get(0))
                .optional()
                .map_err(|e| self.sql_error(e))?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }
}

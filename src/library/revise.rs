//! Stored stories derived again: from their originals with the current
//! parser (`hark reparse`, and on its own when the parser's version
//! changes), and with the reader's corrections (`hark fix`). A story keeps
//! its id, its import time and everything the reader set.

use std::io::Write;

use super::corrections::{self, Corrections};
use super::{Library, LibraryError, NewOriginal, atomic, originals, rows};
use crate::story::Story;
use crate::story::parse::{PARSER_VERSION, parse_all};

/// What re-deriving one story came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reparsed {
    Changed,
    Unchanged,
    /// Imported before hark kept originals: there is nothing to re-parse.
    NoOriginal,
    Failed(String),
}

impl Library {
    /// Re-derives the stories `ids` names (unique id prefixes), or every
    /// story when it names none, reporting each.
    pub fn reparse(
        &mut self,
        ids: &[String],
        report: impl FnMut(&str, &Reparsed),
    ) -> Result<(), LibraryError> {
        let ids = match ids.is_empty() {
            true => self.entries().iter().map(|e| e.id.clone()).collect(),
            false => ids
                .iter()
                .map(|prefix| self.find(prefix).map(|e| e.id))
                .collect::<Result<Vec<_>, _>>()?,
        };
        self.rederive(ids, report)
    }

    /// Re-parses every story that has its original when the library was
    /// last parsed by an older parser. True if it did. A read-only
    /// library is left as it is.
    pub fn reparse_if_parser_changed(
        &mut self,
        report: impl FnMut(&str, &Reparsed),
    ) -> Result<bool, LibraryError> {
        let marker = self.root.join("parser-version");
        let found: u32 = std::fs::read_to_string(&marker)
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0);
        if found >= PARSER_VERSION {
            return Ok(false);
        }
        let ids = originals::ids(self.db().conn());
        let ids = ids.map_err(|e| self.sql_error(e))?;
        let stamped = self
            .rederive(ids, report)
            .and_then(|()| atomic::write_with(&marker, |out| writeln!(out, "{PARSER_VERSION}")));
        match stamped {
            Err(LibraryError::Io { source, .. }) if is_read_only(&source) => Ok(false),
            Err(err) => Err(err),
            Ok(()) => Ok(true),
        }
    }

    /// Adds `newer` to the corrections of story `prefix`, keeps them, and
    /// derives the story again with them all: from its original when kept,
    /// else from the stored story. Refuses a speaker the story does not
    /// have, keeping nothing. One write: the corrections and the story
    /// they make go in together.
    pub fn correct(&mut self, prefix: &str, newer: Corrections) -> Result<Story, LibraryError> {
        let id = self.find(prefix)?.id;
        self.check_writable()?;
        let (stored, story) = self.db_mut().transaction(|txn, path| {
            let sql = |e| super::db::error(path, e);
            let stored = super::load(txn, path, &id)?;
            let mut all = corrections::read(txn, &id).map_err(sql)?;
            let asked: Vec<String> = newer.speakers.iter().map(|f| f.from.clone()).collect();
            all.merge(newer);
            let mut story = match originals::read(txn, path, &id)? {
                Some(bytes) => parsed(&bytes, &stored).unwrap_or_else(|_| stored.clone()),
                None => stored.clone(),
            };
            let missing: Vec<String> = all
                .apply(&mut story)
                .into_iter()
                .filter(|name| asked.contains(name))
                .collect();
            if let Some(name) = missing.into_iter().next() {
                return Err(LibraryError::NoSuchSpeaker { id, name });
            }
            corrections::save(txn, &id, &all).map_err(sql)?;
            if story != stored {
                rows::put_story(txn, &story).map_err(sql)?;
            }
            Ok((stored, story))
        })?;
        if story != stored {
            self.note_put(Some(&stored), &story);
        }
        Ok(story)
    }

    /// The corrections kept for story `id`.
    pub fn corrections(&self, id: &str) -> Result<Corrections, LibraryError> {
        let read = corrections::read(self.db().conn(), id);
        read.map_err(|e| self.sql_error(e))
    }

    /// Puts a re-derived `story` over `old`, the stored story of its id,
    /// with a new original if there is one (else the one kept stays).
    pub(crate) fn replace(
        &mut self,
        old: &Story,
        story: &Story,
        original: Option<&NewOriginal>,
    ) -> Result<(), LibraryError> {
        self.check_writable()?;
        self.db_mut().write(|txn| match original {
            Some(original) => {
                // Read first: its JSON unpacks against the original it has.
                let stored = rows::stored_story(txn, &story.id)?;
                originals::replace(txn, &story.id, &original.packed)?;
                rows::StoryRows::of(story, Some(&original.raw)).put_over_stored(txn, stored)
            }
            None => rows::put_story(txn, story),
        })?;
        self.note_put(Some(old), story);
        Ok(())
    }

    /// Derives each story again, one at a time, each changed one written
    /// as it comes: a reparse cut short keeps what it did.
    fn rederive(
        &mut self,
        ids: Vec<String>,
        mut report: impl FnMut(&str, &Reparsed),
    ) -> Result<(), LibraryError> {
        let mut failed = None;
        for id in ids {
            let outcome = match self.derive(&id) {
                Ok(None) => Reparsed::Unchanged,
                Err(outcome) => outcome,
                Ok(Some((old, story))) => match self.replace(&old, &story, None) {
                    Ok(()) => Reparsed::Changed,
                    Err(err) => {
                        let outcome = Reparsed::Failed(err.to_string());
                        failed.get_or_insert(err);
                        outcome
                    }
                },
            };
            report(&id, &outcome);
        }
        failed.map_or(Ok(()), Err)
    }

    /// Story `id` derived again from its original and corrections, with
    /// the stored story; none if it comes out as stored.
    fn derive(&self, id: &str) -> Result<Option<(Story, Story)>, Reparsed> {
        let failed = |err: LibraryError| Reparsed::Failed(err.to_string());
        let stored = self.load(id).map_err(failed)?;
        let bytes = originals::read(self.db().conn(), &self.db_path, id);
        let bytes = bytes.map_err(failed)?.ok_or(Reparsed::NoOriginal)?;
        let mut story = parsed(&bytes, &stored).map_err(Reparsed::Failed)?;
        self.apply_corrections(&mut story).map_err(failed)?;
        Ok((story != stored).then_some((stored, story)))
    }
}

/// The original parsed again as the stored story: same id (ids never
/// change), same import time, and what came from outside the page (its
/// address, its audio, what its feed said) kept.
fn parsed(bytes: &[u8], stored: &Story) -> Result<Story, String> {
    let name = stored.source.file_name.as_deref();
    let file = name.unwrap_or("standard input");
    let stories = parse_all(bytes, name, stored.imported_at)
        .map_err(|err| format!("{file} (story {}): {err}", stored.id))?;
    let mut story = same_story(stories, stored).ok_or_else(|| {
        format!(
            "{file} (story {}): the page now reads as several stories, and none is this one",
            stored.id
        )
    })?;
    story.id = stored.id.clone();
    story.imported_at = stored.imported_at;
    let (old, new) = (&stored.source, &mut story.source);
    new.url = new.url.take().or_else(|| old.url.clone());
    new.audio_url = new.audio_url.take().or_else(|| old.audio_url.clone());
    // A podcast's transcript rarely names its show or its episode: the
    // feed did, and says it again.
    new.feed = old.feed.clone();
    story.apply_feed();
    Ok(story)
}

/// Which of a page's stories `stored` was: a listing page holds several,
/// and a better parser may change their ids and titles, though rarely
/// both, nor the words they open with.
fn same_story(stories: Vec<Story>, stored: &Story) -> Option<Story> {
    if stories.len() == 1 {
        return stories.into_iter().next();
    }
    let opening = |story: &Story| {
        story
            .turns
            .iter()
            .find(|t| t.kind == crate::story::TurnKind::Speech)
            .and_then(|t| t.paragraphs.first().cloned())
    };
    let stored_opening = opening(stored);
    let position = stories
        .iter()
        .position(|s| s.id == stored.id)
        .or_else(|| stories.iter().position(|s| s.title == stored.title))
        .or_else(|| {
            stored_opening
                .as_ref()
                .and_then(|o| stories.iter().position(|s| opening(s).as_ref() == Some(o)))
        })?;
    stories.into_iter().nth(position)
}

fn is_read_only(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::PermissionDenied
            | std::io::ErrorKind::ReadOnlyFilesystem
            | std::io::ErrorKind::StorageFull
    )
}

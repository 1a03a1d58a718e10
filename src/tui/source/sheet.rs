//! The quote sheet: quotes a reporter gathers, in their order, each with a
//! short note. Every quote keeps its whole attribution as it was when
//! added (story, title, air date, program, speaker and role, the turn and
//! its time, the text), so the sheet still reads right after the story is
//! corrected or removed. Where it is kept stands behind `SheetStore`: in
//! memory for files and samples, in the library's database otherwise.

use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::library::state::{self, ReaderState};

use crate::query::Quote;
use crate::story::sanitize::clean_line;
use crate::story::{Story, clock};

use super::SourceError;
use super::reader::LazyReaderState;

/// A quote as the sheet keeps it. Fields missing from a kept quote (one
/// kept by an older hark) read as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetQuote {
    pub story_id: String,
    pub title: String,
    pub date: Option<Date>,
    pub program: Option<String>,
    pub station: Option<String>,
    pub speaker: Option<String>,
    /// What the story says the speaker is: "host", "Mayor", "press
    /// secretary".
    pub role: Option<String>,
    /// Index into the story's turns.
    pub turn: usize,
    /// When the turn starts in the audio (`12:34`), where the story has times.
    pub start: Option<String>,
    pub url: Option<String>,
    /// The quoted text, a paragraph at a time.
    pub paragraphs: Vec<String>,
    /// Part of the turn (a selection of sentences), not all of it.
    pub excerpt: bool,
}

impl SheetQuote {
    /// Turn `turn` of `story`, all of it or only `excerpt`; none for a
    /// turn the story does not have.
    pub fn of(story: &Story, turn: usize, excerpt: Option<Vec<String>>) -> Option<SheetQuote> {
        let t = story.turns.get(turn)?;
        let speaker = t.speaker.as_deref().and_then(|name| story.speaker(name));
        let role = speaker.and_then(|s| {
            let parts: Vec<&str> = [s.title.as_deref(), s.description.as_deref()]
                .into_iter()
                .flatten()
                .chain(s.role.map(|r| r.as_str()))
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        });
        Some(SheetQuote {
            story_id: story.id.clone(),
            title: story.title.clone(),
            date: story.date(),
            program: story.program.clone(),
            station: story.source.station.clone(),
            speaker: t.speaker.clone(),
            role,
            turn,
            start: t.start_ms.map(clock::format),
            url: story.source.url.clone(),
            excerpt: excerpt.is_some(),
            paragraphs: excerpt.unwrap_or_else(|| t.paragraphs.clone()),
        })
    }

    /// As a `Quote`, whose attribution `y` copies: the sheet's speaker
    /// carries the role after the name.
    pub fn quote(&self) -> Quote {
        let speaker = match (&self.speaker, &self.role) {
            (Some(name), Some(role)) => Some(format!("{name}, {role}")),
            (name, _) => name.clone(),
        };
        Quote {
            story_id: self.story_id.clone(),
            story_title: self.title.clone(),
            speaker,
            paragraphs: self.paragraphs.clone(),
            turn: self.turn,
            date: self.date,
            program: self.program.clone(),
            station: self.station.clone(),
            start: self.start.clone(),
            start_ms: None,
            url: self.url.clone(),
            audio_url: None,
        }
    }
}

/// One quote on the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    /// Stays with the entry wherever it moves.
    pub id: i64,
    pub note: String,
    pub quote: SheetQuote,
}

/// Where the sheet is kept. Each call is whole: two TUIs on one library
/// may interleave their calls and lose nothing.
pub trait SheetStore: Send {
    /// The sheet, in the reader's order.
    fn entries(&mut self) -> Result<Vec<SheetEntry>, SourceError>;
    /// Adds `quote` at the end.
    fn add(&mut self, quote: &SheetQuote) -> Result<(), SourceError>;
    /// Moves entry `id` one place towards the top (or the bottom); false
    /// when it is there already or gone.
    fn move_up(&mut self, id: i64) -> Result<bool, SourceError>;
    fn move_down(&mut self, id: i64) -> Result<bool, SourceError>;
    /// False when entry `id` is gone.
    fn set_note(&mut self, id: i64, note: &str) -> Result<bool, SourceError>;
    fn remove(&mut self, id: i64) -> Result<bool, SourceError>;
    fn clear(&mut self) -> Result<(), SourceError>;
    /// Whether the sheet lasts past this run.
    fn lasting(&self) -> bool;
}

/// A change the TUI asks of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChange {
    /// None: only read it.
    Read,
    Add(Box<SheetQuote>),
    MoveUp(i64),
    MoveDown(i64),
    Note(i64, String),
    Remove(i64),
}

/// Makes `change` and reads the sheet as it is after it.
pub fn change_sheet(
    store: &mut dyn SheetStore,
    change: &SheetChange,
) -> Result<Vec<SheetEntry>, SourceError> {
    match change {
        SheetChange::Read => {}
        SheetChange::Add(quote) => store.add(quote)?,
        SheetChange::MoveUp(id) => drop(store.move_up(*id)?),
        SheetChange::MoveDown(id) => drop(store.move_down(*id)?),
        SheetChange::Note(id, note) => drop(store.set_note(*id, note)?),
        SheetChange::Remove(id) => drop(store.remove(*id)?),
    }
    store.entries()
}

/// The sheet held in memory, for this run only: stories opened from
/// files and the samples have no library to keep it in.
#[derive(Debug, Default)]
pub struct MemorySheet {
    entries: Vec<SheetEntry>,
    next_id: i64,
}

impl MemorySheet {
    fn place(&self, id: i64) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }
}

impl SheetStore for MemorySheet {
    fn entries(&mut self) -> Result<Vec<SheetEntry>, SourceError> {
        Ok(self.entries.clone())
    }

    fn add(&mut self, quote: &SheetQuote) -> Result<(), SourceError> {
        self.next_id += 1;
        self.entries.push(SheetEntry {
            id: self.next_id,
            note: String::new(),
            quote: quote.clone(),
        });
        Ok(())
    }

    fn move_up(&mut self, id: i64) -> Result<bool, SourceError> {
        Ok(match self.place(id) {
            Some(at) if at > 0 => {
                self.entries.swap(at, at - 1);
                true
            }
            _ => false,
        })
    }

    fn move_down(&mut self, id: i64) -> Result<bool, SourceError> {
        Ok(match self.place(id) {
            Some(at) if at + 1 < self.entries.len() => {
                self.entries.swap(at, at + 1);
                true
            }
            _ => false,
        })
    }

    fn set_note(&mut self, id: i64, note: &str) -> Result<bool, SourceError> {
        let place = self.place(id);
        if let Some(at) = place {
            self.entries[at].note = note.to_string();
        }
        Ok(place.is_some())
    }

    fn remove(&mut self, id: i64) -> Result<bool, SourceError> {
        let place = self.place(id);
        if let Some(at) = place {
            self.entries.remove(at);
        }
        Ok(place.is_some())
    }

    fn clear(&mut self) -> Result<(), SourceError> {
        self.entries.clear();
        Ok(())
    }

    fn lasting(&self) -> bool {
        false
    }
}

/// The sheet as Markdown: a heading, then each quote as a blockquote with
/// its attribution and, where there is one, the note.
pub fn sheet_markdown(entries: &[SheetEntry]) -> String {
    let mut out = String::from("# Quote sheet\n");
    for (n, entry) in entries.iter().enumerate() {
        out.push_str(&format!("\n## {}.", n + 1));
        let note = clean_line(entry.note.trim());
        if !note.is_empty() {
            out.push(' ');
            out.push_str(&note);
        }
        out.push_str("\n\n");
        out.push_str(&entry.quote.quote().markdown());
    }
    out
}

/// The sheet as plain text: each quote's attribution, its text indented,
/// and the note.
pub fn sheet_text(entries: &[SheetEntry]) -> String {
    let mut out = String::new();
    for (n, entry) in entries.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let quote = entry.quote.quote();
        out.push_str(&format!("{}. {}\n", n + 1, quote.attribution()));
        for paragraph in &quote.paragraphs {
            out.push_str(&format!("  {}\n", clean_line(paragraph)));
        }
        let note = clean_line(entry.note.trim());
        if !note.is_empty() {
            out.push_str(&format!("  note: {note}\n"));
        }
    }
    out
}

/// One quote of `hark sheet --format json`: the stable shape the help
/// documents.
#[derive(Debug, Serialize)]
pub struct SheetRow<'a> {
    /// 1 for the top of the sheet.
    pub position: usize,
    pub note: &'a str,
    #[serde(flatten)]
    pub quote: &'a SheetQuote,
    /// The paragraphs joined by blank lines.
    pub text: String,
}

/// The sheet as `hark sheet --format json` prints it.
pub fn sheet_json(entries: &[SheetEntry]) -> String {
    let rows: Vec<SheetRow> = entries
        .iter()
        .enumerate()
        .map(|(n, e)| SheetRow {
            position: n + 1,
            note: &e.note,
            quote: &e.quote,
            text: e.quote.paragraphs.join("\n\n"),
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}

/// The quote sheet in the library's database, beside the reader's other
/// state: it outlives the run, and two harks on one library share it,
/// each change one transaction. Opened at the first use.
pub struct LibrarySheet {
    state: LazyReaderState,
}

impl LibrarySheet {
    pub fn new(root: &Path) -> LibrarySheet {
        LibrarySheet {
            state: LazyReaderState::new(root),
        }
    }

    fn state(&mut self) -> Result<&mut ReaderState, SourceError> {
        self.state.get()
    }
}

impl SheetStore for LibrarySheet {
    fn entries(&mut self) -> Result<Vec<SheetEntry>, SourceError> {
        let kept = self.state()?.sheet()?;
        Ok(kept.iter().map(SheetEntry::kept).collect())
    }

    fn add(&mut self, quote: &SheetQuote) -> Result<(), SourceError> {
        // A struct of strings and numbers always serializes.
        let json = serde_json::to_string(quote).unwrap_or_default();
        self.state()?
            .sheet_add_quote(&quote.story_id, quote.turn, "", &json)?;
        Ok(())
    }

    fn move_up(&mut self, id: i64) -> Result<bool, SourceError> {
        Ok(self.state()?.sheet_move_up(id)?)
    }

    fn move_down(&mut self, id: i64) -> Result<bool, SourceError> {
        Ok(self.state()?.sheet_move_down(id)?)
    }

    fn set_note(&mut self, id: i64, note: &str) -> Result<bool, SourceError> {
        Ok(self.state()?.sheet_set_note(id, note)?)
    }

    fn remove(&mut self, id: i64) -> Result<bool, SourceError> {
        Ok(self.state()?.sheet_remove(id)?)
    }

    fn clear(&mut self) -> Result<(), SourceError> {
        Ok(self.state()?.sheet_clear()?)
    }

    fn lasting(&self) -> bool {
        true
    }
}

impl SheetEntry {
    /// An entry as the library keeps it. One whose quote does not read
    /// (added by another program, say) still names its story and turn.
    fn kept(entry: &state::SheetEntry) -> SheetEntry {
        let quote = serde_json::from_str(&entry.quote).unwrap_or_else(|_| SheetQuote {
            story_id: entry.story_id.clone(),
            title: format!("story {}", entry.story_id),
            turn: entry.turn,
            ..SheetQuote::default()
        });
        SheetEntry {
            id: entry.id,
            note: entry.note.clone(),
            quote,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(text: &str) -> SheetQuote {
        SheetQuote {
            story_id: "ab12".into(),
            title: "Harbour Fog".into(),
            date: Some(jiff::civil::date(2024, 3, 9)),
            program: Some("Morning Tide".into()),
            station: None,
            speaker: Some("Ines Marlowe".into()),
            role: Some("harbourmaster".into()),
            turn: 3,
            start: Some("1:05".into()),
            url: None,
            paragraphs: vec![text.into()],
            excerpt: true,
        }
    }

    fn texts(store: &mut dyn SheetStore) -> Vec<String> {
        let entries = store.entries().unwrap();
        entries
            .iter()
            .map(|e| e.quote.paragraphs.join(" "))
            .collect()
    }

    #[test]
    fn the_memory_sheet_adds_moves_notes_and_removes() {
        let mut sheet = MemorySheet::default();
        for text in ["one", "two", "three"] {
            change_sheet(&mut sheet, &SheetChange::Add(Box::new(quote(text)))).unwrap();
        }
        let ids: Vec<i64> = sheet.entries().unwrap().iter().map(|e| e.id).collect();
        assert!(!sheet.move_up(ids[0]).unwrap(), "the first stays first");
        change_sheet(&mut sheet, &SheetChange::MoveUp(ids[2])).unwrap();
        assert_eq!(texts(&mut sheet), ["one", "three", "two"]);
        assert!(!sheet.move_down(ids[1]).unwrap(), "the last stays last");
        change_sheet(&mut sheet, &SheetChange::Note(ids[1], "lede".into())).unwrap();
        let after = change_sheet(&mut sheet, &SheetChange::Remove(ids[0])).unwrap();
        assert_eq!(texts(&mut sheet), ["three", "two"]);
        assert_eq!(after[1].note, "lede");
        assert!(!sheet.remove(ids[0]).unwrap(), "gone already");
        sheet.clear().unwrap();
        assert!(sheet.entries().unwrap().is_empty());
    }

    #[test]
    fn markdown_and_text_carry_the_attribution_and_the_note() {
        let entry = SheetEntry {
            id: 1,
            note: "for the lede".into(),
            quote: quote("The fog came in at dawn."),
        };
        let markdown = sheet_markdown(std::slice::from_ref(&entry));
        assert!(markdown.contains("## 1. for the lede"), "{markdown}");
        assert!(
            markdown.contains(
                "> The fog came in at dawn.\n\n— Ines Marlowe, harbourmaster, “Harbour Fog” at 1:05, Morning Tide, 2024-03-09"
            ),
            "{markdown}"
        );
        let text = sheet_text(&[entry]);
        assert!(text.starts_with("1. Ines Marlowe, harbourmaster"), "{text}");
        assert!(text.contains("note: for the lede"), "{text}");
    }

    #[test]
    fn json_rows_are_flat_and_numbered() {
        let entries = [SheetEntry {
            id: 7,
            note: String::new(),
            quote: quote("Fog."),
        }];
        let rows: serde_json::Value = serde_json::from_str(&sheet_json(&entries)).unwrap();
        let row = &rows[0];
        assert_eq!(row["position"], 1);
        assert_eq!(row["speaker"], "Ines Marlowe");
        assert_eq!(row["date"], "2024-03-09");
        assert_eq!(row["text"], "Fog.");
        assert_eq!(row["excerpt"], true);
    }
}

//! Where the TUI gets its stories. The TUI never learns how they are
//! stored: the library, files named on the command line and the bundled
//! samples all stand behind one small trait.

use jiff::civil::Date;

use crate::story::Story;

/// What the story list shows, known without opening the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub speakers: Vec<String>,
}

impl ListEntry {
    pub fn of(story: &Story) -> ListEntry {
        ListEntry {
            id: story.id.clone(),
            title: story.title.clone(),
            date: story.date(),
            speakers: story.speakers.iter().map(|s| s.name.clone()).collect(),
        }
    }

    pub fn speaker_count(&self) -> usize {
        self.speakers.len()
    }
}

pub trait Stories {
    fn entries(&self) -> Vec<ListEntry>;
    fn load(&mut self, id: &str) -> Result<Story, String>;
    /// Stores the story in the library; returns a line to show the reader.
    fn import(&mut self, id: &str) -> Result<String, String>;
}

/// Stores a story somewhere lasting; given by the caller so that the
/// in-memory source need not know about the library.
pub type Importer = Box<dyn FnMut(&Story) -> Result<String, String>>;

/// Stories held in memory: files opened directly, the bundled samples, tests.
pub struct MemoryStories {
    stories: Vec<Story>,
    importer: Option<Importer>,
}

impl MemoryStories {
    pub fn new(stories: Vec<Story>) -> MemoryStories {
        MemoryStories {
            stories,
            importer: None,
        }
    }

    pub fn with_importer(mut self, importer: Importer) -> MemoryStories {
        self.importer = Some(importer);
        self
    }

    fn find(&self, id: &str) -> Result<&Story, String> {
        self.stories
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| format!("no story with id {id}"))
    }
}

impl Stories for MemoryStories {
    fn entries(&self) -> Vec<ListEntry> {
        self.stories.iter().map(ListEntry::of).collect()
    }

    fn load(&mut self, id: &str) -> Result<Story, String> {
        self.find(id).cloned()
    }

    fn import(&mut self, id: &str) -> Result<String, String> {
        let story = self.find(id)?.clone();
        match self.importer.as_mut() {
            Some(import) => import(&story),
            None => Err("no library to import into: run hark import FILE".into()),
        }
    }
}

//! Windows over the library, for views that show a screen at a time: how
//! many stories, one page of the list, one page of a search's turns with
//! the total. The view asks for what is on screen; how the store answers
//! (the catalog read from the database, and its FTS5 index) stays behind these.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use super::speakers::Person;
use super::{CatalogEntry, Library, LibraryError, SpeakerIndex, search};
use crate::query::{Filter, Keyword, name_matches};
use crate::story::{Story, fold};

/// One page of a search's matching speech turns, and how many there are
/// in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnsPage {
    pub total: usize,
    /// (story id, turn index), in list order, each story's turns in order.
    pub turns: Vec<(String, usize)>,
}

impl Library {
    /// How many stories, counted by the database unless the catalog is
    /// read already.
    pub fn story_count(&self) -> usize {
        if let Some(entries) = self.entries.get() {
            return entries.len();
        }
        self.db()
            .conn()
            .query_row("SELECT count(*) FROM stories", [], |row| {
                row.get::<_, i64>(0)
            })
            .map_or(0, |n| n as usize)
    }

    /// Up to `limit` list entries from the `offset`th, in list order.
    pub fn entries_page(&self, offset: usize, limit: usize) -> &[CatalogEntry] {
        let entries = self.entries();
        let start = offset.min(entries.len());
        &entries[start..start.saturating_add(limit).min(entries.len())]
    }

    /// Up to `limit` of the speech turns `filter` matches, from the
    /// `offset`th, with the total; None when cancelled.
    pub fn matching_turns_page(
        &self,
        filter: &Filter,
        offset: usize,
        limit: usize,
        cancel: &AtomicBool,
    ) -> Result<Option<TurnsPage>, LibraryError> {
        let Some(found) = search::matching_turns(self, filter, cancel)? else {
            return Ok(None);
        };
        let place: HashMap<&str, usize> = self
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut stories: Vec<(String, Vec<usize>)> = found.into_iter().collect();
        stories.sort_by_key(|(id, _)| place.get(id.as_str()).copied().unwrap_or(usize::MAX));
        let all = stories
            .into_iter()
            .flat_map(|(id, turns)| turns.into_iter().map(move |t| (id.clone(), t)));
        let mut total = 0;
        let mut turns = Vec::new();
        for (i, turn) in all.enumerate() {
            total += 1;
            if i >= offset && turns.len() < limit {
                turns.push(turn);
            }
        }
        Ok(Some(TurnsPage { total, turns }))
    }
}

/// The speakers view's orders: the most turns, words or stories first,
/// or by surname; ties go by surname.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PeopleOrder {
    #[default]
    Turns,
    Words,
    Stories,
    Surname,
}

/// What the speakers view asks for: a window of the people whose name
/// matches `name` (folded words; empty for everyone) in `order`, and
/// where the person named `keep` now stands, so a new order or filter
/// keeps them selected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PeopleAsk {
    pub order: PeopleOrder,
    pub name: Vec<String>,
    pub keep: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// One window of people, with the counts around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeoplePage<'a> {
    /// How many people match the name.
    pub total: usize,
    /// How many people there are in all.
    pub everyone: usize,
    /// Everyone's words, and the most anyone spoke: the talk-share bars'
    /// whole and their longest bar, whatever the filter.
    pub words: Words,
    pub offset: usize,
    pub people: Vec<&'a Person>,
    /// Where the person named `keep` stands among those that match.
    pub kept_at: Option<usize>,
}

/// Words spoken in the library: by everyone, and by the one who spoke most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Words {
    pub all: usize,
    pub most: usize,
}

/// A name as a directory orders it: the surname (the last word) first,
/// then the rest, folded: "Earnest Josh" for Josh Earnest.
pub fn surname_first(name: &str) -> Vec<String> {
    let mut words = fold::words(name);
    if let Some(surname) = words.pop() {
        words.insert(0, surname);
    }
    words
}

/// One window of the people in `index`, as `ask` says. Sorts the matches
/// on every call: a few thousand people at 100,000 stories; over SQLite
/// it is `ORDER BY … LIMIT … OFFSET` on the speakers table, with counts.
pub fn people_page<'a>(index: &'a SpeakerIndex, ask: &PeopleAsk) -> PeoplePage<'a> {
    let mut matching: Vec<(std::cmp::Reverse<usize>, Vec<String>, &Person)> = index
        .people()
        .map(|(_, p)| p)
        .filter(|p| ask.name.is_empty() || name_matches(&ask.name, &fold::words(&p.name)))
        .map(|p| {
            let count = match ask.order {
                PeopleOrder::Turns => p.turns,
                PeopleOrder::Words => p.words,
                PeopleOrder::Stories => p.stories.len(),
                PeopleOrder::Surname => 0,
            };
            (std::cmp::Reverse(count), surname_first(&p.name), p)
        })
        .collect();
    matching.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let kept_at = ask
        .keep
        .as_ref()
        .and_then(|name| matching.iter().position(|(_, _, p)| p.name == *name));
    let people = matching.iter().skip(ask.offset).take(ask.limit);
    PeoplePage {
        total: matching.len(),
        everyone: index.len(),
        words: Words {
            all: index.people().map(|(_, p)| p.words).sum(),
            most: index.people().map(|(_, p)| p.words).max().unwrap_or(0),
        },
        offset: ask.offset,
        people: people.map(|(_, _, p)| *p).collect(),
        kept_at,
    }
}

/// Turns with how well each answers the keywords: (story id, [(turn,
/// score)]), higher first. See `relevance`.
pub type TurnScores = Vec<(String, Vec<(usize, u32)>)>;

impl Library {
    /// How well each of `turns` answers `keywords` (see `relevance`), by
    /// story; a story that will not load scores 0. None when cancelled.
    /// Reads each story today; over SQLite it is FTS5's bm25 for these
    /// rows.
    pub fn turns_relevance(
        &self,
        keywords: &[Keyword],
        turns: &[(String, Vec<usize>)],
        cancel: &AtomicBool,
    ) -> Option<TurnScores> {
        let mut scored = Vec::with_capacity(turns.len());
        for (id, wanted) in turns {
            if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            let story = self.load(id).ok();
            scored.push((
                id.clone(),
                story_relevance(story.as_ref(), keywords, wanted),
            ));
        }
        Some(scored)
    }
}

/// The `wanted` turns of `story`, each with its `relevance`; 0 for all
/// when the story is missing.
pub fn story_relevance(
    story: Option<&Story>,
    keywords: &[Keyword],
    wanted: &[usize],
) -> Vec<(usize, u32)> {
    let text = |t: usize| {
        let turn = story.and_then(|s| s.turns.get(t));
        turn.map_or_else(String::new, |turn| turn.paragraphs.join("\n"))
    };
    wanted
        .iter()
        .map(|&t| (t, relevance(keywords, &text(t))))
        .collect()
}

/// How well `text` answers `keywords`: how often their words occur in it,
/// per word of it, as term frequency does in bm25, so a short turn that
/// says the word twice beats a long one that says it once. A keyword of
/// several words counts where they occur in a row; 0 for no keyword.
pub fn relevance(keywords: &[Keyword], text: &str) -> u32 {
    let words = fold::words(text);
    let occurrences: usize = keywords
        .iter()
        .filter(|k| !k.words.is_empty())
        .map(|k| words.windows(k.words.len()).filter(|w| said(k, w)).count())
        .sum();
    // Ten words of length smooth the score of very short turns, as
    // bm25's length norm does; per ten thousand keeps it an integer.
    let per_word = occurrences.saturating_mul(10_000) / (words.len() + 10);
    u32::try_from(per_word).unwrap_or(u32::MAX)
}

/// Whether `words` say keyword `k`, as the filter language matches it:
/// whole words, the last one a prefix unless the keyword is quoted.
fn said(k: &Keyword, words: &[String]) -> bool {
    let last = k.words.len() - 1;
    let each = |(i, (word, wanted)): (usize, (&String, &String))| match i == last && !k.exact {
        true => word.starts_with(wanted.as_str()),
        false => word == wanted,
    };
    words.iter().zip(&k.words).enumerate().all(each)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;
    use crate::story::parse::parse;

    fn story(title: &str, date: &str, body: &str) -> crate::story::Story {
        let text = format!("{title}\n\n{date}\n\n{body}");
        parse(text.as_bytes(), Some("t.txt"), jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn pages_follow_the_list_and_count_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let older = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: Harbor one.\n\nBO REY: Harbor two.",
        );
        let newer = story(
            "Zulu",
            "May 2, 2024",
            "ANA LIMA, HOST: Harbor three.\n\nBO REY: Not here.",
        );
        lib.add(&older).unwrap();
        lib.add(&newer).unwrap();
        assert_eq!(lib.story_count(), 2);
        let titles =
            |page: &[CatalogEntry]| page.iter().map(|e| e.title.clone()).collect::<Vec<_>>();
        // Newest first, not by title.
        assert_eq!(titles(lib.entries_page(0, 1)), ["Zulu"]);
        assert_eq!(titles(lib.entries_page(1, 5)), ["Alpha"]);
        assert!(lib.entries_page(7, 5).is_empty());

        let filter = Query::parse("harbor").unwrap().bind(|_| false);
        let cancel = AtomicBool::new(false);
        let page = lib
            .matching_turns_page(&filter, 1, 1, &cancel)
            .unwrap()
            .unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.turns, [(older.id.clone(), 0)]);
        let rest = lib
            .matching_turns_page(&filter, 1, 9, &cancel)
            .unwrap()
            .unwrap();
        assert_eq!(rest.turns, [(older.id.clone(), 0), (older.id.clone(), 1)]);
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            lib.matching_turns_page(&filter, 0, 9, &cancel).unwrap(),
            None
        );
    }

    #[test]
    fn people_pages_follow_the_order_and_the_name_and_find_the_kept() {
        let mut index = SpeakerIndex::default();
        let one = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: One two three four.\n\nBO REY: One.\n\nCY PARKER: Hi.\n\nBO REY: Two.",
        );
        index.add(&one);
        let names = |page: &PeoplePage| {
            page.people
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        let mut ask = PeopleAsk {
            limit: 2,
            ..PeopleAsk::default()
        };
        let page = people_page(&index, &ask);
        assert_eq!((page.total, page.everyone), (3, 3));
        assert_eq!(names(&page), ["Bo Rey", "Ana Lima"], "most turns first");
        ask.order = PeopleOrder::Words;
        ask.offset = 1;
        ask.keep = Some("Cy Parker".into());
        let page = people_page(&index, &ask);
        assert_eq!(names(&page), ["Bo Rey", "Cy Parker"]);
        assert_eq!(page.kept_at, Some(2));
        ask.order = PeopleOrder::Surname;
        ask.offset = 0;
        ask.limit = 9;
        assert_eq!(
            names(&people_page(&index, &ask)),
            ["Ana Lima", "Cy Parker", "Bo Rey"]
        );
        ask.name = vec!["par".into()];
        let page = people_page(&index, &ask);
        assert_eq!(
            (names(&page), page.total, page.everyone),
            (vec!["Cy Parker".to_string()], 1, 3)
        );
        assert_eq!(page.kept_at, Some(0));
        ask.keep = Some("Bo Rey".into());
        assert_eq!(people_page(&index, &ask).kept_at, None, "filtered out");
    }

    fn keywords(text: &str) -> Vec<Keyword> {
        Query::parse(text).unwrap().bind(|_| false).keywords
    }

    #[test]
    fn relevance_rises_with_how_often_and_how_densely_the_words_are_said() {
        let harbor = keywords("harbor");
        let once_short = relevance(&harbor, "The harbor closed.");
        let twice_short = relevance(&harbor, "The harbor closed, the harbors too.");
        let once_long = relevance(
            &harbor,
            "After a long week of meetings and votes and delays the harbor closed.",
        );
        assert_eq!(relevance(&harbor, "Nothing about boats."), 0);
        assert!(twice_short > once_short, "{twice_short} > {once_short}");
        assert!(once_short > once_long, "{once_short} > {once_long}");
        assert_eq!(relevance(&[], "The harbor closed."), 0);
        let phrase = keywords("\"harbor closed\"");
        assert!(relevance(&phrase, "The harbor closed.") > 0);
        assert_eq!(relevance(&phrase, "The harbor is closed."), 0);
        assert_eq!(
            relevance(&phrase, "The harbor closedown."),
            0,
            "quoted: whole"
        );
    }

    #[test]
    fn turns_are_scored_from_their_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let one = story(
            "Alpha",
            "March 1, 2024",
            "ANA LIMA, HOST: Harbor one.\n\nBO REY: Harbor, harbor, harbor.",
        );
        lib.add(&one).unwrap();
        let cancel = AtomicBool::new(false);
        let wanted = [(one.id.clone(), vec![0, 1]), ("gone".to_string(), vec![2])];
        let scores = lib
            .turns_relevance(&keywords("harbor"), &wanted, &cancel)
            .unwrap();
        let (first, second) = (scores[0].1[0].1, scores[0].1[1].1);
        assert!(second > first && first > 0, "{scores:?}");
        assert_eq!(scores[1], ("gone".to_string(), vec![(2, 0)]));
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(
            lib.turns_relevance(&keywords("harbor"), &wanted, &cancel),
            None
        );
    }
}

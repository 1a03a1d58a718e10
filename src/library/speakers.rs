//! The speaker index: every person in the library, with the stories and
//! turns where they speak, so that `@name` across the library and the
//! speakers view never read a transcript.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::story::{Role, Story, TurnKind};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerIndex {
    /// By identity key (`Speaker::key`), so one person is one entry.
    people: BTreeMap<String, Person>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The display name from the story that named them first.
    pub name: String,
    /// The roles they had, each with the number of stories they had it
    /// in: a role belongs to an appearance (host of one story, byline of
    /// another), never to the person.
    pub roles: Vec<(Role, usize)>,
    /// Other labels they were known by, across stories.
    pub aliases: Vec<String>,
    /// The stories they speak in, by id, with the indexes of their speech
    /// turns there; in the order the stories were added.
    pub stories: Vec<(Box<str>, Box<[u32]>)>,
    pub turns: usize,
    pub words: usize,
}

impl Person {
    fn named(name: String) -> Person {
        Person {
            name,
            roles: Vec::new(),
            aliases: Vec::new(),
            stories: Vec::new(),
            turns: 0,
            words: 0,
        }
    }

    /// Counts `stories` more (or, negative, fewer) appearances in `role`.
    fn count_role(&mut self, role: Role, stories: isize) {
        match self.roles.iter_mut().find(|(r, _)| *r == role) {
            Some((_, n)) => *n = n.saturating_add_signed(stories),
            None if stories > 0 => self.roles.push((role, stories as usize)),
            None => {}
        }
        self.roles.retain(|&(_, n)| n > 0);
        self.roles
            .sort_by_key(|&(role, n)| (std::cmp::Reverse(n), role.as_str()));
    }

    /// "host 3, byline 1": each role with its story count.
    pub fn roles_summary(&self) -> String {
        roles_summary(&self.roles)
    }
}

/// "host 3, byline 1", for a list of roles with their story counts.
pub fn roles_summary(roles: &[(Role, usize)]) -> String {
    let parts: Vec<String> = roles
        .iter()
        .map(|(role, n)| format!("{} {n}", role.as_str()))
        .collect();
    parts.join(", ")
}

/// Who speaks in one story, and where: the speaker index's line for it.
/// The index is these records folded together, so an import appends one
/// and never rewrites the index. Read back, the strings borrow from the
/// file's bytes: most people are met many times, and only the first time
/// needs a copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySpeakers<'a> {
    /// First, so that the record's line starts with it (see `indexes`).
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub people: Vec<Appearance<'a>>,
}

/// One person in one story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appearance<'a> {
    #[serde(borrow)]
    pub key: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Cow<'a, str>>,
    /// The indexes of their speech turns.
    pub turns: Vec<u32>,
    pub words: usize,
}

impl StorySpeakers<'static> {
    pub fn of(story: &Story) -> StorySpeakers<'static> {
        let people = story
            .speakers
            .iter()
            .map(|speaker| {
                let spoken = story.turns.iter().enumerate().filter(|(_, t)| {
                    t.kind == TurnKind::Speech && t.speaker.as_deref() == Some(&speaker.name)
                });
                let (mut turns, mut words) = (Vec::new(), 0);
                for (i, turn) in spoken {
                    turns.push(i as u32);
                    words += turn.word_count();
                }
                Appearance {
                    key: speaker.key().into(),
                    name: speaker.name.clone().into(),
                    role: speaker.role,
                    aliases: speaker.aliases.iter().cloned().map(Cow::from).collect(),
                    turns,
                    words,
                }
            })
            .collect();
        StorySpeakers {
            id: story.id.clone().into(),
            people,
        }
    }
}

impl SpeakerIndex {
    pub fn add(&mut self, story: &Story) {
        self.add_record(StorySpeakers::of(story));
    }

    pub fn add_record(&mut self, record: StorySpeakers) {
        for seen in record.people {
            let mut person = Person::named(seen.name.into_owned());
            person.roles = seen.role.map(|role| (role, 1)).into_iter().collect();
            person.aliases = seen.aliases.into_iter().map(Cow::into_owned).collect();
            person.turns = seen.turns.len();
            person.words = seen.words;
            person.stories = vec![(record.id.as_ref().into(), seen.turns.into())];
            self.absorb(seen.key, person);
        }
    }

    /// Adds the people of an index made from later stories, as if their
    /// records had been added to this one: how an index read in parts
    /// comes together.
    pub fn merge(&mut self, later: SpeakerIndex) {
        for (key, theirs) in later.people {
            self.absorb(Cow::Owned(key), theirs);
        }
    }

    /// The one rule for meeting a person again, whether from one story's
    /// record or from a part of the index: the first display name stays,
    /// roles add up by story, aliases join once each, turns and words add
    /// up, and their stories follow ours.
    fn absorb(&mut self, key: Cow<str>, theirs: Person) {
        let ours = match self.people.get_mut(key.as_ref()) {
            Some(person) => person,
            None => self
                .people
                .entry(key.into_owned())
                .or_insert_with(|| Person::named(theirs.name)),
        };
        for (role, n) in theirs.roles {
            ours.count_role(role, n as isize);
        }
        for alias in theirs.aliases {
            if !ours.aliases.contains(&alias) {
                ours.aliases.push(alias);
            }
        }
        ours.turns += theirs.turns;
        ours.words += theirs.words;
        ours.stories.extend(theirs.stories);
    }

    /// Takes a story out; people left with no story go too.
    pub fn remove(&mut self, story: &Story) {
        let record = StorySpeakers::of(story);
        for seen in record.people {
            let Some(person) = self.people.get_mut(seen.key.as_ref()) else {
                continue;
            };
            let before = person.stories.len();
            person.stories.retain(|(id, _)| **id != *record.id);
            if person.stories.len() < before {
                person.turns = person.turns.saturating_sub(seen.turns.len());
                person.words = person.words.saturating_sub(seen.words);
                if let Some(role) = seen.role {
                    person.count_role(role, -1);
                }
            }
            if person.stories.is_empty() {
                self.people.remove(seen.key.as_ref());
            }
        }
    }

    pub fn people(&self) -> impl Iterator<Item = (&str, &Person)> {
        self.people.iter().map(|(k, p)| (k.as_str(), p))
    }

    pub fn get(&self, key: &str) -> Option<&Person> {
        self.people.get(key)
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

/// The speaker index of the stories in the database, each story's people
/// added in the order the stories went in: the same index as adding each
/// story in turn, read from the appearances and turns, not the stories.
pub fn read(conn: &rusqlite::Connection) -> rusqlite::Result<SpeakerIndex> {
    let mut spoken: std::collections::HashMap<(String, i64), Vec<u32>> = Default::default();
    let mut turns = conn.prepare(
        "SELECT story_id, speaker_id, idx FROM turns
         WHERE kind = 'speech' AND speaker_id IS NOT NULL ORDER BY story_id, idx",
    )?;
    let mut rows = turns.query([])?;
    while let Some(row) = rows.next()? {
        let idx: i64 = row.get(2)?;
        spoken
            .entry((row.get(0)?, row.get(1)?))
            .or_default()
            .push(idx as u32);
    }
    let mut appearances = conn.prepare(
        "SELECT a.story_id, a.speaker_id, s.key, a.name, a.role, a.aliases, a.words
         FROM appearances a JOIN speakers s ON s.id = a.speaker_id
         JOIN stories st ON st.id = a.story_id ORDER BY st.rowid, a.rowid",
    )?;
    let mut rows = appearances.query([])?;
    let mut index = SpeakerIndex::default();
    let mut record: Option<StorySpeakers> = None;
    while let Some(row) = rows.next()? {
        let story: String = row.get(0)?;
        if record.as_ref().is_some_and(|r| *r.id != *story) {
            index.add_record(record.take().expect("checked"));
        }
        let record = record.get_or_insert_with(|| StorySpeakers {
            id: story.clone().into(),
            people: Vec::new(),
        });
        let role: Option<String> = row.get(4)?;
        let aliases: String = row.get(5)?;
        let words: i64 = row.get(6)?;
        record.people.push(Appearance {
            key: row.get::<_, String>(2)?.into(),
            name: row.get::<_, String>(3)?.into(),
            role: role.as_deref().and_then(role_named),
            aliases: serde_json::from_str::<Vec<String>>(&aliases)
                .unwrap_or_default()
                .into_iter()
                .map(Cow::from)
                .collect(),
            turns: spoken.remove(&(story, row.get(1)?)).unwrap_or_default(),
            words: words as usize,
        });
    }
    if let Some(record) = record {
        index.add_record(record);
    }
    Ok(index)
}

pub use super::people::Totals;

/// Everyone's totals, as the store keeps them (`people`): what the
/// speaker index says of each person, read a row a person. The name is
/// the one their first story stored gave them, as in the index.
pub fn totals(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<Totals>> {
    super::people::everyone(conn)
}

fn role_named(name: &str) -> Option<Role> {
    [Role::Host, Role::Byline]
        .into_iter()
        .find(|role| role.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse::parse;

    fn story(text: &str) -> Story {
        parse(text.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn one_person_across_stories_is_one_entry() {
        let a = story(
            "A\n\nJOSH EARNEST: One two three.\n\nANA LIMA, BYLINE: Four.\n\nEARNEST: Five six.",
        );
        let b = story("B\n\nJOSH EARNEST, HOST: Seven.");
        let mut index = SpeakerIndex::default();
        index.add(&a);
        index.add(&b);
        let earnest = index.get("josh earnest").unwrap();
        assert_eq!(earnest.name, "Josh Earnest");
        assert_eq!(earnest.stories.len(), 2);
        assert_eq!(earnest.stories[0], (a.id.as_str().into(), [0, 2].into()));
        assert_eq!((earnest.turns, earnest.words), (3, 6));
        assert_eq!(earnest.aliases, ["EARNEST"]);
        assert_eq!(index.get("ana lima").unwrap().roles, [(Role::Byline, 1)]);
    }

    #[test]
    fn a_role_belongs_to_each_appearance_not_to_the_person() {
        let stories = [
            story("A\n\nANA LIMA, HOST: One."),
            story("B\n\nANA LIMA, BYLINE: Two."),
            story("C\n\nANA LIMA, HOST: Three."),
            story("D\n\nANA LIMA: Four."),
        ];
        let mut index = SpeakerIndex::default();
        stories.iter().for_each(|s| index.add(s));
        let lima = index.get("ana lima").unwrap();
        assert_eq!(lima.roles, [(Role::Host, 2), (Role::Byline, 1)]);
        assert_eq!(lima.roles_summary(), "host 2, byline 1");
        index.remove(&stories[1]);
        assert_eq!(index.get("ana lima").unwrap().roles, [(Role::Host, 2)]);
    }

    #[test]
    fn an_index_merged_from_parts_is_the_index_built_whole() {
        let stories = [
            story("A\n\nJOSH EARNEST, HOST: One two.\n\nANA LIMA: Three."),
            story("B\n\nEARNEST: Four.\n\nMIRA OSEI, BYLINE: Five."),
            story("C\n\nJOSH EARNEST: Six.\n\nANA LIMA, BYLINE: Seven eight."),
        ];
        let mut whole = SpeakerIndex::default();
        stories.iter().for_each(|s| whole.add(s));
        let (mut first, mut second) = (SpeakerIndex::default(), SpeakerIndex::default());
        first.add(&stories[0]);
        // Through the record's line and back, as the index file holds it.
        for story in &stories[1..] {
            let line = serde_json::to_string(&StorySpeakers::of(story)).unwrap();
            second.add_record(serde_json::from_str(&line).unwrap());
        }
        first.merge(second);
        assert_eq!(first, whole);
        assert_eq!(whole.get("ana lima").unwrap().roles, [(Role::Byline, 1)]);
    }

    /// The database's totals are the speaker index's, person by person,
    /// also after a story (and the people only it had) is removed.
    #[test]
    fn totals_added_up_by_the_database_are_the_speaker_index_s() {
        let dir = tempfile::tempdir().unwrap();
        let mut library = crate::library::Library::open(dir.path()).unwrap();
        for text in [
            "A\n\nJOSH EARNEST, HOST: One two.\n\nANA LIMA: Three.\n\nEARNEST: Four five.",
            "B\n\nJosh Earnest: Six.\n\nMIRA OSEI, BYLINE: Seven eight nine.\n\nSAM ROE: Ten.",
            "C\n\nANA LIMA, BYLINE: Ten.\n\nJOSH EARNEST, BYLINE: Eleven.",
        ] {
            library.add(&story(text)).unwrap();
        }
        for round in 0..2 {
            let index = read(library.db().conn()).unwrap();
            let mut expected: Vec<Totals> = index
                .people()
                .map(|(_, p)| Totals {
                    name: p.name.clone(),
                    roles: p.roles.clone(),
                    turns: p.turns,
                    stories: p.stories.len(),
                    words: p.words,
                })
                .collect();
            let mut totals = totals(library.db().conn()).unwrap();
            for list in [&mut expected, &mut totals] {
                list.sort_by(|a, b| a.name.cmp(&b.name));
            }
            assert!(round > 0 || expected.iter().any(|p| p.roles.len() == 2 && p.turns > 2));
            assert_eq!(totals, expected);
            let first = library.entries()[0].id.clone();
            library.remove(&first).unwrap();
        }
    }

    #[test]
    fn removing_stories_undoes_adding_them() {
        let a = story("A\n\nJOSH EARNEST: One two three.\n\nANA LIMA: Four.");
        let b = story("B\n\nJOSH EARNEST: Seven.");
        let mut index = SpeakerIndex::default();
        index.add(&b);
        let only_b = index.clone();
        index.add(&a);
        index.remove(&a);
        assert_eq!(
            index.get("josh earnest").unwrap().turns,
            only_b.get("josh earnest").unwrap().turns
        );
        assert_eq!(index.len(), 1, "Ana Lima leaves with her only story");
        index.remove(&b);
        assert!(index.is_empty());
    }
}

//! The speaker index: every person in the library, with the stories and
//! turns where they speak, so that `@name` across the library and the
//! speakers view never read a transcript.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::story::{Role, Story, TurnKind};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerIndex {
    /// By identity key (`Speaker::key`), so one person is one entry.
    people: BTreeMap<String, Person>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The display name from the story that named them first.
    pub name: String,
    pub role: Option<Role>,
    /// Other labels they were known by, across stories.
    pub aliases: Vec<String>,
    /// Story id to the indexes of their speech turns in it.
    pub stories: BTreeMap<String, Vec<u32>>,
    pub turns: usize,
    pub words: usize,
}

impl SpeakerIndex {
    pub fn add(&mut self, story: &Story) {
        for speaker in &story.speakers {
            let person = self.people.entry(speaker.key()).or_insert_with(|| Person {
                name: speaker.name.clone(),
                role: speaker.role,
                aliases: Vec::new(),
                stories: BTreeMap::new(),
                turns: 0,
                words: 0,
            });
            person.role = person.role.or(speaker.role);
            for alias in &speaker.aliases {
                if !person.aliases.contains(alias) {
                    person.aliases.push(alias.clone());
                }
            }
            let spoken: Vec<(u32, usize)> = story
                .turns
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    t.kind == TurnKind::Speech && t.speaker.as_deref() == Some(&speaker.name)
                })
                .map(|(i, t)| {
                    (
                        i as u32,
                        t.paragraphs
                            .iter()
                            .map(|p| p.split_whitespace().count())
                            .sum(),
                    )
                })
                .collect();
            person.turns += spoken.len();
            person.words += spoken.iter().map(|(_, w)| w).sum::<usize>();
            person.stories.insert(
                story.id.clone(),
                spoken.into_iter().map(|(i, _)| i).collect(),
            );
        }
    }

    /// Takes a story out; people left with no story go too.
    pub fn remove(&mut self, story: &Story) {
        for speaker in &story.speakers {
            let key = speaker.key();
            let Some(person) = self.people.get_mut(&key) else {
                continue;
            };
            if let Some(turns) = person.stories.remove(&story.id) {
                person.turns -= turns.len();
                person.words -= story
                    .turns
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| turns.contains(&(*i as u32)))
                    .map(|(_, t)| {
                        t.paragraphs
                            .iter()
                            .map(|p| p.split_whitespace().count())
                            .sum::<usize>()
                    })
                    .sum::<usize>();
            }
            if person.stories.is_empty() {
                self.people.remove(&key);
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
        assert_eq!(earnest.stories[&a.id], [0, 2]);
        assert_eq!((earnest.turns, earnest.words), (3, 6));
        assert_eq!(earnest.aliases, ["EARNEST"]);
        assert_eq!(index.get("ana lima").unwrap().role, Some(Role::Byline));
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

//! Who a label refers to. `KELEMEN:` after `MICHELE KELEMEN, BYLINE:` is
//! one person; `J PIMENTEL:` picks Joana out of two Pimentels.

#[cfg(test)]
use super::Role;
use super::Speaker;
use std::collections::{HashMap, HashSet};

use super::fold;
use super::parse::label::Label;

const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The speakers met so far in a story, in order of first appearance.
#[derive(Debug, Default)]
pub struct Resolver {
    speakers: Vec<Known>,
    /// (core words, unidentified) to speaker: labels repeat, so most
    /// resolve here.
    by_name: HashMap<(Vec<String>, bool), usize>,
    /// Last core word to the speakers who have it, for short forms.
    by_surname: HashMap<String, Vec<usize>>,
}

#[derive(Debug)]
struct Known {
    speaker: Speaker,
    /// Folded name words, suffixes dropped: what short forms match against.
    core: Vec<String>,
    /// The name words as written, for display.
    written: Vec<String>,
}

impl Resolver {
    /// The index of the speaker `label` refers to, adding them if new.
    pub fn resolve(&mut self, label: &Label) -> usize {
        let core = core_words(&label.name);
        let exact = self
            .by_name
            .get(&(core.clone(), label.unidentified))
            .copied();
        let found = exact.or_else(|| {
            (!label.unidentified)
                .then(|| self.short_form(&core))
                .flatten()
        });
        if let Some(i) = found {
            self.speakers[i].learn(label);
            return i;
        }
        let i = self.speakers.len();
        self.by_name.insert((core.clone(), label.unidentified), i);
        if let (Some(last), false) = (core.last(), label.unidentified) {
            self.by_surname.entry(last.clone()).or_default().push(i);
        }
        self.speakers.push(Known::new(label, core));
        i
    }

    /// A surname, or initials and a surname, that fits exactly one speaker.
    fn short_form(&self, core: &[String]) -> Option<usize> {
        let (surname, firsts) = core.split_last()?;
        if !firsts.iter().all(|w| w.chars().count() == 1) {
            return None;
        }
        let candidates = self.by_surname.get(surname)?;
        let mut fits = candidates
            .iter()
            .copied()
            .filter(|&i| is_short_form_of(core, &self.speakers[i].core));
        let first = fits.next()?;
        fits.next().is_none().then_some(first)
    }

    /// The speakers, named by `display_names`, which is given each one's
    /// name words as written and returns their display names in order.
    pub fn into_speakers(
        self,
        display_names: impl FnOnce(&[Vec<String>]) -> Vec<String>,
    ) -> Vec<Speaker> {
        let written: Vec<Vec<String>> = self.speakers.iter().map(|k| k.written.clone()).collect();
        let mut taken = HashSet::new();
        self.speakers
            .into_iter()
            .zip(display_names(&written))
            .map(|(mut k, base)| {
                // Names must be unique in a story: turns refer to them.
                let mut name = base.clone();
                let mut n = 2;
                while !taken.insert(name.clone()) {
                    name = format!("{base} ({n})");
                    n += 1;
                }
                k.speaker.name = name;
                k.speaker
            })
            .collect()
    }
}

impl Known {
    fn new(label: &Label, core: Vec<String>) -> Known {
        Known {
            speaker: Speaker {
                name: String::new(),
                label: label.written.to_string(),
                role: label.role,
                aliases: Vec::new(),
                title: (!label.title.is_empty()).then(|| title_case(&label.title.join(" "))),
                description: label.description.map(str::to_string),
            },
            core,
            written: label.name.iter().map(|w| w.to_string()).collect(),
        }
    }

    fn learn(&mut self, label: &Label) {
        let s = &mut self.speaker;
        if label.written != s.label && !s.aliases.iter().any(|a| a == label.written) {
            s.aliases.push(label.written.to_string());
        }
        s.role = s.role.or(label.role);
        if s.description.is_none() {
            s.description = label.description.map(str::to_string);
        }
    }
}

fn core_words(name: &[&str]) -> Vec<String> {
    name.iter()
        .map(|w| fold::fold(w.trim_end_matches('.')))
        .filter(|w| !SUFFIXES.contains(&w.as_str()))
        .collect()
}

/// `short` names `full` by its last words, with initials standing for the
/// first ones: `PIMENTEL` and `J PIMENTEL` for JOANA PIMENTEL.
fn is_short_form_of(short: &[String], full: &[String]) -> bool {
    short.len() <= full.len()
        && short != full
        && !short.is_empty()
        && short
            .iter()
            .rev()
            .zip(full.iter().rev())
            .all(|(s, f)| s == f || (s.chars().count() == 1 && f.starts_with(s.as_str())))
        && short.last() == full.last()
}

/// "O'REILLY-NG" to "O'Reilly-Ng": a capital after each break in a name.
/// The whole name is lower-cased first, so that a Greek word ends in ς
/// ("Σίσυφος", never "Σίσυφοσ").
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = true;
    for c in text.to_lowercase().chars() {
        if at_start {
            push_title_case(c, &mut out);
        } else {
            out.push(c);
        }
        at_start = matches!(c, ' ' | '-' | '\'' | '’');
    }
    out
}

/// A word's first letter: upper case, except the digraphs whose title
/// case is a letter of its own (ǅ, not Ǆ, starts "ǅemal").
fn push_title_case(c: char, out: &mut String) {
    match c {
        'ǆ' => out.push('ǅ'),
        'ǉ' => out.push('ǈ'),
        'ǌ' => out.push('ǋ'),
        'ǳ' => out.push('ǲ'),
        _ => out.extend(c.to_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse::label;

    fn resolve_all(labels: &[&str]) -> (Vec<usize>, Vec<Speaker>) {
        let mut r = Resolver::default();
        let ids = labels
            .iter()
            .map(|l| r.resolve(&label::parse(l).unwrap().0))
            .collect();
        (
            ids,
            r.into_speakers(|all| all.iter().map(|w| title_case(&w.join(" "))).collect()),
        )
    }

    #[test]
    fn surname_resolves_to_full_speaker_and_becomes_alias() {
        let (ids, speakers) = resolve_all(&[
            "MICHELE KELEMEN, BYLINE: a",
            "JOSH EARNEST: b",
            "KELEMEN: c",
        ]);
        assert_eq!(ids, [0, 1, 0]);
        assert_eq!(speakers[0].name, "Michele Kelemen");
        assert_eq!(speakers[0].aliases, ["KELEMEN"]);
        assert_eq!(speakers[0].role, Some(Role::Byline));
    }

    #[test]
    fn initials_separate_speakers_with_one_surname() {
        let (ids, _) = resolve_all(&[
            "JOANA PIMENTEL: a",
            "LUIS PIMENTEL: b",
            "J PIMENTEL: c",
            "L PIMENTEL: d",
        ]);
        assert_eq!(ids, [0, 1, 0, 1]);
    }

    #[test]
    fn ambiguous_surname_is_a_speaker_of_its_own() {
        let (ids, _) = resolve_all(&["JOANA PIMENTEL: a", "LUIS PIMENTEL: b", "PIMENTEL: c"]);
        assert_eq!(ids, [0, 1, 2]);
    }

    #[test]
    fn titles_suffixes_and_honorifics_do_not_block_resolution() {
        let (ids, speakers) = resolve_all(&[
            "MAYOR HAROLD BANKS JR: a",
            "BANKS: b",
            "Ms. ANGELA VANTERPOOL (Director, Harbor Trust): c",
            "Ms. VANTERPOOL: d",
        ]);
        assert_eq!(ids, [0, 0, 1, 1]);
        assert_eq!(speakers[0].name, "Harold Banks Jr");
        assert_eq!(speakers[0].title.as_deref(), Some("Mayor"));
        assert_eq!(speakers[1].aliases, ["Ms. VANTERPOOL"]);
        assert_eq!(
            speakers[1].description.as_deref(),
            Some("Director, Harbor Trust")
        );
    }

    #[test]
    fn each_unidentified_number_is_its_own_speaker() {
        let (ids, speakers) = resolve_all(&[
            "UNIDENTIFIED PERSON #1: a",
            "UNIDENTIFIED PERSON #2: b",
            "UNIDENTIFIED PERSON #1: c",
        ]);
        assert_eq!(ids, [0, 1, 0]);
        assert_eq!(speakers[1].name, "Unidentified Person #2");
    }

    #[test]
    fn title_case_handles_name_punctuation() {
        assert_eq!(title_case("KIERAN O'REILLY-NG"), "Kieran O'Reilly-Ng");
        assert_eq!(title_case("RENÉE"), "Renée");
    }

    #[test]
    fn title_case_writes_final_sigma_and_title_case_digraphs() {
        assert_eq!(title_case("ΣΊΣΥΦΟΣ ΠΑΠΑΣ"), "Σίσυφος Παπας");
        assert_eq!(title_case("ǄEMAL ǇUBIĆ"), "ǅemal ǈubić");
    }
}

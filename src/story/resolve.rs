//! Who a label refers to. `KELEMEN:` after `MICHELE KELEMEN, BYLINE:` is
//! one person; `J PIMENTEL:` picks Joana out of two Pimentels; `SMITH:`
//! beside `VANEK SMITH:` is a different person; `CORNISH:` is the Audie
//! Cornish who said "I'm Audie Cornish".

use std::collections::{HashMap, HashSet};

use super::{Role, Speaker, fold};

/// A speaker's label as written before the colon, split into its parts:
/// what `parse::label` reads off a paragraph and the resolver takes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label<'a> {
    /// Everything before the colon, as written.
    pub written: &'a str,
    pub honorific: Option<&'a str>,
    pub title: Vec<&'a str>,
    /// The name's words as written, without honorific or title.
    pub name: Vec<&'a str>,
    pub role: Option<Role>,
    pub description: Option<&'a str>,
    /// `UNIDENTIFIED PERSON #1`: a speaker of its own, never a short form.
    pub unidentified: bool,
}

const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The speakers met so far in a story, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    speakers: Vec<Known>,
    /// (core words, unidentified) to speaker: labels repeat, so most
    /// resolve here.
    by_name: HashMap<(Vec<String>, bool), usize>,
    /// Last core word to the speakers who have it, for short forms.
    by_surname: HashMap<String, Vec<usize>>,
    /// Every label's core words in the story, so that the longest alias
    /// that fits a person wins.
    used: HashMap<Vec<String>, usize>,
    /// Full names people give themselves in the story ("I'm Audie
    /// Cornish"), as written.
    intros: Vec<Vec<String>>,
    /// Labels taken as typos of another speaker's, as written.
    pub typos: Vec<String>,
}

#[derive(Debug)]
struct Known {
    speaker: Speaker,
    /// Folded name words, suffixes dropped: what short forms match against.
    core: Vec<String>,
    /// The name words as written, for display.
    written: Vec<String>,
    /// The name came from the text (a self-introduction), in its casing.
    named_in_text: bool,
}

impl Resolver {
    /// A resolver that knows every label of the story in advance and the
    /// names people introduce themselves with.
    pub(crate) fn new<'a>(
        labels: impl Iterator<Item = &'a Label<'a>>,
        intros: Vec<Vec<String>>,
    ) -> Self {
        // Labels repeat: fold each way of writing one only once.
        let mut written: HashMap<&str, (usize, &Label)> = HashMap::new();
        for label in labels {
            written.entry(label.written).or_insert((0, label)).0 += 1;
        }
        let mut used: HashMap<Vec<String>, usize> = HashMap::new();
        for (count, label) in written.into_values() {
            *used.entry(core_words(&label.name)).or_default() += count;
        }
        Resolver {
            used,
            intros,
            ..Resolver::default()
        }
    }

    /// A resolver that learns labels as they come (a podcast's names carry
    /// over from cue to cue) and knows the names people introduce
    /// themselves with.
    pub(crate) fn with_intros(intros: Vec<Vec<String>>) -> Self {
        Resolver {
            intros,
            ..Resolver::default()
        }
    }

    /// The index of the speaker `label` refers to, adding them if new.
    pub(crate) fn resolve(&mut self, label: &Label) -> usize {
        let core = core_words(&label.name);
        let exact = self
            .by_name
            .get(&(core.clone(), label.unidentified))
            .copied();
        let found = exact.or_else(|| {
            if label.unidentified {
                return None;
            }
            self.short_form(&core)
                .or_else(|| self.introduced(&core))
                .or_else(|| self.first_name(&core))
                .or_else(|| self.typo(&core, label.written))
        });
        if let Some(i) = found {
            self.speakers[i].learn(label);
            if exact.is_none() {
                self.by_name.insert((core, label.unidentified), i);
            }
            return i;
        }
        self.add(Known::new(label, core), label.unidentified)
    }

    /// The speaker who introduced themselves as `written` ("Terry Gross"),
    /// for text that has no label.
    pub(crate) fn resolve_intro(&mut self, written: &[String]) -> usize {
        let core: Vec<String> = written.iter().map(|w| fold_word(w)).collect();
        if let Some(&i) = self.by_name.get(&(core.clone(), false)) {
            return i;
        }
        if let Some(i) = self.short_form(&core) {
            return i;
        }
        let known = Known {
            speaker: Speaker {
                name: String::new(),
                label: String::new(),
                role: None,
                aliases: Vec::new(),
                title: None,
                description: None,
            },
            core,
            written: written.to_vec(),
            named_in_text: true,
        };
        self.add(known, false)
    }

    fn add(&mut self, known: Known, unidentified: bool) -> usize {
        let i = self.speakers.len();
        self.by_name.insert((known.core.clone(), unidentified), i);
        if let (Some(last), false) = (known.core.last(), unidentified) {
            self.by_surname.entry(last.clone()).or_default().push(i);
        }
        self.speakers.push(known);
        i
    }

    /// A surname, or initials and a surname, or the end of a longer name,
    /// that fits exactly one speaker once longer aliases have had theirs.
    fn short_form(&self, core: &[String]) -> Option<usize> {
        let surname = core.last()?;
        let candidates = self.by_surname.get(surname)?;
        let fits: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| is_short_form_of(core, &self.speakers[i].core))
            .collect();
        let cores: Vec<&[String]> = fits
            .iter()
            .map(|&i| self.speakers[i].core.as_slice())
            .collect();
        self.longest_alias_wins(core, &cores).map(|k| fits[k])
    }

    /// Of the full names `core` could shorten, the one it names: a name a
    /// longer alias in the story already shortens is someone else's
    /// (`SMITH:` is not Stacey Vanek Smith when `VANEK SMITH:` is used),
    /// and a plain surname prefers a plain first-and-last name.
    fn longest_alias_wins(&self, core: &[String], candidates: &[&[String]]) -> Option<usize> {
        let free: Vec<usize> = (0..candidates.len())
            .filter(|&k| {
                let full = candidates[k];
                let shortened_longer = self
                    .used
                    .keys()
                    .any(|u| u.len() > core.len() && u.len() < full.len() && full.ends_with(u));
                // `VANEK SMITH:` said again and again is how the story
                // shortens its person; a bare `SMITH:` is someone else.
                let repeated_short_form = core.len() == 1
                    && full.len() == 2
                    && self.used.get(full).is_some_and(|&n| n > 1)
                    && self.used.contains_key(core);
                !shortened_longer && !repeated_short_form
            })
            .collect();
        match free.as_slice() {
            [one] => Some(*one),
            [] => None,
            many => {
                let plain: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|&k| candidates[k].len() == core.len() + 1)
                    .collect();
                (plain.len() == 1).then(|| plain[0])
            }
        }
    }

    /// A short label that only a self-introduction names in full.
    fn introduced(&mut self, core: &[String]) -> Option<usize> {
        let folded: Vec<Vec<String>> = self
            .intros
            .iter()
            .map(|w| w.iter().map(|x| fold_word(x)).collect())
            .collect();
        let fits: Vec<usize> = (0..folded.len())
            .filter(|&k| is_short_form_of(core, &folded[k]))
            .collect();
        let cores: Vec<&[String]> = fits.iter().map(|&k| folded[k].as_slice()).collect();
        let k = fits[self.longest_alias_wins(core, &cores)?];
        let written = self.intros[k].clone();
        Some(self.resolve_intro(&written))
    }

    /// `JAD:` after `JAD ABUMRAD:`: a first name that only one speaker has
    /// and nobody has as a surname.
    fn first_name(&self, core: &[String]) -> Option<usize> {
        let [word] = core else { return None };
        if self.by_surname.contains_key(word) {
            return None;
        }
        let mut fits = self
            .speakers
            .iter()
            .enumerate()
            .filter(|(_, k)| k.core.len() >= 2 && k.core[0] == *word)
            .map(|(i, _)| i);
        let first = fits.next()?;
        fits.next().is_none().then_some(first)
    }

    /// `DEBMY:` beside `DEMBY:`: a surname a letter or two from exactly one
    /// speaker's.
    fn typo(&mut self, core: &[String], written: &str) -> Option<usize> {
        let [word] = core else { return None };
        let len = word.chars().count();
        if len < 4 {
            return None;
        }
        let reach = if len < 6 { 1 } else { 2 };
        let mut fits = self.by_surname.iter().filter(|(surname, _)| {
            surname.chars().next() == word.chars().next()
                && (1..=reach).contains(&strsim::osa_distance(surname, word))
        });
        let (_, speakers) = fits.next()?;
        if fits.next().is_some() || speakers.len() != 1 {
            return None;
        }
        self.typos.push(written.to_string());
        Some(speakers[0])
    }

    /// Each speaker's name words as written and whether the text gave
    /// them, for naming.
    pub(crate) fn into_speakers(
        self,
        display_names: impl FnOnce(&[Vec<String>]) -> Vec<String>,
    ) -> Vec<Speaker> {
        let written: Vec<Vec<String>> = self.speakers.iter().map(|k| k.written.clone()).collect();
        let names = display_names(&written);
        let mut taken = HashSet::new();
        self.speakers
            .into_iter()
            .zip(names)
            .map(|(mut k, base)| {
                let base = if k.named_in_text {
                    k.written.join(" ")
                } else {
                    base
                };
                if k.speaker.label.is_empty() {
                    k.speaker.label = base.clone();
                }
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
            named_in_text: false,
        }
    }

    fn learn(&mut self, label: &Label) {
        let s = &mut self.speaker;
        if s.label.is_empty() {
            s.label = label.written.to_string();
        } else if label.written != s.label && !s.aliases.iter().any(|a| a == label.written) {
            s.aliases.push(label.written.to_string());
        }
        s.role = s.role.or(label.role);
        if s.description.is_none() {
            s.description = label.description.map(str::to_string);
        }
    }
}

fn fold_word(w: &str) -> String {
    fold::fold(w.trim_end_matches('.'))
}

fn core_words(name: &[&str]) -> Vec<String> {
    name.iter()
        .map(|w| fold_word(w))
        .filter(|w| !SUFFIXES.contains(&w.as_str()))
        .collect()
}

/// `short` names `full` by its last words, with initials standing for the
/// first ones: `PIMENTEL` and `J PIMENTEL` for JOANA PIMENTEL, `VANEK
/// SMITH` for STACEY VANEK SMITH.
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

/// Capitals that stay capitals in a name: `AI-GENERATED VOICE` is
/// "AI-Generated Voice", `WGN PRESENTER` is "WGN Presenter".
pub(crate) fn is_acronym(part: &str) -> bool {
    const KNOWN: &[&str] = &[
        "AI", "TV", "NPR", "BBC", "CBS", "NBC", "ABC", "CNN", "PBS", "CIA", "FBI", "DJ", "UN",
        "US", "USA", "UK", "EU", "NASA", "CEO", "GOP", "MSNBC", "ESPN", "NFL", "NBA", "MLB",
    ];
    let is_call_letters = (3..=4).contains(&part.len())
        && part.starts_with(['K', 'W'])
        && part
            .chars()
            .all(|c| c.is_ascii_uppercase() && !"AEIOUY".contains(c));
    KNOWN.contains(&part) || is_call_letters
}

/// "O'REILLY-NG" to "O'Reilly-Ng": a capital after each break in a name,
/// acronyms kept. Each part is lower-cased whole first, so that a Greek
/// word ends in ς ("Σίσυφος", never "Σίσυφοσ").
pub(crate) fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut part_start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if matches!(c, ' ' | '-' | '\'' | '’') {
            let part = &text[part_start..i];
            if is_acronym(part) {
                out.push_str(part);
            } else {
                let lower = part.to_lowercase();
                let mut chars = lower.chars();
                if let Some(first) = chars.next() {
                    push_title_case(first, &mut out);
                    out.extend(chars);
                }
            }
            if i < text.len() {
                out.push(c);
            }
            part_start = i + c.len_utf8();
        }
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
        let parsed: Vec<_> = labels.iter().map(|l| label::parse(l).unwrap().0).collect();
        let mut r = Resolver::new(parsed.iter(), Vec::new());
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
        assert_eq!(title_case("AI-GENERATED VOICE #6"), "AI-Generated Voice #6");
        assert_eq!(title_case("WGN PRESENTER"), "WGN Presenter");
    }

    #[test]
    fn longest_alias_wins_and_a_bare_surname_keeps_to_its_own() {
        let (ids, speakers) = resolve_all(&[
            "ROBERT SMITH, HOST: a",
            "STACEY VANEK SMITH, BYLINE: b",
            "SMITH: c",
            "VANEK SMITH: d",
        ]);
        assert_eq!(ids, [0, 1, 0, 1]);
        assert_eq!(speakers[1].aliases, ["VANEK SMITH"]);
    }

    #[test]
    fn first_names_and_typos_join_their_speaker() {
        let (ids, _) = resolve_all(&["JAD ABUMRAD: a", "JAD: b", "GENE DEMBY: c", "DEBMY: d"]);
        assert_eq!(ids, [0, 0, 1, 1]);
    }

    #[test]
    fn self_introductions_name_short_labels() {
        let labels = ["SMITH: a", "VANEK SMITH: b", "CORNISH: c"];
        let parsed: Vec<_> = labels.iter().map(|l| label::parse(l).unwrap().0).collect();
        let intros = [
            ["Robert", "Smith"].as_slice(),
            &["Stacey", "Vanek", "Smith"],
            &["Audie", "Cornish"],
        ]
        .iter()
        .map(|w| w.iter().map(|s| s.to_string()).collect())
        .collect();
        let mut r = Resolver::new(parsed.iter(), intros);
        let ids: Vec<usize> = parsed.iter().map(|l| r.resolve(l)).collect();
        assert_eq!(ids, [0, 1, 2]);
        let names: Vec<String> = r
            .into_speakers(|all| all.iter().map(|w| w.join(" ")).collect())
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            names,
            ["Robert Smith", "Stacey Vanek Smith", "Audie Cornish"]
        );
    }

    #[test]
    fn title_case_writes_final_sigma_and_title_case_digraphs() {
        assert_eq!(title_case("ΣΊΣΥΦΟΣ ΠΑΠΑΣ"), "Σίσυφος Παπας");
        assert_eq!(title_case("ǄEMAL ǇUBIĆ"), "ǅemal ǈubić");
    }
}

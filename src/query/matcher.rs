use std::ops::Range;

use jiff::civil::Date;

use super::parse::{Item, Query};
use crate::story::fold::{self, Token};
use crate::story::{Speaker, Story, Turn, TurnKind};

/// A query bound to the speakers it can name, ready to match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Each entry is the folded words of one `@name`; a turn matches any.
    pub speakers: Vec<Vec<String>>,
    /// All must appear.
    pub keywords: Vec<Keyword>,
    /// `-@name`: turns by these speakers, and stories they speak in, are
    /// left out.
    pub without_speakers: Vec<Vec<String>>,
    /// `-word`, `-"a phrase"`: none may appear.
    pub without: Vec<Keyword>,
    /// `after:`, `before:`, `on:`: the air dates let through.
    pub aired: AirDates,
    /// `show:`: the program's name holds one of these.
    pub shows: Vec<Vec<String>>,
}

/// The first and last air date a filter lets through, both included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AirDates {
    pub first: Option<Date>,
    pub last: Option<Date>,
}

impl AirDates {
    pub(crate) fn contains(&self, date: Date) -> bool {
        self.first.is_none_or(|first| date >= first) && self.last.is_none_or(|last| date <= last)
    }

    pub(crate) fn is_any(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }

    fn not_before(&mut self, date: Date) {
        self.first = Some(self.first.map_or(date, |d| d.max(date)));
    }

    fn not_after(&mut self, date: Date) {
        self.last = Some(self.last.map_or(date, |d| d.min(date)));
    }
}

/// Words that must stand one after another in the text. A keyword's last
/// word may be a prefix (`syria` finds "Syrian"); a quoted phrase's may not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    pub words: Vec<String>,
    pub exact: bool,
}

impl Query {
    /// Decides where each `@name` ends: it takes the bare words after it for
    /// as long as together they still name someone `is_speaker` knows, so
    /// `@josh earnest` is one person and `@kelemen aleppo` a person and a word.
    pub fn bind(&self, is_speaker: impl Fn(&[String]) -> bool) -> Filter {
        let mut filter = Filter::default();
        let mut items = self.items().iter().peekable();
        while let Some(item) = items.next() {
            let (item, negated) = match item {
                Item::Not(inner) => (inner.as_ref(), true),
                item => (item, false),
            };
            let (speakers, keywords) = match negated {
                false => (&mut filter.speakers, &mut filter.keywords),
                true => (&mut filter.without_speakers, &mut filter.without),
            };
            match item {
                Item::Speaker(words) => {
                    let mut name = words.clone();
                    while let Some(Item::Word(next)) = items.peek() {
                        let longer: Vec<String> = name.iter().chain(next).cloned().collect();
                        if !is_speaker(&longer) {
                            break;
                        }
                        name = longer;
                        items.next();
                    }
                    speakers.push(name);
                }
                Item::QuotedSpeaker(words) => speakers.push(words.clone()),
                Item::Word(words) => keywords.push(Keyword::prefix(words.clone())),
                Item::Phrase(words) => keywords.push(Keyword {
                    words: words.clone(),
                    exact: true,
                }),
                Item::After(date) => filter.aired.not_before(*date),
                Item::Before(date) => filter
                    .aired
                    .not_after(date.yesterday().unwrap_or(Date::MIN)),
                Item::On(first, last) => {
                    filter.aired.not_before(*first);
                    filter.aired.not_after(*last);
                }
                Item::Show(words) => filter.shows.push(words.clone()),
                Item::Not(_) => {}
            }
        }
        filter
    }

    /// Binds against `names`, each the folded words of a name or alias
    /// someone answers to: an `@name` runs on while it still names one.
    pub fn bind_to_names(&self, names: &[Vec<String>]) -> Filter {
        self.bind(|term| names.iter().any(|name| name_matches(term, name)))
    }

    /// Binds against the speakers of one story.
    pub(crate) fn bind_to_story(&self, story: &Story) -> Filter {
        let names: Vec<Vec<String>> = story.speakers.iter().flat_map(speaker_names).collect();
        self.bind_to_names(&names)
    }
}

impl Keyword {
    pub(crate) fn prefix(words: Vec<String>) -> Keyword {
        Keyword {
            words,
            exact: false,
        }
    }

    /// Where this keyword starts in `tokens`, each match as a token range.
    fn find_in<'a>(&'a self, tokens: &'a [Token]) -> impl Iterator<Item = Range<usize>> + 'a {
        let n = self.words.len();
        (0..tokens.len().saturating_sub(n.saturating_sub(1)))
            .filter(move |&i| self.matches_at(&tokens[i..i + n]))
            .map(move |i| i..i + n)
    }

    fn matches_at(&self, window: &[Token]) -> bool {
        let last = self.words.len() - 1;
        self.words
            .iter()
            .zip(window)
            .enumerate()
            .all(|(i, (word, tok))| {
                if i == last && !self.exact {
                    tok.folded.starts_with(word.as_str())
                } else {
                    tok.folded == *word
                }
            })
    }
}

impl Filter {
    pub(crate) fn is_empty(&self) -> bool {
        self.speakers.is_empty()
            && self.keywords.is_empty()
            && self.without_speakers.is_empty()
            && self.without.is_empty()
            && !self.narrows_stories()
    }

    /// Whether the filter asks about the air date or the program, which
    /// the text index does not know: whoever runs it checks the story's
    /// with `matches_story_facts`.
    pub(crate) fn narrows_stories(&self) -> bool {
        !self.aired.is_any() || !self.shows.is_empty()
    }

    /// The air date and program let through. A story with no air date is
    /// let through only when no date is asked about.
    pub(crate) fn matches_story_facts(&self, date: Option<Date>, program: Option<&str>) -> bool {
        (self.aired.is_any() || date.is_some_and(|d| self.aired.contains(d)))
            && (self.shows.is_empty()
                || program.is_some_and(|p| {
                    let name = fold::words(p);
                    self.shows.iter().any(|show| name_matches(show, &name))
                }))
    }

    pub(crate) fn matches_speaker(&self, speaker: &Speaker) -> bool {
        let left_out = self
            .without_speakers
            .iter()
            .any(|term| speaker_matches(term, speaker));
        !left_out
            && (self.speakers.is_empty()
                || self
                    .speakers
                    .iter()
                    .any(|term| speaker_matches(term, speaker)))
    }

    /// A turn matches when it is spoken by one of the speakers (and none
    /// left out), holds every keyword and none left out, in a story of the
    /// dates and shows asked for. Cues and notes match keywords only,
    /// never a speaker.
    pub(crate) fn matches_turn(&self, story: &Story, turn: &Turn) -> bool {
        let speaker = turn.speaker.as_deref().and_then(|name| story.speaker(name));
        let by_speaker = match (self.speakers.is_empty(), turn.kind) {
            (true, _) => speaker.is_none_or(|s| self.matches_speaker(s)),
            (false, TurnKind::Speech) => speaker.is_some_and(|s| self.matches_speaker(s)),
            (false, _) => false,
        };
        by_speaker
            && self.keywords_in(&turn.paragraphs)
            && self.matches_story_facts(story.date(), story.program.as_deref())
    }

    /// A story matches when every `@name` speaks in it and no `-@name`
    /// does, every keyword appears somewhere in its title, program,
    /// speakers or text and no left-out one does, and it aired when and where asked.
    pub fn matches_story(&self, story: &Story) -> bool {
        let speaks = |term: &Vec<String>| story.speakers.iter().any(|s| speaker_matches(term, s));
        let in_story = |kw: &Keyword| {
            let in_text = |text: &str| kw.find_in(&fold::tokens(text)).next().is_some();
            in_text(&story.title)
                || story.program.as_deref().is_some_and(in_text)
                || story.speakers.iter().any(|s| in_text(&s.name))
                || story
                    .turns
                    .iter()
                    .flat_map(|t| &t.paragraphs)
                    .any(|p| in_text(p))
        };
        self.speakers.iter().all(speaks)
            && !self.without_speakers.iter().any(speaks)
            && self.keywords.iter().all(in_story)
            && !self.without.iter().any(in_story)
            && self.matches_story_facts(story.date(), story.program.as_deref())
    }

    /// Every keyword appears in one of the paragraphs, and no left-out one.
    pub(crate) fn keywords_in(&self, paragraphs: &[String]) -> bool {
        if self.keywords.is_empty() && self.without.is_empty() {
            return true;
        }
        let tokens: Vec<Vec<Token>> = paragraphs.iter().map(|p| fold::tokens(p)).collect();
        let found = |kw: &Keyword| tokens.iter().any(|t| kw.find_in(t).next().is_some());
        self.keywords.iter().all(found) && !self.without.iter().any(found)
    }

    /// The byte ranges of `text` that keywords match, in order, for
    /// highlighting.
    pub fn highlights(&self, text: &str) -> Vec<Range<usize>> {
        if self.keywords.is_empty() {
            return Vec::new();
        }
        let tokens = fold::tokens(text);
        let mut ranges: Vec<Range<usize>> = self
            .keywords
            .iter()
            .flat_map(|kw| kw.find_in(&tokens).collect::<Vec<_>>())
            .map(|r| tokens[r.start].start..tokens[r.end - 1].end)
            .collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        merge_overlaps(ranges)
    }
}

fn merge_overlaps(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The folded word lists a speaker answers to: the name and each alias.
pub(crate) fn speaker_names(speaker: &Speaker) -> impl Iterator<Item = Vec<String>> + '_ {
    std::iter::once(fold::words(&speaker.name))
        .chain(speaker.aliases.iter().map(|a| fold::words(a)))
}

pub(crate) fn speaker_matches(term: &[String], speaker: &Speaker) -> bool {
    speaker_names(speaker).any(|name| name_matches(term, &name))
}

/// `term` matches when its words are prefixes of consecutive words of
/// `name`, starting at any word: `earn`, `josh earnest`, `martinez`.
pub(crate) fn name_matches(term: &[String], name: &[String]) -> bool {
    !term.is_empty()
        && name.len() >= term.len()
        && (0..=name.len() - term.len()).any(|start| {
            term.iter()
                .zip(&name[start..])
                .all(|(t, n)| n.starts_with(t.as_str()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::{Role, Speaker};

    fn speaker(name: &str, aliases: &[&str]) -> Speaker {
        Speaker {
            name: name.into(),
            label: name.to_uppercase(),
            role: Some(Role::Byline).filter(|_| name.contains("Kelemen")),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            title: None,
            description: None,
        }
    }

    fn bound(query: &str, names: &[&str]) -> Filter {
        let speakers: Vec<Speaker> = names.iter().map(|n| speaker(n, &[])).collect();
        Query::parse(query)
            .unwrap()
            .bind(|term| speakers.iter().any(|s| speaker_matches(term, s)))
    }

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn speaker_takes_following_words_only_while_they_name_someone() {
        let names = ["Josh Earnest", "Michele Kelemen"];
        assert_eq!(
            bound("@josh earnest", &names).speakers,
            [words(&["josh", "earnest"])]
        );
        let f = bound("@kelemen aleppo", &names);
        assert_eq!(f.speakers, [words(&["kelemen"])]);
        assert_eq!(f.keywords, [Keyword::prefix(words(&["aleppo"]))]);
    }

    #[test]
    fn bind_to_names_runs_a_name_on_only_while_it_names_someone() {
        let names = [words(&["josh", "earnest"]), words(&["michele", "kelemen"])];
        let query = Query::parse("@josh earnest aleppo @kelemen").unwrap();
        let filter = query.bind_to_names(&names);
        assert_eq!(
            filter.speakers,
            [words(&["josh", "earnest"]), words(&["kelemen"])]
        );
        assert_eq!(filter.keywords, [Keyword::prefix(words(&["aleppo"]))]);
        let alone = query.bind_to_names(&[]);
        assert_eq!(alone.speakers, [words(&["josh"]), words(&["kelemen"])]);
    }

    #[test]
    fn speaker_matches_prefix_of_any_name_part_or_alias() {
        let s = speaker("Agata Szymańska", &["SZYMAŃSKA"]);
        for term in ["@earn", "@szymanska", "@aga", "@\"agata szym\""] {
            let f = Query::parse(term).unwrap().bind(|_| false);
            let expected = term != "@earn";
            assert_eq!(f.matches_speaker(&s), expected, "{term}");
        }
    }

    #[test]
    fn keywords_match_word_prefixes_not_inner_substrings() {
        let f = bound("syria", &[]);
        assert!(f.keywords_in(&["Syrian airstrikes".into()]));
        assert!(!f.keywords_in(&["Assyria".into()]));
    }

    #[test]
    fn phrase_matches_consecutive_exact_words() {
        let f = bound("\"plan b\"", &[]);
        assert!(f.keywords_in(&["a plan B today".into()]));
        assert!(!f.keywords_in(&["a plan before".into()]));
        assert!(!f.keywords_in(&["b plan".into()]));
    }

    #[test]
    fn all_keywords_must_appear() {
        let f = bound("aleppo russia", &[]);
        assert!(f.keywords_in(&["Aleppo".into(), "Russia".into()]));
        assert!(!f.keywords_in(&["Aleppo".into()]));
    }

    #[test]
    fn highlights_cover_matched_words_in_the_original_text() {
        let f = bound("aleppo \"civil war\"", &[]);
        let text = "The civil war in Aleppo's east";
        let spans: Vec<&str> = f.highlights(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, ["civil war", "Aleppo"]);
    }

    #[test]
    fn left_out_words_and_speakers_are_not_matched() {
        let f = bound("aleppo -syria -\"plan b\"", &[]);
        assert!(f.keywords_in(&["Aleppo today".into()]));
        assert!(!f.keywords_in(&["Aleppo".into(), "Syrian forces".into()]));
        assert!(!f.keywords_in(&["Aleppo, a plan B".into()]));
        let only_not = bound("-syria", &[]);
        assert!(only_not.keywords_in(&["Aleppo".into()]));
        assert!(!only_not.keywords_in(&["Syria".into()]));

        let f = bound("-@kelemen", &["Michele Kelemen"]);
        assert!(!f.matches_speaker(&speaker("Michele Kelemen", &[])));
        assert!(f.matches_speaker(&speaker("Josh Earnest", &[])));
        let f = bound("@josh -@earnest", &["Josh Earnest", "Josh Kelemen"]);
        assert!(!f.matches_speaker(&speaker("Josh Earnest", &[])));
        assert!(f.matches_speaker(&speaker("Josh Kelemen", &[])));
    }

    #[test]
    fn air_dates_and_shows_are_story_facts() {
        let date = |y, m, d| Date::new(y, m, d).unwrap();
        let f = bound("after:2016-09 before:2017", &[]);
        assert!(f.narrows_stories());
        assert!(!f.matches_story_facts(Some(date(2016, 8, 31)), None));
        assert!(f.matches_story_facts(Some(date(2016, 9, 1)), None));
        assert!(f.matches_story_facts(Some(date(2016, 12, 31)), None));
        assert!(!f.matches_story_facts(Some(date(2017, 1, 1)), None));
        let on = bound("on:2016-10-03", &[]);
        assert!(on.matches_story_facts(Some(date(2016, 10, 3)), None));
        assert!(!on.matches_story_facts(Some(date(2016, 10, 4)), None));
        let show = bound("show:\"fresh air\"", &[]);
        assert!(show.matches_story_facts(Some(date(2016, 1, 1)), Some("Fresh Air")));
        assert!(!show.matches_story_facts(Some(date(2016, 1, 1)), Some("Morning Edition")));
        assert!(!show.matches_story_facts(Some(date(2016, 1, 1)), None));
        assert!(!bound("aleppo", &[]).narrows_stories());
        assert!(
            !f.matches_story_facts(None, None),
            "undated: not after 2016-09"
        );
        assert!(bound("aleppo", &[]).matches_story_facts(None, None));
    }
}

//! The quotes view: every speech turn in the library that the filter
//! matches, newest story first. The search runs outside the App (see
//! `Request::Search`); its matches arrive in batches and are merged in
//! place, and the selected quote stays selected while they do.

use std::ops::Range;

use crate::library::TurnScores;
use crate::query::{Filter, Quote, speaker_matches};
use crate::story::Story;
use crate::story::fold;
use crate::tui::keymap::Action;
use crate::tui::source::{QuotedStory, SearchJob, StoryTurns};

use super::document::wrap_marked;
use super::scroll::ScrollList;
use super::{App, Around, Effect, Focus, Outgoing, PaneFilter, Request};

/// Quotes the view holds at most: a filter that matches nearly every
/// turn of a large library lists the newest this many (a few MB), and
/// says so, rather than all of them.
pub(crate) const QUOTES_HELD: usize = 100_000;

/// More than this many quotes in one export would make a file nobody reads;
/// the export says it stopped.
pub(crate) const EXPORT_LIMIT: usize = 10_000;

/// One matching turn: `entry` indexes `QuotesPane::quoted`, which holds
/// the stories in the order the search found them, newest first; quotes
/// are listed in `rank` order, the story's place in the order chosen (by
/// air date, that order; or by title), then by turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuoteHit {
    pub rank: u64,
    pub entry: u32,
    pub turn: u32,
    /// The speaker's place in the speaker order: `speaker_order`.
    pub speaker: u64,
}

/// The quotes view's order; `o` cycles through them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QuoteOrder {
    /// Newest story first.
    #[default]
    Date,
    /// By story title.
    Story,
    /// By speaker, surname first.
    Speaker,
    /// The turns that say the filter's words most, for their length,
    /// first: offered only when the filter has words.
    Relevance,
}

impl QuoteOrder {
    pub(crate) fn label(self) -> &'static str {
        match self {
            QuoteOrder::Date => "air date",
            QuoteOrder::Story => "story",
            QuoteOrder::Speaker => "speaker",
            QuoteOrder::Relevance => "relevance",
        }
    }

    /// The order after this one; relevance only `with_words`.
    fn next(self, with_words: bool) -> QuoteOrder {
        match self {
            QuoteOrder::Date => QuoteOrder::Story,
            QuoteOrder::Story => QuoteOrder::Speaker,
            QuoteOrder::Speaker if with_words => QuoteOrder::Relevance,
            QuoteOrder::Speaker | QuoteOrder::Relevance => QuoteOrder::Date,
        }
    }
}

/// What a quote is ranked by besides its story: its speaker's place and
/// its relevance (`library::relevance`; 0 until scored).
#[derive(Debug, Clone, Copy)]
struct RankKeys {
    speaker: u64,
    score: u32,
}

/// Where a quote goes in `order`: the story's place, the speaker's, or
/// the most relevant first, newest first among equals. `titles` is each
/// quoted story's place by title.
fn rank_in(order: QuoteOrder, titles: Option<&[u32]>, entry: u32, keys: RankKeys) -> u64 {
    match order {
        QuoteOrder::Speaker => keys.speaker,
        QuoteOrder::Relevance => (u64::from(u32::MAX - keys.score) << 32) | u64::from(entry),
        _ => u64::from(titles.map_or(entry, |r| r[entry as usize])),
    }
}

#[derive(Debug, Default)]
pub struct QuotesPane {
    pub filter: PaneFilter,
    /// Sorted and without repeats.
    pub hits: Vec<QuoteHit>,
    /// How many stories the hits come from.
    pub stories: usize,
    /// The stories quoted, in the order the search found them: newest
    /// first. A hit's `entry` is its story's place here.
    pub quoted: Vec<QuotedStory>,
    /// The selected quote of `hits`, and the first on screen.
    pub window: ScrollList,
    /// The search whose matches are still arriving.
    pub searching: Option<u64>,
    /// The filter that marks keywords in the quotes shown.
    pub marks: Filter,
    /// Where Esc goes back to: the speakers view when it opened this one.
    pub from_speakers: bool,
    searched: Option<crate::query::Query>,
    /// The quote to select again when it turns up: the one selected before
    /// a reload searched afresh.
    pub(super) reselect: Option<(String, usize)>,
    pub order: QuoteOrder,
    /// By entry, its place by title, when the quotes are by story.
    ranks: Option<Vec<u32>>,
    /// By (entry, turn), how relevant the quote is, once scored.
    scores: std::collections::HashMap<(u32, u32), u32>,
    /// The scoring asked for, whose answer is still to come.
    pub scoring: Option<u64>,
    /// The count asked for, when the view holds back, still to come.
    pub counting: Option<u64>,
    /// Every quote the filter matches and their stories, counted by the
    /// index, when the view holds back some of them.
    pub total: Option<(usize, usize)>,
    /// How many quotes the view holds, when not `QUOTES_HELD`: a test's.
    pub(crate) held_at: Option<usize>,
    /// Rows of the selected quote scrolled past, when `n` and `N` move
    /// through a quote longer than the screen.
    pub skip: usize,
}

impl QuotesPane {
    /// Handles the quotes view's own keys: moving a quote or a page of
    /// them, `o` for the next order, and the export. `n` and `N` need the
    /// quotes' text, so the App handles them.
    pub(super) fn update(&mut self, action: &Action, around: &Around) -> Vec<Effect> {
        match action {
            Action::SortQuotes => self.cycle_order(),
            Action::Export => self.export(),
            motion => {
                self.skip = 0;
                match self.window.motion(motion, self.hits.len(), around.page) {
                    true => vec![Effect::LayoutQuotes],
                    false => Vec::new(),
                }
            }
        }
    }

    /// `o`: the next order, the selected quote kept selected.
    fn cycle_order(&mut self) -> Vec<Effect> {
        self.order = self.order.next(!self.marks.keywords.is_empty());
        self.rank_titles();
        self.rerank();
        let said = format!("quotes by {}", self.order.label());
        vec![Effect::Say(said), Effect::LayoutQuotes]
    }

    /// Each quoted story's place by title (ties newest first), when the
    /// quotes are by story; else none.
    fn rank_titles(&mut self) {
        if self.order != QuoteOrder::Story {
            self.ranks = None;
            return;
        }
        let mut places: Vec<usize> = (0..self.quoted.len()).collect();
        places.sort_by_cached_key(|&i| fold::words(&self.quoted[i].title));
        let mut ranks = vec![0; places.len()];
        for (rank, &i) in places.iter().enumerate() {
            ranks[i] = rank as u32;
        }
        self.ranks = Some(ranks);
    }

    /// Ranks every quote again for the order, keeping the selected one.
    fn rerank(&mut self) {
        let kept = self.hits.get(self.window.selected()).copied();
        let (order, ranks, scores) = (self.order, self.ranks.as_deref(), &self.scores);
        for hit in &mut self.hits {
            let score = scores.get(&(hit.entry, hit.turn)).copied().unwrap_or(0);
            let keys = RankKeys {
                speaker: hit.speaker,
                score,
            };
            hit.rank = rank_in(order, ranks, hit.entry, keys);
        }
        self.hits.sort_unstable();
        if let Some(kept) = kept {
            let at = |h: &QuoteHit| (h.entry, h.turn) == (kept.entry, kept.turn);
            self.window
                .select(self.hits.iter().position(at).unwrap_or(0));
        }
    }

    /// Asks the source for every quote listed (up to `EXPORT_LIMIT`), to
    /// be written out when they arrive.
    fn export(&self) -> Vec<Effect> {
        if self.hits.is_empty() {
            return vec![Effect::Say("no quotes to export".into())];
        }
        let mut turns: Vec<(String, Vec<usize>)> = Vec::new();
        for hit in self.hits.iter().take(EXPORT_LIMIT) {
            let id = &self.quoted[hit.entry as usize].id;
            match turns.last_mut() {
                Some((last, t)) if last == id => t.push(hit.turn as usize),
                _ => turns.push((id.clone(), vec![hit.turn as usize])),
            }
        }
        vec![Effect::Request(Request::Quotes(turns))]
    }

    /// The story quote `index` is from.
    pub(crate) fn quoted_story(&self, index: usize) -> Option<&QuotedStory> {
        self.quoted.get(self.hits.get(index)?.entry as usize)
    }

    /// Selects the quote a reload was to keep, once it has come again.
    fn reselect_arrived(&mut self) {
        let Some((id, turn)) = &self.reselect else {
            return;
        };
        let at = self
            .hits
            .iter()
            .position(|h| h.turn as usize == *turn && self.quoted[h.entry as usize].id == *id);
        if let Some(at) = at {
            self.window.select(at);
            self.reselect = None;
        }
    }

    /// How many quotes the view holds at most.
    fn limit(&self) -> usize {
        self.held_at.unwrap_or(QUOTES_HELD)
    }

    /// Whether the search stopped at the limit before the last match.
    pub(crate) fn held_back(&self) -> bool {
        self.hits.len() >= self.limit()
    }

    pub(super) fn has_searched(&self) -> bool {
        self.searched.is_some()
    }
}

/// A quote as the view draws it: its heading's parts and its wrapped text.
pub struct QuoteLines {
    pub speaker: Option<String>,
    /// What the heading says when no one is named: "Intro" or "Unattributed".
    pub unnamed: &'static str,
    pub title: String,
    pub date: String,
    pub body: Vec<(String, Vec<Range<usize>>)>,
}

impl QuoteLines {
    pub(crate) fn of(
        story: &Story,
        turn: usize,
        width: usize,
        marks: &Filter,
    ) -> Option<QuoteLines> {
        let quote = Quote::of(story, turn)?;
        let mut body = Vec::new();
        for (n, paragraph) in quote.paragraphs.iter().enumerate() {
            if n > 0 {
                body.push((String::new(), Vec::new()));
            }
            let clean = crate::story::sanitize::clean_line(paragraph);
            body.extend(wrap_marked(&clean, width, marks));
        }
        Some(QuoteLines {
            speaker: quote.speaker,
            unnamed: story.unnamed_heading(turn),
            title: quote.story_title,
            // A podcast quote says where in the episode it is.
            date: {
                let date = quote.date.map(|d| d.to_string()).unwrap_or_default();
                match &quote.start {
                    Some(start) if date.is_empty() => format!("at {start}"),
                    Some(start) => format!("{date} · at {start}"),
                    None => date,
                }
            },
            body,
        })
    }

    /// Rows on screen: the heading, the text and a blank line after.
    pub(crate) fn height(&self) -> usize {
        self.body.len() + 2
    }
}

/// Rows a quote whose story has not loaded yet takes: heading, a line
/// saying so, and the blank line.
pub(crate) const UNLOADED_HEIGHT: usize = 3;

impl App {
    pub(super) fn show_quotes(&mut self, from_speakers: bool) {
        if let Some(speakers) = self.transcript_speakers() {
            self.quotes.filter.set(speakers);
        }
        self.remember_browse_focus();
        self.quotes.from_speakers = from_speakers;
        self.focus = Focus::Quotes;
        self.sync_bar();
        self.quotes_filter_changed();
    }

    /// Searches again if the query changed: an edit that leaves it as it
    /// was (a space, a half-typed quote) keeps the quotes found.
    pub(super) fn quotes_filter_changed(&mut self) {
        if self.quotes.searched.as_ref() != Some(&self.quotes.filter.query) {
            self.search_quotes();
        }
        self.layout_quotes();
    }

    /// From the transcript narrowed to speakers, those speakers, written
    /// as the quotes view's filter: `Q` lists all they said.
    fn transcript_speakers(&self) -> Option<String> {
        let story = self.transcript.story.as_ref()?;
        if self.focus != Focus::Transcript {
            return None;
        }
        let filter = self.transcript.filter.query.bind_to_story(story);
        let names: Vec<String> = story
            .speakers
            .iter()
            .filter(|s| filter.speakers.iter().any(|term| speaker_matches(term, s)))
            .map(|s| format!("@\"{}\"", s.name.replace('"', "")))
            .collect();
        (!names.is_empty()).then(|| names.join(" "))
    }

    pub(super) fn close_quotes(&mut self) {
        match self.quotes.from_speakers {
            true => self.show_speakers(),
            false => self.back_to_browse(),
        }
    }

    /// Starts a new search for the quotes filter; the old one's late
    /// matches will be dropped by its generation. The search says, too,
    /// when an `@name` names no one (`Found::Nobody`).
    pub(super) fn search_quotes(&mut self) {
        let query = self.quotes.filter.query.clone();
        let generation = self.next_generation();
        let pane = &mut self.quotes;
        // The marks need the words and the dates alone: who is named is
        // the search's to decide.
        pane.marks = query.bind(|_| false);
        pane.hits.clear();
        pane.quoted.clear();
        pane.ranks = None;
        pane.scores.clear();
        pane.scoring = None;
        pane.counting = None;
        pane.total = None;
        if pane.order == QuoteOrder::Relevance && pane.marks.keywords.is_empty() {
            pane.order = QuoteOrder::Date;
        }
        pane.stories = 0;
        pane.window.reset();
        pane.skip = 0;
        pane.searching = Some(generation);
        pane.searched = Some(query.clone());
        self.requests.push(Request::Search {
            generation,
            job: SearchJob::Quotes {
                query,
                limit: self.quotes.limit(),
            },
        });
    }

    /// Says that an `@name` of the quotes filter names no one, and whom
    /// it may have meant.
    pub(super) fn nobody_called(&mut self, term: &str, nearest: Option<&str>) {
        self.message = Some(match nearest {
            Some(name) => format!("no one is called “{term}”; did you mean @\"{name}\"?"),
            None => format!("no one is called “{term}”"),
        });
    }

    /// Merges a batch of matches into the list. Stories come newest
    /// first, so a story's place among those quoted is its place by date.
    pub(super) fn add_quote_hits(&mut self, found: Vec<StoryTurns>) {
        let pane = &mut self.quotes;
        let first = pane.quoted.len() as u32;
        let mut batch: Vec<QuoteHit> = Vec::new();
        for (n, (story, turns)) in found.into_iter().enumerate() {
            let entry = first + n as u32;
            pane.quoted.push(story);
            batch.extend(turns.into_iter().map(|(turn, speaker)| QuoteHit {
                rank: 0,
                entry,
                turn: turn as u32,
                speaker,
            }));
        }
        if pane.order == QuoteOrder::Story {
            // Stories new to the list can go anywhere by title.
            pane.rank_titles();
            pane.hits.append(&mut batch);
            pane.rerank();
        } else {
            let (order, scores) = (pane.order, &pane.scores);
            for hit in &mut batch {
                let score = scores.get(&(hit.entry, hit.turn)).copied().unwrap_or(0);
                let keys = RankKeys {
                    speaker: hit.speaker,
                    score,
                };
                hit.rank = rank_in(order, None, hit.entry, keys);
            }
            batch.sort_unstable();
            let kept = pane.hits.get(pane.window.selected()).copied();
            pane.hits = merge(std::mem::take(&mut pane.hits), batch);
            if let Some(kept) = kept {
                pane.window
                    .select(pane.hits.binary_search(&kept).unwrap_or(0));
            }
        }
        pane.reselect_arrived();
        pane.stories = count_stories(&pane.hits, pane.order);
        self.layout_quotes();
    }

    pub(crate) fn selected_quote(&self) -> Option<(&str, usize)> {
        let hit = self.quotes.hits.get(self.quotes.window.selected())?;
        let story = self.quotes.quoted.get(hit.entry as usize)?;
        Some((&story.id, hit.turn as usize))
    }

    /// The story of quote `index`, if it has loaded.
    pub(crate) fn quote_story(&self, index: usize) -> Option<&Story> {
        self.cache.get(&self.quotes.quoted_story(index)?.id)
    }

    /// The quote at `index` laid out for the view; none until its story loads.
    pub(crate) fn quote_lines(&self, index: usize) -> Option<QuoteLines> {
        let width = self.areas()?.quote_width();
        let hit = self.quotes.hits.get(index)?;
        QuoteLines::of(
            self.quote_story(index)?,
            hit.turn as usize,
            width,
            &self.quotes.marks,
        )
    }

    fn quote_height(&self, index: usize) -> usize {
        self.quote_lines(index)
            .map_or(UNLOADED_HEIGHT, |q| q.height())
    }

    /// `n`/`N`: through the marked lines of a quote longer than the
    /// screen, a line of context above each; past its last (or first)
    /// one, or in a quote that fits, to the next (or previous) quote.
    pub(super) fn quote_match(&mut self, forward: bool) {
        let rows = self.areas().map_or(1, |a| a.main_rows());
        let selected = self.quotes.window.selected();
        let quote = self.quote_lines(selected);
        // Rows of the quote: the heading, then the body.
        let marked: Vec<usize> = quote
            .as_ref()
            .filter(|q| q.height() > rows)
            .map(|q| {
                let body = q.body.iter().enumerate();
                body.filter(|(_, (_, marks))| !marks.is_empty())
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        let skip = self.quotes.skip;
        let within = match forward {
            true => marked.iter().find(|&&m| m > skip).copied(),
            false => marked.iter().rev().find(|&&m| m < skip).copied(),
        };
        let pane = &mut self.quotes;
        match within {
            Some(line) => {
                pane.window.scroll_to(selected);
                pane.skip = line;
            }
            None if forward && selected + 1 < pane.hits.len() => {
                pane.window.select(selected + 1);
                pane.skip = 0;
            }
            None if !forward && skip > 0 => pane.skip = 0,
            None if !forward && selected > 0 => {
                pane.window.select(selected - 1);
                pane.skip = 0;
            }
            None => {
                self.message = Some("no more matches".into());
                return;
            }
        }
        self.layout_quotes();
    }

    /// Keeps the selected quote on screen and asks for the stories of the
    /// quotes shown.
    pub(super) fn layout_quotes(&mut self) {
        let Some(areas) = self.areas() else { return };
        let rows = areas.main_rows();
        let pane = &mut self.quotes;
        pane.window.clamp(pane.hits.len());
        let (selected, mut offset) = (pane.window.selected(), pane.window.offset());
        if offset != selected {
            pane.skip = 0;
        }
        // Heights of quotes not loaded yet are guesses; `loaded` lays the
        // view out again once they are in.
        let mut used: usize = (offset..=selected).map(|i| self.quote_height(i)).sum();
        while used > rows && offset < selected {
            used -= self.quote_height(offset);
            offset += 1;
        }
        self.quotes.window.scroll_to(offset);
        self.request_quote_stories(rows);
    }

    /// Loads the stories of the quotes from `offset` that fit in `rows`.
    fn request_quote_stories(&mut self, rows: usize) {
        let mut missing = Vec::new();
        let mut used = 0;
        for index in self.quotes.window.offset()..self.quotes.hits.len() {
            if used >= rows {
                break;
            }
            let id = &self.quotes.quoted[self.quotes.hits[index].entry as usize].id;
            if !self.cache.contains_key(id) && !self.failed.contains(id) && !missing.contains(id) {
                missing.push(id.clone());
            }
            used += self.quote_height(index);
        }
        if !missing.is_empty() {
            self.requests.push(Request::Load(missing));
        }
    }

    /// Opens the selected quote's story at its turn, marked.
    pub(super) fn open_quote(&mut self) {
        let Some((id, turn)) = self.selected_quote().map(|(id, t)| (id.to_string(), t)) else {
            return;
        };
        self.open_at_turn(&id, turn, Focus::Quotes);
    }

    /// Opens story `id` whole at `turn`, marked, for Esc to go back to the
    /// view `from`.
    pub(super) fn open_at_turn(&mut self, id: &str, turn: usize, from: Focus) {
        if self.transcript.filter.is_active() {
            self.transcript.filter.set(String::new());
            self.transcript.filter_changed();
        }
        self.transcript.target = Some(turn);
        self.transcript.opened_from = Some(from);
        self.focus = Focus::Transcript;
        self.sync_bar();
        self.open(id);
    }

    pub(super) fn copy_selected_quote(&mut self) {
        let quote = self
            .quote_story(self.quotes.window.selected())
            .zip(self.selected_quote())
            .and_then(|(story, (_, turn))| Quote::of(story, turn));
        let Some(quote) = quote else {
            self.message = Some("no quote selected".into());
            return;
        };
        let who = quote.speaker.as_deref().unwrap_or("the intro");
        self.outgoing.push(Outgoing::Clipboard {
            text: quote.attributed(),
            what: format!("the quote by {who}"),
        });
    }

    /// Writes the quotes asked for by `export_quotes` as one Markdown file.
    pub(crate) fn quotes_arrived(&mut self, quotes: Vec<Quote>) {
        let filter = self.quotes.filter.text.trim();
        let total = self.quotes.hits.len();
        let mut heading = match filter {
            "" => "# Quotes".to_string(),
            _ => format!("# Quotes: {filter}"),
        };
        if total > quotes.len() {
            heading.push_str(&format!(" (the first {} of {total})", quotes.len()));
        }
        let body: Vec<String> = quotes.iter().map(Quote::markdown).collect();
        let stem = super::quoting::slug(&format!("hark quotes {filter}"));
        self.ask_export(&stem, format!("{heading}\n\n{}", body.join("\n")));
    }
}

impl App {
    /// `o` in the quotes view: the next order; relevance asks for the
    /// quotes' scores once every match is in.
    pub(super) fn sort_quotes(&mut self) {
        let effects = self.quotes.cycle_order();
        self.apply(effects);
        if self.quotes.searching.is_none() {
            self.score_quotes();
        }
    }

    /// Asks how relevant every quote listed is, when they are ordered by
    /// relevance and not all scored: a job for the search thread, since
    /// it reads their text.
    pub(super) fn score_quotes(&mut self) {
        let pane = &self.quotes;
        let unscored = |h: &&QuoteHit| !pane.scores.contains_key(&(h.entry, h.turn));
        if pane.order != QuoteOrder::Relevance || !pane.hits.iter().any(|h| unscored(&h)) {
            return;
        }
        let mut turns: Vec<(String, Vec<usize>)> = Vec::new();
        let mut by_story: Vec<(u32, u32)> = pane.hits.iter().map(|h| (h.entry, h.turn)).collect();
        by_story.sort_unstable();
        for (entry, turn) in by_story {
            let id = &pane.quoted[entry as usize].id;
            match turns.last_mut() {
                Some((last, t)) if last == id => t.push(turn as usize),
                _ => turns.push((id.clone(), vec![turn as usize])),
            }
        }
        let keywords = pane.marks.keywords.clone();
        let generation = self.next_generation();
        self.quotes.scoring = Some(generation);
        let job = SearchJob::Relevance { keywords, turns };
        self.requests.push(Request::Search { generation, job });
    }

    /// Asks for every quote the filter matches to be counted: the view
    /// holds the newest `QUOTES_HELD`, and says of how many.
    pub(super) fn count_quotes(&mut self) {
        let Some(query) = self.quotes.searched.clone() else {
            return;
        };
        let generation = self.next_generation();
        self.quotes.counting = Some(generation);
        let job = SearchJob::QuoteCount(query);
        self.requests.push(Request::Search { generation, job });
    }

    /// Takes in quotes' scores, and orders the quotes by them when that
    /// is the order.
    pub(super) fn add_quote_scores(&mut self, scored: TurnScores) {
        let pane = &mut self.quotes;
        let index: std::collections::HashMap<&str, u32> = (pane.quoted.iter().enumerate())
            .map(|(i, story)| (story.id.as_str(), i as u32))
            .collect();
        let mut scores = Vec::new();
        for (id, turns) in scored {
            let Some(&entry) = index.get(id.as_str()) else {
                continue;
            };
            scores.extend(
                turns
                    .into_iter()
                    .map(|(turn, score)| ((entry, turn as u32), score)),
            );
        }
        pane.scores.extend(scores);
        if pane.order == QuoteOrder::Relevance {
            pane.rerank();
            self.layout_quotes();
        }
    }
}

/// Two sorted lists as one, without repeats.
fn merge(old: Vec<QuoteHit>, new: Vec<QuoteHit>) -> Vec<QuoteHit> {
    if old.last() < new.first() {
        let mut all = old;
        all.extend(new);
        all.dedup();
        return all;
    }
    let mut all = Vec::with_capacity(old.len() + new.len());
    let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) | (None, Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, None) => break,
        };
        if let Some(hit) = next
            && all.last() != Some(&hit)
        {
            all.push(hit);
        }
    }
    all
}

/// How many stories the hits come from: a story's hits stand together
/// unless they are ordered by speaker.
fn count_stories(hits: &[QuoteHit], order: QuoteOrder) -> usize {
    if matches!(order, QuoteOrder::Speaker | QuoteOrder::Relevance) {
        let stories: std::collections::HashSet<u32> = hits.iter().map(|h| h.entry).collect();
        return stories.len();
    }
    hits.iter()
        .enumerate()
        .filter(|(i, hit)| *i == 0 || hits[i - 1].entry != hit.entry)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(pairs: &[(u32, u32)]) -> Vec<QuoteHit> {
        pairs
            .iter()
            .map(|&(entry, turn)| QuoteHit {
                rank: u64::from(entry),
                entry,
                turn,
                speaker: 0,
            })
            .collect()
    }

    fn around() -> Around {
        Around { rows: 10, page: 2 }
    }

    #[test]
    fn an_empty_export_says_so_and_asks_for_nothing() {
        let mut pane = QuotesPane::default();
        let effects = pane.update(&Action::Export, &around());
        assert_eq!(effects, [Effect::Say("no quotes to export".into())]);
    }

    #[test]
    fn a_move_resets_the_skip_and_asks_for_a_layout() {
        let mut pane = QuotesPane {
            hits: hits(&[(0, 1), (0, 2), (1, 0)]),
            skip: 4,
            ..QuotesPane::default()
        };
        let effects = pane.update(&Action::PageDown, &around());
        assert_eq!(effects, [Effect::LayoutQuotes]);
        assert_eq!((pane.window.selected(), pane.skip), (2, 0));
        assert!(pane.update(&Action::Quit, &around()).is_empty());
    }

    #[test]
    fn merge_keeps_order_and_drops_repeats() {
        let merged = merge(hits(&[(0, 1), (2, 0)]), hits(&[(0, 1), (1, 3), (3, 0)]));
        assert_eq!(merged, hits(&[(0, 1), (1, 3), (2, 0), (3, 0)]));
        assert_eq!(
            merge(hits(&[(0, 1)]), hits(&[(0, 2)])),
            hits(&[(0, 1), (0, 2)])
        );
        assert_eq!(count_stories(&merged, QuoteOrder::Date), 4);
        assert_eq!(
            count_stories(&hits(&[(0, 1), (0, 2), (5, 0)]), QuoteOrder::Date),
            2
        );
    }
}

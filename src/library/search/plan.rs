//! A filter as SQL over the store: the FTS5 expression for its words,
//! the people its `@name`s may be, and whether the index decides its
//! words on its own (`indexed` reads the story only where it does not).

use rusqlite::Connection;

use super::names;
use crate::library::word_counts::{self, LONGEST};
use crate::query::{Filter, Keyword};

/// The order matching turns come in; each story's turns always together
/// and in order, except `AsStored`, which is for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By story id.
    ById,
    /// As the story list has the stories: newest first, then by title.
    List,
    /// As the database finds them, unsorted.
    AsStored,
}

/// How the database answers one filter.
#[derive(Debug)]
pub struct Plan<'f> {
    filter: &'f Filter,
    /// What every matching turn's words satisfy, as an FTS5 expression.
    matching: Option<String>,
    /// Words no matching turn holds, when there is no `matching` to take
    /// them from.
    left_out: Option<String>,
    /// Whether the index says exactly which turns hold the filter's words.
    words_decided: bool,
    /// The people the `@name`s may be, when there are any.
    speaker_ids: Option<Vec<i64>>,
    leave_out_intros: bool,
    list_walk: ListWalk,
}

/// How `Order::List` comes by its first stories (`indexed`): it reads
/// the stories in the list's order, the matcher deciding, until `turns`
/// matching turns were found or `stories` stories were read, then has the
/// database give the rest (`indexed::rest_of_the_list`: sorted, or walked
/// down the list for a filter without words). A common word fills a
/// screen from the first few stories, where sorting its every match first
/// took as long as all of them. A word that did not has its turns read
/// from the index, if it has at least `few` and at most `most`, and the
/// walk goes on for up to
/// `sifted` stories more, reading only those that hold one: a rare word's
/// first screen without sorting its every match either. (Reading a story
/// costs some tenths of a millisecond, sifting one by its turns' ids some
/// microseconds, and the sort a few for each turn the index gives.) A
/// person who appears in `met_often` stories or more has the list's
/// index walked for the stories they are in; fewer are sorted
/// (`Plan::stories_in_list_order_sql`).
///
/// A caller that takes more than a screen (the TUI's quotes view holds a
/// hundred thousand) may have a walk whose screen filled from its first
/// stories go on reading, up to `going_on_turns` turns in
/// `going_on_stories` stories more: a common word's next thousands of
/// matches come from a story read at a time, where the index would gather
/// its millions first (FTS5 holds a prefix's every match in memory
/// before its first: 266 MB for `h*` at a million stories, typed on the
/// way to `harbor`). It goes on only for a word the first stories say
/// matches `going_on_from` turns or more in the whole library (as often
/// as in them, in as many stories as the library holds): fewer are
/// quicker sorted by the index than read story by story (harbor, 0.64
/// million matches at 100,000 stories: 1.2 s sorted, 5.8 s read). Each
/// `going_on_window` stories read so must give as many matching turns, or
/// the walk stops there: a word common only in the newest stories (this
/// week's news) is left to the index, which sorts its few older matches
/// sooner than every story could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListWalk {
    pub stories: usize,
    pub turns: usize,
    pub few: usize,
    pub most: usize,
    pub sifted: usize,
    pub met_often: usize,
    pub going_on_turns: usize,
    pub going_on_stories: usize,
    pub going_on_from: usize,
    pub going_on_window: usize,
}

impl Default for ListWalk {
    fn default() -> ListWalk {
        ListWalk {
            stories: 48,
            turns: 100,
            few: 5_000,
            most: 2_000_000,
            sifted: 20_000,
            met_often: 1_000,
            going_on_turns: 0,
            going_on_stories: 0,
            going_on_from: 2_000_000,
            going_on_window: 1_000,
        }
    }
}

impl<'f> Plan<'f> {
    pub fn new(conn: &Connection, filter: &'f Filter) -> rusqlite::Result<Plan<'f>> {
        // A keyword too common for the index to gather is the matcher's,
        // its words before the last the index's candidates.
        let mut phrases = Vec::new();
        let mut all_whole = true;
        for keyword in &filter.keywords {
            let (phrase, whole) = gathered_phrase(conn, keyword)?;
            phrases.extend(phrase);
            all_whole &= whole;
        }
        let mut matching = (!phrases.is_empty()).then(|| phrases.join(" AND "));
        let without = gatherable(conn, &filter.without)?;
        let decided_out: Vec<String> = without
            .iter()
            .filter(|k| index_decides(k))
            .filter_map(phrase)
            .collect();
        let mut left_out = None;
        if !decided_out.is_empty() {
            let out = decided_out.join(" OR ");
            match &mut matching {
                Some(m) => *m = format!("({m}) NOT ({out})"),
                None => left_out = Some(out),
            }
        }
        let words_decided = all_whole
            && without.len() == filter.without.len()
            && filter.keywords.iter().all(index_decides)
            && filter.without.iter().all(index_decides);
        let speaker_ids = match filter.speakers.is_empty() {
            true => None,
            false => Some(names::candidate_ids(conn, &filter.speakers)?),
        };
        Ok(Plan {
            filter,
            matching,
            left_out,
            words_decided,
            speaker_ids,
            leave_out_intros: false,
            list_walk: ListWalk::default(),
        })
    }

    /// Leaves out a page's intro, its speech before anyone is named (not
    /// of a timed transcript), as `hark quotes` does.
    pub fn leaving_out_intros(mut self, leave_out: bool) -> Plan<'f> {
        self.leave_out_intros = leave_out;
        self
    }

    /// Walks the list as `walk` says (see `ListWalk`).
    pub fn walking_the_list(mut self, walk: ListWalk) -> Plan<'f> {
        self.list_walk = walk;
        self
    }

    pub fn list_walk(&self) -> ListWalk {
        self.list_walk
    }

    pub fn filter(&self) -> &'f Filter {
        self.filter
    }

    pub fn words_decided(&self) -> bool {
        self.words_decided
    }

    /// Whether the index is asked about the filter's words.
    pub fn looks_up_words(&self) -> bool {
        self.matching.is_some() || self.left_out.is_some()
    }

    fn asks_about_speakers(&self) -> bool {
        !self.filter.speakers.is_empty() || !self.filter.without_speakers.is_empty()
    }

    /// The candidate speech turns, in `order`, as rows of the story id,
    /// the turn's index, its speaker's key, the appearance's name and
    /// aliases (when the filter names anyone), and the story's air date
    /// and program (when it asks about them); with the query's arguments.
    pub fn rows_sql(&self, order: Order) -> (String, Vec<String>) {
        let with_story = self.filter.narrows_stories() || order == Order::List;
        let mut sql = self.row_columns(with_story);
        sql.push_str(&self.source());
        if with_story {
            sql.push_str(" JOIN stories s ON s.id = t.story_id");
        }
        sql.push_str(&self.speaker_joins());
        let (conditions, params) = self.conditions();
        sql.push_str(&conditions);
        sql.push_str(match order {
            Order::ById => " ORDER BY t.story_id, t.idx",
            Order::List => " ORDER BY s.sort_date DESC, s.title, s.id, t.idx",
            Order::AsStored => "",
        });
        (sql, params)
    }

    /// The stories that may hold a matching turn, in the list's order, as
    /// rows of their sort date, title and id: those the people the
    /// `@name`s may be appear in, else every story (by the list's index).
    /// A person met in many stories has the list's index walked, the
    /// stories they appear in picked out as it goes (their first screen
    /// is near its start; sorting their thousands of stories first cost
    /// a random read each); one met in few has those few sorted.
    pub fn stories_in_list_order_sql(&self, conn: &Connection) -> rusqlite::Result<String> {
        let many = self.list_walk.met_often;
        let Some(ids) = &self.speaker_ids else {
            return Ok(
                "SELECT sort_date, title, id FROM stories ORDER BY sort_date DESC, title, id"
                    .into(),
            );
        };
        // Numbers the database gave: written into the query as they are.
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        let among = format!(
            "SELECT story_id FROM appearances WHERE speaker_id IN ({})",
            ids.join(",")
        );
        let met: i64 = conn.query_row(
            &format!("SELECT count(*) FROM ({among} LIMIT {many})"),
            [],
            |row| row.get(0),
        )?;
        let walked = match met as usize >= many {
            true => " INDEXED BY stories_in_list_order",
            false => "",
        };
        Ok(format!(
            "SELECT sort_date, title, id FROM stories{walked} WHERE id IN ({among})
             ORDER BY sort_date DESC, title, id"
        ))
    }

    /// The ids of the turns the index holds the filter's words in, sorted,
    /// when there are from `few` to `most` of them (else none): a superset
    /// of the matching turns.
    pub fn matching_rowids(
        &self,
        conn: &Connection,
        few: usize,
        most: usize,
    ) -> rusqlite::Result<Option<Vec<i64>>> {
        let Some(matching) = &self.matching else {
            return Ok(None);
        };
        let mut statement =
            conn.prepare("SELECT rowid FROM turns_fts WHERE turns_fts MATCH ?1 ORDER BY rowid")?;
        let mut rows = statement.query([matching])?;
        let mut rowids = Vec::new();
        while let Some(row) = rows.next()? {
            if rowids.len() == most {
                return Ok(None);
            }
            rowids.push(row.get(0)?);
        }
        Ok((rowids.len() >= few).then_some(rowids))
    }

    /// `rows_sql(Order::List)` for the stories after the one with
    /// `sort_date`, `title` and `id` in the list order, walked down the
    /// list's index story by story: nothing is sorted but each story's own
    /// turns, so the first row comes at once however many follow. For a
    /// filter without words (no filter at all, a show, a year), which
    /// reads every speech turn of the stories either way: sorting them all
    /// first took 25 to 100 s at a million stories for the quotes view
    /// with no filter. None for a filter with words the index looks up: FTS5
    /// gathers a prefix's every match before handing on the first (a
    /// short one's take seconds and hundreds of megabytes at a million
    /// stories), so there the index leads and the matches are sorted.
    pub fn rows_down_the_list_sql(
        &self,
        sort_date: &str,
        title: &str,
        id: &str,
    ) -> Option<(String, Vec<String>)> {
        if self.looks_up_words() {
            return None;
        }
        let mut sql = self.row_columns(true);
        sql.push_str(
            " FROM stories s INDEXED BY stories_in_list_order
             CROSS JOIN turns t ON t.story_id = s.id",
        );
        sql.push_str(&self.speaker_joins());
        let (conditions, mut params) = self.conditions();
        sql.push_str(&conditions);
        // `sort_date <= ?` alone bounds the index's range; the rest
        // passes over the stories of that day up to `title` and `id`.
        sql.push_str(
            " AND s.sort_date <= ? AND (s.sort_date < ? OR s.title > ?
               OR (s.title = ? AND s.id > ?))
             ORDER BY s.sort_date DESC, s.title, s.id, t.idx",
        );
        params.extend([sort_date, sort_date, title, title, id].map(String::from));
        Some((sql, params))
    }

    /// `rows_sql(Order::List)` for the stories after the one with
    /// `sort_date`, `title` and `id` in the list order.
    pub fn rows_after_sql(&self, sort_date: &str, title: &str, id: &str) -> (String, Vec<String>) {
        let (sql, mut params) = self.rows_sql(Order::List);
        let (head, order) = sql
            .rsplit_once(" ORDER BY ")
            .expect("the list order has an ORDER BY");
        let sql = format!(
            "{head} AND (s.sort_date < ? OR (s.sort_date = ? AND (s.title > ?
                 OR (s.title = ? AND s.id > ?)))) ORDER BY {order}"
        );
        params.extend([sort_date, sort_date, title, title, id].map(String::from));
        (sql, params)
    }

    /// A query of the story id of each matching turn, in the order of the
    /// turns' ids (a story's turns go in together), when the index alone
    /// decides: the filter's words are the index's, and it names no one
    /// and asks nothing about the stories. (`count(DISTINCT t.story_id)`
    /// put every match in a B-tree of its own: half the count of `the`.)
    pub fn count_sql(&self) -> Option<(String, Vec<String>)> {
        if !self.words_decided || self.asks_about_speakers() || self.filter.narrows_stories() {
            return None;
        }
        let (conditions, params) = self.conditions();
        let sql = format!("SELECT t.story_id{}{conditions}", self.source());
        Some((sql, params))
    }

    fn source(&self) -> String {
        match self.matching {
            Some(_) => " FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid".into(),
            None => " FROM turns t".into(),
        }
    }

    /// The SELECT of a row `indexed` reads (`Row::read`): the story
    /// id, the turn's index, its speaker's key, the appearance's name and
    /// aliases when the filter names anyone, and the story's air date and
    /// program when `with_story` (else NULLs in their places).
    fn row_columns(&self, with_story: bool) -> String {
        let mut sql = String::from("SELECT t.story_id, t.idx, sp.key, ");
        sql.push_str(match self.asks_about_speakers() {
            true => "a.name, a.aliases, ",
            false => "NULL, NULL, ",
        });
        sql.push_str(match with_story {
            true => "s.air_date, s.program",
            false => "NULL, NULL",
        });
        sql
    }

    fn speaker_joins(&self) -> String {
        let mut sql = String::from(" LEFT JOIN speakers sp ON sp.id = t.speaker_id");
        if self.asks_about_speakers() {
            sql.push_str(
                " LEFT JOIN appearances a ON a.story_id = t.story_id AND a.speaker_id = t.speaker_id",
            );
        }
        sql
    }

    fn conditions(&self) -> (String, Vec<String>) {
        let mut sql = String::from(" WHERE t.kind = 'speech'");
        let mut params = Vec::new();
        if let Some(matching) = &self.matching {
            sql.push_str(" AND turns_fts MATCH ?");
            params.push(matching.clone());
        }
        if let Some(left_out) = &self.left_out {
            sql.push_str(" AND t.id NOT IN (SELECT rowid FROM turns_fts WHERE turns_fts MATCH ?)");
            params.push(left_out.clone());
        }
        if let Some(ids) = &self.speaker_ids {
            // Numbers the database gave: written into the query as they are.
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            sql.push_str(&format!(" AND t.speaker_id IN ({})", ids.join(",")));
        }
        if self.leave_out_intros {
            sql.push_str(
                " AND (t.speaker_id IS NOT NULL OR EXISTS (SELECT 1 FROM turns u
                   WHERE u.story_id = t.story_id
                   AND (u.start_ms IS NOT NULL OR (u.idx < t.idx AND u.speaker_id IS NOT NULL))))",
            );
        }
        (sql, params)
    }
}

/// The keywords the index may be asked about: all but those whose last
/// word, a prefix, is too common for FTS5 to gather (`word_counts`).
pub fn gatherable(conn: &Connection, keywords: &[Keyword]) -> rusqlite::Result<Vec<Keyword>> {
    let mut kept = Vec::with_capacity(keywords.len());
    for keyword in keywords {
        if !gathers_too_much(conn, keyword)? {
            kept.push(keyword.clone());
        }
    }
    Ok(kept)
}

/// How the index is asked about `keyword`: its phrase (`phrase`), and
/// true; or, when that would gather too much, the words before its last
/// (as the index splits them) as a phrase of whole words, read as FTS5
/// goes (candidates, for the matcher to decide), if it has any, and
/// false.
pub fn gathered_phrase(
    conn: &Connection,
    keyword: &Keyword,
) -> rusqlite::Result<(Option<String>, bool)> {
    if !gathers_too_much(conn, keyword)? {
        return Ok((phrase(keyword), true));
    }
    let in_word = |c: char| !c.is_ascii() || c.is_ascii_alphanumeric();
    let text = keyword.words.join(" ");
    // The last word is the one FTS5 takes as a prefix: `u.s.` ends in `s`.
    let text = text.trim_end_matches(|c: char| !in_word(c));
    let before = text.trim_end_matches(in_word);
    let before = before.trim_end_matches(|c: char| !in_word(c));
    let lead = (!before.is_empty()).then(|| format!("\"{}\"", before.replace('"', "\"\"")));
    Ok((lead, false))
}

/// Whether the index would gather too many matches for `keyword`: its
/// phrase ends in a prefix (see `phrase`) too common to gather.
pub fn gathers_too_much(conn: &Connection, keyword: &Keyword) -> rusqlite::Result<bool> {
    let Some(expression) = phrase(keyword) else {
        return Ok(false);
    };
    if !expression.ends_with('*') {
        return Ok(false);
    }
    // The prefix is the index's last word of the keyword's last word.
    let between = |c: char| c.is_ascii() && !c.is_ascii_alphanumeric();
    let last = keyword.words.last().map_or("", String::as_str);
    let token = last
        .trim_end_matches(between)
        .rsplit(between)
        .next()
        .unwrap_or("");
    word_counts::too_common(conn, token)
}

/// The one word of a filter that asks nothing else, as a prefix: the
/// filters whose counts the library keeps (`word_counts`).
pub fn lone_word(filter: &Filter) -> Option<&str> {
    let [keyword] = filter.keywords.as_slice() else {
        return None;
    };
    let [word] = keyword.words.as_slice() else {
        return None;
    };
    let alone = filter.without.is_empty()
        && filter.speakers.is_empty()
        && filter.without_speakers.is_empty()
        && !filter.narrows_stories();
    let kept = !keyword.exact && index_decides(keyword) && word.chars().count() <= LONGEST;
    (alone && kept).then_some(word.as_str())
}

/// Whether the index alone says where `keyword` is: one word, made only
/// of characters its tokenizer keeps in a word, so that the index's
/// tokens are the matcher's (a phrase of several may run across a
/// paragraph's end, where the matcher stops).
pub fn index_decides(keyword: &Keyword) -> bool {
    match keyword.words.as_slice() {
        [word] => {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        }
        _ => false,
    }
}

/// Every keyword as an FTS5 phrase (see `phrase`), all of them required;
/// none when the index can look none of them up.
pub fn match_expression(keywords: &[Keyword]) -> Option<String> {
    let phrases: Vec<String> = keywords.iter().filter_map(phrase).collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

/// One keyword as an FTS5 phrase. A phrase's last word is still looked up
/// as a prefix when the tokenizer would cut it: the matcher decides.
pub fn phrase(keyword: &Keyword) -> Option<String> {
    let text = keyword.words.join(" ");
    // A word of ASCII punctuation alone gives the index nothing to look up:
    // leaving the keyword to the matcher keeps the candidates a superset.
    if !text
        .chars()
        .any(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
    {
        return None;
    }
    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
    let whole_last_word = keyword.exact
        && keyword.words.last().is_some_and(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        });
    Some(match whole_last_word {
        true => quoted,
        false => format!("{quoted} *"),
    })
}

//! Who a name names, asked of the database: the speaker words narrow
//! everyone to the people with a word that each word of the name begins
//! (a range of an index per word), and the filter language's
//! `name_matches` decides on each one's name and aliases, as it would over
//! the whole speaker index. A person is their name as first stored
//! (`speakers.name`) and every alias any story gave them; someone with no
//! story left is no one.

use std::collections::HashSet;

use rusqlite::{Connection, params_from_iter};

use crate::query::name_matches;
use crate::story::fold;

/// A person `term` may name: their id and identity key.
struct Candidate {
    id: i64,
    key: String,
}

/// Whether anyone in the library answers to `term`.
pub fn is_named(conn: &Connection, term: &[String]) -> rusqlite::Result<bool> {
    for candidate in candidates(conn, term)? {
        if answers_to(conn, candidate.id, term)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The identity keys of everyone one of `terms` names.
pub fn keys_named(conn: &Connection, terms: &[Vec<String>]) -> rusqlite::Result<HashSet<String>> {
    let mut keys = HashSet::new();
    for term in terms {
        for candidate in candidates(conn, term)? {
            if !keys.contains(&candidate.key) && answers_to(conn, candidate.id, term)? {
                keys.insert(candidate.key);
            }
        }
    }
    Ok(keys)
}

/// The ids of everyone one of `terms` may name: a superset, for the
/// caller to decide on each appearance.
pub fn candidate_ids(conn: &Connection, terms: &[Vec<String>]) -> rusqlite::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for term in terms {
        ids.extend(candidates(conn, term)?.into_iter().map(|c| c.id));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The people with, for each word of `term`, a word beginning with it
/// among their names and aliases: a superset of those it names.
fn candidates(conn: &Connection, term: &[String]) -> rusqlite::Result<Vec<Candidate>> {
    if term.is_empty() {
        return Ok(Vec::new());
    }
    let one_word = "SELECT speaker_id FROM speaker_words WHERE word >= ? AND word < ?";
    let ranges = vec![one_word; term.len()].join(" INTERSECT ");
    let sql = format!("SELECT id, key FROM speakers WHERE id IN ({ranges}) ORDER BY key");
    let bounds: Vec<String> = term
        .iter()
        .flat_map(|word| [word.clone(), format!("{word}\u{10FFFF}")])
        .collect();
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params_from_iter(&bounds), |row| {
        Ok(Candidate {
            id: row.get(0)?,
            key: row.get(1)?,
        })
    })?;
    rows.collect()
}

/// Whether person `id`, while they speak in some story, answers to `term`.
fn answers_to(conn: &Connection, id: i64, term: &[String]) -> rusqlite::Result<bool> {
    let Some(names) = names_of(conn, id)? else {
        return Ok(false);
    };
    Ok(names
        .iter()
        .any(|name| name_matches(term, &fold::words(name))))
}

/// Person `id`'s name and every alias, the name first and the aliases
/// in the order they were first given; none for someone with no story.
pub fn names_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<Vec<String>>> {
    let appears: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM appearances WHERE speaker_id = ?1)")?
        .query_row([id], |row| row.get(0))?;
    if !appears {
        return Ok(None);
    }
    let name: String = conn
        .prepare_cached("SELECT name FROM speakers WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    let mut names = vec![name];
    // The partial index on aliases answers this from its own entries.
    let mut statement = conn.prepare_cached(
        "SELECT aliases FROM appearances
         WHERE speaker_id = ?1 AND aliases <> '[]' ORDER BY speaker_id, aliases",
    )?;
    let mut aliases: Vec<String> = Vec::new();
    let mut rows = statement.query([id])?;
    while let Some(row) = rows.next()? {
        let listed: String = row.get(0)?;
        for alias in serde_json::from_str::<Vec<String>>(&listed).unwrap_or_default() {
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
    }
    names.extend(aliases);
    Ok(Some(names))
}

/// The person whose name or alias is nearest to `name` (folded words,
/// joined), if any is near: the whole name and each of its words are
/// compared, as a reader mistypes either. One pass over everyone, for a
/// query that found no one.
pub fn closest_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    let mut people = conn.prepare(
        "SELECT id, name FROM speakers s
         WHERE EXISTS (SELECT 1 FROM appearances a WHERE a.speaker_id = s.id) ORDER BY key",
    )?;
    let mut aliases = aliases_by_person(conn)?;
    let mut best: Option<(f64, String)> = None;
    let mut rows = people.query([])?;
    while let Some(row) = rows.next()? {
        let person: String = row.get(1)?;
        let known_as = aliases.remove(&row.get::<_, i64>(0)?).unwrap_or_default();
        for alias in std::iter::once(&person).chain(&known_as) {
            let words = fold::words(alias);
            let whole = strsim::jaro_winkler(name, &words.join(" "));
            let part = words
                .iter()
                .map(|w| strsim::jaro_winkler(name, w))
                .fold(0.0, f64::max);
            let score = whole.max(part);
            // The last of equals wins, as it did over the speaker index.
            if score > 0.8 && best.as_ref().is_none_or(|(b, _)| score >= *b) {
                best = Some((score, person.clone()));
            }
        }
    }
    Ok(best.map(|(_, person)| person))
}

/// Everyone's aliases, by person id.
fn aliases_by_person(
    conn: &Connection,
) -> rusqlite::Result<std::collections::HashMap<i64, Vec<String>>> {
    let mut statement = conn.prepare(
        "SELECT DISTINCT speaker_id, aliases FROM appearances
         WHERE aliases <> '[]' ORDER BY speaker_id, aliases",
    )?;
    let mut by_person: std::collections::HashMap<i64, Vec<String>> = Default::default();
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let listed: String = row.get(1)?;
        let known_as = by_person.entry(row.get(0)?).or_default();
        for alias in serde_json::from_str::<Vec<String>>(&listed).unwrap_or_default() {
            if !known_as.contains(&alias) {
                known_as.push(alias);
            }
        }
    }
    Ok(by_person)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::search::bind_to_library;
    use crate::library::{Library, SpeakerIndex, samples};
    use crate::query::Query;

    fn library_of_samples_and_a_corpus() -> (tempfile::TempDir, Library) {
        let generated = crate::library::search::parity::generated(5, 40);
        crate::library::search::parity::library_of(samples::bundled().into_iter().chain(generated))
    }

    /// `@name` queries made of everyone's names: their first words, two
    /// words on (a name, or a name and a word), and the same mistyped.
    fn queries_naming(index: &SpeakerIndex) -> Vec<String> {
        let mut queries = vec![
            "@szymanska harbor".to_string(),
            "@lucía budget".into(),
            "@a b".into(),
            "-@host water".into(),
            "@zzyzx".into(),
        ];
        for (_, person) in index.people() {
            for name in std::iter::once(&person.name).chain(&person.aliases) {
                let words = fold::words(name);
                queries.push(format!("@{} harbor", words.join(" ")));
                if let [first, second, ..] = words.as_slice() {
                    queries.push(format!("@{first} {} x", &second[..1]));
                    queries.push(format!("@{}q {second}", &first[..1]));
                }
            }
        }
        queries
    }

    /// The database binds every `@name` as the whole speaker index did,
    /// and names the same people, also after a story (and the people only
    /// it had) is removed.
    #[test]
    fn binding_by_the_database_gives_the_filter_the_speaker_index_gave() {
        let (_dir, mut library) = library_of_samples_and_a_corpus();
        for round in 0..2 {
            let index = library.speakers().clone();
            let queries = queries_naming(&index);
            assert!(queries.len() > 30, "{}", queries.len());
            let mut multi_word = 0;
            for text in &queries {
                let query = Query::parse(text).unwrap();
                let by_database = bind_to_library(&query, &library);
                assert_eq!(by_database, bind_to_library(&query, &index), "{text}");
                multi_word += by_database.speakers.iter().filter(|t| t.len() > 1).count();
                let conn = library.db();
                let keys = keys_named(conn.conn(), &by_database.speakers).unwrap();
                let expected: HashSet<String> = index
                    .people()
                    .filter(|(_, p)| {
                        let names = std::iter::once(&p.name).chain(&p.aliases);
                        let words: Vec<Vec<String>> = names.map(|n| fold::words(n)).collect();
                        by_database
                            .speakers
                            .iter()
                            .any(|t| words.iter().any(|w| name_matches(t, w)))
                    })
                    .map(|(key, _)| key.to_string())
                    .collect();
                assert_eq!(keys, expected, "{text}");
            }
            assert!(multi_word > 10, "round {round}: {multi_word}");
            let id = library.entries()[0].id.clone();
            library.remove(&id).unwrap();
        }
    }

    #[test]
    fn the_closest_name_is_found_for_a_mistyped_one() {
        let (_dir, library) = library_of_samples_and_a_corpus();
        let conn = library.db();
        let guess = closest_name(conn.conn(), "szymanka").unwrap();
        assert_eq!(guess.as_deref(), Some("Agata Szymańska"));
        assert_eq!(closest_name(conn.conn(), "qqqqqqq").unwrap(), None);
    }
}

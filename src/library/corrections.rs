//! What the reader corrected in a story that no parser can know: its
//! title, air date, program, and who a speaker is. Kept apart from the
//! story, a row a story in the database, and applied after
//! every parse (import, re-import, reparse), so a better parser never
//! undoes them.

use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::LibraryError;
use super::paths;
use crate::story::{Story, WarningKind, fold, sanitize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// Speakers renamed or merged, in the order the reader made them, so
    /// that renaming a renamed speaker again still applies from the parse.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<SpeakerFix>,
}

/// `SMITH=Robert Smith`: the speaker the parser calls `from` (by name,
/// label or alias, in any case) is `to`; if someone in the story is
/// already `to`, the two are one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerFix {
    pub from: String,
    pub to: String,
}

impl SpeakerFix {
    /// Reads `FROM=TO`, as `hark fix --speaker` takes it.
    pub fn parse(text: &str) -> Result<SpeakerFix, String> {
        let (from, to) = text
            .split_once('=')
            .ok_or_else(|| format!("{text:?}: write it as LABEL=Full Name"))?;
        let (from, to) = (clean(from), clean(to));
        if from.is_empty() || to.is_empty() {
            return Err(format!("{text:?}: both sides of = need a name"));
        }
        Ok(SpeakerFix { from, to })
    }
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        *self == Corrections::default()
    }

    /// Adds `newer` on top: its fields win, and a speaker fixed again
    /// keeps its place in the order.
    pub fn merge(&mut self, newer: Corrections) {
        self.title = newer.title.or(self.title.take());
        self.date = newer.date.or(self.date);
        self.program = newer.program.or(self.program.take());
        for fix in newer.speakers {
            match self.speakers.iter_mut().find(|f| same(&f.from, &fix.from)) {
                Some(old) => old.to = fix.to,
                None => self.speakers.push(fix),
            }
        }
    }

    /// Applies the corrections to a freshly parsed story, and drops the
    /// warnings they answer. Returns the speakers named that the story
    /// does not have.
    pub fn apply(&self, story: &mut Story) -> Vec<String> {
        // A blank title (a corrections file edited by hand) is no title.
        if let Some(title) = self.title.as_deref().map(clean).filter(|t| !t.is_empty()) {
            story.title = title;
            drop_warnings(story, WarningKind::TitleNotFound, None);
        }
        if let Some(date) = self.date {
            story.air_date = Some(date);
            drop_warnings(story, WarningKind::DateNotFound, None);
        }
        // An empty program says the story aired on none: the parser took
        // something else for one.
        if let Some(program) = &self.program {
            story.program = Some(clean(program)).filter(|p| !p.is_empty());
        }
        self.speakers
            .iter()
            .filter(|fix| !rename_speaker(story, fix))
            .map(|fix| fix.from.clone())
            .collect()
    }
}

fn clean(text: &str) -> String {
    sanitize::clean_line(text.trim()).trim().to_string()
}

fn same(a: &str, b: &str) -> bool {
    fold::name_key(a) == fold::name_key(b)
}

/// The speaker `name` refers to: by display name first, then by the label
/// as written, then by any alias, then by surname if only one has it.
fn find_speaker(story: &Story, name: &str) -> Option<usize> {
    let speakers = &story.speakers;
    speakers
        .iter()
        .position(|s| same(&s.name, name))
        .or_else(|| speakers.iter().position(|s| same(&s.label, name)))
        .or_else(|| {
            speakers
                .iter()
                .position(|s| s.aliases.iter().any(|a| same(a, name)))
        })
        .or_else(|| {
            let ending = format!(" {}", fold::name_key(name));
            let mut having = speakers
                .iter()
                .enumerate()
                .filter(|(_, s)| s.key().ends_with(&ending));
            match (having.next(), having.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        })
}

/// Renames `fix.from` to `fix.to`, or merges it into the speaker already
/// called that. False if the story has no such speaker.
fn rename_speaker(story: &mut Story, fix: &SpeakerFix) -> bool {
    let Some(from) = find_speaker(story, &fix.from) else {
        return false;
    };
    let old = story.speakers[from].clone();
    let into = story
        .speakers
        .iter()
        .enumerate()
        .position(|(i, s)| i != from && same(&s.name, &fix.to));
    let new_name = match into {
        Some(into) => {
            let target = &mut story.speakers[into];
            target.role = target.role.or(old.role);
            let known = std::iter::once(&old.label).chain(&old.aliases);
            for alias in known.chain(std::iter::once(&old.name)) {
                if !same(alias, &target.name) && !target.aliases.iter().any(|a| a == alias) {
                    target.aliases.push(alias.clone());
                }
            }
            let name = target.name.clone();
            story.speakers.remove(from);
            name
        }
        None => {
            let speaker = &mut story.speakers[from];
            speaker.name = fix.to.clone();
            // A new name, not a new casing, keeps the old one as an alias.
            let renamed = !same(&old.name, &fix.to);
            if renamed && !same(&old.name, &speaker.label) && !speaker.aliases.contains(&old.name) {
                speaker.aliases.push(old.name.clone());
            }
            fix.to.clone()
        }
    };
    for turn in &mut story.turns {
        if turn.speaker.as_deref() == Some(old.name.as_str()) {
            turn.speaker = Some(new_name.clone());
        }
    }
    let labels: Vec<&String> = std::iter::once(&old.label).chain(&old.aliases).collect();
    for kind in [WarningKind::UnresolvedLabel, WarningKind::TypoLabelMerged] {
        drop_warnings(story, kind, Some(&labels));
    }
    true
}

/// Drops warnings of `kind`; only those about one of `labels` if given.
fn drop_warnings(story: &mut Story, kind: WarningKind, labels: Option<&[&String]>) {
    story.warnings.retain(|w| {
        let about = labels.is_none_or(|labels| {
            labels
                .iter()
                .any(|l| same(l, &w.detail) || w.detail.contains(l.as_str()))
        });
        !(w.kind == kind && about)
    });
}

/// Story `id`'s corrections; none if the reader made none.
pub fn read(conn: &Connection, id: &str) -> rusqlite::Result<Corrections> {
    let json: Option<String> = conn
        .prepare_cached("SELECT json FROM corrections WHERE story_id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    match json {
        None => Ok(Corrections::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        }),
    }
}

/// Keeps story `id`'s corrections whole, or forgets them when there are
/// none left.
pub fn save(txn: &Transaction, id: &str, corrections: &Corrections) -> rusqlite::Result<()> {
    if corrections.is_empty() {
        txn.execute("DELETE FROM corrections WHERE story_id = ?1", [id])?;
        return Ok(());
    }
    let json = serde_json::to_string(corrections).expect("corrections serialize");
    txn.prepare_cached("INSERT OR REPLACE INTO corrections (story_id, json) VALUES (?1, ?2)")?
        .execute(params![id, json])
        .map(drop)
}

/// The folder where a library kept in files kept its corrections, one
/// JSON file a story, read once by the migration.
pub const LEGACY_DIR: &str = "corrections";

/// One correction file of the old layout: its story's id and what it says.
pub fn read_legacy(path: &Path) -> Result<Option<(String, Corrections)>, LibraryError> {
    let Some(id) = paths::id_of(path) else {
        return Ok(None);
    };
    let bytes = super::reading::read_regular(path, super::reading::MAX_FILE_BYTES)
        .map_err(|e| LibraryError::io(path, e))?;
    let corrections = serde_json::from_slice(&bytes).map_err(|e| LibraryError::Damaged {
        path: path.to_path_buf(),
        reason: sanitize::clean_line(&e.to_string()).into_owned(),
    })?;
    Ok(Some((id.to_string(), corrections)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse::parse;
    use crate::story::{Role, Warning};

    fn story(text: &str) -> Story {
        parse(text.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn a_speaker_renamed_keeps_their_turns_and_old_name_as_alias() {
        let mut story = story("T\n\nKELEMEN: One.\n\nANA LIMA: Two.\n\nKELEMEN: Three.");
        let fix = SpeakerFix::parse("kelemen = Michele Kelemen").unwrap();
        let missing = Corrections {
            speakers: vec![fix],
            ..Corrections::default()
        }
        .apply(&mut story);
        assert!(missing.is_empty());
        let speakers: Vec<&str> = story.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(speakers, ["Michele Kelemen", "Ana Lima"]);
        let by: Vec<_> = story.turns.iter().map(|t| t.speaker.as_deref()).collect();
        assert_eq!(
            by,
            [
                Some("Michele Kelemen"),
                Some("Ana Lima"),
                Some("Michele Kelemen")
            ]
        );
    }

    #[test]
    fn a_speaker_renamed_to_someone_present_merges_into_them() {
        let mut story =
            story("Markets\n\nJOHN DOE, HOST: Hello.\n\nMARY ROE: Hi.\n\nJOHNNY DOE: Me again.");
        let names: Vec<&str> = story.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["John Doe", "Mary Roe", "Johnny Doe"]);
        let corrections = Corrections {
            speakers: vec![SpeakerFix::parse("JOHNNY DOE=john doe").unwrap()],
            ..Corrections::default()
        };
        assert!(corrections.apply(&mut story).is_empty());
        let names: Vec<&str> = story.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["John Doe", "Mary Roe"]);
        let john = story.speaker("John Doe").unwrap();
        assert_eq!(john.role, Some(Role::Host));
        assert!(john.aliases.contains(&"JOHNNY DOE".to_string()), "{john:?}");
        let by: Vec<_> = story.turns.iter().map(|t| t.speaker.as_deref()).collect();
        assert_eq!(by, [Some("John Doe"), Some("Mary Roe"), Some("John Doe")]);
    }

    #[test]
    fn a_new_casing_is_not_an_alias() {
        let mut story = story("T\n\nKELLY MCEVERS, HOST: Hello.");
        let fix = Corrections {
            speakers: vec![SpeakerFix::parse("Kelly Mcevers=Kelly McEvers").unwrap()],
            ..Corrections::default()
        };
        assert!(fix.apply(&mut story).is_empty());
        assert_eq!(story.speakers[0].name, "Kelly McEvers");
        assert!(
            story.speakers[0].aliases.is_empty(),
            "{:?}",
            story.speakers[0]
        );
        assert_eq!(story.turns[0].speaker.as_deref(), Some("Kelly McEvers"));
    }

    #[test]
    fn a_surname_names_a_speaker_only_when_one_has_it() {
        let text = "T\n\nROBERT SMITH, HOST: One.\n\nSTACEY VANEK SMITH: Two.\n\nANA LIMA: Three.";
        let mut story = story(text);
        let fixes = |from: &str| Corrections {
            speakers: vec![SpeakerFix::parse(&format!("{from}=Someone Else")).unwrap()],
            ..Corrections::default()
        };
        assert_eq!(fixes("SMITH").apply(&mut story), ["SMITH"], "two Smiths");
        assert!(fixes("LIMA").apply(&mut story).is_empty());
        assert!(story.speaker("Someone Else").is_some());
        assert!(story.speaker("Ana Lima").is_none());
    }

    #[test]
    fn title_date_and_program_replace_the_parsed_ones_and_their_warnings() {
        let mut story = story("JOSH EARNEST: He was dogged.");
        story.warnings.push(Warning {
            kind: WarningKind::DateNotFound,
            detail: String::new(),
        });
        let corrections = Corrections {
            title: Some("  Talks End \u{1b}[2J".into()),
            date: Some(jiff::civil::date(2016, 10, 3)),
            program: Some("All Things Considered".into()),
            speakers: vec![SpeakerFix {
                from: "NOBODY".into(),
                to: "No One".into(),
            }],
        };
        assert_eq!(corrections.apply(&mut story), ["NOBODY"]);
        assert_eq!(story.title, "Talks End", "trimmed and sanitized");
        assert_eq!(story.date(), Some(jiff::civil::date(2016, 10, 3)));
        assert_eq!(story.program.as_deref(), Some("All Things Considered"));
        assert!(story.warnings.is_empty());
    }

    #[test]
    fn renaming_a_renamed_speaker_applies_in_order_from_the_parse() {
        let mut ours = Corrections::default();
        ours.merge(Corrections {
            speakers: vec![SpeakerFix::parse("KELEMEN=Michele Kelemen").unwrap()],
            ..Corrections::default()
        });
        ours.merge(Corrections {
            speakers: vec![SpeakerFix::parse("Michele Kelemen=M. Kelemen").unwrap()],
            title: Some("Later".into()),
            ..Corrections::default()
        });
        let mut story = story("T\n\nKELEMEN: One.");
        ours.apply(&mut story);
        assert_eq!(story.speakers[0].name, "M. Kelemen");
        assert_eq!(story.title, "Later");
    }

    #[test]
    fn corrections_are_saved_whole_and_removed_when_empty() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = super::super::db::Database::open(dir.path()).unwrap();
        let corrections = Corrections {
            title: Some("A".into()),
            ..Corrections::default()
        };
        db.write(|txn| save(txn, "0a", &corrections)).unwrap();
        assert_eq!(read(db.conn(), "0a").unwrap(), corrections);
        db.write(|txn| save(txn, "0a", &Corrections::default()))
            .unwrap();
        let rows: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM corrections", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0);
        assert!(read(db.conn(), "0a").unwrap().is_empty());
        assert!(SpeakerFix::parse("SMITH").is_err());
        assert!(SpeakerFix::parse("=Robert").is_err());
    }
}

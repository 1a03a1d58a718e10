use std::fs;

use jiff::Timestamp;

use super::*;
use crate::story::parse::parse;

/// The files of a library as the store before the database kept them
/// (hark up to the commit before this one): checked against a library
/// that hark's `import` and `fix` wrote, file by file.
mod legacy {
    use std::fs;
    use std::io::Write;
    use std::path::{Path, PathBuf};

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use crate::library::Corrections;
    use crate::story::Story;

    /// Lays out `stories` as `stories/<id>.json` (compact JSON), originals
    /// as `originals/<id>.gz`, corrections as `corrections/<id>.json`
    /// (pretty JSON), with the three indexes and the lock file beside them
    /// (they only ever held what the story files did, and are not read: a
    /// header line stands for each). Returns the stories folder.
    pub fn write_old_library(
        root: &Path,
        stories: &[&Story],
        originals: &[(&str, &[u8])],
        corrections: &[(&str, &Corrections)],
    ) -> PathBuf {
        let folder = root.join("stories");
        fs::create_dir_all(&folder).unwrap();
        for story in stories {
            let json = serde_json::to_vec(story).unwrap();
            fs::write(folder.join(format!("{}.json", story.id)), json).unwrap();
        }
        for (id, bytes) in originals {
            fs::create_dir_all(root.join("originals")).unwrap();
            let mut gz = GzEncoder::new(Vec::new(), Compression::default());
            gz.write_all(bytes).unwrap();
            let path = root.join(format!("originals/{id}.gz"));
            fs::write(path, gz.finish().unwrap()).unwrap();
        }
        for (id, fixes) in corrections {
            fs::create_dir_all(root.join("corrections")).unwrap();
            let json = serde_json::to_vec_pretty(fixes).unwrap();
            fs::write(root.join(format!("corrections/{id}.json")), json).unwrap();
        }
        for (name, header) in [
            ("catalog.jsonl", "hark-catalog "),
            ("speakers.jsonl", "hark-speakers"),
            ("packed.txt", "hark-packed  "),
        ] {
            fs::write(root.join(name), format!("{header} 0005\n")).unwrap();
        }
        fs::write(root.join(".lock"), b"").unwrap();
        folder
    }

    /// Every file below `root`, by path relative to it, with its bytes.
    pub fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let name = path.strip_prefix(root).unwrap().display().to_string();
                    files.push((name, fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }
}

fn story(title: &str, body: &str) -> Story {
    let text = format!("{title}\n\n{body}");
    parse(text.as_bytes(), Some("t.txt"), Timestamp::UNIX_EPOCH).unwrap()
}

fn two_stories() -> (Story, Story) {
    (
        story(
            "Talks Stall",
            "ANA LIMA, HOST: Hello.\n\nJOSH EARNEST: Aleppo.",
        ),
        story("Bridge Vote", "JOSH EARNEST: The bridge."),
    )
}

#[test]
fn add_list_load_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    assert!(lib.is_empty());
    let (a, b) = two_stories();
    assert_eq!(lib.add(&a).unwrap(), Imported::Added);
    assert_eq!(lib.add(&b).unwrap(), Imported::Added);
    assert_eq!(lib.add(&a).unwrap(), Imported::AlreadyPresent);
    let titles: Vec<_> = lib.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Bridge Vote", "Talks Stall"]);
    assert_eq!(lib.load(&a.id).unwrap(), a);
    assert_eq!(lib.speakers().get("josh earnest").unwrap().stories.len(), 2);

    let removed = lib.remove(&a.id[..6]).unwrap();
    assert_eq!(removed.id, a.id);
    assert_eq!(lib.entries().len(), 1);
    assert!(lib.speakers().get("ana lima").is_none());
    let reopened = Library::open(dir.path()).unwrap();
    assert_eq!(reopened.entries(), lib.entries());
}

#[test]
fn prefixes_resolve_when_unique() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // Ids made by hand, sharing their first eleven digits, so that the
    // ambiguous prefix is always there to test.
    let (mut a, mut b) = two_stories();
    a.id = "abcd0000000a".into();
    b.id = "abcd0000000b".into();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    assert_eq!(lib.find("abcd0000000a").unwrap().id, a.id);
    assert_eq!(lib.find("ABCD0000000B ").unwrap().id, b.id);
    match lib.find("abcd0") {
        Err(LibraryError::AmbiguousId { prefix, matches }) => {
            assert_eq!(prefix, "abcd0");
            assert_eq!(matches.len(), 2);
            assert!(matches[0].contains(&b.id) && matches[0].contains("Bridge Vote"));
            assert!(matches[1].contains(&a.id) && matches[1].contains("Talks Stall"));
        }
        other => panic!("expected an ambiguous id, got {other:?}"),
    }
    assert!(matches!(
        lib.find("fffffffffff0"),
        Err(LibraryError::UnknownId(_))
    ));
    assert!(matches!(
        lib.find("../etc"),
        Err(LibraryError::UnknownId(_))
    ));
    assert!(matches!(lib.find(""), Err(LibraryError::UnknownId(_))));
}

#[test]
fn a_damaged_story_file_costs_only_itself_and_stays_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let folder = legacy::write_old_library(dir.path(), &[&b], &[], &[]);
    let damaged = folder.join(format!("{}.json", a.id));
    fs::write(&damaged, b"{\"format_version\": 1, \"id\": \"trunc").unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.entries().len(), 1);
    let problem = lib.problems()[0].to_string();
    assert!(
        problem.contains(&damaged.display().to_string()) && problem.contains("damaged"),
        "{problem}"
    );
    assert_eq!(
        fs::read(&damaged).unwrap(),
        b"{\"format_version\": 1, \"id\": \"trunc",
        "left as it was"
    );
}

#[test]
fn a_story_from_a_newer_hark_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    let mut json = serde_json::to_value(&a).unwrap();
    json["format_version"] = 99.into();
    let newer = json.to_string();
    let conn = rusqlite::Connection::open(dir.path().join(db::FILE_NAME)).unwrap();
    conn.execute(
        "UPDATE stories SET json = ?1, packing = 'zlib' WHERE id = ?2",
        (newer.as_bytes(), &a.id),
    )
    .unwrap();
    let err = lib.load(&a.id).unwrap_err().to_string();
    assert!(err.contains("newer hark (format 99"), "{err}");
    assert!(err.contains(db::FILE_NAME), "{err}");
    let kept: Vec<u8> = conn
        .query_row("SELECT json FROM stories WHERE id = ?1", [&a.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, newer.as_bytes());
}

#[test]
fn import_reports_each_file_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("good.txt");
    fs::write(&good, "Title\n\nANA LIMA: Hi.").unwrap();
    let empty = files.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let binary = files.path().join("photo.txt");
    fs::write(&binary, b"\x89PNG\0\0\0").unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut stored = Vec::new();
    let mut failed = Vec::new();
    let folder = vec![files.path().to_path_buf()];
    lib.import(
        import::files(folder),
        Timestamp::UNIX_EPOCH,
        |event| match event {
            import::ImportEvent::Stored { story, .. } => stored.push(story.title.clone()),
            import::ImportEvent::Failed(err) | import::ImportEvent::Skipped(err) => {
                failed.push(err.to_string())
            }
        },
    )
    .unwrap();
    assert_eq!(stored, ["Title"]);
    assert_eq!(failed.len(), 2);
    assert!(
        failed
            .iter()
            .any(|f| f.contains("empty.txt") && f.contains("empty")),
        "{failed:?}"
    );
    assert!(
        failed
            .iter()
            .any(|f| f.contains("photo.txt") && f.contains("binary")),
        "{failed:?}"
    );
}

/// A story whose saved corrections cannot be read is refused, named by
/// its file, and costs neither the rest of its batch nor its neighbours.
#[test]
fn a_story_with_unreadable_corrections_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let texts = [
        "Alpha\n\nANA LIMA: One.",
        "Beta\n\nANA LIMA: Two.",
        "Gamma\n\nANA LIMA: Three.",
    ];
    let paths: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let path = files.path().join(format!("{n}.txt"));
            fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let beta = parse(texts[1].as_bytes(), None, Timestamp::UNIX_EPOCH).unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.db_mut()
        .write(|txn| {
            txn.execute(
                "INSERT INTO corrections (story_id, json) VALUES (?1, 'not json')",
                [&beta.id],
            )
        })
        .unwrap();
    let (mut stored, mut failed) = (Vec::new(), Vec::new());
    let listed = paths.into_iter().map(Ok);
    lib.import(listed, Timestamp::UNIX_EPOCH, |event| match event {
        import::ImportEvent::Stored { story, .. } => stored.push(story.title.clone()),
        import::ImportEvent::Failed(err) | import::ImportEvent::Skipped(err) => {
            failed.push(err.to_string())
        }
    })
    .unwrap();
    assert_eq!(stored, ["Alpha", "Gamma"]);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("1.txt"), "{failed:?}");
    assert_eq!(lib.story_count(), 2);
}

#[test]
fn parallel_import_reports_in_order_and_stores_duplicates_once() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let paths: Vec<std::path::PathBuf> = (0..200)
        .map(|i| {
            let path = files.path().join(format!("{i:03}.txt"));
            // Every tenth file repeats the one before it.
            let n = if i % 10 == 9 { i - 1 } else { i };
            fs::write(&path, format!("Story {n}\n\nANA LIMA: Number {n}.")).unwrap();
            path
        })
        .collect();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut seen = Vec::new();
    lib.import(
        import::files(paths.clone()),
        Timestamp::UNIX_EPOCH,
        |event| {
            if let import::ImportEvent::Stored { path, imported, .. } = event {
                seen.push((path.to_path_buf(), imported));
            }
        },
    )
    .unwrap();
    let order: Vec<_> = seen.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(order, paths, "reported in the order given");
    let repeats = seen
        .iter()
        .filter(|(_, i)| *i == Imported::AlreadyPresent)
        .count();
    assert_eq!(repeats, 20);
    assert_eq!(lib.entries().len(), 180);
    assert_eq!(lib.story_count(), 180);
    assert_eq!(
        Library::open(dir.path()).unwrap().entries().len(),
        180,
        "catalog is fresh"
    );
}

fn three_stories() -> [Story; 3] {
    let (a, b) = two_stories();
    let c = story(
        "Harbor Closes",
        "ANA LIMA, HOST: The harbor.\n\nMIRA OSEI, BYLINE: Closed.",
    );
    [a, b, c]
}

#[test]
fn the_speaker_index_read_back_is_the_one_built_story_by_story() {
    let dir = tempfile::tempdir().unwrap();
    let stories = three_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut built = SpeakerIndex::default();
    for story in &stories {
        lib.add(story).unwrap();
        built.add(story);
    }
    assert_eq!(Library::open(dir.path()).unwrap().speakers(), &built);
    lib.remove(&stories[0].id).unwrap();
    built.remove(&stories[0]);
    assert_eq!(lib.speakers(), &built, "in memory");
    assert_eq!(
        Library::open(dir.path()).unwrap().speakers(),
        &built,
        "on disk"
    );
}

#[test]
fn a_library_in_the_old_files_moves_into_the_database_and_its_old_files_go() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let a_bytes = b"Talks Stall\n\nANA LIMA, HOST: Hello.\n\nJOSH EARNEST: Aleppo.";
    let fix = Corrections {
        title: Some("Talks Stall Again".into()),
        ..Corrections::default()
    };
    let mut corrected = a.clone();
    fix.apply(&mut corrected);
    let gone = "0123456789ab";
    legacy::write_old_library(
        dir.path(),
        &[&corrected, &b],
        &[(&a.id, a_bytes)],
        &[(&a.id, &fix), (gone, &fix)],
    );
    // Format 1 of the indexes, and a leftover of a write cut short.
    fs::write(dir.path().join("catalog.json"), b"{\"format\":1}").unwrap();
    fs::write(dir.path().join(".hark-tmp-4242-7-packed.txt"), b"half").unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert!(lib.problems().is_empty(), "{:?}", lib.problems());
    assert_eq!(lib.load(&a.id).unwrap(), corrected);
    assert_eq!(lib.load(&b.id).unwrap(), b);
    assert_eq!(lib.speakers().get("josh earnest").unwrap().stories.len(), 2);
    let original = originals::read(lib.db().conn(), &lib.db_path, &a.id).unwrap();
    assert_eq!(original.as_deref(), Some(&a_bytes[..]));
    assert_eq!(lib.corrections(&a.id).unwrap(), fix);
    assert_eq!(
        lib.corrections(gone).unwrap(),
        fix,
        "kept for a story removed"
    );
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with(db::FILE_NAME))
        .collect();
    assert!(left.is_empty(), "old files left: {left:?}");
    let filter = crate::query::Query::parse("bridge")
        .unwrap()
        .bind(|_| false);
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let found = search::matching_turns(&lib, &filter, &cancel)
        .unwrap()
        .unwrap();
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [(b.id.clone(), vec![0])]
    );
    drop(lib);
    assert_eq!(Library::open(dir.path()).unwrap().story_count(), 2, "once");
}

#[test]
fn a_migration_that_fails_before_its_commit_leaves_the_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let folder = legacy::write_old_library(dir.path(), &[&a, &b], &[], &[]);
    {
        let db = db::Database::open(dir.path()).unwrap();
        db.conn()
            .execute_batch(
                "CREATE TRIGGER refuse BEFORE INSERT ON turns
                 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
            )
            .unwrap();
    }
    let outside_the_database = |root: &std::path::Path| {
        let mut files = legacy::snapshot(root);
        files.retain(|(name, _)| !name.starts_with(db::FILE_NAME));
        files
    };
    let before = outside_the_database(dir.path());
    let err = Library::open(dir.path()).unwrap_err().to_string();
    assert!(err.contains("simulated failure"), "{err}");
    assert_eq!(
        outside_the_database(dir.path()),
        before,
        "every old file as it was"
    );
    let conn = rusqlite::Connection::open(dir.path().join(db::FILE_NAME)).unwrap();
    let stories: i64 = conn
        .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stories, 0, "what went in was rolled back");
    conn.execute_batch("DROP TRIGGER refuse").unwrap();
    drop(conn);
    assert_eq!(Library::open(dir.path()).unwrap().story_count(), 2);
    assert!(!folder.exists());
}

#[test]
fn the_walk_finds_transcripts_below_folders_and_skips_linked_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pages");
    fs::create_dir_all(root.join("2024/05")).unwrap();
    fs::write(root.join("a.txt"), "A").unwrap();
    fs::write(root.join("2024/05/b.TXT"), "B").unwrap();
    fs::write(root.join("2024/notes.md"), "not a transcript").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join("2024/loop")).unwrap();
    let single = dir.path().join("single.txt");
    let mut found: Vec<_> = import::files(vec![root.clone(), single.clone()])
        .map(|f| f.unwrap())
        .collect();
    found.sort();
    let mut expected = vec![root.join("2024/05/b.TXT"), root.join("a.txt"), single];
    expected.sort();
    assert_eq!(
        found, expected,
        "a named file is taken as named, even if missing"
    );
}

/// The library-wide searches behind the story list and the quotes view
/// leave out what `-word` and `-@name` name, from the indexes alone.
#[test]
fn library_searches_leave_out_words_and_speakers() {
    use crate::library::search::{bind_to_library, for_each_story_with_any, matching_turns};
    use crate::query::Query;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let turns = |query: &str| -> Vec<(String, Vec<usize>)> {
        let filter = bind_to_library(&Query::parse(query).unwrap(), lib.speakers());
        let found = matching_turns(&lib, &filter, &cancel).unwrap().unwrap();
        found.into_iter().collect()
    };
    assert_eq!(turns("@earnest -bridge"), [(a.id.clone(), vec![1])]);
    assert_eq!(turns("-@earnest"), [(a.id.clone(), vec![0])]);
    assert_eq!(turns("-aleppo -hello"), [(b.id.clone(), vec![0])]);
    let mut left_out = Vec::new();
    let keywords = Query::parse("aleppo bridge")
        .unwrap()
        .bind(|_| false)
        .keywords;
    for_each_story_with_any(&lib, &keywords, &cancel, |id| left_out.push(id.to_string())).unwrap();
    left_out.sort();
    let mut both = vec![a.id.clone(), b.id.clone()];
    both.sort();
    assert_eq!(left_out, both, "each story once");
}

#[test]
fn a_story_added_again_after_rm_gets_its_corrections_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let story = crate::story::parse::parse(
        b"Talks\n\nANA LIMA, HOST: Hello there.",
        None,
        jiff::Timestamp::UNIX_EPOCH,
    )
    .unwrap();
    lib.add(&story).unwrap();
    let fix = super::Corrections {
        title: Some("Better Title".into()),
        ..Default::default()
    };
    assert_eq!(lib.correct(&story.id, fix).unwrap().title, "Better Title");
    lib.remove(&story.id).unwrap();
    lib.add(&story).unwrap();
    assert_eq!(lib.load(&story.id).unwrap().title, "Better Title");
    assert_eq!(lib.entries()[0].title, "Better Title");
}

#[test]
fn a_corrected_story_leaves_the_catalog_and_speakers_as_a_reopen_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let (a, b) = two_stories();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    lib.speakers();
    lib.entries();
    let fix = Corrections {
        date: Some(jiff::civil::date(2016, 10, 3)),
        speakers: vec![SpeakerFix::parse("EARNEST=Josh R. Earnest").unwrap()],
        ..Corrections::default()
    };
    lib.correct(&a.id, fix).unwrap();
    let reopened = Library::open(dir.path()).unwrap();
    assert_eq!(lib.entries(), reopened.entries(), "in memory");
    assert_eq!(lib.speakers(), reopened.speakers(), "in memory");
    assert!(reopened.speakers().get("josh r earnest").is_some());
    assert_eq!(
        reopened.entries()[0].id,
        a.id,
        "newest first: it has a date now"
    );
}

/// A reader's list holds stories by row id (the TUI's keys): a story
/// corrected keeps its row, and the one beside it keeps its own.
#[test]
fn a_corrected_story_keeps_its_row_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let (a, b) = two_stories();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    let rowid_of = |lib: &Library, id: &str| -> i64 {
        let db = lib.db();
        let sql = "SELECT rowid FROM stories WHERE id = ?1";
        db.conn().query_row(sql, [id], |row| row.get(0)).unwrap()
    };
    let before = (rowid_of(&lib, &a.id), rowid_of(&lib, &b.id));
    let fix = Corrections {
        title: Some("Talks Stall For Good".into()),
        ..Corrections::default()
    };
    lib.correct(&a.id, fix).unwrap();
    assert_eq!((rowid_of(&lib, &a.id), rowid_of(&lib, &b.id)), before);
    let rows = lib.entries_at(&[before.0]).unwrap();
    assert_eq!(rows[0].1.title, "Talks Stall For Good");
    assert_eq!(lib.story_tally().unwrap().last_rowid, before.1);
}

#[test]
fn a_story_added_from_memory_keeps_its_original_only_if_it_is_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let (a, b) = two_stories();
    let a_bytes = b"Talks Stall\n\nANA LIMA, HOST: Hello.\n\nJOSH EARNEST: Aleppo.";
    lib.add_with_original(&a, Some(a_bytes)).unwrap();
    lib.add_with_original(&b, Some(a_bytes)).unwrap();
    assert_eq!(
        originals::read(lib.db().conn(), &lib.db_path, &a.id)
            .unwrap()
            .as_deref(),
        Some(&a_bytes[..])
    );
    let b_original = originals::read(lib.db().conn(), &lib.db_path, &b.id).unwrap();
    assert_eq!(b_original, None);
    let mut outcomes = std::collections::HashMap::new();
    lib.reparse(&[], |id, outcome| {
        outcomes.insert(id.to_string(), outcome.clone());
    })
    .unwrap();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[&a.id], Reparsed::Unchanged);
    assert_eq!(outcomes[&b.id], Reparsed::NoOriginal);
}

/// Two readers (two TUIs, say) and a writer (an import) on one library at
/// once, each with its own connection: the readers never fail or see a
/// story half-written, and once the writer is done everyone sees it all.
#[test]
fn two_readers_and_a_writer_at_once_lose_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    Library::open(&root).unwrap();
    let stories: Vec<Story> = (0..40)
        .map(|n| {
            story(
                &format!("Story {n}"),
                &format!("ANA LIMA: Harbor number {n}."),
            )
        })
        .collect();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let (root, done) = (&root, &done);
                scope.spawn(move || {
                    let reader = Library::open(root).unwrap();
                    let filter = crate::query::Query::parse("harbor")
                        .unwrap()
                        .bind(|_| false);
                    let cancel = AtomicBool::new(false);
                    let mut reads = 0;
                    while !done.load(Ordering::Relaxed) || reads == 0 {
                        let found = search::matching_turns(&reader, &filter, &cancel)
                            .unwrap()
                            .unwrap();
                        for (id, turns) in &found {
                            // Each story seen is whole: its turns all there.
                            assert_eq!(reader.load(id).unwrap().turns.len(), 1);
                            assert_eq!(turns, &[0]);
                        }
                        reads += 1;
                    }
                    reads
                })
            })
            .collect();
        let mut writer = Library::open(&root).unwrap();
        for story in &stories {
            assert_eq!(writer.add(story).unwrap(), Imported::Added);
        }
        done.store(true, Ordering::Relaxed);
        for reader in readers {
            assert!(reader.join().unwrap() > 0);
        }
    });
    let after = Library::open(&root).unwrap();
    assert_eq!(after.story_count(), 40);
    assert_eq!(after.speakers().get("ana lima").unwrap().stories.len(), 40);
}

/// A search that SQLite keeps busy (a sort, here a count that would take
/// minutes) stops once cancelled, so the next search gets the database.
#[test]
fn a_cancelled_search_is_interrupted_inside_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 1e12)
                   SELECT count(*) FROM n";
    let outcome = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        lib.interruptible(&cancel, || {
            let db = lib.db();
            db.conn().query_row(endless, [], |row| row.get::<_, i64>(0))
        })
    });
    let err = outcome.unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
    let db = lib.db();
    let after: i64 = db
        .conn()
        .query_row("SELECT 41 + 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, 42, "the database answers the next");
}

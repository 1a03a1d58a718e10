use std::fs;

use jiff::Timestamp;

use super::*;
use crate::library::indexes;
use crate::story::parse::parse;

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
fn catalog_and_indexes_are_rebuilt_when_missing_or_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    fs::remove_file(dir.path().join("catalog.jsonl")).unwrap();
    assert_eq!(Library::open(dir.path()).unwrap().entries().len(), 1);

    // A story file that arrives behind the catalog's back.
    let json = serde_json::to_vec(&b).unwrap();
    fs::write(
        dir.path().join("stories").join(format!("{}.json", b.id)),
        json,
    )
    .unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.entries().len(), 2);
    assert_eq!(lib.speakers().get("josh earnest").unwrap().stories.len(), 2);
    let packed = fs::read_to_string(dir.path().join("packed.txt")).unwrap();
    assert!(packed.contains(&format!("{}\t0\tjosh earnest\t the bridge \n", b.id)));
}

#[test]
fn a_damaged_story_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    let damaged = dir.path().join("stories").join(format!("{}.json", a.id));
    fs::write(&damaged, b"{\"format_version\": 1, \"id\": \"trunc").unwrap();
    fs::remove_file(dir.path().join("catalog.jsonl")).unwrap();
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
    let path = dir.path().join("stories").join(format!("{}.json", a.id));
    let mut json: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    json["format_version"] = 99.into();
    let newer = json.to_string();
    fs::write(&path, &newer).unwrap();
    let err = lib.load(&a.id).unwrap_err().to_string();
    assert!(err.contains("newer hark (format 99"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
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
    assert_eq!(
        fs::read_dir(dir.path().join("stories")).unwrap().count(),
        180
    );
    assert_eq!(
        Library::open(dir.path()).unwrap().entries().len(),
        180,
        "catalog is fresh"
    );
}

#[test]
fn a_missing_or_mismatched_speaker_index_is_rebuilt_on_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    let old_index = fs::read(dir.path().join("speakers.jsonl")).unwrap();
    lib.add(&b).unwrap();
    // An index from before the second story: its stamp no longer matches.
    fs::write(dir.path().join("speakers.jsonl"), &old_index).unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.speakers().get("josh earnest").unwrap().stories.len(), 2);
    fs::remove_file(dir.path().join("speakers.jsonl")).unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.speakers().get("josh earnest").unwrap().stories.len(), 2);
}

#[test]
fn a_write_to_a_stale_library_rebuilds_under_the_lock_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    // Another process (or a killed import) changed the folder: stale.
    fs::remove_file(dir.path().join("catalog.jsonl")).unwrap();
    // Used to wait forever for its own lock while rebuilding.
    assert_eq!(lib.add(&b).unwrap(), Imported::Added);
    assert_eq!(Library::open(dir.path()).unwrap().entries().len(), 2);
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
fn an_import_appends_to_the_indexes_and_never_rewrites_them() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b, c] = three_stories();
    let mut lib = Library::open_lazily(dir.path()).unwrap();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    let before: Vec<Vec<u8>> = indexes::Index::ALL
        .iter()
        .map(|&i| fs::read(dir.path().join(i.file_name())).unwrap())
        .collect();
    lib.add(&c).unwrap();
    for (index, before) in indexes::Index::ALL.iter().zip(before) {
        let after = fs::read(dir.path().join(index.file_name())).unwrap();
        // Past the header, which carries the new stamp, the old lines are
        // there byte for byte, with the new story's after them.
        let header = after.iter().position(|&b| b == b'\n').unwrap() + 1;
        assert!(after[header..].starts_with(&before[header..]), "{index:?}");
        assert!(after.len() > before.len(), "{index:?}");
    }
    let reopened = Library::open(dir.path()).unwrap();
    let titles: Vec<_> = reopened
        .entries()
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(titles, ["Bridge Vote", "Harbor Closes", "Talks Stall"]);
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
fn importing_a_story_again_repairs_its_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    let file = dir.path().join("stories").join(format!("{}.json", a.id));
    fs::write(&file, b"{\"format_version\": 1, \"id\": \"trunc").unwrap();
    fs::remove_file(dir.path().join("catalog.jsonl")).unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    assert!(lib.is_empty() && lib.problems().len() == 1);
    assert_eq!(lib.add(&a).unwrap(), Imported::Added);
    assert_eq!(lib.load(&a.id).unwrap(), a);
    assert_eq!(Library::open(dir.path()).unwrap().entries().len(), 1);
}

#[test]
fn a_library_of_the_older_format_is_rebuilt_and_its_old_files_go() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_stories();
    let mut lib = Library::open(dir.path()).unwrap();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    // Format 1: whole-document JSON indexes, and a packed header saying 0001.
    for index in indexes::Index::ALL {
        fs::remove_file(dir.path().join(index.file_name())).unwrap();
    }
    fs::write(dir.path().join("catalog.json"), b"{\"format\":1}").unwrap();
    fs::write(dir.path().join("speakers.json"), b"{\"format\":1}").unwrap();
    fs::write(dir.path().join("packed.txt"), b"hark-packed 0001 0 0\n").unwrap();
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.entries().len(), 2);
    assert_eq!(lib.speakers().get("josh earnest").unwrap().stories.len(), 2);
    assert!(!dir.path().join("catalog.json").exists());
    assert!(!dir.path().join("speakers.json").exists());
    let mut hits = 0;
    let bridge = [packed::Needle::new(&["bridge".into()], true)];
    let cancel = std::sync::atomic::AtomicBool::new(false);
    lib.scan_text(&bridge, &cancel, |_| hits += 1).unwrap();
    assert_eq!(hits, 2, "the packed text was rebuilt: title line and turn");
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
fn a_corrected_story_leaves_the_indexes_as_a_rebuild_would() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let (a, b) = two_stories();
    lib.add(&a).unwrap();
    lib.add(&b).unwrap();
    lib.speakers();
    let fix = Corrections {
        date: Some(jiff::civil::date(2016, 10, 3)),
        speakers: vec![SpeakerFix::parse("EARNEST=Josh R. Earnest").unwrap()],
        ..Corrections::default()
    };
    lib.correct(&a.id, fix).unwrap();
    let kept = Library::open(dir.path()).unwrap();
    for index in indexes::Index::ALL {
        fs::remove_file(dir.path().join(index.file_name())).unwrap();
    }
    let rebuilt = Library::open(dir.path()).unwrap();
    assert_eq!(kept.entries(), rebuilt.entries());
    assert_eq!(kept.speakers(), rebuilt.speakers());
    assert_eq!(lib.entries(), rebuilt.entries(), "in memory too");
    assert_eq!(lib.speakers(), rebuilt.speakers(), "in memory too");
    assert!(rebuilt.speakers().get("josh r earnest").is_some());
    assert_eq!(
        rebuilt.entries()[0].id,
        a.id,
        "newest first: it has a date now"
    );
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
        originals::read(&lib.layout, &a.id).unwrap().as_deref(),
        Some(&a_bytes[..])
    );
    assert_eq!(originals::read(&lib.layout, &b.id).unwrap(), None);
    let mut outcomes = std::collections::HashMap::new();
    lib.reparse(&[], |id, outcome| {
        outcomes.insert(id.to_string(), outcome.clone());
    })
    .unwrap();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[&a.id], Reparsed::Unchanged);
    assert_eq!(outcomes[&b.id], Reparsed::NoOriginal);
}

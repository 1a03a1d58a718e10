//! The library at scale: open (catalog load), import, quotes by speaker and
//! by keyword, at each size in HARK_BENCH_SIZES (default 1000; the figures
//! in BENCHMARKS.md use 1000,10000,100000).
//!
//!     HARK_BENCH_SIZES=1000,10000 cargo bench --bench library

#[path = "../examples/gen_corpus/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hark::testing::{
    Action, App, ColorMode, Stories, dispatch, import_files, library_options, matching_turns,
    serve, serve_with, start,
};
use hark::{Library, Query};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_textarea::{Input, Key};

fn sizes() -> Vec<usize> {
    std::env::var("HARK_BENCH_SIZES")
        .unwrap_or_else(|_| "1000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

/// A corpus of `n` pages on disk and a library with them imported, made
/// once per size and kept under target/ for later runs.
fn library_of(n: usize) -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{n}"));
    let pages = root.join("pages");
    let files: Vec<PathBuf> = (0..n).map(|i| pages.join(format!("{i:06}.txt"))).collect();
    if !root.join("ready").exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&pages).unwrap();
        let mut corpus = corpus::Corpus::new(2016);
        for path in &files {
            std::fs::write(path, corpus.next_page()).unwrap();
        }
        let mut library = Library::open(root.join("library")).unwrap();
        library
            .import(import_files(files.clone()), Timestamp::UNIX_EPOCH, |_| {})
            .unwrap();
        std::fs::write(root.join("ready"), b"").unwrap();
    }
    (root, files)
}

fn open(c: &mut Criterion) {
    let mut group = c.benchmark_group("library open");
    group.sample_size(10);
    for n in sizes() {
        let (root, _) = library_of(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &root, |b, root| {
            b.iter(|| Library::open(root.join("library")).unwrap())
        });
    }
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import 1000 stories");
    group.sample_size(10);
    let (root, files) = library_of(1000);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("into an empty library", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(&root).unwrap(),
            |dir| {
                let mut library = Library::open_lazily(dir.path()).unwrap();
                library
                    .import(import_files(files.clone()), Timestamp::UNIX_EPOCH, |_| {})
                    .unwrap();
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
}

fn quotes(c: &mut Criterion) {
    let mut group = c.benchmark_group("quotes");
    group.sample_size(10);
    let cancel = AtomicBool::new(false);
    for n in sizes() {
        let (root, _) = library_of(n);
        let library = Library::open(root.join("library")).unwrap();
        // As `hark quotes --speaker "Amara O'Donnell"` and `hark quotes lithium`
        // build them: a quoted name needs no speaker index to bind.
        let by_speaker = Query::parse("@\"Amara O'Donnell\"")
            .unwrap()
            .bind(|_| false);
        let by_word = Query::parse("lithium").unwrap().bind(|_| false);
        group.bench_with_input(BenchmarkId::new("by speaker", n), &by_speaker, |b, f| {
            b.iter(|| matching_turns(&library, f, &cancel).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("by keyword", n), &by_word, |b, f| {
            b.iter(|| matching_turns(&library, f, &cancel).unwrap())
        });
    }
}

/// The TUI on the library at `root`, as `hark` opens it, 200x60.
fn tui_on(root: &Path) -> (App, Box<dyn Stories>) {
    let mut options = library_options(&root.join("library")).unwrap();
    options.colors = Some(ColorMode::Full);
    start(options, (200, 60))
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| hark::testing::draw(frame, app))
        .unwrap();
}

fn key(c: char) -> Action {
    let key = match c {
        '\x08' => Key::Backspace,
        c => Key::Char(c),
    };
    Action::FilterKey(Input {
        key,
        ..Input::default()
    })
}

/// A keystroke as the event loop handles it: the update, the source's
/// work, and a search handed to a thread (here: set aside, as the loop
/// does not wait for it), then the frame.
fn keystroke(app: &mut App, source: &mut dyn Stories, t: &mut Terminal<TestBackend>, c: char) {
    app.update(key(c));
    serve_with(app, source, &mut |_, _, _, _| {});
    draw(t, app);
}

/// The TUI at scale: the first frame, a keystroke in the filter bar of
/// the story list and of the quotes view, and a library-wide search run
/// until its last match is on screen.
fn tui(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui");
    group.sample_size(10);
    for n in sizes() {
        let (root, _) = library_of(n);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function(BenchmarkId::new("first frame", n), |b| {
            b.iter(|| {
                let (app, _source) = tui_on(&root);
                draw(&mut terminal, &app);
            })
        });
        for (view, typed) in [("list", "lithiu"), ("quotes", "@amara o'donnel")] {
            let (mut app, mut source) = tui_on(&root);
            if view == "quotes" {
                dispatch(&mut app, source.as_mut(), Action::ShowQuotes);
            }
            dispatch(&mut app, source.as_mut(), Action::StartFilter);
            typed
                .chars()
                .for_each(|c| dispatch(&mut app, source.as_mut(), key(c)));
            let mut flip = false;
            let name = format!("{view} keystroke, search handed off");
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter(|| {
                    flip = !flip;
                    let c = if flip { 'l' } else { '\x08' };
                    keystroke(&mut app, source.as_mut(), &mut terminal, c);
                })
            });
        }
        for (view, query) in [
            ("list", "lithium"),
            ("quotes", "@amara o'donnell"),
            ("quotes", "lithium"),
        ] {
            let (mut app, mut source) = tui_on(&root);
            if view == "quotes" {
                dispatch(&mut app, source.as_mut(), Action::ShowQuotes);
            }
            let name = format!("{view} search {query}, to the last match drawn");
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter(|| {
                    app.update(Action::ClearFilter);
                    serve_with(&mut app, source.as_mut(), &mut |_, _, _, _| {});
                    app.set_filter_text(query);
                    serve(&mut app, source.as_mut());
                    draw(&mut terminal, &app);
                })
            });
        }
    }
}

criterion_group!(benches, open, import, quotes, tui);
criterion_main!(benches);

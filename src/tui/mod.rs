//! The terminal face of hark: a story list, a transcript pane and a filter
//! bar. Keys become `Action`s through the keymap table, `App::update`
//! changes state, `view::draw` renders it; only `terminal` touches the tty.
//! The stories come from a `source::Stories` (the library, or stories held
//! in memory), which `serve` asks on the App's behalf.
//!
//! Uses `story`, `query`, `library` (only through `source`, apart from its
//! plain value types) and `config` (the theme and key remaps). Only `cli`
//! uses the TUI, through `TuiOptions` and `terminal::run`.

pub(crate) mod app;
mod background;
mod editor;
pub(crate) mod keymap;
mod player;
pub(crate) mod source;
pub(crate) mod terminal;
pub(crate) mod theme;
pub(crate) mod view;

pub(crate) use app::Request;
pub use app::{App, Focus, Origin, Overlay};
pub use keymap::{Action, Keymap};
pub use source::MemoryMarks;
pub(crate) use source::{Found, Importer, SearchJob};
pub use source::{MemoryStories, Stories};
pub use theme::{ColorMode, Theme};

use std::sync::atomic::AtomicBool;

use crate::config::ThemeConfig;
use crate::library::history::FilterHistory;
use crate::story::Story;

pub struct TuiOptions {
    pub source: Box<dyn Stories>,
    pub origin: Origin,
    /// Capture the mouse for wheel scrolling and clicks. Off by default,
    /// since capture stops the terminal from selecting text.
    pub mouse: bool,
    /// A story to open at once, such as the one file named on the command line.
    pub open: Option<String>,
    /// None reads NO_COLOR, COLORTERM and TERM.
    pub colors: Option<ColorMode>,
    /// The preset and colours from config.toml.
    pub theme: ThemeConfig,
    pub keymap: Keymap,
    /// A word for the status line at start: damaged story files, say.
    pub notice: Option<String>,
    /// Filters kept from earlier runs, for Up and Down in the bar.
    pub history: FilterHistory,
    /// The story list's share of the width, in percent (config.toml).
    pub list_width: Option<u16>,
    /// Where exports are offered to go (config.toml's `export_dir`);
    /// none for the current folder.
    pub export_dir: Option<std::path::PathBuf>,
}

impl TuiOptions {
    pub fn new(source: Box<dyn Stories>, origin: Origin) -> TuiOptions {
        TuiOptions {
            source,
            origin,
            mouse: false,
            open: None,
            colors: None,
            theme: ThemeConfig::default(),
            keymap: Keymap::default(),
            notice: None,
            history: FilterHistory::default(),
            list_width: None,
            export_dir: None,
        }
    }

    /// The bundled samples, for an empty library; `import` stores them in it.
    pub(crate) fn samples(stories: Vec<Story>, import: Importer) -> TuiOptions {
        let source = MemoryStories::new(stories).with_importer(import);
        TuiOptions::new(Box::new(source), Origin::Samples)
    }

    /// Files named on the command line, already parsed; opens the first.
    pub fn files(stories: Vec<Story>) -> TuiOptions {
        let open = stories.first().map(|s| s.id.clone());
        let mut options = TuiOptions::new(Box::new(MemoryStories::new(stories)), Origin::Files);
        options.open = open;
        options
    }
}

/// Runs the TUI until the reader quits; the terminal is restored however
/// it ends.
pub(crate) fn run(options: TuiOptions) -> anyhow::Result<()> {
    terminal::run(options)
}

/// Builds the App for a screen of `size`, as `run` does, without a
/// terminal, and serves what it first asks for (the story list, the
/// story to open) before returning; hands back the source for `dispatch`.
pub fn start(options: TuiOptions, size: (u16, u16)) -> (App, Box<dyn Stories>) {
    let (mut app, mut source) = begin(options, size);
    serve(&mut app, source.as_mut());
    (app, source)
}

/// `start`, its first requests still waiting: the terminal sends the
/// list's search to a thread, so the first frame never waits for it.
pub(crate) fn begin(options: TuiOptions, size: (u16, u16)) -> (App, Box<dyn Stories>) {
    let TuiOptions {
        mut source,
        origin,
        open,
        colors,
        theme,
        keymap,
        notice,
        history,
        list_width,
        export_dir,
        mouse: _,
    } = options;
    let theme = Theme::from_config(colors.unwrap_or_else(ColorMode::from_env), &theme);
    let mut app = App::new(source.story_count(), origin, theme);
    app.set_keymap(keymap);
    app.set_history(history);
    app.set_list_percent(list_width);
    let here = || std::env::current_dir().unwrap_or_else(|_| ".".into());
    app.set_export_dir(export_dir.unwrap_or_else(here));
    app.resize(size.0, size.1);
    take_marks(&mut app, source.as_mut());
    // Damaged story files matter more than marks that would not read.
    if let Some(notice) = notice {
        app.say(notice);
    }
    match open {
        Some(id) => app.open(&id),
        None => app.settle(),
    }
    (app, source)
}

/// Does what the App asked of the story source, until it asks no more.
/// Searches run to their end before this returns.
pub fn serve(app: &mut App, source: &mut dyn Stories) {
    serve_with(app, source, &mut |app, source, generation, job| {
        search_now(app, source, generation, job)
    });
}

/// What runs a search: at once, or on a thread of its own.
pub(crate) type Searcher<'a> = dyn FnMut(&mut App, &mut dyn Stories, u64, SearchJob) + 'a;

/// `serve`, with searches handed to `search`.
pub fn serve_with(app: &mut App, source: &mut dyn Stories, search: &mut Searcher) {
    serve_with_imports(app, source, search, &mut |app, source, ids| {
        import_now(app, source, &ids)
    });
}

/// What runs an import of stories by id: at once, or on a thread.
pub(crate) type Importing<'a> = dyn FnMut(&mut App, &mut dyn Stories, Vec<String>) + 'a;

/// Imports the stories with `ids` before returning.
pub(crate) fn import_now(app: &mut App, source: &mut dyn Stories, ids: &[String]) {
    let results = ids.iter().map(|id| source.import(id)).collect();
    app.imported(results);
}

/// `serve_with`, with imports handed to `import`.
pub(crate) fn serve_with_imports(
    app: &mut App,
    source: &mut dyn Stories,
    search: &mut Searcher,
    import: &mut Importing,
) {
    loop {
        let requests = app.take_requests();
        if requests.is_empty() {
            return;
        }
        for request in requests {
            match request {
                Request::Load(ids) => {
                    let results = ids
                        .into_iter()
                        .map(|id| {
                            let story = source.load(&id);
                            (id, story)
                        })
                        .collect();
                    app.loaded(results);
                }
                Request::Import(ids) => import(app, source, ids),
                Request::ImportAll => {
                    let ids = source.all_ids();
                    import(app, source, ids)
                }
                Request::Entries(keys) => match source.entries_at(&keys) {
                    Ok(entries) => app.entries_arrived(entries),
                    Err(err) => {
                        app.entries_failed(&keys);
                        app.say(format!("could not read the story list: {err}"));
                    }
                },
                Request::Search { generation, job } => search(app, source, generation, job),
                Request::Quotes(turns) => app.quotes_arrived(source.quotes(&turns)),
                Request::Reload { forced } => {
                    if forced || source.changed() {
                        match source.reload() {
                            Ok(reloaded) => {
                                if let Some(origin) = source.origin() {
                                    app.set_origin(origin);
                                }
                                app.reload(reloaded, source.story_count(), forced);
                                take_marks(app, source);
                            }
                            Err(err) => app.say(format!("could not reload: {err}")),
                        }
                    }
                }
                Request::SaveHistory(history) => {
                    if let Err(err) = source.save_history(&history) {
                        app.say(format!("could not keep the filter history: {err}"));
                    }
                }
                Request::Mark { id, mark, on } => {
                    let kept = source.marks().map(|marks| marks.set(&id, mark, on));
                    if let Some(Err(err)) = kept {
                        app.say(format!("could not keep the mark on {id}: {err}"));
                    }
                }
                Request::Correct { id, corrections } => {
                    let result = source.correct(&id, corrections);
                    app.corrected(&id, result);
                }
                Request::Sheet(change) => match source.sheet() {
                    Some(sheet) => {
                        let lasting = sheet.lasting();
                        let result = source::sheet::change_sheet(sheet, &change);
                        app.sheet_arrived(&change, result, lasting);
                    }
                    None => app.say("these stories have no quote sheet"),
                },
            }
        }
    }
}

/// Hands the App the reader's marks as the source keeps them.
fn take_marks(app: &mut App, source: &mut dyn Stories) {
    match source.marks().map(|marks| marks.all()) {
        Some(Ok(marks)) => app.set_marks(marks),
        Some(Err(err)) => app.say(format!("could not read the read and starred marks: {err}")),
        None => {}
    }
}

/// Runs a search to its end and hands the App everything it found, at once.
pub(crate) fn search_now(app: &mut App, source: &mut dyn Stories, generation: u64, job: SearchJob) {
    let never = AtomicBool::new(false);
    let mut all: Option<Found> = None;
    let result = source
        .search()
        .run(&job, &never, &mut |found| match &mut all {
            Some(all) => {
                if let Some(other) = all.absorb(found) {
                    app.found(generation, std::mem::replace(all, other));
                }
            }
            None => all = Some(found),
        });
    if let Some(all) = all {
        app.found(generation, all);
    }
    app.search_done(generation, result);
}

/// One action, start to finish: the update and whatever it asked for.
/// As the event loop does: what the update asked for is served, then the
/// keys have stopped and the App settles (`App::settle`).
pub fn dispatch(app: &mut App, source: &mut dyn Stories, action: Action) {
    app.update(action);
    serve(app, source);
    app.settle();
    serve(app, source);
}

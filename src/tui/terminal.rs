//! The only part of the TUI that touches the terminal: raw mode and the
//! alternate screen in and out (also on panic and on SIGTERM/SIGHUP), and
//! the event loop.

use std::io::{self, IsTerminal, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::{Outgoing, SourceLink};
use super::background::Background;
use super::{Action, App, Stories, TuiOptions, begin, import_now, serve_with_imports, view};
use crossterm::clipboard::CopyToClipboard;
use crossterm::cursor::{MoveTo, RestorePosition, SavePosition};
use crossterm::style::Print;

/// How often the library is looked at for stories added or removed by
/// another process.
const LIBRARY_CHECK: Duration = Duration::from_secs(1);

/// How often the loop wakes without input, to notice a signal.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);
/// How often it wakes while a search runs, to show what it found: a frame.
const FRAME: Duration = Duration::from_millis(16);

/// Leaves the terminal as it found it when dropped, whichever way the run
/// ends.
struct Guard {
    mouse: bool,
}

impl Guard {
    fn enter(mouse: bool) -> io::Result<Guard> {
        enable_raw_mode()?;
        let guard = Guard { mouse };
        take_screen(mouse)?;
        Ok(guard)
    }

    /// Ctrl-Z or SIGTSTP, as vim and less do it: the terminal given back,
    /// hark stopped until the shell's `fg` continues it, and the terminal
    /// taken again. The caller redraws everything: the shell has written
    /// over the screen meanwhile.
    fn suspend(&self) -> io::Result<()> {
        restore(self.mouse);
        // Stops here, as the default action of SIGTSTP would (which the
        // handler replaced), until SIGCONT.
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        self.retake()
    }

    /// Raw mode and the alternate screen again, after a stop.
    fn retake(&self) -> io::Result<()> {
        enable_raw_mode()?;
        take_screen(self.mouse)
    }
}

fn take_screen(mouse: bool) -> io::Result<()> {
    // Bracketed paste: a pasted block arrives as one event, so it is one
    // edit and one search rather than one per character.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

/// Best effort: every step runs even if one fails, since this may be the
/// last thing hark does.
fn restore(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

fn install_panic_hook(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        previous(info);
    }));
}

/// The signals the loop checks between events, so that the terminal is
/// restored before hark goes or stops.
struct Signals {
    /// The signal that asked hark to end, or 0.
    stop: Arc<AtomicUsize>,
    /// SIGTSTP (`kill -TSTP`; in raw mode Ctrl-Z comes as a key instead).
    suspend: Arc<AtomicBool>,
    /// SIGCONT after a stop hark did not make itself (`kill -STOP`): the
    /// shell may have set the terminal back to cooked mode meanwhile.
    resumed: Arc<AtomicBool>,
}

fn signals() -> io::Result<Signals> {
    let signals = Signals {
        stop: Arc::new(AtomicUsize::new(0)),
        suspend: Arc::new(AtomicBool::new(false)),
        resumed: Arc::new(AtomicBool::new(false)),
    };
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register_usize(signal, Arc::clone(&signals.stop), signal as usize)?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&signals.suspend))?;
    signal_hook::flag::register(signal_hook::consts::SIGCONT, Arc::clone(&signals.resumed))?;
    Ok(signals)
}

/// Ctrl-Z suspends in every pane, as the terminal itself would outside
/// raw mode; like Ctrl-C it is not the keymap's.
fn is_suspend_key(event: &Event) -> bool {
    matches!(event, Event::Key(key)
        if key.code == KeyCode::Char('z')
            && key.modifiers == KeyModifiers::CONTROL
            && key.kind != KeyEventKind::Release)
}

pub(crate) fn run(options: TuiOptions) -> anyhow::Result<()> {
    // Frames written into a pipe or a file help nobody and would leave
    // escape codes where the caller expected text.
    if !io::stdout().is_terminal() {
        anyhow::bail!(needs_a_terminal("standard output is not one"));
    }
    let signals = signals()?;
    install_panic_hook(options.mouse);
    run_restoring(options, &signals)?;
    // Whoever sent the signal should see hark die of it, as it would have
    // without a handler, now that the terminal is back.
    let signal = signals.stop.load(Ordering::Relaxed);
    if signal != 0 {
        signal_hook::low_level::emulate_default_handler(signal as i32)?;
    }
    Ok(())
}

/// What to say when there is no terminal to draw on: hark's other
/// commands work without one.
fn needs_a_terminal(why: &str) -> String {
    format!(
        "hark's reader needs a terminal ({why}). Without one, use `hark import`, \
         `hark list`, `hark show ID`, `hark quotes`, `hark speakers` or `hark parse`"
    )
}

fn run_restoring(options: TuiOptions, signals: &Signals) -> anyhow::Result<()> {
    // With stdout on a terminal, raw mode can still fail: no controlling
    // terminal (cron, `setsid`) gives only "No such device or address".
    let guard = Guard::enter(options.mouse).map_err(|err| {
        anyhow::anyhow!(needs_a_terminal(&format!(
            "it could not take the terminal: {err}"
        )))
    })?;
    // crossterm starts listening for SIGWINCH on its first poll; doing that
    // before the first frame means a resize is either seen by that frame's
    // size query or arrives as an event, never lost in between.
    event::poll(Duration::ZERO)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mouse = options.mouse;
    let (mut app, mut source) = begin(options, (size.width, size.height));
    let mut background = Background::default();
    serve_in_background(&mut app, source.as_mut(), &mut background);
    let clipboards = Clipboards::from_env();
    let mut library_checked = Instant::now();
    let mut dirty = true;
    while !app.quitting() && signals.stop.load(Ordering::Relaxed) == 0 {
        if signals.suspend.swap(false, Ordering::Relaxed) {
            guard.suspend()?;
            signals.resumed.store(false, Ordering::Relaxed);
            terminal = redraw_all()?;
            dirty = true;
        }
        if signals.resumed.swap(false, Ordering::Relaxed) {
            guard.retake()?;
            terminal = redraw_all()?;
            dirty = true;
        }
        if dirty {
            draw(&mut terminal, &mut app)?;
            dirty = false;
            // What the frame asked for (rows new on screen, the story to
            // preview) is read after it is up: a frame never waits for a
            // read, and the next one shows what came.
            if app.has_requests() {
                serve_in_background(&mut app, source.as_mut(), &mut background);
                dirty = true;
            }
        }
        // A frame still to draw (what the last one asked for has come)
        // waits for no key.
        let wait = if dirty {
            Duration::ZERO
        } else if background.busy() {
            FRAME
        } else {
            SIGNAL_CHECK
        };
        if event::poll(wait)? {
            // Everything already waiting is handled before the next frame,
            // so a held key or a burst of resizes costs one draw.
            loop {
                let event = event::read()?;
                if is_suspend_key(&event) {
                    signals.suspend.store(true, Ordering::Relaxed);
                    break;
                }
                dirty |= handle(&mut app, source.as_mut(), &mut background, event);
                for outgoing in app.take_outgoing() {
                    if let Outgoing::Edit { id, form } = &outgoing {
                        edit_outside(&mut terminal, mouse, &mut app, id, form)?;
                        serve_in_background(&mut app, source.as_mut(), &mut background);
                        continue;
                    }
                    let said = deliver_with(
                        outgoing,
                        terminal.backend_mut(),
                        Path::new("."),
                        &clipboards,
                    )?;
                    if let Some(said) = said {
                        app.say(said);
                    }
                }
                if app.quitting() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            // The keys have stopped: now the selected story is worth
            // loading for the preview.
            app.settle();
            serve_in_background(&mut app, source.as_mut(), &mut background);
        }
        // Stories imported or removed by another process show up by
        // themselves: one look at the folder's time every second.
        if library_checked.elapsed() >= LIBRARY_CHECK {
            library_checked = Instant::now();
            app.check_library();
            serve_in_background(&mut app, source.as_mut(), &mut background);
            dirty = true;
        }
        if background.deliver(&mut app) {
            // Matches may have changed the list's selection: preview it,
            // once the frame that shows them is up.
            app.settle();
            dirty = true;
        }
    }
    Ok(())
}

/// `serve`, with searches and imports sent to threads: an import may wait
/// for another hark's, and the screen (and Ctrl-C) must not wait with it.
fn serve_in_background(app: &mut App, source: &mut dyn Stories, background: &mut Background) {
    let mut imports = Vec::new();
    serve_with_imports(
        app,
        source,
        &mut |_, source, generation, job| background.submit(source.search(), generation, job),
        &mut |app, source, ids| match source.import_job(&ids) {
            Some(job) => {
                app.say("importing…");
                imports.push(job);
            }
            None => import_now(app, source, &ids),
        },
    );
    for job in imports {
        background.submit_import(job);
    }
}

/// Where a copy can go besides the terminal itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clipboards {
    /// Inside tmux (`$TMUX` set): tmux drops OSC 52 in its default setup,
    /// so the text goes to its buffer by `tmux load-buffer`.
    pub tmux: Option<Vec<String>>,
    /// A command that fills the system clipboard from its input, on a
    /// desktop session hark runs on directly (not over SSH).
    pub system: Option<Vec<String>>,
}

impl Clipboards {
    /// What this session has: tmux by `$TMUX`, a desktop clipboard by
    /// `$WAYLAND_DISPLAY` or `$DISPLAY` when not over SSH.
    pub(crate) fn from_env() -> Clipboards {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let words = |text: &str| text.split(' ').map(String::from).collect::<Vec<_>>();
        let tmux = set("TMUX").then(|| words("tmux load-buffer -w -"));
        let remote = set("SSH_CONNECTION") || set("SSH_TTY");
        let system = match () {
            _ if remote => None,
            _ if set("WAYLAND_DISPLAY") => Some(words("wl-copy")),
            _ if set("DISPLAY") => Some(words("xclip -selection clipboard")),
            _ if cfg!(target_os = "macos") => Some(words("pbcopy")),
            _ => None,
        };
        Clipboards { tmux, system }
    }
}

/// Where a copy went, as the status line says it.
fn copied(what: &str, to_tmux: bool, to_system: bool) -> String {
    match (to_tmux, to_system) {
        (true, _) => format!("copied {what} to tmux's buffer"),
        (false, true) => format!("copied {what} to the clipboard"),
        (false, false) => format!("sent {what} to the terminal's clipboard (OSC 52)"),
    }
}

/// Runs `command` with `text` on its input; whether it took it. Its
/// output goes nowhere: the screen is hark's.
fn pipe_to(command: &[String], text: &str) -> bool {
    let Some((program, args)) = command.split_first() else {
        return false;
    };
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return false };
    let written = child
        .stdin
        .take()
        .is_some_and(|mut input| input.write_all(text.as_bytes()).is_ok());
    child.wait().is_ok_and(|status| status.success()) && written
}

/// Hands a copy to tmux or the system clipboard where there is one, and
/// else to the terminal as OSC 52; or writes an export beside the reader.
/// Returns what the status line should say.
pub fn deliver_with(
    outgoing: Outgoing,
    terminal: &mut impl Write,
    folder: &Path,
    clipboards: &Clipboards,
) -> io::Result<Option<String>> {
    match outgoing {
        Outgoing::Clipboard { text, what } => {
            let to_tmux = clipboards.tmux.as_ref().is_some_and(|c| pipe_to(c, &text));
            let to_system = !to_tmux
                && clipboards
                    .system
                    .as_ref()
                    .is_some_and(|c| pipe_to(c, &text));
            if !to_tmux && !to_system {
                execute!(terminal, CopyToClipboard::to_clipboard_from(text))?;
            }
            Ok(Some(copied(&what, to_tmux, to_system)))
        }
        Outgoing::OpenUrl(url) => Ok(Some(open_url(&url, terminal)?)),
        Outgoing::Export { path, markdown } => Ok(Some(export(folder, &path, &markdown))),
        Outgoing::Edit { .. } => Ok(Some("an editor needs the terminal".into())),
        Outgoing::Play { url, seconds } => Ok(super::player::play(&url, seconds)),
    }
}

/// Leaves the screen to the reader's editor on a story's corrections form
/// and takes it back, whole, when the editor ends.
fn edit_outside(
    terminal: &mut Term,
    mouse: bool,
    app: &mut App,
    id: &str,
    form: &str,
) -> io::Result<()> {
    restore(mouse);
    let edited = super::editor::edit(form, "fix.toml");
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    // A blank screen and a terminal that knows it, so the next frame is
    // drawn whole. (`Terminal::clear` would ask the terminal where its
    // cursor is, which not every terminal answers.)
    *terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    match edited {
        Ok(Some(text)) => app.fix_edited(id, &text),
        Ok(None) => app.say("the editor failed: nothing fixed"),
        Err(err) => app.say(format!("could not run an editor: {err}")),
    }
    Ok(())
}

/// Writes the source link over the cells ratatui drew it in, this time as
/// an OSC 8 hyperlink: a click opens it, even over SSH, in terminals that
/// know OSC 8; the others show the same text.
fn hyperlink(out: &mut impl Write, link: &SourceLink) -> io::Result<()> {
    queue!(
        out,
        SavePosition,
        MoveTo(link.column, link.row),
        Print(osc8(link)),
        RestorePosition
    )
}

/// The link's text, dim, wrapped in OSC 8. `link.url` is printable ASCII
/// (see `link_safe`), so it cannot end the escape early.
pub(crate) fn osc8(link: &SourceLink) -> String {
    format!(
        "\x1b]8;;{}\x1b\\\x1b[2m{}\x1b[0m\x1b]8;;\x1b\\",
        link.url,
        crate::story::sanitize::clean_line(&link.text)
    )
}

/// Opens `url` in `$BROWSER` when hark runs on the reader's own machine.
/// Over SSH a browser here would open on the wrong screen: the link under
/// the transcript is there to click, and it goes to the clipboard too.
fn open_url(url: &str, terminal: &mut impl Write) -> io::Result<String> {
    let over_ssh = ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"]
        .iter()
        .any(|v| std::env::var_os(v).is_some());
    let browser = std::env::var("BROWSER").ok().and_then(|b| {
        let first = b.split(':').next()?.trim().to_string();
        (!first.is_empty()).then_some(first)
    });
    if let (false, Some(browser)) = (over_ssh, browser) {
        let spawned = browser_command(&browser, url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Ok(mut child) = spawned {
            // Reaped off the UI thread, so it never lingers as a zombie.
            std::thread::spawn(move || child.wait());
            return Ok(format!("opened the story's page in {browser}"));
        }
    }
    execute!(terminal, CopyToClipboard::to_clipboard_from(url))?;
    Ok("copied the story's address; click the link under the transcript".into())
}

/// `$BROWSER` may hold `%s` where the address goes, else it comes last.
fn browser_command(browser: &str, url: &str) -> std::process::Command {
    let mut words = browser.split_whitespace();
    let mut command = std::process::Command::new(words.next().unwrap_or(browser));
    let mut placed = false;
    for word in words {
        if word.contains("%s") {
            command.arg(word.replace("%s", url));
            placed = true;
        } else {
            command.arg(word);
        }
    }
    if !placed {
        command.arg(url);
    }
    command
}

/// Writes `markdown` to `typed`, a path the reader chose (`~/` is their
/// home, a relative path is taken from `folder`), or beside it as
/// `name-2.md`, `name-3.md`, ... when a file is there: an export never
/// overwrites anything. Says where it went, as an absolute path, or why
/// not, naming the path.
fn export(folder: &Path, typed: &Path, markdown: &str) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = match (typed.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => folder.join(typed),
    };
    let path = std::path::absolute(&path).unwrap_or(path);
    for n in 1..1000 {
        let target = numbered(&path, n);
        match write_new(&target, markdown.as_bytes()) {
            Ok(()) if n == 1 => return format!("exported to {}", target.display()),
            Ok(()) => {
                let taken = path.file_name().unwrap_or_default().to_string_lossy();
                return format!(
                    "exported to {} ({taken} was there already)",
                    target.display()
                );
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return format!("could not export to {}: {err}", target.display()),
        }
    }
    format!(
        "could not export to {}: every numbered name is taken",
        path.display()
    )
}

/// `path` itself for 1, else with `-n` before its extension.
fn numbered(path: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// Writes `bytes` to a hidden file beside `target`, then links it in
/// under its name, which fails if a file has it: whole, and never over
/// another file.
fn write_new(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temp = target.with_file_name(format!(".hark-tmp-{}-{name}", std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    // A file system without hard links (FAT, some network shares) gets a
    // rename, after a look that nothing has the name.
    let linked = written.and_then(|()| match std::fs::hard_link(&temp, target) {
        Err(err) if err.kind() != io::ErrorKind::AlreadyExists && !target.exists() => {
            std::fs::rename(&temp, target)
        }
        linked => linked,
    });
    let _ = std::fs::remove_file(&temp);
    linked
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// A terminal whose next frame writes every cell, for a screen that
/// someone else has written over. (`Terminal::clear` would ask the
/// terminal where its cursor is, and not every terminal answers.)
fn redraw_all() -> io::Result<Term> {
    execute!(io::stdout(), Clear(ClearType::All))?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

fn draw(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| view::draw(frame, app))?;
    if let Some(link) = app.source_link() {
        hyperlink(terminal.backend_mut(), &link)?;
    }
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}

/// Whether the event changed anything worth a new frame.
fn handle(
    app: &mut App,
    source: &mut dyn Stories,
    background: &mut Background,
    event: Event,
) -> bool {
    let action = match event {
        Event::Key(key) => app.keymap().lookup(&app.contexts(), key),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => {
            app.resize(width, height);
            serve_in_background(app, source, background);
            return true;
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Wheel {
                down: mouse.kind == MouseEventKind::ScrollDown,
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        _ => None,
    };
    match action {
        Some(action) => {
            app.update(action);
            serve_in_background(app, source, background);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn the_link_is_an_osc8_hyperlink_around_its_text() {
        let link = SourceLink {
            column: 3,
            row: 20,
            text: "https://a.example/x…".into(),
            url: "https://a.example/xyz".into(),
        };
        assert_eq!(
            osc8(&link),
            "\x1b]8;;https://a.example/xyz\x1b\\\x1b[2mhttps://a.example/x…\x1b[0m\x1b]8;;\x1b\\"
        );
    }

    #[test]
    fn browser_gets_the_address_where_it_asks_for_it() {
        let args = |c: std::process::Command| -> Vec<String> {
            c.get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            args(browser_command("firefox", "https://a/")),
            ["https://a/"]
        );
        assert_eq!(
            args(browser_command("open -a Safari %s", "https://a/")),
            ["-a", "Safari", "https://a/"]
        );
    }
}

//! Every key hark answers to, as data: the event loop looks keys up in a
//! `Keymap` and the help overlay is printed from the same one, so the two
//! cannot disagree, even after config.toml rebinds keys.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::sync::LazyLock;

use tui_textarea::Input;

use crate::config::KeyBinding;

/// Where a key applies. Earlier contexts in `App::contexts` win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Help,
    Picker,
    Filter,
    List,
    Transcript,
    Quotes,
    Speakers,
    /// Any pane or view, when no binding of its own took the key.
    Panes,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Help => "Help",
            Context::Picker => "Speaker picker",
            Context::Filter => "Filter bar",
            Context::List => "Story list",
            Context::Transcript => "Transcript",
            Context::Quotes => "Quotes view",
            Context::Speakers => "Speakers view",
            Context::Panes => "All panes",
        }
    }

    /// The name of a `[keys.NAME]` section in config.toml.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Help => "help",
            Context::Picker => "picker",
            Context::Filter => "filter",
            Context::List => "list",
            Context::Transcript => "transcript",
            Context::Quotes => "quotes",
            Context::Speakers => "speakers",
            Context::Panes => "panes",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextTurn,
    PrevTurn,
    NextMatch,
    PrevMatch,
    Open,
    StartFilter,
    ClearFilter,
    FilterAccept,
    FilterCancel,
    /// A key the filter bar's text widget edits with.
    FilterKey(Input),
    /// Text pasted into the terminal, as one edit.
    Paste(String),
    /// Shows every turn with the matches marked, or only the matching ones.
    ToggleContext,
    /// Reads the library again: stories imported or removed meanwhile.
    Reload,
    /// Orders the story list by the next key.
    SortList,
    /// Orders the quotes view by the next key.
    SortQuotes,
    /// Marks the story read, or unread again.
    ToggleRead,
    /// Stars the story, or takes the star away.
    ToggleStar,
    /// Shows every story, then only the unread, then only the starred.
    CycleListShow,
    /// Each speaker's share of the open story's words, as bars.
    ShowTalkShare,
    OpenPicker,
    PickerAccept,
    ToggleHelp,
    CloseOverlay,
    Import,
    /// Opens the open story's title, date, program and speakers in the
    /// reader's editor, to correct them.
    Fix,
    /// Copies the marked turn, attributed, to the terminal's clipboard.
    Copy,
    /// Writes the turns on show to a Markdown file.
    Export,
    /// Opens the open story's web page: in $BROWSER when local, else the
    /// link under the transcript is there to click.
    OpenSource,
    /// The quotes view: matching turns from every story.
    ShowQuotes,
    /// The speakers view: everyone in the library.
    ShowSpeakers,
    /// Orders the speakers view by the next column.
    SortSpeakers,
    /// Leaves the quotes or speakers view.
    Back,
    /// Asks for a time (`mm:ss`) and moves to the turn spoken then.
    StartJump,
    /// Opens the story's audio at the marked turn in the player.
    PlayAudio,
    /// Wheel over the screen cell (column, row).
    Wheel {
        down: bool,
        column: u16,
        row: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: KeyBinding,
    pub action: Action,
    pub description: &'static str,
}

const fn key(
    context: Context,
    code: KeyCode,
    action: Action,
    description: &'static str,
) -> Binding {
    Binding {
        context,
        key: KeyBinding::plain(code),
        action,
        description,
    }
}

const fn ctrl(context: Context, c: char, action: Action, description: &'static str) -> Binding {
    Binding {
        context,
        key: KeyBinding::ctrl(c),
        action,
        description,
    }
}

use Action as A;
use Context as C;
use KeyCode as K;

/// The keys hark starts with; config.toml may rebind all but `FIXED`.
pub const KEYMAP: &[Binding] = &[
    ctrl(C::Global, 'c', A::Quit, "quit"),
    key(C::Help, K::Esc, A::CloseOverlay, "close help"),
    key(C::Help, K::Char('?'), A::CloseOverlay, "close help"),
    key(C::Help, K::Char('q'), A::CloseOverlay, "close help"),
    key(C::Help, K::Char('j'), A::Down, "scroll help"),
    key(C::Help, K::Down, A::Down, "scroll help"),
    key(C::Help, K::Char('k'), A::Up, "scroll help"),
    key(C::Help, K::Up, A::Up, "scroll help"),
    key(C::Picker, K::Char('j'), A::Down, "next speaker"),
    key(C::Picker, K::Down, A::Down, "next speaker"),
    key(C::Picker, K::Char('k'), A::Up, "previous speaker"),
    key(C::Picker, K::Up, A::Up, "previous speaker"),
    key(
        C::Picker,
        K::Enter,
        A::PickerAccept,
        "filter to this speaker",
    ),
    key(C::Picker, K::Esc, A::CloseOverlay, "close the picker"),
    key(C::Picker, K::Char('q'), A::CloseOverlay, "close the picker"),
    key(
        C::Filter,
        K::Enter,
        A::FilterAccept,
        "keep the filter, back to the pane",
    ),
    key(
        C::Filter,
        K::Esc,
        A::FilterCancel,
        "undo the edit, back to the pane",
    ),
    key(C::List, K::Enter, A::Open, "open the story"),
    key(C::List, K::Right, A::Open, "open the story"),
    key(
        C::List,
        K::Char('o'),
        A::SortList,
        "order by air date, title, program, station, imported",
    ),
    key(C::List, K::Char('m'), A::ToggleRead, "mark read or unread"),
    key(C::List, K::Char('*'), A::ToggleStar, "star or unstar"),
    key(
        C::List,
        K::Char('u'),
        A::CycleListShow,
        "show all stories, only unread, only starred",
    ),
    key(C::Transcript, K::Char(']'), A::NextTurn, "next turn"),
    key(
        C::Transcript,
        K::Char('y'),
        A::Copy,
        "copy the marked turn, attributed",
    ),
    key(
        C::Transcript,
        K::Char('e'),
        A::Export,
        "export the turns shown as Markdown",
    ),
    key(
        C::Transcript,
        K::Char('F'),
        A::Fix,
        "fix the title, date, program or speakers",
    ),
    key(
        C::Transcript,
        K::Char('o'),
        A::OpenSource,
        "open the story's web page",
    ),
    key(C::Transcript, K::Char('['), A::PrevTurn, "previous turn"),
    key(
        C::Transcript,
        K::Char('m'),
        A::ToggleRead,
        "mark read or unread",
    ),
    key(C::Transcript, K::Char('*'), A::ToggleStar, "star or unstar"),
    key(
        C::Transcript,
        K::Char('w'),
        A::ShowTalkShare,
        "who talks how much: each speaker's share of the words",
    ),
    key(C::Transcript, K::Char('n'), A::NextMatch, "next match"),
    key(
        C::Transcript,
        K::Char('c'),
        A::ToggleContext,
        "every turn with matches marked, or matches only",
    ),
    key(C::Transcript, K::Char('h'), A::Back, "back"),
    key(C::Transcript, K::Left, A::Back, "back"),
    key(C::Transcript, K::Backspace, A::Back, "back"),
    key(C::Transcript, K::Char('N'), A::PrevMatch, "previous match"),
    key(
        C::Transcript,
        K::Char('s'),
        A::OpenPicker,
        "pick a speaker to filter to",
    ),
    key(
        C::Transcript,
        K::Char('t'),
        A::StartJump,
        "jump to a time typed as mm:ss",
    ),
    key(
        C::Transcript,
        K::Char('p'),
        A::PlayAudio,
        "play the audio from the marked turn",
    ),
    key(C::Transcript, K::Char(' '), A::PageDown, "page down"),
    key(C::Transcript, K::Char('b'), A::PageUp, "page up"),
    key(C::Panes, K::Char('j'), A::Down, "down"),
    key(C::Panes, K::Down, A::Down, "down"),
    key(C::Panes, K::Char('k'), A::Up, "up"),
    key(C::Panes, K::Up, A::Up, "up"),
    key(C::Panes, K::PageDown, A::PageDown, "page down"),
    ctrl(C::Panes, 'd', A::PageDown, "page down"),
    key(C::Panes, K::PageUp, A::PageUp, "page up"),
    ctrl(C::Panes, 'u', A::PageUp, "page up"),
    key(C::Panes, K::Char('g'), A::Top, "top"),
    key(C::Panes, K::Home, A::Top, "top"),
    key(C::Panes, K::Char('G'), A::Bottom, "bottom"),
    key(C::Panes, K::End, A::Bottom, "bottom"),
    key(C::Panes, K::Tab, A::FocusNext, "next pane"),
    key(C::Panes, K::BackTab, A::FocusPrev, "previous pane"),
    key(
        C::Panes,
        K::Char('/'),
        A::StartFilter,
        "filter this pane: @name, words, \"phrases\"",
    ),
    key(C::Panes, K::Esc, A::ClearFilter, "clear this pane's filter"),
    key(C::Quotes, K::Enter, A::Open, "open the story at this quote"),
    key(
        C::Quotes,
        K::Char('y'),
        A::Copy,
        "copy the quote, attributed",
    ),
    key(
        C::Quotes,
        K::Char('e'),
        A::Export,
        "export the quotes as Markdown",
    ),
    key(C::Quotes, K::Esc, A::Back, "back"),
    key(C::Quotes, K::Char('q'), A::Back, "back"),
    key(C::Quotes, K::Char('Q'), A::Back, "back"),
    key(C::Quotes, K::Tab, A::Back, "back"),
    key(C::Quotes, K::BackTab, A::Back, "back"),
    key(C::Quotes, K::Char('n'), A::NextMatch, "next match"),
    key(C::Quotes, K::Char('N'), A::PrevMatch, "previous match"),
    key(
        C::Quotes,
        K::Char('o'),
        A::SortQuotes,
        "order by air date, story or speaker",
    ),
    key(C::Speakers, K::Enter, A::Open, "quotes by this speaker"),
    key(
        C::Speakers,
        K::Char('s'),
        A::SortSpeakers,
        "sort by turns, words, stories or name",
    ),
    key(C::Speakers, K::Esc, A::Back, "back"),
    key(C::Speakers, K::Char('q'), A::Back, "back"),
    key(C::Speakers, K::Char('S'), A::Back, "back"),
    key(C::Speakers, K::Tab, A::Back, "back"),
    key(C::Speakers, K::BackTab, A::Back, "back"),
    key(
        C::Panes,
        K::Char('Q'),
        A::ShowQuotes,
        "quotes from every story",
    ),
    key(
        C::Panes,
        K::Char('S'),
        A::ShowSpeakers,
        "speakers across the library",
    ),
    key(C::Panes, K::Char('i'), A::Import, "import into the library"),
    key(C::Panes, K::Char('r'), A::Reload, "reload the library"),
    key(C::Panes, K::Char('?'), A::ToggleHelp, "show this help"),
    key(C::Panes, K::Char('q'), A::Quit, "quit"),
];

/// Ctrl-C quits from anywhere whatever config.toml says, so no remap can
/// lock the reader in.
pub const FIXED: KeyBinding = KeyBinding::ctrl('c');

/// Ctrl-Z suspends hark, as the terminal would outside raw mode: the
/// terminal layer takes it before any keymap sees it.
pub const SUSPEND: KeyBinding = KeyBinding::ctrl('z');

/// The keys in force: the defaults with config.toml's `[keys]` applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: KEYMAP.to_vec(),
        }
    }
}

/// One remapped key, with whether config.toml chose it.
type Entry = (Binding, bool);

impl Keymap {
    /// Each remap replaces its action's keys in every context that binds
    /// the action by default, or in one context when named `list.open`.
    /// A key chosen in config.toml wins over a default on the same key.
    pub fn from_config(remaps: &[(String, Vec<KeyBinding>)]) -> Result<Keymap, String> {
        let mut entries: Vec<Entry> = KEYMAP.iter().map(|b| (b.clone(), false)).collect();
        for (name, keys) in remaps {
            remap(&mut entries, name, keys)?;
        }
        let chosen: Vec<Binding> = entries
            .iter()
            .filter(|e| e.1)
            .map(|e| e.0.clone())
            .collect();
        for (i, a) in chosen.iter().enumerate() {
            let clash = chosen[i + 1..]
                .iter()
                .find(|b| a.context == b.context && a.key == b.key && a.action != b.action);
            if let Some(b) = clash {
                return Err(format!(
                    "[keys]: `{}` is bound to both `{}` and `{}` ({})",
                    a.key,
                    a.action.name().unwrap_or("?"),
                    b.action.name().unwrap_or("?"),
                    a.context.title()
                ));
            }
        }
        entries.retain(|(binding, user)| {
            *user
                || !chosen
                    .iter()
                    .any(|c| c.key == binding.key && hidden_by(binding.context, c.context))
        });
        Ok(Keymap {
            bindings: entries.into_iter().map(|e| e.0).collect(),
        })
    }

    /// The action `event` means in the first of `contexts` that binds it.
    /// Keys the filter bar does not bind go to its text widget.
    pub fn lookup(&self, contexts: &[Context], event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        for &context in contexts {
            if let Some(action) = self.bound(context, &event) {
                return Some(action);
            }
            if context == Context::Filter {
                return self.filter_key(event);
            }
        }
        None
    }

    fn bound(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.key.matches(event))
            .map(|b| b.action.clone())
    }

    /// Enter in any spelling (Ctrl-M, Ctrl-J) means what Enter means: the
    /// bar holds one line, so a newline never goes into it.
    fn filter_key(&self, event: KeyEvent) -> Option<Action> {
        let input = Input::from(event);
        let newline = matches!(input.key, tui_textarea::Key::Char('m' | 'j')) && input.ctrl
            || matches!(
                input.key,
                tui_textarea::Key::Enter | tui_textarea::Key::Char('\n' | '\r')
            );
        match newline {
            true => self.bound(Context::Filter, &KeyEvent::from(KeyCode::Enter)),
            false => Some(Action::FilterKey(input)),
        }
    }

    /// The keys bound to `action` in `context`, as the help writes them.
    pub fn labels(&self, context: Context, action: &Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == *action)
            .map(|b| key_label(&b.key))
            .collect()
    }

    /// The first key bound to `action` in `context`, for hints such as
    /// "press / to filter", which must not name a key remapped away.
    pub fn key(&self, context: Context, action: &Action) -> String {
        let labels = self.labels(context, action);
        labels
            .into_iter()
            .next()
            .unwrap_or_else(|| format!("({} is unbound)", action.name().unwrap_or("?")))
    }

    /// The help overlay's rows: per context, each action once with all its keys.
    pub fn help_rows(&self) -> Vec<(Context, String, &'static str)> {
        let mut rows: Vec<(Context, String, &'static str)> = Vec::new();
        for binding in &self.bindings {
            let label = key_label(&binding.key);
            let same = rows
                .iter_mut()
                .find(|(c, _, d)| *c == binding.context && *d == binding.description);
            match same {
                Some((_, keys, _)) => {
                    keys.push(' ');
                    keys.push_str(&label);
                }
                None => rows.push((binding.context, label, binding.description)),
            }
        }
        rows.sort_by_key(|(context, _, _)| HELP_ORDER.iter().position(|c| c == context));
        rows
    }

    /// Every action that config.toml can rebind, with its keys in each
    /// context that binds it.
    pub fn by_action(&self) -> Vec<(&'static str, Vec<ContextKeys>)> {
        let mut actions: Vec<(&str, Vec<ContextKeys>)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.key != FIXED) {
            let Some(name) = b.action.name() else {
                continue;
            };
            let at = match actions.iter().position(|(n, _)| *n == name) {
                Some(at) => at,
                None => {
                    actions.push((name, Vec::new()));
                    actions.len() - 1
                }
            };
            let contexts = &mut actions[at].1;
            match contexts.iter_mut().find(|c| c.context == b.context) {
                Some(c) => c.keys.push(b.key),
                None => contexts.push(ContextKeys {
                    context: b.context,
                    keys: vec![b.key],
                    description: b.description,
                }),
            }
        }
        actions
    }
}

/// An action's keys in one context, and what the action does there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextKeys {
    pub context: Context,
    pub keys: Vec<KeyBinding>,
    pub description: &'static str,
}

/// Replaces `name`'s keys where it is bound by default, keeping its place
/// in the table so the help keeps its order.
fn remap(entries: &mut Vec<Entry>, name: &str, keys: &[KeyBinding]) -> Result<(), String> {
    let (only, action) = match name.split_once('.') {
        Some((context, action)) => (Some(context), action),
        None => (None, name),
    };
    if action != "quit" && keys.contains(&FIXED) {
        return Err(format!("[keys] {name}: {FIXED} always quits"));
    }
    if keys.contains(&SUSPEND) {
        return Err(format!("[keys] {name}: {SUSPEND} always suspends"));
    }
    let mut targets: Vec<&Binding> = Vec::new();
    for b in KEYMAP
        .iter()
        .filter(|b| b.key != FIXED && b.action.name() == Some(action))
    {
        if only.is_none_or(|c| c == b.context.name())
            && !targets.iter().any(|t| t.context == b.context)
        {
            targets.push(b);
        }
    }
    if targets.is_empty() {
        return Err(format!("[keys]: no action `{name}`"));
    }
    for target in targets {
        let is_target = |b: &Binding| b.context == target.context && b.action == target.action;
        let at = entries
            .iter()
            .position(|e| is_target(&e.0))
            .unwrap_or(entries.len());
        entries.retain(|e| !is_target(&e.0));
        let new = keys.iter().map(|&key| {
            let binding = Binding {
                key,
                ..target.clone()
            };
            (binding, true)
        });
        entries.splice(at.min(entries.len())..at.min(entries.len()), new);
    }
    Ok(())
}

/// Whether a key chosen in `chosen` should take the same key away from a
/// default in `context`: in the same context, or in one looked up before
/// it (each pane's own keys come before the keys both panes share).
fn hidden_by(context: Context, chosen: Context) -> bool {
    context == chosen
        || chosen == Context::Panes
            && matches!(
                context,
                Context::List | Context::Transcript | Context::Quotes | Context::Speakers
            )
}

static DEFAULT: LazyLock<Keymap> = LazyLock::new(Keymap::default);

/// `Keymap::lookup` on the default keys.
pub fn lookup(contexts: &[Context], event: KeyEvent) -> Option<Action> {
    DEFAULT.lookup(contexts, event)
}

/// `Keymap::help_rows` of the default keys.
pub fn help_rows() -> Vec<(Context, String, &'static str)> {
    DEFAULT.help_rows()
}

/// How a key is written in the help overlay; config.toml accepts it too.
pub fn key_label(key: &KeyBinding) -> String {
    let name = match key.code {
        K::Char(' ') => "Space".to_string(),
        K::Char(c) => c.to_string(),
        K::Enter => "Enter".into(),
        K::Esc => "Esc".into(),
        K::Tab => "Tab".into(),
        K::BackTab => "Shift-Tab".into(),
        K::Up => "Up".into(),
        K::Down => "Down".into(),
        K::Left => "Left".into(),
        K::Right => "Right".into(),
        K::PageUp => "PgUp".into(),
        K::PageDown => "PgDn".into(),
        K::Home => "Home".into(),
        K::End => "End".into(),
        _ => return key.to_string(),
    };
    let mut label = String::new();
    for (flag, prefix) in [
        (KeyModifiers::CONTROL, "Ctrl-"),
        (KeyModifiers::ALT, "Alt-"),
    ] {
        if key.modifiers.contains(flag) {
            label.push_str(prefix);
        }
    }
    label + &name
}

/// The help reads from the keys used most to the ones used least.
const HELP_ORDER: [Context; 9] = [
    Context::Panes,
    Context::List,
    Context::Transcript,
    Context::Quotes,
    Context::Speakers,
    Context::Filter,
    Context::Picker,
    Context::Help,
    Context::Global,
];

impl Action {
    /// The name `[keys]` in config.toml uses for this action; none for
    /// actions no key is bound to by name (typing, the mouse).
    pub fn name(&self) -> Option<&'static str> {
        Some(match self {
            Action::Quit => "quit",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::NextTurn => "next_turn",
            Action::PrevTurn => "prev_turn",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::Open => "open",
            Action::StartFilter => "filter",
            Action::ClearFilter => "clear_filter",
            Action::FilterAccept => "filter_accept",
            Action::FilterCancel => "filter_cancel",
            Action::OpenPicker => "speaker_picker",
            Action::PickerAccept => "picker_accept",
            Action::ToggleHelp => "help",
            Action::CloseOverlay => "close",
            Action::Import => "import",
            Action::Fix => "fix",
            Action::Copy => "copy",
            Action::Export => "export",
            Action::OpenSource => "open_source",
            Action::ShowQuotes => "quotes_view",
            Action::ShowSpeakers => "speakers_view",
            Action::SortSpeakers => "sort_speakers",
            Action::Back => "back",
            Action::StartJump => "jump_to_time",
            Action::PlayAudio => "play",
            Action::ToggleContext => "context",
            Action::Reload => "reload",
            Action::SortList => "sort_list",
            Action::SortQuotes => "sort_quotes",
            Action::ToggleRead => "toggle_read",
            Action::ToggleStar => "toggle_star",
            Action::CycleListShow => "list_show",
            Action::ShowTalkShare => "talk_share",
            Action::FilterKey(_)
            | Action::Paste(_)
            | Action::Wheel { .. }
            | Action::Click { .. } => return None,
        })
    }
}

/// Every name `[keys]` accepts: each action, then `context.action` for
/// each context that binds it.
pub fn action_names() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let rebindable = || KEYMAP.iter().filter(|b| b.key != FIXED);
    let plain = rebindable().filter_map(|b| b.action.name().map(str::to_string));
    let qualified = rebindable().filter_map(|b| {
        let name = b.action.name()?;
        Some(format!("{}.{name}", b.context.name()))
    });
    for name in plain.chain(qualified) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn earlier_context_wins_and_shifted_letters_match() {
        let panes = [Context::Transcript, Context::Panes];
        assert_eq!(
            lookup(&panes, press(K::Char('G'), KeyModifiers::SHIFT)),
            Some(A::Bottom)
        );
        assert_eq!(
            lookup(&panes, press(K::Char(' '), KeyModifiers::NONE)),
            Some(A::PageDown)
        );
        let list = [Context::List, Context::Panes];
        assert_eq!(lookup(&list, press(K::Char(' '), KeyModifiers::NONE)), None);
    }

    #[test]
    fn filter_bar_takes_letters_but_not_enter() {
        let bar = [Context::Global, Context::Filter];
        assert!(matches!(
            lookup(&bar, press(K::Char('q'), KeyModifiers::NONE)),
            Some(A::FilterKey(_))
        ));
        for (code, m) in [
            (K::Enter, KeyModifiers::NONE),
            (K::Char('m'), KeyModifiers::CONTROL),
            (K::Char('j'), KeyModifiers::CONTROL),
        ] {
            assert_eq!(lookup(&bar, press(code, m)), Some(A::FilterAccept));
        }
        assert_eq!(
            lookup(&bar, press(K::Char('c'), KeyModifiers::CONTROL)),
            Some(A::Quit)
        );
    }

    #[test]
    fn help_rows_merge_keys_of_one_action() {
        let rows = help_rows();
        let down = rows
            .iter()
            .find(|(c, _, d)| *c == Context::Panes && *d == "down")
            .unwrap();
        assert_eq!(down.1, "j Down");
    }

    fn remapped(toml: &[(&str, &[&str])]) -> Result<Keymap, String> {
        let remaps: Vec<(String, Vec<KeyBinding>)> = toml
            .iter()
            .map(|(name, keys)| {
                let keys = keys.iter().map(|k| k.parse().unwrap()).collect();
                (name.to_string(), keys)
            })
            .collect();
        Keymap::from_config(&remaps)
    }

    fn plain(c: char) -> KeyEvent {
        press(K::Char(c), KeyModifiers::NONE)
    }

    const PANES: [Context; 3] = [Context::Global, Context::Transcript, Context::Panes];

    #[test]
    fn a_remap_replaces_the_keys_in_every_context_that_had_them() {
        let keymap = remapped(&[("quit", &["x", "ctrl-q"])]).unwrap();
        let list = [Context::Global, Context::List, Context::Panes];
        for contexts in [&PANES[..], &list] {
            assert_eq!(keymap.lookup(contexts, plain('x')), Some(A::Quit));
            assert_eq!(keymap.lookup(contexts, plain('q')), None);
            let ctrl_q = press(K::Char('q'), KeyModifiers::CONTROL);
            assert_eq!(keymap.lookup(contexts, ctrl_q), Some(A::Quit));
        }
        let bar = [Context::Global, Context::Filter];
        assert!(matches!(
            keymap.lookup(&bar, plain('x')),
            Some(A::FilterKey(_))
        ));
        let ctrl_c = press(K::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(keymap.lookup(&bar, ctrl_c), Some(A::Quit));
    }

    #[test]
    fn a_context_section_remaps_that_context_only() {
        let keymap = remapped(&[("transcript.page_down", &["f"])]).unwrap();
        assert_eq!(keymap.lookup(&PANES, plain('f')), Some(A::PageDown));
        assert_eq!(keymap.lookup(&PANES, plain(' ')), None);
        let pgdn = press(K::PageDown, KeyModifiers::NONE);
        assert_eq!(keymap.lookup(&PANES, pgdn), Some(A::PageDown));
        let list = [Context::Global, Context::List, Context::Panes];
        assert_eq!(keymap.lookup(&list, plain('f')), None);
    }

    #[test]
    fn a_chosen_key_wins_over_a_default_one() {
        // `q` and Space were quit and (in the transcript) page down.
        let keymap = remapped(&[("down", &["q"]), ("top", &["space"])]).unwrap();
        assert_eq!(keymap.lookup(&PANES, plain('q')), Some(A::Down));
        assert_eq!(keymap.lookup(&PANES, plain(' ')), Some(A::Top));
        let panes = keymap.help_rows();
        assert!(
            !panes
                .iter()
                .any(|(c, _, d)| *c == Context::Panes && *d == "quit")
        );
    }

    #[test]
    fn clashes_and_ctrl_c_are_errors() {
        let clash = remapped(&[("quit", &["x"]), ("down", &["x"])]).unwrap_err();
        assert_eq!(
            clash,
            "[keys]: `x` is bound to both `down` and `quit` (All panes)"
        );
        let ctrl_c = remapped(&[("help", &["ctrl-c"])]).unwrap_err();
        assert!(ctrl_c.contains("ctrl-c always quits"), "{ctrl_c}");
        let ctrl_z = remapped(&[("quit", &["ctrl-z"])]).unwrap_err();
        assert!(ctrl_z.contains("ctrl-z always suspends"), "{ctrl_z}");
        assert!(remapped(&[("list.next_turn", &["x"])]).is_err());
    }

    #[test]
    fn enter_in_the_bar_follows_filter_accept() {
        let keymap = remapped(&[("filter_accept", &["ctrl-s"])]).unwrap();
        let bar = [Context::Global, Context::Filter];
        let ctrl = |c| press(K::Char(c), KeyModifiers::CONTROL);
        assert_eq!(keymap.lookup(&bar, ctrl('s')), Some(A::FilterAccept));
        assert_eq!(keymap.lookup(&bar, ctrl('m')), None);
        assert_eq!(
            keymap.lookup(&bar, press(K::Enter, KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn help_lists_the_keys_in_force_in_their_old_place() {
        let keymap = remapped(&[("down", &["e", "ctrl-n"])]).unwrap();
        let rows = keymap.help_rows();
        let panes: Vec<_> = rows
            .iter()
            .filter(|(c, _, _)| *c == Context::Panes)
            .collect();
        assert_eq!(panes[0].1, "e Ctrl-n");
        assert_eq!(panes[0].2, "down");
        assert_eq!(keymap.labels(Context::Help, &A::Down), ["e", "Ctrl-n"]);
    }

    #[test]
    fn action_names_include_context_sections() {
        let names = action_names();
        assert!(names.contains(&"quit".to_string()));
        assert!(names.contains(&"transcript.page_down".to_string()));
        assert!(names.contains(&"picker.close".to_string()));
        assert!(!names.iter().any(|n| n.starts_with("global.")));
    }
}

//! Every key hark answers to, as data: the event loop looks keys up here
//! and the help overlay is printed from the same table, so the two cannot
//! disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_textarea::Input;

/// Where a key applies. Earlier contexts in `App::contexts` win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Help,
    Picker,
    Filter,
    List,
    Transcript,
    /// Either pane, when no pane-specific binding took the key.
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
            Context::Panes => "Both panes",
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
    OpenPicker,
    PickerAccept,
    ToggleHelp,
    CloseOverlay,
    Import,
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

pub struct Binding {
    pub context: Context,
    pub code: KeyCode,
    pub ctrl: bool,
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
        code,
        ctrl: false,
        action,
        description,
    }
}

const fn ctrl(context: Context, c: char, action: Action, description: &'static str) -> Binding {
    Binding {
        context,
        code: KeyCode::Char(c),
        ctrl: true,
        action,
        description,
    }
}

use Action as A;
use Context as C;
use KeyCode as K;

pub const KEYMAP: &[Binding] = &[
    ctrl(C::Global, 'c', A::Quit, "quit"),
    key(C::Help, K::Esc, A::CloseOverlay, "close help"),
    key(C::Help, K::Char('?'), A::CloseOverlay, "close help"),
    key(C::Help, K::Char('q'), A::Quit, "quit"),
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
    key(C::Picker, K::Char('q'), A::Quit, "quit"),
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
        "clear the filter, back to the pane",
    ),
    key(C::List, K::Enter, A::Open, "open the story"),
    key(C::List, K::Right, A::Open, "open the story"),
    key(C::Transcript, K::Char(']'), A::NextTurn, "next turn"),
    key(C::Transcript, K::Char('['), A::PrevTurn, "previous turn"),
    key(C::Transcript, K::Char('n'), A::NextMatch, "next match"),
    key(C::Transcript, K::Char('N'), A::PrevMatch, "previous match"),
    key(
        C::Transcript,
        K::Char('s'),
        A::OpenPicker,
        "pick a speaker to filter to",
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
    key(C::Panes, K::Char('i'), A::Import, "import into the library"),
    key(C::Panes, K::Char('?'), A::ToggleHelp, "show this help"),
    key(C::Panes, K::Char('q'), A::Quit, "quit"),
];

/// The action `event` means in the first of `contexts` that binds it.
/// Keys the filter bar does not bind go to its text widget.
pub fn lookup(contexts: &[Context], event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    for &context in contexts {
        let bound = KEYMAP
            .iter()
            .find(|b| b.context == context && b.code == event.code && b.ctrl == ctrl);
        if let Some(binding) = bound {
            return Some(binding.action.clone());
        }
        if context == Context::Filter {
            return filter_key(event);
        }
    }
    None
}

/// Enter in any spelling (Ctrl-M, Ctrl-J) accepts: the bar holds one line.
fn filter_key(event: KeyEvent) -> Option<Action> {
    let input = Input::from(event);
    let newline = matches!(input.key, tui_textarea::Key::Char('m' | 'j')) && input.ctrl
        || matches!(input.key, tui_textarea::Key::Char('\n' | '\r'));
    match newline {
        true => Some(Action::FilterAccept),
        false => Some(Action::FilterKey(input)),
    }
}

/// How a key is written in the help overlay.
pub fn key_label(binding: &Binding) -> String {
    let name = match binding.code {
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
        other => format!("{other:?}"),
    };
    match binding.ctrl {
        true => format!("Ctrl-{name}"),
        false => name,
    }
}

/// The help overlay's rows: per context, each action once with all its keys.
pub fn help_rows() -> Vec<(Context, String, &'static str)> {
    let mut rows: Vec<(Context, String, &'static str)> = Vec::new();
    for binding in KEYMAP {
        let label = key_label(binding);
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

/// The help reads from the keys used most to the ones used least.
const HELP_ORDER: [Context; 7] = [
    Context::Panes,
    Context::List,
    Context::Transcript,
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
            Action::FilterKey(_) | Action::Wheel { .. } | Action::Click { .. } => return None,
        })
    }
}

/// Every action name the keymap binds, in keymap order, each once.
pub fn action_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for name in KEYMAP.iter().filter_map(|b| b.action.name()) {
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
}

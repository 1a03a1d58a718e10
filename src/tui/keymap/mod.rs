//! Every key hark answers to, as data: the default bindings are
//! `preset.toml`, embedded in the binary and loaded as any config.toml is;
//! the event loop looks keys up in a `Keymap` and the help overlay is
//! printed from the same one, so the two cannot disagree, even after
//! config.toml rebinds keys.

mod action;
mod error;
mod preset;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use std::sync::LazyLock;

use tui_textarea::Input;

use crate::config::{KeyBinding, KeyRemap};

pub use action::{Action, Context};
pub use error::KeymapError;
pub use preset::PRESET;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: KeyBinding,
    pub action: Action,
    /// What the help says the key does here: the comment above it in
    /// `preset.toml`.
    pub description: &'static str,
}

/// Ctrl-C quits from anywhere whatever config.toml says, so no remap can
/// lock the reader in.
pub const FIXED: KeyBinding = KeyBinding::ctrl('c');

/// Ctrl-Z suspends hark, as the terminal would outside raw mode: the
/// terminal layer takes it before any keymap sees it.
pub const SUSPEND: KeyBinding = KeyBinding::ctrl('z');

/// The keys hark starts with: `FIXED`, then the preset's.
static DEFAULTS: LazyLock<Vec<Binding>> = LazyLock::new(preset::bindings);

/// The keys in force: the defaults with config.toml's `[keys]` applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
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

impl Keymap {
    /// The help's rows: per context, each description once with all the keys
    /// that do it, as the help writes them (`j Down`).
    pub fn help_rows(&self) -> Vec<(Context, String, &'static str)> {
        let mut rows: Vec<(Context, String, &'static str)> = Vec::new();
        for binding in self.bindings() {
            let label = binding.key.label();
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

    /// How many lines the help shows: a heading for each context, its
    /// rows, and a blank line between contexts (`view::help` draws them).
    pub fn help_line_count(&self) -> usize {
        let rows = self.help_rows();
        let mut contexts: Vec<Context> = rows.iter().map(|(c, _, _)| *c).collect();
        contexts.dedup();
        rows.len() + contexts.len() * 2 - usize::from(!contexts.is_empty())
    }
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: DEFAULTS.clone(),
        }
    }
}

/// One binding, with the line of config.toml that chose it, if any.
type Entry = (Binding, Option<usize>);

impl Keymap {
    /// Each remap replaces its action's keys in every context that binds
    /// the action by default, or in one context when named `list.open`.
    /// A key chosen in config.toml wins over a default on the same key.
    pub fn from_config(remaps: &[KeyRemap]) -> Result<Keymap, KeymapError> {
        let mut entries: Vec<Entry> = DEFAULTS.iter().map(|b| (b.clone(), None)).collect();
        for remap in remaps {
            apply(&mut entries, remap)?;
        }
        let chosen: Vec<(&Binding, usize)> = entries
            .iter()
            .filter_map(|(binding, line)| Some((binding, (*line)?)))
            .collect();
        check_clashes(&chosen)?;
        let chosen: Vec<Binding> = chosen.into_iter().map(|(b, _)| b.clone()).collect();
        entries.retain(|(binding, line)| {
            line.is_some()
                || !chosen
                    .iter()
                    .any(|c| c.key == binding.key && hidden_by(binding.context, c.context))
        });
        Ok(Keymap {
            bindings: entries.into_iter().map(|e| e.0).collect(),
        })
    }

    /// Every binding, in the order the help lists them.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
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
            .map(|b| b.key.label())
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
}

/// Two actions that config.toml put on one key in one context, reported
/// at the later of the two lines.
fn check_clashes(chosen: &[(&Binding, usize)]) -> Result<(), KeymapError> {
    for (i, (a, a_line)) in chosen.iter().enumerate() {
        let clash = chosen[i + 1..]
            .iter()
            .find(|(b, _)| a.context == b.context && a.key == b.key && a.action != b.action);
        if let Some((b, b_line)) = clash {
            return Err(KeymapError::Clash {
                key: a.key,
                first: a.action.name().unwrap_or("?"),
                second: b.action.name().unwrap_or("?"),
                context: a.context,
                line: (*a_line).max(*b_line),
            });
        }
    }
    Ok(())
}

/// Replaces the remap's action's keys where it is bound by default,
/// keeping its place in the table so the help keeps its order.
fn apply(entries: &mut Vec<Entry>, remap: &KeyRemap) -> Result<(), KeymapError> {
    let KeyRemap { name, keys, line } = remap;
    let (name, line) = (name.clone(), *line);
    let (only, action) = match name.split_once('.') {
        Some((context, action)) => (Some(context), action),
        None => (None, name.as_str()),
    };
    if action != "quit" && keys.contains(&FIXED) {
        return Err(KeymapError::TakesQuit { name, line });
    }
    if keys.contains(&SUSPEND) {
        return Err(KeymapError::TakesSuspend { name, line });
    }
    let targets = defaults_of(action, only);
    if targets.is_empty() {
        return Err(KeymapError::NoSuchAction { name, line });
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
            (binding, Some(line))
        });
        entries.splice(at.min(entries.len())..at.min(entries.len()), new);
    }
    Ok(())
}

/// The first default binding of the action named `action` in each context
/// that binds it, or only in the context named `only`.
fn defaults_of(action: &str, only: Option<&str>) -> Vec<&'static Binding> {
    let mut targets: Vec<&Binding> = Vec::new();
    for b in DEFAULTS
        .iter()
        .filter(|b| b.key != FIXED && b.action.name() == Some(action))
    {
        if only.is_none_or(|c| c == b.context.name())
            && !targets.iter().any(|t| t.context == b.context)
        {
            targets.push(b);
        }
    }
    targets
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

/// `Keymap::lookup` on the default keys, for tests that press keys.
#[cfg(test)]
pub(crate) fn lookup(contexts: &[Context], event: KeyEvent) -> Option<Action> {
    Keymap::default().lookup(contexts, event)
}

/// Every name `[keys]` accepts: each action, then `context.action` for
/// each context that binds it.
pub fn action_names() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let rebindable = || DEFAULTS.iter().filter(|b| b.key != FIXED);
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
    use Action as A;
    use KeyCode as K;
    use crossterm::event::KeyModifiers;

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

    /// Remaps as if written one a line, from line 1.
    fn remapped(toml: &[(&str, &[&str])]) -> Result<Keymap, KeymapError> {
        let remaps: Vec<KeyRemap> = toml
            .iter()
            .enumerate()
            .map(|(i, (name, keys))| KeyRemap {
                name: name.to_string(),
                keys: keys.iter().map(|k| k.parse().unwrap()).collect(),
                line: i + 1,
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
        assert!(
            !keymap
                .bindings()
                .iter()
                .any(|b| b.context == Context::Panes && b.action == A::Quit)
        );
    }

    #[test]
    fn clashes_and_ctrl_c_are_errors() {
        let clash = remapped(&[("quit", &["x"]), ("top", &["g"]), ("down", &["x"])]);
        let clash = clash.unwrap_err();
        assert_eq!(
            clash.to_string(),
            "[keys]: `x` is bound to both `down` and `quit` (All panes)"
        );
        assert_eq!(clash.line(), 3, "the later of the two lines");
        let ctrl_c = remapped(&[("up", &["k"]), ("help", &["ctrl-c"])]).unwrap_err();
        assert_eq!(ctrl_c.to_string(), "[keys] help: ctrl-c always quits");
        assert_eq!(ctrl_c.line(), 2);
        let ctrl_z = remapped(&[("quit", &["ctrl-z"])]).unwrap_err();
        assert_eq!(ctrl_z.to_string(), "[keys] quit: ctrl-z always suspends");
        let unbound = remapped(&[("list.next_turn", &["x"])]).unwrap_err();
        assert_eq!(unbound.to_string(), "[keys]: no action `list.next_turn`");
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
        let panes: Vec<&Binding> = keymap
            .bindings()
            .iter()
            .filter(|b| b.context == Context::Panes)
            .collect();
        assert_eq!(panes[0].key, "e".parse().unwrap());
        assert_eq!(panes[1].key, "ctrl-n".parse().unwrap());
        assert_eq!(panes[1].description, "down");
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

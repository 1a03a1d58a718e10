//! The default keys, `preset.toml`, loaded through the same config parser
//! as the reader's config.toml; `hark config --default` prints the file as
//! it is. Each binding's help text is the comment on the line above it.

use std::path::Path;
use std::str::FromStr;

use strum::VariantNames;

use super::{Action, Binding, Context, FIXED};
use crate::config::{self, KeyRemap};

/// The `[keys.CONTEXT]` sections of the default config.toml.
pub const PRESET: &str = include_str!("preset.toml");

/// `FIXED`, then the preset's bindings in the file's order. The preset is
/// part of the binary and its tests load it, so a fault in it is a bug.
pub(super) fn bindings() -> Vec<Binding> {
    let mut bindings = vec![Binding {
        context: Context::Global,
        key: FIXED,
        action: Action::Quit,
        description: "quit",
    }];
    for remap in remaps() {
        let binding = |key| binding(&remap, key);
        bindings.extend(remap.keys.iter().map(binding));
    }
    bindings
}

fn remaps() -> Vec<KeyRemap> {
    let names = every_qualified_name();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let config = config::parse(PRESET, Path::new("preset.toml"), &names)
        .unwrap_or_else(|err| panic!("the embedded keymap preset: {err}"));
    config.keys
}

fn binding(remap: &KeyRemap, key: &config::KeyBinding) -> Binding {
    let fault = |what: &str| panic!("preset.toml, line {}: {what}", remap.line);
    let Some((context, action)) = remap.name.split_once('.') else {
        fault("a binding outside a [keys.CONTEXT] section")
    };
    Binding {
        context: Context::from_str(context).unwrap_or_else(|_| fault("no such context")),
        key: *key,
        action: Action::from_str(action).unwrap_or_else(|_| fault("no such action")),
        description: description(remap.line).unwrap_or_else(|| fault("no comment above")),
    }
}

/// The comment on the line above `line` (1-based), without its `# `.
fn description(line: usize) -> Option<&'static str> {
    let above = PRESET.lines().nth(line.checked_sub(2)?)?;
    above.strip_prefix("# ")
}

/// `context.action` for every context and every action: what the preset
/// may bind, before its bindings say what config.toml may rebind.
fn every_qualified_name() -> Vec<String> {
    let mut names = Vec::new();
    for context in Context::VARIANTS {
        names.extend(Action::VARIANTS.iter().map(|a| format!("{context}.{a}")));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_has_a_description_and_a_known_action() {
        let bindings = bindings();
        assert!(bindings.len() > 60, "{}", bindings.len());
        assert!(bindings.iter().all(|b| !b.description.is_empty()));
        let bar = bindings
            .iter()
            .find(|b| b.context == Context::Filter)
            .unwrap();
        assert_eq!(bar.action, Action::FilterAccept);
        assert_eq!(bar.description, "keep the filter, back to the pane");
    }

    /// Typing and the mouse reach the App without a key bound by name;
    /// every other action must have a default key, or nobody could use it.
    #[test]
    fn every_action_has_a_default_key_or_is_deliberately_unbound() {
        const UNBOUND: [&str; 4] = ["filter_key", "paste", "wheel", "click"];
        let bindings = bindings();
        for name in Action::VARIANTS {
            let bound = bindings.iter().any(|b| b.action.name() == Some(name));
            assert_eq!(bound, !UNBOUND.contains(name), "{name}");
        }
    }
}

//! What a key can mean (`Action`) and where it applies (`Context`). Their
//! config.toml names are derived from the variants, so no table of names
//! can drift from the enums.

use strum::{EnumString, IntoStaticStr, VariantNames};
use tui_textarea::Input;

/// Where a key applies. Earlier contexts in `App::contexts` win. The
/// snake-case name is the `[keys.NAME]` section of config.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumString, IntoStaticStr, VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum Context {
    Global,
    Help,
    Picker,
    Filter,
    List,
    Transcript,
    Quotes,
    Speakers,
    /// The transcript while part of the marked turn is selected (`v`).
    Selection,
    /// The quote sheet view.
    Sheet,
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
            Context::Selection => "Selecting part of a turn",
            Context::Sheet => "Quote sheet",
            Context::Panes => "All panes",
        }
    }

    /// The name of a `[keys.NAME]` section in config.toml.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// What a key does. The snake-case name (or the `serialize` given) is the
/// action's name under `[keys]`; the variants marked `disabled` come from
/// typing and the mouse, so no key is bound to them by name.
#[derive(Debug, Clone, PartialEq, Eq, EnumString, IntoStaticStr, VariantNames)]
#[strum(serialize_all = "snake_case")]
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
    #[strum(serialize = "filter")]
    StartFilter,
    ClearFilter,
    FilterAccept,
    FilterCancel,
    /// A key the filter bar's text widget edits with.
    #[strum(disabled)]
    FilterKey(Input),
    /// Text pasted into the terminal, as one edit.
    #[strum(disabled)]
    Paste(String),
    /// Shows every turn with the matches marked, or only the matching ones.
    #[strum(serialize = "context")]
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
    #[strum(serialize = "list_show")]
    CycleListShow,
    /// Each speaker's share of the open story's words, as bars.
    #[strum(serialize = "talk_share")]
    ShowTalkShare,
    #[strum(serialize = "speaker_picker")]
    OpenPicker,
    PickerAccept,
    #[strum(serialize = "help")]
    ToggleHelp,
    #[strum(serialize = "close")]
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
    #[strum(serialize = "quotes_view")]
    ShowQuotes,
    /// The speakers view: everyone in the library.
    #[strum(serialize = "speakers_view")]
    ShowSpeakers,
    /// Orders the speakers view by the next column.
    SortSpeakers,
    /// Leaves the quotes or speakers view.
    Back,
    /// Asks for a time (`mm:ss`) and moves to the turn spoken then.
    #[strum(serialize = "jump_to_time")]
    StartJump,
    /// Opens the story's audio at the marked turn in the player.
    #[strum(serialize = "play")]
    PlayAudio,
    /// Starts selecting part of the marked turn, at the sentence the
    /// reader is at.
    Select,
    /// Ends the selection, leaving the turn marked.
    EndSelection,
    /// Moves the selection's free end a sentence on, or back.
    SelectNextSentence,
    SelectPrevSentence,
    /// Moves the selection's free end to the end of a paragraph, or back
    /// to the start of one.
    SelectNextParagraph,
    SelectPrevParagraph,
    /// Puts the selection, the marked turn or the quote on the quote sheet.
    AddToSheet,
    /// The quote sheet view.
    #[strum(serialize = "sheet_view")]
    ShowSheet,
    /// Moves the sheet's selected quote one place up, or down.
    SheetMoveUp,
    SheetMoveDown,
    /// Takes the selected quote off the sheet.
    SheetRemove,
    /// Asks for a short note on the selected quote.
    SheetNote,
    /// Wheel over the screen cell (column, row).
    #[strum(disabled)]
    Wheel {
        down: bool,
        column: u16,
        row: u16,
    },
    #[strum(disabled)]
    Click {
        column: u16,
        row: u16,
    },
}

impl Action {
    /// The name `[keys]` in config.toml uses for this action; none for
    /// actions no key is bound to by name (typing, the mouse).
    pub fn name(&self) -> Option<&'static str> {
        let name: &'static str = self.into();
        match self {
            Action::FilterKey(_)
            | Action::Paste(_)
            | Action::Wheel { .. }
            | Action::Click { .. } => None,
            _ => Some(name),
        }
    }
}

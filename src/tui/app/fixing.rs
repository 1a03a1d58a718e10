//! `F` on the open story: its title, air date, program and speakers as a
//! short TOML form for the reader's `$EDITOR`, and what they changed in it
//! as corrections for the library to keep. The editor is the terminal
//! layer's to run: the App only hands the form out and takes it back.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{App, Focus, Origin, Outgoing, Request};
use crate::library::{Corrections, SpeakerFix};
use crate::story::Story;
use crate::story::sanitize::clean_line;
use crate::tui::source::SourceError;

/// The form as the reader saves it; anything left out stays as it is.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Form {
    title: Option<String>,
    date: Option<String>,
    program: Option<String>,
    #[serde(default)]
    speakers: BTreeMap<String, String>,
}

/// The story's fields as TOML, with a word on how to edit them.
pub(crate) fn form(story: &Story) -> String {
    let quoted = |text: &str| toml::Value::from(clean_line(text).into_owned()).to_string();
    let mut out = format!(
        "# Corrections to story {}. Change what is wrong, save and quit:\n\
         # hark keeps them through reparse and re-import. Quit without\n\
         # saving to change nothing.\n\n",
        story.id
    );
    out += &format!("title = {}\n", quoted(&story.title));
    match story.date() {
        Some(date) => out += &format!("date = \"{date}\"   # the air date, YYYY-MM-DD\n"),
        None => out += "# No air date on the page: set one as YYYY-MM-DD.\n# date = \"\"\n",
    }
    match &story.program {
        Some(program) => out += &format!("program = {}\n", quoted(program)),
        None => out += "# program = \"\"\n",
    }
    out += "\n# Rename a speaker on the right. Give two speakers the same name\n\
            # to make them one person.\n[speakers]\n";
    for speaker in &story.speakers {
        let name = quoted(&speaker.name);
        out += &format!("{name} = {name}\n");
    }
    out
}

/// Why the form the reader edited could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FormError {
    /// Not TOML, or not the form's shape; the message names the line.
    #[error("{0}")]
    Toml(String),
    #[error("date {0:?} is not a date: write it as YYYY-MM-DD")]
    Date(String),
}

/// What the reader changed in `form(story)`, as corrections.
pub(crate) fn corrections(story: &Story, edited: &str) -> Result<Corrections, FormError> {
    let form: Form =
        toml::from_str(edited).map_err(|e| FormError::Toml(e.message().to_string()))?;
    let changed = |new: Option<String>, old: Option<&str>| {
        new.map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty() && Some(n.as_str()) != old)
    };
    let date = match changed(form.date, None) {
        Some(text) => Some(text.parse().map_err(|_| FormError::Date(text))?),
        None => None,
    };
    let mut speakers = Vec::new();
    for (from, to) in form.speakers {
        if let Some(to) = changed(Some(to), Some(&from)) {
            speakers.push(SpeakerFix { from, to });
        }
    }
    Ok(Corrections {
        title: changed(form.title, Some(&story.title)),
        date: date.filter(|d| Some(*d) != story.date()),
        program: changed(form.program, story.program.as_deref()),
        speakers,
    })
}

impl App {
    /// Hands the open story's form to the terminal layer for an editor.
    pub(super) fn fix_open_story(&mut self) {
        let story = match (&self.transcript.story, self.focus) {
            (Some(story), Focus::List | Focus::Transcript) => story,
            _ => {
                self.message = Some("open a story to fix it".into());
                return;
            }
        };
        if self.origin != Origin::Library {
            self.message = Some("fixes are kept in the library: import the story first".into());
            return;
        }
        self.outgoing.push(Outgoing::Edit {
            id: story.id.clone(),
            form: form(story),
        });
    }

    /// Takes back the form the reader edited for story `id`.
    pub(crate) fn fix_edited(&mut self, id: &str, edited: &str) {
        let Some(story) = self.transcript.story.as_ref().filter(|s| s.id == id) else {
            return;
        };
        match corrections(story, edited) {
            Ok(corrections) if corrections.is_empty() => {
                self.message = Some("nothing changed".into());
            }
            Ok(corrections) => self.requests.push(Request::Correct {
                id: id.to_string(),
                corrections,
            }),
            Err(err) => self.message = Some(format!("not fixed: {err}")),
        }
    }

    /// Shows the story as corrected, in the list and the transcript.
    pub(crate) fn corrected(&mut self, id: &str, result: Result<Story, SourceError>) {
        let story = match result {
            Ok(story) => story,
            Err(err) => {
                self.message = Some(format!("not fixed: {err}"));
                return;
            }
        };
        let row = self.list_rows.values().find(|e| e.id == id).map(|e| e.key);
        if let Some(key) = row {
            self.list_rows
                .insert(key, super::ListEntry::of(key, &story));
        }
        if let Some(quoted) = self.quotes.quoted.iter_mut().find(|q| q.id == id) {
            quoted.title = story.title.clone();
            quoted.date = story.date();
        }
        // Its title, date or speakers may have changed what the list's
        // filter lets through: the list is asked for again.
        self.list.forget_asked();
        self.refilter_list();
        self.message = Some(format!("fixed “{}”", clean_line(&story.title)));
        if self.transcript.story.as_ref().is_some_and(|s| s.id == id) {
            self.transcript.story = Some(story.clone());
            self.transcript.doc = None;
        }
        self.cache.insert(id.to_string(), story);
        self.layout();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::parse::parse;

    fn story() -> Story {
        let text = "Talks End\n\nJOSH EARNEST, HOST: He was dogged.\n\nSMITH: And tenacious.";
        parse(text.as_bytes(), None, jiff::Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let story = story();
        let form = form(&story);
        assert!(form.contains("title = \"Talks End\""), "{form}");
        assert!(
            form.contains("# date = \"\""),
            "no import date offered: {form}"
        );
        assert!(corrections(&story, &form).unwrap().is_empty());
    }

    #[test]
    fn what_the_reader_changed_becomes_corrections() {
        let story = story();
        let edited = form(&story)
            .replace("title = \"Talks End\"", "title = \"The Talks End\"")
            .replace("# date = \"\"", "date = \"2016-10-03\"")
            .replace("# program = \"\"", "program = \"All Things Considered\"")
            .replace("\"Smith\" = \"Smith\"", "\"Smith\" = \"Robert Smith\"");
        let corrections = corrections(&story, &edited).unwrap();
        assert_eq!(corrections.title.as_deref(), Some("The Talks End"));
        assert_eq!(corrections.date, Some(jiff::civil::date(2016, 10, 3)));
        assert_eq!(
            corrections.program.as_deref(),
            Some("All Things Considered")
        );
        assert_eq!(
            corrections.speakers,
            [SpeakerFix {
                from: "Smith".into(),
                to: "Robert Smith".into()
            }]
        );
    }

    #[test]
    fn a_bad_form_is_refused_with_the_reason() {
        let story = story();
        let bad_date = form(&story).replace("# date = \"\"", "date = \"Monday\"");
        assert!(
            corrections(&story, &bad_date)
                .unwrap_err()
                .to_string()
                .contains("YYYY-MM-DD")
        );
        assert!(corrections(&story, "title = ").is_err());
        assert!(corrections(&story, "titel = \"x\"").is_err());
    }
}

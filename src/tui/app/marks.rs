//! Read and starred, as in newsboat: a story opened is read, `m` toggles
//! read, `*` stars, and the list can show only the unread or only the
//! starred stories. The App keeps its own copy of the marks, so the list
//! draws without asking the source; each change also goes to the source
//! as a `Request::Mark`, to be kept.

use crate::tui::source::{ListShow, Mark, MarkSet};

use super::{App, Focus, Request};

impl App {
    /// The reader's marks as the App knows them.
    pub(crate) fn marks(&self) -> &MarkSet {
        &self.marks
    }

    /// Takes in the marks as kept: at start, and after a reload, when
    /// another hark may have changed them.
    pub(crate) fn set_marks(&mut self, marks: MarkSet) {
        self.marks = marks;
        if self.list.show != ListShow::All {
            self.list_show_changed();
        }
    }

    /// `u`: all stories, then the unread ones, then the starred ones.
    pub(super) fn cycle_list_show(&mut self) {
        self.list.show = self.list.show.next();
        self.list_show_changed();
        self.message = Some(match self.list.show.label() {
            Some(label) => format!("{label} stories only"),
            None => "every story".into(),
        });
    }

    /// Decides again which entries the list's mode keeps, and narrows the
    /// list to them. Marks changed by the reader do not come here: a
    /// story read in the unread list stays on screen until the list is
    /// made again, so the rows do not jump under the reader's keys.
    pub(super) fn list_show_changed(&mut self) {
        self.list.show_marks = match self.list.show {
            ListShow::All => MarkSet::default(),
            _ => self.marks.clone(),
        };
        self.refilter_list();
    }

    /// The story `m` and `*` act on: the open one in the transcript, the
    /// selected one in the list.
    fn marked_story(&self) -> Option<String> {
        match self.focus {
            Focus::Transcript => self.transcript.story.as_ref().map(|s| s.id.clone()),
            Focus::List => self.selected_entry().map(|e| e.id.clone()),
            Focus::Quotes | Focus::Speakers | Focus::Sheet => None,
        }
    }

    /// `m`: read becomes unread and unread read.
    pub(super) fn toggle_read(&mut self) {
        let Some(id) = self.marked_story() else {
            return;
        };
        let read = !self.marks.is_read(&id);
        self.set_mark(&id, Mark::Read, read);
        self.message = Some(match read {
            true => "marked read".into(),
            false => "marked unread".into(),
        });
    }

    /// `*`: stars the story, or takes its star away.
    pub(super) fn toggle_star(&mut self) {
        let Some(id) = self.marked_story() else {
            return;
        };
        let starred = !self.marks.is_starred(&id);
        self.set_mark(&id, Mark::Starred, starred);
        self.message = Some(match starred {
            true => "starred".into(),
            false => "star taken away".into(),
        });
    }

    /// A story opened is read.
    pub(super) fn mark_opened(&mut self, id: &str) {
        if !self.marks.is_read(id) {
            self.set_mark(id, Mark::Read, true);
        }
    }

    fn set_mark(&mut self, id: &str, mark: Mark, on: bool) {
        self.marks.set(id, mark, on);
        self.requests.push(Request::Mark {
            id: id.to_string(),
            mark,
            on,
        });
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::story::Story;
    use crate::story::parse::parse;
    use crate::tui::keymap::Action;
    use crate::tui::source::{MemoryMarks, MemoryStories, Stories};
    use crate::tui::{Origin, TuiOptions, dispatch, start};

    fn story(title: &str) -> Story {
        let text = format!("{title}\n\nANNA LOPEZ, HOST: Words about {title}.\n");
        let name = format!("{title}.txt");
        parse(text.as_bytes(), Some(&name), Timestamp::UNIX_EPOCH).unwrap()
    }

    /// Three stories over `marks`, none open.
    fn app(marks: &MemoryMarks) -> (App, Box<dyn Stories>) {
        let stories = ["Alpha", "Beta", "Gamma"].map(story).to_vec();
        let source = MemoryStories::new(stories).with_marks(marks.clone());
        start(TuiOptions::new(Box::new(source), Origin::Library), (80, 24))
    }

    fn act(app: &mut App, source: &mut Box<dyn Stories>, actions: &[Action]) {
        for action in actions {
            dispatch(app, source.as_mut(), action.clone());
        }
    }

    fn shown_titles(app: &App) -> Vec<String> {
        app.shown_titles()
    }

    fn selected_id(app: &App) -> String {
        app.selected_entry().unwrap().id.clone()
    }

    #[test]
    fn opening_a_story_marks_it_read_and_the_source_keeps_it() {
        let marks = MemoryMarks::default();
        let (mut app, mut source) = app(&marks);
        let id = selected_id(&app);
        assert!(!app.marks().is_read(&id), "nothing is read at first");
        act(&mut app, &mut source, &[Action::Open]);
        assert!(app.marks().is_read(&id));
        assert!(marks.now().is_read(&id));
        let titles = ["Alpha", "Beta", "Gamma"].map(|t| story(t).id);
        let others = titles.iter().filter(|other| **other != id);
        assert!(others.clone().all(|other| !app.marks().is_read(other)));
        assert_eq!(others.count(), 2);
    }

    #[test]
    fn m_toggles_read_in_the_list_and_in_the_transcript() {
        let marks = MemoryMarks::default();
        let (mut app, mut source) = app(&marks);
        let id = selected_id(&app);
        act(&mut app, &mut source, &[Action::ToggleRead]);
        assert!(app.marks().is_read(&id));
        assert_eq!(app.message(), Some("marked read"));
        act(&mut app, &mut source, &[Action::ToggleRead]);
        assert!(!app.marks().is_read(&id));
        act(&mut app, &mut source, &[Action::Open, Action::ToggleRead]);
        assert_eq!(app.focus(), Focus::Transcript);
        assert!(!app.marks().is_read(&id), "opened, then marked unread");
        assert!(!marks.now().is_read(&id));
    }

    #[test]
    fn star_toggles_and_is_kept() {
        let marks = MemoryMarks::default();
        let (mut app, mut source) = app(&marks);
        act(&mut app, &mut source, &[Action::Down, Action::ToggleStar]);
        let id = selected_id(&app);
        assert!(app.marks().is_starred(&id));
        assert_eq!(marks.now().starred.len(), 1);
        act(&mut app, &mut source, &[Action::ToggleStar]);
        assert!(!app.marks().is_starred(&id));
        assert!(marks.now().starred.is_empty());
    }

    #[test]
    fn the_list_cycles_all_unread_starred() {
        let marks = MemoryMarks::default();
        let (mut app, mut source) = app(&marks);
        let all = ["Alpha", "Beta", "Gamma"];
        assert_eq!(shown_titles(&app), all);
        // Alpha read, Gamma starred.
        let keys = [Action::ToggleRead, Action::Down, Action::Down];
        act(&mut app, &mut source, &keys);
        act(&mut app, &mut source, &[Action::ToggleStar]);
        act(&mut app, &mut source, &[Action::CycleListShow]);
        assert_eq!(app.list().show, ListShow::Unread);
        assert_eq!(shown_titles(&app), ["Beta", "Gamma"]);
        assert_eq!(app.message(), Some("unread stories only"));
        act(&mut app, &mut source, &[Action::CycleListShow]);
        assert_eq!(shown_titles(&app), ["Gamma"]);
        act(&mut app, &mut source, &[Action::CycleListShow]);
        assert_eq!(app.list().show, ListShow::All);
        assert_eq!(shown_titles(&app), all);
    }

    #[test]
    fn a_story_read_in_the_unread_list_stays_until_the_list_is_made_again() {
        let marks = MemoryMarks::default();
        let (mut app, mut source) = app(&marks);
        act(&mut app, &mut source, &[Action::CycleListShow]);
        act(&mut app, &mut source, &[Action::ToggleRead]);
        assert_eq!(shown_titles(&app).len(), 3, "the rows do not jump");
        act(&mut app, &mut source, &[Action::SortList, Action::SortList]);
        act(&mut app, &mut source, &[const { Action::CycleListShow }; 3]);
        assert_eq!(shown_titles(&app), ["Beta", "Gamma"]);
    }

    #[test]
    fn marks_outlive_the_app_that_made_them() {
        let marks = MemoryMarks::default();
        let (mut first, mut source) = app(&marks);
        act(&mut first, &mut source, &[Action::Open, Action::ToggleStar]);
        let id = first.transcript().story.as_ref().unwrap().id.clone();
        let (second, _) = app(&marks);
        assert!(second.marks().is_read(&id) && second.marks().is_starred(&id));
    }
}

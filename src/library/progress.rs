//! Lines of progress from the library's long, rare work: moving an old
//! library into its database, and a schema step that reads every story.
//! The CLI says them on stderr; the library never prints.

use std::cell::RefCell;

type Notice = Box<dyn Fn(&str)>;

thread_local! {
    static PROGRESS: RefCell<Option<Notice>> = const { RefCell::new(None) };
}

/// Calls `notice` with a line of progress whenever this thread opens a
/// library that needs such work.
pub fn on_progress(notice: impl Fn(&str) + 'static) {
    PROGRESS.with(|n| *n.borrow_mut() = Some(Box::new(notice)));
}

pub(super) fn progress(text: &str) {
    PROGRESS.with(|notice| {
        if let Some(notice) = notice.borrow().as_ref() {
            notice(text);
        }
    });
}

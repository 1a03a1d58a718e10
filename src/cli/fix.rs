//! `hark fix ID`: corrections no parser can know, kept apart from the
//! story so that reparse and re-import apply them again.

use std::process::ExitCode;

use jiff::civil::Date;

use super::output::date_or_imported;
use crate::library::{Corrections, Library, SpeakerFix};
use crate::story::sanitize;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The story's id, or any unique prefix of it
    id: String,
    /// The story's title
    #[arg(long, value_parser = non_blank)]
    title: Option<String>,
    /// The air date
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<Date>,
    /// The program it aired on; "" says it aired on none
    #[arg(long)]
    program: Option<String>,
    /// Renames one speaker of this story, or merges them into the speaker
    /// already called that: `SMITH=Robert Smith` (by name, label, alias or
    /// a surname only one speaker has);
    /// may be given more than once
    #[arg(long, value_name = "LABEL=NAME", value_parser = SpeakerFix::parse)]
    speaker: Vec<SpeakerFix>,
}

/// A title of spaces would leave every attribution of the story with “”.
fn non_blank(text: &str) -> Result<String, String> {
    match sanitize::clean_line(text).trim() {
        "" => Err("a title needs words".into()),
        _ => Ok(text.to_string()),
    }
}

pub(crate) fn run(library: &mut Library, args: Args) -> anyhow::Result<ExitCode> {
    let corrections = Corrections {
        title: args.title,
        date: args.date,
        program: args.program,
        speakers: args.speaker,
    };
    if corrections.is_empty() {
        anyhow::bail!("nothing to fix: give --title, --date, --program or --speaker");
    }
    let story = library.correct(&args.id, corrections)?;
    let about = [story.program.clone(), Some(date_or_imported(&story))];
    let about = about.into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let names: Vec<_> = story.speakers.iter().map(|s| s.name.as_str()).collect();
    super::output::print(&format!(
        "fixed {}  {}\n  {}\n  {}\n",
        story.id,
        sanitize::clean_line(&story.title),
        sanitize::clean_line(&about),
        sanitize::clean_line(&names.join(", "))
    ))?;
    Ok(ExitCode::SUCCESS)
}

//! `hark show ID`: a transcript as text, a heading for each turn.

use std::process::ExitCode;

use super::output::{Out, date_or_imported, print_json, story_json};
use crate::library::Library;
use crate::story::clock;
use crate::story::{Story, TurnKind, sanitize};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The story's id, or any unique prefix of it
    id: String,
    /// Print the story as JSON
    #[arg(long)]
    json: bool,
    /// Print straight to the terminal, not through $PAGER
    #[arg(long)]
    no_pager: bool,
}

pub(crate) fn run(library: &Library, args: Args, out: &Out) -> anyhow::Result<ExitCode> {
    let story = library.load(&library.find(&args.id)?.id)?;
    let _pager = super::output::start_pager(!args.no_pager);
    if args.json {
        print_json(&story_json(&story)?)?;
    } else {
        super::output::print(&render(&story, out))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn render(story: &Story, out: &Out) -> String {
    let mut text = format!("{}\n", out.bold(&story.title));
    let source = [
        story.program.as_deref(),
        story.source.station.as_deref(),
        Some(&date_or_imported(story)),
    ];
    let source: Vec<String> = source
        .into_iter()
        .flatten()
        .map(|s| sanitize::clean_line(s).into_owned())
        .collect();
    text += &format!("{}\n", out.dim(&source.join(" · ")));
    if let Some(url) = &story.source.url {
        text += &format!("{}\n", out.dim(&sanitize::clean_line(url)));
    }
    for warning in &story.warnings {
        text += &format!("{}\n", out.dim(&format!("! {warning}")));
    }
    for turn in &story.turns {
        text.push('\n');
        let heading = match (
            turn.kind,
            turn.speaker.as_deref().and_then(|n| story.speaker(n)),
        ) {
            (TurnKind::Speech, Some(speaker)) => {
                Some(out.speaker(&speaker.name, &speaker.heading()))
            }
            (TurnKind::Speech, None) if turn.start_ms.is_some() => Some(out.dim("Unattributed")),
            (TurnKind::Speech, None) => Some(out.dim("Intro")),
            _ => None,
        };
        if let Some(heading) = heading {
            // A podcast turn's heading says when it starts.
            match turn.start_ms {
                Some(ms) => text += &format!("{heading}  {}\n", out.dim(&clock::format(ms))),
                None => text += &format!("{heading}\n"),
            }
        }
        for paragraph in &turn.paragraphs {
            let paragraph = sanitize::clean_line(paragraph);
            match turn.kind {
                TurnKind::Speech => text += &format!("{paragraph}\n"),
                _ => text += &format!("{}\n", out.dim(&paragraph)),
            }
        }
    }
    text
}

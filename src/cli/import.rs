//! `hark import PATH...`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;

use crate::library::import::{ImportEvent, files};
use crate::library::{Imported, Library};
use crate::story::sanitize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (every *.txt below them), or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<ExitCode> {
    let mut library = Library::open_lazily(root)?;
    let (mut added, mut unchanged) = (0, 0);
    let mut failures = 0;
    let files = files(args.paths).skipping_library(library.root());
    library.import(files, Timestamp::now(), |event| match event {
        ImportEvent::Stored {
            story, imported, ..
        } => {
            let title = sanitize::clean_line(&story.title);
            match imported {
                Imported::Added => {
                    added += 1;
                    println!("{}  {title}", story.id);
                }
                Imported::AlreadyPresent => {
                    unchanged += 1;
                    println!("{}  {title} (already in library)", story.id);
                }
            }
        }
        ImportEvent::Skipped(err) => eprintln!("hark: {err}"),
        ImportEvent::Failed(err) => {
            failures += 1;
            eprintln!("hark: {err}");
        }
    })?;
    println!("imported {added}, unchanged {unchanged}, failed {failures}");
    Ok(if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

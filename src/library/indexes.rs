//! The three index files share one shape: a header line, then lines that
//! each belong to one story. An import appends its stories' lines, rm
//! filters one story's lines out, and every write ends by restamping the
//! headers. So no write holds an index in memory, and an import's memory
//! stays flat however big the library is.
//!
//! The header names the format, the stamp of the stories folder the lines
//! were written for, and the file's length once they were all in. It is
//! fixed width, so restamping rewrites it in place without moving a line.
//! The length costs nothing to check on every open, and catches an index
//! cut short, or a line lost or doubled, behind an intact header.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::de::DeserializeOwned;

use super::paths::{self, Layout};
use super::{LibraryError, atomic, reading};

/// Bumped when the catalog or an index changes shape, or the folding its
/// words and names are written in; an older one is rebuilt from the story
/// files. 3: headers record each file's length, and words and names use
/// full case folding and compatibility forms (ς, ﬁ, ǆ, ı). 4: the catalog
/// carries each story's address and audio, by which a re-import finds it.
/// 5: the catalog names each story's station, for sorting the list by it.
pub const INDEX_FORMAT: u32 = 5;

/// What the stories folder looked like when the catalog and indexes were
/// written: if it looks different now, someone changed it behind our back
/// (or a write was killed), and they are rebuilt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub modified_ns: u128,
    pub count: usize,
}

impl Stamp {
    pub fn of(stories: &Path) -> Result<Stamp, LibraryError> {
        Stamp::scan(stories).map(|(stamp, _)| stamp)
    }

    /// The stamp, and whether a killed writer left temp files among the
    /// stories: both from one listing of the folder, the costly part.
    pub fn scan(stories: &Path) -> Result<(Stamp, bool), LibraryError> {
        let modified = std::fs::metadata(stories)
            .and_then(|m| m.modified())
            .map_err(|e| LibraryError::io(stories, e))?;
        let (mut count, mut leftovers) = (0, false);
        let entries = std::fs::read_dir(stories).map_err(|e| LibraryError::io(stories, e))?;
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            if paths::id_of(Path::new(&name)).is_some() {
                count += 1;
            } else {
                leftovers = leftovers || atomic::is_own_temp(&name);
            }
        }
        let stamp = Stamp {
            modified_ns: modified
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
            count,
        };
        Ok((stamp, leftovers))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    /// One JSON `CatalogEntry` a story: what listing reads.
    Catalog,
    /// One JSON `StorySpeakers` a story: what `@name` and the speakers view read.
    Speakers,
    /// One line of folded words a turn (see `packed`): what keyword search scans.
    Packed,
}

impl Index {
    /// In the order a write finishes them: the catalog comes last, so a
    /// current catalog vouches for current indexes.
    pub const ALL: [Index; 3] = [Index::Packed, Index::Speakers, Index::Catalog];

    pub fn file_name(self) -> &'static str {
        match self {
            Index::Catalog => "catalog.jsonl",
            Index::Speakers => "speakers.jsonl",
            Index::Packed => "packed.txt",
        }
    }

    fn header(self, stamp: Stamp, length: u64) -> String {
        let name = match self {
            Index::Catalog => "catalog",
            Index::Speakers => "speakers",
            Index::Packed => "packed",
        };
        format!(
            "hark-{name:<8} {INDEX_FORMAT:04} {:039} {:020} {length:020}\n",
            stamp.modified_ns, stamp.count
        )
    }

    /// What every line of story `id` starts with, and no other line does.
    /// JSON lines start with the id because it is the first field.
    fn line_prefix(self, id: &str) -> String {
        match self {
            Index::Packed => format!("{id}\t"),
            Index::Catalog | Index::Speakers => format!("{{\"id\":\"{id}\""),
        }
    }
}

const HEADER_LEN: usize = "hark-         0000   \n".len() + 39 + 20 + 20;

impl Layout {
    pub fn index(&self, index: Index) -> PathBuf {
        self.root.join(index.file_name())
    }
}

/// Whether the index on disk was written, in this format, for `stamp`,
/// and is still as long as it was then.
pub fn is_current(layout: &Layout, index: Index, stamp: Stamp) -> bool {
    let mut header = [0; HEADER_LEN];
    let Ok(mut file) = reading::open_regular(&layout.index(index)) else {
        return false;
    };
    let length = file.metadata().map(|m| m.len());
    file.read_exact(&mut header).is_ok()
        && written_for(index, &header) == Some((stamp, length.unwrap_or(0)))
}

/// The stamp an index of this format was written for, and the length it
/// had then, from its header.
fn written_for(index: Index, header: &[u8]) -> Option<(Stamp, u64)> {
    let header = std::str::from_utf8(header.get(..HEADER_LEN)?).ok()?;
    let mut fields = header.trim_end_matches('\n').split_ascii_whitespace();
    let stamp = Stamp {
        modified_ns: fields.nth(2)?.parse().ok()?,
        count: fields.next()?.parse().ok()?,
    };
    let length = fields.next()?.parse().ok()?;
    (header == index.header(stamp, length)).then_some((stamp, length))
}

/// An index's lines, parsed on every core, and the stamp it was written
/// for; None if it is missing, of another format or has a line that won't
/// parse. `settle` runs on each core's part before the parts are joined:
/// a sort, say.
pub fn read<T: DeserializeOwned + Send>(
    layout: &Layout,
    index: Index,
    settle: impl Fn(&mut Vec<T>) + Sync,
) -> Option<(Stamp, Vec<T>)> {
    let each = |lines: &mut Vec<T>, line: &[u8]| {
        serde_json::from_slice(line).map(|l| lines.push(l)).is_ok()
    };
    fold(
        layout,
        index,
        Folding {
            each,
            settle,
            merge: Vec::extend,
        },
    )
}

/// How to fold an index's lines into one value, a part per core: `each`
/// takes a line into its part (false if the line won't parse), `settle`
/// finishes a part on its core, and `merge` joins the parts in order.
pub struct Folding<E, S, M> {
    pub each: E,
    pub settle: S,
    pub merge: M,
}

pub fn fold<A, E, S, M>(
    layout: &Layout,
    index: Index,
    folding: Folding<E, S, M>,
) -> Option<(Stamp, A)>
where
    A: Default + Send,
    E: Fn(&mut A, &[u8]) -> bool + Sync,
    S: Fn(&mut A) + Sync,
    M: Fn(&mut A, A),
{
    let path = layout.index(index);
    let file = reading::open_regular(&path).ok()?;
    let length = file.metadata().ok()?.len();
    let bytes = reading::read_capped(file, length, length).ok()?;
    let (stamp, written_length) = written_for(index, &bytes)?;
    // Lines past the length in the header are a write still in progress
    // (or one killed): the index as stamped ends there. One cut short of
    // it is damaged.
    let body = bytes.get(HEADER_LEN..usize::try_from(written_length).ok()?)?;
    Some((stamp, fold_lines(body, &folding)?))
}

/// Splits `body` at line ends into a part per core, since parsing is what
/// opening a large library spends its time on.
fn fold_lines<A, E, S, M>(body: &[u8], folding: &Folding<E, S, M>) -> Option<A>
where
    A: Default + Send,
    E: Fn(&mut A, &[u8]) -> bool + Sync,
    S: Fn(&mut A) + Sync,
    M: Fn(&mut A, A),
{
    let parts = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut pieces = Vec::with_capacity(parts);
    let mut rest = body;
    for part in (1..=parts).rev() {
        let cut = rest.len() / part;
        let end = memchr::memchr(b'\n', &rest[cut..]).map_or(rest.len(), |i| cut + i + 1);
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    let folded: Vec<Option<A>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|piece| {
                let (each, settle) = (&folding.each, &folding.settle);
                scope.spawn(move || fold_piece(piece, each, settle))
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok()?).collect()
    });
    let mut folded = folded.into_iter();
    let mut all = folded.next()??;
    for part in folded {
        (folding.merge)(&mut all, part?);
    }
    Some(all)
}

fn fold_piece<A: Default>(
    piece: &[u8],
    each: impl Fn(&mut A, &[u8]) -> bool,
    settle: impl Fn(&mut A),
) -> Option<A> {
    let mut folded = A::default();
    let lines = piece.split(|&b| b == b'\n').filter(|line| !line.is_empty());
    for line in lines {
        if !each(&mut folded, line) {
            return None;
        }
    }
    settle(&mut folded);
    Some(folded)
}

/// A new index file, written whole beside the old one and renamed over it
/// by `commit`: a rebuild's output, streamed as the stories are read.
pub struct NewIndex {
    index: Index,
    stamp: Stamp,
    file: BufWriter<File>,
    staged: Option<atomic::Staged>,
}

impl NewIndex {
    pub fn create(layout: &Layout, index: Index, stamp: Stamp) -> Result<NewIndex, LibraryError> {
        let (staged, file) = atomic::Staged::create(&layout.index(index))?;
        let mut new = NewIndex {
            index,
            stamp,
            file: BufWriter::new(file),
            staged: Some(staged),
        };
        // The length is not known yet: `commit` writes it.
        new.append(index.header(stamp, 0).as_bytes())?;
        Ok(new)
    }

    pub fn append(&mut self, line: &[u8]) -> Result<(), LibraryError> {
        self.file.write_all(line).map_err(|e| self.error(e))
    }

    pub fn commit(mut self) -> Result<(), LibraryError> {
        self.file.flush().map_err(|e| self.error(e))?;
        let file = self.file.get_mut();
        let written = file.metadata().map(|m| m.len()).and_then(|length| {
            file.seek(SeekFrom::Start(0))?;
            file.write_all(self.index.header(self.stamp, length).as_bytes())
        });
        written.map_err(|e| self.error(e))?;
        self.staged.take().expect("committed once").commit()
    }

    fn error(&self, err: std::io::Error) -> LibraryError {
        let path = self.staged.as_ref().map(|s| s.target().to_path_buf());
        LibraryError::io(&path.unwrap_or_default(), err)
    }
}

/// An index file open at its end, for a write's new lines. Not opened in
/// append mode: `restamp` rewrites the header at its start.
pub struct Appender {
    path: PathBuf,
    file: BufWriter<File>,
}

impl Appender {
    pub fn open(layout: &Layout, index: Index) -> Result<Appender, LibraryError> {
        let path = layout.index(index);
        let mut file = OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| LibraryError::io(&path, e))?;
        file.seek(SeekFrom::End(0))
            .map_err(|e| LibraryError::io(&path, e))?;
        Ok(Appender {
            path,
            file: BufWriter::new(file),
        })
    }

    pub fn append(&mut self, line: &[u8]) -> Result<(), LibraryError> {
        self.file
            .write_all(line)
            .map_err(|e| LibraryError::io(&self.path, e))
    }

    pub fn close(mut self) -> Result<(), LibraryError> {
        self.file
            .flush()
            .map_err(|e| LibraryError::io(&self.path, e))
    }
}

/// Marks an index as written for `stamp`, once its lines are all there.
pub fn restamp(layout: &Layout, index: Index, stamp: Stamp) -> Result<(), LibraryError> {
    let path = layout.index(index);
    OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|mut f| {
            let length = f.metadata()?.len();
            f.write_all(index.header(stamp, length).as_bytes())
        })
        .map_err(|e| LibraryError::io(&path, e))
}

/// Rewrites an index without story `id`'s lines, a line at a time.
pub fn remove_story(layout: &Layout, index: Index, id: &str) -> Result<(), LibraryError> {
    let path = layout.index(index);
    let prefix = index.line_prefix(id);
    let mut lines = BufReader::new(File::open(&path).map_err(|e| LibraryError::io(&path, e))?);
    atomic::write_with(&path, |out| {
        let mut line = Vec::new();
        while lines.read_until(b'\n', &mut line)? > 0 {
            if !line.starts_with(prefix.as_bytes()) {
                out.write_all(&line)?;
            }
            line.clear();
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> (tempfile::TempDir, Layout) {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout {
            root: dir.path().to_path_buf(),
        };
        (dir, layout)
    }

    const STAMP: Stamp = Stamp {
        modified_ns: 7,
        count: 2,
    };

    #[test]
    fn headers_are_one_width_and_name_their_index() {
        for index in Index::ALL {
            assert_eq!(index.header(STAMP, u64::MAX).len(), HEADER_LEN);
        }
        assert!(
            Index::Catalog
                .header(STAMP, 0)
                .starts_with("hark-catalog  ")
        );
    }

    #[test]
    fn appended_lines_count_only_once_restamped() {
        let (_dir, layout) = layout();
        let new = NewIndex::create(&layout, Index::Catalog, Stamp::default()).unwrap();
        new.commit().unwrap();
        let mut appender = Appender::open(&layout, Index::Catalog).unwrap();
        appender
            .append(b"{\"id\":\"a1\"}\n{\"id\":\"b2\"}\n")
            .unwrap();
        appender.close().unwrap();
        assert!(!is_current(&layout, Index::Catalog, STAMP));
        restamp(&layout, Index::Catalog, STAMP).unwrap();
        assert!(is_current(&layout, Index::Catalog, STAMP));
        let (stamp, ids) = read::<serde_json::Value>(&layout, Index::Catalog, |_| {}).unwrap();
        assert_eq!(stamp, STAMP);
        assert_eq!(
            ids,
            [
                serde_json::json!({"id": "a1"}),
                serde_json::json!({"id": "b2"})
            ]
        );
        assert!(read::<serde_json::Value>(&layout, Index::Speakers, |_| {}).is_none());
    }

    #[test]
    fn removing_a_story_keeps_the_header_and_every_other_line() {
        let (_dir, layout) = layout();
        let mut new = NewIndex::create(&layout, Index::Packed, STAMP).unwrap();
        new.append(b"a1\t0\t\t one \na12\t0\t\t two \na1\t1\t\t three \n")
            .unwrap();
        new.commit().unwrap();
        remove_story(&layout, Index::Packed, "a1").unwrap();
        let text = std::fs::read_to_string(layout.index(Index::Packed)).unwrap();
        assert_eq!(&text[HEADER_LEN..], "a12\t0\t\t two \n");
        assert_eq!(
            written_for(Index::Packed, text.as_bytes()).unwrap().0,
            STAMP
        );
        assert!(
            !is_current(&layout, Index::Packed, STAMP),
            "stale until restamped"
        );
        restamp(&layout, Index::Packed, STAMP).unwrap();
        assert!(is_current(&layout, Index::Packed, STAMP));
    }

    #[test]
    fn lines_appended_since_the_stamp_are_not_read_as_stamped() {
        let (_dir, layout) = layout();
        let mut new = NewIndex::create(&layout, Index::Catalog, STAMP).unwrap();
        new.append(b"{\"id\":\"a1\"}\n").unwrap();
        new.commit().unwrap();
        let mut appender = Appender::open(&layout, Index::Catalog).unwrap();
        appender.append(b"{\"id\":\"b2\"}\n{\"id\":\"c").unwrap();
        appender.close().unwrap();
        let (stamp, lines) = read::<serde_json::Value>(&layout, Index::Catalog, |_| {}).unwrap();
        assert_eq!(stamp, STAMP);
        assert_eq!(lines, [serde_json::json!({"id": "a1"})]);
        assert!(!is_current(&layout, Index::Catalog, STAMP));
    }

    #[test]
    fn an_index_cut_short_or_grown_behind_its_header_is_not_current() {
        let (_dir, layout) = layout();
        let mut new = NewIndex::create(&layout, Index::Catalog, STAMP).unwrap();
        new.append(b"{\"id\":\"a1\"}\n{\"id\":\"b2\"}\n").unwrap();
        new.commit().unwrap();
        assert!(is_current(&layout, Index::Catalog, STAMP));
        let path = layout.index(Index::Catalog);
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 12]).unwrap();
        assert!(!is_current(&layout, Index::Catalog, STAMP));
        assert!(read::<serde_json::Value>(&layout, Index::Catalog, |_| {}).is_none());
        let doubled = [&whole[..], b"{\"id\":\"b2\"}\n"].concat();
        std::fs::write(&path, doubled).unwrap();
        assert!(!is_current(&layout, Index::Catalog, STAMP));
    }

    #[test]
    fn a_line_that_will_not_parse_makes_the_index_unreadable() {
        let (_dir, layout) = layout();
        let mut new = NewIndex::create(&layout, Index::Catalog, STAMP).unwrap();
        new.append(b"{\"id\":\"a1\"}\n{\"id\":\"b2\n").unwrap();
        new.commit().unwrap();
        assert!(read::<serde_json::Value>(&layout, Index::Catalog, |_| {}).is_none());
    }

    #[test]
    fn lines_parse_the_same_however_the_body_is_split() {
        let body: String = (0..1000).map(|i| format!("{i}\n")).collect();
        let each = |all: &mut Vec<u32>, line: &[u8]| {
            serde_json::from_slice(line).map(|n| all.push(n)).is_ok()
        };
        let folding = Folding {
            each,
            settle: |_: &mut Vec<u32>| {},
            merge: Vec::extend,
        };
        let parsed = fold_lines(body.as_bytes(), &folding).unwrap();
        assert_eq!(parsed, (0..1000).collect::<Vec<_>>());
        assert_eq!(fold_lines(b"", &folding).unwrap(), Vec::<u32>::new());
    }
}

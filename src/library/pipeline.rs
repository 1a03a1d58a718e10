//! Work on many files at once, handed over in order: how an import and a
//! rebuild read, parse and encode stories on every core while one thread
//! writes the library.

use std::collections::BTreeMap;
use std::sync::{Mutex, mpsc};

/// Results prepared ahead of the writer, at most (a few more may wait for
/// a slow one before them): keeps memory flat however many items there are.
const QUEUE: usize = 64;

/// Runs `prepare` on every item on every core while `store` takes the
/// results one at a time, in the order of `items`: the writer never waits
/// for a whole batch. Items are drawn as workers get to them, so `items`
/// may be a walk that is never held whole.
pub fn in_order<I: Send, T: Send>(
    items: impl Iterator<Item = I> + Send,
    prepare: impl Fn(I) -> T + Sync,
    mut store: impl FnMut(T),
) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let items = Mutex::new(items.enumerate());
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(QUEUE);
        for _ in 0..workers {
            let (sender, items, prepare) = (sender.clone(), &items, &prepare);
            scope.spawn(move || {
                loop {
                    // A worker that panicked while drawing leaves the rest
                    // of the items to the others.
                    let next = items.lock().map(|mut items| items.next());
                    let Ok(Some((i, item))) = next else { break };
                    if sender.send((i, prepare(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, prepared) in receiver {
            waiting.insert(i, prepared);
            while let Some(prepared) = waiting.remove(&due) {
                store(prepared);
                due += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_the_order_of_the_items() {
        let mut seen = Vec::new();
        in_order(
            0..500u64,
            |n| {
                // Uneven work, so that workers finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((n * 7919) % 300));
                (n, n * 2)
            },
            |done| seen.push(done),
        );
        let expected: Vec<_> = (0..500).map(|n| (n, n * 2)).collect();
        assert_eq!(seen, expected);
    }
}

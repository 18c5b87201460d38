//! Work on a thread of its own, with a stack that fits the deepest schema the loader accepts;
//! done on the calling thread, when joined, if no thread can be had.

use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{Builder, Scope, ScopedJoinHandle};

use crate::error::{Error, Result};

/// The stack of the generator's threads: nesting is bounded by the JSON parser's limit (128
/// levels), and this leaves room to spare for it in a debug build (typify, syn and prettyplease
/// recurse once per level). Only the part used is committed.
pub const STACK: usize = 256 << 20;

/// Work started by [`start`].
pub enum Pending<'scope, T> {
    Running(ScopedJoinHandle<'scope, Option<Result<T>>>),
    /// To do on the calling thread when joined: no thread could be started (and the work may
    /// wait for what the caller does meanwhile).
    Later(Box<dyn FnOnce() -> Option<Result<T>> + 'scope>),
}

/// Starts `work` on a thread named `name` within `scope`, or leaves it for [`Pending::join`]
/// if the thread cannot be started.
pub fn start<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> Result<T> + Send + 'scope,
) -> Pending<'scope, T> {
    // In a slot, so that the work is still at hand when the thread does not start.
    let slot = Arc::new(Mutex::new(Some(work)));
    let theirs = Arc::clone(&slot);
    let take = |slot: &Mutex<Option<_>>| slot.lock().unwrap_or_else(PoisonError::into_inner).take();
    let thread = Builder::new()
        .name(name.to_string())
        .stack_size(STACK)
        .spawn_scoped(scope, move || take(&theirs).map(|work| work()));
    match thread {
        Ok(handle) => Pending::Running(handle),
        Err(_) => Pending::Later(Box::new(move || take(&slot).map(|work| work()))),
    }
}

impl<T> Pending<'_, T> {
    /// The work's result, once done (a panic in it resumes here).
    pub fn join(self) -> Result<T> {
        let done = match self {
            Pending::Running(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Pending::Later(work) => work(),
        };
        // The slot is filled before the thread starts and emptied once: never `None`.
        done.unwrap_or_else(|| {
            Err(Error::Internal {
                stage: "threads",
                message: "a thread found no work".to_string(),
            })
        })
    }
}

/// The most threads [`map`] uses: work such as parsing takes many times its input in memory, so
/// this bounds what is held at once.
const MAP_THREADS: usize = 2;

/// `f` of each item, in order. The items are split into runs of about equal `weight`, done side
/// by side (up to [`MAP_THREADS`], as many as there are processors). The first error in the
/// items' order is returned, whatever thread meets it.
pub fn map<T: Send, R: Send>(
    items: Vec<T>,
    weight: impl Fn(&T) -> usize,
    f: impl Fn(T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAP_THREADS);
    let total: usize = items.iter().map(&weight).sum();
    let mut runs: Vec<Vec<T>> = Vec::new();
    let mut done = 0;
    for item in items {
        // A new run once the runs so far hold their share.
        let full = done >= total.div_ceil(threads) * runs.len();
        done += weight(&item);
        match runs.last_mut() {
            Some(run) if !full => run.push(item),
            _ => runs.push(vec![item]),
        }
    }
    let run = |items: Vec<T>| items.into_iter().map(&f).collect::<Result<Vec<R>>>();
    let mut runs = runs.into_iter();
    let first = runs.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = runs
            .map(|items| start(scope, "codegen-map", move || run(items)))
            .collect();
        let mut results = run(first)?;
        for other in others {
            results.extend(other.join()?);
        }
        Ok(results)
    })
}

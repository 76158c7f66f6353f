//! A small-object allocator in front of the system one, as CPython's `pymalloc` is.
//!
//! An interpreter allocates and frees many small blocks of a few sizes in bursts: 100,000
//! tasks means 100,000 frames, futures and coroutine objects made together and freed
//! together. glibc keeps only seven freed blocks per size in its thread cache; past that,
//! every `malloc` and `free` goes through its bins, coalescing neighbours (a quarter of
//! the instructions of such a program). Here each thread keeps freed blocks of up to
//! [`MAX_SMALL`] bytes on a list per 16-byte size class and hands them out again first.
//!
//! When a list is empty, a block is carved from the thread's current chunk of the *arena*:
//! one range of address space reserved at the first allocation and made usable 2 MiB at a
//! time. Carving is a pointer bump. A thread's chunks after its first are faulted in ahead
//! of use on a thread of their own (`prefault`): a program making 100,000 tasks spent a
//! third of its time faulting pages in. They are not marked for transparent huge pages:
//! where the kernel compacts memory to find one on a fault (`defrag` set to `madvise`, the
//! default), a program run just after another freed much memory spent a quarter of a
//! second of system time in compaction. Carved blocks go back to a free list when freed
//! (on whichever thread frees them), never to the system. Where the arena cannot be
//! reserved or is used up, blocks are system blocks of their class's size, kept on the
//! lists up to a bound and given back to the system past it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The largest block size served from the free lists.
const MAX_SMALL: usize = 1024;
const GRANULE: usize = 16;
const CLASSES: usize = MAX_SMALL / GRANULE;
/// Freed blocks kept per class and thread; the rest go back to the system.
const MAX_KEPT: usize = 1 << 16;

/// The address space reserved for carved blocks (only what is carved is ever committed),
/// at most and at least: where the system refuses as much (a limit on address space,
/// valgrind), less is asked for.
const ARENA_MAX: usize = 64 << 30;
const ARENA_MIN: usize = 256 << 20;
/// What a thread takes from the arena at a time: one huge page.
const CHUNK: usize = 2 << 20;

pub struct SmallAlloc;

struct FreeList {
    head: Cell<*mut u8>,
    len: Cell<usize>,
}

/// A thread's free lists and the part of its chunk not carved yet.
struct Local {
    lists: [FreeList; CLASSES],
    bump: Cell<usize>,
    end: Cell<usize>,
    /// Chunks taken so far.
    chunks: Cell<u32>,
}

thread_local! {
    // No destructor: a thread's kept blocks and the rest of its chunk stay with the
    // process when the thread ends.
    static LOCAL: Local = const {
        Local {
            lists: [const { FreeList { head: Cell::new(ptr::null_mut()), len: Cell::new(0) } };
                CLASSES],
            bump: Cell::new(0),
            end: Cell::new(0),
            chunks: Cell::new(0),
        }
    };
}

/// The arena: `[start, limit)` once reserved (an empty range before, and for good if the
/// reservation was refused), and the next chunk to hand out.
static ARENA_START: AtomicUsize = AtomicUsize::new(0);
static ARENA_LIMIT: AtomicUsize = AtomicUsize::new(0);
static ARENA_NEXT: AtomicUsize = AtomicUsize::new(0);
/// 0: not tried yet; 1: being reserved; 2: reserved (or failed: the range is then empty).
static ARENA_STATE: AtomicUsize = AtomicUsize::new(0);

/// Whether `block` was carved from the arena.
#[inline]
fn in_arena(block: *mut u8) -> bool {
    let a = block as usize;
    a >= ARENA_START.load(Ordering::Relaxed) && a < ARENA_LIMIT.load(Ordering::Relaxed)
}

/// Reserves the arena's address space, once; a thread arriving while another reserves it
/// uses the system allocator meanwhile.
#[cold]
fn reserve_arena() {
    if ARENA_STATE
        .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        return;
    }
    let mut size = ARENA_MAX;
    while size >= ARENA_MIN {
        if let Some(start) = os::reserve(size + CHUNK) {
            // Chunks start on a 2 MiB boundary.
            let aligned = (start + CHUNK - 1) & !(CHUNK - 1);
            // `start` before `limit`: a thread reading the two meanwhile sees an empty range.
            ARENA_NEXT.store(aligned, Ordering::Relaxed);
            ARENA_START.store(aligned, Ordering::Relaxed);
            ARENA_LIMIT.store(aligned + size, Ordering::Relaxed);
            break;
        }
        size /= 2;
    }
    ARENA_STATE.store(2, Ordering::Release);
}

/// A fresh block of `size` bytes carved from the thread's chunk (taking a new chunk when
/// this one is used up), or null when the arena has none to give.
#[inline]
fn carve(local: &Local, size: usize) -> *mut u8 {
    let at = local.bump.get();
    if at + size <= local.end.get() {
        local.bump.set(at + size);
        return at as *mut u8;
    }
    carve_from_new_chunk(local, size)
}

#[cold]
fn carve_from_new_chunk(local: &Local, size: usize) -> *mut u8 {
    if ARENA_STATE.load(Ordering::Acquire) != 2 {
        reserve_arena();
        if ARENA_STATE.load(Ordering::Acquire) != 2 {
            return ptr::null_mut();
        }
    }
    let limit = ARENA_LIMIT.load(Ordering::Relaxed);
    let chunk = ARENA_NEXT.fetch_add(CHUNK, Ordering::Relaxed);
    // A thread's first chunk is faulted in as it is used: most scripts never need a second.
    let growing = local.chunks.get() > 0;
    if limit == 0 || chunk >= limit || !os::commit(chunk, CHUNK) {
        return ptr::null_mut();
    }
    local.chunks.set(local.chunks.get() + 1);
    // What is left of the old chunk (less than a block of this class) is not used.
    local.bump.set(chunk + size);
    local.end.set(chunk + CHUNK);
    // A thread past its first chunk may well go on: the next ones are faulted in on the
    // other core meanwhile.
    if growing {
        prefault::ahead_of(chunk + CHUNK, limit);
    }
    chunk as *mut u8
}

/// Faulting pages in is a third of the time of a program that makes 100,000 tasks, and
/// the kernel does it on the faulting thread. A thread of its own keeps the chunks after
/// the last one handed out faulted in (`MADV_POPULATE_WRITE` leaves what is in them as
/// it is, so racing with the allocating threads is harmless).
mod prefault {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::OnceLock;
    use std::thread::Thread;

    use super::{os, CHUNK};

    /// Chunks kept ready ahead of the last one handed out (one: each is 2 MiB of memory
    /// in use as far as the system can tell, whether or not a block of it is).
    const AHEAD: usize = 1;

    /// The end of the range to have faulted in.
    static TARGET: AtomicUsize = AtomicUsize::new(0);
    static STARTED: AtomicBool = AtomicBool::new(false);
    static THREAD: OnceLock<Thread> = OnceLock::new();

    pub fn ahead_of(from: usize, limit: usize) {
        TARGET.fetch_max((from + AHEAD * CHUNK).min(limit), Ordering::Release);
        if let Some(t) = THREAD.get() {
            t.unpark();
        } else if !STARTED.swap(true, Ordering::AcqRel) {
            // The allocating thread's own state is settled: spawning may allocate.
            let spawned = std::thread::Builder::new()
                .name("aio-prefault".into())
                .stack_size(64 << 10)
                .spawn(run);
            if let Ok(handle) = spawned {
                let _ = THREAD.set(handle.thread().clone());
            }
        }
    }

    fn run() {
        let mut done = 0;
        loop {
            let target = TARGET.load(Ordering::Acquire);
            if done >= target {
                std::thread::park();
                continue;
            }
            // Only what is still ahead: chunks handed out long ago are faulted by now.
            let mut at = done.max(target.saturating_sub(AHEAD * CHUNK));
            while at < target {
                os::populate(at, CHUNK);
                at += CHUNK;
            }
            done = target;
        }
    }
}

/// What the blocks in use are, for finding what a program's memory is made of (built
/// with `--features alloc-stats`): live blocks per class, and a copy of those counts taken
/// whenever the bytes in use reach a new peak, printed at exit when `AIO_ALLOC_STATS` is
/// set. Which object a size is can usually be told from `size_of` of the candidates.
#[cfg(feature = "alloc-stats")]
pub mod stats {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    use super::{CLASSES, GRANULE};

    static LIVE: [AtomicUsize; CLASSES] = [const { AtomicUsize::new(0) }; CLASSES];
    static AT_PEAK: [AtomicUsize; CLASSES] = [const { AtomicUsize::new(0) }; CLASSES];
    static MOST: [AtomicUsize; CLASSES] = [const { AtomicUsize::new(0) }; CLASSES];
    static BYTES: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);
    static LARGE: AtomicUsize = AtomicUsize::new(0);
    static LARGE_PEAK: AtomicUsize = AtomicUsize::new(0);

    /// A system allocation of `size` bytes was made (or, with `freed`, given back).
    pub(super) fn large(size: usize, freed: bool) {
        if freed {
            LARGE.fetch_sub(size, Relaxed);
        } else {
            let bytes = LARGE.fetch_add(size, Relaxed) + size;
            LARGE_PEAK.fetch_max(bytes, Relaxed);
        }
    }

    pub(super) fn allocated(class: usize) {
        let live = LIVE[class].fetch_add(1, Relaxed) + 1;
        MOST[class].fetch_max(live, Relaxed);
        let size = (class + 1) * GRANULE;
        let bytes = BYTES.fetch_add(size, Relaxed) + size;
        if bytes > PEAK.load(Relaxed) {
            PEAK.store(bytes, Relaxed);
            for (live, at_peak) in LIVE.iter().zip(&AT_PEAK) {
                at_peak.store(live.load(Relaxed), Relaxed);
            }
        }
    }

    pub(super) fn freed(class: usize) {
        LIVE[class].fetch_sub(1, Relaxed);
        BYTES.fetch_sub((class + 1) * GRANULE, Relaxed);
    }

    /// Prints the counts at the peak to stderr, if `AIO_ALLOC_STATS` is set.
    pub fn report() {
        if std::env::var_os("AIO_ALLOC_STATS").is_none() {
            return;
        }
        eprintln!(
            "larger blocks at their peak: {} bytes",
            LARGE_PEAK.load(Relaxed)
        );
        eprintln!("small blocks at the peak: {} bytes", PEAK.load(Relaxed));
        let most: usize = (0..CLASSES)
            .map(|class| MOST[class].load(Relaxed) * (class + 1) * GRANULE)
            .sum();
        eprintln!("(the most in use of each class at any time: {most} bytes in all)");
        for (class, n) in AT_PEAK.iter().enumerate() {
            let (n, most) = (n.load(Relaxed), MOST[class].load(Relaxed));
            if most > 0 {
                let size = (class + 1) * GRANULE;
                eprintln!(
                    "{size:5} bytes: {n:9} blocks, {:11} bytes (most {most})",
                    n * size
                );
            }
        }
    }
}

#[cfg(target_os = "linux")]
mod os {
    /// Address space nobody else will be given, not yet usable: `None` if refused.
    pub fn reserve(size: usize) -> Option<usize> {
        // SAFETY: a fresh anonymous mapping; nothing else refers to it.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        (p != libc::MAP_FAILED).then_some(p as usize)
    }

    /// Makes part of the reservation usable.
    pub fn commit(at: usize, size: usize) -> bool {
        // SAFETY: `[at, at + size)` is inside the reservation and not handed out yet.
        unsafe {
            libc::mprotect(
                at as *mut libc::c_void,
                size,
                libc::PROT_READ | libc::PROT_WRITE,
            ) == 0
        }
    }

    /// Faults a committed range in, as writing to every page would, without writing.
    pub fn populate(at: usize, size: usize) {
        if commit(at, size) {
            // SAFETY: the range is committed; population leaves its contents as they are.
            unsafe { libc::madvise(at as *mut libc::c_void, size, libc::MADV_POPULATE_WRITE) };
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod os {
    pub fn reserve(_size: usize) -> Option<usize> {
        None
    }

    pub fn commit(_at: usize, _size: usize) -> bool {
        false
    }

    pub fn populate(_at: usize, _size: usize) {}
}

/// The size class of a layout the free lists serve, if they serve it.
#[inline]
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size();
    (size != 0 && size <= MAX_SMALL && layout.align() <= GRANULE).then(|| (size - 1) / GRANULE)
}

/// The system layout of every block of `class`.
#[inline]
fn class_layout(class: usize) -> Layout {
    // SAFETY: the size is a non-zero multiple of the alignment, far below isize::MAX.
    unsafe { Layout::from_size_align_unchecked((class + 1) * GRANULE, GRANULE) }
}

// SAFETY: every block handed out is at least as large and as aligned as its layout asks:
// a carved block is a 16-aligned piece of its class's size of a committed chunk, carved
// once; any other is a live system block of its class's size. A freed block is either kept
// (its first word links the list, and only this thread's list holds it) or, if it is a
// system block, given back to the system with the layout it was allocated with.
unsafe impl GlobalAlloc for SmallAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            #[cfg(feature = "alloc-stats")]
            stats::large(layout.size(), false);
            return unsafe { System.alloc(layout) };
        };
        #[cfg(feature = "alloc-stats")]
        stats::allocated(class);
        let block = LOCAL.with(|local| {
            let list = &local.lists[class];
            let head = list.head.get();
            if head.is_null() {
                return carve(local, (class + 1) * GRANULE);
            }
            // SAFETY: a kept block's first word is the next block of its list.
            list.head.set(unsafe { head.cast::<*mut u8>().read() });
            list.len.set(list.len.get() - 1);
            head
        });
        if block.is_null() {
            unsafe { System.alloc(class_layout(class)) }
        } else {
            block
        }
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            #[cfg(feature = "alloc-stats")]
            stats::large(layout.size(), true);
            return unsafe { System.dealloc(block, layout) };
        };
        #[cfg(feature = "alloc-stats")]
        stats::freed(class);
        let kept = LOCAL.with(|local| {
            let list = &local.lists[class];
            // A carved block is always kept: the system cannot take it.
            if list.len.get() >= MAX_KEPT && !in_arena(block) {
                return false;
            }
            // SAFETY: the block is at least 16 bytes, 16-aligned, and no longer in use.
            unsafe { block.cast::<*mut u8>().write(list.head.get()) };
            list.head.set(block);
            list.len.set(list.len.get() + 1);
            true
        });
        if !kept {
            unsafe { System.dealloc(block, class_layout(class)) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            // Large to large: the system can grow in place.
            (None, None) => {
                #[cfg(feature = "alloc-stats")]
                {
                    stats::large(layout.size(), true);
                    stats::large(new_size, false);
                }
                unsafe { System.realloc(block, layout, new_size) }
            }
            // Within one class: the block is already big enough.
            (Some(a), Some(b)) if a == b => block,
            _ => {
                let new = unsafe { self.alloc(new_layout) };
                if !new.is_null() {
                    let n = layout.size().min(new_size);
                    unsafe {
                        ptr::copy_nonoverlapping(block, new, n);
                        self.dealloc(block, layout);
                    }
                }
                new
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_reused_by_class_and_keep_their_contents_through_realloc() {
        let a = SmallAlloc;
        unsafe {
            let l = Layout::from_size_align(40, 8).unwrap();
            let p = a.alloc(l);
            p.write_bytes(7, 40);
            a.dealloc(p, l);
            // Same class (33..=48 bytes): the freed block comes back.
            let l2 = Layout::from_size_align(48, 16).unwrap();
            let q = a.alloc(l2);
            assert_eq!(p, q);
            q.write_bytes(9, 48);
            let r = a.realloc(q, l2, 3000);
            assert!((0..48).all(|i| *r.add(i) == 9));
            let s = a.realloc(r, Layout::from_size_align(3000, 16).unwrap(), 20);
            assert!((0..20).all(|i| *s.add(i) == 9));
            a.dealloc(s, Layout::from_size_align(20, 16).unwrap());
            // Over-aligned and zero-sized layouts are the system's.
            assert_eq!(class_of(Layout::from_size_align(64, 64).unwrap()), None);
            assert_eq!(class_of(Layout::from_size_align(0, 1).unwrap()), None);
            assert_eq!(
                class_of(Layout::from_size_align(1024, 8).unwrap()),
                Some(63)
            );
            assert_eq!(class_of(Layout::from_size_align(1025, 8).unwrap()), None);
        }
    }

    #[test]
    fn carved_blocks_span_chunks_and_come_back_on_any_thread() {
        let a = SmallAlloc;
        let l = Layout::from_size_align(1000, 8).unwrap();
        // More than a chunk's worth of one class, all live at once.
        let n = 2 * CHUNK / 1008 + 10;
        let blocks: Vec<usize> = (0..n).map(|_| unsafe { a.alloc(l) } as usize).collect();
        let mut sorted = blocks.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), n, "a block was handed out twice");
        assert!(
            sorted.windows(2).all(|w| w[1] - w[0] >= 1008),
            "blocks overlap"
        );
        assert!(blocks.iter().all(|&b| b % GRANULE == 0 && b != 0));
        if os::reserve(CHUNK).is_some() {
            assert!(blocks.iter().all(|&b| in_arena(b as *mut u8)));
        }
        for &b in &blocks {
            unsafe { (b as *mut u8).write_bytes(1, 1000) };
        }
        // Freed on another thread, they are that thread's to hand out again.
        let freed = blocks.clone();
        std::thread::spawn(move || unsafe {
            for &b in &freed {
                a.dealloc(b as *mut u8, l);
            }
            let again = a.alloc(l) as usize;
            assert!(freed.contains(&again));
            a.dealloc(again as *mut u8, l);
        })
        .join()
        .unwrap();
    }
}

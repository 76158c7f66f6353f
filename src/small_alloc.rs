//! A small-object allocator in front of the system one, as CPython's `pymalloc` is.
//!
//! An interpreter allocates and frees many small blocks of a few sizes in bursts: 100,000
//! tasks means 100,000 frames, futures and coroutine objects made together and freed
//! together. glibc keeps only seven freed blocks per size in its thread cache; past that,
//! every `malloc` and `free` goes through its bins, coalescing neighbours (a quarter of
//! the instructions of such a program). Here each thread keeps freed blocks of up to
//! [`MAX_SMALL`] bytes on a list per 16-byte size class and hands them out again first.
//!
//! A block is always a system block of its class's size, so it can be freed on another
//! thread (it joins that thread's list) or given back to the system when a list is full.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

/// The largest block size served from the free lists.
const MAX_SMALL: usize = 1024;
const GRANULE: usize = 16;
const CLASSES: usize = MAX_SMALL / GRANULE;
/// Freed blocks kept per class and thread; the rest go back to the system.
const MAX_KEPT: u32 = 1 << 16;

pub struct SmallAlloc;

struct FreeList {
    head: Cell<*mut u8>,
    len: Cell<u32>,
}

thread_local! {
    // No destructor: a thread's kept blocks stay with the process when the thread ends.
    static LISTS: [FreeList; CLASSES] = const {
        [const { FreeList { head: Cell::new(ptr::null_mut()), len: Cell::new(0) } }; CLASSES]
    };
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

// SAFETY: every block handed out is a live system block at least as large and as aligned
// as its layout asks; a freed block is either kept (its first word links the list, and
// only this thread's list holds it) or given back to the system with the layout it was
// allocated with.
unsafe impl GlobalAlloc for SmallAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return unsafe { System.alloc(layout) };
        };
        let kept = LISTS.with(|lists| {
            let list = &lists[class];
            let head = list.head.get();
            if !head.is_null() {
                // SAFETY: a kept block's first word is the next block of its list.
                list.head.set(unsafe { head.cast::<*mut u8>().read() });
                list.len.set(list.len.get() - 1);
            }
            head
        });
        if kept.is_null() {
            unsafe { System.alloc(class_layout(class)) }
        } else {
            kept
        }
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            return unsafe { System.dealloc(block, layout) };
        };
        let kept = LISTS.with(|lists| {
            let list = &lists[class];
            if list.len.get() >= MAX_KEPT {
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
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
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
}

//! The local variable slots of a frame, kept apart from the frame.
//!
//! A call's frame lives on the native stack, and a buffer beside it there ([`Slots`])
//! holds its locals: no allocation for a call. A frame that outlives its maker's stack (a
//! suspended coroutine's or generator's, a module's) has a buffer of its own on the heap,
//! of its code's size: a coroutine suspended by the hundred thousand is not the size of
//! the largest stack buffer, used or not.

use std::alloc::Layout;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

use crate::value::Value;

type Slot = Option<Value>;

/// A buffer for the locals of a frame made on the stack: most functions have no more.
pub struct Slots([MaybeUninit<Slot>; Slots::N]);

impl Default for Slots {
    fn default() -> Slots {
        Slots::new()
    }
}

impl Slots {
    pub const N: usize = 6;

    #[inline(always)]
    pub fn new() -> Slots {
        Slots([const { MaybeUninit::uninit() }; Slots::N])
    }

    /// No locals yet, in this buffer (a larger number of them moves to the heap).
    #[inline(always)]
    pub fn locals(&mut self) -> Locals<'_> {
        Locals {
            ptr: NonNull::from(&mut self.0).cast(),
            len: 0,
            cap: Slots::N as u32,
            _buf: PhantomData,
        }
    }
}

/// A frame's locals: a vector of slots in a buffer that is either lent (`'s` is how long
/// for) or its own, on the heap. Two words, where the inline vector it replaces was 13.
pub struct Locals<'s> {
    ptr: NonNull<Slot>,
    len: u32,
    /// The buffer's capacity, and in its top bit ([`Locals::OWNED`]) whether it is a heap
    /// buffer of this vector's own.
    cap: u32,
    _buf: PhantomData<&'s mut [Slot]>,
}

impl Locals<'static> {
    /// No locals, and no buffer yet.
    pub const fn new() -> Locals<'static> {
        Locals {
            ptr: NonNull::dangling(),
            len: 0,
            cap: 0,
            _buf: PhantomData,
        }
    }

    /// No locals yet, in the buffer of `cap` slots at `buf`.
    ///
    /// # Safety
    /// The buffer must outlive the vector and not move while it is there, and nothing
    /// else may use it meanwhile.
    pub unsafe fn lent(buf: *mut Slot, cap: usize) -> Locals<'static> {
        match NonNull::new(buf) {
            Some(ptr) if cap > 0 => Locals {
                ptr,
                len: 0,
                cap: cap as u32,
                _buf: PhantomData,
            },
            _ => Locals::new(),
        }
    }
}

impl Default for Locals<'static> {
    fn default() -> Self {
        Locals::new()
    }
}

impl<'s> Locals<'s> {
    const OWNED: u32 = 1 << 31;

    #[inline(always)]
    fn capacity(&self) -> usize {
        (self.cap & !Self::OWNED) as usize
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline(always)]
    pub fn as_slice(&self) -> &[Slot] {
        // SAFETY: the first `len` slots of the buffer are initialised.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len()) }
    }

    #[inline(always)]
    pub fn as_mut_slice(&mut self) -> &mut [Slot] {
        // SAFETY: as in `as_slice`, and `&mut self` is the only way to the buffer.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len()) }
    }

    #[inline(always)]
    pub fn as_mut_ptr(&mut self) -> *mut Slot {
        self.ptr.as_ptr()
    }

    /// # Safety
    /// The first `len` slots must be initialised, and `len` within the capacity.
    #[inline(always)]
    pub unsafe fn set_len(&mut self, len: usize) {
        debug_assert!(len <= self.capacity());
        self.len = len as u32;
    }

    /// Makes room for `additional` more slots, exactly.
    #[inline(always)]
    pub fn reserve_exact(&mut self, additional: usize) {
        if self.capacity() - self.len() < additional {
            self.grow(self.len() + additional);
        }
    }

    #[inline(always)]
    pub fn push(&mut self, v: Slot) {
        if self.len() == self.capacity() {
            self.grow((self.len() * 2).max(4));
        }
        // SAFETY: there is room for one more.
        unsafe {
            self.ptr.as_ptr().add(self.len()).write(v);
            self.set_len(self.len() + 1);
        }
    }

    /// Moves the slots to a heap buffer of `cap` of them.
    #[cold]
    fn grow(&mut self, cap: usize) {
        let cap = u32::try_from(cap)
            .ok()
            .filter(|&c| c < Self::OWNED)
            .expect("a frame's locals are counted in 31 bits");
        let layout = Layout::array::<Slot>(cap as usize).expect("a frame's locals fit in memory");
        // SAFETY: `cap` is more than `len`, so more than 0: the layout is not empty.
        let new = unsafe { std::alloc::alloc(layout) }.cast::<Slot>();
        let Some(new) = NonNull::new(new) else {
            std::alloc::handle_alloc_error(layout)
        };
        // SAFETY: the new buffer has room for the `len` slots moved into it; the old one
        // is freed only if it is this vector's own, with the layout it was made with.
        unsafe {
            std::ptr::copy_nonoverlapping(self.ptr.as_ptr(), new.as_ptr(), self.len());
            self.free_buffer();
        }
        self.ptr = new;
        self.cap = cap | Self::OWNED;
    }

    /// Frees the buffer if it is this vector's own (its slots are moved or dropped).
    unsafe fn free_buffer(&mut self) {
        if self.cap & Self::OWNED != 0 {
            let layout = Layout::array::<Slot>(self.capacity()).expect("made with it");
            // SAFETY: an owned buffer was allocated with this layout.
            unsafe { std::alloc::dealloc(self.ptr.as_ptr().cast(), layout) };
        }
    }
}

impl std::ops::Deref for Locals<'_> {
    type Target = [Slot];

    #[inline(always)]
    fn deref(&self) -> &[Slot] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for Locals<'_> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Slot] {
        self.as_mut_slice()
    }
}

impl Drop for Locals<'_> {
    fn drop(&mut self) {
        // SAFETY: the slots are dropped once, here, then their buffer freed if it is ours.
        unsafe {
            std::ptr::drop_in_place(self.as_mut_slice());
            self.free_buffer();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_move_from_a_lent_buffer_to_their_own_and_drop_their_values() {
        let v = Value::list(vec![]);
        let mut slots = Slots::new();
        let mut locals = slots.locals();
        for _ in 0..Slots::N {
            locals.push(Some(v.clone()));
        }
        assert_eq!(locals.cap, Slots::N as u32, "still in the lent buffer");
        locals.push(None);
        assert_ne!(
            locals.cap & Locals::OWNED,
            0,
            "moved to a buffer of its own"
        );
        assert_eq!(locals.len(), Slots::N + 1);
        assert!(locals[..Slots::N].iter().all(|s| s.is_some()) && locals[Slots::N].is_none());
        drop(locals);
        let Value::List(l) = &v else { unreachable!() };
        assert_eq!(std::rc::Rc::strong_count(l), 1, "every copy dropped");

        let mut own = Locals::new();
        own.reserve_exact(3);
        for _ in 0..3 {
            own.push(None);
        }
        assert_eq!(own.capacity(), 3);
        own[1] = Some(v.clone());
        assert_eq!(own.len(), 3);
        own.reserve_exact(2);
        assert_eq!(own.capacity(), 5);
        assert!(own[1].is_some());
        assert!(Locals::new().is_empty());
    }
}

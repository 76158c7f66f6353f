//! Reference-counted native objects behind a thin pointer.
//!
//! `Rc<dyn Native>` is a fat pointer (data and vtable, 16 bytes), and it was the one
//! payload that made every [`Value`](crate::value::Value) 24 bytes instead of 16. A
//! 16-byte value and a `PyResult` of one are two whole words; a 24-byte one was returned
//! as three 8-byte stores read back in 16-byte pieces, which stalls the processor. So
//! native objects live in a block that carries its own `dyn Native` pointer next to the
//! counts, and what points at them is one word:
//!
//! - [`NativeRc`]: a strong reference to some native object (what `Value::Native` holds);
//! - [`NRc<T>`]: a strong reference that knows its object is a `T` (a task's `FutCore`);
//! - [`NativeWeak`] and [`NWeak<T>`]: the weak references of each.
//!
//! The counts behave as `std::rc`'s do: the object is dropped when the last strong
//! reference goes, the block is freed when the last weak one does (the strong ones
//! together hold one weak count, as in `std`).

use std::alloc::Layout;
use std::cell::Cell;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

use crate::value::Native;

/// The start of every block: the counts and where the object is.
#[repr(C)]
struct Header {
    strong: Cell<u32>,
    weak: Cell<u32>,
    target: Cell<Target>,
}

/// While the object lives, a pointer to it (its vtable is what makes the pointer fat);
/// once it is dropped, the block's layout, which freeing the block needs.
#[derive(Clone, Copy)]
union Target {
    live: *const dyn Native,
    dead: Layout,
}

/// A block holding a `T`: the header first, so a pointer to the block is a pointer to the
/// header whatever `T` is.
#[repr(C)]
struct Block<T> {
    header: Header,
    value: T,
}

fn increment(count: &Cell<u32>) {
    let n = count.get();
    if n == u32::MAX {
        // As `std::rc` does on overflow: continuing would free a live object.
        std::process::abort();
    }
    count.set(n + 1);
}

/// Gives up one strong reference: drops the object when it was the last.
///
/// # Safety
/// `ptr` is a live block and the caller owned one strong count.
#[inline]
unsafe fn release_strong(ptr: NonNull<Header>) {
    // SAFETY: the block is live while the caller's count is.
    let header = unsafe { ptr.as_ref() };
    let strong = header.strong.get() - 1;
    header.strong.set(strong);
    if strong == 0 {
        // SAFETY: that was the last strong reference.
        unsafe { drop_object(ptr) }
    }
}

/// # Safety
/// `ptr` is a live block whose strong count just went to zero.
#[inline(never)]
unsafe fn drop_object(ptr: NonNull<Header>) {
    // SAFETY: the object is still there (only this call drops it) and the block is held by
    // the strong references' weak count until `release_weak` below.
    unsafe {
        let header = ptr.as_ref();
        let live = header.target.get().live;
        let layout = Layout::new::<Header>()
            .extend(Layout::for_value(&*live))
            .expect("a block's layout was valid when it was allocated")
            .0
            .pad_to_align();
        std::ptr::drop_in_place(live as *mut dyn Native);
        header.target.set(Target { dead: layout });
        release_weak(ptr);
    }
}

/// Gives up one weak count: frees the block when it was the last.
///
/// # Safety
/// `ptr` is an allocated block whose object is dropped if this is the last weak count, and
/// the caller owned one weak count.
unsafe fn release_weak(ptr: NonNull<Header>) {
    // SAFETY: the block is allocated while the caller's weak count is.
    let header = unsafe { ptr.as_ref() };
    let weak = header.weak.get() - 1;
    header.weak.set(weak);
    if weak == 0 {
        // SAFETY: no strong count is left (they hold a weak one), so `drop_object` ran and
        // left the layout the block was allocated with.
        unsafe {
            let layout = header.target.get().dead;
            std::alloc::dealloc(ptr.as_ptr().cast(), layout);
        }
    }
}

/// Allocates a block for a `T` with the given counts and its target set; the object is
/// not written.
fn allocate<T: Native>(strong: u32, weak: u32) -> NonNull<Header> {
    let layout = Layout::new::<Block<T>>();
    // SAFETY: a block has a header, so the layout is not zero-sized.
    let raw = unsafe { std::alloc::alloc(layout) } as *mut Block<T>;
    let Some(block) = NonNull::new(raw) else {
        std::alloc::handle_alloc_error(layout)
    };
    // SAFETY: `block` is allocated for a `Block<T>`; only the header is written.
    unsafe {
        let value = std::ptr::addr_of_mut!((*block.as_ptr()).value);
        std::ptr::addr_of_mut!((*block.as_ptr()).header).write(Header {
            strong: Cell::new(strong),
            weak: Cell::new(weak),
            target: Cell::new(Target {
                live: value as *const dyn Native,
            }),
        });
    }
    block.cast()
}

/// A strong reference to a native object of any kind: one word.
pub struct NativeRc {
    ptr: NonNull<Header>,
}

impl NativeRc {
    pub fn new<T: Native>(value: T) -> NativeRc {
        NRc::new(value).into()
    }

    /// Whether this is the only reference to the object, strong or weak.
    pub fn is_unique(&self) -> bool {
        // SAFETY: the block is live while this strong reference is; the strong ones
        // together hold one weak count.
        let header = unsafe { self.ptr.as_ref() };
        header.strong.get() == 1 && header.weak.get() == 1
    }

    /// The object's address, for `id()` and `is`: the same for every reference to it,
    /// typed or not.
    pub fn as_ptr(&self) -> *const () {
        self.ptr.as_ptr() as *const ()
    }

    pub fn ptr_eq(a: &NativeRc, b: &NativeRc) -> bool {
        a.ptr == b.ptr
    }

    /// A typed reference to the object, when it is a `T`.
    pub fn downcast<T: Native>(&self) -> Option<NRc<T>> {
        if !self.as_any().is::<T>() {
            return None;
        }
        // SAFETY: the object is a `T`.
        Some(unsafe { NRc::typed(self.clone()) })
    }

    pub fn downgrade(&self) -> NativeWeak {
        // SAFETY: the block is live while we hold a count.
        unsafe { increment(&self.ptr.as_ref().weak) };
        NativeWeak { ptr: self.ptr }
    }
}

impl Deref for NativeRc {
    type Target = dyn Native;

    #[inline(always)]
    fn deref(&self) -> &dyn Native {
        // SAFETY: the object lives while a strong reference does.
        unsafe { &*self.ptr.as_ref().target.get().live }
    }
}

impl Clone for NativeRc {
    #[inline]
    fn clone(&self) -> NativeRc {
        // SAFETY: the block is live while we hold a count.
        unsafe { increment(&self.ptr.as_ref().strong) };
        NativeRc { ptr: self.ptr }
    }
}

impl Drop for NativeRc {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: we own one strong count.
        unsafe { release_strong(self.ptr) }
    }
}

/// A weak reference to a native object of any kind.
pub struct NativeWeak {
    ptr: NonNull<Header>,
}

impl NativeWeak {
    /// How many strong references the object has: 0 once it is dropped.
    pub fn strong_count(&self) -> usize {
        // SAFETY: the block is allocated while we hold a weak count.
        unsafe { self.ptr.as_ref().strong.get() as usize }
    }

    pub fn upgrade(&self) -> Option<NativeRc> {
        // SAFETY: the block is allocated while we hold a weak count.
        let strong = unsafe { &self.ptr.as_ref().strong };
        if strong.get() == 0 {
            return None;
        }
        increment(strong);
        Some(NativeRc { ptr: self.ptr })
    }
}

impl Clone for NativeWeak {
    fn clone(&self) -> NativeWeak {
        // SAFETY: the block is allocated while we hold a weak count.
        unsafe { increment(&self.ptr.as_ref().weak) };
        NativeWeak { ptr: self.ptr }
    }
}

impl Drop for NativeWeak {
    fn drop(&mut self) {
        // SAFETY: we own one weak count.
        unsafe { release_weak(self.ptr) }
    }
}

/// A strong reference to a native object known to be a `T`: a [`NativeRc`] that remembers
/// the type, so it turns into one for free and derefs to the `T` without a downcast.
pub struct NRc<T: Native> {
    raw: NativeRc,
    marker: PhantomData<T>,
}

impl<T: Native> NRc<T> {
    /// # Safety
    /// `raw`'s object is a `T`.
    unsafe fn typed(raw: NativeRc) -> NRc<T> {
        NRc {
            raw,
            marker: PhantomData,
        }
    }

    pub fn new(value: T) -> NRc<T> {
        let ptr = allocate::<T>(1, 1);
        // SAFETY: the block was just allocated for a `T`, with the count this reference
        // owns.
        unsafe {
            std::ptr::addr_of_mut!((*ptr.cast::<Block<T>>().as_ptr()).value).write(value);
            NRc::typed(NativeRc { ptr })
        }
    }

    /// Another strong reference to `object`, found from the object itself: what a type kept
    /// only in these blocks uses instead of a weak reference to itself.
    ///
    /// # Safety
    /// `object` is the object of a block of this module (of an `NRc<T>`).
    pub unsafe fn from_object(object: &T) -> NRc<T> {
        let offset = std::mem::offset_of!(Block<T>, value);
        // SAFETY: the block starts with its header, `offset` bytes before its object.
        let header = unsafe { (object as *const T).cast::<u8>().sub(offset) }.cast::<Header>();
        // SAFETY: the block is live while its object is borrowed.
        let counts = unsafe { &*header };
        // A reference to an object being dropped cannot be made, as `Weak::upgrade` cannot.
        assert!(counts.strong.get() > 0, "a live object");
        increment(&counts.strong);
        // SAFETY: the object is a `T`; the count just taken is the new reference's.
        unsafe {
            NRc::typed(NativeRc {
                ptr: NonNull::new_unchecked(header.cast_mut()),
            })
        }
    }

    /// As `Rc::new_cyclic`: `make` gets a weak reference to the object it is making, which
    /// upgrades once `new_cyclic` has returned.
    pub fn new_cyclic(make: impl FnOnce(&NWeak<T>) -> T) -> NRc<T> {
        // One weak count for the strong references to come, one for `weak`.
        let ptr = allocate::<T>(0, 2);
        let weak = NWeak {
            raw: NativeWeak { ptr },
            marker: PhantomData,
        };
        let value = make(&weak);
        // SAFETY: the block was allocated for a `T`, and nothing reads the object while
        // the strong count is zero; the count set is the one this reference owns.
        unsafe {
            std::ptr::addr_of_mut!((*ptr.cast::<Block<T>>().as_ptr()).value).write(value);
            ptr.as_ref().strong.set(1);
            NRc::typed(NativeRc { ptr })
        }
    }

    /// The reference as a pointer, its count kept for [`NRc::from_raw`].
    pub fn into_raw(this: NRc<T>) -> NonNull<()> {
        let this = std::mem::ManuallyDrop::new(this);
        this.raw.ptr.cast()
    }

    /// # Safety
    /// `ptr` came from [`NRc::into_raw`] of an `NRc<T>`, and is made a reference again once.
    pub unsafe fn from_raw(ptr: NonNull<()>) -> NRc<T> {
        // SAFETY: the block of a `T`, with the count the raw pointer kept.
        unsafe { NRc::typed(NativeRc { ptr: ptr.cast() }) }
    }

    /// The object's address, as [`NativeRc::as_ptr`] gives it.
    pub fn as_ptr(this: &NRc<T>) -> *const () {
        this.raw.as_ptr()
    }

    pub fn ptr_eq(a: &NRc<T>, b: &NRc<T>) -> bool {
        NativeRc::ptr_eq(&a.raw, &b.raw)
    }

    pub fn downgrade(this: &NRc<T>) -> NWeak<T> {
        NWeak {
            raw: this.raw.downgrade(),
            marker: PhantomData,
        }
    }
}

impl<T: Native> Deref for NRc<T> {
    type Target = T;

    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the block holds a live `T` while a strong reference does.
        unsafe { &(*self.raw.ptr.cast::<Block<T>>().as_ptr()).value }
    }
}

impl<T: Native> Clone for NRc<T> {
    #[inline]
    fn clone(&self) -> NRc<T> {
        // SAFETY: the same object, a `T`.
        unsafe { NRc::typed(self.raw.clone()) }
    }
}

impl<T: Native> From<NRc<T>> for NativeRc {
    fn from(rc: NRc<T>) -> NativeRc {
        rc.raw
    }
}

/// A weak reference to a native object known to be a `T`.
pub struct NWeak<T: Native> {
    raw: NativeWeak,
    marker: PhantomData<T>,
}

impl<T: Native> NWeak<T> {
    /// How many strong references the object has: 0 once it is dropped.
    pub fn strong_count(&self) -> usize {
        self.raw.strong_count()
    }

    pub fn upgrade(&self) -> Option<NRc<T>> {
        // SAFETY: the same object, a `T`.
        self.raw.upgrade().map(|raw| unsafe { NRc::typed(raw) })
    }
}

impl<T: Native> Clone for NWeak<T> {
    fn clone(&self) -> NWeak<T> {
        NWeak {
            raw: self.raw.clone(),
            marker: PhantomData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::any::Any;
    use std::rc::Rc;

    /// Counts its drops, and can hold a weak reference to itself.
    struct Probe {
        drops: Rc<Cell<u32>>,
        me: Option<NWeak<Probe>>,
        payload: [u64; 3],
    }

    impl Native for Probe {
        fn type_name(&self) -> &str {
            "probe"
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    impl Drop for Probe {
        fn drop(&mut self) {
            self.drops.set(self.drops.get() + 1);
        }
    }

    fn probe(drops: &Rc<Cell<u32>>) -> Probe {
        Probe {
            drops: drops.clone(),
            me: None,
            payload: [1, 2, 3],
        }
    }

    #[test]
    fn the_object_is_dropped_with_its_last_strong_reference() {
        let drops = Rc::new(Cell::new(0));
        let a = NativeRc::new(probe(&drops));
        let b = a.clone();
        let typed = a.downcast::<Probe>().unwrap();
        assert_eq!(typed.payload, [1, 2, 3]);
        assert_eq!(a.type_name(), "probe");
        assert!(NativeRc::ptr_eq(&a, &b));
        assert_eq!(NRc::as_ptr(&typed), a.as_ptr());
        drop(a);
        drop(typed);
        assert_eq!(drops.get(), 0);
        drop(b);
        assert_eq!(drops.get(), 1);
    }

    #[test]
    fn a_weak_reference_upgrades_only_while_the_object_lives() {
        let drops = Rc::new(Cell::new(0));
        let strong = NRc::new(probe(&drops));
        let weak = NRc::downgrade(&strong);
        let erased = NativeRc::from(strong.clone()).downgrade();
        assert!(weak.upgrade().is_some());
        assert!(erased.upgrade().is_some());
        drop(strong);
        assert_eq!(drops.get(), 1);
        assert!(weak.upgrade().is_none());
        assert!(erased.upgrade().is_none());
        // The block outlives the object until the last weak reference goes.
        drop(weak);
        drop(erased);
    }

    #[test]
    fn new_cyclic_gives_the_object_a_weak_reference_to_itself() {
        let drops = Rc::new(Cell::new(0));
        let rc = NRc::new_cyclic(|me| {
            assert!(me.upgrade().is_none());
            Probe {
                drops: drops.clone(),
                me: Some(me.clone()),
                payload: [4, 5, 6],
            }
        });
        let again = rc.me.as_ref().unwrap().upgrade().unwrap();
        assert!(NRc::ptr_eq(&rc, &again));
        let erased: NativeRc = again.into();
        assert!(erased.downcast::<Probe>().is_some());
        drop(rc);
        drop(erased);
        // Dropping the object dropped its own weak reference to its block too.
        assert_eq!(drops.get(), 1);
    }

    #[test]
    fn downcast_to_another_type_is_none() {
        struct Other;
        impl Native for Other {
            fn type_name(&self) -> &str {
                "other"
            }
            fn as_any(&self) -> &dyn Any {
                self
            }
        }
        let rc = NativeRc::new(Other);
        assert!(rc.downcast::<Probe>().is_none());
        assert!(rc.downcast::<Other>().is_some());
    }
}

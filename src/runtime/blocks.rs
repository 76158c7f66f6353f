//! A FIFO queue kept in blocks of a kilobyte, for the loop's ready queue and its timers.
//!
//! A `VecDeque` keeps the capacity its longest moment needed: 200,000 tasks made at once
//! leave a ready queue of 262,144 slots while they run, and their 200,000 sleeps then fill
//! a timer queue as large beside it. Here a block is freed as soon as it is emptied, and
//! the small-object allocator gives it to the next queue that grows (the ready queue and
//! the timers use blocks of the same size class), so the two queues together take about
//! what the handles in them take.

use std::collections::VecDeque;

/// The bytes of items a block holds (at most), near the largest small-object size class:
/// 992 is where both a ready queue's blocks (of 24-byte handles) and a timer queue's (of
/// 32-byte timers) land in the same class, so that each takes the blocks the other frees.
const BLOCK_BYTES: usize = 992;

pub struct BlockQueue<T> {
    /// Each block holds up to `PER_BLOCK` items; only the front and back blocks are
    /// partly filled.
    blocks: VecDeque<VecDeque<T>>,
    len: usize,
}

impl<T> Default for BlockQueue<T> {
    fn default() -> Self {
        BlockQueue {
            blocks: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T> BlockQueue<T> {
    const PER_BLOCK: usize = {
        let size = std::mem::size_of::<T>();
        if size == 0 || size >= BLOCK_BYTES {
            1
        } else {
            BLOCK_BYTES / size
        }
    };

    /// The allocator's size class of a block (its bytes rounded up to 16), which
    /// queues that should share blocks must agree on.
    pub const BLOCK_CLASS: usize = (Self::PER_BLOCK * std::mem::size_of::<T>()).div_ceil(16) * 16;

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push_back(&mut self, item: T) {
        match self.blocks.back_mut() {
            Some(block) if block.len() < Self::PER_BLOCK => block.push_back(item),
            _ => {
                let mut block = VecDeque::with_capacity(Self::PER_BLOCK);
                block.push_back(item);
                self.blocks.push_back(block);
            }
        }
        self.len += 1;
    }

    pub fn pop_front(&mut self) -> Option<T> {
        let front = self.blocks.front_mut()?;
        let item = front.pop_front()?;
        self.len -= 1;
        // An emptied block goes, unless it is the last: a queue that empties and fills
        // again (a few tasks taking turns) keeps its one block.
        if front.is_empty() && self.blocks.len() > 1 {
            self.blocks.pop_front();
        }
        Some(item)
    }

    pub fn front(&self) -> Option<&T> {
        self.blocks.front()?.front()
    }

    pub fn back(&self) -> Option<&T> {
        self.blocks.back()?.back()
    }
}

#[cfg(test)]
mod tests {
    use super::BlockQueue;

    #[test]
    fn items_come_out_in_order_across_blocks() {
        let mut q = BlockQueue::default();
        let per_block = BlockQueue::<u64>::PER_BLOCK;
        let n = 3 * per_block as u64 + 5;
        for i in 0..n {
            q.push_back(i);
            assert_eq!(q.back(), Some(&i));
        }
        assert_eq!(q.len() as u64, n);
        assert_eq!(q.blocks.len(), 4);
        for i in 0..n / 2 {
            assert_eq!(q.front(), Some(&i));
            assert_eq!(q.pop_front(), Some(i));
        }
        // Emptied blocks are gone.
        assert!(q.blocks.len() <= 3);
        for i in n..n + 7 {
            q.push_back(i);
        }
        let rest: Vec<u64> = std::iter::from_fn(|| q.pop_front()).collect();
        assert_eq!(rest, (n / 2..n + 7).collect::<Vec<_>>());
        assert!(q.is_empty());
        assert_eq!(q.front(), None);
        assert_eq!(q.pop_front(), None);
        // The last block stays for the next items.
        assert_eq!(q.blocks.len(), 1);
        q.push_back(1);
        assert_eq!(q.pop_front(), Some(1));
    }
}

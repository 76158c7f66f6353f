//! Parenthesized `with` items (`with (a as b, c as d):`, Python 3.10+), between the lexer
//! and the parser.
//!
//! An LR(1) grammar cannot tell, at `with (`, whether the bracket opens the first item's
//! expression or the list of items; CPython's PEG parser tries the list first. This pass
//! does the same on tokens: when the bracket after `with` closes right before the `:` and
//! holds a top-level `as` or comma, the brackets (and a trailing comma) are dropped, so
//! the grammar sees `with a as b, c as d:`. Otherwise the tokens pass unchanged and
//! `with (a, b) as c:` keeps its tuple.

use std::collections::VecDeque;

use crate::lexer::{Keyword, Tok};

type Item<E> = Result<(usize, Tok, usize), E>;

pub struct WithItems<I: Iterator<Item = Item<E>>, E> {
    inner: I,
    pending: VecDeque<Item<E>>,
}

impl<I: Iterator<Item = Item<E>>, E> WithItems<I, E> {
    pub fn new(inner: I) -> Self {
        WithItems {
            inner,
            pending: VecDeque::new(),
        }
    }

    /// After `with`: reads a bracketed group if one follows and queues it, without its
    /// brackets when it is a list of items.
    fn after_with(&mut self) {
        let Some(first) = self.inner.next() else {
            return;
        };
        if !matches!(first, Ok((_, Tok::Op("("), _))) {
            self.pending.push_back(first);
            return;
        }
        let mut group = vec![first];
        let mut depth = 0usize;
        let (mut top_as, mut top_comma, mut trailing_comma) = (false, false, false);
        loop {
            let Some(item) = self.inner.next() else {
                self.pending.extend(group);
                return;
            };
            let Ok((_, tok, _)) = &item else {
                self.pending.extend(group);
                self.pending.push_back(item);
                return;
            };
            let closes = match tok {
                Tok::Op("(" | "[" | "{") => {
                    depth += 1;
                    false
                }
                Tok::Op(")" | "]" | "}") if depth > 0 => {
                    depth -= 1;
                    false
                }
                Tok::Op(")") => true,
                _ => false,
            };
            if depth == 0 && !closes {
                top_as |= matches!(tok, Tok::Kw(Keyword::As));
                top_comma |= matches!(tok, Tok::Op(","));
                trailing_comma = matches!(tok, Tok::Op(","));
            }
            group.push(item);
            if closes {
                break;
            }
        }
        let next = self.inner.next();
        let colon = matches!(next, Some(Ok((_, Tok::Op(":"), _))));
        if colon && (top_as || top_comma) {
            let inner = group.len() - 1 - trailing_comma as usize;
            self.pending.extend(group.into_iter().take(inner).skip(1));
        } else {
            self.pending.extend(group);
        }
        self.pending.extend(next);
    }
}

impl<I: Iterator<Item = Item<E>>, E> Iterator for WithItems<I, E> {
    type Item = Item<E>;

    fn next(&mut self) -> Option<Item<E>> {
        if let Some(item) = self.pending.pop_front() {
            return Some(item);
        }
        let item = self.inner.next()?;
        if matches!(item, Ok((_, Tok::Kw(Keyword::With), _))) {
            self.after_with();
        }
        Some(item)
    }
}

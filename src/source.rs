//! A source file kept for messages: its name, its text, and where each line starts.

use crate::ast::Span;

pub struct Source {
    pub name: String,
    pub text: String,
    /// Aio's own library code (e.g. parts of `asyncio`): hidden from tracebacks, as
    /// CPython's library frames are from the expectations.
    pub library: bool,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        Source {
            name: name.into(),
            text,
            library: false,
            line_starts,
        }
    }

    pub fn library(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            library: true,
            ..Source::new(name, text)
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The text of a 1-based line, without its line break.
    /// The text of a line as tracebacks and warnings show it: none for a source without a
    /// file (`<string>` of `-c`, `<stdin>`), whose lines CPython's `linecache` cannot read.
    pub fn shown_line(&self, line: usize) -> Option<&str> {
        let unreadable = self.name.starts_with('<') && self.name.ends_with('>');
        (!unreadable).then(|| self.line_text(line))
    }

    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0)
    }

    pub fn line(&self, span: Span) -> usize {
        self.line_of(span.start as usize)
    }

    /// The line of `span` if it can be a span of this source (not the empty default one,
    /// and within the text): a task's await, which may be another source's.
    pub fn line_within(&self, span: Span) -> Option<usize> {
        (span != Span::default() && span.end as usize <= self.text.len()).then(|| self.line(span))
    }
}

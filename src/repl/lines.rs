//! Gathering typed lines into inputs, with Python's rules for the `... ` prompt.
//!
//! A line that leaves the input inside a block, bracket or triple-quoted string asks for
//! more. A compound statement (`if`, `def`, `class`, ...) goes on until an empty line, even
//! when it already parses; a simple statement runs as soon as it is complete. An empty line
//! ends a block, but not an open bracket or string. Pasted text (several lines at once) is
//! taken whole: it runs as soon as it parses, blank lines inside it included.

use crate::ast::{Stmt, StmtKind};
use crate::parser::{parse_module, SyntaxError};

/// What to do after a line.
pub enum Step {
    /// Nothing to run (an empty or comment-only line at the `>>> ` prompt).
    Nothing,
    /// Prompt for another line with `... `.
    More,
    /// Run this source, parsed.
    Run(String, Vec<Stmt>),
    /// Report this syntax error in this source.
    Fail(String, SyntaxError),
}

/// The lines of the input being typed.
#[derive(Default)]
pub struct Lines {
    text: String,
}

impl Lines {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// Takes one line as typed, or several pasted at once.
    pub fn push(&mut self, line: &str) -> Step {
        let pasted = line.trim_end().contains('\n');
        let line = if pasted { line.trim_end() } else { line };
        let blank = line.trim().is_empty();
        if self.text.is_empty() && (blank || is_comment(line)) {
            return Step::Nothing;
        }
        self.text.push_str(line);
        self.text.push('\n');
        match parse_module(&self.text) {
            Ok(body) if pasted || blank || !body.iter().any(is_compound) => {
                Step::Run(std::mem::take(&mut self.text), body)
            }
            Ok(_) => Step::More,
            Err(e) if e.incomplete && (!blank || inside_bracket_or_string(&e)) => Step::More,
            // A decorator line alone is the start of a definition.
            Err(_) if !blank && line.trim_start().starts_with('@') => Step::More,
            Err(e) => Step::Fail(std::mem::take(&mut self.text), e),
        }
    }
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Statements with a block, which end only at an empty line.
fn is_compound(s: &Stmt) -> bool {
    matches!(
        s.kind,
        StmtKind::If(..)
            | StmtKind::While(..)
            | StmtKind::For { .. }
            | StmtKind::FunctionDef(..)
            | StmtKind::ClassDef(..)
            | StmtKind::Try { .. }
            | StmtKind::With { .. }
    )
}

/// Whether an incomplete input is open because of a bracket or a string (an empty line
/// does not end those) rather than a block.
fn inside_bracket_or_string(e: &SyntaxError) -> bool {
    e.msg.ends_with("was never closed")
        || e.msg.starts_with("unterminated triple-quoted string")
        || e.msg.contains("unexpected EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds lines; returns a letter per step: N(othing), M(ore), R(un), F(ail).
    fn steps(lines: &[&str]) -> String {
        let mut l = Lines::default();
        lines
            .iter()
            .map(|line| match l.push(line) {
                Step::Nothing => 'N',
                Step::More => 'M',
                Step::Run(..) => 'R',
                Step::Fail(..) => 'F',
            })
            .collect()
    }

    #[test]
    fn simple_statements_run_at_once() {
        assert_eq!(steps(&["x = 1", "x", "print(x); y = 2"]), "RRR");
        assert_eq!(steps(&["", "   ", "# note"]), "NNN");
    }

    #[test]
    fn blocks_end_at_an_empty_line() {
        assert_eq!(steps(&["if x:", "    y", "else:", "    z", ""]), "MMMMR");
        assert_eq!(steps(&["for i in range(3): print(i)", ""]), "MR");
        assert_eq!(steps(&["async def f():", "    await g()", ""]), "MMR");
        assert_eq!(steps(&["@dec", "def f(): pass", ""]), "MMR");
        let nested = [
            "async def f(n):",
            "    for i in n:",
            "        if i:",
            "            g()",
            "",
        ];
        assert_eq!(steps(&nested), "MMMMR");
        assert_eq!(steps(&["def f():", "    for i in n:", ""]), "MMF");
        assert_eq!(steps(&["try:", "    pass", ""]), "MMF");
        let nested_try = [
            "def f():",
            "    try:",
            "        g()",
            "    finally:",
            "        h()",
            "",
        ];
        assert_eq!(steps(&nested_try), "MMMMMR");
    }

    #[test]
    fn brackets_and_strings_span_empty_lines() {
        assert_eq!(steps(&["x = [", "", "1,", "2]"]), "MMMR");
        assert_eq!(steps(&["s = '''a", "", "b'''"]), "MMR");
        assert_eq!(steps(&["f(1,", "  2)"]), "MR");
    }

    #[test]
    fn errors_are_reported_at_once() {
        assert_eq!(steps(&["1 +"]), "F");
        assert_eq!(steps(&["if x:", ""]), "MF");
        assert_eq!(steps(&["if x:", "    1 +"]), "MF");
        assert_eq!(steps(&["x = (]"]), "F");
    }

    #[test]
    fn pasted_text_runs_whole() {
        assert_eq!(
            steps(&["class A:\n    def f(self): pass\n\n    def g(self): pass\n"]),
            "R"
        );
        assert_eq!(steps(&["def f():\n    return [", "1]", ""]), "MMR");
    }
}

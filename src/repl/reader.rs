//! The line-reading side of the REPL: rustyline's editor, on a thread of its own.
//!
//! rustyline has no async API, so the editor runs on the process's main thread and the
//! interpreter on another; they talk over channels. The interpreter asks for a line with a
//! prompt ([`Request::Read`]) and keeps its event loop running until the answer comes
//! ([`Event`]). Tab completion is computed by the interpreter too, from the live values
//! (`complete.rs`): the editor's helper sends the line and waits briefly for the answer.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor};

/// What the interpreter asks of the line reader.
pub enum Request {
    /// Read one line (or one paste) with this prompt.
    Read(String),
}

/// What the line reader tells the interpreter.
pub enum Event {
    Line(String),
    /// Ctrl-C at the prompt.
    Interrupted,
    /// Ctrl-D at the prompt, or the terminal is gone.
    Eof,
    /// Tab was pressed: the candidates for the word before `pos`, and where it starts.
    Complete {
        line: String,
        pos: usize,
        reply: Sender<(usize, Vec<String>)>,
    },
}

/// How long the editor waits for the interpreter's completions (it may be busy running a
/// task); after that, Tab offers nothing.
const COMPLETION_WAIT: Duration = Duration::from_millis(500);

pub struct Helper {
    events: Sender<Event>,
}

impl Completer for Helper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let (reply, answer) = mpsc::channel();
        let asked = self.events.send(Event::Complete {
            line: line.to_string(),
            pos,
            reply,
        });
        if asked.is_err() {
            return Ok((pos, Vec::new()));
        }
        Ok(answer
            .recv_timeout(COMPLETION_WAIT)
            .unwrap_or((pos, Vec::new())))
    }
}

impl Hinter for Helper {
    type Hint = String;
}

impl Highlighter for Helper {}

impl Validator for Helper {}

impl rustyline::Helper for Helper {}

pub type LineEditor = Editor<Helper, FileHistory>;

/// The editor, with its history loaded from `history` (if any).
pub fn editor(events: Sender<Event>, history: Option<&PathBuf>) -> rustyline::Result<LineEditor> {
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .max_history_size(10_000)?
        .build();
    let mut editor = Editor::with_config(config)?;
    editor.set_helper(Some(Helper { events }));
    if let Some(path) = history {
        // A missing file is a first session.
        let _ = editor.load_history(path);
    }
    Ok(editor)
}

/// Answers the interpreter's requests until it stops asking.
pub fn serve(
    mut editor: LineEditor,
    requests: Receiver<Request>,
    events: Sender<Event>,
    history: Option<PathBuf>,
) {
    while let Ok(Request::Read(prompt)) = requests.recv() {
        let event = match editor.readline(&prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                    if let Some(path) = &history {
                        // The history is kept even if the session ends badly.
                        let _ = editor.append_history(path);
                    }
                }
                Event::Line(line)
            }
            Err(ReadlineError::Interrupted) => Event::Interrupted,
            Err(ReadlineError::Eof) => Event::Eof,
            Err(e) => {
                eprintln!("aio: cannot read from the terminal: {e}");
                Event::Eof
            }
        };
        if events.send(event).is_err() {
            break;
        }
    }
}

/// `$AIO_HISTORY`, or `~/.aio_history`; none if `AIO_HISTORY` is set empty.
pub fn history_path() -> Option<PathBuf> {
    match std::env::var_os("AIO_HISTORY") {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".aio_history")),
    }
}

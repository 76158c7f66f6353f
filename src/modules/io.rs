//! Text files for `open()`, and the `io` module that holds `UnsupportedOperation`.
//!
//! A [`TextFile`] behaves as CPython's `_io.TextIOWrapper` over a buffered file: text is
//! encoded (UTF-8, ASCII or Latin-1), line endings are translated as `newline=` says,
//! writes are buffered until `flush()`/`close()` (or the file object is dropped), and
//! `tell()`/`seek()` use byte positions as CPython's cookies do for these encodings.
//! Errors are CPython's: `FileNotFoundError: [Errno 2] ...`, `ValueError: I/O operation
//! on closed file.`, `io.UnsupportedOperation: not readable`. Binary modes are refused.

use std::any::Any;
use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::rc::Rc;

use crate::builtins::{builtin, Args};
use crate::interp::Interp;
use crate::native_rc::{NRc, NWeak};
use crate::object::{BuiltinFn, BuiltinType, CallArgs, Class, Exc, PyResult};
use crate::value::{Native, Value};

/// How many written bytes are held before they go to the OS.
const WRITE_BUFFER: usize = 8192;
/// How many bytes one read from the OS asks for.
const READ_CHUNK: usize = 8192;

#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Utf8,
    Ascii,
    Latin1,
}

impl Encoding {
    fn lookup(name: &str) -> Option<Encoding> {
        let n = name.to_ascii_lowercase().replace('_', "-");
        match n.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Some(Encoding::Utf8),
            "ascii" | "us-ascii" | "646" => Some(Encoding::Ascii),
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" => {
                Some(Encoding::Latin1)
            }
            _ => None,
        }
    }

    fn codec(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Ascii => "ascii",
            Encoding::Latin1 => "latin-1",
        }
    }
}

/// The OS file and the bytes buffered on either side of it.
struct FileState {
    /// `None` once closed.
    file: Option<File>,
    /// Bytes read ahead from the OS; `raw[rpos..]` are not consumed yet.
    raw: Vec<u8>,
    rpos: usize,
    /// Bytes written but not yet handed to the OS.
    wbuf: Vec<u8>,
}

/// Why a read could not produce text.
enum ReadError {
    Io(std::io::Error),
    Decode(String),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

impl FileState {
    fn file(&mut self) -> std::io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("closed"))
    }

    /// Hands buffered writes to the OS.
    fn flush_writes(&mut self) -> std::io::Result<()> {
        if !self.wbuf.is_empty() {
            let data = std::mem::take(&mut self.wbuf);
            self.file()?.write_all(&data)?;
        }
        Ok(())
    }

    /// Forgets the read-ahead before a write. As in CPython, the OS position stays
    /// after the chunk read last, so a write that follows a read lands there.
    fn drop_read_ahead(&mut self) -> std::io::Result<()> {
        self.raw.clear();
        self.rpos = 0;
        Ok(())
    }

    /// Reads another chunk; `false` at the end of the file.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.rpos > 0 {
            self.raw.drain(..self.rpos);
            self.rpos = 0;
        }
        let mut chunk = [0u8; READ_CHUNK];
        let n = loop {
            match self.file()?.read(&mut chunk) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.raw.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }

    /// Makes at least `n` unread bytes available if the file has them.
    fn ensure(&mut self, n: usize) -> std::io::Result<bool> {
        while self.raw.len() - self.rpos < n {
            if !self.fill()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn peek_byte(&mut self) -> std::io::Result<Option<u8>> {
        Ok(if self.ensure(1)? {
            Some(self.raw[self.rpos])
        } else {
            None
        })
    }

    /// The next character, undecoded line endings included.
    fn next_char(&mut self, enc: Encoding) -> Result<Option<char>, ReadError> {
        let Some(b) = self.peek_byte()? else {
            return Ok(None);
        };
        let width = match enc {
            Encoding::Latin1 => 1,
            Encoding::Ascii if b < 0x80 => 1,
            Encoding::Ascii => {
                return Err(ReadError::Decode(format!(
                    "'ascii' codec can't decode byte 0x{b:02x} in position 0: ordinal not in range(128)"
                )))
            }
            Encoding::Utf8 => match b {
                0x00..=0x7f => 1,
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => {
                    return Err(ReadError::Decode(format!(
                        "'utf-8' codec can't decode byte 0x{b:02x} in position 0: invalid start byte"
                    )))
                }
            },
        };
        if !self.ensure(width)? {
            return Err(ReadError::Decode(
                "'utf-8' codec can't decode bytes in position 0: unexpected end of data".into(),
            ));
        }
        let bytes = &self.raw[self.rpos..self.rpos + width];
        let c = match enc {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => s.chars().next().unwrap_or('\u{fffd}'),
                Err(_) => {
                    return Err(ReadError::Decode(format!(
                        "'utf-8' codec can't decode byte 0x{b:02x} in position 0: invalid continuation byte"
                    )))
                }
            },
            _ => char::from(b),
        };
        self.rpos += width;
        Ok(Some(c))
    }

    /// Everything left in the file, decoded.
    fn read_rest(&mut self, enc: Encoding) -> Result<String, ReadError> {
        let mut bytes = self.raw.split_off(self.rpos);
        self.raw.clear();
        self.rpos = 0;
        self.file()?.read_to_end(&mut bytes)?;
        decode(&bytes, enc).map_err(ReadError::Decode)
    }

    /// The byte position a read or write would happen at.
    fn tell(&mut self) -> std::io::Result<u64> {
        let unread = (self.raw.len() - self.rpos) as u64;
        let pending = self.wbuf.len() as u64;
        let os = self.file()?.stream_position()?;
        Ok((os + pending).saturating_sub(unread))
    }
}

fn decode(bytes: &[u8], enc: Encoding) -> Result<String, String> {
    match enc {
        Encoding::Utf8 => String::from_utf8(bytes.to_vec()).map_err(|e| {
            let pos = e.utf8_error().valid_up_to();
            let b = bytes[pos];
            let why = match e.utf8_error().error_len() {
                None => return format!("'utf-8' codec can't decode byte 0x{b:02x} in position {pos}: unexpected end of data"),
                Some(_) if (0x80..0xc2).contains(&b) || b > 0xf4 => "invalid start byte",
                Some(_) => "invalid continuation byte",
            };
            format!("'utf-8' codec can't decode byte 0x{b:02x} in position {pos}: {why}")
        }),
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Ascii => match bytes.iter().position(|&b| b >= 0x80) {
            Some(pos) => Err(format!(
                "'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                bytes[pos]
            )),
            None => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        },
    }
}

fn encode(text: &str, enc: Encoding) -> Result<Vec<u8>, String> {
    let limit = match enc {
        Encoding::Utf8 => return Ok(text.as_bytes().to_vec()),
        Encoding::Ascii => 0x80,
        Encoding::Latin1 => 0x100,
    };
    let mut out = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if (c as u32) < limit {
            out.push(c as u32 as u8);
        } else {
            return Err(format!(
                "'{}' codec can't encode character {} in position {i}: ordinal not in range({limit})",
                enc.codec(),
                escaped(c)
            ));
        }
    }
    Ok(out)
}

/// A character as codec errors show it: `'\xe9'`, `'\u2603'`.
fn escaped(c: char) -> String {
    match c as u32 {
        n if n < 0x100 => format!("'\\x{n:02x}'"),
        n if n < 0x10000 => format!("'\\u{n:04x}'"),
        n => format!("'\\U{n:08x}'"),
    }
}

/// A file opened in text mode.
pub struct TextFile {
    name: Value,
    mode: String,
    encoding_name: String,
    encoding: Encoding,
    /// `newline=`: `None` translates `\r\n` and `\r` to `\n` when reading.
    newline: Option<String>,
    readable: bool,
    writable: bool,
    state: RefCell<FileState>,
}

impl Drop for TextFile {
    fn drop(&mut self) {
        let _ = self.state.get_mut().flush_writes();
    }
}

impl TextFile {
    fn closed(&self) -> bool {
        self.state.borrow().file.is_none()
    }

    fn check_open(&self, interp: &Interp) -> PyResult<()> {
        if self.closed() {
            return Err(interp.value_error("I/O operation on closed file."));
        }
        Ok(())
    }

    fn check_readable(&self, interp: &Interp) -> PyResult<()> {
        self.check_open(interp)?;
        if !self.readable {
            return Err(unsupported(interp, "not readable"));
        }
        let r = self.state.borrow_mut().flush_writes();
        r.map_err(|e| os_error(interp, &e, None))
    }

    fn check_writable(&self, interp: &Interp) -> PyResult<()> {
        self.check_open(interp)?;
        if !self.writable {
            return Err(unsupported(interp, "not writable"));
        }
        let r = self.state.borrow_mut().drop_read_ahead();
        r.map_err(|e| os_error(interp, &e, None))
    }

    /// `readable()` and friends: a false answer needs no open file, as in CPython,
    /// whose message here has no final period.
    fn query(&self, interp: &Interp, answer: bool) -> PyResult<Value> {
        if answer && self.closed() {
            return Err(interp.value_error("I/O operation on closed file"));
        }
        Ok(Value::Bool(answer))
    }

    fn read_error(&self, interp: &Interp, e: ReadError) -> Exc {
        match e {
            ReadError::Io(e) => os_error(interp, &e, None),
            ReadError::Decode(msg) => interp.error(&io_class(interp, "_UnicodeDecodeError"), msg),
        }
    }

    /// The next character with line endings translated as `newline=None` asks.
    fn next_char(&self, st: &mut FileState) -> Result<Option<char>, ReadError> {
        let c = st.next_char(self.encoding)?;
        if c == Some('\r') && self.newline.is_none() {
            if st.peek_byte()? == Some(b'\n') {
                st.rpos += 1;
            }
            return Ok(Some('\n'));
        }
        Ok(c)
    }

    fn read(&self, interp: &Interp, size: Option<usize>) -> PyResult<String> {
        self.check_readable(interp)?;
        let mut st = self.state.borrow_mut();
        let result = match size {
            None => st.read_rest(self.encoding).map(|s| match self.newline {
                None => s.replace("\r\n", "\n").replace('\r', "\n"),
                Some(_) => s,
            }),
            Some(n) => {
                let mut out = String::new();
                let mut result = Ok(());
                for _ in 0..n {
                    match self.next_char(&mut st) {
                        Ok(Some(c)) => out.push(c),
                        Ok(None) => break,
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                result.map(|_| out)
            }
        };
        drop(st);
        result.map_err(|e| self.read_error(interp, e))
    }

    /// One line, its ending included; at most `limit` characters.
    fn readline(&self, interp: &Interp, limit: Option<usize>) -> PyResult<String> {
        self.check_readable(interp)?;
        let mut st = self.state.borrow_mut();
        let mut line = String::new();
        let result = (|| {
            while limit.is_none_or(|n| line.chars().count() < n) {
                let Some(c) = self.next_char(&mut st)? else {
                    break;
                };
                line.push(c);
                let end = match self.newline.as_deref() {
                    None | Some("\n") => c == '\n',
                    Some("") => {
                        if c == '\r' && st.peek_byte()? == Some(b'\n') {
                            st.rpos += 1;
                            line.push('\n');
                        }
                        c == '\n' || c == '\r'
                    }
                    Some("\r") => c == '\r',
                    Some(_) => line.ends_with("\r\n"),
                };
                if end {
                    break;
                }
            }
            Ok(())
        })();
        drop(st);
        result.map_err(|e| self.read_error(interp, e))?;
        Ok(line)
    }

    fn write(&self, interp: &Interp, text: &str) -> PyResult<()> {
        self.check_writable(interp)?;
        let translated;
        let text = match self.newline.as_deref() {
            Some(nl @ ("\r" | "\r\n")) => {
                translated = text.replace('\n', nl);
                &translated
            }
            _ => text,
        };
        let bytes = encode(text, self.encoding)
            .map_err(|m| interp.error(&io_class(interp, "_UnicodeEncodeError"), m))?;
        let mut st = self.state.borrow_mut();
        st.wbuf.extend_from_slice(&bytes);
        if st.wbuf.len() >= WRITE_BUFFER {
            st.flush_writes().map_err(|e| os_error(interp, &e, None))?;
        }
        Ok(())
    }

    fn close(&self, interp: &Interp) -> PyResult<()> {
        let mut st = self.state.borrow_mut();
        if st.file.is_none() {
            return Ok(());
        }
        let flushed = st.flush_writes();
        st.file = None;
        st.raw.clear();
        st.rpos = 0;
        flushed.map_err(|e| os_error(interp, &e, None))
    }
}

/// The file a method was called on.
fn this(args: &CallArgs) -> Option<&TextFile> {
    args.args.first().and_then(|v| v.downcast::<TextFile>())
}

/// `size` of `read`/`readline`: an int, negative or `None` for no limit.
fn size_arg(interp: &Interp, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match interp.index_value(v)? {
            Some(n) if n >= 0 => Ok(Some(n as usize)),
            Some(_) => Ok(None),
            None => Err(interp.type_error(format!(
                "argument should be integer or None, not '{}'",
                v.type_name()
            ))),
        },
    }
}

fn with_file<T>(
    interp: &Interp,
    args: &CallArgs,
    f: impl FnOnce(&TextFile) -> PyResult<T>,
) -> PyResult<T> {
    match this(args) {
        Some(file) => f(file),
        None => Err(interp.type_error("descriptor requires a '_io.TextIOWrapper' object")),
    }
}

fn file_method(name: &str) -> Option<BuiltinFn> {
    Some(match name {
        "read" => |interp, args| {
            let size = {
                let a = args.args.get(1..).unwrap_or(&[]).to_vec();
                if a.len() > 1 || !args.kwargs.is_empty() {
                    return Err(interp
                        .type_error(format!("read expected at most 1 argument, got {}", a.len())));
                }
                size_arg(interp, a.first())?
            };
            with_file(interp, &args, |f| Ok(Value::string(f.read(interp, size)?)))
        },
        "readline" => |interp, args| {
            let a = args.args.get(1..).unwrap_or(&[]).to_vec();
            if a.len() > 1 || !args.kwargs.is_empty() {
                return Err(interp.type_error(format!(
                    "readline expected at most 1 argument, got {}",
                    a.len()
                )));
            }
            let limit = size_arg(interp, a.first())?;
            with_file(interp, &args, |f| {
                Ok(Value::string(f.readline(interp, limit)?))
            })
        },
        "readlines" => |interp, args| {
            let a = args.args.get(1..).unwrap_or(&[]).to_vec();
            if a.len() > 1 || !args.kwargs.is_empty() {
                return Err(interp.type_error(format!(
                    "readlines expected at most 1 argument, got {}",
                    a.len()
                )));
            }
            let hint = size_arg(interp, a.first())?.filter(|&n| n > 0);
            with_file(interp, &args, |f| {
                let mut lines = Vec::new();
                let mut total = 0;
                loop {
                    let line = f.readline(interp, None)?;
                    if line.is_empty() {
                        break;
                    }
                    total += line.chars().count();
                    lines.push(Value::string(line));
                    if hint.is_some_and(|h| total >= h) {
                        break;
                    }
                }
                Ok(Value::list(lines))
            })
        },
        "write" => |interp, args| {
            let a = args.args.get(1..).unwrap_or(&[]).to_vec();
            if a.len() != 1 || !args.kwargs.is_empty() {
                return Err(interp.type_error(format!(
                    "write() takes exactly one argument ({} given)",
                    a.len()
                )));
            }
            let Value::Str(s) = &a[0] else {
                return Err(interp.type_error(format!(
                    "write() argument must be str, not {}",
                    a[0].type_name()
                )));
            };
            with_file(interp, &args, |f| {
                f.write(interp, s.as_str())?;
                Ok(Value::Int(s.char_len() as i64))
            })
        },
        "writelines" => |interp, args| {
            let a = args.args.get(1..).unwrap_or(&[]).to_vec();
            if a.len() != 1 || !args.kwargs.is_empty() {
                return Err(interp.type_error(format!(
                    "writelines() takes exactly one argument ({} given)",
                    a.len()
                )));
            }
            with_file(interp, &args, |f| {
                f.check_open(interp)?;
                let mut it = super::get_iter(interp, &a[0])?;
                while let Some(line) = interp.next(&mut it)? {
                    let Value::Str(s) = &line else {
                        return Err(interp.type_error(format!(
                            "write() argument must be str, not {}",
                            line.type_name()
                        )));
                    };
                    f.write(interp, s.as_str())?;
                }
                Ok(Value::None)
            })
        },
        "close" => {
            |interp, args| with_file(interp, &args, |f| f.close(interp).map(|_| Value::None))
        }
        "flush" => |interp, args| {
            with_file(interp, &args, |f| {
                f.check_open(interp)?;
                let r = f.state.borrow_mut().flush_writes();
                r.map_err(|e| os_error(interp, &e, None))?;
                Ok(Value::None)
            })
        },
        "readable" => |interp, args| with_file(interp, &args, |f| f.query(interp, f.readable)),
        "writable" => |interp, args| with_file(interp, &args, |f| f.query(interp, f.writable)),
        "seekable" => |interp, args| with_file(interp, &args, |f| f.query(interp, true)),
        "isatty" => |interp, args| with_file(interp, &args, |f| f.query(interp, false)),
        "fileno" => |interp, args| {
            with_file(interp, &args, |f| {
                f.query(interp, true)?;
                use std::os::fd::AsRawFd;
                let fd = f
                    .state
                    .borrow()
                    .file
                    .as_ref()
                    .map_or(-1, |file| file.as_raw_fd());
                Ok(Value::Int(fd as i64))
            })
        },
        "tell" => |interp, args| {
            with_file(interp, &args, |f| {
                f.check_open(interp)?;
                let r = f.state.borrow_mut().tell();
                Ok(Value::Int(r.map_err(|e| os_error(interp, &e, None))? as i64))
            })
        },
        "seek" => seek,
        "truncate" => truncate,
        "__enter__" => |interp, args| {
            with_file(interp, &args, |f| f.check_open(interp))?;
            Ok(args.args[0].clone())
        },
        "__exit__" => {
            |interp, args| with_file(interp, &args, |f| f.close(interp).map(|_| Value::None))
        }
        "__iter__" => |interp, args| {
            with_file(interp, &args, |f| f.check_open(interp))?;
            Ok(args.args[0].clone())
        },
        "__next__" => |interp, args| {
            let line = with_file(interp, &args, |f| f.readline(interp, None))?;
            if line.is_empty() {
                return Err(interp.stop_iteration(Value::None));
            }
            Ok(Value::string(line))
        },
        _ => return None,
    })
}

fn seek(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args.args.get(1..).unwrap_or(&[]).to_vec();
    if a.is_empty() || a.len() > 2 || !args.kwargs.is_empty() {
        return Err(interp.type_error(format!(
            "seek expected at least 1 argument, got {}",
            a.len()
        )));
    }
    let Some(offset) = interp.index_value(&a[0])? else {
        return Err(interp.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            a[0].type_name()
        )));
    };
    let whence = match a.get(1) {
        Some(v) => interp.index_value(v)?.unwrap_or(0),
        None => 0,
    };
    with_file(interp, &args, |f| {
        f.check_open(interp)?;
        let target = match whence {
            0 if offset < 0 => {
                return Err(interp.value_error(format!("negative seek position {offset}")))
            }
            0 => SeekFrom::Start(offset as u64),
            1 | 2 if offset != 0 => {
                let what = if whence == 1 { "cur" } else { "end" };
                return Err(unsupported(
                    interp,
                    &format!("can't do nonzero {what}-relative seeks"),
                ));
            }
            1 => {
                let r = f.state.borrow_mut().tell();
                SeekFrom::Start(r.map_err(|e| os_error(interp, &e, None))?)
            }
            2 => SeekFrom::End(0),
            _ => {
                return Err(
                    interp.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
                )
            }
        };
        let mut st = f.state.borrow_mut();
        let r = (|| {
            st.flush_writes()?;
            st.raw.clear();
            st.rpos = 0;
            st.file()?.seek(target)
        })();
        Ok(Value::Int(r.map_err(|e| os_error(interp, &e, None))? as i64))
    })
}

fn truncate(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let a = args.args.get(1..).unwrap_or(&[]).to_vec();
    with_file(interp, &args, |f| {
        f.check_open(interp)?;
        if !f.writable {
            return Err(unsupported(interp, "truncate"));
        }
        f.check_writable(interp)?;
        let mut st = f.state.borrow_mut();
        let r = (|| {
            st.flush_writes()?;
            let size = match a.first() {
                Some(Value::Int(n)) if *n >= 0 => *n as u64,
                _ => st.tell()?,
            };
            st.file()?.set_len(size)?;
            Ok::<u64, std::io::Error>(size)
        })();
        Ok(Value::Int(r.map_err(|e| os_error(interp, &e, None))? as i64))
    })
}

impl Native for TextFile {
    fn type_name(&self) -> &str {
        "_io.TextIOWrapper"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, interp: &Interp, _: &Value) -> Option<PyResult<String>> {
        Some((|| {
            Ok(format!(
                "<_io.TextIOWrapper name={} mode={} encoding={}>",
                interp.repr(&self.name)?,
                crate::interp::str_repr(&self.mode),
                crate::interp::str_repr(&self.encoding_name)
            ))
        })())
    }
    fn get_attr(&self, _: &Interp, this: &Value, name: &str) -> Option<PyResult<Value>> {
        let v = match name {
            "name" => self.name.clone(),
            "mode" => Value::str(&self.mode),
            "closed" => Value::Bool(self.closed()),
            "encoding" => Value::str(&self.encoding_name),
            "errors" => Value::str("strict"),
            "newlines" => Value::None,
            "line_buffering" => Value::Bool(false),
            _ => {
                return file_method(name).map(|f| Ok(crate::interp::suspend::method(this, name, f)))
            }
        };
        Some(Ok(v))
    }
    fn iter(&self, interp: &Interp, this: &Value) -> Option<PyResult<Value>> {
        Some(self.check_open(interp).map(|_| this.clone()))
    }
    fn next(&self, interp: &Interp, _: &Value) -> Option<PyResult<Option<Value>>> {
        Some(
            self.readline(interp, None)
                .map(|line| (!line.is_empty()).then(|| Value::string(line))),
        )
    }
    fn attr_names(&self) -> Vec<String> {
        [
            "close",
            "closed",
            "encoding",
            "errors",
            "fileno",
            "flush",
            "isatty",
            "line_buffering",
            "mode",
            "name",
            "newlines",
            "read",
            "readable",
            "readline",
            "readlines",
            "seek",
            "seekable",
            "tell",
            "truncate",
            "writable",
            "write",
            "writelines",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
}

// ------------------------------------------------------------ errors

/// A class the `io` module holds: `UnsupportedOperation`, and the codec errors
/// (`UnicodeDecodeError`, kept under a private name).
fn io_class(interp: &Interp, name: &str) -> Rc<Class> {
    interp
        .import(&["io".into()])
        .ok()
        .and_then(|m| interp.get_attr(&m, name).ok())
        .and_then(|c| match c {
            Value::Class(c) => Some(c),
            _ => None,
        })
        .unwrap_or_else(|| interp.exc.os_error.clone())
}

fn unsupported(interp: &Interp, msg: &str) -> Exc {
    interp.error(&io_class(interp, "UnsupportedOperation"), msg)
}

/// The `OSError` subclass CPython raises for an errno, with `errno`, `strerror` and
/// `filename` set and its `[Errno N] text: 'name'` message.
pub fn os_error(interp: &Interp, e: &std::io::Error, filename: Option<&Value>) -> Exc {
    let code = e.raw_os_error().unwrap_or(0);
    let class: &Rc<Class> = match code {
        libc::ENOENT => &interp.exc.file_not_found_error,
        libc::EACCES | libc::EPERM => &interp.exc.permission_error,
        libc::EEXIST => &interp.exc.file_exists_error,
        libc::EISDIR => &interp.exc.is_a_directory_error,
        libc::ENOTDIR => &interp.exc.not_a_directory_error,
        libc::EPIPE => &interp.exc.broken_pipe_error,
        _ => &interp.exc.os_error,
    };
    let text = std::io::Error::from_raw_os_error(code).to_string();
    let strerror = match text.rfind(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let mut msg = format!("[Errno {code}] {strerror}");
    if let Some(name) = filename {
        msg.push_str(&format!(": {}", interp.repr(name).unwrap_or_default()));
    }
    let exc = interp.error(class, msg);
    let mut d = exc.value.dict.borrow_mut();
    d.insert("errno".into(), Value::Int(code as i64));
    d.insert("strerror".into(), Value::string(strerror));
    d.insert("filename".into(), filename.cloned().unwrap_or(Value::None));
    drop(d);
    exc
}

// ------------------------------------------------------------ open

/// The parts of a mode string, checked as CPython checks them.
struct Mode {
    read: bool,
    write: bool,
    append: bool,
    create: bool,
    plus: bool,
    binary: bool,
}

fn parse_mode(interp: &Interp, mode: &str) -> PyResult<Mode> {
    let mut seen = String::new();
    for c in mode.chars() {
        if !"rwxabt+".contains(c) || seen.contains(c) {
            return Err(interp.value_error(format!("invalid mode: '{mode}'")));
        }
        seen.push(c);
    }
    let has = |c| seen.contains(c);
    let m = Mode {
        read: has('r'),
        write: has('w'),
        append: has('a'),
        create: has('x'),
        plus: has('+'),
        binary: has('b'),
    };
    if has('t') && m.binary {
        return Err(interp.value_error("can't have text and binary mode at once"));
    }
    match [m.read, m.write, m.append, m.create]
        .iter()
        .filter(|b| **b)
        .count()
    {
        0 => Err(interp.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        )),
        1 => Ok(m),
        _ => Err(interp.value_error("must have exactly one of create/read/write/append mode")),
    }
}

fn str_or_none<'a>(interp: &Interp, name: &str, v: Option<&'a Value>) -> PyResult<Option<&'a str>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str())),
        Some(v) => Err(interp.type_error(format!(
            "open() argument '{name}' must be str or None, not {}",
            v.type_name()
        ))),
    }
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, ...)`.
pub fn open(interp: &Interp, args: CallArgs) -> PyResult<Value> {
    let names = [
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ];
    let a = Args::parse(interp, "open", args, &names, 1)?;
    let file = a.get(0).cloned().unwrap_or(Value::None);
    let mode = match a.get(1) {
        None => "r".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(v) => {
            return Err(interp.type_error(format!(
                "open() argument 'mode' must be str, not {}",
                v.type_name()
            )))
        }
    };
    let encoding = str_or_none(interp, "encoding", a.get(3))?;
    let errors = str_or_none(interp, "errors", a.get(4))?;
    let newline = str_or_none(interp, "newline", a.get(5))?;
    let m = parse_mode(interp, &mode)?;
    if m.binary {
        for (what, given) in [
            ("an encoding", encoding.is_some()),
            ("an errors", errors.is_some()),
            ("a newline", newline.is_some()),
        ] {
            if given {
                return Err(interp.value_error(format!("binary mode doesn't take {what} argument")));
            }
        }
        return Err(interp.value_error(format!(
            "binary mode ('{mode}') is not supported by Aio: open files in text mode"
        )));
    }
    if let Some(nl) = newline {
        if !matches!(nl, "" | "\n" | "\r" | "\r\n") {
            return Err(interp.value_error(format!("illegal newline value: {nl}")));
        }
    }
    let Value::Str(path) = &file else {
        return Err(interp.type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            file.type_name()
        )));
    };
    if path.as_str().contains('\0') {
        return Err(interp.value_error("embedded null byte"));
    }
    let mut options = OpenOptions::new();
    options
        .read(m.read || m.plus)
        .write(m.write || m.append || m.create || m.plus)
        .append(m.append)
        .truncate(m.write)
        .create(m.write || m.append)
        .create_new(m.create);
    let mut handle = options
        .open(path.as_str())
        .map_err(|e| os_error(interp, &e, Some(&file)))?;
    if handle.metadata().is_ok_and(|md| md.is_dir()) {
        let e = std::io::Error::from_raw_os_error(libc::EISDIR);
        return Err(os_error(interp, &e, Some(&file)));
    }
    if m.append {
        handle
            .seek(SeekFrom::End(0))
            .map_err(|e| os_error(interp, &e, Some(&file)))?;
    }
    let (encoding_name, enc) = match encoding {
        None => ("UTF-8".to_string(), Encoding::Utf8),
        Some(name) => match Encoding::lookup(name) {
            Some(enc) => (name.to_string(), enc),
            None => {
                return Err(interp.error(
                    &interp.exc.lookup_error,
                    format!("unknown encoding: {name}"),
                ))
            }
        },
    };
    interp
        .types
        .register_native("_io.TextIOWrapper", text_io_class(interp));
    let file = NRc::new(TextFile {
        name: file.clone(),
        mode,
        encoding_name,
        encoding: enc,
        newline: newline.map(str::to_string),
        readable: m.read || m.plus,
        writable: m.write || m.append || m.create || m.plus,
        state: RefCell::new(FileState {
            file: Some(handle),
            raw: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
        }),
    });
    OPEN_FILES.with(|files| {
        let mut files = files.borrow_mut();
        files.0.retain(|f| f.strong_count() > 0);
        files.0.push(NRc::downgrade(&file));
    });
    Ok(Value::Native(file.into()))
}

/// Files still open when the interpreter's thread ends: CPython flushes them at exit,
/// even those kept alive by reference cycles, so their buffered writes are not lost.
struct OpenFiles(Vec<NWeak<TextFile>>);

impl Drop for OpenFiles {
    fn drop(&mut self) {
        for file in self.0.iter().filter_map(NWeak::upgrade) {
            if let Ok(mut st) = file.state.try_borrow_mut() {
                let _ = st.flush_writes();
            }
        }
    }
}

thread_local! {
    static OPEN_FILES: RefCell<OpenFiles> = const { RefCell::new(OpenFiles(Vec::new())) };
}

/// The class `type(f)` gives: `_io.TextIOWrapper`.
fn text_io_class(interp: &Interp) -> Rc<Class> {
    let class = interp.types.native("_io.TextIOWrapper");
    if &*class.name == "TextIOWrapper" {
        return class;
    }
    crate::types::new_class(
        "TextIOWrapper",
        Some(&interp.types.object),
        BuiltinType::Other,
        "_io",
    )
}

/// The `io` module: `open` and `UnsupportedOperation`.
pub fn make(interp: &Interp) -> Value {
    let unsupported = crate::types::new_class(
        "UnsupportedOperation",
        Some(&interp.exc.os_error),
        BuiltinType::BaseException,
        "io",
    );
    let unicode = |name: &str| {
        let c = crate::types::new_class(
            name,
            Some(&interp.exc.unicode_error),
            BuiltinType::BaseException,
            "builtins",
        );
        Value::Class(c)
    };
    super::module(
        "io",
        vec![
            ("open", builtin("open", open)),
            ("UnsupportedOperation", Value::Class(unsupported)),
            ("_UnicodeDecodeError", unicode("UnicodeDecodeError")),
            ("_UnicodeEncodeError", unicode("UnicodeEncodeError")),
        ],
    )
}

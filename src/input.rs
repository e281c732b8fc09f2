//! Reading the files a user names, all through one door.
//!
//! Every input file (scenario, `extends`, `travel.distances`, the budget
//! ledger, a plan folder read back by `verify`, facility and roster
//! instances) is opened by [`open_regular`]: only a regular file is read
//! (a fifo, a device or a directory is refused before a byte is read, and
//! a fifo is opened without blocking, so `extends = "/dev/zero"` or a fifo
//! fails at once), and never more than [`MAX_INPUT_BYTES`].
//!
//! [`read_text`] then decodes it: a UTF-8 byte-order mark is dropped; a
//! file that is not UTF-8 is read as Windows-1252 (what Swedish Excel
//! saves: `Gävle` with `ä` as the byte 0xE4), with a note on stderr naming
//! the line of the first byte that is not UTF-8. A file with control bytes
//! (NUL, escape, ...) is not text and is refused, naming the line.
//!
//! Errors never quote the file's content: when a message must show what
//! was found, [`excerpt`] shows a short token that looks like data, and
//! otherwise only its length.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest input file read, in bytes (64 MiB): scenarios, ledgers and
/// benchmark instances are far smaller.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A file that cannot be read as input: names the file and says why.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub file: String,
    pub message: String,
    /// True when the file does not exist (a caller may fall back).
    pub not_found: bool,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for InputError {}

/// A file's text, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub text: String,
    /// Set when the file was not UTF-8 and was read as Windows-1252.
    pub note: Option<String>,
}

fn error(path: &Path, message: impl Into<String>) -> InputError {
    InputError {
        file: path.display().to_string(),
        message: message.into(),
        not_found: false,
    }
}

/// Opens `path` for reading if it is a regular file of at most
/// [`MAX_INPUT_BYTES`]; anything else is refused without reading it.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, u64), InputError> {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking, so that opening a fifo with no writer does not hang;
    // the flag does not change how a regular file is read.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| InputError {
            not_found: e.kind() == std::io::ErrorKind::NotFound,
            ..error(path, format!("cannot open the file: {e}"))
        })?;
    let meta = file
        .metadata()
        .map_err(|e| error(path, format!("cannot read the file's metadata: {e}")))?;
    let kind = meta.file_type();
    if !kind.is_file() {
        use std::os::unix::fs::FileTypeExt;
        let what = if kind.is_dir() {
            "a directory"
        } else if kind.is_fifo() {
            "a fifo (named pipe)"
        } else if kind.is_char_device() || kind.is_block_device() {
            "a device"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        };
        return Err(error(
            path,
            format!("is {what}, not a regular file; name a file saved on disk"),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_big(path));
    }
    Ok((file, meta.len()))
}

fn too_big(path: &Path) -> InputError {
    error(
        path,
        format!(
            "is larger than {} MiB, the most serviceplan reads from one input file",
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
    )
}

/// Checks that `path` is a regular file of a readable size (for readers
/// that open the file themselves).
pub fn check_regular(path: &Path) -> Result<(), InputError> {
    open_regular(path).map(|_| ())
}

/// The bytes of `path`, through [`open_regular`] (a file that grows while
/// it is read is cut off at the cap and refused).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    let (file, len) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(path, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big(path));
    }
    Ok(bytes)
}

/// The text of `path`: [`read_bytes`] then [`decode`]. A note (the file was
/// read as Windows-1252) is printed on stderr.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let t = decode(path, &read_bytes(path)?)?;
    if let Some(note) = &t.note {
        eprintln!("{}: note: {note}", path.display());
    }
    Ok(t.text)
}

/// 1-based line of byte offset `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Decodes a file's bytes: without a UTF-8 byte-order mark; as UTF-8 when
/// it is, else as Windows-1252 (with a note). Control bytes other than tab,
/// line feed, carriage return and form feed are refused: the file is not text.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Text, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C) || b == 0x7F)
    {
        return Err(error(
            path,
            format!(
                "line {}: is not a text file (a control byte 0x{:02X}); save it as text (UTF-8 or Windows-1252)",
                line_of(bytes, at),
                bytes[at]
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Text {
            text: s.to_string(),
            note: None,
        }),
        Err(e) => {
            let line = line_of(bytes, e.valid_up_to());
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(Text {
                text: text.into_owned(),
                note: Some(format!(
                    "not UTF-8 (the first byte that is not is on line {line}); read as Windows-1252, as Excel saves it in Sweden"
                )),
            })
        }
    }
}

/// A piece of a file's content fit to quote in an error message: the
/// token itself in backquotes when it is short and looks like data
/// (letters, digits and `. , - + _ : / ( ) %` and spaces, at most 32
/// characters), else only how long it is. Content of a file that is not
/// what it was named as (`distances = "/etc/shadow"`) is never echoed.
pub fn excerpt(s: &str) -> String {
    let ok = s.chars().count() <= 32
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || ".,-+_:/()%".contains(c));
    if ok {
        format!("`{s}`")
    } else {
        format!("a value of {} characters (not shown)", s.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_windows_1252() {
        let p = Path::new("x.csv");
        let t = decode(p, b"\xEF\xBB\xBFfrom,to\n").unwrap();
        assert_eq!(t.text, "from,to\n");
        assert!(t.note.is_none());
        let t = decode(p, b"a\nG\xE4vle\n").unwrap();
        assert_eq!(t.text, "a\nGävle\n");
        assert!(t.note.unwrap().contains("line 2"));
        let e = decode(p, b"a\nb\n\0").unwrap_err();
        assert!(e.message.contains("line 3"), "{e}");
    }

    #[test]
    fn excerpts_show_data_only() {
        assert_eq!(excerpt("valbo"), "`valbo`");
        assert!(excerpt("root:$6$abcdefgh$xyz:19000:0:99999:7:::").contains("not shown"));
        assert!(excerpt("a\u{1b}[2J").contains("not shown"));
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        assert!(open_regular(Path::new("/dev/zero")).is_err());
        assert!(open_regular(Path::new("/")).is_err());
        let e = open_regular(Path::new("/no/such/file")).unwrap_err();
        assert!(e.not_found);
    }
}

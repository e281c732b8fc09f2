//! The lexical layer of the benchmark reader ([`super::nrp`]): what a line,
//! a record, a field and a whole number may look like.
//!
//! Accepted beyond the plain form the published files use: a UTF-8
//! byte-order mark at the start, CRLF (or lone CR) line ends, spaces and
//! tabs around fields, blank lines and comments (`#` to the end of a line)
//! anywhere, trailing separators (`,` after the last field, `|` after the
//! last list item), an explicit `+` on a number, and zero written `-0`.
//! Anything else that is not a whole number is refused with a hint, and no
//! error quotes more than [`QUOTE_MAX`] characters of the file.

/// Most characters of the file an error message quotes.
pub const QUOTE_MAX: usize = 40;

/// `s` quoted for an error message, cut to [`QUOTE_MAX`] characters.
pub fn quote(s: &str) -> String {
    let (head, cut) = head(s);
    if cut {
        format!("{head:?}… (cut)")
    } else {
        format!("{head:?}")
    }
}

/// `s` cut to [`QUOTE_MAX`] characters (with `…` when cut), unquoted.
pub fn cut(s: &str) -> String {
    let (head, cut) = head(s);
    if cut { format!("{head}…") } else { head }
}

fn head(s: &str) -> (String, bool) {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(QUOTE_MAX).collect();
    (head, chars.next().is_some())
}

/// The text of a file without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The content lines of `text` with their (1-based) numbers: comments cut,
/// surrounding white space trimmed, blank lines dropped. Lines end at LF,
/// CRLF or a lone CR.
pub fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = strip_bom(text);
    // A lone CR ends a line too (old Mac files): split at LF, then at CR
    // within, numbering every piece.
    let mut n = 0;
    text.split('\n')
        .flat_map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            l.split('\r')
        })
        .map(move |l| {
            n += 1;
            (n, l)
        })
        .filter_map(|(n, l)| {
            let l = match l.find('#') {
                Some(i) => &l[..i],
                None => l,
            };
            let l = l.trim();
            (!l.is_empty()).then_some((n, l))
        })
}

/// The fields of a record line split at `,` and trimmed; trailing empty
/// fields beyond `keep` are dropped (a trailing `,`), so a record that ends
/// in an empty field it needs (a shift type without forbidden successors)
/// keeps it.
pub fn fields(line: &str, keep: usize) -> Vec<&str> {
    let mut f: Vec<&str> = line.split(',').map(str::trim).collect();
    while f.len() > keep && f.last().is_some_and(|x| x.is_empty()) {
        f.pop();
    }
    f
}

/// The items of a `|`-separated list, trimmed, empty ones (a trailing or
/// doubled `|`) skipped.
pub fn items(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|i| !i.is_empty())
}

/// Why a field is not a whole number (the message says what to write).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    Negative,
    TooLarge,
    NotANumber,
}

impl NumberError {
    /// A hint for a user who must correct the field.
    pub fn hint(&self) -> &'static str {
        match self {
            NumberError::Empty => "the field is empty; write a whole number such as 0 or 480",
            NumberError::Negative => "negative values are not allowed; write 0 or more",
            NumberError::TooLarge => "the value is too large (at most 4294967295)",
            NumberError::NotANumber => {
                "write digits only, e.g. 0, 7 or +480 (no decimals, units or thousands separators)"
            }
        }
    }
}

/// A whole number of at least 0: digits with an optional `+`, or zero with
/// a `-` (`-0`, `-00`).
pub fn count(field: &str) -> Result<u32, NumberError> {
    let f = field.trim();
    if f.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, digits) = match f.as_bytes()[0] {
        b'+' => (false, &f[1..]),
        b'-' => (true, &f[1..]),
        _ => (false, f),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let zero = digits.bytes().all(|b| b == b'0');
    if negative && !zero {
        return Err(NumberError::Negative);
    }
    digits.parse::<u32>().map_err(|_| NumberError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_in_every_allowed_form() {
        for (text, v) in [
            ("0", 0),
            ("-0", 0),
            ("+0", 0),
            ("-000", 0),
            ("+480", 480),
            ("007", 7),
            (" \t12\t ", 12),
            ("4294967295", u32::MAX),
        ] {
            assert_eq!(count(text), Ok(v), "{text:?}");
        }
    }

    #[test]
    fn malformed_numbers_are_refused_with_a_reason() {
        assert_eq!(count(""), Err(NumberError::Empty));
        assert_eq!(count("-1"), Err(NumberError::Negative));
        assert_eq!(count("4294967296"), Err(NumberError::TooLarge));
        for bad in ["+", "-", "1.5", "1e3", "12a", "--0", "+-0", "1 000", "０"] {
            assert_eq!(count(bad), Err(NumberError::NotANumber), "{bad:?}");
        }
        assert!(NumberError::Negative.hint().contains("0 or more"));
    }

    #[test]
    fn lines_without_bom_comments_blanks_and_line_ends() {
        let text = "\u{feff}SECTION_HORIZON\r\n# note\r\n\r\n  7 # days\r\n\t\rX,1\n";
        let got: Vec<(usize, &str)> = content_lines(text).collect();
        assert_eq!(got, [(1, "SECTION_HORIZON"), (4, "7"), (6, "X,1")]);
    }

    #[test]
    fn trailing_separators_are_dropped_needed_empty_fields_kept() {
        assert_eq!(fields("D, 480 ,", 3), ["D", "480", ""]);
        assert_eq!(fields("D,480,,", 3), ["D", "480", ""]);
        assert_eq!(fields("0,D,1,100,1,", 5), ["0", "D", "1", "100", "1"]);
        assert_eq!(fields("A,1,2", 5), ["A", "1", "2"]);
        let list: Vec<&str> = items(" D | L |").collect();
        assert_eq!(list, ["D", "L"]);
        assert_eq!(items("|").count(), 0);
    }

    #[test]
    fn quotes_are_cut() {
        assert_eq!(quote("abc"), "\"abc\"");
        let long = "x".repeat(500);
        let q = quote(&long);
        assert!(q.len() < 60 && q.ends_with("(cut)"), "{q}");
    }
}

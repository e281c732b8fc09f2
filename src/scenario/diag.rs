//! Diagnostics: a problem in a scenario file, located by file and line and
//! column (TOML) or sheet and cell (a workbook: `Medarbetare!C7`), naming
//! the field, saying what is wrong and how to fix it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the problem is in (the file that set the field).
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The cell, in a workbook: `Medarbetare!C7`.
    pub cell: Option<String>,
    /// A warning: worth a look, but the scenario can be planned.
    pub warning: bool,
    /// The field, as a path: `staff[anna].fte`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: PathBuf::new(),
            line: None,
            column: None,
            cell: None,
            warning: false,
            field: field.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Places the diagnostic at a workbook's cell (`Medarbetare!C7`).
    pub fn in_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    /// Makes the diagnostic a warning.
    pub fn warn(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Places the diagnostic at a byte span of a file's text.
    pub fn at(mut self, file: &std::path::Path, text: &str, span: Option<Range<usize>>) -> Self {
        self.file = file.to_path_buf();
        if let Some(span) = span {
            let (l, c) = line_col(text, span.start);
            self.line = Some(l);
            self.column = Some(c);
        }
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(c) = &self.cell {
            write!(f, ": {c}")?;
        }
        let kind = if self.warning { "warning" } else { "error" };
        write!(f, ": {kind}: ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario, reported at once.
#[derive(Debug, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} problem{} found",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

//! Documented limits on input whose cost would otherwise grow far faster than the file
//! (SECURITY.md, "Limits"). Each is either an error naming `path:line:col` or a cheaper
//! rendering; none depends on the machine.

use crate::error::{Error, Location, Result};
use std::path::Path;

/// Columns one table may have. GFM fills every row up to the header's width, so a
/// 1,000-column header turns each one-character row below it into 1,000 cells.
pub const MAX_TABLE_COLUMNS: usize = 100;

/// Table cells one document may have (header rows included).
pub const MAX_CELLS_PER_DOCUMENT: usize = 100_000;

/// Bytes of fenced code one document gets syntax-highlighted; code past this budget is
/// shown as plain escaped text (highlighting costs about 150 bytes of memory and a few
/// microseconds for each byte of code).
pub const HIGHLIGHT_BUDGET: usize = 256 * 1024;

/// Refuses a body whose tables pass `MAX_TABLE_COLUMNS` or `MAX_CELLS_PER_DOCUMENT`,
/// before comrak builds them. The count is an upper bound (a table is taken to run to
/// the next blank line, wherever it is, even inside code blocks), so it cannot be evaded;
/// a real document stays far below it.
pub fn check_tables(body: &str, path: &Path, first_line: usize) -> Result<()> {
    let mut cells = 0usize;
    // (columns, line of its delimiter row) of the table being counted.
    let mut table: Option<usize> = None;
    let mut previous_blank = true;
    for (i, raw) in body.lines().enumerate() {
        let line = strip_containers(raw);
        let blank = line.trim().is_empty();
        if blank {
            table = None;
        } else if let Some(columns) = table {
            cells += columns;
        } else if !previous_blank {
            if let Some(columns) = delimiter_columns(line) {
                let at = Location::new(path, first_line + i, 1);
                if columns > MAX_TABLE_COLUMNS {
                    return Err(Error::at(
                        at,
                        format!(
                            "this table has {columns} columns; at most {MAX_TABLE_COLUMNS} are allowed"
                        ),
                    )
                    .with_hint("split the table, or turn it so that the long side runs down"));
                }
                // The header row above and this row's own width.
                cells += 2 * columns;
                table = Some(columns);
            }
        }
        if cells > MAX_CELLS_PER_DOCUMENT {
            return Err(Error::at(
                Location::new(path, first_line + i, 1),
                format!(
                    "the tables of this document have more than {MAX_CELLS_PER_DOCUMENT} cells (counted up to here)"
                ),
            )
            .with_hint("split the document or its tables; a row shorter than the header still gets every column"));
        }
        previous_blank = blank;
    }
    Ok(())
}

/// A line without the block quote markers and indentation in front of it.
fn strip_containers(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
}

/// The number of columns if `line` is a GFM table delimiter row (`| --- | :-: |`).
fn delimiter_columns(line: &str) -> Option<usize> {
    let t = line.trim();
    if !t.contains('|') || !t.contains('-') {
        return None;
    }
    if !t.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ' | '\t')) {
        return None;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut columns = 0;
    for cell in inner.split('|') {
        let cell = cell.trim();
        let dashes = cell.trim_start_matches(':').trim_end_matches(':');
        if dashes.is_empty() || !dashes.chars().all(|c| c == '-') {
            return None;
        }
        columns += 1;
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str) -> Result<()> {
        check_tables(body, Path::new("a/2025.md"), 5)
    }

    #[test]
    fn delimiter_rows() {
        assert_eq!(delimiter_columns("|---|:-:|"), Some(2));
        assert_eq!(delimiter_columns(" --- | --- "), Some(2));
        assert_eq!(delimiter_columns("| - |"), Some(1));
        assert_eq!(delimiter_columns("---"), None);
        assert_eq!(delimiter_columns("| a | - |"), None);
        assert_eq!(delimiter_columns("||"), None);
    }

    #[test]
    fn ordinary_tables_pass() {
        let table = "| Post | Belopp |\n|---|---:|\n| Bidrag | 2 060 tkr |\n| Hyra | 12 tkr |\n\n";
        assert!(check(&table.repeat(1000)).is_ok());
        assert!(check("Text\n\n---\n\nMer text\n---\n").is_ok());
    }

    #[test]
    fn too_many_columns_names_the_delimiter_row() {
        let body = format!("# A\n\n{}\n{}\n|\n", "|x".repeat(1000), "|-".repeat(1000));
        let err = check(&body).unwrap_err().to_string();
        assert!(
            err.starts_with("a/2025.md:8:1: this table has 1000 columns"),
            "{err}"
        );
    }

    #[test]
    fn autocompleted_rows_count_every_column() {
        // 100 columns × 1,000 one-character rows, inside a block quote.
        let body = format!(
            "> {}\n> {}\n{}",
            "|x".repeat(100),
            "|-".repeat(100),
            "> |\n".repeat(1000)
        );
        let err = check(&body).unwrap_err().to_string();
        assert!(err.contains("more than 100000 cells"), "{err}");
        assert!(err.starts_with("a/2025.md:1005:1:"), "{err}");
    }
}

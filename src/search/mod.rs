//! Search index (placeholder: replaced by the sharded Swedish index).

/// One searchable section.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Site-relative URL with anchor ("a/2025/#formalia").
    pub url: String,
    /// Series slug (filter).
    pub series: String,
    /// Series title.
    pub series_title: String,
    /// Document title.
    pub document_title: String,
    /// Year (filter).
    pub year: i32,
    /// Section heading.
    pub section_title: String,
    /// Plain text.
    pub text: String,
}

/// Builds the index files (path under the site root, bytes).
pub fn build_index(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
    let _ = entries;
    Vec::new()
}

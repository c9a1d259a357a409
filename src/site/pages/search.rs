//! The search entries of one document: its metadata block and every section.

use crate::search::Entry;
use crate::site::model::SeriesModel;
use crate::site::Ctx;

/// Entries of edition `e`.
pub(super) fn entries(ctx: &Ctx, m: &SeriesModel, e: usize) -> Vec<Entry> {
    let ed = m.edition(e);
    let dir = m.document_dir(e);
    let entry = |url: String, section_title: String, text: String| Entry {
        url,
        series: m.slug().to_string(),
        series_title: m.title().to_string(),
        document_title: ed.front.title.clone(),
        year: ed.year,
        section_title,
        text,
    };
    // The metadata block (diarienummer, dates) is searchable too, as its own entry.
    let meta = m.metadata(e);
    let meta_entry = (!meta.is_empty()).then(|| {
        entry(
            format!("{dir}#metadata"),
            ctx.strings().metadata.clone(),
            meta.iter()
                .map(|m| format!("{}: {}", m.label, m.value))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    });
    let sections = m
        .doc(e)
        .sections
        .iter()
        .enumerate()
        .filter(|(_, sec)| !sec.text.is_empty() || sec.level > 0)
        .map(|(i, sec)| {
            entry(
                format!("{dir}#{}", m.section_id(e, i)),
                if sec.level == 0 {
                    ed.front.title.clone()
                } else {
                    sec.display_title()
                },
                sec.text.clone(),
            )
        });
    meta_entry.into_iter().chain(sections).collect()
}

//! The citation each section of a document page offers: "Nyköpings kommun,
//! Överenskommelse 2025 … (KAN24/22), avsnitt 3.1 Grunduppdrag …, beslutad
//! 2024-12-18" and the section's permalink. Parts a document lacks are left out.

use crate::content::{Edition, Series};
use crate::site::urls::{depth, document_dir};
use crate::site::views::CiteView;
use crate::site::Ctx;

/// The citation of section `number title` (anchor `id`) of edition `ed`.
pub(crate) fn citation(
    ctx: &Ctx,
    series: &Series,
    ed: &Edition,
    number: &str,
    title: &str,
    id: &str,
) -> CiteView {
    let ui = ctx.strings();
    let municipality = if series.meta.municipality.trim().is_empty() {
        ctx.site.config.municipality.trim()
    } else {
        series.meta.municipality.trim()
    };
    let mut text = String::new();
    if !municipality.is_empty() {
        text.push_str(municipality);
        text.push_str(", ");
    }
    text.push_str(ed.front.title.trim());
    if let Some(dnr) = ed
        .front
        .diarienummer
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        text.push_str(&format!(" ({})", dnr.trim()));
    }
    let section = [number.trim(), title.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if !section.is_empty() {
        text.push_str(&format!(", {} {section}", ui.cite_section));
    }
    if let Some(date) = ed
        .front
        .beslutsdatum
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        text.push_str(&format!(", {} {}", ui.cite_decided, date.trim()));
    }
    // An absolute permalink when the site knows its address; else the page's own file
    // (the copy button writes the address the reader sees).
    let dir = document_dir(&series.slug, ed.year);
    let url = if ctx.urls.is_absolute() {
        format!("{}#{id}", ctx.urls.href(depth(&dir), &dir))
    } else {
        format!("index.html#{id}")
    };
    CiteView {
        text,
        url,
        url_is_absolute: ctx.urls.is_absolute(),
        section,
    }
}

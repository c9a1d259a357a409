//! `<serie>/index.json`: open data for every year of a series in one file — each
//! document's metadata and sections with their counterparts in every other year, and
//! what changed since the year before (the same comparison as the change log). One
//! file per series, not per document: on disk every file costs a build as much to
//! make and delete as its bytes, and `same_as` points into the other years anyway.

use crate::error::Result;
use crate::site::model::SeriesModel;
use crate::site::urls::series_json;
use crate::site::Ctx;
use serde_json::{json, Map, Value};

/// Writes the series' JSON.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel) -> Result<()> {
    let documents: Vec<Value> = (0..m.len()).map(|e| document(ctx, m, e)).collect();
    let value = json!({
        "series": m.slug(),
        "series_title": m.title(),
        "documents": documents,
    });
    ctx.sink
        .put(&series_json(m.slug()), crate::site::json_bytes(&value))
}

/// Edition `e`: its year, metadata and sections.
fn document(ctx: &Ctx, m: &SeriesModel, e: usize) -> Value {
    let ed = m.edition(e);
    let sections: Vec<Value> = m
        .doc(e)
        .sections
        .iter()
        .enumerate()
        .map(|(i, sec)| {
            let mut same_as = Map::new();
            for other in (0..m.len()).filter(|&j| j != e) {
                let ids: Vec<&str> = m
                    .counterparts(e, i, other)
                    .into_iter()
                    .map(|k| m.section_id(other, k))
                    .collect();
                same_as.insert(m.year(other).to_string(), json!(ids));
            }
            let citation = (sec.level > 0).then(|| {
                let number = sec.number.as_deref().unwrap_or_default();
                super::cite::citation(ctx, m.series(), ed, number, &sec.title, m.section_id(e, i))
                    .text
            });
            let mut section = json!({
                "id": m.section_id(e, i),
                "number": sec.number,
                "title": sec.title,
                "level": sec.level,
                "text": sec.text,
                "same_as": same_as,
                "citation": citation,
            });
            if let Some(entry) = m.step(e).map(|c| &c.entries[i]) {
                section["changes"] = json!({
                    "since": m.year(e - 1),
                    "kind": entry.kind,
                    "figures": entry.diff.as_ref().map(|d| d.figures.as_slice()).unwrap_or_default(),
                });
            }
            section
        })
        .collect();
    json!({
        "year": ed.year,
        "metadata": ed.front,
        "sections": sections,
    })
}

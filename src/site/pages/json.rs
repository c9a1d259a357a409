//! `index.json`: a document's metadata and sections with their counterparts in every
//! other year (open data).

use crate::error::Result;
use crate::site::model::SeriesModel;
use crate::site::Ctx;
use serde_json::{json, Map, Value};

/// Writes the JSON of edition `e`.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel, e: usize) -> Result<()> {
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
            json!({
                "id": m.section_id(e, i),
                "number": sec.number,
                "title": sec.title,
                "level": sec.level,
                "text": sec.text,
                "same_as": same_as,
            })
        })
        .collect();
    let value = json!({
        "series": m.slug(),
        "series_title": m.title(),
        "year": ed.year,
        "metadata": ed.front,
        "sections": sections,
    });
    ctx.sink.put(
        &format!("{}index.json", m.document_dir(e)),
        crate::site::json_bytes(&value),
    )
}

//! `<serie>/index.json`: open data for every year of a series in one file — each
//! document's metadata and sections with their counterparts in every other year, and
//! what changed since the year before (the same comparison as the change log). One
//! file per series, not per document: on disk every file costs a build as much to
//! make and delete as its bytes, and `same_as` points into the other years anyway.
//!
//! Written straight from the model through borrowing structs, not through a
//! `serde_json::Value` tree (which copied every section's text). The keys of every
//! object are in byte order, as the `Value` maps wrote them: fields are declared so.

use crate::compare::ChangeKind;
use crate::diff::{FigureChange, FigureKind};
use crate::error::Result;
use crate::site::model::SeriesModel;
use crate::site::urls::series_json;
use crate::site::Ctx;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

/// Writes the series' JSON.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel) -> Result<()> {
    // `same_as` is keyed by year as text, in the order of the text.
    let mut years: Vec<(String, usize)> =
        (0..m.len()).map(|j| (m.year(j).to_string(), j)).collect();
    years.sort();
    let file = SeriesJson {
        documents: (0..m.len()).map(|e| document(ctx, m, &years, e)).collect(),
        series: m.slug(),
        series_title: m.title(),
    };
    ctx.sink
        .put(&series_json(m.slug()), crate::site::json_bytes(&file))
}

#[derive(Serialize)]
struct SeriesJson<'a> {
    documents: Vec<DocumentJson<'a>>,
    series: &'a str,
    series_title: &'a str,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    /// The front matter as a `Value`: its keys sorted like every other object's.
    metadata: Value,
    sections: Vec<SectionJson<'a>>,
    year: i32,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<ChangesJson<'a>>,
    citation: Option<String>,
    id: &'a str,
    level: u8,
    number: Option<&'a str>,
    same_as: SameAs<'a>,
    text: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct ChangesJson<'a> {
    figures: Vec<FigureJson<'a>>,
    kind: KindJson,
    since: i32,
}

/// `ChangeKind` with its fields in byte order.
#[derive(Serialize)]
struct KindJson {
    added: bool,
    changed: bool,
    merged: bool,
    moved: bool,
    renamed: bool,
    renumbered: bool,
    split: bool,
}

impl From<&ChangeKind> for KindJson {
    fn from(k: &ChangeKind) -> Self {
        // Destructured without `..`: a new field fails to compile here until it is written.
        let ChangeKind {
            added,
            changed,
            renamed,
            renumbered,
            moved,
            split,
            merged,
        } = *k;
        KindJson {
            added,
            changed,
            merged,
            moved,
            renamed,
            renumbered,
            split,
        }
    }
}

/// `FigureChange` with its fields in byte order.
#[derive(Serialize)]
struct FigureJson<'a> {
    context: &'a str,
    kind: FigureKind,
    new: &'a str,
    note: &'a str,
    old: &'a str,
}

impl<'a> From<&'a FigureChange> for FigureJson<'a> {
    fn from(f: &'a FigureChange) -> Self {
        // Destructured without `..`, as above (`cell` is not serialized).
        let FigureChange {
            context,
            old,
            new,
            kind,
            note,
            cell: _,
        } = f;
        FigureJson {
            context,
            kind: *kind,
            new,
            note,
            old,
        }
    }
}

/// Year (as text) → ids of the section's counterparts in that year, for every other year.
struct SameAs<'a> {
    m: &'a SeriesModel<'a>,
    years: &'a [(String, usize)],
    e: usize,
    i: usize,
}

impl Serialize for SameAs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.years.len().saturating_sub(1)))?;
        for (year, other) in self.years.iter().filter(|(_, j)| *j != self.e) {
            let ids: Vec<&str> = self
                .m
                .counterparts(self.e, self.i, *other)
                .into_iter()
                .map(|k| self.m.section_id(*other, k))
                .collect();
            map.serialize_entry(year, &ids)?;
        }
        map.end()
    }
}

/// Edition `e`: its year, metadata and sections.
fn document<'a>(
    ctx: &Ctx,
    m: &'a SeriesModel<'a>,
    years: &'a [(String, usize)],
    e: usize,
) -> DocumentJson<'a> {
    let ed = m.edition(e);
    let sections = m
        .doc(e)
        .sections
        .iter()
        .enumerate()
        .map(|(i, sec)| {
            let citation = (sec.level > 0).then(|| {
                let number = sec.number.as_deref().unwrap_or_default();
                super::cite::citation(ctx, m.series(), ed, number, &sec.title, m.section_id(e, i))
                    .text
            });
            let changes = m.step(e).map(|c| {
                let entry = &c.entries[i];
                ChangesJson {
                    figures: entry
                        .diff
                        .iter()
                        .flat_map(|d| &d.figures)
                        .map(FigureJson::from)
                        .collect(),
                    kind: KindJson::from(&entry.kind),
                    since: m.year(e - 1),
                }
            });
            SectionJson {
                changes,
                citation,
                id: m.section_id(e, i),
                level: sec.level,
                number: sec.number.as_deref(),
                same_as: SameAs { m, years, e, i },
                text: &sec.text,
                title: &sec.title,
            }
        })
        .collect();
    DocumentJson {
        metadata: serde_json::to_value(&ed.front).unwrap_or_default(),
        sections,
        year: ed.year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::FigureChange;

    /// Serialized through a `Value`, as the file was written before: sorted keys.
    fn through_value<T: Serialize>(v: &T) -> String {
        serde_json::to_value(v).unwrap().to_string()
    }

    #[test]
    fn kinds_and_figures_keep_the_key_order_of_a_value() {
        let kind = ChangeKind {
            added: true,
            renamed: true,
            split: true,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&KindJson::from(&kind)).unwrap(),
            through_value(&kind)
        );
        let figure = FigureChange {
            context: "Rad, 2025".into(),
            old: "2 060 tkr".into(),
            new: "3 250 tkr".into(),
            kind: FigureKind::Cell,
            note: "<ny>".into(),
            cell: None,
        };
        assert_eq!(
            serde_json::to_string(&FigureJson::from(&figure)).unwrap(),
            through_value(&figure)
        );
    }
}

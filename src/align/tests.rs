//! Alignment cases on small hand-written series: one behaviour each.

use super::*;
use crate::markdown::parse;

fn doc(md: &str) -> ParsedDoc {
    parse(md, 1)
}

fn titles(d: &ParsedDoc, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| d.sections[i].title.clone()).collect()
}

fn find(d: &ParsedDoc, title: &str) -> usize {
    d.sections
        .iter()
        .position(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section {title}"))
}

const LOREM_A: &str = "Nämnden ansvarar för arbetsmarknadsinsatser för personer som står långt från arbetsmarknaden och följer upp verksamheten varje kvartal.";
const LOREM_B: &str = "Divisionen erbjuder arbetsträning, praktik och studie- och yrkesvägledning till deltagare som är inskrivna hos Arbetsförmedlingen.";
const LOREM_C: &str = "Integrationsvägledningen ger nyanlända information om samhället, bostad, skola och vägar till egen försörjning genom samordnade insatser.";

#[test]
fn renumbered_and_reordered_sections_keep_their_id() {
    let a = doc(&format!(
        "# 1 Formalia\n\n{LOREM_A}\n\n# 2 Arbete\n\n{LOREM_B}\n\n# 3 Integration\n\n{LOREM_C}\n"
    ));
    let b = doc(&format!("# 1 Integration\n\n{LOREM_C}\n\n# 2 Formalia\n\n{LOREM_A}\n\n# 4 Arbete\n\n{LOREM_B} Nytt stycke.\n"));
    let al = align(&[&a, &b]);
    for t in ["Formalia", "Arbete", "Integration"] {
        let (ia, ib) = (find(&a, t), find(&b, t));
        assert_eq!(al.forward[0][ia], vec![ib], "{t}");
        assert_eq!(al.ids[0][ia], al.ids[1][ib], "{t} shares its id");
    }
    assert_eq!(al.ids[1][find(&b, "Arbete")], "arbete");
}

#[test]
fn renamed_section_with_similar_text_is_linked() {
    let a = doc(&format!(
        "# 1 Formalia\n\n{LOREM_A}\n\n# 2 Fokus i Agenda 2030\n\n{LOREM_C}\n"
    ));
    let b = doc(&format!(
        "# 1 Formalia\n\n{LOREM_A}\n\n# 2 Hållbarhetsstyrning\n\n{LOREM_C} Dessutom en mening.\n"
    ));
    let al = align(&[&a, &b]);
    assert_eq!(al.forward[0][1], vec![1]);
    assert_eq!(
        al.ids[1][1], "fokus-i-agenda-2030",
        "the renamed section keeps last year's id"
    );
}

#[test]
fn split_section_links_to_both_parts() {
    let a = doc(&format!(
        "# Mål från KF och nämnd\n\n{LOREM_A} {LOREM_B}\n\n# Ekonomi\n\n{LOREM_C}\n"
    ));
    let b = doc(&format!(
        "# Mål från KF\n\n{LOREM_A}\n\n# Mål från nämnden\n\n{LOREM_B}\n\n# Ekonomi\n\n{LOREM_C}\n"
    ));
    let al = align(&[&a, &b]);
    assert_eq!(
        titles(&b, &al.forward[0][0]),
        vec!["Mål från KF", "Mål från nämnden"]
    );
    assert_eq!(al.same_as(1, 1, 0), vec![0]);
    assert_ne!(al.ids[1][0], al.ids[1][1], "ids stay unique within a page");
}

#[test]
fn merged_sections_link_to_the_merged_one() {
    let a = doc(&format!(
        "# Arbete\n\n{LOREM_A}\n\n# Praktik\n\n{LOREM_B}\n\n# Integration\n\n{LOREM_C}\n"
    ));
    let b = doc(&format!(
        "# Arbete och praktik\n\n{LOREM_A} {LOREM_B}\n\n# Integration\n\n{LOREM_C}\n"
    ));
    let al = align(&[&a, &b]);
    assert_eq!(al.backward[1][0], vec![0, 1]);
    assert_eq!(al.same_as(0, 1, 1), vec![0]);
}

#[test]
fn added_and_removed_sections_have_no_links() {
    let a = doc(&format!(
        "# Arbete\n\n{LOREM_A}\n\n# Gammalt\n\n{LOREM_B}\n"
    ));
    let b = doc(&format!(
        "# Arbete\n\n{LOREM_A}\n\n# Dataskyddsombud\n\n{LOREM_C}\n"
    ));
    let al = align(&[&a, &b]);
    assert!(al.forward[0][1].is_empty(), "removed");
    assert!(al.backward[1][1].is_empty(), "added");
}

#[test]
fn explicit_ids_override_the_algorithm() {
    let a = doc(&format!(
        "# Alfa {{#x}}\n\n{LOREM_A}\n\n# Beta\n\n{LOREM_B}\n"
    ));
    let b = doc(&format!(
        "# Beta\n\n{LOREM_A}\n\n# Gamma {{#x}}\n\n{LOREM_C}\n"
    ));
    let al = align(&[&a, &b]);
    assert_eq!(al.forward[0][0], vec![1]);
    assert_eq!(al.ids[1][1], "x");
    assert_eq!(al.ids[0][0], "x");
}

#[test]
fn chains_over_three_years_and_is_deterministic() {
    let a = doc(&format!("# 2.1 Grunduppdrag\n\n{LOREM_B}\n"));
    let b = doc(&format!("# 3.1 Grunduppdrag\n\n{LOREM_B}\n"));
    let c = doc(&format!(
        "# 4.4 Grunduppdrag arbetsmarknad\n\n{LOREM_B} Mer.\n"
    ));
    let al = align(&[&a, &b, &c]);
    assert_eq!(al.same_as(0, 0, 2), vec![0]);
    assert_eq!(al.same_as(2, 0, 0), vec![0]);
    assert_eq!(al, align(&[&a, &b, &c]));
}

#[test]
fn identical_headings_get_unique_ids() {
    let a = doc("# Utfall\n\nett\n\n# Utfall\n\ntvå\n\n# main\n\ntre\n");
    let al = align(&[&a]);
    assert_eq!(al.ids[0], vec!["utfall", "utfall-2", "main-2"]);
}

#[test]
fn a_repeated_explicit_id_ties_only_its_first_use() {
    let a = doc("# Alfa\n\n# {#id}\n\ntext\n\n# Beta\n\n# {#id}\n\nmer\n");
    let al = align(&[&a, &a]);
    for (s, links) in al.forward[0].iter().enumerate() {
        assert_eq!(links, &vec![s], "section {s}");
    }
}

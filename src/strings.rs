//! The UI strings, typed: every key of `theme/strings.yaml` is a field of `Strings`.
//! The built-in file gives every default; a site's own `theme/strings.yaml` overrides
//! any of them, and a key that is not one of these fields (a typo) is an error at its
//! `path:line:col`, never a key shown to readers.

use crate::error::{Error, Result};
use crate::theme::Theme;
use serde::{Deserialize, Serialize};

/// Declares `Strings` (every string) and `StringsFile` (a strings.yaml, any subset).
macro_rules! strings {
    ($($(#[doc = $doc:literal])* $key:ident,)*) => {
        /// Every UI string (Swedish by default). Templates get them as `t`.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct Strings {
            $($(#[doc = $doc])* pub $key: String,)*
        }

        /// One strings.yaml: any of the keys; others are errors.
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct StringsFile {
            $(#[serde(default)] $key: Option<String>,)*
        }

        impl StringsFile {
            /// These strings over `base`.
            fn over(self, base: Strings) -> Strings {
                Strings { $($key: self.$key.unwrap_or(base.$key),)* }
            }

            /// These strings, when every key is given (else the first missing key).
            fn complete(self) -> std::result::Result<Strings, &'static str> {
                Ok(Strings { $($key: self.$key.ok_or(stringify!($key))?,)* })
            }
        }
    };
}

strings! {
    /// Default: "Startsida".
    home,
    /// Default: "Styrdokument – överenskommelser, internbudgetar och kvalitetsredovi…".
    home_description,
    /// Default: "Hoppa till innehållet".
    skip_to_content,
    /// Default: "Brödsmulor".
    breadcrumbs,
    /// Default: "Sök".
    search,
    /// Default: "Sök i styrdokumenten".
    search_label,
    /// Default: "Sök ord, t.ex. arbetsträning".
    search_placeholder,
    /// Default: "Sök".
    search_button,
    /// Default: "Sök bland alla avsnitt i alla år.".
    search_description,
    /// Default: "Sökningen behöver JavaScript. Resten av webbplatsen fungerar utan.…".
    search_no_js,
    /// Default: "Alla dokument".
    search_all_series,
    /// Default: "Alla år".
    search_all_years,
    /// Default: "Dokument".
    search_series,
    /// Default: "År".
    search_year,
    /// Default: "Sökresultat".
    search_results,
    /// Default: "Inga träffar.".
    search_none,
    /// Default: "träffar".
    search_hits,
    /// Default: "träff".
    search_hit,
    /// Default: "Söker …".
    search_loading,
    /// Default: "i {n} dokument".
    search_in_documents,
    /// Default: "Visa fler träffar".
    search_more,
    /// Default: "Sökningen kunde inte laddas. Försök igen eller bläddra bland dokume…".
    search_error,
    /// Default: "Dokument".
    documents,
    /// Default: "Dokument".
    document,
    /// Default: "Dokumentserie".
    series,
    /// Default: "År".
    year,
    /// Default: "År".
    years,
    /// Default: "Innehåll".
    toc,
    /// Default: "Uppgifter om dokumentet".
    metadata,
    /// Default: "Senaste".
    latest,
    /// Default: "gällande version".
    current_version,
    /// Default: "Status".
    status,
    /// Default: "Senaste version".
    status_latest,
    /// Default: "Tidigare version".
    status_earlier,
    /// Default: "Detta är ett utkast. Det är inte beslutat.".
    draft_notice,
    /// Default: "Detta är inte den senaste versionen.".
    older_notice,
    /// Default: "Gå till senaste versionen".
    go_to_latest,
    /// Default: "Samma avsnitt andra år".
    other_years,
    /// Default: "Finns inte".
    absent_in,
    /// Default: "Alla år av dokumentet".
    all_years,
    /// Default: "Välj år".
    year_switcher,
    /// Default: "Ändringar".
    changes,
    /// Default: "Ändringar sedan".
    changes_since,
    /// Default: "Vad har ändrats sedan".
    changes_link,
    /// Default: "Jämför".
    compare,
    /// Default: "med".
    with,
    /// Default: "Jämför två år".
    comparisons,
    /// Default: "Sammanfattning".
    summary,
    /// Default: "Ändrade siffror, belopp och datum".
    figures,
    /// Default: "Ändrade avsnitt".
    changed_sections,
    /// Default: "Nya avsnitt".
    added_sections,
    /// Default: "Borttagna avsnitt".
    removed_sections,
    /// Default: "Oförändrade avsnitt".
    unchanged_sections,
    /// Default: "Tidigare".
    was,
    /// Default: "Ändrade".
    count_changed,
    /// Default: "Nya".
    count_added,
    /// Default: "Borttagna".
    count_removed,
    /// Default: "Flyttade".
    count_moved,
    /// Default: "Omnumrerade".
    count_renumbered,
    /// Default: "Nya rubriker".
    count_renamed,
    /// Default: "Delade".
    count_split,
    /// Default: "Sammanslagna".
    count_merged,
    /// Default: "Oförändrade".
    count_unchanged,
    /// Default: "ändrade siffror, belopp och datum" (Atom entries).
    count_figures,
    /// Redline, hidden label of inserted text. Default: "tillagt".
    diff_inserted,
    /// Default: "borttaget".
    diff_deleted,
    /// A moved block at its new place. Default: "flyttat hit".
    diff_moved_here,
    /// A moved block at its old place. Default: "flyttat härifrån".
    diff_moved_away,
    /// Hidden label of a new paragraph boundary (¶). Default: "nytt stycke här".
    diff_split,
    /// Hidden label of a removed paragraph boundary. Default: "stycken sammanslagna här".
    diff_join,
    /// Folded unchanged run of one block. Default: "oförändrat stycke".
    diff_unchanged_one,
    /// Folded unchanged run ("7 oförändrade stycken"). Default: "oförändrade stycken".
    diff_unchanged_many,
    /// Call-out note. Default: "ny rad".
    diff_row_added,
    /// Default: "borttagen rad".
    diff_row_removed,
    /// Default: "ny kolumn".
    diff_column_added,
    /// Default: "borttagen kolumn".
    diff_column_removed,
    /// Default: "flyttad rad".
    diff_row_moved,
    /// Caption of a compared table. Default: "Tabell med ändringar".
    diff_table,
    /// Default: "Ändrad text".
    tag_changed,
    /// Default: "Ny rubrik".
    tag_renamed,
    /// Default: "Nytt nummer".
    tag_renumbered,
    /// Default: "Flyttad".
    tag_moved,
    /// Default: "Delad".
    tag_split,
    /// Default: "Sammanslagen".
    tag_merged,
    /// Default: "Borttagen".
    tag_removed,
    /// Default: "Ny".
    badge_new,
    /// Default: "Ändrad sedan".
    badge_changed,
    /// Default: "Rubrik".
    badge_renamed,
    /// Default: "Nummer".
    badge_renumbered,
    /// Default: "Delad från".
    badge_split,
    /// Default: "Sammanslagen av".
    badge_merged,
    /// Default: "Flyttad till annan del".
    badge_moved,
    /// Default: "Avsnitt över åren".
    timeline,
    /// Default: "Avsnitt".
    timeline_section,
    /// Default: "Finns inte".
    cell_absent,
    /// Default: "Finns".
    cell_present,
    /// Default: "Nytt".
    cell_new,
    /// Default: "Ändrat".
    cell_changed,
    /// Default: "Oförändrat".
    cell_unchanged,
    /// Default: "Borttagen text är överstruken, tillagd text är understruken.".
    legend_diff,
    /// Default: "Öppna data (JSON)".
    open_data,
    /// Default: "Källfil".
    source_file,
    /// Default: "Fotnoter".
    footnotes,
    /// Default: "Tillgänglighetsredogörelse".
    accessibility,
    /// Default: "Nyhetsflöde (Atom)".
    feed,
    /// Default: "Kontakt".
    contact,
    /// Default: "Sidan finns inte".
    not_found,
    /// Default: "Sidan du sökte finns inte. Den kan ha flyttats eller tagits bort.".
    not_found_text,
    /// Default: "Skriv ut".
    print,
    /// Default: "Byggd med styrdok".
    made_with,
    /// Default: "Diarienummer".
    meta_diarienummer,
    /// Default: "Beslutsdatum".
    meta_beslutsdatum,
    /// Default: "Fastställd av".
    meta_faststalld_av,
    /// Default: "Giltighetstid".
    meta_giltighetstid,
    /// Default: "Kategori av styrdokument".
    meta_kategori,
    /// Default: "Dokumentansvarig".
    meta_dokumentansvarig,
    /// Default: "Uppföljning".
    meta_uppfoljning,
    /// Default: "Webbplatsen gick inte att bygga".
    serve_build_failed,
    /// Default: "Under rutan visas den senaste versionen som gick att bygga. Rätta f…".
    serve_last_good,
    /// Default: "Förhandsvisningen väntar på ett bygge som lyckas. Rätta felet och s…".
    serve_waiting,
    /// Default: "Om webbplatsen".
    footer_nav,
    /// Default: "borttagen text".
    legend_removed,
    /// Default: "tillagd text".
    legend_added,
    /// Default: "Så här såg avsnittet ut".
    old_version,
    /// Default: "Redaktionell anmärkning".
    editorial_label,
    /// Default: "Text från utgivaren, inte ur det beslutade dokumentet.".
    editorial_explanation,
    /// Default: "redaktionell uppgift".
    editorial_value,
    /// Default: "Titel".
    meta_title,
    /// Default: "Tabell" (names a table for screen readers: "Tabell 2: 4.1 Ekonomi").
    table,
    /// Default: "senaste versionen".
    latest_version,
    /// Default: "Citera".
    cite,
    /// Default: "avsnitt".
    cite_section,
    /// Default: "beslutad".
    cite_decided,
    /// Default: "Länk till avsnittet".
    cite_link,
    /// Default: "Kopiera".
    cite_copy,
    /// Default: "citatet".
    cite_copy_what,
    /// Default: "Kopierat".
    cite_copied,
    /// Default: "Den senaste versionen är".
    latest_redirect,
    /// Default: "Fast adress till den senaste versionen (för länkar från andra sidor):".
    latest_permalink,
    /// Default: "Visar träffar för".
    search_showing,
    /// Default: "Sök i stället på".
    search_instead,
    /// Default: "Menade du".
    search_did_you_mean,
    /// Default: "Visa alla {n} träffar".
    search_all,
    /// Default: "Alla år i tidslinjen".
    xyear_all,
    /// Default: "Jämför två valfria år".
    compare_any,
    /// Default: "Från år".
    compare_from,
    /// Default: "Till år".
    compare_to,
    /// Default: "Jämför".
    compare_button,
    /// Default: "Jämförelser med egna sidor".
    compare_static,
    /// Default: "Utan JavaScript finns ändringarna mellan två år i följd och varje år jämfört med det senaste, här nedan. Andra par av år sätts ihop i webbläsaren och behöver JavaScript.".
    compare_no_js,
    /// Default: "Hämtar ändringarna …".
    compare_loading,
    /// Default: "Jämförelsen kunde inte laddas. Välj en av jämförelserna nedan i stället.".
    compare_error,
    /// Default: "Välj två olika år.".
    compare_same_year,
    /// Default: "Sammanställd av ändringarna år för år, avsnitt för avsnitt. Varje steg är samma rödmarkering som i ändringsloggen:".
    compare_assembled,
    /// Default: "Inga ändringar under perioden.".
    compare_no_step_changes,
}

impl Strings {
    /// The built-in strings.
    pub fn builtin() -> Strings {
        static BUILTIN: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let theme = Theme::builtin();
                let file: StringsFile = theme
                    .text("strings.yaml")
                    .and_then(|text| crate::yaml::parse(text, &theme.origin("strings.yaml"), 1))
                    .expect("the built-in strings.yaml parses");
                file.complete()
                    .unwrap_or_else(|key| panic!("the built-in strings.yaml lacks `{key}`"))
            })
            .clone()
    }

    /// The strings of `theme`: its own strings.yaml over the built-in one.
    pub fn load(theme: &Theme) -> Result<Strings> {
        let path = theme.origin("strings.yaml");
        let own: Option<StringsFile> =
            crate::yaml::parse(theme.text("strings.yaml")?, &path, 1).map_err(unknown_key)?;
        Ok(own.unwrap_or_default().over(Strings::builtin()))
    }
}

/// serde's "unknown field `x`, expected one of …" (all hundred keys) as a short
/// message, with the nearest key as a hint.
fn unknown_key(e: Error) -> Error {
    let Error::Input {
        location, message, ..
    } = &e
    else {
        return e;
    };
    let Some(key) = message
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(key, _)| key.to_string())
    else {
        return e;
    };
    let known = serde_json::to_value(Strings::builtin()).unwrap_or_default();
    let nearest = known
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        .min_by_key(|k| edit_distance(k, &key));
    let err = Error::at(location.clone(), format!("unknown UI string `{key}`"));
    match nearest {
        Some(k) => err.with_hint(format!(
            "did you mean `{k}`? The keys are those of the built-in theme/strings.yaml"
        )),
        None => err,
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn theme_with(strings: &str) -> Theme {
        let mut theme = Theme::builtin();
        theme
            .files
            .insert("strings.yaml".into(), strings.as_bytes().to_vec());
        theme
    }

    #[test]
    fn the_built_in_file_gives_every_string() {
        let s = Strings::builtin();
        assert_eq!(s.home, "Startsida");
    }

    #[test]
    fn a_site_overrides_some_strings_and_keeps_the_rest() {
        let s = Strings::load(&theme_with("home: Hem\n")).unwrap();
        assert_eq!(s.home, "Hem");
        assert_eq!(s.search, Strings::builtin().search);
        assert_eq!(Strings::load(&theme_with("")).unwrap(), Strings::builtin());
    }

    #[test]
    fn a_misspelt_key_is_an_error_at_its_line() {
        let err = Strings::load(&theme_with("home: Hem\nhmoe_description: x\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("strings.yaml:2:1: unknown UI string `hmoe_description`\n  hint: did you mean `home_description`? The keys are those of the built-in theme/strings.yaml"),
            "{err}"
        );
        assert_eq!(edit_distance("serch", "search"), 1);
    }

    #[test]
    fn templates_see_the_same_keys_as_the_file() {
        let theme = Theme::builtin();
        let file: BTreeMap<String, String> =
            crate::yaml::parse(theme.text("strings.yaml").unwrap(), Path::new("s"), 1).unwrap();
        let typed = serde_json::to_value(Strings::builtin()).unwrap();
        let typed: BTreeMap<String, String> = serde_json::from_value(typed).unwrap();
        assert_eq!(typed, file);
    }
}

//! Bad input files: each error names the file and line, exits 1 and leaves `public/` as it was.

use super::*;

#[test]
fn invalid_yaml() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Överenskommelse 2025\nyear: 2025\ndiarienummer: [KAN 24/22\n---\n# 1 A\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", None, "invalid YAML");
    // A tab-indented mapping is another classic.
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\nyear: 2025\nparter:\n\t- KAN\n---\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", None, "invalid YAML");
}

#[test]
fn front_matter_not_a_mapping() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "---\n- title\n- year\n---\n# A\n");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(2), "key: value");
}

#[test]
fn front_matter_not_closed() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Överenskommelse 2025\nyear: 2025\n\n# 1 Formalia\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), "not closed");
}

#[test]
fn no_front_matter() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "# 1 Formalia\n\nText.\n");
    assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(1),
        "no front matter",
    );
}

#[test]
fn missing_year() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Överenskommelse 2025\n---\n# A\n",
    );
    let err = assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(2),
        "`year` is missing",
    );
    assert!(err.contains("year: 2025"), "hint names the year: {err}");
}

#[test]
fn missing_title() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "---\nyear: 2025\n---\n# A\n");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(2), "`title`");
}

#[test]
fn non_numeric_year() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\ndiarienummer: KAN 1\nyear: tjugofem\n---\n# A\n",
    );
    assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(4),
        "whole number",
    );
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\nyear: 2025.5\n---\n# A\n",
    );
    assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(3),
        "whole number",
    );
}

#[test]
fn year_disagrees_with_file_name() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\n\nyear: 2024\n---\n# A\n",
    );
    let err = assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(4),
        "disagrees with the file name",
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn bad_date() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\nyear: 2025\nbeslutsdatum: 18 dec\n---\n# A\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(4), "YYYY-MM-DD");
}

#[test]
fn bad_series_yaml() {
    let (t, before) = built_site();
    t.write("content/avtal/_series.yaml", "title: A\nokänd_nyckel: x\n");
    assert_rejected(
        &t,
        &before,
        "content/avtal/_series.yaml",
        Some(2),
        "okänd_nyckel",
    );
}

// ---- Bad files --------------------------------------------------------------------

#[test]
fn duplicate_series_and_year() {
    // Two folders that give the same URL: the same series and year twice.
    let (t, before) = built_site();
    t.write("content/Avtal/2025.md", DOC_2025);
    let err = assert_rejected(&t, &before, ".md", Some(1), "same URL `avtal`");
    assert!(
        err.contains("content/Avtal") && err.contains("content/avtal"),
        "names both folders: {err}"
    );
    std::fs::remove_dir_all(t.root().join("content/Avtal")).unwrap();
    t.write("content/av tal/2025.md", DOC_2025)
        .write("content/av-tal/2024.md", DOC_2024);
    assert_rejected(&t, &before, ".md", Some(1), "same URL `av-tal`");
}

#[test]
fn document_name_that_is_not_a_year() {
    let (t, before) = built_site();
    t.write("content/avtal/Läs mig.md", "# Anteckningar\n");
    assert_rejected(
        &t,
        &before,
        "content/avtal/Läs mig.md",
        Some(1),
        "must be its year",
    );
    std::fs::remove_file(t.root().join("content/avtal/Läs mig.md")).unwrap();
    t.write("content/avtal/utkast.md", DOC_2025);
    assert_rejected(
        &t,
        &before,
        "content/avtal/utkast.md",
        Some(1),
        "file name must be its year",
    );
}

#[test]
fn non_utf8_file_names_the_byte() {
    let (t, before) = built_site();
    // Latin-1 "å" (0xE5) on line 8, after "Avser kalender".
    let mut bytes = DOC_2025.as_bytes().to_vec();
    let at = DOC_2025.find("Avser").unwrap() + "Avser kalender".len();
    bytes.splice(at..at + "å".len(), [0xE5u8]);
    t.write("content/avtal/2025.md", &bytes);
    let err = assert_rejected(&t, &before, "content/avtal/2025.md", Some(8), "byte 0xE5");
    assert_eq!(
        location_of(&err, "content/avtal/2025.md"),
        Some((8, 15)),
        "{err}"
    );
    assert!(err.contains("UTF-8"), "{err}");
    // In the front matter too, with the column of the byte.
    t.write(
        "content/avtal/2025.md",
        b"---\ntitle: \xff\xfe\nyear: 2025\n---\n",
    );
    let err = assert_rejected(&t, &before, "content/avtal/2025.md", Some(2), "byte 0xFF");
    assert_eq!(
        location_of(&err, "content/avtal/2025.md"),
        Some((2, 8)),
        "{err}"
    );
}

#[test]
fn empty_file() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), "empty");
    t.write("content/avtal/2025.md", "  \n\n");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), "empty");
}

#[test]
fn unreadable_file() {
    let (t, before) = built_site();
    let path = t.root().join("content/avtal/2025.md");
    set_mode(&path, 0o000);
    let mut expected = "cannot read";
    if std::fs::read(&path).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): permissions do not stop reads. Use a
        // file even root cannot read: /proc/self/mem fails with EIO at offset 0.
        eprintln!("note: permissions do not stop this user reading; using a /proc/self/mem link as the unreadable file");
        set_mode(&path, 0o644);
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", &path).unwrap();
        assert!(
            std::fs::read(&path).is_err(),
            "/proc/self/mem should be unreadable"
        );
        // That link leads out of the site, which is refused before any read.
        expected = "leads outside the site folder";
    }
    let err = assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), expected);
    assert!(err.contains("hint:"), "{err}");
    let _ = std::fs::remove_file(&path);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn dangling_symlink() {
    let (t, before) = built_site();
    std::os::unix::fs::symlink(
        t.root().join("nowhere/2023.md"),
        t.root().join("content/avtal/2023.md"),
    )
    .unwrap();
    assert_rejected(&t, &before, "content/avtal/2023.md", Some(1), "cannot read");
}

#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    let (t, before) = built_site();
    std::os::unix::fs::symlink("..", t.root().join("content/avtal/upp")).unwrap();
    std::os::unix::fs::symlink(".", t.root().join("content/jag")).unwrap();
    std::os::unix::fs::symlink(
        t.root().join("content"),
        t.root().join("content/avtal/innehall"),
    )
    .unwrap();
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("symbolic link loop"), "warns: {err}");
    // The same site as without the links.
    assert_eq!(
        list_files(&t.public()),
        before.keys().cloned().collect::<Vec<_>>()
    );
    assert_eq!(snapshot(&t.public()), before);
}

// ---- Big and odd content ------------------------------------------------------------

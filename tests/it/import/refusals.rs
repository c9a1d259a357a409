//! Never overwriting without --force, and clear errors for bad files.

use super::*;

#[test]
fn never_overwrites_without_force() {
    let site = SiteTest::new();
    let d = doc_with(&p(None, &run("Första versionen.")));
    ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    let path = site.root().join("content/t/2025.md");
    std::fs::write(&path, "handskrivet").unwrap();
    let again = doc_with(&p(None, &run("Andra versionen.")));
    let out = import(&site, &again.to_bytes(), &["--series", "t"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2025.md: already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "handskrivet");
    ok(&import(
        &site,
        &again.to_bytes(),
        &["--series", "t", "--force"],
    ));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("Andra versionen."));
}

/// Every bad file: exit 1, a message naming the file and the problem, nothing written.
#[test]
fn bad_files_get_clear_errors_and_nothing_is_written() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 4096]);
    let valid = doc_with(&p(None, &run("Text."))).to_bytes();
    let mut truncated = valid.clone();
    truncated.truncate(valid.len() / 2);
    let mut bad_xml = Vec::new();
    for (name, data) in [
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        (
            "word/document.xml",
            b"<w:document xmlns:w=\"x\"><w:body><w:p>".to_vec(),
        ),
    ] {
        bad_xml.push((name.to_string(), data));
    }
    let bomb = zip_files(&[
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), vec![b' '; 64 * 1024 * 1024]),
    ]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text",
            b"Detta ar inte ett Word-dokument".to_vec(),
            "not a Word .docx file",
        ),
        ("pdf", b"%PDF-1.7\n".to_vec(), "not a Word .docx file"),
        (
            "zip without Word",
            zip_files(&[("a.txt".into(), b"x".to_vec())]),
            "without a Word document part",
        ),
        ("encrypted", ole, "encrypted or password-protected"),
        ("truncated", truncated, "corrupt"),
        ("broken XML", zip_files(&bad_xml), "corrupt"),
        (
            "zip bomb",
            bomb,
            "refused: the .docx unpacks to far more than a document",
        ),
    ];
    for (what, bytes, message) in cases {
        let site = SiteTest::new();
        let out = import(&site, &bytes, &["--series", "t", "--year", "2025"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains("doc.docx") && err.contains(message),
            "{what}: {err}"
        );
        assert!(
            !site.root().join("content").exists(),
            "{what}: nothing written"
        );
    }
}

// ---------------------------------------------------------------------------------
// End to end: content/nykoping-kan-dso/2025.md → Word structure → import → build.
// ---------------------------------------------------------------------------------

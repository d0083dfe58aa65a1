//! Figures: SVG diagrams rendered from handlebars templates with the deployment profile, so a
//! diagram shows the same names and addresses as the configs. SVG reads the same in HTML, PDF
//! and EPUB. Every rendering is parsed as XML and must be an `<svg>` with a `viewBox`, so a broken
//! template fails the build instead of showing a broken image.

use crate::error::Error;
use crate::profile::Profile;
use handlebars::Handlebars;
use std::path::{Path, PathBuf};

/// Renders figure `id` (`<dir>/<id>.svg.hbs`) with the profile.
pub fn render(dir: &Path, id: &str, profile: &Profile) -> Result<String, Error> {
    crate::catalog::check_id(id)?;
    let path = dir.join(format!("{id}.svg.hbs"));
    let source = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::UnknownSnippet {
            id: format!("figure {id}"),
            suggestions: known(dir),
        },
        _ => Error::Io {
            path: path.clone(),
            source: e,
        },
    })?;
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    crate::helpers::register(&mut hb);
    // Handlebars' HTML escaping is exactly XML text escaping, which the SVG needs.
    let svg = hb
        .render_template(&source, &profile.context())
        .map_err(|e| Error::Render {
            id: format!("figure {id}"),
            variant: "default".into(),
            path: path.clone(),
            line: e.line_no.unwrap_or(0),
            message: e.reason().to_string(),
            suggestions: Vec::new(),
        })?;
    check(&svg).map_err(|(line, message)| Error::Catalog {
        path: path.clone(),
        line,
        message: format!("figure `{id}` renders invalid SVG: {message}"),
    })?;
    Ok(svg)
}

/// Parses the SVG: well-formed XML, an `svg` root in the SVG namespace with a `viewBox`, and a
/// `<title>` so screen readers and EPUB readers have a text alternative.
fn check(svg: &str) -> Result<(), (usize, String)> {
    let doc = roxmltree::Document::parse(svg).map_err(|e| (e.pos().row as usize, e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg"
        || root.tag_name().namespace() != Some("http://www.w3.org/2000/svg")
    {
        return Err((
            1,
            "the root element must be <svg xmlns=\"http://www.w3.org/2000/svg\">".into(),
        ));
    }
    if root.attribute("viewBox").is_none() {
        return Err((
            1,
            "the <svg> element needs a viewBox so it scales in every edition".into(),
        ));
    }
    if !root.children().any(|c| c.tag_name().name() == "title") {
        return Err((
            1,
            "the <svg> element needs a <title> as its text alternative".into(),
        ));
    }
    Ok(())
}

fn known(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let rel: PathBuf = e.path().strip_prefix(dir).ok()?.to_path_buf();
            rel.to_str()?.strip_suffix(".svg.hbs").map(str::to_string)
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_checks() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("demo.svg.hbs"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Demo</title><text>{{vips.internal.address}}</text></svg>\n",
        )
        .expect("write");
        let p = Profile::default_profile().expect("profile");
        assert!(
            render(dir.path(), "demo", &p)
                .expect("render")
                .contains("10.0.0.10")
        );
        std::fs::write(
            dir.path().join("bad.svg.hbs"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>x</title><g></svg>\n",
        )
        .expect("write");
        assert!(render(dir.path(), "bad", &p).is_err());
        std::fs::write(
            dir.path().join("noview.svg.hbs"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>x</title></svg>\n",
        )
        .expect("write");
        assert!(
            render(dir.path(), "noview", &p)
                .expect_err("no viewBox")
                .to_string()
                .contains("viewBox")
        );
        assert!(matches!(
            render(dir.path(), "nope", &p),
            Err(Error::UnknownSnippet { .. })
        ));
    }
}

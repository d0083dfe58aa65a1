//! Data for the HTML "Your deployment" panel (theme/haguide.js).
//!
//! The reader may change the VIPs, the controllers' names and management addresses, and the
//! cluster size among [`PANEL_SIZES`]. The browser never runs templates: every snippet variant is
//! rendered and validated here for every offered size, and shipped as segments (text and the
//! profile paths of the editable values, see `haguide_snippets::segments`). The browser swaps
//! only the values, as text. A rendering whose segments do not reproduce the validated text is
//! shipped as plain text and the page says it keeps the guide's example values.
//!
//! Two kinds of JSON islands, both `<script type="application/json">` so that they are inert,
//! invisible without JavaScript and left out of the search index:
//! - one per page (`hg-profile`, at the end of the page): the sizes, the default values for each
//!   size, the networks the editable addresses live on, the variant axes, and the page's table of
//!   text lines, shared by every snippet of the page;
//! - one per snippet figure (`hg-segments`): the panels of each size, as indices into the line
//!   table and profile paths. Variants and sizes mostly share their lines, so each line is stored
//!   once per page. A size whose panels are the same as another size's refers to it instead of
//!   repeating them, and a snippet that neither names an editable value nor changes with the size
//!   gets no island at all.

use crate::markup::Panel;
use haguide_snippets::profile::PANEL_SIZES;
use haguide_snippets::segments::Segment;
use haguide_snippets::{Axes, Profile};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The text of a page's snippets, cut into lines (and the pieces between editable values), each
/// stored once. Segments refer to it by index.
#[derive(Default)]
pub struct LineTable {
    lines: Vec<String>,
    index: HashMap<String, usize>,
}

impl LineTable {
    fn intern(&mut self, piece: &str) -> usize {
        if let Some(&i) = self.index.get(piece) {
            return i;
        }
        self.lines.push(piece.to_string());
        self.index.insert(piece.to_string(), self.lines.len() - 1);
        self.lines.len() - 1
    }

    /// Text as indices: cut after every newline so that lines shared by variants and sizes are
    /// stored once.
    fn text(&mut self, text: &str, out: &mut Vec<Seg>) {
        for piece in text.split_inclusive('\n') {
            out.push(Seg::Text(self.intern(piece)));
        }
    }
}

/// The profiles the panel offers, by cluster size; the book's own profile is always one of them
/// (it is what the page shows without JavaScript).
pub struct Sizes {
    /// The book profile's size: its panels are the static HTML.
    pub default: usize,
    /// Every offered size with its profile, ascending.
    pub profiles: Vec<(usize, Profile)>,
    /// The profile paths of every editable value at any size, each once: segments name a value
    /// by its position here, which is far shorter than the path.
    keys: Vec<String>,
}

impl Sizes {
    /// The book profile plus [`PANEL_SIZES`] resized from it. A size the profile cannot be
    /// resized to (say, the next addresses leave its network) is left out with a warning, since
    /// the panel is an aid for readers and must not stop the book from building.
    pub fn new(profile: &Profile) -> (Sizes, Vec<String>) {
        let default = profile.size();
        let mut profiles = vec![(default, profile.clone())];
        let mut warnings = Vec::new();
        for &n in PANEL_SIZES {
            if n == default {
                continue;
            }
            match profile.with_size(n) {
                Ok(p) => profiles.push((n, p)),
                Err(e) => warnings.push(format!(
                    "the deployment panel will not offer {n} controllers: the profile cannot be resized: {e}"
                )),
            }
        }
        profiles.sort_by_key(|(n, _)| *n);
        let mut keys: Vec<String> = Vec::new();
        for (_, p) in &profiles {
            for (k, _) in p.editable_values() {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        (
            Sizes {
                default,
                profiles,
                keys,
            },
            warnings,
        )
    }
}

/// The per-page island: what the panel needs to draw its form and check the reader's input, and
/// the page's line table.
pub fn page_island(sizes: &Sizes, profile: &Profile, axes: &Axes, table: &LineTable) -> String {
    #[derive(Serialize)]
    struct Vip<'a> {
        role: &'a str,
        network: &'a str,
        cidr: &'a str,
    }
    #[derive(Serialize)]
    struct AxisValue<'a> {
        id: &'a str,
        label: &'a str,
    }
    #[derive(Serialize)]
    struct Axis<'a> {
        id: &'a str,
        label: &'a str,
        values: Vec<AxisValue<'a>>,
    }
    #[derive(Serialize)]
    struct Page<'a> {
        size: usize,
        sizes: Vec<usize>,
        defaults: BTreeMap<String, BTreeMap<String, String>>,
        vips: Vec<Vip<'a>>,
        management: &'a str,
        /// Addresses of other nodes that the snippets name and the panel cannot change, so a
        /// reader's address must not take one of them.
        fixed: Vec<&'a str>,
        axes: Vec<Axis<'a>>,
        keys: &'a [String],
        lines: &'a [String],
    }
    let cidr = |role: &str| {
        profile
            .networks
            .get(role)
            .map(|n| n.cidr.as_str())
            .unwrap_or_default()
    };
    let page = Page {
        size: sizes.default,
        sizes: sizes.profiles.iter().map(|(n, _)| *n).collect(),
        defaults: sizes
            .profiles
            .iter()
            .map(|(n, p)| (n.to_string(), p.editable_values().into_iter().collect()))
            .collect(),
        vips: profile
            .vips
            .iter()
            .map(|(role, v)| Vip {
                role,
                network: &v.network,
                cidr: cidr(&v.network),
            })
            .collect(),
        management: cidr("management"),
        fixed: profile
            .compute_nodes
            .iter()
            .chain(&profile.object_nodes)
            .flat_map(|c| c.addresses.values().map(String::as_str))
            .collect(),
        // The node axis is not a reader's choice of software: it follows the controllers.
        axes: axes
            .axes
            .iter()
            .filter(|a| a.id != haguide_snippets::catalog::NODE_AXIS && a.values.len() > 1)
            .map(|a| Axis {
                id: &a.id,
                label: &a.label,
                values: a
                    .values
                    .iter()
                    .map(|v| AxisValue {
                        id: &v.id,
                        label: &v.label,
                    })
                    .collect(),
            })
            .collect(),
        keys: &sizes.keys,
        lines: &table.lines,
    };
    island("hg-profile", &page)
}

/// The panels of one snippet directive at one size, or why there are none.
pub type SizedPanels<'a> = (usize, Result<Vec<Panel<'a>>, String>);

/// The per-figure island, or `None` when the snippet is the same for every reader.
pub fn figure_island(
    sizes: &Sizes,
    per_size: &[SizedPanels<'_>],
    table: &mut LineTable,
) -> Option<String> {
    let defaults: BTreeMap<usize, BTreeMap<String, String>> = sizes
        .profiles
        .iter()
        .map(|(n, p)| (*n, p.editable_values().into_iter().collect()))
        .collect();
    let empty = BTreeMap::new();
    let mut out: BTreeMap<String, SizeData> = BTreeMap::new();
    let mut seen: Vec<(usize, Vec<PanelData>)> = Vec::new();
    let mut interesting = false;
    for (n, result) in per_size {
        let data = match result {
            Err(reason) => {
                interesting = true;
                SizeData::Unavailable { e: reason.clone() }
            }
            Ok(panels) => {
                let d = defaults.get(n).unwrap_or(&empty);
                let list: Vec<PanelData> = panels
                    .iter()
                    .map(|p| panel_data(p, d, &sizes.keys, table))
                    .collect();
                if list.iter().any(PanelData::varies) {
                    interesting = true;
                }
                match seen.iter().find(|(_, l)| *l == list) {
                    Some((m, _)) => SizeData::Same(*m),
                    None => {
                        if !seen.is_empty() {
                            // Another size renders differently, so the figure must follow it.
                            interesting = true;
                        }
                        seen.push((*n, list.clone()));
                        SizeData::Panels(list)
                    }
                }
            }
        };
        out.insert(n.to_string(), data);
    }
    interesting.then(|| island("hg-segments", &out))
}

#[derive(Serialize)]
#[serde(untagged)]
enum SizeData {
    /// The panels at this size.
    Panels(Vec<PanelData>),
    /// The same panels as at that size.
    Same(usize),
    /// This size could not be rendered or validated; the figure keeps the book profile's text.
    Unavailable { e: String },
}

/// One panel (tab) of a figure, in the compact form the script reads.
#[derive(Serialize, Clone, PartialEq)]
struct PanelData {
    /// The variants it covers, `;`-separated, as in the HTML's `data-variants`.
    v: String,
    /// Its label.
    l: String,
    /// The code block's language class.
    g: String,
    /// The file it shows, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    f: Option<String>,
    /// Where its commands run, if not a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<String>,
    /// The segments: numbers ≥ 0 are lines of the page's table, `[first, last]` a run of
    /// consecutive lines, and -1-i the editable value whose profile path is the page's `keys[i]`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_runs"
    )]
    c: Option<Vec<Seg>>,
    /// The validated text, when it cannot be split into segments: shown as it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<String>,
}

impl PanelData {
    /// True when a reader's values change what this panel shows, or cannot be applied to it.
    fn varies(&self) -> bool {
        self.x.is_some()
            || self
                .c
                .as_ref()
                .is_some_and(|c| c.iter().any(|s| matches!(s, Seg::Value(_))))
    }
}

/// Writes consecutive line indices as one `[first, last]` run: lines enter the table in the order
/// they are first seen, so a block's lines are mostly consecutive and this shortens the data.
fn serialize_runs<S: serde::Serializer>(c: &Option<Vec<Seg>>, s: S) -> Result<S::Ok, S::Error> {
    use serde_json::{Value, json};
    let mut out: Vec<Value> = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, out: &mut Vec<Value>| match run.take() {
        Some((a, b)) if a == b => out.push(json!(a)),
        Some((a, b)) => out.push(json!([a, b])),
        None => {}
    };
    for seg in c.iter().flatten() {
        match seg {
            Seg::Text(i) => match &mut run {
                Some((_, last)) if *last + 1 == *i => *last = *i,
                _ => {
                    flush(&mut run, &mut out);
                    run = Some((*i, *i));
                }
            },
            Seg::Value(k) => {
                flush(&mut run, &mut out);
                out.push(json!(-1 - *k as i64));
            }
        }
    }
    flush(&mut run, &mut out);
    out.serialize(s)
}

#[derive(Clone, PartialEq, Debug)]
enum Seg {
    /// A line (or the piece of a line between values) of the page's table.
    Text(usize),
    /// An editable value, by its position in [`Sizes::keys`].
    Value(usize),
}

fn panel_data(
    p: &Panel<'_>,
    defaults: &BTreeMap<String, String>,
    keys: &[String],
    table: &mut LineTable,
) -> PanelData {
    let r = p.rendered;
    // Every value must be the default the page island gives for its path, since the script
    // rebuilds the default text from the two; anything else is shown as plain text.
    let segments = r.segments.as_ref().and_then(|segs| {
        let mut out = Vec::new();
        for s in segs {
            match s {
                Segment::Text(t) => table.text(t, &mut out),
                Segment::Value { k, v } if defaults.get(k) == Some(v) => {
                    out.push(Seg::Value(keys.iter().position(|x| x == k)?));
                }
                Segment::Value { .. } => return None,
            }
        }
        Some(out)
    });
    PanelData {
        v: p.variants.join(";"),
        l: p.label.clone(),
        g: r.format.code_language().to_string(),
        f: r.file.clone(),
        r: if r.file.is_none() {
            r.run_on.clone()
        } else {
            None
        },
        x: segments.is_none().then(|| r.text.clone()),
        c: segments,
    }
}

/// A JSON island that no content can close early: `<`, `>` and `&` are escaped inside strings,
/// so `</script>` or `<!--` in a config cannot end the element.
fn island<T: Serialize>(class: &str, value: &T) -> String {
    // Serializing these plain structs cannot fail; an empty object keeps the page valid if it did.
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("\n<script type=\"application/json\" class=\"{class}\">{json}</script>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn island_cannot_be_closed_by_content() {
        let s = island("hg-segments", &vec!["</script><b>&"]);
        assert_eq!(s.matches("</script>").count(), 1, "{s}");
        assert!(
            s.contains("\\u003c/script\\u003e\\u003cb\\u003e\\u0026"),
            "{s}"
        );
    }

    #[test]
    fn sizes_include_the_book_profile_and_the_panel_sizes() {
        let p = Profile::default_profile().expect("default profile");
        let (sizes, warnings) = Sizes::new(&p);
        assert!(warnings.is_empty(), "{warnings:?}");
        let ns: Vec<usize> = sizes.profiles.iter().map(|(n, _)| *n).collect();
        for n in PANEL_SIZES {
            assert!(ns.contains(n), "{ns:?}");
        }
        assert!(ns.contains(&p.size()));
        assert_eq!(sizes.default, p.size());
    }

    #[test]
    fn page_island_has_defaults_per_size() {
        let p = Profile::default_profile().expect("default profile");
        let (sizes, _) = Sizes::new(&p);
        let axes = Axes { axes: Vec::new() };
        let s = page_island(&sizes, &p, &axes, &LineTable::default());
        let json = s
            .trim()
            .trim_start_matches("<script type=\"application/json\" class=\"hg-profile\">")
            .trim_end_matches("</script>");
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        assert_eq!(v["defaults"]["5"]["controllers.4.name"], "controller5");
        assert_eq!(v["defaults"]["3"]["vips.internal.address"], "10.0.0.10");
        assert_eq!(v["management"], "10.0.0.0/24");
    }

    #[test]
    fn consecutive_lines_become_runs() {
        let c = Some(vec![
            Seg::Text(4),
            Seg::Text(5),
            Seg::Text(6),
            Seg::Value(0),
            Seg::Text(2),
            Seg::Text(9),
            Seg::Text(10),
        ]);
        let mut buf = Vec::new();
        serialize_runs(&c, &mut serde_json::Serializer::new(&mut buf)).expect("json");
        assert_eq!(String::from_utf8_lossy(&buf), r#"[[4,6],-1,2,[9,10]]"#);
    }

    fn rendered(text: &str, segments: Option<Vec<Segment>>) -> haguide_snippets::Rendered {
        haguide_snippets::Rendered {
            id: "demo/x".into(),
            title: "X".into(),
            format: haguide_snippets::Format::Ini,
            variant: haguide_snippets::Variant::default(),
            variant_label: String::new(),
            file: Some("/etc/x.conf".into()),
            run_on: None,
            text: text.into(),
            template: Default::default(),
            warnings: Vec::new(),
            segments,
        }
    }

    fn island_json(s: &str) -> serde_json::Value {
        let start = s.find('>').expect("open tag") + 1;
        let end = s.rfind("</script>").expect("close tag");
        serde_json::from_str(&s[start..end]).expect("json")
    }

    #[test]
    fn figures_that_follow_nothing_get_no_island_and_static_ones_ship_text() {
        let p = Profile::default_profile().expect("default profile");
        let (sizes, _) = Sizes::new(&p);
        let plain = rendered("x = 1\n", Some(vec![Segment::Text("x = 1\n".into())]));
        let axes = Axes { axes: Vec::new() };
        let same: Vec<SizedPanels<'_>> = sizes
            .profiles
            .iter()
            .map(|(n, _)| {
                (
                    *n,
                    Ok(crate::markup::panels(std::slice::from_ref(&plain), &axes)),
                )
            })
            .collect();
        let mut table = LineTable::default();
        assert!(figure_island(&sizes, &same, &mut table).is_none());

        // A template that transforms a value has no segments: its text is shipped as it is.
        let fixed = rendered("x = CONTROLLER\n", None);
        let per_size: Vec<SizedPanels<'_>> = vec![
            (
                3,
                Ok(crate::markup::panels(std::slice::from_ref(&fixed), &axes)),
            ),
            (
                5,
                Err("it does not render or validate for 5 controllers".into()),
            ),
        ];
        let json = island_json(&figure_island(&sizes, &per_size, &mut table).expect("island"));
        assert_eq!(json["3"][0]["x"], "x = CONTROLLER\n");
        assert!(json["3"][0].get("c").is_none());
        assert_eq!(
            json["5"]["e"],
            "it does not render or validate for 5 controllers"
        );
    }

    #[test]
    fn a_value_that_is_not_the_default_makes_the_panel_static() {
        let p = Profile::default_profile().expect("default profile");
        let (sizes, _) = Sizes::new(&p);
        let axes = Axes { axes: Vec::new() };
        let odd = rendered(
            "vip = 10.9.9.9\n",
            Some(vec![
                Segment::Text("vip = ".into()),
                Segment::Value {
                    k: "vips.internal.address".into(),
                    v: "10.9.9.9".into(),
                },
                Segment::Text("\n".into()),
            ]),
        );
        let per_size: Vec<SizedPanels<'_>> = vec![(
            3,
            Ok(crate::markup::panels(std::slice::from_ref(&odd), &axes)),
        )];
        let mut table = LineTable::default();
        let json = island_json(&figure_island(&sizes, &per_size, &mut table).expect("island"));
        assert_eq!(json["3"][0]["x"], "vip = 10.9.9.9\n");
    }

    #[test]
    fn line_table_stores_each_line_once() {
        let mut t = LineTable::default();
        let mut segs = Vec::new();
        t.text("a\nb\na\nb", &mut segs);
        assert_eq!(t.lines, ["a\n", "b\n", "b"]);
        assert!(segs == [Seg::Text(0), Seg::Text(1), Seg::Text(0), Seg::Text(2)]);
    }
}

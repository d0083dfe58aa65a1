//! One SVG timeline per failover case: every client request at its start time (seconds from the
//! failure), answered ones as dots at their response time, failed ones as crosses along the top,
//! the failure as a vertical line at 0 and the time service came back as a second line.

use super::probe::{Outage, Sample};
use anyhow::{Result, anyhow};
use plotters::prelude::*;

/// Chart size in pixels; the book scales the SVG to the column width.
const SIZE: (u32, u32) = (760, 300);

/// The SVG text of a timeline.
pub fn timeline(
    title: &str,
    samples: &[Sample],
    event_us: i64,
    outage: &Outage,
    what: &str,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow!("chart: {e:?}"))?;
        let secs = |us: i64| (us - event_us) as f64 / 1e6;
        let ms = |s: &Sample| (s.end_us - s.start_us) as f64 / 1e3;
        let x_min = samples
            .iter()
            .map(|s| secs(s.start_us))
            .fold(0.0f64, f64::min)
            .floor();
        let x_max = samples
            .iter()
            .map(|s| secs(s.start_us))
            .fold(1.0f64, f64::max)
            .ceil();
        // Failed requests run along a line above the slowest answer; the legend gets the top
        // 45 % of the plot to itself.
        let slowest = samples
            .iter()
            .filter(|s| s.ok)
            .map(ms)
            .fold(10.0f64, f64::max);
        let cross_y = slowest * 1.15;
        let y_top = cross_y / 0.55;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(x_min..x_max, 0.0..y_top)
            .map_err(|e| anyhow!("chart: {e:?}"))?;
        chart
            .configure_mesh()
            .x_desc("seconds from the failure")
            .y_desc(format!("{what} time (ms)"))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| anyhow!("chart: {e:?}"))?;
        // The outage, shaded, from the first failure to the first answer after the last one.
        if let (Some(f), Some(b)) = (
            outage.first_fail_us,
            outage
                .recovered_us
                .or(samples.iter().map(|s| s.end_us).max()),
        ) {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(secs(f), 0.0), (secs(b), y_top)],
                    RGBColor(250, 215, 215).filled(),
                )))
                .map_err(|e| anyhow!("chart: {e:?}"))?;
        }
        chart
            .draw_series(
                samples.iter().filter(|s| s.ok).map(|s| {
                    Circle::new((secs(s.start_us), ms(s)), 2, RGBColor(30, 120, 60).filled())
                }),
            )
            .map_err(|e| anyhow!("chart: {e:?}"))?
            .label(format!("{what} answered"))
            .legend(|(x, y)| Circle::new((x, y), 3, RGBColor(30, 120, 60).filled()));
        chart
            .draw_series(
                samples
                    .iter()
                    .filter(|s| !s.ok)
                    .map(|s| Cross::new((secs(s.start_us), cross_y), 3, RGBColor(200, 30, 30))),
            )
            .map_err(|e| anyhow!("chart: {e:?}"))?
            .label(format!("{what} failed"))
            .legend(|(x, y)| Cross::new((x, y), 3, RGBColor(200, 30, 30)));
        chart
            .draw_series(LineSeries::new(
                [(0.0, 0.0), (0.0, y_top)],
                BLACK.stroke_width(1),
            ))
            .map_err(|e| anyhow!("chart: {e:?}"))?
            .label("failure")
            .legend(|(x, y)| PathElement::new([(x - 6, y), (x + 6, y)], BLACK));
        if let Some(b) = outage.back_us {
            let x = secs(b);
            chart
                .draw_series(LineSeries::new(
                    [(x, 0.0), (x, y_top)],
                    RGBColor(30, 80, 200).stroke_width(2),
                ))
                .map_err(|e| anyhow!("chart: {e:?}"))?
                .label(format!(
                    "answering again after {:.2} s",
                    outage.back_after_s
                ))
                .legend(|(x, y)| PathElement::new([(x - 6, y), (x + 6, y)], RGBColor(30, 80, 200)));
        }
        if let Some(r) = outage.recovered_us.filter(|r| Some(*r) != outage.back_us) {
            let x = secs(r);
            chart
                .draw_series(LineSeries::new(
                    [(x, 0.0), (x, y_top)],
                    RGBColor(120, 60, 160).stroke_width(2),
                ))
                .map_err(|e| anyhow!("chart: {e:?}"))?
                .label(format!(
                    "last failure over after {:.2} s",
                    outage.recovered_after_s
                ))
                .legend(|(x, y)| {
                    PathElement::new([(x - 6, y), (x + 6, y)], RGBColor(120, 60, 160))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .draw()
            .map_err(|e| anyhow!("chart: {e:?}"))?;
        root.present().map_err(|e| anyhow!("chart: {e:?}"))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::probe::outage;

    #[test]
    fn a_timeline_is_an_svg_with_both_kinds_of_request() {
        let samples: Vec<Sample> = (0..40)
            .map(|i| Sample {
                seq: i,
                start_us: i as i64 * 50_000,
                end_us: i as i64 * 50_000 + 3_000,
                ok: !(10..20).contains(&i),
                detail: String::new(),
            })
            .collect();
        let o = outage(&samples, 480_000);
        let svg = timeline("test case", &samples, 480_000, &o, "request").expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..60.min(svg.len())]);
        assert!(svg.contains("test case"));
        assert!(svg.contains("answering again after"));
        // Deterministic: the same data draws the same file, so a committed chart only changes
        // when a run measured something different.
        assert_eq!(
            svg,
            timeline("test case", &samples, 480_000, &o, "request").expect("svg")
        );
    }
}

//! Charts as SVG strings: stacked (diverging) bar charts, line charts, an equirectangular map.
//! Text and links go through [`esc`].

use crate::html::esc;
use std::fmt::Write;

/// One stacked segment of a bar. Positive values stack upward, negative ones downward.
pub struct Seg {
    pub value: f64,
    pub color: &'static str,
    pub href: String,
    pub title: String,
}

/// One bar (a period).
pub struct Bar {
    pub label: String,
    pub segs: Vec<Seg>,
}

/// A point of a line chart (None: a gap).
pub struct Point {
    pub label: String,
    pub value: Option<f64>,
    pub href: String,
    pub title: String,
}

const W: f64 = 900.0;
const H: f64 = 260.0;
const L: f64 = 48.0; // left margin (axis labels)
const R: f64 = 12.0;
const T: f64 = 12.0;
const B: f64 = 34.0; // bottom margin (period labels)

/// A "nice" tick step for a range.
fn nice_step(range: f64, ticks: f64) -> f64 {
    if range <= 0.0 || !range.is_finite() {
        return 1.0;
    }
    let raw = range / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let f = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 2.5 {
        2.5
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    f * mag
}

fn fmt_tick(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else if (v * 10.0).fract().abs() < 1e-9 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Y axis with grid lines from `lo` to `hi`; returns the scale function's parameters.
fn y_axis(s: &mut String, lo: f64, hi: f64, step: f64) {
    let y = |v: f64| T + (hi - v) / (hi - lo) * (H - T - B);
    let mut v = (lo / step).ceil() * step;
    while v <= hi + step * 1e-6 {
        let yy = y(v);
        let stroke = if v.abs() < step * 1e-6 { "#9aa5b1" } else { "#eef1f4" };
        let _ = write!(s, "<line x1=\"{L}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"{stroke}\"/>", W - R);
        let _ = write!(s, "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>", L - 6.0, yy + 4.0, esc(&fmt_tick(v)));
        v += step;
    }
}

fn x_labels(s: &mut String, labels: &[&str], x_of: &dyn Fn(usize) -> f64) {
    let n = labels.len().max(1);
    // At most ~12 labels.
    let every = n.div_ceil(12);
    for (i, l) in labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(s, "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x_of(i), H - B + 16.0, esc(l));
        }
    }
}

fn empty(msg: &str) -> String {
    format!("<svg viewBox=\"0 0 {W} 60\" role=\"img\"><text x=\"{}\" y=\"34\" text-anchor=\"middle\">{}</text></svg>", W / 2.0, esc(msg))
}

/// A stacked bar chart; bars with negative segments grow below the zero line.
pub fn bar_chart(bars: &[Bar], aria: &str) -> String {
    if bars.is_empty() || bars.iter().all(|b| b.segs.iter().all(|s| s.value == 0.0)) {
        return empty("No dated events in this range.");
    }
    let mut hi: f64 = 0.0;
    let mut lo: f64 = 0.0;
    for b in bars {
        let up: f64 = b.segs.iter().filter(|s| s.value > 0.0).map(|s| s.value).sum();
        let down: f64 = b.segs.iter().filter(|s| s.value < 0.0).map(|s| s.value).sum();
        hi = hi.max(up);
        lo = lo.min(down);
    }
    let step = nice_step(hi - lo, 4.0);
    let hi = if hi > 0.0 { (hi / step).ceil() * step } else { 0.0 };
    let lo = if lo < 0.0 { (lo / step).floor() * step } else { 0.0 };
    let (hi, lo) = if hi == lo { (1.0, 0.0) } else { (hi, lo) };
    let y = |v: f64| T + (hi - v) / (hi - lo) * (H - T - B);
    let n = bars.len();
    let slot = (W - L - R) / n as f64;
    let bw = (slot * 0.78).max(1.0);
    let x_of = |i: usize| L + slot * (i as f64 + 0.5);
    let mut s = format!("<svg class=\"chart bars\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">", esc(aria));
    y_axis(&mut s, lo, hi, step);
    for (i, b) in bars.iter().enumerate() {
        let (mut up, mut down) = (0.0, 0.0);
        let x = x_of(i) - bw / 2.0;
        for seg in &b.segs {
            if seg.value == 0.0 {
                continue;
            }
            let (y0, y1) = if seg.value > 0.0 {
                let r = (y(up + seg.value), y(up));
                up += seg.value;
                r
            } else {
                let r = (y(down), y(down + seg.value));
                down += seg.value;
                r
            };
            let _ = write!(
                s,
                "<a href=\"{}\" class=\"seg\"><rect x=\"{x:.1}\" y=\"{y0:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}</title></rect></a>",
                esc(&seg.href),
                (y1 - y0).max(0.5),
                seg.color,
                esc(&seg.title)
            );
        }
    }
    let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
    x_labels(&mut s, &labels, &x_of);
    s.push_str("</svg>");
    s
}

/// A line chart with clickable points; `range` fixes the y axis (else it fits the data).
pub fn line_chart(points: &[Point], range: Option<(f64, f64)>, color: &str, aria: &str) -> String {
    let vals: Vec<f64> = points.iter().filter_map(|p| p.value).collect();
    if vals.is_empty() {
        return empty("No values in this range.");
    }
    let (lo, hi) = range.unwrap_or_else(|| {
        let lo = vals.iter().cloned().fold(f64::INFINITY, f64::min).min(0.0);
        let hi = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max).max(0.0);
        if hi == lo {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        }
    });
    let step = nice_step(hi - lo, 4.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let y = |v: f64| T + (hi - v.clamp(lo, hi)) / (hi - lo) * (H - T - B);
    let n = points.len();
    let slot = (W - L - R) / n as f64;
    let x_of = |i: usize| L + slot * (i as f64 + 0.5);
    let mut s = format!("<svg class=\"chart line\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">", esc(aria));
    y_axis(&mut s, lo, hi, step);
    // Polylines over runs of consecutive values.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, s: &mut String| {
        if run.len() > 1 {
            let _ = write!(s, "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>", run.join(" "));
        }
        run.clear();
    };
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => run.push(format!("{:.1},{:.1}", x_of(i), y(v))),
            None => flush(&mut run, &mut s),
        }
    }
    flush(&mut run, &mut s);
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.value {
            let _ = write!(
                s,
                "<a href=\"{}\" class=\"pt\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"2.5\"><title>{}</title></circle></a>",
                esc(&p.href),
                x_of(i),
                y(v),
                esc(&p.title)
            );
        }
    }
    let labels: Vec<&str> = points.iter().map(|p| p.label.as_str()).collect();
    x_labels(&mut s, &labels, &x_of);
    s.push_str("</svg>");
    s
}

/// A map point.
pub struct MapPoint {
    pub lat: f64,
    pub lon: f64,
    pub weight: f64,
    pub color: &'static str,
    pub href: String,
    pub title: String,
}

/// An equirectangular map: graticule, the Natural Earth basemap (land, coastlines, borders), weighted
/// points. The view frames the points (at least 60° wide), keeping the 2:1 aspect of the projection.
pub fn map(points: &[MapPoint], aria: &str) -> String {
    let (w, h) = (720.0, 360.0);
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (-180.0f64, 180.0f64, -90.0f64, 90.0f64);
    if !points.is_empty() {
        let minlon = points.iter().map(|p| p.lon).fold(f64::INFINITY, f64::min);
        let maxlon = points.iter().map(|p| p.lon).fold(f64::NEG_INFINITY, f64::max);
        let minlat = points.iter().map(|p| p.lat).fold(f64::INFINITY, f64::min);
        let maxlat = points.iter().map(|p| p.lat).fold(f64::NEG_INFINITY, f64::max);
        let span = ((maxlon - minlon) + 30.0).max(2.0 * ((maxlat - minlat) + 20.0)).clamp(60.0, 360.0);
        let (clon, clat) = ((minlon + maxlon) / 2.0, (minlat + maxlat) / 2.0);
        lon0 = (clon - span / 2.0).clamp(-180.0, 180.0 - span);
        lon1 = lon0 + span;
        lat0 = (clat - span / 4.0).clamp(-90.0, 90.0 - span / 2.0);
        lat1 = lat0 + span / 2.0;
    }
    let px = |lon: f64| (lon - lon0) / (lon1 - lon0) * w;
    let py = |lat: f64| (lat1 - lat) / (lat1 - lat0) * h;
    let mut s = format!("<svg class=\"map\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\"><rect width=\"{w}\" height=\"{h}\" fill=\"#eef4fa\"/>", esc(aria));
    s.push_str(&crate::basemap::draw(&crate::basemap::View { lon0, lon1, lat0, lat1, w, h }));
    let step = if lon1 - lon0 > 150.0 { 30 } else { 10 };
    let mut lon = -180;
    while lon <= 180 {
        if (lon as f64) > lon0 && (lon as f64) < lon1 {
            let _ = write!(s, "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{h}\" stroke=\"#9fb0c2\" stroke-opacity=\".35\"/><text x=\"{1:.1}\" y=\"{2}\" style=\"font-size:9px\">{3}°</text>", px(lon as f64), px(lon as f64) + 2.0, h - 3.0, lon);
        }
        lon += step;
    }
    let mut lat = -90;
    while lat <= 90 {
        if (lat as f64) > lat0 && (lat as f64) < lat1 {
            let stroke = if lat == 0 { "#7f93a8" } else { "#9fb0c2" };
            let _ = write!(s, "<line x1=\"0\" x2=\"{w}\" y1=\"{0:.1}\" y2=\"{0:.1}\" stroke=\"{stroke}\" stroke-opacity=\".35\"/><text x=\"3\" y=\"{1:.1}\" style=\"font-size:9px\">{2}°</text>", py(lat as f64), py(lat as f64) - 2.0, lat);
        }
        lat += step;
    }
    let maxw = points.iter().map(|p| p.weight).fold(1.0, f64::max);
    for p in points {
        let r = 4.0 + 14.0 * (p.weight / maxw).sqrt();
        let _ = write!(
            s,
            "<a href=\"{}\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"{}\" fill-opacity=\".7\" stroke=\"#fff\"><title>{}</title></circle></a>",
            esc(&p.href),
            px(p.lon),
            py(p.lat),
            p.color,
            esc(&p.title)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        assert_eq!(nice_step(10.0, 4.0), 2.5);
        assert_eq!(nice_step(100.0, 4.0), 25.0);
        assert_eq!(nice_step(7.0, 4.0), 2.0);
        assert_eq!(fmt_tick(2.5), "2.5");
    }

    #[test]
    fn text_is_escaped() {
        let bars = vec![Bar { label: "<b>".into(), segs: vec![Seg { value: 1.0, color: "#000", href: "/e?a=1&b=2".into(), title: "<script>".into() }] }];
        let s = bar_chart(&bars, "x");
        assert!(s.contains("&lt;b&gt;") && s.contains("&lt;script&gt;") && s.contains("/e?a=1&amp;b=2"));
        assert!(!s.contains("<script>"));
    }
}

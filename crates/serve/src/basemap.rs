//! The basemap under the actor map: Natural Earth 1:50m land and country borders (public domain;
//! `data/basemap`, built by `scripts/build_basemap.py`), embedded in the binary, parsed on first
//! use, and drawn as two SVG paths clipped to the map's view and thinned to the pixel grid.

use std::fmt::Write;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../../data/basemap/natural-earth.txt");

/// A land ring (closed) or a border line, with its bounding box.
struct Shape {
    land: bool,
    pts: Vec<(f32, f32)>,
    lon: (f32, f32),
    lat: (f32, f32),
}

fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut out = Vec::new();
        for line in DATA.lines() {
            let mut it = line.split(' ');
            let land = match it.next() {
                Some("L") => true,
                Some("B") => false,
                _ => continue,
            };
            let nums: Vec<f32> = it.filter_map(|x| x.parse().ok()).collect();
            let pts: Vec<(f32, f32)> = nums.chunks_exact(2).map(|c| (c[0], c[1])).collect();
            if pts.len() < 2 {
                continue;
            }
            let fold = |f: fn(&(f32, f32)) -> f32| pts.iter().map(f).fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
            let (lon, lat) = (fold(|p| p.0), fold(|p| p.1));
            out.push(Shape { land, pts, lon, lat });
        }
        out
    })
}

/// The number of land rings and border lines (tests).
#[cfg(test)]
fn counts() -> (usize, usize) {
    let land = shapes().iter().filter(|s| s.land).count();
    (land, shapes().len() - land)
}

/// A view: longitudes `lon0..lon1`, latitudes `lat0..lat1` on a `w`×`h` pixel box.
#[derive(Clone, Copy)]
pub struct View {
    pub lon0: f64,
    pub lon1: f64,
    pub lat0: f64,
    pub lat1: f64,
    pub w: f64,
    pub h: f64,
}

impl View {
    fn x(&self, lon: f64) -> f64 {
        (lon - self.lon0) / (self.lon1 - self.lon0) * self.w
    }
    fn y(&self, lat: f64) -> f64 {
        (self.lat1 - lat) / (self.lat1 - self.lat0) * self.h
    }
}

/// Pixels around the view that clipped shapes may still reach (so no edge shows at the border).
const MARGIN: f64 = 2.0;
/// Points closer than this (in pixels, |dx| + |dy|) to the last one drawn are skipped.
const MIN_STEP: f64 = 0.8;

/// Sutherland–Hodgman: the polygon `pts` clipped to the box `lo..hi` (both axes), in pixels.
fn clip_polygon(pts: Vec<(f64, f64)>, lo: (f64, f64), hi: (f64, f64)) -> Vec<(f64, f64)> {
    let mut poly = pts;
    // Each edge: inside test and intersection with the edge line.
    for edge in 0..4 {
        if poly.is_empty() {
            break;
        }
        let inside = |p: (f64, f64)| match edge {
            0 => p.0 >= lo.0,
            1 => p.0 <= hi.0,
            2 => p.1 >= lo.1,
            _ => p.1 <= hi.1,
        };
        let cut = |a: (f64, f64), b: (f64, f64)| {
            let t = match edge {
                0 => (lo.0 - a.0) / (b.0 - a.0),
                1 => (hi.0 - a.0) / (b.0 - a.0),
                2 => (lo.1 - a.1) / (b.1 - a.1),
                _ => (hi.1 - a.1) / (b.1 - a.1),
            };
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let mut out = Vec::with_capacity(poly.len());
        let mut prev = poly[poly.len() - 1];
        for &cur in &poly {
            match (inside(prev), inside(cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(prev, cur)),
                (false, true) => {
                    out.push(cut(prev, cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
        poly = out;
    }
    poly
}

/// Appends `pts` as path data (a new subpath), skipping points within [`MIN_STEP`] of the last.
fn push_path(out: &mut String, pts: &[(f64, f64)], close: bool) {
    let mut last = (f64::NAN, f64::NAN);
    for (i, &(x, y)) in pts.iter().enumerate() {
        if i > 0 && i + 1 < pts.len() && (x - last.0).abs() + (y - last.1).abs() < MIN_STEP {
            continue;
        }
        let _ = write!(out, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        last = (x, y);
    }
    if close {
        out.push('Z');
    }
}

/// Appends the path data of the shapes of one kind within the view: land rings clipped to it as
/// polygons, borders cut into the runs inside it.
fn path_data(out: &mut String, v: &View, land: bool) {
    let (lo, hi) = ((-MARGIN, -MARGIN), (v.w + MARGIN, v.h + MARGIN));
    let inside = |p: (f64, f64)| p.0 >= lo.0 && p.0 <= hi.0 && p.1 >= lo.1 && p.1 <= hi.1;
    for s in shapes().iter().filter(|s| s.land == land) {
        if (s.lon.1 as f64) < v.lon0 || (s.lon.0 as f64) > v.lon1 || (s.lat.1 as f64) < v.lat0 || (s.lat.0 as f64) > v.lat1 {
            continue;
        }
        let px: Vec<(f64, f64)> = s.pts.iter().map(|&(lon, lat)| (v.x(lon as f64), v.y(lat as f64))).collect();
        if land {
            let poly = clip_polygon(px, lo, hi);
            if poly.len() >= 3 {
                push_path(out, &poly, true);
            }
        } else {
            // Runs of points inside, each with its neighbours outside (the SVG clips those).
            let mut run: Vec<(f64, f64)> = Vec::new();
            for i in 0..px.len() {
                let near = inside(px[i]) || (i > 0 && inside(px[i - 1])) || (i + 1 < px.len() && inside(px[i + 1]));
                if near {
                    run.push(px[i]);
                } else if !run.is_empty() {
                    if run.len() >= 2 {
                        push_path(out, &run, false);
                    }
                    run.clear();
                }
            }
            if run.len() >= 2 {
                push_path(out, &run, false);
            }
        }
    }
}

/// The basemap's SVG elements for `v`, from a small cache of the latest views (many pages share a
/// view: the whole world, a region's frame).
pub fn draw(v: &View) -> std::sync::Arc<String> {
    use std::sync::{Arc, Mutex};
    type Key = [u64; 6];
    static CACHE: Mutex<Vec<(Key, Arc<String>)>> = Mutex::new(Vec::new());
    const KEEP: usize = 16;
    let key: Key = [v.lon0.to_bits(), v.lon1.to_bits(), v.lat0.to_bits(), v.lat1.to_bits(), v.w.to_bits(), v.h.to_bits()];
    if let Ok(c) = CACHE.lock() {
        if let Some((_, s)) = c.iter().find(|(k, _)| *k == key) {
            return s.clone();
        }
    }
    let s = Arc::new(render(v));
    if let Ok(mut c) = CACHE.lock() {
        if c.len() >= KEEP {
            c.remove(0);
        }
        c.push((key, s.clone()));
    }
    s
}

/// The basemap's SVG elements for `v`: land filled with its coastline, then the borders.
fn render(v: &View) -> String {
    let mut s = String::from("<g class=\"basemap\"><path class=\"land\" fill=\"#f3efe6\" stroke=\"#9fb0c2\" stroke-width=\"0.7\" fill-rule=\"evenodd\" d=\"");
    path_data(&mut s, v, true);
    s.push_str("\"/><path class=\"borders\" fill=\"none\" stroke=\"#c2b6a3\" stroke-width=\"0.6\" d=\"");
    path_data(&mut s, v, false);
    s.push_str("\"/></g>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_earth_is_embedded_and_clipped() {
        let (land, borders) = counts();
        assert!(land > 1000 && borders > 300, "{land} land rings, {borders} borders");
        let world = draw(&View { lon0: -180.0, lon1: 180.0, lat0: -90.0, lat1: 90.0, w: 720.0, h: 360.0 });
        let europe = draw(&View { lon0: -10.0, lon1: 50.0, lat0: 30.0, lat1: 60.0, w: 720.0, h: 360.0 });
        // A regional view draws fewer shapes than the world, but more detail per degree.
        let moves = |s: &str| s.matches('M').count();
        assert!(moves(&europe) < moves(&world) && moves(&europe) > 50, "{} {}", moves(&europe), moves(&world));
        assert!(world.len() < 200_000, "{} bytes", world.len());
        // No edge jumps across the map (rings are cut at the 180th meridian), but along a pole.
        for sh in shapes() {
            for w in sh.pts.windows(2) {
                assert!((w[0].0 - w[1].0).abs() < 90.0 || w[0].1.abs() == 90.0, "{:?} -> {:?}", w[0], w[1]);
            }
        }
        // The Mid-Atlantic has no land.
        let ocean = draw(&View { lon0: -40.0, lon1: -35.0, lat0: 10.0, lat1: 15.0, w: 720.0, h: 360.0 });
        assert!(!ocean.contains('M'), "{ocean}");
    }
}

//! An in-memory index of every event cluster (about 48 bytes each), loaded at start and reloaded
//! when the store changes. The heavy aggregates of the pages — busiest dyads and actors, an
//! actor's partners and places, alignment, and which events match a filter — are linear scans
//! over it, which stay within milliseconds on a million events where SQLite would scan the
//! clusters table with OR conditions. The definitions are the store's (`dyad_store::query::top`,
//! `align`, `dash::partners`, `dash::places`); the tests compare both on the same store.

use dyad_store::query::{AlignRow, Period, SeriesRow, TopRow, GOLDSTEIN_RANGE};
use dyad_store::{day_date, day_number, Store};
use std::collections::{BTreeMap, HashMap};

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Row {
    id: i64,
    day: i32,
    quad: u8,
    src: u32,
    src_c: u32,
    tgt: u32,
    tgt_c: u32,
    g: f64,
    cameo: u32,
    /// Country of the place (with or without coordinates).
    pc: u32,
    plover: u32,
    place: u32,
    /// A bare statement: CAMEO root 01 with no target.
    bare: bool,
}

/// Place key: name, country, lat and lon rounded to 0.01°.
struct PlaceKey {
    name: u32,
    country: u32,
    lat: f64,
    lon: f64,
}

/// Which clusters a scan is about (the store's `Filter` semantics).
#[derive(Default, Clone)]
pub struct Sel<'a> {
    pub actor: Option<&'a str>,
    pub dyad: Option<(&'a str, &'a str)>,
    pub directed: bool,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub quad: Option<u8>,
    pub cameo: Option<&'a str>,
    pub plover: Option<&'a str>,
    pub place_country: Option<&'a str>,
    /// Only undated clusters.
    pub undated: bool,
    /// Leave out bare statements (CAMEO root 01 with no target).
    pub no_bare: bool,
}

/// The index.
pub struct Cube {
    pub generation: (i64, i64),
    strings: Vec<String>,
    ids: HashMap<String, u32>,
    /// Dated rows by (day, id), then undated rows by id.
    rows: Vec<Row>,
    dated: usize,
    places: Vec<PlaceKey>,
}

/// Compiled selection: string ids (NONE = a string the store does not have: nothing matches).
struct Compiled {
    actor: Option<u32>,
    dyad: Option<(u32, u32)>,
    directed: bool,
    lo: i32,
    hi: i32,
    quad: u8,
    cameo: Option<Vec<bool>>,
    plover: Option<u32>,
    place: Option<u32>,
    dates: bool,
    undated: bool,
    no_bare: bool,
}

impl Cube {
    pub fn load(store: &Store) -> dyad_store::Result<Cube> {
        let generation = dyad_store::dash::generation(store)?;
        let mut c = Cube { generation, strings: Vec::new(), ids: HashMap::new(), rows: Vec::new(), dated: 0, places: Vec::new() };
        let mut place_ids: HashMap<(u32, u32, i64, i64), u32> = HashMap::new();
        let conn = store.connection();
        let mut st = conn.prepare(
            "SELECT id, day, quad, source, source_country, target, target_country, goldstein, cameo, plover, place_name, place_country, lat, lon
             FROM clusters ORDER BY day IS NULL, day, id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let day: Option<i64> = r.get(1)?;
            let mut s = |i: usize| -> dyad_store::Result<u32> {
                let v: Option<String> = r.get(i)?;
                Ok(match v {
                    Some(v) if !v.is_empty() => c.intern(&v),
                    _ => NONE,
                })
            };
            let (src, src_c, tgt, tgt_c, cameo, plover, pname, pcountry) = (s(3)?, s(4)?, s(5)?, s(6)?, s(8)?, s(9)?, s(10)?, s(11)?);
            let (lat, lon): (Option<f64>, Option<f64>) = (r.get(12)?, r.get(13)?);
            let place = match (lat, lon) {
                (Some(la), Some(lo)) => {
                    let key = (pname, pcountry, (la * 100.0).round() as i64, (lo * 100.0).round() as i64);
                    let n = c.places.len() as u32;
                    *place_ids.entry(key).or_insert_with(|| {
                        c.places.push(PlaceKey { name: pname, country: pcountry, lat: key.2 as f64 / 100.0, lon: key.3 as f64 / 100.0 });
                        n
                    })
                }
                _ => NONE,
            };
            if day.is_some() {
                c.dated += 1;
            }
            let bare = tgt == NONE && c.str(cameo).starts_with("01");
            c.rows.push(Row {
                bare,
                id: r.get(0)?,
                day: day.map_or(i32::MAX, |d| d as i32),
                quad: r.get::<_, i64>(2)? as u8,
                src,
                src_c,
                tgt,
                tgt_c,
                g: r.get::<_, f64>(7)?,
                pc: pcountry,
                cameo,
                plover,
                place,
            });
        }
        Ok(c)
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    fn id(&self, s: &str) -> u32 {
        self.ids.get(s).copied().unwrap_or(NONE - 1)
    }

    fn str(&self, i: u32) -> &str {
        self.strings.get(i as usize).map_or("", String::as_str)
    }

    fn compile(&self, s: &Sel) -> Compiled {
        let cameo = s.cameo.map(|p| self.strings.iter().map(|x| x.starts_with(p) && x.bytes().all(|b| b.is_ascii_digit())).collect());
        Compiled {
            actor: s.actor.map(|a| self.id(a)),
            dyad: s.dyad.map(|(a, b)| (self.id(a), self.id(b))),
            directed: s.directed,
            lo: s.from.map_or(i32::MIN, |d| day_number(d) as i32),
            hi: s.to.map_or(i32::MAX - 1, |d| day_number(d) as i32),
            quad: s.quad.unwrap_or(0),
            cameo,
            plover: s.plover.map(|p| self.strings.iter().position(|x| x.eq_ignore_ascii_case(p)).map_or(NONE - 1, |i| i as u32)),
            place: s.place_country.map(|p| self.id(p)),
            dates: s.from.is_some() || s.to.is_some(),
            undated: s.undated,
            no_bare: s.no_bare,
        }
    }

    /// The dated rows a selection can touch (their day range; none when it wants undated rows).
    fn dated_candidates(&self, c: &Compiled) -> &[Row] {
        if c.undated {
            return &[];
        }
        let dated = &self.rows[..self.dated];
        let a = dated.partition_point(|r| r.day < c.lo);
        let b = dated.partition_point(|r| r.day <= c.hi);
        &dated[a..b]
    }

    /// The undated rows a selection can touch (none when it bounds the dates).
    fn undated_candidates(&self, c: &Compiled) -> &[Row] {
        if c.dates {
            &[]
        } else {
            &self.rows[self.dated..]
        }
    }

    /// The rows a selection can touch: the day range of the dated rows plus the undated ones
    /// when no date bound is set (only those with `undated`).
    fn candidates(&self, c: &Compiled) -> impl Iterator<Item = &Row> {
        self.dated_candidates(c).iter().chain(self.undated_candidates(c).iter())
    }

    fn matches(&self, r: &Row, c: &Compiled) -> bool {
        if c.undated && r.day != i32::MAX || c.no_bare && r.bare {
            return false;
        }
        if c.quad != 0 && r.quad != c.quad {
            return false;
        }
        if let Some(k) = c.actor {
            if !(r.src == k || r.src_c == k || r.tgt == k || r.tgt_c == k) {
                return false;
            }
        }
        if let Some((a, b)) = c.dyad {
            let ab = (r.src == a || r.src_c == a) && (r.tgt == b || r.tgt_c == b);
            let ba = !c.directed && (r.src == b || r.src_c == b) && (r.tgt == a || r.tgt_c == a);
            if !(ab || ba) {
                return false;
            }
        }
        if let Some(m) = &c.cameo {
            if r.cameo == NONE || !m.get(r.cameo as usize).copied().unwrap_or(false) {
                return false;
            }
        }
        if let Some(p) = c.plover {
            if r.plover != p {
                return false;
            }
        }
        if let Some(p) = c.place {
            if r.pc != p {
                return false;
            }
        }
        true
    }

    /// How many clusters match.
    pub fn count(&self, s: &Sel) -> usize {
        let c = self.compile(s);
        self.candidates(&c).filter(|r| self.matches(r, &c)).count()
    }

    /// How many clusters the selection leaves out as bare statements (those it would match
    /// without `no_bare`).
    pub fn bare_left_out(&self, s: &Sel) -> usize {
        if !s.no_bare {
            return 0;
        }
        let c = self.compile(&Sel { no_bare: false, ..s.clone() });
        self.candidates(&c).filter(|r| r.bare && self.matches(r, &c)).count()
    }

    /// The matching rows, newest first (dated rows by day and id descending, then undated rows
    /// by id descending): the order of every event list.
    fn newest_first<'s>(&'s self, c: &'s Compiled) -> impl Iterator<Item = &'s Row> + 's {
        self.dated_candidates(c).iter().rev().chain(self.undated_candidates(c).iter().rev()).filter(move |r| self.matches(r, c))
    }

    /// The ids of the matching clusters, newest first (undated last), at most `limit`.
    pub fn event_ids(&self, s: &Sel, limit: usize) -> Vec<i64> {
        let c = self.compile(s);
        self.newest_first(&c).take(limit).map(|r| r.id).collect()
    }

    /// Calls `f` with the ids of every matching cluster, newest first, `batch` at a time (memory
    /// stays at one batch whatever the number of matches); stops at `f`'s first error.
    pub fn each_id_batch<E>(&self, s: &Sel, batch: usize, mut f: impl FnMut(&[i64]) -> Result<(), E>) -> Result<(), E> {
        let c = self.compile(s);
        let mut ids = Vec::with_capacity(batch.max(1));
        for r in self.newest_first(&c) {
            ids.push(r.id);
            if ids.len() == batch.max(1) {
                f(&ids)?;
                ids.clear();
            }
        }
        if !ids.is_empty() {
            f(&ids)?;
        }
        Ok(())
    }

    fn key(&self, code: u32, country: u32) -> u32 {
        if country != NONE {
            country
        } else {
            code
        }
    }

    /// Busiest dyads and actors grouped by country (as `query::top(.., by_country = true)`).
    pub fn top(&self, s: &Sel, limit: usize) -> (Vec<TopRow>, Vec<TopRow>) {
        let c = self.compile(s);
        let mut dy: HashMap<(u32, u32), (i64, f64)> = HashMap::new();
        let mut ac: HashMap<u32, (i64, f64)> = HashMap::new();
        for r in self.candidates(&c) {
            if !self.matches(r, &c) {
                continue;
            }
            let sk = self.key(r.src, r.src_c);
            let e = ac.entry(sk).or_default();
            e.0 += 1;
            e.1 += r.g;
            if r.tgt != NONE {
                let tk = self.key(r.tgt, r.tgt_c);
                let e = dy.entry((sk, tk)).or_default();
                e.0 += 1;
                e.1 += r.g;
                if tk != sk {
                    let e = ac.entry(tk).or_default();
                    e.0 += 1;
                    e.1 += r.g;
                }
            }
        }
        let mut d: Vec<TopRow> = dy
            .into_iter()
            .map(|((a, b), (n, g))| TopRow { key: format!("{}->{}", self.str(a), self.str(b)), events: n, mean_goldstein: g / n as f64 })
            .collect();
        let mut a: Vec<TopRow> = ac.into_iter().map(|(k, (n, g))| TopRow { key: self.str(k).to_string(), events: n, mean_goldstein: g / n as f64 }).collect();
        for v in [&mut d, &mut a] {
            v.sort_by(|x, y| y.events.cmp(&x.events).then_with(|| x.key.cmp(&y.key)));
            v.truncate(limit);
        }
        (d, a)
    }

    /// As `dash::partners`.
    pub fn partners(&self, actor: &str, s: &Sel, limit: usize) -> Vec<dyad_store::dash::PartnerRow> {
        let k = self.id(actor);
        let c = self.compile(&Sel { actor: None, dyad: None, ..s.clone() });
        let mut m: HashMap<u32, ([i64; 4], f64)> = HashMap::new();
        for r in self.candidates(&c) {
            let src_is = r.src == k || r.src_c == k;
            let tgt_is = r.tgt == k || r.tgt_c == k;
            let other = if src_is && r.tgt != NONE {
                self.key(r.tgt, r.tgt_c)
            } else if tgt_is && !src_is {
                self.key(r.src, r.src_c)
            } else {
                continue;
            };
            if other == k || !self.matches(r, &c) {
                continue;
            }
            let e = m.entry(other).or_default();
            if (1..=4).contains(&r.quad) {
                e.0[r.quad as usize - 1] += 1;
            }
            e.1 += r.g;
        }
        let mut v: Vec<_> = m
            .into_iter()
            .map(|(o, (q, g))| {
                let n: i64 = q.iter().sum();
                dyad_store::dash::PartnerRow { key: self.str(o).to_string(), q1: q[0], q2: q[1], q3: q[2], q4: q[3], events: n, mean_goldstein: if n > 0 { g / n as f64 } else { 0.0 } }
            })
            .filter(|p| p.events > 0)
            .collect();
        v.sort_by(|x, y| y.events.cmp(&x.events).then_with(|| x.key.cmp(&y.key)));
        v.truncate(limit);
        v
    }

    /// As `dash::places`.
    pub fn places(&self, s: &Sel, limit: usize) -> Vec<dyad_store::dash::PlaceRow> {
        let c = self.compile(s);
        let mut m: HashMap<u32, (i64, f64)> = HashMap::new();
        for r in self.candidates(&c) {
            if r.place != NONE && self.matches(r, &c) {
                let e = m.entry(r.place).or_default();
                e.0 += 1;
                e.1 += r.g;
            }
        }
        let mut v: Vec<_> = m
            .into_iter()
            .map(|(p, (n, g))| {
                let pk = &self.places[p as usize];
                dyad_store::dash::PlaceRow {
                    name: self.str(pk.name).to_string(),
                    country: (pk.country != NONE).then(|| self.str(pk.country).to_string()),
                    lat: pk.lat,
                    lon: pk.lon,
                    events: n,
                    mean_goldstein: g / n as f64,
                }
            })
            .collect();
        v.sort_by(|x, y| y.events.cmp(&x.events).then_with(|| x.name.cmp(&y.name)));
        v.truncate(limit);
        v
    }

    /// As `query::align` (dates of `s` only).
    pub fn align(&self, a: &str, b: &str, s: &Sel, period: Period) -> Vec<AlignRow> {
        let (ka, kb) = (self.id(a), self.id(b));
        let c = self.compile(&Sel { from: s.from, to: s.to, ..Sel::default() });
        let mut direct: BTreeMap<String, ([i64; 4], f64)> = BTreeMap::new();
        type Stance = BTreeMap<String, HashMap<u32, (f64, i64)>>;
        let (mut sa, mut sb): (Stance, Stance) = (BTreeMap::new(), BTreeMap::new());
        let m = |x: u32, code: u32, country: u32| code == x || country == x;
        let mut labels: HashMap<i32, String> = HashMap::new();
        for r in self.candidates(&c) {
            if r.day == i32::MAX {
                continue;
            }
            let ab = m(ka, r.src, r.src_c) && m(kb, r.tgt, r.tgt_c);
            let ba = m(kb, r.src, r.src_c) && m(ka, r.tgt, r.tgt_c);
            let src_a = m(ka, r.src, r.src_c);
            let src_b = m(kb, r.src, r.src_c);
            if !(ab || ba || src_a || src_b) {
                continue;
            }
            let label = labels.entry(r.day).or_insert_with(|| period.label(day_date(r.day as i64))).clone();
            if ab || ba {
                let e = direct.entry(label.clone()).or_default();
                if (1..=4).contains(&r.quad) {
                    e.0[r.quad as usize - 1] += 1;
                }
                e.1 += r.g;
            }
            if r.tgt == NONE || m(ka, r.tgt, r.tgt_c) || m(kb, r.tgt, r.tgt_c) {
                continue;
            }
            let third = if r.tgt_c != NONE { r.tgt_c } else { r.tgt };
            for (is, st) in [(src_a, &mut sa), (src_b, &mut sb)] {
                if is {
                    let e = st.entry(label.clone()).or_default().entry(third).or_default();
                    e.0 += r.g;
                    e.1 += 1;
                }
            }
        }
        let mut all: Vec<&String> = direct.keys().chain(sa.keys()).chain(sb.keys()).collect();
        all.sort();
        all.dedup();
        all.into_iter()
            .map(|l| {
                let (q, g) = direct.get(l).copied().unwrap_or_default();
                let n: i64 = q.iter().sum();
                let (mut va, mut vb) = (Vec::new(), Vec::new());
                if let (Some(ma), Some(mb)) = (sa.get(l), sb.get(l)) {
                    let mut keys: Vec<&u32> = ma.keys().collect();
                    keys.sort_by(|x, y| self.str(**x).cmp(self.str(**y)));
                    for k in keys {
                        if let Some(&(gb, nb)) = mb.get(k) {
                            let (ga, na) = ma[k];
                            va.push(ga / na as f64);
                            vb.push(gb / nb as f64);
                        }
                    }
                }
                AlignRow {
                    period: l.clone(),
                    direct_events: n,
                    direct_net_cooperation: q[0] + q[1] - q[2] - q[3],
                    direct_mean_goldstein: if n > 0 { Some(g / n as f64) } else { None },
                    common_third: va.len(),
                    s_score: dyad_store::query::s_score(&va, &vb, GOLDSTEIN_RANGE),
                }
            })
            .collect()
    }

    /// As `query::series` with `fill` and neither `normalize` nor `weighted` (for filters the
    /// store's per-day aggregates cannot answer: CAMEO, PLOVER, place).
    pub fn series(&self, s: &Sel, period: Period) -> Vec<SeriesRow> {
        let c = self.compile(s);
        let all = self.compile(&Sel { from: s.from, to: s.to, ..Sel::default() });
        let mut acc: BTreeMap<String, ([i64; 4], f64)> = BTreeMap::new();
        let mut totals: HashMap<String, i64> = HashMap::new();
        let mut labels: HashMap<i32, String> = HashMap::new();
        let (mut first, mut last) = (i32::MAX, i32::MIN);
        for r in self.candidates(&all) {
            if r.day == i32::MAX {
                continue;
            }
            let label = labels.entry(r.day).or_insert_with(|| period.label(day_date(r.day as i64)));
            *totals.entry(label.clone()).or_default() += 1;
            if self.matches(r, &c) {
                first = first.min(r.day);
                last = last.max(r.day);
                let e = acc.entry(label.clone()).or_default();
                if (1..=4).contains(&r.quad) {
                    e.0[r.quad as usize - 1] += 1;
                }
                e.1 += r.g;
            }
        }
        let mut out: Vec<SeriesRow> = Vec::new();
        let lo = s.from.map_or(first as i64, day_number);
        let hi = s.to.map_or(last as i64, day_number);
        let mut d = if acc.is_empty() { hi + 1 } else { lo };
        while d <= hi {
            let l = period.label(day_date(d));
            if out.last().map(|r| &r.period) != Some(&l) {
                let (q, g) = acc.get(&l).copied().unwrap_or_default();
                let n: i64 = q.iter().sum();
                out.push(SeriesRow {
                    q1: q[0] as f64,
                    q2: q[1] as f64,
                    q3: q[2] as f64,
                    q4: q[3] as f64,
                    total: n as f64,
                    mean_goldstein: if n > 0 { Some(g / n as f64) } else { None },
                    net_cooperation: (q[0] + q[1] - q[2] - q[3]) as f64,
                    period_total: totals.get(&l).copied().unwrap_or(0),
                    period: l,
                });
            }
            d += 1;
        }
        // Undated clusters: one last row (as `query::series`).
        let (mut q, mut g, mut all_undated) = ([0i64; 4], 0.0, 0i64);
        for r in self.undated_candidates(&all) {
            all_undated += 1;
            if self.matches(r, &c) && (1..=4).contains(&r.quad) {
                q[r.quad as usize - 1] += 1;
                g += r.g;
            }
        }
        let n: i64 = q.iter().sum();
        if n > 0 {
            out.push(SeriesRow {
                period: dyad_store::query::UNDATED.to_string(),
                q1: q[0] as f64,
                q2: q[1] as f64,
                q3: q[2] as f64,
                q4: q[3] as f64,
                total: n as f64,
                mean_goldstein: Some(g / n as f64),
                net_cooperation: (q[0] + q[1] - q[2] - q[3]) as f64,
                period_total: all_undated,
            });
        }
        out
    }

    /// Clusters per actor code (either side, counted once per cluster).
    pub fn code_counts(&self) -> HashMap<String, (Option<String>, i64)> {
        let mut m: HashMap<u32, (u32, i64)> = HashMap::new();
        for r in &self.rows {
            let e = m.entry(r.src).or_insert((r.src_c, 0));
            e.1 += 1;
            if r.tgt != NONE && r.tgt != r.src {
                let e = m.entry(r.tgt).or_insert((r.tgt_c, 0));
                e.1 += 1;
            }
        }
        m.into_iter()
            .filter(|(k, _)| *k != NONE)
            .map(|(k, (c, n))| (self.str(k).to_string(), ((c != NONE).then(|| self.str(c).to_string()), n)))
            .collect()
    }
}

//! An in-memory index of every event cluster (about 48 bytes each), loaded at start and reloaded
//! when the store changes. The heavy aggregates of the pages — busiest dyads and actors, an
//! actor's partners and places, alignment, and which events match a filter — are linear scans
//! over it, which stay within milliseconds on a million events where SQLite would scan the
//! clusters table with OR conditions. The definitions are the store's (`dyad_store::query::top`,
//! `align`, `dash::partners`, `dash::places`); the tests compare both on the same store.

use dyad_store::query::{AlignRow, Period, SeriesRow, TopRow, GOLDSTEIN_RANGE};
use dyad_store::{day_date, day_number, Store};
use std::collections::HashMap;

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

/// The periods of a run of days: each day's period index (chronological) and the labels.
struct Periods {
    d0: i32,
    of_day: Vec<u32>,
    labels: Vec<String>,
}

impl Periods {
    /// The periods of the days `lo..=hi` (none when `hi < lo`).
    fn new(period: Period, lo: i32, hi: i32) -> Periods {
        let mut p = Periods { d0: lo, of_day: Vec::with_capacity((hi - lo + 1).max(0) as usize), labels: Vec::new() };
        for d in lo..=hi {
            let l = period.label(day_date(d as i64));
            if p.labels.last() != Some(&l) {
                p.labels.push(l);
            }
            p.of_day.push(p.labels.len() as u32 - 1);
        }
        p
    }

    fn of(&self, day: i32) -> usize {
        self.of_day[(day - self.d0) as usize] as usize
    }
}

/// A multiplicative hasher for integer keys (the aggregates' maps hash a u32 or u64 a row).
#[derive(Default, Clone, Copy)]
struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type IntMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IntHasher>>;

/// Matching and bare-statement counts of a selection ([`Cube::count`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Clusters the selection matches.
    pub total: usize,
    /// Bare statements it leaves out (0 unless it sets `no_bare`).
    pub bare_left_out: usize,
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
            let bare = dyad_store::query::is_bare(c.str(cameo), (tgt != NONE).then(|| c.str(tgt)));
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

    /// How many clusters match, and how many bare statements the selection leaves out (those
    /// it would match without `no_bare`), in one pass.
    pub fn count(&self, s: &Sel) -> Counts {
        let c = self.compile(&Sel { no_bare: false, ..s.clone() });
        let (mut all, mut bare) = (0, 0);
        for r in self.candidates(&c) {
            if self.matches(r, &c) {
                all += 1;
                bare += r.bare as usize;
            }
        }
        if s.no_bare {
            Counts { total: all - bare, bare_left_out: bare }
        } else {
            Counts { total: all, bare_left_out: 0 }
        }
    }

    /// The matching rows, newest first (dated rows by day and id descending, then undated rows
    /// by id descending): the order of every event list.
    fn newest_first<'s>(&'s self, c: &'s Compiled) -> impl Iterator<Item = &'s Row> + 's {
        self.dated_candidates(c).iter().rev().chain(self.undated_candidates(c).iter().rev()).filter(move |r| self.matches(r, c))
    }

    /// The ids of the matching clusters, newest first (undated last), from the `offset`-th, at
    /// most `limit`.
    pub fn event_ids(&self, s: &Sel, offset: usize, limit: usize) -> Vec<i64> {
        let c = self.compile(s);
        self.newest_first(&c).skip(offset).take(limit).map(|r| r.id).collect()
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
        let mut dy: IntMap<u64, (i64, f64)> = IntMap::default();
        let mut ac: Vec<(i64, f64)> = vec![(0, 0.0); self.strings.len()];
        for r in self.candidates(&c) {
            if !self.matches(r, &c) {
                continue;
            }
            let sk = self.key(r.src, r.src_c);
            if let Some(e) = ac.get_mut(sk as usize) {
                e.0 += 1;
                e.1 += r.g;
            }
            if r.tgt != NONE {
                let tk = self.key(r.tgt, r.tgt_c);
                let e = dy.entry((sk as u64) << 32 | tk as u64).or_default();
                e.0 += 1;
                e.1 += r.g;
                if tk != sk {
                    if let Some(e) = ac.get_mut(tk as usize) {
                        e.0 += 1;
                        e.1 += r.g;
                    }
                }
            }
        }
        let mut d: Vec<TopRow> = dy
            .into_iter()
            .map(|(k, (n, g))| TopRow { key: format!("{}->{}", self.str((k >> 32) as u32), self.str(k as u32)), events: n, mean_goldstein: g / n as f64 })
            .collect();
        let mut a: Vec<TopRow> = ac
            .into_iter()
            .enumerate()
            .filter(|(_, (n, _))| *n > 0)
            .map(|(k, (n, g))| TopRow { key: self.str(k as u32).to_string(), events: n, mean_goldstein: g / n as f64 })
            .collect();
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
        let mut m: IntMap<u32, ([i64; 4], f64)> = IntMap::default();
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
        let mut m: IntMap<u32, (i64, f64)> = IntMap::default();
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

    /// The periods of the dated rows of `rows` (sorted by day), widened to `lo..=hi`.
    fn periods_of(rows: &[Row], period: Period, lo: Option<i32>, hi: Option<i32>) -> Periods {
        let first = rows.first().map(|r| r.day);
        let last = rows.last().map(|r| r.day);
        let a = [first, lo].into_iter().flatten().min();
        let b = [last, hi].into_iter().flatten().max();
        match (a, b) {
            (Some(a), Some(b)) => Periods::new(period, a, b),
            _ => Periods::new(period, 0, -1),
        }
    }

    /// As `query::align` (dates of `s` only).
    pub fn align(&self, a: &str, b: &str, s: &Sel, period: Period) -> Vec<AlignRow> {
        let (ka, kb) = (self.id(a), self.id(b));
        let c = self.compile(&Sel { from: s.from, to: s.to, ..Sel::default() });
        let rows = self.dated_candidates(&c);
        let ps = Self::periods_of(rows, period, None, None);
        let np = ps.labels.len();
        let mut direct: Vec<([i64; 4], f64, bool)> = vec![([0; 4], 0.0, false); np];
        type Stance = Vec<Option<IntMap<u32, (f64, i64)>>>;
        let (mut sa, mut sb): (Stance, Stance) = (vec![None; np], vec![None; np]);
        let m = |x: u32, code: u32, country: u32| code == x || country == x;
        for r in rows {
            let src_a = m(ka, r.src, r.src_c);
            let src_b = m(kb, r.src, r.src_c);
            if !(src_a || src_b || m(ka, r.tgt, r.tgt_c) || m(kb, r.tgt, r.tgt_c)) {
                continue;
            }
            let ab = src_a && m(kb, r.tgt, r.tgt_c);
            let ba = src_b && m(ka, r.tgt, r.tgt_c);
            if !(ab || ba || src_a || src_b) {
                continue;
            }
            let k = ps.of(r.day);
            if ab || ba {
                let e = &mut direct[k];
                if (1..=4).contains(&r.quad) {
                    e.0[r.quad as usize - 1] += 1;
                }
                e.1 += r.g;
                e.2 = true;
            }
            if r.tgt == NONE || m(ka, r.tgt, r.tgt_c) || m(kb, r.tgt, r.tgt_c) {
                continue;
            }
            let third = if r.tgt_c != NONE { r.tgt_c } else { r.tgt };
            for (is, st) in [(src_a, &mut sa), (src_b, &mut sb)] {
                if is {
                    let e = st[k].get_or_insert_with(IntMap::default).entry(third).or_default();
                    e.0 += r.g;
                    e.1 += 1;
                }
            }
        }
        (0..np)
            .filter(|&k| direct[k].2 || sa[k].is_some() || sb[k].is_some())
            .map(|k| {
                let (q, g, _) = direct[k];
                let n: i64 = q.iter().sum();
                let (mut va, mut vb) = (Vec::new(), Vec::new());
                if let (Some(ma), Some(mb)) = (&sa[k], &sb[k]) {
                    let mut keys: Vec<&u32> = ma.keys().collect();
                    keys.sort_by(|x, y| self.str(**x).cmp(self.str(**y)));
                    for t in keys {
                        if let Some(&(gb, nb)) = mb.get(t) {
                            let (ga, na) = ma[t];
                            va.push(ga / na as f64);
                            vb.push(gb / nb as f64);
                        }
                    }
                }
                AlignRow {
                    period: ps.labels[k].clone(),
                    direct_events: n,
                    direct_net_cooperation: q[0] + q[1] - q[2] - q[3],
                    direct_mean_goldstein: if n > 0 { Some(g / n as f64) } else { None },
                    common_third: va.len(),
                    s_score: dyad_store::query::s_score(&va, &vb, GOLDSTEIN_RANGE),
                }
            })
            .collect()
    }

    /// As `query::series` with `fill` and neither `normalize` nor `weighted`.
    pub fn series(&self, s: &Sel, period: Period) -> Vec<SeriesRow> {
        let c = self.compile(s);
        let all = self.compile(&Sel { from: s.from, to: s.to, ..Sel::default() });
        let rows = self.dated_candidates(&all);
        let (lo, hi) = (s.from.map(|d| day_number(d) as i32), s.to.map(|d| day_number(d) as i32));
        let ps = Self::periods_of(rows, period, lo, hi);
        let np = ps.labels.len();
        let mut acc: Vec<([i64; 4], f64)> = vec![([0; 4], 0.0); np];
        let mut totals: Vec<i64> = vec![0; np];
        let (mut first, mut last) = (i32::MAX, i32::MIN);
        for r in rows {
            let k = ps.of(r.day);
            totals[k] += 1;
            if self.matches(r, &c) {
                first = first.min(r.day);
                last = last.max(r.day);
                let e = &mut acc[k];
                if (1..=4).contains(&r.quad) {
                    e.0[r.quad as usize - 1] += 1;
                }
                e.1 += r.g;
            }
        }
        let mut out: Vec<SeriesRow> = Vec::new();
        if first <= last {
            let (a, b) = (ps.of(lo.unwrap_or(first)), ps.of(hi.unwrap_or(last)));
            for k in a..=b {
                let (q, g) = acc[k];
                let n: i64 = q.iter().sum();
                out.push(SeriesRow {
                    q1: q[0] as f64,
                    q2: q[1] as f64,
                    q3: q[2] as f64,
                    q4: q[3] as f64,
                    total: n as f64,
                    mean_goldstein: if n > 0 { Some(g / n as f64) } else { None },
                    net_cooperation: (q[0] + q[1] - q[2] - q[3]) as f64,
                    period_total: totals[k],
                    period: ps.labels[k].clone(),
                });
            }
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

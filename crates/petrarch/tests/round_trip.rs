//! The import round trip: PETRARCH dictionaries → dyad-format files ([`dyad_petrarch::dyadfmt`]) →
//! read back → the same `Dicts`, and the same coding of the unit-test records. Uses the validation
//! dictionaries (committed in eval/fixtures/petrarch-unit) and PETRARCH-2's production dictionaries
//! (../shared/reference/petrarch-dicts, too large to commit: that test is `#[ignore]`d and run by
//! `.ci/run` with `-- --ignored`).

use dyad_petrarch::{dyadfmt, validate, Dicts, PetrarchCoder};
use std::path::Path;

const UNIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/fixtures/petrarch-unit/PETR.UnitTest.records.xml");
const PROD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/petrarch-dicts");

fn round_trip(d: &Dicts, what: &str) -> Dicts {
    let w = dyadfmt::write(d, what);
    assert!(w.notes.is_empty(), "{what}: {:?}", w.notes);
    let (back, issues) = dyadfmt::read(&w.files);
    let errors: Vec<_> = issues.iter().filter(|i| i.error).collect();
    assert!(errors.is_empty(), "{what}: reading back: {:?}", &errors[..errors.len().min(10)]);
    back
}

/// Compares piece by piece first, so a failure names what differs instead of dumping everything.
fn assert_same(a: &Dicts, b: &Dicts, what: &str) {
    assert_eq!(a.actors.len(), b.actors.len(), "{what}: actors");
    for (x, y) in a.actors.iter().zip(&b.actors) {
        assert_eq!(x, y, "{what}: actor");
    }
    assert_eq!(a.agents, b.agents, "{what}: agents");
    assert_eq!(a.discards, b.discards, "{what}: discards");
    assert_eq!(a.verbs.synsets, b.verbs.synsets, "{what}: synonym sets");
    assert_eq!(a.verbs.verbs.len(), b.verbs.verbs.len(), "{what}: verbs");
    for (x, y) in a.verbs.verbs.iter().zip(&b.verbs.verbs) {
        assert_eq!(x, y, "{what}: verb");
    }
    assert_eq!(a.verbs.blocks.len(), b.verbs.blocks.len(), "{what}: blocks");
    for (x, y) in a.verbs.blocks.iter().zip(&b.verbs.blocks) {
        assert_eq!(x, y, "{what}: block");
    }
    assert!(a == b, "{what}: Dicts differ");
}

#[test]
fn unit_dictionaries_round_trip_and_code_the_same() {
    let text = std::fs::read_to_string(UNIT).unwrap_or_else(|e| panic!("{UNIT}: {e}"));
    let (vf, _) = validate::read(&text);
    let (d, _) = vf.load_dicts(Path::new(UNIT).parent().unwrap(), false).expect("dictionaries load");
    let back = round_trip(&d, "unit dictionaries");
    assert_same(&d, &back, "unit dictionaries");
    // Same dictionaries, same outcomes, record by record.
    let (a, b) = (PetrarchCoder::new(d), PetrarchCoder::new(back));
    let mut pass = 0;
    for r in vf.records.iter().filter(|r| r.valid) {
        let (oa, ob) = (validate::run_record(&a, r), validate::run_record(&b, r));
        assert_eq!((oa.pass, &oa.got), (ob.pass, &ob.got), "record {}", r.id);
        pass += oa.pass as usize;
    }
    eprintln!("unit records: {pass} pass with either");
}

#[test]
#[ignore = "needs ../shared/reference/petrarch-dicts"]
fn production_dictionaries_round_trip() {
    assert!(Path::new(PROD).is_dir(), "{PROD} is missing");
    let (d, _) = Dicts::load_dir(Path::new(PROD), false).expect("dictionaries load");
    let back = round_trip(&d, "production dictionaries");
    assert_same(&d, &back, "production dictionaries");
}

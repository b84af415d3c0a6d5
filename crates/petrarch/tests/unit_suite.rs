//! Runs PETRARCH's unit-test records (committed in eval/fixtures/petrarch-unit) through the PETRARCH-mode coder
//! and checks the pass count does not drop. Set PETR_VERBOSE=1 to print every failing record.

use dyad_petrarch::validate;
use dyad_petrarch::PetrarchCoder;
use std::path::Path;

/// The count measured when this test was last updated; raise it when the coder improves.
const MIN_PASS: usize = 256;

#[test]
fn unit_records_pass_count() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/fixtures/petrarch-unit/PETR.UnitTest.records.xml");
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (vf, warnings) = validate::read(&text);
    assert!(warnings.is_empty(), "{warnings:?}");
    let dir = Path::new(file).parent().unwrap();
    let (dicts, issues) = vf.load_dicts(dir, false).expect("dictionaries load");
    for i in issues.iter().filter(|i| i.error) {
        eprintln!("dictionary: {i}");
    }
    let coder = PetrarchCoder::new(dicts);
    let (mut pass, mut fail) = (0, 0);
    let verbose = std::env::var_os("PETR_VERBOSE").is_some();
    for r in vf.records.iter().filter(|r| r.valid) {
        let o = validate::run_record(&coder, r);
        if o.pass {
            pass += 1;
        } else {
            fail += 1;
            if verbose {
                eprintln!("FAIL {}: {}\n   expected: {}\n   got:      {}", o.id, r.text, o.expected, o.got);
            }
        }
    }
    eprintln!("{pass} passed, {fail} failed");
    assert_eq!(pass + fail, 276, "valid records");
    assert!(pass >= MIN_PASS, "{pass} passed, below {MIN_PASS}");
}

//! The PyO3 bindings (the `python` feature): `Coder`, `Store`, `read`, and `ArrowBatch`, a record
//! batch handed to pyarrow through the Arrow PyCapsule interface (`__arrow_c_array__`).

use crate::{code_texts, Input, Outcome};
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::DataType;
use pyo3::exceptions::{PyKeyError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyTuple};
use std::ffi::CString;
use std::sync::Mutex;

/// A record batch on its way to pyarrow: `pyarrow.record_batch(b)` takes it without a copy
/// through the Arrow C data interface.
#[pyclass(frozen, module = "dyad._dyad")]
pub struct ArrowBatch {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowBatch {
    /// The Arrow PyCapsule interface: (schema capsule, array capsule) of the batch as a struct array.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(&self, py: Python<'py>, requested_schema: Option<PyObject>) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = arrow_array::ffi::to_ffi(&data).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        let schema = PyCapsule::new(py, schema, Some(CString::new("arrow_schema").expect("no NUL")))?;
        let array = PyCapsule::new(py, array, Some(CString::new("arrow_array").expect("no NUL")))?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

fn batch(b: RecordBatch) -> ArrowBatch {
    ArrowBatch { batch: b }
}

/// Imports a pyarrow RecordBatch (anything with `__arrow_c_array__`) as a struct array.
fn import_batch(obj: &Bound<'_, PyAny>) -> PyResult<StructArray> {
    let caps = obj.call_method0("__arrow_c_array__").map_err(|_| PyTypeError::new_err("expected a pyarrow Table or RecordBatch"))?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = caps.extract()?;
    // SAFETY: the capsules come from the Arrow PyCapsule interface, which names them and points
    // them at an ArrowSchema and an ArrowArray; the array is moved out (its release callback is
    // ours to call, through FFI_ArrowArray's Drop), leaving a released struct in the capsule.
    let data = unsafe {
        let schema_ptr = schema.pointer() as *const FFI_ArrowSchema;
        let array_ptr = array.pointer() as *mut FFI_ArrowArray;
        if schema_ptr.is_null() || array_ptr.is_null() {
            return Err(PyValueError::new_err("empty Arrow capsule"));
        }
        let array = std::ptr::replace(array_ptr, FFI_ArrowArray::empty());
        arrow_array::ffi::from_ffi(array, &*schema_ptr).map_err(|e| PyValueError::new_err(format!("bad Arrow data: {e}")))?
    };
    match data.data_type() {
        DataType::Struct(_) => Ok(StructArray::from(data)),
        other => Err(PyTypeError::new_err(format!("expected a record batch, got Arrow type {other}"))),
    }
}

/// A Python object from a JSON value tree (no JSON text involved).
fn to_py(py: Python<'_>, v: &serde_json::Value) -> PyResult<PyObject> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(f)) => f.into_pyobject(py)?.into_any().unbind(),
            _ => py.None(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(a) => {
            let items: Vec<PyObject> = a.iter().map(|x| to_py(py, x)).collect::<PyResult<_>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any().unbind()
        }
    })
}

fn parse_date(row: usize, s: &str) -> PyResult<chrono::NaiveDate> {
    dyad_read::parse_date(s).ok_or_else(|| PyValueError::new_err(format!("row {row}: bad date {s:?} (expected YYYY-MM-DD or an ISO 8601 / RFC 2822 timestamp)")))
}

/// The event dicts of one coded document.
fn event_dicts(py: Python<'_>, doc: &dyad_model::Document) -> PyResult<Vec<PyObject>> {
    doc.events
        .iter()
        .map(|e| {
            let v = serde_json::to_value(dyad_table::EventOut::new(doc, e)).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            to_py(py, &v)
        })
        .collect()
}

/// dyad's event coder, built once (lexicons compiled, gazetteer loaded) and reused for every call.
#[pyclass(frozen, module = "dyad._dyad")]
pub struct Coder {
    engine: dyad_engine::Engine,
}

/// Reads the optional date of row `row` from a Python object (None, str, datetime.date).
fn date_of(row: usize, d: Option<&Bound<'_, PyAny>>) -> PyResult<Option<chrono::NaiveDate>> {
    let Some(d) = d.filter(|d| !d.is_none()) else { return Ok(None) };
    if let Ok(s) = d.extract::<String>() {
        return parse_date(row, &s).map(Some);
    }
    if let Ok(s) = d.call_method0("isoformat").and_then(|s| s.extract::<String>()) {
        return parse_date(row, &s).map(Some);
    }
    Err(PyTypeError::new_err(format!("row {row}: date must be a string (YYYY-MM-DD) or a date, not {}", d.get_type().name()?)))
}

fn id_of(row: usize, id: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    match id.filter(|d| !d.is_none()) {
        None => Ok(format!("row {row}")),
        Some(v) => match v.extract::<String>() {
            Ok(s) => Ok(s),
            Err(_) => match v.extract::<i64>() {
                Ok(i) => Ok(i.to_string()),
                Err(_) => Err(PyTypeError::new_err(format!("row {row}: id must be a string or an integer, not {}", v.get_type().name()?))),
            },
        },
    }
}

fn text_of(row: usize, t: &Bound<'_, PyAny>) -> PyResult<String> {
    t.extract::<String>().map_err(|_| {
        let ty = t.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("row {row}: text must be a string, not {ty}"))
    })
}

#[pymethods]
impl Coder {
    #[new]
    #[pyo3(signature = (lexicon=None, petrarch=None, strict=false, lexicon_only=false, syntax=true))]
    fn new(py: Python<'_>, lexicon: Option<std::path::PathBuf>, petrarch: Option<std::path::PathBuf>, strict: bool, lexicon_only: bool, syntax: bool) -> PyResult<Coder> {
        if lexicon_only && lexicon.is_none() {
            return Err(PyValueError::new_err("lexicon_only=True needs a lexicon folder (lexicon=DIR)"));
        }
        let opts = dyad_engine::EngineOptions { lexicon, petrarch, lexicon_only, strict, no_syntax: !syntax };
        let engine = py.allow_threads(|| dyad_engine::load(&opts)).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Coder { engine })
    }

    /// dyad's version.
    #[getter]
    fn dyad_version(&self) -> String {
        self.engine.provenance().dyad_version.clone()
    }

    /// The id (hash) of the lexicons and tables this coder was built from.
    #[getter]
    fn coder_id(&self) -> String {
        self.engine.provenance().coder_id.clone()
    }

    /// Codes one text; returns its events as dicts of the documented event schema.
    #[pyo3(signature = (text, date=None, id=None))]
    fn code(&self, py: Python<'_>, text: &Bound<'_, PyAny>, date: Option<&Bound<'_, PyAny>>, id: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PyObject>> {
        let text = text_of(0, text)?;
        let date = date_of(0, date)?;
        let id = match id {
            Some(_) => id_of(0, id)?,
            None => "text".to_string(),
        };
        let mut out = None;
        py.allow_threads(|| code_texts(&self.engine, &[Input { text: &text, date, id }], 1, |o| out = Some(o)));
        match out {
            Some(Outcome::Doc(doc)) => event_dicts(py, &doc),
            _ => Ok(Vec::new()),
        }
    }

    /// Codes many texts on `threads` threads (default: every core) with the GIL released; returns
    /// one list of event dicts per text, in order.
    #[pyo3(signature = (texts, dates=None, ids=None, threads=None))]
    fn code_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        dates: Option<&Bound<'_, PyAny>>,
        ids: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Vec<PyObject>>> {
        let texts: Vec<Bound<'_, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        fn seq<'py>(o: Option<&Bound<'py, PyAny>>, what: &str, n: usize) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
            let Some(o) = o.filter(|o| !o.is_none()) else { return Ok(None) };
            let v: Vec<Bound<'py, PyAny>> = o.try_iter()?.collect::<PyResult<_>>()?;
            if v.len() != n {
                return Err(PyValueError::new_err(format!("{what}: {} values for {n} texts", v.len())));
            }
            Ok(Some(v))
        }
        let dates = seq(dates, "dates", texts.len())?;
        let ids = seq(ids, "ids", texts.len())?;
        let mut owned: Vec<(String, Option<chrono::NaiveDate>, String)> = Vec::with_capacity(texts.len());
        for (i, t) in texts.iter().enumerate() {
            owned.push((text_of(i, t)?, date_of(i, dates.as_ref().map(|d| &d[i]))?, id_of(i, ids.as_ref().map(|d| &d[i]))?));
        }
        let n = crate::threads(threads);
        let inputs: Vec<Input> = owned.iter().map(|(t, d, id)| Input { text: t, date: *d, id: id.clone() }).collect();
        // Each coded document becomes dicts as soon as the pipeline hands it over (the GIL taken
        // back for that alone, while the workers go on coding) and is dropped.
        let mut out: Vec<PyResult<Vec<PyObject>>> = Vec::with_capacity(inputs.len());
        py.allow_threads(|| {
            code_texts(&self.engine, &inputs, n, |o| {
                out.push(match o {
                    Outcome::Doc(doc) => Python::with_gil(|py| event_dicts(py, &doc)),
                    Outcome::NotCoded(_) => Ok(Vec::new()),
                })
            })
        });
        out.into_iter().collect()
    }

    /// Codes the rows of one record batch (text, optional date and id columns); `offset` is the
    /// batch's first row number in the table, for error messages. Returns the events' batch.
    #[pyo3(signature = (batch, text, date, id, threads=None, offset=0))]
    fn _code_record_batch(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        text: &str,
        date: Option<&str>,
        id: Option<&str>,
        threads: Option<usize>,
        offset: usize,
    ) -> PyResult<ArrowBatch> {
        let rb = import_batch(batch)?;
        let names: Vec<String> = rb.fields().iter().map(|f| f.name().clone()).collect();
        let col = |name: &str| -> PyResult<arrow_array::ArrayRef> {
            rb.column_by_name(name).cloned().ok_or_else(|| PyKeyError::new_err(format!("no column {name:?} in the table (columns: {})", names.join(", "))))
        };
        let text_col = col(text)?;
        let texts = strings(&text_col, text)?;
        let dates = match date {
            Some(d) if rb.column_by_name(d).is_some() => Some(dates_of(&col(d)?, d, offset)?),
            Some(d) if d != "date" => return Err(PyKeyError::new_err(format!("no column {d:?} in the table (columns: {})", names.join(", ")))),
            _ => None,
        };
        let ids = match id {
            Some(c) if rb.column_by_name(c).is_some() => Some(ids_of(&col(c)?, c)?),
            Some(c) if c != "id" => return Err(PyKeyError::new_err(format!("no column {c:?} in the table (columns: {})", names.join(", ")))),
            _ => None,
        };
        let n = crate::threads(threads);
        let result = py.allow_threads(|| {
            let inputs: Vec<Input> = (0..texts.len())
                .filter_map(|i| {
                    let t = texts[i]?;
                    let id = ids.as_ref().and_then(|v| v[i].clone()).unwrap_or_else(|| format!("row {}", offset + i));
                    Some(Input { text: t, date: dates.as_ref().and_then(|v| v[i]), id })
                })
                .collect();
            // Each document becomes rows as soon as it is coded, and is dropped.
            let mut rows = dyad_table::Rows::new();
            code_texts(&self.engine, &inputs, n, |o| {
                if let Outcome::Doc(doc) = o {
                    rows.push_doc(&doc, self.engine.provenance());
                }
            });
            rows.finish()
        });
        Ok(batch_of(result)?)
    }

    /// Reads and codes files, folders, WARC archives, as `dyad code` does; returns the events'
    /// batch and a summary dict (documents, events, skipped per language, problems, records left aside).
    #[pyo3(signature = (paths, threads=None))]
    fn _code_paths<'py>(&self, py: Python<'py>, paths: Vec<std::path::PathBuf>, threads: Option<usize>) -> PyResult<(ArrowBatch, Bound<'py, PyDict>)> {
        let n = crate::threads(threads);
        let (result, summary) = py.allow_threads(|| {
            let items = dyad_read::read_paths(&paths, &dyad_read::ReadOptions::default());
            let mut rows = dyad_table::Rows::new();
            let mut s = Summary::default();
            dyad_engine::pipeline::run(items, self.engine.code(), n, |p| match p {
                dyad_engine::pipeline::Processed::Doc(doc) => {
                    s.documents += 1;
                    s.events += doc.events.len();
                    rows.push_doc(&doc, self.engine.provenance());
                }
                dyad_engine::pipeline::Processed::Skipped { lang, .. } => s.skips.language(&lang),
                dyad_engine::pipeline::Processed::Problem { message, .. } => s.problems.push(message),
                dyad_engine::pipeline::Processed::LeftAside { reason } => s.skips.record(&reason),
            });
            (rows.finish(), s)
        });
        let d = PyDict::new(py);
        d.set_item("documents", summary.documents)?;
        d.set_item("events", summary.events)?;
        d.set_item("skipped_languages", summary.skips.languages.into_iter().collect::<Vec<_>>())?;
        d.set_item("left_aside", summary.skips.records.into_iter().collect::<Vec<_>>())?;
        d.set_item("problems", summary.problems)?;
        Ok((batch_of(result)?, d))
    }
}

#[derive(Default)]
struct Summary {
    documents: usize,
    events: usize,
    skips: dyad_engine::pipeline::Skips,
    problems: Vec<String>,
}

fn batch_of(r: dyad_table::Result<RecordBatch>) -> PyResult<ArrowBatch> {
    r.map(batch).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// A string column's values (nulls as None), borrowed; an error naming the column for other types.
fn strings<'a>(a: &'a arrow_array::ArrayRef, name: &str) -> PyResult<Vec<Option<&'a str>>> {
    use arrow_array::cast::AsArray;
    match a.data_type() {
        DataType::Utf8 => Ok(a.as_string::<i32>().iter().collect()),
        DataType::LargeUtf8 => Ok(a.as_string::<i64>().iter().collect()),
        DataType::Utf8View => Ok(a.as_string_view().iter().collect()),
        other => Err(PyTypeError::new_err(format!("column {name:?} must hold strings, not {other}"))),
    }
}

fn dates_of(a: &arrow_array::ArrayRef, name: &str, offset: usize) -> PyResult<Vec<Option<chrono::NaiveDate>>> {
    use arrow_array::cast::AsArray;
    match a.data_type() {
        DataType::Date32 => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            Ok(a.as_primitive::<arrow_array::types::Date32Type>().iter().map(|d| d.and_then(|d| epoch.checked_add_signed(chrono::Duration::days(d as i64)))).collect())
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => strings(a, name)?
            .iter()
            .enumerate()
            .map(|(i, s)| match s.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => parse_date(offset + i, s).map(Some),
            })
            .collect(),
        other => Err(PyTypeError::new_err(format!("column {name:?} must hold dates or strings (YYYY-MM-DD), not {other}"))),
    }
}

fn ids_of(a: &arrow_array::ArrayRef, name: &str) -> PyResult<Vec<Option<String>>> {
    use arrow_array::cast::AsArray;
    match a.data_type() {
        DataType::Int64 => Ok(a.as_primitive::<arrow_array::types::Int64Type>().iter().map(|v| v.map(|v| v.to_string())).collect()),
        DataType::Int32 => Ok(a.as_primitive::<arrow_array::types::Int32Type>().iter().map(|v| v.map(|v| v.to_string())).collect()),
        _ => Ok(strings(a, name)
            .map_err(|_| PyTypeError::new_err(format!("column {name:?} must hold strings or integers, not {}", a.data_type())))?
            .into_iter()
            .map(|s| s.map(str::to_string))
            .collect()),
    }
}

/// The documents of the inputs at `path` as dyad reads them (like `dyad read`).
#[pyfunction]
fn read(py: Python<'_>, path: std::path::PathBuf) -> PyResult<ArrowBatch> {
    batch_of(py.allow_threads(|| crate::read_batch(&path)))
}

/// An event store (SQLite, written by `dyad ingest`), opened read-only.
#[pyclass(module = "dyad._dyad")]
pub struct Store {
    store: Mutex<dyad_store::Store>,
}

fn opt_date(row: &str, s: Option<String>) -> PyResult<Option<chrono::NaiveDate>> {
    s.map(|s| dyad_read::parse_date(&s).ok_or_else(|| PyValueError::new_err(format!("{row}: bad date {s:?} (expected YYYY-MM-DD)")))).transpose()
}

fn period(p: &str) -> PyResult<dyad_store::query::Period> {
    use dyad_store::query::Period;
    Ok(match p {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        "year" => Period::Year,
        _ => return Err(PyValueError::new_err(format!("period must be day, week, month or year, not {p:?}"))),
    })
}

fn store_err(e: dyad_store::Error) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}

#[pymethods]
impl Store {
    #[new]
    fn new(path: std::path::PathBuf) -> PyResult<Store> {
        let s = dyad_store::Store::open_readonly(&path).map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))?;
        Ok(Store { store: Mutex::new(s) })
    }

    /// Deduplicated events (one row per cluster) in dyad's event table.
    #[pyo3(signature = (actor=None, dyad=None, directed=false, cameo=None, plover=None, quad=None, start=None, end=None, place_country=None, undated=false, limit=0))]
    #[allow(clippy::too_many_arguments)]
    fn _events(
        &self,
        py: Python<'_>,
        actor: Option<String>,
        dyad: Option<(String, String)>,
        directed: bool,
        cameo: Option<String>,
        plover: Option<String>,
        quad: Option<u8>,
        start: Option<String>,
        end: Option<String>,
        place_country: Option<String>,
        undated: bool,
        limit: usize,
    ) -> PyResult<Vec<ArrowBatch>> {
        let f = dyad_store::query::Filter { no_bare: false, actor, dyad, directed, cameo, plover, quad, from: opt_date("start", start)?, to: opt_date("end", end)?, place_country, undated };
        let store = self.store.lock().map_err(|_| PyRuntimeError::new_err("store lock poisoned"))?;
        let mut out = Vec::new();
        // The store's connection is not Sync: the query runs holding the GIL (a store is local and
        // its queries are short next to coding).
        let _ = py;
        dyad_store::export::event_batches(&store, &f, limit, &mut |b| {
            out.push(batch(b));
            Ok(())
        })
        .map_err(store_err)?;
        Ok(out)
    }

    /// Counts by QuadClass, mean Goldstein and net cooperation per period, as a record batch.
    #[pyo3(signature = (actor=None, dyad=None, directed=false, period="month", start=None, end=None, normalize=false, weighted=false))]
    #[allow(clippy::too_many_arguments)]
    fn _series(
        &self,
        actor: Option<String>,
        dyad: Option<(String, String)>,
        directed: bool,
        period: &str,
        start: Option<String>,
        end: Option<String>,
        normalize: bool,
        weighted: bool,
    ) -> PyResult<ArrowBatch> {
        let f = dyad_store::query::Filter { actor, dyad, directed, from: opt_date("start", start)?, to: opt_date("end", end)?, ..Default::default() };
        let o = dyad_store::query::SeriesOptions { period: self::period(period)?, normalize, weighted, fill: true };
        let store = self.store.lock().map_err(|_| PyRuntimeError::new_err("store lock poisoned"))?;
        let rows = dyad_store::query::series(&store, &f, o).map_err(store_err)?;
        batch_of(crate::series_batch(&rows))
    }

    /// The relation of two actors per period (direct relation and Signorino–Ritter S), as a record batch.
    #[pyo3(signature = (a, b, period="month"))]
    fn _align(&self, a: &str, b: &str, period: &str) -> PyResult<ArrowBatch> {
        let store = self.store.lock().map_err(|_| PyRuntimeError::new_err("store lock poisoned"))?;
        let rows = dyad_store::query::align(&store, a, b, &Default::default(), self::period(period)?).map_err(store_err)?;
        batch_of(crate::align_batch(&rows))
    }

    /// The busiest dyads and actors: (dyads, actors) as record batches.
    #[pyo3(signature = (limit=10, by_country=false))]
    fn _top(&self, limit: usize, by_country: bool) -> PyResult<(ArrowBatch, ArrowBatch)> {
        let store = self.store.lock().map_err(|_| PyRuntimeError::new_err("store lock poisoned"))?;
        let (d, a) = dyad_store::query::top(&store, &Default::default(), limit, by_country).map_err(store_err)?;
        Ok((batch_of(crate::top_batch(&d))?, batch_of(crate::top_batch(&a))?))
    }
}

/// The Arrow schema of the event table, as an empty batch (for `pyarrow.Table.from_batches`).
#[pyfunction]
fn _event_schema_batch() -> PyResult<ArrowBatch> {
    batch_of(dyad_table::Rows::new().finish())
}

#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Coder>()?;
    m.add_class::<Store>()?;
    m.add_class::<ArrowBatch>()?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(_event_schema_batch, m)?)?;
    m.add("__version__", dyad_engine::VERSION)?;
    Ok(())
}

//! A hive-partitioned Parquet dataset of events: `DIR/year=2022/month=9/part-00000.parquet`, by
//! the event's date; undated events go to `DIR/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/`,
//! the name Hive, Spark, DuckDB and polars read as a null partition value (`WHERE year IS NULL`
//! selects them). A partition's file is closed and the next one started when it reaches
//! [`DatasetOptions::max_file_bytes`], so files stay of bounded size. The partition columns are
//! in the paths only, not in the files (readers add them from the paths).

use crate::{EventOut, Provenance, Result, Rows};
use parquet::arrow::ArrowWriter;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// The partition value of undated events.
pub const UNDATED_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// How a dataset is written.
#[derive(Debug, Clone)]
pub struct DatasetOptions {
    /// A file is closed once this many bytes are written (or buffered) to it. Default 256 MiB.
    pub max_file_bytes: u64,
    /// Rows buffered per partition before they go to the file as a batch. Default 8,192.
    pub batch_rows: usize,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions { max_file_bytes: 256 << 20, batch_rows: 8192 }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetSummary {
    pub rows: u64,
    /// The files written, relative to the dataset folder, in order.
    pub files: Vec<PathBuf>,
    /// Rows in the undated partition.
    pub undated: u64,
}

struct Partition {
    dir: PathBuf,
    rows: Rows,
    writer: Option<ArrowWriter<BufWriter<File>>>,
    next_file: usize,
}

/// A dataset being written; [`Dataset::close`] finishes every file.
pub struct Dataset {
    root: PathBuf,
    opts: DatasetOptions,
    partitions: BTreeMap<(Option<i32>, Option<u32>), Partition>,
    summary: DatasetSummary,
}

impl Dataset {
    /// Starts a dataset in `root`, which must not exist or be an empty folder (so that nothing
    /// already there is mixed in or overwritten).
    pub fn create(root: &Path, opts: DatasetOptions) -> Result<Dataset> {
        if root.exists() {
            let mut entries = std::fs::read_dir(root)?;
            if entries.next().is_some() {
                return Err(crate::Error::Invalid(format!("{}: the folder is not empty; give a new or empty folder for the dataset", root.display())));
            }
        }
        std::fs::create_dir_all(root)?;
        Ok(Dataset { root: root.to_path_buf(), opts, partitions: BTreeMap::new(), summary: DatasetSummary::default() })
    }

    /// Adds one event.
    pub fn push(&mut self, o: &EventOut, p: &Provenance) -> Result<()> {
        let key = o.date.as_deref().and_then(|d| {
            let y = d.get(..4)?.parse::<i32>().ok()?;
            let m = d.get(5..7)?.parse::<u32>().ok()?;
            Some((y, m))
        });
        let key = (key.map(|k| k.0), key.map(|k| k.1));
        if key.0.is_none() {
            self.summary.undated += 1;
        }
        let root = &self.root;
        let part = self.partitions.entry(key).or_insert_with(|| {
            let (y, m) = match key {
                (Some(y), Some(m)) => (y.to_string(), m.to_string()),
                _ => (UNDATED_PARTITION.to_string(), UNDATED_PARTITION.to_string()),
            };
            Partition { dir: root.join(format!("year={y}")).join(format!("month={m}")), rows: Rows::new(), writer: None, next_file: 0 }
        });
        part.rows.push(o, None, Some(p));
        self.summary.rows += 1;
        if part.rows.len() >= self.opts.batch_rows {
            flush(&self.root, part, &self.opts, &mut self.summary.files)?;
        }
        Ok(())
    }

    /// Writes what is buffered and closes every file.
    pub fn close(mut self) -> Result<DatasetSummary> {
        for part in self.partitions.values_mut() {
            flush(&self.root, part, &self.opts, &mut self.summary.files)?;
            if let Some(w) = part.writer.take() {
                w.close()?;
            }
        }
        self.summary.files.sort();
        Ok(self.summary)
    }
}

/// Writes a partition's buffered rows to its current file, starting a new file when the current
/// one has reached the size bound.
fn flush(root: &Path, part: &mut Partition, opts: &DatasetOptions, files: &mut Vec<PathBuf>) -> Result<()> {
    if part.rows.is_empty() {
        return Ok(());
    }
    let batch = part.rows.finish()?;
    if part.writer.is_none() {
        std::fs::create_dir_all(&part.dir)?;
        let path = part.dir.join(format!("part-{:05}.parquet", part.next_file));
        part.next_file += 1;
        files.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        let f = BufWriter::with_capacity(1 << 16, File::create(&path)?);
        part.writer = Some(ArrowWriter::try_new(f, crate::schema(), Some(crate::writer_properties()))?);
    }
    if let Some(w) = part.writer.as_mut() {
        w.write(&batch)?;
        if w.bytes_written() as u64 + w.in_progress_size() as u64 >= opts.max_file_bytes {
            if let Some(w) = part.writer.take() {
                w.close()?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_by_month_with_undated_apart_and_bounded_files() {
        let (mut doc, p) = crate::tests::sample();
        let dir = std::env::temp_dir().join(format!("dyad-table-ds-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut ds = Dataset::create(&dir, DatasetOptions { max_file_bytes: 1, batch_rows: 2 }).unwrap();
        for _ in 0..5 {
            let o = EventOut::new(&doc, &doc.events[0]);
            ds.push(&o, &p).unwrap();
        }
        doc.events[0].date = None;
        let o = EventOut::new(&doc, &doc.events[0]);
        ds.push(&o, &p).unwrap();
        let s = ds.close().unwrap();
        assert_eq!((s.rows, s.undated), (6, 1));
        let names: Vec<String> = s.files.iter().map(|f| f.display().to_string()).collect();
        // Five dated rows in batches of two, a new file after each batch (bound of one byte).
        assert_eq!(
            names,
            [
                "year=2022/month=9/part-00000.parquet",
                "year=2022/month=9/part-00001.parquet",
                "year=2022/month=9/part-00002.parquet",
                "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part-00000.parquet"
            ]
        );
        let n: i64 = s
            .files
            .iter()
            .map(|f| {
                let r = parquet::file::reader::SerializedFileReader::new(File::open(dir.join(f)).unwrap()).unwrap();
                parquet::file::reader::FileReader::metadata(&r).file_metadata().num_rows()
            })
            .sum();
        assert_eq!(n, 6);
        assert!(Dataset::create(&dir, DatasetOptions::default()).is_err(), "a folder with files is refused");
        std::fs::remove_dir_all(&dir).ok();
    }
}

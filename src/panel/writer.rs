//! The panel tables, `OUT/panel/indicators.csv` and `key_figures.csv`, written on a thread of
//! their own in the order their pieces are queued.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::thread;

use crate::error::{Error, Result};
use crate::output::{PANEL_DIR, PANEL_TABLES};

use super::BATCH;

fn create(path: &Path) -> Result<fs::File> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::File::create(path).map_err(|e| Error::io(path, e))
}

/// A piece of one of the panel tables, in the order it is to be written.
pub(super) enum Chunk {
    Indicators(Vec<u8>),
    KeyFigures(Vec<u8>),
}

/// The panel tables, written on a thread of their own: a batch's rows (tens of megabytes) are
/// written while the next batch is loaded and computed, rather than with every core waiting.
pub(super) struct TableWriter {
    /// None once the writer is told that nothing more comes.
    chunks: Option<mpsc::SyncSender<Chunk>>,
    /// None once joined.
    thread: Option<thread::JoinHandle<Result<()>>>,
}

impl TableWriter {
    /// Creates `panel/indicators.csv` and `panel/key_figures.csv` under `dir`.
    pub(super) fn start(dir: &Path) -> Result<TableWriter> {
        let paths = PANEL_TABLES.map(|t| dir.join(PANEL_DIR).join(t));
        let mut files = [create(&paths[0])?, create(&paths[1])?];
        // One batch ahead at most: memory stays bounded if the disk is slower than the rest.
        let (chunks, received) = mpsc::sync_channel::<Chunk>(2 * BATCH);
        let thread = thread::Builder::new()
            .name("panel tables".into())
            .spawn(move || {
                for chunk in received {
                    let (i, bytes) = match chunk {
                        Chunk::Indicators(b) => (0, b),
                        Chunk::KeyFigures(b) => (1, b),
                    };
                    files[i].write_all(&bytes).map_err(|e| Error::io(&paths[i], e))?;
                }
                Ok(())
            })
            .map_err(|e| Error::Other(format!("starting the panel tables' writer: {e}")))?;
        Ok(TableWriter {
            chunks: Some(chunks),
            thread: Some(thread),
        })
    }

    /// Queues `chunk`; if the writer has stopped, the error that stopped it.
    pub(super) fn send(&mut self, chunk: Chunk) -> Result<()> {
        if self.chunks.as_ref().is_some_and(|c| c.send(chunk).is_ok()) {
            return Ok(());
        }
        self.join()
            .and(Err(Error::Other("the panel tables' writer stopped".to_string())))
    }

    /// Waits for everything queued to be written.
    pub(super) fn finish(mut self) -> Result<()> {
        self.join()
    }

    /// Tells the writer nothing more comes and waits for it.
    fn join(&mut self) -> Result<()> {
        self.chunks = None;
        match self.thread.take().map(thread::JoinHandle::join) {
            Some(Ok(done)) => done,
            Some(Err(_)) => Err(Error::Other("the panel tables' writer panicked".to_string())),
            None => Ok(()),
        }
    }
}

impl Drop for TableWriter {
    /// A run that stops early still waits for the writer, so that no thread outlives the
    /// staging directory it writes in (its error, if any, is not the run's).
    fn drop(&mut self) {
        let _ = self.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(dir: &Path, file: &str) -> String {
        fs::read_to_string(dir.join("panel").join(file)).unwrap()
    }

    #[test]
    fn the_panel_tables_get_their_chunks_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::start(dir.path()).unwrap();
        for (i, k) in [("a\n", "x\n"), ("b\n", "y\n"), ("c\n", "z\n")] {
            w.send(Chunk::Indicators(i.as_bytes().to_vec())).unwrap();
            w.send(Chunk::KeyFigures(k.as_bytes().to_vec())).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(read(dir.path(), "indicators.csv"), "a\nb\nc\n");
        assert_eq!(read(dir.path(), "key_figures.csv"), "x\ny\nz\n");
    }

    /// A disk that fails (here `/dev/full`, which refuses every write) is the run's error,
    /// naming the file, whether it shows on a later send or when the run finishes.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_write_of_the_panel_tables_is_the_runs_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("panel")).unwrap();
        std::os::unix::fs::symlink("/dev/full", dir.path().join("panel/indicators.csv")).unwrap();
        let mut w = TableWriter::start(dir.path()).unwrap();
        let mut failed = None;
        for _ in 0..10 * BATCH {
            if let Err(e) = w.send(Chunk::Indicators(vec![b'x'; 1 << 16])) {
                failed = Some(e);
                break;
            }
        }
        let e = failed.unwrap_or_else(|| w.finish().unwrap_err()).to_string();
        assert!(e.contains("indicators.csv"), "{e}");
    }
}

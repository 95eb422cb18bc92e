//! Compressed inputs, streamed: gzip files (`.gz`, several members allowed) and zip archives (`.zip`, each
//! file inside read as an input of its own), as Twitter's Information Operations releases come. Native only.
//!
//! Nothing is unpacked to disk and nothing is read whole: a gzip stream is decoded as it is read, and each
//! entry of a zip archive is decompressed by a thread of its own into a bounded channel of chunks, so that the
//! reader that parses it owns a plain `Read` with no borrow of the archive.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};

/// Chunks one zip entry's thread may have decompressed ahead of its reader.
const CHUNKS_AHEAD: usize = 8;
/// Bytes per chunk.
const CHUNK_BYTES: usize = 256 << 10;

/// How a file is packed, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// Not compressed.
    Plain,
    /// gzip (`.gz`).
    Gzip,
    /// A zip archive (`.zip`).
    Zip,
}

impl Packing {
    /// The packing a file name says.
    pub fn of(path: &Path) -> Packing {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("gz") | Some("gzip") => Packing::Gzip,
            Some("zip") => Packing::Zip,
            _ => Packing::Plain,
        }
    }
}

/// The name a gzip file's content goes by (`tweets.csv.gz` → `tweets.csv`), so that format detection sees
/// the inner extension.
pub fn inner_name(path: &Path) -> String {
    let shown = path.display().to_string();
    match Packing::of(path) {
        Packing::Gzip => shown.rsplit_once('.').map(|(stem, _)| stem.to_string()).unwrap_or(shown),
        _ => shown,
    }
}

/// The files inside a zip archive, in archive order, as (index, name, uncompressed size): directories and
/// macOS resource forks (`__MACOSX/`) left out.
pub fn zip_entries(path: &Path) -> std::io::Result<Vec<(usize, String, u64)>> {
    let mut archive =
        zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(std::io::Error::other)?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(std::io::Error::other)?;
        let name = entry.name().to_string();
        if entry.is_dir()
            || name.starts_with("__MACOSX/")
            || name.rsplit('/').next().is_some_and(|n| n.starts_with("._"))
        {
            continue;
        }
        out.push((i, name, entry.size()));
    }
    Ok(out)
}

/// A decoding reader over the bytes of a plain or gzip file named `path`.
pub fn decode(path: &Path, bytes: impl Read + Send + 'static) -> Box<dyn Read + Send> {
    match Packing::of(path) {
        Packing::Gzip => {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(256 << 10, bytes)))
        }
        _ => Box::new(bytes),
    }
}

/// A decoding reader over a plain or gzip file.
pub fn open_file(path: &Path) -> std::io::Result<Box<dyn Read + Send>> {
    Ok(decode(path, File::open(path)?))
}

/// A reader over entry `index` of the zip archive at `path`, decompressed by a thread of its own.
pub fn open_zip_entry(path: &Path, index: usize) -> std::io::Result<Box<dyn Read + Send>> {
    let mut archive =
        zip::ZipArchive::new(BufReader::new(File::open(path)?)).map_err(std::io::Error::other)?;
    // Fail here, not in the thread, when the entry cannot be read at all.
    archive.by_index(index).map_err(std::io::Error::other)?;
    let (send, receive) = sync_channel::<std::io::Result<Vec<u8>>>(CHUNKS_AHEAD);
    let path: PathBuf = path.to_path_buf();
    std::thread::Builder::new().name(format!("unzip {}", path.display())).spawn(move || {
        let mut entry = match archive.by_index(index) {
            Ok(e) => e,
            Err(e) => {
                let _ = send.send(Err(std::io::Error::other(e)));
                return;
            }
        };
        loop {
            let mut chunk = vec![0u8; CHUNK_BYTES];
            match entry.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => {
                    chunk.truncate(n);
                    if send.send(Ok(chunk)).is_err() {
                        return; // the reader went away
                    }
                }
                Err(e) => {
                    let _ = send.send(Err(e));
                    return;
                }
            }
        }
    })?;
    Ok(Box::new(ChunkReader { chunks: receive, current: Vec::new(), at: 0 }))
}

/// Reads the chunks a decompressing thread sends, in order; the end of the channel is the end of the entry.
struct ChunkReader {
    chunks: Receiver<std::io::Result<Vec<u8>>>,
    current: Vec<u8>,
    at: usize,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.current.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    self.current = chunk?;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_and_zip_inputs_read_back_what_was_packed() {
        let dir = std::env::temp_dir().join(format!("trichome-compressed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text: String = (0..50_000).map(|i| format!("@a{i},2024-03-01 09:15,hello {i}\n")).collect();
        let gz = dir.join("posts.csv.gz");
        // Two gzip members back to back, as concatenated releases are.
        let mut out = File::create(&gz).unwrap();
        for half in [&text[..1000], &text[1000..]] {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(half.as_bytes()).unwrap();
            out.write_all(&enc.finish().unwrap()).unwrap();
        }
        drop(out);
        let mut back = String::new();
        open_file(&gz).unwrap().read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert_eq!(inner_name(&gz), dir.join("posts.csv").display().to_string());

        let zpath = dir.join("release.zip");
        let mut zip = zip::ZipWriter::new(File::create(&zpath).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.add_directory("tweets/", options).unwrap();
        zip.start_file("tweets/a.csv", options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
        zip.start_file("tweets/b.csv", options).unwrap();
        zip.write_all(b"second").unwrap();
        zip.finish().unwrap();
        let entries = zip_entries(&zpath).unwrap();
        let names: Vec<&str> = entries.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(names, ["tweets/a.csv", "tweets/b.csv"]);
        let mut back = String::new();
        open_zip_entry(&zpath, entries[0].0).unwrap().read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Stage 4, export: the site as data: open data (JSON, CSV and the datapackage that describes
//! them), calendars and the search index. Each data file is made on its own and handed to an
//! [`Emit`] as soon as it is made, the largest written as they are made, so that a build holds
//! one of them at a time. Where each file goes is `site::routes`.

pub mod datapackage;
mod ics;
pub mod pieces;
pub mod report_docx;
mod reports;
pub mod search;
mod tables;

use crate::site::routes::DataFile;
use crate::site::Site;

/// Makes the file(s) and hands each to `out` as soon as it is made, so that only one of
/// these large files is held at a time; the task files, the largest, are written as they
/// are made.
pub fn render(
    d: DataFile,
    site: &Site,
    out: &mut dyn Emit,
    kept: Option<&dyn search::Stretches>,
    pieces: Option<&dyn pieces::Pieces>,
) -> Result<(), String> {
    let files = d.files(site);
    match d {
        DataFile::Plans => out.file(
            &files[0],
            &serde_json::to_vec(&tables::plans_out(site)).map_err(|e| e.to_string())?,
        ),
        DataFile::Tasks => {
            out.stream(&files[0], &mut |w| {
                tables::write_json(site, &files[0], pieces, w)
            });
        }
        DataFile::TasksCsv => out.stream(&files[0], &mut |w| {
            tables::write_csv(site, &files[0], pieces, w)
        }),
        // Written as they are made: the calendar of every task is 580 MB at 100,000 plans.
        DataFile::Calendar(b) => out.stream(&files[0], &mut |w| ics::calendar(site, b, w)),
        DataFile::AllCalendar => out.stream(&files[0], &mut |w| {
            ics::calendar_all(site, &files[0], pieces, w)
        }),
        DataFile::Search => {
            search::render(site, &files, kept, &mut |path, bytes| out.file(path, bytes))?
        }
        DataFile::Package => out.file(&files[0], &datapackage::render(site)),
        DataFile::Reports => {
            out.file(&files[0], &reports::json(site)?);
            out.stream(&files[1], &mut |w| reports::csv(site, w));
        }
    }
    Ok(())
}

/// Where data files go as they are made.
pub trait Emit {
    /// A file made whole.
    fn file(&mut self, path: &str, bytes: &[u8]);
    /// A file that `make` writes piece by piece, written as it is made (a failure is the
    /// sink's to report, with the file's path).
    fn stream(
        &mut self,
        path: &str,
        make: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    );
}

//! `soudan export` and `soudan queue --format json` write each row as it is read: the
//! writer has the first row before the store has read the last, and SQLite is still
//! reading when the store hands the first row over. Nothing is gathered in memory first.

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use chrono::{FixedOffset, NaiveDate};
use soudan::config::Settings;
use soudan::domain::Lang;
use soudan::queue::output::{QueueFormat, write};
use soudan::queue::{Filter, Moment, OpenCases, Visit};
use soudan::referral::Directory;
use soudan::store::Store;
use soudan::transfer::{self, Format};

fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
}

fn demo_store(contacts: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let spec = soudan::demo::DemoSpec {
        contacts,
        seed: 7,
        until: until(),
        open_share: 0.0,
    };
    soudan::demo::generate(&mut store, &spec, &Settings::for_tests()).unwrap();
    store
}

/// A writer that notes, at every write, how many rows had been read by then.
struct Recorder {
    bytes: Vec<u8>,
    read: Rc<Cell<usize>>,
    /// (bytes written before this write, rows read at this write)
    writes: Vec<(usize, usize)>,
}

impl Recorder {
    fn new(read: &Rc<Cell<usize>>) -> Recorder {
        Recorder {
            bytes: Vec::new(),
            read: Rc::clone(read),
            writes: Vec::new(),
        }
    }

    /// How many rows had been read when the byte at `offset` reached the writer.
    fn read_when_written(&self, offset: usize) -> usize {
        self.writes
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .map(|(_, read)| *read)
            .unwrap()
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap()
    }
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writes.push((self.bytes.len(), self.read.get()));
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn export_writes_the_first_row_before_the_store_reads_the_last() {
    let store = demo_store(300);
    let directory = Directory::builtin();
    let national = soudan::national::National::builtin();
    let names = transfer::Names {
        directory: &directory,
        national: &national,
    };
    let offset = Settings::for_tests().desk_offset;
    for format in [Format::Csv, Format::Jsonl] {
        let read = Rc::new(Cell::new(0));
        let mut out = Recorder::new(&read);
        let count = transfer::export_rows(
            |visit| {
                store.for_each_export_row(|row| {
                    read.set(read.get() + 1);
                    visit(row)
                })
            },
            format,
            offset,
            names,
            &mut out,
        )
        .unwrap();
        assert_eq!((count, read.get()), (300, 300));
        let first_row = match format {
            Format::Csv => out.text().find('\n').unwrap() + 1,
            Format::Jsonl => 0,
        };
        let when = out.read_when_written(first_row);
        assert!(
            when < count / 2,
            "{format:?}: the first row reached the writer after {when} of {count} were read"
        );
        let mut whole = Vec::new();
        transfer::export(&store, format, offset, names, &mut whole).unwrap();
        assert_eq!(
            out.bytes, whole,
            "{format:?}: the same bytes as `soudan export`"
        );
    }
}

#[test]
fn the_store_hands_over_the_first_contact_while_sqlite_is_still_reading() {
    let store = demo_store(300);
    let interrupt = store.connection().get_interrupt_handle();
    let mut seen = 0;
    // Stopping SQLite at the first row stops the export there: had the store read every
    // row before handing any over, there would be nothing left to stop.
    let result = store.for_each_export_row(|_| {
        seen += 1;
        interrupt.interrupt();
        Ok(())
    });
    assert_eq!(seen, 1);
    assert!(result.is_err(), "SQLite was interrupted mid-read");

    let mut seen = 0;
    let result = store.for_each_open_case_ranked(until(), |_| {
        seen += 1;
        interrupt.interrupt();
        Ok(())
    });
    assert_eq!(seen, 1);
    assert!(result.is_err(), "SQLite was interrupted mid-read");
}

/// The store, counting the ranked cases it has handed over.
struct Counting<'a> {
    store: &'a Store,
    ranked_read: Rc<Cell<usize>>,
}

impl OpenCases for Counting<'_> {
    fn each(&self, visit: Visit) -> anyhow::Result<()> {
        self.store.each(visit)
    }

    fn each_ranked(&self, today: NaiveDate, visit: Visit) -> anyhow::Result<()> {
        self.store.each_ranked(today, &mut |item| {
            self.ranked_read.set(self.ranked_read.get() + 1);
            visit(item)
        })
    }
}

#[test]
fn queue_json_writes_the_first_case_before_the_store_reads_the_last() {
    let store = demo_store(400);
    let read = Rc::new(Cell::new(0));
    let source = Counting {
        store: &store,
        ranked_read: Rc::clone(&read),
    };
    let at = Moment {
        now: until().and_hms_opt(3, 0, 0).unwrap().and_utc(),
        offset: FixedOffset::east_opt(9 * 3600).unwrap(),
    };
    let mut out = Recorder::new(&read);
    write(
        &source,
        &Filter::default(),
        at,
        QueueFormat::Json,
        Lang::Ja,
        &mut out,
    )
    .unwrap();
    let total = read.get();
    assert!(total > 20, "{total} open cases");
    let first_case = out.text().find("\"case\":").unwrap();
    assert_eq!(
        out.read_when_written(first_case),
        1,
        "the first case is written as soon as it is read"
    );
    let value: serde_json::Value = serde_json::from_str(out.text()).unwrap();
    assert_eq!(value["summary"]["open"], total);
    assert_eq!(value["cases"].as_array().unwrap().len(), total);
}

//! `SQLite`'s `sum()` of `REAL` values in Rust, for a read that walks rows in key order and
//! adds them up itself instead of asking `SQLite` to group them (which sorts the rows in a
//! temporary b-tree when the grouping is not a prefix of the key).
//!
//! `SQLite` (since 3.43) adds with the Kahan-Babuška-Neumaier compensation and returns the
//! sum plus its error term unless the error term overflowed; [`SqlSum`] does the same steps in
//! the same order, so a figure read this way is the figure `sum(amount)` gave.

/// A running `sum()` of `REAL` values, as `SQLite`'s `sumStep` and `sumFinalize` keep it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SqlSum {
    sum: f64,
    err: f64,
    count: usize,
}

impl SqlSum {
    /// Adds one value (`kahanBabuskaNeumaierStep`).
    pub(crate) fn add(&mut self, r: f64) {
        let s = self.sum;
        let t = s + r;
        if s.abs() > r.abs() {
            self.err += (s - t) + r;
        } else {
            self.err += (r - t) + s;
        }
        self.sum = t;
        self.count += 1;
    }

    /// The sum, or None with no value added (`sum()` of no rows is NULL).
    pub(crate) fn value(&self) -> Option<f64> {
        (self.count > 0).then(|| {
            if self.err.is_finite() {
                self.sum + self.err
            } else {
                self.sum
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SqlSum;
    use rusqlite::Connection;

    /// Values of mixed scales, whose plain left-to-right sum differs from `SQLite`'s in some
    /// group (so the compensation is exercised): each group's sum matches `SQLite`'s bit for
    /// bit, and no value gives None as `sum()` of no rows is NULL.
    #[test]
    fn matches_sqlite_sum_bit_for_bit() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE v (k TEXT, x REAL NOT NULL)")
            .unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut sums = vec![SqlSum::default(); 40];
        let mut plain = vec![0.0; 40];
        for _ in 0..4000 {
            let k = usize::try_from(next() % 40).unwrap();
            let scale = [1e-3, 0.1, 1.0, 1e3, 1e9, 1e16][usize::try_from(next() % 6).unwrap()];
            #[allow(clippy::cast_precision_loss)]
            let x = (next() % 1_000_000) as f64 / 7.0 * scale;
            conn.execute("INSERT INTO v VALUES (?1, ?2)", (k.to_string(), x))
                .unwrap();
            sums[k].add(x);
            plain[k] += x;
        }
        // The table's rows in rowid order: the order they were added here.
        let mut st = conn.prepare("SELECT sum(x) FROM v WHERE k = ?1").unwrap();
        let mut plain_differs = false;
        for (k, s) in sums.iter().enumerate() {
            let want: Option<f64> = st.query_row([k.to_string()], |r| r.get(0)).unwrap();
            assert_eq!(
                s.value().map(f64::to_bits),
                want.map(f64::to_bits),
                "group {k}"
            );
            plain_differs |= plain[k].to_bits() != want.unwrap_or(0.0).to_bits();
        }
        assert!(plain_differs);
        assert_eq!(SqlSum::default().value(), None);
    }
}

//! The running totals and the projects one read of a page asks for, each read once (issue 27:
//! the province's page read [`paid_to_each`] about nine times, its status, count-down,
//! stalled projects, projection and reconciliation each asking for the same weeks of the same
//! projects, every project's line five times, and every project's plans of the count-down's
//! basis twice).
//!
//! A tracker made by [`Tracker::for_one_read`] remembers every week's totals it read, by
//! payment source, week and projects, the projects' lines ([`Tracker::projects_info`]) and
//! every project's plans of the count-down's basis ([`Tracker::basis_plans`]);
//! it lives for one read of a page and is dropped after it,
//! so it never gives totals read before a write it did not see (a page's reads are not one
//! snapshot: the memo only makes two of its reads of one week agree). Every other tracker
//! reads each time.

use std::sync::{Arc, Mutex, PoisonError};

use super::weekly_plans::BasisPlans;
use super::{PaymentSource, ProjectInfo, Tracker};
use crate::date::Date;
use crate::error::Result;
use crate::store::totals::{latest_payment_week, paid_on_week, paid_to_each};

/// The running totals and the projects read so far by one read (see the module docs).
#[derive(Debug, Default)]
pub(super) struct ReadMemo {
    paid: Mutex<Vec<PaidRead>>,
    projects: Mutex<Option<Vec<ProjectInfo>>>,
    basis: Mutex<Option<Arc<BasisPlans>>>,
}

/// One week's totals of some projects from one payment source.
#[derive(Debug)]
struct PaidRead {
    source: PaymentSource,
    week: String,
    codes: Vec<String>,
    paid: Vec<f64>,
}

impl Tracker {
    /// The same tracker remembering the running totals and the projects it reads, for the
    /// one read it is made for: a page's read (or a report's several views of one date)
    /// through it reads each week's totals and the projects once. Drop it after that read:
    /// it does not see later writes.
    #[must_use]
    pub fn for_one_read(&self) -> Self {
        Self {
            memo: Some(Arc::default()),
            ..self.clone()
        }
    }

    /// Every project, by code ([`Tracker::read_projects_info`]); a tracker made
    /// [`Tracker::for_one_read`] reads them once.
    pub(super) fn projects_info(&self) -> Result<Vec<ProjectInfo>> {
        match &self.memo {
            Some(memo) => once(&memo.projects, || self.read_projects_info()),
            None => self.read_projects_info(),
        }
    }

    /// The plans of the count-down's basis of every project (`None`) or of `investor`'s
    /// ([`Tracker::read_basis_plans`]); a tracker made [`Tracker::for_one_read`] reads every
    /// project's once.
    pub(super) fn basis_plans(&self, investor: Option<&str>) -> Result<Arc<BasisPlans>> {
        match (&self.memo, investor) {
            (Some(memo), None) => once(&memo.basis, || self.read_basis_plans(None).map(Arc::new)),
            _ => self.read_basis_plans(investor).map(Arc::new),
        }
    }

    /// Cumulative payments per project of `codes` (sorted) with week ending on or before `d`
    /// from the tracker's source (the store holds one plan year), aligned with them: the
    /// running totals of the latest week in one range scan ([`paid_to_each`]).
    pub(super) fn paid_of(&self, codes: &[&str], d: Date) -> Result<Vec<f64>> {
        self.paid_in(self.payment_source(), codes, d)
    }

    /// [`Tracker::paid_of`] from `source`'s payments; a tracker made [`Tracker::for_one_read`]
    /// reads the totals of a week and projects it read before from its memo.
    pub(super) fn paid_in(
        &self,
        source: PaymentSource,
        codes: &[&str],
        d: Date,
    ) -> Result<Vec<f64>> {
        let store = self.store();
        let conn = store.connection();
        let day = d.to_string();
        let read = || -> rusqlite::Result<Vec<f64>> {
            let Some(memo) = &self.memo else {
                return paid_to_each(conn, source.as_str(), &day, codes);
            };
            let Some(week) = latest_payment_week(conn, source.as_str(), &day)? else {
                return Ok(vec![0.0; codes.len()]);
            };
            let mut reads = memo.paid.lock().unwrap_or_else(PoisonError::into_inner);
            let same = |r: &&PaidRead| {
                r.source == source
                    && r.week == week
                    && r.codes.len() == codes.len()
                    && r.codes.iter().zip(codes).all(|(a, b)| a == b)
            };
            if let Some(r) = reads.iter().find(same) {
                return Ok(r.paid.clone());
            }
            let paid = paid_on_week(conn, source.as_str(), &week, codes)?;
            reads.push(PaidRead {
                source,
                week,
                codes: codes.iter().map(|&c| c.to_owned()).collect(),
                paid: paid.clone(),
            });
            Ok(paid)
        };
        read().map_err(|e| store.error(&e))
    }
}

/// What `kept` holds, else `read`'s result, then kept (not when `read` fails).
fn once<T: Clone>(kept: &Mutex<Option<T>>, read: impl FnOnce() -> Result<T>) -> Result<T> {
    let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(value) = kept.as_ref() {
        return Ok(value.clone());
    }
    let value = read()?;
    *kept = Some(value.clone());
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P1, P2 of investor A, P3 of B; the Treasury's and the investors' payments.
    fn tracker() -> Tracker {
        let mut t = Tracker::in_memory("x", 2025).unwrap();
        let files = [
            "project,name,investor,investor_name,responsible,capital_source\n\
             P1,Road 1,A,Board A,Ms Lan,NSTW\nP2,School 2,A,Board A,Mr Hai,NSDP\n\
             P3,Bridge 3,B,Board B,Mr Long,NSTW\n",
            "project,week_ending,source,amount\n\
             P1,2025-06-27,investor,130\nP1,2025-06-27,treasury,100\n\
             P1,2025-07-04,investor,20\nP2,2025-06-27,investor,50\nP2,2025-06-27,treasury,50\n\
             P3,2025-07-04,treasury,40\nP3,2025-07-11,investor,10\nP3,2025-07-11,treasury,10.3\n",
        ];
        for (i, text) in files.iter().enumerate() {
            t.import_csv_str(&format!("f{i}.csv"), text, "me").unwrap();
        }
        t
    }

    fn reads(t: &Tracker) -> usize {
        t.memo.as_ref().map_or(0, |m| m.paid.lock().unwrap().len())
    }

    #[test]
    fn one_reads_memo_tells_sources_weeks_and_projects_apart_and_sees_no_later_write() {
        let mut t = tracker();
        let m = t.for_one_read();
        let (all, p1p3) = (["P1", "P2", "P3"], ["P1", "P3"]);
        let day = |s: &str| s.parse::<Date>().unwrap();
        let treasury =
            |codes: &[&str], s: &str| m.paid_in(PaymentSource::Treasury, codes, day(s)).unwrap();
        // The Treasury by 11 July: P1 100, P2 50, P3 40 + 10.3 = 50.3; the 12th has the
        // same latest week (11 July), read from the memo.
        assert_eq!(treasury(&all, "2025-07-11"), [100.0, 50.0, 50.3]);
        assert_eq!(treasury(&all, "2025-07-12"), [100.0, 50.0, 50.3]);
        assert_eq!(reads(&m), 1);
        // The investors' of the same week: P1 130 + 20 = 150, P2 50, P3 10.
        let investor = m
            .paid_in(PaymentSource::Investor, &all, day("2025-07-11"))
            .unwrap();
        assert_eq!(investor, [150.0, 50.0, 10.0]);
        // Two projects of the same week, and an earlier week (4 July: P3's 40 alone).
        assert_eq!(treasury(&p1p3, "2025-07-11"), [100.0, 50.3]);
        assert_eq!(treasury(&all, "2025-07-04"), [100.0, 50.0, 40.0]);
        assert_eq!(reads(&m), 4);
        // A view of the other source shares the memo; its paid_of reads its own source.
        let v = m.view(PaymentSource::Investor);
        assert_eq!(v.paid_of(&all, day("2025-07-11")).unwrap(), investor);
        assert_eq!(reads(&m), 4);
        // The Treasury's 5 for P1 on 11 July: the memo (made before) keeps 100, a tracker
        // reading each time and a new one-read tracker read 105.
        t.import_csv_str(
            "more.csv",
            "project,week_ending,source,amount\nP1,2025-07-11,treasury,5\n",
            "me",
        )
        .unwrap();
        assert_eq!(treasury(&all, "2025-07-11"), [100.0, 50.0, 50.3]);
        let fresh = [105.0, 50.0, 50.3];
        let today = day("2025-07-11");
        assert_eq!(t.paid_of(&all, today).unwrap(), fresh);
        assert_eq!(t.for_one_read().paid_of(&all, today).unwrap(), fresh);
        assert_eq!(reads(&t), 0);
        // The projects likewise: P4 added after the memo read them is not among its three.
        let codes = |t: &Tracker| -> Vec<String> {
            t.projects_info()
                .unwrap()
                .into_iter()
                .map(|p| p.code)
                .collect()
        };
        assert_eq!(codes(&m), ["P1", "P2", "P3"]);
        // And every project's plans of the count-down's basis (by project, planned by a day).
        let planned = |t: &Tracker| t.planned_by_basis(today, None).unwrap().len();
        assert_eq!(planned(&m), 3);
        t.import_csv_str(
            "p4.csv",
            "project,name,investor,investor_name,responsible,capital_source\n\
             P4,Canal 4,B,Board B,Mr Long,NSDP\n",
            "me",
        )
        .unwrap();
        assert_eq!(codes(&m), ["P1", "P2", "P3"]);
        assert_eq!(codes(&t), ["P1", "P2", "P3", "P4"]);
        assert_eq!(codes(&t.for_one_read()), ["P1", "P2", "P3", "P4"]);
        assert_eq!(planned(&m), 3);
        assert_eq!(planned(&t), 4);
        assert_eq!(planned(&t.for_one_read()), 4);
    }
}

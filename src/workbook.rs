//! Workbook cells as text (feature `xlsx`): what the scenario workbook reader and the store's
//! imports both see in a cell.

use calamine::Data;

use crate::date::Date;

/// The text of a cell as the CSV reader would see it. Dates (Excel serial numbers) become ISO
/// dates; whole numbers print without a decimal point.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
            let serial = d.as_f64().floor() as i32;
            Date::new(1899, 12, 30)
                .map_or_else(|_| String::new(), |z| z.add_days(serial).to_string())
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

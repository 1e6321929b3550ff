//! The little dense and banded linear algebra the disaggregation needs, in pure Rust.
//!
//! The matrices are small (the aggregated covariance is N × N with N low-frequency periods) or
//! banded (the high-frequency whitening filters), so a hand-written Cholesky, Householder QR and
//! banded triangular solves are faster to build and to run than a general library. Nothing here
//! forms an explicit inverse except of the k × k triangular factor of the regression (k = number
//! of indicators), which is how the coefficient covariance is defined.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};

/// The lower Cholesky factor `L` of a symmetric positive definite `a` (`a = L L'`), or `None`
/// when a pivot is not positive (the matrix is not positive definite in floating point).
pub(crate) fn cholesky(a: ArrayView2<f64>) -> Option<Array2<f64>> {
    let n = a.nrows();
    let mut l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let row_j = l.row(j);
        let mut d = a[[j, j]]
            - row_j
                .slice_axis(Axis(0), Slice::from(..j))
                .dot(&row_j.slice_axis(Axis(0), Slice::from(..j)));
        if !(d > 0.0 && d.is_finite()) {
            return None;
        }
        d = d.sqrt();
        l[[j, j]] = d;
        for i in (j + 1)..n {
            let s = a[[i, j]]
                - l.row(i)
                    .slice_axis(Axis(0), Slice::from(..j))
                    .dot(&l.row(j).slice_axis(Axis(0), Slice::from(..j)));
            l[[i, j]] = s / d;
        }
    }
    Some(l)
}

/// Solves `L x = b` in place for lower-triangular `L`.
pub(crate) fn solve_lower(l: ArrayView2<f64>, b: &mut Array1<f64>) {
    for i in 0..b.len() {
        let s = b[i]
            - l.row(i)
                .slice_axis(Axis(0), Slice::from(..i))
                .dot(&b.slice_axis(Axis(0), Slice::from(..i)));
        b[i] = s / l[[i, i]];
    }
}

/// Solves `L' x = b` in place for lower-triangular `L`.
pub(crate) fn solve_lower_transpose(l: ArrayView2<f64>, b: &mut Array1<f64>) {
    let n = b.len();
    for i in (0..n).rev() {
        let mut s = b[i];
        for j in (i + 1)..n {
            s -= l[[j, i]] * b[j];
        }
        b[i] = s / l[[i, i]];
    }
}

/// Solves `L X = B` column by column.
pub(crate) fn solve_lower_matrix(l: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    let mut out = b.to_owned();
    for mut col in out.axis_iter_mut(Axis(1)) {
        let mut c = col.to_owned();
        solve_lower(l, &mut c);
        col.assign(&c);
    }
    out
}

/// The elements of `b` as one row-major slice, copying it into standard layout first when it
/// is not (a transposed or sliced matrix): the solvers below then never skip their work.
fn standard_slice(b: &mut Array2<f64>) -> &mut [f64] {
    if !b.is_standard_layout() {
        *b = b.as_standard_layout().into_owned();
    }
    b.as_slice_mut().expect("standard layout after the copy")
}

/// Solves `L X = B` in place for an N × m `B` (any layout), row by row: each step is a
/// vectorisable update of a whole row (for the wide `B = W` of the likelihood's derivative).
pub(crate) fn solve_lower_rows(l: ArrayView2<f64>, b: &mut Array2<f64>) {
    let (n, m) = b.dim();
    let x = standard_slice(b);
    for i in 0..n {
        let (done, rest) = x.split_at_mut(i * m);
        let target = &mut rest[..m];
        for j in 0..i {
            let f = l[[i, j]];
            if f != 0.0 {
                for (a, s) in target.iter_mut().zip(&done[j * m..(j + 1) * m]) {
                    *a -= f * s;
                }
            }
        }
        let inv = 1.0 / l[[i, i]];
        for a in target.iter_mut() {
            *a *= inv;
        }
    }
}

/// Solves the square system `a x = b` by Gaussian elimination with partial pivoting; `None`
/// when a pivot vanishes relative to the largest entry (a singular system). Used only for the
/// small symmetric indefinite (bordered) systems of Denton-Cholette.
pub(crate) fn solve_dense(mut a: Array2<f64>, mut b: Array1<f64>) -> Option<Array1<f64>> {
    let n = b.len();
    let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[[i, c]].abs().total_cmp(&a[[j, c]].abs()))?;
        let pivot = a[[p, c]].abs();
        if pivot.is_nan() || pivot <= 1e-13 * scale {
            return None;
        }
        if p != c {
            for k in 0..n {
                a.swap([c, k], [p, k]);
            }
            b.swap(c, p);
        }
        for r in (c + 1)..n {
            let f = a[[r, c]] / a[[c, c]];
            if f != 0.0 {
                for k in c..n {
                    a[[r, k]] -= f * a[[c, k]];
                }
                b[r] -= f * b[c];
            }
        }
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for j in (i + 1)..n {
            s -= a[[i, j]] * b[j];
        }
        b[i] = s / a[[i, i]];
    }
    Some(b)
}

/// A thin Householder QR of a tall matrix (m × k, m > k): the reflectors and the k × k `R`.
#[derive(Debug, Clone)]
pub(crate) struct Qr {
    /// Householder vectors, one per column, each of length m (zeros above its pivot).
    reflectors: Vec<Array1<f64>>,
    /// The upper-triangular factor.
    pub(crate) r: Array2<f64>,
}

impl Qr {
    pub(crate) fn new(a: ArrayView2<f64>) -> Self {
        let (m, k) = a.dim();
        let mut work = a.to_owned();
        let mut reflectors = Vec::with_capacity(k);
        for j in 0..k {
            let x = work
                .column(j)
                .slice_axis(Axis(0), Slice::from(j..))
                .to_owned();
            let norm = x.dot(&x).sqrt();
            let mut v = Array1::<f64>::zeros(m);
            v.slice_axis_mut(Axis(0), Slice::from(j..)).assign(&x);
            // Reflect onto -sign(x0)·‖x‖ e1 to avoid cancellation.
            let alpha = if x[0] >= 0.0 { -norm } else { norm };
            v[j] -= alpha;
            let vnorm2 = v.dot(&v);
            if vnorm2 > 0.0 {
                for c in j..k {
                    let mut col = work.column_mut(c);
                    let f = 2.0 * v.dot(&col) / vnorm2;
                    col.scaled_add(-f, &v);
                }
            }
            reflectors.push(v);
        }
        let r = Array2::from_shape_fn((k, k), |(i, c)| if i <= c { work[[i, c]] } else { 0.0 });
        Self { reflectors, r }
    }

    /// `Q' b`, in place.
    pub(crate) fn apply_qt(&self, b: &mut Array1<f64>) {
        for v in &self.reflectors {
            let vnorm2 = v.dot(v);
            if vnorm2 > 0.0 {
                let f = 2.0 * v.dot(b) / vnorm2;
                b.scaled_add(-f, v);
            }
        }
    }

    /// Solves `R x = c` (first k entries of `c`).
    pub(crate) fn solve_r(&self, c: ArrayView1<f64>) -> Array1<f64> {
        let k = self.r.nrows();
        let mut x = c.slice_axis(Axis(0), Slice::from(..k)).to_owned();
        for i in (0..k).rev() {
            let mut s = x[i];
            for j in (i + 1)..k {
                s -= self.r[[i, j]] * x[j];
            }
            x[i] = s / self.r[[i, i]];
        }
        x
    }

    /// Solves `R' z = r` (forward substitution).
    pub(crate) fn solve_rt(&self, r: ArrayView1<f64>) -> Array1<f64> {
        let k = self.r.nrows();
        let mut z = r.to_owned();
        for i in 0..k {
            let mut s = z[i];
            for j in 0..i {
                s -= self.r[[j, i]] * z[j];
            }
            z[i] = s / self.r[[i, i]];
        }
        z
    }

    /// The diagonal of `(R'R)^{-1}`, i.e. the unscaled variances of the coefficients.
    pub(crate) fn unscaled_variances(&self) -> Array1<f64> {
        let k = self.r.nrows();
        // Rows of R^{-1}: solve R' z = e_i would give columns of R^{-T}; equivalently build R^{-1}
        // (k × k, k small) by back substitution and take squared row norms.
        let mut rinv = Array2::<f64>::zeros((k, k));
        for c in 0..k {
            for i in (0..=c).rev() {
                let mut s = if i == c { 1.0 } else { 0.0 };
                for j in (i + 1)..=c {
                    s -= self.r[[i, j]] * rinv[[j, c]];
                }
                rinv[[i, c]] = s / self.r[[i, i]];
            }
        }
        rinv.map_axis(Axis(1), |row| row.dot(&row))
    }
}

/// A lower-triangular banded n × n matrix `M`: `bands[[t, k]] = M[t, t - k]`.
///
/// The high-frequency covariances are all of the form `Q = M⁻¹ M⁻ᵀ` with such an `M` (the AR(1)
/// Prais-Winsten filter, the differencing filter of the random walk, their product for
/// Litterman, powers of the difference operator for Denton), so applying `Q` or `M⁻¹` costs O(n).
#[derive(Debug, Clone)]
pub(crate) struct BandedLower {
    pub(crate) bands: Array2<f64>,
}

impl BandedLower {
    fn width(&self) -> usize {
        self.bands.ncols()
    }

    /// Solves `M x = b` in place (forward substitution).
    pub(crate) fn solve(&self, b: &mut [f64]) {
        let w = self.width();
        let bands = self.bands.as_standard_layout();
        let flat = bands.as_slice().expect("standard layout");
        for (t, row) in flat.chunks_exact(w).enumerate().take(b.len()) {
            let mut s = b[t];
            for k in 1..w.min(t + 1) {
                s -= row[k] * b[t - k];
            }
            b[t] = s / row[0];
        }
    }

    /// Solves `M' x = b` in place (backward substitution). `b` may be a prefix: `M'` restricted
    /// to its leading block is the leading block of `M'`.
    pub(crate) fn solve_transpose(&self, b: &mut [f64]) {
        let n = b.len();
        let w = self.width();
        let bands = self.bands.as_standard_layout();
        let flat = bands.as_slice().expect("standard layout");
        for t in (0..n).rev() {
            let mut s = b[t];
            for k in 1..w.min(n - t) {
                s -= flat[(t + k) * w + k] * b[t + k];
            }
            b[t] = s / flat[t * w];
        }
    }

    /// Solves `M' X = B` in place for all columns of an n × N matrix at once: the backward
    /// recurrence runs over rows, each step a vectorisable update of N independent columns
    /// (one column at a time would be a chain of dependent divisions).
    pub(crate) fn solve_transpose_columns(&self, b: &mut Array2<f64>) {
        let (n, cols) = b.dim();
        let w = self.width();
        let bands = self.bands.as_standard_layout();
        let flat = bands.as_slice().expect("standard layout");
        let x = standard_slice(b);
        for t in (0..n).rev() {
            let (head, tail) = x.split_at_mut((t + 1) * cols);
            let target = &mut head[t * cols..];
            for k in 1..w.min(n - t) {
                let m = flat[(t + k) * w + k];
                if m != 0.0 {
                    let source = &tail[(k - 1) * cols..k * cols];
                    for (a, s) in target.iter_mut().zip(source) {
                        *a -= m * s;
                    }
                }
            }
            let inv = 1.0 / flat[t * w];
            for a in target.iter_mut() {
                *a *= inv;
            }
        }
    }

    /// Solves `M X = B` in place for all columns of an n × N matrix at once.
    pub(crate) fn solve_columns(&self, b: &mut Array2<f64>) {
        let (n, cols) = b.dim();
        let w = self.width();
        let bands = self.bands.as_standard_layout();
        let flat = bands.as_slice().expect("standard layout");
        let x = standard_slice(b);
        for t in 0..n {
            let (head, tail) = x.split_at_mut(t * cols);
            let target = &mut tail[..cols];
            for k in 1..w.min(t + 1) {
                let m = flat[t * w + k];
                if m != 0.0 {
                    let source = &head[(t - k) * cols..(t - k + 1) * cols];
                    for (a, s) in target.iter_mut().zip(source) {
                        *a -= m * s;
                    }
                }
            }
            let inv = 1.0 / flat[t * w];
            for a in target.iter_mut() {
                *a *= inv;
            }
        }
    }

    /// `M X` for an n × N matrix.
    pub(crate) fn mul_columns(&self, x: &Array2<f64>) -> Array2<f64> {
        let w = self.width();
        let mut out = Array2::zeros(x.dim());
        for (t, mut row) in out.rows_mut().into_iter().enumerate() {
            for k in 0..w.min(t + 1) {
                let m = self.bands[[t, k]];
                if m != 0.0 {
                    row.scaled_add(m, &x.row(t - k));
                }
            }
        }
        out
    }

    /// `M x`.
    pub(crate) fn mul(&self, x: &[f64]) -> Vec<f64> {
        let w = self.width();
        (0..x.len())
            .map(|t| {
                (0..w.min(t + 1))
                    .map(|k| self.bands[[t, k]] * x[t - k])
                    .sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn cholesky_reproduces_the_matrix() {
        let a = array![[4.0, 2.0, 0.4], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]];
        let l = cholesky(a.view()).expect("positive definite");
        let back = l.dot(&l.t());
        for (x, y) in back.iter().zip(a.iter()) {
            assert!((x - y).abs() < 1e-14);
        }
        let mut b = array![1.0, 2.0, 3.0];
        solve_lower(l.view(), &mut b);
        solve_lower_transpose(l.view(), &mut b);
        let check = a.dot(&b);
        for (x, y) in check.iter().zip([1.0, 2.0, 3.0]) {
            assert!((x - y).abs() < 1e-13);
        }
        assert!(cholesky(array![[1.0, 2.0], [2.0, 1.0]].view()).is_none());
    }

    #[test]
    fn solvers_work_on_any_layout() {
        let l = array![[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [0.5, 1.0, 4.0]];
        let b = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]];
        let want = solve_lower_matrix(l.view(), b.view());
        // Fortran order: `as_slice_mut` is None, which used to skip the work silently.
        let mut f = b.t().as_standard_layout().into_owned().reversed_axes();
        assert!(!f.is_standard_layout());
        solve_lower_rows(l.view(), &mut f);
        for (x, y) in f.iter().zip(want.iter()) {
            assert!((x - y).abs() < 1e-14, "{x} vs {y}");
        }
    }

    #[test]
    fn qr_solves_least_squares() {
        let a = array![[1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]];
        let qr = Qr::new(a.view());
        let mut b = array![6.0, 5.0, 7.0, 10.0];
        qr.apply_qt(&mut b);
        let x = qr.solve_r(b.view());
        // Normal equations by hand: intercept 3.5, slope 1.4.
        assert!((x[0] - 3.5).abs() < 1e-13 && (x[1] - 1.4).abs() < 1e-13);
        let var = qr.unscaled_variances();
        // (A'A)^{-1} = [[1.5, -0.5], [-0.5, 0.2]].
        assert!((var[0] - 1.5).abs() < 1e-13 && (var[1] - 0.2).abs() < 1e-13);
    }

    #[test]
    fn banded_solves_invert_the_product() {
        let m = BandedLower {
            bands: array![
                [2.0, 0.0, 0.0],
                [1.0, -1.5, 0.0],
                [1.0, -1.5, 0.5],
                [1.0, -1.5, 0.5]
            ],
        };
        let x = [1.0, -2.0, 3.0, 0.5];
        let mut b = m.mul(&x);
        m.solve(&mut b);
        for (u, v) in b.iter().zip(x) {
            assert!((u - v).abs() < 1e-14);
        }
        // M' x computed densely, then solved back.
        let n = 4;
        let mut dense = Array2::<f64>::zeros((n, n));
        for t in 0..n {
            for k in 0..3.min(t + 1) {
                dense[[t, t - k]] = m.bands[[t, k]];
            }
        }
        let mut bt = dense.t().dot(&Array1::from(x.to_vec())).to_vec();
        m.solve_transpose(&mut bt);
        for (u, v) in bt.iter().zip(x) {
            assert!((u - v).abs() < 1e-14);
        }
    }
}

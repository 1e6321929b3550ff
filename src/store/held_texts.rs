//! The few texts an import's payment rows repeat (their payment sources and weeks), each held
//! once, and the comparison that uses it: texts held once are equal by address, compared
//! without reading them (issue 27: a week's file compares its 100,000 rows' sources and weeks
//! some million times while it sorts, groups and writes them; each `==` of two texts was a call
//! of the C library's `memcmp`).

/// Whether `a` and `b` are the same text: the same bytes in memory (a text [`HeldTexts`] holds,
/// met again), else compared byte by byte.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// The texts an import's rows repeat, each held once: [`HeldTexts::get`] gives back the copy
/// held first, so that [`same`] finds equal copies by address.
#[derive(Default)]
pub(crate) struct HeldTexts<'r> {
    texts: Vec<&'r str>,
}

impl<'r> HeldTexts<'r> {
    /// How many of the latest texts a text is compared with before it is held as another.
    const LOOKBACK: usize = 8;

    /// `text`, or an equal text held before.
    pub(crate) fn get(&mut self, text: &'r str) -> &'r str {
        if let Some(held) = self
            .texts
            .iter()
            .rev()
            .take(Self::LOOKBACK)
            .find(|held| same(held, text))
        {
            return held;
        }
        self.texts.push(text);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal texts come back as the one held first (the same bytes in memory), however they
    /// alternate; a text not among the latest held is held again, still equal.
    #[test]
    fn shared_texts_are_held_once() {
        let rows: Vec<String> = (0..40)
            .map(|i| ["treasury", "investor", "2025-01-03"][i % 3].to_owned())
            .collect();
        let mut shared = HeldTexts::default();
        let got: Vec<&str> = rows.iter().map(|t| shared.get(t)).collect();
        for (i, t) in got.iter().enumerate() {
            assert_eq!(*t, rows[i]);
            assert!(std::ptr::eq(t.as_ptr(), got[i % 3].as_ptr()), "row {i}");
        }
        assert_eq!(shared.texts.len(), 3);
        let many: Vec<String> = (0..20).map(|i| format!("W{i}")).collect();
        for t in &many {
            assert_eq!(shared.get(t), t);
        }
        // "treasury" is no longer among the latest eight: held again.
        assert_eq!(shared.get(&rows[0]), "treasury");
        assert_eq!(shared.texts.len(), 24);
    }

    /// Texts are the same by address or by their bytes, never by address alone.
    #[test]
    fn texts_are_the_same_by_address_or_by_bytes() {
        let (a, b) = ("2025-01-03".to_owned(), "2025-01-03".to_owned());
        assert!(same(&a, &a) && same(&a, &b) && same(&b, &a));
        assert!(!same(&a, "2025-01-10") && !same(&a[..4], &a[..5]));
        // The same address, another length: another text.
        assert!(!same(&a[..4], &a));
    }
}

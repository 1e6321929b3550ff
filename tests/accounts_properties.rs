//! Properties of accounts on random trees and data (proptest).

use grdpsim::{Accounts, Convention, Period, Quarter, SectorSpec, SectorTree};
use ndarray::Array2;
use proptest::prelude::*;

/// A random tree: `fanout[d]` children for every node at depth `d`.
fn tree(fanout: &[usize]) -> SectorTree {
    let mut specs = vec![SectorSpec {
        code: "ROOT".into(),
        parent: None,
        name_vi: String::new(),
        name_en: String::new(),
        aliases: vec![],
        net_taxes: false,
    }];
    let mut frontier = vec!["ROOT".to_owned()];
    for &k in fanout {
        let mut next = Vec::new();
        for parent in &frontier {
            for i in 0..k {
                let code = format!("{parent}_{i}");
                specs.push(SectorSpec {
                    code: code.clone(),
                    parent: Some(parent.clone()),
                    ..specs[0].clone()
                });
                next.push(code);
            }
        }
        frontier = next;
    }
    SectorTree::from_specs(&specs).unwrap()
}

fn periods() -> Vec<Period> {
    [
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 4),
        (1, 2),
        (3, 4),
        (1, 3),
        (1, 4),
    ]
    .iter()
    .map(|&(a, b)| Period::new(2024, a, b).unwrap())
    .collect()
}

fn case() -> impl Strategy<Value = (SectorTree, Array2<f64>)> {
    prop::collection::vec(2usize..4, 1..4).prop_flat_map(|fanout| {
        let t = tree(&fanout);
        let n = t.leaves().count();
        prop::collection::vec(1.0f64..1e6, n * 8)
            .prop_map(move |v| (t.clone(), Array2::from_shape_vec((n, 8), v).unwrap()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scaling_all_levels_leaves_growth_unchanged((t, levels) in case(), scale in 1e-3f64..1e3) {
        let start = Quarter::new(2023, 1).unwrap();
        let a = Accounts::from_leaf_levels(t.clone(), start, levels.view(), None).unwrap();
        let scaled = &levels * scale;
        let b = Accounts::from_leaf_levels(t.clone(), start, scaled.view(), None).unwrap();
        for node in t.nodes() {
            for p in periods() {
                let (ga, gb) = (a.growth(p, &node.code).unwrap(), b.growth(p, &node.code).unwrap());
                prop_assert!((ga - gb).abs() <= 1e-9 * ga.abs().max(1.0), "{} {p}: {ga} vs {gb}", node.code);
            }
        }
    }

    #[test]
    fn aggregates_are_sums_and_contributions_add_up((t, levels) in case()) {
        let acc = Accounts::from_leaf_levels(t.clone(), Quarter::new(2023, 1).unwrap(), levels.view(), None).unwrap();
        let m = acc.matrix(grdpsim::PriceBasis::Constant).unwrap();
        for (i, node) in t.nodes().iter().enumerate() {
            if node.children.is_empty() { continue; }
            for q in 0..8 {
                let sum: f64 = node.children.iter().map(|&c| m[[c, q]]).sum();
                prop_assert!((m[[i, q]] - sum).abs() <= 1e-12 * sum);
            }
        }
        for p in periods() {
            let c = acc.contributions(p, Convention::Grdp).unwrap();
            let total: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
            prop_assert!((total - c.total.growth_pct).abs() < 1e-9);
            // Deeper levels add up too: the leaves' contributions sum to GRDP growth.
            let leaves: Vec<&str> = t.leaves().map(|i| t.code(i)).collect();
            let c = acc.contributions_for(p, &leaves, Convention::Grdp).unwrap();
            let total: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
            prop_assert!((total - c.total.growth_pct).abs() < 1e-9);
        }
    }
}

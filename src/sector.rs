//! Sector trees (cây ngành): VSIC 2018 sections grouped into broad sectors, plus product taxes.
//!
//! Two trees are built in and their codes are aliases of each other, so an analyst can ask for
//! `CNXD` on national data or `BTF` on a province's:
//!
//! | national | provincial | Vietnamese | English |
//! |---|---|---|---|
//! | GDP | GRDP | Tổng sản phẩm | Gross (regional) domestic product |
//! | A | NLTS | Nông, lâm nghiệp và thủy sản | Agriculture, forestry and fishery |
//! | BTF | CNXD | Công nghiệp và xây dựng | Industry and construction |
//! | BTE | CN | Công nghiệp | Industry (B..E) |
//! | F | XD | Xây dựng | Construction |
//! | GTT | DV | Dịch vụ | Services |
//! | TAX | TSP | Thuế sản phẩm trừ trợ cấp sản phẩm | Product taxes less subsidies |

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{GrdpsimError, Result};

/// One sector of a custom tree, as given by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorSpec {
    pub code: String,
    /// `None` for the root (GRDP).
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    /// Other codes that mean this sector.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Net product taxes (may be negative; not part of gross value added).
    #[serde(default)]
    pub net_taxes: bool,
}

impl SectorSpec {
    fn new(code: &str, parent: Option<&str>, name_vi: &str, name_en: &str) -> Self {
        Self {
            code: code.into(),
            parent: parent.map(Into::into),
            name_vi: name_vi.into(),
            name_en: name_en.into(),
            aliases: Vec::new(),
            net_taxes: false,
        }
    }

    fn alias(mut self, alias: &str) -> Self {
        self.aliases.push(alias.into());
        self
    }

    fn taxes(mut self) -> Self {
        self.net_taxes = true;
        self
    }
}

/// One node of a [`SectorTree`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub aliases: Vec<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Net product taxes, or a part of them.
    pub net_taxes: bool,
    pub depth: usize,
}

/// A tree of sectors whose leaves add up to the root (GRDP) at constant prices.
///
/// Nodes are stored in pre-order (a parent before its children), so index 0 is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorTree {
    nodes: Vec<Sector>,
    lookup: HashMap<String, usize>,
}

impl SectorTree {
    /// Builds a tree from specs in any order (children keep their relative order).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidTree`] for duplicate codes or aliases, an unknown parent, no root
    /// or several roots, or a cycle.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::{SectorSpec, SectorTree};
    /// let spec = |code: &str, parent: Option<&str>| SectorSpec {
    ///     code: code.into(), parent: parent.map(Into::into), name_vi: String::new(),
    ///     name_en: String::new(), aliases: vec![], net_taxes: false,
    /// };
    /// let tree = SectorTree::from_specs(&[spec("GRDP", None), spec("X", Some("GRDP")), spec("Y", Some("GRDP"))])?;
    /// assert_eq!(tree.leaves().count(), 2);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn from_specs(specs: &[SectorSpec]) -> Result<Self> {
        let mut by_code: HashMap<&str, usize> = HashMap::new();
        for (i, s) in specs.iter().enumerate() {
            if s.code.trim().is_empty() {
                return Err(GrdpsimError::InvalidTree(format!(
                    "sector #{i} has an empty code"
                )));
            }
            if by_code.insert(s.code.as_str(), i).is_some() {
                return Err(GrdpsimError::InvalidTree(format!(
                    "duplicate code {}",
                    s.code
                )));
            }
        }
        let mut roots = Vec::new();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); specs.len()];
        for (i, s) in specs.iter().enumerate() {
            match &s.parent {
                None => roots.push(i),
                Some(p) => {
                    let &pi = by_code.get(p.as_str()).ok_or_else(|| {
                        GrdpsimError::InvalidTree(format!(
                            "sector {} names an unknown parent {p}",
                            s.code
                        ))
                    })?;
                    children[pi].push(i);
                }
            }
        }
        let root = match roots.as_slice() {
            [r] => *r,
            [] => {
                return Err(GrdpsimError::InvalidTree(
                    "no root (a sector without parent)".into(),
                ))
            }
            _ => {
                let codes: Vec<&str> = roots.iter().map(|&r| specs[r].code.as_str()).collect();
                return Err(GrdpsimError::InvalidTree(format!(
                    "several roots: {}",
                    codes.join(", ")
                )));
            }
        };
        // Pre-order walk; a node reached twice, or never, means a cycle.
        let mut order = Vec::with_capacity(specs.len());
        let mut stack = vec![(root, None::<usize>, 0usize)];
        let mut new_index = vec![usize::MAX; specs.len()];
        let mut nodes: Vec<Sector> = Vec::with_capacity(specs.len());
        while let Some((i, parent, depth)) = stack.pop() {
            if new_index[i] != usize::MAX {
                return Err(GrdpsimError::InvalidTree(format!(
                    "cycle at {}",
                    specs[i].code
                )));
            }
            new_index[i] = nodes.len();
            order.push(i);
            let s = &specs[i];
            let net = s.net_taxes || parent.is_some_and(|p: usize| nodes[p].net_taxes);
            nodes.push(Sector {
                code: s.code.clone(),
                name_vi: s.name_vi.clone(),
                name_en: s.name_en.clone(),
                aliases: s.aliases.clone(),
                parent,
                children: Vec::new(),
                net_taxes: net,
                depth,
            });
            let me = nodes.len() - 1;
            if let Some(p) = parent {
                nodes[p].children.push(me);
            }
            for &c in children[i].iter().rev() {
                stack.push((c, Some(me), depth + 1));
            }
        }
        if nodes.len() != specs.len() {
            let lost: Vec<&str> = (0..specs.len())
                .filter(|&i| new_index[i] == usize::MAX)
                .map(|i| specs[i].code.as_str())
                .collect();
            return Err(GrdpsimError::InvalidTree(format!(
                "sectors not reachable from the root (a cycle?): {}",
                lost.join(", ")
            )));
        }
        Self::with_lookup(nodes)
    }

    fn with_lookup(nodes: Vec<Sector>) -> Result<Self> {
        let mut lookup = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            for code in std::iter::once(&n.code).chain(&n.aliases) {
                if let Some(j) = lookup.insert(code.to_ascii_uppercase(), i) {
                    if j != i {
                        return Err(GrdpsimError::InvalidTree(format!(
                            "code or alias {code} names both {} and {}",
                            nodes[j].code, n.code
                        )));
                    }
                }
            }
        }
        Ok(Self { nodes, lookup })
    }

    /// The national feed's tree: sections A01..T and TAX, groups A, BTE, BTF, GTT, root GDP.
    pub fn national() -> Self {
        Self::from_specs(&national_specs()).expect("the built-in national tree is valid")
    }

    /// The provincial broad tree: NLTS, CNXD, DV, TSP under GRDP.
    pub fn provincial() -> Self {
        Self::from_specs(&provincial_specs(false)).expect("the built-in provincial tree is valid")
    }

    /// The provincial tree with industry and construction split: CNXD = CN + XD.
    pub fn provincial_detailed() -> Self {
        Self::from_specs(&provincial_specs(true)).expect("the built-in provincial tree is valid")
    }

    /// The specs that rebuild this tree (for files and serialization).
    pub fn specs(&self) -> Vec<SectorSpec> {
        self.nodes
            .iter()
            .map(|n| SectorSpec {
                code: n.code.clone(),
                parent: n.parent.map(|p| self.nodes[p].code.clone()),
                name_vi: n.name_vi.clone(),
                name_en: n.name_en.clone(),
                aliases: n.aliases.clone(),
                net_taxes: n.net_taxes && n.parent.is_none_or(|p| !self.nodes[p].net_taxes),
            })
            .collect()
    }

    /// All nodes, in pre-order.
    pub fn nodes(&self) -> &[Sector] {
        &self.nodes
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, index: usize) -> &Sector {
        &self.nodes[index]
    }

    /// Index 0.
    pub fn root(&self) -> usize {
        0
    }

    /// The node a code or alias names (case-insensitive).
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownSector`] listing the known codes.
    pub fn index(&self, code: &str) -> Result<usize> {
        self.find(code).ok_or_else(|| GrdpsimError::UnknownSector {
            code: code.to_owned(),
            hint: format!(
                " (known: {})",
                self.nodes
                    .iter()
                    .map(|n| n.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }

    /// Like [`SectorTree::index`], without an error.
    pub fn find(&self, code: &str) -> Option<usize> {
        self.lookup.get(&code.trim().to_ascii_uppercase()).copied()
    }

    pub fn code(&self, index: usize) -> &str {
        &self.nodes[index].code
    }

    pub fn is_leaf(&self, index: usize) -> bool {
        self.nodes[index].children.is_empty()
    }

    /// Leaf indices, in pre-order.
    pub fn leaves(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&i| self.is_leaf(i))
    }

    /// Whether `index` is `ancestor` or below it.
    pub fn is_within(&self, index: usize, ancestor: usize) -> bool {
        let mut cur = Some(index);
        while let Some(i) = cur {
            if i == ancestor {
                return true;
            }
            cur = self.nodes[i].parent;
        }
        false
    }

    /// The tree restricted to the nodes where `keep` is true; a kept node's parent must be kept.
    pub(crate) fn restricted(&self, keep: &[bool]) -> Self {
        let mut new_index = vec![usize::MAX; self.nodes.len()];
        let mut nodes = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if !keep[i] {
                continue;
            }
            new_index[i] = nodes.len();
            let parent = n.parent.map(|p| new_index[p]);
            debug_assert!(parent.is_none_or(|p| p != usize::MAX));
            let mut node = n.clone();
            node.parent = parent;
            node.children = Vec::new();
            nodes.push(node);
            if let Some(p) = parent {
                let me = nodes.len() - 1;
                nodes[p].children.push(me);
            }
        }
        Self::with_lookup(nodes).expect("a restriction of a valid tree is valid")
    }

    /// Whether every code of `codes` is known to this tree.
    pub(crate) fn knows_all<'a>(&self, codes: impl IntoIterator<Item = &'a str>) -> bool {
        codes.into_iter().all(|c| self.find(c).is_some())
    }
}

fn national_specs() -> Vec<SectorSpec> {
    let s = SectorSpec::new;
    let mut v = vec![
        s(
            "GDP",
            None,
            "Tổng sản phẩm trong nước (GDP)",
            "Gross domestic product",
        )
        .alias("GRDP"),
        s(
            "A",
            Some("GDP"),
            "Nông, lâm nghiệp và thủy sản",
            "Agriculture, forestry and fishery",
        )
        .alias("NLTS"),
        s(
            "A01",
            Some("A"),
            "Nông nghiệp và hoạt động dịch vụ có liên quan",
            "Agriculture",
        ),
        s(
            "A02",
            Some("A"),
            "Lâm nghiệp và hoạt động dịch vụ có liên quan",
            "Forestry",
        ),
        s(
            "A03",
            Some("A"),
            "Khai thác, nuôi trồng thủy sản",
            "Fishery",
        ),
        s(
            "BTF",
            Some("GDP"),
            "Công nghiệp và xây dựng",
            "Industry and construction",
        )
        .alias("CNXD"),
        s("BTE", Some("BTF"), "Công nghiệp", "Industry").alias("CN"),
        s("B", Some("BTE"), "Khai khoáng", "Mining and quarrying"),
        s(
            "C",
            Some("BTE"),
            "Công nghiệp chế biến, chế tạo",
            "Manufacturing",
        ),
        s(
            "D",
            Some("BTE"),
            "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
            "Electricity, gas, steam and air conditioning supply",
        ),
        s(
            "E",
            Some("BTE"),
            "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
            "Water supply; sewerage, waste management and remediation",
        ),
        s("F", Some("BTF"), "Xây dựng", "Construction").alias("XD"),
        s("GTT", Some("GDP"), "Dịch vụ", "Services").alias("DV"),
    ];
    let services = [
        ("G", "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác", "Wholesale and retail trade; repair of motor vehicles"),
        ("H", "Vận tải, kho bãi", "Transportation and storage"),
        ("I", "Dịch vụ lưu trú và ăn uống", "Accommodation and food service activities"),
        ("J", "Thông tin và truyền thông", "Information and communication"),
        ("K", "Hoạt động tài chính, ngân hàng và bảo hiểm", "Financial and insurance activities"),
        ("L", "Hoạt động kinh doanh bất động sản", "Real estate activities"),
        ("M", "Hoạt động chuyên môn, khoa học và công nghệ", "Professional, scientific and technical activities"),
        ("N", "Hoạt động hành chính và dịch vụ hỗ trợ", "Administrative and support service activities"),
        ("O", "Hoạt động của Đảng, tổ chức chính trị - xã hội; quản lý Nhà nước, an ninh quốc phòng; bảo đảm xã hội bắt buộc", "Public administration and defence; compulsory social security"),
        ("P", "Giáo dục và đào tạo", "Education"),
        ("Q", "Y tế và hoạt động trợ giúp xã hội", "Human health and social work"),
        ("R", "Nghệ thuật, vui chơi và giải trí", "Arts, entertainment and recreation"),
        ("S", "Hoạt động dịch vụ khác", "Other service activities"),
        ("T", "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất và dịch vụ tự tiêu dùng của hộ gia đình", "Activities of households as employers and for own use"),
    ];
    v.extend(services.iter().map(|(c, vi, en)| s(c, Some("GTT"), vi, en)));
    v.push(
        s(
            "TAX",
            Some("GDP"),
            "Thuế sản phẩm trừ trợ cấp sản phẩm",
            "Product taxes less subsidies",
        )
        .alias("TSP")
        .taxes(),
    );
    v
}

fn provincial_specs(detailed: bool) -> Vec<SectorSpec> {
    let s = SectorSpec::new;
    let mut v = vec![
        s(
            "GRDP",
            None,
            "Tổng sản phẩm trên địa bàn (GRDP)",
            "Gross regional domestic product",
        )
        .alias("GDP"),
        s(
            "NLTS",
            Some("GRDP"),
            "Nông, lâm nghiệp và thủy sản",
            "Agriculture, forestry and fishery",
        )
        .alias("A"),
        s(
            "CNXD",
            Some("GRDP"),
            "Công nghiệp và xây dựng",
            "Industry and construction",
        )
        .alias("BTF"),
    ];
    if detailed {
        v.push(s("CN", Some("CNXD"), "Công nghiệp", "Industry").alias("BTE"));
        v.push(s("XD", Some("CNXD"), "Xây dựng", "Construction").alias("F"));
    }
    v.push(s("DV", Some("GRDP"), "Dịch vụ", "Services").alias("GTT"));
    v.push(
        s(
            "TSP",
            Some("GRDP"),
            "Thuế sản phẩm trừ trợ cấp sản phẩm",
            "Product taxes less subsidies",
        )
        .alias("TAX")
        .taxes(),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_trees_share_codes_through_aliases() {
        let nat = SectorTree::national();
        let prov = SectorTree::provincial();
        for code in ["NLTS", "CNXD", "DV", "TSP", "GRDP", "CN", "XD"] {
            assert!(nat.find(code).is_some(), "{code}");
        }
        for code in ["A", "BTF", "GTT", "TAX", "GDP"] {
            assert!(prov.find(code).is_some(), "{code}");
        }
        assert_eq!(nat.code(nat.index("cnxd").unwrap()), "BTF");
        assert_eq!(nat.leaves().count(), 3 + 4 + 1 + 14 + 1);
        assert!(nat.node(nat.index("TAX").unwrap()).net_taxes);
    }

    #[test]
    fn rejects_bad_trees() {
        let spec = |c: &str, p: Option<&str>| SectorSpec::new(c, p, "", "");
        assert!(SectorTree::from_specs(&[spec("R", None), spec("R", Some("R"))]).is_err());
        assert!(SectorTree::from_specs(&[spec("R", None), spec("S", None)]).is_err());
        assert!(SectorTree::from_specs(&[spec("R", None), spec("S", Some("Z"))]).is_err());
        assert!(SectorTree::from_specs(&[
            spec("R", None),
            spec("S", Some("T")),
            spec("T", Some("S"))
        ])
        .is_err());
    }

    #[test]
    fn reads_a_tree_from_csv() {
        let text = "code,parent,name_en,aliases,net_taxes\nTOTAL,,Total,GRDP,\nIND,TOTAL,Industry,CN;BTE,\nTAXES,TOTAL,Taxes,,true\n";
        let t = SectorTree::from_csv_str("tree.csv", text).unwrap();
        assert_eq!(t.code(t.index("bte").unwrap()), "IND");
        assert!(t.node(t.index("TAXES").unwrap()).net_taxes);
        let bad = "code,parent,net_taxes\nTOTAL,,\nX,TOTAL,maybe\n";
        let e = SectorTree::from_csv_str("tree.csv", bad).unwrap_err();
        assert!(e.to_string().contains("tree.csv, line 3"), "{e}");
    }

    #[test]
    fn specs_round_trip() {
        let t = SectorTree::national();
        assert_eq!(SectorTree::from_specs(&t.specs()).unwrap(), t);
    }
}

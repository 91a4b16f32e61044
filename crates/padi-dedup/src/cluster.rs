//! Union-find over document numbers, with deterministic roots, runnable per partition.

use std::collections::HashMap;

use rayon::prelude::*;

/// Disjoint sets over `0..n`. The root of a set is always its smallest member, so the
/// representative (the kept document of a cluster) does not depend on the order in which
/// unions happen, and results merged from partitions equal a single global run.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: u32) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n as usize],
        }
    }

    /// The smallest member of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        // Path halving: every other node on the way points to its grandparent.
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    /// Joins the sets of `a` and `b`; returns the root of the union.
    pub fn union(&mut self, a: u32, b: u32) -> u32 {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return ra;
        }
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[child as usize] = root;
        self.size[root as usize] += self.size[child as usize];
        root
    }

    /// Number of members in `x`'s set.
    pub fn set_size(&mut self, x: u32) -> u32 {
        let root = self.find(x);
        self.size[root as usize]
    }
}

/// Components of the graph on `0..n` whose edges are split into partitions (for example LSH
/// band buckets partitioned by hash prefix). Each partition is reduced to `(node, local
/// root)` pairs on its own (in parallel, touching only its own nodes); the pairs are then
/// merged. Because roots are smallest members, the result is the same for any partitioning.
pub fn components_partitioned(n: u32, partitions: &[Vec<(u32, u32)>]) -> UnionFind {
    let local: Vec<Vec<(u32, u32)>> = partitions
        .par_iter()
        .map(|edges| local_roots(edges))
        .collect();
    let mut global = UnionFind::new(n);
    for (node, root) in local.into_iter().flatten() {
        global.union(node, root);
    }
    global
}

/// `(node, root)` for every node of `edges`, computed on a union-find sized to those nodes.
fn local_roots(edges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut nodes: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let slot: HashMap<u32, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, &n)| (n, i as u32))
        .collect();
    // Slots are assigned in node order, so the smallest slot is the smallest node.
    let mut uf = UnionFind::new(nodes.len() as u32);
    for (a, b) in edges {
        uf.union(slot[a], slot[b]);
    }
    (0..nodes.len() as u32)
        .map(|i| (nodes[i as usize], nodes[uf.find(i) as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn root_is_the_smallest_member() {
        let mut uf = UnionFind::new(10);
        uf.union(7, 9);
        uf.union(9, 3);
        uf.union(5, 6);
        assert_eq!(uf.find(7), 3);
        assert_eq!(uf.find(9), 3);
        assert_eq!(uf.set_size(9), 3);
        assert_eq!(uf.find(6), 5);
        assert_eq!(uf.set_size(0), 1);
        uf.union(6, 7);
        assert_eq!(uf.find(5), 3);
        assert_eq!(uf.set_size(3), 5);
    }

    proptest! {
        #[test]
        fn partitioning_does_not_change_components(
            edges in proptest::collection::vec((0u32..60, 0u32..60), 0..120),
            parts in 1usize..6,
        ) {
            let mut single = components_partitioned(60, std::slice::from_ref(&edges));
            let mut split = vec![Vec::new(); parts];
            for (i, e) in edges.iter().enumerate() {
                split[i % parts].push(*e);
            }
            let mut partitioned = components_partitioned(60, &split);
            let mut reference = UnionFind::new(60);
            for &(a, b) in &edges {
                reference.union(a, b);
            }
            for x in 0..60 {
                let root = reference.find(x);
                prop_assert_eq!(single.find(x), root);
                prop_assert_eq!(partitioned.find(x), root);
                prop_assert!(root <= x);
                prop_assert_eq!(partitioned.set_size(x), reference.set_size(x));
            }
        }
    }
}

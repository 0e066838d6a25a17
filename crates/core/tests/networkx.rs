//! The network measures against networkx itself, on random networks whose networkx values
//! `scripts/networkx_fixture.py` wrote down.

use rapport_core::kinds::OrganizationKind;
use rapport_core::network::{NetworkNode, Tie, measure};
use serde_json::Value;
use uuid::Uuid;

fn close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() < 1e-9, "{what}: rapport {actual}, networkx {expected}");
}

#[test]
fn measures_equal_networkx_on_random_networks() {
    let fixture: Value = serde_json::from_str(include_str!("fixtures/networkx.json")).expect("the fixture is JSON");
    let cases = fixture["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    for (number, case) in cases.iter().enumerate() {
        let n = case["nodes"].as_u64().unwrap() as u128;
        let id = |i: u64| Uuid::from_u128(i as u128 + 1);
        let nodes: Vec<NetworkNode> = (0..n)
            .map(|i| NetworkNode {
                id: Uuid::from_u128(i + 1),
                name: format!("{i}"),
                kind: OrganizationKind::Nonprofit,
            })
            .collect();
        let ties: Vec<Tie> = case["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| Tie {
                a: id(e[0].as_u64().unwrap()),
                b: id(e[1].as_u64().unwrap()),
                partnerships: 1,
                interactions: 0,
                trust: None,
                reliability: None,
            })
            .collect();
        let m = measure(&nodes, &ties);
        let what = |name: &str| format!("case {number}: {name}");
        close(m.density, case["density"].as_f64().unwrap(), &what("density"));
        close(m.degree_centralization, case["degree_centralization"].as_f64().unwrap(), &what("degree centralisation"));
        assert_eq!(m.components as u64, case["components"].as_u64().unwrap(), "{}", what("components"));
        let isolates: Vec<Uuid> =
            case["isolates"].as_array().unwrap().iter().map(|i| id(i.as_u64().unwrap())).collect();
        let mut ours = m.isolates.clone();
        ours.sort();
        assert_eq!(ours, isolates, "{}", what("isolates"));
        for (i, expected) in case["betweenness"].as_array().unwrap().iter().enumerate() {
            let node = m.nodes.iter().find(|x| x.id == id(i as u64)).unwrap();
            close(
                node.betweenness.unwrap_or(f64::NAN),
                expected.as_f64().unwrap(),
                &what(&format!("betweenness of node {i}")),
            );
        }
    }
}

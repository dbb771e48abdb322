fn main() {
    let ds = orgmetrics::load::load(std::path::Path::new("data")).unwrap();
    let c = orgmetrics::indicators::compute(&ds).unwrap();
    for r in &c.rows {
        println!("{} | {} | {} | {} | {:.4} | {} | {}", r.indicator, r.subject, r.from, r.to, r.value, r.computation, r.inputs);
    }
}

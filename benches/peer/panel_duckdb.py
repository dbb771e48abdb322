"""The DuckDB peer of `orgmetrics report --all --panel-only` for `just bench`: what an analyst with a
panel would try first, one SQL script over every organisation's files.

    panel_duckdb.py PANEL_DIR OUT_CSV

Reads the four domain files of every organisation of PANEL_DIR (`PANEL/*/workforce.csv`, ...)
with DuckDB's CSV reader, builds the series ids as orgmetrics does (docs/data.md), adds the
derived series (the staff and budget sums of src/compute/catalogue.rs, where every term exists and
the data give no value of their own), then computes for every series of every organisation the
absolute change, percent change and compound annual growth rate between its pairs of dated
periods (dates and years, not ranges), chosen as orgmetrics chooses them: every pair for up to
four periods, beyond that consecutive pairs and pairs from the first or to the last period. One
long CSV: organisation, indicator, subject, from, to, value (six decimals).

Durations: between two dates, their years' difference when the day of the year is the same, else
days / 365.25; between two years, their difference.
"""

import sys
from pathlib import Path

import duckdb

DERIVED = [  # in dependency order
    ("staff.permanent.all", [(1, "staff.permanent.scientists"), (1, "staff.permanent.support")]),
    ("staff.contract.all", [(1, "staff.contract.scientists"), (1, "staff.contract.support")]),
    ("staff.all.scientists", [(1, "staff.permanent.scientists"), (1, "staff.contract.scientists")]),
    ("staff.all.support", [(1, "staff.permanent.support"), (1, "staff.contract.support")]),
    ("staff.all.all", [(1, "staff.permanent.all"), (1, "staff.contract.all")]),
    ("unit_staff.partners", [(1, "unit_staff.all"), (-1, "unit_staff.organisation")]),
    ("budget_revenues.total", [(1, "budget_revenues.state_subsidy"), (1, "budget_revenues.other_revenues")]),
    ("budget_revenues.other_unitemised", [
        (1, "budget_revenues.other_revenues"), (-1, "budget_revenues.other_public_subsidies"),
        (-1, "budget_revenues.eu_funding"), (-1, "budget_revenues.own_revenues")]),
    ("other_revenue_balance.total", [(1, "budget_revenues.state_subsidy"), (1, "other_revenue_balance.other_revenues")]),
]


def main(panel_dir, out_csv):
    con = duckdb.connect()
    files = lambda name: f"'{Path(panel_dir).as_posix()}/*/{name}.csv'"
    org = "regexp_extract(filename, '([^/]+)/[^/]+$', 1)"
    read = "read_csv({}, all_varchar = true, filename = true, header = true)"
    con.execute(f"""
        CREATE TABLE obs AS
        SELECT {org} AS organisation,
               CASE WHEN measure = 'headcount' AND scope = 'organisation' THEN 'staff.' || status || '.' || "group"
                    WHEN measure = 'headcount' THEN 'unit_staff.' || employer
                    WHEN measure = 'average_age' THEN 'age.' || status || '.' || "group"
                    WHEN measure = 'average_age_change' THEN 'age_change.' || status || '.' || "group"
                    WHEN measure = 'fixed_term_share' THEN 'fixed_term_share.' || status || '.' || "group"
                    ELSE 'unit_fte_share.' || employer END AS series,
               period, CAST(value AS DOUBLE) AS value
        FROM {read.format(files('workforce'))}
        UNION ALL
        SELECT {org}, basis || '.' || line, period, CAST(value AS DOUBLE) FROM {read.format(files('budget'))}
        UNION ALL
        SELECT {org}, measure || '.' || entity || '.' || field || CASE WHEN coalesce(count_method, '') <> '' THEN '.' || count_method ELSE '' END,
               period, CAST(value AS DOUBLE) FROM {read.format(files('publications'))}
        UNION ALL
        SELECT {org}, 'eu.' || programme || '.' || measure, period, CAST(value AS DOUBLE) FROM {read.format(files('eu_funding'))}
    """)
    for sid, terms in DERIVED:
        n = len(terms)
        signs = " ".join(f"WHEN '{s}' THEN {sign}" for sign, s in terms)
        names = ", ".join(f"'{s}'" for _, s in terms)
        con.execute(f"""
            INSERT INTO obs
            SELECT organisation, '{sid}', period, sum(value * CASE series {signs} END)
            FROM obs WHERE series IN ({names})
            GROUP BY organisation, period
            HAVING count(DISTINCT series) = {n}
               AND NOT EXISTS (SELECT 1 FROM obs o2 WHERE o2.organisation = obs.organisation
                               AND o2.series = '{sid}' AND o2.period = obs.period)
        """)
    con.execute(f"""
        COPY (
          WITH dated AS (
            SELECT organisation, series, period, value,
                   CASE WHEN length(period) = 10 THEN CAST(period AS DATE) END AS d,
                   CAST(substr(period, 1, 4) AS INTEGER) AS y
            FROM obs WHERE period NOT LIKE '%/%'
          ), ranked AS (
            SELECT *, row_number() OVER w - 1 AS pos, count(*) OVER (PARTITION BY organisation, series) AS n
            FROM dated WINDOW w AS (PARTITION BY organisation, series ORDER BY y, d NULLS LAST)
          ), pairs AS (
            SELECT a.organisation, a.series, a.period AS p_from, b.period AS p_to, a.value AS v0, b.value AS v1,
                   CASE WHEN a.d IS NULL OR b.d IS NULL THEN b.y - a.y
                        WHEN strftime(a.d, '%m-%d') = strftime(b.d, '%m-%d') THEN b.y - a.y
                        ELSE date_diff('day', a.d, b.d) / 365.25 END AS years
            FROM ranked a JOIN ranked b USING (organisation, series)
            WHERE b.pos > a.pos AND (a.n <= 4 OR b.pos = a.pos + 1 OR a.pos = 0 OR b.pos = a.n - 1)
          )
          SELECT organisation, 'absolute_change' AS indicator, series AS subject, p_from AS "from", p_to AS "to",
                 round(v1 - v0, 6) AS value FROM pairs
          UNION ALL
          SELECT organisation, 'percent_change', series, p_from, p_to, round(100 * (v1 / v0 - 1), 6)
          FROM pairs WHERE v0 <> 0
          UNION ALL
          SELECT organisation, 'cagr', series, p_from, p_to, round(100 * (power(v1 / v0, 1 / years) - 1), 6)
          FROM pairs WHERE v0 > 0 AND v1 >= 0 AND years > 0
          ORDER BY organisation, subject, indicator, "from", "to"
        ) TO '{Path(out_csv).as_posix()}' (HEADER, DELIMITER ',')
    """)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: panel_duckdb.py PANEL_DIR OUT_CSV")
    Path(sys.argv[2]).parent.mkdir(parents=True, exist_ok=True)
    main(sys.argv[1], sys.argv[2])

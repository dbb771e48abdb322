"""The peer of `orgmetrics report` for `just bench`: the same job, written as an analyst would
write it with pandas and matplotlib.

    report.py DATA_DIR OUT_DIR

Reads the four domain files of DATA_DIR (workforce, budget, publications, eu_funding), builds
the series ids and the derived series, computes the indicator table (shares and ratios at common
periods; absolute change, percent change and CAGR between every pair of dated periods of every
series), and writes OUT_DIR/tables/indicators.csv, one wide table per domain, and eight charts
(SVG and PNG, 1000 x 600 px at 96 dpi) under OUT_DIR/charts/.

The computing functions work on frames with an `organisation` column, so that panel.py can reuse
them on many organisations at once.
"""

import sys
import textwrap
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

KEY = ["organisation", "series", "period"]
DOMAINS = ["workforce", "budget", "publications", "eu_funding"]
DOMAIN_PREFIXES = {
    "workforce": ("staff.", "unit_staff.", "unit_fte_share.", "age.", "age_change.", "fixed_term_share."),
    "budget": ("budget_revenues.", "other_revenue_balance."),
    "publications": (
        "share_of_french_publications.",
        "mean_normalised_citation_score.",
        "international_copublication_share.",
        "open_access_share.",
    ),
    "eu_funding": ("eu.",),
}

# Derived series, in dependency order: signed sums of other series, at every period where every
# term exists and the data give no value of their own (src/compute/catalogue.rs).
DERIVED_SERIES = {
    "staff.permanent.all": [(1, "staff.permanent.scientists"), (1, "staff.permanent.support")],
    "staff.contract.all": [(1, "staff.contract.scientists"), (1, "staff.contract.support")],
    "staff.all.scientists": [(1, "staff.permanent.scientists"), (1, "staff.contract.scientists")],
    "staff.all.support": [(1, "staff.permanent.support"), (1, "staff.contract.support")],
    "staff.all.all": [(1, "staff.permanent.all"), (1, "staff.contract.all")],
    "unit_staff.partners": [(1, "unit_staff.all"), (-1, "unit_staff.organisation")],
    "budget_revenues.total": [(1, "budget_revenues.state_subsidy"), (1, "budget_revenues.other_revenues")],
    "budget_revenues.other_unitemised": [
        (1, "budget_revenues.other_revenues"),
        (-1, "budget_revenues.other_public_subsidies"),
        (-1, "budget_revenues.eu_funding"),
        (-1, "budget_revenues.own_revenues"),
    ],
    "other_revenue_balance.total": [(1, "budget_revenues.state_subsidy"), (1, "other_revenue_balance.other_revenues")],
}

# Shares (scale 100) and ratios (scale 1) between fixed series: (indicator, num, den, scale, domain).
FIXED_PAIRS = [
    ("contract_staff_ratio", "staff.contract.all", "staff.all.all", 100, "workforce"),
    ("contract_staff_ratio", "staff.contract.scientists", "staff.all.scientists", 100, "workforce"),
    ("contract_staff_ratio", "staff.contract.support", "staff.all.support", 100, "workforce"),
    ("support_staff_share", "staff.all.support", "staff.all.all", 100, "workforce"),
    ("permanent_researchers_per_permanent_support", "staff.permanent.scientists", "staff.permanent.support", 1, "workforce"),
    ("contract_scientists_per_permanent_researcher", "staff.contract.scientists", "staff.permanent.scientists", 1, "workforce"),
    ("organisation_share_of_unit_staff", "unit_staff.organisation", "unit_staff.all", 100, "workforce"),
    ("partner_share_of_unit_staff", "unit_staff.partners", "unit_staff.all", 100, "workforce"),
    ("share_of_total_budget", "budget_revenues.state_subsidy", "budget_revenues.total", 100, "budget"),
    ("share_of_total_budget", "budget_revenues.other_revenues", "budget_revenues.total", 100, "budget"),
    ("share_of_total_budget", "budget_revenues.state_subsidy", "other_revenue_balance.total", 100, "budget"),
    ("share_of_other_revenues", "budget_revenues.other_public_subsidies", "budget_revenues.other_revenues", 100, "budget"),
    ("share_of_other_revenues", "budget_revenues.eu_funding", "budget_revenues.other_revenues", 100, "budget"),
    ("share_of_other_revenues", "budget_revenues.own_revenues", "budget_revenues.other_revenues", 100, "budget"),
    ("share_of_other_revenues", "budget_revenues.other_unitemised", "budget_revenues.other_revenues", 100, "budget"),
    ("spending_to_other_revenues", "other_revenue_balance.spending_from_other_revenues",
     "other_revenue_balance.other_revenues", 100, "budget"),
    ("growth_gap", "other_revenue_balance.spending_from_other_revenues", "other_revenue_balance.other_revenues", None, "budget"),
    ("eu_funding_two_accounts", "eu.all.european_funding", "budget_revenues.eu_funding", 1, "eu_funding"),
]
GROWTH_BLOCK = 100  # growth rows come after every share and ratio


# ------------------------------------------------------------------------------------------ load

def read_domains(data_dirs):
    """The four domain files of every data directory ({organisation: directory}) as one long
    frame: organisation, series, period, value, unit."""
    def read(name):
        return pd.concat([pd.read_csv(Path(d) / f"{name}.csv", dtype=str, keep_default_na=False).assign(organisation=org)
                          for org, d in data_dirs.items()], ignore_index=True)

    w, b, p, e = read("workforce"), read("budget"), read("publications"), read("eu_funding")
    dims = w.status + "." + w.group
    w["series"] = np.select(
        [(w.measure == "headcount") & (w.scope == "organisation"), w.measure == "headcount",
         w.measure == "average_age", w.measure == "average_age_change", w.measure == "fixed_term_share"],
        ["staff." + dims, "unit_staff." + w.employer, "age." + dims, "age_change." + dims, "fixed_term_share." + dims],
        "unit_fte_share." + w.employer,
    )
    b["series"] = b.basis + "." + b.line
    p["series"] = p.measure + "." + p.entity + "." + p.field + np.where(p.count_method != "", "." + p.count_method, "")
    e["series"] = "eu." + e.programme + "." + e.measure
    obs = pd.concat([f[["organisation", "series", "period", "value", "unit"]] for f in (w, b, p, e)], ignore_index=True)
    obs["value"] = obs.value.astype(float)
    return obs


def period_attributes(frame):
    """Adds t (position on a time axis: dates and years; NaN for ranges), span (years a range
    covers) and end_year and kind_rank (for ordering periods: dates, then years, then ranges)."""
    parts = frame.period.str.extract(r"^(\d{4})(?:-(\d{2})-(\d{2})|/(\d{4}))?$").astype(float)
    year, month, end = parts[0], parts[1], parts[3]
    is_date, is_range = month.notna(), end.notna()
    dates = pd.to_datetime(frame.period.where(is_date), format="%Y-%m-%d", errors="coerce")
    days_in_year = np.where(dates.dt.is_leap_year, 366.0, 365.0)
    frame["t"] = np.where(is_date, year + dates.dt.dayofyear / days_in_year, np.where(is_range, np.nan, year + 0.5))
    frame["span"] = end - year + 1
    frame["end_year"] = end.fillna(year).astype(int)
    frame["kind_rank"] = np.select([is_date, is_range], [0, 2], 1)
    return frame


def add_derived(obs):
    """Observations plus every derived series (grouped by organisation and period)."""
    for sid, terms in DERIVED_SERIES.items():
        signs = pd.DataFrame(terms, columns=["sign", "series"])
        parts = obs.merge(signs, on="series")
        parts["value"] *= parts.sign
        sums = (parts.groupby(["organisation", "period"], as_index=False)
                .agg(value=("value", "sum"), unit=("unit", "first"), n=("value", "size")))
        sums = sums[sums.n == len(terms)]
        own = obs.loc[obs.series == sid, ["organisation", "period"]].assign(own=True)
        sums = sums.merge(own, on=["organisation", "period"], how="left")
        sums = sums[sums.own.isna()].assign(series=sid)
        obs = pd.concat([obs, sums[obs.columns]], ignore_index=True)
    return obs


def load_series(data_dirs):
    """Data and derived series of every data directory ({organisation: directory}), with the
    attributes of their periods."""
    return period_attributes(add_derived(read_domains(data_dirs)))


def domain_of(series):
    out = pd.Series("unknown", index=series.index)
    for domain, prefixes in reversed(DOMAIN_PREFIXES.items()):
        out[series.str.startswith(prefixes)] = domain
    return out


# ------------------------------------------------------------------------------------ indicators

def catalogue_pairs(ids):
    """Every share and ratio to compute, given the series ids the data have: the fixed pairs,
    then those made per field, comparator and programme. Columns: indicator, num, den, scale,
    domain, block, key, sub (the last three order the rows)."""
    fixed = pd.DataFrame(FIXED_PAIRS, columns=["indicator", "num", "den", "scale", "domain"])
    fixed = fixed.assign(block=fixed.index, key="", sub="")
    fixed = fixed[fixed.indicator != "growth_gap"]
    ids = pd.Series(sorted(set(ids)))
    parts = ids.str.split(".", expand=True).reindex(columns=range(4))
    measure, entity, field, method = parts[0], parts[1], parts[2], parts[3]
    pubs = []
    # Full-count over fractional-count share, per field.
    full = ids[(measure == "share_of_french_publications") & (entity == "organisation") & (method == "full")]
    pubs.append(pd.DataFrame({"indicator": "full_to_fractional_share", "num": full,
                              "den": full.str.replace(r"\.full$", ".fractional", regex=True), "scale": 1, "block": 20}))
    # International co-publication share relative to each comparator's, per field.
    copub = pd.DataFrame({"id": ids, "entity": entity, "field": field})[measure == "international_copublication_share"]
    own, other = copub[copub.entity == "organisation"], copub[copub.entity != "organisation"]
    gap = own.merge(other, on="field", suffixes=("", "_c"))
    pubs.append(pd.DataFrame({"indicator": "international_copublication_gap", "num": gap.id, "den": gap.id_c,
                              "scale": 1, "block": 20}))
    # Specialisation index: share in a panel (LS3) over share in its domain (LS).
    panel_domain = field.str.extract(r"^([A-Za-z]+)\d+$")[0]
    panels = ids[(measure == "share_of_french_publications") & (entity == "organisation")
                 & (method == "fractional") & panel_domain.notna()]
    pubs.append(pd.DataFrame({"indicator": "specialisation_index", "num": panels,
                              "den": "share_of_french_publications.organisation." + panel_domain[panels.index] + ".fractional",
                              "scale": 1, "block": 21}))
    # Citation score relative to each comparator's.
    comp = ids[(measure == "mean_normalised_citation_score") & (entity != "organisation") & field.notna()]
    pubs.append(pd.DataFrame({"indicator": "relative_citation_score", "den": comp,
                              "num": "mean_normalised_citation_score.organisation." + field[comp.index],
                              "scale": 1, "block": 22}))
    # EU programmes: coordinations as a share of participations.
    part = ids[(measure == "eu") & (field == "participations")]
    pubs.append(pd.DataFrame({"indicator": "coordination_rate", "num": part.str.replace("participations", "coordinations"),
                              "den": part, "scale": 100, "block": 23}))
    pubs = pd.concat(pubs, ignore_index=True)
    pubs["domain"] = np.where(pubs.block == 23, "eu_funding", "publications")
    pubs["key"] = np.where(pubs.block == 22, pubs.den, pubs.num)
    pubs["sub"] = np.where(pubs.block == 22, "", pubs.den)
    return pd.concat([fixed, pubs], ignore_index=True)


def shares_and_ratios(series, pairs):
    """scale x num / den at every period both series have, per organisation."""
    v = series[KEY + ["value"]]
    m = (pairs.merge(v.rename(columns={"series": "num", "value": "a"}), on="num")
         .merge(v.rename(columns={"series": "den", "value": "b"}), on=["organisation", "den", "period"]))
    return pd.DataFrame({
        "organisation": m.organisation, "indicator": m.indicator, "subject": m.num + " / " + m.den,
        "from": "", "to": m.period, "value": m.scale * m.a / m.b,
        "unit": np.where(m.scale == 100, "percent", "ratio"), "domain": m.domain,
        "block": m.block, "key": m.key, "sub": m["sub"],
    })


def per_programme_year(series):
    """Projects per programme year, for the participations and coordinations of a programme."""
    eu = series[series.series.str.match(r"^eu\.[^.]+\.(participations|coordinations)$") & series.span.notna()].copy()
    eu["participations"] = eu.series.str.replace("coordinations", "participations")
    has_part = eu[["organisation", "participations"]].merge(
        series[["organisation", "series"]].drop_duplicates(), left_on=["organisation", "participations"],
        right_on=["organisation", "series"], how="left", indicator=True)["_merge"].eq("both").to_numpy()
    eu = eu[has_part]
    return pd.DataFrame({
        "organisation": eu.organisation, "indicator": "per_programme_year", "subject": eu.series, "from": "",
        "to": eu.period, "value": eu.value / eu.span, "unit": "projects per year", "domain": "eu_funding",
        "block": 23, "key": eu.participations, "sub": np.where(eu.series == eu.participations, "1", "2"),
    })


def period_pairs(series):
    """The (from, to) pairs of dated periods of every series, per organisation: every pair for up
    to four periods; beyond, consecutive pairs and pairs from the first or to the last period (the
    rule of orgmetrics' catalogue)."""
    dated = series.loc[series.t.notna(), KEY + ["value", "t", "unit"]].copy()
    group = dated.groupby(["organisation", "series"]).t
    dated["pos"] = group.rank(method="first").astype(int) - 1
    dated["n"] = group.transform("size")
    pairs = dated.merge(dated, on=["organisation", "series"], suffixes=("", "_to"))
    wanted = (pairs.n <= 4) | (pairs.pos_to == pairs.pos + 1) | (pairs.pos == 0) | (pairs.pos_to == pairs.n - 1)
    pairs = pairs[(pairs.t_to > pairs.t) & wanted]
    pairs["pct"] = 100 * (pairs.value_to / pairs.value - 1)
    return pairs


def changes(pairs):
    """Absolute change, percent change and CAGR between every pair of periods."""
    base = {"organisation": pairs.organisation, "subject": pairs.series, "from": pairs.period, "to": pairs.period_to,
            "domain": domain_of(pairs.series), "key": pairs.series}
    abs_unit = np.where(pairs.unit == "percent", "percentage points", pairs.unit)
    cagr = 100 * ((pairs.value_to / pairs.value) ** (1 / (pairs.t_to - pairs.t)) - 1)
    frames = [
        pd.DataFrame({**base, "indicator": "absolute_change", "value": pairs.value_to - pairs.value,
                      "unit": abs_unit, "sub": "0"}),
        pd.DataFrame({**base, "indicator": "percent_change", "value": pairs.pct, "unit": "percent", "sub": "1"}),
        pd.DataFrame({**base, "indicator": "cagr", "value": cagr, "unit": "percent per year", "sub": "2"}),
    ]
    out = pd.concat(frames, ignore_index=True)
    out["block"] = GROWTH_BLOCK + out.domain.map({d: i for i, d in enumerate(DOMAINS)}).fillna(len(DOMAINS))
    return out


def growth_gaps(pairs):
    """Percent change of one series minus that of another over the periods both have."""
    rows = []
    for block, (ind, a, b, _, domain) in enumerate(FIXED_PAIRS):
        if ind != "growth_gap":
            continue
        pa, pb = pairs[pairs.series == a], pairs[pairs.series == b]
        m = pa.merge(pb, on=["organisation", "period", "period_to"], suffixes=("_a", "_b"))
        rows.append(pd.DataFrame({
            "organisation": m.organisation, "indicator": ind, "subject": f"{a} vs {b}", "from": m.period,
            "to": m.period_to, "value": m.pct_a - m.pct_b, "unit": "percentage points", "domain": domain,
            "block": block, "key": "", "sub": "",
        }))
    return pd.concat(rows, ignore_index=True)


def indicators(series):
    """The indicator table of every organisation in `series`, in catalogue order."""
    pairs = period_pairs(series)
    table = pd.concat([
        shares_and_ratios(series, catalogue_pairs(series.series.unique())),
        per_programme_year(series),
        growth_gaps(pairs),
        changes(pairs),
    ], ignore_index=True)
    return table.sort_values(["organisation", "block", "key", "sub", "from", "to"], ignore_index=True)


def wide_tables(series, table, out_dir):
    """Per domain: a row per series and per single-period indicator, a column per period, then the
    percent change and CAGR between the row's first and last dated periods."""
    order = series.drop_duplicates("period").sort_values(["end_year", "kind_rank", "period"]).period.tolist()
    first_last = series[series.t.notna()].sort_values("t").groupby("series").period.agg(["first", "last"])
    ch = table[table.indicator.isin(["percent_change", "cagr"])].merge(
        first_last, left_on=["subject", "from", "to"], right_on=["series", "first", "last"])
    ch = ch.pivot(index="subject", columns="indicator", values="value")[["percent_change", "cagr"]]
    ch = ch.rename(columns={"percent_change": "percent_change_first_to_last", "cagr": "cagr_first_to_last"})
    series = series.assign(domain=domain_of(series.series), row=series.series).sort_values("series")
    single = table[table["from"] == ""].rename(columns={"to": "period"})
    single["row"] = single.indicator + ": " + single.subject
    rows = pd.concat([series[["domain", "row", "period", "value", "unit"]], single[["domain", "row", "period", "value", "unit"]]])
    for domain, frame in rows.groupby("domain"):
        wide = frame.pivot(index="row", columns="period", values="value")
        wide = wide[[p for p in order if p in wide.columns]]
        wide.insert(0, "unit", frame.groupby("row").unit.first())
        wide = wide.join(ch, how="left").reindex(frame.row.drop_duplicates())
        wide.rename_axis("series").round(6).to_csv(out_dir / f"{domain}.csv")


# ---------------------------------------------------------------------------------------- charts

COLORS = {"blue": "#0072B2", "sky": "#56B4E9", "orange": "#E69F00", "vermillion": "#D55E00",
          "green": "#009E73", "black": "#000000", "grey": "#999999"}
SIZE = (1000 / 96, 600 / 96)


def draw_charts(series, table, labels, org, comparators, out_dir):
    # matplotlib is imported here, not at the top, so that panel.py (which reuses the computing
    # functions above) does not pay for it.
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    label = lambda sid: labels.get(sid, sid).replace("{org}", org)
    values = series.pivot(index="period", columns="series", values="value")
    periods = series.drop_duplicates("period").set_index("period")

    def save(fig, name):
        fig.savefig(out_dir / f"{name}.svg")
        fig.savefig(out_dir / f"{name}.png", dpi=96)
        plt.close(fig)

    # 1. Staff by status and group at the first and last year-ends with every breakdown.
    staff = ["staff.permanent.scientists", "staff.permanent.support", "staff.contract.scientists", "staff.contract.support"]
    complete = values[staff].dropna().join(periods.t).sort_values("t")
    first, last = complete.index[0], complete.index[-1]
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    bars = complete.loc[[first, last], staff].T.rename(index=label)
    bars.plot.bar(ax=ax, rot=0, color=[COLORS["sky"], COLORS["blue"]], width=0.75)
    for c in ax.containers:
        ax.bar_label(c, fmt="{:,.0f}", fontsize=9)
    ax.set(title=f"{org} staff by status and group, {first} and {last}", xlabel="Status and group",
           ylabel="Headcount (persons)")
    ax.legend(title="Year-end")
    save(fig, "workforce_by_status_group")

    # 2. Percent change of each staff series between them.
    change_series = staff + ["staff.permanent.all", "staff.contract.all", "staff.all.all"]
    pct = table[(table.indicator == "percent_change") & (table["from"] == first) & (table.to == last)]
    pct = pct.set_index("subject").value.reindex(change_series).dropna()[::-1]
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    ax.barh([label(s) for s in pct.index], pct, color=np.where(pct < 0, COLORS["vermillion"], COLORS["blue"]),
            label="Percent change")
    ax.bar_label(ax.containers[0], fmt="{:+.1f}%", padding=3)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.margins(x=0.12)
    ax.set(title=f"Change in {org} headcount from {first} to {last}", xlabel="Percent change (%)", ylabel="Staff category")
    ax.legend(loc="lower right")
    save(fig, "workforce_percent_change")

    # 3. Contract and support shares over time.
    shares = table[table.indicator.isin(["contract_staff_ratio", "support_staff_share"]) & (table["from"] == "")]
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    for subject, s in shares.groupby("subject", sort=False):
        num, den = subject.split(" / ")
        ax.plot(pd.to_datetime(s.to), s.value, marker="o", label=f"{label(num)} / {label(den)}")
    ax.set(title=f"Contract staff and support staff as shares of {org}'s headcount", xlabel="Date of the headcount",
           ylabel="Share of headcount (%)")
    ax.legend()
    ax.grid(alpha=0.3)
    save(fig, "workforce_ratios")

    # 4. Permanent and contract staff projected to 2035 (constant growth and linear trend).
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    for sid, color in [("staff.permanent.all", COLORS["blue"]), ("staff.contract.all", COLORS["orange"])]:
        s = series[(series.series == sid) & series.t.notna()].sort_values("t")
        (y0, v0), (y1, v1) = s[["end_year", "value"]].iloc[0], s[["end_year", "value"]].iloc[-1]
        years = np.arange(y1, 2036)
        cagr = (v1 / v0) ** (1 / (y1 - y0)) - 1
        ax.plot(s.end_year, s.value, "o-", color=color, label=f"{label(sid)}, observed")
        ax.plot(years, v1 * (1 + cagr) ** (years - y1), "--", color=color, label=f"{label(sid)}, constant growth")
        ax.plot(years, v1 + (v1 - v0) / (y1 - y0) * (years - y1), ":", color=color, label=f"{label(sid)}, linear trend")
    ax.set(title="Permanent and contract staff, observed and projected to 2035", xlabel="End of year",
           ylabel="Headcount (persons)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(ncol=2)
    ax.grid(alpha=0.3)
    save(fig, "workforce_projection")

    # 5. Revenues by year, in two panels.
    budget = series[series.series.str.startswith("budget_revenues.") & (series.kind_rank == 1)]
    fig, axes = plt.subplots(1, 2, figsize=SIZE, layout="constrained")
    panels = [("(a) State subsidy and all other revenues", ["state_subsidy", "other_revenues"]),
              ("(b) Lines itemised within other revenues", ["other_public_subsidies", "eu_funding", "own_revenues"])]
    for ax, (title, lines) in zip(axes, panels):
        for line, marker in zip(lines, "os^"):
            s = budget[budget.series == f"budget_revenues.{line}"].sort_values("end_year")
            ax.plot(s.end_year, s.value, marker=marker, linestyle="--", label=label(f"budget_revenues.{line}"))
        ax.set(title=title, xlabel="Year", ylabel="EUR million")
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle(f"{org}'s revenues by year, {budget.end_year.min()}–{budget.end_year.max()}")
    save(fig, "budget_revenues")

    # 6. Share of French publications per life-sciences panel, with the whole domain as reference.
    pub = series[series.series.str.match(r"^share_of_french_publications\.organisation\.LS\d+\.fractional$")].copy()
    pub["field"] = pub.series.str.split(".").str[2]
    pub = pub.sort_values("field", key=lambda f: f.str[2:].astype(int))
    whole = values.loc[pub.period.iloc[0], "share_of_french_publications.organisation.LS.fractional"]
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    ax.bar([f"{f}\n" + textwrap.fill(labels.get(f, ""), 13, break_long_words=False) for f in pub.field], pub.value, color=COLORS["blue"],
           label=f"{org}'s share in the panel")
    ax.bar_label(ax.containers[0], fmt="{:.1f}%")
    ax.axhline(whole, color=COLORS["vermillion"], linestyle="--", label=f"All life sciences (LS): {whole:g}%")
    ax.set(title=f"{org}'s share of French publications by ERC life-sciences panel, {pub.period.iloc[0]}",
           xlabel="ERC panel", ylabel="Share of French publications (%)")
    ax.tick_params(axis="x", labelsize=8)
    ax.legend()
    save(fig, "publication_share_by_panel")

    # 7. Mean normalised citation scores of the organisation and its comparators.
    cit = series[series.series.str.match(r"^mean_normalised_citation_score\.[^.]+\.LS$")].copy()
    cit["entity"] = cit.series.str.split(".").str[1]
    cit["name"] = cit.entity.map({"organisation": org, **comparators}).fillna(cit.entity)
    cit = cit.sort_values("value", ascending=False)
    own = cit.entity == "organisation"
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    ax.bar(cit.name[~own], cit.value[~own], color=COLORS["sky"], label="France and comparator institutions")
    ax.bar(cit.name[own], cit.value[own], color=COLORS["blue"], label=org)
    for c in ax.containers:
        ax.bar_label(c, fmt="{:.1f}")
    ax.axhline(1, color="black", linestyle="--", label="World average = 1")
    ax.set(title=f"Mean normalised citation score in life sciences, {cit.period.iloc[0]}: {org}, France and comparators",
           xlabel="Institution or country", ylabel="Mean normalised citation score (index)")
    ax.legend()
    save(fig, "citation_scores")

    # 8. EU funding: the two accounts by year, and projects per programme year.
    fig, axes = plt.subplots(1, 2, figsize=SIZE, layout="constrained")
    accounts = ["eu.all.european_funding", "budget_revenues.eu_funding"]
    two = values[accounts].dropna(how="all").join(periods.end_year).set_index("end_year").sort_index()
    two.rename(columns={"eu.all.european_funding": "European funding (section V.1)",
                        "budget_revenues.eu_funding": "EU funding revenue line (section VII.4.a)"}).plot.bar(
        ax=axes[0], rot=0, color=[COLORS["blue"], COLORS["orange"]])
    axes[0].set(title="(a) Two accounts of EU funding", xlabel="Year", ylabel="EUR million")
    ppy = table[table.indicator == "per_programme_year"].copy()
    ppy[["programme", "measure"]] = ppy.subject.str.split(".", expand=True)[[1, 2]]
    ppy["group"] = ppy.programme.map(lambda p: labels.get(p, p)) + " (" + ppy.to + ")"
    ppy = ppy.pivot(index="measure", columns="group", values="value").reindex(["participations", "coordinations"])
    ppy.rename(index=str.capitalize).plot.bar(ax=axes[1], rot=0, color=[COLORS["sky"], COLORS["vermillion"]])
    axes[1].set(title="(b) EU framework-programme projects per year",
                xlabel=f"Projects {org} took part in or coordinated", ylabel="Projects per programme year")
    for ax in axes:
        for c in ax.containers:
            ax.bar_label(c, fmt="{:.1f}", fontsize=8)
        ax.legend(fontsize=8)
    fig.suptitle("EU funding: the report's two figures, and Horizon 2020 against Horizon Europe")
    save(fig, "eu_funding")


# ------------------------------------------------------------------------------------------ main

def main(data_dir, out_dir):
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    (out_dir / "tables").mkdir(parents=True, exist_ok=True)
    (out_dir / "charts").mkdir(parents=True, exist_ok=True)
    organisation = tomllib.loads((data_dir / "organisation.toml").read_text())
    definition = tomllib.loads((data_dir / "report.toml").read_text())
    labels = {**definition["labels"]["series"], **definition["labels"]["fields"], **definition["labels"]["programmes"]}
    comparators = {c["id"]: c["short_name"] for c in organisation.get("comparators", [])}

    series = load_series({organisation["id"]: data_dir})
    table = indicators(series)
    table[["indicator", "subject", "from", "to", "value", "unit"]].to_csv(
        out_dir / "tables" / "indicators.csv", index=False, float_format="%.6f")
    wide_tables(series, table, out_dir / "tables")
    draw_charts(series, table, labels, organisation["short_name"], comparators, out_dir / "charts")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: report.py DATA_DIR OUT_DIR")
    main(sys.argv[1], sys.argv[2])

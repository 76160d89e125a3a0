"""The seed's theses on the Claims page: the state's money by kind of investor, the labs' valuations over
time, Zhipu's and MiniMax's listings, and Alibaba's market value at dated points.

Each chart names its sources best first: a source line entry reads "level 2 · Reuters (copy)", so the line
(which sorts its entries) lists the producer's own text first and anything else last. A value a source gives
only in Hong Kong dollars is drawn across the HK$7.75-7.85 peg band; its hover says the conversion is
fundgap's."""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundgap.analysis import theses
from fundgap.analysis.theses import ClassMoney, Listing
from fundgap.common import fmt, i18n
from fundgap.common.i18n import EN, N_, tr
from fundgap.views import palette
from fundgap.views.charts.base import HOVER, ChartText, esc, frame_figure, short, usd_axis, wrap, wrapped

CLASS_COLORS = {
    theses.STATE_FUNDS: palette.color(5),
    theses.STATE_COMPANIES: palette.color(1),
    theses.PRIVATE_COMPANIES: palette.color(0),
    theses.FUNDS: palette.color(2),
    theses.FOREIGN: palette.color(3),
    theses.OTHER: "#999999",
}
BASIS_SYMBOLS = {
    theses.POST_MONEY: "circle",
    theses.AS_REPORTED: "circle-open",
    theses.PRE_MONEY: "square-open",
    theses.LISTING: "diamond",
    theses.MARKET: "star",
}
LAB_MONEY_COLOR = "#444444"
CONTEXT_LABELS = {
    "aiindex2026_cn_guidance": N_("AI Index: state guidance funds → AI firms, 2000-23"),
    "china_state_vc_guidance_fund_2025": N_("State venture guidance fund, from 2025 (20 years)"),
    "china_national_ai_fund_2025_01": N_("National AI Industry Investment Fund, 2025"),
}
OPEN_ENDED_SYMBOL = "triangle-up"  # "more than": the value is a floor
MAX_SOURCE_NAMES = 8
MAX_HOVER_DEALS = 6
HOVER_COLUMNS = (
    "figure_id",
    "source_level",
    "source_publisher",
    "status",
    "caveat",
    "source_url",
    "amount_kind",
    "amount_original",
    "currency_original",
)
FACT_CHARS = 52  # characters of 10 px text that fit a phone-wide panel
PEG_TEXT = "HK$ values converted at the HK$7.75-7.85 peg band (fundgap's conversion)"
# The units of the charts that draw HK$ values, whole, so the catalogue holds each (f"… {PEG_TEXT}").
UNIT_LOG_PEG = N_(
    "US dollars (log scale); HK$ values converted at the HK$7.75-7.85 peg band (fundgap's conversion)"
)
UNIT_PEG = N_("US dollars; HK$ values converted at the HK$7.75-7.85 peg band (fundgap's conversion)")
QUALIFIERS = {"approximate": N_("about {amount}"), "lower_bound": N_("more than {amount}")}
QUALIFIERS_ZH = {**QUALIFIERS, "upper_bound": N_("up to {amount}")}


# -- shared helpers -----------------------------------------------------------------------------------


def ranked_sources(rows: pd.DataFrame, limit: int = MAX_SOURCE_NAMES, lang: str = EN) -> tuple[str, ...]:
    """The publishers behind some rows as source-line entries, best first: "level 1 · Stanford AI Index"
    ("1级 · Stanford AI Index"). Beyond `limit` the rest are counted in one last entry, which sorts after
    every "level" entry."""
    if rows.empty:
        return ()
    pairs = sorted(
        {
            (int(level) if pd.notna(level) else 4, str(publisher))
            for level, publisher in zip(rows["source_level"], rows["source_publisher"], strict=True)
            if isinstance(publisher, str)
        }
    )
    if lang != EN:
        return _ranked_in(pairs, limit, lang)
    named = [f"level {level} · {publisher}" for level, publisher in pairs[:limit]]
    rest = pairs[limit:]
    if rest:
        levels = sorted({level for level, _ in rest})
        span = f"level {levels[0]}" if len(levels) == 1 else f"levels {levels[0]}-{levels[-1]}"
        named.append(f"other sources: {len(rest)} more ({span}), named in the hover text")
    return tuple(named)


def _ranked_in(pairs: list[tuple[int, str]], limit: int, lang: str) -> tuple[str, ...]:
    # "1级 · Reuters": a digit sorts before every Chinese character, so the entry counting the rest
    # ("其他来源") still sorts last.
    named = [
        tr(lang, "level {level} · {publisher}").format(level=level, publisher=publisher)
        for level, publisher in pairs[:limit]
    ]
    rest = pairs[limit:]
    if rest:
        levels = sorted({level for level, _ in rest})
        span = (
            tr(lang, "level {level}").format(level=levels[0])
            if len(levels) == 1
            else tr(lang, "levels {low}-{high}").format(low=levels[0], high=levels[-1])
        )
        named.append(
            tr(lang, "other sources: {n} more ({span}), named in the hover text").format(
                n=len(rest), span=span
            )
        )
    return tuple(named)


def original_text(amount, currency, lang: str = EN) -> str:
    """An amount in the source's own currency: "HK$51B", "¥24.38B"; in Chinese "510亿港元",
    "243.8亿元人民币"."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return ""
    if lang != EN:
        return i18n.money(fmt.as_printed(float(amount), fine=True), str(currency), lang, fine=True)
    prefix = {"HKD": "HK$", "CNY": "¥", "USD": "US$", "JPY": "¥"}.get(str(currency), f"{currency} ")
    return prefix + fmt.usd(float(amount), fine=True)[1:]


def value_text(point: pd.Series, row: pd.Series, lang: str = EN) -> str:
    """A valuation as a reader needs it: the source's own words for the amount, then fundgap's conversion."""
    if lang != EN:
        return _value_in(point, row, lang)
    qualifier = {"approximate": "about ", "lower_bound": "more than ", "upper_bound": "up to "}
    if point["converted"]:
        own = qualifier.get(str(row.get("amount_kind")), "") + original_text(
            row.get("amount_original"), row.get("currency_original")
        )
        bounds = "open above" if point["open_ended"] else fmt.usd_range(point["low_usd"], point["high_usd"])
        return f"{own}: about {fmt.usd(point['value_usd'])} ({bounds}; fundgap's conversion at the HK$ peg)"
    prefix = "more than " if point["open_ended"] else ""
    noted = f" (as noted: {point['detail']})" if point["detail"] else ""
    return prefix + fmt.usd(point["value_usd"]) + noted


def _qualified(kind: object, amount: str, lang: str) -> str:
    # "about 43.5亿港元": the amount with its qualifier in the catalogue's words.
    return tr(lang, QUALIFIERS_ZH.get(str(kind), "{amount}")).format(amount=amount)


def _value_in(point: pd.Series, row: pd.Series, lang: str) -> str:
    value = fmt.usd(point["value_usd"], lang=lang)
    if point["converted"]:
        own = _qualified(
            row.get("amount_kind"),
            original_text(row.get("amount_original"), row.get("currency_original"), lang),
            lang,
        )
        bounds = (
            tr(lang, "open above")
            if point["open_ended"]
            else fmt.usd_range(point["low_usd"], point["high_usd"], lang)
        )
        return tr(lang, "{own}: about {value} ({bounds}; fundgap's conversion at the HK$ peg)").format(
            own=own, value=value, bounds=bounds
        )
    text = tr(lang, "more than {amount}").format(amount=value) if point["open_ended"] else value
    # The note is the dataset's own text: it stays in its language.
    return text + (
        tr(lang, " (as noted: {detail})").format(detail=point["detail"]) if point["detail"] else ""
    )


def point_hover(points: pd.DataFrame, figures: pd.DataFrame, lang: str = EN) -> np.ndarray:
    """One row of escaped hover fields per point, in base.HOVER_FIELDS order, from the figure behind it."""
    # Only the points' rows and the columns read here: indexing the whole view per lab took most of a second.
    wanted = figures["figure_id"].isin(points["figure_id"]).to_numpy(dtype=bool)
    rows = figures.loc[wanted, [c for c in HOVER_COLUMNS if c in figures]].set_index("figure_id")
    out = []
    for _, point in points.iterrows():
        row = rows.loc[point["figure_id"]] if point["figure_id"] in rows.index else pd.Series(dtype=object)
        level = row.get("source_level")
        source = _level_text(row.get("source_publisher", ""), level, lang) if pd.notna(level) else ""
        status = fmt.status_text(row.get("status", point["status"]), row.get("caveat"), lang)
        url = row.get("source_url")
        out.append(
            [
                esc(v)
                for v in (
                    point["figure_id"],
                    f"{point['lab']}: {point['basis']}"
                    if lang == EN
                    else f"{point['lab']}：{tr(lang, point['basis'])}",
                    value_text(point, row, lang),
                    source,
                    point["period_start"] if lang == EN else fmt.date_text(point["period_start"], lang),
                    status,
                    url if isinstance(url, str) else tr(lang, "no https link"),
                )
            ]
        )
    return np.array(out, dtype=object).reshape(len(out), 7)


def _level_text(publisher, level, lang: str) -> str:
    """ "Reuters (level 2)"; the publisher is dataset text."""
    if lang == EN:
        return f"{publisher} (level {int(level)})"
    return tr(lang, "{publisher} (level {level})").format(publisher=publisher, level=int(level))


def _symbols(points: pd.DataFrame) -> list[str]:
    return [
        OPEN_ENDED_SYMBOL if bool(o) else BASIS_SYMBOLS[b]
        for b, o in zip(points["basis"], points["open_ended"], strict=True)
    ]


def _opacity(points: pd.DataFrame) -> list[float]:
    return [1.0 if s == "VERIFIED" else 0.45 for s in points["status"].astype(str)]


def _error_y(points: pd.DataFrame, colour: str) -> dict:
    # An open upper end is shown by the marker (a triangle pointing up), not by an endless bar.
    high = [
        0.0 if math.isinf(h) else max(h - v, 0.0)
        for h, v in zip(points["high_usd"], points["value_usd"], strict=True)
    ]
    low = [max(v - lo, 0.0) for v, lo in zip(points["value_usd"], points["low_usd"], strict=True)]
    return {
        "type": "data",
        "symmetric": False,
        "array": high,
        "arrayminus": low,
        "color": colour,
        "thickness": 1,
    }


def _legend_marker(fig: go.Figure, name: str, symbol: str, colour: str = "#555555", **where) -> None:
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        marker={"symbol": symbol, "size": 10, "color": colour},
        hoverinfo="skip",
        **where,
    )


def _log_range(values, low_floor: float = 1e8) -> tuple[float, float]:
    finite = [v for v in values if v and not math.isinf(v) and not math.isnan(v)]
    if not finite:
        return low_floor, low_floor * 100
    return max(min(finite) / 2, 1.0), max(finite) * 2


# -- 1. the state's money -----------------------------------------------------------------------------


def state_money_chart(
    china: ClassMoney,
    us: ClassMoney,
    context: pd.DataFrame,
    figures: pd.DataFrame,
    subtitle: str,
    lang: str = EN,
) -> go.Figure:
    """Money into the covered Chinese labs by year and kind of investor, the US labs beside it, and the
    state's AI funds (the AI Index guidance-fund estimate among them) beside that."""
    fig = make_subplots(
        rows=3,
        cols=1,
        row_heights=[0.3, 0.3, 0.4],
        vertical_spacing=0.09,
        subplot_titles=[
            N_("Chinese labs, by kind of investor"),
            N_("US labs, by kind of investor"),
            N_("State AI funds vs the labs"),
        ],
    )
    by_id = figures.set_index("figure_id")
    for row, money in ((1, china), (2, us)):
        _class_bars(fig, money, by_id, row, show_legend=row == 1, lang=lang)
    state_deals = china.joined_by(theses.STATE_CLASSES)
    _context_bars(fig, context, china, state_deals, lang)
    deal_rows = figures[figures["figure_id"].isin([*china.deals["figure_id"], *us.deals["figure_id"]])]
    text = ChartText(
        N_("Who pays the labs: money into Chinese and US labs by kind of investor, and the state's AI funds"),
        subtitle,
        N_("US dollars; a deal joined by several kinds of investor counts in each kind's bar (no sum)"),
        (*ranked_sources(context, lang=lang), *ranked_sources(deal_rows, limit=4, lang=lang)),
        N_(
            "Three panels. Grouped bars by year for the covered Chinese labs, then the US labs: for each "
            "kind of investor (state funds, state-owned companies, private companies, venture and investment "
            "funds, foreign investors, individuals), the money in the deals it took part in, with the year's "
            "counted total as a diamond. Below, on a log scale, the Stanford AI Index 2026 estimate of "
            "Chinese government guidance funds into AI companies, the national AI fund and the state venture "
            "guidance fund, beside the labs' money."
        ),
        lang=lang,
    )
    return frame_figure(fig, text, height=980, bottom=120)


def _class_bars(
    fig: go.Figure, money: ClassMoney, by_id: pd.DataFrame, row: int, show_legend: bool, lang: str = EN
) -> None:
    years = [str(y) for y in money.years["year"]]
    for kind in theses.INVESTOR_CLASSES:
        cells = money.by_class[money.by_class["investor_class"] == kind]
        if cells.empty:
            continue
        fig.add_bar(
            x=cells["year"].astype(str),
            y=cells["joined_usd"],
            name=kind,
            legendgroup=kind,
            showlegend=show_legend,
            marker={"color": CLASS_COLORS[kind]},
            customdata=_class_hover(cells, by_id, lang),
            hovertemplate=HOVER,
            row=row,
            col=1,
        )
    fig.add_scatter(
        x=years,
        y=money.years["total_usd"],
        mode="markers",
        name=N_("All counted money that year"),
        legendgroup="total",
        showlegend=show_legend,
        marker={"symbol": "diamond", "size": 10, "color": "#222222"},
        **_total_hover(money.years["total_usd"], lang),
        row=row,
        col=1,
    )
    top = max([*money.years["total_usd"], *money.by_class["joined_usd"], 1e8])
    usd_axis(
        fig,
        "y",
        0,
        top * 1.1,
        False,
        N_("Chinese labs, US$") if row == 1 else N_("US labs, US$"),
        row=row,
        col=1,
    )
    fig.update_xaxes(type="category", categoryorder="category ascending", row=row, col=1)
    fig.update_layout(barmode="group")


def _total_hover(totals: pd.Series, lang: str) -> dict:
    # d3's "$.3s" writes "$1.2G": in Chinese each year's total is written by fmt, in customdata.
    if lang == EN:
        return {"hovertemplate": "%{x}: all counted money %{y:$.3s}<extra></extra>"}
    return _money_hover(
        totals, tr(lang, "{year}: all counted money {amount}").format(year="%{x}", amount="{amount}"), lang
    )


def _class_hover(cells: pd.DataFrame, by_id: pd.DataFrame, lang: str = EN) -> np.ndarray:
    if lang != EN:
        return _class_hover_in(cells, by_id, lang)
    out = []
    for _, cell in cells.iterrows():
        sources = by_id.reindex(list(cell["figure_ids"]))
        named = ranked_sources(sources.reset_index(), limit=12)
        deals = list(dict.fromkeys(cell["deals"]))
        shown = "; ".join(deals[:MAX_HOVER_DEALS]) + (
            f"; and {len(deals) - MAX_HOVER_DEALS} more" if len(deals) > MAX_HOVER_DEALS else ""
        )
        disclosed = fmt.usd(cell["disclosed_usd"]) if cell["disclosed_usd"] else "no"
        out.append(
            [
                esc(v)
                for v in (
                    f"{cell['year']} · {cell['investor_class']}",
                    f"{cell['investor_class']} in {fmt.count(int(cell['n_deals']), 'deal')}",
                    f"{fmt.usd(cell['joined_usd'])} in the deals it joined (at most); {disclosed} disclosed "
                    f"tickets (at least); {fmt.count(int(cell['n_investors']), 'named investor')}",
                    "; ".join(named) or "—",
                    str(cell["year"]),
                    "counted under the rules in force",
                    f"Deals: {shown}",
                )
            ]
        )
    return np.array(out, dtype=object).reshape(len(out), 7)


def _class_hover_in(cells: pd.DataFrame, by_id: pd.DataFrame, lang: str) -> np.ndarray:
    """_class_hover in `lang`: the deals are named by their recipients and dates (dataset text)."""
    out = []
    for _, cell in cells.iterrows():
        sources = by_id.reindex(list(cell["figure_ids"]))
        named = ranked_sources(sources.reset_index(), limit=12, lang=lang)
        deals = list(dict.fromkeys(cell["deals"]))
        shown = "; ".join(deals[:MAX_HOVER_DEALS]) + (
            tr(lang, "; and {n} more").format(n=len(deals) - MAX_HOVER_DEALS)
            if len(deals) > MAX_HOVER_DEALS
            else ""
        )
        kind = tr(lang, cell["investor_class"])
        out.append(
            [
                esc(v)
                for v in (
                    f"{cell['year']} · {kind}",
                    tr(lang, "{kind} in {deals}").format(
                        kind=kind, deals=fmt.count(int(cell["n_deals"]), "deal", lang)
                    ),
                    tr(
                        lang,
                        "{joined} in the deals it joined (at most); {disclosed} in disclosed tickets (at "
                        "least); {n} named investor(s)",
                    ).format(
                        joined=fmt.usd(cell["joined_usd"], lang=lang),
                        disclosed=fmt.usd(cell["disclosed_usd"] or 0, lang=lang),
                        n=int(cell["n_investors"]),
                    ),
                    "; ".join(named) or "—",
                    i18n.year(int(cell["year"]), lang),
                    tr(lang, "counted under the rules in force"),
                    tr(lang, "Deals: {deals}").format(deals=shown),
                )
            ]
        )
    return np.array(out, dtype=object).reshape(len(out), 7)


def _context_bars(
    fig: go.Figure, context: pd.DataFrame, china: ClassMoney, state_deals: pd.DataFrame, lang: str = EN
) -> None:
    # Horizontal bars with each label written above its bar: long labels fit a phone, none is rotated or cut.
    shown = context.sort_values("amount_usd", ascending=False)
    labels = [_context_label(row, lang) for _, row in shown.iterrows()]
    fig.add_bar(
        y=labels,
        x=shown["amount_usd"],
        orientation="h",
        width=0.45,
        name=N_("State funds for AI (whole economy)"),
        marker={"color": CLASS_COLORS[theses.STATE_FUNDS], "pattern": {"shape": "/"}},
        text=[fmt.usd(v, lang=lang) for v in shown["amount_usd"]],
        textposition="outside",
        customdata=_figure_hover(shown, lang),
        hovertemplate=HOVER,
        row=3,
        col=1,
    )
    years = china.years["year"]
    span = fmt.year_span(int(years.min()), int(years.max())) if len(years) else ""
    all_money = float(china.years["total_usd"].sum()) if len(china.years) else 0.0
    state_money = float(state_deals["amount_usd"].sum())
    own = (
        [
            f"Covered Chinese labs, {span}: all counted money",
            "… in the deals a state fund or company joined",
        ]
        if lang == EN
        else [
            tr(lang, "Covered Chinese labs, {span}: all counted money").format(span=span),
            tr(lang, "… in the deals a state fund or company joined"),
        ]
    )
    fig.add_bar(
        y=own,
        x=[all_money, state_money],
        orientation="h",
        width=0.45,
        name=N_("Covered Chinese labs (this ledger's count)"),
        marker={"color": LAB_MONEY_COLOR},
        text=[fmt.usd(all_money, lang=lang), fmt.usd(state_money, lang=lang)],
        textposition="outside",
        **_own_hover([all_money, state_money], lang),
        row=3,
        col=1,
    )
    for label in [*labels, *own]:
        fig.add_annotation(
            x=0,
            xref="x3 domain",
            y=label,
            yref="y3",
            text=esc(label),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=9,
            font={"size": 11, "color": "#333333"},
            name="row_label",
        )
    low, high = _log_range([*shown["amount_usd"], all_money, state_money])
    usd_axis(fig, "x", low, high * 3, True, N_("US$ (log scale)"), row=3, col=1)
    fig.update_yaxes(showticklabels=False, autorange="reversed", row=3, col=1)


def _own_hover(amounts: list[float], lang: str) -> dict:
    if lang == EN:
        return {"hovertemplate": "%{y}: %{x:$.3s} (counted under the rules in force)<extra></extra>"}
    words = tr(lang, "{label}: {amount} (counted under the rules in force)")
    return _money_hover(amounts, words.format(label="%{y}", amount="{amount}"), lang)


def _money_hover(amounts, words: str, lang: str) -> dict:
    """Hover text whose {amount} is each value as fmt writes it in `lang` (d3's "$.3s" writes "$1.2G")."""
    return {
        "customdata": [fmt.usd(v, lang=lang) for v in amounts],
        "hovertemplate": words.replace("{amount}", "%{customdata}") + "<extra></extra>",
    }


def _context_label(row: pd.Series, lang: str = EN) -> str:
    # Short enough to sit above a bar on a phone; a figure with no label of its own reads "who → whom, year".
    if row["figure_id"] in CONTEXT_LABELS:
        return tr(lang, CONTEXT_LABELS[row["figure_id"]])
    period = str(row["period_start"])[:4]
    return short(f"{row['investor']} → {row['recipient']}, {period}", 48)


def _figure_hover(rows: pd.DataFrame, lang: str = EN) -> np.ndarray:
    out = []
    for _, row in rows.iterrows():
        level = row.get("source_level")
        out.append(
            [
                esc(v)
                for v in (
                    row["figure_id"],
                    f"{row['investor']} → {row['recipient']}",
                    fmt.amount_label(
                        row["amount_usd"],
                        row["amount_low_usd"],
                        row["amount_high_usd"],
                        str(row["amount_kind"]),
                        lang,
                    ),
                    _level_text(row["source_publisher"], level, lang)
                    if pd.notna(level)
                    else row["source_publisher"],
                    _period(row["period_start"], row["period_end"], lang),
                    fmt.status_text(row["status"], row.get("caveat"), lang),
                    row["source_url"] if isinstance(row["source_url"], str) else tr(lang, "no https link"),
                )
            ]
        )
    return np.array(out, dtype=object).reshape(len(out), 7)


def _period(start, end, lang: str) -> str:
    """ "2000 to 2023"; in Chinese "2000年至2023年"."""
    if lang == EN:
        return f"{start}" + (f" to {end}" if isinstance(end, str) else "")
    first = fmt.date_text(start, lang)
    if not isinstance(end, str):
        return first
    return tr(lang, "{start} to {end}").format(start=first, end=fmt.date_text(end, lang))


# -- 2. valuations ------------------------------------------------------------------------------------


def valuations_chart(values: pd.DataFrame, figures: pd.DataFrame, subtitle: str, lang: str = EN) -> go.Figure:
    """Every covered lab's valuations over time on one log scale: Chinese labs in one colour, US labs in
    another, the marker saying what each value is, each lab's name at its latest point."""
    fig = go.Figure()
    # Each lab is named in the legend, not at its last point: labs valued in the same months would write
    # their names over each other and over the markers, above all on a phone.
    for (region, lab), points in values.groupby(["region", "lab"], sort=True):
        colour = palette.region_color(str(region))
        points = points.sort_values("date")
        fig.add_scatter(
            x=points["date"],
            y=points["value_usd"],
            mode="lines+markers",
            name=esc(lab),
            legendgroup=str(region),
            line={"color": colour, "width": 1, "dash": "solid" if region == "China" else "dot"},
            marker={"symbol": _symbols(points), "size": 9, "color": colour, "opacity": _opacity(points)},
            error_y=_error_y(points, colour),
            customdata=point_hover(points, figures, lang),
            hovertemplate=HOVER,
        )
    for region, name in (("China", N_("Chinese labs")), ("United States", N_("US labs"))):
        _legend_marker(fig, name, "circle", palette.region_color(region))
    for basis in theses.BASES:
        if (values["basis"] == basis).any():
            _legend_marker(fig, basis, BASIS_SYMBOLS[basis])
    if values["open_ended"].any():
        _legend_marker(fig, N_("More than (a floor)"), OPEN_ENDED_SYMBOL)
    low, high = _log_range([*values["value_usd"], *values["low_usd"]])
    usd_axis(fig, "y", low, high, True, N_("Valuation, US$ (log scale)"))
    fig.update_xaxes(title=N_("Date of the round or quote"), type="date")
    text = ChartText(
        N_("Chinese and US labs' valuations, round by round and since listing"),
        subtitle,
        UNIT_LOG_PEG,
        ranked_sources(figures[figures["figure_id"].isin(values["figure_id"])], limit=6, lang=lang),
        N_(
            "Scatter on a log scale over time: each covered lab's valuation at each round (filled circle "
            "where the source says post-money), Zhipu's and MiniMax's listing values and market values "
            "since, Chinese labs in one colour and US labs in another."
        ),
        lang=lang,
    )
    return frame_figure(fig, text, height=560)


# -- 3. the listings ----------------------------------------------------------------------------------


def listings_chart(listed: list[Listing], figures: pd.DataFrame, subtitle: str, lang: str = EN) -> go.Figure:
    """One panel per Hong Kong listing: private rounds before, the listing value, market values since, and the
    listing's facts (date, amount raised, cornerstone book, last private round) written in the panel."""
    fig = make_subplots(rows=max(len(listed), 1), cols=1, vertical_spacing=0.1)
    used: list[str] = []
    colour = palette.region_color("China")
    for n, item in enumerate(listed, start=1):
        points = item.values.sort_values("date")
        used += [*points["figure_id"], *item.other_private["figure_id"], str(item.ipo["figure_id"])]
        if item.cornerstone is not None:
            used.append(str(item.cornerstone["figure_id"]))
        fig.add_scatter(
            x=points["date"],
            y=points["value_usd"],
            mode="lines+markers",
            name=f"{_name(item)}: valuations"
            if lang == EN
            else tr(lang, "{lab}: valuations").format(lab=_name(item)),
            showlegend=False,
            line={"color": colour, "width": 1},
            marker={"symbol": _symbols(points), "size": 10, "color": colour, "opacity": _opacity(points)},
            error_y=_error_y(points, colour),
            customdata=point_hover(points, figures, lang),
            hovertemplate=HOVER,
            row=n,
            col=1,
        )
        if item.date is not None:
            fig.add_vline(x=item.date, line_dash="dot", line_color="#555555", row=n, col=1)
        # The facts sit in the panel's lower left, kept free by an axis that reaches two decades below the
        # lowest value; each line wraps to fit a phone.
        axis = "" if n == 1 else str(n)
        listed_on = (
            f"{_name(item)}, listed {_day(item.date)}"
            if lang == EN
            else tr(lang, "{lab}, listed {date}").format(lab=_name(item), date=_day(item.date, lang))
        )
        title = f"<b>{esc(listed_on)}</b>"
        fig.add_annotation(
            x=0.01,
            y=0.01,
            xref=f"x{axis} domain",
            yref=f"y{axis} domain",
            text="<br>".join([title, *(_fact_lines(line, lang) for line in listing_facts(item, lang))]),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            align="left",
            font={"size": 10, "color": "#333333"},
            bgcolor="rgba(255,255,255,0.85)",
            name="listing_facts",
        )
        low, high = _log_range([*points["value_usd"], *points["low_usd"]])
        usd_axis(fig, "y", low / 100, high, True, N_("US$ (log scale)"), row=n, col=1)
        fig.update_xaxes(
            type="date", range=[pd.Timestamp("2023-01-01"), pd.Timestamp("2026-08-01")], row=n, col=1
        )
    for basis in theses.BASES:
        if any((item.values["basis"] == basis).any() for item in listed):
            _legend_marker(fig, basis, BASIS_SYMBOLS[basis], colour, row=1, col=1)
    if any(item.values["open_ended"].any() for item in listed):
        _legend_marker(fig, N_("More than (a floor)"), OPEN_ENDED_SYMBOL, colour, row=1, col=1)
    rows = figures[figures["figure_id"].isin(used)]
    text = ChartText(
        N_("Zhipu's and MiniMax's Hong Kong listings: against the last private round, and since"),
        subtitle,
        UNIT_LOG_PEG,
        ranked_sources(rows, limit=6, lang=lang),
        N_(
            "Two panels, Zhipu and MiniMax, on log scales over time: private-round valuations, the listing "
            "value at the offer price (diamond) and market values since listing (stars; triangles where the "
            "source says 'more than'), with the listing date, the amount raised and the cornerstone book "
            "written in each panel."
        ),
        lang=lang,
    )
    return frame_figure(fig, text, height=460 * max(len(listed), 1) + 80)


def listing_facts(item: Listing, lang: str = EN) -> list[str]:
    """The lines written in a listing's panel, each amount as its source gives it: raised, cornerstone book,
    listing value, last private round (with the listing's multiple of it when both are in US$), latest."""
    if lang != EN:
        return _facts_in(item, lang)
    lines = [f"Raised {_as_stated(item.ipo)}", f"Cornerstone book: {_as_stated(item.cornerstone)}"]
    listing = item.listing_value
    if listing is not None:
        lines.append(f"Listing value at the offer price: {_point_text(listing, item.values_rows)}")
    last, later_other = item.last_private, _later_rounds(item)
    if last is not None:
        ratio = _listing_multiple(item, later_other)
        basis = last["basis"].split(", ")[-1]
        lines.append(
            f"Last private valuation in US$: {fmt.usd(last['value_usd'])} ({last['period_start']}, {basis})"
            + (f"; the listing value is {ratio:.1f}x it" if ratio else "")
        )
    for o in later_other:
        lines.append(
            f"Last private round, post-money: {_as_stated(o)} (prospectus, {str(o['period_start'])[:7]}; "
            "not drawn)"
        )
    latest = item.latest
    if latest is not None:
        lines.append(
            f"Latest market value: {_point_text(latest, item.values_rows)} ({latest['period_start']})"
        )
    return lines


def _later_rounds(item: Listing) -> list[pd.Series]:
    """The private rounds after the last one valued in US$ (a post-money in yuan from a prospectus)."""
    last = item.last_private
    return [
        o
        for _, o in item.other_private.iterrows()
        if last is None or (theses.period_date(o["period_start"]) or last["date"]) > last["date"]
    ]


def _listing_multiple(item: Listing, later_rounds: list[pd.Series]) -> float | None:
    """The listing value over the last private valuation in US$; none when a later round stands between."""
    listing, last = item.listing_value, item.last_private
    if last is None or later_rounds:
        return None
    return theses.multiple(listing["value_usd"] if listing is not None else None, last["value_usd"])


def _facts_in(item: Listing, lang: str) -> list[str]:
    """listing_facts in `lang`; dates at the precision their sources give."""
    lines = [
        tr(lang, "Raised {amount}").format(amount=_as_stated(item.ipo, lang)),
        tr(lang, "Cornerstone book: {amount}").format(amount=_as_stated(item.cornerstone, lang)),
    ]
    listing = item.listing_value
    if listing is not None:
        lines.append(
            tr(lang, "Listing value at the offer price: {amount}").format(
                amount=_point_text(listing, item.values_rows, lang)
            )
        )
    last, later_other = item.last_private, _later_rounds(item)
    if last is not None:
        ratio = _listing_multiple(item, later_other)
        line = tr(lang, "Last private valuation in US$: {amount} ({date}, {basis})").format(
            amount=fmt.usd(last["value_usd"], lang=lang),
            date=fmt.date_text(last["period_start"], lang),
            basis=tr(lang, BASIS_SHORT.get(last["basis"], last["basis"])),
        )
        if ratio:
            line += tr(lang, "; the listing value is {ratio} it").format(ratio=fmt.ratio(ratio, lang))
        lines.append(line)
    for o in later_other:
        lines.append(
            tr(lang, "Last private round, post-money: {amount} (prospectus, {date}; not drawn)").format(
                amount=_as_stated(o, lang), date=fmt.date_text(str(o["period_start"])[:7], lang)
            )
        )
    latest = item.latest
    if latest is not None:
        lines.append(
            tr(lang, "Latest market value: {amount} ({date})").format(
                amount=_point_text(latest, item.values_rows, lang),
                date=fmt.date_text(latest["period_start"], lang),
            )
        )
    return lines


# What a private round's basis reads as in a listing's facts (the part after "Private round, ").
BASIS_SHORT = {
    theses.POST_MONEY: N_("post-money"),
    theses.PRE_MONEY: N_("pre-money"),
    theses.AS_REPORTED: N_("basis not stated"),
}


# Where a line of Chinese may break: after its punctuation, before an opening bracket.
_BREAK_AFTER = "，；：、）"
_BREAK_BEFORE = "（"


def _fact_lines(line: str, lang: str) -> str:
    """A fact line wrapped to fit a phone-wide panel, escaped. Chinese has no spaces: it breaks at its
    punctuation where it can, so an amount ("423.08亿美元") or a word is never cut in two."""
    if lang == EN:
        return wrapped(line, FACT_CHARS)
    chunks, chunk = [], ""
    for char in line:
        if char in _BREAK_BEFORE and chunk:
            chunks.append(chunk)
            chunk = ""
        chunk += char
        if char in _BREAK_AFTER:
            chunks.append(chunk)
            chunk = ""
    chunks += [chunk] if chunk else []
    lines: list[str] = []
    for piece in chunks:
        if lines and _width(lines[-1] + piece) <= FACT_CHARS:
            lines[-1] += piece
        elif _width(piece) <= FACT_CHARS:
            lines.append(piece)
        else:
            lines += wrap(piece, FACT_CHARS)
    return "<br>".join(esc(text) for text in lines)


def _width(text: str) -> int:
    # Half-widths: a Chinese character is about as wide as two Latin ones (base.wrap counts the same way).
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _name(item: Listing) -> str:
    return item.lab.split(" (")[0]


def _as_stated(row: pd.Series | None, lang: str = EN) -> str:
    """An amount as the ledger states it: "$558M (HK$4.35B)", "about $350M", "HK$2.98B", "not found"; in
    Chinese "5.58亿美元（43.5亿港元）"."""
    if lang != EN:
        return _stated_in(row, lang)
    if row is None:
        return "not found"
    qualifier = {"approximate": "about ", "lower_bound": "more than ", "upper_bound": "up to "}.get(
        str(row["amount_kind"]), ""
    )
    own = (
        original_text(row["amount_original"], row["currency_original"])
        if pd.notna(row["amount_original"])
        else ""
    )
    if pd.notna(row["amount_usd"]):
        return qualifier + fmt.usd(row["amount_usd"]) + (f" ({own})" if own else "")
    return qualifier + own if own else "undisclosed"


def _stated_in(row: pd.Series | None, lang: str) -> str:
    if row is None:
        return tr(lang, "not found")
    own = (
        original_text(row["amount_original"], row["currency_original"], lang)
        if pd.notna(row["amount_original"])
        else ""
    )
    if pd.notna(row["amount_usd"]):
        usd = fmt.usd(row["amount_usd"], lang=lang) + (f"（{own}）" if own else "")
        return _qualified(row["amount_kind"], usd, lang)
    return _qualified(row["amount_kind"], own, lang) if own else tr(lang, "undisclosed")


def _point_text(point: pd.Series, rows: pd.DataFrame, lang: str = EN) -> str:
    """A drawn value in words: "$326.4B", "more than $128B", or the source's own amount with fundgap's
    conversion, "more than HK$3T (more than $384.6B at the HK$ peg)"."""
    if lang != EN:
        return _point_in(point, rows, lang)
    lead = "more than " if point["open_ended"] else "about "
    if not point["converted"]:
        return ("more than " if point["open_ended"] else "") + fmt.usd(point["value_usd"])
    row = rows[rows["figure_id"] == point["figure_id"]]
    own = _as_stated(row.iloc[0]) if len(row) else ""
    return f"{own} ({lead}{fmt.usd(point['value_usd'])} at the HK$ peg)"


def _point_in(point: pd.Series, rows: pd.DataFrame, lang: str) -> str:
    value = fmt.usd(point["value_usd"], lang=lang)
    if not point["converted"]:
        return tr(lang, "more than {amount}").format(amount=value) if point["open_ended"] else value
    row = rows[rows["figure_id"] == point["figure_id"]]
    own = _stated_in(row.iloc[0], lang) if len(row) else ""
    lead = (tr(lang, "more than {amount}") if point["open_ended"] else tr(lang, "about {amount}")).format(
        amount=value
    )
    return tr(lang, "{own} ({lead} at the HK$ peg)").format(own=own, lead=lead)


def _day(date, lang: str = EN) -> str:
    if lang != EN:
        return i18n.day(date.date(), lang) if date is not None else tr(lang, "date unknown")
    return date.strftime("%-d %b %Y") if date is not None else "date unknown"


# -- 4. Alibaba's market value ------------------------------------------------------------------------


def alibaba_chart(
    values: pd.DataFrame, claim: pd.Series, figures: pd.DataFrame, subtitle: str, lang: str = EN
) -> go.Figure:
    """Alibaba's market value at dated points against the seed's "$300 billion" and its honest range."""
    fig = go.Figure()
    colour = palette.region_color("China")
    points = values.sort_values("date")
    if len(points):
        fig.add_scatter(
            x=points["date"],
            y=points["value_usd"],
            mode="lines+markers",
            name=N_("Market value on the date given"),
            line={"color": colour, "width": 1},
            marker={"symbol": _symbols(points), "size": 11, "color": colour, "opacity": _opacity(points)},
            error_y=_error_y(points, colour),
            # No value written at each point: values a month apart wrote over each other on a phone. Each is
            # in the hover, and the claim's verdict above the chart lists them with their dates.
            customdata=point_hover(points, figures, lang),
            hovertemplate=HOVER,
        )
    claimed, low, high = (claim.get(c) for c in ("claimed_amount_usd", "claimed_low_usd", "claimed_high_usd"))
    if pd.notna(claimed):
        fig.add_hrect(y0=low, y1=high, fillcolor=palette.color(1), opacity=0.15, line_width=0)
        fig.add_hline(y=claimed, line_dash="dot", line_color=palette.color(5))
        _legend_marker(
            fig,
            f"Seed: {fmt.usd(claimed, lang=lang)} (UNVERIFIED; band {fmt.usd_range(low, high)})"
            if lang == EN
            else tr(lang, "Seed: {amount} (UNVERIFIED; band {band})").format(
                amount=fmt.usd(claimed, lang=lang), band=fmt.usd_range(low, high, lang)
            ),
            "line-ew-open",
            palette.color(5),
        )
    seed = figures[figures["figure_id"] == claim.get("seed_figure_id")]
    start = theses.period_date(seed["period_start"].iloc[0]) if len(seed) else None
    if start is not None and len(str(seed["period_start"].iloc[0])) == 7:
        # The seed dates its figure to a month at best: shade that month rather than pretend to a day.
        fig.add_vrect(
            x0=start, x1=start + pd.offsets.MonthEnd(1), fillcolor="#999999", opacity=0.2, line_width=0
        )
        fig.add_annotation(
            x=start,
            y=1,
            yref="paper",
            text=N_("seed's date"),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 10, "color": "#555555"},
            name="seed_date",
        )
    if points["open_ended"].any():
        _legend_marker(fig, N_("More than (a floor)"), OPEN_ENDED_SYMBOL, colour)
    if len(points) > 1:
        # A margin before the first point and after the last, so their labels stay clear of the tick labels.
        span = points["date"].max() - points["date"].min()
        fig.update_xaxes(range=[points["date"].min() - span * 0.3, points["date"].max() + span * 0.3])
    top = max([*points["value_usd"], high if pd.notna(high) else 0, 1e9])
    usd_axis(fig, "y", 0, top * 1.2, False, N_("Market value, US$"))
    dates = [*points["date"], *([start + pd.offsets.MonthEnd(1)] if start is not None else [])]
    if dates:
        # A month's margin each side, so the first and last labels are not cut at the plot's edge.
        fig.update_xaxes(range=[min(dates) - pd.Timedelta(days=30), max(dates) + pd.Timedelta(days=30)])
    fig.update_xaxes(title=N_("Date"), type="date")
    text = ChartText(
        N_("Alibaba's market value at dated points vs the seed's \"$300 billion\""),
        subtitle,
        UNIT_PEG,
        (
            *ranked_sources(figures[figures["figure_id"].isin(points["figure_id"])], lang=lang),
            _seed_source(claim, lang),
        ),
        N_(
            "Dots over time: Alibaba's market value on each date a source gives, against a dotted line at "
            "the seed's $300 billion and a shaded band for its honest range."
        ),
        lang=lang,
    )
    return frame_figure(fig, text, height=460)


def _seed_source(claim: pd.Series, lang: str = EN) -> str:
    level = {"primary": 1, "wire": 2, "wire_copy": 3}.get(str(claim.get("source_grade")), 4)
    if lang != EN:
        return tr(lang, "level {level} · {publisher} (the seed claim)").format(
            level=level, publisher=claim.get("source_publisher") or tr(lang, "seed article")
        )
    return f"level {level} · {claim.get('source_publisher') or 'seed article'} (the seed claim)"

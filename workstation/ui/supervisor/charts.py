"""Shift figures as Qt Charts: contacts per hour against the same weekday, waits, outcomes."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from workstation.sessions.stats import HOURS, WAIT_BIN_EDGES, DayFigures, percentile
from workstation.ui.labels import format_duration

TODAY_COLOUR = QColor("#3b73b9")
COMPARE_COLOUR = QColor("#e07b39")
ANSWERED_COLOUR = QColor("#4c9a5b")
ABANDONED_COLOUR = QColor("#c94c4c")
WAITING_COLOUR = QColor("#d9a300")


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _value_axis(top: float) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(1.0, top))
    axis.setLabelFormat("%d")
    axis.applyNiceNumbers()
    return axis


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view


def wait_bin_labels() -> list[str]:
    """Short labels for the histogram's bins: "0–30 s", "30–60 s", "1–2 min", …, "≥ 10 min"."""
    labels = [f"0–{WAIT_BIN_EDGES[0]} s"]  # not "<": axis labels are rich text
    for low, high in zip(WAIT_BIN_EDGES, WAIT_BIN_EDGES[1:], strict=False):
        labels.append(f"{low}–{high} s" if high <= 60 else f"{low // 60}–{high // 60} min")
    labels.append(f"≥ {WAIT_BIN_EDGES[-1] // 60} min")
    return labels


class ChartsPanel(QWidget):
    """Three charts and a line of waiting-time percentiles, redrawn by :meth:`show_figures`.

    Attributes:
        hourly, waits, outcomes: the three chart views.
        percentiles_label: "Waiting time: median …, 90 % …, 99 % …".
        figures: what is shown now.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: DayFigures | None = None
        self.hourly = _view(_chart(self.tr("Contacts per hour today")))
        self.waits = _view(_chart(self.tr("Waiting times today")))
        self.outcomes = _view(_chart(self.tr("Answered and abandoned today")))
        self.percentiles_label = QLabel(self)
        self.percentiles_label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QGridLayout(self)
        layout.addWidget(self.hourly, 0, 0, 1, 2)
        layout.addWidget(self.waits, 1, 0)
        layout.addWidget(self.outcomes, 1, 1)
        layout.addWidget(self.percentiles_label, 2, 0, 1, 2)
        layout.setRowStretch(0, 3)
        layout.setRowStretch(1, 2)

    def show_figures(self, figures: DayFigures) -> None:
        self.figures = figures
        self._draw_hourly(figures)
        self._draw_waits(figures)
        self._draw_outcomes(figures)
        self.percentiles_label.setText(self.percentile_text(figures))

    def percentile_text(self, figures: DayFigures) -> str:
        def shown(p: int) -> str:
            value = percentile(figures.waits, p)
            return "–" if value is None else format_duration(value)

        return (
            self.tr("Waiting time today: median %1, 90 % within %2, 99 % within %3")
            .replace("%1", shown(50))
            .replace("%2", shown(90))
            .replace("%3", shown(99))
        )

    def _reset(self, view: QChartView) -> QChart:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _draw_hourly(self, figures: DayFigures) -> None:
        chart = self._reset(self.hourly)
        today = QBarSet(self.tr("Today"))
        today.setColor(TODAY_COLOUR)
        today.append([float(n) for n in figures.per_hour])
        bars = QBarSeries()
        bars.append(today)
        compare = QLineSeries()
        compare.setName(self.tr("Same weekday, average of the last 4 weeks"))
        compare.setPen(QPen(COMPARE_COLOUR, 2.5))
        for hour, value in enumerate(figures.compare):
            compare.append(hour, value)
        chart.addSeries(bars)
        chart.addSeries(compare)
        hours = QBarCategoryAxis()
        hours.append([f"{h:02d}" for h in range(HOURS)])
        counts = _value_axis(max([*figures.per_hour, *figures.compare, 1]))
        chart.addAxis(hours, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, compare):
            series.attachAxis(hours)
            series.attachAxis(counts)

    def _draw_waits(self, figures: DayFigures) -> None:
        chart = self._reset(self.waits)
        contacts = QBarSet(self.tr("Contacts"))
        contacts.setColor(TODAY_COLOUR)
        histogram = figures.wait_histogram
        contacts.append([float(n) for n in histogram])
        series = QBarSeries()
        series.append(contacts)
        chart.addSeries(series)
        bins = QBarCategoryAxis()
        bins.append(wait_bin_labels())
        counts = _value_axis(max(histogram, default=1))
        chart.addAxis(bins, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(bins)
        series.attachAxis(counts)
        chart.legend().hide()

    def _draw_outcomes(self, figures: DayFigures) -> None:
        chart = self._reset(self.outcomes)
        result = figures.outcomes
        series = QBarSeries()
        for name, value, colour in (
            (self.tr("Answered"), result.answered, ANSWERED_COLOUR),
            (self.tr("Abandoned in the queue"), result.abandoned, ABANDONED_COLOUR),
            (self.tr("Waiting now"), result.waiting, WAITING_COLOUR),
        ):
            bar = QBarSet(f"{name}: {value}")
            bar.setColor(colour)
            bar.append(float(value))
            series.append(bar)
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        share = QLocale().toString(result.abandoned_share * 100, "f", 1)
        axis.append([""])
        chart.setTitle(
            self.tr("Answered and abandoned today")
            + " — "
            + self.tr("%1 contacts, %2 % abandoned")
            .replace("%1", str(result.total))
            .replace("%2", share)
        )
        counts = _value_axis(max(result.answered, result.abandoned, result.waiting, 1))
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        series.attachAxis(counts)

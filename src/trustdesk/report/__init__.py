"""The audit report: one self-contained HTML file and a JSON twin, from one analytics result."""

from trustdesk.report.write import ReportFiles, write_report

__all__ = ["ReportFiles", "write_report"]

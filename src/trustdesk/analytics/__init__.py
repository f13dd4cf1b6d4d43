"""Analytics across many audited conversations: the figures of the audit report.

`analytics.result.analyse(AuditOutput(folder))` reads an audit's output folder in one
streaming pass and returns one `Analytics` result; the HTML and JSON reports are both
rendered from it. numpy and scipy are imported only when figures are computed.
"""

"""Renderers for people: Markdown, a self-contained HTML page per article and a
batch report. Each renderer takes ``(summary, article_text)`` and returns text."""

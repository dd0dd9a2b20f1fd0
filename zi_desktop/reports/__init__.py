"""Reports: what every report shows, computed once (the score summary rows, the condition lines)
and rendered by the CLI table, the workbook's summary sheet, ringkasan.html and the dashboard; and
the printed reports (lhe.py: the LHE and the self-assessment, as A4 PDF through pdf.py, no Qt)."""
